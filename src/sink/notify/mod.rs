//! The notifier: works off the outbox (SPEC §5a).
//!
//! A pass first expands new events into deliveries with the configuration of the moment (the
//! webhook if one is set; an e-mail to each concerned user with an address in `[people]`,
//! else to the global admins with one), then attempts every delivery that is due. An attempt
//! ends delivered, pending again after a backoff (`retry_secs`, doubling up to an hour), or
//! failed: refused for good by the receiver, or `max_attempts` used up. Each outcome is one
//! row update, committed before the next attempt, so a crash repeats at most the attempt in
//! flight: delivery is at least once, and every message carries the event's key for a
//! receiver to deduplicate on.
//!
//! The daemon runs passes in a thread of its own with its own store connection, so a slow or
//! dead server never holds filing up; a one-shot command runs one bounded pass at its end.
//! Within a pass a channel whose server could not be reached is not tried again: one dead
//! server costs one timeout per pass, not one per waiting message.

mod channel;
mod message;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Settings;
use crate::sink::store::{DeliveryStatus, OutboxEvent, Store, StoreError};
use crate::workspace::Workspace;

/// Deliveries taken per query; a pass goes on until none is due.
const BATCH: usize = 200;
/// The longest wait between two attempts of one delivery.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Pass {
    pub delivered: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// One pass over the outbox: expand new events, attempt what is due. `stop` ends it between
/// two attempts.
pub(crate) fn pass(
    store: &mut Store,
    settings: &Settings,
    root: &Path,
    stop: &AtomicBool,
) -> Result<Pass, StoreError> {
    // The writer's connection may be lent (a pass at the end of a command): it gets its
    // durability back whatever the pass did.
    store.wait_for_disk(false)?;
    let done = deliver(store, settings, root, stop);
    store.wait_for_disk(true)?;
    done
}

fn deliver(
    store: &mut Store,
    settings: &Settings,
    root: &Path,
    stop: &AtomicBool,
) -> Result<Pass, StoreError> {
    let now = Utc::now();
    expand(store, settings, now)?;
    let mut done = Pass::default();
    // A relative password file is the workspace's, like every other path of the configuration.
    let mut notify = settings.notify.clone();
    if !notify.smtp_password_file.as_os_str().is_empty() {
        notify.smtp_password_file = root.join(&notify.smtp_password_file);
    }
    let mut channels = channel::Channels::new(&notify);
    let lang = settings.lang();
    // Channels that could not be reached in this pass, and when they are tried again: their
    // other deliveries wait until then, without an attempt counted.
    let mut down: BTreeMap<String, DateTime<Utc>> = BTreeMap::new();
    loop {
        let due = store.due_deliveries(now, BATCH)?;
        if due.is_empty() {
            break;
        }
        for delivery in due {
            if stop.load(Ordering::Relaxed) {
                return Ok(done);
            }
            if let Some(again) = down.get(&delivery.channel) {
                store.postpone(&delivery, *again)?;
                continue;
            }
            let text = message::Message::of(&delivery.event, lang);
            let result = channels.send(&delivery, &text);
            let attempts = delivery.attempts + 1;
            let (status, error, next_at) = match result {
                Ok(()) => (DeliveryStatus::Delivered, None, Utc::now()),
                Err(failure) => {
                    let status = if failure.permanent || attempts >= settings.notify.max_attempts {
                        DeliveryStatus::Failed
                    } else {
                        DeliveryStatus::Pending
                    };
                    let again = Utc::now() + backoff(settings.notify.retry_secs, attempts);
                    if failure.unreachable {
                        down.insert(delivery.channel.clone(), again);
                    }
                    (status, Some(failure.message), again)
                }
            };
            match status {
                DeliveryStatus::Delivered => done.delivered += 1,
                DeliveryStatus::Pending => done.retrying += 1,
                DeliveryStatus::Failed => done.failed += 1,
            }
            if let Some(error) = &error {
                tracing::warn!(event = %delivery.event.event, channel = %delivery.channel, recipient = %delivery.recipient, attempts, %error, "notification not delivered");
            }
            store.record_attempt(&delivery, status, error.as_deref(), next_at)?;
        }
    }
    Ok(done)
}

/// The notifier looks at the outbox at least this often, nudged or not.
const IDLE: Duration = Duration::from_secs(30);
/// And at most this often: nudges within it are answered by one pass.
const BUSY: Duration = Duration::from_millis(200);
/// How often a notifier beside another that sends (a shared store) asks whether it stopped.
const NOT_SENDING_LOOK: Duration = Duration::from_secs(5);

enum Nudge {
    Look,
    Reload(Box<Workspace>),
}

/// How the filer tells the notifier that the outbox may have grown or the configuration
/// changed. Never blocks: a nudge finding one waiting is not needed.
#[derive(Clone)]
pub(crate) struct Nudger(std::sync::mpsc::SyncSender<Nudge>);

impl Nudger {
    pub fn look(&self) {
        let _ = self.0.try_send(Nudge::Look);
    }

    pub fn reload(&self, workspace: &Workspace) {
        let _ = self.0.send(Nudge::Reload(Box::new(workspace.clone())));
    }
}

/// The notifier thread: passes over the outbox from its own connection whenever nudged or a
/// delivery is due, beside the filer (`watch`, and `run` while it files).
pub(crate) struct Sender {
    nudges: Nudger,
    ending: Arc<Ending>,
    thread: std::thread::JoinHandle<()>,
}

/// Set when the filer is done, and waking the thread from its rate limit's wait: the last
/// nudges are answered at once. (A wait on the nudges themselves would wake the thread for
/// every file filed.)
#[derive(Default)]
struct Ending {
    done: std::sync::Mutex<bool>,
    woken: std::sync::Condvar,
}

impl Ending {
    /// Waits up to `wait`, less if the filer ends meanwhile.
    fn wait(&self, wait: Duration) {
        if let Ok(done) = self.done.lock() {
            let _ = self.woken.wait_timeout_while(done, wait, |done| !*done);
        }
    }

    fn end(&self) {
        if let Ok(mut done) = self.done.lock() {
            *done = true;
        }
        self.woken.notify_all();
    }
}

/// What the thread does after a pass that changed something (the daemon has the reports
/// rewritten).
pub(crate) type AfterPass = Box<dyn Fn(&Workspace) + Send>;

impl Sender {
    pub fn start(workspace: &Workspace, stop: Arc<AtomicBool>, after: AfterPass) -> Sender {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Nudge>(4);
        let workspace = workspace.clone();
        let ending = Arc::new(Ending::default());
        let woken = ending.clone();
        let thread = std::thread::spawn(move || notifier(workspace, rx, &woken, stop, after));
        Sender {
            nudges: Nudger(tx),
            ending,
            thread,
        }
    }

    pub fn nudger(&self) -> Nudger {
        self.nudges.clone()
    }

    /// Ends the thread once every nudger is dropped: after a last pass, unless `stop` is set
    /// (a daemon stopping ends after the attempt in hand). Whether it ended cleanly.
    pub fn finish(self) -> bool {
        drop(self.nudges);
        self.ending.end();
        self.thread.join().is_ok()
    }
}

fn notifier(
    workspace: Workspace,
    nudges: std::sync::mpsc::Receiver<Nudge>,
    ending: &Ending,
    stop: Arc<AtomicBool>,
    after: AfterPass,
) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut workspace = workspace;
    let mut store = match crate::sink::store::Opening::connection(&workspace) {
        Ok(store) => store,
        Err(e) => {
            tracing::error!(error = %e, "no notifications: cannot open the store");
            return;
        }
    };
    // Events left from before a restart are delivered at once.
    let mut wait = Duration::ZERO;
    let mut last = false;
    let mut last_pass = std::time::Instant::now() - BUSY;
    while !last {
        match nudges.recv_timeout(wait) {
            Ok(Nudge::Reload(reloaded)) => workspace = *reloaded,
            Ok(Nudge::Look) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => last = true,
        }
        // At most one pass per BUSY: the nudges of a busy filer are answered together. The
        // filer finishing (`run` ending, the daemon stopping) cuts that wait short, and the
        // last pass does not wait: a `run` would otherwise end up to BUSY late.
        if !last {
            ending.wait(BUSY.saturating_sub(last_pass.elapsed()));
        }
        while let Ok(nudge) = nudges.try_recv() {
            if let Nudge::Reload(reloaded) = nudge {
                workspace = *reloaded;
            }
        }
        if stop.load(Ordering::Relaxed) {
            return;
        }
        last_pass = std::time::Instant::now();
        // Beside daemons sharing the store, one sends (`Store::sends`); the others ask again
        // now and then, to take over when it stops.
        match store.sends() {
            Ok(true) => {}
            Ok(false) => {
                wait = NOT_SENDING_LOOK;
                continue;
            }
            Err(e) => {
                tracing::error!(error = %e, "notifications: will try again");
                wait = NOT_SENDING_LOOK;
                continue;
            }
        }
        match pass(&mut store, &workspace.settings, &workspace.root, &stop) {
            Ok(done) if done != Pass::default() => {
                tracing::info!(
                    delivered = done.delivered,
                    retrying = done.retrying,
                    failed = done.failed,
                    "notifications"
                );
                after(&workspace);
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "notifications: will try again"),
        }
        wait = next_wait(&store)
            .ok()
            .flatten()
            .unwrap_or(IDLE)
            .clamp(BUSY, IDLE);
    }
}

/// One pass at the end of a writing command that ran without the daemon: what it raised is
/// told now, what cannot be is left for the next pass.
pub(crate) fn deliver_now(workspace: &Workspace, store: &mut Store) {
    // A daemon sending for a shared store tells it; the command leaves it to that one.
    if !store.sends().unwrap_or(false) {
        return;
    }
    let stop = AtomicBool::new(false);
    match pass(store, &workspace.settings, &workspace.root, &stop) {
        Ok(done) => {
            if done.retrying + done.failed > 0 {
                tracing::warn!(
                    delivered = done.delivered,
                    retrying = done.retrying,
                    failed = done.failed,
                    "some notifications were not delivered (see reports/notifications.csv)"
                );
            }
            if done != Pass::default() {
                write_report(workspace, store);
            }
        }
        Err(e) => tracing::error!(error = %e, "notifications: the next run tries again"),
    }
}

/// Rewrites notifications.csv alone, after deliveries the other reports did not see.
pub(crate) fn write_report(workspace: &Workspace, store: &Store) {
    let style = crate::sink::reports::Style::of(&workspace.settings);
    if let Err(e) = crate::sink::reports::write_notifications(store, &workspace.reports(), style) {
        tracing::error!(error = %e, "cannot write notifications.csv");
    }
}

/// How long until the next delivery is due (None: nothing is waiting).
pub(crate) fn next_wait(store: &Store) -> Result<Option<Duration>, StoreError> {
    Ok(store.next_due()?.map(|at| {
        DateTime::parse_from_rfc3339(&at)
            .map(|at| {
                (at.with_timezone(&Utc) - Utc::now())
                    .to_std()
                    .unwrap_or(Duration::ZERO)
            })
            .unwrap_or(Duration::ZERO)
    }))
}

/// The wait after the `attempts`-th failed attempt.
fn backoff(retry_secs: u64, attempts: u32) -> chrono::Duration {
    let doubled = retry_secs.saturating_mul(1u64 << attempts.saturating_sub(1).min(20));
    let wait = Duration::from_secs(doubled).min(MAX_BACKOFF);
    chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
}

/// Turns every new event into its deliveries.
fn expand(store: &mut Store, settings: &Settings, now: DateTime<Utc>) -> Result<(), StoreError> {
    loop {
        let events = store.unexpanded_events(BATCH)?;
        if events.is_empty() {
            return Ok(());
        }
        let expanded: Vec<_> = events
            .iter()
            .map(|event| (event.event_id, deliveries_of(event, settings)))
            .collect();
        store.expand(&expanded, now)?;
    }
}

/// Who is told of an event, by which channel.
fn deliveries_of(event: &OutboxEvent, settings: &Settings) -> Vec<(&'static str, String)> {
    let notify = &settings.notify;
    if !notify.events.contains(&event.event) {
        return Vec::new();
    }
    let mut deliveries = Vec::new();
    if !notify.webhook_url.is_empty() {
        deliveries.push((channel::WEBHOOK, notify.webhook_url.clone()));
    }
    if !notify.smtp_host.is_empty() {
        deliveries.extend(
            addresses(&event.users, settings)
                .into_iter()
                .map(|address| (channel::EMAIL, address)),
        );
    }
    deliveries
}

/// The addresses of the users concerned; when none has one, the global admins'.
fn addresses(users: &[String], settings: &Settings) -> BTreeSet<String> {
    let of = |names: &mut dyn Iterator<Item = &String>| -> BTreeSet<String> {
        names
            .filter_map(|user| settings.people.get(user))
            .cloned()
            .collect()
    };
    let concerned = of(&mut users.iter());
    if concerned.is_empty() {
        of(&mut settings.roles.global_admins.iter())
    } else {
        concerned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(people: &[(&str, &str)], admins: &[&str]) -> Settings {
        let mut settings = Settings::default();
        settings.notify.smtp_host = "localhost".into();
        settings.people = people
            .iter()
            .map(|(u, a)| (u.to_string(), a.to_string()))
            .collect();
        settings.roles.global_admins = admins.iter().map(|a| a.to_string()).collect();
        settings
    }

    #[test]
    fn the_people_concerned_are_mailed_else_the_admins() {
        let s = settings(&[("ann", "ann@x.test"), ("root", "root@x.test")], &["root"]);
        let users = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(
            addresses(&users(&["ann", "bob"]), &s),
            BTreeSet::from(["ann@x.test".to_string()])
        );
        assert_eq!(
            addresses(&users(&["bob"]), &s),
            BTreeSet::from(["root@x.test".to_string()])
        );
        let nobody = settings(&[("ann", "ann@x.test")], &["root"]);
        assert!(addresses(&users(&["bob"]), &nobody).is_empty());
    }

    #[test]
    fn the_backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(60, 1).num_seconds(), 60);
        assert_eq!(backoff(60, 2).num_seconds(), 120);
        assert_eq!(backoff(60, 4).num_seconds(), 480);
        assert_eq!(backoff(60, 9).num_seconds(), 3600);
        assert_eq!(backoff(60, 200).num_seconds(), 3600);
        assert_eq!(backoff(u64::MAX, 3).num_seconds(), 3600);
    }
}
