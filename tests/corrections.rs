//! Correcting a misfiled document (issue 16): `claims move` takes an attached document to
//! another claim, file and record together, with the history on both claims.

mod common;

use common::{Workspace, corpus, sample_register};

#[test]
fn a_misfiled_document_is_moved_with_its_note_and_both_claims_follow() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let pdf = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    ws.drop_file("inbox/invoices/CLM-879149/invoice.pdf", &pdf);
    ws.drop_file(
        "inbox/invoices/CLM-879149/invoice.pdf.note.txt",
        b"for the Lyon booth\n",
    );
    assert_eq!(ws.run(&["run"]).0, 0);
    let before = ws.report("documents.csv").remove(0);
    let sha = before["sha256"].clone();
    let claimed = ws.claim_row("CLM-879149")["funds_claimed"].clone();
    assert_ne!(claimed, "0.00");
    // Someone asked CLM-293473 (also in GBP) for an invoice: the move fulfils it.
    assert_eq!(
        ws.run(&[
            "claims",
            "request",
            "CLM-293473",
            "--kind",
            "invoice",
            "--from",
            "ana"
        ])
        .0,
        0
    );

    let (code, _, err) = ws.run(&["claims", "move", &sha, "--to", "CLM-879149"]);
    assert_eq!(code, 1);
    assert!(err.contains("already attached to CLM-879149"), "{err}");
    let (code, _, err) = ws.run(&["claims", "move", &sha, "--to", "CLM-000000"]);
    assert_eq!(code, 1);
    assert!(err.contains("claim CLM-000000 does not exist"), "{err}");

    let (code, out, err) = ws.run(&[
        "claims",
        "move",
        &sha[..10],
        "--to",
        "clm-293473",
        "--comment",
        "the Lyon claim",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Moved from CLM-879149 to CLM-293473: archive/CLM-293473/invoice/invoice.pdf\n"
    );
    let moved = ws.report("documents.csv").remove(0);
    assert_eq!(moved["claim_id"], "CLM-293473");
    assert_eq!(
        moved["archive_path"],
        "archive/CLM-293473/invoice/invoice.pdf"
    );
    assert_eq!(std::fs::read(ws.join(&moved["archive_path"])).unwrap(), pdf);
    assert_eq!(
        std::fs::read(ws.join("archive/CLM-293473/invoice/invoice.pdf.note.txt")).unwrap(),
        b"for the Lyon booth\n"
    );
    assert!(!ws.join(&before["archive_path"]).exists());
    assert!(
        !ws.join("archive/CLM-879149/invoice/invoice.pdf.note.txt")
            .exists()
    );
    assert_eq!(ws.claim_row("CLM-879149")["funds_claimed"], "0.00");
    assert_eq!(ws.claim_row("CLM-293473")["funds_claimed"], claimed);
    assert_eq!(ws.report("requests.csv")[0]["status"], "fulfilled");
    for id in ["CLM-879149", "CLM-293473"] {
        let entry = ws.history_entry(id, "document_moved");
        assert_eq!(entry["document_sha256"], sha.as_str());
        assert!(
            entry["details"]
                .as_str()
                .unwrap()
                .ends_with("-> archive/CLM-293473/invoice/invoice.pdf (the Lyon claim)"),
            "{entry}"
        );
    }
    assert_eq!(ws.run(&["verify", "--evidence"]).0, 0);

    // A claim that takes no documents now takes none by a move either.
    assert_eq!(ws.run(&["claims", "submit", "CLM-879149", "--force"]).0, 0);
    let (code, _, err) = ws.run(&["claims", "move", &sha, "--to", "CLM-879149"]);
    assert_eq!(code, 1);
    assert!(err.contains("claim CLM-879149 is submitted"), "{err}");
}

#[test]
fn a_detached_document_leaves_its_claim_for_quarantine_detached_and_says_why() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let pdf = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    ws.drop_file("inbox/invoices/CLM-879149/invoice.pdf", &pdf);
    assert_eq!(ws.run(&["run"]).0, 0);
    let document = ws.report("documents.csv").remove(0);
    let sha = document["sha256"].clone();

    let (code, _, err) = ws.run(&["claims", "detach", &sha, "--comment", " "]);
    assert_eq!(code, 1);
    assert!(err.contains("--comment says why"), "{err}");
    let (code, out, err) = ws.run(&[
        "claims",
        "detach",
        &sha,
        "--comment",
        "not ours: the vendor's other customer",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Detached from CLM-879149: quarantine/detached/invoice.pdf\n"
    );
    assert!(!ws.join(&document["archive_path"]).exists());
    assert_eq!(
        std::fs::read(ws.join("quarantine/detached/invoice.pdf")).unwrap(),
        pdf
    );
    let reason =
        std::fs::read_to_string(ws.join("quarantine/detached/invoice.pdf.reason.txt")).unwrap();
    assert!(
        reason.contains("not ours: the vendor's other customer"),
        "{reason}"
    );
    assert!(ws.report_or_empty("documents.csv").is_empty());
    let exception = ws.report("exceptions.csv").remove(0);
    assert_eq!(exception["outcome"], "detached");
    assert_eq!(exception["claim_id"], "CLM-879149");
    assert_eq!(
        exception["quarantine_path"],
        "quarantine/detached/invoice.pdf"
    );
    assert_eq!(ws.claim_row("CLM-879149")["funds_claimed"], "0.00");
    assert!(ws.claim_row("CLM-879149")["findings"].contains("missing_invoice_or_csr"));
    let history = ws.json(&["history", "CLM-879149", "--json"]);
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["action"] == "document_detached" && h["document_sha256"] == sha.as_str()),
        "{history}"
    );
    assert_eq!(
        ws.run(&["verify", "--evidence"]).0,
        0,
        "the quarantined copy is vouched for"
    );
    // A parked-file retry does not bring it back: a person took it off.
    let (_, out, _) = ws.run(&["retry"]);
    assert!(out.starts_with("processed 0"), "{out}");
}

/// Issue 16: moving a file out of quarantine by hand left its `.reason.txt` behind.
#[test]
fn a_file_moved_out_of_quarantine_by_hand_takes_its_reason_text_and_row_with_it() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_file("inbox/invoices/nobody's.pdf", b"%PDF-1.4\nnot a whole pdf");
    assert_eq!(ws.run(&["run"]).0, 0);
    let row = ws.report("exceptions.csv").remove(0);
    let copy = ws.join(&row["quarantine_path"]);
    let reason = ws.join(&format!("{}.reason.txt", row["quarantine_path"]));
    assert!(reason.is_file());
    std::fs::rename(&copy, ws.join("kept by hand.pdf")).unwrap();
    assert_eq!(ws.run(&["run"]).0, 0);
    assert!(ws.report_or_empty("exceptions.csv").is_empty());
    assert!(!reason.exists(), "its reason went with it");
    assert!(ws.join("kept by hand.pdf").is_file());
}

/// The corrections go through the daemon like every command that writes.
#[test]
fn corrections_work_through_the_daemon() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let daemon = common::watch(&ws);
    let pdf = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    ws.drop_file("inbox/invoices/CLM-879149/invoice.pdf", &pdf);
    assert!(common::appears(
        &ws.join("archive/CLM-879149/invoice/invoice.pdf")
    ));
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&pdf))
    };
    let steps: [&[&str]; 3] = [
        &["claims", "correct", &sha, "--vendor", "Acme"],
        &["claims", "move", &sha, "--to", "CLM-293473"],
        &["claims", "detach", &sha, "--comment", "not ours"],
    ];
    for step in steps {
        let (code, out, err) = ws.run(step);
        assert_eq!(code, 0, "{step:?}: {out}{err}");
    }
    assert!(ws.join("quarantine/detached/invoice.pdf").is_file());
    let log = std::fs::read_to_string(ws.join("watch.log")).unwrap();
    assert_eq!(log.matches(" command ").count(), 3, "{log}");
    daemon.stop();
    let actions: Vec<String> = ws
        .json(&["history", "CLM-293473", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap().to_string())
        .collect();
    assert!(
        actions.contains(&"document_moved".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"document_detached".to_string()),
        "{actions:?}"
    );
    assert_eq!(ws.run(&["verify", "--evidence"]).0, 0);
}

/// Issue 31: a corrected date moved nothing else; the original's retention, counted from the
/// activity, stayed on the misread date.
#[test]
fn a_corrected_document_date_moves_the_retention_with_it() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let pdf = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    ws.drop_file("inbox/invoices/CLM-879149/invoice.pdf", &pdf);
    assert_eq!(ws.run(&["run"]).0, 0);
    let row = |ws: &Workspace| {
        ws.report("documents.csv")
            .into_iter()
            .find(|d| d["original_name"] == "invoice.pdf")
            .expect("filed")
    };
    let before = row(&ws);
    let sha = before["sha256"].clone();
    // The setting is 24 months (the default config).
    let (code, out, err) = ws.run(&["claims", "correct", &sha, "--document-date", "2023-02-28"]);
    assert_eq!(code, 0, "{out}{err}");
    let after = row(&ws);
    assert_eq!(after["document_date"], "2023-02-28");
    assert_eq!(
        after["retain_until"], "2025-02-28",
        "{before:?} -> {after:?}"
    );
    let history = ws.json(&["history", "CLM-879149", "--json"]).to_string();
    assert!(
        history.contains(&format!(
            "retain_until: '{}' -> '2025-02-28'",
            before["retain_until"]
        )),
        "{history}"
    );
}
