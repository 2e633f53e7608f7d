//! `claims ...`: the read-only commands (list, show, pack) and the dispatch of those that write,
//! one file each as the lifecycle groups them (review: submit and review; request; correct;
//! relocate: move and detach; comment); create and import here, with the register they share.

use std::path::Path;
use std::str::FromStr;

use anyhow::{Context, Result, bail};

use super::files::after_claims_changed;
use super::session::Session;
use super::{now, registered};
use crate::cli::{ClaimsCommand, CreateArgs};
use crate::domain::Status;
use crate::sink::reports::ClaimRow;
use crate::sink::store::Opening;
use crate::sink::store::{ImportSummary, RequestStatus};
use crate::stage::register::{self, RawClaim};
use crate::workspace::Workspace;
use crate::{said, text};

mod comment;
mod correct;
mod relocate;
mod request;
mod review;

/// The read-only `claims` commands, straight from the store.
pub fn read(workspace: &Workspace, command: ClaimsCommand) -> Result<()> {
    match command {
        ClaimsCommand::List { status, json } => list(workspace, status, json),
        ClaimsCommand::Show { id, json } => show(workspace, &id, json),
        ClaimsCommand::Pack { id, out } => pack(workspace, &id, out),
        other => bail!(said!("error-internal", what = format!("{other:?}"))),
    }
}

/// The `claims` commands that write: the same function in place and in the daemon.
pub(super) fn write(session: &mut Session, command: ClaimsCommand) -> Result<()> {
    match command {
        ClaimsCommand::Import { file } => {
            let summary = import(session, &file)?;
            writeln!(
                session.out,
                "{}",
                text!(
                    "said-imported",
                    file = file.display().to_string(),
                    created = summary.created,
                    updated = summary.updated,
                    unchanged = summary.unchanged
                )
            )?;
            Ok(())
        }
        ClaimsCommand::Create(args) => create(session, args),
        ClaimsCommand::Submit { id, comment, force } => review::submit(session, id, comment, force),
        ClaimsCommand::Review {
            id,
            status,
            funds_approved,
            comment,
        } => review::review(session, id, status, funds_approved, comment),
        ClaimsCommand::Comment { id, text, document } => {
            comment::comment(session, id, text, document)
        }
        ClaimsCommand::Request {
            id,
            kind,
            from,
            note,
            due,
        } => request::request(session, id, kind, from, note, due),
        ClaimsCommand::RequestCancel {
            request_id,
            comment,
        } => request::cancel(session, request_id, comment),
        ClaimsCommand::Correct {
            sha256,
            amount,
            currency,
            document_date,
            invoice_number,
            vendor,
            comment,
        } => correct::correct(
            session,
            sha256,
            amount,
            currency,
            document_date,
            invoice_number,
            vendor,
            comment,
        ),
        ClaimsCommand::Move {
            sha256,
            to,
            comment,
        } => relocate::move_to(session, sha256, to, comment),
        ClaimsCommand::Detach { sha256, comment } => relocate::detach(session, sha256, comment),
        other => bail!(said!("error-internal", what = format!("{other:?}"))),
    }
}

/// Imports a register as its owner would by dropping it: all rows or none. Its bytes are the
/// ones the caller read (see `socket::Request::register`), else the file's.
fn import(session: &mut Session, file: &Path) -> Result<ImportSummary> {
    let actor = session.require_admin("claims import")?;
    let rules = session.workspace.register_rules();
    let rows = match session.register.take() {
        Some(bytes) => register::read_bytes(bytes, &rules),
        None => register::read(&session.resolve(file), &rules),
    }
    .with_context(|| text!("error-import-refused", file = file.display().to_string()))?;
    let source = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let summary = session
        .store
        .import_register(&rows, &source, &actor, now()?)
        .with_context(|| text!("error-import-refused", file = file.display().to_string()))?;
    after_claims_changed(session, true)?;
    Ok(summary)
}

fn create(session: &mut Session, args: CreateArgs) -> Result<()> {
    let actor = session.require_admin("claims create")?;
    let raw = RawClaim {
        claim_id: args.id,
        program: args.program,
        activity: args.activity,
        location: args.location,
        usage_start: args.usage_start,
        usage_end: args.usage_end,
        currency: args.currency,
        funds_total: args.funds_total,
        references: args.references.join(";"),
        ..RawClaim::default()
    };
    let claim = register::validate(&raw, &session.workspace.register_rules())
        .map_err(|e| said!("error-not-created", why = e))?;
    session.store.create_claim(&claim, &actor, now()?)?;
    writeln!(
        session.out,
        "{}",
        text!("said-created", claim = &claim.claim_id)
    )?;
    after_claims_changed(session, true)
}

/// The one attached document a typed SHA-256 (or its start) names.
fn one_document(session: &Session, typed: &str) -> Result<String> {
    let typed = typed.trim().to_ascii_lowercase();
    if typed.len() < 8 || !typed.chars().all(|c| c.is_ascii_hexdigit()) {
        bail!(said!("error-not-sha", typed = &typed));
    }
    let found = session.store.documents_by_sha(&typed)?;
    match found.as_slice() {
        [(sha, _)] => Ok(sha.clone()),
        [] => bail!(said!("error-no-sha", typed = &typed)),
        several => bail!(said!(
            "error-several-sha",
            count = several.len(),
            typed = &typed
        )),
    }
}

fn list(workspace: &Workspace, status: Option<String>, json: bool) -> Result<()> {
    let status = status
        .map(|s| Status::from_str(&s).map_err(|e| said!("error-flag", flag = "--status", why = e)))
        .transpose()?;
    let store = workspace.reader()?;
    let rows =
        crate::sink::reports::claim_rows(&store, status, workspace.settings.rules.deadline_days)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!(
        "{:<12} {:<14} {:<3} {:>12} {:>12} {:<10} {:>4}  findings",
        "claim_id", "status", "cur", "funds_total", "claimed", "deadline", "docs"
    );
    for row in &rows {
        println!(
            "{:<12} {:<14} {:<3} {:>12} {:>12} {:<10} {:>4}  {}",
            row.claim_id,
            row.status,
            row.currency,
            row.funds_total,
            row.funds_claimed,
            row.deadline,
            row.invoices + row.csrs + row.proofs + row.metrics,
            if row.findings.is_empty() {
                "-".to_string()
            } else {
                row.findings.join(";")
            }
        );
    }
    println!("{}", text!("said-claims", count = rows.len()));
    Ok(())
}

/// `claims pack`: read-only, so it runs beside a daemon, from one moment of the store.
fn pack(workspace: &Workspace, id: &str, out: Option<std::path::PathBuf>) -> Result<()> {
    let store = workspace.reader()?;
    let id = registered(&store, id)?;
    if store.claim(&id)?.is_none() {
        bail!(said!("claim-missing", claim = &id));
    }
    let out =
        out.unwrap_or_else(|| format!("{}.zip", crate::sink::archive::safe_component(&id)).into());
    // A pack written into the inbox would be taken for a drop and filed in quarantine.
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = std::fs::canonicalize(folder.unwrap_or(Path::new(".")))
        .with_context(|| text!("error-cannot-write", path = out.display().to_string()))?;
    if let Ok(inbox) = std::fs::canonicalize(workspace.inbox())
        && folder.starts_with(&inbox)
    {
        bail!(said!(
            "error-pack-in-inbox",
            file = out.display().to_string()
        ));
    }
    let packed = crate::sink::pack::write(
        &store,
        &workspace.root,
        crate::sink::reports::Style::of(&workspace.settings),
        &id,
        &out,
        now()?,
    )
    .with_context(|| text!("error-pack", claim = &id))?;
    println!(
        "{}",
        text!(
            "said-packed",
            file = out.display().to_string(),
            documents = packed.documents,
            bytes = packed.bytes
        )
    );
    Ok(())
}

fn show(workspace: &Workspace, id: &str, json: bool) -> Result<()> {
    let store = workspace.reader()?;
    let id = registered(&store, id)?;
    let id = id.as_str();
    let row = crate::sink::reports::claim_row(&store, id, workspace.settings.rules.deadline_days)?
        .ok_or_else(|| said!("claim-missing", claim = id))?;
    let documents = store.documents_of(id)?;
    let findings = store.findings_of(id)?;
    let history = store.history(Some(id))?;
    let requests = store.requests(Some(id))?;
    if json {
        let mut object = serde_json::to_value(&row)?;
        if let Some(map) = object.as_object_mut() {
            map.insert("documents".into(), serde_json::to_value(&documents)?);
            map.insert("findings".into(), serde_json::to_value(&findings)?);
            map.insert("history".into(), serde_json::to_value(&history)?);
            map.insert("requests".into(), serde_json::to_value(&requests)?);
        }
        println!("{}", serde_json::to_string_pretty(&object)?);
        return Ok(());
    }
    print_claim(&row);
    println!("documents ({}):", documents.len());
    for d in &documents {
        println!(
            "  {:<8} {}  {} {}  {}",
            d.kind,
            d.original_name,
            d.amount.as_deref().unwrap_or("-"),
            d.currency.as_deref().unwrap_or(""),
            d.archive_path
        );
    }
    let open: Vec<_> = requests
        .iter()
        .filter(|r| r.status == RequestStatus::Open)
        .collect();
    println!("open requests ({}):", open.len());
    for r in open {
        println!(
            "  {:>4}  {:<8} from {}, asked by {} {}{}{}",
            r.request_id,
            r.kind,
            r.requested_from,
            r.requested_by,
            r.requested_at,
            r.due
                .as_deref()
                .map(|d| format!(", due {d}"))
                .unwrap_or_default(),
            r.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        );
    }
    println!("findings ({}):", findings.len());
    for f in &findings {
        println!("  {}  {}", f.code, f.details);
    }
    println!("history ({}):", history.len());
    // Columns as wide as their longest entry: a long action name or user name never runs
    // into the details.
    let width = |of: &dyn Fn(&crate::sink::store::HistoryEntry) -> usize| {
        history.iter().map(of).max().unwrap_or(0)
    };
    let actor = width(&|h| h.actor.chars().count());
    let action = width(&|h| h.action.as_str().len());
    for h in &history {
        println!(
            "  {}  {:<actor$}  {:<action$}  {}",
            h.at, h.actor, h.action, h.details
        );
    }
    Ok(())
}

fn print_claim(row: &ClaimRow) {
    println!("{}  {}", row.claim_id, row.status);
    println!("  program     {}", row.program);
    println!("  activity    {}", row.activity);
    println!("  location    {}", row.location);
    println!("  usage       {} .. {}", row.usage_start, row.usage_end);
    println!("  deadline    {}", row.deadline);
    println!(
        "  funds       total {} {cur}, claimed {} {cur}, approved {}",
        row.funds_total,
        row.funds_claimed,
        row.funds_approved
            .as_ref()
            .map(|a| format!("{a} {}", row.currency))
            .unwrap_or_else(|| "-".into()),
        cur = row.currency,
    );
    println!(
        "  references  {}",
        if row.references.is_empty() {
            "-".to_string()
        } else {
            row.references.join("; ")
        }
    );
}
