//! One connection to the claim store, SQLite or PostgreSQL, so that each store operation is
//! written once (issue 32's seam).
//!
//! Operations speak the SQL both engines understand (`ON CONFLICT`, `RETURNING`, `?N`
//! placeholders, which become `$N` for PostgreSQL) through `Sql`: `execute`, `rows`, `row`,
//! `batch`. Values cross as `Value` (NULL, a whole number, text: the store keeps money, dates
//! and times as text in both engines), read back with `Row::get`. A value binds to whatever
//! column type PostgreSQL infers for its placeholder, as loosely as SQLite's columns take it,
//! so an operation needs no engine-specific casts. Statements are prepared once per
//! connection in both engines.
//!
//! A PostgreSQL client needs `&mut` to run anything, where the store's readers take `&self`:
//! it sits in a `RefCell`, and a transaction on it is `BEGIN`/`COMMIT` sent through it
//! (rolled back when dropped uncommitted), as rusqlite's are.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use postgres::types::{IsNull, ToSql, Type};

/// Why a statement failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Postgres(String),
    #[error("column {column}: {why}")]
    Type { column: usize, why: String },
    #[error("the query returned no row")]
    NoRow,
    #[error("a statement ran while another one's rows were being read")]
    Nested,
}

impl From<postgres::Error> for DbError {
    fn from(error: postgres::Error) -> Self {
        DbError::Postgres(error_chain(&error))
    }
}

/// A PostgreSQL error with its causes: the driver's top message alone is often just "error
/// connecting to server".
pub fn error_chain(error: &postgres::Error) -> String {
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

/// A value bound to a statement or read from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Text(Cow<'a, str>),
}

impl From<String> for Value<'_> {
    fn from(t: String) -> Self {
        Value::Text(Cow::Owned(t))
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(t: &'a str) -> Self {
        Value::Text(Cow::Borrowed(t))
    }
}

/// What can be bound to a placeholder, borrowed: `values!` binds its arguments by reference,
/// so a statement's values are never copied or moved to run it.
pub trait Bind {
    fn bind(&self) -> Value<'_>;
}

impl Bind for i64 {
    fn bind(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

impl Bind for u32 {
    fn bind(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Bind for bool {
    fn bind(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Bind for str {
    fn bind(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl Bind for String {
    fn bind(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self.as_str()))
    }
}

impl<T: Bind> Bind for Option<T> {
    fn bind(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, Bind::bind)
    }
}

impl<T: Bind + ?Sized> Bind for &T {
    fn bind(&self) -> Value<'_> {
        (**self).bind()
    }
}

/// `values![a, b]`: the values of a statement's placeholders, in order, borrowed.
macro_rules! values {
    ($($value:expr),* $(,)?) => {
        &[$($crate::sink::store::db::Bind::bind(&$value)),*][..]
    };
}
pub(crate) use values;

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let textual = matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME);
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                _ if textual => n.to_string().to_sql(ty, out),
                _ => Err(format!("a whole number for a {ty} column").into()),
            },
            Value::Text(t) => match *ty {
                _ if textual => t.as_ref().to_sql(ty, out),
                Type::INT8 => t.trim().parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => t.trim().parse::<i32>()?.to_sql(ty, out),
                _ => Err(format!("text for a {ty} column").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// A row being read.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

/// What a column can be read as.
pub trait FromValue: Sized {
    fn from_value(value: Value<'static>) -> Result<Self, String>;
}

impl FromValue for i64 {
    fn from_value(value: Value<'static>) -> Result<Self, String> {
        match value {
            Value::Int(n) => Ok(n),
            Value::Text(t) => t.trim().parse().map_err(|_| format!("{t:?} is no number")),
            Value::Null => Err("NULL where a number was expected".into()),
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value<'static>) -> Result<Self, String> {
        match value {
            Value::Text(t) => Ok(t.into_owned()),
            Value::Int(n) => Ok(n.to_string()),
            Value::Null => Err("NULL where text was expected".into()),
        }
    }
}

impl FromValue for u32 {
    fn from_value(value: Value<'static>) -> Result<Self, String> {
        let n = i64::from_value(value)?;
        u32::try_from(n).map_err(|_| format!("{n} is out of range"))
    }
}

impl FromValue for bool {
    fn from_value(value: Value<'static>) -> Result<Self, String> {
        i64::from_value(value).map(|n| n != 0)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value<'static>) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            value => T::from_value(value).map(Some),
        }
    }
}

impl Row<'_> {
    pub fn get<T: FromValue>(&self, column: usize) -> Result<T, DbError> {
        T::from_value(self.value(column)?).map_err(|why| DbError::Type { column, why })
    }

    /// A text column borrowed from the row, without a copy; "" for NULL or a number.
    pub fn text(&self, column: usize) -> Result<&str, DbError> {
        match self {
            Row::Sqlite(row) => Ok(match row.get_ref(column)? {
                rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).unwrap_or(""),
                _ => "",
            }),
            Row::Postgres(row) => {
                let textual = row.columns().get(column).is_some_and(|c| {
                    matches!(
                        *c.type_(),
                        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME
                    )
                });
                if !textual {
                    return Ok("");
                }
                Ok(row.try_get::<_, Option<&str>>(column)?.unwrap_or(""))
            }
        }
    }

    fn value(&self, column: usize) -> Result<Value<'static>, DbError> {
        use rusqlite::types::ValueRef;
        match self {
            Row::Sqlite(row) => Ok(match row.get_ref(column)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(r) => Value::Text(Cow::Owned(r.to_string())),
                ValueRef::Text(t) => Value::Text(Cow::Owned(String::from_utf8_lossy(t).into())),
                ValueRef::Blob(_) => {
                    return Err(DbError::Type {
                        column,
                        why: "bytes where text or a number was expected".into(),
                    });
                }
            }),
            Row::Postgres(row) => {
                let ty = row
                    .columns()
                    .get(column)
                    .map(|c| c.type_().clone())
                    .ok_or_else(|| DbError::Type {
                        column,
                        why: "no such column".into(),
                    })?;
                let int = |n: Option<i64>| n.map_or(Value::Null, Value::Int);
                Ok(match ty {
                    Type::INT8 => int(row.try_get::<_, Option<i64>>(column)?),
                    Type::INT4 => int(row.try_get::<_, Option<i32>>(column)?.map(i64::from)),
                    Type::INT2 => int(row.try_get::<_, Option<i16>>(column)?.map(i64::from)),
                    Type::BOOL => int(row.try_get::<_, Option<bool>>(column)?.map(i64::from)),
                    _ => row
                        .try_get::<_, Option<String>>(column)?
                        .map_or(Value::Null, |t| Value::Text(Cow::Owned(t))),
                })
            }
        }
    }
}

/// A PostgreSQL client with the statements it prepared, by their SQL as written.
pub struct PgClient {
    client: postgres::Client,
    /// How to connect again: a server restarted or a network cut closes the connection, and
    /// the next statement opens a new one.
    config: postgres::Config,
    statements: HashMap<String, postgres::Statement>,
    /// Advisory locks this connection holds for its session, taken again on a new one.
    held: Vec<i64>,
    /// A new connection has yet to take them again (those another session took meanwhile
    /// are let go).
    lost: bool,
}

impl PgClient {
    pub fn new(client: postgres::Client, config: postgres::Config) -> PgClient {
        PgClient {
            client,
            config,
            statements: HashMap::new(),
            held: Vec::new(),
            lost: false,
        }
    }

    /// The connection, opened again if it was lost, with its session's locks.
    fn live(&mut self) -> Result<&mut postgres::Client, DbError> {
        if self.client.is_closed() {
            self.client = self.config.connect(postgres::NoTls)?;
            self.statements.clear();
            self.lost = !self.held.is_empty();
            tracing::warn!("the claim store's connection was lost: connected again");
        }
        if self.lost {
            // A lock another daemon took meanwhile is its now (a duty moves with it): this
            // connection goes on without it, and asks again like any daemon without one.
            let mut kept = Vec::with_capacity(self.held.len());
            for key in &self.held {
                let taken: bool = self
                    .client
                    .query_one("SELECT pg_try_advisory_lock($1)", &[key])?
                    .get(0);
                if taken {
                    kept.push(*key);
                } else {
                    tracing::warn!(
                        lock = key,
                        "another daemon took this daemon's duty while the database was away"
                    );
                }
            }
            self.held = kept;
            self.lost = false;
        }
        Ok(&mut self.client)
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, DbError> {
        self.live()?;
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&placeholders(sql))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// The client, for one statement at a time: a statement run while another one's rows are
/// being read (a nested query) is an error, not a panic.
fn use_client(client: &RefCell<PgClient>) -> Result<std::cell::RefMut<'_, PgClient>, DbError> {
    client.try_borrow_mut().map_err(|_| DbError::Nested)
}

/// A store connection, of either engine.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<PgClient>>),
}

/// A transaction on a store connection: committed by `commit`, rolled back when dropped.
pub enum Tx<'a> {
    Sqlite(rusqlite::Transaction<'a>),
    Postgres(PgTx<'a>),
}

/// A PostgreSQL transaction: `BEGIN` sent, `ROLLBACK` when dropped before `COMMIT`.
pub struct PgTx<'a> {
    client: &'a RefCell<PgClient>,
    open: bool,
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if self.open
            && let Ok(mut client) = self.client.try_borrow_mut()
        {
            let _ = client.client.batch_execute("ROLLBACK");
        }
    }
}

impl Db {
    /// Begins a transaction. `writing`: one that will write, which SQLite then begins with
    /// its write lock taken, so that it never fails half-way for another writer.
    pub fn transaction(&mut self, writing: bool) -> Result<Tx<'_>, DbError> {
        match self {
            Db::Sqlite(conn) => Ok(Tx::Sqlite(conn.transaction_with_behavior(if writing {
                rusqlite::TransactionBehavior::Immediate
            } else {
                rusqlite::TransactionBehavior::Deferred
            })?)),
            Db::Postgres(client) => {
                use_client(client)?.live()?.batch_execute("BEGIN")?;
                Ok(Tx::Postgres(PgTx { client, open: true }))
            }
        }
    }

    /// Begins a read snapshot, for `&self` readers: everything read until `end_read` is the
    /// same moment of the store.
    pub fn begin_read(&self) -> Result<(), DbError> {
        self.batch(match self {
            Db::Sqlite(_) => "BEGIN DEFERRED",
            Db::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        })
    }

    pub fn end_read(&self) -> Result<(), DbError> {
        self.batch("COMMIT")
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// Takes an advisory lock for this connection's session (PostgreSQL), kept across a lost
    /// and renewed connection while no other session took it meanwhile; whether it was free.
    pub fn hold_lock(&self, key: i64) -> Result<bool, DbError> {
        let Db::Postgres(client) = self else {
            return Ok(true);
        };
        let mut client = use_client(client)?;
        let taken: bool = client
            .live()?
            .query_one("SELECT pg_try_advisory_lock($1)", &[&key])?
            .get(0);
        if taken && !client.held.contains(&key) {
            client.held.push(key);
        }
        Ok(taken)
    }
}

/// What statements can run on.
trait AsConn {
    fn conn(&self) -> Conn<'_>;
}

impl AsConn for Db {
    fn conn(&self) -> Conn<'_> {
        match self {
            Db::Sqlite(conn) => Conn::Sqlite(conn),
            Db::Postgres(client) => Conn::Postgres(client),
        }
    }
}

/// The SQLite connection itself (and its transactions, through `&*tx`): the store's
/// operations not yet moved to `Db` call the ones that are with it.
impl AsConn for rusqlite::Connection {
    fn conn(&self) -> Conn<'_> {
        Conn::Sqlite(self)
    }
}

impl Tx<'_> {
    pub fn is_postgres(&self) -> bool {
        matches!(self, Tx::Postgres(_))
    }

    pub fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => Ok(tx.commit()?),
            Tx::Postgres(mut tx) => {
                tx.open = false;
                Ok(use_client(tx.client)?.live()?.batch_execute("COMMIT")?)
            }
        }
    }
}

impl AsConn for Tx<'_> {
    fn conn(&self) -> Conn<'_> {
        match self {
            Tx::Sqlite(tx) => Conn::Sqlite(tx),
            Tx::Postgres(tx) => Conn::Postgres(tx.client),
        }
    }
}

/// What statements run on: a connection, or a transaction on one.
#[derive(Clone, Copy)]
enum Conn<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres(&'a RefCell<PgClient>),
}

/// Running statements, alike on a connection and in a transaction.
pub trait Sql {
    /// Runs a statement; the rows it changed.
    fn execute(&self, sql: &str, values: &[Value]) -> Result<u64, DbError>;

    /// Every row of a query, each made into a value by `each`.
    fn rows<T>(
        &self,
        sql: &str,
        values: &[Value],
        each: impl FnMut(&Row) -> Result<T, DbError>,
    ) -> Result<Vec<T>, DbError>;

    /// The first row of a query, if it has one.
    fn row<T>(
        &self,
        sql: &str,
        values: &[Value],
        each: impl FnMut(&Row) -> Result<T, DbError>,
    ) -> Result<Option<T>, DbError>;

    /// Each row of a query as it comes, in order, until `each` says stop (false): for
    /// queries whose rows would not all fit in memory at once.
    fn each(
        &self,
        sql: &str,
        values: &[Value],
        each: impl FnMut(&Row) -> Result<bool, DbError>,
    ) -> Result<(), DbError>;

    /// Statements without values, separated by semicolons (a migration).
    fn batch(&self, sql: &str) -> Result<(), DbError>;
}

impl Conn<'_> {
    fn execute(self, sql: &str, values: &[Value]) -> Result<u64, DbError> {
        match self {
            Conn::Sqlite(conn) => Ok(conn
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(values))?
                as u64),
            Conn::Postgres(client) => {
                let mut client = use_client(client)?;
                let statement = client.statement(sql)?;
                Ok(client.live()?.execute(&statement, &pg_values(values))?)
            }
        }
    }

    /// Feeds each row to `each` as it comes, until `each` says stop (false).
    fn each(
        self,
        sql: &str,
        values: &[Value],
        mut each: impl FnMut(&Row) -> Result<bool, DbError>,
    ) -> Result<(), DbError> {
        use postgres::fallible_iterator::FallibleIterator;
        match self {
            Conn::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(values))?;
                while let Some(row) = rows.next()? {
                    if !each(&Row::Sqlite(row))? {
                        break;
                    }
                }
            }
            Conn::Postgres(client) => {
                let mut client = use_client(client)?;
                let statement = client.statement(sql)?;
                let mut rows = client.live()?.query_raw(&statement, pg_values(values))?;
                while let Some(row) = rows.next()? {
                    if !each(&Row::Postgres(&row))? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    fn rows<T>(
        self,
        sql: &str,
        values: &[Value],
        limit: Option<usize>,
        mut each: impl FnMut(&Row) -> Result<T, DbError>,
    ) -> Result<Vec<T>, DbError> {
        let mut found = Vec::new();
        self.each(sql, values, |row| {
            found.push(each(row)?);
            Ok(limit.is_none_or(|limit| found.len() < limit))
        })?;
        Ok(found)
    }

    fn batch(self, sql: &str) -> Result<(), DbError> {
        match self {
            Conn::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Conn::Postgres(client) => Ok(use_client(client)?.live()?.batch_execute(sql)?),
        }
    }
}

fn pg_values<'a>(values: &'a [Value]) -> Vec<&'a (dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

macro_rules! sql_through_conn {
    ($type:ty) => {
        impl Sql for $type {
            fn execute(&self, sql: &str, values: &[Value]) -> Result<u64, DbError> {
                self.conn().execute(sql, values)
            }

            fn rows<T>(
                &self,
                sql: &str,
                values: &[Value],
                each: impl FnMut(&Row) -> Result<T, DbError>,
            ) -> Result<Vec<T>, DbError> {
                self.conn().rows(sql, values, None, each)
            }

            fn row<T>(
                &self,
                sql: &str,
                values: &[Value],
                each: impl FnMut(&Row) -> Result<T, DbError>,
            ) -> Result<Option<T>, DbError> {
                Ok(self.conn().rows(sql, values, Some(1), each)?.pop())
            }

            fn each(
                &self,
                sql: &str,
                values: &[Value],
                each: impl FnMut(&Row) -> Result<bool, DbError>,
            ) -> Result<(), DbError> {
                self.conn().each(sql, values, each)
            }

            fn batch(&self, sql: &str) -> Result<(), DbError> {
                self.conn().batch(sql)
            }
        }
    };
}
sql_through_conn!(Db);
sql_through_conn!(Tx<'_>);
sql_through_conn!(rusqlite::Connection);

/// SQLite's `?N` (and bare `?`) placeholders as PostgreSQL's `$N`, outside quoted text.
fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut next = 1;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, '?') => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                out.push('$');
                if digits.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    out.push_str(&digits);
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_outside_quotes() {
        assert_eq!(
            placeholders("SELECT a FROM t WHERE b = ?1 AND c = ?12 OR d = '?3' AND e = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $12 OR d = '?3' AND e = $1"
        );
        assert_eq!(placeholders("x = ? AND y = ?"), "x = $1 AND y = $2");
        assert_eq!(placeholders("\"odd?name\" = ?2"), "\"odd?name\" = $2");
    }

    /// The same statements, the same values back, on either engine.
    fn round_trip(db: &mut Db) {
        db.batch("CREATE TABLE t (n BIGINT, s TEXT, o TEXT)")
            .expect("create");
        let tx = db.transaction(true).expect("begin");
        let name = String::from("Köln");
        tx.execute(
            "INSERT INTO t (n, s, o) VALUES (?1, ?2, ?3)",
            values![7i64, &name, None::<&str>],
        )
        .expect("insert");
        // A number bound where text is kept, and text where a number is: as SQLite takes them.
        tx.execute(
            "INSERT INTO t (n, s, o) VALUES (?1, ?2, ?3)",
            values!["8", 9i64, true],
        )
        .expect("insert loosely");
        tx.commit().expect("commit");
        let found: Option<(i64, String, Option<String>)> = db
            .row(
                "SELECT n, s, o FROM t WHERE s = ?1",
                values!["Köln"],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("select");
        assert_eq!(found, Some((7, "Köln".to_string(), None)));
        let loose: Vec<(i64, String, bool)> = db
            .rows("SELECT n, s, o FROM t WHERE n = ?1", values![8i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .expect("select");
        assert_eq!(loose, vec![(8, "9".to_string(), true)]);
        // Dropped uncommitted: nothing written.
        {
            let tx = db.transaction(true).expect("begin");
            tx.execute("DELETE FROM t", &[]).expect("delete");
        }
        let count = db
            .row("SELECT COUNT(*) FROM t", &[], |r| r.get::<i64>(0))
            .expect("count");
        assert_eq!(count, Some(2));
        let wrong = db.row("SELECT s FROM t WHERE n = 7", &[], |r| r.get::<i64>(0));
        assert!(
            matches!(wrong, Err(DbError::Type { column: 0, .. })),
            "{wrong:?}"
        );
        // Rows stop when asked.
        let mut seen = 0;
        db.each("SELECT n FROM t ORDER BY n", &[], |_| {
            seen += 1;
            Ok(false)
        })
        .expect("each");
        assert_eq!(seen, 1);
    }

    #[test]
    fn values_go_in_and_come_back_alike_on_sqlite() {
        round_trip(&mut Db::Sqlite(
            rusqlite::Connection::open_in_memory().expect("memory"),
        ));
    }

    #[test]
    fn values_go_in_and_come_back_alike_on_postgres() {
        let Some(server) = crate::sink::store::tests::postgres() else {
            return;
        };
        let url = server.database("values");
        let config: postgres::Config = url.parse().expect("url");
        let client = config.connect(postgres::NoTls).expect("connect");
        let mut db = Db::Postgres(Box::new(RefCell::new(PgClient::new(client, config))));
        round_trip(&mut db);
        // A statement inside another's rows is refused, not a panic (SQLite would run it).
        let nested = db.each("SELECT n FROM t", &[], |_| {
            db.row("SELECT 1", &[], |r| r.get::<i64>(0))?;
            Ok(true)
        });
        assert!(matches!(nested, Err(DbError::Nested)), "{nested:?}");
    }
}
