//! Opening a dropped file for reading, and only a plain file; and reaching it only through
//! real folders.
//!
//! Between the scan that found a regular file and the moment it is opened, whoever can write
//! in the inbox may replace it with a symbolic link (to a file claimdrop's user may read and
//! the dropper may not) or a named pipe (whose open waits forever for a writer). So every read
//! of a dropped file opens it without following a link and without waiting on a pipe, then
//! checks that what it holds is a regular file.
//!
//! A folder on the way may be swapped for a link just as well, and then a path that was in the
//! inbox leads anywhere: a removal through it would delete a file elsewhere. So what claimdrop
//! does to a dropped file (open, link, rename, remove) goes through `beneath`: the path is
//! walked from its drop folder one folder at a time, each opened relative to the one before
//! and refused if it is a link, and the operation is made on the last folder's descriptor.
//!
//! `Lease` is a read lease on such an open file: granted only while nobody holds the file open
//! for writing, and making anyone who opens it for writing wait until it is released. It tells
//! readiness (`source::readiness`) and guards a take-over into the archive (`sink::archive`).

use std::ffi::CString;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path};
use std::sync::Once;

/// The file at `path`, open for reading, if it is a regular file and not a link.
pub fn open(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                io::Error::other("it became a symbolic link: links in the inbox are not followed")
            } else {
                e
            }
        })?;
    if !file.metadata()?.file_type().is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// The folder that holds `path`, opened by walking from `root` through real folders only, and
/// the file's name in it. `root` itself may be a link (a drop folder an administrator pointed
/// at a share; the scan checks who made it).
fn folder_beneath(root: &Path, path: &Path) -> io::Result<(OwnedFd, CString)> {
    // `NotADirectory`: what is asked for is not in the inbox at all.
    let outside = |why: &str| io::Error::new(io::ErrorKind::NotADirectory, why.to_string());
    let not_inside = || outside("not inside its drop folder");
    let below = path.strip_prefix(root).map_err(|_| not_inside())?;
    let name = below.file_name().ok_or_else(not_inside)?;
    // The drop folder is followed only if it is a link claimdrop's own user or root made
    // (the scan says so when it is not); a folder is opened as no link, so one swapped for a
    // link since it was looked at is refused.
    let meta = root.symlink_metadata()?;
    let no_link = if meta.file_type().is_symlink() {
        if !made_by_us(&meta) {
            return Err(outside(
                "its drop folder is a symbolic link someone else made: it is not followed",
            ));
        }
        0
    } else {
        libc::O_NOFOLLOW
    };
    let mut folder = OwnedFd::from(
        OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | no_link)
            .open(root)?,
    );
    for component in below.parent().map(Path::components).into_iter().flatten() {
        let Component::Normal(part) = component else {
            return Err(not_inside());
        };
        let part = c_path(Path::new(part))?;
        // SAFETY: a valid descriptor and a NUL-terminated name; the result is checked.
        let fd = unsafe {
            libc::openat(
                folder.as_raw_fd(),
                part.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            let error = io::Error::last_os_error();
            return Err(match error.raw_os_error() {
                Some(libc::ELOOP) | Some(libc::ENOTDIR) => {
                    outside("a folder on its way is a symbolic link: it is not in the inbox")
                }
                _ => error,
            });
        }
        // SAFETY: openat returned a descriptor that nothing else owns.
        folder = unsafe { OwnedFd::from_raw_fd(fd) };
    }
    let name = c_path(Path::new(name))?;
    Ok((folder, name))
}

/// Whether claimdrop's own user or root made this (a link an administrator may have made).
pub fn made_by_us(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.uid() == 0 || meta.uid() == uzers::get_effective_uid()
}

/// A path as the C string the system calls take.
fn c_path(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)
}

fn checked(result: libc::c_int) -> io::Result<()> {
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `open`, for the file at `path` reached from `beneath` through real folders (see the module
/// note); a plain `open` when there is no folder it must be beneath (claimdrop's own).
pub fn open_beneath(beneath: Option<&Path>, path: &Path) -> io::Result<File> {
    let Some(root) = beneath else {
        return open(path);
    };
    let (folder, name) = folder_beneath(root, path)?;
    // SAFETY: a valid descriptor and a NUL-terminated name; the result is checked.
    let fd = unsafe {
        libc::openat(
            folder.as_raw_fd(),
            name.as_ptr(),
            libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        let error = io::Error::last_os_error();
        return Err(if error.raw_os_error() == Some(libc::ELOOP) {
            io::Error::other("it became a symbolic link: links in the inbox are not followed")
        } else {
            error
        });
    }
    // SAFETY: openat returned a descriptor that nothing else owns.
    let file = File::from(unsafe { OwnedFd::from_raw_fd(fd) });
    if !file.metadata()?.file_type().is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Removes the file at `path`, reached from `beneath` through real folders.
pub fn remove_beneath(beneath: Option<&Path>, path: &Path) -> io::Result<()> {
    let Some(root) = beneath else {
        return std::fs::remove_file(path);
    };
    let (folder, name) = folder_beneath(root, path)?;
    // SAFETY: a valid descriptor and a NUL-terminated name.
    checked(unsafe { libc::unlinkat(folder.as_raw_fd(), name.as_ptr(), 0) })
}

/// Gives the file at `path` (reached from `beneath` through real folders; a link there is
/// linked as a link) the second name `to`.
pub fn link_beneath(beneath: Option<&Path>, path: &Path, to: &Path) -> io::Result<()> {
    let Some(root) = beneath else {
        return std::fs::hard_link(path, to);
    };
    let (folder, name) = folder_beneath(root, path)?;
    let to = c_path(to)?;
    // SAFETY: valid descriptors and NUL-terminated names; no flag follows a link.
    checked(unsafe {
        libc::linkat(
            folder.as_raw_fd(),
            name.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            0,
        )
    })
}

/// Renames the file at `path` (reached from `beneath` through real folders) to `to`.
pub fn rename_beneath(beneath: Option<&Path>, path: &Path, to: &Path) -> io::Result<()> {
    let Some(root) = beneath else {
        return std::fs::rename(path, to);
    };
    let (folder, name) = folder_beneath(root, path)?;
    let to = c_path(to)?;
    // SAFETY: valid descriptors and NUL-terminated names.
    checked(unsafe {
        libc::renameat(
            folder.as_raw_fd(),
            name.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
        )
    })
}

/// A read lease on an open file, released when dropped: while it is held, a process that opens
/// the file for writing waits.
#[derive(Debug)]
pub struct Lease {
    file: File,
}

/// Why no lease was granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Someone holds the file open for writing.
    Writer,
    /// Leases cannot be had here (not the owner, no `CAP_LEASE`, a file system without them).
    Unavailable,
}

impl Lease {
    /// Takes a read lease on `file` (opened read-only).
    pub fn take(file: File) -> Result<Lease, (File, Refused)> {
        ignore_lease_breaks();
        // SAFETY: a valid descriptor; F_SETLEASE takes an int argument.
        let result = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLEASE, libc::F_RDLCK) };
        if result == 0 {
            return Ok(Lease { file });
        }
        let refused = match io::Error::last_os_error().raw_os_error() {
            Some(libc::EAGAIN) => Refused::Writer,
            _ => Refused::Unavailable,
        };
        Err((file, refused))
    }

    /// The leased file.
    pub fn file(&self) -> &File {
        &self.file
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        // Closing releases it too; said aloud so a blocked writer goes on at once.
        // SAFETY: a valid descriptor.
        unsafe { libc::fcntl(self.file.as_raw_fd(), libc::F_SETLEASE, libc::F_UNLCK) };
    }
}

/// A writer opening a leased file makes the kernel send the holder SIGIO, whose default is to
/// end the process. claimdrop holds leases for milliseconds and releases them itself, so the
/// signal is ignored: the writer waits until the release.
fn ignore_lease_breaks() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: setting a signal's disposition to SIG_IGN is async-signal-safe and global.
        unsafe { libc::signal(libc::SIGIO, libc::SIG_IGN) };
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_pipes_and_folders_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.pdf");
        std::fs::write(&plain, b"%PDF-1.4").unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut open(&plain).unwrap(), &mut bytes).unwrap();
        assert_eq!(bytes, b"%PDF-1.4");

        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&plain, &link).unwrap();
        assert!(
            open(&link)
                .unwrap_err()
                .to_string()
                .contains("symbolic link")
        );

        let pipe = dir.path().join("pipe.pdf");
        let name = std::ffi::CString::new(pipe.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert!(
            open(&pipe)
                .unwrap_err()
                .to_string()
                .contains("not a regular file")
        );

        assert!(open(dir.path()).is_err());
    }

    #[test]
    fn a_folder_swapped_for_a_link_leads_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("inbox");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(root.join("real/x.pdf"), b"in").unwrap();
        std::fs::write(outside.join("x.pdf"), b"out").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("swapped")).unwrap();
        let beneath = Some(root.as_path());

        let mut text = String::new();
        use std::io::Read;
        open_beneath(beneath, &root.join("real/x.pdf"))
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "in");
        let through = root.join("swapped/x.pdf");
        let refused = open_beneath(beneath, &through).unwrap_err();
        assert!(refused.to_string().contains("symbolic link"), "{refused}");
        assert!(remove_beneath(beneath, &through).is_err());
        assert!(link_beneath(beneath, &through, &dir.path().join("taken")).is_err());
        assert!(rename_beneath(beneath, &through, &dir.path().join("moved")).is_err());
        assert!(
            outside.join("x.pdf").exists(),
            "nothing outside was touched"
        );
        assert!(open_beneath(beneath, &dir.path().join("elsewhere.pdf")).is_err());

        link_beneath(
            beneath,
            &root.join("real/x.pdf"),
            &dir.path().join("second"),
        )
        .unwrap();
        remove_beneath(beneath, &root.join("real/x.pdf")).unwrap();
        assert!(!root.join("real/x.pdf").exists());
        assert_eq!(std::fs::read(dir.path().join("second")).unwrap(), b"in");
        // The drop folder itself may be a link an administrator made.
        let share = dir.path().join("share");
        std::os::unix::fs::symlink(root.join("real"), &share).unwrap();
        std::fs::write(root.join("real/y.pdf"), b"y").unwrap();
        assert!(open_beneath(Some(&share), &share.join("y.pdf")).is_ok());
        assert!(open_beneath(Some(&share), &share.join("../second")).is_err());
        // ... but not a link someone else made (only root can give a link away to test it).
        if std::os::unix::fs::lchown(&share, Some(65534), Some(65534)).is_ok() {
            let refused = open_beneath(Some(&share), &share.join("y.pdf")).unwrap_err();
            assert!(
                refused.to_string().contains("someone else made"),
                "{refused}"
            );
        }
    }
}
