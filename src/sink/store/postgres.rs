//! The claim store in PostgreSQL (SPEC §7), for a workspace that outgrows one host.
//!
//! So far (issue 32) this is the store's second home rather than a second engine: its schema,
//! versioned like SQLite's (`migrations/postgres/`, applied in one transaction each, the
//! version kept in `claimdrop_schema`); connecting with the workspace's `[store]` settings;
//! copying a SQLite store into an empty database (`store migrate`), checked before it is
//! committed; and saying what a store holds (`store status`). Filing still runs on SQLite:
//! with a PostgreSQL `url`, the commands that need the store refuse, saying so.
//!
//! The tables keep SQLite's names, columns and text encodings (money, dates and times are
//! TEXT in both), so one row copies into the other unchanged and both hand back the same
//! strings; whole numbers are BIGINT. A copy is one transaction: a database is either left as
//! it was or holds the whole store, its history chain walked intact.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use postgres::types::ToSql;
use rusqlite::types::Value;

use super::{ChainEntry, ChainWalk, Counts, HistoryEntry, StoreError, Verification};
use crate::lang::Text;
use crate::text;

const MIGRATIONS: &[&str] = &[include_str!("../migrations/postgres/001_store.sql")];

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

/// A connection to a PostgreSQL store.
pub struct Shared {
    client: postgres::Client,
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
    pub counts: Option<Counts>,
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
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .application_name("claimdrop");
        let client = config
            .connect(postgres::NoTls)
            .map_err(|e| unusable(text!("plain", text = error_chain(&e))))?;
        Ok(Shared { client, url: shown })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn failed(&self, error: postgres::Error) -> StoreError {
        StoreError::Unusable(self.url.clone(), text!("plain", text = error_chain(&error)))
    }

    /// The claimdrop schema version this database holds; 0 for none.
    pub fn schema_version(&mut self) -> Result<i64, StoreError> {
        let found = self
            .client
            .query_one("SELECT to_regclass('claimdrop_schema') IS NOT NULL", &[])
            .map_err(|e| self.failed(e))?;
        if !found.get::<_, bool>(0) {
            return Ok(0);
        }
        let row = self
            .client
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM claimdrop_schema",
                &[],
            )
            .map_err(|e| self.failed(e))?;
        Ok(row.get(0))
    }

    /// Says what the store holds and who holds leases on its work.
    pub fn status(&mut self) -> Result<SharedStatus, StoreError> {
        let server: String = self
            .client
            .query_one("SHOW server_version", &[])
            .map_err(|e| self.failed(e))?
            .get(0);
        let schema_version = self.schema_version()?;
        let (counts, leases) = if schema_version == 0 {
            (None, Vec::new())
        } else {
            let row = self
                .client
                .query_one(super::COUNTS, &[])
                .map_err(|e| self.failed(e))?;
            let counts = Counts {
                claims: row.get(0),
                documents: row.get(1),
                history_entries: row.get(2),
                open_exceptions: row.get(3),
            };
            let leases = self
                .client
                .query(
                    "SELECT daemon, host, pid, COUNT(*) FROM leases WHERE expires_at > now()
                     GROUP BY daemon, host, pid ORDER BY host, daemon",
                    &[],
                )
                .map_err(|e| self.failed(e))?
                .into_iter()
                .map(|row| LeaseHolder {
                    daemon: row.get(0),
                    host: row.get(1),
                    pid: row.get(2),
                    leases: row.get(3),
                })
                .collect();
            (Some(counts), leases)
        };
        Ok(SharedStatus {
            url: self.url.clone(),
            server,
            schema_version,
            counts,
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
        let failed = |e: postgres::Error| {
            StoreError::Unusable(url.clone(), text!("plain", text = error_chain(&e)))
        };
        let mut tx = self.client.transaction().map_err(failed)?;
        apply_migrations(&mut tx, 0).map_err(failed)?;
        let mut tables = Vec::new();
        for &table in TABLES {
            let copied = copy_table(sqlite, &mut tx, table).map_err(|why| {
                StoreError::Unusable(
                    url.clone(),
                    text!("store-copy-failed", table = table, why = why),
                )
            })?;
            tables.push((table, copied));
        }
        for (table, column) in [
            ("documents", "document_id"),
            ("exceptions", "exception_id"),
            ("requests", "request_id"),
            ("outbox", "event_id"),
        ] {
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                                   COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
                ),
                &[],
            )
            .map_err(failed)?;
        }
        for &(table, copied) in &tables {
            let there: i64 = tx
                .query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])
                .map_err(failed)?
                .get(0);
            if u64::try_from(there).ok() != Some(copied) {
                return Err(StoreError::Unusable(
                    url.clone(),
                    text!(
                        "store-copy-failed",
                        table = table,
                        why = format!("{copied} rows copied, {there} found")
                    ),
                ));
            }
        }
        let history_entries = match verify_in(&mut tx).map_err(failed)? {
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

    /// Walks the history chain as `verify` does on SQLite.
    pub fn verify(&mut self) -> Result<Verification, StoreError> {
        let url = self.url.clone();
        let mut tx = self.client.transaction().map_err(|e| {
            StoreError::Unusable(url.clone(), text!("plain", text = error_chain(&e)))
        })?;
        verify_in(&mut tx)
            .map_err(|e| StoreError::Unusable(url.clone(), text!("plain", text = error_chain(&e))))
    }
}

/// Applies the migrations after `from`, each recorded in `claimdrop_schema`.
fn apply_migrations(tx: &mut postgres::Transaction, from: i64) -> Result<(), postgres::Error> {
    tx.batch_execute("CREATE TABLE IF NOT EXISTS claimdrop_schema (version BIGINT NOT NULL)")?;
    for (number, sql) in (1i64..).zip(MIGRATIONS) {
        if number > from {
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO claimdrop_schema (version) VALUES ($1)",
                &[&number],
            )?;
        }
    }
    Ok(())
}

/// The history chain walked in one snapshot.
fn verify_in(tx: &mut postgres::Transaction) -> Result<Verification, postgres::Error> {
    let rows = tx.query(
        "SELECT seq, at, claim_id, actor, action, document_sha256, details, prev_hash, hash
         FROM history ORDER BY seq",
        &[],
    )?;
    let mut walk = ChainWalk::default();
    for row in rows {
        let entry = ChainEntry {
            entry: HistoryEntry {
                seq: row.try_get(0)?,
                at: row.try_get(1)?,
                claim_id: row.try_get(2)?,
                actor: row.try_get(3)?,
                action: row.try_get(4)?,
                document_sha256: row.try_get(5)?,
                details: row.try_get(6)?,
                hash: row.try_get(8)?,
            },
            prev_hash: row.try_get(7)?,
        };
        if let Some(broken) = walk.step(entry) {
            return Ok(broken);
        }
    }
    Ok(walk.end())
}

/// A value as a PostgreSQL column of the schema's two types takes it.
enum Cell {
    Number(Option<i64>),
    Text(Option<String>),
}

impl Cell {
    fn param(&self) -> &(dyn ToSql + Sync) {
        match self {
            Cell::Number(n) => n,
            Cell::Text(t) => t,
        }
    }
}

/// Copies one table's rows, by column name; the number copied, or why not.
fn copy_table(
    sqlite: &rusqlite::Connection,
    tx: &mut postgres::Transaction,
    table: &str,
) -> Result<u64, String> {
    let columns: Vec<(String, bool)> = tx
        .query(
            "SELECT column_name::text, data_type::text = 'bigint' FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            &[&table],
        )
        .map_err(|e| error_chain(&e))?
        .into_iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    if columns.is_empty() {
        return Err("no such table in the PostgreSQL schema".into());
    }
    let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    let placeholders: Vec<String> = (1..=names.len()).map(|n| format!("${n}")).collect();
    let insert = tx
        .prepare(&format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            placeholders.join(", ")
        ))
        .map_err(|e| error_chain(&e))?;
    let mut select = sqlite
        .prepare(&format!("SELECT {} FROM {table}", names.join(", ")))
        .map_err(|e| e.to_string())?;
    let mut rows = select.query([]).map_err(|e| e.to_string())?;
    let mut copied = 0u64;
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        let mut cells = Vec::with_capacity(columns.len());
        for (i, (name, number)) in columns.iter().enumerate() {
            let value: Value = row.get(i).map_err(|e| e.to_string())?;
            cells.push(cell(value, *number).map_err(|why| format!("{name}: {why}"))?);
        }
        let params: Vec<&(dyn ToSql + Sync)> = cells.iter().map(Cell::param).collect();
        tx.execute(&insert, &params).map_err(|e| error_chain(&e))?;
        copied += 1;
    }
    Ok(copied)
}

/// A SQLite value in the type of its PostgreSQL column. SQLite's tables without STRICT may
/// hold a number in a TEXT column: it is copied as its text, as SQLite would hand it back.
fn cell(value: Value, number: bool) -> Result<Cell, String> {
    Ok(match (value, number) {
        (Value::Null, true) => Cell::Number(None),
        (Value::Null, false) => Cell::Text(None),
        (Value::Integer(n), true) => Cell::Number(Some(n)),
        (Value::Integer(n), false) => Cell::Text(Some(n.to_string())),
        (Value::Text(t), false) => Cell::Text(Some(t)),
        (Value::Text(t), true) => Cell::Number(Some(
            t.trim()
                .parse()
                .map_err(|_| format!("{t:?} is not a whole number"))?,
        )),
        (Value::Real(r), false) => Cell::Text(Some(r.to_string())),
        (Value::Real(r), true) => return Err(format!("{r} is not a whole number")),
        (Value::Blob(_), _) => return Err("bytes where text or a number was expected".into()),
    })
}

/// A PostgreSQL error with its causes: the driver's top message alone is often just "error
/// connecting to server".
fn error_chain(error: &postgres::Error) -> String {
    let mut said = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        let text = inner.to_string();
        if !said.contains(&text) {
            said.push_str(": ");
            said.push_str(&text);
        }
        cause = inner.source();
    }
    said
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
    fn sqlite_values_take_their_postgresql_column_type() {
        assert!(matches!(
            cell(Value::Integer(7), true),
            Ok(Cell::Number(Some(7)))
        ));
        assert!(matches!(cell(Value::Integer(7), false), Ok(Cell::Text(Some(t))) if t == "7"));
        assert!(matches!(
            cell(Value::Text(" 12".into()), true),
            Ok(Cell::Number(Some(12)))
        ));
        assert!(cell(Value::Text("twelve".into()), true).is_err());
        assert!(cell(Value::Blob(vec![1]), false).is_err());
        assert!(matches!(cell(Value::Null, true), Ok(Cell::Number(None))));
    }
}
