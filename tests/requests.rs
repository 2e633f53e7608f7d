//! Document requests (issue 16, SPEC §1): anyone may ask a colleague for a document of a kind
//! for a claim; the next document of that kind attached to that claim fulfils it; it can be
//! cancelled; requests.csv, claims.csv's open_requests and `claims show` tell where they stand.

mod common;

use common::{Workspace, appears, corpus, sample_register, watch};

fn requests(ws: &Workspace) -> Vec<std::collections::HashMap<String, String>> {
    ws.report("requests.csv")
}

fn actions(ws: &Workspace, id: &str) -> Vec<(String, String)> {
    ws.json(&["history", id, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["details"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn sha256_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn a_request_is_fulfilled_by_the_next_document_of_its_kind_on_its_claim() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let (code, out, err) = ws.run(&[
        "claims",
        "request",
        "clm-879149",
        "--kind",
        "proof",
        "--from",
        "ana",
        "--note",
        "the booth photo",
        "--due",
        "2024-12-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Request 1: proof for CLM-879149 asked of ana\n");
    let open = &requests(&ws)[0];
    assert_eq!(open["request_id"], "1");
    assert_eq!(open["claim_id"], "CLM-879149");
    assert_eq!(
        (open["kind"].as_str(), open["requested_from"].as_str()),
        ("proof", "ana")
    );
    assert_eq!(
        (open["due"].as_str(), open["note"].as_str()),
        ("2024-12-01", "the booth photo")
    );
    assert_eq!(open["status"], "open");
    assert_eq!(open["requested_by"], common::whoami());
    assert_eq!(ws.claim_row("CLM-879149")["open_requests"], "1");
    let (_, shown, _) = ws.run(&["claims", "show", "CLM-879149"]);
    assert!(shown.contains("open requests (1):"), "{shown}");
    assert!(shown.contains("proof    from ana"), "{shown}");
    let json = ws.json(&["claims", "show", "CLM-879149", "--json"]);
    assert_eq!(json["open_requests"], 1);
    assert_eq!(json["requests"][0]["status"], "open");
    assert!(
        actions(&ws, "CLM-879149")
            .iter()
            .any(|(a, d)| a == "document_requested"
                && d == "request 1: proof asked of ana, due 2024-12-01: the booth photo")
    );

    // A document of another kind, or for another claim, leaves it open.
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let png =
        std::fs::read(corpus().join("inbox/proof/Screenshot CLM-530971 2024-09-20.png")).unwrap();
    ws.drop_file("inbox/proof/CLM-530971 other claim.png", &png);
    assert_eq!(ws.run(&["run"]).0, 0);
    assert_eq!(requests(&ws)[0]["status"], "open");

    // The proof it asked for.
    let proof = [png.as_slice(), b"booth"].concat();
    ws.drop_file("inbox/proof/CLM-879149/booth.png", &proof);
    assert_eq!(ws.run(&["run"]).0, 0);
    let done = &requests(&ws)[0];
    assert_eq!(done["status"], "fulfilled");
    assert_eq!(done["fulfilled_by_sha256"], sha256_of(&proof));
    assert!(!done["fulfilled_at"].is_empty());
    assert_eq!(ws.claim_row("CLM-879149")["open_requests"], "0");
    assert!(
        actions(&ws, "CLM-879149")
            .iter()
            .any(|(a, d)| a == "request_fulfilled" && d.starts_with("request 1 (proof from ana"))
    );
    assert_eq!(ws.run(&["verify"]).0, 0);
}

#[test]
fn a_request_can_be_cancelled_once_and_bad_requests_are_refused() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    assert_eq!(
        ws.run(&[
            "claims",
            "request",
            "CLM-879149",
            "--kind",
            "invoice",
            "--from",
            "bo"
        ])
        .0,
        0
    );
    let (code, out, err) = ws.run(&["claims", "request-cancel", "1", "--comment", "found it"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Request 1 (invoice for CLM-879149) cancelled\n");
    assert_eq!(requests(&ws)[0]["status"], "cancelled");
    assert!(
        actions(&ws, "CLM-879149")
            .iter()
            .any(|(a, d)| a == "request_cancelled" && d.ends_with("cancelled: found it"))
    );
    // A cancelled request is not fulfilled later.
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    assert_eq!(ws.run(&["run"]).0, 0);
    assert_eq!(requests(&ws)[0]["status"], "cancelled");

    let refused: [(&[&str], &str); 5] = [
        (&["request-cancel", "1"], "request 1 is cancelled, not open"),
        (&["request-cancel", "9"], "request 9 does not exist"),
        (
            &["request", "CLM-879149", "--kind", "photo", "--from", "bo"],
            "invoice, csr, proof or metrics",
        ),
        (
            &["request", "CLM-000000", "--kind", "proof", "--from", "bo"],
            "claim CLM-000000 does not exist",
        ),
        (
            &[
                "request",
                "CLM-879149",
                "--kind",
                "proof",
                "--from",
                "bo",
                "--due",
                "soon",
            ],
            "--due 'soon' is not a date",
        ),
    ];
    for (args, said) in refused {
        let (code, _, err) = ws.run(&[&["claims"][..], args].concat());
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
    assert_eq!(requests(&ws).len(), 1, "no refused request was recorded");
}

#[test]
fn requests_work_through_the_daemon_and_are_fulfilled_by_what_it_files() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let daemon = watch(&ws);
    let (code, out, err) = ws.run(&[
        "claims",
        "request",
        "CLM-879149",
        "--kind",
        "invoice",
        "--from",
        "ana",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Request 1: invoice for CLM-879149 asked of ana\n");
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    assert!(appears(
        &ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf")
    ));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline
        && ws
            .report_or_empty("requests.csv")
            .first()
            .map(|r| r["status"].clone())
            .as_deref()
            != Some("fulfilled")
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(requests(&ws)[0]["status"], "fulfilled");
    let log = std::fs::read_to_string(ws.join("watch.log")).unwrap();
    assert!(log.contains(" command "), "went through the daemon: {log}");
    daemon.stop();
}
