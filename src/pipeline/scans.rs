//! Scans: documents whose pages have no text layer, read by OCR in a lane of their own.
//!
//! OCR takes seconds a page; filing a text document takes a millisecond. So a file whose
//! first reading found pages without text (`Extracted::scanned`) is not committed in its
//! turn: it is handed to this lane and the files behind it go on. The lane runs a bounded
//! number of OCR workers (half the cores, at least one: the other half keeps filing), each a
//! worker process like any other, with the OCR deadline. What they read comes back as an
//! examined file and is committed by the pipeline's one writer, like any file: in `run`, once
//! the text documents are filed; in the daemon, as soon as it is read (`wake`).
//!
//! The file stays in the inbox while it is read; a file being read is not taken again by a
//! later pass. Changed or removed meanwhile, it is handled as any file is at its commit (the
//! archive refuses bytes that no longer hash as they were read).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use super::Examined;
use crate::config::{OcrSwitch, Settings};
use crate::domain::{Outcome, Rejection};
use crate::stage::extract::ocr::{self, OcrAsk};
use crate::stage::extract::{Extracted, Limits};
use crate::worker::{Request, Worker, WorkerLimits};

/// What an OCR worker read of one file.
type Read = (PathBuf, Result<Extracted, Rejection>);

/// Called from an OCR thread when a scan has been read.
pub(crate) type Wake = Arc<dyn Fn() + Send + Sync>;

/// Tesseract as found on this host, asked once per process.
fn installed() -> Option<&'static ocr::Engine> {
    static ENGINE: OnceLock<Option<ocr::Engine>> = OnceLock::new();
    ENGINE.get_or_init(ocr::engine).as_ref()
}

/// What OCR will do with these settings: `Ok(None)` when it is off or (with `auto`) not
/// installed; an error, naming the package, when it is required and missing.
pub(crate) fn ask(settings: &Settings) -> Result<Option<OcrAsk>, crate::lang::Text> {
    if settings.ocr.enabled == OcrSwitch::Off {
        return Ok(None);
    }
    let Some(engine) = installed() else {
        return match settings.ocr.enabled {
            OcrSwitch::On => Err(crate::text!("error-ocr-missing")),
            _ => Ok(None),
        };
    };
    let languages: Vec<String> = settings
        .ocr
        .languages
        .iter()
        .filter(|l| engine.languages.contains(l))
        .cloned()
        .collect();
    let missing: Vec<&String> = settings
        .ocr
        .languages
        .iter()
        .filter(|l| !engine.languages.contains(l))
        .collect();
    if !missing.is_empty() {
        tracing::warn!(
            ?missing,
            "OCR languages not installed (Debian: tesseract-ocr-<code>): read without them"
        );
    }
    if languages.is_empty() && settings.ocr.enabled == OcrSwitch::On {
        return Err(crate::text!("error-ocr-missing"));
    }
    Ok(Some(OcrAsk {
        languages,
        max_pages: settings.ocr.max_pages,
        timeout_secs: settings.ocr.timeout_secs,
        engine: engine.version.clone(),
    }))
}

/// The OCR lane of one pipeline.
pub(crate) struct Scans {
    ask: Option<OcrAsk>,
    executable: PathBuf,
    limits: WorkerLimits,
    stop: Arc<AtomicBool>,
    wake: Option<Wake>,
    jobs: Option<mpsc::Sender<Request>>,
    /// First readings of the files in the lane, completed by what OCR reads.
    pending: Vec<(PathBuf, Examined)>,
    reading: HashSet<PathBuf>,
    read: (mpsc::Sender<Read>, mpsc::Receiver<Read>),
}

impl Scans {
    pub(crate) fn new(
        settings: &Settings,
        executable: PathBuf,
        stop: Arc<AtomicBool>,
        wake: Option<Wake>,
    ) -> Scans {
        let ask = ask(settings).unwrap_or_else(|why| {
            tracing::warn!(%why, "no OCR");
            None
        });
        let limits = WorkerLimits::reading_scans(settings);
        Scans {
            ask,
            executable,
            limits,
            stop,
            wake,
            jobs: None,
            pending: Vec::new(),
            reading: HashSet::new(),
            read: mpsc::channel(),
        }
    }

    /// The file is being read by OCR: a later pass leaves it alone.
    pub(crate) fn is_reading(&self, source: &std::path::Path) -> bool {
        self.reading.contains(source)
    }

    /// How many scans are being read.
    pub(crate) fn in_hand(&self) -> usize {
        self.reading.len()
    }

    /// Takes an examined file into the lane when it has pages OCR should read (and OCR is on);
    /// gives it back otherwise, to be committed now.
    pub(crate) fn take(
        &mut self,
        examined: Examined,
        limits: Limits,
        own_names: &[String],
    ) -> Option<Examined> {
        let wants = examined.trouble.is_none()
            && !examined.vanished
            && examined
                .result
                .as_ref()
                .is_ok_and(|e| !e.scanned.is_empty() && e.ocr_pages.is_empty());
        let (Some(ask), Some(identity)) = (
            self.ask.clone().filter(|_| wants),
            examined.identity.as_ref(),
        ) else {
            return Some(examined);
        };
        let source = examined.subject.source.clone();
        if !self.reading.insert(source.clone()) {
            return None;
        }
        let jobs = self.jobs.get_or_insert_with(|| {
            start(
                &self.executable,
                self.limits,
                Arc::clone(&self.stop),
                self.read.0.clone(),
                self.wake.clone(),
            )
        });
        let request = Request {
            path: source.clone(),
            sniffed: identity.sniffed,
            limits,
            register: None,
            beneath: examined.subject.drop_root.clone(),
            own_names: own_names.to_vec(),
            ocr: Some(ask),
            explain: false,
        };
        self.pending.push((source, examined));
        let _ = jobs.send(request);
        None
    }

    /// The next scan read, waiting for one when `wait` and some are in hand: its first
    /// examination with what OCR made of it (or why OCR refused it).
    pub(crate) fn next(&mut self, wait: bool) -> Option<Examined> {
        while !self.reading.is_empty() {
            let (source, result) = if wait {
                self.read.1.recv().ok()
            } else {
                self.read.1.try_recv().ok()
            }?;
            self.reading.remove(&source);
            let Some(at) = self.pending.iter().position(|(s, _)| *s == source) else {
                continue;
            };
            let (_, first) = self.pending.swap_remove(at);
            return Some(Examined { result, ..first });
        }
        None
    }
}

/// Starts the lane's threads, each with its own worker process.
fn start(
    executable: &std::path::Path,
    limits: WorkerLimits,
    stop: Arc<AtomicBool>,
    read: mpsc::Sender<Read>,
    wake: Option<Wake>,
) -> mpsc::Sender<Request> {
    let (jobs, queue) = mpsc::channel::<Request>();
    let queue = Arc::new(Mutex::new(queue));
    let threads = std::thread::available_parallelism()
        .map(|n| n.get() / 2)
        .unwrap_or(1)
        .max(1);
    for _ in 0..threads {
        let queue = Arc::clone(&queue);
        let read = read.clone();
        let stop = Arc::clone(&stop);
        let wake = wake.clone();
        let executable = executable.to_path_buf();
        std::thread::spawn(move || {
            let mut worker = Worker::new(&executable, limits);
            loop {
                let next = queue.lock().ok().and_then(|q| q.recv().ok());
                let Some(request) = next else { break };
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let result = match worker.examine(&request) {
                    Ok(reply) => reply.into_document(),
                    Err(e) => Err(Rejection::new(
                        Outcome::Unreadable,
                        crate::text!("reason-no-reader", error = e.to_string()),
                    )),
                };
                if read.send((request.path, result)).is_err() {
                    break;
                }
                if let Some(wake) = &wake {
                    wake();
                }
            }
        });
    }
    jobs
}
