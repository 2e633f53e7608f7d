//! `claims ...`: create, import, list, show, submit, review, comment.

use std::path::Path;
use std::str::FromStr;

use anyhow::{Context, Result, anyhow, bail};
use rust_decimal::Decimal;

use super::files::after_claims_changed;
use super::session::Session;
use super::{now, registered};
use crate::cli::{ClaimsCommand, CreateArgs};
use crate::domain::{FindingCode, Status};
use crate::sink::store::{ClaimRow, ImportSummary, StatusChange};
use crate::stage::register::{self, RawClaim};
use crate::workspace::Workspace;

/// The read-only `claims` commands, straight from the store.
pub fn read(workspace: &Workspace, command: ClaimsCommand) -> Result<()> {
    match command {
        ClaimsCommand::List { status, json } => list(workspace, status, json),
        ClaimsCommand::Show { id, json } => show(workspace, &id, json),
        other => bail!("not a read-only command: {other:?}"),
    }
}

/// The `claims` commands that write: the same function in place and in the daemon.
pub(super) fn write(session: &mut Session, command: ClaimsCommand) -> Result<()> {
    match command {
        ClaimsCommand::Import { file } => {
            let summary = import(session, &file)?;
            writeln!(
                session.out,
                "Imported {}: {} created, {} updated, {} unchanged",
                file.display(),
                summary.created,
                summary.updated,
                summary.unchanged
            )?;
            Ok(())
        }
        ClaimsCommand::Create(args) => create(session, args),
        ClaimsCommand::Submit { id, comment, force } => {
            let actor = session.require_admin("claims submit")?;
            let id = registered(session.store, &id)?;
            let current = session
                .store
                .claim(&id)?
                .ok_or_else(|| anyhow!("claim {id} does not exist"))?;
            if !matches!(current.status, Status::Editing | Status::InfoRequested) {
                bail!(
                    "claim {id}: status is {}; only an editing or info_requested claim can be submitted",
                    current.status
                );
            }
            // The findings as the claim is now, not as the last pass left them.
            crate::pipeline::Pipeline::new(session.workspace).check_claims(session.store)?;
            let refusing: Vec<(FindingCode, String)> = session
                .store
                .findings_of(&id)?
                .into_iter()
                .filter_map(|f| FindingCode::parse(&f.code).map(|code| (code, f.details)))
                .filter(|(code, _)| code.refuses_submit())
                .collect();
            if !refusing.is_empty() && !force {
                let said: Vec<String> = refusing
                    .iter()
                    .map(|(code, details)| {
                        format!("{} ({}: {details})", code.in_words(), code.as_str())
                    })
                    .collect();
                bail!(
                    "claim {id} is not submitted: {}. Fix them, or submit anyway with --force (recorded in the history)",
                    said.join("; ")
                );
            }
            let note = if refusing.is_empty() {
                String::new()
            } else {
                let codes: Vec<&str> = refusing.iter().map(|(code, _)| code.as_str()).collect();
                format!("forced over {}", codes.join(", "))
            };
            let change = StatusChange {
                to: Status::Submitted,
                funds_approved: None,
                comment: comment.as_deref(),
                note: &note,
            };
            decide(session, &id, &change, &actor)?;
            after_claims_changed(session, false)
        }
        ClaimsCommand::Review {
            id,
            status,
            funds_approved,
            comment,
        } => {
            let actor = session.require_admin("claims review")?;
            let id = registered(session.store, &id)?;
            let to = Status::from_str(&status).map_err(|e| anyhow!("--status: {e}"))?;
            let funds_approved = funds_approved
                .map(|n| parse_funds("--funds-approved", &n))
                .transpose()?;
            review_guards(session, &id, to, funds_approved, comment.as_deref())?;
            let change = StatusChange {
                to,
                funds_approved,
                comment: comment.as_deref(),
                note: "",
            };
            decide(session, &id, &change, &actor)?;
            after_claims_changed(session, to == Status::InfoRequested)
        }
        ClaimsCommand::Comment { id, text, document } => {
            if text.trim().is_empty() {
                bail!("the comment is empty");
            }
            let document = document.map(|d| d.trim().to_ascii_lowercase());
            let id = registered(session.store, &id)?;
            let actor = session.caller.clone();
            session
                .store
                .add_comment(&id, &text, document.as_deref(), &actor, now()?)?;
            writeln!(session.out, "Comment added to {id}")?;
            after_claims_changed(session, false)
        }
        other => bail!("not a writing command: {other:?}"),
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
    .with_context(|| format!("{}: refused, nothing imported", file.display()))?;
    let source = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let summary = session
        .store
        .import_register(&rows, &source, &actor, now()?)
        .with_context(|| format!("{}: refused, nothing imported", file.display()))?;
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
        .map_err(|e| anyhow!("claim not created: {e}"))?;
    session.store.create_claim(&claim, &actor, now()?)?;
    writeln!(session.out, "Created claim {} (editing)", claim.claim_id)?;
    after_claims_changed(session, true)
}

fn decide(session: &mut Session, id: &str, change: &StatusChange, actor: &str) -> Result<()> {
    let from = session.store.change_status(id, change, actor, now()?)?;
    writeln!(session.out, "{id}: {from} -> {}", change.to)?;
    Ok(())
}

/// SPEC §1's review guards: an approval names an amount no larger than what is claimed; asking
/// for information or rejecting says what is wanted, or why.
fn review_guards(
    session: &Session,
    id: &str,
    to: Status,
    funds_approved: Option<Decimal>,
    comment: Option<&str>,
) -> Result<()> {
    // A move the lifecycle refuses is refused as such, whatever else it lacks.
    let current = session
        .store
        .claim(id)?
        .ok_or_else(|| anyhow!("claim {id} does not exist"))?;
    if let Err(refused) = current.status.transition(to) {
        bail!("claim {id}: {refused}");
    }
    let commented = comment.is_some_and(|c| !c.trim().is_empty());
    match to {
        Status::InfoRequested if !commented => bail!(
            "claim {id}: asking for information needs --comment saying what is wanted; the partner is told it"
        ),
        Status::Rejected if !commented => {
            bail!("claim {id}: a rejection needs --comment saying why")
        }
        Status::Approved => {
            let row = session
                .store
                .claim_rows(None, session.workspace.settings.rules.deadline_days)?
                .into_iter()
                .find(|r| r.claim_id == id)
                .ok_or_else(|| anyhow!("claim {id} does not exist"))?;
            let claimed = Decimal::from_str(&row.funds_claimed).unwrap_or_default();
            let Some(approved) = funds_approved else {
                bail!(
                    "claim {id}: an approval needs --funds-approved N, the amount approved (at most the {} {} claimed)",
                    row.funds_claimed,
                    row.currency
                );
            };
            if approved > claimed {
                bail!(
                    "claim {id}: --funds-approved {approved} is more than the {} {} claimed",
                    row.funds_claimed,
                    row.currency
                );
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn parse_funds(flag: &str, text: &str) -> Result<Decimal> {
    let value =
        Decimal::from_str(text.trim()).map_err(|_| anyhow!("{flag} '{text}' is not a number"))?;
    if value.is_sign_negative() && !value.is_zero() {
        bail!("{flag} '{text}' is negative");
    }
    Ok(value)
}

fn list(workspace: &Workspace, status: Option<String>, json: bool) -> Result<()> {
    let status = status
        .map(|s| Status::from_str(&s).map_err(|e| anyhow!("--status: {e}")))
        .transpose()?;
    let store = workspace.reader()?;
    let rows = store.claim_rows(status, workspace.settings.rules.deadline_days)?;
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
    println!("{} claims", rows.len());
    Ok(())
}

fn show(workspace: &Workspace, id: &str, json: bool) -> Result<()> {
    let store = workspace.reader()?;
    let id = registered(&store, id)?;
    let id = id.as_str();
    let row = store
        .claim_rows(None, workspace.settings.rules.deadline_days)?
        .into_iter()
        .find(|r| r.claim_id == id)
        .ok_or_else(|| anyhow!("claim {id} does not exist"))?;
    let documents = store.documents_of(id)?;
    let findings = store.findings_of(id)?;
    let history = store.history(Some(id))?;
    if json {
        let mut object = serde_json::to_value(&row)?;
        if let Some(map) = object.as_object_mut() {
            map.insert("documents".into(), serde_json::to_value(&documents)?);
            map.insert("findings".into(), serde_json::to_value(&findings)?);
            map.insert("history".into(), serde_json::to_value(&history)?);
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
    println!("findings ({}):", findings.len());
    for f in &findings {
        println!("  {}  {}", f.code, f.details);
    }
    println!("history ({}):", history.len());
    for h in &history {
        println!("  {}  {:<10} {:<16} {}", h.at, h.actor, h.action, h.details);
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
