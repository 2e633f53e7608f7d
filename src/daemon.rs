//! The daemon behind `claimdrop watch`: sources feeding one queue, one filer committing.
//!
//! The async side (tokio) listens: change events, the settle clock, the periodic rescan, the
//! cron schedule and the shutdown signal. It keeps one queue of ready paths; a path queued twice
//! is filed once. The filer is one thread that owns the store (its only writer) and takes the
//! whole queue whenever it is free, so files are filed at once when the daemon is idle and in
//! batches under load. After a batch, at most once a second, the filer rechecks the claims and
//! asks the reporter thread to rewrite the reports: it reads its own snapshot of the store
//! (WAL lets readers and the writer run at once), so a large store's reports, seconds of work,
//! never hold up the next file. The notifier thread delivers what the outbox holds
//! (`sink::notify`) over its own connection, nudged after every piece of work: a dead mail or
//! webhook server costs it timeouts, never the filer.
//!
//! Shutdown (the future passed to [`run`], SIGINT/SIGTERM from the command) sets the pipeline's
//! stop flag: the file being committed is finished, nothing new is started, reports are written,
//! and the daemon returns. A file that was being read stays in the inbox for next time.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::os::unix::net::UnixListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::mpsc;

use crate::config::WatchMode;
use crate::pipeline::{Pipeline, PipelineError, Summary};
use crate::sink::store::Opening;
use crate::sink::store::Store;
use crate::socket::{self, Request, Response};
use crate::source::readiness;
use crate::source::scan::{self, Candidate, Found, Ignore};
use crate::source::schedule::{Job, Jobs};
use crate::source::watch::{self, Settling, Signal};
use crate::workspace::{Workspace, WriteLock};

/// Reports are rewritten at most this often under load.
const REPORTS_EVERY: Duration = Duration::from_secs(1);
/// When a new folder is looked at again (see `Signal::Folder`).
const RECHECK_NEW_FOLDER: Duration = Duration::from_millis(250);
/// How long a caller may take to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How often the settle clock is read.
const TICK: Duration = Duration::from_millis(50);
/// How often a daemon sharing the store asks whether the duties are free, and the one on duty
/// whether other daemons changed what the reports show.
const DUTY_LOOK: Duration = Duration::from_secs(2);

enum Work {
    Files(Vec<Candidate>),
    /// `claimdrop.toml` was reread (SIGHUP): file with these settings from now on.
    Reload(Box<Workspace>),
    /// A command sent through the command socket (`crate::socket`).
    Command(Box<Asked>),
    /// Folders a scan could not read.
    Unlisted(Vec<(PathBuf, String)>),
    /// Time to look at the held files again (`pipeline::held`), and at quarantine: a file a
    /// person moved out or deleted there leaves `exceptions.csv`.
    Held,
    /// The claims rechecked and the reports rewritten; on a shared store only by the daemon
    /// on duty, and only when the store changed since, unless `anyway` (a scheduled job, a new
    /// configuration).
    Reports {
        anyway: bool,
    },
    /// Scans OCR has read, to be filed (`pipeline::scans`).
    Scanned,
}

/// A command a caller sent, and where its answer goes.
struct Asked {
    request: Request,
    caller: String,
    reply: std::sync::mpsc::Sender<Response>,
}

/// Carries out a command in the filer thread, with the store and the lock: the command
/// layer's (`cmd::session::serve`), handed in so that the daemon never imports it.
pub type Commands =
    Arc<dyn Fn(&Workspace, &mut Store, &WriteLock, Request, String) -> Response + Send + Sync>;

enum Done {
    /// A pass, and the files it could not file that are still in the inbox (a full disk):
    /// looked at again after `poll_interval_secs`, in every mode, with or without an event.
    Files(Summary, Vec<PathBuf>),
    /// Held files looked at again, and how many files people took out of quarantine.
    Held(Summary, usize),
    Reports,
    /// A pass that failed (the database away), and its files still in the inbox: looked at
    /// again after `poll_interval_secs`.
    Failed(String, Vec<PathBuf>),
    /// A scan has been read by OCR: time to file it (no pass was asked for).
    ScanRead,
    /// Scans filed after OCR read them (no pass was asked for).
    Scanned(Summary),
}

/// Runs until `shutdown` completes. The lock and store are the workspace writer's.
pub async fn run(
    workspace: Workspace,
    lock: WriteLock,
    store: Store,
    commands: Commands,
    shutdown: impl Future<Output = ()>,
) -> Result<(), PipelineError> {
    let mut workspace = workspace;
    let stop = Arc::new(AtomicBool::new(false));
    let shared = !lock.is_sole();
    // Leases on files read for longer than a lease (a scan in OCR) are renewed meanwhile.
    let _keeper = crate::sink::store::Keeper::start(&workspace);

    let (work_tx, work_rx) = std::sync::mpsc::channel::<Work>();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Done>();
    // One request waiting is enough: the rewrite it starts reads the store as it is then.
    let (reports_tx, reports_rx) = std::sync::mpsc::sync_channel::<Workspace>(1);
    let reporter = {
        let workspace = workspace.clone();
        std::thread::spawn(move || reporter(workspace, reports_rx))
    };
    let notifier = {
        let reports = reports_tx.clone();
        crate::sink::notify::Sender::start(
            &workspace,
            Arc::clone(&stop),
            Box::new(move |workspace: &Workspace| {
                // notifications.csv shows the deliveries' latest state.
                let _ = reports.try_send(workspace.clone());
            }),
        )
    };
    let nudge_tx = notifier.nudger();
    let filer = {
        let workspace = workspace.clone();
        let stop = Arc::clone(&stop);
        let nudges = nudge_tx.clone();
        std::thread::spawn(move || {
            filer(
                workspace, lock, store, stop, work_rx, done_tx, reports_tx, nudges, commands,
            )
        })
    };
    let (asked_tx, mut asked_rx) = mpsc::unbounded_channel::<Asked>();
    let socket_path = workspace.root.join(socket::SOCKET_NAME);
    // Beside other daemons on this host (a shared store), the first to listen keeps the
    // socket: commands run in place anyway when nobody answers.
    let listening = if shared && socket::answers(&socket_path) {
        tracing::info!(path = %socket_path.display(), "another daemon on this host answers the command socket");
        None
    } else {
        match socket::listen(&socket_path, &workspace.root) {
            Ok(listener) => {
                let bound = crate::stamp::Stamp::of(&socket_path);
                std::thread::spawn(move || listen(listener, asked_tx));
                bound
            }
            Err(e) => {
                tracing::warn!(path = %socket_path.display(), error = %e, "no command socket: commands that write wait until the daemon stops");
                None
            }
        }
    };

    let mut sources = Sources::new(&workspace);
    let (signal_tx, mut signal_rx) = mpsc::unbounded_channel::<Signal>();
    let mode = workspace.settings.watch.mode;
    let _watcher = match mode {
        WatchMode::Poll => None,
        WatchMode::Auto | WatchMode::Notify => {
            // A drop folder that is a trusted link (to a share) is watched where it points.
            let linked: Vec<PathBuf> = sources
                .folders
                .iter()
                .map(|(root, _)| root.clone())
                .filter(|root| {
                    root.symlink_metadata()
                        .is_ok_and(|m| m.file_type().is_symlink())
                        && scan::untrusted_link(root).is_none()
                })
                .collect();
            match watch::start(&workspace.inbox(), &linked, move |signal| {
                let _ = signal_tx.send(signal);
            }) {
                Ok(watcher) => Some(watcher),
                Err(e) => {
                    tracing::warn!(error = %e, "no change events here: scanning every {} s instead", workspace.settings.watch.poll_interval_secs);
                    None
                }
            }
        }
    };
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();

    let mut holds_due = false;
    let mut busy = false;
    let mut reports_dirty = true;
    let mut reports_anyway = true;
    let mut last_reports = Instant::now() - REPORTS_EVERY;
    let mut duty_look = every(DUTY_LOOK);
    // Files dropped while the daemon was down.
    sources.scan_all();
    tracing::info!(workspace = %workspace.root.display(), mode = ?mode, "watching");

    // The time of the last job run, so that a job is not run twice in its minute.
    let mut fired_until = chrono::Utc::now();
    let mut tick = tokio::time::interval(TICK);
    tokio::pin!(shutdown);
    loop {
        if !busy {
            if !sources.queue.is_empty() {
                let candidates = sources.take_queue();
                if !candidates.is_empty() {
                    busy = work_tx.send(Work::Files(candidates)).is_ok();
                }
            } else if !sources.unlisted.is_empty() {
                let folders = std::mem::take(&mut sources.unlisted).into_iter().collect();
                busy = work_tx.send(Work::Unlisted(folders)).is_ok();
            } else if holds_due {
                holds_due = false;
                busy = work_tx.send(Work::Held).is_ok();
            } else if reports_dirty && last_reports.elapsed() >= REPORTS_EVERY {
                let anyway = std::mem::take(&mut reports_anyway);
                busy = work_tx.send(Work::Reports { anyway }).is_ok();
                reports_dirty = false;
                last_reports = Instant::now();
            }
        }
        let next_job = sources.jobs.next(chrono::Utc::now().max(fired_until));
        let until_job = next_job
            .map(|(_, at)| (at - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(Duration::from_secs(3600));
        tokio::select! {
            _ = &mut shutdown => break,
            Some(()) = async {
                match hangup.as_mut() {
                    Some(signal) => signal.recv().await,
                    None => std::future::pending().await,
                }
            } => {
                if let Some(reloaded) = reload(&workspace) {
                    workspace = reloaded;
                    // Scans being read with the old settings are dropped with them.
                    let _ = work_tx.send(Work::Reload(Box::new(workspace.clone())));
                    nudge_tx.reload(&workspace);
                    sources.reload(&workspace);
                    reports_dirty = true;
                    reports_anyway = true;
                }
            }
            Some(signal) = signal_rx.recv() => sources.signalled(signal),
            // Straight to the filer: it carries commands out between two batches, in order.
            Some(asked) = asked_rx.recv() => {
                let _ = work_tx.send(Work::Command(Box::new(asked)));
            }
            Some(done) = done_rx.recv() => {
                busy &= matches!(done, Done::ScanRead | Done::Scanned(_));
                match done {
                    Done::ScanRead => {
                        let _ = work_tx.send(Work::Scanned);
                    }
                    Done::Scanned(summary) => {
                        if summary.processed() > summary.ignored {
                            summary.log();
                            reports_dirty = true;
                        }
                    }
                    Done::Files(summary, left) => {
                        sources.retry(left);
                        // A pass that only left held files alone has nothing to say.
                        if summary.processed() > summary.ignored {
                            summary.log();
                            reports_dirty = true;
                        }
                        reports_dirty |= summary.notes_joined > 0;
                    }
                    Done::Held(summary, left_quarantine) => {
                        if summary.processed() > summary.ignored {
                            summary.log();
                        }
                        reports_dirty |= summary.processed() > summary.ignored || left_quarantine > 0;
                    }
                    Done::Reports => {}
                    Done::Failed(error, left) => {
                        tracing::error!(%error, "filing failed; will try again");
                        sources.retry(left);
                    }
                }
            }
            _ = tick.tick() => sources.tick(),
            // Other daemons file too: the one on duty looks whether the reports must follow,
            // the others whether the duties are free.
            _ = duty_look.tick(), if shared => reports_dirty = true,
            _ = sources.revisit.tick() => holds_due = true,
            _ = sources.rescan.tick(), if mode != WatchMode::Notify => sources.scan_all(),
            _ = tokio::time::sleep(until_job) => {
                match next_job.map(|(job, _)| job) {
                    Some(Job::Scan) => sources.scan_all(),
                    // Deadlines change what claims.csv shows; the findings issue adds warnings.
                    Some(Job::Reports) | Some(Job::Deadlines) => {
                        reports_dirty = true;
                        reports_anyway = true;
                        last_reports = Instant::now() - REPORTS_EVERY;
                    }
                    None => {}
                }
                if let Some((_, at)) = next_job {
                    fired_until = at;
                }
            }
        }
    }

    tracing::info!("stopping: finishing the file in hand");
    stop.store(true, Ordering::Relaxed);
    let _ = work_tx.send(Work::Reports { anyway: true });
    drop(work_tx);
    drop(nudge_tx);
    // The filer's last act asks for the final reports; the reporter ends once they are written.
    // The notifier ends after the attempt in hand (the stop flag is set).
    let joined =
        tokio::task::spawn_blocking(move || (filer.join(), reporter.join(), notifier.finish()))
            .await;
    if !matches!(joined, Ok((Ok(()), Ok(()), true))) {
        tracing::error!("the filer, the reporter or the notifier did not stop cleanly");
    }
    // Only the socket this daemon listens on: another may have bound the name since.
    let still_ours = crate::stamp::Stamp::of(&socket_path)
        .zip(listening.as_ref())
        .is_some_and(|(now, bound)| now.same_file(bound));
    if still_ours {
        let _ = std::fs::remove_file(&socket_path);
    }
    tracing::info!("stopped");
    Ok(())
}

/// Rereads `claimdrop.toml` (SIGHUP). A file that does not parse is refused and the running
/// configuration kept; `[paths]` only change with a restart (the folders being watched, the
/// store that is open), so a new `[paths]` is said and the running one kept.
fn reload(running: &Workspace) -> Option<Workspace> {
    let mut settings = match crate::config::Settings::load(&running.root) {
        Ok(settings) => settings,
        Err(e) => {
            tracing::error!(error = %e, "claimdrop.toml refused; the running configuration is kept");
            return None;
        }
    };
    if settings.paths != running.settings.paths {
        tracing::warn!(
            "[paths] changed in claimdrop.toml: they take effect at the next start; every other setting now"
        );
        settings.paths = running.settings.paths.clone();
    }
    // The watcher was set up for the running mode: a new one takes a restart.
    if settings.watch.mode != running.settings.watch.mode {
        tracing::warn!("[watch] mode changed in claimdrop.toml: it takes effect at the next start");
        settings.watch.mode = running.settings.watch.mode;
    }
    tracing::info!("claimdrop.toml reread: the new configuration is in effect");
    // What the daemon says from now on, its answers to commands too, is in `[ui] language`.
    settings.lang().speak();
    Some(Workspace {
        root: running.root.clone(),
        settings,
    })
}

/// Takes connections on the command socket, one thread each: a command waits for the filer,
/// never the listener.
fn listen(listener: UnixListener, asked: mpsc::UnboundedSender<Asked>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let asked = asked.clone();
        std::thread::spawn(move || {
            // A caller that never finishes its request does not keep a thread for ever.
            let _ = stream.set_read_timeout(Some(REQUEST_TIMEOUT));
            let caller = match socket::peer_user(&stream) {
                Ok(caller) => caller,
                Err(e) => {
                    tracing::warn!(error = %e, "a command whose sender is unknown: refused");
                    return;
                }
            };
            let request = match socket::read_request(&stream) {
                Ok(request) => request,
                Err(e) => {
                    let refused = Response {
                        stdout: String::new(),
                        error: Some(
                            crate::text!("error-bad-request", error = e.to_string()).to_string(),
                        ),
                        code: 1,
                    };
                    let _ = socket::write_response(&stream, &refused);
                    return;
                }
            };
            let (reply, answer) = std::sync::mpsc::channel();
            if asked
                .send(Asked {
                    request,
                    caller,
                    reply,
                })
                .is_err()
            {
                return;
            }
            // No answer: the daemon stopped first, and the caller sees the connection close.
            if let Ok(response) = answer.recv() {
                let _ = socket::write_response(&stream, &response);
            }
        });
    }
}

/// The one thread that writes to the store: files batches, rechecks claims.
#[allow(clippy::too_many_arguments)]
fn filer(
    workspace: Workspace,
    lock: WriteLock,
    mut store: Store,
    stop: Arc<AtomicBool>,
    work: std::sync::mpsc::Receiver<Work>,
    done: mpsc::UnboundedSender<Done>,
    reports: std::sync::mpsc::SyncSender<Workspace>,
    nudges: crate::sink::notify::Nudger,
    commands: Commands,
) {
    let mut workspace = workspace;
    if let Err(e) = Pipeline::new(&workspace).repair(&mut store) {
        tracing::warn!(error = %e, "cannot finish moves a crash interrupted");
    }
    let mut duty = Duty::default();
    // The pipeline lives as long as the configuration it was made with.
    while let Some(reloaded) = file_with(
        &workspace, &lock, &mut store, &stop, &work, &done, &reports, &nudges, &commands, &mut duty,
    ) {
        workspace = reloaded;
    }
}

/// The duties (claims rechecked, deadlines, reports) as this daemon holds them. With one
/// writer (SQLite) they are always its own.
#[derive(Default)]
struct Duty {
    /// This daemon holds them (it said so once).
    held: bool,
    /// The store's fingerprint when the reports were last rewritten.
    seen: Option<String>,
}

impl Duty {
    /// Whether the claims must be rechecked and the reports rewritten now: on a shared store,
    /// only by the daemon on duty, and only when the store changed since the last time or
    /// `anyway`.
    fn due(&mut self, store: &Store, anyway: bool) -> Result<bool, crate::sink::store::StoreError> {
        if !store.is_shared() {
            return Ok(true);
        }
        if !store.on_duty()? {
            if std::mem::take(&mut self.held) {
                tracing::warn!(
                    "no longer on duty: another daemon took it while the database was away"
                );
            }
            return Ok(false);
        }
        if !self.held {
            tracing::info!(
                "on duty: rechecking the claims and writing the reports for every daemon"
            );
            self.held = true;
        }
        let now = Some(store.fingerprint()?);
        Ok(std::mem::replace(&mut self.seen, now.clone()) != now || anyway)
    }
}

/// Carries out work with one configuration, until the work ends (None) or a new
/// configuration comes (Some).
#[allow(clippy::too_many_arguments)]
fn file_with(
    workspace: &Workspace,
    lock: &WriteLock,
    store: &mut Store,
    stop: &Arc<AtomicBool>,
    work: &std::sync::mpsc::Receiver<Work>,
    done: &mpsc::UnboundedSender<Done>,
    reports: &std::sync::mpsc::SyncSender<Workspace>,
    nudges: &crate::sink::notify::Nudger,
    commands: &Commands,
    duty: &mut Duty,
) -> Option<Workspace> {
    let wake = {
        let done = done.clone();
        move || {
            let _ = done.send(Done::ScanRead);
        }
    };
    let mut pipeline = Pipeline::new(workspace)
        .with_stop(Arc::clone(stop))
        .with_wake(Arc::new(wake));
    for item in work {
        let result = match item {
            Work::Reload(reloaded) => return Some(*reloaded),
            Work::Command(asked) => {
                let Asked {
                    request,
                    caller,
                    reply,
                } = *asked;
                tracing::info!(user = %caller, command = %request.command(), "command");
                let _ = reply.send(commands(workspace, store, lock, request, caller));
                nudges.look();
                continue;
            }
            Work::Files(candidates) => {
                let paths: Vec<PathBuf> = candidates.iter().map(|c| c.path.clone()).collect();
                let filed = pipeline
                    .file_candidates(store, candidates)
                    .and_then(|summary| pipeline.after_claims_changed(store, summary));
                let still = |paths: Vec<PathBuf>| -> Vec<PathBuf> {
                    paths
                        .into_iter()
                        .filter(|p| p.symlink_metadata().is_ok())
                        .collect()
                };
                match filed {
                    Ok(summary) if summary.left_to_look_at() => {
                        Ok(Done::Files(summary, still(paths)))
                    }
                    Ok(summary) => Ok(Done::Files(summary, Vec::new())),
                    Err(e) => Ok(Done::Failed(e.to_string(), still(paths))),
                }
            }
            Work::Unlisted(folders) => pipeline
                .note_unlisted(store, &folders)
                .map(|summary| Done::Files(summary, Vec::new())),
            Work::Held => pipeline.revisit_holds(store).and_then(|summary| {
                // Files people took out of quarantine are the duty's (one daemon closes them).
                let left = match duty.due(store, true)? {
                    true => pipeline.settle_quarantine(store)?,
                    false => 0,
                };
                Ok(Done::Held(summary, left))
            }),
            Work::Scanned => pipeline.file_scanned(store).map(Done::Scanned),
            Work::Reports { anyway } => match duty.due(store, anyway) {
                Ok(true) => pipeline.check_claims(store).map(|_| {
                    // Full: a rewrite is already waiting, and it will read this.
                    let _ = reports.try_send(workspace.clone());
                    Done::Reports
                }),
                Ok(false) => Ok(Done::Reports),
                Err(e) => Err(e.into()),
            },
        };
        nudges.look();
        let message = result.unwrap_or_else(|e| Done::Failed(e.to_string(), Vec::new()));
        if done.send(message).is_err() {
            break;
        }
    }
    None
}

/// Rewrites the reports when asked, from its own read-only connection, with the
/// configuration the request carries.
fn reporter(workspace: Workspace, requests: std::sync::mpsc::Receiver<Workspace>) {
    let mut store = None;
    for current in requests {
        let pipeline = Pipeline::new(&current);
        if store.is_none() {
            store = workspace
                .reader()
                .map_err(|e| tracing::error!(error = %e, "cannot read the store for the reports"))
                .ok();
        }
        if let Some(store) = &store
            && let Err(e) = pipeline.write_reports(store)
        {
            tracing::error!(error = %e, "cannot write the reports; will try again");
        }
    }
}

/// What the daemon listens to, as the configuration sets it (the drop folders and what to
/// ignore, the settle time, the rescan and revisit clocks, the schedule), and the files it
/// found that wait for the filer. `reload` sets it anew from a reread configuration.
struct Sources {
    folders: Vec<(PathBuf, crate::domain::Kind)>,
    ignore: Ignore,
    settle: Duration,
    settling: Settling,
    rescan_every: Duration,
    /// The periodic rescan (not in `notify` mode).
    rescan: tokio::time::Interval,
    /// Held files are looked at again on this clock in every mode: in `notify` mode nothing
    /// else would try them when their backoff ends.
    revisit: tokio::time::Interval,
    jobs: Jobs,
    /// Paths ready to be filed; a path queued twice is filed once.
    queue: BTreeSet<PathBuf>,
    /// Folders the scans could not read, for the filer to hold and report once.
    unlisted: BTreeMap<PathBuf, String>,
    /// New folders to look at again shortly (see `Signal::Folder`).
    recheck: Vec<(Instant, PathBuf)>,
    /// Files a pass could not file (a full disk), to be queued again later.
    retry_later: Vec<(Instant, PathBuf)>,
}

impl Sources {
    fn new(workspace: &Workspace) -> Sources {
        let settings = &workspace.settings;
        let settle = Duration::from_millis(settings.watch.settle_ms);
        let rescan_every = Duration::from_secs(settings.watch.poll_interval_secs);
        Sources {
            folders: workspace.drop_folders(),
            ignore: Ignore::new(&settings.watch.ignore),
            settle,
            settling: Settling::new(settle),
            rescan_every,
            rescan: every(rescan_every),
            revisit: every(rescan_every),
            jobs: Jobs::new(&settings.schedule),
            queue: BTreeSet::new(),
            unlisted: BTreeMap::new(),
            recheck: Vec::new(),
            retry_later: Vec::new(),
        }
    }

    /// The configuration was reread: the folders, clocks and schedule are set from it, and
    /// what the inbox holds is looked at again (the new folders may hold files).
    fn reload(&mut self, workspace: &Workspace) {
        let settings = &workspace.settings;
        self.folders = workspace.drop_folders();
        self.ignore = Ignore::new(&settings.watch.ignore);
        self.settle = Duration::from_millis(settings.watch.settle_ms);
        self.settling.set_settle(self.settle);
        self.rescan_every = Duration::from_secs(settings.watch.poll_interval_secs);
        self.rescan = every(self.rescan_every);
        self.revisit = every(self.rescan_every);
        self.jobs = Jobs::new(&settings.schedule);
        self.scan_all();
    }

    /// Scans every drop folder.
    fn scan_all(&mut self) {
        let found = scan::scan(&self.folders, &self.ignore);
        self.take_in(&found);
    }

    /// Scans below one folder of the inbox.
    fn scan_below(&mut self, folder: &std::path::Path) {
        let found = scan::scan_below(folder, &self.folders, &self.ignore);
        self.take_in(&found);
    }

    /// Queues what a scan found that is ready; the rest settles first.
    fn take_in(&mut self, found: &Found) {
        self.unlisted.extend(found.errors.iter().cloned());
        let now = SystemTime::now();
        for candidate in &found.candidates {
            if candidate.special.is_some()
                || readiness::judge(&candidate.path, self.settle, now) == readiness::Verdict::Ready
            {
                self.queue.insert(candidate.path.clone());
            } else {
                self.settling
                    .changed(candidate.path.clone(), Instant::now());
            }
        }
    }

    /// The queued paths still in the inbox, as candidates; the queue is emptied.
    fn take_queue(&mut self) -> Vec<Candidate> {
        std::mem::take(&mut self.queue)
            .into_iter()
            .filter_map(|path| scan::candidate_at(&path, &self.folders, &self.ignore))
            .collect()
    }

    /// A change event.
    fn signalled(&mut self, signal: Signal) {
        match signal {
            // Closed by one writer; another may still hold it open.
            Signal::Complete(path) if readiness::still_written(&path) => {
                self.settling.changed(path, Instant::now());
            }
            Signal::Complete(path) => {
                self.settling.forget(&path);
                self.queue.insert(path);
            }
            // A link or a pipe is never written like a file: nothing to wait for.
            Signal::Changed(path) if is_special(&path) => {
                self.settling.forget(&path);
                self.queue.insert(path);
            }
            Signal::Changed(path) => self.settling.changed(path, Instant::now()),
            Signal::Folder(path) => {
                self.scan_below(&path);
                // A file made in a new folder before its watch was added sends no event: the
                // folder is looked at again shortly.
                self.recheck
                    .push((Instant::now() + RECHECK_NEW_FOLDER, path));
            }
        }
    }

    /// The settle clock: what settled, new folders due a second look, files due a retry.
    fn tick(&mut self) {
        let now = Instant::now();
        self.queue.extend(self.settling.due(now));
        let (due, later): (Vec<_>, Vec<_>) = self.recheck.drain(..).partition(|(at, _)| *at <= now);
        self.recheck = later;
        for (_, path) in due {
            self.scan_below(&path);
        }
        if self.retry_later.iter().any(|(at, _)| *at <= now) {
            let (due, later): (Vec<_>, Vec<_>) =
                self.retry_later.drain(..).partition(|(at, _)| *at <= now);
            self.retry_later = later;
            self.queue.extend(due.into_iter().map(|(_, path)| path));
        }
    }

    /// Files a pass left in the inbox (a full disk): queued again after a rescan's time.
    fn retry(&mut self, left: Vec<PathBuf>) {
        let again = Instant::now() + self.rescan_every;
        self.retry_later
            .extend(left.into_iter().map(|path| (again, path)));
    }
}

/// A clock that first ticks one `period` from now.
fn every(period: Duration) -> tokio::time::Interval {
    tokio::time::interval_at(tokio::time::Instant::now() + period, period)
}

/// Whether the path is there and is not a regular file or folder (a link, a pipe, a socket).
fn is_special(path: &std::path::Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|meta| scan::Special::of(meta.file_type()).is_some())
}
