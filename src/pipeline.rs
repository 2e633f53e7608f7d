//! The pipeline: candidates from the sources, through the stages, into the sinks. It wires;
//! the decision is `stage::decide`'s and the commit is `sink::commit`'s.
//!
//! Examining a file (hashing it, then extracting it in a worker process) is done in parallel,
//! one thread per worker. Deciding is done by this thread alone, in the order the files were
//! found, because the store has one writer and because two copies of the same bytes must be
//! decided one after the other (one attached, one `duplicate`). Each decision goes to the
//! commit, which files it in the crash-safe order, in batches. A file that must stay in the
//! inbox for now (claimdrop may not read it, or not remove it) is held (`held`): said once,
//! then left alone until it changes or its next try is due.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::actor;
use crate::domain::{Kind, Outcome, Rejection};
use crate::sink::commit::{End, Ending, Filer, FilingError, NoteEnd, Subject};
use crate::sink::reports::{self, ReportError, Style};
use crate::sink::store::{Cause, Store, StoreError};
use crate::source::readiness;
use crate::source::scan::{self, Candidate, Ignore};
use crate::stage::decide::{self, Dropped};
use crate::stage::extract::{Extracted, Limits};
use crate::stage::identify::{self, Identified};
use crate::stage::matcher::KnownClaims;
use crate::stage::validate;
use crate::worker::{Request, Worker, WorkerLimits};
use crate::workspace::Workspace;

mod held;
mod scans;
use held::Holds;

/// Opens a workspace's store (the writer a pass needs, or a reader), for the binary's tests
/// and benches as for the commands.
pub use crate::sink::store::Opening;
pub(crate) use scans::Wake;

/// What OCR will do with these settings (`None`: off, or not installed with `auto`); an error
/// when `[ocr] enabled = true` and Tesseract is missing.
pub(crate) fn ocr_ask(
    settings: &crate::config::Settings,
) -> Result<Option<crate::stage::extract::ocr::OcrAsk>, anyhow::Error> {
    scans::ask(settings).map_err(|why| anyhow::anyhow!("{why}"))
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Reports(#[from] ReportError),
    #[error("{}", crate::text!("error-no-reader", executable = executable.display().to_string(), error = source.to_string()))]
    Worker {
        executable: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Clock(String),
}

/// Why a file was left in the inbox: still open for writing, or quiet for less than the
/// settle time.
const STILL_WRITTEN: &str = "still being written";
/// Matched by `[watch] ignore` (temporary files, desktop litter).
const IGNORE_LIST: &str = "on the ignore list";
/// Held (`held`): claimdrop may not read or remove it, and it has not changed.
pub(crate) const HELD: &str = "held until it changes";
/// Being read by OCR (`scans`): filed when it has been read.
const BEING_READ: &str = "being read by OCR";
/// Left where it is on purpose: a parked file still parked, a hold tried again.
const LEFT: &str = "left where it is";
/// A `.note.txt` whose document has not been filed: it waits for it (SPEC §2).
const NOTE_WAITING: &str = "a note waiting for its document";
/// Leased by another daemon sharing the store, which files it now (SPEC §7).
const LEASED_ELSEWHERE: &str = "being filed by another daemon";
/// How many files a daemon sharing the store leases at once at first, and at most: what it
/// has not started on is left free for the others. A daemon granted every lease it asked for
/// asks for twice as many next time (each lease taken costs a pause between its files), and
/// starts again from the first size once another daemon held one.
const LEASED_AT_ONCE: usize = 64;
const LEASED_AT_MOST: usize = 1024;
/// How many times files are decided again after another daemon attached their bytes first.
const RACES: usize = 3;

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
    /// Why files were left where they are, by cause.
    pub ignored_by: BTreeMap<&'static str, usize>,
    /// Claims created or reopened by registers in this pass.
    pub claims_changed: bool,
    /// Notes that joined a document filed before them: no file of the count, but the
    /// document's row (and `documents.csv`) changed.
    pub notes_joined: usize,
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

    /// The second summary line: what `quarantined` and `ignored` were, when there were any.
    pub fn details(&self) -> Option<String> {
        let list = |counts: Vec<(&str, usize)>| {
            counts
                .into_iter()
                .map(|(what, n)| format!("{what} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if self.quarantined > 0 {
            let by: Vec<(&str, usize)> = self
                .outcomes
                .iter()
                .map(|(o, n)| (o.as_str(), *n))
                .collect();
            parts.push(format!("quarantined: {}", list(by)));
        }
        if self.ignored > 0 {
            let by: Vec<(&str, usize)> = self.ignored_by.iter().map(|(w, n)| (*w, *n)).collect();
            parts.push(format!("ignored: {}", list(by)));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// Logs the pass: the summary line as the message, each count as a field (what a log
    /// collector reading `--log-format json` sums), the breakdown as `details`.
    pub fn log(&self) {
        tracing::info!(
            processed = self.processed(),
            attached = self.attached,
            duplicate = self.duplicate,
            quarantined = self.quarantined,
            ignored = self.ignored,
            failed = self.failed,
            details = self.details().unwrap_or_default(),
            "{}",
            self.line()
        );
    }

    /// Whether files of this pass stay in the inbox to be looked at again soon: failures,
    /// files still being written, and files another daemon took (it may stop before it is
    /// done).
    pub(crate) fn left_to_look_at(&self) -> bool {
        self.failed > 0
            || self.ignored_by.contains_key(STILL_WRITTEN)
            || self.ignored_by.contains_key(LEASED_ELSEWHERE)
    }

    /// Counts `n` files left where they are, for `why`.
    pub(crate) fn ignore(&mut self, why: &'static str, n: usize) {
        if n > 0 {
            self.ignored += n;
            *self.ignored_by.entry(why).or_default() += n;
        }
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
            End::Stayed => self.ignore(LEFT, 1),
            End::Writing => self.ignore(STILL_WRITTEN, 1),
            End::Failed => self.failed += 1,
            End::Vanished => {}
        }
    }

    fn count_all(&mut self, ends: Vec<End>) {
        for end in &ends {
            self.count(end);
        }
    }

    fn absorb(&mut self, other: Summary) {
        self.attached += other.attached;
        self.duplicate += other.duplicate;
        self.quarantined += other.quarantined;
        self.ignored += other.ignored;
        for (why, n) in other.ignored_by {
            *self.ignored_by.entry(why).or_default() += n;
        }
        self.failed += other.failed;
        for (outcome, n) in other.outcomes {
            *self.outcomes.entry(outcome).or_default() += n;
        }
        self.claims_changed |= other.claims_changed;
        self.notes_joined += other.notes_joined;
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
    /// Scans being read by OCR (`scans`), started at the first.
    scans: Option<scans::Scans>,
    /// Called when a scan has been read; without it, a pass waits for its scans.
    wake: Option<Wake>,
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
            scans: None,
            wake: None,
        }
    }

    /// Scans are read in the background and `wake` is called as each is read (then filed by
    /// `file_scanned`); a pass no longer waits for them. For the daemon.
    pub(crate) fn with_wake(mut self, wake: Wake) -> Pipeline<'w> {
        self.wake = Some(wake);
        self
    }

    /// Runs document readers from `executable` (`<executable> worker ...`) rather than from
    /// this process's own binary: for a program that embeds the pipeline.
    pub fn with_reader(mut self, executable: PathBuf) -> Pipeline<'w> {
        self.executable = executable;
        self
    }

    /// Stops between two files once `stop` is set.
    pub(crate) fn with_stop(mut self, stop: Arc<AtomicBool>) -> Pipeline<'w> {
        self.stop = stop;
        self
    }

    /// Reports progress as (done, total).
    pub fn with_progress(mut self, progress: impl FnMut(usize, usize) + 'w) -> Pipeline<'w> {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Finishes the moves of files whose commit a crash interrupted (see `sink::commit`).
    pub fn repair(&self, store: &mut Store) -> Result<(), PipelineError> {
        Ok(Filer::new(self.workspace).repair(store)?)
    }

    /// One pass over everything waiting in the inbox (`claimdrop run`): registers first, then
    /// documents, then a retry of parked files if registers changed claims; reports last.
    pub fn run_once(&mut self, store: &mut Store) -> Result<Summary, PipelineError> {
        self.repair(store)?;
        let ignore = Ignore::new(&self.workspace.settings.watch.ignore);
        let found = scan::scan(&self.workspace.drop_folders(), &ignore);
        let mut summary = Summary::default();
        summary.ignore(IGNORE_LIST, found.ignored.len());
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
        summary.ignore(STILL_WRITTEN, writing.len());
        summary.absorb(self.file_candidates(store, ready)?);
        let summary = self.after_claims_changed(store, summary)?;
        // Beside daemons sharing the store, the one on duty rewrites the reports.
        if !store.is_shared() || store.on_duty()? {
            self.refresh(store)?;
        } else {
            tracing::info!("the reports are rewritten by the daemon on duty");
        }
        Ok(summary)
    }

    /// What follows a pass, or a command, that created, imported or reopened claims: the
    /// parked files waiting for a claim are tried again. (The claims are rechecked and the
    /// reports rewritten after, by `refresh`, or by the daemon's reporter.)
    pub(crate) fn after_claims_changed(
        &mut self,
        store: &mut Store,
        mut summary: Summary,
    ) -> Result<Summary, PipelineError> {
        if summary.claims_changed {
            summary.absorb(self.retry(store, &[], None)?);
        }
        Ok(summary)
    }

    /// Files the given candidates (already known to be completely written). A held file is
    /// left alone while it is unchanged and its next try is not due (see `held`).
    pub(crate) fn file_candidates(
        &mut self,
        store: &mut Store,
        candidates: Vec<Candidate>,
    ) -> Result<Summary, PipelineError> {
        self.leased(store, candidates, |c| &c.path, Self::file_candidates_now)
    }

    /// On a store several daemons share, runs `file` over the `items` whose leases this
    /// daemon takes, a few at a time, and gives each lease back once its file has ended (a
    /// scan stays leased while OCR reads it, see `file_scanned`). The others are left to the
    /// daemon filing them, and looked at again later: it may stop before it is done.
    fn leased<T: Clone>(
        &mut self,
        store: &mut Store,
        items: Vec<T>,
        path: impl Fn(&T) -> &Path,
        mut file: impl FnMut(&mut Self, &mut Store, Vec<T>) -> Result<Summary, PipelineError>,
    ) -> Result<Summary, PipelineError> {
        if !store.is_shared() {
            return file(self, store, items);
        }
        let secs = self.workspace.settings.store.lease_secs;
        let mut summary = Summary::default();
        // Files of one name leased together: one daemon then chooses their names in the
        // archive and quarantine (copies of one file, which share a name more often than not,
        // are decided by one daemon too), where two daemons would race for them.
        let mut items = items;
        items.sort_by(|a, b| path(a).file_name().cmp(&path(b).file_name()));
        let mut items = items.into_iter().peekable();
        let mut at_once = LEASED_AT_ONCE;
        while items.peek().is_some() && !self.stop.load(Ordering::Relaxed) {
            let mut chunk: Vec<T> = items.by_ref().take(at_once).collect();
            // A name's files are not split between two leases.
            while let (Some(next), Some(last)) = (items.peek(), chunk.last()) {
                if path(next).file_name() != path(last).file_name() {
                    break;
                }
                chunk.extend(items.next());
            }
            let works: Vec<String> = chunk
                .iter()
                .map(|item| self.workspace.relative(path(item)))
                .collect();
            let granted = store.take_leases(&works, secs)?;
            at_once = match granted.len() == works.len() {
                true => (at_once * 2).min(LEASED_AT_MOST),
                false => LEASED_AT_ONCE,
            };
            let mut mine = Vec::with_capacity(chunk.len());
            let mut taken = Vec::with_capacity(chunk.len());
            for (item, work) in chunk.into_iter().zip(works) {
                if granted.contains(&work) {
                    mine.push(item);
                    taken.push(work);
                } else {
                    tracing::debug!(path = %work, "leased by another daemon: left to it");
                    summary.ignore(LEASED_ELSEWHERE, 1);
                }
            }
            // Bytes another daemon attached, or a name it took, meanwhile: the files are
            // decided again (what was filed before is gone from the inbox and passed over), a
            // few times at most; then they wait for the next pass, the others going on.
            let mut filed = file(self, store, mine.clone());
            for _ in 0..RACES {
                match &filed {
                    Err(PipelineError::Store(StoreError::Raced(what))) => {
                        tracing::info!(%what, "another daemon filed the same bytes or took the same name meanwhile: deciding again");
                        filed = file(self, store, mine.clone());
                    }
                    _ => break,
                }
            }
            if let Err(PipelineError::Store(StoreError::Raced(_))) = &filed {
                let left = mine.iter().filter(|item| path(item).exists()).count();
                tracing::info!(
                    left,
                    "raced with other daemons again: left for the next pass"
                );
                let mut raced = Summary::default();
                raced.ignore(LEASED_ELSEWHERE, left);
                filed = Ok(raced);
            }
            let ended: Vec<String> = taken
                .into_iter()
                .filter(|work| {
                    let reading = self.scans.as_ref();
                    !reading.is_some_and(|s| s.is_reading(&self.workspace.root.join(work)))
                })
                .collect();
            // Not given back (the database is away): they run out by themselves.
            if let Err(e) = store.release_leases(&ended) {
                tracing::warn!(error = %e, "cannot give leases back: they run out by themselves");
            }
            summary.absorb(filed?);
        }
        Ok(summary)
    }

    fn file_candidates_now(
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
                    summary.ignore(HELD, 1);
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
        // A note is never a document: the scan found it without its document beside it. (A
        // note that is a link is a link, never read: quarantined as one.)
        let (notes, documents): (Vec<Candidate>, Vec<Candidate>) =
            documents.into_iter().partition(|c| {
                c.special.is_none() && c.file_name().ends_with(crate::domain::NOTE_SUFFIX)
            });
        let subjects = documents
            .into_iter()
            .map(|candidate| self.subject_of(candidate))
            .collect();
        summary.absorb(self.file_subjects(store, subjects)?);
        // After the documents: one filed in this pass took its note along already.
        for note in notes {
            self.join_note(store, note, &mut summary)?;
        }
        // Tried and not held again: filed, quarantined, or failing for another reason now.
        for original_path in tried_held {
            if !self.reheld.contains(&original_path) {
                store.release(&original_path)?;
            }
        }
        Ok(summary)
    }

    /// A note found without its document: joined to the document filed from beside it, or
    /// left to wait for it.
    fn join_note(
        &self,
        store: &mut Store,
        note: Candidate,
        summary: &mut Summary,
    ) -> Result<(), PipelineError> {
        if note.path.symlink_metadata().is_err() {
            return Ok(());
        }
        let subject = self.subject_of(note);
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        let actor = owner_of(&subject.source);
        match Filer::new(self.workspace).join_note(store, &subject, &actor, now) {
            Ok(NoteEnd::Joined(_)) => summary.notes_joined += 1,
            Ok(NoteEnd::Waiting) => summary.ignore(NOTE_WAITING, 1),
            Err(FilingError::Store(e)) => return Err(e.into()),
            Err(error) => {
                tracing::warn!(path = %subject.original_path, %error, "a note cannot join its document now: left for the next pass");
                summary.failed += 1;
            }
        }
        Ok(())
    }

    /// Puts parked files (all, or those whose quarantine or original path is named) back
    /// through the pipeline; onto the claim `named`, when a person names one.
    pub(crate) fn retry(
        &mut self,
        store: &mut Store,
        only: &[PathBuf],
        named: Option<&str>,
    ) -> Result<Summary, PipelineError> {
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
                named: named.map(str::to_string),
                parked: Some(parked),
            });
        }
        self.leased(store, subjects, |s| &s.source, Self::file_subjects)
    }

    /// Rechecks every claim (findings, deadline warnings), then rewrites the reports.
    pub(crate) fn refresh(&self, store: &mut Store) -> Result<(), PipelineError> {
        self.settle_quarantine(store)?;
        self.check_claims(store)?;
        self.write_reports(store)
    }

    /// Closes the quarantine rows whose files a person moved out or deleted, with their reason
    /// texts; returns how many, so that the daemon rewrites `exceptions.csv` when one went.
    pub(crate) fn settle_quarantine(&self, store: &mut Store) -> Result<usize, PipelineError> {
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        let left = store.settle_exceptions(&self.workspace.root, now)?;
        Filer::new(self.workspace).forget_reasons(&left);
        Ok(left.len())
    }

    /// Recomputes every claim's findings from the store's facts and today's date.
    pub(crate) fn check_claims(&self, store: &mut Store) -> Result<usize, PipelineError> {
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
        let lang = self.workspace.settings.lang();
        Ok(store.replace_findings(&findings, lang, &actor::current_user(), now)?)
    }

    /// Rewrites the reports from the store.
    pub(crate) fn write_reports(&self, store: &Store) -> Result<(), PipelineError> {
        let style = Style::of(&self.workspace.settings);
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
            named: None,
            parked: None,
        }
    }

    fn file_subjects(
        &mut self,
        store: &mut Store,
        subjects: Vec<Subject>,
    ) -> Result<Summary, PipelineError> {
        let mut summary = Summary::default();
        let mut subjects = subjects;
        if let Some(scans) = &self.scans {
            let before = subjects.len();
            subjects.retain(|s| !scans.is_reading(&s.source));
            summary.ignore(BEING_READ, before - subjects.len());
        }
        if subjects.is_empty() {
            summary.absorb(self.file_scanned(store)?);
            return Ok(summary);
        }
        let total = subjects.len();
        let (claims, references) = store.claim_index()?;
        let known = KnownClaims::new(self.workspace.settings.claim_id_regex(), claims, references);
        let settings = &self.workspace.settings;
        let limits = Limits {
            max_uncompressed_bytes: settings.limits.max_uncompressed_bytes,
        };
        let worker_limits = WorkerLimits::reading(settings);
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
                let mut worker = idle_or_new(&pool, &executable, worker_limits);
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
        // Attachments are committed in batches: whatever has arrived when the readers pause
        // shares one transaction and one fsync per folder (see `sink::commit`).
        let mut filer = Filer::new(self.workspace);
        'arrivals: loop {
            let (index, examined) = match arrivals.try_recv() {
                Ok(arrival) => arrival,
                Err(mpsc::TryRecvError::Empty) => {
                    filer.flush(store)?;
                    summary.count_all(self.settle(store, &mut filer)?);
                    match arrivals.recv() {
                        Ok(arrival) => arrival,
                        Err(_) => break,
                    }
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            };
            waiting.insert(index, examined);
            while let Some(examined) = waiting.remove(&done) {
                // A scan goes to the OCR lane; the files behind it go on.
                if let Some(examined) = self.scan_lane().take(examined, limits, &own_names) {
                    self.commit(store, &known, &mut filer, examined)?;
                    summary.count_all(self.settle(store, &mut filer)?);
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
        filer.flush(store)?;
        summary.count_all(self.settle(store, &mut filer)?);
        summary.absorb(self.file_scanned(store)?);
        Ok(summary)
    }

    fn scan_lane(&mut self) -> &mut scans::Scans {
        let (settings, executable, stop, wake) = (
            &self.workspace.settings,
            &self.executable,
            &self.stop,
            &self.wake,
        );
        self.scans.get_or_insert_with(|| {
            scans::Scans::new(settings, executable.clone(), Arc::clone(stop), wake.clone())
        })
    }

    /// Files the scans OCR has read: those read so far in the daemon (`with_wake`), all of
    /// them otherwise, each as soon as it is read.
    pub(crate) fn file_scanned(&mut self, store: &mut Store) -> Result<Summary, PipelineError> {
        let mut summary = Summary::default();
        let wait = self.wake.is_none();
        let Some(total) = self.scans.as_ref().map(scans::Scans::in_hand) else {
            return Ok(summary);
        };
        if total == 0 {
            return Ok(summary);
        }
        let (claims, references) = store.claim_index()?;
        let known = KnownClaims::new(self.workspace.settings.claim_id_regex(), claims, references);
        let mut filer = Filer::new(self.workspace);
        let mut done = 0;
        while !self.stop.load(Ordering::Relaxed) {
            let Some(examined) = self.scans.as_mut().and_then(|s| s.next(wait)) else {
                break;
            };
            let work = self.workspace.relative(&examined.subject.source);
            self.commit(store, &known, &mut filer, examined)?;
            filer.flush(store)?;
            summary.count_all(self.settle(store, &mut filer)?);
            // Its lease was kept while OCR read it (see `leased`).
            if let Err(e) = store.release_leases(&[work]) {
                tracing::warn!(error = %e, "cannot give a lease back: it runs out by itself");
            }
            done += 1;
            if let Some(progress) = self.progress.as_mut() {
                progress(done, total);
            }
        }
        Ok(summary)
    }

    /// Whether the file was modified less than the settle time ago.
    fn written_moments_ago(&self, path: &Path) -> bool {
        let settle = Duration::from_millis(self.workspace.settings.watch.settle_ms);
        path.symlink_metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age < settle)
    }

    /// Decides where one examined file goes and hands the decision to the commit.
    fn commit(
        &mut self,
        store: &mut Store,
        known: &KnownClaims,
        filer: &mut Filer,
        examined: Examined,
    ) -> Result<(), PipelineError> {
        let Examined {
            subject,
            identity,
            result,
            trouble,
            vanished,
        } = examined;
        if vanished {
            filer.ended(End::Vanished);
            return Ok(());
        }
        match trouble {
            Some(Trouble::File(error)) if subject.parked.is_none() => {
                let end = self.hold_subject(store, &subject, Cause::Unreadable, &error)?;
                filer.ended(end);
                return Ok(());
            }
            Some(Trouble::File(error) | Trouble::Reader(error)) => {
                tracing::warn!(path = %subject.source.display(), %error, "cannot read: left for the next pass");
                filer.ended(End::Failed);
                return Ok(());
            }
            None => {}
        }
        // Ends early, and was written moments ago: a program that writes a file in two goes,
        // closing it between them, is not done. Looked at again once it has been quiet for the
        // settle time; still cut short then, it is quarantined as it is.
        if let Err(rejection) = &result
            && rejection.ends_early
            && subject.parked.is_none()
            && self.written_moments_ago(&subject.source)
        {
            tracing::info!(path = %subject.original_path, "ends early and was written moments ago: looked at again once it is quiet");
            filer.ended(End::Writing);
            return Ok(());
        }
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        let actor = owner_of(&subject.source);
        let sha = identity
            .as_ref()
            .map(|i| i.sha256.clone())
            .unwrap_or_else(|| subject.unread_name());

        // A run cut short after its commit: finish the moves, record nothing twice.
        if subject.parked.is_none()
            && !filer.batched(&sha)
            && filer.resume(store, &subject, &sha)?
        {
            return Ok(());
        }
        let earlier = match &result {
            Ok(_) => filer.earlier(store, &sha)?,
            Err(_) => None,
        };
        let dropped = Dropped {
            folders: &subject.folders,
            file_name: &subject.file_name,
            named: subject.named.as_deref(),
            kind: subject.kind,
        };
        let decision = decide::decide(result, dropped, known, earlier.as_ref());
        filer.file(store, subject, identity, &sha, decision, &actor, now)?;
        Ok(())
    }

    /// How the files handed to the commit ended, holding those that must stay in the inbox.
    fn settle(&mut self, store: &mut Store, filer: &mut Filer) -> Result<Vec<End>, PipelineError> {
        let mut ends = Vec::new();
        for ending in filer.take_endings() {
            match ending {
                Ending::Ended(end) => ends.push(end),
                Ending::Held {
                    subject,
                    cause,
                    error,
                    filed,
                } => {
                    let end = self.hold_subject(store, &subject, cause, &error)?;
                    if !filed {
                        ends.push(end);
                    }
                }
            }
        }
        Ok(ends)
    }

    /// Imports a register dropped in the inbox, as its owner: read, checked and recorded, then
    /// kept in `archive/registers/`; a register refused is quarantined as any file is.
    fn import_register(
        &mut self,
        store: &mut Store,
        candidate: &Candidate,
    ) -> Result<End, PipelineError> {
        let mut subject = self.subject_of(candidate.clone());
        let now = crate::clock::now().map_err(PipelineError::Clock)?;
        let owner = owner_of(&candidate.path);
        let identity = match self.identify_register(&subject) {
            Ok(identity) => identity,
            Err(e) if subject.is_gone(&e) => return Ok(End::Vanished),
            Err(e) => return self.hold_subject(store, &subject, Cause::Unreadable, &e.to_string()),
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
        let mut filer = Filer::new(self.workspace);
        if filer.resume(store, &subject, &sha)? {
            // A register filed by a pass a crash cut short.
            return self.one_end(store, &mut filer);
        }
        let refused = match identity.and_then(|i| self.register_rows(&subject, i, &owner)) {
            Ok((identity, rows)) => {
                match store.import_register(&rows, &subject.file_name, &owner, now) {
                    Ok(imported) => {
                        tracing::info!(path = %subject.original_path, created = imported.created, updated = imported.updated, "register imported");
                        filer.keep_register(store, &subject, &identity)?;
                        return self.one_end(store, &mut filer);
                    }
                    Err(StoreError::RegisterRow {
                        row,
                        claim,
                        message,
                    }) => Rejection::new(
                        Outcome::Unreadable,
                        crate::text!(
                            "reason-register-refused",
                            why = crate::text!(
                                "register-row-of",
                                row = row,
                                claim = claim,
                                why = message
                            )
                        ),
                    ),
                    Err(e) => return Err(e.into()),
                }
            }
            Err(rejection) => rejection,
        };
        let refused = decide::Decision::Quarantine {
            rejection: refused,
            claim: None,
        };
        filer.file(store, subject, None, &sha, refused, &owner, now)?;
        filer.flush(store)?;
        self.one_end(store, &mut filer)
    }

    /// What a register dropped in the inbox is: its bytes identified, or why they are not read
    /// (a link or pipe, a file over the size limit, an empty file). An error: it could not be
    /// opened.
    fn identify_register(
        &self,
        subject: &Subject,
    ) -> std::io::Result<Result<Identified, Rejection>> {
        if let Some(special) = subject.special {
            return Ok(Err(Rejection::new(Outcome::Unsupported, special.reason())));
        }
        let max_file_bytes = self.workspace.settings.limits.max_file_bytes;
        crate::plain_file::open_beneath(subject.beneath(), &subject.source)
            .and_then(|file| identify::identify_file(file, max_file_bytes))
    }

    /// A register's rows, if its owner may import registers and it reads.
    fn register_rows(
        &self,
        subject: &Subject,
        identity: Identified,
        owner: &str,
    ) -> Result<(Identified, Vec<crate::domain::RegisterRow>), Rejection> {
        if !self.workspace.role_of(owner).is_admin() {
            return Err(Rejection::new(
                Outcome::Forbidden,
                crate::text!("reason-register-forbidden", owner = owner),
            ));
        }
        let rows = self.read_register(subject, identity.sniffed)?;
        Ok((identity, rows))
    }

    /// How the one file handed to `filer` ended.
    fn one_end(&mut self, store: &mut Store, filer: &mut Filer) -> Result<End, PipelineError> {
        let ends = self.settle(store, filer)?;
        Ok(ends.into_iter().next().unwrap_or(End::Stayed))
    }

    /// Reads a register in a worker process, under the same limits as any document: a
    /// register bomb costs a reader, never the daemon.
    fn read_register(
        &self,
        subject: &Subject,
        sniffed: identify::Sniffed,
    ) -> Result<Vec<crate::domain::RegisterRow>, Rejection> {
        let settings = &self.workspace.settings;
        let mut worker = idle_or_new(
            &self.pool,
            &self.executable,
            WorkerLimits::reading(settings),
        );
        let reply = worker.examine(&Request {
            path: subject.source.clone(),
            sniffed,
            limits: Limits {
                max_uncompressed_bytes: settings.limits.max_uncompressed_bytes,
            },
            register: Some(crate::worker::RegisterAsk {
                claim_id_pattern: settings.matching.claim_id_pattern.clone(),
                date_order: settings.registers.date_order,
            }),
            beneath: subject.drop_root.clone(),
            own_names: Vec::new(),
            ocr: None,
            explain: false,
        });
        if let Ok(mut idle) = self.pool.lock() {
            idle.push(worker);
        }
        reply
            .map_err(|e| {
                Rejection::new(
                    Outcome::Unreadable,
                    crate::text!("reason-no-reader", error = e.to_string()),
                )
            })?
            .into_register()
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
                result: Err(Rejection::new(
                    Outcome::Unreadable,
                    crate::text!("reason-cannot-read", error = e.to_string()),
                )),
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
        ocr: None,
        explain: false,
    };
    let (result, trouble) = match worker.examine(&request) {
        Ok(reply) => (reply.into_document(), None),
        Err(e) => (
            Err(Rejection::new(
                Outcome::Unreadable,
                crate::text!("reason-no-reader", error = e.to_string()),
            )),
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

/// A worker of the pool, idle since its last document, else a new one.
fn idle_or_new(pool: &Mutex<Vec<Worker>>, executable: &Path, limits: WorkerLimits) -> Worker {
    pool.lock()
        .ok()
        .and_then(|mut idle| idle.pop())
        .unwrap_or_else(|| Worker::new(executable, limits))
}
