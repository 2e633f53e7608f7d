//! `claims ...`: create, import, list, show, submit, review, comment.

use std::path::Path;
use std::str::FromStr;

use anyhow::{Context, Result, bail};
use rust_decimal::Decimal;

use super::files::after_claims_changed;
use super::session::Session;
use super::{now, registered};
use crate::cli::{ClaimsCommand, CreateArgs};
use crate::domain::{FindingCode, Kind, Status};
use crate::sink::store::{
    ClaimRow, Correction, ImportSummary, NewRequest, RequestStatus, StatusChange,
};
use crate::stage::register::{self, RawClaim};
use crate::workspace::Workspace;
use crate::{said, text};

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
        ClaimsCommand::Submit { id, comment, force } => {
            let actor = session.require_admin("claims submit")?;
            let id = registered(session.store, &id)?;
            let current = session
                .store
                .claim(&id)?
                .ok_or_else(|| said!("claim-missing", claim = &id))?;
            if !matches!(current.status, Status::Editing | Status::InfoRequested) {
                bail!(said!(
                    "error-not-submittable",
                    claim = &id,
                    status = current.status.as_str()
                ));
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
                let lang = crate::lang::Lang::current();
                let said: Vec<String> = refusing
                    .iter()
                    .map(|(code, details)| {
                        let words = lang.word(&format!("meaning-{}", code.as_str()));
                        format!("{words} ({}: {details})", code.as_str())
                    })
                    .collect();
                bail!(said!(
                    "error-submit-refused",
                    claim = &id,
                    findings = said.join("; ")
                ));
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
            let to = Status::from_str(&status)
                .map_err(|e| said!("error-flag", flag = "--status", why = e))?;
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
                bail!(said!("error-comment-empty"));
            }
            let document = document.map(|d| d.trim().to_ascii_lowercase());
            let id = registered(session.store, &id)?;
            let actor = session.caller.clone();
            session
                .store
                .add_comment(&id, &text, document.as_deref(), &actor, now()?)?;
            writeln!(session.out, "{}", text!("said-commented", claim = &id))?;
            after_claims_changed(session, false)
        }
        ClaimsCommand::Request {
            id,
            kind,
            from,
            note,
            due,
        } => {
            let id = registered(session.store, &id)?;
            let kind = Kind::parse(kind.trim())
                .filter(|k| *k != Kind::Register)
                .ok_or_else(|| said!("error-request-kind", kind = &kind))?;
            let due = due
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                        .map_err(|_| said!("error-flag-date", flag = "--due", value = &d))
                })
                .transpose()?;
            let from = from.trim();
            if from.is_empty() {
                bail!(said!("error-from-nobody"));
            }
            if session.store.claim(&id)?.is_none() {
                bail!(said!("claim-missing", claim = &id));
            }
            let caller = session.caller.clone();
            let note = note.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let request_id = session.store.request(
                &NewRequest {
                    claim_id: &id,
                    kind,
                    requested_from: from,
                    requested_by: &caller,
                    due,
                    note,
                },
                now()?,
            )?;
            writeln!(
                session.out,
                "{}",
                text!(
                    "said-requested",
                    request = request_id,
                    kind = kind.as_str(),
                    claim = &id,
                    from = from
                )
            )?;
            after_claims_changed(session, false)
        }
        ClaimsCommand::RequestCancel {
            request_id,
            comment,
        } => {
            let caller = session.caller.clone();
            // The one who asked, or an admin, may take a request back.
            let asked_by = session
                .store
                .requests(None)?
                .into_iter()
                .find(|r| r.request_id == request_id)
                .map(|r| r.requested_by);
            if asked_by.as_deref().is_some_and(|by| by != caller) {
                session.require_admin("claims request-cancel of someone else's request")?;
            }
            let cancelled =
                session
                    .store
                    .cancel_request(request_id, comment.as_deref(), &caller, now()?)?;
            writeln!(
                session.out,
                "{}",
                text!(
                    "said-request-cancelled",
                    request = request_id,
                    kind = cancelled.kind.as_str(),
                    claim = &cancelled.claim_id
                )
            )?;
            after_claims_changed(session, false)
        }
        ClaimsCommand::Correct {
            sha256,
            amount,
            currency,
            document_date,
            invoice_number,
            vendor,
            comment,
        } => {
            let actor = session.require_admin("claims correct")?;
            let sha256 = one_document(session, &sha256)?;
            let text = |value: Option<String>, flag: &str| -> Result<Option<String>> {
                match value.map(|v| v.trim().to_string()) {
                    Some(v) if v.is_empty() => bail!(said!("field-empty", field = flag)),
                    other => Ok(other),
                }
            };
            let amount = text(amount, "--amount")?
                .map(|a| {
                    Decimal::from_str(&a)
                        .map(crate::domain::money)
                        .map_err(|_| said!("field-not-number", field = "--amount", value = &a))
                })
                .transpose()?;
            let currency = text(currency, "--currency")?
                .map(|c| {
                    let code = c.to_ascii_uppercase();
                    iso_currency::Currency::from_code(&code)
                        .map(|_| code)
                        .ok_or_else(|| {
                            said!("field-not-currency", field = "--currency", value = &c)
                        })
                })
                .transpose()?;
            let document_date = text(document_date, "--document-date")?
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                        .map(|d| d.to_string())
                        .map_err(|_| said!("error-flag-date", flag = "--document-date", value = &d))
                })
                .transpose()?;
            let correction = Correction {
                amount,
                currency,
                document_date,
                invoice_number: text(invoice_number, "--invoice-number")?,
                vendor: text(vendor, "--vendor")?,
            };
            if correction.is_empty() {
                bail!(said!("error-nothing-to-correct"));
            }
            let months = session.workspace.settings.rules.retention_months;
            let (claim, details) = session.store.correct(
                &sha256,
                &correction,
                comment.as_deref(),
                &actor,
                now()?,
                months,
            )?;
            writeln!(
                session.out,
                "{}",
                text!("said-corrected", claim = &claim, details = &details)
            )?;
            after_claims_changed(session, false)
        }
        ClaimsCommand::Move {
            sha256,
            to,
            comment,
        } => {
            let actor = session.require_admin("claims move")?;
            let sha256 = one_document(session, &sha256)?;
            let to = registered(session.store, &to)?;
            let target = session
                .store
                .claim(&to)?
                .ok_or_else(|| said!("claim-missing", claim = &to))?;
            if !target.status.accepts_documents() {
                bail!(said!(
                    "error-claim-closed",
                    claim = &to,
                    status = target.status.as_str()
                ));
            }
            let from = session
                .store
                .placed(&sha256)?
                .map(|p| p.claim_id)
                .unwrap_or_default();
            if from == to {
                bail!(said!("error-already-there", claim = &to));
            }
            let filer = crate::sink::commit::Filer::new(session.workspace);
            let archive_path = filer.move_document(
                session.store,
                &sha256,
                &to,
                comment.as_deref(),
                &actor,
                now()?,
            )?;
            writeln!(
                session.out,
                "{}",
                text!("said-moved", from = &from, to = &to, path = &archive_path)
            )?;
            after_claims_changed(session, false)
        }
        ClaimsCommand::Detach { sha256, comment } => {
            let actor = session.require_admin("claims detach")?;
            if comment.trim().is_empty() {
                bail!(said!("error-detach-comment"));
            }
            let sha256 = one_document(session, &sha256)?;
            let from = session
                .store
                .placed(&sha256)?
                .map(|p| p.claim_id)
                .unwrap_or_default();
            let filer = crate::sink::commit::Filer::new(session.workspace);
            let quarantined =
                filer.detach_document(session.store, &sha256, comment.trim(), &actor, now()?)?;
            writeln!(
                session.out,
                "{}",
                text!("said-detached", from = &from, path = &quarantined)
            )?;
            after_claims_changed(session, false)
        }
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

fn decide(session: &mut Session, id: &str, change: &StatusChange, actor: &str) -> Result<()> {
    let from = session.store.change_status(id, change, actor, now()?)?;
    writeln!(session.out, "{id}: {from} -> {}", change.to)?;
    Ok(())
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
        .ok_or_else(|| said!("claim-missing", claim = id))?;
    if let Err(refused) = current.status.transition(to) {
        bail!(said!("claim-refused", claim = id, why = refused.text()));
    }
    let commented = comment.is_some_and(|c| !c.trim().is_empty());
    match to {
        Status::InfoRequested if !commented => bail!(said!("error-ask-comment", claim = id)),
        Status::Rejected if !commented => {
            bail!(said!("error-reject-comment", claim = id))
        }
        Status::Approved => {
            let row = session
                .store
                .claim_rows(None, session.workspace.settings.rules.deadline_days)?
                .into_iter()
                .find(|r| r.claim_id == id)
                .ok_or_else(|| said!("claim-missing", claim = id))?;
            let claimed = Decimal::from_str(&row.funds_claimed).unwrap_or_default();
            let Some(approved) = funds_approved else {
                bail!(said!(
                    "error-approve-amount",
                    claim = id,
                    claimed = &row.funds_claimed,
                    currency = &row.currency
                ));
            };
            if approved > claimed {
                bail!(said!(
                    "error-approve-over",
                    claim = id,
                    approved = approved.to_string(),
                    claimed = &row.funds_claimed,
                    currency = &row.currency
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn parse_funds(flag: &str, text: &str) -> Result<Decimal> {
    let value = Decimal::from_str(text.trim())
        .map_err(|_| said!("field-not-number", field = flag, value = text))?;
    if value.is_sign_negative() && !value.is_zero() {
        bail!(said!("field-negative", field = flag, value = text));
    }
    Ok(value)
}

fn list(workspace: &Workspace, status: Option<String>, json: bool) -> Result<()> {
    let status = status
        .map(|s| Status::from_str(&s).map_err(|e| said!("error-flag", flag = "--status", why = e)))
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
    let row = store
        .claim_rows(None, workspace.settings.rules.deadline_days)?
        .into_iter()
        .find(|r| r.claim_id == id)
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
