//! The reports people read, read back as they would: the CSVs byte for byte, the workbook
//! with a real reader (calamine), the HTML in a real browser (headless Chromium), and the
//! same scenario in English and in French.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, open_workbook_auto};
use common::Workspace;

const BOM: &[u8] = b"\xEF\xBB\xBF";
const CLAIMS_COLUMNS: &str = "claim_id,program,activity,location,status,currency,usage_start,usage_end,deadline,funds_total,funds_claimed,funds_approved,invoices,csrs,proofs,metrics,findings,last_activity_at,funds_remaining,open_requests,next_step";
const DOCUMENTS_COLUMNS: &str = "document_id,claim_id,kind,original_name,sha256,bytes,format,pages,invoice_number,document_date,amount,currency,vendor,matched_by,received_at,actor,archive_path,note,retain_until,einvoice,fields_source";
const EXCEPTIONS_COLUMNS: &str =
    "at,original_path,kind,outcome,reason,quarantine_path,claim_id,action";
const REQUESTS_COLUMNS: &str = "request_id,claim_id,kind,requested_from,requested_by,requested_at,due,note,status,fulfilled_by_sha256,fulfilled_at";
const HISTORY_COLUMNS: &str = "seq,at,claim_id,actor,action,document_sha256,details";

/// The sample register, one invoice filed, one file quarantined, one claim rejected and one
/// request open: every report has rows.
fn scenario(ws: &Workspace, env: &[(&str, &str)]) {
    let run = |args: &[&str]| {
        let (code, out, err) = ws.run_with(args, |cmd| {
            for (key, value) in env {
                cmd.env(key, value);
            }
        });
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    };
    run(&[
        "claims",
        "import",
        common::sample_register().to_str().unwrap(),
    ]);
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    ws.drop_file("inbox/invoices/CLM-778258 scan.pdf", b"%PDF-1.4\ncut short");
    run(&["run"]);
    run(&["claims", "submit", "CLM-187039", "--force"]);
    run(&[
        "claims",
        "review",
        "CLM-187039",
        "--status",
        "rejected",
        "--comment",
        "outside the programme",
    ]);
    let me = common::whoami();
    run(&[
        "claims",
        "request",
        "CLM-384275",
        "--kind",
        "proof",
        "--from",
        &me,
    ]);
    // Submitted after its deadline: the deadline no longer concerns it.
    run(&["claims", "submit", "CLM-879149", "--force"]);
    run(&["report"]);
}

fn header_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.lines().next().unwrap_or_default().to_string()
}

#[test]
fn csv_reports_start_with_a_bom_and_the_spec_columns_unless_bom_is_off() {
    let ws = Workspace::new();
    scenario(&ws, &[]);
    for (name, columns) in [
        ("claims.csv", CLAIMS_COLUMNS),
        ("documents.csv", DOCUMENTS_COLUMNS),
        ("exceptions.csv", EXCEPTIONS_COLUMNS),
        ("requests.csv", REQUESTS_COLUMNS),
        ("history.csv", HISTORY_COLUMNS),
    ] {
        let path = ws.join(&format!("reports/{name}"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(BOM), "{name} has no BOM");
        assert!(
            header_of(&path).starts_with(columns),
            "{name}: {}",
            header_of(&path)
        );
    }

    // funds_remaining is what is left to claim, next_step a sentence for every open claim.
    for row in ws.report("claims.csv") {
        let cents = |column: &str| -> i64 {
            let value: f64 = row[column].parse().unwrap();
            (value * 100.0).round() as i64
        };
        assert_eq!(
            cents("funds_remaining"),
            cents("funds_total") - cents("funds_claimed"),
            "{row:?}"
        );
        let next_step = &row["next_step"];
        assert!(
            next_step.split_whitespace().count() >= 3 && !next_step.contains('_'),
            "next_step is not a sentence for {}: {next_step:?}",
            row["claim_id"]
        );
    }
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions.len(), 1, "{exceptions:?}");
    assert_eq!(exceptions[0]["claim_id"], "CLM-778258");
    assert!(exceptions[0]["action"].split_whitespace().count() >= 3);

    let config = std::fs::read_to_string(ws.join("claimdrop.toml")).unwrap();
    assert!(config.contains("bom = true"), "the default is written out");
    std::fs::write(
        ws.join("claimdrop.toml"),
        config.replace("bom = true", "bom = false"),
    )
    .unwrap();
    let (code, out, err) = ws.run(&["report"]);
    assert_eq!(code, 0, "{out}{err}");
    for name in ["claims.csv", "documents.csv", "history.csv"] {
        let bytes = std::fs::read(ws.join(&format!("reports/{name}"))).unwrap();
        assert!(
            bytes.starts_with(b"claim_id")
                || bytes.starts_with(b"document_id")
                || bytes.starts_with(b"seq"),
            "{name} starts with {:?}",
            &bytes[..8]
        );
    }
}

/// A sheet as rows of cells.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(cell: &Data) -> String {
    cell.as_string().unwrap_or_default()
}

fn column(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|c| text(c) == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn cents_of(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

#[test]
fn the_workbook_reads_back_typed_with_a_total_row_per_currency() {
    let ws = Workspace::new();
    scenario(&ws, &[]);
    let path = ws.join("reports/claimdrop.xlsx");
    let book = open_workbook_auto(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Claims", "Documents", "Exceptions", "Requests", "History"]
    );

    // Each sheet is headed by its CSV's columns.
    for (name, csv) in [
        ("Claims", "claims.csv"),
        ("Documents", "documents.csv"),
        ("Exceptions", "exceptions.csv"),
        ("Requests", "requests.csv"),
        ("History", "history.csv"),
    ] {
        let rows = sheet(&path, name);
        let header: Vec<String> = rows[0].iter().map(text).collect();
        assert_eq!(
            header.join(","),
            header_of(&ws.join(&format!("reports/{csv}"))),
            "{name}"
        );
    }

    let claims = sheet(&path, "Claims");
    let header = &claims[0];
    let (id, total, claimed, approved, remaining, start, deadline) = (
        column(header, "claim_id"),
        column(header, "funds_total"),
        column(header, "funds_claimed"),
        column(header, "funds_approved"),
        column(header, "funds_remaining"),
        column(header, "usage_start"),
        column(header, "deadline"),
    );
    let csv: HashMap<String, HashMap<String, String>> = ws
        .report("claims.csv")
        .into_iter()
        .map(|row| (row["claim_id"].clone(), row))
        .collect();
    let mut sums: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    let mut seen = 0;
    for row in &claims[1..] {
        let Some(row_csv) = csv.get(&text(&row[id])) else {
            continue;
        };
        seen += 1;
        for (col, name) in [
            (total, "funds_total"),
            (claimed, "funds_claimed"),
            (approved, "funds_approved"),
            (remaining, "funds_remaining"),
        ] {
            // Nothing approved yet is an empty cell, as in the CSV; anything else a number.
            match (&row[col], row_csv[name].as_str()) {
                (Data::Empty, "") => {}
                (Data::Float(value), csv) => {
                    assert_eq!(cents_of(*value), cents_of(csv.parse().unwrap()), "{name}")
                }
                (cell, csv) => panic!(
                    "{name} of {} is not a number: {cell:?} (CSV {csv:?})",
                    row_csv["claim_id"]
                ),
            }
        }
        for (col, name) in [(start, "usage_start"), (deadline, "deadline")] {
            assert!(
                matches!(row[col], Data::DateTime(_)),
                "{name} is not a date: {:?}",
                row[col]
            );
            let date = row[col].as_date().unwrap();
            assert_eq!(date.to_string(), row_csv[name], "{name}");
        }
        let entry = sums.entry(row_csv["currency"].clone()).or_default();
        for (i, name) in [
            "funds_total",
            "funds_claimed",
            "funds_approved",
            "funds_remaining",
        ]
        .iter()
        .enumerate()
        {
            entry[i] += cents_of(row_csv[*name].parse().unwrap_or(0.0));
        }
    }
    assert_eq!(seen, 12, "every claim is a row");

    // Below the claims, one total row per currency, summing the four money columns.
    let mut totals: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    for row in &claims[1..] {
        let label = text(&row[0]);
        if let Some(currency) = label.strip_prefix("Total ") {
            let mut four = [0; 4];
            for (i, col) in [total, claimed, approved, remaining]
                .into_iter()
                .enumerate()
            {
                four[i] = cents_of(row[col].as_f64().unwrap());
            }
            totals.insert(currency.to_string(), four);
        }
    }
    assert_eq!(totals, sums);
    assert_eq!(
        totals.keys().collect::<Vec<_>>(),
        ["EUR", "GBP", "USD"],
        "one total per currency"
    );

    // The invoice's amount is a number in its currency, its date a date.
    let documents = sheet(&path, "Documents");
    let header = &documents[0];
    let invoice = documents[1..]
        .iter()
        .find(|row| text(&row[column(header, "claim_id")]) == "CLM-879149")
        .expect("the invoice's row");
    assert_eq!(text(&invoice[column(header, "currency")]), "GBP");
    assert_eq!(invoice[column(header, "amount")], Data::Float(4656.16));
    assert!(matches!(
        invoice[column(header, "document_date")],
        Data::DateTime(_)
    ));
    assert!(matches!(invoice[column(header, "bytes")], Data::Float(_)));
    assert_eq!(
        text(&invoice[column(header, "sha256")]).len(),
        64,
        "a hash stays text"
    );

    let history = sheet(&path, "History");
    assert_eq!(history.len() - 1, ws.history_len());
}

/// Headless Chromium, as Debian ships it; `None` (skipped, failing under CI) when it is not
/// installed.
fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = std::process::Command::new("which").arg(name).output()
            && out.status.success()
        {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
            return Some(PathBuf::from(path));
        }
    }
    common::skip("no chromium: the HTML reports are not rendered");
    None
}

fn headless(chromium: &Path, profile: &Path, args: &[&str], page: &Path) -> Vec<u8> {
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Whether a page only uses what it carries: no scripts, no styles, images or fonts from
/// elsewhere.
fn assert_self_contained(html: &str, name: &str) {
    let lower = html.to_lowercase();
    for outside in [
        "<script", "<link", "src=", "url(", "@import", "http://", "https://",
    ] {
        assert!(!lower.contains(outside), "{name} uses {outside}");
    }
}

#[test]
fn the_html_summary_renders_in_chromium_naming_every_open_claim() {
    let Some(browser) = chromium() else {
        return;
    };
    let ws = Workspace::new();
    scenario(&ws, &[]);
    let summary = ws.join("reports/summary.html");
    let html = std::fs::read_to_string(&summary).unwrap();
    assert_self_contained(&html, "summary.html");
    assert!(html.contains("@media print"), "it is made to be printed");

    let profile = tempfile::tempdir().unwrap();
    let dom = String::from_utf8(headless(
        &browser,
        profile.path(),
        &["--dump-dom"],
        &summary,
    ))
    .unwrap();
    let claims = ws.report("claims.csv");
    let open: Vec<&String> = claims
        .iter()
        .filter(|row| !["paid", "rejected"].contains(&row["status"].as_str()))
        .map(|row| &row["claim_id"])
        .collect();
    assert_eq!(open.len(), 11, "one claim was rejected");
    for id in &open {
        assert!(dom.contains(id.as_str()), "{id} is not on the summary");
    }
    assert!(!dom.contains("CLM-187039"), "a rejected claim is not open");
    // The exception is listed with what to do about it.
    let exception = &ws.report("exceptions.csv")[0];
    assert!(dom.contains(exception["action"].as_str()));
    // The open request, in words.
    assert!(dom.contains("CLM-384275"));

    // The screenshot has the page's size and shows the funds bars in their colour.
    let shot = profile.path().join("summary.png");
    headless(
        &browser,
        profile.path(),
        &[
            "--window-size=1100,1400",
            &format!("--screenshot={}", shot.display()),
        ],
        &summary,
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((frame.width, frame.height), (1100, 1400));
    let channels = frame.color_type.samples();
    let near = |a: u8, b: u8| a.abs_diff(b) <= 6;
    let bar = pixels[..frame.buffer_size()]
        .chunks(channels)
        .filter(|p| near(p[0], 0x3b) && near(p[1], 0x6f) && near(p[2], 0xb6))
        .count();
    assert!(bar > 200, "no funds bar drawn ({bar} pixels of its colour)");
    let dark = pixels[..frame.buffer_size()]
        .chunks(channels)
        .filter(|p| p[0] < 80 && p[1] < 80 && p[2] < 80)
        .count();
    assert!(dark > 2000, "no text drawn ({dark} dark pixels)");

    // Every claim has its own page, also self-contained.
    for row in &claims {
        let id = &row["claim_id"];
        let page = ws.join(&format!("reports/claims/{id}.html"));
        let html = std::fs::read_to_string(&page).unwrap();
        assert_self_contained(&html, id);
        assert!(html.contains(id.as_str()));
    }
    let page = ws.join("reports/claims/CLM-879149.html");
    let dom =
        String::from_utf8(headless(&browser, profile.path(), &["--dump-dom"], &page)).unwrap();
    assert!(dom.contains("4,656.16") || dom.contains("4656.16"), "{dom}");
    // Late is said of a claim still being prepared, never of one handed in.
    assert!(
        !dom.contains("days late"),
        "a submitted claim is called late"
    );
    let editing = ws.join("reports/claims/CLM-013014.html");
    let dom = String::from_utf8(headless(
        &browser,
        profile.path(),
        &["--dump-dom"],
        &editing,
    ))
    .unwrap();
    assert!(
        dom.contains("days late"),
        "an overdue claim in editing is not called late"
    );
}

/// The columns of a report that are codes of the contract, row by row.
fn codes(ws: &Workspace, name: &str, columns: &[&str]) -> Vec<Vec<String>> {
    ws.report(name)
        .into_iter()
        .map(|row| columns.iter().map(|c| row[*c].clone()).collect())
        .collect()
}

#[test]
fn the_same_scenario_in_french_keeps_the_codes_and_translates_the_words() {
    let english = Workspace::new();
    scenario(&english, &[]);
    let french = Workspace::new();
    scenario(&french, &[("LANG", "fr_FR.UTF-8")]);
    // `[ui] language` wins over an English environment.
    let configured = Workspace::new();
    let config = std::fs::read_to_string(configured.join("claimdrop.toml")).unwrap();
    assert!(config.contains("# language = \"fr\""));
    std::fs::write(
        configured.join("claimdrop.toml"),
        config.replace("# language = \"fr\"", "language = \"fr\""),
    )
    .unwrap();
    scenario(&configured, &[("LC_ALL", "en_GB.UTF-8")]);

    let claim_codes = [
        "claim_id",
        "status",
        "currency",
        "deadline",
        "funds_total",
        "funds_claimed",
        "findings",
        "invoices",
        "proofs",
        "open_requests",
    ];
    let exception_codes = ["original_path", "kind", "outcome", "claim_id"];
    let history_codes = ["seq", "claim_id", "action", "document_sha256"];
    for other in [&french, &configured] {
        assert_eq!(
            codes(&english, "claims.csv", &claim_codes),
            codes(other, "claims.csv", &claim_codes)
        );
        assert_eq!(
            codes(&english, "exceptions.csv", &exception_codes),
            codes(other, "exceptions.csv", &exception_codes)
        );
        assert_eq!(
            codes(&english, "history.csv", &history_codes),
            codes(other, "history.csv", &history_codes)
        );
        assert_eq!(
            header_of(&english.join("reports/claims.csv")),
            header_of(&other.join("reports/claims.csv"))
        );
    }

    // The words people read differ, and read as French: the two languages' function words.
    let french_words = |text: &str| {
        text.split(|c: char| !c.is_alphabetic()).any(|w| {
            [
                "le", "la", "les", "des", "du", "avant", "une", "un", "de", "et", "aucune",
                "aucun", "est", "pas",
            ]
            .contains(&w)
        })
    };
    for ws in [&french, &configured] {
        for (en, fr) in english
            .report("claims.csv")
            .iter()
            .zip(ws.report("claims.csv"))
        {
            assert_ne!(en["next_step"], fr["next_step"], "{}", fr["claim_id"]);
            assert!(french_words(&fr["next_step"]), "{:?}", fr["next_step"]);
        }
        let en = &english.report("exceptions.csv")[0];
        let fr = &ws.report("exceptions.csv")[0];
        assert_ne!(en["action"], fr["action"]);
        assert!(french_words(&fr["action"]), "{:?}", fr["action"]);

        // Why a file is in quarantine: the outcome stays its code, the reason is French, in
        // exceptions.csv and in the text beside the file.
        assert_ne!(en["reason"], fr["reason"]);
        assert!(french_words(&fr["reason"]), "{:?}", fr["reason"]);
        let beside =
            std::fs::read_to_string(ws.join(&format!("{}.reason.txt", fr["quarantine_path"])))
                .unwrap();
        assert!(
            beside.contains(&format!(": {}\n", fr["outcome"])),
            "{beside}"
        );
        assert!(beside.contains(&fr["reason"]), "{beside}");
        assert!(beside.contains("raison : "), "{beside}");

        // A finding's details, as `claims show` gives them.
        let details = |ws: &Workspace| -> Vec<String> {
            let (code, out, err) =
                ws.run_with(&["claims", "show", "CLM-384275", "--json"], |cmd| {
                    cmd.env("LC_ALL", "en_GB.UTF-8");
                });
            assert_eq!(code, 0, "{err}");
            let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
            shown["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["details"].as_str().unwrap().to_string())
                .collect()
        };
        let (en_details, fr_details) = (details(&english), details(ws));
        assert_eq!(en_details.len(), fr_details.len());
        assert!(!fr_details.is_empty());
        for (en, fr) in en_details.iter().zip(&fr_details) {
            assert_ne!(en, fr);
            assert!(french_words(fr), "{fr:?}");
        }

        let html = std::fs::read_to_string(ws.join("reports/summary.html")).unwrap();
        assert!(html.contains("<html lang=\"fr\""));
        let english_html = std::fs::read_to_string(english.join("reports/summary.html")).unwrap();
        assert!(english_html.contains("<html lang=\"en\""));
    }

    // Messages and errors: French where the workspace or the environment says so.
    let said = |ws: &Workspace, env: &[(&str, &str)], args: &[&str]| {
        ws.run_with(args, |cmd| {
            cmd.env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .env_remove("LANG");
            for (key, value) in env {
                cmd.env(key, value);
            }
        })
    };
    let (code, _, error) = said(&english, &[], &["claims", "show", "CLM-000001"]);
    assert_eq!(code, 1);
    assert!(error.contains("claim CLM-000001 does not exist"), "{error}");
    for (ws, env) in [
        (&french, &[("LANG", "fr_FR.UTF-8")][..]),
        (&configured, &[("LC_ALL", "en_GB.UTF-8")][..]),
    ] {
        let (code, _, error) = said(ws, env, &["claims", "show", "CLM-000001"]);
        assert_eq!(code, 1);
        assert!(
            error.contains("la demande CLM-000001 n'existe pas"),
            "{error}"
        );
        let (code, out, _) = said(ws, env, &["claims", "comment", "CLM-384275", "vu"]);
        assert_eq!(code, 0);
        assert!(out.contains("Commentaire ajouté à CLM-384275"), "{out}");
        let (code, _, error) = said(
            ws,
            env,
            &["claims", "review", "CLM-384275", "--status", "paid"],
        );
        assert_eq!(code, 1);
        assert!(error.contains("le statut est editing"), "{error}");
    }
    // Before any workspace is read, the environment decides.
    let nowhere = english.join("no-such-folder");
    let out = common::claimdrop_in(&nowhere)
        .env("LANG", "fr_FR.UTF-8")
        .args(["claims", "list"])
        .output()
        .unwrap();
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(error.contains("ce dossier n'existe pas"), "{error}");
}
