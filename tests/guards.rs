//! The guards on money and on review (issue 16, SPEC §1): submit refuses an incomplete claim
//! unless forced (and the history says what was overridden), an approval names an amount no
//! larger than what is claimed, asking for information or rejecting says why, and the same
//! invoice twice on a claim is found and counted once.

mod common;

use common::{Workspace, corpus, sample_register, watch};

fn invoice() -> Vec<u8> {
    std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap()
}

#[test]
fn submit_refuses_a_claim_that_lacks_documents_unless_forced_and_records_the_override() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let (code, out, err) = ws.run(&["claims", "submit", "CLM-879149"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("claim CLM-879149 is not submitted"), "{err}");
    assert!(
        err.contains("no invoice or CSR is attached (missing_invoice_or_csr"),
        "{err}"
    );
    assert!(
        err.contains("no proof of execution is attached (missing_proof"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(ws.claim_row("CLM-879149")["status"], "editing");

    let (code, out, err) = ws.run(&["claims", "submit", "CLM-879149", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "CLM-879149: editing -> submitted\n");
    let moved = ws.history_entry("CLM-879149", "status_changed");
    assert_eq!(
        moved["details"],
        "editing -> submitted; forced over missing_invoice_or_csr, missing_proof"
    );
}

#[test]
fn a_complete_claim_is_submitted_without_force() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_file("inbox/invoices/CLM-879149/invoice.pdf", &invoice());
    ws.drop_file(
        "inbox/proof/CLM-879149/booth.png",
        &std::fs::read(corpus().join("inbox/proof/Screenshot CLM-530971 2024-09-20.png")).unwrap(),
    );
    assert_eq!(ws.run(&["run"]).0, 0);
    let findings = ws.claim_row("CLM-879149")["findings"].clone();
    // Only the deadline (the fixed clock is past it): deadlines never refuse a submit.
    assert_eq!(findings, "deadline_passed");
    let (code, _, err) = ws.run(&["claims", "submit", "CLM-879149"]);
    assert_eq!(code, 0, "findings {findings}: {err}");
}

#[test]
fn review_guards_amounts_and_comments() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_file("inbox/invoices/CLM-879149/invoice.pdf", &invoice());
    assert_eq!(ws.run(&["run"]).0, 0);
    let claimed = ws.claim_row("CLM-879149")["funds_claimed"].clone();
    assert_ne!(claimed, "0.00", "the invoice's amount is claimed");
    assert_eq!(ws.run(&["claims", "submit", "CLM-879149", "--force"]).0, 0);

    // Asking for information or rejecting says what is wanted, or why.
    for status in ["info_requested", "rejected"] {
        let (code, _, err) = ws.run(&["claims", "review", "CLM-879149", "--status", status]);
        assert_eq!(code, 1, "{status}");
        assert!(err.contains("--comment"), "{err}");
        let (code, _, err) = ws.run(&[
            "claims",
            "review",
            "CLM-879149",
            "--status",
            status,
            "--comment",
            "  ",
        ]);
        assert_eq!(code, 1, "an empty comment says nothing: {err}");
    }
    assert_eq!(
        ws.run(&["claims", "review", "CLM-879149", "--status", "in_review"])
            .0,
        0
    );
    // An approval names its amount, at most what is claimed.
    let (code, _, err) = ws.run(&["claims", "review", "CLM-879149", "--status", "approved"]);
    assert_eq!(code, 1);
    assert!(err.contains("needs --funds-approved"), "{err}");
    assert!(err.contains(&claimed), "says what is claimed: {err}");
    let (code, _, err) = ws.run(&[
        "claims",
        "review",
        "CLM-879149",
        "--status",
        "approved",
        "--funds-approved",
        "999999",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("is more than the"), "{err}");
    let (code, _, err) = ws.run(&[
        "claims",
        "review",
        "CLM-879149",
        "--status",
        "approved",
        "--funds-approved=-1",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        ws.claim_row("CLM-879149")["status"],
        "in_review",
        "every refusal left it be"
    );
    let (code, _, err) = ws.run(&[
        "claims",
        "review",
        "CLM-879149",
        "--status",
        "approved",
        "--funds-approved",
        &claimed,
    ]);
    assert_eq!(code, 0, "{err}");
    let approved = ws.claim_row("CLM-879149");
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["funds_approved"], claimed);
}

#[test]
fn the_same_invoice_twice_on_a_claim_is_found_and_counted_once() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let pdf = invoice();
    ws.drop_file("inbox/invoices/CLM-879149/invoice.pdf", &pdf);
    assert_eq!(ws.run(&["run"]).0, 0);
    let once = ws.claim_row("CLM-879149")["funds_claimed"].clone();
    // Saved again: other bytes, the same invoice.
    ws.drop_file(
        "inbox/invoices/CLM-879149/invoice again.pdf",
        &[pdf.as_slice(), b"\n%saved again\n"].concat(),
    );
    let (code, out, _) = ws.run(&["run"]);
    assert_eq!(code, 0);
    assert!(out.contains("attached 1"), "{out}");
    let claim = ws.claim_row("CLM-879149");
    assert_eq!(claim["funds_claimed"], once, "counted once");
    assert!(
        claim["findings"].contains("duplicate_invoice_number"),
        "{claim:?}"
    );
    let shown = ws.json(&["claims", "show", "CLM-879149", "--json"]);
    let finding = shown["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "duplicate_invoice_number")
        .unwrap();
    let details = finding["details"].as_str().unwrap();
    assert!(
        details.contains("attached 2 times to this claim"),
        "{details}"
    );
    assert!(
        details.contains("invoice.pdf") && details.contains("invoice again.pdf"),
        "{details}"
    );
    // It refuses the submit, in words.
    let (code, _, err) = ws.run(&["claims", "submit", "CLM-879149"]);
    assert_eq!(code, 1);
    assert!(err.contains("the same invoice is attached twice"), "{err}");
}

#[test]
fn the_guards_hold_through_the_daemon_too() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let daemon = watch(&ws);
    let alone = Workspace::new();
    alone.import(&sample_register());
    for args in [
        &["claims", "submit", "CLM-879149"][..],
        &[
            "claims",
            "review",
            "CLM-879149",
            "--status",
            "info_requested",
        ],
    ] {
        let through = ws.run(args);
        let in_place = alone.run(args);
        assert_eq!(through.0, 1, "{args:?}: {through:?}");
        assert_eq!(through, in_place, "{args:?}");
    }
    let log = std::fs::read_to_string(ws.join("watch.log")).unwrap();
    assert_eq!(log.matches(" command ").count(), 2, "{log}");
    daemon.stop();
}

/// Issue 16: a wrongly read amount could not be fixed, so `funds_claimed` stayed wrong.
#[test]
fn a_corrected_field_replaces_the_reading_and_funds_and_findings_follow() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_file("inbox/invoices/CLM-879149/invoice.pdf", &invoice());
    assert_eq!(ws.run(&["run"]).0, 0);
    let document = ws.report("documents.csv").remove(0);
    let sha = document["sha256"].clone();
    let read = document["amount"].clone();
    assert_ne!(read, "");

    let (code, _, err) = ws.run(&["claims", "correct", &sha[..12]]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing to correct"), "{err}");
    let (code, _, err) = ws.run(&["claims", "correct", &sha[..12], "--amount", "12 dollars"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--amount '12 dollars' is not a number"),
        "{err}"
    );
    let (code, _, err) = ws.run(&["claims", "correct", "0000000000", "--amount", "1"]);
    assert_eq!(code, 1);
    assert!(err.contains("no attached document"), "{err}");

    let (code, out, err) = ws.run(&[
        "claims",
        "correct",
        &sha[..12],
        "--amount",
        "1000.5",
        "--vendor",
        "Acme Events SARL",
        "--comment",
        "the total on page 2",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("CLM-879149: corrected"), "{out}");
    let corrected = ws.report("documents.csv").remove(0);
    assert_eq!(corrected["amount"], "1000.50");
    assert_eq!(corrected["vendor"], "Acme Events SARL");
    assert_eq!(corrected["fields_source"], "corrected");
    let claim = ws.claim_row("CLM-879149");
    assert_eq!(
        claim["funds_claimed"], "1000.50",
        "funds follow the correction"
    );
    let entry = ws.history_entry("CLM-879149", "document_corrected");
    assert_eq!(entry["document_sha256"], sha.as_str());
    assert_eq!(
        entry["details"],
        format!(
            "amount: '{read}' -> '1000.50'; vendor: '{}' -> 'Acme Events SARL' (the total on page 2)",
            document["vendor"]
        )
    );
    assert_eq!(
        ws.run(&["verify", "--evidence"]).0,
        0,
        "the file itself is untouched"
    );
}
