//! Group commit: files decided one after the other, filed together.
//!
//! Deciding a file is cheap and must be serial (duplicates, free names); filing it is slow and
//! mostly waiting on the disk (a copy, an fsync, a link, a folder fsync, an unlink). So the
//! committing thread only decides and collects `Prepared` files here; `Batch::complete` then
//! files up to `BATCH` of them at once, in the same order of steps a single file always had:
//!
//! 1. every copy (and its reason and note texts) is written under a temporary name and
//!    fsynced, several at a time, since a disk serves many requests at once;
//! 2. one store transaction records them all, history in the order they were decided;
//! 3. each copy is linked into its final name, each folder fsynced once;
//! 4. only then are the sources removed from the inbox.
//!
//! A crash before (2) leaves temporary files, swept at the next start; after it, the next pass
//! finds the committed rows and finishes (3) and (4) (`Filer::resume`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{End, Ending, Subject, note_path, reason_path};
use crate::domain::{Action, Outcome};
use crate::plain_file::Lease;
use crate::sink::archive;
use crate::sink::store::{Cause, Filing, NewDocument, NewException, Store, StoreError};
use crate::stamp::Stamp;

/// Files filed together, at most.
pub(super) const BATCH: usize = 64;

/// Threads doing one step's file-system work: enough to keep a disk's queue full, few enough
/// not to matter next to the readers.
const IO_THREADS: usize = 4;

/// What the store records for a prepared file.
// One per file of a batch, moved a few times: boxing either variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub(super) enum Record {
    Attach(NewDocument),
    Quarantine {
        exception: NewException,
        history: Option<(Action, String)>,
        /// The text of `<file>.reason.txt`.
        reason: String,
    },
}

/// A decided file, waiting for its batch.
pub(super) struct Prepared {
    pub subject: Subject,
    pub record: Record,
    pub staged: PathBuf,
    pub destination: PathBuf,
    /// The note dropped beside the file: its path in the inbox and its text.
    pub note: Option<(PathBuf, String)>,
}

impl Prepared {
    fn sha256(&self) -> &str {
        match &self.record {
            Record::Attach(document) => &document.sha256,
            Record::Quarantine { exception, .. } => &exception.sha256,
        }
    }

    /// The temporary names of the texts that go with the copy: unique as the copy's is.
    fn staged_text(&self, what: &str) -> PathBuf {
        let mut name = self.staged.clone().into_os_string();
        name.push(format!(".{what}.tmp"));
        PathBuf::from(name)
    }

    fn reason(&self) -> Option<&str> {
        match &self.record {
            Record::Attach(_) => None,
            Record::Quarantine { reason, .. } => Some(reason),
        }
    }

    /// Step 1: the copy and its texts, durable under temporary names. A file taken over comes
    /// with its lease, to be kept until its source is removed (see `archive::stage_at`).
    fn stage(&self) -> io::Result<Option<Lease>> {
        let lease = archive::stage_at(
            &self.subject.source,
            self.subject.beneath(),
            &self.staged,
            self.sha256(),
            true,
        )?;
        // The reason is claimdrop's text; the note is the person's file, moved byte for byte.
        let companions = [
            self.reason()
                .map(|text| archive::stage_text(&self.staged_text("reason"), text)),
            self.note.as_ref().map(|(note, _)| {
                archive::stage_copy(note, self.subject.beneath(), &self.staged_text("note"))
            }),
        ];
        if let Some(Err(e)) = companions.into_iter().flatten().find(Result::is_err) {
            self.discard();
            return Err(e);
        }
        Ok(lease)
    }

    /// Undoes step 1.
    fn discard(&self) {
        let _ = std::fs::remove_file(&self.staged);
        let _ = std::fs::remove_file(self.staged_text("reason"));
        let _ = std::fs::remove_file(self.staged_text("note"));
    }

    /// Step 3, without the folder fsync: the copy and its texts under their final names.
    fn place(&self) -> io::Result<()> {
        let read_only = matches!(self.record, Record::Attach(_));
        archive::finish_unsynced(&self.staged, &self.destination, read_only)?;
        if self.reason().is_some() {
            std::fs::rename(self.staged_text("reason"), reason_path(&self.destination))?;
        }
        if self.note.is_some() {
            std::fs::rename(self.staged_text("note"), note_path(&self.destination))?;
        }
        Ok(())
    }

    /// Step 4.
    fn remove_sources(&self) -> io::Result<()> {
        let beneath = self.subject.beneath();
        archive::remove_source(beneath, &self.subject.source)?;
        if let Some((note, _)) = &self.note {
            archive::remove_source(beneath, note)?;
        }
        if self.subject.parked.is_some() {
            // The old reason file goes with the old quarantine copy.
            archive::remove_source(None, &reason_path(&self.subject.source))?;
        }
        Ok(())
    }

    fn end(&self) -> End {
        match &self.record {
            Record::Attach(_) => End::Attached,
            Record::Quarantine { exception, .. } => End::Quarantined(exception.outcome),
        }
    }

    fn log(&self) {
        match &self.record {
            Record::Attach(document) => {
                tracing::info!(path = %self.subject.original_path, claim = %document.claim_id, rule = %document.matched_by, "attached")
            }
            Record::Quarantine { exception, .. } => {
                tracing::info!(path = %self.subject.original_path, outcome = %exception.outcome, reason = %exception.reason, "quarantined")
            }
        }
    }

    /// Records which file it came from, as the file is once staged. A file taken over (its
    /// inode now also the archive's) is named by its inode alone: the second name moved its
    /// change time, and sweeping that name after a crash moves it again; its inode is never
    /// freed while the archive holds it, so no other file can come to have it.
    fn recorded_from_source(&mut self, taken_over: bool) {
        let identity = Stamp::of(&self.subject.source).map(|stamp| {
            if taken_over {
                stamp.inode()
            } else {
                stamp.identity()
            }
        });
        match &mut self.record {
            Record::Attach(document) => document.source_identity = identity,
            Record::Quarantine { exception, .. } => exception.source_identity = identity,
        }
    }

    fn filing(&self) -> Filing<'_> {
        match &self.record {
            Record::Attach(document) => Filing::Attach {
                document,
                retried: self.subject.parked.as_ref(),
            },
            Record::Quarantine {
                exception, history, ..
            } => Filing::Quarantine {
                exception,
                history: history.as_ref(),
            },
        }
    }
}

/// Files decided but not yet filed, with what the next decisions must know of them.
#[derive(Default)]
pub(super) struct Batch {
    items: Vec<Prepared>,
    /// sha256 -> (claim, archive path) of the attachments: a second copy is a duplicate.
    shas: HashMap<String, (String, String)>,
    /// Final names promised to the files of the batch.
    reserved: HashSet<PathBuf>,
    /// Temporary names in use.
    staging: HashSet<PathBuf>,
}

impl Batch {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The claim and archive path an attachment of these bytes in this batch will have.
    pub fn attached(&self, sha256: &str) -> Option<&(String, String)> {
        self.shas.get(sha256)
    }

    pub fn reserved(&self) -> &HashSet<PathBuf> {
        &self.reserved
    }

    /// Whether `prepared` needs a temporary name already taken (the same bytes going to the
    /// same folder twice): the batch must be completed before it joins.
    pub fn collides(&self, prepared: &Prepared) -> bool {
        self.staging.contains(&prepared.staged)
    }

    pub fn push(&mut self, prepared: Prepared) {
        if let Record::Attach(document) = &prepared.record {
            self.shas.insert(
                document.sha256.clone(),
                (document.claim_id.clone(), document.archive_path.clone()),
            );
        }
        // Its reason and note texts are placed beside it: no other file of the batch may get
        // those names.
        self.reserved.insert(reason_path(&prepared.destination));
        self.reserved.insert(note_path(&prepared.destination));
        self.reserved.insert(prepared.destination.clone());
        self.staging.insert(prepared.staged.clone());
        self.items.push(prepared);
    }

    /// Files everything collected (see the module note), saying in `ended` how each ended. A
    /// store error ends the pass; a file the disk refuses is counted failed and stays in the
    /// inbox for the next pass.
    pub fn complete(
        &mut self,
        store: &mut Store,
        ended: &mut Vec<Ending>,
    ) -> Result<(), StoreError> {
        let items = std::mem::take(&mut self.items);
        self.shas.clear();
        self.reserved.clear();
        self.staging.clear();
        if items.is_empty() {
            return Ok(());
        }

        let staged = in_parallel(&items, Prepared::stage);
        // Released when this batch ends, after the sources are removed: until then no writer
        // can open a file whose inode the archive took over.
        let mut leases = Vec::new();
        let mut failed_shas = HashSet::new();
        let mut ready = Vec::with_capacity(items.len());
        for (item, result) in items.into_iter().zip(staged) {
            // A duplicate of an attachment that could not be staged is not a duplicate yet.
            let duplicate_of_failed = matches!(
                &item.record,
                Record::Quarantine { exception, .. }
                    if exception.outcome == Outcome::Duplicate
                        && failed_shas.contains(&exception.sha256)
            );
            match result {
                Ok(lease) if !duplicate_of_failed => {
                    let mut item = item;
                    item.recorded_from_source(lease.is_some());
                    leases.extend(lease);
                    ready.push(item);
                }
                Ok(_) => {
                    item.discard();
                    ended.push(Ending::Ended(End::Failed));
                }
                Err(e) => {
                    failed_shas.insert(item.sha256().to_string());
                    if e.kind() == io::ErrorKind::NotFound && !item.subject.source.exists() {
                        tracing::info!(path = %item.subject.source.display(), "gone before it could be filed");
                        ended.push(Ending::Ended(End::Vanished));
                    } else {
                        tracing::warn!(path = %item.subject.source.display(), error = %e, "cannot file: left for the next pass");
                        ended.push(Ending::Ended(End::Failed));
                    }
                }
            }
        }
        if ready.is_empty() {
            return Ok(());
        }

        let filings: Vec<Filing> = ready.iter().map(Prepared::filing).collect();
        if let Err(e) = store.file_all(&filings) {
            in_parallel(&ready, |item| item.discard());
            return Err(e);
        }

        let placements = in_parallel(&ready, Prepared::place);
        let mut placed = Vec::with_capacity(ready.len());
        let mut folders = BTreeSet::new();
        for (item, result) in ready.into_iter().zip(placements) {
            match result {
                Ok(()) => {
                    if let Some(folder) = item.destination.parent() {
                        folders.insert(folder.to_path_buf());
                    }
                    placed.push(item);
                }
                Err(e) => {
                    // Committed but not in place: the next pass finds it and finishes.
                    tracing::warn!(path = %item.destination.display(), error = %e, "cannot place a filed file: left for the next pass");
                    ended.push(Ending::Ended(End::Failed));
                }
            }
        }
        let folders: Vec<PathBuf> = folders.into_iter().collect();
        let synced = in_parallel(&folders, |folder| archive::sync_folder(folder));
        if let Some((folder, Err(e))) = folders.iter().zip(&synced).find(|(_, r)| r.is_err()) {
            // Sources go only once their copies are durable: all stay for the next pass.
            tracing::warn!(folder = %folder.display(), error = %e, "cannot sync a folder: sources left for the next pass");
            for _ in &placed {
                ended.push(Ending::Ended(End::Failed));
            }
            return Ok(());
        }

        let removals = in_parallel(&placed, Prepared::remove_sources);
        for (item, removed) in placed.into_iter().zip(removals) {
            item.log();
            ended.push(Ending::Ended(item.end()));
            if let Err(e) = removed {
                if item.subject.parked.is_none() && item.subject.source.symlink_metadata().is_ok() {
                    ended.push(Ending::Held {
                        subject: Box::new(item.subject),
                        cause: Cause::Unremovable,
                        error: e.to_string(),
                        filed: true,
                    });
                } else {
                    tracing::warn!(path = %item.subject.source.display(), error = %e, "filed, but a file beside it stays: finished on the next pass");
                }
            }
        }
        Ok(())
    }
}

/// `work` applied to every item, on up to `IO_THREADS` threads; results in the items' order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < 2 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..IO_THREADS.min(items.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        mine.push((index, work(item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(mine) => mine,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_results_keep_the_items_order() {
        let items: Vec<usize> = (0..100).collect();
        let doubled = in_parallel(&items, |n| n * 2);
        assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert_eq!(in_parallel(&items[..1], |n| n + 1), vec![1]);
        assert!(in_parallel(&items[..0], |n| *n).is_empty());
    }
}
