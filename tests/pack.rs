//! `claims pack`: the zip for the vendor's portal, read back entry by entry against the
//! archive and the reports.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use common::Workspace;

const CLAIM: &str = "CLM-879149";

fn filed() -> Workspace {
    let ws = Workspace::new();
    ws.import(&common::sample_register());
    for file in [
        "inbox/invoices/CLM-879149_invoice.pdf",
        "inbox/invoices/CLM-879149/TreyResearch invoice INV004121.pdf",
        "inbox/invoices/CLM-879149_MV20241599_signed.pdf",
        "inbox/proof/CLM-879149/attendee_list.pdf",
    ] {
        ws.drop_corpus(file);
    }
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    ws
}

/// Every entry of a zip, name -> bytes.
fn entries(zip: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.insert(entry.name().unwrap().to_string(), bytes);
    }
    out
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::Reader::from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// Every file of the workspace with its bytes, but for what a reader may touch (the store's
/// journal files).
fn snapshot(ws: &Workspace) -> BTreeMap<String, Vec<u8>> {
    ws.files_under(".")
        .into_iter()
        .filter(|f| !f.contains("claimdrop.db"))
        .map(|f| {
            let bytes = std::fs::read(ws.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn the_pack_holds_the_archived_documents_byte_for_byte_and_the_claims_reports() {
    let ws = filed();
    let documents: Vec<_> = ws
        .report("documents.csv")
        .into_iter()
        .filter(|d| d["claim_id"] == CLAIM)
        .collect();
    assert!(documents.len() >= 3, "{documents:?}");
    assert!(documents.iter().any(|d| d["kind"] == "proof"));
    let before = snapshot(&ws);

    let out = ws.path().parent().unwrap().join(format!(
        "{}-pack.zip",
        ws.path().file_name().unwrap().to_string_lossy()
    ));
    let (code, stdout, err) = ws.run(&["claims", "pack", CLAIM, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(stdout.contains(&out.display().to_string()), "{stdout}");
    let zip = entries(&out);
    std::fs::remove_file(&out).unwrap();
    assert_eq!(snapshot(&ws), before, "packing changed the workspace");

    // One entry per document, in its kind's folder, byte-identical to the archive.
    let mut expected: Vec<String> = vec![
        "history.csv".into(),
        "index.csv".into(),
        "summary.html".into(),
    ];
    for d in &documents {
        let archived = std::fs::read(ws.join(&d["archive_path"])).unwrap();
        let name = format!(
            "{}/{}",
            d["kind"],
            Path::new(&d["archive_path"])
                .file_name()
                .unwrap()
                .to_string_lossy()
        );
        assert_eq!(
            zip.get(&name).map(Vec::as_slice),
            Some(archived.as_slice()),
            "{name} is not the archived file"
        );
        expected.push(name);
    }
    expected.sort();
    assert_eq!(zip.keys().cloned().collect::<Vec<_>>(), expected);

    // index.csv: the claim's rows of documents.csv, with its header.
    let index = zip["index.csv"].as_slice();
    let whole = std::fs::read(ws.join("reports/documents.csv")).unwrap();
    let header = |bytes: &[u8]| {
        csv::Reader::from_reader(bytes)
            .headers()
            .unwrap()
            .iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(header(index), header(&whole));
    let claim_rows: Vec<Vec<String>> = csv_rows(&whole)
        .into_iter()
        .filter(|r| r[1] == CLAIM)
        .collect();
    assert_eq!(csv_rows(index), claim_rows);

    // history.csv: the claim's own history, as the per-claim report has it.
    let own = std::fs::read(ws.join(&format!("reports/claims/{CLAIM}.history.csv"))).unwrap();
    assert_eq!(csv_rows(&zip["history.csv"]), csv_rows(&own));
    assert!(csv_rows(&own).len() >= documents.len());

    // summary.html: the claim's page.
    let page = String::from_utf8(zip["summary.html"].clone()).unwrap();
    let report = std::fs::read_to_string(ws.join(&format!("reports/claims/{CLAIM}.html"))).unwrap();
    assert_eq!(page, report);
    assert!(!page.contains("<script") && !page.contains("href="));
}

#[test]
fn the_pack_defaults_to_the_claims_name_and_runs_beside_the_daemon() {
    let ws = filed();
    let here = tempfile::tempdir().unwrap();
    let daemon = common::watch(&ws);
    let (code, out, err) = ws.run_with(&["claims", "pack", CLAIM], |cmd| {
        cmd.current_dir(here.path());
    });
    assert_eq!(code, 0, "{out}{err}");
    let zip = entries(&here.path().join(format!("{CLAIM}.zip")));
    assert!(
        zip.keys().any(|k| k.starts_with("invoice/")),
        "{:?}",
        zip.keys()
    );
    assert_eq!(daemon.stop(), Some(0));
    let names: Vec<_> = std::fs::read_dir(here.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [format!("{CLAIM}.zip")],
        "nothing else is left behind"
    );

    let (code, _, err) = ws.run(&["claims", "pack", "CLM-000000"]);
    assert_eq!(code, 1);
    assert!(err.contains("CLM-000000 does not exist"), "{err}");
}

#[test]
fn altered_evidence_is_never_packed() {
    let ws = filed();
    let document = ws
        .report("documents.csv")
        .into_iter()
        .find(|d| d["claim_id"] == CLAIM && d["kind"] == "invoice")
        .unwrap();
    let archived = ws.join(&document["archive_path"]);
    let mut permissions = std::fs::metadata(&archived).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&archived, permissions).unwrap();
    let mut bytes = std::fs::read(&archived).unwrap();
    bytes.extend_from_slice(b"\n% appended later\n");
    std::fs::write(&archived, bytes).unwrap();

    let out = ws.join("reports/pack.zip");
    let (code, stdout, err) = ws.run(&["claims", "pack", CLAIM, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}{err}");
    assert!(err.contains(&document["archive_path"]), "{err}");
    assert!(err.contains("verify --evidence"), "{err}");
    assert!(!out.exists(), "a pack with altered evidence was written");
    let left: Vec<_> = ws
        .files_under("reports")
        .into_iter()
        .filter(|f| f.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_pack_is_never_written_into_the_inbox() {
    let ws = filed();
    let out = ws.join("inbox/invoices/pack.zip");
    let (code, stdout, err) = ws.run(&["claims", "pack", CLAIM, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}{err}");
    assert!(err.contains("inbox"), "{err}");
    assert!(!out.exists());
    assert!(ws.files_under("inbox").iter().all(|f| !f.ends_with(".zip")));
}
