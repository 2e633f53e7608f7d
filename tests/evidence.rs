//! Evidence that cannot change: a file a writer still holds open is not filed however quiet,
//! a version saved after filing is a new document and never an edit of the archived one, and
//! `verify --evidence` finds an archived file whose bytes no longer match the store.

mod common;

use std::io::Write;

use common::{Workspace, age};

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn run(ws: &Workspace) -> String {
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    out
}

const FIRST: &[u8] = b"date;clicks;impressions\n2024-09-01;12;3400\n";
const SECOND: &[u8] = b"2024-09-02;17;4100\n";

#[test]
fn run_leaves_a_file_its_writer_holds_open_however_old_it_looks() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000501");
    let path = ws.join("inbox/metrics/CLM-000501/clicks.csv");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut writer = std::fs::File::create(&path).unwrap();
    writer.write_all(FIRST).unwrap();
    writer.flush().unwrap();
    // Older than any settle time: only the open descriptor says it is not done.
    age(&path);
    let out = run(&ws);
    assert!(out.contains("ignored 1"), "{out}");
    assert!(ws.report_or_empty("documents.csv").is_empty());
    assert!(path.exists());

    writer.write_all(SECOND).unwrap();
    drop(writer);
    run(&ws);
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 1);
    let whole = [FIRST, SECOND].concat();
    assert_eq!(documents[0]["sha256"], sha256_hex(&whole));
    assert_eq!(
        std::fs::read(ws.join(&documents[0]["archive_path"])).unwrap(),
        whole
    );
}

/// Issue 14: a file rewritten in place after its first save changed the archived copy.
#[test]
fn a_version_saved_after_filing_is_a_new_document_and_the_first_stays_as_filed() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000502");
    let path = ws.join("inbox/metrics/CLM-000502/clicks.csv");
    ws.drop_file("inbox/metrics/CLM-000502/clicks.csv", FIRST);
    run(&ws);
    let first = ws.report("documents.csv");
    assert_eq!(first.len(), 1);
    let archived = ws.join(&first[0]["archive_path"]);

    // The colleague saves again, in place, under the same name.
    let mut again = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    again.write_all(&[FIRST, SECOND].concat()).unwrap();
    drop(again);
    age(&path);
    assert_eq!(
        std::fs::read(&archived).unwrap(),
        FIRST,
        "the archive took the edit"
    );
    run(&ws);
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 2, "{documents:?}");
    assert_eq!(std::fs::read(&archived).unwrap(), FIRST);
    let (code, out, err) = ws.run(&["verify", "--evidence"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("evidence: 2 files"), "{out}");
}

#[test]
fn verify_evidence_names_a_tampered_and_a_missing_file() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000503");
    ws.drop_file("inbox/metrics/CLM-000503/a.csv", FIRST);
    ws.drop_file("inbox/metrics/CLM-000503/b.csv", SECOND);
    ws.drop_file(
        "inbox/metrics/CLM-000503/c.csv",
        b"date;clicks\n2024-09-03;5\n",
    );
    // Quarantined files are vouched for too.
    ws.drop_file(
        "inbox/invoices/CLM-000503/broken.pdf",
        b"%PDF-1.4\n1 0 obj\n<<",
    );
    run(&ws);
    let (code, out, _) = ws.run(&["verify", "--evidence"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("evidence: 4 files"), "{out}");
    assert!(out.contains("every file as recorded"), "{out}");

    let documents = ws.report("documents.csv");
    let path_of = |name: &str| {
        documents
            .iter()
            .find(|d| d["original_name"] == name)
            .unwrap()["archive_path"]
            .clone()
    };
    let tampered = path_of("a.csv");
    let gone = path_of("b.csv");
    let file = ws.join(&tampered);
    let mut permissions = std::fs::metadata(&file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&file, permissions).unwrap();
    std::fs::write(&file, b"date;clicks\n2024-09-01;9999\n").unwrap();
    std::fs::remove_file(ws.join(&gone)).unwrap();

    let (code, out, err) = ws.run(&["verify", "--evidence"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("differs: {tampered}")), "{out}");
    assert!(out.contains(&format!("missing: {gone}")), "{out}");
    assert!(out.contains("2 differ or are missing"), "{out}");
    assert!(out.contains("history intact"), "{out}");
    assert!(err.contains("2 archived files differ"), "{err}");
    // Plain verify is the chain check alone.
    assert_eq!(ws.run(&["verify"]).0, 0);
}

/// Issue 14: `exceptions.csv` kept a row for a file that had since been attached. It lists what
/// a person still has to look at: a row leaves when a good copy of its file is attached, or
/// when its quarantined copy is moved out or deleted; each says its claim and what to do.
#[test]
fn exceptions_list_only_what_still_needs_a_person() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000504");
    let pdf =
        std::fs::read(common::corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap();
    let cut = pdf.get(..pdf.len() / 2).unwrap();
    ws.drop_file("inbox/invoices/CLM-000504/invoice.pdf", cut);
    ws.drop_file("inbox/invoices/CLM-000504/empty.pdf", b"");
    let other = [pdf.as_slice(), b"\n%another copy\n"].concat();
    ws.drop_file("inbox/invoices/CLM-999999 stray.pdf", &other);
    run(&ws);
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions.len(), 3, "{exceptions:?}");
    let row = |path: &str| {
        exceptions
            .iter()
            .find(|e| e["original_path"] == path)
            .unwrap_or_else(|| panic!("{path}: {exceptions:?}"))
            .clone()
    };
    let cut_row = row("inbox/invoices/CLM-000504/invoice.pdf");
    assert_eq!(cut_row["outcome"], "unreadable");
    assert_eq!(cut_row["claim_id"], "CLM-000504");
    assert!(
        cut_row["action"].contains("drop a good copy"),
        "{cut_row:?}"
    );
    let stray = row("inbox/invoices/CLM-999999 stray.pdf");
    assert_eq!(stray["outcome"], "unmatched");
    assert!(stray["action"].contains("retry"), "{stray:?}");

    // The whole invoice dropped again at the same place; the empty file's copy deleted.
    ws.drop_file("inbox/invoices/CLM-000504/invoice.pdf", &pdf);
    let empty_copy = ws.join(&row("inbox/invoices/CLM-000504/empty.pdf")["quarantine_path"]);
    std::fs::remove_file(&empty_copy).unwrap();
    run(&ws);
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 1, "{documents:?}");
    let left: Vec<String> = ws
        .report_or_empty("exceptions.csv")
        .into_iter()
        .map(|e| e["original_path"].clone())
        .collect();
    assert_eq!(left, ["inbox/invoices/CLM-999999 stray.pdf"]);
    // The cut copy itself stays in quarantine: claimdrop never deletes a dropped file.
    assert!(ws.join(&cut_row["quarantine_path"]).exists());
}
