//! The scan: every file waiting in the drop folders, at any depth.
//!
//! Links are not followed (a link in the inbox could point anywhere); they are reported as
//! candidates flagged as special, with named pipes, sockets and device files, so that the
//! pipeline can say why it will not read them (opening a pipe would wait forever). Files on
//! the ignore list and `.note.txt` sidecars that sit beside their document are not
//! candidates: the first stay untouched, the second travel with their document.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::domain::Kind;

pub use crate::domain::{NOTE_SUFFIX, Special};

/// A path found in a drop folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub kind: Kind,
    /// The drop folder it was found under.
    pub kind_root: PathBuf,
    /// Not a regular file: never opened, moved to quarantine as it is.
    pub special: Option<Special>,
}

impl Candidate {
    /// Folder names between the drop folder and the file, outermost first.
    pub fn folders(&self) -> Vec<String> {
        let relative = self
            .path
            .parent()
            .and_then(|parent| parent.strip_prefix(&self.kind_root).ok());
        relative
            .map(|rel| {
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Found {
    pub candidates: Vec<Candidate>,
    /// Files left untouched on purpose (ignore list, orphan notes).
    pub ignored: Vec<PathBuf>,
    /// Folders or entries that could not be read, with the error.
    pub errors: Vec<(PathBuf, String)>,
}

/// The ignore list of SPEC §3, matched against file names.
#[derive(Debug, Clone)]
pub struct Ignore {
    set: GlobSet,
}

impl Ignore {
    /// Patterns were checked when the configuration was read; a bad one here is skipped.
    pub fn new(patterns: &[String]) -> Ignore {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            if let Ok(glob) = Glob::new(pattern) {
                builder.add(glob);
            }
        }
        Ignore {
            set: builder.build().unwrap_or_else(|_| GlobSet::empty()),
        }
    }

    pub fn matches(&self, name: &str) -> bool {
        self.set.is_match(name)
    }
}

/// Walks every drop folder.
pub fn scan(folders: &[(PathBuf, Kind)], ignore: &Ignore) -> Found {
    let mut found = Found::default();
    for (root, kind) in folders {
        walk(root, root, *kind, ignore, &mut found);
    }
    found
}

/// Walks one folder inside a drop folder (a folder that just appeared), not the whole inbox.
pub fn scan_below(folder: &Path, folders: &[(PathBuf, Kind)], ignore: &Ignore) -> Found {
    let mut found = Found::default();
    // The innermost drop folder holding it names the kind.
    if let Some((root, kind)) = folders
        .iter()
        .filter(|(root, _)| folder.starts_with(root))
        .max_by_key(|(root, _)| root.components().count())
    {
        walk(folder, root, *kind, ignore, &mut found);
    }
    found
}

fn walk(start: &Path, root: &Path, kind: Kind, ignore: &Ignore, found: &mut Found) {
    // A link is followed only as a drop folder itself, and only one that claimdrop's own user
    // or root made (an administrator pointing a drop folder at a share). Anyone else's link in
    // place of a drop folder would hand claimdrop files from anywhere to file, and remove; a
    // folder below a drop folder that is a link is a candidate like any link, never walked.
    if start
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        if start != root {
            return;
        }
        if let Some(maker) = untrusted_link(start) {
            found.errors.push((
                start.to_path_buf(),
                format!("the drop folder is a symbolic link made by {maker}: claimdrop follows one only when its own user or root made it"),
            ));
            return;
        }
    }
    let walker = walkdir::WalkDir::new(start)
        .follow_links(false)
        .follow_root_links(start == root)
        .min_depth(1)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| start.to_path_buf());
                // A drop folder not created yet (or gone again) is simply empty.
                if path != start {
                    // The path is said apart; the reason is the system's.
                    let reason = e
                        .io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string());
                    found.errors.push((path, reason));
                }
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let path = entry.into_path();
        if let Some(candidate) = classify(path, kind, root, Special::of(file_type), ignore, found) {
            found.candidates.push(candidate);
        }
    }
}

/// Who made the link at `path`, unless it was claimdrop's own user or root.
pub fn untrusted_link(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = path.symlink_metadata().ok()?;
    (meta.file_type().is_symlink() && !crate::plain_file::made_by_us(&meta))
        .then(|| crate::actor::user_name(meta.uid()))
}

/// Decides whether one path is a candidate; used by the scan and by the watcher.
pub fn classify(
    path: PathBuf,
    kind: Kind,
    root: &Path,
    special: Option<Special>,
    ignore: &Ignore,
    found: &mut Found,
) -> Option<Candidate> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if ignore.matches(&name) {
        found.ignored.push(path);
        return None;
    }
    // A note travels with its document; a note that is a link is a link like any other (its
    // target is never read, so never copied beside the document).
    if special.is_none()
        && let Some(document) = note_target(&path)
        && document.symlink_metadata().is_ok()
    {
        return None;
    }
    Some(Candidate {
        path,
        kind,
        kind_root: root.to_path_buf(),
        special,
    })
}

/// For `x.pdf.note.txt`, the document `x.pdf` it explains.
pub fn note_target(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let document = name.strip_suffix(NOTE_SUFFIX)?;
    (!document.is_empty()).then(|| path.with_file_name(document))
}

/// The path as a candidate, if it still is one (not a folder, not ignored, not a note beside
/// its document), under the drop folder that holds it.
pub fn candidate_at(
    path: &Path,
    folders: &[(PathBuf, Kind)],
    ignore: &Ignore,
) -> Option<Candidate> {
    let meta = path.symlink_metadata().ok()?;
    if meta.is_dir() {
        return None;
    }
    // The innermost drop folder holding it names the kind.
    let (root, kind) = folders
        .iter()
        .filter(|(root, _)| path.starts_with(root))
        .max_by_key(|(root, _)| root.components().count())?;
    classify(
        path.to_path_buf(),
        *kind,
        root,
        Special::of(meta.file_type()),
        ignore,
        &mut Found::default(),
    )
}

/// Size and modification time: a file whose pair stays unchanged is done being written.
pub fn fingerprint(path: &Path) -> Option<(u64, SystemTime)> {
    crate::stamp::Stamp::of(path)?.written()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_ignore_list_matches_temporary_files() {
        let ignore = Ignore::new(&crate::config::Settings::default().watch.ignore);
        for name in [
            "~$Budget.xlsx",
            ".~lock.Campaign Performance Dec 2024.ods#",
            "report.pdf.part",
            "Unconfirmed 311383.crdownload",
            "x.tmp",
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
        ] {
            assert!(ignore.matches(name), "{name}");
        }
        for name in ["invoice.pdf", "CLM-000001_CSR.xlsx", "metrics.csv"] {
            assert!(!ignore.matches(name), "{name}");
        }
    }

    #[test]
    fn notes_name_their_document() {
        assert_eq!(
            note_target(Path::new("/in/x.pdf.note.txt")),
            Some(PathBuf::from("/in/x.pdf"))
        );
        assert_eq!(note_target(Path::new("/in/x.pdf")), None);
    }
}
