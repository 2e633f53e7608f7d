//! The completion: the one place where the crash-safe order of filing is carried out.
//!
//! Every way a file ends is first made into a `Prepared` value: a file attached or
//! quarantined, a parked file parked again, a filing a crash cut short, a retry's moves a
//! crash interrupted, a document moved to another claim or detached, a register kept, a note
//! that came after its document. It says where the bytes are, how they are carried (`Carry`),
//! where they go with their companion texts, and what the store records (`Filing`).
//! `complete` then does the same steps for all, several files at once:
//!
//! 1. every copy (and its reason and note texts) is written under a temporary name and
//!    made durable, several at a time, since a disk serves many requests at once;
//! 2. one store transaction records them all, history in the order they were decided;
//! 3. each copy is linked into its final name, each folder made durable once;
//! 4. only then are the sources removed.
//!
//! A crash before (2) leaves temporary files, swept at the next start; after it, the next pass
//! finds the committed rows and finishes (3) and (4) (`Filer::resume`, `Filer::repair`), which
//! are again a `Prepared` value, with nothing left to record.
//!
//! "Durable" is one fsync per file and per folder for a few files; for a batch of many on the
//! workspace's own file system it is one `syncfs` after (1) and one after (3)
//! (`archive::FileSystem`): the same guarantee, with one flush of the disk's cache instead of
//! one per file.

use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use super::{End, Subject, note_path, reason_path};
use crate::domain::Outcome;
use crate::plain_file::Lease;
use crate::sink::archive::{self, Durable};
use crate::sink::store::{Filing, Store, StoreError};
use crate::stamp::Stamp;

/// Threads doing one step's file-system work: enough to keep a disk's queue full, few enough
/// not to matter next to the readers.
const IO_THREADS: usize = 4;

/// From how many files written in one completion they are made durable together (one
/// `syncfs`) rather than one by one. Below it, a file dropped alone is not made to wait for
/// whatever else is being written to the same disk.
const TOGETHER_FROM: usize = 8;

/// How a file's bytes reach their destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Carry {
    /// A dropped file: taken over (a second name for its inode) when it can be, else copied.
    Take,
    /// Copied, hashing as it goes: a file that keeps its own name until the record is made.
    Copy,
    /// A second name for the same inode: a document moved inside the archive.
    Link,
    /// Renamed as it is, never opened: a link, a pipe, a file over the size limit.
    AsIs,
    /// Already at its destination, from a pass a crash cut short: only the sources go.
    InPlace,
    /// Nothing moves: a parked file parked again for the same cause.
    Stays,
}

/// A file ready to be completed.
pub(super) struct Prepared {
    /// Where its bytes are now.
    pub source: PathBuf,
    /// The drop folder the source is reached from; none in claimdrop's own folders.
    pub beneath: Option<PathBuf>,
    pub carry: Carry,
    /// The hash its bytes were read with (the name it is known by when it is never read).
    pub sha256: String,
    pub staged: PathBuf,
    pub destination: PathBuf,
    /// Evidence, not to be edited: an archived original.
    pub read_only: bool,
    /// claimdrop's `<file>.reason.txt` beside it.
    pub reason: Option<String>,
    /// The person's note beside the source, moved with it byte for byte.
    pub note: Option<PathBuf>,
    /// claimdrop's reason text beside the source, gone with it.
    pub old_reason: Option<PathBuf>,
    /// What the store records; none when an earlier pass recorded it, or there is nothing to
    /// record (a register kept: its import was recorded).
    pub record: Option<Filing>,
    /// Finished for a pass a crash cut short: counted by no pass yet, and counted now only as
    /// it ends.
    pub resumed: bool,
    /// The dropped (or parked) file it is, for the pipeline's counts and holds.
    pub subject: Option<Subject>,
    /// How it ends when all went well.
    pub end: End,
    /// Where it is filed, relative to the workspace, as logs and holds name it.
    pub filed_as: String,
}

/// How completing one file went.
#[derive(Debug)]
pub(super) enum Completion {
    Done,
    /// Nothing recorded; the source is as it was.
    NotStaged(io::Error),
    /// Recorded, but not (durably) at its destination: the next pass finishes it.
    NotPlaced(io::Error),
    /// At its destination, but a source (or its note) could not be removed.
    SourceStays(io::Error),
}

impl Prepared {
    /// The temporary names of the texts that go with the copy: unique as the copy's is.
    fn staged_text(&self, what: &str) -> PathBuf {
        let mut name = self.staged.clone().into_os_string();
        name.push(format!(".{what}.tmp"));
        PathBuf::from(name)
    }

    fn moves(&self) -> bool {
        self.carry != Carry::Stays
    }

    /// Step 1: the copy and its texts under temporary names, durable now, or written to
    /// `together`'s file system and made durable with the rest (which of the two is returned).
    /// A file taken over comes with its lease, to be kept until its source is removed (see
    /// `archive::stage_at`).
    fn stage(
        &self,
        together: Option<&archive::FileSystem>,
    ) -> io::Result<(Option<Lease>, Durable)> {
        let beneath = self.beneath.as_deref();
        let dir = self.staged.parent();
        if self.moves()
            && let Some(dir) = dir
        {
            std::fs::create_dir_all(dir)?;
        }
        let durable = match (together, dir) {
            (Some(file_system), Some(dir)) if file_system.holds(dir) => Durable::Together,
            _ => Durable::Now,
        };
        let lease = match self.carry {
            Carry::Take | Carry::Copy => archive::stage_at(
                &self.source,
                beneath,
                &self.staged,
                &self.sha256,
                self.carry == Carry::Take,
                durable,
            )?,
            Carry::Link => {
                match std::fs::remove_file(&self.staged) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
                std::fs::hard_link(&self.source, &self.staged)?;
                None
            }
            Carry::AsIs | Carry::InPlace | Carry::Stays => None,
        };
        // The reason is claimdrop's text; the note is the person's file, moved byte for byte.
        let companions = [
            self.reason
                .as_ref()
                .map(|text| archive::stage_text(&self.staged_text("reason"), text, durable)),
            self.note
                .as_ref()
                .map(|note| archive::stage_copy(note, beneath, &self.staged_text("note"), durable)),
        ];
        if let Some(Err(e)) = companions.into_iter().flatten().find(Result::is_err) {
            self.discard();
            return Err(e);
        }
        Ok((lease, durable))
    }

    /// Whether staging it writes a file.
    fn writes(&self) -> bool {
        matches!(self.carry, Carry::Take | Carry::Copy)
            || self.reason.is_some()
            || self.note.is_some()
    }

    /// Undoes step 1.
    fn discard(&self) {
        if matches!(self.carry, Carry::Take | Carry::Copy | Carry::Link) {
            let _ = std::fs::remove_file(&self.staged);
        }
        let _ = std::fs::remove_file(self.staged_text("reason"));
        let _ = std::fs::remove_file(self.staged_text("note"));
    }

    /// Step 3, without the folder fsync: the file and its texts under their final names.
    fn place(&self) -> io::Result<()> {
        match self.carry {
            Carry::Take | Carry::Copy | Carry::Link => {
                archive::place_staged(&self.staged, &self.destination, self.read_only)?
            }
            // A link (or pipe) is moved as it is: copying would open it, and read whatever a
            // link points at.
            Carry::AsIs => move_as_is(&self.source, self.beneath.as_deref(), &self.destination)?,
            Carry::InPlace | Carry::Stays => {}
        }
        if self.reason.is_some() {
            std::fs::rename(self.staged_text("reason"), reason_path(&self.destination))?;
        }
        if self.note.is_some() {
            std::fs::rename(self.staged_text("note"), note_path(&self.destination))?;
        }
        Ok(())
    }

    /// Step 4. A name removed from claimdrop's own folders is made durable: no later pass
    /// would come back for it, where a dropped file whose removal a power cut undoes is
    /// simply found again and finished.
    fn remove_sources(&self) -> io::Result<()> {
        if !self.moves() {
            return Ok(());
        }
        let beneath = self.beneath.as_deref();
        if self.carry != Carry::AsIs {
            archive::remove_source(beneath, &self.source)?;
        }
        if let Some(note) = &self.note {
            archive::remove_source(beneath, note)?;
        }
        if let Some(old) = &self.old_reason {
            // claimdrop's own text: it explained a copy that is gone.
            if let Err(error) = archive::remove_source(None, old) {
                tracing::warn!(path = %old.display(), %error, "cannot remove an old reason text");
            }
        }
        if beneath.is_none()
            && let Some(folder) = self.source.parent()
        {
            archive::sync_folder(folder)?;
        }
        Ok(())
    }

    /// Whether it is a duplicate of bytes whose own filing could not be staged: not a
    /// duplicate yet.
    fn duplicates_one_of(&self, failed: &HashSet<String>) -> bool {
        matches!(
            &self.record,
            Some(Filing::Quarantine { exception, .. })
                if exception.outcome == Outcome::Duplicate && failed.contains(&exception.sha256)
        )
    }

    /// Records which file it came from, as the file is once staged. A file taken over (its
    /// inode now also the archive's) is named by its inode alone: the second name moved its
    /// change time, and sweeping that name after a crash moves it again; its inode is never
    /// freed while the archive holds it, so no other file can come to have it.
    fn recorded_from_source(&mut self, taken_over: bool) {
        if self.subject.is_none() {
            return;
        }
        let identity = Stamp::of(&self.source).map(|stamp| {
            if taken_over {
                stamp.inode()
            } else {
                stamp.identity()
            }
        });
        match &mut self.record {
            Some(Filing::Attach { document, .. }) => document.source_identity = identity,
            Some(Filing::Quarantine { exception, .. }) => exception.source_identity = identity,
            _ => {}
        }
    }
}

/// Completes `items` (see the module note), returning how each went. A store error ends it
/// with nothing recorded and every staged copy discarded; a file the disk refuses is reported
/// and left where it was.
pub(super) fn complete(
    store: &mut Store,
    root: &Path,
    items: Vec<Prepared>,
) -> Result<Vec<(Prepared, Completion)>, StoreError> {
    let mut done = Vec::with_capacity(items.len());
    if items.is_empty() {
        return Ok(done);
    }
    // Opened before anything is written: its `syncfs` reports the write-backs that failed since.
    let together = (items.iter().filter(|item| item.writes()).count() >= TOGETHER_FROM)
        .then(|| archive::FileSystem::of(root).ok())
        .flatten();
    let staged = in_parallel(&items, |item| item.stage(together.as_ref()));
    let flushed = match &together {
        Some(file_system)
            if staged
                .iter()
                .any(|result| matches!(result, Ok((_, Durable::Together)))) =>
        {
            file_system.sync()
        }
        _ => Ok(()),
    };
    // Released when this completion ends, after the sources are removed: until then no writer
    // can open a file whose inode the archive took over.
    let mut leases = Vec::new();
    let mut failed = HashSet::new();
    let mut ready = Vec::with_capacity(items.len());
    for (mut item, result) in items.into_iter().zip(staged) {
        let result = match (result, &flushed) {
            (Ok((_, Durable::Together)), Err(e)) => {
                item.discard();
                Err(io::Error::new(e.kind(), e.to_string()))
            }
            (Ok((lease, _)), _) => Ok(lease),
            (Err(e), _) => Err(e),
        };
        match result {
            Ok(lease) if !item.duplicates_one_of(&failed) => {
                item.recorded_from_source(lease.is_some());
                leases.extend(lease);
                ready.push(item);
            }
            Ok(_) => {
                item.discard();
                let error = io::Error::other("a duplicate of a file that could not be filed");
                done.push((item, Completion::NotStaged(error)));
            }
            Err(e) => {
                failed.insert(item.sha256.clone());
                done.push((item, Completion::NotStaged(e)));
            }
        }
    }
    if ready.is_empty() {
        return Ok(done);
    }

    if ready.iter().any(|item| item.record.is_some())
        && let Err(e) = store.file_all(ready.iter().filter_map(|item| item.record.as_ref()))
    {
        in_parallel(&ready, Prepared::discard);
        return Err(e);
    }

    let placements = in_parallel(&ready, Prepared::place);
    let mut placed = Vec::with_capacity(ready.len());
    let mut folders = BTreeSet::new();
    for (item, result) in ready.into_iter().zip(placements) {
        match result {
            Ok(()) => {
                if item.moves()
                    && let Some(folder) = item.destination.parent()
                {
                    folders.insert(folder.to_path_buf());
                }
                placed.push(item);
            }
            Err(e) => done.push((item, Completion::NotPlaced(e))),
        }
    }
    // The folders on the shared file system take one `syncfs`; any other, its own fsync.
    let (shared, own): (Vec<PathBuf>, Vec<PathBuf>) = folders
        .into_iter()
        .partition(|folder| together.as_ref().is_some_and(|fs| fs.holds(folder)));
    let mut synced: Vec<(&PathBuf, io::Result<()>)> = own
        .iter()
        .zip(in_parallel(&own, |folder| archive::sync_folder(folder)))
        .collect();
    if let (Some(file_system), Some(folder)) = (&together, shared.first()) {
        synced.push((folder, file_system.sync()));
    }
    if let Some((folder, Err(e))) = synced.iter().find(|(_, r)| r.is_err()) {
        // Sources go only once their copies are durable: all stay for the next pass.
        tracing::warn!(folder = %folder.display(), error = %e, "cannot sync a folder: sources left for the next pass");
        for item in placed {
            let error = io::Error::new(e.kind(), e.to_string());
            done.push((item, Completion::NotPlaced(error)));
        }
        return Ok(done);
    }

    let removals = in_parallel(&placed, Prepared::remove_sources);
    for (item, removed) in placed.into_iter().zip(removals) {
        let completion = match removed {
            Ok(()) => Completion::Done,
            Err(e) => Completion::SourceStays(e),
        };
        done.push((item, completion));
    }
    drop(leases);
    Ok(done)
}

/// Moves a file that is not opened (a link, a pipe, a file over the size limit) to
/// `destination`. Across file systems a link or a pipe is made again there (a link pointing
/// where it pointed), then the original removed; anything else stays (`CrossesDevices`).
fn move_as_is(source: &Path, beneath: Option<&Path>, destination: &Path) -> io::Result<()> {
    match crate::plain_file::rename_beneath(beneath, source, destination) {
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {
            use std::os::unix::fs::FileTypeExt;
            let file_type = source.symlink_metadata()?.file_type();
            if file_type.is_symlink() {
                std::os::unix::fs::symlink(std::fs::read_link(source)?, destination)?;
            } else if file_type.is_fifo() {
                let name = std::ffi::CString::new(destination.as_os_str().as_encoded_bytes())
                    .map_err(io::Error::other)?;
                // SAFETY: a valid NUL-terminated path; mkfifo only creates a name.
                if unsafe { libc::mkfifo(name.as_ptr(), 0o600) } != 0 {
                    return Err(io::Error::last_os_error());
                }
            } else {
                return Err(e);
            }
            archive::remove_source(beneath, source)
        }
        other => other,
    }
}

/// The threads that do the file-system work of every commit, started once: a pass commits
/// hundreds of batches, and starting threads for each step of each batch cost more than the
/// steps' own system calls.
static IO_POOL: LazyLock<Option<rayon::ThreadPool>> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(IO_THREADS)
        .thread_name(|i| format!("claimdrop-io-{i}"))
        .build()
        .ok()
});

/// `work` applied to every item, on the `IO_THREADS` threads of the pool (or here, when it
/// could not be started); results in the items' order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    match IO_POOL.as_ref() {
        Some(pool) if items.len() >= 2 => pool.install(|| items.par_iter().map(work).collect()),
        _ => items.iter().map(work).collect(),
    }
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
