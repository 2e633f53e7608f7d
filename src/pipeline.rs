//! The pipeline: candidates from the sources, through the stages, into the sinks.
//!
//! Examining a file (hashing it, then extracting it in a worker process) is done in parallel,
//! one thread per worker. Deciding is done by this thread alone, in the order the files were
//! found, because the store has one writer and because two copies of the same bytes must be
//! decided one after the other (one attached, one `duplicate`). Filing the decided files is
//! done in batches (`batch`), their disk work on several threads.
//!
//! Every file ends as an outcome. For each, the commit order is the one that makes a crash
//! harmless (DESIGN.md): stage the copy and fsync it, commit the store transaction, move the
//! copy into place, remove the source last. A run that restarts after a crash recognises a
//! file whose commit happened (same bytes, same inbox path) and only finishes its moves. What
//! is never opened (a link, a pipe, a file over the size limit) is moved as it is, and a file
//! that must stay in the inbox for now (claimdrop may not read it, or not remove it) is held
//! (`held`): said once, then left alone until it changes or its next try is due.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Months, NaiveDate, Utc};

use crate::actor;
use crate::domain::{Action, Kind, MatchRule, Outcome, Rejection};
use crate::sink::archive;
use crate::sink::reports::{self, ReportError, Style};
use crate::sink::store::{Cause, ExceptionRow, NewDocument, NewException, Store, StoreError};
use crate::source::readiness;
use crate::source::scan::{self, Candidate, Ignore, Special};
use crate::stage::extract::{Extracted, Limits};
use crate::stage::identify::{self, Identified};
use crate::stage::matcher::{self, Evidence, KnownClaims};
use crate::stage::validate;
use crate::worker::{Request, Worker, WorkerLimits};
use crate::workspace::Workspace;

mod batch;
mod held;
use batch::{BATCH, Batch, Prepared, Record};
use held::Holds;

/// Notes longer than this are cut: a note explains a document, it is not one.
const MAX_NOTE_BYTES: u64 = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Reports(#[from] ReportError),
    #[error("cannot start a document reader ({executable}): {source}")]
    Worker {
        executable: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Clock(String),
}

/// What one pass did, for the summary line of SPEC §4.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub attached: usize,
    pub duplicate: usize,
    pub quarantined: usize,
    pub ignored: usize,
    pub failed: usize,
    /// Quarantine outcomes by name, for people who want more than the summary.
    pub outcomes: BTreeMap<String, usize>,
    /// Claims created or reopened by registers in this pass.
    pub claims_changed: bool,
}

impl Summary {
    pub fn processed(&self) -> usize {
        self.attached + self.duplicate + self.quarantined + self.ignored + self.failed
    }

    pub fn line(&self) -> String {
        format!(
            "processed {}: attached {}, duplicate {}, quarantined {}, ignored {}, failed {}",
            self.processed(),
            self.attached,
            self.duplicate,
            self.quarantined,
            self.ignored,
            self.failed
        )
    }

    fn count(&mut self, end: &End) {
        match end {
            End::Attached => self.attached += 1,
            End::Quarantined(Outcome::Duplicate) => self.duplicate += 1,
            End::Quarantined(outcome) => {
                self.quarantined += 1;
                *self
                    .outcomes
                    .entry(outcome.as_str().to_string())
                    .or_default() += 1;
            }
            End::Stayed => self.ignored += 1,
            End::Failed => self.failed += 1,
            End::Vanished => {}
        }
    }

    fn absorb(&mut self, other: Summary) {
        self.attached += other.attached;
        self.duplicate += other.duplicate;
        self.quarantined += other.quarantined;
        self.ignored += other.ignored;
        self.failed += other.failed;
        for (outcome, n) in other.outcomes {
            *self.outcomes.entry(outcome).or_default() += n;
        }
        self.claims_changed |= other.claims_changed;
    }
}

/// How one file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Attached,
    Quarantined(Outcome),
    /// Left in the inbox on purpose (still being written, a parked file still parked).
    Stayed,
    /// Left in the inbox by an error (disk full, permissions): tried again next time.
    Failed,
    /// Gone before it could be read (moved away, or filed by an earlier batch): nothing to do.
    Vanished,
}

/// A file to be filed: from the inbox, or a parked file from quarantine.
#[derive(Debug, Clone)]
struct Subject {
    source: PathBuf,
    /// The inbox path it was dropped at, relative to the workspace.
    original_path: String,
    kind: Kind,
    folders: Vec<String>,
    file_name: String,
    /// Not a regular file: moved as it is, never opened.
    special: Option<Special>,
    /// The drop folder it was found under (none for a parked file): every folder between the
    /// two must be a real folder, or the file is not in the inbox at all.
    drop_root: Option<PathBuf>,
    /// Over `limits.max_file_bytes`: not read at all (hashing or copying it would cost what
    /// the limit spares), moved to quarantine as it is.
    oversized: bool,
    /// The quarantine record, when a parked file is retried.
    parked: Option<ExceptionRow>,
}

impl Subject {
    /// The drop folder every operation on it starts from (see `plain_file`); none for a parked
    /// file, which is in claimdrop's own quarantine.
    fn beneath(&self) -> Option<&Path> {
        self.drop_root.as_deref()
    }

    /// Whether opening it failed because it is not there: gone, or not in the inbox at all
    /// (reached through a link to a folder elsewhere, which an event or a race can name). A
    /// file outside is left alone; the link itself is quarantined as a link.
    fn is_gone(&self, error: &std::io::Error) -> bool {
        match error.kind() {
            std::io::ErrorKind::NotFound => true,
            std::io::ErrorKind::NotADirectory => {
                tracing::warn!(path = %self.original_path, %error, "left alone");
                true
            }
            _ => false,
        }
    }

    /// Whether it is filed without being opened: moved as it is (a link, a pipe, a file over
    /// the size limit), never staged as a copy.
    fn moved_as_is(&self) -> bool {
        self.special.is_some() || self.oversized
    }

    /// What names it when its bytes are not read: a link by what it points at, anything else
    /// by its inode, size and modification time (stable while it waits, so a pass that
    /// restarts after a crash recognises it).
    fn unread_name(&self) -> String {
        use sha2::{Digest, Sha256};
        let name = match self.special {
            Some(Special::Link) => {
                let target = std::fs::read_link(&self.source)
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!("symlink:{target}")
            }
            _ => {
                let meta = self.source.symlink_metadata().ok();
                let stat = meta.map(|m| (m.dev(), m.ino(), m.size(), m.mtime(), m.mtime_nsec()));
                format!("unread:{stat:?}")
            }
        };
        hex::encode(Sha256::digest(name.as_bytes()))
    }
}

/// What the examining threads learnt about a subject.
struct Examined {
    subject: Subject,
    identity: Option<Identified>,
    result: Result<Extracted, Rejection>,
    /// Why it could not be examined at all (it stays where it is).
    trouble: Option<Trouble>,
    /// The file was gone when its turn came.
    vanished: bool,
}

/// Why a file could not be examined.
enum Trouble {
    /// The file itself could not be read (permissions, an I/O error): it is held.
    File(String),
    /// No reader could be started: nothing to do with the file.
    Reader(String),
}

/// Drives files through the stages into the sinks.
pub struct Pipeline<'w> {
    workspace: &'w Workspace,
    executable: PathBuf,
    /// Idle worker processes, kept between batches: starting one costs more than a document.
    pool: Arc<Mutex<Vec<Worker>>>,
    /// Set by shutdown: no new file is started, the one being committed is finished.
    stop: Arc<AtomicBool>,
    /// Called once per file done, for a progress bar.
    progress: Option<Box<dyn FnMut(usize, usize) + 'w>>,
    /// The held files, as this pass found them (see `held`).
    holds: Holds,
    /// Paths held (again) during this pass: the holds of the rest of those tried are let go.
    reheld: std::collections::HashSet<String>,
}

impl<'w> Pipeline<'w> {
    pub fn new(workspace: &'w Workspace) -> Pipeline<'w> {
        Pipeline {
            workspace,
            executable: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("claimdrop")),
            pool: Arc::new(Mutex::new(Vec::new())),
            stop: Arc::new(AtomicBool::new(false)),
            progress: None,
            holds: Holds::default(),
            reheld: std::collections::HashSet::new(),
        }
    }

    /// Runs document readers from `executable` (`<executable> worker ...`) rather than from
    /// this process's own binary: for a program that embeds the pipeline.
    pub fn with_reader(mut self, executable: PathBuf) -> Pipeline<'w> {
        self.executable = executable;
        self
    }

    /// Stops between two files once `stop` is set.
    pub fn with_stop(mut self, stop: Arc<AtomicBool>) -> Pipeline<'w> {
        self.stop = stop;
        self
    }

    /// Reports progress as (done, total).
    pub fn with_progress(mut self, progress: impl FnMut(usize, usize) + 'w) -> Pipeline<'w> {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Finishes moves a crash interrupted after a parked file's retry was committed: the
    /// archive copy is put in place and the quarantine copy removed.
    pub fn repair(&self, store: &Store) -> Result<(), PipelineError> {
        for (quarantined, archived, sha) in store.retried_placements()? {
            let source = self.workspace.root.join(&quarantined);
            if source.symlink_metadata().is_err() {
                continue;
            }
            let destination = self.workspace.root.join(&archived);
            let placed = if destination.exists() {
                Ok(())
            } else {
                let dir = destination.parent().unwrap_or(Path::new("."));
                archive::stage(&source, None, dir, &sha)
                    .and_then(|staged| archive::finish(&staged, &destination, true))
            };
            let moved = placed
                .and_then(|_| self.move_note_io(None, &source, &destination))
                .and_then(|_| archive::remove_source(None, &reason_path(&source)))
                .and_then(|_| archive::remove_source(None, &source));
            match moved {
                Ok(()) => tracing::info!(path = %archived, "finished a retry a crash interrupted"),
                Err(e) => {
                    tracing::warn!(path = %archived, error = %e, "cannot finish an interrupted retry")
                }
            }
        }
        Ok(())
    }

    /// One pass over everything waiting in the inbox (`claimdrop run`): registers first, then
    /// documents, then a retry of parked files if registers changed claims; reports last.
    pub fn run_once(&mut self, store: &mut Store) -> Result<Summary, PipelineError> {
        self.repair(store)?;
        let ignore = Ignore::new(&self.workspace.settings.watch.ignore);
        let found = scan::scan(&self.workspace.drop_folders(), &ignore);
        let mut summary = Summary {
            ignored: found.ignored.len(),
            ..Summary::default()
        };
        // A whole scan: what it did not see is no longer held (gone, or its folder readable).
        let seen: std::collections::HashSet<String> = found
            .candidates
            .iter()
            .map(|c| &c.path)
            .chain(found.errors.iter().map(|(path, _)| path))
            .map(|path| self.workspace.relative(path))
            .collect();
        for hold in store.holds()? {
            if !seen.contains(&hold.original_path) {
                store.release(&hold.original_path)?;
            }
        }
        summary.absorb(self.note_unlisted(store, &found.errors)?);
        let settle = Duration::from_millis(self.workspace.settings.watch.settle_ms);
        let (ready, writing) = readiness::sort_written(found.candidates, settle);
        for path in &writing {
            tracing::info!(path = %path.display(), "still being written: left for the next pass");
        }
        summary.ignored += writing.len();
        summary.absorb(self.file_candidates(store, ready)?);
        if summary.claims_changed {
            summary.absorb(self.retry(store, &[])?);
        }
        self.refresh(store)?;
        Ok(summary)
    }

    /// Files the given candidates (already known to be completely written). A held file is
    /// left alone while it is unchanged and its next try is not due (see `held`).
    pub fn file_candidates(
        &mut self,
        store: &mut Store,
        candidates: Vec<Candidate>,
    ) -> Result<Summary, PipelineError> {
        let mut summary = Summary::default();
        self.holds = Holds::load(store)?;
        self.reheld.clear();
        let mut tried_held = Vec::new();
        let candidates = if self.holds.is_empty() {
            candidates
        } else {
            let now = crate::clock::now().map_err(PipelineError::Clock)?;
            let mut kept = Vec::with_capacity(candidates.len());
            for candidate in candidates {
                let original_path = self.workspace.relative(&candidate.path);
                if self.holds.skips(&original_path, &candidate.path, now) {
                    tracing::debug!(path = %original_path, "held in the inbox: left alone until it changes or its next try is due");
                    summary.ignored += 1;
                    continue;
                }
                if self.holds.get(&original_path).is_some() {
                    tried_held.push(original_path);
                }
                kept.push(candidate);
            }
            kept
        };
        let (registers, documents): (Vec<Candidate>, Vec<Candidate>) = candidates
            .into_iter()
            .partition(|c| c.kind == Kind::Register);
        // Registers first: the claims they create are what the documents match.
        for candidate in registers {
            let end = self.import_register(store, &candidate)?;
            // An imported register may create or reopen claims that parked files wait for.
            summary.claims_changed |= end == End::Attached;
            summary.count(&end);
        }
        let subjects = documents
            .into_iter()
            .map(|candidate| self.subject_of(candidate))
            .collect();
        summary.absorb(self.file_subjects(store, subjects)?);
        // Tried and not held again: filed, quarantined, or failing for another reason now.
        for original_path in tried_held {
            if !self.reheld.contains(&original_path) {
                store.release(&original_path)?;
            }
        }
        Ok(summary)
    }

    /// Puts parked files (all, or those whose quarantine or original path is named) back
    /// through the pipeline.
    pub fn retry(&mut self, store: &mut Store, only: &[PathBuf]) -> Result<Summary, PipelineError> {
        self.repair(store)?;
        let wanted: Vec<String> = only
            .iter()
            .map(|p| {
                let absolute = if p.is_absolute() {
                    p.clone()
                } else {
                    std::env::current_dir()
                        .map(|d| d.join(p))
                        .unwrap_or_else(|_| p.clone())
                };
                self.workspace.relative(&absolute)
            })
            .collect();
        let mut subjects = Vec::new();
        for parked in store.open_exceptions(true)? {
            if !wanted.is_empty()
                && !wanted
                    .iter()
                    .any(|w| *w == parked.quarantine_path || *w == parked.original_path)
            {
                continue;
            }
            let kind = parked.kind;
            let source = self.workspace.root.join(&parked.quarantine_path);
            let original = self.workspace.root.join(&parked.original_path);
            let kind_root = self
                .workspace
                .drop_folders()
                .into_iter()
                .find(|(_, k)| *k == kind)
                .map(|(root, _)| root)
                .unwrap_or_else(|| self.workspace.inbox());
            let as_dropped = Candidate {
                path: original,
                kind,
                kind_root,
                special: None,
            };
            subjects.push(Subject {
                source,
                original_path: parked.original_path.clone(),
                kind,
                folders: as_dropped.folders(),
                file_name: as_dropped.file_name(),
                special: None,
                drop_root: None,
                oversized: false,
                parked: Some(parked),
            });
        }
        self.file_subjects(store, subjects)
    }

    /// Rechecks every claim (findings, deadline warnings), then rewrites the reports.
    pub fn refresh(&self, store: &mut Store) -> Result<(), PipelineError> {
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        store.settle_exceptions(&self.workspace.root, now)?;
        self.check_claims(store)?;
        self.write_reports(store)
    }

    /// Recomputes every claim's findings from the store's facts and today's date.
    pub fn check_claims(&self, store: &mut Store) -> Result<usize, PipelineError> {
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        let rules = validate::Rules {
            deadline_days: self.workspace.settings.rules.deadline_days,
            deadline_warning_days: self.workspace.settings.rules.deadline_warning_days,
        };
        let claims = store.all_claims()?;
        let facts = store.document_facts()?;
        let invoices = validate::invoice_index(&facts);
        let mut by_claim: BTreeMap<&str, Vec<crate::domain::DocumentFacts>> = BTreeMap::new();
        for fact in &facts {
            by_claim
                .entry(fact.claim_id.as_str())
                .or_default()
                .push(fact.clone());
        }
        let findings: BTreeMap<String, Vec<crate::domain::Finding>> = claims
            .iter()
            .map(|claim| {
                let documents = by_claim
                    .get(claim.claim_id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let found =
                    validate::findings(claim, documents, &invoices, now.date_naive(), rules);
                (claim.claim_id.clone(), found)
            })
            .collect();
        Ok(store.replace_findings(&findings, &actor::current_user(), now)?)
    }

    /// Rewrites the reports from the store.
    pub fn write_reports(&self, store: &Store) -> Result<(), PipelineError> {
        let settings = &self.workspace.settings;
        let style = Style {
            delimiter: settings.delimiter().unwrap_or(b','),
            bom: settings.reports.bom,
            deadline_days: settings.rules.deadline_days,
        };
        reports::write_all(store, &self.workspace.reports(), style)?;
        Ok(())
    }

    fn subject_of(&self, candidate: Candidate) -> Subject {
        Subject {
            original_path: self.workspace.relative(&candidate.path),
            folders: candidate.folders(),
            file_name: candidate.file_name(),
            kind: candidate.kind,
            special: candidate.special,
            drop_root: Some(candidate.kind_root),
            oversized: false,
            source: candidate.path,
            parked: None,
        }
    }

    fn file_subjects(
        &mut self,
        store: &mut Store,
        subjects: Vec<Subject>,
    ) -> Result<Summary, PipelineError> {
        let mut summary = Summary::default();
        if subjects.is_empty() {
            return Ok(summary);
        }
        let total = subjects.len();
        let (claims, references) = store.claim_index()?;
        let known = KnownClaims::new(self.workspace.settings.claim_id_regex(), claims, references);
        let settings = &self.workspace.settings;
        let limits = Limits {
            max_uncompressed_bytes: settings.limits.max_uncompressed_bytes,
        };
        let worker_limits = WorkerLimits::for_documents(
            settings.limits.max_uncompressed_bytes,
            settings.limits.document_timeout_secs,
        );
        let max_file_bytes = settings.limits.max_file_bytes;
        let own_names = Arc::new(settings.organisation.names.clone());
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .min(total);

        let queue = Arc::new(Mutex::new(subjects.into_iter().enumerate()));
        let (results, arrivals) = mpsc::channel::<(usize, Examined)>();
        // How far the readers may run ahead of the commits: what is read but not committed is
        // held in memory, so this bounds memory however many files wait.
        let committed = Arc::new(AtomicUsize::new(0));
        let _release = Release(Arc::clone(&committed));
        for _ in 0..threads {
            let queue = Arc::clone(&queue);
            let results = results.clone();
            let committed = Arc::clone(&committed);
            let pool = Arc::clone(&self.pool);
            let stop = Arc::clone(&self.stop);
            let executable = self.executable.clone();
            let own_names = Arc::clone(&own_names);
            // Not scoped: on shutdown nobody waits for a thread stuck in a slow document. Its
            // worker process sees its stdin close when claimdrop exits, and ends.
            std::thread::spawn(move || {
                let mut worker = pool
                    .lock()
                    .ok()
                    .and_then(|mut idle| idle.pop())
                    .unwrap_or_else(|| Worker::new(&executable, worker_limits));
                while !stop.load(Ordering::Relaxed) {
                    let next = queue.lock().ok().and_then(|mut q| q.next());
                    let Some((index, subject)) = next else { break };
                    while index >= committed.load(Ordering::Acquire).saturating_add(LOOK_AHEAD)
                        && !stop.load(Ordering::Relaxed)
                    {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    let examined =
                        examine(subject, &mut worker, limits, max_file_bytes, &own_names);
                    if results.send((index, examined)).is_err() {
                        break;
                    }
                }
                if let Ok(mut idle) = pool.lock() {
                    idle.push(worker);
                }
            });
        }
        drop(results);
        // Commit in the order the files were found, whatever order the readers finish in, so
        // that of two identical copies the first found is the one attached.
        let mut waiting: BTreeMap<usize, Examined> = BTreeMap::new();
        let mut done = 0;
        // Attachments are committed in batches: whatever has arrived when the readers pause,
        // at most BATCH at a time, shares one transaction and one fsync per folder.
        let mut batch = Batch::default();
        'arrivals: loop {
            let (index, examined) = match arrivals.try_recv() {
                Ok(arrival) => arrival,
                Err(mpsc::TryRecvError::Empty) => {
                    batch.complete(store, &mut summary)?;
                    match arrivals.recv() {
                        Ok(arrival) => arrival,
                        Err(_) => break,
                    }
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            };
            waiting.insert(index, examined);
            while let Some(examined) = waiting.remove(&done) {
                if let Some(end) = self.commit(store, &known, &mut batch, &mut summary, examined)? {
                    summary.count(&end);
                }
                if batch.len() >= BATCH {
                    batch.complete(store, &mut summary)?;
                }
                done += 1;
                committed.store(done, Ordering::Release);
                if let Some(progress) = self.progress.as_mut() {
                    progress(done, total);
                }
                if self.stop.load(Ordering::Relaxed) {
                    break 'arrivals;
                }
            }
        }
        batch.complete(store, &mut summary)?;
        for (subject, error) in batch.take_unremovable() {
            self.hold_subject(store, &subject, Cause::Unremovable, &error)?;
        }
        Ok(summary)
    }

    /// Decides where one examined file ends: an attachment joins the batch, anything else is
    /// filed at once.
    fn commit(
        &mut self,
        store: &mut Store,
        known: &KnownClaims,
        batch: &mut Batch,
        summary: &mut Summary,
        examined: Examined,
    ) -> Result<Option<End>, PipelineError> {
        let Examined {
            subject,
            identity,
            result,
            trouble,
            vanished,
        } = examined;
        if vanished {
            return Ok(Some(End::Vanished));
        }
        match trouble {
            Some(Trouble::File(error)) if subject.parked.is_none() => {
                let end = self.hold_subject(store, &subject, Cause::Unreadable, &error)?;
                return Ok(Some(end));
            }
            Some(Trouble::File(error) | Trouble::Reader(error)) => {
                tracing::warn!(path = %subject.source.display(), %error, "cannot read: left for the next pass");
                return Ok(Some(End::Failed));
            }
            None => {}
        }
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        let actor = owner_of(&subject.source);
        let sha = identity
            .as_ref()
            .map(|i| i.sha256.clone())
            .unwrap_or_else(|| subject.unread_name());

        // A run cut short after its commit: finish the moves, record nothing twice.
        if subject.parked.is_none()
            && batch.attached(&sha).is_none()
            && let Some(end) = self.resume(store, &subject, &sha)?
        {
            return Ok(Some(end));
        }

        let decision = match result {
            // Unread, but its folder or name may still say whose it is (for exceptions.csv).
            Err(rejection) => Err(Verdict {
                rejection,
                claim: matcher::match_claim(
                    Evidence {
                        folders: &subject.folders,
                        file_name: &subject.file_name,
                        content: &[],
                    },
                    known,
                )
                .ok()
                .map(|m| m.claim_id),
            }),
            Ok(extracted) => self.decide(store, known, batch, &subject, &sha, extracted),
        };
        let prepared = match decision {
            Ok((claim_id, rule, extracted)) => {
                let identity = identity.unwrap_or(Identified {
                    sha256: sha.clone(),
                    bytes: 0,
                    sniffed: identify::Sniffed::Unknown,
                });
                self.prepare_attach(
                    store, batch, subject, &identity, &claim_id, rule, &extracted, &actor, now,
                )?
            }
            // A parked file still parked is updated in place, and a link is moved, not
            // copied: both at once, after what was decided before them.
            Err(Verdict { rejection, claim })
                if subject.parked.is_some() || subject.moved_as_is() =>
            {
                batch.complete(store, summary)?;
                return match self.park(store, &subject, &sha, rejection, claim, &actor, now) {
                    Ok(end) => Ok(Some(end)),
                    Err(Failure::Io(path, error)) => {
                        tracing::warn!(path = %path.display(), %error, "cannot file: left for the next pass");
                        Ok(Some(End::Failed))
                    }
                    Err(Failure::Store(error)) => Err(error.into()),
                };
            }
            Err(Verdict { rejection, claim }) => {
                self.prepare_quarantine(batch, subject, &sha, rejection, claim, &actor, now)
            }
        };
        if batch.collides(&prepared) {
            batch.complete(store, summary)?;
        }
        batch.push(prepared);
        Ok(None)
    }

    /// Matches an extracted document and checks its claim takes documents.
    fn decide(
        &self,
        store: &Store,
        known: &KnownClaims,
        batch: &Batch,
        subject: &Subject,
        sha: &str,
        extracted: Extracted,
    ) -> Result<(String, MatchRule, Extracted), Verdict> {
        if let Some((claim, archive_path)) = batch.attached(sha) {
            return Err(Verdict {
                rejection: Rejection::new(
                    Outcome::Duplicate,
                    format!("the same bytes are already attached to {claim} as {archive_path}"),
                ),
                claim: Some(claim.clone()),
            });
        }
        if let Some(original) = store.attached(sha).map_err(|e| Verdict {
            rejection: Rejection::new(Outcome::Unreadable, format!("store: {e}")),
            claim: None,
        })? {
            return Err(Verdict {
                rejection: Rejection::new(
                    Outcome::Duplicate,
                    format!(
                        "the same bytes are already attached to {} as {}",
                        original.claim_id, original.archive_path
                    ),
                ),
                claim: Some(original.claim_id),
            });
        }
        let evidence = Evidence {
            folders: &subject.folders,
            file_name: &subject.file_name,
            content: &extracted.content,
        };
        let matched = matcher::match_claim(evidence, known).map_err(|rejection| Verdict {
            rejection,
            claim: None,
        })?;
        match known.status(&matched.claim_id) {
            Some(status) if !status.accepts_documents() => Err(Verdict {
                rejection: Rejection::new(
                    Outcome::ClaimLocked,
                    format!(
                        "claim {} is {status}: documents are attached only while it is editing or info_requested; parked until it is reopened",
                        matched.claim_id
                    ),
                ),
                claim: Some(matched.claim_id),
            }),
            _ => Ok((matched.claim_id, matched.rule, extracted)),
        }
    }

    /// An attachment, decided: where its copy goes and its document row, filed later with
    /// the rest of its batch.
    #[allow(clippy::too_many_arguments)]
    fn prepare_attach(
        &self,
        store: &Store,
        batch: &Batch,
        subject: Subject,
        identity: &Identified,
        claim_id: &str,
        rule: MatchRule,
        extracted: &Extracted,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Prepared, StoreError> {
        let dir = self
            .workspace
            .archive()
            .join(archive::safe_component(claim_id))
            .join(subject.kind.as_str());
        let name = archive::safe_component(&subject.file_name);
        // Two files of one batch may want the same name before either is in place.
        let destination =
            archive::free_name_avoiding(&dir, &name, &identity.sha256, batch.reserved());
        let note = self.note_for(&subject);
        let usage_end = store.claim(claim_id)?.map(|c| c.usage_end);
        let fields = extracted.fields_for(subject.kind);
        let document_date = fields.document_date.clone();
        let document = NewDocument {
            sha256: identity.sha256.clone(),
            claim_id: claim_id.to_string(),
            kind: subject.kind,
            original_name: subject.file_name.clone(),
            original_path: subject.original_path.clone(),
            bytes: identity.bytes,
            format: extracted.format.as_str().to_string(),
            pages: extracted.pages,
            invoice_number: fields.invoice_number,
            document_date: fields.document_date,
            amount: fields.amount,
            currency: fields.currency,
            vendor: fields.vendor,
            matched_by: rule,
            received_at: now,
            actor: actor.to_string(),
            archive_path: self.workspace.relative(&destination),
            note: note.as_ref().map(|(_, text)| text.clone()),
            retain_until: retain_until(
                document_date.as_deref(),
                usage_end,
                self.workspace.settings.rules.retention_months,
            ),
            metadata: serde_json::Value::Object(extracted.metadata.clone()).to_string(),
            fields_source: extracted.fields_source().to_string(),
            einvoice: extracted.einvoice_syntax().to_string(),
            einvoice_mismatch: extracted.einvoice.as_ref().and_then(|e| e.mismatch.clone()),
        };
        Ok(Prepared {
            staged: archive::staging_path(&dir, &identity.sha256),
            subject,
            record: Record::Attach(document),
            destination,
            note,
        })
    }

    /// A file for quarantine, decided: filed later with the rest of its batch.
    #[allow(clippy::too_many_arguments)]
    fn prepare_quarantine(
        &self,
        batch: &Batch,
        subject: Subject,
        sha: &str,
        rejection: Rejection,
        claim: Option<String>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Prepared {
        let dir = self.workspace.quarantine().join(rejection.outcome.as_str());
        let destination = archive::free_name_avoiding(
            &dir,
            &archive::safe_component(&subject.file_name),
            sha,
            batch.reserved(),
        );
        let note = self.note_for(&subject);
        let exception = NewException {
            sha256: sha.to_string(),
            original_path: subject.original_path.clone(),
            kind: subject.kind,
            outcome: rejection.outcome,
            reason: rejection.reason.clone(),
            quarantine_path: self.workspace.relative(&destination),
            claim_id: claim.clone(),
            actor: actor.to_string(),
            at: now,
            note: note.as_ref().map(|(_, text)| text.clone()),
        };
        Prepared {
            staged: archive::staging_path(&dir, sha),
            record: Record::Quarantine {
                history: claim_history(&subject, &rejection, claim.as_deref()),
                reason: reason_text(&subject, &rejection),
                exception,
            },
            subject,
            destination,
            note,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn park(
        &self,
        store: &mut Store,
        subject: &Subject,
        sha: &str,
        rejection: Rejection,
        claim: Option<String>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<End, Failure> {
        let outcome = rejection.outcome;
        let history = claim_history(subject, &rejection, claim.as_deref());

        if let Some(parked) = &subject.parked
            && parked.outcome == outcome
        {
            // Still parked for the same cause: it stays where it is.
            store
                .repark(
                    parked.exception_id,
                    outcome,
                    &rejection.reason,
                    claim.as_deref(),
                )
                .map_err(Failure::Store)?;
            return Ok(End::Stayed);
        }

        let dir = self.workspace.quarantine().join(outcome.as_str());
        let destination =
            archive::free_name(&dir, &archive::safe_component(&subject.file_name), sha);
        let note = self.note_for(subject);
        let staged = if subject.moved_as_is() {
            None
        } else {
            Some(
                archive::stage(&subject.source, subject.beneath(), &dir, sha)
                    .map_err(|e| Failure::Io(dir.clone(), e))?,
            )
        };
        let quarantine_path = self.workspace.relative(&destination);
        let recorded = match &subject.parked {
            Some(parked) => store.requarantine(
                parked.exception_id,
                outcome,
                &rejection.reason,
                &quarantine_path,
                claim
                    .as_deref()
                    .zip(history.clone())
                    .map(|(c, (action, details))| (c, action, details, actor)),
                now,
            ),
            None => store
                .quarantine(
                    &NewException {
                        sha256: sha.to_string(),
                        original_path: subject.original_path.clone(),
                        kind: subject.kind,
                        outcome,
                        reason: rejection.reason.clone(),
                        quarantine_path: quarantine_path.clone(),
                        claim_id: claim.clone(),
                        actor: actor.to_string(),
                        at: now,
                        note: note.as_ref().map(|(_, text)| text.clone()),
                    },
                    history,
                )
                .map(|_| ()),
        };
        if let Err(e) = recorded {
            if let Some(staged) = &staged {
                let _ = std::fs::remove_file(staged);
            }
            return Err(Failure::Store(e));
        }
        match &staged {
            Some(staged) => archive::finish(staged, &destination, false),
            // A link (or pipe) is moved as it is: copying would open it, and read whatever a
            // link points at.
            None => std::fs::create_dir_all(&dir)
                .and_then(|_| move_as_is(&subject.source, subject.beneath(), &destination)),
        }
        .map_err(|e| Failure::Io(destination.clone(), e))?;
        self.write_reason(&destination, subject, &rejection)?;
        self.move_note(subject, note.as_ref(), &destination)?;
        self.remove_originals(subject)?;
        tracing::info!(path = %subject.original_path, outcome = %outcome, reason = %rejection.reason, "quarantined");
        Ok(End::Quarantined(outcome))
    }

    /// Finishes the moves of a file whose commit a crash interrupted. None: not such a file.
    fn resume(
        &mut self,
        store: &mut Store,
        subject: &Subject,
        sha: &str,
    ) -> Result<Option<End>, PipelineError> {
        let as_is = subject.moved_as_is();
        let finish = |destination: &Path, read_only: bool| -> std::io::Result<()> {
            if destination.symlink_metadata().is_err() {
                let dir = destination.parent().unwrap_or(Path::new("."));
                if as_is {
                    // Staging would open it, and read what a link points at.
                    std::fs::create_dir_all(dir)?;
                    return move_as_is(&subject.source, subject.beneath(), destination);
                }
                let staged = archive::staging_path(dir, sha);
                let staged = if staged.exists() {
                    staged
                } else {
                    archive::stage(&subject.source, subject.beneath(), dir, sha)?
                };
                archive::finish(&staged, destination, read_only)?;
            } else if as_is || !archive::holds(destination, sha)? {
                // Something else holds that name: the source is not removed on its account.
                return Err(std::io::Error::other(format!(
                    "{} holds another file",
                    destination.display()
                )));
            }
            Ok(())
        };
        if let Some(attached) = store.attached(sha)?
            && attached.original_path == subject.original_path
        {
            let destination = self.workspace.root.join(&attached.archive_path);
            let placed = finish(&destination, true)
                .and_then(|_| self.move_note_io(subject.beneath(), &subject.source, &destination));
            let end = match placed {
                Ok(()) => {
                    self.finish_removal(store, subject, &attached.archive_path, End::Attached)?
                }
                Err(e) => self.unfinished(store, subject, &attached.archive_path, &e)?,
            };
            return Ok(Some(end));
        }
        if let Some(open) = store.open_exception(sha, &subject.original_path)? {
            let destination = self.workspace.root.join(&open.quarantine_path);
            let outcome = open.outcome;
            let reason = Rejection::new(outcome, open.reason.clone());
            let placed = finish(&destination, false)
                .and_then(|_| {
                    archive::write_text(&reason_path(&destination), &reason_text(subject, &reason))
                })
                .and_then(|_| self.move_note_io(subject.beneath(), &subject.source, &destination));
            let end = match placed {
                Ok(()) => self.finish_removal(
                    store,
                    subject,
                    &open.quarantine_path,
                    End::Quarantined(outcome),
                )?,
                Err(e) => self.unfinished(store, subject, &open.quarantine_path, &e)?,
            };
            return Ok(Some(end));
        }
        Ok(None)
    }

    /// A filed file whose moves cannot be finished now. A link or pipe that claimdrop may not
    /// move out of the inbox is held like a file it may not remove; anything else (a full
    /// disk) is tried again on the next pass.
    fn unfinished(
        &mut self,
        store: &mut Store,
        subject: &Subject,
        filed_as: &str,
        error: &std::io::Error,
    ) -> Result<End, PipelineError> {
        let refused = matches!(
            error.kind(),
            std::io::ErrorKind::PermissionDenied
                | std::io::ErrorKind::ReadOnlyFilesystem
                | std::io::ErrorKind::CrossesDevices
        );
        if subject.moved_as_is() && refused && subject.parked.is_none() {
            let error = format!("{error}; recorded as {filed_as}");
            return self.hold_subject(store, subject, Cause::Unremovable, &error);
        }
        tracing::warn!(path = %subject.original_path, filed_as, %error, "filed, but its moves cannot be finished now: left for the next pass");
        Ok(End::Failed)
    }

    /// The last step of a file already filed (its copy in place): its removal from the inbox.
    /// A source claimdrop may not remove (a read-only share, an immutable file) stays where it
    /// is, filed once, and is held: later passes leave it alone unless it changes, and count
    /// it ignored, never failed, so a cron job's exit code does not report it forever.
    fn finish_removal(
        &mut self,
        store: &mut Store,
        subject: &Subject,
        filed_as: &str,
        done: End,
    ) -> Result<End, PipelineError> {
        match archive::remove_source(subject.beneath(), &subject.source) {
            Ok(()) => {
                tracing::info!(path = %subject.original_path, filed_as, "finished a file an earlier pass had filed");
                Ok(done)
            }
            Err(error) if subject.parked.is_none() => {
                let error = format!("{error}; filed as {filed_as}");
                self.hold_subject(store, subject, Cause::Unremovable, &error)
            }
            Err(error) => {
                tracing::warn!(path = %subject.original_path, filed_as, %error, "already filed, but claimdrop may not remove it: remove it by hand");
                Ok(End::Stayed)
            }
        }
    }

    /// Imports a register dropped in the inbox, as its owner.
    fn import_register(
        &mut self,
        store: &mut Store,
        candidate: &Candidate,
    ) -> Result<End, PipelineError> {
        let mut subject = self.subject_of(candidate.clone());
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        let owner = owner_of(&candidate.path);
        let identity = if let Some(special) = candidate.special {
            Err(Rejection::new(Outcome::Unsupported, special.reason()))
        } else {
            let max_file_bytes = self.workspace.settings.limits.max_file_bytes;
            match crate::plain_file::open_beneath(subject.beneath(), &subject.source)
                .and_then(|file| identify::identify_file(file, max_file_bytes))
            {
                Ok(identity) => identity,
                Err(e) if subject.is_gone(&e) => return Ok(End::Vanished),
                Err(e) => {
                    return self.hold_subject(store, &subject, Cause::Unreadable, &e.to_string());
                }
            }
        };
        let sha = match &identity {
            Ok(identity) => identity.sha256.clone(),
            Err(rejection) if rejection.outcome == Outcome::Empty => {
                identify::EMPTY_SHA256.to_string()
            }
            Err(_) => {
                subject.oversized = subject.special.is_none();
                subject.unread_name()
            }
        };
        if let Some(end) = self.resume(store, &subject, &sha)? {
            return Ok(end);
        }
        let verdict = identity.and_then(|identity| {
            if !self.workspace.role_of(&owner).is_admin() {
                return Err(Rejection::new(
                    Outcome::Forbidden,
                    format!(
                        "the register's owner, {owner}, holds no admin role: only an incentives_admin or global_admin may change claims"
                    ),
                ));
            }
            let rows = self.read_register(&subject, identity.sniffed)?;
            Ok((identity, rows))
        });
        let end = match verdict {
            Ok((identity, rows)) => {
                match store.import_register(&rows, &subject.file_name, &owner, now) {
                    Ok(imported) => {
                        tracing::info!(path = %subject.original_path, created = imported.created, updated = imported.updated, "register imported");
                        self.archive_register(store, &subject, &identity)
                    }
                    Err(StoreError::RegisterRow {
                        row,
                        claim,
                        message,
                    }) => self.park(
                        store,
                        &subject,
                        &sha,
                        Rejection::new(
                            Outcome::Unreadable,
                            format!("register refused: row {row} ({claim}): {message}"),
                        ),
                        None,
                        &owner,
                        now,
                    ),
                    Err(e) => return Err(e.into()),
                }
            }
            Err(rejection) => self.park(store, &subject, &sha, rejection, None, &owner, now),
        };
        match end {
            Ok(end) => Ok(end),
            Err(Failure::Io(path, error)) => {
                tracing::warn!(path = %path.display(), %error, "cannot file the register");
                Ok(End::Failed)
            }
            Err(Failure::Store(e)) => Err(e.into()),
        }
    }

    /// Reads a register in a worker process, under the same limits as any document: a
    /// register bomb costs a reader, never the daemon.
    fn read_register(
        &self,
        subject: &Subject,
        sniffed: identify::Sniffed,
    ) -> Result<Vec<crate::domain::RegisterRow>, Rejection> {
        let settings = &self.workspace.settings;
        let mut worker = self
            .pool
            .lock()
            .ok()
            .and_then(|mut idle| idle.pop())
            .unwrap_or_else(|| {
                Worker::new(
                    &self.executable,
                    WorkerLimits::for_documents(
                        settings.limits.max_uncompressed_bytes,
                        settings.limits.document_timeout_secs,
                    ),
                )
            });
        let reply = worker.examine(&Request {
            path: subject.source.clone(),
            sniffed,
            limits: Limits {
                max_uncompressed_bytes: settings.limits.max_uncompressed_bytes,
            },
            register: Some(settings.matching.claim_id_pattern.clone()),
            beneath: subject.drop_root.clone(),
            own_names: Vec::new(),
        });
        if let Ok(mut idle) = self.pool.lock() {
            idle.push(worker);
        }
        reply
            .map_err(|e| {
                Rejection::new(
                    Outcome::Unreadable,
                    format!("cannot start a reader for it: {e}"),
                )
            })?
            .into_register()
    }

    /// Keeps an imported register in `archive/registers/`.
    fn archive_register(
        &self,
        _store: &mut Store,
        subject: &Subject,
        identity: &Identified,
    ) -> Result<End, Failure> {
        let dir = self.workspace.archive().join("registers");
        let staged = archive::stage(&subject.source, subject.beneath(), &dir, &identity.sha256)
            .map_err(|e| Failure::Io(dir.clone(), e))?;
        let destination = archive::free_name(
            &dir,
            &archive::safe_component(&subject.file_name),
            &identity.sha256,
        );
        archive::finish(&staged, &destination, true)
            .map_err(|e| Failure::Io(destination.clone(), e))?;
        self.remove_originals(subject)?;
        Ok(End::Attached)
    }

    fn note_for(&self, subject: &Subject) -> Option<(PathBuf, String)> {
        let note = scan::note_of(&subject.source)?;
        let text = read_note(subject.beneath(), &note)?;
        Some((note, text))
    }

    fn move_note(
        &self,
        subject: &Subject,
        note: Option<&(PathBuf, String)>,
        destination: &Path,
    ) -> Result<(), Failure> {
        if let Some((path, _)) = note {
            let target = note_path(destination);
            archive::place_copy(path, subject.beneath(), &target)
                .map_err(|e| Failure::Io(target.clone(), e))?;
            archive::remove_source(subject.beneath(), path)
                .map_err(|e| Failure::Io(path.clone(), e))?;
        }
        Ok(())
    }

    fn move_note_io(
        &self,
        beneath: Option<&Path>,
        source: &Path,
        destination: &Path,
    ) -> std::io::Result<()> {
        if let Some(note) = scan::note_of(source) {
            archive::place_copy(&note, beneath, &note_path(destination))?;
            archive::remove_source(beneath, &note)?;
        }
        Ok(())
    }

    fn write_reason(
        &self,
        destination: &Path,
        subject: &Subject,
        rejection: &Rejection,
    ) -> Result<(), Failure> {
        let path = reason_path(destination);
        archive::write_text(&path, &reason_text(subject, rejection))
            .map_err(|e| Failure::Io(path.clone(), e))?;
        if let Some(parked) = &subject.parked {
            // The old reason file goes with the old quarantine copy.
            let old = self.workspace.root.join(&parked.quarantine_path);
            let _ = archive::remove_source(None, &reason_path(&old));
        }
        Ok(())
    }

    fn remove_originals(&self, subject: &Subject) -> Result<(), Failure> {
        archive::remove_source(subject.beneath(), &subject.source)
            .map_err(|e| Failure::Io(subject.source.clone(), e))?;
        if subject.parked.is_some() {
            let _ = archive::remove_source(None, &reason_path(&subject.source));
        }
        Ok(())
    }
}

/// The entry a quarantined file adds to its claim's history, if it names one.
fn claim_history(
    subject: &Subject,
    rejection: &Rejection,
    claim: Option<&str>,
) -> Option<(Action, String)> {
    claim?;
    match rejection.outcome {
        Outcome::Duplicate => Some((
            Action::DocumentDuplicate,
            format!(
                "{} received again: {}",
                subject.original_path, rejection.reason
            ),
        )),
        Outcome::ClaimLocked => Some((
            Action::DocumentParked,
            format!("{} parked: {}", subject.original_path, rejection.reason),
        )),
        _ => None,
    }
}

/// Files read ahead of the last commit, at most.
const LOOK_AHEAD: usize = 256;

/// Lets the readers go, whatever way the commit loop ends (done, stopped, failed).
struct Release(Arc<AtomicUsize>);

impl Drop for Release {
    fn drop(&mut self) {
        self.0.store(usize::MAX / 2, Ordering::Release);
    }
}

/// Why a file is not attached, and the claim it concerns, if any.
struct Verdict {
    rejection: Rejection,
    claim: Option<String>,
}

enum Failure {
    Io(PathBuf, std::io::Error),
    Store(StoreError),
}

/// Runs in an examining thread: identity, then extraction in the worker.
fn examine(
    subject: Subject,
    worker: &mut Worker,
    limits: Limits,
    max_file_bytes: u64,
    own_names: &[String],
) -> Examined {
    if let Some(special) = subject.special {
        return Examined {
            subject,
            identity: None,
            result: Err(Rejection::new(Outcome::Unsupported, special.reason())),
            trouble: None,
            vanished: false,
        };
    }
    let opened = crate::plain_file::open_beneath(subject.beneath(), &subject.source);
    let identity = match opened.and_then(|file| identify::identify_file(file, max_file_bytes)) {
        Ok(Ok(identity)) => identity,
        Ok(Err(rejection)) => {
            // Refused before hashing: empty (named by the hash of no bytes), or too large
            // (not read at all, named by its inode; see `Subject::oversized`).
            let identity = (rejection.outcome == Outcome::Empty).then(|| Identified {
                sha256: identify::EMPTY_SHA256.to_string(),
                bytes: 0,
                sniffed: identify::Sniffed::Unknown,
            });
            let subject = Subject {
                oversized: identity.is_none(),
                ..subject
            };
            return Examined {
                subject,
                identity,
                result: Err(rejection),
                trouble: None,
                vanished: false,
            };
        }
        Err(e) => {
            let vanished = subject.is_gone(&e);
            return Examined {
                subject,
                identity: None,
                result: Err(Rejection::new(Outcome::Unreadable, e.to_string())),
                trouble: Some(Trouble::File(e.to_string())),
                vanished,
            };
        }
    };
    let request = Request {
        path: subject.source.clone(),
        sniffed: identity.sniffed,
        limits,
        register: None,
        beneath: subject.drop_root.clone(),
        own_names: own_names.to_vec(),
    };
    let (result, trouble) = match worker.examine(&request) {
        Ok(reply) => (reply.into_document(), None),
        Err(e) => (
            Err(Rejection::new(Outcome::Unreadable, e.to_string())),
            Some(Trouble::Reader(format!(
                "cannot start a document reader: {e}"
            ))),
        ),
    };
    Examined {
        subject,
        identity: Some(identity),
        result,
        trouble,
        vanished: false,
    }
}

/// The user who owns a file, for history's "who".
fn owner_of(path: &Path) -> String {
    path.symlink_metadata()
        .map(|m| actor::user_name(m.uid()))
        .unwrap_or_else(|_| actor::current_user())
}

/// Moves a file that is not opened (a link, a pipe, a file over the size limit) to
/// `destination`. Across file systems a link or a pipe is made again there (a link pointing
/// where it pointed), then the original removed; anything else stays (`CrossesDevices`).
fn move_as_is(source: &Path, beneath: Option<&Path>, destination: &Path) -> std::io::Result<()> {
    match crate::plain_file::rename_beneath(beneath, source, destination) {
        Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => {
            use std::os::unix::fs::FileTypeExt;
            let file_type = source.symlink_metadata()?.file_type();
            if file_type.is_symlink() {
                std::os::unix::fs::symlink(std::fs::read_link(source)?, destination)?;
            } else if file_type.is_fifo() {
                let name = std::ffi::CString::new(destination.as_os_str().as_encoded_bytes())
                    .map_err(std::io::Error::other)?;
                // SAFETY: a valid NUL-terminated path; mkfifo only creates a name.
                if unsafe { libc::mkfifo(name.as_ptr(), 0o600) } != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            } else {
                return Err(e);
            }
            archive::remove_source(beneath, source)
        }
        other => other,
    }
}

fn read_note(beneath: Option<&Path>, path: &Path) -> Option<String> {
    use std::io::Read;
    let mut text = Vec::new();
    crate::plain_file::open_beneath(beneath, path)
        .ok()?
        .take(MAX_NOTE_BYTES)
        .read_to_end(&mut text)
        .ok()?;
    Some(crate::text::decode(&text).trim().to_string())
}

fn note_path(destination: &Path) -> PathBuf {
    let mut name = destination.file_name().unwrap_or_default().to_os_string();
    name.push(scan::NOTE_SUFFIX);
    destination.with_file_name(name)
}

fn reason_path(destination: &Path) -> PathBuf {
    let mut name = destination.file_name().unwrap_or_default().to_os_string();
    name.push(crate::domain::REASON_SUFFIX);
    destination.with_file_name(name)
}

fn reason_text(subject: &Subject, rejection: &Rejection) -> String {
    format!(
        "outcome: {}\nreason: {}\ndropped at: {}\nkind: {}\n",
        rejection.outcome, rejection.reason, subject.original_path, subject.kind
    )
}

/// Originals are kept at least `months` after the activity: the document's date, else the
/// claim's usage end.
fn retain_until(document_date: Option<&str>, usage_end: Option<NaiveDate>, months: u32) -> String {
    let activity = document_date
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or(usage_end);
    activity
        .and_then(|d| d.checked_add_months(Months::new(months)))
        .map(|d| d.to_string())
        .unwrap_or_default()
}
