//! Group commit: files decided one after the other, completed together.
//!
//! Deciding a file is cheap and must be serial (duplicates, free names); filing it is slow and
//! mostly waiting on the disk (a copy, an fsync, a link, a folder fsync, an unlink). So the
//! committing thread only decides and collects `Prepared` files here, and `Batch::complete`
//! hands up to `BATCH` of them at once to the completion (`completion`), then says how each
//! ended, as the pipeline counts it.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use super::completion::{Carry, Completion, Prepared, complete};
use super::{End, Ending, note_path, reason_path};
use crate::sink::store::{Cause, Filing, Store, StoreError};

/// Files filed together, at most.
pub(super) const BATCH: usize = 64;

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
        if let Some(Filing::Attach { document, .. }) = &prepared.record {
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

    /// Files everything collected, saying in `ended` how each ended. A store error ends the
    /// pass; a file the disk refuses is counted failed and stays in the inbox for the next
    /// pass.
    pub fn complete(
        &mut self,
        store: &mut Store,
        root: &Path,
        ended: &mut Vec<Ending>,
    ) -> Result<(), StoreError> {
        let items = std::mem::take(&mut self.items);
        self.shas.clear();
        self.reserved.clear();
        self.staging.clear();
        complete_now(store, root, items, ended)
    }
}

/// Completes `items` at once and says in `ended` how each ended. A file an earlier pass
/// recorded (`Prepared::resumed`, a filing a crash cut short) was counted by no pass yet: it
/// is counted now, as it ends.
pub(super) fn complete_now(
    store: &mut Store,
    root: &Path,
    items: Vec<Prepared>,
    ended: &mut Vec<Ending>,
) -> Result<(), StoreError> {
    for (item, completion) in complete(store, root, items)? {
        ended.extend(ending_of(item, completion));
    }
    Ok(())
}

/// How the pipeline counts a file the completion is done with.
pub(super) fn ending_of(item: Prepared, completion: Completion) -> Vec<Ending> {
    let resumed = item.resumed;
    let Some(subject) = item.subject else {
        // Not a dropped file (nothing to hold): it ended as planned, or is tried again.
        return match completion {
            Completion::Done => vec![Ending::Ended(item.end)],
            Completion::NotStaged(e) | Completion::NotPlaced(e) | Completion::SourceStays(e) => {
                tracing::warn!(filed_as = %item.filed_as, error = %e, "not finished: left for the next pass");
                vec![Ending::Ended(End::Failed)]
            }
        };
    };
    match completion {
        Completion::Done => {
            if resumed {
                tracing::info!(path = %subject.original_path, filed_as = %item.filed_as, "finished a file an earlier pass had filed");
            } else {
                log(&subject.original_path, &item.record, item.end);
            }
            vec![Ending::Ended(item.end)]
        }
        Completion::NotStaged(e) => {
            if e.kind() == io::ErrorKind::NotFound && !subject.source.exists() {
                tracing::info!(path = %subject.source.display(), "gone before it could be filed");
                vec![Ending::Ended(End::Vanished)]
            } else {
                tracing::warn!(path = %subject.source.display(), error = %e, "cannot file: left for the next pass");
                vec![Ending::Ended(End::Failed)]
            }
        }
        Completion::NotPlaced(e) => {
            // A link or pipe that claimdrop may not move out of the inbox is held like a file
            // it may not remove; anything else (a full disk) is tried again on the next pass.
            let refused = matches!(
                e.kind(),
                io::ErrorKind::PermissionDenied
                    | io::ErrorKind::ReadOnlyFilesystem
                    | io::ErrorKind::CrossesDevices
            );
            if resumed && item.carry == Carry::AsIs && refused && subject.parked.is_none() {
                let error = format!("{e}; recorded as {}", item.filed_as);
                return vec![Ending::held(&subject, Cause::Unremovable, error, false)];
            }
            tracing::warn!(path = %subject.original_path, filed_as = %item.filed_as, error = %e, "filed, but its moves cannot be finished now: left for the next pass");
            vec![Ending::Ended(End::Failed)]
        }
        Completion::SourceStays(e) => {
            // A source claimdrop may not remove (a read-only share, an immutable file) stays
            // where it is, filed once, and is held: later passes leave it alone unless it
            // changes, and count it ignored, never failed, so a cron job's exit code does not
            // report it forever.
            let mut endings = Vec::new();
            if !resumed {
                log(&subject.original_path, &item.record, item.end);
                endings.push(Ending::Ended(item.end));
            }
            if subject.parked.is_none() && subject.source.symlink_metadata().is_ok() {
                let error = format!("{e}; filed as {}", item.filed_as);
                endings.push(Ending::held(&subject, Cause::Unremovable, error, !resumed));
            } else {
                tracing::warn!(path = %subject.source.display(), error = %e, "filed, but a file beside it stays: finished on the next pass");
                if resumed {
                    endings.push(Ending::Ended(item.end));
                }
            }
            endings
        }
    }
}

fn log(path: &str, record: &Option<Filing>, end: End) {
    match record {
        Some(Filing::Attach { document, .. }) => {
            tracing::info!(path, claim = %document.claim_id, rule = %document.matched_by, "attached")
        }
        Some(Filing::Quarantine { exception, .. }) => {
            tracing::info!(path, outcome = %exception.outcome, reason = %exception.reason, "quarantined")
        }
        Some(Filing::Requarantine {
            outcome, reason, ..
        }) if end != End::Stayed => {
            tracing::info!(path, outcome = %outcome, reason = %reason, "quarantined")
        }
        _ => {}
    }
}
