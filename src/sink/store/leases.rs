//! Work shared by several daemons over one PostgreSQL store (SPEC §7): leases on dropped
//! files, and the duties one daemon at a time does.
//!
//! A file is read and filed by the daemon holding its lease, a row keyed by the file's path in
//! the shared inbox (the same path on every host) and taken with one `INSERT ... ON CONFLICT`
//! that only overwrites a lease run out or already this daemon's, so two daemons never read the
//! same file at once. A lease is given back once its file has ended; while its file is read
//! (a slow scan in OCR's lane), the keeper thread renews it. A daemon killed at any point
//! leaves its leases to run out, and whoever takes the file then finishes it in the commit's
//! crash-safe order: the store says what is already filed, so nothing is recorded twice.
//!
//! Duties (the claims rechecked and the reports rewritten; the notifications sent) are each
//! held by one daemon at a time with a session advisory lock: it goes with the connection,
//! so a daemon killed on any host, or cut from the database, leaves it to the next that asks.
//!
//! On SQLite the workspace's lock already makes one writer: every lease and duty is granted.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::time::Duration;

use super::db::{Sql, values};
use super::postgres::Daemon;
use super::{Opening, Store, StoreError};
use crate::workspace::Workspace;

/// The claims rechecked, deadlines, reports: one daemon's at a time.
const DUTY_LOCK: i64 = 0x636c_6169_6d66_696c;
/// The notification sender: one daemon's at a time, so that nobody is told twice.
const SENDING_LOCK: i64 = 0x636c_6169_6d73_6e64;

/// The files this process holds leases on, renewed by the keeper.
static HELD: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// The works, sorted and without repeats, as the JSON array the statements unnest: two
/// daemons asking for overlapping sets take their rows in the same order.
fn as_json<'a>(works: impl IntoIterator<Item = &'a String>) -> String {
    let works: BTreeSet<&String> = works.into_iter().collect();
    serde_json::to_string(&works).unwrap_or_else(|_| "[]".to_string())
}

const WORKS: &str = "SELECT w FROM json_array_elements_text(CAST(CAST(?1 AS TEXT) AS json)) AS w";

/// A file recorded at ?1: an archived document, an open quarantine record.
const RECORDED_AT: &str = "SELECT 1 FROM documents WHERE archive_path = ?1
    UNION ALL SELECT 1 FROM exceptions WHERE quarantine_path = ?1 AND resolved_at IS NULL
    LIMIT 1";

impl Store {
    /// Whether several daemons may share this store (PostgreSQL): work is leased.
    pub fn is_shared(&self) -> bool {
        self.db.is_postgres()
    }

    /// Takes the leases on `works` (paths relative to the workspace) for `secs` seconds; the
    /// ones granted: free, run out, or already this daemon's.
    pub fn take_leases(&self, works: &[String], secs: u64) -> Result<BTreeSet<String>, StoreError> {
        if !self.db.is_postgres() || works.is_empty() {
            return Ok(works.iter().cloned().collect());
        }
        let daemon = Daemon::this();
        let granted: Vec<String> = self.db.rows(
            &format!(
                "INSERT INTO leases (work, daemon, host, pid, expires_at)
                 SELECT w, ?2, ?3, ?4, now() + CAST(?5 AS BIGINT) * interval '1 second'
                 FROM ({WORKS}) AS asked
                 ON CONFLICT (work) DO UPDATE SET daemon = excluded.daemon, host = excluded.host,
                    pid = excluded.pid, taken_at = now(), expires_at = excluded.expires_at
                 WHERE leases.expires_at < now() OR leases.daemon = excluded.daemon
                 RETURNING work"
            ),
            values![
                as_json(works),
                daemon.name,
                daemon.host,
                daemon.pid,
                i64::try_from(secs).unwrap_or(i64::MAX)
            ],
            |r| r.get(0),
        )?;
        if let Ok(mut held) = HELD.lock() {
            held.extend(granted.iter().cloned());
        }
        Ok(granted.into_iter().collect())
    }

    /// Gives the leases on `works` back: their files have ended (or stay, for any daemon).
    pub fn release_leases(&self, works: &[String]) -> Result<(), StoreError> {
        if let Ok(mut held) = HELD.lock() {
            for work in works {
                held.remove(work);
            }
        }
        if !self.db.is_postgres() || works.is_empty() {
            return Ok(());
        }
        self.db.execute(
            &format!("DELETE FROM leases WHERE daemon = ?2 AND work IN ({WORKS})"),
            values![as_json(works), Daemon::this().name],
        )?;
        Ok(())
    }

    /// Renews for `secs` seconds the leases this process holds; how many.
    pub fn renew_leases(&self, secs: u64) -> Result<usize, StoreError> {
        let held: Vec<String> = match HELD.lock() {
            Ok(held) => held.iter().cloned().collect(),
            Err(_) => Vec::new(),
        };
        if !self.db.is_postgres() || held.is_empty() {
            return Ok(0);
        }
        let renewed = self.db.execute(
            &format!(
                "UPDATE leases SET expires_at = now() + CAST(?3 AS BIGINT) * interval '1 second'
                 WHERE daemon = ?2 AND work IN ({WORKS})"
            ),
            values![
                as_json(&held),
                Daemon::this().name,
                i64::try_from(secs).unwrap_or(i64::MAX)
            ],
        )?;
        Ok(usize::try_from(renewed).unwrap_or(usize::MAX))
    }

    /// Whether a file is recorded at `path` (relative to the workspace): an archived document
    /// or an open quarantine record, in place or not yet.
    pub fn recorded_at(&self, path: &str) -> Result<bool, StoreError> {
        Ok(self
            .db
            .row(RECORDED_AT, values![path], |r| r.get::<i64>(0))?
            .is_some())
    }

    /// Whether this connection holds the duties (the claims rechecked, deadlines, reports),
    /// taking them if they are free.
    pub fn on_duty(&self) -> Result<bool, StoreError> {
        Ok(self.db.hold_lock(DUTY_LOCK)?)
    }

    /// Whether this connection holds the notification sender's duty, taking it if free.
    pub fn sends(&self) -> Result<bool, StoreError> {
        Ok(self.db.hold_lock(SENDING_LOCK)?)
    }

    /// A mark that changes whenever what the reports show may have: the last history entry,
    /// the last quarantined file, how many are open, how many held. The daemon on duty
    /// compares it to rewrite the reports after other daemons filed.
    pub fn fingerprint(&self) -> Result<String, StoreError> {
        Ok(self
            .db
            .row(
                "SELECT CAST(COALESCE((SELECT MAX(seq) FROM history), 0) AS TEXT) || '/'
                || CAST(COALESCE((SELECT MAX(exception_id) FROM exceptions), 0) AS TEXT) || '/'
                || CAST((SELECT COUNT(*) FROM exceptions WHERE resolved_at IS NULL) AS TEXT) || '/'
                || CAST((SELECT COUNT(*) FROM held) AS TEXT)",
                &[],
                |r| r.get(0),
            )?
            .unwrap_or_default())
    }

    /// Who holds the duties now (PostgreSQL: the connection holding their lock, as it named
    /// itself), if anyone.
    pub fn on_duty_now(&self) -> Result<Option<String>, StoreError> {
        if !self.db.is_postgres() {
            return Ok(None);
        }
        Ok(self.db.row(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted
               AND l.classid::bigint * 4294967296 + l.objid::bigint = ?1",
            values![DUTY_LOCK],
            |r| r.get(0),
        )?)
    }
}

/// Renews this process's leases from its own connection, a third of `lease_secs` apart, until
/// dropped: a file read for longer than a lease (a scan in OCR) stays this daemon's.
pub(crate) struct Keeper {
    stop: Option<Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Keeper {
    /// Starts the keeper for a workspace on PostgreSQL; on SQLite there is nothing to keep.
    pub fn start(workspace: &Workspace) -> Keeper {
        if !workspace.settings.store.is_shared() {
            return Keeper {
                stop: None,
                thread: None,
            };
        }
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let workspace = workspace.clone();
        let secs = workspace.settings.store.lease_secs;
        let every = Duration::from_secs((secs / 3).max(1));
        let thread = std::thread::spawn(move || {
            let mut store = None;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                if store.is_none() {
                    store = workspace
                        .connection()
                        .map_err(|e| tracing::warn!(error = %e, "cannot renew the leases now"))
                        .ok();
                }
                if let Some(connected) = &store
                    && let Err(e) = connected.renew_leases(secs)
                {
                    tracing::warn!(error = %e, "cannot renew the leases now");
                    store = None;
                }
            }
        });
        Keeper {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Keeper {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
