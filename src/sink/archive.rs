//! Archive and quarantine folders: placing a file so that a crash never loses or doubles it.
//!
//! The steps the commit orders (`sink::commit::completion`): a file is first copied (or taken
//! over) to a temporary name derived from its hash inside the destination folder and made
//! durable (`stage_at`); the store commits; then the copy is linked into its final name, which
//! never replaces an existing file (`place_staged`), and the folder is made durable
//! (`sync_folder`); only then is the source removed (`remove_source`). Durable is an fsync of
//! each, or for many files at once one `syncfs` of their file system (`FileSystem`).
//! Temporary names carry a prefix of their own, so what a crash leaves half-written is swept at
//! the next start (`sweep`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::domain::COMPANION_SUFFIXES;
use crate::plain_file::Lease;

/// Every temporary file claimdrop writes starts so; nothing a user drops does (dot-files are
/// ignored in the inbox), so leftovers of a crash can be told apart and swept.
pub const TEMPORARY_PREFIX: &str = ".claimdrop-";

/// The temporary name of a file being placed into `dir`.
pub fn staging_path(dir: &Path, sha256: &str) -> PathBuf {
    // The process in the name: daemons sharing the folders may stage the same bytes at once.
    dir.join(format!(
        "{TEMPORARY_PREFIX}{sha256}.{}.tmp",
        std::process::id()
    ))
}

/// The copies of `sha256` staged in `dir`, by this process or any other (a daemon killed
/// before it placed one).
pub fn staged_copies(dir: &Path, sha256: &str) -> Vec<PathBuf> {
    let prefix = format!("{TEMPORARY_PREFIX}{sha256}.");
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| {
                    entry
                        .file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".tmp"))
                })
                .map(|entry| entry.path())
                .collect()
        })
        .unwrap_or_default()
}

/// Removes what a crash left half-written below `root`: every temporary file, or with `idle`
/// (other daemons write here too) those nobody wrote for that long. Only a writer calls it.
/// A staged copy is never needed after a crash: its source stays in the inbox until the copy is
/// in place, so the next pass stages it again.
pub fn sweep(root: &Path, idle: Option<std::time::Duration>) -> usize {
    let mut removed = 0;
    let abandoned = |entry: &walkdir::DirEntry| match idle {
        None => true,
        Some(idle) => entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age >= idle),
    };
    for entry in walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
    {
        let is_temporary = entry.file_type().is_file()
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TEMPORARY_PREFIX) && n.ends_with(".tmp"));
        if is_temporary && abandoned(&entry) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Puts the bytes of `source` at the temporary path `staged` (creating its folder) and makes
/// them durable as `durable` says, if they still hash to `sha256`: a file changed since it was
/// read is refused (`ErrorKind::InvalidData`) and stays where it is, to be read again, so that
/// nothing is ever filed under a hash its bytes do not have.
///
/// With `take_over`, a file claimdrop's own user owns, with no other name, is taken over
/// rather than copied: a second name (a hard link) for the same inode, which the source's
/// removal later turns into a move. Copying costs a new inode for every file and, once the
/// source is deleted, a freed one, and on file systems that keep freed inodes aside for a
/// while (ext4 without a journal) every later new file must search past those. But evidence
/// must never share an inode with a writer: the take-over happens only under a read lease
/// (see `source::readiness`), which no writer can hold the file open against and which makes
/// any writer who opens it wait. The lease is returned: the caller keeps it until the source
/// is removed, after which the archive's name is the inode's only one. Without a lease (a
/// writer has it open, another user's file, a file system without leases) the file is copied,
/// hashing as it copies.
///
/// A dropped file is reached from its drop folder, `beneath`, through real folders only
/// (`plain_file`): a folder swapped for a link meanwhile leads nowhere.
pub fn stage_at(
    source: &Path,
    beneath: Option<&Path>,
    staged: &Path,
    sha256: &str,
    take_over: bool,
    durable: Durable,
) -> io::Result<Option<Lease>> {
    if let Some(dir) = staged.parent() {
        fs::create_dir_all(dir)?;
    }
    // A name left from an earlier attempt is removed, never written through: it may be a
    // second name of a source.
    match fs::remove_file(staged) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let from = crate::plain_file::open_beneath(beneath, source)?;
    let opened = if take_over && is_ours_alone(&from) {
        Lease::take(from).map_err(|(file, _)| file)
    } else {
        Err(from)
    };
    let placed = match opened {
        Ok(held) => match take_over_leased(&held, source, beneath, staged, durable) {
            Ok(hash) => Ok((hash, Some(held))),
            Err(_) => {
                // Not the leased inode, or a name too many: copy from what was opened.
                let _ = fs::remove_file(staged);
                let mut file = held.file().try_clone()?;
                file.seek(io::SeekFrom::Start(0))?;
                copy_to(&mut file, staged, durable).map(|hash| (hash, None))
            }
        },
        Err(mut file) => copy_to(&mut file, staged, durable).map(|hash| (hash, None)),
    };
    let verified = placed.and_then(|(hash, lease)| {
        if hash == sha256 {
            Ok(lease)
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the file changed after it was read: it is read again next time",
            ))
        }
    });
    if verified.is_err() {
        // A full disk or a changed file leaves no half copy behind.
        let _ = fs::remove_file(staged);
    }
    verified
}

/// Links the leased file's inode at `staged` and hashes it; refused unless the new name is
/// that inode and its only other name is the source.
fn take_over_leased(
    lease: &Lease,
    source: &Path,
    beneath: Option<&Path>,
    staged: &Path,
    durable: Durable,
) -> io::Result<String> {
    use std::os::unix::fs::MetadataExt;
    crate::plain_file::link_beneath(beneath, source, staged)?;
    let leased = lease.file().metadata()?;
    let linked = fs::symlink_metadata(staged)?;
    if (linked.dev(), linked.ino()) != (leased.dev(), leased.ino()) || leased.nlink() != 2 {
        return Err(io::Error::other(
            "the file changed names while it was taken over",
        ));
    }
    // Read and synced through the archive's own name: what it holds is what is recorded.
    let mut file = crate::plain_file::open(staged)?;
    let hash = hash_copy(&mut file, &mut io::sink())?;
    durable.sync(&file)?;
    Ok(hash)
}

/// Copies an open file to a new file at `to`, made durable as `durable` says, returning the
/// hash of what was copied.
fn copy_to(from: &mut File, to: &Path, durable: Durable) -> io::Result<String> {
    let mut copy = OpenOptions::new().write(true).create_new(true).open(to)?;
    let hash = hash_copy(from, &mut copy)?;
    durable.sync(&copy)?;
    Ok(hash)
}

/// The SHA-256 and size of the file at `path` (a plain file, not followed if a link).
pub fn hash_of(path: &Path) -> io::Result<(String, u64)> {
    let mut file = crate::plain_file::open(path)?;
    let mut counted = Counted {
        inner: io::sink(),
        bytes: 0,
    };
    let hash = hash_copy(&mut file, &mut counted)?;
    Ok((hash, counted.bytes))
}

/// A writer that counts what passes.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether the file at `path` holds the bytes `sha256` names.
pub fn holds(path: &Path, sha256: &str) -> io::Result<bool> {
    let mut file = crate::plain_file::open(path)?;
    Ok(hash_copy(&mut file, &mut io::sink())? == sha256)
}

/// Copies `from` to `to`, returning the SHA-256 of what passed.
fn hash_copy(from: &mut impl Read, to: &mut impl Write) -> io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = buffer.get(..n).unwrap_or_default();
        hasher.update(chunk);
        to.write_all(chunk)?;
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Whether an open file is a plain file of this process's user with a single name.
fn is_ours_alone(file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    file.metadata().is_ok_and(|meta| {
        meta.file_type().is_file() && meta.nlink() == 1 && meta.uid() == uzers::get_effective_uid()
    })
}

/// Writes `text` to the temporary path `staged`, made durable as `durable` says; renamed into
/// place later.
pub fn stage_text(staged: &Path, text: &str, durable: Durable) -> io::Result<()> {
    let written = File::create(staged).and_then(|mut file| {
        file.write_all(text.as_bytes())
            .and_then(|_| durable.sync(&file))
    });
    if written.is_err() {
        let _ = fs::remove_file(staged);
    }
    written
}

/// Copies the file at `source` (a companion of a dropped file, such as its note) to the new
/// temporary path `staged`, byte for byte, made durable as `durable` says: a person's file is
/// moved as it is, never rewritten from what claimdrop made of it.
pub fn stage_copy(
    source: &Path,
    beneath: Option<&Path>,
    staged: &Path,
    durable: Durable,
) -> io::Result<()> {
    match fs::remove_file(staged) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let copied = crate::plain_file::open_beneath(beneath, source)
        .and_then(|mut from| copy_to(&mut from, staged, durable));
    if copied.is_err() {
        let _ = fs::remove_file(staged);
    }
    copied.map(|_| ())
}

/// A name in `dir` that no file holds yet: `x.pdf`, then `x (2).pdf`, then
/// `x (<sha256 prefix>).pdf`. The content-derived name keeps this a few lookups however many
/// same-named files a folder collects (a scanner that always writes `scan.pdf`), where counting
/// up would make filing quadratic.
pub fn free_name(dir: &Path, name: &str, sha256: &str) -> PathBuf {
    free_name_avoiding(dir, name, sha256, &|_| false)
}

/// `free_name`, also avoiding names already `promised` to files not yet in place.
pub fn free_name_avoiding(
    dir: &Path,
    name: &str,
    sha256: &str,
    promised: &dyn Fn(&Path) -> bool,
) -> PathBuf {
    let occupied = |path: &Path| promised(path) || path.symlink_metadata().is_ok();
    // A name is free only if the texts that may follow it (`<name>.reason.txt`, its note) would
    // not land on another file, and it is not itself such a text of another file: a dropped
    // `x.pdf.reason.txt` must never be where the reason of a quarantined `x.pdf` is written.
    let taken = |path: &Path| {
        let name = path.file_name().unwrap_or_default();
        occupied(path)
            || COMPANION_SUFFIXES.iter().any(|suffix| {
                let mut text = name.to_os_string();
                text.push(suffix);
                occupied(&dir.join(text))
                    || name
                        .as_bytes()
                        .strip_suffix(suffix.as_bytes())
                        .filter(|owner| !owner.is_empty())
                        .is_some_and(|owner| {
                            occupied(&dir.join(std::ffi::OsStr::from_bytes(owner)))
                        })
            })
    };
    names_for(dir, name, sha256)
        .find(|path| !taken(path))
        .unwrap_or_else(|| dir.join(name))
}

/// The name under which `free_name` gave these bytes a place in `dir` already, if the file
/// there holds them: a pass a crash cut short after placing it, or the same bytes kept before.
pub fn kept_copy(dir: &Path, name: &str, sha256: &str) -> Option<PathBuf> {
    // The first three names are tried even when absent; the numbered ones are given in order,
    // so the first missing one ends them.
    names_for(dir, name, sha256)
        .enumerate()
        .take_while(|(n, path)| *n < 3 || path.symlink_metadata().is_ok())
        .map(|(_, path)| path)
        .find(|path| path.is_file() && holds(path, sha256).unwrap_or(false))
}

/// The names `free_name` tries, in order: `x.pdf`, `x (2).pdf`, `x (<sha256 prefix>).pdf`,
/// then `x (<prefix>-2).pdf` and on, without end.
fn names_for<'a>(
    dir: &'a Path,
    name: &'a str,
    sha256: &'a str,
) -> impl Iterator<Item = PathBuf> + 'a {
    let (stem, extension) = match name.rfind('.') {
        Some(dot) if dot > 0 => (
            name.get(..dot).unwrap_or(name),
            name.get(dot..).unwrap_or(""),
        ),
        _ => (name, ""),
    };
    let short = sha256.get(..12).unwrap_or(sha256);
    [
        dir.join(name),
        dir.join(format!("{stem} (2){extension}")),
        dir.join(format!("{stem} ({short}){extension}")),
    ]
    .into_iter()
    .chain((2..).map(move |n| dir.join(format!("{stem} ({short}-{n}){extension}"))))
}

/// Moves the staged copy to its final name, never over an existing file. `read_only` marks
/// archived originals as evidence not to be edited. The folder entry is made durable by the
/// caller, once for all the files placed in a folder.
pub fn place_staged(staged: &Path, destination: &Path, read_only: bool) -> io::Result<()> {
    restrict(staged, read_only)?;
    fs::hard_link(staged, destination)?;
    fs::remove_file(staged)
}

/// Takes from a placed file what nobody should have: execute bits, any write bit when it is evidence
/// (`read_only`), and every right of other users (a file taken over keeps its dropper's mode,
/// which may have let everyone read it).
fn restrict(staged: &Path, read_only: bool) -> io::Result<()> {
    let mode = fs::metadata(staged)?.permissions().mode() & 0o7777;
    let wanted = if read_only {
        mode & 0o440
    } else {
        mode & 0o660
    };
    if wanted != mode {
        fs::set_permissions(staged, fs::Permissions::from_mode(wanted))?;
    }
    Ok(())
}

/// Makes a folder's entries durable.
pub fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// When a staged file's bytes are made durable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durable {
    /// fsynced as it is written.
    Now,
    /// By the caller, with every other file written to the same file system
    /// (`FileSystem::sync`).
    Together,
}

impl Durable {
    fn sync(self, file: &File) -> io::Result<()> {
        match self {
            Durable::Now => file.sync_all(),
            Durable::Together => Ok(()),
        }
    }
}

/// A file system many files are written to, made durable at once. Every fsync costs a flush of
/// the disk's cache, and a batch of sixty files paid a hundred of them (each copy, then each
/// folder); `syncfs` pays one for the lot. Opened before the files are written: `syncfs`
/// reports a failed write-back since then (Linux 5.8 and later), which is what makes it a
/// check and not a hope.
pub struct FileSystem {
    handle: File,
    device: u64,
}

impl FileSystem {
    /// The file system `path` is on.
    pub fn of(path: &Path) -> io::Result<FileSystem> {
        use std::os::unix::fs::MetadataExt;
        let handle = File::open(path)?;
        let device = handle.metadata()?.dev();
        Ok(FileSystem { handle, device })
    }

    /// Whether what `path` names is on it (not on a file system mounted below it, nor reached
    /// through a link to another).
    pub fn holds(&self, path: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).is_ok_and(|meta| meta.dev() == self.device)
    }

    /// Makes everything written to it durable: files, new names, removed ones.
    pub fn sync(&self) -> io::Result<()> {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs only reads the descriptor, which `handle` keeps open.
        if unsafe { libc::syncfs(self.handle.as_raw_fd()) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
}

/// Removes a file from the inbox, once its copy is safe. The removal itself is not fsynced:
/// if a power cut undoes it, the file is simply back in the inbox, and the next pass, finding
/// its bytes committed from that same path, finishes it without recording it twice. A dropped
/// file is reached from its drop folder, `beneath`, through real folders only.
pub fn remove_source(beneath: Option<&Path>, path: &Path) -> io::Result<()> {
    match crate::plain_file::remove_beneath(beneath, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Longest name claimdrop gives a file, in bytes: with ` (<12 hex>-<n>)` for a taken name and
/// `.reason.txt` beside it, it still fits the 255 bytes most file systems allow.
const MAX_NAME_BYTES: usize = 200;

/// A file or folder name made safe to be one path component: no separators or control
/// characters, no leading dots, at most `MAX_NAME_BYTES` (a long name loses the end of its
/// stem, never its extension).
pub fn safe_component(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_start_matches('.');
    if trimmed.is_empty() {
        return "_".to_string();
    }
    if trimmed.len() <= MAX_NAME_BYTES {
        return trimmed.to_string();
    }
    let extension = match trimmed.rfind('.') {
        Some(dot) if trimmed.len() - dot <= 16 => trimmed.get(dot..).unwrap_or(""),
        _ => "",
    };
    let mut stem_end = MAX_NAME_BYTES - extension.len();
    while !trimmed.is_char_boundary(stem_end) {
        stem_end -= 1;
    }
    format!("{}{extension}", trimmed.get(..stem_end).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let sha = "0123456789abcdef0123";
        assert_eq!(
            free_name(dir.path(), "x.pdf", sha),
            dir.path().join("x.pdf")
        );
        fs::write(dir.path().join("x.pdf"), "1").unwrap();
        assert_eq!(
            free_name(dir.path(), "x.pdf", sha),
            dir.path().join("x (2).pdf")
        );
        fs::write(dir.path().join("x (2).pdf"), "2").unwrap();
        assert_eq!(
            free_name(dir.path(), "x.pdf", sha),
            dir.path().join("x (0123456789ab).pdf")
        );
        fs::write(dir.path().join("x (0123456789ab).pdf"), "3").unwrap();
        assert_eq!(
            free_name(dir.path(), "x.pdf", sha),
            dir.path().join("x (0123456789ab-2).pdf")
        );
        assert_eq!(
            free_name(dir.path(), ".hidden", sha),
            dir.path().join(".hidden")
        );
    }

    #[test]
    fn a_kept_copy_is_found_under_any_name_free_name_gave() {
        let dir = tempfile::tempdir().unwrap();
        let sha = sha256_of(b"kept");
        for other in ["a", "b", "c"] {
            fs::write(free_name(dir.path(), "x.pdf", &sha), other).unwrap();
        }
        assert_eq!(kept_copy(dir.path(), "x.pdf", &sha), None);
        let fourth = free_name(dir.path(), "x.pdf", &sha);
        assert!(fourth.to_string_lossy().ends_with("-2).pdf"), "{fourth:?}");
        fs::write(&fourth, "kept").unwrap();
        assert_eq!(kept_copy(dir.path(), "x.pdf", &sha), Some(fourth));
    }

    #[test]
    fn files_written_together_are_made_durable_by_their_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let file_system = FileSystem::of(dir.path()).unwrap();
        let claim = dir.path().join("CLM-1");
        fs::create_dir(&claim).unwrap();
        assert!(file_system.holds(&claim));
        // Another file system (a folder mounted below the workspace) has its own fsyncs.
        assert!(!file_system.holds(Path::new("/proc/self")));
        let linked = dir.path().join("linked");
        std::os::unix::fs::symlink("/proc", &linked).unwrap();
        assert!(
            !file_system.holds(&linked),
            "a link leads to another file system"
        );
        assert!(!file_system.holds(&dir.path().join("missing")));
        let staged = staging_path(&claim, &sha256_of(b"text"));
        stage_text(&staged, "text", Durable::Together).unwrap();
        file_system.sync().unwrap();
        assert_eq!(fs::read_to_string(&staged).unwrap(), "text");
    }

    #[test]
    fn finishing_refuses_to_replace_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("in.pdf");
        fs::write(&source, "new").unwrap();
        let staged = staging_path(dir.path(), &sha256_of(b"new"));
        stage_at(
            &source,
            None,
            &staged,
            &sha256_of(b"new"),
            false,
            Durable::Now,
        )
        .unwrap();
        let taken = dir.path().join("taken.pdf");
        fs::write(&taken, "old").unwrap();
        assert!(place_staged(&staged, &taken, false).is_err());
        assert_eq!(fs::read_to_string(&taken).unwrap(), "old");
    }

    fn sha256_of(bytes: &[u8]) -> String {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(bytes))
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_staged() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let read_as = sha256_of(b"as it was read");
        // Taken over (one name, ours) and copied (a second name elsewhere): both check.
        for pinned in [false, true] {
            let source = dir.path().join(format!("in-{pinned}.pdf"));
            fs::write(&source, "changed since").unwrap();
            if pinned {
                fs::hard_link(&source, dir.path().join(format!("pin-{pinned}"))).unwrap();
            }
            let staged = dir.path().join(format!("archive/.claimdrop-{pinned}.tmp"));
            let refused =
                stage_at(&source, None, &staged, &read_as, true, Durable::Now).unwrap_err();
            assert_eq!(refused.kind(), io::ErrorKind::InvalidData);
            assert!(!staged.exists(), "no copy left");
            assert_eq!(fs::read(&source).unwrap(), b"changed since");
            assert_eq!(source.metadata().unwrap().nlink(), 1 + u64::from(pinned));

            let lease = stage_at(
                &source,
                None,
                &staged,
                &sha256_of(b"changed since"),
                true,
                Durable::Now,
            )
            .unwrap();
            assert_eq!(fs::read(&staged).unwrap(), b"changed since");
            let same_inode = staged.metadata().unwrap().ino() == source.metadata().unwrap().ino();
            assert_eq!(same_inode, !pinned, "taken over only when it has one name");
            assert_eq!(
                lease.is_some(),
                same_inode,
                "a take-over comes with its lease"
            );
        }
    }

    #[test]
    fn a_file_a_writer_holds_open_is_copied_and_later_writes_miss_the_copy() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("half.csv");
        let mut writer = File::create(&source).unwrap();
        writer.write_all(b"date;clicks\n").unwrap();
        let staged = dir.path().join("archive/.claimdrop-open.tmp");
        let lease = stage_at(
            &source,
            None,
            &staged,
            &sha256_of(b"date;clicks\n"),
            true,
            Durable::Now,
        )
        .unwrap();
        assert!(lease.is_none(), "no lease while a writer holds it");
        assert_ne!(
            staged.metadata().unwrap().ino(),
            source.metadata().unwrap().ino()
        );
        writer.write_all(b"2024-05-01;12\n").unwrap();
        assert_eq!(fs::read(&staged).unwrap(), b"date;clicks\n");
        // Without leave to take over (a caller that keeps no lease), always a copy.
        drop(writer);
        let copied = dir.path().join("archive/.claimdrop-copy.tmp");
        let whole = fs::read(&source).unwrap();
        assert!(
            stage_at(
                &source,
                None,
                &copied,
                &sha256_of(&whole),
                false,
                Durable::Now
            )
            .unwrap()
            .is_none()
        );
        assert_ne!(
            copied.metadata().unwrap().ino(),
            source.metadata().unwrap().ino()
        );
    }

    #[test]
    fn long_names_are_cut_before_their_extension() {
        let long = format!("{}é.pdf", "a".repeat(300));
        let cut = safe_component(&long);
        assert!(cut.len() <= MAX_NAME_BYTES, "{}", cut.len());
        assert!(cut.starts_with("aaa") && cut.ends_with(".pdf"));
        let multibyte = format!("{}.pdf", "é".repeat(150));
        assert!(safe_component(&multibyte).ends_with("é.pdf"));
        assert_eq!(safe_component("short.pdf"), "short.pdf");
    }

    #[test]
    fn components_cannot_climb_out() {
        assert_eq!(safe_component("../etc"), "_etc");
        assert_eq!(safe_component(".."), "_");
        assert_eq!(safe_component("a/b"), "a_b");
    }
}
