//! The same bytes dropped again at the same path (issue 31): a new drop, a proper `duplicate`,
//! never taken for what a crash left behind (which is the very file filed, see crash.rs).

mod common;

use std::time::{Duration, Instant};

use common::{Workspace, corpus, sample_register};

const DROPPED: &str = "inbox/invoices/CLM-879149/inv.pdf";

fn invoice() -> Vec<u8> {
    std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap()
}

fn duplicates(ws: &Workspace) -> usize {
    ws.json(&["history", "CLM-879149", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "document_duplicate")
        .count()
}

#[test]
fn the_same_bytes_dropped_again_at_the_same_path_are_a_duplicate() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_file(DROPPED, &invoice());
    assert_eq!(ws.run(&["run"]).0, 0);
    assert!(ws.join("archive/CLM-879149/invoice/inv.pdf").is_file());

    ws.drop_file(DROPPED, &invoice());
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("processed 1: attached 0, duplicate 1"),
        "{out}"
    );
    assert!(ws.join("quarantine/duplicate/inv.pdf").is_file());
    assert_eq!(duplicates(&ws), 1);
    assert_eq!(ws.report("documents.csv").len(), 1);
}

#[test]
fn while_watching_the_same_bytes_dropped_again_at_the_same_path_are_a_duplicate() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let daemon = common::watch(&ws);
    ws.drop_file(DROPPED, &invoice());
    assert!(common::appears(
        &ws.join("archive/CLM-879149/invoice/inv.pdf")
    ));
    let deadline = Instant::now() + Duration::from_secs(10);
    while ws.join(DROPPED).exists() {
        assert!(Instant::now() < deadline, "never left the inbox");
        std::thread::sleep(Duration::from_millis(20));
    }
    ws.drop_file(DROPPED, &invoice());
    assert!(
        common::appears(&ws.join("quarantine/duplicate/inv.pdf")),
        "{}",
        std::fs::read_to_string(ws.join("watch.log")).unwrap_or_default()
    );
    daemon.stop();
    assert_eq!(duplicates(&ws), 1);
}
