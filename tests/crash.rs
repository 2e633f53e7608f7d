//! The crash harness: SIGKILL `run` at a random moment over the dev corpus, run again, and
//! check that nothing was lost or doubled and that the result equals an uninterrupted run.
//!
//! CI runs a few trials; `scripts/crash-harness.sh` runs many (CLAIMDROP_CRASH_TRIALS).

mod common;

use std::collections::{BTreeMap, HashMap};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use common::{Workspace, dev_corpus_workspace, ends, manifest, manifest_files};

/// Where every dropped file ended: original path -> (outcome, claim).
type Ends = BTreeMap<String, (String, String)>;

/// The invariants every trial must keep.
fn check(ws: &Workspace, baseline: &Ends, seed: u64) {
    let got = ends(ws);
    assert_eq!(
        &got, baseline,
        "seed {seed}: outcomes differ from an uninterrupted run"
    );

    for file in manifest_files(&manifest()) {
        let placed =
            got.contains_key(&file) || ws.join(&file).exists() || file.ends_with(".note.txt");
        assert!(placed, "seed {seed}: {file} lost");
    }
    // Each document once in the store, once in the archive, one history entry.
    let documents = ws.report("documents.csv");
    let mut seen = HashMap::new();
    for d in &documents {
        assert!(
            seen.insert(d["sha256"].clone(), ()).is_none(),
            "seed {seed}: attached twice"
        );
        let bytes = std::fs::read(ws.join(&d["archive_path"]))
            .unwrap_or_else(|e| panic!("seed {seed}: {} missing: {e}", d["archive_path"]));
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            d["sha256"],
            "seed {seed}: {} holds other bytes than recorded",
            d["archive_path"]
        );
    }
    // Each quarantined file in place with its reason.
    for e in ws.report("exceptions.csv") {
        let path = ws.join(&e["quarantine_path"]);
        assert!(
            path.exists(),
            "seed {seed}: {} missing",
            e["quarantine_path"]
        );
        let mut reason = path.into_os_string();
        reason.push(".reason.txt");
        assert!(
            std::path::Path::new(&reason).is_file(),
            "seed {seed}: no reason beside {}",
            e["quarantine_path"]
        );
    }
    let history = ws.json(&["history", "--json"]);
    let attached = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "document_attached")
        .count();
    assert_eq!(
        attached,
        documents.len(),
        "seed {seed}: document_attached entries"
    );
    // No half-placed copies left behind.
    for rel in ["archive", "quarantine"] {
        for file in ws.files_under(rel) {
            assert!(
                !file.contains(".claimdrop-"),
                "seed {seed}: leftover {file}"
            );
        }
    }
    assert_eq!(ws.run(&["verify"]).0, 0, "seed {seed}: history chain");
}

/// A small deterministic generator, so a failing trial can be replayed from its seed.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn sigkill_at_random_moments_loses_and_doubles_nothing() {
    let trials: u64 = std::env::var("CLAIMDROP_CRASH_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(4);
    let mut seed: u64 = std::env::var("CLAIMDROP_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(88172645463325252)
                | 1
        });
    eprintln!("crash harness: {trials} trials, seed {seed}");

    // Two set-ups: claims already in the store; and the claims register dropped in the inbox
    // beside the documents, so that a run imports it, files the documents and retries what
    // was parked. Each has its uninterrupted run: the reference, and how long a run takes.
    let setups: [fn() -> Workspace; 2] = [corpus_in_store_workspace, register_in_inbox_workspace];
    let references: Vec<(Ends, Duration)> = setups
        .iter()
        .map(|setup| {
            let reference = setup();
            let start = Instant::now();
            assert_eq!(reference.run(&["run"]).0, 0);
            (ends(&reference), start.elapsed())
        })
        .collect();

    let mut killed_mid_run = 0;
    for trial in 0..trials {
        let trial_seed = next(&mut seed);
        let which = (trial % 2) as usize;
        let (baseline, clean) = &references[which];
        let ws = setups[which]();
        // Anywhere in the run, its last moments (reports) included, and a little after.
        let delay = Duration::from_micros(trial_seed % (clean.as_micros() as u64 * 12 / 10 + 1));
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("claimdrop"))
            .arg("--workspace")
            .arg(ws.path())
            .arg("run")
            .env_remove("CLAIMDROP_WORKSPACE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        let (code, out, err) = ws.run(&["run"]);
        assert_eq!(code, 0, "seed {trial_seed}: rerun failed: {out}{err}");
        check(&ws, baseline, trial_seed);
        if which == 1 {
            assert_eq!(
                ws.files_under("archive/registers").len(),
                1,
                "seed {trial_seed}: the register archived once"
            );
        }
    }
    eprintln!(
        "crash harness: {trials} trials passed ({killed_mid_run} killed mid-run; clean runs {:?} and {:?})",
        references[0].1, references[1].1
    );
}

/// The dev corpus with its claims imported; OCR (the corpus's images are read by it, and a
/// kill lands in it as anywhere) in English only, so that each trial costs less of it.
fn corpus_in_store_workspace() -> Workspace {
    let ws = dev_corpus_workspace();
    set_ocr(
        &ws,
        r#"languages = ["eng", "fra", "deu", "spa", "ita", "nld"]"#,
        r#"languages = ["eng"]"#,
    );
    ws
}

/// Replaces a default line of the workspace's `[ocr]` section.
fn set_ocr(ws: &Workspace, default: &str, line: &str) {
    let config = ws.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains(default), "no `{default}` in the config");
    std::fs::write(&config, text.replace(default, line)).unwrap();
}

/// The dev corpus inbox with its claims register dropped in `inbox/claims/`, not imported.
/// OCR is off here: the first set-up kills runs in the OCR lane, and this one's trials are
/// about the register, which a run imports before any scan is read.
fn register_in_inbox_workspace() -> Workspace {
    let ws = Workspace::new();
    set_ocr(&ws, r#"enabled = "auto""#, "enabled = false");
    for file in manifest_files(&manifest()) {
        let target = ws.join(&file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(common::corpus().join(&file), &target).unwrap();
        common::age(&target);
    }
    ws.drop_file(
        "inbox/claims/claims.csv",
        &std::fs::read(common::corpus().join("claims.csv")).unwrap(),
    );
    ws
}
