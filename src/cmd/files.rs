//! `run`, `retry` and `report`: the one-shot commands over the inbox and the reports.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::session::Session;
use crate::pipeline::{Pipeline, Summary};
use crate::sink::store::Opening;
use crate::workspace::Workspace;

pub fn run(workspace: &Workspace) -> Result<()> {
    crate::pipeline::ocr_ask(&workspace.settings)?;
    let (lock, mut store) = workspace.writer()?;
    workspace.sweep(&lock);
    // Beside daemons sharing the store, files are leased as theirs are (SPEC §7).
    let _keeper = crate::sink::store::Keeper::start(workspace);
    let bar = progress_bar();
    // Notifications go out while the files are filed, from their own thread, as in `watch`.
    let notifier = crate::sink::notify::Sender::start(
        workspace,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        Box::new(|_| {}),
    );
    let summary = {
        let nudges = notifier.nudger();
        let progress_bar = bar.clone();
        let mut pipeline = Pipeline::new(workspace).with_progress(move |done, total| {
            nudges.look();
            if let Some(bar) = &progress_bar {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        });
        pipeline.run_once(&mut store)
    };
    // What is left is tried once more; what still fails waits for the next run.
    notifier.finish();
    let summary = summary?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    crate::sink::notify::write_report(workspace, &store);
    finish(&mut std::io::stdout().lock(), workspace, &summary)
}

/// `retry [PATH]...`: parked files back through the pipeline, paths as the caller sees them.
pub(super) fn retry(session: &mut Session, paths: &[PathBuf], claim: Option<&str>) -> Result<()> {
    // Filing a file onto a claim a person names is a correction: an admin's.
    let claim = match claim {
        Some(typed) => {
            session.require_admin("retry --claim")?;
            let registered = session.store.registered_id(typed.trim())?;
            Some(registered.ok_or_else(|| crate::said!("claim-missing", claim = typed))?)
        }
        None => None,
    };
    session.workspace.sweep(session.lock);
    let paths: Vec<PathBuf> = paths.iter().map(|p| session.resolve(p)).collect();
    let mut pipeline = Pipeline::new(session.workspace);
    let summary = pipeline.retry(session.store, &paths, claim.as_deref())?;
    if claim.is_some() && summary.processed() == 0 {
        bail!(crate::said!("error-none-parked"));
    }
    pipeline.refresh(session.store)?;
    finish(session.out, session.workspace, &summary)
}

pub fn report(workspace: &Workspace, out: Option<PathBuf>) -> Result<()> {
    let store = workspace.reader()?;
    let dir = out.unwrap_or_else(|| workspace.reports());
    crate::sink::reports::write_all(
        &store,
        &dir,
        crate::sink::reports::Style::of(&workspace.settings),
    )?;
    println!(
        "{}",
        crate::text!("said-reports", folder = dir.display().to_string())
    );
    Ok(())
}

/// After claims changed: retries parked files if asked (a claim created, imported or
/// reopened), then rechecks the claims and rewrites the reports.
pub(super) fn after_claims_changed(session: &mut Session, retry_parked: bool) -> Result<()> {
    let mut pipeline = Pipeline::new(session.workspace);
    let changed = Summary {
        claims_changed: retry_parked,
        ..Summary::default()
    };
    let summary = pipeline.after_claims_changed(session.store, changed)?;
    if summary.attached > 0 {
        writeln!(
            session.out,
            "{}",
            crate::text!("said-parked-attached", count = summary.attached)
        )?;
    }
    pipeline.refresh(session.store)?;
    Ok(())
}

fn finish(out: &mut dyn Write, workspace: &Workspace, summary: &Summary) -> Result<()> {
    // The summary line is SPEC §4's, read by scripts: English, as the codes are.
    writeln!(out, "{}", summary.line())?;
    if let Some(details) = summary.details() {
        writeln!(out, "  {details}")?;
    }
    summary.log();
    if summary.failed > 0 {
        bail!(crate::said!(
            "error-not-filed",
            count = summary.failed,
            workspace = display(&workspace.root)
        ));
    }
    Ok(())
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn progress_bar() -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {per_sec}") {
        bar.set_style(style);
    }
    Some(bar)
}
