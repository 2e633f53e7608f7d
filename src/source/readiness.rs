//! Readiness: when a dropped file is completely written, decided in one place for `run` and
//! `watch` alike.
//!
//! Quiet is not done: a writer may keep its descriptor open and pause longer than any settle
//! time. On Linux a read lease tells: `F_SETLEASE F_RDLCK` is refused (`EAGAIN`) while any
//! process holds the file open for writing. So a file claimdrop can lease is ready at once,
//! however young, and one a writer holds open is not, however quiet. Where no lease can be
//! taken (another user's file without `CAP_LEASE`, a network share, a kernel without leases)
//! the settle rule stays: size and modification time unchanged for `watch.settle_ms`.
//!
//! The same lease guards a take-over (`plain_file::Lease`): while claimdrop holds it, no writer can open
//! the file, so an inode linked into the archive under it cannot be written through.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::scan;
use crate::plain_file::{Lease, Refused};

/// What can be said of a file's writers now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nobody holds it open for writing, or it held still for the settle time.
    Ready,
    /// A process holds it open for writing.
    Writing,
    /// No lease tells, and it changed within the settle time: look again after this long.
    Settling(Duration),
}

/// Judges a file found by a scan or named by an event.
pub fn judge(path: &Path, settle: Duration, now: SystemTime) -> Verdict {
    match writers(path) {
        Writers::None => Verdict::Ready,
        Writers::Open => Verdict::Writing,
        Writers::Unknown => match scan::fingerprint(path) {
            Some((_, modified)) => {
                let age = now.duration_since(modified).unwrap_or(Duration::ZERO);
                if age >= settle {
                    Verdict::Ready
                } else {
                    Verdict::Settling(settle - age)
                }
            }
            // Gone or unreadable: the filing step says which.
            None => Verdict::Ready,
        },
    }
}

/// `run`'s sorting of what a scan found: ready, or still being written (left for the next
/// pass). Files a lease speaks for are judged at once; for the others it waits at most once,
/// for the youngest one's settle time, then looks at size and modification time again.
pub fn sort_written(
    candidates: Vec<scan::Candidate>,
    settle: Duration,
) -> (Vec<scan::Candidate>, Vec<std::path::PathBuf>) {
    let now = SystemTime::now();
    let mut ready = Vec::new();
    let mut writing = Vec::new();
    let mut young = Vec::new();
    let mut wait = Duration::ZERO;
    for candidate in candidates {
        if candidate.special.is_some() {
            ready.push(candidate);
            continue;
        }
        match judge(&candidate.path, settle, now) {
            Verdict::Ready => ready.push(candidate),
            Verdict::Writing => writing.push(candidate.path),
            Verdict::Settling(left) => {
                wait = wait.max(left);
                let before = scan::fingerprint(&candidate.path);
                young.push((candidate, before));
            }
        }
    }
    if !young.is_empty() {
        std::thread::sleep(wait);
    }
    for (candidate, before) in young {
        if scan::fingerprint(&candidate.path) == before {
            ready.push(candidate);
        } else {
            writing.push(candidate.path);
        }
    }
    (ready, writing)
}

/// Whether a file that settled by the clock alone is still held open (when a lease can tell).
pub fn still_written(path: &Path) -> bool {
    writers(path) == Writers::Open
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Writers {
    None,
    Open,
    Unknown,
}

fn writers(path: &Path) -> Writers {
    let Ok(file) = crate::plain_file::open(path) else {
        return Writers::Unknown;
    };
    match Lease::take(file) {
        Ok(_lease) => Writers::None,
        Err((_, Refused::Writer)) => Writers::Open,
        Err((_, Refused::Unavailable)) => Writers::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::io::Write;

    use super::*;

    #[test]
    fn a_file_held_open_for_writing_is_not_ready_however_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("half.csv");
        let mut writer = File::create(&path).unwrap();
        writer.write_all(b"date;clicks\n").unwrap();
        let long_ago = SystemTime::now() + Duration::from_secs(3600);
        assert_eq!(
            judge(&path, Duration::from_millis(1), long_ago),
            Verdict::Writing
        );
        assert!(still_written(&path));
        drop(writer);
        // Closed: ready at once, however young.
        assert_eq!(
            judge(&path, Duration::from_secs(3600), SystemTime::now()),
            Verdict::Ready
        );
        assert!(!still_written(&path));
    }

    #[test]
    fn a_writer_waits_while_the_lease_is_held() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leased.pdf");
        std::fs::write(&path, b"%PDF-1.4").unwrap();
        let lease = Lease::take(crate::plain_file::open(&path).unwrap()).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let writer_path = path.clone();
        let writer = std::thread::spawn(move || {
            let opened = std::fs::OpenOptions::new().append(true).open(&writer_path);
            tx.send(()).unwrap();
            opened.map(|_| ())
        });
        // The writer's open is blocked while the lease stands.
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
        drop(lease);
        assert!(rx.recv_timeout(Duration::from_secs(10)).is_ok());
        writer.join().unwrap().unwrap();
    }
}
