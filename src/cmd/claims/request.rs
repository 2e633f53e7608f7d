//! `claims request` and `claims request-cancel`: documents asked of colleagues.

use anyhow::{Result, bail};

use crate::cmd::files::after_claims_changed;
use crate::cmd::session::Session;
use crate::cmd::{now, registered};
use crate::domain::Kind;
use crate::sink::store::NewRequest;
use crate::{said, text};

/// `claims request`: ask a colleague for a document.
pub(super) fn request(
    session: &mut Session,
    id: String,
    kind: String,
    from: String,
    note: Option<String>,
    due: Option<String>,
) -> Result<()> {
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

/// `claims request-cancel`: the one who asked, or an admin, takes a request back.
pub(super) fn cancel(
    session: &mut Session,
    request_id: i64,
    comment: Option<String>,
) -> Result<()> {
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
