//! The claim store: claims, documents, findings and history, in one SQLite file or, shared by
//! several daemons, in PostgreSQL (`postgres`); every operation is written once, against
//! `db::Sql`, whichever engine holds it.
//!
//! On SQLite one connection, owned by whoever holds the workspace lock, files; on PostgreSQL
//! every daemon and command writes through its own, the database serialising them (files
//! leased, races refused under the filing lock: `leases`, `filing`). Readers open their own
//! connection (SQLite's WAL lets them read while the writer works). The schema is versioned
//! with `PRAGMA user_version` and the numbered files in `migrations/`, applied in one
//! transaction each. Every change to a claim and its history entries commit in the same
//! transaction, so the history can never disagree with the claim it describes.
//!
//! History is a hash chain: entry N stores the hash of entry N-1 and a hash of its own content
//! including that link. Triggers refuse UPDATE and DELETE; `verify` catches what triggers
//! cannot, an edit made by someone who dropped them first.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};

use db::{Sql, Tx, values};

use crate::domain::{
    Action, Claim, ClaimInput, FindingCode, Kind, MatchRule, RegisterRow, Status,
    TransitionRefused, money, normalize_reference,
};
use crate::lang::Text;
use crate::text;

mod corrections;
pub(crate) mod db;
mod evidence;
mod filing;
mod findings;
mod held;
mod leases;
mod notes;
mod opening;
mod outbox;
mod postgres;
mod requests;
/// The tests' PostgreSQL server (one harness with the integration tests).
#[cfg(test)]
#[path = "../../tests/common/postgres.rs"]
mod test_postgres;
pub use corrections::{Correction, Placed};
pub use evidence::Vouched;
pub use filing::{ExceptionRow, Filing, NewDocument, NewException};
pub use held::{Cause, Hold};
pub(crate) use leases::Keeper;
pub use notes::NoteHome;
pub use opening::{OpenError, Opening};
pub use outbox::{Concerned, DeliveryStatus, Due, NewEvent, OutboxEvent};
pub use postgres::{Copied, Shared, redact};
pub use requests::{NewRequest, RequestRow, RequestStatus};

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_claims.sql"),
    include_str!("migrations/002_exceptions.sql"),
    include_str!("migrations/003_held.sql"),
    include_str!("migrations/004_fields_source.sql"),
    include_str!("migrations/005_einvoice_mismatch.sql"),
    include_str!("migrations/006_requests.sql"),
    include_str!("migrations/007_corrections.sql"),
    include_str!("migrations/008_outbox.sql"),
    include_str!("migrations/009_source_identity.sql"),
    include_str!("migrations/010_question.sql"),
];

fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The PostgreSQL advisory lock the history's appenders take ("claimdrop history", as a key).
const HISTORY_LOCK: i64 = 0x636c_6169_6d68_6973;

/// The hash a first history entry links to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", text!("store-sqlite", error = .0.to_string()))]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}", text!("claim-missing", claim = .0))]
    NoSuchClaim(String),
    #[error("{}", match status {
        Some(status) => text!("request-not-open", request = *id, status = *status),
        None => text!("request-missing", request = *id),
    })]
    NoRequest {
        id: i64,
        status: Option<&'static str>,
    },
    #[error("{}", text!("document-missing", sha = .0))]
    NoDocument(String),
    #[error("{}", text!("claim-exists", claim = .0))]
    ClaimExists(String),
    #[error("{}", text!("claim-refused", claim = claim, why = refused.text()))]
    Refused {
        claim: String,
        refused: TransitionRefused,
    },
    #[error("{}", text!("register-row-of", row = *row, claim = claim, why = message.clone()))]
    RegisterRow {
        row: usize,
        claim: String,
        message: Text,
    },
    #[error("{}", text!("store-unusable", store = .0, why = .1.clone()))]
    Unusable(String, Text),
    #[error("{}", text!("store-sqlite", error = .0.to_string()))]
    Db(#[from] db::DbError),
    #[error("{}", text!("store-shared-not-served"))]
    NotShared,
    /// Bytes another daemon attached after this one decided them (see `filing`).
    #[error("{}", text!("store-raced", sha = .0))]
    Raced(String),
}

/// One entry of a claim's history, keyed like `history.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub seq: i64,
    pub at: String,
    pub claim_id: Option<String>,
    pub actor: String,
    pub action: String,
    pub document_sha256: Option<String>,
    pub details: String,
    pub hash: String,
}

/// What a new history entry says; the store adds the sequence number and the chain.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub at: DateTime<Utc>,
    pub claim_id: Option<&'a str>,
    pub actor: &'a str,
    pub action: Action,
    pub document_sha256: Option<&'a str>,
    pub details: String,
}

/// A claim with the facts its report row is made from (`sink::reports::claim_rows`): the
/// store groups them by claim, it does not compute or format what reports show.
#[derive(Debug, Clone)]
pub struct ClaimFacts {
    pub claim: Claim,
    /// Its attached documents, in the order they were attached.
    pub documents: Vec<crate::domain::DocumentFacts>,
    /// The codes of its open findings, in order.
    pub findings: Vec<String>,
    /// What its `fields_unread` finding says in words, when it has one.
    pub unread: Option<String>,
    /// Requests for documents still open.
    pub open_requests: u32,
    pub references: Vec<String>,
    /// When its history last changed.
    pub last_activity_at: Option<String>,
    /// While the claim is `info_requested`: the first comment given after it moved there, as
    /// the reviewer wrote it.
    pub question: Option<String>,
}

/// A document attached to a claim, keyed like `documents.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    pub document_id: i64,
    pub claim_id: String,
    pub kind: Kind,
    pub original_name: String,
    pub sha256: String,
    pub bytes: i64,
    pub format: String,
    pub pages: Option<i64>,
    pub invoice_number: Option<String>,
    pub document_date: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub vendor: Option<String>,
    pub matched_by: MatchRule,
    pub received_at: String,
    pub actor: String,
    pub archive_path: String,
    pub note: Option<String>,
    pub retain_until: String,
    pub einvoice: String,
    pub fields_source: String,
    /// Where it was dropped (after the SPEC columns in `documents.csv`).
    pub original_path: String,
}

/// A move of a claim's status, with what goes with it.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange<'a> {
    pub to: Status,
    pub funds_approved: Option<Decimal>,
    /// Recorded as a comment after the move.
    pub comment: Option<&'a str>,
    /// Said in the `status_changed` entry itself (a forced submit names the findings it
    /// overrode).
    pub note: &'a str,
}

/// An open problem of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRow {
    pub code: String,
    pub details: String,
    pub since: String,
}

/// What importing a register changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Claims that moved to `info_requested`: their parked documents can be retried.
    pub reopened: Vec<String>,
}

/// The result of walking the history chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact { entries: u64 },
    Broken { seq: i64, reason: Text },
}

pub struct Store {
    db: db::Db,
}

/// What a store holds, in the words of `store status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub claims: i64,
    pub documents: i64,
    pub history_entries: i64,
    pub open_exceptions: i64,
}

/// `Counts`, in SQL both engines run.
const COUNTS: &str = "SELECT (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM documents),
    (SELECT COUNT(*) FROM history),
    (SELECT COUNT(*) FROM exceptions WHERE resolved_at IS NULL)";

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Store {
    /// The SQLite connection, for the operations not yet written against `db::Sql`: on a
    /// PostgreSQL store they are refused, by name, until they are.
    fn conn(&self) -> Result<&Connection, StoreError> {
        match &self.db {
            db::Db::Sqlite(conn) => Ok(conn),
            db::Db::Postgres(_) => Err(StoreError::NotShared),
        }
    }

    fn conn_mut(&mut self) -> Result<&mut Connection, StoreError> {
        match &mut self.db {
            db::Db::Sqlite(conn) => Ok(conn),
            db::Db::Postgres(_) => Err(StoreError::NotShared),
        }
    }

    /// Opens (creating if needed) the store for writing and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let _ = conn.pragma_update(None, "cache_size", -16384i64);
        let mut store = Store {
            db: db::Db::Sqlite(conn),
        };
        store.migrate(path)?;
        Ok(store)
    }

    /// Opens an existing store for reading only; works while another process writes.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Unusable(
                path.display().to_string(),
                text!("store-none"),
            ));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        // Reports read the whole store in two orders: a 16 MiB page cache (not SQLite's 2 MiB
        // default) keeps the index walk from rereading pages. Bounded: it counts in the RSS.
        let _ = conn.pragma_update(None, "cache_size", -16384i64);
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version != schema_version() {
            return Err(StoreError::Unusable(
                path.display().to_string(),
                text!("store-older", version = version, reads = schema_version()),
            ));
        }
        Ok(Store {
            db: db::Db::Sqlite(conn),
        })
    }

    /// Where the store is on disk, for a second reader.
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn().ok()?.path().map(std::path::PathBuf::from)
    }

    /// Runs `read` inside one read transaction: everything it reads is the same moment of the
    /// store, however much another connection writes meanwhile.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        self.db
            .begin_read()
            .map_err(|e| E::from(StoreError::from(e)))?;
        let result = read(self);
        // Only reads happened: ending the transaction cannot lose anything.
        let _ = self.db.end_read();
        result
    }

    fn migrate(&mut self, path: &Path) -> Result<(), StoreError> {
        use db::Sql;
        let version = self.schema_version()?;
        if version > schema_version() {
            return Err(StoreError::Unusable(
                path.display().to_string(),
                text!("store-newer", version = version, reads = schema_version()),
            ));
        }
        for (number, sql) in (1i64..).zip(MIGRATIONS).skip_while(|(n, _)| *n <= version) {
            let tx = self.db.transaction(true)?;
            tx.batch(sql)?;
            tx.batch(&format!("PRAGMA user_version = {number}"))?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn claim(&self, claim_id: &str) -> Result<Option<Claim>, StoreError> {
        read_claim(&self.db, claim_id)
    }

    fn existing_claim(&self, claim_id: &str) -> Result<Claim, StoreError> {
        self.claim(claim_id)?
            .ok_or_else(|| StoreError::NoSuchClaim(claim_id.to_string()))
    }

    /// Creates one claim in `editing`; refuses an id that exists.
    /// A claim id as the register spells it, if such a claim exists, whatever the letter case
    /// it was typed in.
    pub fn registered_id(&self, typed: &str) -> Result<Option<String>, StoreError> {
        registered_id(&self.db, typed)
    }

    pub fn create_claim(
        &mut self,
        input: &ClaimInput,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction(true)?;
        if let Some(existing) = read_claim(&tx, &input.claim_id)? {
            return Err(StoreError::ClaimExists(existing.claim_id));
        }
        insert_claim(&tx, input, Status::Editing, actor, at)?;
        tx.commit()?;
        Ok(())
    }

    /// Creates and updates claims from a register, all or nothing: the first row the lifecycle
    /// refuses rolls the whole import back.
    pub fn import_register(
        &mut self,
        rows: &[RegisterRow],
        source: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<ImportSummary, StoreError> {
        let tx = self.db.transaction(true)?;
        let mut summary = ImportSummary::default();
        for RegisterRow { row, claim: input } in rows {
            let row_error = |message: Text| StoreError::RegisterRow {
                row: *row,
                claim: input.claim_id.clone(),
                message,
            };
            match read_claim(&tx, &input.claim_id)? {
                None => {
                    // A register may carry claims from an earlier system in any status: the
                    // status it gives is where the claim starts, not a move.
                    let status = input.status.unwrap_or(Status::Editing);
                    insert_claim(&tx, input, status, actor, at)?;
                    append_comment(&tx, input, actor, at, source)?;
                    summary.created += 1;
                }
                Some(current) => {
                    // The register's first spelling of the id stays (SPEC §1).
                    let input = &ClaimInput {
                        claim_id: current.claim_id.clone(),
                        ..input.clone()
                    };
                    let changed = update_claim(&tx, &current, input, actor, at, source).map_err(
                        |e| match e {
                            StoreError::Refused { refused, .. } => row_error(refused.text()),
                            other => other,
                        },
                    )?;
                    let commented = append_comment(&tx, input, actor, at, source)?;
                    if changed || commented {
                        summary.updated += 1;
                    } else {
                        summary.unchanged += 1;
                    }
                    if input.status == Some(Status::InfoRequested)
                        && current.status != Status::InfoRequested
                    {
                        summary.reopened.push(input.claim_id.clone());
                    }
                }
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// A reviewer's (or submitter's) decision: moves the status as the lifecycle allows,
    /// optionally setting the approved funds and adding a comment, in one transaction.
    pub fn change_status(
        &mut self,
        claim_id: &str,
        change: &StatusChange,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Status, StoreError> {
        let StatusChange {
            to,
            funds_approved,
            comment,
            note,
        } = *change;
        let current = self.existing_claim(claim_id)?;
        let tx = self.db.transaction(true)?;
        let suffix = if note.is_empty() {
            String::new()
        } else {
            format!("; {note}")
        };
        move_status(&tx, &current, to, actor, at, &suffix, comment)?;
        if let Some(approved) = funds_approved
            && current.funds_approved != Some(approved)
        {
            tx.execute(
                "UPDATE claims SET funds_approved = ?2, updated_at = ?3 WHERE claim_id = ?1",
                values![claim_id, money(approved), timestamp(at)],
            )?;
            let before = current.funds_approved.map(money).unwrap_or_default();
            record(
                &tx,
                &NewEntry {
                    at,
                    claim_id: Some(claim_id),
                    actor,
                    action: Action::ClaimUpdated,
                    document_sha256: None,
                    details: format!("funds_approved: '{before}' -> '{}'", money(approved)),
                },
                None,
            )?;
        }
        if let Some(text) = comment.filter(|t| !t.trim().is_empty()) {
            record(
                &tx,
                &NewEntry {
                    at,
                    claim_id: Some(claim_id),
                    actor,
                    action: Action::CommentAdded,
                    document_sha256: None,
                    details: text.to_string(),
                },
                None,
            )?;
        }
        tx.commit()?;
        Ok(current.status)
    }

    /// Adds a comment to a claim's history, optionally about one of its documents.
    pub fn add_comment(
        &mut self,
        claim_id: &str,
        text: &str,
        document_sha256: Option<&str>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.existing_claim(claim_id)?;
        if let Some(sha) = document_sha256 {
            let attached: Option<String> = self.db.row(
                "SELECT claim_id FROM documents WHERE sha256 = ?1",
                values![sha],
                |r| r.get(0),
            )?;
            if attached.as_deref() != Some(claim_id) {
                return Err(StoreError::Unusable(
                    format!("document {sha}"),
                    text!("store-not-attached", claim = claim_id),
                ));
            }
        }
        let tx = self.db.transaction(true)?;
        record(
            &tx,
            &NewEntry {
                at,
                claim_id: Some(claim_id),
                actor,
                action: Action::CommentAdded,
                document_sha256,
                details: text.to_string(),
            },
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Claims with their facts, ordered by id; only those in `status` if given.
    pub fn claim_facts(&self, status: Option<Status>) -> Result<Vec<ClaimFacts>, StoreError> {
        use db::Sql;
        let mut references: HashMap<String, Vec<String>> = HashMap::new();
        self.db.each(
            "SELECT claim_id, reference FROM claim_references ORDER BY claim_id, rowid",
            &[],
            |row| {
                references.entry(row.get(0)?).or_default().push(row.get(1)?);
                Ok(true)
            },
        )?;

        let mut documents: HashMap<String, Vec<crate::domain::DocumentFacts>> = HashMap::new();
        for fact in self.document_facts()? {
            documents
                .entry(fact.claim_id.clone())
                .or_default()
                .push(fact);
        }

        let mut findings: HashMap<String, Vec<String>> = HashMap::new();
        let mut unread: HashMap<String, String> = HashMap::new();
        self.db.each(
            "SELECT claim_id, code, details FROM findings ORDER BY claim_id, code",
            &[],
            |row| {
                let (claim_id, code): (String, String) = (row.get(0)?, row.get(1)?);
                if code == FindingCode::FieldsUnread.as_str() {
                    unread.insert(claim_id.clone(), row.get(2)?);
                }
                findings.entry(claim_id).or_default().push(code);
                Ok(true)
            },
        )?;

        let mut open_requests: HashMap<String, u32> = HashMap::new();
        self.db.each(
            "SELECT claim_id, COUNT(*) FROM requests WHERE status = 'open' GROUP BY claim_id",
            &[],
            |row| {
                open_requests.insert(row.get(0)?, row.get(1)?);
                Ok(true)
            },
        )?;

        let ids: Vec<(String, Option<String>, Option<String>)> = self.db.rows(
            "SELECT c.claim_id, (SELECT MAX(at) FROM history h WHERE h.claim_id = c.claim_id),
                    c.question
             FROM claims c WHERE CAST(?1 AS TEXT) IS NULL OR c.status = ?1 ORDER BY c.claim_id",
            db::values![status.map(|s| s.as_str())],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;

        let mut out = Vec::with_capacity(ids.len());
        for (claim_id, last_activity_at, question) in ids {
            let claim = self.existing_claim(&claim_id)?;
            out.push(ClaimFacts {
                documents: documents.remove(&claim_id).unwrap_or_default(),
                findings: findings.remove(&claim_id).unwrap_or_default(),
                unread: unread.remove(&claim_id),
                open_requests: open_requests.remove(&claim_id).unwrap_or(0),
                references: references.remove(&claim_id).unwrap_or_default(),
                question: question.filter(|_| claim.status == Status::InfoRequested),
                last_activity_at,
                claim,
            });
        }
        Ok(out)
    }

    pub fn documents_of(&self, claim_id: &str) -> Result<Vec<DocumentRow>, StoreError> {
        use db::Sql;
        Ok(self.db.rows(
            &format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE claim_id = ?1 ORDER BY document_id"
            ),
            db::values![claim_id],
            document_row,
        )?)
    }

    pub fn findings_of(&self, claim_id: &str) -> Result<Vec<FindingRow>, StoreError> {
        use db::Sql;
        Ok(self.db.rows(
            "SELECT code, details, since FROM findings WHERE claim_id = ?1 ORDER BY code",
            db::values![claim_id],
            |r| {
                Ok(FindingRow {
                    code: r.get(0)?,
                    details: r.get(1)?,
                    since: r.get(2)?,
                })
            },
        )?)
    }

    /// History entries in order, of one claim or of all.
    pub fn history(&self, claim_id: Option<&str>) -> Result<Vec<HistoryEntry>, StoreError> {
        use db::Sql;
        Ok(self.db.rows(
            "SELECT seq, at, claim_id, actor, action, document_sha256, details, hash
             FROM history WHERE CAST(?1 AS TEXT) IS NULL OR claim_id = ?1 ORDER BY seq",
            db::values![claim_id],
            history_row,
        )?)
    }

    /// What the store holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        use db::Sql;
        let counts = self.db.row(COUNTS, &[], |r| {
            Ok(Counts {
                claims: r.get(0)?,
                documents: r.get(1)?,
                history_entries: r.get(2)?,
                open_exceptions: r.get(3)?,
            })
        })?;
        Ok(counts.unwrap_or_default())
    }

    /// The schema version of the store.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        use db::Sql;
        let sql = match self.db {
            db::Db::Sqlite(_) => "PRAGMA user_version",
            db::Db::Postgres(_) => "SELECT COALESCE(MAX(version), 0) FROM claimdrop_schema",
        };
        Ok(self.db.row(sql, &[], |r| r.get(0))?.unwrap_or(0))
    }

    /// Copies this store, whole, into an empty PostgreSQL database (`store migrate`), from
    /// one read snapshot.
    pub fn copy_into(&mut self, shared: &mut Shared) -> Result<Copied, StoreError> {
        let snapshot = self
            .conn_mut()?
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let copied = shared.copy_from(&snapshot)?;
        snapshot.finish()?;
        Ok(copied)
    }

    /// Walks the whole chain from the first entry and reports the first broken link, in one
    /// snapshot of the store.
    pub fn verify(&mut self) -> Result<Verification, StoreError> {
        let snapshot = self.db.transaction(false)?;
        let walked = walk_chain(&snapshot)?;
        snapshot.commit()?;
        Ok(walked)
    }
}

/// Walks a store's history chain from its first entry; the first broken link, if any.
fn walk_chain(sql: &impl db::Sql) -> Result<Verification, StoreError> {
    let mut walk = ChainWalk::default();
    let mut broken = None;
    sql.each(
        "SELECT seq, at, claim_id, actor, action, document_sha256, details, prev_hash, hash
         FROM history ORDER BY seq",
        &[],
        |row| {
            let entry = ChainEntry {
                entry: HistoryEntry {
                    seq: row.get(0)?,
                    at: row.get(1)?,
                    claim_id: row.get(2)?,
                    actor: row.get(3)?,
                    action: row.get(4)?,
                    document_sha256: row.get(5)?,
                    details: row.get(6)?,
                    hash: row.get(8)?,
                },
                prev_hash: row.get(7)?,
            };
            broken = walk.step(entry);
            Ok(broken.is_none())
        },
    )?;
    Ok(broken.unwrap_or_else(|| walk.end()))
}

/// A history entry as stored, with the link the chain covers besides its columns.
pub(crate) struct ChainEntry {
    pub entry: HistoryEntry,
    pub prev_hash: String,
}

/// The walk along a history chain, entry by entry from the first, whichever engine holds it.
pub(crate) struct ChainWalk {
    previous: String,
    expected_seq: i64,
    entries: u64,
}

impl Default for ChainWalk {
    fn default() -> Self {
        ChainWalk {
            previous: GENESIS.to_string(),
            expected_seq: 1,
            entries: 0,
        }
    }
}

impl ChainWalk {
    /// The next entry in `seq` order: `Some` the first broken link.
    pub fn step(&mut self, chained: ChainEntry) -> Option<Verification> {
        let ChainEntry { entry, prev_hash } = chained;
        if entry.seq != self.expected_seq {
            return Some(Verification::Broken {
                seq: self.expected_seq,
                reason: text!(
                    "broken-missing",
                    entry = self.expected_seq,
                    next = entry.seq
                ),
            });
        }
        if prev_hash != self.previous {
            return Some(Verification::Broken {
                seq: entry.seq,
                reason: text!("broken-link"),
            });
        }
        let content = entry_hash(
            entry.seq,
            &entry.at,
            entry.claim_id.as_deref(),
            &entry.actor,
            &entry.action,
            entry.document_sha256.as_deref(),
            &entry.details,
            &prev_hash,
        );
        if content != entry.hash {
            return Some(Verification::Broken {
                seq: entry.seq,
                reason: text!("broken-changed"),
            });
        }
        self.previous = entry.hash;
        self.expected_seq += 1;
        self.entries += 1;
        None
    }

    pub fn end(self) -> Verification {
        Verification::Intact {
            entries: self.entries,
        }
    }
}

const DOCUMENT_COLUMNS: &str = "document_id, claim_id, kind, original_name, sha256, bytes,
    format, pages, invoice_number, document_date, amount, currency, vendor, matched_by,
    received_at, actor, archive_path, note, retain_until, original_path, einvoice,
    fields_source";

fn document_row(r: &db::Row) -> Result<DocumentRow, db::DbError> {
    Ok(DocumentRow {
        document_id: r.get(0)?,
        claim_id: r.get(1)?,
        kind: typed(r, 2, Kind::parse)?,
        original_name: r.get(3)?,
        sha256: r.get(4)?,
        bytes: r.get(5)?,
        format: r.get(6)?,
        pages: r.get(7)?,
        invoice_number: r.get(8)?,
        document_date: r.get(9)?,
        amount: r.get(10)?,
        currency: r.get(11)?,
        vendor: r.get(12)?,
        matched_by: typed(r, 13, MatchRule::parse)?,
        received_at: r.get(14)?,
        actor: r.get(15)?,
        archive_path: r.get(16)?,
        note: r.get(17)?,
        retain_until: r.get(18)?,
        original_path: r.get(19)?,
        einvoice: r.get(20)?,
        fields_source: r.get(21)?,
    })
}

fn history_row(r: &db::Row) -> Result<HistoryEntry, db::DbError> {
    Ok(HistoryEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        claim_id: r.get(2)?,
        actor: r.get(3)?,
        action: r.get(4)?,
        document_sha256: r.get(5)?,
        details: r.get(6)?,
        hash: r.get(7)?,
    })
}

/// A claim id as the register spells it, found ignoring letter case (SPEC §1). The exact
/// spelling is looked up first, on the index; only a miss compares folded.
fn registered_id(sql: &impl db::Sql, typed: &str) -> Result<Option<String>, StoreError> {
    let exact = sql.row(
        "SELECT claim_id FROM claims WHERE claim_id = ?1",
        db::values![typed],
        |r| r.get::<String>(0),
    )?;
    if exact.is_some() {
        return Ok(exact);
    }
    Ok(sql.row(
        "SELECT claim_id FROM claims WHERE lower(claim_id) = lower(?1) LIMIT 1",
        db::values![typed],
        |r| r.get::<String>(0),
    )?)
}

fn read_claim(sql: &impl db::Sql, claim_id: &str) -> Result<Option<Claim>, StoreError> {
    let Some(claim_id) = registered_id(sql, claim_id)? else {
        return Ok(None);
    };
    let row = sql.row(
        "SELECT claim_id, program, activity, location, status, currency, usage_start,
                usage_end, funds_total, funds_approved
         FROM claims WHERE claim_id = ?1",
        db::values![&claim_id],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<String>(4)?,
                r.get::<String>(5)?,
                r.get::<String>(6)?,
                r.get::<String>(7)?,
                r.get::<String>(8)?,
                r.get::<Option<String>>(9)?,
            ))
        },
    )?;
    let Some((id, program, activity, location, status, currency, start, end, total, approved)) =
        row
    else {
        return Ok(None);
    };
    let corrupt = |what: &str, value: &str| {
        StoreError::Unusable(
            format!("claim {id}"),
            text!("store-corrupt", what = what, value = value),
        )
    };
    let references: Vec<String> = sql.rows(
        "SELECT reference FROM claim_references WHERE claim_id = ?1 ORDER BY rowid",
        db::values![&id],
        |r| r.get(0),
    )?;
    Ok(Some(Claim {
        status: Status::from_str(&status).map_err(|_| corrupt("status", &status))?,
        usage_start: NaiveDate::from_str(&start).map_err(|_| corrupt("usage_start", &start))?,
        usage_end: NaiveDate::from_str(&end).map_err(|_| corrupt("usage_end", &end))?,
        funds_total: Decimal::from_str(&total).map_err(|_| corrupt("funds_total", &total))?,
        funds_approved: match approved {
            Some(a) => Some(Decimal::from_str(&a).map_err(|_| corrupt("funds_approved", &a))?),
            None => None,
        },
        claim_id: id,
        program,
        activity,
        location,
        currency,
        references,
    }))
}

fn insert_claim(
    tx: &Tx,
    input: &ClaimInput,
    status: Status,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let now = timestamp(at);
    tx.execute(
        "INSERT INTO claims (claim_id, program, activity, location, status, currency, usage_start,
                             usage_end, funds_total, funds_approved, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        values![
            input.claim_id,
            input.program,
            input.activity,
            input.location,
            status.as_str(),
            input.currency,
            input.usage_start.to_string(),
            input.usage_end.to_string(),
            money(input.funds_total),
            input.funds_approved.map(money),
            now,
        ],
    )?;
    insert_references(tx, &input.claim_id, &input.references)?;
    let mut details = format!(
        "program '{}', {} {}..{}, funds_total {} {}, status {}",
        input.program,
        if input.activity.is_empty() {
            "activity -"
        } else {
            &input.activity
        },
        input.usage_start,
        input.usage_end,
        money(input.funds_total),
        input.currency,
        status,
    );
    if !input.references.is_empty() {
        details.push_str(&format!(", references {}", input.references.join(";")));
    }
    record(
        tx,
        &NewEntry {
            at,
            claim_id: Some(&input.claim_id),
            actor,
            action: Action::ClaimCreated,
            document_sha256: None,
            details,
        },
        None,
    )?;
    Ok(())
}

fn insert_references(tx: &Tx, claim_id: &str, references: &[String]) -> Result<(), StoreError> {
    for reference in references {
        tx.execute(
            "INSERT INTO claim_references (claim_id, reference, norm) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            values![claim_id, reference, normalize_reference(reference)],
        )?;
    }
    Ok(())
}

/// Applies a register row to a known claim; returns whether anything changed.
fn update_claim(
    tx: &Tx,
    current: &Claim,
    input: &ClaimInput,
    actor: &str,
    at: DateTime<Utc>,
    source: &str,
) -> Result<bool, StoreError> {
    let mut changes: Vec<String> = Vec::new();
    let mut note = |field: &str, before: String, after: String| {
        if before != after {
            changes.push(format!("{field}: '{before}' -> '{after}'"));
        }
    };
    note("program", current.program.clone(), input.program.clone());
    note("activity", current.activity.clone(), input.activity.clone());
    note("location", current.location.clone(), input.location.clone());
    note(
        "usage_start",
        current.usage_start.to_string(),
        input.usage_start.to_string(),
    );
    note(
        "usage_end",
        current.usage_end.to_string(),
        input.usage_end.to_string(),
    );
    note("currency", current.currency.clone(), input.currency.clone());
    note(
        "funds_total",
        money(current.funds_total),
        money(input.funds_total),
    );
    // An empty funds_approved cell in a register means "no decision carried here", not "erase".
    let funds_approved = input.funds_approved.or(current.funds_approved);
    note(
        "funds_approved",
        current.funds_approved.map(money).unwrap_or_default(),
        funds_approved.map(money).unwrap_or_default(),
    );
    note(
        "references",
        current.references.join(";"),
        input.references.join(";"),
    );

    let mut changed = false;
    if !changes.is_empty() {
        tx.execute(
            "UPDATE claims SET program = ?2, activity = ?3, location = ?4, usage_start = ?5,
                    usage_end = ?6, currency = ?7, funds_total = ?8, funds_approved = ?9,
                    updated_at = ?10
             WHERE claim_id = ?1",
            values![
                input.claim_id,
                input.program,
                input.activity,
                input.location,
                input.usage_start.to_string(),
                input.usage_end.to_string(),
                input.currency,
                money(input.funds_total),
                funds_approved.map(money),
                timestamp(at),
            ],
        )?;
        tx.execute(
            "DELETE FROM claim_references WHERE claim_id = ?1",
            values![&input.claim_id],
        )?;
        insert_references(tx, &input.claim_id, &input.references)?;
        record(
            tx,
            &NewEntry {
                at,
                claim_id: Some(&input.claim_id),
                actor,
                action: Action::ClaimUpdated,
                document_sha256: None,
                details: format!("{} (from {source})", changes.join("; ")),
            },
            None,
        )?;
        changed = true;
    }
    if let Some(to) = input.status
        && to != current.status
    {
        move_status(
            tx,
            current,
            to,
            actor,
            at,
            &format!(" (from {source})"),
            input.comment.as_deref(),
        )?;
        changed = true;
    }
    Ok(changed)
}

/// Moves a claim's status with its `status_changed` entry and the event that tells the claim's
/// people (`comment`: what the reviewer wants, or why).
fn move_status(
    tx: &Tx,
    current: &Claim,
    to: Status,
    actor: &str,
    at: DateTime<Utc>,
    suffix: &str,
    comment: Option<&str>,
) -> Result<(), StoreError> {
    current
        .status
        .transition(to)
        .map_err(|refused| StoreError::Refused {
            claim: current.claim_id.clone(),
            refused,
        })?;
    tx.execute(
        // A new status, a new question: the first comment after a move into `info_requested`
        // becomes it (`append`).
        "UPDATE claims SET status = ?2, updated_at = ?3, question = NULL WHERE claim_id = ?1",
        values![current.claim_id, to.as_str(), timestamp(at)],
    )?;
    record(
        tx,
        &NewEntry {
            at,
            claim_id: Some(&current.claim_id),
            actor,
            action: Action::StatusChanged,
            document_sha256: None,
            details: format!("{} -> {to}{suffix}", current.status),
        },
        Some(Notice {
            event: crate::domain::Event::of_status(to),
            concerned: Concerned::ClaimPeople,
            details: serde_json::json!({
                "from": current.status.as_str(),
                "to": to.as_str(),
                "comment": comment.map(str::trim).filter(|c| !c.is_empty()),
            }),
        }),
    )?;
    Ok(())
}

/// Adds a register row's comment, unless it is the claim's latest comment already, so that
/// importing the same register twice does not repeat it. Returns whether it was added.
fn append_comment(
    tx: &Tx,
    input: &ClaimInput,
    actor: &str,
    at: DateTime<Utc>,
    source: &str,
) -> Result<bool, StoreError> {
    let Some(text) = input.comment.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Ok(false);
    };
    let details = format!("{text} (from {source})");
    let latest: Option<String> = tx.row(
        "SELECT details FROM history WHERE claim_id = ?1 AND action = ?2
             ORDER BY seq DESC LIMIT 1",
        values![input.claim_id, Action::CommentAdded.as_str()],
        |r| r.get(0),
    )?;
    if latest.as_deref() == Some(details.as_str()) {
        return Ok(false);
    }
    record(
        tx,
        &NewEntry {
            at,
            claim_id: Some(&input.claim_id),
            actor,
            action: Action::CommentAdded,
            document_sha256: None,
            details,
        },
        None,
    )?;
    Ok(true)
}

/// What the people concerned are told of a history entry (SPEC §5a): the event, who it
/// concerns, and what the webhook's `details` say. Its claim, time and actor are the entry's.
pub struct Notice {
    pub event: crate::domain::Event,
    pub concerned: Concerned,
    pub details: serde_json::Value,
}

/// Writes a history entry and, when people are to be told of it, its event: one call, in the
/// caller's transaction, so that no change is recorded without its notification or told
/// without its record.
pub fn record(tx: &Tx, entry: &NewEntry, notice: Option<Notice>) -> Result<i64, StoreError> {
    let seq = append(tx, entry)?;
    if let Some(notice) = notice {
        outbox::raise(
            tx,
            &NewEvent {
                event: notice.event,
                claim_id: entry.claim_id,
                at: entry.at,
                actor: entry.actor,
                concerned: notice.concerned,
                details: notice.details,
            },
        )?;
    }
    Ok(seq)
}

/// A column holding one of a closed set of names, as its type: a name the store does not know
/// is an error, not a string passed on.
fn typed<T>(
    r: &db::Row,
    column: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, db::DbError> {
    let text: String = r.get(column)?;
    parse(&text).ok_or_else(|| db::DbError::Type {
        column,
        why: format!("unknown name {text:?}"),
    })
}

/// Appends one history entry to the chain, inside the caller's transaction: only `record`
/// calls it, so every entry is written with its notification, if it has one.
fn append(tx: &Tx, entry: &NewEntry) -> Result<i64, StoreError> {
    // The chain is one line: two writers must not both link to the same last entry. SQLite's
    // writing transactions hold its one write lock already; on PostgreSQL the appenders take
    // one lock, held to their transaction's end.
    if tx.is_postgres() {
        tx.row(
            "SELECT pg_advisory_xact_lock(?1)",
            values![HISTORY_LOCK],
            |_| Ok(()),
        )?;
    }
    let (last_seq, prev_hash): (i64, String) = tx
        .row(
            "SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .unwrap_or((0, GENESIS.to_string()));
    let seq = last_seq + 1;
    let at = timestamp(entry.at);
    let action = entry.action.as_str();
    let hash = entry_hash(
        seq,
        &at,
        entry.claim_id,
        entry.actor,
        action,
        entry.document_sha256,
        &entry.details,
        &prev_hash,
    );
    tx.execute(
        "INSERT INTO history (seq, at, claim_id, actor, action, document_sha256, details,
                              prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        values![
            seq,
            at,
            entry.claim_id,
            entry.actor,
            action,
            entry.document_sha256,
            entry.details,
            prev_hash,
            hash
        ],
    )?;
    if entry.action == Action::CommentAdded
        && let Some(claim_id) = entry.claim_id
    {
        // The reviewer's question is the first comment after the claim moved to
        // `info_requested`: kept with the claim, so reports need not search the history.
        tx.execute(
            "UPDATE claims SET question = ?2
             WHERE claim_id = ?1 AND status = 'info_requested' AND question IS NULL",
            values![claim_id, entry.details],
        )?;
    }
    Ok(seq)
}

/// The content hash of an entry: SHA-256 over an unambiguous encoding (a JSON array) of
/// every column, the link to the previous entry included.
#[allow(clippy::too_many_arguments)]
fn entry_hash(
    seq: i64,
    at: &str,
    claim_id: Option<&str>,
    actor: &str,
    action: &str,
    document_sha256: Option<&str>,
    details: &str,
    prev_hash: &str,
) -> String {
    let encoded = serde_json::json!([
        seq,
        at,
        claim_id,
        actor,
        action,
        document_sha256,
        details,
        prev_hash
    ])
    .to_string();
    hex::encode(Sha256::digest(encoded.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(id: &str) -> ClaimInput {
        ClaimInput {
            claim_id: id.into(),
            program: "Co-op FY25".into(),
            activity: "Webinar".into(),
            location: "Online".into(),
            usage_start: NaiveDate::from_ymd_opt(2024, 8, 1).unwrap(),
            usage_end: NaiveDate::from_ymd_opt(2024, 9, 30).unwrap(),
            currency: "EUR".into(),
            funds_total: Decimal::new(1000000, 2),
            references: vec!["PO-1".into()],
            status: None,
            funds_approved: None,
            comment: None,
        }
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("claimdrop.db")).unwrap();
        (dir, store)
    }

    /// A real PostgreSQL server, or None where none can start (a failure under CI, which
    /// requires every test).
    pub(crate) fn postgres() -> Option<test_postgres::Postgres> {
        match test_postgres::Postgres::try_start() {
            Ok(server) => Some(server),
            Err(why) if std::env::var_os("CLAIMDROP_TESTS_REQUIRE_ALL").is_none() => {
                eprintln!("SKIPPED: {why}");
                None
            }
            Err(why) => panic!("cannot run here, and CI requires every test: {why}"),
        }
    }

    /// A store in a fresh PostgreSQL database: an empty SQLite store copied there.
    fn shared_store(server: &test_postgres::Postgres, name: &str) -> Store {
        let url = server.database(name);
        let (_dir, mut sqlite) = store();
        let mut shared = Shared::connect(&url, None).unwrap();
        sqlite.copy_into(&mut shared).unwrap();
        Shared::connect(&url, None).unwrap().into_store().unwrap()
    }

    #[test]
    fn holds_are_kept_alike_in_both_engines() {
        let server = postgres();
        let (_dir, sqlite) = store();
        let mut stores = vec![sqlite];
        stores.extend(server.as_ref().map(|server| shared_store(server, "holds")));
        for store in &mut stores {
            let at = DateTime::parse_from_rfc3339("2024-11-20T09:00:00Z")
                .unwrap()
                .with_timezone(&Utc);
            let mut hold = Hold {
                original_path: "inbox/invoices/locked.pdf".into(),
                kind: Some(Kind::Invoice),
                cause: Cause::Unreadable,
                reason: "permission denied".into(),
                fingerprint: "a".into(),
                first_seen: "2024-11-20T09:00:00Z".into(),
                tries: 1,
                next_try_at: at,
            };
            assert!(store.hold(&hold).unwrap(), "a new hold is told");
            hold.tries = 2;
            hold.first_seen = "2024-11-21T09:00:00Z".into();
            assert!(!store.hold(&hold).unwrap(), "a further try is not");
            let held = store.holds().unwrap();
            assert_eq!(held.len(), 1);
            assert_eq!(held[0].tries, 2);
            assert_eq!(
                held[0].first_seen, "2024-11-20T09:00:00Z",
                "first seen kept"
            );
            assert_eq!(held[0].next_try_at, at);
            hold.cause = Cause::Unremovable;
            assert!(store.hold(&hold).unwrap(), "a new cause is told");
            store.release("inbox/invoices/locked.pdf").unwrap();
            assert!(store.holds().unwrap().is_empty());
            assert_eq!(store.counts().unwrap(), Counts::default());
            assert!(matches!(
                store.verify().unwrap(),
                Verification::Intact { entries: 0 }
            ));
        }
        if server.is_some() {
            assert_eq!(stores[1].schema_version().unwrap(), 2);
        }
    }

    #[test]
    fn an_older_postgres_schema_is_upgraded_when_the_store_is_opened() {
        let Some(server) = postgres() else { return };
        let url = server.database("older");
        let (_dir, mut sqlite) = store();
        let mut shared = Shared::connect(&url, None).unwrap();
        sqlite.copy_into(&mut shared).unwrap();
        // As the first version left it.
        server.query(
            "older",
            "DROP INDEX documents_archive_path; DROP INDEX exceptions_quarantine_path;
             DELETE FROM claimdrop_schema WHERE version = 2",
        );
        let shared = Shared::connect(&url, None).unwrap();
        assert_eq!(shared.schema_version().unwrap(), 1);
        let store = shared.into_store().unwrap();
        assert_eq!(store.schema_version().unwrap(), 2);
        let indexes = server.query(
            "older",
            "SELECT COUNT(*) FROM pg_indexes
             WHERE indexname IN ('documents_archive_path', 'exceptions_quarantine_path')",
        );
        assert_eq!(indexes, "2");
        // A second opening finds nothing left to do.
        let again = Shared::connect(&url, None).unwrap().into_store().unwrap();
        assert_eq!(again.schema_version().unwrap(), 2);
    }

    #[test]
    fn a_duty_taken_by_another_daemon_while_the_database_was_away_is_let_go_not_fatal() {
        let Some(server) = postgres() else { return };
        let one = shared_store(&server, "duty");
        let url = format!("postgres://claimdrop@127.0.0.1:{}/duty", server.port);
        assert!(one.on_duty().unwrap());
        // Its connection cut: another daemon takes the duty meanwhile.
        server.query(
            "duty",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name LIKE 'claimdrop on %'",
        );
        let other = Shared::connect(&url, None).unwrap().into_store().unwrap();
        assert!(other.on_duty().unwrap());
        // The first notices the cut once, connects again, and goes on without the duty.
        let _ = one.counts();
        assert_eq!(one.counts().unwrap(), Counts::default());
        assert!(!one.on_duty().unwrap());
        assert!(other.on_duty().unwrap());
    }

    /// A document as a daemon decided it, for the race below.
    fn decided(sha: &str, archive_path: &str, at: DateTime<Utc>) -> Filing {
        Filing::Attach {
            document: NewDocument {
                sha256: sha.into(),
                claim_id: "CLM-000001".into(),
                kind: Kind::Invoice,
                original_name: "x.pdf".into(),
                original_path: format!("inbox/invoices/{sha}/x.pdf"),
                bytes: 1,
                read: crate::domain::DocumentRead {
                    format: "pdf".into(),
                    pages: Some(1),
                    invoice_number: None,
                    document_date: None,
                    amount: None,
                    currency: None,
                    vendor: None,
                    fields_source: "none".into(),
                    einvoice: String::new(),
                    einvoice_mismatch: None,
                    metadata: "{}".into(),
                },
                matched_by: MatchRule::Folder,
                received_at: at,
                actor: "ana".into(),
                archive_path: archive_path.into(),
                note: None,
                retain_until: None,
                source_identity: None,
            },
            retried: None,
        }
    }

    #[test]
    fn a_daemon_filing_bytes_or_a_name_another_filed_meanwhile_is_refused_whole() {
        let Some(server) = postgres() else { return };
        let mut one = shared_store(&server, "raced");
        let url = format!("postgres://claimdrop@127.0.0.1:{}/raced", server.port);
        let mut other = Shared::connect(&url, None).unwrap().into_store().unwrap();
        let at = DateTime::parse_from_rfc3339("2024-11-20T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        one.create_claim(&input("CLM-000001"), "ana", at).unwrap();
        // Both daemons decided the same bytes; the first to commit files them.
        let first = decided("aa", "archive/CLM-000001/invoice/x.pdf", at);
        one.file_all([&first]).unwrap();
        let same_bytes = decided("aa", "archive/CLM-000001/invoice/x (2).pdf", at);
        let fresh = decided("bb", "archive/CLM-000001/invoice/y.pdf", at);
        assert!(matches!(
            other.file_all([&fresh, &same_bytes]),
            Err(StoreError::Raced(what)) if what == "aa"
        ));
        // Other bytes, given the name the first took.
        let same_name = decided("cc", "archive/CLM-000001/invoice/x.pdf", at);
        assert!(matches!(
            other.file_all([&same_name]),
            Err(StoreError::Raced(what)) if what == "archive/CLM-000001/invoice/x.pdf"
        ));
        // Nothing of a refused batch was written; decided again, it files.
        assert_eq!(other.counts().unwrap().documents, 1);
        assert!(
            other
                .recorded_at("archive/CLM-000001/invoice/x.pdf")
                .unwrap()
        );
        assert!(
            !other
                .recorded_at("archive/CLM-000001/invoice/y.pdf")
                .unwrap()
        );
        other.file_all([&fresh]).unwrap();
        assert_eq!(one.counts().unwrap().documents, 2);
        assert!(matches!(
            one.verify().unwrap(),
            Verification::Intact { entries: 3 }
        ));
    }

    #[test]
    fn claims_and_their_history_are_written_alike_in_both_engines() {
        let server = postgres();
        let (_dir, sqlite) = store();
        let mut stores = vec![sqlite];
        stores.extend(server.as_ref().map(|server| shared_store(server, "claims")));
        let at = DateTime::parse_from_rfc3339("2024-11-20T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for store in &mut stores {
            store.create_claim(&input("CLM-000001"), "ana", at).unwrap();
            assert!(matches!(
                store.create_claim(&input("clm-000001"), "ana", at),
                Err(StoreError::ClaimExists(id)) if id == "CLM-000001"
            ));
            store
                .add_comment("CLM-000001", "first pass", None, "ana", at)
                .unwrap();
            let change = StatusChange {
                to: Status::Submitted,
                funds_approved: None,
                comment: Some("all there"),
                note: "",
            };
            store
                .change_status("CLM-000001", &change, "ana", at)
                .unwrap();
            let refused = StatusChange {
                to: Status::Paid,
                ..change
            };
            assert!(matches!(
                store.change_status("CLM-000001", &refused, "ana", at),
                Err(StoreError::Refused { .. })
            ));
            assert!(matches!(
                store.verify().unwrap(),
                Verification::Intact { entries: 4 }
            ));
        }
        if let [sqlite, shared] = &stores[..] {
            // The same entries, hash for hash: the chain does not depend on the engine.
            assert_eq!(sqlite.history(None).unwrap(), shared.history(None).unwrap());
            assert_eq!(
                sqlite.claim("CLM-000001").unwrap(),
                shared.claim("clm-000001").unwrap()
            );
            assert_eq!(
                sqlite.unexpanded_events(10).unwrap().len(),
                shared.unexpanded_events(10).unwrap().len()
            );
        }
    }

    #[test]
    fn history_links_every_entry_to_the_one_before() {
        let (_dir, mut store) = store();
        store
            .create_claim(&input("CLM-000001"), "ana", Utc::now())
            .unwrap();
        store
            .change_status(
                "CLM-000001",
                &StatusChange {
                    to: Status::Submitted,
                    funds_approved: None,
                    comment: Some("go"),
                    note: "",
                },
                "ana",
                Utc::now(),
            )
            .unwrap();
        let history = store.history(None).unwrap();
        assert_eq!(history.len(), 3);
        assert_eq!(store.verify().unwrap(), Verification::Intact { entries: 3 });
    }

    #[test]
    fn the_triggers_refuse_edits() {
        let (_dir, mut store) = store();
        store
            .create_claim(&input("CLM-000001"), "ana", Utc::now())
            .unwrap();
        let update = store
            .conn()
            .unwrap()
            .execute("UPDATE history SET actor = 'eve'", []);
        assert!(update.unwrap_err().to_string().contains("append-only"));
        let delete = store.conn().unwrap().execute("DELETE FROM history", []);
        assert!(delete.unwrap_err().to_string().contains("append-only"));
    }

    #[test]
    fn a_refused_register_row_rolls_back_the_whole_import() {
        let (_dir, mut store) = store();
        store
            .create_claim(&input("CLM-000001"), "ana", Utc::now())
            .unwrap();
        let before = store.history(None).unwrap().len();
        let mut paid = input("CLM-000001");
        paid.status = Some(Status::Paid);
        let rows = vec![
            RegisterRow {
                row: 2,
                claim: input("CLM-000002"),
            },
            RegisterRow {
                row: 3,
                claim: paid,
            },
        ];
        let err = store
            .import_register(&rows, "register.csv", "ana", Utc::now())
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("row 3 (CLM-000001): status is editing")
        );
        assert!(store.claim("CLM-000002").unwrap().is_none());
        assert_eq!(store.history(None).unwrap().len(), before);
    }

    #[test]
    fn importing_the_same_register_twice_changes_nothing_the_second_time() {
        let (_dir, mut store) = store();
        let mut row = input("CLM-000001");
        row.comment = Some("first batch".into());
        let rows = vec![RegisterRow { row: 2, claim: row }];
        let first = store
            .import_register(&rows, "r.csv", "ana", Utc::now())
            .unwrap();
        assert_eq!(first.created, 1);
        let entries = store.history(None).unwrap().len();
        let second = store
            .import_register(&rows, "r.csv", "ana", Utc::now())
            .unwrap();
        assert_eq!(second.unchanged, 1);
        assert_eq!(store.history(None).unwrap().len(), entries);
    }

    #[test]
    fn references_compare_without_case_or_separators() {
        assert_eq!(
            normalize_reference("PO-14064"),
            normalize_reference("po 14064")
        );
    }
}
