//! Opening a dropped file for reading, and only a plain file.
//!
//! Between the scan that found a regular file and the moment it is opened, whoever can write
//! in the inbox may replace it with a symbolic link (to a file claimdrop's user may read and
//! the dropper may not) or a named pipe (whose open waits forever for a writer). So every read
//! of a dropped file opens it without following a link and without waiting on a pipe, then
//! checks that what it holds is a regular file.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

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

/// The whole of a plain file.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = open(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_pipes_and_folders_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.pdf");
        std::fs::write(&plain, b"%PDF-1.4").unwrap();
        assert_eq!(read(&plain).unwrap(), b"%PDF-1.4");

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
}
