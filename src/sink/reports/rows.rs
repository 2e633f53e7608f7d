//! The claim rows every report and command shows: made here from the store's facts
//! (`Store::claim_facts`), so the rules they apply (the money claimed, the deadline, the
//! counts by kind) and the way money is written live with the reports, not in the store.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Kind, Status, money};
use crate::sink::store::{ClaimFacts, Store, StoreError};

/// A claim as `claims.csv` shows it: the stored facts plus what is derived from documents,
/// findings and history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    pub claim_id: String,
    pub program: String,
    pub activity: String,
    pub location: String,
    pub status: Status,
    pub currency: String,
    pub usage_start: NaiveDate,
    pub usage_end: NaiveDate,
    pub deadline: NaiveDate,
    pub funds_total: String,
    pub funds_claimed: String,
    pub funds_approved: Option<String>,
    pub invoices: u32,
    pub csrs: u32,
    pub proofs: u32,
    pub metrics: u32,
    pub findings: Vec<String>,
    pub last_activity_at: Option<String>,
    /// `funds_total` - `funds_claimed` (negative when more is claimed than the funds).
    pub funds_remaining: String,
    /// Requests for documents still open.
    pub open_requests: u32,
    /// Not a `claims.csv` column, but what identifies the claim in documents.
    pub references: Vec<String>,
    /// While the claim is `info_requested`: what the reviewer asked, as they wrote it.
    pub reviewer_question: Option<String>,
    /// Not a `claims.csv` column: with `fields_unread`, which documents and fields, in words,
    /// so a person is told what to correct rather than that something somewhere was not read.
    pub unread: Option<String>,
}

/// Claims as `claims.csv` rows, ordered by id; only those in `status` if given.
pub fn claim_rows(
    store: &Store,
    status: Option<Status>,
    deadline_days: u32,
) -> Result<Vec<ClaimRow>, StoreError> {
    Ok(store
        .claim_facts(status)?
        .into_iter()
        .map(|facts| row_of(facts, deadline_days))
        .collect())
}

fn row_of(facts: ClaimFacts, deadline_days: u32) -> ClaimRow {
    let ClaimFacts {
        claim,
        documents,
        findings,
        unread,
        open_requests,
        references,
        last_activity_at,
        question,
    } = facts;
    let count = |kind: Kind| {
        let n = documents.iter().filter(|d| d.kind == kind).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let claimed = crate::domain::funds_claimed(&claim.currency, &documents);
    ClaimRow {
        deadline: crate::domain::deadline(claim.usage_end, deadline_days),
        funds_total: money(claim.funds_total),
        funds_claimed: money(claimed),
        funds_remaining: money(claim.funds_total - claimed),
        funds_approved: claim.funds_approved.map(money),
        invoices: count(Kind::Invoice),
        csrs: count(Kind::Csr),
        proofs: count(Kind::Proof),
        metrics: count(Kind::Metrics),
        open_requests,
        findings,
        unread,
        last_activity_at,
        references,
        reviewer_question: question,
        claim_id: claim.claim_id,
        program: claim.program,
        activity: claim.activity,
        location: claim.location,
        status: claim.status,
        currency: claim.currency,
        usage_start: claim.usage_start,
        usage_end: claim.usage_end,
    }
}

/// One claim's row, if the claim exists.
pub fn claim_row(
    store: &Store,
    claim_id: &str,
    deadline_days: u32,
) -> Result<Option<ClaimRow>, StoreError> {
    Ok(claim_rows(store, None, deadline_days)?
        .into_iter()
        .find(|row| row.claim_id == claim_id))
}
