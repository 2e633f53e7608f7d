//! The watcher: change events from the inbox, and the readiness rule that decides when a file
//! is completely written.
//!
//! On Linux, inotify says when a writer closes a file it wrote (close-after-write) and when a
//! file is renamed into a folder: both mean "complete", and the file is ready at once. Any other
//! sign of life (created, written to) only starts the settle clock: the file is ready once its
//! size and modification time stayed unchanged for `watch.settle_ms`. Network shares give no
//! events at all; there the scan (`watch.mode = "poll"`) feeds the same settle clock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Config, Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::source::scan;

/// What an event means for a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// Completely written: file it now.
    Complete(PathBuf),
    /// Something changed: file it once it settles.
    Changed(PathBuf),
    /// A folder appeared (renamed in, created): look inside it.
    Folder(PathBuf),
}

/// Starts watching `inbox` recursively, and each of `linked` (drop folders that are links
/// claimdrop trusts); every event becomes signals sent to `deliver`. Links below are not
/// followed: events from wherever they point would name files outside the inbox.
pub fn start(
    inbox: &Path,
    linked: &[PathBuf],
    deliver: impl Fn(Signal) + Send + 'static,
) -> notify::Result<RecommendedWatcher> {
    let mut watcher = RecommendedWatcher::new(
        move |event: notify::Result<Event>| {
            if let Ok(event) = event {
                for signal in signals(event) {
                    deliver(signal);
                }
            }
        },
        Config::default().with_follow_symlinks(false),
    )?;
    watcher.watch(inbox, RecursiveMode::Recursive)?;
    for folder in linked {
        watcher.watch(folder, RecursiveMode::Recursive)?;
    }
    Ok(watcher)
}

/// Reads one event.
pub fn signals(event: Event) -> Vec<Signal> {
    let Event { kind, paths, .. } = event;
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
            paths.into_iter().map(Signal::Complete).collect()
        }
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            // paths = [from, to]: only the destination is new here.
            paths.into_iter().skip(1).map(complete_or_folder).collect()
        }
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => {
            paths.into_iter().map(complete_or_folder).collect()
        }
        EventKind::Create(CreateKind::Folder) => paths.into_iter().map(Signal::Folder).collect(),
        EventKind::Create(_) | EventKind::Modify(_) => {
            paths.into_iter().map(Signal::Changed).collect()
        }
        _ => Vec::new(),
    }
}

fn complete_or_folder(path: PathBuf) -> Signal {
    // A link to a folder is a file here: never walked into.
    if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        Signal::Folder(path)
    } else {
        Signal::Complete(path)
    }
}

/// The settle clock: files seen changing, with the state they were last seen in.
#[derive(Debug, Default)]
pub struct Settling {
    settle: Duration,
    pending: HashMap<PathBuf, (Option<(u64, SystemTime)>, Instant)>,
}

impl Settling {
    pub fn new(settle: Duration) -> Settling {
        Settling {
            settle,
            pending: HashMap::new(),
        }
    }

    /// A new settle time (the configuration was reread): files already settling wait the
    /// new time from when they were last seen changing.
    pub fn set_settle(&mut self, settle: Duration) {
        self.settle = settle;
    }

    /// A file changed (or was found): its clock starts again.
    pub fn changed(&mut self, path: PathBuf, now: Instant) {
        let fingerprint = scan::fingerprint(&path);
        self.pending.insert(path, (fingerprint, now));
    }

    /// A file known complete needs no clock.
    pub fn forget(&mut self, path: &Path) {
        self.pending.remove(path);
    }

    /// Files whose size and modification time held still for the settle time. Files that
    /// vanished are dropped; files that changed start again.
    pub fn due(&mut self, now: Instant) -> Vec<PathBuf> {
        let settle = self.settle;
        let mut due = Vec::new();
        self.pending.retain(|path, (seen, since)| {
            if now.duration_since(*since) < settle {
                return true;
            }
            match scan::fingerprint(path) {
                None => false,
                // Quiet, but a writer still holds it open: not done (see `readiness`).
                Some(current) if super::readiness::still_written(path) => {
                    *seen = Some(current);
                    *since = now;
                    true
                }
                Some(current) if Some(current) == *seen => {
                    due.push(path.clone());
                    false
                }
                current => {
                    *seen = current;
                    *since = now;
                    true
                }
            }
        });
        due
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_is_due_only_after_holding_still() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("slow.pdf");
        let mut file = std::fs::File::create(&path).unwrap();
        file.write_all(b"%PDF-1.4").unwrap();
        let mut settling = Settling::new(Duration::from_millis(50));
        let start = Instant::now();
        settling.changed(path.clone(), start);
        assert!(settling.due(start).is_empty(), "not before the settle time");
        file.write_all(b" more").unwrap();
        file.sync_all().unwrap();
        // Size changed since it was seen: the clock starts again.
        assert!(settling.due(start + Duration::from_millis(60)).is_empty());
        // Quiet, but still held open for writing: not due however long.
        assert!(settling.due(start + Duration::from_millis(120)).is_empty());
        assert!(settling.due(start + Duration::from_secs(60)).is_empty());
        drop(file);
        assert_eq!(settling.due(start + Duration::from_secs(61)), vec![path]);
        assert!(settling.is_empty());
    }

    #[test]
    fn close_after_write_and_renames_mean_complete() {
        let close = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Write)))
            .add_path("/in/a.pdf".into());
        assert_eq!(signals(close), vec![Signal::Complete("/in/a.pdf".into())]);
        let rename = Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path("/in/.a.tmp".into())
            .add_path("/in/a.pdf".into());
        assert_eq!(signals(rename), vec![Signal::Complete("/in/a.pdf".into())]);
        let create = Event::new(EventKind::Create(CreateKind::File)).add_path("/in/b.pdf".into());
        assert_eq!(signals(create), vec![Signal::Changed("/in/b.pdf".into())]);
    }
}
