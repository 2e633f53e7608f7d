//! The commit: one home for the crash-safe order in which a decided file is filed.
//!
//! Every file ends as an outcome, and for each the order of steps is the one that makes a
//! crash harmless (DESIGN.md): stage the copy and fsync it, commit the store transaction,
//! move the copy into place with its companion texts (the person's note, moved byte for
//! byte; claimdrop's reason text), remove the source last. That order is written once, in
//! `completion`: every way a file ends is made into one `Prepared` value (an attachment, a
//! quarantine, a parked file parked again, a link or pipe moved as it is, a document moved or
//! detached, a register kept, a late note joined) and completed there. Decided files go in
//! batches (`batch`). A pass that restarts after a crash recognises a file whose commit
//! happened (same bytes, same inbox path, same file) and only finishes its moves (`resume`,
//! and `repair` for a retried parked file): a `Prepared` value with nothing to record.
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
    Cause, ExceptionRow, Filing, NewDocument, NewException, Placed, Store, StoreError,
};
use crate::stamp::Stamp;
use crate::workspace::Workspace;

mod batch;
mod completion;
mod note;
use batch::{BATCH, Batch};
use completion::{Carry, Completion, Prepared};
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
        let staged = archive::staged_copies(filed.parent().unwrap_or(Path::new(".")), sha);
        recorded.is_some_and(|recorded| source.is(recorded))
            || std::iter::once(filed)
                .chain(staged.iter().map(PathBuf::as_path))
                .filter_map(Stamp::of)
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

/// Why a file could not be filed, moved or joined.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FilingError {
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
    fn held(subject: &Subject, cause: Cause, error: String, filed: bool) -> Ending {
        Ending::Held {
            subject: Box::new(subject.clone()),
            cause,
            error,
            filed,
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
        self.workspace.settings.lang()
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

    /// Files one decided file: it joins the batch, completed when full or flushed.
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
            Decision::Quarantine { rejection, claim } => {
                self.prepare_quarantine(store, subject, sha, rejection, claim, actor, now)
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

    /// Files the batch now.
    pub(crate) fn flush(&mut self, store: &mut Store) -> Result<(), StoreError> {
        self.batch
            .complete(store, &self.workspace.root, &mut self.ended)
    }

    /// Completes one prepared file at once, as a command needs it: done, or why not.
    fn complete_one(&self, store: &mut Store, prepared: Prepared) -> Result<(), FilingError> {
        let destination = prepared.destination.clone();
        let source = prepared.source.clone();
        for (item, completion) in completion::complete(store, &self.workspace.root, vec![prepared])?
        {
            match completion {
                Completion::Done => {}
                Completion::NotStaged(source) | Completion::NotPlaced(source) => {
                    return Err(FilingError::Io {
                        path: destination,
                        source,
                    });
                }
                Completion::SourceStays(error) => {
                    tracing::warn!(path = %source.display(), filed_as = %item.filed_as, %error, "filed, but its old name stays: remove it by hand");
                }
            }
        }
        Ok(())
    }

    /// Keeps an imported register in `archive/registers/`, and removes it from the inbox; how
    /// it ended is taken with the other endings. A register claimdrop may not remove is held
    /// like any such file, so that later passes do not import it again.
    pub(crate) fn keep_register(
        &mut self,
        store: &mut Store,
        subject: &Subject,
        identity: &Identified,
    ) -> Result<(), StoreError> {
        let dir = self.workspace.archive().join("registers");
        let name = archive::safe_component(&subject.file_name);
        // Kept already (a pass a crash cut short after placing it, or the same bytes dropped
        // again): only the source is left to remove.
        let (destination, carry) = match archive::kept_copy(&dir, &name, &identity.sha256) {
            Some(kept) => (kept, Carry::InPlace),
            None => (
                archive::free_name(&dir, &name, &identity.sha256),
                Carry::Copy,
            ),
        };
        let prepared = Prepared {
            source: subject.source.clone(),
            beneath: subject.drop_root.clone(),
            carry,
            sha256: identity.sha256.clone(),
            staged: archive::staging_path(&dir, &identity.sha256),
            filed_as: self.workspace.relative(&destination),
            destination,
            read_only: true,
            reason: None,
            note: None,
            old_reason: None,
            record: None,
            resumed: false,
            subject: Some(subject.clone()),
            end: End::Attached,
        };
        batch::complete_now(store, &self.workspace.root, vec![prepared], &mut self.ended)
    }

    /// Moves an attached document to another claim's archive folder, with its note: a second
    /// name in the new folder first, then the record, then its old name removed. A crash
    /// before the record leaves a temporary name, swept; after it, only the old name is left
    /// to remove. Returns the new archive path.
    pub(crate) fn move_document(
        &self,
        store: &mut Store,
        sha: &str,
        to: &str,
        comment: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String, FilingError> {
        let (placed, source) = self.attached(store, sha)?;
        let dir = self
            .workspace
            .archive()
            .join(archive::safe_component(to))
            .join(placed.kind.as_str());
        let destination = self.free_name(
            store,
            &dir,
            &archive::safe_component(&placed.original_name),
            sha,
        );
        let archive_path = self.workspace.relative(&destination);
        let prepared = Prepared {
            note: note_of(&source),
            source,
            beneath: None,
            carry: Carry::Link,
            sha256: sha.to_string(),
            staged: archive::staging_path(&dir, sha),
            destination,
            read_only: true,
            reason: None,
            old_reason: None,
            record: Some(Filing::Move {
                sha256: sha.to_string(),
                to: to.to_string(),
                archive_path: archive_path.clone(),
                comment: comment.map(str::to_string),
                actor: actor.to_string(),
                at: now,
            }),
            resumed: false,
            subject: None,
            end: End::Attached,
            filed_as: archive_path.clone(),
        };
        self.complete_one(store, prepared)?;
        Ok(archive_path)
    }

    /// Takes an attached document off its claim into `quarantine/detached/`, with its note
    /// and a reason text, in the order of any filing. Returns the quarantine path.
    pub(crate) fn detach_document(
        &self,
        store: &mut Store,
        sha: &str,
        comment: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String, FilingError> {
        let (placed, source) = self.attached(store, sha)?;
        let dir = self.workspace.quarantine().join(Outcome::Detached.as_str());
        let destination = self.free_name(
            store,
            &dir,
            &archive::safe_component(&placed.original_name),
            sha,
        );
        let reason = crate::text!(
            "reason-detached",
            claim = &placed.claim_id,
            actor = actor,
            comment = comment
        )
        .render(self.lang());
        let quarantine_path = self.workspace.relative(&destination);
        let text = ReasonFile {
            outcome: Outcome::Detached,
            reason: &reason,
            path: &placed.archive_path,
            kind: placed.kind,
        }
        .text(self.lang(), "reason-file-detached");
        let prepared = Prepared {
            note: note_of(&source),
            source,
            beneath: None,
            carry: Carry::Copy,
            sha256: sha.to_string(),
            staged: archive::staging_path(&dir, sha),
            destination,
            read_only: false,
            reason: Some(text),
            old_reason: None,
            record: Some(Filing::Detach {
                sha256: sha.to_string(),
                quarantine_path: quarantine_path.clone(),
                reason,
                actor: actor.to_string(),
                at: now,
            }),
            resumed: false,
            subject: None,
            end: End::Quarantined(Outcome::Detached),
            filed_as: quarantine_path.clone(),
        };
        self.complete_one(store, prepared)?;
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

    /// Finishes moves a crash interrupted after a parked file's retry was committed: the
    /// archive copy is put in place and the quarantine copy removed.
    pub(crate) fn repair(&self, store: &mut Store) -> Result<(), StoreError> {
        for (quarantined, archived, sha) in store.retried_placements()? {
            let source = self.workspace.root.join(&quarantined);
            if source.symlink_metadata().is_err() {
                continue;
            }
            let destination = self.workspace.root.join(&archived);
            let dir = destination.parent().unwrap_or(Path::new("."));
            let prepared = Prepared {
                note: note_of(&source),
                old_reason: Some(reason_path(&source)),
                source,
                beneath: None,
                carry: if destination.exists() {
                    Carry::InPlace
                } else {
                    Carry::Copy
                },
                staged: archive::staging_path(dir, &sha),
                sha256: sha,
                destination,
                read_only: true,
                reason: None,
                record: None,
                resumed: false,
                subject: None,
                end: End::Attached,
                filed_as: archived.clone(),
            };
            match self.complete_one(store, prepared) {
                Ok(()) => tracing::info!(path = %archived, "finished a retry a crash interrupted"),
                Err(FilingError::Store(e)) => return Err(e),
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
        let destination = self.free_name(store, &dir, &name, &identity.sha256);
        let note = self.note_for(&subject);
        let usage_end = store.claim(claim_id)?.map(|c| c.usage_end);
        let retain_until = crate::domain::retain_until(
            read.document_date,
            usage_end,
            self.workspace.settings.rules.retention_months,
        );
        let archive_path = self.workspace.relative(&destination);
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
            archive_path: archive_path.clone(),
            note: note.as_ref().map(|(_, text)| text.clone()),
            retain_until,
            source_identity: subject.source_identity(),
        };
        Ok(Prepared {
            source: subject.source.clone(),
            beneath: subject.drop_root.clone(),
            carry: Carry::Take,
            sha256: identity.sha256.clone(),
            staged: archive::staging_path(&dir, &identity.sha256),
            destination,
            read_only: true,
            reason: None,
            note: note.map(|(path, _)| path),
            old_reason: subject
                .parked
                .as_ref()
                .map(|_| reason_path(&subject.source)),
            record: Some(Filing::Attach {
                document,
                retried: subject.parked.clone(),
            }),
            resumed: false,
            subject: Some(subject),
            end: End::Attached,
            filed_as: archive_path,
        })
    }

    /// A free name in `dir` for a file: none on disk, none promised to a file of the batch
    /// (two may want one before either is in place), and on a store daemons share, none the
    /// store recorded (another daemon's file, committed and not yet in place). A name taken
    /// meanwhile all the same is refused under the filing lock (`Store::file_all`).
    fn free_name(&self, store: &Store, dir: &Path, name: &str, sha: &str) -> PathBuf {
        let shared = store.is_shared();
        archive::free_name_avoiding(dir, name, sha, &|path: &Path| {
            // A companion text (a reason, a note) is never a record's path: the disk says.
            let companion = path.to_str().is_some_and(|p| {
                crate::domain::COMPANION_SUFFIXES
                    .iter()
                    .any(|s| p.ends_with(s))
            });
            self.batch.reserved().contains(path)
                || (shared
                    && !companion
                    && store
                        .recorded_at(&self.workspace.relative(path))
                        .unwrap_or(true))
        })
    }

    /// A file for quarantine, decided: a new quarantine record, or a parked file parked again
    /// (where it is, for the same cause; else in the folder of its new one). A link, a pipe
    /// or a file over the size limit is moved as it is, never opened.
    #[allow(clippy::too_many_arguments)]
    fn prepare_quarantine(
        &self,
        store: &Store,
        subject: Subject,
        sha: &str,
        rejection: Rejection,
        claim: Option<String>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Prepared {
        let outcome = rejection.outcome;
        let history = claim_history(&subject, &rejection, claim.as_deref());
        let reason = rejection.reason.render(self.lang());
        let dir = self.workspace.quarantine().join(outcome.as_str());
        let stays = subject
            .parked
            .as_ref()
            .is_some_and(|parked| parked.outcome == outcome);
        let destination = if stays {
            subject.source.clone()
        } else {
            self.free_name(
                store,
                &dir,
                &archive::safe_component(&subject.file_name),
                sha,
            )
        };
        let quarantine_path = self.workspace.relative(&destination);
        let note = if stays { None } else { self.note_for(&subject) };
        let record = match &subject.parked {
            Some(parked) => Filing::Requarantine {
                exception_id: parked.exception_id,
                outcome,
                reason: reason.clone(),
                claim_id: claim.clone(),
                quarantine_path: (!stays).then(|| quarantine_path.clone()),
                history: history.filter(|_| !stays),
                actor: actor.to_string(),
                at: now,
            },
            None => Filing::Quarantine {
                exception: NewException {
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
            },
        };
        let carry = if stays {
            Carry::Stays
        } else if subject.moved_as_is() {
            Carry::AsIs
        } else if subject.parked.is_some() {
            Carry::Copy
        } else {
            Carry::Take
        };
        Prepared {
            source: subject.source.clone(),
            beneath: subject.drop_root.clone(),
            carry,
            sha256: sha.to_string(),
            staged: archive::staging_path(&dir, sha),
            destination,
            read_only: false,
            reason: (!stays).then(|| reason_text(self.lang(), &subject, outcome, &reason)),
            note: note.map(|(path, _)| path),
            old_reason: subject
                .parked
                .as_ref()
                .filter(|_| !stays)
                .map(|_| reason_path(&subject.source)),
            record: Some(record),
            resumed: false,
            subject: Some(subject),
            end: if stays {
                End::Stayed
            } else {
                End::Quarantined(outcome)
            },
            filed_as: quarantine_path,
        }
    }

    /// Finishes the moves of a file whose commit a crash interrupted, and says whether it was
    /// such a file (its ending is then recorded).
    pub(crate) fn resume(
        &mut self,
        store: &mut Store,
        subject: &Subject,
        sha: &str,
    ) -> Result<bool, StoreError> {
        let mut found = None;
        if let Some(attached) = store.attached(sha)?
            && attached.original_path == subject.original_path
            && subject.filed_as(
                attached.source_identity.as_deref(),
                &self.workspace.root.join(&attached.archive_path),
                sha,
            )
        {
            found = Some((attached.archive_path, None, End::Attached));
        } else if let Some(open) = store.open_exception(sha, &subject.original_path)?
            && subject.filed_as(
                open.source_identity.as_deref(),
                &self.workspace.root.join(&open.quarantine_path),
                sha,
            )
        {
            let text = ReasonFile {
                outcome: open.outcome,
                reason: &open.reason,
                path: &subject.original_path,
                kind: subject.kind,
            }
            .text(self.lang(), "reason-file");
            found = Some((
                open.quarantine_path,
                Some(text),
                End::Quarantined(open.outcome),
            ));
        }
        let Some((filed_as, reason, end)) = found else {
            return Ok(false);
        };
        let destination = self.workspace.root.join(&filed_as);
        let dir = destination.parent().unwrap_or(Path::new("."));
        let as_is = subject.moved_as_is();
        let carry = match destination.symlink_metadata() {
            Err(_) if as_is => Ok(Carry::AsIs),
            Err(_) => Ok(Carry::Copy),
            // Something else holds that name: the source is not removed on its account.
            Ok(_) if as_is || !archive::holds(&destination, sha).unwrap_or(false) => Err(
                std::io::Error::other(format!("{} holds another file", destination.display())),
            ),
            Ok(_) => Ok(Carry::InPlace),
        };
        let prepared = Prepared {
            source: subject.source.clone(),
            beneath: subject.drop_root.clone(),
            carry: *carry.as_ref().unwrap_or(&Carry::InPlace),
            sha256: sha.to_string(),
            staged: archive::staging_path(dir, sha),
            destination,
            read_only: end == End::Attached,
            reason,
            note: note_of(&subject.source),
            old_reason: None,
            record: None,
            resumed: true,
            subject: Some(subject.clone()),
            end,
            filed_as,
        };
        match carry {
            Ok(_) => {
                batch::complete_now(store, &self.workspace.root, vec![prepared], &mut self.ended)?
            }
            Err(error) => self
                .ended
                .extend(batch::ending_of(prepared, Completion::NotPlaced(error))),
        }
        Ok(true)
    }

    fn note_for(&self, subject: &Subject) -> Option<(PathBuf, String)> {
        let note = note_of(&subject.source)?;
        let text = read_note(subject.beneath(), &note)?;
        Some((note, text))
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
