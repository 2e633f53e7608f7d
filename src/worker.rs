//! Worker processes: document parsing, isolated.
//!
//! Parsers meet hostile files. `catch_unwind` stops a panic, but not an allocation failure (the
//! process aborts), a stack overflow or an endless loop. So extraction runs in child processes —
//! the same binary, `claimdrop worker` — each under an address-space and a CPU limit (setrlimit)
//! and watched by a wall-clock timeout. A worker that dies or times out costs one document
//! (`unreadable`, with what happened) and is replaced; the daemon carries on.
//!
//! Protocol: one JSON request per line on the worker's stdin, one JSON reply per line on its
//! stdout. Workers are reused across documents and replaced after `RECYCLE_AFTER` of them, so
//! the CPU limit (which counts a process's whole life) stays a per-document backstop.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::RegisterRow;
use crate::domain::{Outcome, Rejection};
use crate::stage::extract::{self, Extracted, Limits};
use crate::stage::identify::Sniffed;

const RECYCLE_AFTER: u32 = 1000;

/// How to read a file as a claims register: the workspace's claim id pattern and date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterAsk {
    pub claim_id_pattern: String,
    pub date_order: crate::domain::DateOrder,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// Sent as the name's bytes: a Unix file name need not be UTF-8, and JSON text must be.
    #[serde(with = "path_bytes")]
    pub path: PathBuf,
    pub sniffed: Sniffed,
    pub limits: Limits,
    /// Read the file as a claims register whose claim ids match this pattern, not as a
    /// document: a register is as untrusted as any dropped file.
    #[serde(default)]
    pub register: Option<RegisterAsk>,
    /// The drop folder the file must be reached from through real folders (`plain_file`).
    #[serde(default, with = "opt_path_bytes")]
    pub beneath: Option<PathBuf>,
    /// The partner's own names (`[organisation] names`): never a vendor.
    #[serde(default)]
    pub own_names: Vec<String>,
    /// Read the pages without a text layer by OCR, so.
    #[serde(default)]
    pub ocr: Option<extract::ocr::OcrAsk>,
    /// Send back why each field reads as it does: the features that weighed, and every
    /// candidate of every field (`inspect`). Filing needs neither.
    #[serde(default)]
    pub explain: bool,
}

mod opt_path_bytes {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::path::PathBuf;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[allow(clippy::ref_option)] // serde's `with` hands over a reference to the field
    pub fn serialize<S: Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
        path.as_ref()
            .map(|p| p.as_os_str().as_bytes().to_vec())
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
        let bytes: Option<Vec<u8>> = Option::deserialize(d)?;
        Ok(bytes.map(|b| PathBuf::from(std::ffi::OsString::from_vec(b))))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Extracted(Box<Extracted>),
    Register(Vec<RegisterRow>),
    Rejected(Rejection),
}

mod path_bytes {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::path::PathBuf;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[allow(clippy::ptr_arg)] // serde's `with` hands over the field's own type
    pub fn serialize<S: Serializer>(path: &PathBuf, serializer: S) -> Result<S::Ok, S::Error> {
        path.as_os_str().as_bytes().serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        let bytes = Vec::<u8>::deserialize(deserializer)?;
        Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
}

impl Reply {
    /// The answer to a document request.
    pub fn into_document(self) -> Result<Extracted, Rejection> {
        match self {
            Reply::Extracted(extracted) => Ok(*extracted),
            Reply::Rejected(rejection) => Err(rejection),
            Reply::Register(_) => Err(Rejection::new(
                Outcome::Unreadable,
                crate::text!("reason-reader-confused"),
            )),
        }
    }

    /// The answer to a register request.
    pub fn into_register(self) -> Result<Vec<RegisterRow>, Rejection> {
        match self {
            Reply::Register(rows) => Ok(rows),
            Reply::Rejected(rejection) => Err(rejection),
            Reply::Extracted(_) => Err(Rejection::new(
                Outcome::Unreadable,
                crate::text!("reason-reader-confused"),
            )),
        }
    }
}

/// How a worker process is bounded.
#[derive(Debug, Clone, Copy)]
pub struct WorkerLimits {
    pub address_space_bytes: u64,
    pub cpu_secs: u64,
    pub timeout: Duration,
}

impl WorkerLimits {
    /// A worker that reads documents, as `[limits]` bounds it.
    pub fn reading(settings: &crate::config::Settings) -> WorkerLimits {
        WorkerLimits::for_documents(
            settings.limits.max_uncompressed_bytes,
            settings.limits.document_timeout_secs,
        )
    }

    /// A worker that reads scans: its deadline is the OCR's (`[ocr] timeout_secs`), with room
    /// for the first reading's.
    pub fn reading_scans(settings: &crate::config::Settings) -> WorkerLimits {
        WorkerLimits::for_documents(
            settings.limits.max_uncompressed_bytes,
            settings
                .ocr
                .timeout_secs
                .saturating_add(settings.limits.document_timeout_secs),
        )
    }

    /// Room for the inflated document twice over (parse trees cost more than the bytes), plus
    /// the runtime's own mappings.
    pub fn for_documents(max_uncompressed_bytes: u64, timeout_secs: u64) -> WorkerLimits {
        WorkerLimits {
            address_space_bytes: max_uncompressed_bytes
                .saturating_mul(2)
                .saturating_add(1 << 30),
            cpu_secs: timeout_secs
                .saturating_mul(u64::from(RECYCLE_AFTER))
                .max(600),
            timeout: Duration::from_secs(timeout_secs),
        }
    }
}

/// One supervised worker process.
pub struct Worker {
    executable: PathBuf,
    limits: WorkerLimits,
    running: Option<Running>,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<String>,
    served: u32,
}

impl Worker {
    pub fn new(executable: &Path, limits: WorkerLimits) -> Worker {
        Worker {
            executable: executable.to_path_buf(),
            limits,
            running: None,
        }
    }

    fn start(&self) -> std::io::Result<Running> {
        let spawn = || {
            Command::new(&self.executable)
                .arg("worker")
                .arg("--address-space")
                .arg(self.limits.address_space_bytes.to_string())
                .arg("--cpu-secs")
                .arg(self.limits.cpu_secs.to_string())
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
        };
        // "Text file busy" passes: the executable was just written (an upgrade in place), or
        // another thread's fork briefly holds it open.
        let mut attempt = 0;
        let mut child = loop {
            match spawn() {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && attempt < 20 => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => break other?,
            }
        };
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("worker has no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("worker has no stdout"))?;
        let (sender, replies) = mpsc::channel();
        // A reader thread turns the worker's stdout into a channel, so waiting has a timeout.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Running {
            child,
            stdin,
            replies,
            served: 0,
        })
    }

    /// Extracts one document in the worker process; every failure of the worker is an outcome.
    pub fn examine(&mut self, request: &Request) -> std::io::Result<Reply> {
        let mut running = match self.running.take() {
            Some(running) if running.served < RECYCLE_AFTER => running,
            Some(old) => {
                stop(old);
                self.start()?
            }
            None => self.start()?,
        };
        let line = serde_json::to_string(request).map_err(std::io::Error::other)?;
        if writeln!(running.stdin, "{line}")
            .and_then(|_| running.stdin.flush())
            .is_err()
        {
            // The worker died between documents; a fresh one gets the request.
            stop(running);
            running = self.start()?;
            writeln!(running.stdin, "{line}")?;
            running.stdin.flush()?;
        }
        match running.replies.recv_timeout(self.limits.timeout) {
            Ok(reply) => {
                running.served += 1;
                let reply = serde_json::from_str(&reply).unwrap_or_else(|e| {
                    Reply::Rejected(Rejection::new(
                        Outcome::Unreadable,
                        crate::text!("reason-reader-nonsense", error = e.to_string()),
                    ))
                });
                self.running = Some(running);
                Ok(reply)
            }
            Err(RecvTimeoutError::Timeout) => {
                stop(running);
                Ok(Reply::Rejected(Rejection::new(
                    Outcome::Unreadable,
                    crate::text!("reason-timeout", seconds = self.limits.timeout.as_secs()),
                )))
            }
            Err(RecvTimeoutError::Disconnected) => {
                let how = death(running);
                Ok(Reply::Rejected(Rejection::new(
                    Outcome::Unreadable,
                    crate::text!("reason-reader-died", how = how),
                )))
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            stop(running);
        }
    }
}

fn stop(mut running: Running) {
    let _ = running.child.kill();
    let _ = running.child.wait();
}

/// Says how a worker ended, for the file's reason.
fn death(mut running: Running) -> crate::lang::Text {
    use std::os::unix::process::ExitStatusExt;
    let status = running.child.wait();
    match status {
        Ok(status) => match status.signal() {
            Some(libc::SIGABRT) => crate::text!("death-abort"),
            Some(libc::SIGSEGV) | Some(libc::SIGBUS) => crate::text!("death-crash"),
            Some(libc::SIGXCPU) | Some(libc::SIGKILL) => crate::text!("death-cpu"),
            Some(signal) => crate::text!("death-signal", signal = signal.to_string()),
            None => crate::text!("death-exit", code = status.code().unwrap_or(-1).to_string()),
        },
        Err(e) => crate::text!("death-unknown", error = e.to_string()),
    }
}

/// The worker's main loop: limit itself, then answer requests until stdin closes.
pub fn serve(address_space_bytes: u64, cpu_secs: u64) -> std::io::Result<()> {
    limit(libc::RLIMIT_AS, address_space_bytes);
    limit(libc::RLIMIT_CPU, cpu_secs);
    // Core dumps of a crashed parser help nobody and fill disks.
    limit(libc::RLIMIT_CORE, 0);
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        let reply = match serde_json::from_str::<Request>(&line) {
            Ok(request) => answer(&request),
            Err(e) => Reply::Rejected(Rejection::new(
                Outcome::Unreadable,
                crate::text!("reason-reader-nonsense", error = e.to_string()),
            )),
        };
        let text = serde_json::to_string(&reply).map_err(std::io::Error::other)?;
        writeln!(stdout, "{text}")?;
        stdout.flush()?;
    }
    Ok(())
}

fn answer(request: &Request) -> Reply {
    // Reached from its drop folder through real folders only, and opened once: every reader
    // below reads this descriptor, never the path again.
    let open = || {
        crate::plain_file::open_beneath(request.beneath.as_deref(), &request.path).map_err(|e| {
            Rejection::new(
                Outcome::Unreadable,
                crate::text!("reason-cannot-read", error = e.to_string()),
            )
        })
    };
    let examine = || {
        std::panic::catch_unwind(|| {
            extract::examine_file(
                open()?,
                &request.path,
                request.sniffed,
                request.limits,
                extract::fields::Known {
                    own_names: &request.own_names,
                    explain: request.explain,
                },
                request.ocr.as_ref(),
            )
        })
    };
    if let Some(ask) = &request.register {
        // First the checks any document gets (a bomb is refused from its declared sizes,
        // before anything inflates); only a sound file is read as a register.
        if let Ok(Err(rejection)) = examine() {
            return Reply::Rejected(Rejection::new(
                rejection.outcome,
                crate::text!("reason-register-refused", why = rejection.reason),
            ));
        }
        let rows = crate::config::claim_id_regex(&ask.claim_id_pattern)
            .map_err(|e| crate::text!("reason-bad-pattern", error = e.to_string()))
            .and_then(|claim_id| {
                let mut bytes = Vec::new();
                open()
                    .map_err(|r| r.reason)
                    .and_then(|mut file| {
                        std::io::Read::read_to_end(&mut file, &mut bytes)
                            .map_err(|e| crate::text!("reason-cannot-read", error = e.to_string()))
                    })
                    .map_err(|why| crate::text!("reason-register-refused", why = why))?;
                let rules = crate::stage::register::RegisterRules {
                    claim_id,
                    date_order: ask.date_order,
                };
                crate::stage::register::read_bytes(bytes, &rules)
                    .map_err(|e| crate::text!("reason-register-refused", why = e.text()))
            });
        return match rows {
            Ok(rows) => Reply::Register(rows),
            Err(reason) => Reply::Rejected(Rejection::new(Outcome::Unreadable, reason)),
        };
    }
    match examine() {
        Ok(Ok(extracted)) => Reply::Extracted(Box::new(extracted)),
        Ok(Err(rejection)) => Reply::Rejected(rejection),
        Err(panic) => {
            let message = crate::stage::extract::sheet::panic_message(panic.as_ref());
            Reply::Rejected(Rejection::new(
                Outcome::Unreadable,
                crate::text!("reason-reader-failed", error = message),
            ))
        }
    }
}

fn limit(resource: libc::__rlimit_resource_t, value: u64) {
    let limit = libc::rlimit {
        rlim_cur: value,
        rlim_max: value,
    };
    // SAFETY: setrlimit reads the struct we pass and touches nothing else.
    unsafe {
        libc::setrlimit(resource, &limit);
    }
}
