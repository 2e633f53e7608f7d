//! `run`, `retry` and `report`: the one-shot commands over the inbox and the reports.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{Pipeline, Summary};
use crate::sink::store::Store;
use crate::workspace::Workspace;

pub fn run(workspace: &Workspace) -> Result<()> {
    let (lock, mut store) = workspace.writer()?;
    workspace.sweep(&lock);
    let bar = progress_bar();
    let summary = {
        let mut pipeline = Pipeline::new(workspace);
        if let Some(bar) = &bar {
            let bar = bar.clone();
            pipeline = pipeline.with_progress(move |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            });
        }
        pipeline.run_once(&mut store)?
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    finish(workspace, &summary)
}

pub fn retry(workspace: &Workspace, paths: &[PathBuf]) -> Result<()> {
    let (lock, mut store) = workspace.writer()?;
    workspace.sweep(&lock);
    let mut pipeline = Pipeline::new(workspace);
    let summary = pipeline.retry(&mut store, paths)?;
    pipeline.refresh(&mut store)?;
    finish(workspace, &summary)
}

pub fn report(workspace: &Workspace, out: Option<PathBuf>) -> Result<()> {
    let store = workspace.reader()?;
    let dir = out.unwrap_or_else(|| workspace.reports());
    let settings = &workspace.settings;
    crate::sink::reports::write_all(
        &store,
        &dir,
        crate::sink::reports::Style {
            delimiter: settings.delimiter().unwrap_or(b','),
            bom: settings.reports.bom,
            deadline_days: settings.rules.deadline_days,
        },
    )?;
    println!("reports written to {}", dir.display());
    Ok(())
}

/// After a command changed claims: reports catch up, and when claims were created, updated or
/// reopened (`retry_parked`), parked files get another chance.
pub fn after_claims_changed(
    workspace: &Workspace,
    store: &mut Store,
    retry_parked: bool,
) -> Result<()> {
    let mut pipeline = Pipeline::new(workspace);
    let summary = if retry_parked {
        pipeline.retry(store, &[])?
    } else {
        Summary::default()
    };
    if summary.attached > 0 {
        println!(
            "{} parked file{} attached",
            summary.attached,
            if summary.attached == 1 { "" } else { "s" }
        );
    }
    pipeline.refresh(store)?;
    Ok(())
}

fn finish(workspace: &Workspace, summary: &Summary) -> Result<()> {
    println!("{}", summary.line());
    if summary.failed > 0 {
        let (files, stay) = if summary.failed == 1 {
            ("1 file", "stays where it is")
        } else {
            (&*format!("{} files", summary.failed), "stay where they are")
        };
        bail!(
            "{files} could not be filed and {stay} (see the log above); {} is otherwise up to date",
            display(&workspace.root)
        );
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
