//! The commit: one home for the crash-safe order in which a decided file is filed.
//!
//! Every file ends as an outcome, and for each the order of steps is the one that makes a
//! crash harmless (DESIGN.md): stage the copy and fsync it, commit the store transaction,
//! move the copy into place with its companion texts (the person's note, moved byte for
//! byte; claimdrop's reason text), remove the source last. Attachments and new quarantines
//! go in batches (`batch`); a parked file still parked, and what is never opened (a link, a
//! pipe, a file over the size limit, moved as it is), are filed one at a time (`park`). A pass
//! that restarts after a crash recognises a file whose commit happened (same bytes, same
//! inbox path) and only finishes its moves (`resume`, and `repair` for a retried parked file).
//! An imported register is kept in `archive/registers/` the same way.
//!
//! The pipeline hands in `Decision`s and reads back `Ending`s; it never touches the archive
//! or quarantine folders itself. A file that must stay in the inbox (claimdrop filed it but
//! may not remove it) comes back as `Ending::Held`, for the pipeline's holds.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::{
    Action, Decision, DocumentRead, Earlier, Identified, Kind, MatchRule, Outcome, Rejection,
    Sniffed, Special,
};
use crate::lang::Lang;
use crate::sink::archive;
use crate::sink::store::{
    Cause, ExceptionRow, NewDocument, NewException, Placed, Store, StoreError,
};
use crate::stamp::Stamp;
use crate::workspace::Workspace;

mod batch;
mod note;
use batch::{BATCH, Batch, Prepared, Record};
pub(crate) use note::NoteEnd;

/// How one file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Attached,
    Quarantined(Outcome),
    /// Left in the inbox on purpose (a parked file still parked, a hold tried again).
    Stayed,
    /// Left in the inbox: it ends early and was written moments ago, so it may be written
    /// still.
    Writing,
    /// Left in the inbox by an error (disk full, permissions): tried again next time.
    Failed,
    /// Gone before it could be read (moved away, or filed by an earlier batch): nothing to do.
    Vanished,
}

/// A file to be filed: from the inbox, or a parked file from quarantine.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    pub(crate) source: PathBuf,
    /// The inbox path it was dropped at, relative to the workspace.
    pub(crate) original_path: String,
    pub(crate) kind: Kind,
    pub(crate) folders: Vec<String>,
    pub(crate) file_name: String,
    /// Not a regular file: moved as it is, never opened.
    pub(crate) special: Option<Special>,
    /// The drop folder it was found under (none for a parked file): every folder between the
    /// two must be a real folder, or the file is not in the inbox at all.
    pub(crate) drop_root: Option<PathBuf>,
    /// Over `limits.max_file_bytes`: not read at all (hashing or copying it would cost what
    /// the limit spares), moved to quarantine as it is.
    pub(crate) oversized: bool,
    /// The claim a person named for it (`retry PATH --claim ID`).
    pub(crate) named: Option<String>,
    /// The quarantine record, when a parked file is retried.
    pub(crate) parked: Option<ExceptionRow>,
}

impl Subject {
    /// The drop folder every operation on it starts from (see `plain_file`); none for a parked
    /// file, which is in claimdrop's own quarantine.
    pub(crate) fn beneath(&self) -> Option<&Path> {
        self.drop_root.as_deref()
    }

    /// Whether opening it failed because it is not there: gone, or not in the inbox at all
    /// (reached through a link to a folder elsewhere, which an event or a race can name). A
    /// file outside is left alone; the link itself is quarantined as a link.
    pub(crate) fn is_gone(&self, error: &std::io::Error) -> bool {
        match error.kind() {
            std::io::ErrorKind::NotFound => true,
            std::io::ErrorKind::NotADirectory => {
                tracing::warn!(path = %self.original_path, %error, "left alone");
                true
            }
            _ => false,
        }
    }

    /// Whether it is filed without being opened: moved as it is (a link, a pipe, a file over
    /// the size limit), never staged as a copy.
    pub(crate) fn moved_as_is(&self) -> bool {
        self.special.is_some() || self.oversized
    }

    /// Which file on disk it is (`Stamp::identity`).
    pub(crate) fn source_identity(&self) -> Option<String> {
        Stamp::of(&self.source).map(|stamp| stamp.identity())
    }

    /// Whether the file at its path is the one a record was filed from: it has the identity
    /// recorded, or it is the very inode filed at `filed` or staged for it (a file taken over
    /// by a second name, which moved its change time).
    fn filed_as(&self, recorded: Option<&str>, filed: &Path, sha: &str) -> bool {
        let Some(source) = Stamp::of(&self.source) else {
            return false;
        };
        let staged = archive::staging_path(filed.parent().unwrap_or(Path::new(".")), sha);
        recorded.is_some_and(|recorded| source.is(recorded))
            || [filed, &staged]
                .iter()
                .filter_map(|path| Stamp::of(path))
                .any(|copy| copy.same_file(&source))
    }

    /// What names it when its bytes are not read: a link by what it points at, anything else
    /// by its inode, size and modification time (stable while it waits, so a pass that
    /// restarts after a crash recognises it).
    pub(crate) fn unread_name(&self) -> String {
        use sha2::{Digest, Sha256};
        let name = match self.special {
            Some(Special::Link) => {
                let target = std::fs::read_link(&self.source)
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!("symlink:{target}")
            }
            _ => Stamp::of(&self.source)
                .map(|stamp| stamp.unread_name())
                .unwrap_or_else(|| format!("unread:{:?}", None::<()>)),
        };
        hex::encode(Sha256::digest(name.as_bytes()))
    }
}

/// Notes longer than this are cut: a note explains a document, it is not one.
const MAX_NOTE_BYTES: u64 = 64 * 1024;

/// Why a document could not be moved.
#[derive(Debug, thiserror::Error)]
pub(crate) enum MoveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How a file handed to the commit ended, as the pipeline counts it.
#[derive(Debug)]
pub(crate) enum Ending {
    Ended(End),
    /// It stays in the inbox, held (see `pipeline::held`): how it ended is what holding it
    /// says. `filed` when it was filed and counted already (its source could not be removed).
    Held {
        subject: Box<Subject>,
        cause: Cause,
        error: String,
        filed: bool,
    },
}

impl Ending {
    fn held(subject: &Subject, cause: Cause, error: String) -> Ending {
        Ending::Held {
            subject: Box::new(subject.clone()),
            cause,
            error,
            filed: false,
        }
    }
}

/// Files decided files into the archive and quarantine of one workspace.
pub(crate) struct Filer<'w> {
    workspace: &'w Workspace,
    /// Decided, not yet filed.
    batch: Batch,
    /// How the files handed in so far ended, in order; taken by `take_endings`.
    ended: Vec<Ending>,
}

impl<'w> Filer<'w> {
    /// The language of the texts written for people: reasons, their `.reason.txt`.
    fn lang(&self) -> Lang {
        Lang::of(&self.workspace.settings)
    }

    pub(crate) fn new(workspace: &'w Workspace) -> Filer<'w> {
        Filer {
            workspace,
            batch: Batch::default(),
            ended: Vec::new(),
        }
    }

    /// How the files handed in since the last call ended.
    pub(crate) fn take_endings(&mut self) -> Vec<Ending> {
        std::mem::take(&mut self.ended)
    }

    /// Records how a file ended that never reached the commit (gone, unreadable).
    pub(crate) fn ended(&mut self, end: End) {
        self.ended.push(Ending::Ended(end));
    }

    /// Whether these bytes go to a claim in the batch being filed: a file of them found
    /// later is a duplicate, not a file whose commit a crash interrupted.
    pub(crate) fn batched(&self, sha256: &str) -> bool {
        self.batch.attached(sha256).is_some()
    }

    /// The attachment of the same bytes made before, in this batch or an earlier pass.
    pub(crate) fn earlier(
        &self,
        store: &Store,
        sha256: &str,
    ) -> Result<Option<Earlier>, StoreError> {
        if let Some((claim_id, archive_path)) = self.batch.attached(sha256) {
            return Ok(Some(Earlier {
                claim_id: claim_id.clone(),
                archive_path: archive_path.clone(),
            }));
        }
        Ok(store.attached(sha256)?.map(|a| Earlier {
            claim_id: a.claim_id,
            archive_path: a.archive_path,
        }))
    }

    /// Files one decided file: an attachment or a new quarantine joins the batch, a parked
    /// file still parked and what is moved as it is are filed at once, after the batch.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn file(
        &mut self,
        store: &mut Store,
        subject: Subject,
        identity: Option<Identified>,
        sha: &str,
        decision: Decision,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let prepared = match decision {
            Decision::Attach { claim, rule, read } => {
                let identity = identity.unwrap_or(Identified {
                    sha256: sha.to_string(),
                    bytes: 0,
                    sniffed: Sniffed::Unknown,
                });
                self.prepare_attach(store, subject, &identity, &claim, rule, *read, actor, now)?
            }
            Decision::Quarantine { rejection, claim }
                if subject.parked.is_some() || subject.moved_as_is() =>
            {
                self.flush(store)?;
                let end = match self.park(store, &subject, sha, rejection, claim, actor, now) {
                    Ok(end) => end,
                    Err(Failure::Io(path, error)) => {
                        tracing::warn!(path = %path.display(), %error, "cannot file: left for the next pass");
                        End::Failed
                    }
                    Err(Failure::Store(error)) => return Err(error),
                };
                self.ended(end);
                return Ok(());
            }
            Decision::Quarantine { rejection, claim } => {
                self.prepare_quarantine(subject, sha, rejection, claim, actor, now)
            }
        };
        if self.batch.collides(&prepared) {
            self.flush(store)?;
        }
        self.batch.push(prepared);
        if self.batch.len() >= BATCH {
            self.flush(store)?;
        }
        Ok(())
    }

    /// Keeps an imported register in `archive/registers/`, and removes it from the inbox.
    pub(crate) fn keep_register(&self, subject: &Subject, identity: &Identified) -> End {
        match self.archive_register(subject, identity) {
            Ok(end) => end,
            Err(Failure::Io(path, error)) => {
                tracing::warn!(path = %path.display(), %error, "cannot file the register");
                End::Failed
            }
            Err(Failure::Store(error)) => {
                tracing::warn!(path = %subject.original_path, %error, "cannot file the register");
                End::Failed
            }
        }
    }

    /// Moves an attached document to another claim's archive folder, with its note: linked
    /// under its new name first, then recorded, then its old name removed. A crash between
    /// the link and the record leaves an extra name in the new folder and the store pointing
    /// at the old one, whose bytes are untouched; after the record, only the old name is
    /// left to remove. Returns the new archive path.
    pub(crate) fn move_document(
        &self,
        store: &mut Store,
        sha: &str,
        to: &str,
        comment: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String, MoveError> {
        let (placed, source) = self.attached(store, sha)?;
        let dir = self
            .workspace
            .archive()
            .join(archive::safe_component(to))
            .join(placed.kind.as_str());
        let destination =
            archive::free_name(&dir, &archive::safe_component(&placed.original_name), sha);
        let io = |source: std::io::Error| MoveError::Io {
            path: destination.clone(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        std::fs::hard_link(&source, &destination).map_err(io)?;
        let note = note_of(&source);
        if let Some(note) = &note {
            std::fs::hard_link(note, note_path(&destination)).map_err(io)?;
        }
        archive::sync_folder(&dir).map_err(io)?;
        let archive_path = self.workspace.relative(&destination);
        if let Err(e) = store.move_document(sha, to, &archive_path, comment, actor, now) {
            let _ = std::fs::remove_file(&destination);
            let _ = std::fs::remove_file(note_path(&destination));
            return Err(e.into());
        }
        for old in std::iter::once(source.clone()).chain(note) {
            if let Err(error) = archive::remove_source(None, &old) {
                tracing::warn!(path = %old.display(), %error, "moved, but its old name stays: remove it by hand");
            }
        }
        if let Some(folder) = source.parent() {
            let _ = archive::sync_folder(folder);
        }
        Ok(archive_path)
    }

    /// Takes an attached document off its claim into `quarantine/detached/`, with its note
    /// and a reason text: the copy staged and placed, the record, then the archive name
    /// removed (the order of any filing). Returns the quarantine path.
    pub(crate) fn detach_document(
        &self,
        store: &mut Store,
        sha: &str,
        comment: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String, MoveError> {
        let (placed, source) = self.attached(store, sha)?;
        let dir = self.workspace.quarantine().join(Outcome::Detached.as_str());
        let destination =
            archive::free_name(&dir, &archive::safe_component(&placed.original_name), sha);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source: std::io::Error| MoveError::Io { path, source }
        };
        let staged = archive::stage(&source, None, &dir, sha).map_err(io(&dir))?;
        let reason = crate::text!(
            "reason-detached",
            claim = &placed.claim_id,
            actor = actor,
            comment = comment
        )
        .render(self.lang());
        let quarantine_path = self.workspace.relative(&destination);
        if let Err(e) = store.detach(sha, &quarantine_path, &reason, actor, now) {
            let _ = std::fs::remove_file(&staged);
            return Err(e.into());
        }
        archive::finish(&staged, &destination, false).map_err(io(&destination))?;
        let text = ReasonFile {
            outcome: Outcome::Detached,
            reason: &reason,
            path: &placed.archive_path,
            kind: placed.kind,
        }
        .text(self.lang(), "reason-file-detached");
        archive::write_text(&reason_path(&destination), &text).map_err(io(&destination))?;
        self.move_note_io(None, &source, &destination)
            .map_err(io(&destination))?;
        archive::remove_source(None, &source).map_err(io(&source))?;
        Ok(quarantine_path)
    }

    /// Where an attached document is, in the store and on disk.
    fn attached(&self, store: &Store, sha: &str) -> Result<(Placed, PathBuf), StoreError> {
        let placed = store
            .placed(sha)?
            .ok_or_else(|| StoreError::NoDocument(sha.to_string()))?;
        let source = self.workspace.root.join(&placed.archive_path);
        Ok((placed, source))
    }

    /// Removes the reason texts of quarantined files a person moved out or deleted: they
    /// explained a file that is no longer there.
    pub(crate) fn forget_reasons(&self, quarantine_paths: &[String]) {
        for path in quarantine_paths {
            let reason = reason_path(&self.workspace.root.join(path));
            if reason
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_file())
                && let Err(error) = archive::remove_source(None, &reason)
            {
                tracing::warn!(path = %reason.display(), %error, "cannot remove the reason text of a file moved out of quarantine");
            }
        }
    }

    /// Files the batch now (see `batch`).
    pub(crate) fn flush(&mut self, store: &mut Store) -> Result<(), StoreError> {
        self.batch.complete(store, &mut self.ended)
    }

    /// Finishes moves a crash interrupted after a parked file's retry was committed: the
    /// archive copy is put in place and the quarantine copy removed.
    pub(crate) fn repair(&self, store: &Store) -> Result<(), StoreError> {
        for (quarantined, archived, sha) in store.retried_placements()? {
            let source = self.workspace.root.join(&quarantined);
            if source.symlink_metadata().is_err() {
                continue;
            }
            let destination = self.workspace.root.join(&archived);
            let placed = if destination.exists() {
                Ok(())
            } else {
                let dir = destination.parent().unwrap_or(Path::new("."));
                archive::stage(&source, None, dir, &sha)
                    .and_then(|staged| archive::finish(&staged, &destination, true))
            };
            let moved = placed
                .and_then(|_| self.move_note_io(None, &source, &destination))
                .and_then(|_| archive::remove_source(None, &reason_path(&source)))
                .and_then(|_| archive::remove_source(None, &source));
            match moved {
                Ok(()) => tracing::info!(path = %archived, "finished a retry a crash interrupted"),
                Err(e) => {
                    tracing::warn!(path = %archived, error = %e, "cannot finish an interrupted retry")
                }
            }
        }
        Ok(())
    }

    /// An attachment, decided: where its copy goes and its document row, filed later with
    /// the rest of its batch.
    #[allow(clippy::too_many_arguments)]
    fn prepare_attach(
        &self,
        store: &Store,
        subject: Subject,
        identity: &Identified,
        claim_id: &str,
        rule: MatchRule,
        read: DocumentRead,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Prepared, StoreError> {
        let dir = self
            .workspace
            .archive()
            .join(archive::safe_component(claim_id))
            .join(subject.kind.as_str());
        let name = archive::safe_component(&subject.file_name);
        // Two files of one batch may want the same name before either is in place.
        let destination =
            archive::free_name_avoiding(&dir, &name, &identity.sha256, self.batch.reserved());
        let note = self.note_for(&subject);
        let usage_end = store.claim(claim_id)?.map(|c| c.usage_end);
        let retain_until = crate::domain::retain_until(
            read.document_date,
            usage_end,
            self.workspace.settings.rules.retention_months,
        );
        let document = NewDocument {
            sha256: identity.sha256.clone(),
            claim_id: claim_id.to_string(),
            kind: subject.kind,
            original_name: subject.file_name.clone(),
            original_path: subject.original_path.clone(),
            bytes: identity.bytes,
            read,
            matched_by: rule,
            received_at: now,
            actor: actor.to_string(),
            archive_path: self.workspace.relative(&destination),
            note: note.as_ref().map(|(_, text)| text.clone()),
            retain_until,
            source_identity: subject.source_identity(),
        };
        Ok(Prepared {
            staged: archive::staging_path(&dir, &identity.sha256),
            subject,
            record: Record::Attach(document),
            destination,
            note,
        })
    }

    /// A file for quarantine, decided: filed later with the rest of its batch.
    #[allow(clippy::too_many_arguments)]
    fn prepare_quarantine(
        &self,
        subject: Subject,
        sha: &str,
        rejection: Rejection,
        claim: Option<String>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Prepared {
        let dir = self.workspace.quarantine().join(rejection.outcome.as_str());
        let destination = archive::free_name_avoiding(
            &dir,
            &archive::safe_component(&subject.file_name),
            sha,
            self.batch.reserved(),
        );
        let note = self.note_for(&subject);
        let reason = rejection.reason.render(self.lang());
        let exception = NewException {
            sha256: sha.to_string(),
            original_path: subject.original_path.clone(),
            kind: subject.kind,
            outcome: rejection.outcome,
            reason: reason.clone(),
            quarantine_path: self.workspace.relative(&destination),
            claim_id: claim.clone(),
            actor: actor.to_string(),
            at: now,
            note: note.as_ref().map(|(_, text)| text.clone()),
            source_identity: subject.source_identity(),
        };
        Prepared {
            staged: archive::staging_path(&dir, sha),
            record: Record::Quarantine {
                history: claim_history(&subject, &rejection, claim.as_deref()),
                reason: reason_text(self.lang(), &subject, rejection.outcome, &reason),
                exception,
            },
            subject,
            destination,
            note,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn park(
        &self,
        store: &mut Store,
        subject: &Subject,
        sha: &str,
        rejection: Rejection,
        claim: Option<String>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<End, Failure> {
        let outcome = rejection.outcome;
        let history = claim_history(subject, &rejection, claim.as_deref());
        let reason = rejection.reason.render(self.lang());

        if let Some(parked) = &subject.parked
            && parked.outcome == outcome
        {
            // Still parked for the same cause: it stays where it is.
            store
                .repark(parked.exception_id, outcome, &reason, claim.as_deref())
                .map_err(Failure::Store)?;
            return Ok(End::Stayed);
        }

        let dir = self.workspace.quarantine().join(outcome.as_str());
        let destination =
            archive::free_name(&dir, &archive::safe_component(&subject.file_name), sha);
        let note = self.note_for(subject);
        let staged = if subject.moved_as_is() {
            None
        } else {
            Some(
                archive::stage(&subject.source, subject.beneath(), &dir, sha)
                    .map_err(|e| Failure::Io(dir.clone(), e))?,
            )
        };
        let quarantine_path = self.workspace.relative(&destination);
        let recorded = match &subject.parked {
            Some(parked) => store.requarantine(
                parked.exception_id,
                outcome,
                &reason,
                &quarantine_path,
                claim
                    .as_deref()
                    .zip(history.clone())
                    .map(|(c, (action, details))| (c, action, details, actor)),
                now,
            ),
            None => store
                .quarantine(
                    &NewException {
                        sha256: sha.to_string(),
                        original_path: subject.original_path.clone(),
                        kind: subject.kind,
                        outcome,
                        reason: reason.clone(),
                        quarantine_path: quarantine_path.clone(),
                        claim_id: claim.clone(),
                        actor: actor.to_string(),
                        at: now,
                        note: note.as_ref().map(|(_, text)| text.clone()),
                        source_identity: subject.source_identity(),
                    },
                    history,
                )
                .map(|_| ()),
        };
        if let Err(e) = recorded {
            if let Some(staged) = &staged {
                let _ = std::fs::remove_file(staged);
            }
            return Err(Failure::Store(e));
        }
        match &staged {
            Some(staged) => archive::finish(staged, &destination, false),
            // A link (or pipe) is moved as it is: copying would open it, and read whatever a
            // link points at.
            None => std::fs::create_dir_all(&dir)
                .and_then(|_| move_as_is(&subject.source, subject.beneath(), &destination)),
        }
        .map_err(|e| Failure::Io(destination.clone(), e))?;
        self.write_reason(&destination, subject, outcome, &reason)?;
        self.move_note(subject, note.as_ref(), &destination)?;
        self.remove_originals(subject)?;
        tracing::info!(path = %subject.original_path, outcome = %outcome, reason = %reason, "quarantined");
        Ok(End::Quarantined(outcome))
    }

    /// Finishes the moves of a file whose commit a crash interrupted, and says whether it was
    /// such a file (its ending is then recorded).
    pub(crate) fn resume(
        &mut self,
        store: &Store,
        subject: &Subject,
        sha: &str,
    ) -> Result<bool, StoreError> {
        let as_is = subject.moved_as_is();
        let finish = |destination: &Path, read_only: bool| -> std::io::Result<()> {
            if destination.symlink_metadata().is_err() {
                let dir = destination.parent().unwrap_or(Path::new("."));
                if as_is {
                    // Staging would open it, and read what a link points at.
                    std::fs::create_dir_all(dir)?;
                    return move_as_is(&subject.source, subject.beneath(), destination);
                }
                let staged = archive::staging_path(dir, sha);
                let staged = if staged.exists() {
                    staged
                } else {
                    archive::stage(&subject.source, subject.beneath(), dir, sha)?
                };
                archive::finish(&staged, destination, read_only)?;
            } else if as_is || !archive::holds(destination, sha)? {
                // Something else holds that name: the source is not removed on its account.
                return Err(std::io::Error::other(format!(
                    "{} holds another file",
                    destination.display()
                )));
            }
            Ok(())
        };
        if let Some(attached) = store.attached(sha)?
            && attached.original_path == subject.original_path
            && subject.filed_as(
                attached.source_identity.as_deref(),
                &self.workspace.root.join(&attached.archive_path),
                sha,
            )
        {
            let destination = self.workspace.root.join(&attached.archive_path);
            let placed = finish(&destination, true)
                .and_then(|_| self.move_note_io(subject.beneath(), &subject.source, &destination));
            let end = match placed {
                Ok(()) => Self::finish_removal(subject, &attached.archive_path, End::Attached),
                Err(e) => Self::unfinished(subject, &attached.archive_path, &e),
            };
            self.ended.push(end);
            return Ok(true);
        }
        if let Some(open) = store.open_exception(sha, &subject.original_path)?
            && subject.filed_as(
                open.source_identity.as_deref(),
                &self.workspace.root.join(&open.quarantine_path),
                sha,
            )
        {
            let destination = self.workspace.root.join(&open.quarantine_path);
            let outcome = open.outcome;
            let text = ReasonFile {
                outcome,
                reason: &open.reason,
                path: &subject.original_path,
                kind: subject.kind,
            }
            .text(self.lang(), "reason-file");
            let placed = finish(&destination, false)
                .and_then(|_| archive::write_text(&reason_path(&destination), &text))
                .and_then(|_| self.move_note_io(subject.beneath(), &subject.source, &destination));
            let end = match placed {
                Ok(()) => {
                    Self::finish_removal(subject, &open.quarantine_path, End::Quarantined(outcome))
                }
                Err(e) => Self::unfinished(subject, &open.quarantine_path, &e),
            };
            self.ended.push(end);
            return Ok(true);
        }
        Ok(false)
    }

    /// A filed file whose moves cannot be finished now. A link or pipe that claimdrop may not
    /// move out of the inbox is held like a file it may not remove; anything else (a full
    /// disk) is tried again on the next pass.
    fn unfinished(subject: &Subject, filed_as: &str, error: &std::io::Error) -> Ending {
        let refused = matches!(
            error.kind(),
            std::io::ErrorKind::PermissionDenied
                | std::io::ErrorKind::ReadOnlyFilesystem
                | std::io::ErrorKind::CrossesDevices
        );
        if subject.moved_as_is() && refused && subject.parked.is_none() {
            let error = format!("{error}; recorded as {filed_as}");
            return Ending::held(subject, Cause::Unremovable, error);
        }
        tracing::warn!(path = %subject.original_path, filed_as, %error, "filed, but its moves cannot be finished now: left for the next pass");
        Ending::Ended(End::Failed)
    }

    /// The last step of a file already filed (its copy in place): its removal from the inbox.
    /// A source claimdrop may not remove (a read-only share, an immutable file) stays where it
    /// is, filed once, and is held: later passes leave it alone unless it changes, and count
    /// it ignored, never failed, so a cron job's exit code does not report it forever.
    fn finish_removal(subject: &Subject, filed_as: &str, done: End) -> Ending {
        match archive::remove_source(subject.beneath(), &subject.source) {
            Ok(()) => {
                tracing::info!(path = %subject.original_path, filed_as, "finished a file an earlier pass had filed");
                Ending::Ended(done)
            }
            Err(error) if subject.parked.is_none() => {
                let error = format!("{error}; filed as {filed_as}");
                Ending::held(subject, Cause::Unremovable, error)
            }
            Err(error) => {
                tracing::warn!(path = %subject.original_path, filed_as, %error, "already filed, but claimdrop may not remove it: remove it by hand");
                Ending::Ended(End::Stayed)
            }
        }
    }

    /// Keeps an imported register in `archive/registers/`.
    fn archive_register(&self, subject: &Subject, identity: &Identified) -> Result<End, Failure> {
        let dir = self.workspace.archive().join("registers");
        let staged = archive::stage(&subject.source, subject.beneath(), &dir, &identity.sha256)
            .map_err(|e| Failure::Io(dir.clone(), e))?;
        let destination = archive::free_name(
            &dir,
            &archive::safe_component(&subject.file_name),
            &identity.sha256,
        );
        archive::finish(&staged, &destination, true)
            .map_err(|e| Failure::Io(destination.clone(), e))?;
        self.remove_originals(subject)?;
        Ok(End::Attached)
    }

    fn note_for(&self, subject: &Subject) -> Option<(PathBuf, String)> {
        let note = note_of(&subject.source)?;
        let text = read_note(subject.beneath(), &note)?;
        Some((note, text))
    }

    fn move_note(
        &self,
        subject: &Subject,
        note: Option<&(PathBuf, String)>,
        destination: &Path,
    ) -> Result<(), Failure> {
        if let Some((path, _)) = note {
            let target = note_path(destination);
            archive::place_copy(path, subject.beneath(), &target)
                .map_err(|e| Failure::Io(target.clone(), e))?;
            archive::remove_source(subject.beneath(), path)
                .map_err(|e| Failure::Io(path.clone(), e))?;
        }
        Ok(())
    }

    fn move_note_io(
        &self,
        beneath: Option<&Path>,
        source: &Path,
        destination: &Path,
    ) -> std::io::Result<()> {
        if let Some(note) = note_of(source) {
            archive::place_copy(&note, beneath, &note_path(destination))?;
            archive::remove_source(beneath, &note)?;
        }
        Ok(())
    }

    fn write_reason(
        &self,
        destination: &Path,
        subject: &Subject,
        outcome: Outcome,
        reason: &str,
    ) -> Result<(), Failure> {
        let path = reason_path(destination);
        archive::write_text(&path, &reason_text(self.lang(), subject, outcome, reason))
            .map_err(|e| Failure::Io(path.clone(), e))?;
        if let Some(parked) = &subject.parked {
            // The old reason file goes with the old quarantine copy.
            let old = self.workspace.root.join(&parked.quarantine_path);
            let _ = archive::remove_source(None, &reason_path(&old));
        }
        Ok(())
    }

    fn remove_originals(&self, subject: &Subject) -> Result<(), Failure> {
        archive::remove_source(subject.beneath(), &subject.source)
            .map_err(|e| Failure::Io(subject.source.clone(), e))?;
        if subject.parked.is_some() {
            let _ = archive::remove_source(None, &reason_path(&subject.source));
        }
        Ok(())
    }
}

/// The entry a quarantined file adds to its claim's history, if it names one.
fn claim_history(
    subject: &Subject,
    rejection: &Rejection,
    claim: Option<&str>,
) -> Option<(Action, String)> {
    claim?;
    // The history is the audit record, hash-chained and compared across workspaces: it is
    // written in English whatever the language people read.
    let reason = rejection.reason.render(Lang::En);
    match rejection.outcome {
        Outcome::Duplicate => Some((
            Action::DocumentDuplicate,
            format!("{} received again: {reason}", subject.original_path),
        )),
        Outcome::ClaimLocked => Some((
            Action::DocumentParked,
            format!("{} parked: {reason}", subject.original_path),
        )),
        _ => None,
    }
}

/// Why filing one file stopped short.
pub(crate) enum Failure {
    Io(PathBuf, std::io::Error),
    Store(StoreError),
}

/// Moves a file that is not opened (a link, a pipe, a file over the size limit) to
/// `destination`. Across file systems a link or a pipe is made again there (a link pointing
/// where it pointed), then the original removed; anything else stays (`CrossesDevices`).
fn move_as_is(source: &Path, beneath: Option<&Path>, destination: &Path) -> std::io::Result<()> {
    match crate::plain_file::rename_beneath(beneath, source, destination) {
        Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => {
            use std::os::unix::fs::FileTypeExt;
            let file_type = source.symlink_metadata()?.file_type();
            if file_type.is_symlink() {
                std::os::unix::fs::symlink(std::fs::read_link(source)?, destination)?;
            } else if file_type.is_fifo() {
                let name = std::ffi::CString::new(destination.as_os_str().as_encoded_bytes())
                    .map_err(std::io::Error::other)?;
                // SAFETY: a valid NUL-terminated path; mkfifo only creates a name.
                if unsafe { libc::mkfifo(name.as_ptr(), 0o600) } != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            } else {
                return Err(e);
            }
            archive::remove_source(beneath, source)
        }
        other => other,
    }
}

fn read_note(beneath: Option<&Path>, path: &Path) -> Option<String> {
    use std::io::Read;
    let mut text = Vec::new();
    crate::plain_file::open_beneath(beneath, path)
        .ok()?
        .take(MAX_NOTE_BYTES)
        .read_to_end(&mut text)
        .ok()?;
    Some(crate::text::decode(&text).trim().to_string())
}

/// The note beside a document, if there is one: a regular file, not a link.
fn note_of(document: &Path) -> Option<PathBuf> {
    let mut name = document.file_name()?.to_os_string();
    name.push(crate::domain::NOTE_SUFFIX);
    let note = document.with_file_name(name);
    note.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_file())
        .then_some(note)
}

pub(super) fn note_path(destination: &Path) -> PathBuf {
    let mut name = destination.file_name().unwrap_or_default().to_os_string();
    name.push(crate::domain::NOTE_SUFFIX);
    destination.with_file_name(name)
}

pub(super) fn reason_path(destination: &Path) -> PathBuf {
    let mut name = destination.file_name().unwrap_or_default().to_os_string();
    name.push(crate::domain::REASON_SUFFIX);
    destination.with_file_name(name)
}

/// What `<file>.reason.txt` says: the outcome's code, why in words, where the file was.
struct ReasonFile<'a> {
    outcome: Outcome,
    reason: &'a str,
    path: &'a str,
    kind: Kind,
}

impl ReasonFile<'_> {
    /// The whole text, by the message `id` (where it was dropped, or where it was filed).
    fn text(&self, lang: Lang, id: &str) -> String {
        lang.text(
            id,
            &[
                ("outcome", self.outcome.as_str().into()),
                ("reason", self.reason.into()),
                ("path", self.path.into()),
                ("kind", self.kind.as_str().into()),
            ],
        ) + "\n"
    }
}

/// The text of a parked file's `.reason.txt`.
fn reason_text(lang: Lang, subject: &Subject, outcome: Outcome, reason: &str) -> String {
    ReasonFile {
        outcome,
        reason,
        path: &subject.original_path,
        kind: subject.kind,
    }
    .text(lang, "reason-file")
}
