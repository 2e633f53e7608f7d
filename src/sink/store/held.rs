//! Files held in the inbox: the store's memory of what it could not read or not remove.
//!
//! These rows are advisory, not evidence: no history entry goes with them, and losing one only
//! means a file is tried (and reported) once more. So they are written outside the filing
//! transactions, and the pipeline decides from them what a pass may skip.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Store, StoreError, timestamp};
use crate::domain::Kind;

/// Why a file stays in the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// claimdrop may not read it (or list the folder): it has no outcome yet.
    Unreadable,
    /// Filed, but claimdrop may not remove it from the inbox.
    Unremovable,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Unreadable => "unreadable",
            Cause::Unremovable => "unremovable",
        }
    }

    fn parse(text: &str) -> Cause {
        match text {
            "unremovable" => Cause::Unremovable,
            _ => Cause::Unreadable,
        }
    }
}

/// One held path, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub original_path: String,
    /// None for a path found in no drop folder's kind (a folder it may not list).
    pub kind: Option<Kind>,
    pub cause: Cause,
    pub reason: String,
    pub fingerprint: String,
    pub first_seen: String,
    pub tries: i64,
    pub next_try_at: DateTime<Utc>,
}

fn hold_row(r: &rusqlite::Row) -> rusqlite::Result<Hold> {
    let cause: String = r.get(2)?;
    let next: String = r.get(7)?;
    Ok(Hold {
        original_path: r.get(0)?,
        kind: Kind::parse(&r.get::<_, String>(1)?),
        cause: Cause::parse(&cause),
        reason: r.get(3)?,
        fingerprint: r.get(4)?,
        first_seen: r.get(5)?,
        tries: r.get(6)?,
        // An unreadable time only makes the next try due at once.
        next_try_at: DateTime::parse_from_rfc3339(&next)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
    })
}

const HOLD_COLUMNS: &str =
    "original_path, kind, cause, reason, fingerprint, first_seen, tries, next_try_at";

impl Store {
    /// Every held path, oldest first.
    pub fn holds(&self) -> Result<Vec<Hold>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {HOLD_COLUMNS} FROM held ORDER BY first_seen, original_path"
        ))?;
        let rows = stmt.query_map([], hold_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a hold, or a further failed try of one (its `tries` counted on, `first_seen`
    /// kept when the cause is the same). The hold is new when it returns true: the one time it
    /// is reported.
    pub fn hold(&mut self, hold: &Hold) -> Result<bool, StoreError> {
        let tx = super::immediate(&mut self.conn)?;
        let earlier: Option<(String, String)> = tx
            .prepare_cached("SELECT cause, first_seen FROM held WHERE original_path = ?1")?
            .query_map([&hold.original_path], |r| Ok((r.get(0)?, r.get(1)?)))?
            .next()
            .transpose()?;
        let same_cause = earlier
            .as_ref()
            .is_some_and(|(cause, _)| Cause::parse(cause) == hold.cause);
        let first_seen = match &earlier {
            Some((_, first)) if same_cause => first.clone(),
            _ => hold.first_seen.clone(),
        };
        tx.prepare_cached(&format!(
            "INSERT OR REPLACE INTO held ({HOLD_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ))?
        .execute(params![
            hold.original_path,
            hold.kind.map(Kind::as_str).unwrap_or_default(),
            hold.cause.as_str(),
            hold.reason,
            hold.fingerprint,
            first_seen,
            hold.tries,
            timestamp(hold.next_try_at),
        ])?;
        tx.commit()?;
        Ok(!same_cause)
    }

    /// Forgets a held path: it was filed, or it is gone.
    pub fn release(&mut self, original_path: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM held WHERE original_path = ?1")?
            .execute([original_path])?;
        Ok(())
    }
}
