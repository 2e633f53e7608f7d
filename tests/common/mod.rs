//! Runs the real binary on a fresh temporary workspace.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

#[path = "postgres.rs"]
mod postgres;
pub use postgres::Postgres;

impl Postgres {
    /// None (after `skip`) where no PostgreSQL server can start here.
    pub fn start() -> Option<Postgres> {
        match Postgres::try_start() {
            Ok(server) => Some(server),
            Err(why) => {
                skip(&why);
                None
            }
        }
    }
}

pub const REGISTER_HEADER: &str =
    "claim_id,program,activity,location,usage_start,usage_end,currency,funds_total,references";

/// A temporary folder with an initialised workspace in it.
pub struct Workspace {
    pub dir: TempDir,
}

impl Workspace {
    /// `claimdrop init` on a fresh folder: the current user becomes its global_admin.
    pub fn new() -> Workspace {
        let ws = Workspace::bare();
        ws.cmd().arg("init").assert().success();
        ws
    }

    /// A fresh empty folder, not initialised.
    pub fn bare() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The binary, pointed at this workspace, with a fixed clock.
    pub fn cmd(&self) -> Command {
        claimdrop_in(self.path())
    }

    /// Runs a command and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_with(args, |_| {})
    }

    /// `run`, with the command set up further first (its environment, a timeout).
    pub fn run_with(
        &self,
        args: &[&str],
        setup: impl FnOnce(&mut Command),
    ) -> (i32, String, String) {
        let mut cmd = self.cmd();
        setup(cmd.args(args));
        let out = cmd.output().expect("run");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "{args:?} failed: {err}");
        serde_json::from_str(&out).expect("json")
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        path
    }

    /// Imports a register and expects success.
    pub fn import(&self, path: &Path) {
        let (code, _, err) = self.run(&["claims", "import", path.to_str().expect("utf-8")]);
        assert_eq!(code, 0, "import failed: {err}");
    }

    pub fn claim_ids(&self) -> Vec<String> {
        self.json(&["claims", "list", "--json"])
            .as_array()
            .expect("array")
            .iter()
            .map(|c| c["claim_id"].as_str().expect("id").to_string())
            .collect()
    }

    pub fn history_len(&self) -> usize {
        self.json(&["history", "--json"])
            .as_array()
            .expect("array")
            .len()
    }

    /// A claim's row in claims.csv.
    pub fn claim_row(&self, id: &str) -> std::collections::HashMap<String, String> {
        self.report("claims.csv")
            .into_iter()
            .find(|r| r["claim_id"] == id)
            .unwrap_or_else(|| panic!("{id} is not in claims.csv"))
    }

    /// The first entry with `action` in a claim's history.
    pub fn history_entry(&self, claim: &str, action: &str) -> serde_json::Value {
        let history = self.json(&["history", claim, "--json"]);
        history
            .as_array()
            .and_then(|entries| entries.iter().find(|h| h["action"] == action).cloned())
            .unwrap_or_else(|| panic!("no {action} in the history of {claim}: {history}"))
    }

    /// Creates one editing claim with the given id.
    pub fn create_claim(&self, id: &str) {
        let (code, _, err) = self.run(&[
            "claims",
            "create",
            id,
            "--program",
            "Co-op FY25 Security",
            "--usage-start",
            "2024-09-01",
            "--usage-end",
            "2024-10-31",
            "--currency",
            "EUR",
            "--funds-total",
            "12000",
            "--reference",
            "PO-14064",
        ]);
        assert_eq!(code, 0, "create failed: {err}");
    }
}

impl Workspace {
    /// Creates an EUR claim of programme "Co-op FY25" through the CLI, with its usage period,
    /// funds and references; returns what the command printed.
    pub fn create_claim_for(
        &self,
        id: &str,
        usage: (&str, &str),
        funds_total: &str,
        references: &[&str],
    ) -> String {
        let mut args = vec![
            "claims",
            "create",
            id,
            "--program",
            "Co-op FY25",
            "--usage-start",
            usage.0,
            "--usage-end",
            usage.1,
            "--currency",
            "EUR",
            "--funds-total",
            funds_total,
        ];
        for reference in references {
            args.extend(["--reference", reference]);
        }
        let (code, out, err) = self.run(&args);
        assert_eq!(code, 0, "create {id} failed: {err}");
        out
    }

    /// Drops a file into the workspace as a finished file (written a minute ago).
    pub fn drop_file(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, bytes).expect("write");
        age(&path);
        path
    }

    /// Copies a file of the dev corpus (`inbox/...`) to the same place in this workspace.
    pub fn drop_corpus(&self, rel: &str) -> PathBuf {
        let bytes = std::fs::read(corpus().join(rel)).expect("corpus file");
        self.drop_file(rel, &bytes)
    }

    /// Reads a report as rows of column -> value.
    pub fn report(&self, name: &str) -> Vec<std::collections::HashMap<String, String>> {
        let mut reader =
            csv::Reader::from_path(self.join(&format!("reports/{name}"))).expect("report");
        let headers = reader.headers().expect("headers").clone();
        reader
            .records()
            .map(|r| {
                let r = r.expect("row");
                headers
                    .iter()
                    .map(String::from)
                    .zip(r.iter().map(String::from))
                    .collect()
            })
            .collect()
    }

    /// A report's rows, none when it was not written yet.
    pub fn report_or_empty(&self, name: &str) -> Vec<std::collections::HashMap<String, String>> {
        if self.join(&format!("reports/{name}")).exists() {
            self.report(name)
        } else {
            Vec::new()
        }
    }

    /// Every file below a folder of the workspace, relative to the workspace.
    pub fn files_under(&self, rel: &str) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.join(rel))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                e.path()
                    .strip_prefix(self.path())
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        files
    }
}

/// Sets a file's modification time a minute back: a finished file, nothing to wait for.
pub fn age(path: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(past))
        .expect("set mtime");
}

/// The dev corpus's manifest: the truth for every file.
pub fn manifest() -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(corpus().join("manifest.json")).expect("manifest"),
    )
    .expect("manifest is JSON")
}

/// The paths (`inbox/...`) of every file the manifest lists.
pub fn manifest_files(manifest: &serde_json::Value) -> Vec<String> {
    manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect()
}

/// A workspace holding the dev corpus's claims and, as finished files, its whole inbox.
pub fn dev_corpus_workspace() -> Workspace {
    let ws = Workspace::new();
    ws.import(&corpus().join("claims.csv"));
    for file in manifest_files(&manifest()) {
        let target = ws.join(&file);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(corpus().join(&file), &target).expect("copy");
        age(&target);
    }
    ws
}

/// Where every dropped file ended, from the reports: original path -> (outcome, claim).
pub fn ends(ws: &Workspace) -> std::collections::BTreeMap<String, (String, String)> {
    let mut ends = std::collections::BTreeMap::new();
    for d in ws.report("documents.csv") {
        ends.insert(
            d["original_path"].clone(),
            ("attached".to_string(), d["claim_id"].clone()),
        );
    }
    for e in ws.report("exceptions.csv") {
        ends.insert(
            e["original_path"].clone(),
            (e["outcome"].clone(), String::new()),
        );
    }
    ends
}

/// The user the tests run as.
pub fn whoami() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Tesseract and poppler's renderer are installed (OCR reads scans).
pub fn ocr_installed() -> bool {
    let answers = |program: &str, arg: &str| {
        std::process::Command::new(program)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    answers("tesseract", "--version") && answers("pdftoppm", "-v")
}

/// The dev corpus beside the checkout.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev")
}

/// The binary pointed at any workspace folder, with a fixed clock.
pub fn claimdrop_in(workspace: &Path) -> Command {
    let mut cmd = Command::cargo_bin("claimdrop").expect("binary");
    cmd.arg("--workspace")
        .arg(workspace)
        .env("CLAIMDROP_NOW", "2024-11-20T09:00:00Z")
        .env_remove("CLAIMDROP_WORKSPACE")
        // English unless a test asks otherwise, whatever the machine's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    cmd
}

/// The sample register built into the demo: 12 claims, quoted locations with commas.
pub fn sample_register() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/claims.csv")
}

/// A child process (a `watch` daemon) that is killed if the test ends without stopping it, so
/// a failed assertion never leaves it running.
pub struct Running(pub std::process::Child);

impl Running {
    /// SIGTERM, then its exit code; a daemon that has not exited within 30 s is killed and
    /// the test fails, rather than hang CI.
    pub fn stop(mut self) -> Option<i32> {
        let _ = std::process::Command::new("kill")
            .arg(self.0.id().to_string())
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            match self.0.try_wait() {
                Ok(Some(status)) => return status.code(),
                Ok(None) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                _ => {
                    let _ = self.0.kill();
                    panic!("the daemon did not stop within 30 s of SIGTERM");
                }
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A test that cannot run here says so and passes, except under CI (`.ci/run` sets
/// `CLAIMDROP_TESTS_REQUIRE_ALL`), where a missing privilege or tool is a failure.
pub fn skip(why: &str) {
    if std::env::var_os("CLAIMDROP_TESTS_REQUIRE_ALL").is_some() {
        panic!("cannot run here, and CI requires every test: {why}");
    }
    eprintln!("SKIPPED: {why}");
}

/// A business field as truths and claimdrop may both write it: amounts to two decimals, the
/// rest trimmed and in lower case.
pub fn field_norm(field: &str, value: &str) -> String {
    let value = value.trim();
    match field {
        "amount" => value
            .parse::<f64>()
            .map(|v| format!("{v:.2}"))
            .unwrap_or_else(|_| value.to_string()),
        _ => value.to_lowercase(),
    }
}

/// Whether `path` exists within 10 s: for what a running daemon does.
pub fn appears(path: &Path) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        if path.exists() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// Starts `watch` on a workspace and waits until it says it is watching (its lock held, its
/// socket listening); its log goes to `watch.log` in the workspace.
pub fn watch(ws: &Workspace) -> Running {
    let log = ws.join("watch.log");
    let daemon = watch_at(ws.path(), &log);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        if std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("watching")
        {
            return daemon;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!(
        "watch did not start: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}

/// Starts `watch` on a workspace folder, its log (`RUST_LOG=info`) written to `log`, without
/// waiting for it.
pub fn watch_at(root: &Path, log: &Path) -> Running {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimdrop"))
        .arg("--workspace")
        .arg(root)
        .arg("watch")
        .env_remove("CLAIMDROP_WORKSPACE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(log).expect("log"))
        .spawn()
        .expect("start watch");
    Running(child)
}

/// Whether `what` comes true within `secs` seconds, looked at every 100 ms.
pub fn within(secs: u64, what: impl Fn() -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while !what() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    what()
}

/// A copy of the claimdrop binary in `dir`, executable by anyone. Copied by `cp`, not by this
/// process: a file this process held open for writing would leak into a child another test
/// thread forks meanwhile, and running the copy would fail with "text file busy".
pub fn binary_copy_in(dir: &Path) -> PathBuf {
    let binary = dir.join("claimdrop");
    let copied = std::process::Command::new("cp")
        .arg(assert_cmd::cargo::cargo_bin("claimdrop"))
        .arg(&binary)
        .status()
        .expect("cp");
    assert!(copied.success(), "cp failed");
    let chmod = std::process::Command::new("chmod")
        .arg("755")
        .arg(&binary)
        .status()
        .expect("chmod");
    assert!(chmod.success(), "chmod failed");
    binary
}

/// claimdrop run as `nobody` (uid and gid 65534, through setpriv) when the tests run as root:
/// a copy of the binary where that user may run it.
pub struct Nobody {
    pub binary: PathBuf,
    _dir: tempfile::TempDir,
}

impl Nobody {
    /// None (after `skip`) when the tests do not run as root or setpriv cannot run it.
    pub fn new() -> Option<Nobody> {
        use std::os::unix::fs::PermissionsExt;
        if uzers::get_effective_uid() != 0 {
            skip("only root can run claimdrop as nobody");
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let binary = binary_copy_in(dir.path());
        let nobody = Nobody { binary, _dir: dir };
        if !nobody
            .cmd()
            .arg(&nobody.binary)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            skip("nobody cannot run claimdrop here (no setpriv?)");
            return None;
        }
        Some(nobody)
    }

    /// A command run as nobody (with nobody's group only).
    pub fn cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        cmd
    }

    /// claimdrop as nobody on a workspace.
    pub fn run(&self, ws: &Workspace, args: &[&str]) -> (i32, String, String) {
        let out = self
            .cmd()
            .arg(&self.binary)
            .arg("--workspace")
            .arg(ws.path())
            .args(args)
            .env_remove("CLAIMDROP_WORKSPACE")
            .output()
            .expect("run as nobody");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}
