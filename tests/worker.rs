//! Worker supervision: a reader that hangs, dies or talks nonsense costs one document, never
//! the caller, and the next document gets a fresh reader.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use claimdrop::domain::Outcome;
use claimdrop::stage::extract::Limits;
use claimdrop::stage::identify::Sniffed;
use claimdrop::worker::{Reply, Request, Worker, WorkerLimits};

/// A stand-in reader: a shell script that misbehaves as told.
fn fake_reader(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("reader.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn request(path: &Path) -> Request {
    Request {
        path: path.to_path_buf(),
        sniffed: Sniffed::Pdf,
        limits: Limits {
            max_uncompressed_bytes: 1 << 20,
        },
        register: None,
        beneath: None,
        own_names: Vec::new(),
        ocr: None,
        explain: false,
    }
}

fn limits(timeout: Duration) -> WorkerLimits {
    WorkerLimits {
        address_space_bytes: 1 << 30,
        cpu_secs: 60,
        timeout,
    }
}

fn rejected(reply: Reply) -> claimdrop::domain::Rejection {
    match reply {
        Reply::Rejected(rejection) => rejection,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn a_reader_that_hangs_is_stopped_at_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let reader = fake_reader(dir.path(), "read line; sleep 30");
    let mut worker = Worker::new(&reader, limits(Duration::from_millis(500)));
    // Without the timeout the reader would end after 30 s with no answer: "crashed" or "no
    // reply", never "longer than".
    let rejection = rejected(worker.examine(&request(&reader)).unwrap());
    assert_eq!(rejection.outcome, Outcome::Unreadable);
    assert!(
        rejection
            .reason
            .render(claimdrop::lang::Lang::En)
            .contains("longer than"),
        "{}",
        rejection.reason
    );
}

#[test]
fn a_reader_that_crashes_costs_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let reader = fake_reader(dir.path(), "read line; kill -SEGV $$");
    let mut worker = Worker::new(&reader, limits(Duration::from_secs(5)));
    for _ in 0..3 {
        let rejection = rejected(worker.examine(&request(&reader)).unwrap());
        assert_eq!(rejection.outcome, Outcome::Unreadable);
        assert!(
            rejection
                .reason
                .render(claimdrop::lang::Lang::En)
                .contains("crashed"),
            "{}",
            rejection.reason
        );
    }
}

#[test]
fn a_reader_that_aborts_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let reader = fake_reader(dir.path(), "read line; kill -ABRT $$");
    let mut worker = Worker::new(&reader, limits(Duration::from_secs(5)));
    let rejection = rejected(worker.examine(&request(&reader)).unwrap());
    assert!(
        rejection
            .reason
            .render(claimdrop::lang::Lang::En)
            .contains("out of memory"),
        "{}",
        rejection.reason
    );
}

#[test]
fn a_reader_that_answers_nonsense_is_not_believed() {
    let dir = tempfile::tempdir().unwrap();
    let reader = fake_reader(dir.path(), "while read line; do echo '{\"nope\": 1}'; done");
    let mut worker = Worker::new(&reader, limits(Duration::from_secs(5)));
    let rejection = rejected(worker.examine(&request(&reader)).unwrap());
    assert!(
        rejection
            .reason
            .render(claimdrop::lang::Lang::En)
            .contains("nonsense"),
        "{}",
        rejection.reason
    );
}

#[test]
fn the_real_reader_extracts_and_survives_bad_documents() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.pdf");
    std::fs::write(
        &garbage,
        b"%PDF-1.7\n1 0 obj << /Kids [2 0 R] >> endobj\n%%EOF",
    )
    .unwrap();
    let good = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/demo/inbox/invoices/CLM-013014/LDM24-0239.pdf");
    let mut worker = Worker::new(
        Path::new(env!("CARGO_BIN_EXE_claimdrop")),
        limits(Duration::from_secs(10)),
    );
    let first = rejected(worker.examine(&request(&garbage)).unwrap());
    assert_eq!(first.outcome, Outcome::Unreadable);
    match worker.examine(&request(&good)).unwrap() {
        Reply::Extracted(extracted) => {
            assert_eq!(extracted.format.as_str(), "pdf");
            assert_eq!(extracted.pages, Some(1));
        }
        other => panic!("{other:?}"),
    }
}
