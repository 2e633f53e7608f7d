//! A representative share of ../shared/corpus/external (damaged PDFs from qpdf's and pdf.js's
//! test suites, odd workbooks from calamine's) through one `run`: the run lives, every file
//! ends with an outcome and a reason, none is lost. `scripts/hostile.py` runs all of them.

mod common;

use std::path::{Path, PathBuf};

use common::Workspace;

fn external() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/external")
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_hostile_file_ends_with_an_outcome_and_the_run_lives() {
    let all = files_under(&external());
    assert!(
        all.len() > 100,
        "the external corpus is beside the checkout"
    );
    // Every fifth file, in name order: each source and format is represented.
    let chosen: Vec<&PathBuf> = all.iter().step_by(5).collect();
    let ws = Workspace::new();
    let mut dropped = Vec::new();
    for source in &chosen {
        let rel = source.strip_prefix(external()).unwrap();
        let folder = match source.extension().and_then(|e| e.to_str()) {
            Some("pdf") => "invoices",
            Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "tsv") => "metrics",
            _ => "proof",
        };
        let target = format!("inbox/{folder}/{}", rel.display());
        ws.drop_file(&target, &std::fs::read(source).unwrap());
        dropped.push(target);
    }
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("failed 0"), "{out}");

    let ends = common::ends(&ws);
    for path in &dropped {
        assert!(ends.contains_key(path), "{path} has no outcome: {out}");
    }
    for e in ws.report("exceptions.csv") {
        assert!(
            !e["reason"].is_empty(),
            "{} without a reason",
            e["original_path"]
        );
        let mut reason = ws.join(&e["quarantine_path"]).into_os_string();
        reason.push(".reason.txt");
        assert!(Path::new(&reason).is_file(), "{}", e["quarantine_path"]);
    }
    // Damaged PDFs are told apart from merely unmatched ones.
    assert!(
        ends.values().any(|(outcome, _)| outcome == "unreadable"),
        "{ends:?}"
    );
    assert!(ws.files_under("inbox").is_empty());
}
