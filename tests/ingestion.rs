//! Dropped files end on the right claim, in the archive and history, or in quarantine with a
//! reason: `run` and `retry` driven through the binary on real documents of the dev corpus.

mod common;

use std::collections::HashMap;

use claimdrop::pipeline::Opening;
use common::{Workspace, corpus, sample_register};

fn ws_with_claims() -> Workspace {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws
}

fn run(ws: &Workspace) -> String {
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "run failed: {out}{err}");
    out
}

fn actions(ws: &Workspace, claim: &str) -> Vec<String> {
    ws.json(&["history", claim, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn documents_found_by_folder_and_file_name_are_attached_and_recorded() {
    let ws = ws_with_claims();
    ws.drop_corpus("inbox/invoices/CLM-013014/LDM24-0239.pdf");
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    ws.drop_corpus("inbox/proof/CLM-187039 - Print advertising/20240920_114438.jpg");
    ws.drop_corpus("inbox/metrics/CLM-013014/export_729036.csv");
    ws.drop_corpus("inbox/csr/CLM-187039/CSR Print advertising.xlsx");

    let out = run(&ws);
    assert!(
        out.contains("processed 5: attached 5, duplicate 0, quarantined 0, ignored 0, failed 0"),
        "{out}"
    );
    assert_eq!(
        ws.files_under("archive"),
        vec![
            "archive/CLM-013014/invoice/LDM24-0239.pdf",
            "archive/CLM-013014/metrics/export_729036.csv",
            "archive/CLM-187039/csr/CSR Print advertising.xlsx",
            "archive/CLM-187039/proof/20240920_114438.jpg",
            "archive/CLM-879149/invoice/CLM-879149_invoice.pdf",
        ]
    );
    assert!(ws.files_under("inbox").is_empty(), "the inbox is emptied");

    let documents = ws.report("documents.csv");
    let by_name: HashMap<&str, &HashMap<String, String>> = documents
        .iter()
        .map(|d| (d["original_name"].as_str(), d))
        .collect();
    let invoice = by_name["CLM-879149_invoice.pdf"];
    assert_eq!(invoice["claim_id"], "CLM-879149");
    assert_eq!(invoice["kind"], "invoice");
    assert_eq!(invoice["matched_by"], "filename");
    assert_eq!(invoice["format"], "pdf");
    assert_eq!(
        invoice["archive_path"],
        "archive/CLM-879149/invoice/CLM-879149_invoice.pdf"
    );
    // What the invoice says (the manifest's truth for this file).
    assert_eq!(invoice["invoice_number"], "CP-2024-7755");
    assert_eq!(invoice["document_date"], "2024-09-25");
    assert_eq!(invoice["amount"], "4656.16");
    assert_eq!(invoice["currency"], "GBP");
    assert_eq!(invoice["vendor"], "Coho Print Solutions Ltd");
    assert_eq!(
        invoice["retain_until"], "2026-09-25",
        "the document's date + 24 months"
    );
    assert_eq!(by_name["LDM24-0239.pdf"]["matched_by"], "folder");
    assert_eq!(by_name["export_729036.csv"]["format"], "csv");
    assert_eq!(by_name["CSR Print advertising.xlsx"]["format"], "xlsx");
    assert_eq!(by_name["20240920_114438.jpg"]["format"], "jpeg");

    // Its deadline (2024-11-08) had passed on the tests' clock: warned at import.
    let history = actions(&ws, "CLM-879149");
    assert_eq!(
        history,
        vec!["claim_created", "deadline_warning", "document_attached"]
    );
    let entry = &ws.json(&["history", "CLM-879149", "--json"])[2];
    assert_eq!(entry["document_sha256"], invoice["sha256"].as_str());
    assert!(!entry["actor"].as_str().unwrap().is_empty());

    let claims = ws.report("claims.csv");
    let c013014 = claims
        .iter()
        .find(|c| c["claim_id"] == "CLM-013014")
        .unwrap();
    assert_eq!(c013014["invoices"], "1");
    assert_eq!(c013014["metrics"], "1");
    // The archive is evidence: read-only.
    let mode = std::fs::metadata(ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf"))
        .unwrap()
        .permissions();
    assert!(mode.readonly());
}

#[test]
fn bad_files_are_quarantined_with_their_reason() {
    let ws = ws_with_claims();
    let cases = [
        ("inbox/invoices/CLM-651249/document.pdf", "empty"),
        (
            "inbox/invoices/CLM-187039/MK-1425-24_protected.pdf",
            "encrypted",
        ),
        ("inbox/csr/CLM-013014_CSR_protected.xlsx", "encrypted"),
        ("inbox/invoices/CLM-013014/notes.docx", "unsupported"),
        ("inbox/proof/CLM-778258/proof.pdf.exe", "unsupported"),
        ("inbox/invoices/CLM-013014/Rechnung.pdf", "unreadable"),
        ("inbox/metrics/CLM-187039_metrics.xlsx", "unreadable"),
        (
            "inbox/invoices/CLM-641121_invoice_INV004122.pdf",
            "unreadable",
        ),
        ("inbox/metrics/CLM-600738/raw_log_export.xlsx", "unreadable"),
    ];
    for (path, _) in cases {
        ws.drop_corpus(path);
    }
    let out = run(&ws);
    assert!(
        out.contains("processed 9: attached 0, duplicate 0, quarantined 9"),
        "{out}"
    );
    let exceptions = ws.report("exceptions.csv");
    for (path, outcome) in cases {
        let row = exceptions
            .iter()
            .find(|e| e["original_path"] == path)
            .unwrap_or_else(|| panic!("{path} not in exceptions.csv"));
        assert_eq!(row["outcome"], outcome, "{path}: {}", row["reason"]);
        assert!(!row["reason"].is_empty());
        let quarantined = ws.join(&row["quarantine_path"]);
        assert!(quarantined.is_file(), "{path} kept in quarantine");
        assert!(row["quarantine_path"].starts_with(&format!("quarantine/{outcome}/")));
        let reason =
            std::fs::read_to_string(format!("{}.reason.txt", quarantined.display())).unwrap();
        assert!(reason.contains(&row["reason"]), "{reason}");
        // The bytes are kept exactly.
        assert_eq!(
            std::fs::read(&quarantined).unwrap(),
            std::fs::read(corpus().join(path)).unwrap()
        );
    }
}

#[test]
fn the_same_bytes_twice_end_one_attached_and_one_duplicate() {
    let ws = ws_with_claims();
    ws.drop_corpus("inbox/proof/CLM-187039 - Print advertising/20240920_114438.jpg");
    ws.drop_corpus("inbox/proof/CLM-187039 - Print advertising/20240920_114438_copy.jpg");
    let out = run(&ws);
    assert!(out.contains("attached 1, duplicate 1"), "{out}");
    assert_eq!(
        actions(&ws, "CLM-187039"),
        vec!["claim_created", "document_attached", "document_duplicate"]
    );
    assert!(
        ws.join("quarantine/duplicate/20240920_114438_copy.jpg")
            .is_file()
    );

    // Dropped again later: still a duplicate, never attached twice.
    std::fs::copy(
        corpus().join("inbox/proof/CLM-187039 - Print advertising/20240920_114438.jpg"),
        ws.join("inbox/proof/again.jpg"),
    )
    .unwrap();
    common::age(&ws.join("inbox/proof/again.jpg"));
    let out = run(&ws);
    assert!(out.contains("duplicate 1"), "{out}");
    assert_eq!(ws.report("documents.csv").len(), 1);
}

#[test]
fn a_file_with_another_name_is_copied_and_a_file_of_its_own_is_moved() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let ws = ws_with_claims();
    let own = ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let shared = ws.drop_corpus("inbox/invoices/CLM-013014/LDM24-0239.pdf");
    // The author's working copy: a second name for the dropped file, outside the inbox.
    let working = ws.join("working-copy.pdf");
    std::fs::hard_link(&shared, &working).unwrap();
    let own_inode = own.metadata().unwrap().ino();
    let shared_bytes = std::fs::read(&shared).unwrap();
    let out = run(&ws);
    assert!(out.contains("attached 2"), "{out}");

    let moved = ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf");
    let copied = ws.join("archive/CLM-013014/invoice/LDM24-0239.pdf");
    assert_eq!(moved.metadata().unwrap().ino(), own_inode);
    assert_ne!(
        copied.metadata().unwrap().ino(),
        working.metadata().unwrap().ino()
    );
    for archived in [&moved, &copied] {
        let mode = archived.metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o222, 0, "{} is writable", archived.display());
    }
    // The working copy stays the author's: writable, and changing it leaves the evidence be.
    assert_ne!(working.metadata().unwrap().permissions().mode() & 0o200, 0);
    std::fs::write(&working, b"edited later").unwrap();
    assert_eq!(std::fs::read(&copied).unwrap(), shared_bytes);
    assert!(ws.files_under("inbox").is_empty());
}

#[test]
fn notes_are_stored_and_travel_with_their_document() {
    let ws = ws_with_claims();
    ws.drop_corpus("inbox/proof/CLM-013014/event-photo.jpeg");
    ws.drop_corpus("inbox/proof/CLM-013014/event-photo.jpeg.note.txt");
    let note =
        std::fs::read_to_string(corpus().join("inbox/proof/CLM-013014/event-photo.jpeg.note.txt"))
            .unwrap();
    let out = run(&ws);
    assert!(out.contains("processed 1: attached 1"), "{out}");
    let documents = ws.report("documents.csv");
    assert_eq!(documents[0]["note"], note.trim());
    // The person's file moves as it was, byte for byte.
    assert_eq!(
        std::fs::read_to_string(ws.join("archive/CLM-013014/proof/event-photo.jpeg.note.txt"))
            .unwrap(),
        note
    );
    assert!(ws.files_under("inbox").is_empty());
}

/// Issue 14: a note was rewritten from its trimmed text (and a long or Latin-1 one cut or
/// converted), so the person's file was gone. It moves byte for byte; the store keeps its text.
#[test]
fn a_note_with_a_trailing_newline_and_latin1_bytes_moves_byte_for_byte() {
    let ws = ws_with_claims();
    ws.drop_corpus("inbox/proof/CLM-013014/event-photo.jpeg");
    let mut note = b"  Stand photo, Messe K\xf6ln (Halle 3)\r\n\n".to_vec();
    // Longer than what the store keeps of a note's text.
    note.extend(std::iter::repeat_n(b'x', 70 * 1024));
    note.extend(b"\nend\n");
    ws.drop_file("inbox/proof/CLM-013014/event-photo.jpeg.note.txt", &note);
    let out = run(&ws);
    assert!(out.contains("processed 1: attached 1"), "{out}");
    let archived =
        std::fs::read(ws.join("archive/CLM-013014/proof/event-photo.jpeg.note.txt")).unwrap();
    assert_eq!(archived, note, "the note's bytes changed");
    let documents = ws.report("documents.csv");
    assert!(
        documents[0]["note"].starts_with("Stand photo, Messe Köln (Halle 3)"),
        "{}",
        documents[0]["note"]
    );
    assert!(ws.files_under("inbox").is_empty());
}

#[test]
fn temporary_and_system_files_are_left_untouched() {
    let ws = ws_with_claims();
    let ignored = [
        "inbox/proof/events/Unconfirmed 311383.crdownload",
        "inbox/csr/CLM-187039/.DS_Store",
        "inbox/metrics/CLM-651249/.~lock.Campaign Performance Dec 2024.ods#",
        "inbox/proof/CLM-600738/report.pdf.part",
        "inbox/proof/CLM-600738/Thumbs.db",
        "inbox/csr/CLM-384275/~$Budget.xlsx",
    ];
    for path in ignored {
        ws.drop_corpus(path);
    }
    let out = run(&ws);
    assert!(
        out.contains("processed 6: attached 0, duplicate 0, quarantined 0, ignored 6"),
        "{out}"
    );
    for path in ignored {
        assert_eq!(
            std::fs::read(ws.join(path)).unwrap(),
            std::fs::read(corpus().join(path)).unwrap(),
            "{path} untouched"
        );
    }
}

#[test]
fn an_unknown_claim_id_is_named_and_the_file_attaches_once_the_claim_exists() {
    let ws = ws_with_claims();
    ws.drop_corpus("inbox/metrics/metrics_CLM-929494.csv");
    run(&ws);
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions[0]["outcome"], "unmatched");
    assert!(
        exceptions[0]["reason"].contains("CLM-929494"),
        "{}",
        exceptions[0]["reason"]
    );

    // Creating the claim retries parked files.
    let (code, out, err) = ws.run(&[
        "claims",
        "create",
        "CLM-929494",
        "--program",
        "Co-op FY25",
        "--usage-start",
        "2024-09-01",
        "--usage-end",
        "2024-10-31",
        "--currency",
        "EUR",
        "--funds-total",
        "5000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 parked file attached"), "{out}");
    assert_eq!(
        actions(&ws, "CLM-929494"),
        vec!["claim_created", "document_retried", "document_attached"]
    );
    assert!(
        ws.report("exceptions.csv").is_empty(),
        "no longer in quarantine"
    );
    assert!(ws.files_under("quarantine").is_empty());
    assert!(
        ws.join("archive/CLM-929494/metrics/metrics_CLM-929494.csv")
            .is_file()
    );
}

#[test]
fn a_document_for_a_locked_claim_is_parked_until_the_claim_is_reopened() {
    let ws = ws_with_claims();
    assert_eq!(ws.run(&["claims", "submit", "CLM-879149", "--force"]).0, 0);
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let out = run(&ws);
    assert!(out.contains("quarantined 1"), "{out}");
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions[0]["outcome"], "claim_locked");
    assert!(
        exceptions[0]["reason"].contains("submitted"),
        "{}",
        exceptions[0]["reason"]
    );
    assert!(actions(&ws, "CLM-879149").contains(&"document_parked".to_string()));

    // `retry` while still locked: stays parked.
    let (code, out, _) = ws.run(&["retry"]);
    assert_eq!(code, 0);
    assert!(out.contains("attached 0"), "{out}");

    let (code, out, err) = ws.run(&[
        "claims",
        "review",
        "CLM-879149",
        "--status",
        "info_requested",
        "--comment",
        "need the invoice",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 parked file attached"), "{out}");
    assert!(
        ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf")
            .is_file()
    );
    assert!(ws.report("exceptions.csv").is_empty());
}

#[test]
fn retry_attaches_a_parked_file_the_automatic_retry_could_not() {
    let ws = ws_with_claims();
    let pdf = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    ws.drop_file("inbox/invoices/CLM-555001 booth invoice.pdf", &pdf);
    let out = run(&ws);
    assert!(out.contains("quarantined 1"), "{out}");
    let parked = ws.report("exceptions.csv");
    assert_eq!(parked[0]["outcome"], "unmatched");
    let quarantined = parked[0]["quarantine_path"].clone();

    // Something else holds the claim's archive folder name when the claim is created, so the
    // retry `claims create` makes on its own cannot file it: it stays parked.
    ws.write("archive/CLM-555001", "not a folder");
    let out = ws.create_claim_for("CLM-555001", ("2024-01-01", "2024-12-31"), "10000", &[]);
    assert!(!out.contains("attached"), "{out}");
    assert!(ws.join(&quarantined).is_file(), "still parked");

    // Once the name is free, `retry` with the file's quarantine path attaches it.
    std::fs::remove_file(ws.join("archive/CLM-555001")).unwrap();
    let path = ws.join(&quarantined);
    let (code, out, err) = ws.run(&["retry", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}");
    let archived = ws.join("archive/CLM-555001/invoice/CLM-555001 booth invoice.pdf");
    assert_eq!(std::fs::read(&archived).unwrap(), pdf, "the bytes dropped");
    assert!(!ws.join(&quarantined).exists());
    assert!(ws.report_or_empty("exceptions.csv").is_empty());
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 1, "{documents:?}");
    assert_eq!(documents[0]["claim_id"], "CLM-555001");
    assert_eq!(documents[0]["matched_by"], "filename");
    assert!(actions(&ws, "CLM-555001").contains(&"document_attached".to_string()));
    assert_eq!(ws.run(&["verify", "--evidence"]).0, 0);
}

/// Issue 15: `clm-879149 booth photo.png` was unmatched, and `claims show clm-530971` said
/// the claim does not exist. Claim ids ignore letter case, and keep the register's spelling.
#[test]
fn claim_ids_are_recognised_ignoring_case_and_kept_in_the_registers_spelling() {
    let ws = ws_with_claims();
    let png =
        std::fs::read(corpus().join("inbox/proof/Screenshot CLM-530971 2024-09-20.png")).unwrap();
    ws.drop_file("inbox/proof/clm-879149 booth photo.png", &png);
    ws.drop_file(
        "inbox/invoices/Clm-530971/invoice.pdf",
        &std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap(),
    );
    let out = run(&ws);
    assert!(out.contains("attached 2"), "{out}");
    let documents = ws.report("documents.csv");
    let claims: Vec<(&str, &str)> = documents
        .iter()
        .map(|d| (d["claim_id"].as_str(), d["matched_by"].as_str()))
        .collect();
    assert!(claims.contains(&("CLM-879149", "filename")), "{claims:?}");
    assert!(claims.contains(&("CLM-530971", "folder")), "{claims:?}");
    assert!(
        ws.join("archive/CLM-879149/proof/clm-879149 booth photo.png")
            .is_file()
    );

    let (code, out, err) = ws.run(&["claims", "show", "clm-530971"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("CLM-530971"), "{out}");
    let (code, _, err) = ws.run(&["claims", "comment", "clm-530971", "lower case"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = ws.run(&["history", "Clm-530971"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("lower case") && out.contains("CLM-530971"),
        "{out}"
    );
    let (code, out, err) = ws.run(&["claims", "submit", "clm-879149", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "CLM-879149: editing -> submitted\n");
    // Creating an id that exists in another case is creating it twice.
    let (code, _, err) = ws.run(&[
        "claims",
        "create",
        "clm-879149",
        "--program",
        "P",
        "--usage-start",
        "2024-01-01",
        "--usage-end",
        "2024-12-31",
        "--currency",
        "EUR",
        "--funds-total",
        "1",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("claim CLM-879149 already exists"), "{err}");
    assert_eq!(
        ws.claim_ids()
            .iter()
            .filter(|id| id.eq_ignore_ascii_case("CLM-879149"))
            .count(),
        1
    );
}

/// Issue 16: `retry` could not be told which claim a parked file belongs to.
#[test]
fn retry_with_a_claim_files_a_parked_file_onto_the_claim_a_person_names() {
    let ws = ws_with_claims();
    let pdf = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    // An invoice whose name, folder and text name no claim: parked as unmatched.
    let stray = [pdf.as_slice(), b"\n%stray\n"].concat();
    ws.drop_file("inbox/invoices/scan 0042.pdf", &stray);
    run(&ws);
    let (code, _, _) = ws.run(&["retry", "--claim", "CLM-879149"]);
    assert_eq!(code, 2, "--claim needs the files named");
    let quarantined = ws
        .report("exceptions.csv")
        .into_iter()
        .find(|e| e["original_path"] == "inbox/invoices/scan 0042.pdf")
        .map(|e| {
            assert_eq!(e["outcome"], "unmatched");
            e["quarantine_path"].clone()
        })
        .expect("a parked file");
    let path = ws.join(&quarantined);
    let (code, _, err) = ws.run(&["retry", path.to_str().unwrap(), "--claim", "CLM-000000"]);
    assert_eq!(code, 1);
    assert!(err.contains("claim CLM-000000 does not exist"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), stray);
    let bytes = stray;
    let (code, out, err) = ws.run(&["retry", path.to_str().unwrap(), "--claim", "clm-530971"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}");
    let document = ws
        .report("documents.csv")
        .into_iter()
        .find(|d| d["matched_by"] == "manual")
        .expect("filed by hand");
    assert_eq!(document["claim_id"], "CLM-530971");
    assert_eq!(
        std::fs::read(ws.join(&document["archive_path"])).unwrap(),
        bytes
    );
    assert!(!path.exists());
    assert!(actions(&ws, "CLM-530971").contains(&"document_retried".to_string()));
    // Nothing parked by that name any more.
    let (code, _, err) = ws.run(&["retry", path.to_str().unwrap(), "--claim", "CLM-530971"]);
    assert_eq!(code, 1);
    assert!(err.contains("none of the files named is parked"), "{err}");
}

#[test]
fn a_name_taken_in_the_archive_is_never_overwritten() {
    let ws = ws_with_claims();
    let a = ws.drop_corpus("inbox/invoices/CLM-013014/LDM24-0239.pdf");
    run(&ws);
    // Different bytes under the same name for the same claim.
    let other = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    ws.drop_file("inbox/invoices/CLM-013014/LDM24-0239.pdf", &other);
    run(&ws);
    assert_eq!(
        ws.files_under("archive/CLM-013014"),
        vec![
            "archive/CLM-013014/invoice/LDM24-0239 (2).pdf",
            "archive/CLM-013014/invoice/LDM24-0239.pdf"
        ]
    );
    assert_eq!(
        std::fs::read(ws.join("archive/CLM-013014/invoice/LDM24-0239.pdf")).unwrap(),
        std::fs::read(corpus().join("inbox/invoices/CLM-013014/LDM24-0239.pdf")).unwrap()
    );
    assert!(!a.exists());
}

#[test]
fn a_symlink_in_the_inbox_is_not_followed() {
    let ws = ws_with_claims();
    let secret = ws.write("secret.txt", "not for the archive");
    std::fs::create_dir_all(ws.join("inbox/invoices/CLM-013014")).unwrap();
    std::os::unix::fs::symlink(&secret, ws.join("inbox/invoices/CLM-013014/link.pdf")).unwrap();
    run(&ws);
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions[0]["outcome"], "unsupported");
    assert!(exceptions[0]["reason"].contains("symbolic link"));
    let parked = ws.join("quarantine/unsupported/link.pdf");
    assert!(parked.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "not for the archive"
    );
    assert!(
        ws.files_under("archive")
            .iter()
            .all(|p| !p.contains("link"))
    );
}

#[test]
fn a_register_dropped_by_an_admin_is_imported_and_archived() {
    let ws = Workspace::new();
    let bytes = std::fs::read(sample_register()).unwrap();
    ws.drop_file("inbox/claims/claims.csv", &bytes);
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let out = run(&ws);
    // The register is filed first, so the invoice finds its claim in the same run.
    assert!(out.contains("processed 2: attached 2"), "{out}");
    assert_eq!(ws.claim_ids().len(), 12);
    assert!(ws.join("archive/registers/claims.csv").is_file());
    assert!(
        ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf")
            .is_file()
    );
}

/// A pass killed after the register's copy was placed, before its source was removed: the
/// next pass finds the copy there and only removes the source (the crash harness met it).
#[test]
fn a_register_kept_before_a_crash_is_not_kept_twice() {
    let ws = Workspace::new();
    let bytes = std::fs::read(sample_register()).unwrap();
    ws.drop_file("inbox/claims/claims.csv", &bytes);
    std::fs::create_dir_all(ws.join("archive/registers")).unwrap();
    std::fs::write(ws.join("archive/registers/claims.csv"), &bytes).unwrap();
    let out = run(&ws);
    assert!(out.contains("processed 1: attached 1"), "{out}");
    assert_eq!(ws.claim_ids().len(), 12);
    assert_eq!(
        ws.files_under("archive/registers"),
        vec!["archive/registers/claims.csv".to_string()]
    );
    assert!(!ws.join("inbox/claims/claims.csv").exists());
    // Other bytes under its name are another register: kept beside it.
    let mut other = bytes.clone();
    other.extend_from_slice(b"\n");
    ws.drop_file("inbox/claims/claims.csv", &other);
    let out = run(&ws);
    assert!(out.contains("processed 1: attached 1"), "{out}");
    assert_eq!(ws.files_under("archive/registers").len(), 2);
}

#[test]
fn a_register_whose_owner_is_no_admin_is_forbidden() {
    let ws = Workspace::new();
    ws.write(
        "claimdrop.toml",
        "[roles]\nglobal_admins = [\"somebody-else\"]\n",
    );
    let bytes = std::fs::read(sample_register()).unwrap();
    ws.drop_file("inbox/claims/claims.csv", &bytes);
    let out = run(&ws);
    assert!(out.contains("quarantined 1"), "{out}");
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions[0]["outcome"], "forbidden");
    assert!(ws.claim_ids().is_empty());
    assert!(ws.join("quarantine/forbidden/claims.csv").is_file());
}

#[test]
fn a_bad_register_in_the_inbox_is_quarantined_with_its_row() {
    let ws = Workspace::new();
    let text = format!(
        "{}\nCLM-000001,P,A,L,2024-01-01,2023-01-01,EUR,10,\n",
        common::REGISTER_HEADER
    );
    ws.drop_file("inbox/claims/bad.csv", text.as_bytes());
    run(&ws);
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions[0]["outcome"], "unreadable");
    assert!(
        exceptions[0]["reason"].contains("row 2"),
        "{}",
        exceptions[0]["reason"]
    );
    assert!(ws.claim_ids().is_empty());
}

#[test]
fn a_file_still_being_written_is_not_read() {
    let ws = ws_with_claims();
    ws.write(
        "claimdrop.toml",
        &format!(
            "[roles]\nglobal_admins = [\"{}\"]\n[watch]\nsettle_ms = 1500\n",
            String::from_utf8(
                std::process::Command::new("id")
                    .arg("-un")
                    .output()
                    .unwrap()
                    .stdout
            )
            .unwrap()
            .trim()
        ),
    );
    let full = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    let path = ws.join("inbox/invoices/CLM-879149_slow.pdf");
    let writer = {
        let path = path.clone();
        let full = full.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut file = std::fs::File::create(&path).unwrap();
            for chunk in full.chunks(full.len() / 20 + 1) {
                file.write_all(chunk).unwrap();
                file.flush().unwrap();
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        })
    };
    // Under way: the first chunk is written (and the writer holds the file open).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::metadata(&path).map_or(0, |m| m.len()) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the writer never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let out = run(&ws);
    assert!(
        out.contains("attached 0"),
        "a half-written file was filed: {out}"
    );
    assert!(out.contains("ignored 1"), "{out}");
    writer.join().unwrap();
    assert!(path.is_file(), "left in the inbox");

    common::age(&path);
    let out = run(&ws);
    assert!(out.contains("attached 1"), "{out}");
    assert_eq!(
        std::fs::read(ws.join("archive/CLM-879149/invoice/CLM-879149_slow.pdf")).unwrap(),
        full
    );
}

#[test]
fn inspect_shows_format_metadata_and_candidates_and_changes_nothing() {
    let ws = ws_with_claims();
    let path = ws.drop_corpus("inbox/csr/csr_signed.pdf");
    let before = ws.history_len();
    let report = ws.json(&["inspect", path.to_str().unwrap(), "--json"]);
    assert_eq!(report["format"], "pdf");
    assert_eq!(report["metadata"]["pages"], 1);
    assert_eq!(
        report["fields"]["claim_ids"],
        serde_json::json!(["CLM-530971"])
    );
    assert_eq!(report["candidates"][0]["claim_id"], "CLM-530971");
    assert_eq!(report["candidates"][0]["rule"], "content");
    assert_eq!(report["outcome"], "attached");
    assert!(report["fields"]["amount"].is_null() || report["fields"]["amount"].is_string());
    assert!(path.is_file(), "inspect moves nothing");
    assert_eq!(ws.history_len(), before);
}

/// A CSR whose sections each end in a total: the grand total is the one the others add up
/// to, and `--candidates` shows every candidate weighed.
#[test]
fn inspect_candidates_shows_every_candidate_weighed() {
    let ws = ws_with_claims();
    let path = ws.drop_corpus("inbox/csr/CSR_Woodgrove_2025-01.pdf");
    let plain = ws.json(&["inspect", path.to_str().unwrap(), "--json"]);
    assert!(plain["field_candidates"].is_null(), "only when asked for");
    let report = ws.json(&["inspect", path.to_str().unwrap(), "--json", "--candidates"]);
    assert_eq!(report["fields"]["amount"], "23299.50");
    let winner = &report["evidence"]["amount"];
    assert_eq!(winner["features"]["sum_of_totals"], 1.0, "{winner}");
    let score = winner["score"].as_f64().unwrap();
    let runner_up = winner["runner_up"]["score"].as_f64().unwrap();
    assert!(runner_up < score && score <= 1.0, "{winner}");
    let amounts = report["field_candidates"]["amount"].as_array().unwrap();
    let mut values: Vec<&str> = amounts
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    values.dedup();
    assert!(
        values.len() >= 3,
        "the section totals are candidates: {values:?}"
    );
    assert!(values.contains(&"23299.50"));
    for candidate in amounts {
        let s = candidate["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s), "{candidate}");
        assert!(candidate["features"]["total_label"] == 1.0, "{candidate}");
    }
    // Confidences of different values share one document's probability.
    let mut seen = std::collections::BTreeMap::new();
    for candidate in amounts {
        seen.insert(
            candidate["value"].as_str().unwrap(),
            candidate["score"].as_f64().unwrap(),
        );
    }
    assert!(seen.values().sum::<f64>() <= 1.0 + 1e-9, "{seen:?}");
}

#[test]
fn a_file_changed_while_it_is_filed_is_never_attached_under_its_old_hash() {
    use sha2::{Digest, Sha256};
    let ws = ws_with_claims();
    let path = ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let as_read = std::fs::read(&path).unwrap();
    let workspace = claimdrop::workspace::Workspace::open(ws.path()).unwrap();
    let (_lock, mut store) = workspace.writer().unwrap();
    // Called once the file is decided, before its batch is filed: the file changes then.
    let changed = [as_read.as_slice(), b"\n% signed again\n"].concat();
    let summary = claimdrop::pipeline::Pipeline::new(&workspace)
        .with_reader(assert_cmd::cargo::cargo_bin("claimdrop"))
        .with_progress(|_, _| std::fs::write(&path, &changed).unwrap())
        .run_once(&mut store)
        .unwrap();
    drop(store);
    drop(_lock);
    assert_eq!(
        (summary.attached, summary.failed),
        (0, 1),
        "{}",
        summary.line()
    );
    assert!(path.is_file(), "the changed file stays in the inbox");
    assert!(ws.report_or_empty("documents.csv").is_empty());
    assert!(
        ws.files_under("archive")
            .iter()
            .all(|f| !f.contains("CLM-879149"))
    );

    // Read again: attached under the hash of what it holds now.
    let out = run(&ws);
    assert!(out.contains("attached 1"), "{out}");
    let documents = ws.report("documents.csv");
    assert_eq!(
        documents[0]["sha256"],
        hex::encode(Sha256::digest(&changed))
    );
    assert_eq!(
        std::fs::read(ws.join(&documents[0]["archive_path"])).unwrap(),
        changed
    );
}

#[test]
fn the_same_file_dropped_in_two_kind_folders_is_attached_once() {
    let ws = ws_with_claims();
    let bytes = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    ws.drop_file("inbox/invoices/CLM-879149_invoice.pdf", &bytes);
    ws.drop_file("inbox/proof/CLM-879149_invoice.pdf", &bytes);
    let out = run(&ws);
    assert!(out.contains("attached 1, duplicate 1"), "{out}");
    assert_eq!(ws.report("documents.csv").len(), 1);
    assert_eq!(ws.report("exceptions.csv")[0]["outcome"], "duplicate");
    assert!(ws.files_under("inbox").is_empty());
}

#[test]
fn a_file_deleted_while_it_is_filed_is_simply_gone() {
    let ws = ws_with_claims();
    let path = ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let workspace = claimdrop::workspace::Workspace::open(ws.path()).unwrap();
    let (lock, mut store) = workspace.writer().unwrap();
    let summary = claimdrop::pipeline::Pipeline::new(&workspace)
        .with_reader(assert_cmd::cargo::cargo_bin("claimdrop"))
        .with_progress(|_, _| std::fs::remove_file(&path).unwrap())
        .run_once(&mut store)
        .unwrap();
    drop((store, lock));
    assert_eq!(summary.processed(), 0, "{}", summary.line());
    assert_eq!(summary.failed, 0, "{}", summary.line());
    assert!(ws.report_or_empty("documents.csv").is_empty());
    assert!(
        ws.files_under("archive")
            .iter()
            .all(|f| !f.contains("CLM-879149"))
    );
    let history = ws.json(&["history", "--json"]);
    assert!(
        !history
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["action"].as_str().unwrap().starts_with("document_")),
        "no document history for a file never filed"
    );
    assert_eq!(ws.run(&["verify"]).0, 0);
}

/// Found in issue 7's second half: a folder swapped for a link to elsewhere between a file's
/// decision and its filing led the take-over (or copy) and the removal through the link, so a
/// file elsewhere with the same bytes was moved into the archive and deleted from its place.
/// Every operation now walks from the drop folder through real folders only.
#[test]
fn a_folder_swapped_for_a_link_while_its_file_is_filed_leads_nowhere() {
    let ws = ws_with_claims();
    let bytes = std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    ws.drop_file("inbox/invoices/CLM-879149/x.pdf", &bytes);
    let elsewhere = ws.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let victim = elsewhere.join("x.pdf");
    std::fs::write(&victim, &bytes).unwrap();
    let folder = ws.join("inbox/invoices/CLM-879149");
    let workspace = claimdrop::workspace::Workspace::open(ws.path()).unwrap();
    let (lock, mut store) = workspace.writer().unwrap();
    let mut swapped = false;
    let summary = claimdrop::pipeline::Pipeline::new(&workspace)
        .with_reader(assert_cmd::cargo::cargo_bin("claimdrop"))
        .with_progress(|_, _| {
            if !std::mem::replace(&mut swapped, true) {
                std::fs::rename(&folder, ws.join("inbox/invoices/moved CLM-879149")).unwrap();
                std::os::unix::fs::symlink(&elsewhere, &folder).unwrap();
            }
        })
        .run_once(&mut store)
        .unwrap();
    drop((store, lock));
    assert_eq!(
        (summary.attached, summary.failed),
        (0, 1),
        "{}",
        summary.line()
    );
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        bytes,
        "the file elsewhere is left alone"
    );
    assert!(
        ws.files_under("archive").is_empty(),
        "{:?}",
        ws.files_under("archive")
    );

    // The next pass finds the link (quarantined as a link) and the moved folder's file.
    let out = run(&ws);
    assert!(
        out.contains("attached 1") && out.contains("quarantined 1"),
        "{out}"
    );
    assert!(victim.exists());
    let documents = ws.report("documents.csv");
    assert_eq!(
        documents[0]["original_path"],
        "inbox/invoices/moved CLM-879149/x.pdf"
    );
}
