//! Files held in the inbox: the store's memory of what it could not read or not remove.
//!
//! These rows are advisory, not evidence: no history entry goes with them, and losing one only
//! means a file is tried (and reported) once more. So they are written outside the filing
//! transactions, and the pipeline decides from them what a pass may skip. Written against
//! `db::Sql`: the same on either engine.

use chrono::{DateTime, Utc};

use super::db::{DbError, Row, Sql, values};
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

fn hold_row(r: &Row) -> Result<Hold, DbError> {
    let cause: String = r.get(2)?;
    let next: String = r.get(7)?;
    Ok(Hold {
        original_path: r.get(0)?,
        kind: Kind::parse(&r.get::<String>(1)?),
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

impl Store {
    /// Every held path, oldest first.
    pub fn holds(&self) -> Result<Vec<Hold>, StoreError> {
        Ok(self.db.rows(
            "SELECT original_path, kind, cause, reason, fingerprint, first_seen, tries,
                    next_try_at
             FROM held ORDER BY first_seen, original_path",
            &[],
            hold_row,
        )?)
    }

    /// Records a hold, or a further failed try of one (its `tries` counted on, `first_seen`
    /// kept when the cause is the same). The hold is new when it returns true: the one time it
    /// is reported.
    pub fn hold(&mut self, hold: &Hold) -> Result<bool, StoreError> {
        let tx = self.db.transaction(true)?;
        let earlier: Option<(String, String)> = tx.row(
            "SELECT cause, first_seen FROM held WHERE original_path = ?1",
            values![&hold.original_path],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let same_cause = earlier
            .as_ref()
            .is_some_and(|(cause, _)| Cause::parse(cause) == hold.cause);
        let first_seen = match &earlier {
            Some((_, first)) if same_cause => first.clone(),
            _ => hold.first_seen.clone(),
        };
        tx.execute(
            "INSERT INTO held (original_path, kind, cause, reason, fingerprint, first_seen,
                               tries, next_try_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (original_path) DO UPDATE SET kind = excluded.kind,
                 cause = excluded.cause, reason = excluded.reason,
                 fingerprint = excluded.fingerprint, first_seen = excluded.first_seen,
                 tries = excluded.tries, next_try_at = excluded.next_try_at",
            values![
                &hold.original_path,
                hold.kind.map(Kind::as_str).unwrap_or_default(),
                hold.cause.as_str(),
                &hold.reason,
                &hold.fingerprint,
                first_seen,
                hold.tries,
                timestamp(hold.next_try_at),
            ],
        )?;
        tx.commit()?;
        Ok(!same_cause)
    }

    /// Forgets a held path: it was filed, or it is gone.
    pub fn release(&mut self, original_path: &str) -> Result<(), StoreError> {
        self.db.execute(
            "DELETE FROM held WHERE original_path = ?1",
            values![original_path],
        )?;
        Ok(())
    }
}
