//! `claims submit` and `claims review`: the status changes people make, within the rules
//! `domain` keeps (what may follow what) and the guards around them (findings, funds).

use std::str::FromStr;

use anyhow::{Result, bail};
use rust_decimal::Decimal;

use crate::cmd::files::after_claims_changed;
use crate::cmd::session::Session;
use crate::cmd::{now, registered};
use crate::domain::{FindingCode, Status};
use crate::said;
use crate::sink::store::StatusChange;

/// `claims submit`: the findings rechecked first; refused while one refuses it, unless forced.
pub(super) fn submit(
    session: &mut Session,
    id: String,
    comment: Option<String>,
    force: bool,
) -> Result<()> {
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

/// `claims review`: a reviewer's decision, within the lifecycle's guards.
pub(super) fn review(
    session: &mut Session,
    id: String,
    status: String,
    funds_approved: Option<String>,
    comment: Option<String>,
) -> Result<()> {
    let actor = session.require_admin("claims review")?;
    let id = registered(session.store, &id)?;
    let to =
        Status::from_str(&status).map_err(|e| said!("error-flag", flag = "--status", why = e))?;
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
            let row = crate::sink::reports::claim_row(
                session.store,
                id,
                session.workspace.settings.rules.deadline_days,
            )?
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
