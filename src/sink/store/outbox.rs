//! The outbox: events waiting to be told, and every delivery of them (SPEC §5a).
//!
//! `raise` is called inside the transaction of the change that causes the event, so an event
//! exists exactly when its cause was committed: a crash cannot lose one or invent one. The
//! event names the users it concerns (user names, not addresses: who reads which address is
//! configuration, looked up when the event is expanded). Expanding turns an event into its
//! deliveries, one per channel and recipient; the notifier then records each attempt on its
//! delivery row. These rows are all the notifier writes, one short transaction each, so its
//! connection never holds the filer up for longer than a row update.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::db::{DbError, Row, Sql, Tx, values};
use super::{Store, StoreError, timestamp};
use crate::domain::Event;

/// Who an event concerns.
#[derive(Debug, Clone)]
pub enum Concerned {
    /// The claim's people: everyone in its history but the one who acted (the reviewer is not
    /// told of their own decision).
    ClaimPeople,
    /// Exactly these users (the person asked, the file's owner, who asked).
    Users(Vec<String>),
}

/// An event to raise.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub event: Event,
    pub claim_id: Option<&'a str>,
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub concerned: Concerned,
    /// What happened, as the webhook's `details` object.
    pub details: serde_json::Value,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    pub event_id: i64,
    pub event: Event,
    pub claim_id: Option<String>,
    pub at: String,
    pub actor: String,
    pub users: Vec<String>,
    pub details: serde_json::Value,
    /// Unique beyond this store: what a receiver deduplicates on.
    pub key: String,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }
}

/// A delivery due: which event, by which channel, to whom.
#[derive(Debug, Clone)]
pub struct Due {
    pub event: OutboxEvent,
    pub channel: String,
    pub recipient: String,
    pub attempts: u32,
}

/// A delivery's row, keyed like `notifications.csv` (plus the event's key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationRow {
    pub at: String,
    pub event: String,
    pub claim_id: String,
    pub channel: String,
    pub recipient: String,
    pub status: String,
    pub attempts: u32,
    pub last_error: String,
    pub key: String,
}

/// Writes an event into the outbox, inside the caller's transaction.
pub(super) fn raise(tx: &Tx, event: &NewEvent) -> Result<(), StoreError> {
    let users = match &event.concerned {
        Concerned::Users(users) => users.clone(),
        Concerned::ClaimPeople => match event.claim_id {
            Some(claim_id) => tx.rows(
                "SELECT DISTINCT actor FROM history WHERE claim_id = ?1 AND actor <> ?2
                     ORDER BY actor",
                values![claim_id, event.actor],
                |r| r.get(0),
            )?,
            None => Vec::new(),
        },
    };
    tx.execute(
        "INSERT INTO outbox (event, claim_id, at, actor, users, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        values![
            event.event.as_str(),
            event.claim_id,
            timestamp(event.at),
            event.actor,
            serde_json::Value::from(users).to_string(),
            event.details.to_string(),
        ],
    )?;
    Ok(())
}

const EVENT_COLUMNS: &str = "o.event_id, o.event, o.claim_id, o.at, o.actor, o.users, o.details, (SELECT origin FROM outbox_origin)";

fn event_row(r: &Row) -> Result<OutboxEvent, DbError> {
    let event_id: i64 = r.get(0)?;
    let users: String = r.get(5)?;
    let details: String = r.get(6)?;
    let origin: Option<String> = r.get(7)?;
    Ok(OutboxEvent {
        event_id,
        event: super::typed(r, 1, Event::parse)?,
        claim_id: r.get(2)?,
        at: r.get(3)?,
        actor: r.get(4)?,
        users: serde_json::from_str(&users).unwrap_or_default(),
        details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
        key: format!("claimdrop-{}-{event_id}", origin.unwrap_or_default()),
    })
}

impl Store {
    /// Events not yet turned into deliveries, oldest first.
    pub fn unexpanded_events(&self, limit: usize) -> Result<Vec<OutboxEvent>, StoreError> {
        Ok(self.db.rows(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM outbox o WHERE o.expanded = 0
                 ORDER BY o.event_id LIMIT ?1"
            ),
            values![i64::try_from(limit).unwrap_or(i64::MAX)],
            event_row,
        )?)
    }

    /// Turns events into their deliveries (none: nobody is to be told), due at once, in one
    /// transaction.
    pub fn expand(
        &mut self,
        expanded: &[(i64, Vec<(&str, String)>)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction(true)?;
        for (event_id, deliveries) in expanded {
            for (channel, recipient) in deliveries {
                tx.execute(
                    "INSERT OR IGNORE INTO deliveries (event_id, channel, recipient, next_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    values![event_id, channel, recipient, timestamp(now)],
                )?;
            }
            tx.execute(
                "UPDATE outbox SET expanded = 1 WHERE event_id = ?1",
                values![event_id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets whether each commit of this connection waits for the disk (`synchronous`). The
    /// notifier's own rows need not: a delivery record lost to a power cut only means that
    /// delivery is made again, which at-least-once allows, and an fsync per delivery would cost
    /// more than the delivery. A crash of the process loses nothing either way (WAL).
    pub fn wait_for_disk(&self, wait: bool) -> Result<(), StoreError> {
        // PostgreSQL's commits wait for its own disk, as its server is set up.
        if self.db.is_postgres() {
            return Ok(());
        }
        self.conn()?
            .pragma_update(None, "synchronous", if wait { "FULL" } else { "NORMAL" })?;
        Ok(())
    }

    /// Pending deliveries whose time has come, oldest event first.
    pub fn due_deliveries(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Due>, StoreError> {
        Ok(self.db.rows(
            &format!(
                "SELECT {EVENT_COLUMNS}, d.channel, d.recipient, d.attempts
                 FROM deliveries d JOIN outbox o ON o.event_id = d.event_id
                 WHERE d.status = 'pending' AND d.next_at <= ?1
                 ORDER BY d.event_id, d.channel, d.recipient LIMIT ?2"
            ),
            values![timestamp(now), i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| {
                Ok(Due {
                    event: event_row(r)?,
                    channel: r.get(8)?,
                    recipient: r.get(9)?,
                    attempts: r.get(10)?,
                })
            },
        )?)
    }

    /// When the next pending delivery is due, if any is.
    pub fn next_due(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .db
            .row(
                "SELECT MIN(next_at) FROM deliveries WHERE status = 'pending'",
                &[],
                |r| r.get::<Option<String>>(0),
            )?
            .flatten())
    }

    /// Records one attempt: its outcome, its error, and when to try again if it will be.
    pub fn record_attempt(
        &mut self,
        due: &Due,
        status: DeliveryStatus,
        error: Option<&str>,
        next_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE deliveries SET status = ?4, attempts = attempts + 1, last_error = ?5,
                    next_at = ?6
                 WHERE event_id = ?1 AND channel = ?2 AND recipient = ?3",
            values![
                due.event.event_id,
                due.channel,
                due.recipient,
                status.as_str(),
                error,
                timestamp(next_at),
            ],
        )?;
        Ok(())
    }

    /// Moves a delivery's next attempt later without counting one (its server was down).
    pub fn postpone(&mut self, due: &Due, next_at: DateTime<Utc>) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE deliveries SET next_at = ?4
                 WHERE event_id = ?1 AND channel = ?2 AND recipient = ?3",
            values![
                due.event.event_id,
                due.channel,
                due.recipient,
                timestamp(next_at),
            ],
        )?;
        Ok(())
    }

    /// Every delivery in its latest state, in the order the events were raised.
    pub fn notification_rows(&self) -> Result<Vec<NotificationRow>, StoreError> {
        Ok(self.db.rows(
            "SELECT o.at, o.event, o.claim_id, d.channel, d.recipient, d.status, d.attempts,
                    d.last_error, o.event_id, (SELECT origin FROM outbox_origin)
             FROM deliveries d JOIN outbox o ON o.event_id = d.event_id
             ORDER BY d.event_id, d.channel, d.recipient",
            &[],
            |r| {
                let event_id: i64 = r.get(8)?;
                let origin: Option<String> = r.get(9)?;
                Ok(NotificationRow {
                    at: r.get(0)?,
                    event: r.get(1)?,
                    claim_id: r.get::<Option<String>>(2)?.unwrap_or_default(),
                    channel: r.get(3)?,
                    recipient: r.get(4)?,
                    status: r.get(5)?,
                    attempts: r.get(6)?,
                    last_error: r.get::<Option<String>>(7)?.unwrap_or_default(),
                    key: format!("claimdrop-{}-{event_id}", origin.unwrap_or_default()),
                })
            },
        )?)
    }
}
