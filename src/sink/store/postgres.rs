//! The claim store in PostgreSQL (SPEC §7), for a workspace that outgrows one host.
//!
//! What is particular to PostgreSQL, the store's operations being written once against
//! `db::Sql`: its schema, versioned like SQLite's (`migrations/postgres/`, applied in one
//! transaction each, the version kept in `claimdrop_schema`); connecting with the workspace's
//! `[store]` settings (named by host and pid, so that `store status` and the leases can say
//! which daemon); copying a SQLite store into an empty database (`store migrate`),
//! checked before it is committed; and what `store status` says of the server.
//!
//! The tables keep SQLite's names, columns and text encodings (money, dates and times are
//! TEXT in both), so one row copies into the other unchanged and both hand back the same
//! strings; whole numbers are BIGINT. A copy is one transaction: a database is either left as
//! it was or holds the whole store, its history chain walked intact.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use std::cell::RefCell;

use super::db::{Db, DbError, PgClient, Sql, Tx, Value, error_chain, values};
use super::{Store, StoreError, Verification, walk_chain};
use crate::lang::Text;
use crate::text;

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/001_store.sql"),
    include_str!("../migrations/postgres/002_filed_paths.sql"),
];

/// The advisory lock an upgrade of the schema is made under ("claimdrop schema", as a key):
/// daemons started together with a new version upgrade it once.
const SCHEMA_LOCK: i64 = 0x636c_6169_6d73_6368;

/// The tables a store copies, parents before the rows that refer to them.
const TABLES: &[&str] = &[
    "claims",
    "claim_references",
    "documents",
    "findings",
    "history",
    "exceptions",
    "held",
    "requests",
    "outbox",
    "deliveries",
    "outbox_origin",
];

/// How long connecting may take before the store counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// This process, as the database knows it: its connections' `application_name` and the
/// holder of its leases.
pub(crate) struct Daemon {
    pub host: String,
    pub pid: i64,
    pub name: String,
}

impl Daemon {
    pub fn this() -> Daemon {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        let host = host.trim().to_string();
        let pid = std::process::id();
        Daemon {
            name: format!("claimdrop on {host}, pid {pid}"),
            host,
            pid: i64::from(pid),
        }
    }
}

/// A connection to a PostgreSQL store.
pub struct Shared {
    db: Db,
    /// The URL without its password: the only form claimdrop prints.
    url: String,
}

/// What `store status` says of a PostgreSQL store.
#[derive(Debug, Clone)]
pub struct SharedStatus {
    pub url: String,
    pub server: String,
    /// 0: the database holds no claimdrop store.
    pub schema_version: i64,
    pub leases: Vec<LeaseHolder>,
}

/// A daemon holding leases now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseHolder {
    pub daemon: String,
    pub host: String,
    pub pid: i64,
    pub leases: i64,
}

/// What `store migrate` copied: rows per table, and the chain it walked.
#[derive(Debug, Clone)]
pub struct Copied {
    pub tables: Vec<(&'static str, u64)>,
    pub history_entries: u64,
}

/// A URL with any password taken out (`postgres://user:secret@host/db` -> `postgres://user@host/db`,
/// and a `password=` parameter dropped).
pub fn redact(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    // The user info ends at the last `@` before the query: a password may hold `/` or `@`.
    let before_query = rest.find('?').unwrap_or(rest.len());
    let (user_info, rest) = match rest.get(..before_query).and_then(|r| r.rfind('@')) {
        Some(at) => (rest.get(..at), rest.get(at + 1..).unwrap_or("")),
        None => (None, rest),
    };
    let (host, path) = match rest.find(['/', '?']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let authority = match user_info {
        Some(user_info) => {
            let user = user_info
                .split_once(':')
                .map_or(user_info, |(user, _)| user);
            format!("{user}@{host}")
        }
        None => host.to_string(),
    };
    let path = match path.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|pair| !pair.to_ascii_lowercase().starts_with("password="))
                .collect();
            if kept.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => path.to_string(),
    };
    if scheme.is_empty() {
        format!("{authority}{path}")
    } else {
        format!("{scheme}://{authority}{path}")
    }
}

impl Shared {
    /// Connects to the database `url` names, with the password in `password_file` if one is
    /// given. Unreachable, refused or misnamed: `StoreError::Unusable` naming the URL without
    /// its password.
    pub fn connect(url: &str, password_file: Option<&Path>) -> Result<Shared, StoreError> {
        let shown = redact(url);
        let unusable = |why: Text| StoreError::Unusable(shown.clone(), why);
        let mut config = postgres::Config::from_str(url)
            .map_err(|e| unusable(text!("plain", text = e.to_string())))?;
        if let Some(file) = password_file {
            let password = std::fs::read_to_string(file).map_err(|e| {
                unusable(text!(
                    "store-password-file",
                    file = file.display().to_string(),
                    error = e.to_string()
                ))
            })?;
            config.password(password.trim_end_matches(['\r', '\n']));
        }
        // Named for `store status` and for the leases: which host, which process.
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .application_name(&Daemon::this().name);
        let client = config
            .connect(postgres::NoTls)
            .map_err(|e| unusable(text!("plain", text = error_chain(&e))))?;
        Ok(Shared {
            db: Db::Postgres(Box::new(RefCell::new(PgClient::new(client, config)))),
            url: shown,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A failure of this database, named by its URL.
    fn failed(&self) -> impl Fn(DbError) -> StoreError + '_ {
        |error| StoreError::Unusable(self.url.clone(), text!("plain", text = error.to_string()))
    }

    /// The claimdrop schema version this database holds; 0 for none.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let found = self
            .db
            .row(
                "SELECT to_regclass('claimdrop_schema') IS NOT NULL",
                &[],
                |r| r.get::<bool>(0),
            )
            .map_err(self.failed())?;
        if found != Some(true) {
            return Ok(0);
        }
        let version = self
            .db
            .row(
                "SELECT COALESCE(MAX(version), 0) FROM claimdrop_schema",
                &[],
                |r| r.get(0),
            )
            .map_err(self.failed())?;
        Ok(version.unwrap_or(0))
    }

    /// Says what the store is and who holds leases on its work.
    pub fn status(&self) -> Result<SharedStatus, StoreError> {
        let server = self
            .db
            .row("SHOW server_version", &[], |r| r.get(0))
            .map_err(self.failed())?
            .unwrap_or_default();
        let schema_version = self.schema_version()?;
        let leases = if schema_version == 0 {
            Vec::new()
        } else {
            self.db
                .rows(
                    "SELECT daemon, host, pid, COUNT(*) FROM leases WHERE expires_at > now()
                     GROUP BY daemon, host, pid ORDER BY host, daemon",
                    &[],
                    |r| {
                        Ok(LeaseHolder {
                            daemon: r.get(0)?,
                            host: r.get(1)?,
                            pid: r.get(2)?,
                            leases: r.get(3)?,
                        })
                    },
                )
                .map_err(self.failed())?
        };
        Ok(SharedStatus {
            url: self.url.clone(),
            server,
            schema_version,
            leases,
        })
    }

    /// Copies a SQLite store, every row of every table, into this database, which must hold
    /// no claimdrop store yet. One transaction: the schema, the rows, the identity counters
    /// moved past the copied ids, then the row counts compared and the history chain walked
    /// where it now lies; anything amiss rolls it all back.
    pub fn copy_from(&mut self, sqlite: &rusqlite::Connection) -> Result<Copied, StoreError> {
        if self.schema_version()? != 0 {
            return Err(StoreError::Unusable(
                self.url.clone(),
                text!("store-not-empty"),
            ));
        }
        let url = self.url.clone();
        let failed = |error: DbError| {
            StoreError::Unusable(url.clone(), text!("plain", text = error.to_string()))
        };
        let tx = self.db.transaction(true).map_err(failed)?;
        apply_migrations(&tx, 0).map_err(failed)?;
        let mut tables = Vec::new();
        for &table in TABLES {
            let copied = copy_table(sqlite, &tx, table).map_err(|why| {
                StoreError::Unusable(
                    url.clone(),
                    text!("store-copy-failed", table = table, why = why),
                )
            })?;
            tables.push((table, copied));
        }
        for (table, column) in [
            ("claim_references", "rowid"),
            ("documents", "document_id"),
            ("exceptions", "exception_id"),
            ("requests", "request_id"),
            ("outbox", "event_id"),
        ] {
            tx.row(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                                   COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
                ),
                &[],
                |_| Ok(()),
            )
            .map_err(failed)?;
        }
        for &(table, copied) in &tables {
            let there: Option<i64> = tx
                .row(&format!("SELECT COUNT(*) FROM {table}"), &[], |r| r.get(0))
                .map_err(failed)?;
            if there.and_then(|n| u64::try_from(n).ok()) != Some(copied) {
                return Err(StoreError::Unusable(
                    url.clone(),
                    text!(
                        "store-copy-failed",
                        table = table,
                        why = format!("{copied} rows copied, {} found", there.unwrap_or(0))
                    ),
                ));
            }
        }
        let history_entries = match walk_chain(&tx)? {
            Verification::Intact { entries } => entries,
            Verification::Broken { seq, reason } => {
                return Err(StoreError::Unusable(
                    url.clone(),
                    text!("said-history-broken", entry = seq, why = reason),
                ));
            }
        };
        tx.commit().map_err(failed)?;
        Ok(Copied {
            tables,
            history_entries,
        })
    }

    /// The store this database holds, for the operations written against `db::Sql`.
    pub fn into_store(self) -> Result<Store, StoreError> {
        let version = self.schema_version()?;
        let expected = MIGRATIONS.len() as i64;
        if version == 0 {
            return Err(StoreError::Unusable(self.url, text!("store-none-shared")));
        }
        if version > expected {
            let why = text!("store-newer", version = version, reads = expected);
            return Err(StoreError::Unusable(self.url, why));
        }
        let mut shared = self;
        if version < expected {
            shared.upgrade()?;
        }
        Ok(Store { db: shared.db })
    }

    /// Applies the migrations this claimdrop has and the database lacks, in one transaction,
    /// under the schema lock (a second daemon upgrading at the same moment waits, then finds
    /// nothing left to do). Each migration only adds (tables, columns, indexes), so that
    /// daemons of the version before, still running on other hosts, go on meanwhile.
    fn upgrade(&mut self) -> Result<(), StoreError> {
        let url = self.url.clone();
        let failed = |error: DbError| {
            StoreError::Unusable(url.clone(), text!("plain", text = error.to_string()))
        };
        let tx = self.db.transaction(true).map_err(failed)?;
        tx.row(
            "SELECT pg_advisory_xact_lock(?1)",
            values![SCHEMA_LOCK],
            |_| Ok(()),
        )
        .map_err(failed)?;
        let version: i64 = tx
            .row(
                "SELECT COALESCE(MAX(version), 0) FROM claimdrop_schema",
                &[],
                |r| r.get(0),
            )
            .map_err(failed)?
            .unwrap_or(0);
        apply_migrations(&tx, version).map_err(failed)?;
        tx.commit().map_err(failed)?;
        if version < MIGRATIONS.len() as i64 {
            tracing::info!(from = version, to = MIGRATIONS.len(), %url, "store schema upgraded");
        }
        Ok(())
    }
}

/// Applies the migrations after `from`, each recorded in `claimdrop_schema`.
fn apply_migrations(tx: &Tx, from: i64) -> Result<(), DbError> {
    tx.batch("CREATE TABLE IF NOT EXISTS claimdrop_schema (version BIGINT NOT NULL)")?;
    for (number, sql) in (1i64..).zip(MIGRATIONS) {
        if number > from {
            tx.batch(sql)?;
            tx.execute(
                "INSERT INTO claimdrop_schema (version) VALUES (?1)",
                values![number],
            )?;
        }
    }
    Ok(())
}

/// Copies one table's rows, by column name; the number copied, or why not.
fn copy_table(sqlite: &rusqlite::Connection, tx: &Tx, table: &str) -> Result<u64, String> {
    let columns: Vec<String> = tx
        .rows(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1
             ORDER BY ordinal_position",
            values![table],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    if columns.is_empty() {
        return Err("no such table in the PostgreSQL schema".into());
    }
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("?{n}")).collect();
    let insert = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        placeholders.join(", ")
    );
    let mut select = sqlite
        .prepare(&format!("SELECT {} FROM {table}", columns.join(", ")))
        .map_err(|e| e.to_string())?;
    let mut rows = select.query([]).map_err(|e| e.to_string())?;
    let mut copied = 0u64;
    let mut values = Vec::with_capacity(columns.len());
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        values.clear();
        for (i, name) in columns.iter().enumerate() {
            let value: rusqlite::types::Value = row.get(i).map_err(|e| e.to_string())?;
            values.push(copied_value(value).map_err(|why| format!("{name}: {why}"))?);
        }
        tx.execute(&insert, &values).map_err(|e| e.to_string())?;
        copied += 1;
    }
    Ok(copied)
}

/// A SQLite value as it is copied: bound to whatever its PostgreSQL column is (a number kept
/// in a TEXT column of a table without STRICT goes in as its text, as SQLite hands it back).
fn copied_value(value: rusqlite::types::Value) -> Result<Value<'static>, String> {
    use rusqlite::types::Value as Sqlite;
    Ok(match value {
        Sqlite::Null => Value::Null,
        Sqlite::Integer(n) => Value::Int(n),
        Sqlite::Text(t) => Value::from(t),
        Sqlite::Real(r) => Value::from(r.to_string()),
        Sqlite::Blob(_) => return Err("bytes where text or a number was expected".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown() {
        for (url, shown) in [
            (
                "postgres://claimdrop:s3cret@db.example:5433/claims",
                "postgres://claimdrop@db.example:5433/claims",
            ),
            (
                "postgresql://claimdrop@10.0.0.7/claims",
                "postgresql://claimdrop@10.0.0.7/claims",
            ),
            (
                "postgres://a:b:c@host/db?sslmode=disable&password=hunter2",
                "postgres://a@host/db?sslmode=disable",
            ),
            ("postgres://host/db?password=x", "postgres://host/db"),
            ("postgres://u:p@[::1]:5432", "postgres://u@[::1]:5432"),
            ("postgres://u:p@w@rd@host/db", "postgres://u@host/db"),
            ("postgres://u:pa/ss@host/db", "postgres://u@host/db"),
        ] {
            assert_eq!(redact(url), shown, "{url}");
            assert!(!redact(url).contains("s3cret") && !redact(url).contains("hunter2"));
        }
    }

    #[test]
    fn sqlite_values_copy_as_they_are() {
        use rusqlite::types::Value as Sqlite;
        assert_eq!(copied_value(Sqlite::Integer(7)), Ok(Value::Int(7)));
        assert_eq!(copied_value(Sqlite::Null), Ok(Value::Null));
        assert_eq!(copied_value(Sqlite::Text("x".into())), Ok(Value::from("x")));
        assert!(copied_value(Sqlite::Blob(vec![1])).is_err());
    }
}
