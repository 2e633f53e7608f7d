//! Documents and quarantine records: the store's half of filing a dropped file.
//!
//! Each function is one transaction holding the row and its history entry, so a crash leaves
//! either both or neither. The file system half (archive, quarantine, inbox) is ordered around
//! these commits by the pipeline.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::db::{DbError, Row, Sql, Tx, values};
use super::{Concerned, NewEntry, NewEvent, Store, StoreError, record, timestamp, typed};
use crate::domain::{Action, DocumentRead, Event, Kind, MatchRule, Outcome, Status};

/// Every claim with its status, and every (claim, reference) pair.
pub type ClaimIndex = (Vec<(String, Status)>, Vec<(String, String)>);

/// A document about to be attached.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub sha256: String,
    pub claim_id: String,
    pub kind: Kind,
    pub original_name: String,
    pub original_path: String,
    pub bytes: u64,
    /// What its reading came to, recorded as the decision gave it.
    pub read: DocumentRead,
    pub matched_by: MatchRule,
    pub received_at: DateTime<Utc>,
    pub actor: String,
    pub archive_path: String,
    pub note: Option<String>,
    /// None when there is no date to count from (neither the document's nor the claim's).
    pub retain_until: Option<NaiveDate>,
    /// The file it was filed from (`Subject::source_identity`).
    pub source_identity: Option<String>,
}

/// What the store records when a file ends (`Store::file_all`): every way a file is filed,
/// moved or taken off its claim is one of these, written in one transaction with its history.
#[derive(Debug, Clone)]
// One per file, moved a few times: boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Filing {
    /// A document attached; `retried` is the quarantine record of a parked file it was.
    Attach {
        document: NewDocument,
        retried: Option<ExceptionRow>,
    },
    /// A file to quarantine, with the entry it adds to the history of a claim it names.
    Quarantine {
        exception: NewException,
        history: Option<(Action, String)>,
    },
    /// A parked file tried again and parked again: where it stays (`quarantine_path` none) or
    /// the other quarantine folder it goes to.
    Requarantine {
        exception_id: i64,
        outcome: Outcome,
        reason: String,
        claim_id: Option<String>,
        quarantine_path: Option<String>,
        history: Option<(Action, String)>,
        actor: String,
        at: DateTime<Utc>,
    },
    /// An attached document taken off its claim to `quarantine/detached/`.
    Detach {
        sha256: String,
        quarantine_path: String,
        reason: String,
        actor: String,
        at: DateTime<Utc>,
    },
    /// An attached document moved to another claim, at its new archive path.
    Move {
        sha256: String,
        to: String,
        archive_path: String,
        comment: Option<String>,
        actor: String,
        at: DateTime<Utc>,
    },
    /// A note that came after its document, now at `file` beside it.
    Note {
        home: super::NoteHome,
        text: String,
        file: String,
        actor: String,
        at: DateTime<Utc>,
    },
}

/// A file about to go to quarantine.
#[derive(Debug, Clone)]
pub struct NewException {
    pub sha256: String,
    pub original_path: String,
    pub kind: Kind,
    pub outcome: Outcome,
    pub reason: String,
    pub quarantine_path: String,
    pub claim_id: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
    /// The file it was quarantined from; none when a person detached it.
    pub source_identity: Option<String>,
}

/// A quarantine record, keyed like `exceptions.csv` plus what retrying needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExceptionRow {
    pub at: String,
    pub original_path: String,
    pub kind: Kind,
    pub outcome: Outcome,
    pub reason: String,
    pub quarantine_path: String,
    #[serde(skip)]
    pub exception_id: i64,
    #[serde(skip)]
    pub sha256: String,
    #[serde(skip)]
    pub claim_id: Option<String>,
    #[serde(skip)]
    pub actor: String,
    /// The file it was quarantined from (`Subject::source_identity`).
    #[serde(skip)]
    pub source_identity: Option<String>,
}

/// Where an already attached copy of some bytes is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    pub claim_id: String,
    pub original_path: String,
    pub archive_path: String,
    pub source_identity: Option<String>,
}

const EXCEPTION_COLUMNS: &str = "exception_id, at, original_path, kind, outcome, reason,
    quarantine_path, sha256, claim_id, actor, source_identity";

fn exception_row(r: &Row) -> Result<ExceptionRow, DbError> {
    Ok(ExceptionRow {
        exception_id: r.get(0)?,
        at: r.get(1)?,
        original_path: r.get(2)?,
        kind: typed(r, 3, Kind::parse)?,
        outcome: typed(r, 4, Outcome::parse)?,
        reason: r.get(5)?,
        quarantine_path: r.get(6)?,
        sha256: r.get(7)?,
        claim_id: r.get(8)?,
        actor: r.get(9)?,
        source_identity: r.get(10)?,
    })
}

impl Store {
    /// Every claim with its status, and every claim reference: what matching needs.
    pub fn claim_index(&self) -> Result<ClaimIndex, StoreError> {
        let claims = self
            .db
            .rows("SELECT claim_id, status FROM claims", &[], |row| {
                Ok((row.get::<String>(0)?, row.get::<String>(1)?))
            })?;
        let claims = claims
            .into_iter()
            .map(|(id, status)| match status.parse::<Status>() {
                Ok(status) => Ok((id, status)),
                Err(_) => Err(StoreError::Unusable(
                    format!("claim {id}"),
                    crate::text!("store-corrupt", what = "status", value = &status),
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let references = self.db.rows(
            "SELECT claim_id, reference FROM claim_references",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((claims, references))
    }

    pub fn attached(&self, sha256: &str) -> Result<Option<Attached>, StoreError> {
        Ok(self.db.row(
            "SELECT claim_id, original_path, archive_path, source_identity FROM documents
             WHERE sha256 = ?1",
            values![sha256],
            |r| {
                Ok(Attached {
                    claim_id: r.get(0)?,
                    original_path: r.get(1)?,
                    archive_path: r.get(2)?,
                    source_identity: r.get(3)?,
                })
            },
        )?)
    }

    /// Records how files ended, in one transaction, in order: one commit (and one fsync of
    /// the store) for many files, their history entries chained in the order the files were
    /// decided. An attachment of a parked file also ends its quarantine record
    /// (`document_retried`).
    pub fn file_all<'a>(
        &mut self,
        filings: impl IntoIterator<Item = &'a Filing>,
    ) -> Result<(), StoreError> {
        let filings: Vec<&Filing> = filings.into_iter().collect();
        let tx = self.db.transaction(true)?;
        if tx.is_postgres() {
            refuse_raced(&tx, &filings)?;
        }
        for filing in filings {
            match filing {
                Filing::Attach { document, retried } => {
                    attach_in(&tx, document, retried.as_ref())?;
                }
                Filing::Quarantine { exception, history } => {
                    quarantine_in(&tx, exception, history.as_ref())?;
                }
                Filing::Requarantine {
                    exception_id,
                    outcome,
                    reason,
                    claim_id,
                    quarantine_path,
                    history,
                    actor,
                    at,
                } => {
                    tx.execute(
                        "UPDATE exceptions SET outcome = ?2, reason = ?3, claim_id = ?4,
                            quarantine_path = COALESCE(?5, quarantine_path)
                         WHERE exception_id = ?1",
                        values![
                            exception_id,
                            outcome.as_str(),
                            reason,
                            claim_id,
                            quarantine_path
                        ],
                    )?;
                    if let (Some(claim_id), Some((action, details))) = (claim_id, history) {
                        let sha: String = tx
                            .row(
                                "SELECT sha256 FROM exceptions WHERE exception_id = ?1",
                                values![exception_id],
                                |r| r.get(0),
                            )?
                            .ok_or(DbError::NoRow)?;
                        record(
                            &tx,
                            &NewEntry {
                                at: *at,
                                claim_id: Some(claim_id),
                                actor,
                                action: *action,
                                document_sha256: Some(&sha),
                                details: details.clone(),
                            },
                            None,
                        )?;
                    }
                }
                Filing::Detach {
                    sha256,
                    quarantine_path,
                    reason,
                    actor,
                    at,
                } => detach_in(&tx, sha256, quarantine_path, reason, actor, *at)?,
                Filing::Move {
                    sha256,
                    to,
                    archive_path,
                    comment,
                    actor,
                    at,
                } => super::corrections::move_in(
                    &tx,
                    sha256,
                    to,
                    archive_path,
                    comment.as_deref(),
                    actor,
                    *at,
                )?,
                Filing::Note {
                    home,
                    text,
                    file,
                    actor,
                    at,
                } => super::notes::add_note_in(&tx, home, text, file, actor, *at)?,
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The open quarantine record of these bytes from this inbox path, if a run was cut short
    /// after recording it.
    pub fn open_exception(
        &self,
        sha256: &str,
        original_path: &str,
    ) -> Result<Option<ExceptionRow>, StoreError> {
        Ok(self.db.row(
            &format!(
                "SELECT {EXCEPTION_COLUMNS} FROM exceptions
                 WHERE sha256 = ?1 AND original_path = ?2 AND resolved_at IS NULL
                 ORDER BY exception_id DESC LIMIT 1"
            ),
            values![sha256, original_path],
            exception_row,
        )?)
    }

    /// Files in quarantine now, oldest first; only parked ones when `parked_only`.
    pub fn open_exceptions(&self, parked_only: bool) -> Result<Vec<ExceptionRow>, StoreError> {
        Ok(self.db.rows(
            &format!(
                "SELECT {EXCEPTION_COLUMNS} FROM exceptions WHERE resolved_at IS NULL
                   AND (?1 = 0 OR outcome IN ('unmatched', 'ambiguous', 'claim_locked'))
                 ORDER BY exception_id"
            ),
            values![i64::from(parked_only)],
            exception_row,
        )?)
    }

    /// Closes the rows nobody has to look at any more (SPEC §6 `exceptions.csv`): the file was
    /// moved out of quarantine or deleted, its bytes were attached since, or a later version
    /// dropped at the same path was. A duplicate's bytes were attached before it came, so it
    /// stays until its copy leaves quarantine. Returns the quarantine paths of the rows closed
    /// because their copy left quarantine (a person moved or deleted it): the reason texts
    /// beside them are claimdrop's, and go too.
    pub fn settle_exceptions(
        &mut self,
        root: &std::path::Path,
        at: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let open: Vec<(i64, String, String, String, String, String)> = {
            self.db.rows(
                "SELECT exception_id, quarantine_path, sha256, original_path, at, outcome
                 FROM exceptions WHERE resolved_at IS NULL",
                &[],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )?
        };
        let tx = self.db.transaction(true)?;
        let mut left = Vec::new();
        for (id, quarantine_path, sha256, original_path, since, outcome) in open {
            // Gone from quarantine, and not still waiting in the inbox to be moved there (a
            // filing cut short, a file claimdrop may not move: those are finished or held).
            let absent = |path: &str| root.join(path).symlink_metadata().is_err();
            let gone =
                !quarantine_path.is_empty() && absent(&quarantine_path) && absent(&original_path);
            let attached_since: bool = tx
                .row(
                    "SELECT ?3 <> 'duplicate' AND EXISTS (SELECT 1 FROM documents
                   WHERE sha256 = ?1 OR (original_path = ?2 AND received_at >= ?4))",
                    values![sha256, original_path, outcome, since],
                    |r| r.get(0),
                )?
                .ok_or(DbError::NoRow)?;
            if gone || attached_since {
                tx.execute(
                    "UPDATE exceptions SET resolved_at = ?2 WHERE exception_id = ?1",
                    values![id, timestamp(at)],
                )?;
                if gone {
                    left.push(quarantine_path);
                }
            }
        }
        tx.commit()?;
        Ok(left)
    }

    /// Parked files attached on a retry, with where their quarantine copy was and where the
    /// archive copy is: a crash between the commit and the move leaves the first behind.
    pub fn retried_placements(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        Ok(self.db.rows(
            "SELECT e.quarantine_path, d.archive_path, d.sha256
             FROM exceptions e JOIN documents d ON d.sha256 = e.sha256
             WHERE e.resolved_at IS NOT NULL",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// All attached documents, for `documents.csv`, in the order they were attached.
    pub fn all_documents(
        &self,
        mut each: impl FnMut(super::DocumentRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut failed = None;
        self.db.each(
            &format!(
                "SELECT {} FROM documents ORDER BY document_id",
                super::DOCUMENT_COLUMNS
            ),
            &[],
            |row| match each(super::document_row(row)?) {
                Ok(()) => Ok(true),
                Err(e) => {
                    failed = Some(e);
                    Ok(false)
                }
            },
        )?;
        failed.map_or(Ok(()), Err)
    }

    /// A claim's newest `limit` history entries, newest first: `[at, actor, action, details]`.
    pub fn recent_history(
        &self,
        claim_id: &str,
        limit: u32,
    ) -> Result<Vec<[String; 4]>, StoreError> {
        Ok(self.db.rows(
            "SELECT at, actor, action, details FROM history WHERE claim_id = ?1
             ORDER BY seq DESC LIMIT ?2",
            values![claim_id, limit],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
        )?)
    }

    /// The `seq` from which the newest `count` history entries start (1 when there are fewer).
    pub fn newest_history_from(&self, count: u32) -> Result<i64, StoreError> {
        Ok(self
            .db
            .row(
                "SELECT COALESCE((SELECT seq FROM history ORDER BY seq DESC
                                  LIMIT 1 OFFSET ?1 - 1), 1)",
                values![count],
                |r| r.get(0),
            )?
            .unwrap_or(1))
    }

    /// The newest history entry's `seq` (0 before any).
    pub fn last_seq(&self) -> Result<i64, StoreError> {
        Ok(self
            .db
            .row("SELECT COALESCE(MAX(seq), 0) FROM history", &[], |r| {
                r.get(0)
            })?
            .unwrap_or(0))
    }

    /// Every history entry up to `until`, in `seq` order: the table front to back. The
    /// history only grows and never changes, so the entries up to a `seq` are the same in any
    /// later snapshot. Each row's cells are borrowed from it (no copy).
    pub fn history_rows(
        &self,
        until: i64,
        mut each: impl FnMut(&[&str; 7]),
    ) -> Result<(), StoreError> {
        let mut seq = String::new();
        self.db.each(
            "SELECT seq, at, claim_id, actor, action, document_sha256, details FROM history
             WHERE seq <= ?1 ORDER BY seq",
            values![until],
            |row| {
                seq.clear();
                let number: i64 = row.get(0)?;
                use std::fmt::Write;
                let _ = write!(seq, "{number}");
                each(&[
                    &seq,
                    row.text(1)?,
                    row.text(2)?,
                    row.text(3)?,
                    row.text(4)?,
                    row.text(5)?,
                    row.text(6)?,
                ]);
                Ok(true)
            },
        )?;
        Ok(())
    }
}

/// A quarantine record and its claim's history entry, inside the caller's transaction.
fn quarantine_in(
    tx: &Tx,
    exception: &NewException,
    claim_history: Option<&(Action, String)>,
) -> Result<i64, StoreError> {
    let id = tx
        .row(
            "INSERT INTO exceptions (sha256, original_path, kind, outcome, reason,
            quarantine_path, claim_id, actor, at, note, source_identity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING exception_id",
            values![
                exception.sha256,
                exception.original_path,
                exception.kind.as_str(),
                exception.outcome.as_str(),
                exception.reason,
                exception.quarantine_path,
                exception.claim_id,
                exception.actor,
                timestamp(exception.at),
                exception.note,
                exception.source_identity,
            ],
            |r| r.get::<i64>(0),
        )?
        .ok_or(DbError::NoRow)?;

    if let (Some((action, details)), Some(claim_id)) = (claim_history, &exception.claim_id) {
        record(
            tx,
            &NewEntry {
                at: exception.at,
                claim_id: Some(claim_id),
                actor: &exception.actor,
                action: *action,
                document_sha256: Some(&exception.sha256),
                details: details.clone(),
            },
            None,
        )?;
    }
    // A detached document's owner is told by `detach`: the admin is the actor here.
    if exception.outcome != Outcome::Detached {
        parked_event(tx, exception, &exception.actor)?;
    }
    Ok(id)
}

/// Tells a file's owner that it went to quarantine, and why (`document_parked`).
fn parked_event(tx: &Tx, exception: &NewException, owner: &str) -> Result<(), StoreError> {
    super::outbox::raise(
        tx,
        &NewEvent {
            event: Event::DocumentParked,
            claim_id: exception.claim_id.as_deref(),
            at: exception.at,
            actor: &exception.actor,
            concerned: Concerned::Users(vec![owner.to_string()]),
            details: serde_json::json!({
                "file": exception.original_path,
                "kind": exception.kind.as_str(),
                "outcome": exception.outcome.as_str(),
                "reason": exception.reason,
                "quarantine_path": exception.quarantine_path,
            }),
        },
    )
}

/// Takes a document off its claim, inside the caller's transaction: its row goes, a
/// `detached` quarantine record (naming the claim) and its `document_detached` entry come.
fn detach_in(
    tx: &Tx,
    sha256: &str,
    quarantine_path: &str,
    reason: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some((claim_id, original_path, kind, note, archive_path, owner)) = tx.row(
        "SELECT claim_id, original_path, kind, note, archive_path, actor FROM documents
         WHERE sha256 = ?1",
        values![sha256],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                typed(r, 2, Kind::parse)?,
                r.get::<Option<String>>(3)?,
                r.get::<String>(4)?,
                r.get::<String>(5)?,
            ))
        },
    )?
    else {
        return Err(StoreError::NoDocument(sha256.to_string()));
    };
    tx.execute("DELETE FROM documents WHERE sha256 = ?1", values![sha256])?;
    let history = (
        Action::DocumentDetached,
        format!("{kind} {archive_path} detached to {quarantine_path}: {reason}"),
    );
    let exception = NewException {
        sha256: sha256.to_string(),
        original_path,
        kind,
        outcome: Outcome::Detached,
        reason: reason.to_string(),
        quarantine_path: quarantine_path.to_string(),
        claim_id: Some(claim_id.clone()),
        actor: actor.to_string(),
        at,
        note,
        source_identity: None,
    };
    quarantine_in(tx, &exception, Some(&history))?;
    parked_event(tx, &exception, &owner)?;
    Ok(())
}

/// One document's row and history entries, inside the caller's transaction.
fn attach_in(
    tx: &Tx,
    document: &NewDocument,
    retried: Option<&ExceptionRow>,
) -> Result<i64, StoreError> {
    let id = tx
        .row(
            "INSERT INTO documents (sha256, claim_id, kind, original_name, original_path, bytes,
            format, pages, invoice_number, document_date, amount, currency, vendor,
            matched_by, received_at, actor, archive_path, note, retain_until, metadata,
            fields_source, einvoice, einvoice_mismatch, source_identity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24) RETURNING document_id",
            values![
                document.sha256,
                document.claim_id,
                document.kind.as_str(),
                document.original_name,
                document.original_path,
                i64::try_from(document.bytes).unwrap_or(i64::MAX),
                document.read.format,
                document.read.pages,
                document.read.invoice_number,
                document.read.document_date.map(|d| d.to_string()),
                document.read.amount.map(|a| a.to_string()),
                document.read.currency,
                document.read.vendor,
                document.matched_by.as_str(),
                timestamp(document.received_at),
                document.actor,
                document.archive_path,
                document.note,
                document
                    .retain_until
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                document.read.metadata,
                document.read.fields_source,
                document.read.einvoice,
                document.read.einvoice_mismatch,
                document.source_identity,
            ],
            |r| r.get::<i64>(0),
        )?
        .ok_or(DbError::NoRow)?;

    if let Some(exception) = retried {
        tx.execute(
            "UPDATE exceptions SET resolved_at = ?2 WHERE exception_id = ?1",
            values![exception.exception_id, timestamp(document.received_at)],
        )?;
        record(
            tx,
            &NewEntry {
                at: document.received_at,
                claim_id: Some(&document.claim_id),
                actor: &document.actor,
                action: Action::DocumentRetried,
                document_sha256: Some(&document.sha256),
                details: format!(
                    "{} was parked as {} ({})",
                    exception.original_path, exception.outcome, exception.reason
                ),
            },
            None,
        )?;
    }
    record(
        tx,
        &NewEntry {
            at: document.received_at,
            claim_id: Some(&document.claim_id),
            actor: &document.actor,
            action: Action::DocumentAttached,
            document_sha256: Some(&document.sha256),
            details: format!(
                "{} '{}' matched by {} -> {}",
                document.kind, document.original_path, document.matched_by, document.archive_path
            ),
        },
        None,
    )?;
    super::requests::fulfil_in(
        tx,
        &document.claim_id,
        document.kind,
        &document.sha256,
        &document.actor,
        document.received_at,
    )?;
    Ok(id)
}

/// Daemons sharing a store each decide their files alone: two copies of the same bytes, seen
/// by two daemons at once, are both decided attachments, and two files of the same name may
/// be given the same free name. Their filings are taken one after the other (the history's
/// lock, held to the transaction's end, which every filing takes anyway), and one whose
/// bytes were attached, or whose name was recorded, meanwhile is refused whole, nothing
/// written: its files are decided again (a duplicate now, another name).
fn refuse_raced(tx: &Tx, filings: &[&Filing]) -> Result<(), StoreError> {
    tx.row(
        "SELECT pg_advisory_xact_lock(?1)",
        values![super::HISTORY_LOCK],
        |_| Ok(()),
    )?;
    let mut shas = Vec::new();
    let mut paths = Vec::new();
    for filing in filings {
        match filing {
            Filing::Attach { document, .. } => {
                shas.push(&document.sha256);
                paths.push(&document.archive_path);
            }
            Filing::Quarantine { exception, .. } => paths.push(&exception.quarantine_path),
            Filing::Requarantine {
                quarantine_path: Some(path),
                ..
            }
            | Filing::Detach {
                quarantine_path: path,
                ..
            }
            | Filing::Move {
                archive_path: path, ..
            } => paths.push(path),
            _ => {}
        }
    }
    if shas.is_empty() && paths.is_empty() {
        return Ok(());
    }
    // One statement for the whole batch: the bytes attached, the names recorded.
    let json = |values: Vec<&String>| serde_json::to_string(&values).unwrap_or_default();
    let raced: Option<String> = tx.row(
        "WITH shas AS (SELECT s FROM json_array_elements_text(CAST(CAST(?1 AS TEXT) AS json)) AS s),
              paths AS (SELECT p FROM json_array_elements_text(CAST(CAST(?2 AS TEXT) AS json)) AS p)
         SELECT sha256 FROM documents WHERE sha256 IN (SELECT s FROM shas)
         UNION ALL SELECT archive_path FROM documents WHERE archive_path IN (SELECT p FROM paths)
         UNION ALL SELECT quarantine_path FROM exceptions
            WHERE resolved_at IS NULL AND quarantine_path IN (SELECT p FROM paths)
         LIMIT 1",
        values![json(shas), json(paths)],
        |r| r.get(0),
    )?;
    match raced {
        Some(what) => Err(StoreError::Raced(what)),
        None => Ok(()),
    }
}
