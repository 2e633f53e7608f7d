//! The daemon: files dropped while it runs are filed, a file being written is never read half
//! done, poll mode works without change events, and SIGTERM stops it cleanly.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Workspace, corpus, sample_register};

struct Daemon {
    child: Child,
}

impl Daemon {
    fn start(ws: &Workspace) -> Daemon {
        let log = ws.join("watch.log");
        let daemon = Daemon {
            child: Command::new(assert_cmd::cargo::cargo_bin("claimdrop"))
                .arg("--workspace")
                .arg(ws.path())
                .arg("watch")
                .env_remove("CLAIMDROP_WORKSPACE")
                .env("RUST_LOG", "info")
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).expect("log"))
                .spawn()
                .expect("start watch"),
        };
        // Ready once it says so: the lock is held and the watcher is in place.
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if std::fs::read_to_string(&log)
                .unwrap_or_default()
                .contains("watching")
            {
                return daemon;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "watch did not start: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// SIGTERM, then its exit code. The deadline only keeps a daemon that never stops from
    /// hanging the suite; how fast it stops is not what a test measures.
    fn stop(mut self) -> Option<i32> {
        let start = Instant::now();
        unsafe_kill(self.child.id(), "TERM");
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "watch did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unsafe_kill(pid: u32, signal: &str) {
    Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("kill");
}

fn wait_for(path: &Path, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if path.exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn corpus_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(corpus().join(rel)).unwrap()
}

#[test]
fn files_dropped_while_watching_are_filed_and_sigterm_stops_it() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    // Dropped while the daemon was down: the start-up scan finds it.
    ws.drop_corpus("inbox/invoices/CLM-013014/LDM24-0239.pdf");
    let daemon = Daemon::start(&ws);
    assert!(wait_for(
        &ws.join("archive/CLM-013014/invoice/LDM24-0239.pdf"),
        Duration::from_secs(10)
    ));

    // Written in place.
    std::fs::write(
        ws.join("inbox/invoices/CLM-879149_invoice.pdf"),
        corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf"),
    )
    .unwrap();
    // Renamed in, as many tools save: write elsewhere, then move.
    std::fs::create_dir_all(ws.join("staging")).unwrap();
    std::fs::write(
        ws.join("staging/shot.png"),
        corpus_bytes("inbox/proof/Screenshot CLM-530971 2024-09-20.png"),
    )
    .unwrap();
    std::fs::rename(
        ws.join("staging/shot.png"),
        ws.join("inbox/proof/CLM-530971 shot.png"),
    )
    .unwrap();

    assert!(wait_for(
        &ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf"),
        Duration::from_secs(10)
    ));
    assert!(wait_for(
        &ws.join("archive/CLM-530971/proof/CLM-530971 shot.png"),
        Duration::from_secs(10)
    ));

    // Reports follow while the daemon runs (rewritten by its reporter thread).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while ws.report_or_empty("documents.csv").len() < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        ws.report_or_empty("documents.csv").len(),
        3,
        "reports follow the filing"
    );

    assert_eq!(daemon.stop(), Some(0));
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 3, "reports are current after the stop");
    assert_eq!(ws.run(&["verify"]).0, 0);
}

#[test]
fn a_file_written_slowly_is_never_read_half_written() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let daemon = Daemon::start(&ws);
    let full = corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf");
    let path = ws.join("inbox/invoices/CLM-879149_slow.pdf");
    let archived = ws.join("archive/CLM-879149/invoice/CLM-879149_slow.pdf");
    {
        let mut file = std::fs::File::create(&path).unwrap();
        for chunk in full.chunks(full.len() / 10 + 1) {
            file.write_all(chunk).unwrap();
            file.flush().unwrap();
            std::thread::sleep(Duration::from_millis(300));
            assert!(!archived.exists(), "filed while still being written");
            assert!(
                ws.report_or_empty("exceptions.csv").is_empty(),
                "quarantined half-written"
            );
        }
    }
    assert!(wait_for(&archived, Duration::from_secs(10)));
    assert_eq!(std::fs::read(&archived).unwrap(), full);
    daemon.stop();
}

#[test]
fn poll_mode_files_without_change_events() {
    let ws = Workspace::new();
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    ws.write(
        "claimdrop.toml",
        &format!(
            "[roles]\nglobal_admins = [\"{}\"]\n[watch]\nmode = \"poll\"\npoll_interval_secs = 1\nsettle_ms = 300\n",
            user.trim()
        ),
    );
    ws.import(&sample_register());
    let daemon = Daemon::start(&ws);
    std::fs::write(
        ws.join("inbox/invoices/CLM-879149_invoice.pdf"),
        corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf"),
    )
    .unwrap();
    assert!(wait_for(
        &ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf"),
        Duration::from_secs(10)
    ));
    daemon.stop();
}

#[test]
fn a_second_writer_is_refused_while_watch_runs() {
    let ws = Workspace::new();
    let daemon = Daemon::start(&ws);
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 1);
    assert!(err.contains("locked by another claimdrop process"), "{err}");
    daemon.stop();
}

#[test]
fn files_made_in_new_folders_are_filed_without_waiting_for_a_rescan() {
    let ws = Workspace::new();
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    // No periodic rescan to fall back on: only events and the look at each new folder.
    ws.write(
        "claimdrop.toml",
        &format!(
            "[roles]\nglobal_admins = [\"{}\"]\n[watch]\npoll_interval_secs = 3600\nsettle_ms = 300\n[schedule]\nscan = \"\"\n",
            user.trim()
        ),
    );
    ws.import(&sample_register());
    let daemon = Daemon::start(&ws);
    let pdf = corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf");
    // A folder and its file at once, as a copied folder arrives: the file may be written
    // before the watcher has added the folder.
    for n in 0..20 {
        let folder = ws.join(&format!("inbox/invoices/CLM-879149 batch {n}"));
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(
            folder.join("invoice.pdf"),
            [pdf.as_slice(), format!("\n%{n}\n").as_bytes()].concat(),
        )
        .unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while ws.files_under("inbox").iter().any(|f| f.ends_with(".pdf")) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left: Vec<String> = ws.files_under("inbox");
    daemon.stop();
    assert!(left.is_empty(), "never filed: {left:?}");
    assert_eq!(ws.report("documents.csv").len(), 20);
}

/// Found in issue 7's second half: the watcher followed links to folders (notify's default),
/// so a file written wherever such a link pointed arrived as an inbox path and was filed and
/// removed from its place. Links are not followed; the link itself is quarantined.
#[test]
fn a_link_to_a_folder_outside_brings_no_file_from_there() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let elsewhere = ws.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    // One link there at start-up, one moved in while watching.
    std::os::unix::fs::symlink(&elsewhere, ws.join("inbox/invoices/CLM-879149 early")).unwrap();
    let daemon = Daemon::start(&ws);
    let staging = ws.join("link-to-move");
    std::os::unix::fs::symlink(&elsewhere, &staging).unwrap();
    std::fs::rename(&staging, ws.join("inbox/invoices/CLM-879149 late")).unwrap();
    // Written while the link is in the inbox (before the daemon has filed it, or after):
    // either way, nothing may come from there.
    let outside = elsewhere.join("CLM-879149_invoice.pdf");
    std::fs::write(
        &outside,
        corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf"),
    )
    .unwrap();
    let quarantined = ws.join("quarantine/unsupported/CLM-879149 late");
    assert!(
        wait_for(&quarantined, Duration::from_secs(10)),
        "the moved link is quarantined"
    );
    assert!(
        ws.join("quarantine/unsupported/CLM-879149 early")
            .symlink_metadata()
            .is_ok()
    );
    // A file dropped after it all: once it is filed, the daemon has handled every event that
    // came before it (one watcher, events in order).
    ws.drop_file(
        "inbox/proof/CLM-530971 after.png",
        &corpus_bytes("inbox/proof/Screenshot CLM-530971 2024-09-20.png"),
    );
    assert!(wait_for(
        &ws.join("archive/CLM-530971/proof/CLM-530971 after.png"),
        Duration::from_secs(10)
    ));
    assert!(outside.exists(), "the file outside is left alone");
    assert_eq!(
        ws.files_under("archive"),
        ["archive/CLM-530971/proof/CLM-530971 after.png"],
        "only the file dropped in the inbox is filed"
    );
    daemon.stop();
}

/// A workspace whose `watch` settles after `settle_ms`, with the sample claims.
fn settling_after(settle_ms: u64) -> Workspace {
    let ws = Workspace::new();
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    ws.write(
        "claimdrop.toml",
        &format!(
            "[roles]\nglobal_admins = [\"{}\"]\n[watch]\nsettle_ms = {settle_ms}\n",
            user.trim()
        ),
    );
    ws.import(&sample_register());
    ws
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Issue 14: a CSV written in two halves through one descriptor, the pause longer than
/// `settle_ms`, was filed after its first half and the second half landed in the archive.
#[test]
fn a_writer_that_pauses_longer_than_settle_with_its_file_open_is_waited_for() {
    let ws = settling_after(300);
    let daemon = Daemon::start(&ws);
    let path = ws.join("inbox/metrics/CLM-879149/clicks.csv");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let (first, second) = (
        "date;clicks;impressions\n2024-09-01;12;3400\n".as_bytes(),
        "2024-09-02;17;4100\n".as_bytes(),
    );
    let mut writer = std::fs::File::create(&path).unwrap();
    writer.write_all(first).unwrap();
    writer.flush().unwrap();
    // The pause the writer takes: five settle times with its descriptor open.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        ws.files_under("archive").is_empty(),
        "filed while held open"
    );
    assert!(ws.report_or_empty("exceptions.csv").is_empty());
    writer.write_all(second).unwrap();
    drop(writer);
    let archived = ws.join("archive/CLM-879149/metrics/clicks.csv");
    assert!(wait_for(&archived, Duration::from_secs(10)), "never filed");
    daemon.stop();
    let whole = [first, second].concat();
    assert_eq!(std::fs::read(&archived).unwrap(), whole);
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["sha256"], sha256_hex(&whole));
    let (code, out, err) = ws.run(&["verify", "--evidence"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// Issue 14: a PDF written in four chunks with pauses longer than `settle_ms` was quarantined
/// as cut short; the file in quarantine was whole.
#[test]
fn a_pdf_written_in_chunks_with_long_pauses_is_filed_whole() {
    let ws = settling_after(300);
    let daemon = Daemon::start(&ws);
    let full = corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf");
    let path = ws.join("inbox/invoices/CLM-879149_chunks.pdf");
    {
        let mut file = std::fs::File::create(&path).unwrap();
        for chunk in full.chunks(full.len() / 4 + 1) {
            file.write_all(chunk).unwrap();
            file.flush().unwrap();
            std::thread::sleep(Duration::from_millis(800));
            assert!(
                ws.files_under("quarantine").is_empty(),
                "quarantined half-written"
            );
        }
    }
    let archived = ws.join("archive/CLM-879149/invoice/CLM-879149_chunks.pdf");
    assert!(wait_for(&archived, Duration::from_secs(10)), "never filed");
    daemon.stop();
    assert_eq!(std::fs::read(&archived).unwrap(), full);
}

/// Issue 14: the first file copied into a new folder waited `settle_ms`, because the folder's
/// scan found it before its watch existed. A file nobody holds open is ready at once.
#[test]
fn a_file_found_in_a_new_folder_does_not_wait_for_the_settle_time() {
    let ws = settling_after(20_000);
    let daemon = Daemon::start(&ws);
    let folder = ws.join("inbox/invoices/CLM-879149 new");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("invoice.pdf"),
        corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf"),
    )
    .unwrap();
    // Well before the settle time: no clock was waited on.
    let filed = wait_for(
        &ws.join("archive/CLM-879149/invoice/invoice.pdf"),
        Duration::from_secs(10),
    );
    daemon.stop();
    assert!(filed, "waited for the settle time");
}

/// Issue 31: a file a person deleted from quarantine kept its `exceptions.csv` row and its
/// reason text under `watch` until a `run` or a restart.
#[test]
fn a_file_cleared_from_quarantine_by_hand_leaves_the_reports_while_watching() {
    let ws = Workspace::new();
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    ws.write(
        "claimdrop.toml",
        &format!(
            "[roles]\nglobal_admins = [\"{}\"]\n[watch]\npoll_interval_secs = 1\nsettle_ms = 200\n",
            user.trim()
        ),
    );
    let daemon = Daemon::start(&ws);
    std::fs::write(
        ws.join("inbox/invoices/nobody knows.pdf"),
        corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf"),
    )
    .unwrap();
    let quarantined = ws.join("quarantine/unmatched/nobody knows.pdf");
    assert!(wait_for(&quarantined, Duration::from_secs(10)));
    let listed = |ws: &Workspace| {
        ws.report_or_empty("exceptions.csv")
            .iter()
            .any(|e| e["original_path"].ends_with("nobody knows.pdf"))
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    while !listed(&ws) {
        assert!(Instant::now() < deadline, "never listed in exceptions.csv");
        std::thread::sleep(Duration::from_millis(50));
    }
    let reason = ws.join("quarantine/unmatched/nobody knows.pdf.reason.txt");
    assert!(reason.exists());
    std::fs::remove_file(&quarantined).unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while listed(&ws) || reason.exists() {
        assert!(
            Instant::now() < deadline,
            "still listed 15 s after it left quarantine (reason text there: {})",
            reason.exists()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    daemon.stop();
}

/// Issue 31: a PDF saved in two writes, closed between them, ended as two broken pieces in
/// quarantine (`cut short`, then a `(2)` that is "not a PDF").
#[test]
fn a_pdf_saved_in_two_writes_closed_between_them_is_filed_whole() {
    let ws = settling_after(2000);
    let daemon = Daemon::start(&ws);
    let pdf = corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf");
    let (first, second) = pdf.split_at(pdf.len() / 2);
    let path = ws.join("inbox/invoices/CLM-879149/saved twice.pdf");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, first).unwrap();
    // Long enough for the close to be seen and the half read.
    std::thread::sleep(Duration::from_millis(800));
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(second).unwrap();
    drop(file);
    let archived = ws.join("archive/CLM-879149/invoice/saved twice.pdf");
    assert!(
        wait_for(&archived, Duration::from_secs(15)),
        "{}",
        std::fs::read_to_string(ws.join("watch.log")).unwrap_or_default()
    );
    assert_eq!(std::fs::read(&archived).unwrap(), pdf);
    daemon.stop();
    assert!(
        ws.files_under("quarantine").is_empty(),
        "{:?}",
        ws.files_under("quarantine")
    );
}

/// The other side: a PDF that stays cut short is quarantined once it has been quiet.
#[test]
fn a_pdf_that_stays_cut_short_is_quarantined_once_quiet() {
    let ws = Workspace::new();
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    ws.write(
        "claimdrop.toml",
        &format!(
            "[roles]\nglobal_admins = [\"{}\"]\n[watch]\nsettle_ms = 500\npoll_interval_secs = 1\n",
            user.trim()
        ),
    );
    ws.import(&sample_register());
    let daemon = Daemon::start(&ws);
    let pdf = corpus_bytes("inbox/invoices/CLM-879149_invoice.pdf");
    let path = ws.join("inbox/invoices/CLM-879149/half.pdf");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &pdf[..pdf.len() / 2]).unwrap();
    assert!(
        wait_for(
            &ws.join("quarantine/unreadable/half.pdf"),
            Duration::from_secs(15)
        ),
        "{}",
        std::fs::read_to_string(ws.join("watch.log")).unwrap_or_default()
    );
    daemon.stop();
}
