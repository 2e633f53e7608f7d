//! The store in PostgreSQL (SPEC §7, issue 32 so far): `store migrate --to URL` and `store
//! status` against a real server started for each test, and a PostgreSQL `[store] url` as
//! the commands meet it.

mod common;

use common::{Postgres, Workspace};

/// The demo's workspace: claims, documents, quarantine, a history of several dozen entries.
fn demo() -> Workspace {
    let ws = Workspace::bare();
    let dir = ws.join("demo");
    ws.cmd()
        .args(["demo", "--dir", dir.to_str().expect("utf-8")])
        .assert()
        .success();
    Workspace { dir: ws.dir }
}

fn demo_root(ws: &Workspace) -> std::path::PathBuf {
    ws.join("demo")
}

fn claimdrop(root: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = common::claimdrop_in(root)
        .args(args)
        .output()
        .expect("claimdrop");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every row of a table in SQLite, as text in primary-key order.
fn sqlite_rows(db: &std::path::Path, table: &str, order: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("sqlite");
    let mut stmt = conn
        // PostgreSQL keeps the order of a claim's references in a column named as SQLite's
        // implicit one.
        .prepare(&format!(
            "SELECT {} FROM {table} ORDER BY {order}",
            if table == "claim_references" {
                "rowid, *"
            } else {
                "*"
            }
        ))
        .expect("select");
    let columns = stmt.column_count();
    let rows = stmt
        .query_map([], |row| {
            let mut cells = Vec::new();
            for i in 0..columns {
                let value: rusqlite::types::Value = row.get(i)?;
                cells.push(match value {
                    rusqlite::types::Value::Null => String::new(),
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    // One row per line, as psql prints them.
                    rusqlite::types::Value::Text(t) => t.replace('\n', "\\n"),
                    other => format!("{other:?}"),
                });
            }
            Ok(cells.join("|"))
        })
        .expect("rows");
    rows.map(|r| r.expect("row")).collect()
}

/// The demo's workspace with its store moved into a new database on `pg` and pointed at it:
/// the workspace and its folder.
fn demo_on(pg: &Postgres) -> (Workspace, std::path::PathBuf) {
    let url = pg.database("claims");
    let ws = demo();
    let root = demo_root(&ws);
    assert_eq!(claimdrop(&root, &["store", "migrate", "--to", &url]).0, 0);
    set_store_url(&root, &url);
    (ws, root)
}

fn set_store_url(root: &std::path::Path, url: &str) {
    let config = root.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    assert!(text.contains("\nurl = \"\""), "the documented [store] url");
    let text = text.replacen("\nurl = \"\"", &format!("\nurl = \"{url}\""), 1);
    std::fs::write(&config, text).expect("config");
}

#[test]
fn migrate_copies_every_row_and_the_whole_chain_into_postgres() {
    let Some(pg) = Postgres::start() else { return };
    let url = pg.database("claims");
    let ws = demo();
    let root = demo_root(&ws);
    let (code, out, err) = claimdrop(&root, &["store", "migrate", "--to", &url]);
    assert_eq!(code, 0, "{out}{err}");
    let db = root.join("claimdrop.db");
    // Each table as SQLite holds it, row for row, column for column, in PostgreSQL (both
    // print their columns in the same order: the PostgreSQL schema lists them as SQLite's
    // migrations added them).
    for (table, order) in [
        ("claims", "claim_id"),
        ("claim_references", "claim_id, reference"),
        ("documents", "document_id"),
        ("findings", "claim_id, code"),
        ("history", "seq"),
        ("exceptions", "exception_id"),
        ("outbox", "event_id"),
        ("outbox_origin", "origin"),
    ] {
        let expected = sqlite_rows(&db, table, order);
        assert!(
            table == "outbox_origin" || expected.len() > 1,
            "the demo has {table} rows to copy"
        );
        assert!(
            out.contains(&format!("copied {table}: {} rows", expected.len())),
            "{table}: {out}"
        );
        let there = pg.query(
            "claims",
            &format!(
                "SELECT array_to_string(ARRAY(SELECT coalesce(replace(value, E'\\n', '\\n'), '') \
                 FROM json_each_text(row_to_json(t))), '|') \
                 FROM (SELECT * FROM {table} ORDER BY {order}) t"
            ),
        );
        let there: Vec<&str> = there.lines().collect();
        assert_eq!(there, expected, "{table} differs in PostgreSQL");
    }
    assert!(out.contains("history intact"), "{out}");

    // The workspace pointed at it: status names it without a password, and the chain
    // verifies there.
    set_store_url(&root, &url.replace("claimdrop@", "claimdrop:secret@"));
    let (code, out, err) = claimdrop(&root, &["store", "status"]);
    assert_eq!(code, 0, "{out}{err}");
    let claims = sqlite_rows(&db, "claims", "claim_id").len();
    let documents = sqlite_rows(&db, "documents", "document_id").len();
    let entries = sqlite_rows(&db, "history", "seq").len();
    assert!(out.contains(&format!("store: PostgreSQL {url} ")), "{out}");
    assert!(
        out.contains(&format!(
            "{claims} claims, {documents} documents, {entries} history entries"
        )),
        "{out}"
    );
    assert!(out.contains("no daemon is on duty now"), "{out}");
    assert!(!out.contains("secret") && !err.contains("secret"));
    let (code, out, err) = claimdrop(&root, &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("history intact: {entries} entries")),
        "{out}"
    );

    // History stays append-only there too.
    let refused = pg
        .try_query("claims", "UPDATE history SET details = 'x' WHERE seq = 1")
        .expect_err("history updated");
    assert!(refused.contains("append-only"), "{refused}");

    // Read there, it says what the SQLite store says, and its reports are the same bytes.
    let sqlite_root = ws.join("sqlite");
    copy_dir(&root, &sqlite_root);
    let config = sqlite_root.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(
        &config,
        text.replacen(&url.replace("claimdrop@", "claimdrop:secret@"), "", 1),
    )
    .expect("config");
    for args in [
        &["claims", "list", "--json"][..],
        &["claims", "show", "CLM-187039", "--json"][..],
        &["history", "--json"][..],
        &["history", "CLM-530971"][..],
    ] {
        let (code, there, err) = claimdrop(&root, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let (_, here, _) = claimdrop(&sqlite_root, args);
        assert!(there.len() > 100, "{args:?}: {there}");
        assert_eq!(there, here, "{args:?} differs between the engines");
    }
    let (pg_reports, sqlite_reports) = (ws.join("reports-pg"), ws.join("reports-sqlite"));
    for (at, out) in [(&root, &pg_reports), (&sqlite_root, &sqlite_reports)] {
        let (code, _, err) = claimdrop(at, &["report", "--out", out.to_str().expect("utf-8")]);
        assert_eq!(code, 0, "{err}");
    }
    let files = files_under(&sqlite_reports);
    assert!(files.len() > 20, "{files:?}");
    assert_eq!(files, files_under(&pg_reports));
    for file in &files {
        assert_same_report(&sqlite_reports.join(file), &pg_reports.join(file));
    }

    let (pg_pack, sqlite_pack) = (ws.join("pg.zip"), ws.join("sqlite.zip"));
    for (at, out) in [(&root, &pg_pack), (&sqlite_root, &sqlite_pack)] {
        let out = out.to_str().expect("utf-8");
        let (code, _, err) = claimdrop(at, &["claims", "pack", "CLM-530971", "--out", out]);
        assert_eq!(code, 0, "{err}");
    }
    assert_eq!(
        std::fs::read(&pg_pack).expect("zip"),
        std::fs::read(&sqlite_pack).expect("zip"),
        "the claim's pack differs between the engines"
    );

    // Filing there: the same files dropped in both workspaces end the same, in the store, the
    // archive, the quarantine and the reports.
    for at in [&root, &sqlite_root] {
        for rel in [
            "invoices/Agence_Lumiere_Facture_F2025-04492.pdf",
            "invoices/BlueYonder invoice 008918.pdf",
        ] {
            let to = at.join("inbox").join(rel);
            std::fs::create_dir_all(to.parent().expect("folder")).expect("inbox");
            std::fs::copy(common::corpus().join("inbox").join(rel), &to).expect("drop");
            common::age(&to);
        }
    }
    let (code, filed, err) = claimdrop(&root, &["run"]);
    assert_eq!(code, 0, "{err}");
    let (_, filed_here, _) = claimdrop(&sqlite_root, &["run"]);
    assert!(!filed.contains("attached 0,"), "{filed}");
    assert_eq!(filed, filed_here);
    assert_eq!(
        files_under(&root.join("archive")),
        files_under(&sqlite_root.join("archive"))
    );
    for (at, out) in [(&root, &pg_reports), (&sqlite_root, &sqlite_reports)] {
        let (code, _, err) = claimdrop(at, &["report", "--out", out.to_str().expect("utf-8")]);
        assert_eq!(code, 0, "{err}");
    }
    for file in files_under(&sqlite_reports) {
        assert_same_report(&sqlite_reports.join(&file), &pg_reports.join(&file));
    }
    let (code, out, err) = claimdrop(&root, &["verify", "--evidence"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("secret") && !out.contains("secret"));
}

#[test]
fn daemons_file_side_by_side_and_the_duties_move_to_another_when_one_is_killed() {
    let Some(pg) = Postgres::start() else { return };
    let (ws, root) = demo_on(&pg);
    // The other host: the same store, its own copy of the workspace folder.
    let other = ws.join("other");
    copy_dir(&root, &other);
    let watching = common::watch_at(&root, &ws.join("watch.log"));
    let pid = watching.0.id();
    let status_says = |text: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let (_, out, _) = claimdrop(&other, &["store", "status"]);
            if out.contains(text) || std::time::Instant::now() > deadline {
                break out;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    let status = status_says("on duty (");
    assert!(
        status.contains(&format!("pid {pid}")),
        "{status}\n{}",
        std::fs::read_to_string(ws.join("watch.log")).unwrap_or_default()
    );
    // `run` files beside the daemon (no lock refuses it); the reports stay the daemon's.
    let rel = "invoices/Agence_Lumiere_Facture_F2025-04492.pdf";
    let to = other.join("inbox").join(rel);
    std::fs::copy(common::corpus().join("inbox").join(rel), &to).expect("drop");
    common::age(&to);
    let (code, out, err) = claimdrop(&other, &["run"]);
    assert!(code == 0 || code == 2, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}{err}");
    // Commands write from any host meanwhile.
    let (code, _, err) = claimdrop(&other, &["claims", "comment", "CLM-187039", "from afar"]);
    assert_eq!(code, 0, "{err}");
    // A second daemon on the same host and folder starts as the first did, and leaves the
    // command socket to it.
    let same_host_log = ws.join("same-host.log");
    let same_host = common::watch_at(&root, &same_host_log);
    let log_says = |log: &std::path::Path, text: &str| {
        common::within(20, || {
            std::fs::read_to_string(log)
                .unwrap_or_default()
                .contains(text)
        })
    };
    assert!(
        log_says(&same_host_log, "watching"),
        "{}",
        std::fs::read_to_string(&same_host_log).unwrap_or_default()
    );
    assert!(log_says(
        &same_host_log,
        "another daemon on this host answers the command socket"
    ));
    let (code, _, err) = claimdrop(&root, &["claims", "comment", "CLM-187039", "from here"]);
    assert_eq!(code, 0, "{err}");
    drop(same_host);
    // A daemon on the other host files too, the first keeping the duties.
    let other_log = ws.join("other.log");
    let second = common::watch_at(&other, &other_log);
    assert!(log_says(&other_log, "watching"));
    // Killed outright: its locks go with its connections, and the other takes the duties
    // (the claims rechecked, the reports) and goes on filing.
    drop(watching);
    assert!(
        log_says(&other_log, "on duty"),
        "{}",
        std::fs::read_to_string(&other_log).unwrap_or_default()
    );
    let status = status_says(&format!("pid {}", second.0.id()));
    assert!(status.contains("on duty"), "{status}");
    let rel = "invoices/BlueYonder invoice 008918.pdf";
    let to = other.join("inbox").join(rel);
    std::fs::copy(common::corpus().join("inbox").join(rel), &to).expect("drop");
    common::age(&to);
    assert!(
        common::within(30, || !to.exists()),
        "the other did not file"
    );
    // The reports follow what the daemons filed, whichever did.
    let reported = || {
        ["documents.csv", "exceptions.csv"].iter().any(|report| {
            std::fs::read_to_string(other.join("reports").join(report))
                .unwrap_or_default()
                .contains(&format!("inbox/{rel}"))
        })
    };
    assert!(
        common::within(20, reported),
        "{}",
        std::fs::read_to_string(&other_log).unwrap_or_default()
    );
    second.stop();
    let (code, out, err) = claimdrop(&other, &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, history, _) = claimdrop(&other, &["history", "CLM-187039"]);
    assert!(history.contains("from afar"), "{history}");
    assert!(history.contains("from here"), "{history}");
}

#[test]
fn migrate_copies_into_an_empty_database_only_and_all_or_nothing() {
    let Some(pg) = Postgres::start() else { return };
    let ws = demo();
    let root = demo_root(&ws);

    // A database already holding a store is left alone.
    let url = pg.database("taken");
    assert_eq!(claimdrop(&root, &["store", "migrate", "--to", &url]).0, 0);
    let before = pg.query("taken", "SELECT COUNT(*) FROM history");
    let (code, out, err) = claimdrop(&root, &["store", "migrate", "--to", &url]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("already holds a claimdrop store"), "{err}");
    assert_eq!(pg.query("taken", "SELECT COUNT(*) FROM history"), before);

    // A copy that fails half-way (a table of that name is in the way) leaves nothing behind.
    let url = pg.database("crowded");
    pg.query("crowded", "CREATE TABLE documents (x int)");
    let (code, out, err) = claimdrop(&root, &["store", "migrate", "--to", &url]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains(&url), "{err}");
    assert_eq!(
        pg.query(
            "crowded",
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
        ),
        "1",
        "only the table that was there"
    );

    // Not an admin: refused before anything is read.
    let url = pg.database("other");
    let config = root.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let me = common::whoami();
    std::fs::write(
        &config,
        text.replace(&format!("\"{me}\""), "\"someone-else\""),
    )
    .expect("config");
    let (code, _, err) = claimdrop(&root, &["store", "migrate", "--to", &url]);
    assert_eq!(code, 1);
    assert!(err.contains("store migrate"), "{err}");
    assert_eq!(
        pg.query("other", "SELECT to_regclass('claimdrop_schema') IS NULL"),
        "t"
    );
}

#[test]
fn an_unreachable_store_is_an_operational_error_naming_it_without_its_password() {
    // No server needed: nobody listens on this port.
    let ws = Workspace::new();
    let port = common::free_port();
    let url = format!("postgres://claimdrop:hunter2@127.0.0.1:{port}/claims");
    set_store_url(ws.path(), &url);
    let shown = format!("postgres://claimdrop@127.0.0.1:{port}/claims");
    for args in [
        &["store", "status"][..],
        &["claims", "list"][..],
        &["run"][..],
        &["verify"][..],
    ] {
        let (code, out, err) = claimdrop(ws.path(), args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains(&shown), "{args:?}: {err}");
        assert!(
            !err.contains("hunter2") && !out.contains("hunter2"),
            "{err}"
        );
    }
    // And from a SQLite workspace, a target nobody answers on.
    let ws = Workspace::new();
    let (code, _, err) = claimdrop(ws.path(), &["store", "migrate", "--to", &url]);
    assert_eq!(code, 1);
    assert!(err.contains(&shown) && !err.contains("hunter2"), "{err}");
}

#[test]
fn status_of_a_sqlite_store_names_its_file_and_its_writer() {
    let ws = demo();
    let root = demo_root(&ws);
    let (code, out, err) = claimdrop(&root, &["store", "status"]);
    assert_eq!(code, 0, "{err}");
    let db = root.join("claimdrop.db");
    assert!(
        out.contains(&format!("store: SQLite {}, schema version", db.display())),
        "{out}"
    );
    let documents = sqlite_rows(&db, "documents", "document_id").len();
    assert!(out.contains(&format!("{documents} documents")), "{out}");
    assert!(
        out.contains("no daemon or command is writing it now"),
        "{out}"
    );
    // A daemon holds the workspace: status names its process.
    let ws = Workspace::new();
    let daemon = common::watch(&ws);
    let (code, said, err) = ws.run(&["store", "status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        said.contains(&format!(
            "written now by claimdrop process {} on this host",
            daemon.0.id()
        )),
        "{said}"
    );
    daemon.stop();
}

#[test]
fn a_store_url_that_is_not_postgres_is_refused_by_name() {
    let ws = Workspace::new();
    set_store_url(ws.path(), "mysql://x@y/z");
    let (code, _, err) = claimdrop(ws.path(), &["store", "status"]);
    assert_eq!(code, 1);
    assert!(err.contains("store.url"), "{err}");
}

#[test]
fn a_database_away_for_20_seconds_loses_nothing_and_filing_resumes_by_itself() {
    let Some(pg) = Postgres::start() else { return };
    let (ws, root) = demo_on(&pg);
    let config = root.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let text = text
        .replacen("poll_interval_secs = 30", "poll_interval_secs = 1", 1)
        .replacen("settle_ms = 2000", "settle_ms = 200", 1);
    std::fs::write(&config, text).expect("config");
    let log = ws.join("watch.log");
    let daemon = common::watch_at(&root, &log);
    let wait_for = |what: &dyn Fn() -> bool, secs: u64| common::within(secs, what);
    let log_says = |text: &str| {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains(text)
    };
    assert!(
        wait_for(&|| log_says("watching"), 20),
        "watch did not start"
    );

    pg.stop();
    let dropped = [
        "invoices/Agence_Lumiere_Facture_F2025-04492.pdf",
        "invoices/BlueYonder invoice 008918.pdf",
    ];
    for rel in dropped {
        let to = root.join("inbox").join(rel);
        std::fs::copy(common::corpus().join("inbox").join(rel), &to).expect("drop");
        common::age(&to);
    }
    // Away for 20 s: the files wait in the inbox, none filed, none quarantined.
    std::thread::sleep(std::time::Duration::from_secs(20));
    for rel in dropped {
        assert!(
            root.join("inbox").join(rel).exists(),
            "{rel} left the inbox"
        );
    }
    assert!(
        files_under(&root.join("quarantine"))
            .iter()
            .all(|f| !f.contains("BlueYonder"))
    );
    assert!(
        log_says("filing failed; will try again"),
        "the outage was not seen"
    );

    pg.serve();
    let filed = wait_for(
        &|| {
            dropped
                .iter()
                .all(|rel| !root.join("inbox").join(rel).exists())
        },
        60,
    );
    assert!(
        filed,
        "filing did not resume: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    assert!(log_says("connected again"));
    daemon.stop();
    let (code, out, err) = claimdrop(&root, &["verify", "--evidence"]);
    assert_eq!(code, 0, "{out}{err}");
    // Each file once: one document row, one history entry.
    let (_, history, _) = claimdrop(&root, &["history"]);
    for name in [
        "Agence_Lumiere_Facture_F2025-04492.pdf",
        "BlueYonder invoice 008918.pdf",
    ] {
        let entries = history.lines().filter(|l| l.contains(name)).count();
        assert_eq!(entries, 1, "{name}: {history}");
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .expect("cp");
    assert!(status.success());
}

/// Every file under a folder, by its path there, sorted.
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.display().to_string())
        })
        .collect();
    files.sort();
    files
}

/// Two reports are the same bytes, the time of their writing aside: a workbook carries the
/// moment it was written (`docProps/core.xml`, to the second), so its other parts are compared.
fn assert_same_report(one: &std::path::Path, other: &std::path::Path) {
    let (a, b) = (
        std::fs::read(one).expect("report"),
        std::fs::read(other).expect("report"),
    );
    if one.extension().is_none_or(|e| e != "xlsx") {
        assert!(a == b, "{} differs between the engines", one.display());
        return;
    }
    let parts = |bytes: Vec<u8>| {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx");
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).expect("part");
            let name = part.name().expect("part name").to_string();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut part, &mut content).expect("part");
            if name != "docProps/core.xml" {
                parts.push((name, content));
            }
        }
        parts
    };
    let (a, b) = (parts(a), parts(b));
    assert!(a.len() > 5, "{}: {} parts", one.display(), a.len());
    assert!(a == b, "{} differs between the engines", one.display());
}
