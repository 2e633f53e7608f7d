//! Document requests: who asked whom for which document of a claim, and how it ended.
//!
//! A request is evidence like the rest: asking, fulfilling and cancelling each write a history
//! entry in the same transaction as the row. Fulfilment happens inside the transaction that
//! attaches the document (`fulfil_in`, called by the filing code), so a request is never
//! fulfilled by a document the store does not hold, nor left open beside one it does.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::db::{DbError, Row, Sql, Tx, values};
use super::{Concerned, NewEntry, Notice, Store, StoreError, record, timestamp};
use crate::domain::{Action, Event, Kind};

/// How a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    Fulfilled,
    Cancelled,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Fulfilled => "fulfilled",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    fn parse(text: &str) -> Option<RequestStatus> {
        [
            RequestStatus::Open,
            RequestStatus::Fulfilled,
            RequestStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A request to make.
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub claim_id: &'a str,
    pub kind: Kind,
    pub requested_from: &'a str,
    pub requested_by: &'a str,
    pub due: Option<NaiveDate>,
    pub note: Option<&'a str>,
}

/// A request as stored, keyed like `requests.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRow {
    pub request_id: i64,
    pub claim_id: String,
    pub kind: Kind,
    pub requested_from: String,
    pub requested_by: String,
    pub requested_at: String,
    pub due: Option<String>,
    pub note: Option<String>,
    pub status: RequestStatus,
    pub fulfilled_by_sha256: Option<String>,
    pub fulfilled_at: Option<String>,
}

const REQUEST_COLUMNS: &str = "request_id, claim_id, kind, requested_from, requested_by,
    requested_at, due, note, status, fulfilled_by_sha256, fulfilled_at";

fn request_row(r: &Row) -> Result<RequestRow, DbError> {
    Ok(RequestRow {
        request_id: r.get(0)?,
        claim_id: r.get(1)?,
        kind: super::typed(r, 2, Kind::parse)?,
        requested_from: r.get(3)?,
        requested_by: r.get(4)?,
        requested_at: r.get(5)?,
        due: r.get(6)?,
        note: r.get(7)?,
        status: super::typed(r, 8, RequestStatus::parse)?,
        fulfilled_by_sha256: r.get(9)?,
        fulfilled_at: r.get(10)?,
    })
}

impl Store {
    /// Records a request and its `document_requested` entry; returns its id.
    pub fn request(&mut self, request: &NewRequest, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let tx = self.db.transaction(true)?;
        let id = tx
            .row(
                "INSERT INTO requests (claim_id, kind, requested_from, requested_by, requested_at,
                due, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING request_id",
                values![
                    request.claim_id,
                    request.kind.as_str(),
                    request.requested_from,
                    request.requested_by,
                    timestamp(at),
                    request.due.map(|d| d.to_string()),
                    request.note,
                ],
                |r| r.get::<i64>(0),
            )?
            .ok_or(DbError::NoRow)?;

        let due = request
            .due
            .map(|d| format!(", due {d}"))
            .unwrap_or_default();
        let note = request.note.map(|n| format!(": {n}")).unwrap_or_default();
        record(
            &tx,
            &NewEntry {
                at,
                claim_id: Some(request.claim_id),
                actor: request.requested_by,
                action: Action::DocumentRequested,
                document_sha256: None,
                details: format!(
                    "request {id}: {} asked of {}{due}{note}",
                    request.kind, request.requested_from
                ),
            },
            Some(Notice {
                event: Event::DocumentRequested,
                concerned: Concerned::Users(vec![request.requested_from.to_string()]),
                details: serde_json::json!({
                    "request_id": id,
                    "kind": request.kind.as_str(),
                    "requested_from": request.requested_from,
                    "requested_by": request.requested_by,
                    "due": request.due.map(|d| d.to_string()),
                    "note": request.note,
                }),
            }),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Cancels an open request, with its `request_cancelled` entry. Refused for a request that
    /// is not open.
    pub fn cancel_request(
        &mut self,
        request_id: i64,
        comment: Option<&str>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<RequestRow, StoreError> {
        let tx = self.db.transaction(true)?;
        let Some(request) = tx.row(
            &format!("SELECT {REQUEST_COLUMNS} FROM requests WHERE request_id = ?1"),
            values![request_id],
            request_row,
        )?
        else {
            return Err(StoreError::NoRequest {
                id: request_id,
                status: None,
            });
        };
        if request.status != RequestStatus::Open {
            return Err(StoreError::NoRequest {
                id: request_id,
                status: Some(request.status.as_str()),
            });
        }
        tx.execute(
            "UPDATE requests SET status = 'cancelled' WHERE request_id = ?1",
            values![request_id],
        )?;
        let comment = comment
            .filter(|c| !c.trim().is_empty())
            .map(|c| format!(": {c}"))
            .unwrap_or_default();
        record(
            &tx,
            &NewEntry {
                at,
                claim_id: Some(&request.claim_id),
                actor,
                action: Action::RequestCancelled,
                document_sha256: None,
                details: format!(
                    "request {request_id} ({} from {}) cancelled{comment}",
                    request.kind, request.requested_from
                ),
            },
            None,
        )?;
        tx.commit()?;
        Ok(request)
    }

    /// Requests of one claim (or all), oldest first.
    pub fn requests(&self, claim_id: Option<&str>) -> Result<Vec<RequestRow>, StoreError> {
        Ok(self.db.rows(
            &format!(
                "SELECT {REQUEST_COLUMNS} FROM requests WHERE CAST(?1 AS TEXT) IS NULL OR claim_id = ?1
                 ORDER BY request_id"
            ),
            values![claim_id],
            request_row,
        )?)
    }
}

/// Fulfils, in the attaching transaction, every open request for a document of `kind` on
/// `claim_id` made before `at`, each with its `request_fulfilled` entry.
pub(super) fn fulfil_in(
    tx: &Tx,
    claim_id: &str,
    kind: Kind,
    sha256: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let open: Vec<(i64, String, String)> = {
        tx.rows(
            "SELECT request_id, requested_from, requested_by FROM requests
             WHERE claim_id = ?1 AND kind = ?2 AND status = 'open' AND requested_at <= ?3
             ORDER BY request_id",
            values![claim_id, kind.as_str(), timestamp(at)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
    };
    for (request_id, from, by) in open {
        tx.execute(
            "UPDATE requests SET status = 'fulfilled', fulfilled_by_sha256 = ?2, fulfilled_at = ?3
             WHERE request_id = ?1",
            values![request_id, sha256, timestamp(at)],
        )?;
        record(
            tx,
            &NewEntry {
                at,
                claim_id: Some(claim_id),
                actor,
                action: Action::RequestFulfilled,
                document_sha256: Some(sha256),
                details: format!(
                    "request {request_id} ({kind} from {from}, asked by {by}) fulfilled"
                ),
            },
            Some(Notice {
                event: Event::RequestFulfilled,
                concerned: Concerned::Users(vec![by.clone()]),
                details: serde_json::json!({
                    "request_id": request_id,
                    "kind": kind.as_str(),
                    "requested_from": from,
                    "document_sha256": sha256,
                }),
            }),
        )?;
    }
    Ok(())
}
