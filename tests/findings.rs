//! Claim checks and the reports finance reads: scenarios through the binary, on real documents.

mod common;

use std::collections::HashMap;

use common::{Workspace, claimdrop_in, corpus};

const MESSEBAU: &str = "inbox/invoices/CLM-778258 Rechnung Messebau_Koehler.pdf"; // EUR 1660.53, 2024-08-21
const COHO_GBP: &str = "inbox/invoices/CLM-879149_invoice.pdf"; // GBP 4656.16, 2024-09-25
const PHOTO: &str = "inbox/proof/CLM-013014/event-photo.jpeg";

fn create(ws: &Workspace, id: &str, start: &str, end: &str, funds: &str) {
    ws.create_claim_for(id, (start, end), funds, &[]);
}

/// Drops a corpus file into a claim's folder of the given kind.
fn drop_for(ws: &Workspace, claim: &str, kind: &str, corpus_path: &str, name: &str) {
    let bytes = std::fs::read(corpus().join(corpus_path)).unwrap();
    ws.drop_file(&format!("inbox/{kind}/{claim}/{name}"), &bytes);
}

fn run(ws: &Workspace) {
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
}

fn codes(ws: &Workspace, claim: &str) -> Vec<String> {
    ws.json(&["claims", "show", claim, "--json"])["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_claim_with_only_an_invoice_lacks_proof() {
    let ws = Workspace::new();
    create(&ws, "CLM-000001", "2024-08-01", "2024-12-31", "5000");
    assert_eq!(
        codes(&ws, "CLM-000001"),
        ["missing_invoice_or_csr", "missing_proof"]
    );
    drop_for(&ws, "CLM-000001", "invoices", MESSEBAU, "rechnung.pdf");
    run(&ws);
    assert_eq!(codes(&ws, "CLM-000001"), ["missing_proof"]);
    let row = ws.claim_row("CLM-000001");
    assert_eq!(row["findings"], "missing_proof");
    assert_eq!(row["invoices"], "1");
    assert_eq!(row["funds_claimed"], "1660.53");

    drop_for(&ws, "CLM-000001", "proof", PHOTO, "photo.jpeg");
    run(&ws);
    assert!(codes(&ws, "CLM-000001").is_empty());
    assert_eq!(ws.claim_row("CLM-000001")["findings"], "");
}

#[test]
fn an_invoice_dated_before_the_usage_period_is_flagged() {
    let ws = Workspace::new();
    create(&ws, "CLM-000002", "2024-09-01", "2024-12-31", "5000");
    drop_for(&ws, "CLM-000002", "invoices", MESSEBAU, "rechnung.pdf");
    drop_for(&ws, "CLM-000002", "proof", PHOTO, "photo.jpeg");
    run(&ws);
    assert_eq!(codes(&ws, "CLM-000002"), ["document_outside_usage_period"]);
    let show = ws.json(&["claims", "show", "CLM-000002", "--json"]);
    let details = show["findings"][0]["details"].as_str().unwrap();
    assert!(details.contains("2024-08-21"), "{details}");
}

#[test]
fn a_document_in_another_currency_is_flagged_and_not_counted() {
    let ws = Workspace::new();
    create(&ws, "CLM-000003", "2024-08-01", "2024-12-31", "50000");
    drop_for(&ws, "CLM-000003", "invoices", MESSEBAU, "rechnung.pdf");
    drop_for(&ws, "CLM-000003", "invoices", COHO_GBP, "coho.pdf");
    drop_for(&ws, "CLM-000003", "proof", PHOTO, "photo.jpeg");
    run(&ws);
    assert_eq!(codes(&ws, "CLM-000003"), ["currency_mismatch"]);
    let row = ws.claim_row("CLM-000003");
    assert_eq!(
        row["funds_claimed"], "1660.53",
        "the GBP invoice is left out"
    );
    assert_eq!(row["invoices"], "2");
}

#[test]
fn claiming_more_than_the_funds_is_flagged() {
    let ws = Workspace::new();
    create(&ws, "CLM-000004", "2024-08-01", "2024-12-31", "1000");
    drop_for(&ws, "CLM-000004", "invoices", MESSEBAU, "rechnung.pdf");
    drop_for(&ws, "CLM-000004", "proof", PHOTO, "photo.jpeg");
    run(&ws);
    assert_eq!(codes(&ws, "CLM-000004"), ["claimed_exceeds_funds"]);
}

#[test]
fn the_same_vendor_invoice_on_two_claims_is_flagged_on_both() {
    let ws = Workspace::new();
    create(&ws, "CLM-000005", "2024-08-01", "2024-12-31", "50000");
    create(&ws, "CLM-000006", "2024-08-01", "2024-12-31", "50000");
    drop_for(&ws, "CLM-000005", "invoices", MESSEBAU, "rechnung.pdf");
    // The same invoice, sent again as a different file (not the same bytes).
    let mut resent = std::fs::read(corpus().join(MESSEBAU)).unwrap();
    resent.extend_from_slice(b"\n% resent\n");
    ws.drop_file("inbox/invoices/CLM-000006/rechnung-resent.pdf", &resent);
    for claim in ["CLM-000005", "CLM-000006"] {
        drop_for(&ws, claim, "proof", PHOTO, &format!("{claim}.jpeg"));
    }
    run(&ws);
    for (claim, other) in [("CLM-000005", "CLM-000006"), ("CLM-000006", "CLM-000005")] {
        let show = ws.json(&["claims", "show", claim, "--json"]);
        let finding = show["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "duplicate_invoice_number")
            .unwrap_or_else(|| panic!("{claim}: {}", show["findings"]));
        assert!(finding["details"].as_str().unwrap().contains(other));
        assert!(finding["details"].as_str().unwrap().contains("MK-1424/24"));
    }
}

#[test]
fn deadlines_warn_once_per_threshold_with_a_fixed_clock() {
    let ws = Workspace::new();
    let at = |now: &str, args: &[&str]| {
        let out = claimdrop_in(ws.path())
            .env("CLAIMDROP_NOW", now)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let warnings = || {
        ws.json(&["history", "CLM-000007", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["action"] == "deadline_warning")
            .map(|h| h["details"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // Deadline: 2024-10-15 + 45 days = 2024-11-29.
    at(
        "2024-11-10",
        &[
            "claims",
            "create",
            "CLM-000007",
            "--program",
            "P",
            "--usage-start",
            "2024-09-01",
            "--usage-end",
            "2024-10-15",
            "--currency",
            "EUR",
            "--funds-total",
            "5000",
        ],
    );
    at("2024-11-10", &["run"]);
    assert!(warnings().is_empty(), "19 days left: no warning yet");
    at("2024-11-20", &["run"]);
    at("2024-11-21", &["run"]);
    let near = warnings();
    assert_eq!(near.len(), 1, "{near:?}");
    assert!(near[0].starts_with("deadline_near:"), "{near:?}");
    assert!(codes(&ws, "CLM-000007").contains(&"deadline_near".to_string()));
    at("2024-12-01", &["run"]);
    at("2024-12-02", &["run"]);
    let all = warnings();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all[1].starts_with("deadline_passed:"), "{all:?}");
    assert!(codes(&ws, "CLM-000007").contains(&"deadline_passed".to_string()));
    assert_eq!(ws.claim_row("CLM-000007")["deadline"], "2024-11-29");
    // Submitted: no deadline findings any more.
    at("2024-12-02", &["claims", "submit", "CLM-000007", "--force"]);
    let after = codes(&ws, "CLM-000007");
    assert!(
        !after.iter().any(|c| c.starts_with("deadline")),
        "{after:?}"
    );
}

#[test]
fn no_cell_is_a_formula_and_negative_numbers_stay_numbers() {
    let ws = Workspace::new();
    create(&ws, "CLM-000008", "2024-08-01", "2024-12-31", "5000");
    let bytes = std::fs::read(corpus().join(PHOTO)).unwrap();
    ws.drop_file("inbox/proof/CLM-000008/=HYPERLINK(\"http:x\").jpeg", &bytes);
    for comment in [
        "=HYPERLINK(\"http://evil\",\"x\")",
        "+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "-2+3",
        "\tleading tab",
    ] {
        assert_eq!(
            ws.run(&["claims", "comment", "CLM-000008", "--", comment])
                .0,
            0
        );
    }
    run(&ws);
    let text = std::fs::read_to_string(ws.join("reports/history.csv")).unwrap();
    for line in text.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@', '\t']) && !cell.starts_with("-2"),
                "formula cell: {cell:?} in {line:?}"
            );
        }
    }
    let history = ws.report("history.csv");
    assert!(
        history
            .iter()
            .any(|h| h["details"] == "'=HYPERLINK(\"http://evil\",\"x\")")
    );
    assert!(history.iter().any(|h| h["details"] == "'-2+3"));
    let documents = ws.report("documents.csv");
    assert_eq!(
        documents[0]["original_name"],
        "'=HYPERLINK(\"http:x\").jpeg"
    );
    // A number is not guarded: the sequence numbers and amounts read as numbers.
    assert!(history.iter().all(|h| h["seq"].parse::<u64>().is_ok()));
}

#[test]
fn reports_follow_the_configured_delimiter_and_bom() {
    let ws = Workspace::new();
    let user = String::from_utf8(
        std::process::Command::new("id")
            .arg("-un")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    ws.write(
        "claimdrop.toml",
        &format!(
            "[roles]\nglobal_admins = [\"{}\"]\n[reports]\ndelimiter = \";\"\nbom = true\n",
            user.trim()
        ),
    );
    create(&ws, "CLM-000009", "2024-08-01", "2024-12-31", "5000");
    let bytes = std::fs::read(ws.join("reports/claims.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}claim_id;program;activity;".as_bytes()));
    // Each claim's own history, beside the reports.
    let own = std::fs::read_to_string(ws.join("reports/claims/CLM-000009.history.csv")).unwrap();
    assert!(own.contains("claim_created"));
    assert!(own.lines().skip(1).all(|l| l.contains("CLM-000009")));
}

#[test]
fn a_reader_never_sees_a_partial_report() {
    let ws = Workspace::new();
    ws.import(&common::sample_register());
    let path = ws.join("reports/claims.csv");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let stop = stop.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let text = std::fs::read_to_string(&path).expect("claims.csv always exists");
                let lines: Vec<&str> = text.lines().collect();
                assert!(
                    lines[0].starts_with("\u{feff}claim_id,program,"),
                    "header: {:?}",
                    lines.first()
                );
                assert_eq!(lines.len(), 13, "a partial file: {} lines", lines.len());
                assert!(text.ends_with('\n'));
                reads += 1;
            }
            reads
        })
    };
    for _ in 0..25 {
        assert_eq!(ws.run(&["report"]).0, 0);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads = reader.join().expect("reader saw a partial report");
    assert!(reads > 0);
}

#[test]
fn the_dev_corpus_reports_agree_with_each_other() {
    let ws = common::dev_corpus_workspace();
    run(&ws);
    let documents = ws.report("documents.csv");
    for claim in ws.report("claims.csv") {
        let id = &claim["claim_id"];
        let mine: Vec<&HashMap<String, String>> =
            documents.iter().filter(|d| &d["claim_id"] == id).collect();
        for (kind, column) in [
            ("invoice", "invoices"),
            ("csr", "csrs"),
            ("proof", "proofs"),
            ("metrics", "metrics"),
        ] {
            let n = mine.iter().filter(|d| d["kind"] == kind).count();
            assert_eq!(claim[column], n.to_string(), "{id} {column}");
        }
        let claimed: rust_decimal::Decimal = mine
            .iter()
            .filter(|d| {
                (d["kind"] == "invoice" || d["kind"] == "csr") && d["currency"] == claim["currency"]
            })
            .map(|d| {
                d["amount"]
                    .parse::<rust_decimal::Decimal>()
                    .unwrap_or_default()
            })
            .sum();
        assert_eq!(
            claim["funds_claimed"],
            claimdrop::domain::money(claimed),
            "{id}"
        );
        let has_proof = mine.iter().any(|d| d["kind"] == "proof");
        assert_eq!(
            claim["findings"].contains("missing_proof"),
            !has_proof,
            "{id}"
        );
    }
    let text = std::fs::read_to_string(ws.join("reports/documents.csv")).unwrap();
    assert!(!text.lines().any(|l| l.starts_with('=') || l.contains(",=")));
}

#[test]
fn report_writes_anywhere_it_is_told() {
    let ws = Workspace::new();
    create(&ws, "CLM-000010", "2024-08-01", "2024-12-31", "5000");
    let out = ws.join("elsewhere");
    let (code, stdout, err) = ws.run(&["report", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("reports written"), "{stdout}");
    for name in [
        "claims.csv",
        "documents.csv",
        "history.csv",
        "exceptions.csv",
        "requests.csv",
        "notifications.csv",
        "claimdrop.xlsx",
        "summary.html",
        "claims/CLM-000010.history.csv",
        "claims/CLM-000010.html",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
    // UTF-8 with a byte-order mark by default, so Excel reads "Köln" as written.
    let claims = std::fs::read_to_string(out.join("claims.csv")).unwrap();
    let claims = claims.strip_prefix('\u{feff}').expect("a BOM by default");
    assert!(claims.starts_with("claim_id,program,activity,location,status,currency,usage_start,usage_end,deadline,funds_total,funds_claimed,funds_approved,invoices,csrs,proofs,metrics,findings,last_activity_at,funds_remaining,open_requests,next_step\n"));
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(documents.starts_with("\u{feff}document_id,claim_id,kind,original_name,sha256,bytes,format,pages,invoice_number,document_date,amount,currency,vendor,matched_by,received_at,actor,archive_path,note,retain_until"));
    let history = std::fs::read_to_string(out.join("history.csv")).unwrap();
    assert!(history.starts_with("\u{feff}seq,at,claim_id,actor,action,document_sha256,details\n"));
    let exceptions = std::fs::read_to_string(out.join("exceptions.csv")).unwrap();
    assert!(exceptions.starts_with(
        "\u{feff}at,original_path,kind,outcome,reason,quarantine_path,claim_id,action\n"
    ));
}

#[test]
fn an_invoice_whose_total_cannot_be_read_is_named_not_guessed() {
    let ws = Workspace::new();
    create(&ws, "CLM-000002", "2024-08-01", "2024-12-31", "5000");
    drop_for(&ws, "CLM-000002", "invoices", MESSEBAU, "rechnung.pdf");
    // A sheet with work and quantities but no total, no currency and no date.
    ws.drop_file(
        "inbox/invoices/CLM-000002/booth-work.csv",
        b"Description;Qty\nBooth design;3\nStand build;2\n",
    );
    run(&ws);
    let show = ws.json(&["claims", "show", "CLM-000002", "--json"]);
    let unread = show["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "fields_unread")
        .unwrap_or_else(|| panic!("no fields_unread in {show}"));
    let details = unread["details"].as_str().unwrap();
    assert!(details.contains("booth-work.csv"), "{details}");
    assert!(details.contains("amount"), "{details}");
    assert!(details.contains("currency"), "{details}");
    assert!(details.contains("document_date"), "{details}");
    assert!(!details.contains("rechnung.pdf"), "{details}");
    let row = ws.claim_row("CLM-000002");
    assert!(row["findings"].contains("fields_unread"), "{row:?}");
    // Only what was read is counted.
    assert_eq!(row["funds_claimed"], "1660.53");
}
