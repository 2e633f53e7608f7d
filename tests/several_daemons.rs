//! Several daemons over one PostgreSQL store and one shared inbox (SPEC §7): each started the
//! same way on the same workspace folder (separate processes, each with its own connections,
//! leases and worker processes; the machine here has no network namespaces to give them
//! hosts of their own, see `docs/several-hosts.md`). Every file is filed exactly once, a
//! daemon killed at any moment loses nothing, and a late note joins its document whichever
//! daemon filed it. Each outcome is checked against one `run` of the same files on SQLite.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use common::{Postgres, Running, Workspace};
use sha2::{Digest, Sha256};

/// The dev corpus's claims, OCR off (the corpus's photos would take seconds each and
/// measure Tesseract), quick clocks, and leases of `lease_secs`.
fn workspace(lease_secs: u64) -> Workspace {
    let ws = Workspace::new();
    ws.import(&common::corpus().join("claims.csv"));
    let config = ws.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let text = text
        .replacen("enabled = \"auto\"", "enabled = false", 1)
        .replacen("poll_interval_secs = 30", "poll_interval_secs = 1", 1)
        .replacen("settle_ms = 2000", "settle_ms = 200", 1)
        .replacen("lease_secs = 60", &format!("lease_secs = {lease_secs}"), 1);
    std::fs::write(&config, text).expect("config");
    ws
}

/// `workspace`, its store moved into a new database on `pg`: the workspace and its URL.
fn shared_workspace(pg: &Postgres, name: &str, lease_secs: u64) -> (Workspace, String) {
    let ws = workspace(lease_secs);
    let url = pg.database(name);
    let (code, _, err) = ws.run(&["store", "migrate", "--to", &url]);
    assert_eq!(code, 0, "{err}");
    let config = ws.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    assert!(text.contains("\nurl = \"\""), "the documented [store] url");
    std::fs::write(
        &config,
        text.replacen("\nurl = \"\"", &format!("\nurl = \"{url}\""), 1),
    )
    .expect("config");
    (ws, url)
}

/// Copies of the corpus's inbox files, `count` of them from `first` on, under `batchNNN/`
/// folders of their drop folder, each made unique as a person's new file would be (a zip's
/// comment, a PDF's trailing comment), old Office files and empty files left byte for byte (as
/// real inboxes repeat them): inbox path (`inbox/...`) -> bytes.
fn files(first: usize, count: usize) -> Vec<(String, Vec<u8>)> {
    let corpus = common::corpus();
    let sources: Vec<String> = common::manifest_files(&common::manifest());
    let mut made = Vec::with_capacity(count);
    for n in first..first + count {
        let Some(rel) = sources.get(n % sources.len()) else {
            break;
        };
        let batch = n / sources.len();
        let mut parts = rel.splitn(3, '/');
        let (inbox, kind, rest) = (
            parts.next().expect("inbox"),
            parts.next().expect("kind"),
            parts.next().expect("name"),
        );
        let path = format!("{inbox}/{kind}/batch{batch:03}/{rest}");
        let bytes = std::fs::read(corpus.join(rel)).expect("corpus file");
        let bytes = if rel.ends_with(".note.txt") {
            bytes
        } else {
            unique(bytes, n)
        };
        made.push((path, bytes));
    }
    made
}

fn unique(bytes: Vec<u8>, n: usize) -> Vec<u8> {
    if bytes.starts_with(b"PK\x03\x04") {
        let mut writer = match zip::ZipWriter::new_append(std::io::Cursor::new(bytes.clone())) {
            Ok(writer) => writer,
            Err(_) => return bytes,
        };
        if writer.set_comment(format!("copy {n}")).is_err() {
            return bytes;
        }
        return match writer.finish() {
            Ok(cursor) => cursor.into_inner(),
            Err(_) => bytes,
        };
    }
    if bytes.is_empty() || bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return bytes;
    }
    let mut bytes = bytes;
    let _ = write!(bytes, "\n%copy {n}\n");
    bytes
}

/// Puts `files` into the workspace as finished files (written a minute ago); through a
/// folder beside the inbox and a rename, so that no daemon sees one half-written.
fn drop_all(ws: &Workspace, files: &[(String, Vec<u8>)]) {
    let staging = ws.join(".dropping");
    for (path, bytes) in files {
        let staged = staging.join(path);
        std::fs::create_dir_all(staged.parent().expect("parent")).expect("mkdir");
        std::fs::write(&staged, bytes).expect("write");
        common::age(&staged);
        let target = ws.join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::rename(&staged, &target).expect("rename");
    }
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Files below the inbox, relative to the workspace.
fn inbox_files(ws: &Workspace) -> Vec<String> {
    ws.files_under("inbox")
}

/// What one `run` on SQLite makes of `files`: where each ended, and what stays in the inbox.
struct Reference {
    ends: BTreeMap<String, (String, String)>,
    left: Vec<String>,
    actions: BTreeMap<String, i64>,
}

fn reference(files: &[(String, Vec<u8>)]) -> Reference {
    let ws = workspace(60);
    drop_all(&ws, files);
    let (code, out, err) = ws.run(&["run"]);
    assert!(code == 0 || code == 2, "{out}{err}");
    let conn = rusqlite::Connection::open(ws.join("claimdrop.db")).expect("the reference store");
    let actions = filing_actions_sqlite(&conn);
    Reference {
        ends: common::ends(&ws),
        left: inbox_files(&ws),
        actions,
    }
}

/// The history actions filing writes, and how many of each.
const FILING_ACTIONS: &str =
    "'document_attached', 'document_duplicate', 'document_parked', 'note_added'";

fn filing_actions_sqlite(conn: &rusqlite::Connection) -> BTreeMap<String, i64> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT action, COUNT(*) FROM history WHERE action IN ({FILING_ACTIONS}) GROUP BY action"
        ))
        .expect("select");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

fn filing_actions_postgres(pg: &Postgres, url: &str) -> BTreeMap<String, i64> {
    let database = url.rsplit('/').next().expect("database");
    pg.query(
        database,
        &format!(
            "SELECT action, COUNT(*) FROM history WHERE action IN ({FILING_ACTIONS}) GROUP BY action"
        ),
    )
    .lines()
    .filter_map(|line| {
        let (action, n) = line.split_once('|')?;
        Some((action.to_string(), n.parse().ok()?))
    })
    .collect()
}

/// Where files of each content ended, sorted: copies of the same bytes may end in another
/// order than in the reference (which copy is attached, which the duplicate), nothing else.
fn by_content(
    ends: &BTreeMap<String, (String, String)>,
    shas: &BTreeMap<String, String>,
) -> BTreeMap<String, Vec<(String, String)>> {
    let mut grouped: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (path, end) in ends {
        let sha = shas.get(path).cloned().unwrap_or_else(|| path.clone());
        grouped.entry(sha).or_default().push(end.clone());
    }
    for ends in grouped.values_mut() {
        ends.sort();
    }
    grouped
}

/// Every file exactly once, each content's outcomes those of the reference, nothing doubled
/// in the history, the chain and the evidence verified.
fn assert_filed_once(
    ws: &Workspace,
    pg: &Postgres,
    url: &str,
    files: &[(String, Vec<u8>)],
    reference: &Reference,
) {
    let (code, out, err) = ws.run(&["report"]);
    assert_eq!(code, 0, "{out}{err}");
    let shas: BTreeMap<String, String> = files
        .iter()
        .map(|(path, bytes)| (path.clone(), sha256(bytes)))
        .collect();
    let ends = common::ends(ws);
    assert_eq!(
        ends.len(),
        reference.ends.len(),
        "as many files ended as in the reference"
    );
    assert_eq!(
        by_content(&ends, &shas),
        by_content(&reference.ends, &shas),
        "each content's outcomes"
    );
    assert_eq!(inbox_files(ws), reference.left, "what stays in the inbox");
    let database = url.rsplit('/').next().expect("database");
    let twice = pg.query(
        database,
        "SELECT document_sha256 FROM history WHERE action = 'document_attached'
         GROUP BY document_sha256 HAVING COUNT(*) > 1",
    );
    assert_eq!(twice, "", "bytes attached twice");
    let documents = pg.query(database, "SELECT COUNT(*) FROM documents");
    let attached = ends.values().filter(|(o, _)| o == "attached").count();
    assert_eq!(
        documents,
        attached.to_string(),
        "one document row per attachment"
    );
    assert_eq!(
        filing_actions_postgres(pg, url),
        reference.actions,
        "the history's filing entries"
    );
    let leases = pg.query(
        database,
        "SELECT COUNT(*) FROM leases WHERE expires_at > now()",
    );
    assert_eq!(leases, "0", "leases left held");
    let (code, out, err) = ws.run(&["verify", "--evidence"]);
    assert_eq!(code, 0, "{out}{err}");
    // The archive holds each attachment once (temporary files a killed daemon left aside).
    let archived = ws
        .files_under("archive")
        .into_iter()
        .filter(|f| {
            let name = f.rsplit('/').next().unwrap_or_default();
            !name.starts_with(".claimdrop-")
                && !name.ends_with(".note.txt")
                && !name.ends_with(".reason.txt")
                && !f.starts_with("archive/registers/")
        })
        .count();
    assert_eq!(archived, attached, "archived copies");
}

fn start(ws: &Workspace, n: usize) -> Running {
    common::watch_at(ws.path(), &ws.join(&format!("watch{n}.log")))
}

fn logs(ws: &Workspace) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(ws.path()).expect("workspace").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("watch") && name.ends_with(".log") {
            all.push_str(&format!("== {name}\n"));
            all.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    all
}

/// Whether the inbox is down to what the reference left in it, within `secs`.
fn drained(ws: &Workspace, reference: &Reference, secs: u64) -> bool {
    common::within(secs, || inbox_files(ws) == reference.left)
}

#[test]
fn three_daemons_file_3000_dropped_files_each_exactly_once() {
    let Some(pg) = Postgres::start() else { return };
    let files = files(0, 3000);
    let reference = reference(&files);
    let (ws, url) = shared_workspace(&pg, "three", 60);
    let daemons: Vec<Running> = (0..3).map(|n| start(&ws, n)).collect();
    assert!(
        common::within(20, || logs(&ws).matches("watching").count() == 3),
        "{}",
        logs(&ws)
    );
    drop_all(&ws, &files);
    assert!(drained(&ws, &reference, 180), "{}", logs(&ws));
    // Every daemon filed some: the work was shared, not waited for.
    let log = logs(&ws);
    for (n, part) in log.split("== watch").skip(1).enumerate() {
        assert!(
            part.contains("attached"),
            "daemon {n} filed nothing: {part}"
        );
    }
    for daemon in daemons {
        assert_eq!(daemon.stop(), Some(0));
    }
    assert_filed_once(&ws, &pg, &url, &files, &reference);
}

/// A small random number generator: the trials are the same on every run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn a_daemon_killed_at_any_moment_loses_nothing_and_doubles_nothing_100_trials() {
    let Some(pg) = Postgres::start() else { return };
    const TRIALS: usize = 100;
    const PER_TRIAL: usize = 30;
    let files = files(0, TRIALS * PER_TRIAL);
    let reference = reference(&files);
    let (ws, url) = shared_workspace(&pg, "killed", 5);
    let mut daemons: Vec<Running> = (0..3).map(|n| start(&ws, n)).collect();
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    for (n, trial) in files.chunks(PER_TRIAL).enumerate() {
        let before = inbox_files(&ws).len();
        drop_all(&ws, trial);
        // Killed at any moment as files arrive (waiting, reading, committing, writing the
        // reports), or, every other trial, once filing has begun: mid-batch, mid-commit.
        if n % 2 == 0 {
            std::thread::sleep(Duration::from_millis(dice.below(400)));
        } else {
            let full = before + trial.len();
            common::within(5, || inbox_files(&ws).len() < full);
            std::thread::sleep(Duration::from_millis(dice.below(15)));
        }
        let victim = usize::try_from(dice.below(3)).expect("small");
        let replacement = start(&ws, 3 + n);
        let killed = std::mem::replace(&mut daemons[victim], replacement);
        let _ = std::process::Command::new("kill")
            .args(["-9", &killed.0.id().to_string()])
            .status();
        drop(killed);
    }
    // The killed daemons' leases run out (5 s) and the others finish their files.
    assert!(drained(&ws, &reference, 180), "{}", logs(&ws));
    let log = logs(&ws);
    let temporaries = ws
        .files_under("archive")
        .into_iter()
        .chain(ws.files_under("quarantine"))
        .filter(|f| f.contains("/.claimdrop-"))
        .count();
    eprintln!(
        "{TRIALS} kills: {} files finished by another daemon after a killed one had filed them, {temporaries} temporary copies left by commits cut short, {} filings decided again after a race",
        log.matches("finished a file an earlier pass had filed")
            .count(),
        log.matches("deciding again").count(),
    );
    for daemon in daemons {
        assert_eq!(daemon.stop(), Some(0));
    }
    assert_filed_once(&ws, &pg, &url, &files, &reference);
}

/// The inbox document of the dev corpus that is attached, and its claim.
const DOCUMENT: &str = "inbox/invoices/BlueYonder invoice 008918.pdf";

fn note_of(path: &str) -> String {
    format!("{path}.note.txt")
}

fn document_note(ws: &Workspace, original_path: &str) -> String {
    ws.report("documents.csv")
        .into_iter()
        .find(|d| d["original_path"] == original_path)
        .map(|d| d.get("note").cloned().unwrap_or_default())
        .unwrap_or_else(|| panic!("{original_path} not attached"))
}

#[test]
fn a_late_note_joins_its_document_whichever_daemon_filed_it() {
    let Some(pg) = Postgres::start() else { return };
    let (ws, url) = shared_workspace(&pg, "notes", 5);
    let database = url.rsplit('/').next().expect("database").to_string();
    // One daemon files the document and stops; another, started meanwhile, sees the note.
    let first = start(&ws, 0);
    let document = ws.drop_corpus(DOCUMENT);
    assert!(common::within(30, || !document.exists()), "{}", logs(&ws));
    let second = start(&ws, 1);
    assert!(
        common::within(20, || logs(&ws).matches("watching").count() == 2),
        "{}",
        logs(&ws)
    );
    assert_eq!(first.stop(), Some(0));
    let note = ws.drop_file(&note_of(DOCUMENT), b"Paid by card, receipt to follow.");
    assert!(common::within(30, || !note.exists()), "{}", logs(&ws));
    assert!(
        std::fs::read_to_string(ws.join("watch1.log"))
            .unwrap_or_default()
            .contains("note joined its document"),
        "{}",
        logs(&ws)
    );
    // Documents and notes dropped together before three daemons: each note once, beside its
    // document, whichever daemon saw which.
    let daemons: Vec<Running> = (2..5).map(|n| start(&ws, n)).collect();
    let mut together = Vec::new();
    for (n, (path, bytes)) in files(0, 150)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".pdf") && path.starts_with("inbox/invoices/"))
        .take(20)
        .enumerate()
    {
        let text = format!("note {n} on {path}");
        together.push((path.clone(), bytes));
        together.push((note_of(&path), text.into_bytes()));
    }
    drop_all(&ws, &together);
    assert!(
        common::within(60, || inbox_files(&ws).is_empty()),
        "{:?}\n{}",
        inbox_files(&ws),
        logs(&ws)
    );
    assert_eq!(second.stop(), Some(0));
    for daemon in daemons {
        assert_eq!(daemon.stop(), Some(0));
    }
    let (code, out, err) = ws.run(&["report"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(document_note(&ws, DOCUMENT).contains("receipt to follow"));
    let added = pg.query(
        &database,
        "SELECT COUNT(*) FROM history WHERE action = 'note_added'",
    );
    let documents = ws.report("documents.csv");
    for (path, text) in together.iter().skip(1).step_by(2) {
        let document = path.trim_end_matches(".note.txt");
        let text = String::from_utf8_lossy(text);
        let attached = documents.iter().find(|d| d["original_path"] == document);
        let quarantined = ws
            .report("exceptions.csv")
            .into_iter()
            .find(|e| e["original_path"] == document);
        match (attached, quarantined) {
            (Some(row), _) => assert_eq!(row["note"], text, "{document}"),
            (None, Some(_)) => {}
            (None, None) => panic!("{document} ended nowhere"),
        }
    }
    // The first note joined late; any other, joined late by a daemon that saw it before the
    // document was filed, was recorded once: never more note entries than notes.
    let added: usize = added.parse().expect("count");
    assert!((1..=21).contains(&added), "{added} note entries");
    let twice = pg.query(
        &database,
        "SELECT claim_id, document_sha256 FROM history WHERE action = 'note_added'
         GROUP BY claim_id, document_sha256 HAVING COUNT(*) > 1",
    );
    assert_eq!(twice, "", "a note recorded twice");
    let (code, out, err) = ws.run(&["verify", "--evidence"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// Hosts of their own for daemons, as far as one machine can give them: each a network
/// namespace, reaching this host's PostgreSQL at `DATABASE_ADDRESS` through a veth pair of
/// its own (which can be cut), and a host name of its own (a UTS namespace). Removed when
/// dropped.
struct Hosts {
    tag: String,
    count: usize,
}

/// Where the database listens for the hosts: on this host's loopback interface, routed to
/// from every namespace through its veth pair.
const DATABASE_ADDRESS: &str = "10.231.0.1";

fn ip(args: &[&str]) -> Result<(), String> {
    let out = std::process::Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("ip: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

impl Hosts {
    /// `count` hosts, or why the machine gives none (no root, no network namespaces).
    fn create(count: usize) -> Result<Hosts, String> {
        if uzers::get_effective_uid() != 0 {
            return Err("network namespaces need root".into());
        }
        let hosts = Hosts {
            tag: format!("{}", std::process::id() % 100_000),
            count: 0,
        };
        // Left by a run that was killed: taken over.
        let _ = database_address("del");
        database_address("add")?;
        let mut hosts = hosts;
        for n in 1..=count {
            let (ns, outside, inside) = hosts.names(n);
            let _ = ip(&["netns", "del", &ns]);
            ip(&["netns", "add", &ns])?;
            hosts.count = n;
            ip(&[
                "link", "add", &outside, "type", "veth", "peer", "name", &inside,
            ])?;
            ip(&["link", "set", &inside, "netns", &ns])?;
            ip(&["addr", "add", &format!("10.231.{n}.1/24"), "dev", &outside])?;
            ip(&["link", "set", &outside, "up"])?;
            for args in [
                vec!["addr", "add", &format!("10.231.{n}.2/24"), "dev", &inside],
                vec!["link", "set", &inside, "up"],
                vec!["link", "set", "lo", "up"],
                vec!["route", "add", "default", "via", &format!("10.231.{n}.1")],
            ] {
                let mut all = vec!["netns", "exec", &ns, "ip"];
                all.extend(args.iter().map(|a| &**a));
                ip(&all)?;
            }
        }
        Ok(hosts)
    }

    /// Host `n`'s namespace, and its veth pair's ends outside and inside.
    fn names(&self, n: usize) -> (String, String, String) {
        (
            format!("cd{}h{n}", self.tag),
            format!("cdo{}h{n}", self.tag),
            format!("cdi{}h{n}", self.tag),
        )
    }

    /// `watch` on host `n` (named `host-n`), its log in the workspace.
    fn watch(&self, n: usize, ws: &Workspace) -> Running {
        let (ns, _, _) = self.names(n);
        let log = ws.join(&format!("watch-host{n}.log"));
        let child = std::process::Command::new("ip")
            .args(["netns", "exec", &ns, "unshare", "--uts", "sh", "-c"])
            .arg(format!("hostname host-{n} && exec \"$0\" \"$@\""))
            .arg(assert_cmd::cargo::cargo_bin("claimdrop"))
            .arg("--workspace")
            .arg(ws.path())
            .arg("watch")
            .env_remove("CLAIMDROP_WORKSPACE")
            .env("LANG", "C.UTF-8")
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("start watch");
        Running(child)
    }

    /// Cuts host `n` from the network (its veth pair down), or puts it back.
    fn cut(&self, n: usize, cut: bool) {
        let (_, outside, _) = self.names(n);
        ip(&["link", "set", &outside, if cut { "down" } else { "up" }]).expect("ip link");
    }
}

impl Drop for Hosts {
    fn drop(&mut self) {
        for n in 1..=self.count {
            let (ns, outside, _) = self.names(n);
            let _ = ip(&["link", "del", &outside]);
            let _ = ip(&["netns", "del", &ns]);
        }
        let _ = database_address("del");
    }
}

/// Adds or removes the database's address for the hosts on this host's loopback interface.
fn database_address(change: &str) -> Result<(), String> {
    ip(&[
        "addr",
        change,
        &format!("{DATABASE_ADDRESS}/32"),
        "dev",
        "lo",
    ])
}

#[test]
fn daemons_on_three_hosts_file_once_and_one_cut_from_the_network_loses_nothing() {
    // Where the machine gives no network namespaces (no root, a container without
    // CAP_NET_ADMIN), the daemons are tested as separate processes only (the tests above):
    // said, not failed, even under CI, as SPEC's issue allows.
    let hosts = match Hosts::create(3) {
        Ok(hosts) => hosts,
        Err(why) => {
            eprintln!(
                "NOT RUN: no hosts of their own for the daemons here ({why}); they are tested as separate processes"
            );
            return;
        }
    };
    let Some(pg) = Postgres::start() else { return };
    pg.serve_also(DATABASE_ADDRESS, "10.231.0.0/16");
    let files = files(0, 900);
    let reference = reference(&files);
    // The store as the hosts reach it.
    let ws = workspace(5);
    let local = pg.database("hosts");
    let url = local.replacen("127.0.0.1", DATABASE_ADDRESS, 1);
    let (code, _, err) = ws.run(&["store", "migrate", "--to", &url]);
    assert_eq!(code, 0, "{err}");
    let config = ws.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(
        &config,
        text.replacen("\nurl = \"\"", &format!("\nurl = \"{url}\""), 1),
    )
    .expect("config");
    let daemons: Vec<Running> = (1..=3).map(|n| hosts.watch(n, &ws)).collect();
    assert!(
        common::within(30, || logs(&ws).matches("watching").count() == 3),
        "{}",
        logs(&ws)
    );
    // Each daemon is on the database as its own host.
    let connected = pg.query(
        "hosts",
        "SELECT string_agg(DISTINCT application_name, ';') FROM pg_stat_activity",
    );
    for n in 1..=3 {
        assert!(
            connected.contains(&format!("claimdrop on host-{n},")),
            "{connected}"
        );
    }
    let (first, rest) = files.split_at(300);
    let (second, third) = rest.split_at(300);
    drop_all(&ws, first);
    // Host 2 cut from the network while files arrive: what it held runs out (5 s) and the
    // others file it; back on the network, it goes on.
    std::thread::sleep(Duration::from_millis(150));
    hosts.cut(2, true);
    drop_all(&ws, second);
    std::thread::sleep(Duration::from_secs(12));
    hosts.cut(2, false);
    drop_all(&ws, third);
    assert!(drained(&ws, &reference, 180), "{}", logs(&ws));
    for daemon in daemons {
        assert_eq!(daemon.stop(), Some(0), "{}", logs(&ws));
    }
    // What each host filed (its passes' summaries), and what host 2 said while cut.
    for n in 1..=3 {
        let log =
            std::fs::read_to_string(ws.join(&format!("watch-host{n}.log"))).unwrap_or_default();
        let count = |line: &str, field: &str| -> usize {
            line.split(&format!(" {field}="))
                .nth(1)
                .and_then(|rest| rest.split(' ').next()?.parse().ok())
                .unwrap_or(0)
        };
        let filed: usize = log
            .lines()
            .map(|l| count(l, "attached") + count(l, "duplicate") + count(l, "quarantined"))
            .sum();
        let troubles: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("WARN") || l.contains("ERROR"))
            .collect();
        eprintln!("host-{n}: filed {filed} files; warnings and errors: {troubles:?}");
    }
    assert_filed_once(&ws, &pg, &local, &files, &reference);
}
