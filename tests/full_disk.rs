//! A full disk: the archive on a 128 KiB tmpfs mounted by the test (needs root, as CI has; the
//! test says so and does nothing elsewhere). What does not fit stays in the inbox, the store
//! and history stay consistent, no half-written copy is left, and everything is filed once
//! space returns.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use common::{Workspace, corpus, manifest};

/// A tmpfs mounted for the test's life.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(at).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| Mount(at.to_path_buf()))
    }

    fn resize(&self, size: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Drops ten attachable documents of 20-100 KB: far more than 128 KiB together.
fn drop_ten(ws: &Workspace) -> Vec<String> {
    let mut dropped = Vec::new();
    for file in manifest()["files"].as_array().unwrap() {
        let size = file["size"].as_u64().unwrap();
        if file["expected_outcome"] == "attached" && (20_000..100_000).contains(&size) {
            dropped.push(file["path"].as_str().unwrap().to_string());
            ws.drop_corpus(file["path"].as_str().unwrap());
        }
        if dropped.len() == 10 {
            break;
        }
    }
    assert_eq!(dropped.len(), 10);
    dropped
}

/// A workspace whose archive is a 128 KiB tmpfs, with the corpus claims and ten documents
/// too large together for it; `config` adds to its claimdrop.toml. None where no tmpfs can be
/// mounted.
fn small_archive(config: &str) -> Option<(Workspace, Mount, Vec<String>)> {
    let ws = Workspace::new();
    let Some(small) = Mount::tmpfs(&ws.join("small"), "128k") else {
        common::skip("cannot mount a tmpfs here (not root?)");
        return None;
    };
    std::fs::write(
        ws.join("claimdrop.toml"),
        format!("[paths]\narchive = \"small/archive\"\n{config}"),
    )
    .unwrap();
    ws.import(&corpus().join("claims.csv"));
    let dropped = drop_ten(&ws);
    Some((ws, small, dropped))
}

#[test]
fn a_full_archive_keeps_files_in_the_inbox_and_resumes_when_space_returns() {
    let Some((ws, small, dropped)) = small_archive("") else {
        return;
    };

    let (code, out, err) = ws.run(&["run"]);
    assert_ne!(code, 0, "files could not be filed: the exit code says so");
    assert!(err.contains("could not be filed"), "{out}{err}");
    let documents = ws.report_or_empty("documents.csv");
    assert!(!documents.is_empty() && documents.len() < 10, "{out}");
    let consistent = |ws: &Workspace| {
        for d in ws.report("documents.csv") {
            let bytes = std::fs::read(ws.join(&d["archive_path"])).unwrap();
            assert_eq!(hex::encode(Sha256::digest(&bytes)), d["sha256"]);
        }
        assert_eq!(ws.run(&["verify"]).0, 0, "history chain");
        let leftovers: Vec<String> = ws
            .files_under("small/archive")
            .into_iter()
            .filter(|f| f.contains(".claimdrop-"))
            .collect();
        assert!(leftovers.is_empty(), "half-written copies: {leftovers:?}");
    };
    consistent(&ws);
    let filed: Vec<&String> = documents.iter().map(|d| &d["original_path"]).collect();
    for path in &dropped {
        assert!(
            filed.contains(&path) || ws.join(path).is_file(),
            "{path} neither filed nor in the inbox"
        );
    }
    let waiting = dropped.iter().filter(|p| ws.join(p).is_file()).count();
    assert_eq!(waiting + documents.len(), dropped.len());

    // Space returns: the next pass files the rest, each once.
    small.resize("8m");
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(ws.report("documents.csv").len(), dropped.len(), "{out}");
    for path in &dropped {
        assert!(!ws.join(path).exists(), "{path} still waiting");
    }
    consistent(&ws);
    drop(small);
}

#[test]
fn a_full_reports_folder_leaves_no_half_written_report() {
    let ws = Workspace::new();
    let Some(small) = Mount::tmpfs(&ws.join("small"), "4k") else {
        common::skip("cannot mount a tmpfs here (not root?)");
        return;
    };
    ws.import(&corpus().join("claims.csv"));
    std::fs::write(
        ws.join("claimdrop.toml"),
        "[paths]\nreports = \"small/reports\"\n",
    )
    .unwrap();
    ws.drop_corpus("inbox/invoices/CLM-013014_invoice.pdf");
    let (code, out, err) = ws.run(&["run"]);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        err.contains("small/reports"),
        "the error names the report: {err}"
    );
    let leftovers: Vec<String> = ws
        .files_under("small/reports")
        .into_iter()
        .filter(|f| f.contains(".claimdrop-"))
        .collect();
    assert!(leftovers.is_empty(), "half-written reports: {leftovers:?}");
    // The document itself was filed; the reports follow once there is room.
    assert!(!ws.join("inbox/invoices/CLM-013014_invoice.pdf").exists());
    small.resize("8m");
    assert_eq!(ws.run(&["report"]).0, 0);
    let documents = std::fs::read_to_string(ws.join("small/reports/documents.csv")).unwrap();
    assert!(documents.contains("CLM-013014_invoice.pdf"), "{documents}");
    drop(small);
}

/// The daemon resumes by itself: files a full disk refused are looked at again on its clock,
/// with no event and no rescan to prompt it (notify mode).
#[test]
fn watch_files_what_a_full_archive_refused_once_space_returns() {
    let Some((ws, small, dropped)) =
        small_archive("[watch]\nmode = \"notify\"\npoll_interval_secs = 1\n")
    else {
        return;
    };
    let log = ws.join("watch.log");
    let daemon = common::Running(
        Command::new(assert_cmd::cargo::cargo_bin("claimdrop"))
            .arg("--workspace")
            .arg(ws.path())
            .arg("watch")
            .env_remove("CLAIMDROP_WORKSPACE")
            .env("RUST_LOG", "claimdrop=info")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    let waiting = || dropped.iter().filter(|p| ws.join(p).exists()).count();
    let until = |done: &dyn Fn() -> bool| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !done() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        done()
    };
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    // The first pass is over once it has said what it did.
    assert!(
        until(&|| read_log().contains("cannot file") && read_log().contains("failed ")),
        "{}",
        read_log()
    );
    assert!(waiting() > 0 && waiting() < 10, "{}", read_log());
    small.resize("8m");
    assert!(until(&|| waiting() == 0), "still waiting: {}", read_log());
    assert_eq!(daemon.stop(), Some(0));
    assert_eq!(ws.report("documents.csv").len(), dropped.len());
    assert_eq!(ws.run(&["verify"]).0, 0);
    drop(small);
}
