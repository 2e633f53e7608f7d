//! The command socket: how a command reaches the daemon that holds the workspace.
//!
//! `watch` listens on `.claimdrop.sock` in the workspace (mode 0660, the group of the
//! workspace folder: whoever may use the workspace may send commands). A request is one JSON
//! line (the command line, the caller's folder, a register's bytes), the answer one JSON line
//! (what the command printed, its error, its exit code). Who asks is never read from the
//! request: the daemon takes the caller's user from the socket's peer credentials
//! (`SO_PEERCRED`), which the kernel fills in. This module only carries requests; what a
//! request does is the command layer's (`cmd::session`), the same function as without a
//! daemon.

use std::io::{self, BufRead, BufReader, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The socket's name in the workspace.
pub const SOCKET_NAME: &str = ".claimdrop.sock";

/// A request is refused above this size: a register's bytes travel in it, nothing larger.
const MAX_REQUEST_BYTES: u64 = 64 * 1024 * 1024;

/// A command sent to the daemon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The command line, as typed (the program name first).
    pub argv: Vec<String>,
    /// The caller's current folder: relative paths on the command line are relative to it.
    pub cwd: PathBuf,
    /// For `claims import FILE`: the file's bytes, as the caller could read them (hex), so the
    /// daemon never reads a file on a caller's behalf.
    #[serde(default)]
    pub register: Option<String>,
}

impl Request {
    /// The command as a log line names it: its words without the global options and their
    /// values (`claims correct`), never the values a user typed after it.
    pub fn command(&self) -> String {
        let mut words = Vec::new();
        let mut args = self.argv.iter().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--workspace" | "--log-format" => {
                    args.next();
                }
                a if a.starts_with('-') => {}
                a => {
                    words.push(a);
                    if words.len() == 2 || words[0] != "claims" {
                        break;
                    }
                }
            }
        }
        words.join(" ")
    }
}

/// What the command did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// What it printed on stdout.
    pub stdout: String,
    /// Its error, as `claimdrop: ...` prints it (without the prefix).
    pub error: Option<String>,
    pub code: i32,
}

/// The user name of the process at the other end of a connection, from the kernel.
pub fn peer_user(stream: &UnixStream) -> io::Result<String> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: u32::MAX,
        gid: u32::MAX,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: a valid socket descriptor, and a buffer of the size passed.
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(crate::actor::user_name(cred.uid))
}

/// Listens at `path`, replacing a socket a killed daemon left (the caller holds the
/// workspace's lock, so no live daemon owns it). The socket gets the group of `root` and mode
/// 0660.
pub fn listen(path: &Path, root: &Path) -> io::Result<UnixListener> {
    match path.symlink_metadata() {
        Ok(meta) if meta.file_type().is_socket() => std::fs::remove_file(path)?,
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                crate::text!("error-not-socket", path = path.display().to_string()).to_string(),
            ));
        }
        Err(_) => {}
    }
    let listener = UnixListener::bind(path)?;
    let group = std::fs::metadata(root)?.gid();
    std::os::unix::fs::chown(path, None, Some(group))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
    Ok(listener)
}

/// Reads one request from a connection.
pub fn read_request(stream: &UnixStream) -> io::Result<Request> {
    let mut line = String::new();
    BufReader::new(stream.take(MAX_REQUEST_BYTES)).read_line(&mut line)?;
    serde_json::from_str(&line).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Writes the answer to a connection.
pub fn write_response(stream: &UnixStream, response: &Response) -> io::Result<()> {
    let mut line = serde_json::to_vec(response).map_err(io::Error::other)?;
    line.push(b'\n');
    send_all(stream, &line)
}

/// Writes all of `bytes`, with an error rather than SIGPIPE when the other end has gone: a
/// one-shot command dies of SIGPIPE on a closed stdout (as tools do), never of a daemon that
/// went away.
fn send_all(stream: &UnixStream, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        // SAFETY: a valid socket descriptor and a buffer of the length passed.
        let sent = unsafe {
            libc::send(
                stream.as_raw_fd(),
                bytes.as_ptr().cast(),
                bytes.len(),
                libc::MSG_NOSIGNAL,
            )
        };
        match usize::try_from(sent) {
            Ok(n) => bytes = bytes.get(n..).unwrap_or_default(),
            Err(_) => {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}

/// Whether a daemon listens at `path` now (a connection is taken and closed unused).
pub fn answers(path: &Path) -> bool {
    UnixStream::connect(path).is_ok()
}

/// Sends a request to the daemon listening at `path`. None: no daemon listens there (no
/// socket, or one a killed daemon left).
pub fn send(path: &Path, request: &Request) -> io::Result<Option<Response>> {
    let stream = match UnixStream::connect(path) {
        Ok(stream) => stream,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
            ) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let mut line = serde_json::to_vec(request).map_err(io::Error::other)?;
    line.push(b'\n');
    send_all(&stream, &line)?;
    let mut answer = String::new();
    BufReader::new(&stream).read_line(&mut answer)?;
    if answer.trim().is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the daemon stopped before answering; the command may or may not have been carried out (see `claimdrop history`)",
        ));
    }
    serde_json::from_str(&answer)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_its_command_without_global_options_or_values() {
        let request = |argv: &[&str]| Request {
            argv: argv.iter().map(|a| a.to_string()).collect(),
            cwd: PathBuf::from("/"),
            register: None,
        };
        let said = |argv: &[&str]| request(argv).command();
        assert_eq!(
            said(&[
                "claimdrop",
                "--workspace",
                "ws1",
                "claims",
                "correct",
                "abc",
                "--vendor",
                "X"
            ]),
            "claims correct"
        );
        assert_eq!(said(&["claimdrop", "--log-format", "json", "run"]), "run");
        assert_eq!(said(&["claimdrop", "history", "CLM-1"]), "history");
    }
}
