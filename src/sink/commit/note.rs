//! A note whose document was filed before it (SPEC §2): it joins the document where it went,
//! in the archive or quarantine, and is never filed as a document of its own.
//!
//! The order is the commit's (`completion`): the copy staged beside the document, the store
//! (its text and `note_added`, see `store::notes`), the copy in place, then the note's removal
//! from the inbox. A crash
//! between two steps is finished by the next pass: the copy already beside the document (the
//! same bytes) is not placed again, and text the document already says is not recorded twice.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::completion::{Carry, Prepared};
use super::{End, Filer, FilingError, Subject, note_path, read_note};
use crate::sink::archive;
use crate::sink::store::{Filing, Store};

/// What became of a note without its document beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoteEnd {
    /// Beside its document now, at this path (relative to the workspace).
    Joined(String),
    /// Its document has not been filed: it waits in the inbox for it.
    Waiting,
}

/// Notes are read whole when they are compared: a note explains, it is not a document.
const MAX_COMPARED_BYTES: u64 = 1 << 20;

impl Filer<'_> {
    /// Joins a note (`subject`, found without its document) to the document filed from the
    /// path beside it, or leaves it waiting.
    pub(crate) fn join_note(
        &self,
        store: &mut Store,
        subject: &Subject,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<NoteEnd, FilingError> {
        let Some(document) = subject
            .original_path
            .strip_suffix(crate::domain::NOTE_SUFFIX)
            .filter(|d| !d.is_empty())
        else {
            return Ok(NoteEnd::Waiting);
        };
        let Some(home) = store.note_home(document)? else {
            return Ok(NoteEnd::Waiting);
        };
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| FilingError::Io { path, source }
        };
        let bytes = read_bytes(subject.beneath(), &subject.source).map_err(io(&subject.source))?;
        let sha = hash_beneath(subject.beneath(), &subject.source).map_err(io(&subject.source))?;
        let text = read_note(subject.beneath(), &subject.source).unwrap_or_default();
        let beside = note_path(&self.workspace.root.join(home.path()));
        let (carry, destination) = match already_placed(&beside, &bytes) {
            Some(placed) => (Carry::InPlace, placed),
            None if beside.symlink_metadata().is_err() => (Carry::Copy, beside),
            None => {
                let dir = beside.parent().unwrap_or(Path::new("."));
                let name = beside.file_name().unwrap_or_default().to_string_lossy();
                (Carry::Copy, archive::free_name(dir, &name, &sha))
            }
        };
        let placed = self.workspace.relative(&destination);
        let dir = destination.parent().unwrap_or(Path::new("."));
        let prepared = Prepared {
            source: subject.source.clone(),
            beneath: subject.drop_root.clone(),
            carry,
            staged: archive::staging_path(dir, &sha),
            sha256: sha,
            destination,
            read_only: false,
            reason: None,
            note: None,
            old_reason: None,
            record: Some(Filing::Note {
                home,
                text,
                file: placed.clone(),
                actor: actor.to_string(),
                at,
            }),
            resumed: false,
            subject: None,
            end: End::Attached,
            filed_as: placed.clone(),
        };
        self.complete_one(store, prepared)?;
        tracing::info!(path = %subject.original_path, beside = %placed, "note joined its document");
        Ok(NoteEnd::Joined(placed))
    }
}

/// The SHA-256 of a whole file reached from its drop folder.
fn hash_beneath(beneath: Option<&Path>, path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut file = crate::plain_file::open_beneath(beneath, path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}

fn read_bytes(beneath: Option<&Path>, path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    crate::plain_file::open_beneath(beneath, path)?
        .take(MAX_COMPARED_BYTES)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A note beside the document (`beside`, or a free name made from it) holding these bytes.
fn already_placed(beside: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let dir = beside.parent()?;
    let name = beside.file_name()?.to_str()?;
    let stem = name.strip_suffix(".txt").unwrap_or(name);
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|n| n == name || n.starts_with(&format!("{stem} (")))
        })
        .map(|entry| entry.path())
        .find(|path| read_bytes(None, path).is_ok_and(|held| held == bytes))
}
