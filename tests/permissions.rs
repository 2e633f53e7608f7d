//! Files claimdrop may not read: they stay in the inbox, are reported once (a warning, a row
//! in exceptions.csv, `failed` in that one summary), are tried again with backoff, and are
//! taken in as soon as someone fixes their permissions.
//!
//! Root reads everything, so when the tests run as root claimdrop is run as `nobody` (setpriv)
//! on a workspace handed to that user; otherwise it runs as the tests' own user.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::{Workspace, age, sample_register};

const T0: &str = "2024-11-20T09:00:00Z";

/// A workspace claimdrop runs on without the right to read everything.
struct Unprivileged {
    ws: Workspace,
    /// Run through setpriv as nobody (the tests run as root).
    as_nobody: bool,
    /// The binary, copied where nobody may run it when the checkout is out of its reach.
    binary: std::path::PathBuf,
    _bin: Option<tempfile::TempDir>,
}

impl Unprivileged {
    fn new() -> Option<Unprivileged> {
        let ws = Workspace::new();
        ws.import(&sample_register());
        let as_nobody = uzers::get_effective_uid() == 0;
        let mut binary = assert_cmd::cargo::cargo_bin("claimdrop");
        let mut bin = None;
        if as_nobody {
            // A checkout under /root is out of nobody's reach: it runs a copy.
            let dir = tempfile::tempdir().expect("temp dir");
            chmod(dir.path(), 0o755);
            binary = common::binary_copy_in(dir.path());
            bin = Some(dir);
            let runs = Command::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(&binary)
                .arg("--version")
                .output();
            if !runs.is_ok_and(|o| o.status.success()) {
                common::skip("running as root, and nobody cannot run claimdrop (no setpriv?)");
                return None;
            }
        }
        Some(Unprivileged {
            ws,
            as_nobody,
            binary,
            _bin: bin,
        })
    }

    /// Hands every file of the workspace to the user claimdrop runs as.
    fn hand_over(&self) {
        if self.as_nobody {
            for entry in walkdir::WalkDir::new(self.ws.path()) {
                let entry = entry.expect("walk");
                std::os::unix::fs::lchown(entry.path(), Some(65534), Some(65534)).expect("chown");
            }
        }
    }

    /// claimdrop, as the user it runs as here, on this workspace.
    fn claimdrop(&self) -> Command {
        let mut cmd = if self.as_nobody {
            let mut cmd = Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(&self.binary);
            cmd
        } else {
            Command::new(&self.binary)
        };
        cmd.arg("--workspace")
            .arg(self.ws.path())
            .env("RUST_LOG", "claimdrop=info")
            .env_remove("CLAIMDROP_WORKSPACE");
        cmd
    }

    fn run_at(&self, now: &str, args: &[&str]) -> (i32, String, String) {
        let out = self
            .claimdrop()
            .args(args)
            .env("CLAIMDROP_NOW", now)
            .output()
            .expect("run claimdrop");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn exceptions_for(
    ws: &Workspace,
    original_path: &str,
) -> Vec<std::collections::HashMap<String, String>> {
    ws.report("exceptions.csv")
        .into_iter()
        .filter(|row| row["original_path"] == original_path)
        .collect()
}

#[test]
fn a_file_claimdrop_may_not_read_stays_is_reported_once_and_is_retried_with_backoff() {
    let Some(u) = Unprivileged::new() else { return };
    let locked = u.ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let readable = u.ws.drop_corpus("inbox/invoices/CLM-013014/LDM24-0239.pdf");
    age(&locked);
    age(&readable);
    u.hand_over();
    chmod(&locked, 0o000);
    let rel = "inbox/invoices/CLM-879149_invoice.pdf";

    // First pass: the readable file is attached; the other is reported, once.
    let (code, out, err) = u.run_at(T0, &["run"]);
    assert_eq!(
        code, 1,
        "a file without an outcome fails this one run: {out}{err}"
    );
    assert!(
        out.contains("attached 1") && out.contains("failed 1"),
        "{out}"
    );
    assert!(
        err.contains("may not read") && err.contains("CLM-879149_invoice.pdf"),
        "{err}"
    );
    assert!(locked.exists(), "it stays in the inbox");
    let rows = exceptions_for(&u.ws, rel);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["outcome"], "unreadable");
    assert_eq!(rows[0]["quarantine_path"], "", "it is not in quarantine");
    assert!(rows[0]["reason"].contains("may not read"), "{rows:?}");
    assert!(u.ws.files_under("quarantine").is_empty());

    // 30 s later: not due, unchanged: skipped without a word, not failed again.
    let (code, out, err) = u.run_at("2024-11-20T09:00:30Z", &["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ignored 1, failed 0"), "{out}");
    assert!(
        !err.contains("CLM-879149_invoice.pdf"),
        "said once only: {err}"
    );
    assert_eq!(exceptions_for(&u.ws, rel), rows, "the same single row");

    // Two minutes later the next try is due: tried, still refused, said quietly.
    let (code, out, err) = u.run_at("2024-11-20T09:02:00Z", &["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ignored 1, failed 0"), "{out}");
    assert!(err.contains("still may not read"), "{err}");
    assert!(!err.contains("WARN"), "{err}");
    assert_eq!(exceptions_for(&u.ws, rel).len(), 1);

    // Someone fixes its mode: the very next pass takes it, backoff or not.
    chmod(&locked, 0o644);
    let (code, out, err) = u.run_at("2024-11-20T09:02:01Z", &["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}{err}");
    assert!(!locked.exists());
    assert!(exceptions_for(&u.ws, rel).is_empty());
    let documents = u.ws.report("documents.csv");
    assert!(
        documents.iter().any(|d| d["original_path"] == rel),
        "{documents:?}"
    );
    assert_eq!(u.ws.run(&["verify"]).0, 0);
}

#[test]
fn a_folder_claimdrop_may_not_list_is_reported_once_and_taken_in_once_opened() {
    let Some(u) = Unprivileged::new() else { return };
    let photo = std::fs::read(common::corpus().join("inbox/proof/CLM-013014/event-photo.jpeg"))
        .expect("corpus file");
    let inside =
        u.ws.drop_file("inbox/proof/CLM-013014/private/event-photo.jpeg", &photo);
    u.hand_over();
    let folder = u.ws.join("inbox/proof/CLM-013014/private");
    chmod(&folder, 0o000);

    let (code, out, err) = u.run_at(T0, &["run"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("failed 1"), "{out}");
    assert!(err.contains("may not read"), "{err}");
    let rel = "inbox/proof/CLM-013014/private";
    assert_eq!(exceptions_for(&u.ws, rel).len(), 1);

    let (code, out, err) = u.run_at("2024-11-20T09:00:30Z", &["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("failed 0"), "{out}");
    assert!(!err.contains("private"), "said once only: {err}");

    chmod(&folder, 0o755);
    let (code, out, err) = u.run_at("2024-11-20T09:00:31Z", &["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}");
    assert!(exceptions_for(&u.ws, rel).is_empty());
    assert!(!inside.exists());
}

#[test]
fn watch_reports_a_file_it_may_not_read_once_and_files_it_once_its_mode_is_fixed() {
    let Some(u) = Unprivileged::new() else { return };
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    // A rescan and a look at the held files every second: many chances to repeat itself.
    u.ws.write(
        "claimdrop.toml",
        &format!(
            "[roles]\nglobal_admins = [\"{}\"]\n[watch]\npoll_interval_secs = 1\nsettle_ms = 200\n",
            user.trim()
        ),
    );
    let locked = u.ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    u.hand_over();
    chmod(&locked, 0o000);
    let log = u.ws.join("watch.log");
    let daemon = common::Running(
        u.claimdrop()
            .arg("watch")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("start watch"),
    );
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    let wait_until = |what: &dyn Fn() -> bool| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while std::time::Instant::now() < deadline && !what() {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        what()
    };
    assert!(
        wait_until(&|| read_log().contains("claimdrop may not read it")),
        "{}",
        read_log()
    );
    // Four rescans later it has still said so once.
    std::thread::sleep(std::time::Duration::from_secs(4));
    assert_eq!(
        read_log().matches("may not read it").count(),
        1,
        "{}",
        read_log()
    );
    let reports = u.ws.join("reports/exceptions.csv");
    assert!(
        wait_until(&|| std::fs::read_to_string(&reports)
            .is_ok_and(|r| r.contains("CLM-879149_invoice.pdf"))),
        "exceptions.csv names it"
    );

    chmod(&locked, 0o644);
    let archived =
        u.ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf");
    assert!(wait_until(&|| archived.exists()), "{}", read_log());
    assert!(
        wait_until(&|| std::fs::read_to_string(&reports)
            .is_ok_and(|r| !r.contains("CLM-879149_invoice.pdf"))),
        "the row leaves exceptions.csv once the file is filed"
    );
    assert!(!locked.exists());
    assert_eq!(daemon.stop(), Some(0), "{}", read_log());
}

#[test]
fn a_file_in_a_folder_claimdrop_may_not_change_is_filed_once_and_not_read_again() {
    let Some(u) = Unprivileged::new() else { return };
    let file = u.ws.drop_corpus("inbox/invoices/CLM-013014/LDM24-0239.pdf");
    u.hand_over();
    let folder = file.parent().unwrap().to_path_buf();
    if u.as_nobody {
        // root's folder, open to read: nobody may not remove what is in it.
        std::os::unix::fs::lchown(&folder, Some(0), Some(0)).unwrap();
        chmod(&folder, 0o755);
    } else {
        chmod(&folder, 0o555);
    }
    let (code, out, err) = u.run_at(T0, &["run"]);
    assert_eq!(code, 0, "filed: nothing failed: {out}{err}");
    assert!(out.contains("attached 1"), "{out}");
    assert!(err.contains("may not remove it"), "said once: {err}");
    for now in ["2024-11-20T09:00:30Z", "2024-11-20T09:00:40Z"] {
        let (code, out, err) = u.run_at(now, &["run"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("attached 0") && out.contains("ignored 1, failed 0"),
            "{out}"
        );
        assert!(!err.contains("LDM24-0239"), "not said again: {err}");
    }
    assert!(file.exists());
    assert_eq!(u.ws.report("documents.csv").len(), 1);
    chmod(&folder, 0o755);
}
