//! Notes that are not beside their document when claimdrop looks (issue 31, SPEC §2): written
//! after the document was filed, or dropped before it. A note joins its document wherever it
//! went (archive or quarantine), with `note_added`; it is never filed as a document.

mod common;

use std::time::{Duration, Instant};

use common::{Workspace, corpus, sample_register};

const INVOICE: &str = "inbox/invoices/CLM-879149_invoice.pdf";

fn invoice() -> Vec<u8> {
    std::fs::read(corpus().join(INVOICE)).unwrap()
}

fn documents(ws: &Workspace) -> Vec<std::collections::HashMap<String, String>> {
    ws.report_or_empty("documents.csv")
}

fn actions(ws: &Workspace, claim: &str) -> Vec<String> {
    ws.json(&["history", claim, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_note_written_after_its_document_was_filed_joins_it_in_the_archive() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_file("inbox/invoices/CLM-879149/inv.pdf", &invoice());
    assert_eq!(ws.run(&["run"]).0, 0);
    assert!(ws.join("archive/CLM-879149/invoice/inv.pdf").is_file());

    ws.drop_file(
        "inbox/invoices/CLM-879149/inv.pdf.note.txt",
        "Paid by card, receipt attached".as_bytes(),
    );
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !ws.join("inbox/invoices/CLM-879149/inv.pdf.note.txt")
            .exists()
    );
    assert_eq!(
        std::fs::read_to_string(ws.join("archive/CLM-879149/invoice/inv.pdf.note.txt")).unwrap(),
        "Paid by card, receipt attached"
    );
    let rows = documents(&ws);
    assert_eq!(rows.len(), 1, "a note is never a document: {rows:?}");
    assert_eq!(rows[0]["note"], "Paid by card, receipt attached");
    assert_eq!(ws.claim_row("CLM-879149")["invoices"], "1");
    assert!(actions(&ws, "CLM-879149").contains(&"note_added".to_string()));
    assert!(
        !ws.files_under("archive")
            .iter()
            .any(|f| f.contains("inv (2)")),
        "{:?}",
        ws.files_under("archive")
    );

    // A second note later: kept as written beside the first, its text added to the row's.
    ws.drop_file(
        "inbox/invoices/CLM-879149/inv.pdf.note.txt",
        "Second thought: split with CLM-293473".as_bytes(),
    );
    assert_eq!(ws.run(&["run"]).0, 0);
    let notes: Vec<String> = ws
        .files_under("archive/CLM-879149/invoice")
        .into_iter()
        .filter(|f| f.contains(".note"))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    let rows = documents(&ws);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["note"],
        "Paid by card, receipt attached\n\nSecond thought: split with CLM-293473"
    );
    assert_eq!(ws.run(&["verify", "--evidence"]).0, 0);
}

#[test]
fn a_note_dropped_before_its_document_waits_for_it() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_file(
        "inbox/invoices/CLM-879149/inv.pdf.note.txt",
        b"Written first",
    );
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ignored: a note waiting for its document 1"),
        "{out}"
    );
    assert!(
        ws.join("inbox/invoices/CLM-879149/inv.pdf.note.txt")
            .exists()
    );
    assert!(documents(&ws).is_empty());
    assert!(ws.report_or_empty("exceptions.csv").is_empty());

    ws.drop_file("inbox/invoices/CLM-879149/inv.pdf", &invoice());
    assert_eq!(ws.run(&["run"]).0, 0);
    let rows = documents(&ws);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["original_name"], "inv.pdf");
    assert_eq!(rows[0]["note"], "Written first");
    assert!(
        ws.join("archive/CLM-879149/invoice/inv.pdf.note.txt")
            .is_file()
    );
}

#[test]
fn a_note_for_a_document_in_quarantine_joins_it_there() {
    let ws = Workspace::new();
    ws.drop_file("inbox/invoices/nobody knows.pdf", &invoice());
    assert_eq!(ws.run(&["run"]).0, 0);
    assert!(ws.join("quarantine/unmatched/nobody knows.pdf").is_file());
    ws.drop_file(
        "inbox/invoices/nobody knows.pdf.note.txt",
        b"For the spring campaign",
    );
    assert_eq!(ws.run(&["run"]).0, 0);
    assert_eq!(
        std::fs::read_to_string(ws.join("quarantine/unmatched/nobody knows.pdf.note.txt")).unwrap(),
        "For the spring campaign"
    );
    assert!(!ws.join("inbox/invoices/nobody knows.pdf.note.txt").exists());
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(
        exceptions.len(),
        1,
        "a note is never quarantined: {exceptions:?}"
    );
}

#[test]
fn while_watching_a_note_joins_its_document_whether_it_comes_before_or_after() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let daemon = common::watch(&ws);
    let wait = |path: &str| {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !ws.join(path).exists() {
            assert!(
                Instant::now() < deadline,
                "{path} never appeared: {}",
                std::fs::read_to_string(ws.join("watch.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    // After: the document filed, then its note a moment later.
    ws.drop_file("inbox/invoices/CLM-879149/after.pdf", &invoice());
    wait("archive/CLM-879149/invoice/after.pdf");
    // Its reports written and the daemon idle, so that nothing else rewrites them.
    let deadline = Instant::now() + Duration::from_secs(15);
    while !documents(&ws)
        .iter()
        .any(|r| r["original_name"] == "after.pdf")
    {
        assert!(
            Instant::now() < deadline,
            "after.pdf never in documents.csv"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(1500));
    ws.drop_file(
        "inbox/invoices/CLM-879149/after.pdf.note.txt",
        b"came later",
    );
    wait("archive/CLM-879149/invoice/after.pdf.note.txt");
    // The reports follow while the daemon runs, not only at its next pass.
    let deadline = Instant::now() + Duration::from_secs(15);
    while !documents(&ws)
        .iter()
        .any(|r| r["original_name"] == "after.pdf" && r["note"] == "came later")
    {
        assert!(
            Instant::now() < deadline,
            "documents.csv does not show the note: {:?}",
            documents(&ws)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Before: the note first, its document a couple of seconds later.
    ws.drop_file(
        "inbox/invoices/CLM-293473/before.pdf.note.txt",
        b"came first",
    );
    std::thread::sleep(Duration::from_secs(2));
    let other = [invoice().as_slice(), b"\n%other\n"].concat();
    ws.drop_file("inbox/invoices/CLM-293473/before.pdf", &other);
    wait("archive/CLM-293473/invoice/before.pdf.note.txt");
    daemon.stop();
    let rows = documents(&ws);
    assert_eq!(rows.len(), 2, "notes are never documents: {rows:?}");
    let note_of = |name: &str| {
        rows.iter()
            .find(|r| r["original_name"] == name)
            .map(|r| r["note"].clone())
    };
    assert_eq!(note_of("after.pdf").as_deref(), Some("came later"));
    assert_eq!(note_of("before.pdf").as_deref(), Some("came first"));
    assert!(actions(&ws, "CLM-879149").contains(&"note_added".to_string()));
}
