//! Notes that come after their document (SPEC §2): a `<document>.note.txt` whose document was
//! filed before it (written a minute later, or seen first by another daemon) joins it.
//!
//! The store finds where the document went (the archive, or quarantine) by the path it was
//! dropped at, and records the note's text with it: appended to what an earlier note said, and
//! for an attached document a `note_added` history entry in the same transaction. Recording
//! the same text twice does nothing, so a join a crash interrupted is finished, not doubled.

use chrono::{DateTime, Utc};

use super::db::{Sql, Tx, values};
use super::{NewEntry, Store, StoreError, record};
use crate::domain::Action;

/// Where the document a note explains was filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteHome {
    Attached {
        sha256: String,
        claim_id: String,
        archive_path: String,
        note: Option<String>,
    },
    Quarantined {
        exception_id: i64,
        quarantine_path: String,
        note: Option<String>,
    },
}

impl NoteHome {
    /// Where the document's file is, relative to the workspace.
    pub fn path(&self) -> &str {
        match self {
            NoteHome::Attached { archive_path, .. } => archive_path,
            NoteHome::Quarantined {
                quarantine_path, ..
            } => quarantine_path,
        }
    }

    fn note(&self) -> Option<&str> {
        match self {
            NoteHome::Attached { note, .. } | NoteHome::Quarantined { note, .. } => note.as_deref(),
        }
    }

    /// Whether the document already carries this text (a join finished before a crash).
    pub fn says(&self, text: &str) -> bool {
        self.note()
            .is_some_and(|note| note == text || note.ends_with(&format!("\n\n{text}")))
    }
}

impl Store {
    /// The document last filed from `original_path`: attached, else in quarantine now.
    pub fn note_home(&self, original_path: &str) -> Result<Option<NoteHome>, StoreError> {
        let attached = self.db.row(
            "SELECT sha256, claim_id, archive_path, note FROM documents
             WHERE original_path = ?1 ORDER BY document_id DESC LIMIT 1",
            values![original_path],
            |r| {
                Ok(NoteHome::Attached {
                    sha256: r.get(0)?,
                    claim_id: r.get(1)?,
                    archive_path: r.get(2)?,
                    note: r.get(3)?,
                })
            },
        )?;
        if attached.is_some() {
            return Ok(attached);
        }
        Ok(self.db.row(
            "SELECT exception_id, quarantine_path, note FROM exceptions
             WHERE original_path = ?1 AND resolved_at IS NULL
             ORDER BY exception_id DESC LIMIT 1",
            values![original_path],
            |r| {
                Ok(NoteHome::Quarantined {
                    exception_id: r.get(0)?,
                    quarantine_path: r.get(1)?,
                    note: r.get(2)?,
                })
            },
        )?)
    }
}

/// Records a note's text with its document, inside the caller's transaction, and `note_added`
/// in the history of an attached one (`file`: where the note now sits). Nothing when the
/// document says it already.
pub(super) fn add_note_in(
    tx: &Tx,
    home: &NoteHome,
    text: &str,
    file: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    if home.says(text) {
        return Ok(());
    }
    let note = match home.note().filter(|n| !n.is_empty()) {
        Some(earlier) => format!("{earlier}\n\n{text}"),
        None => text.to_string(),
    };
    match home {
        NoteHome::Attached {
            sha256, claim_id, ..
        } => {
            tx.execute(
                "UPDATE documents SET note = ?2 WHERE sha256 = ?1",
                values![sha256, note],
            )?;
            record(
                tx,
                &NewEntry {
                    at,
                    claim_id: Some(claim_id),
                    actor,
                    action: Action::NoteAdded,
                    document_sha256: Some(sha256),
                    details: format!("{file}: {text}"),
                },
                None,
            )?;
        }
        NoteHome::Quarantined { exception_id, .. } => {
            tx.execute(
                "UPDATE exceptions SET note = ?2 WHERE exception_id = ?1",
                values![exception_id, note],
            )?;
        }
    }
    Ok(())
}
