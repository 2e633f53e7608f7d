//! Files held in the inbox, and when to look at them again.
//!
//! Some files stay in the inbox for a cause their writer finishing will not cure: claimdrop
//! may not read them (a mode of 0600 under another user, a folder it may not list), or it filed
//! them and may not remove them (a read-only share, an immutable file). Trying such a file on
//! every scan would read (or fail to read) it again and again and say so each time. So each is
//! remembered with a fingerprint of what makes the difference: the file's inode, size, times,
//! mode and owner, and its folder's mode and owner. A pass skips it while that fingerprint
//! holds, until its next try is due: after a minute, then twice as long each time, at most an
//! hour. A chmod, a chown or a new version changes the fingerprint, so a fix is picked up by
//! the very next pass. A hold is reported once (a warning, a row in `exceptions.csv` for a
//! file without an outcome) and counted `failed` only that once; its later tries are quiet.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{End, Pipeline, PipelineError, Subject, Summary};
use crate::domain::Kind;
use crate::sink::store::{Cause, Hold, Store, StoreError};
use crate::source::scan::{self, Ignore};
use crate::stamp::Stamp;

/// The first wait before a held file is tried again.
const FIRST_WAIT_SECS: i64 = 60;
/// The longest wait between two tries.
const LONGEST_WAIT_SECS: i64 = 3600;

/// What a pass knows of the held files, loaded once at its start.
#[derive(Debug, Default)]
pub(super) struct Holds {
    by_path: HashMap<String, Hold>,
}

impl Holds {
    pub fn load(store: &Store) -> Result<Holds, StoreError> {
        Ok(Holds {
            by_path: store
                .holds()?
                .into_iter()
                .map(|hold| (hold.original_path.clone(), hold))
                .collect(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    pub fn get(&self, original_path: &str) -> Option<&Hold> {
        self.by_path.get(original_path)
    }

    /// Whether this pass leaves the file at `path` alone: it is held, unchanged, and its next
    /// try is not due yet.
    pub fn skips(&self, original_path: &str, path: &Path, now: DateTime<Utc>) -> bool {
        self.by_path.get(original_path).is_some_and(|hold| {
            now < hold.next_try_at && fingerprint(path).as_deref() == Some(&hold.fingerprint)
        })
    }
}

/// What decides whether a held file is worth another try (`Stamp::held`).
pub(super) fn fingerprint(path: &Path) -> Option<String> {
    let folder = path.parent().and_then(Stamp::of);
    Some(Stamp::of(path)?.held(folder.as_ref()))
}

/// How long to wait after the `tries`-th failed try.
fn wait_after(tries: i64) -> chrono::Duration {
    let doublings = u32::try_from(tries.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    let secs = FIRST_WAIT_SECS
        .saturating_mul(1i64 << doublings)
        .min(LONGEST_WAIT_SECS);
    chrono::Duration::seconds(secs)
}

/// The count and the next try of a hold after a failed try of it (the first, or one more).
pub(super) fn next_try(
    earlier: Option<&Hold>,
    cause: Cause,
    now: DateTime<Utc>,
) -> (i64, DateTime<Utc>) {
    let tries = earlier
        .filter(|e| e.cause == cause)
        .map_or(1, |e| e.tries.saturating_add(1));
    (tries, now + wait_after(tries))
}

impl Pipeline<'_> {
    /// Folders (or entries) a scan could not read: each is held, and reported once.
    pub fn note_unlisted(
        &mut self,
        store: &mut Store,
        unlisted: &[(PathBuf, String)],
    ) -> Result<Summary, PipelineError> {
        let mut summary = Summary::default();
        if unlisted.is_empty() {
            return Ok(summary);
        }
        self.holds = Holds::load(store)?;
        let folders = self.workspace.drop_folders();
        for (path, error) in unlisted {
            let original_path = self.workspace.relative(path);
            let unchanged = self.holds.get(&original_path).is_some_and(|hold| {
                hold.cause == Cause::Unreadable
                    && fingerprint(path).as_deref() == Some(&hold.fingerprint)
            });
            if unchanged {
                summary.ignore(super::HELD, 1);
                continue;
            }
            let kind = folders
                .iter()
                .filter(|(root, _)| path.starts_with(root))
                .max_by_key(|(root, _)| root.components().count())
                .map(|(_, kind)| *kind);
            let end = self.hold(store, path, &original_path, kind, Cause::Unreadable, error)?;
            summary.count(&end);
        }
        Ok(summary)
    }

    /// Looks at every held path again (the daemon's timer): a path gone is let go, a folder
    /// now readable is let go and its files filed, a file whose next try is due or that has
    /// changed is tried.
    pub fn revisit_holds(&mut self, store: &mut Store) -> Result<Summary, PipelineError> {
        let holds = store.holds()?;
        if holds.is_empty() {
            return Ok(Summary::default());
        }
        let folders = self.workspace.drop_folders();
        let ignore = Ignore::new(&self.workspace.settings.watch.ignore);
        let mut candidates = Vec::new();
        for hold in holds {
            let path = self.workspace.root.join(&hold.original_path);
            let Ok(meta) = path.symlink_metadata() else {
                store.release(&hold.original_path)?;
                continue;
            };
            if meta.is_dir() {
                if std::fs::read_dir(&path).is_ok() {
                    store.release(&hold.original_path)?;
                    candidates.extend(scan::scan_below(&path, &folders, &ignore).candidates);
                }
                continue;
            }
            match scan::candidate_at(&path, &folders, &ignore) {
                Some(candidate) => candidates.push(candidate),
                None => store.release(&hold.original_path)?,
            }
        }
        self.file_candidates(store, candidates)
    }

    pub(super) fn hold_subject(
        &mut self,
        store: &mut Store,
        subject: &Subject,
        cause: Cause,
        error: &str,
    ) -> Result<End, PipelineError> {
        let (path, kind) = (&subject.source, Some(subject.kind));
        self.hold(store, path, &subject.original_path, kind, cause, error)
    }

    /// Holds a file in the inbox (see `held`). A new hold is said once, as a warning, and an
    /// unreadable file is counted failed that once; a further try is said quietly.
    pub(super) fn hold(
        &mut self,
        store: &mut Store,
        path: &Path,
        original_path: &str,
        kind: Option<Kind>,
        cause: Cause,
        error: &str,
    ) -> Result<End, PipelineError> {
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        let reason = match cause {
            Cause::Unreadable => crate::text!("reason-held-unreadable", error = error),
            Cause::Unremovable => crate::text!("reason-held-unremovable", error = error),
        }
        .render(self.workspace.settings.lang());
        let (tries, next_try_at) = next_try(self.holds.get(original_path), cause, now);
        let new = store.hold(&Hold {
            original_path: original_path.to_string(),
            kind,
            cause,
            reason,
            fingerprint: fingerprint(path).unwrap_or_default(),
            first_seen: crate::sink::store::timestamp(now),
            tries,
            next_try_at,
        })?;
        self.reheld.insert(original_path.to_string());
        let (said, end) = match (cause, new) {
            (Cause::Unreadable, true) => (
                "claimdrop may not read it: it stays in the inbox (see exceptions.csv) and is tried again when it changes, else after a while",
                End::Failed,
            ),
            (Cause::Unreadable, false) => ("still may not read it: tried again later", End::Stayed),
            (Cause::Unremovable, true) => (
                "filed, but claimdrop may not remove it from the inbox: remove it by hand (it is left alone until it changes, or for up to an hour)",
                End::Stayed,
            ),
            (Cause::Unremovable, false) => ("still may not remove it from the inbox", End::Stayed),
        };
        if new {
            tracing::warn!(path = %original_path, %error, "{said}");
        } else {
            tracing::info!(path = %original_path, %error, "{said}");
        }
        Ok(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_a_minute_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(|t| wait_after(t).num_seconds()).collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(wait_after(0).num_seconds(), 60);
        assert_eq!(wait_after(i64::MAX).num_seconds(), 3600);
    }

    #[test]
    fn a_chmod_changes_the_fingerprint() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pdf");
        std::fs::write(&path, b"%PDF-1.4").unwrap();
        let before = fingerprint(&path).unwrap();
        assert_eq!(
            fingerprint(&path).unwrap(),
            before,
            "stable while nothing changes"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_ne!(fingerprint(&path).unwrap(), before);
        let folder_before = fingerprint(&path).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
        assert_ne!(
            fingerprint(&path).unwrap(),
            folder_before,
            "the folder's mode counts"
        );
        assert_eq!(fingerprint(&dir.path().join("gone")), None);
    }
}
