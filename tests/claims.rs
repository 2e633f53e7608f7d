//! Claims: registers, the lifecycle, roles, history and its verification, run through the binary.

mod common;

use common::{REGISTER_HEADER, Workspace, sample_register, whoami};

#[test]
fn importing_the_sample_register_creates_twelve_claims_with_quoted_locations() {
    let ws = Workspace::new();
    let (code, out, err) = ws.run(&["claims", "import", sample_register().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("12 created, 0 updated, 0 unchanged"), "{out}");

    let claims = ws.json(&["claims", "list", "--json"]);
    let claims = claims.as_array().unwrap();
    assert_eq!(claims.len(), 12);
    let munich = claims
        .iter()
        .find(|c| c["claim_id"] == "CLM-778258")
        .expect("CLM-778258 imported");
    assert_eq!(munich["location"], "München, Deutschland");
    assert_eq!(munich["currency"], "EUR");
    assert_eq!(munich["funds_total"], "92425.00");
    assert_eq!(munich["usage_start"], "2024-08-10");
    assert_eq!(
        munich["deadline"], "2024-11-25",
        "usage_end 2024-10-11 + 45 days"
    );
    assert_eq!(munich["status"], "editing");
    assert_eq!(
        munich["references"],
        serde_json::json!(["PO-14064", "PA-2024-4415", "PO-60804"])
    );

    // One claim_created entry per claim; the checks then warn, once, of deadlines already
    // near or passed on 2024-11-20 (the tests' clock).
    let history = ws.json(&["history", "--json"]);
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "claim_created").count(),
        12
    );
    assert!(
        actions.iter().skip(12).all(|a| *a == "deadline_warning"),
        "{actions:?}"
    );
    let passed = ws.json(&["claims", "show", "CLM-879149", "--json"]);
    let codes: Vec<&str> = passed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec!["deadline_passed", "missing_invoice_or_csr", "missing_proof"],
        "deadline 2024-11-08 passed, nothing attached"
    );
}

#[test]
fn claims_list_json_is_keyed_by_the_claims_csv_columns_in_order() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let list = ws.json(&["claims", "list", "--json"]);
    let first = list[0].as_object().unwrap();
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    let columns = "claim_id,program,activity,location,status,currency,usage_start,usage_end,deadline,funds_total,funds_claimed,funds_approved,invoices,csrs,proofs,metrics,findings,last_activity_at";
    let expected: Vec<&str> = columns.split(',').collect();
    assert_eq!(&keys[..expected.len()], &expected[..]);
    assert_eq!(first["last_activity_at"], "2024-11-20T09:00:00Z");
}

#[test]
fn reimporting_a_changed_register_updates_and_records_what_changed() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let original = std::fs::read_to_string(sample_register()).unwrap();
    let changed = original.replace(
        "CLM-384275,Co-op FY25 Security,Trade show booth,\"Paris, France\",2024-08-04,2024-09-18,EUR,94300.00,PO-98085",
        "CLM-384275,Co-op FY25 Security,Trade show booth,\"Paris, France\",2024-08-04,2024-09-18,EUR,99000.00,PO-98085;PA-2024-0001",
    );
    assert_ne!(original, changed, "the fixture holds CLM-384275");
    let register = ws.write("changed.csv", &changed);
    let (code, out, err) = ws.run(&["claims", "import", register.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 created, 1 updated, 11 unchanged"), "{out}");

    let history = ws.json(&["history", "CLM-384275", "--json"]);
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "claim_updated");
    let details = last["details"].as_str().unwrap();
    assert!(
        details.contains("funds_total: '94300.00' -> '99000.00'"),
        "{details}"
    );
    assert!(details.contains("PA-2024-0001"), "{details}");
}

#[test]
fn an_xlsx_register_with_date_cells_is_imported() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let ws = Workspace::new();
    let path = ws.join("register.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, name) in REGISTER_HEADER
        .split(',')
        .chain(["status", "comment"])
        .enumerate()
    {
        sheet.write_string(0, col as u16, name).unwrap();
    }
    let rows = [
        (
            "CLM-100001",
            "Paris, France",
            (2024, 9, 1),
            (2024, 10, 15),
            "EUR",
            12500.5,
            "PO-1;PO-2",
            "",
            "first",
        ),
        (
            "CLM-100002",
            "Online",
            (2024, 10, 1),
            (2024, 12, 31),
            "USD",
            8000.0,
            "",
            "submitted",
            "",
        ),
    ];
    for (i, (id, location, start, end, currency, funds, refs, status, comment)) in
        rows.iter().enumerate()
    {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_string(r, 1, "Co-op FY25").unwrap();
        sheet.write_string(r, 2, "Webinar").unwrap();
        sheet.write_string(r, 3, *location).unwrap();
        let start = ExcelDateTime::from_ymd(start.0, start.1, start.2).unwrap();
        let end = ExcelDateTime::from_ymd(end.0, end.1, end.2).unwrap();
        sheet
            .write_datetime_with_format(r, 4, &start, &date)
            .unwrap();
        sheet.write_datetime_with_format(r, 5, &end, &date).unwrap();
        sheet.write_string(r, 6, *currency).unwrap();
        sheet.write_number(r, 7, *funds).unwrap();
        sheet.write_string(r, 8, *refs).unwrap();
        sheet.write_string(r, 9, *status).unwrap();
        sheet.write_string(r, 10, *comment).unwrap();
    }
    book.save(&path).unwrap();

    ws.import(&path);
    let first = ws.json(&["claims", "show", "CLM-100001", "--json"]);
    assert_eq!(first["location"], "Paris, France");
    assert_eq!(first["usage_start"], "2024-09-01");
    assert_eq!(first["usage_end"], "2024-10-15");
    assert_eq!(first["funds_total"], "12500.50");
    assert_eq!(first["references"], serde_json::json!(["PO-1", "PO-2"]));
    let actions: Vec<&str> = first["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    // Deadline 2024-11-29 is 9 days after the tests' clock: warned once.
    assert_eq!(
        actions,
        vec!["claim_created", "comment_added", "deadline_warning"]
    );

    // A register may bring claims already under way from an earlier system.
    let second = ws.json(&["claims", "show", "CLM-100002", "--json"]);
    assert_eq!(second["status"], "submitted");
}

#[test]
fn the_whole_lifecycle_including_a_dispute_is_recorded() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    let steps: [&[&str]; 9] = [
        &[
            "claims",
            "submit",
            "CLM-000001",
            "--comment",
            "first go",
            "--force",
        ],
        &[
            "claims",
            "review",
            "CLM-000001",
            "--status",
            "info_requested",
            "--comment",
            "agenda missing",
        ],
        &["claims", "submit", "CLM-000001", "--force"],
        &["claims", "review", "CLM-000001", "--status", "in_review"],
        &[
            "claims",
            "review",
            "CLM-000001",
            "--status",
            "rejected",
            "--comment",
            "no agenda",
        ],
        &[
            "claims",
            "review",
            "CLM-000001",
            "--status",
            "disputed",
            "--comment",
            "the agenda was attached",
        ],
        &[
            "claims",
            "review",
            "CLM-000001",
            "--status",
            "approved",
            "--funds-approved",
            "0",
        ],
        &["claims", "review", "CLM-000001", "--status", "paid"],
        &["claims", "comment", "CLM-000001", "paid on 2024-12-01"],
    ];
    for step in steps {
        let (code, _, err) = ws.run(step);
        assert_eq!(code, 0, "{step:?}: {err}");
    }
    let claim = ws.json(&["claims", "show", "CLM-000001", "--json"]);
    assert_eq!(claim["status"], "paid");
    assert_eq!(claim["funds_approved"], "0.00");
    let moves: Vec<&str> = claim["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "status_changed")
        .map(|h| h["details"].as_str().unwrap())
        .collect();
    assert_eq!(
        moves,
        vec![
            "editing -> submitted; forced over missing_invoice_or_csr, missing_proof",
            "submitted -> info_requested",
            "info_requested -> submitted; forced over missing_invoice_or_csr, missing_proof",
            "submitted -> in_review",
            "in_review -> rejected",
            "rejected -> disputed",
            "disputed -> approved",
            "approved -> paid",
        ]
    );
    let history = claim["history"].as_array().unwrap();
    assert!(
        history
            .iter()
            .any(|h| h["action"] == "claim_updated"
                && h["details"] == "funds_approved: '' -> '0.00'")
    );
    assert_eq!(
        history
            .iter()
            .filter(|h| h["action"] == "comment_added")
            .count(),
        5,
        "first go, agenda missing, no agenda, the agenda was attached, paid on"
    );
    assert!(history.iter().all(|h| h["actor"] == whoami()));
}

#[test]
fn every_move_outside_the_lifecycle_is_refused_naming_the_current_status() {
    // The allowed moves, as SPEC §1 states them.
    let allowed = [
        ("editing", "submitted"),
        ("submitted", "in_review"),
        ("submitted", "info_requested"),
        ("submitted", "rejected"),
        ("in_review", "approved"),
        ("in_review", "info_requested"),
        ("in_review", "rejected"),
        ("info_requested", "submitted"),
        ("approved", "paid"),
        ("rejected", "disputed"),
        ("disputed", "approved"),
        ("disputed", "rejected"),
        ("disputed", "info_requested"),
    ];
    // How to bring a fresh claim into each status.
    let paths: [(&str, &[&str]); 8] = [
        ("editing", &[]),
        ("submitted", &["submitted"]),
        ("in_review", &["submitted", "in_review"]),
        ("info_requested", &["submitted", "info_requested"]),
        ("approved", &["submitted", "in_review", "approved"]),
        ("rejected", &["submitted", "rejected"]),
        ("disputed", &["submitted", "rejected", "disputed"]),
        ("paid", &["submitted", "in_review", "approved", "paid"]),
    ];
    let statuses: Vec<&str> = paths.iter().map(|(s, _)| *s).collect();
    let ws = Workspace::new();
    let mut refused = 0;
    for (n, (from, path)) in paths.iter().enumerate() {
        let id = format!("CLM-{:06}", n + 1);
        ws.create_claim(&id);
        for step in *path {
            let mut args = vec!["claims", "review", &id, "--status", step];
            match *step {
                "approved" => args.extend(["--funds-approved", "0"]),
                "info_requested" | "rejected" => args.extend(["--comment", "why"]),
                _ => {}
            }
            let (code, _, err) = ws.run(&args);
            assert_eq!(code, 0, "{id} -> {step}: {err}");
        }
        for to in &statuses {
            if allowed.contains(&(*from, *to)) {
                continue;
            }
            let before = ws.history_len();
            let (code, _, err) = ws.run(&["claims", "review", &id, "--status", to]);
            assert_eq!(code, 1, "{from} -> {to} should be refused");
            assert!(
                err.contains(&format!("status is {from}; it cannot change to {to}")),
                "{from} -> {to}: {err}"
            );
            assert!(err.contains("allowed next:"), "{err}");
            assert_eq!(ws.history_len(), before, "a refusal writes no history");
            refused += 1;
        }
        let shown = ws.json(&["claims", "show", &id, "--json"]);
        assert_eq!(shown["status"], *from);
    }
    assert_eq!(refused, 8 * 8 - allowed.len());
}

#[test]
fn submit_takes_only_editing_or_info_requested_claims() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    assert_eq!(ws.run(&["claims", "submit", "CLM-000001", "--force"]).0, 0);
    let (code, _, err) = ws.run(&["claims", "submit", "CLM-000001", "--force"]);
    assert_eq!(code, 1);
    assert!(err.contains("status is submitted"), "{err}");
}

#[test]
fn users_without_an_admin_role_are_refused_and_told_which_role_is_needed() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    ws.write(
        "claimdrop.toml",
        "[roles]\nglobal_admins = [\"ana\"]\nincentives_admins = [\"bo\"]\n",
    );
    let register = sample_register();
    let attempts: [&[&str]; 4] = [
        &[
            "claims",
            "create",
            "CLM-000002",
            "--program",
            "P",
            "--usage-start",
            "2024-01-01",
            "--usage-end",
            "2024-01-31",
            "--currency",
            "EUR",
            "--funds-total",
            "1",
        ],
        &["claims", "import", register.to_str().unwrap()],
        &["claims", "submit", "CLM-000001"],
        &["claims", "review", "CLM-000001", "--status", "submitted"],
    ];
    let before = ws.history_len();
    for attempt in attempts {
        let (code, _, err) = ws.run(attempt);
        assert_eq!(code, 1, "{attempt:?} should be refused");
        assert!(
            err.contains("needs the incentives_admin or global_admin role"),
            "{attempt:?}: {err}"
        );
        assert!(err.contains("incentives_user"), "{err}");
    }
    assert_eq!(ws.claim_ids(), vec!["CLM-000001"]);
    assert_eq!(ws.history_len(), before);

    // Users may still comment, and read.
    let (code, _, err) = ws.run(&["claims", "comment", "CLM-000001", "looks fine"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ws.history_len(), before + 1);
}

#[test]
fn an_incentives_admin_may_import() {
    let ws = Workspace::new();
    ws.write(
        "claimdrop.toml",
        &format!("[roles]\nincentives_admins = [\"{}\"]\n", whoami()),
    );
    ws.import(&sample_register());
    assert_eq!(ws.claim_ids().len(), 12);
}

#[test]
fn verify_passes_then_detects_a_history_row_changed_behind_claimdrops_back() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.create_claim("CLM-000001");
    assert_eq!(ws.run(&["claims", "submit", "CLM-000001", "--force"]).0, 0);
    let (code, out, err) = ws.run(&["verify"]);
    assert_eq!(code, 0, "{err}");
    let entries = ws.history_len();
    assert!(entries >= 14);
    assert!(
        out.contains(&format!("history intact: {entries} entries")),
        "{out}"
    );

    // The triggers refuse an edit, so a tamperer drops them first.
    let db = rusqlite::Connection::open(ws.join("claimdrop.db")).unwrap();
    let refused = db.execute("UPDATE history SET details = 'x' WHERE seq = 5", []);
    assert!(refused.is_err(), "the append-only trigger refuses updates");
    db.execute_batch(
        "DROP TRIGGER history_no_update;
         UPDATE history SET details = 'funds_total 1.00 EUR' WHERE seq = 5;",
    )
    .unwrap();
    drop(db);

    let (code, _, err) = ws.run(&["verify"]);
    assert_eq!(code, 1);
    assert!(err.contains("history broken at entry 5"), "{err}");
    assert!(err.contains("changed"), "{err}");
}

#[test]
fn verify_detects_a_deleted_entry() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let db = rusqlite::Connection::open(ws.join("claimdrop.db")).unwrap();
    db.execute_batch("DROP TRIGGER history_no_delete; DELETE FROM history WHERE seq = 3;")
        .unwrap();
    drop(db);
    let (code, _, err) = ws.run(&["verify"]);
    assert_eq!(code, 1);
    assert!(err.contains("history broken at entry 3"), "{err}");
}

#[test]
fn comments_may_name_only_a_document_of_that_claim() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    let sha = "a".repeat(64);
    let (code, _, err) = ws.run(&[
        "claims",
        "comment",
        "CLM-000001",
        "see page 2",
        "--document",
        &sha,
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("is not attached to claim CLM-000001"), "{err}");
}

#[test]
fn unknown_claims_are_named() {
    let ws = Workspace::new();
    for args in [
        vec!["claims", "show", "CLM-999999"],
        vec!["claims", "submit", "CLM-999999"],
        vec!["claims", "review", "CLM-999999", "--status", "in_review"],
        vec!["claims", "comment", "CLM-999999", "hello"],
        vec!["history", "CLM-999999"],
    ] {
        let (code, _, err) = ws.run(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains("CLM-999999 does not exist"), "{args:?}: {err}");
    }
}

#[test]
fn creating_a_claim_twice_is_refused() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    let (code, _, err) = ws.run(&[
        "claims",
        "create",
        "CLM-000001",
        "--program",
        "P",
        "--usage-start",
        "2024-01-01",
        "--usage-end",
        "2024-01-31",
        "--currency",
        "EUR",
        "--funds-total",
        "1",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("claim CLM-000001 already exists"), "{err}");
}

#[test]
fn list_filters_by_status() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    ws.create_claim("CLM-000002");
    assert_eq!(ws.run(&["claims", "submit", "CLM-000002", "--force"]).0, 0);
    let submitted = ws.json(&["claims", "list", "--status", "submitted", "--json"]);
    assert_eq!(submitted.as_array().unwrap().len(), 1);
    assert_eq!(submitted[0]["claim_id"], "CLM-000002");
    // Issue 31: an unknown status is a usage error (SPEC §4: exit 2), for `review` too.
    let (code, _, err) = ws.run(&["claims", "list", "--status", "finished"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown status 'finished'"), "{err}");
    let (code, _, err) = ws.run(&["claims", "review", "CLM-000002", "--status", "bogus"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown status 'bogus'"), "{err}");
}

/// Issue 15: a register exported by French Excel (`;`, `1500,00`, `01/01/2025`, Windows-1252)
/// was refused. It is read as written, through `claims import` and dropped in the inbox; an
/// amount that reads two ways refuses the whole register, naming the row.
#[test]
fn a_register_from_french_excel_is_imported_as_written() {
    let ws = Workspace::new();
    let text = "claim_id;program;activity;location;usage_start;usage_end;currency;funds_total;references\r\n\
                CLM-100001;Co-op FY25;Salon;K\u{f6}ln;01/01/2025;31/03/2025;EUR;1\u{a0}500,00;\"PO-1; PO-2\"\r\n\
                clm-100002;Co-op FY25;Webinaire;Lyon;15.02.2025;30.04.2025;EUR;12.345,67;PO-3\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let path = ws.join("export.csv");
    std::fs::write(&path, &bytes).unwrap();
    let (code, out, err) = ws.run(&["claims", "import", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 created"), "{out}");
    let claims = ws.report("claims.csv");
    let first = claims
        .iter()
        .find(|c| c["claim_id"] == "CLM-100001")
        .unwrap();
    assert_eq!(first["location"], "K\u{f6}ln");
    assert_eq!(first["funds_total"], "1500.00");
    assert_eq!(first["usage_start"], "2025-01-01");
    assert_eq!(first["usage_end"], "2025-03-31");
    let second = claims
        .iter()
        .find(|c| c["claim_id"] == "clm-100002")
        .unwrap();
    assert_eq!(second["funds_total"], "12345.67");
    assert_eq!(second["usage_start"], "2025-02-15");

    // The same again, dropped in the inbox with one amount changed to read two ways.
    let ambiguous = text.replace("12.345,67", "12,345");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&ambiguous);
    ws.drop_file("inbox/claims/export2.csv", &bytes);
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    let exceptions = ws.report("exceptions.csv");
    assert!(
        exceptions[0]["reason"]
            .contains("row 3 (clm-100002): funds_total '12,345' can be read two ways"),
        "{exceptions:?}"
    );

    // Month first when the workspace says so.
    let us = Workspace::new();
    let toml = std::fs::read_to_string(us.join("claimdrop.toml")).unwrap();
    std::fs::write(
        us.join("claimdrop.toml"),
        toml.replace("date_order = \"dmy\"", "date_order = \"mdy\""),
    )
    .unwrap();
    let path = us.join("us.csv");
    std::fs::write(&path, "claim_id,program,activity,location,usage_start,usage_end,currency,funds_total,references\nCLM-100003,P,A,L,02/03/2025,12/31/2025,USD,\"1,500.00\",\n").unwrap();
    let (code, out, err) = us.run(&["claims", "import", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let row = &us.report("claims.csv")[0];
    assert_eq!(
        (row["usage_start"].as_str(), row["usage_end"].as_str()),
        ("2025-02-03", "2025-12-31")
    );
    assert_eq!(row["funds_total"], "1500.00");
}

/// Issue 31: in `claims show`, an action name longer than its column ran into its details.
#[test]
fn claims_show_keeps_long_action_names_apart_from_their_details() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    let asked = [
        "claims",
        "request",
        "CLM-000001",
        "--kind",
        "invoice",
        "--from",
        "a.very.long.user.name",
    ];
    assert_eq!(ws.run(&asked).0, 0);
    let (code, out, err) = ws.run(&["claims", "show", "CLM-000001"]);
    assert_eq!(code, 0, "{err}");
    let history: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("history"))
        .skip(1)
        .collect();
    assert!(history.len() >= 2, "{out}");
    let column = |line: &str, word: &str| line.find(word);
    let requested = history
        .iter()
        .find(|l| l.contains("document_requested"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        requested.contains("document_requested  "),
        "two spaces at least after the action: {requested}"
    );
    // The actions start in one column, and so do their details.
    let created = history
        .iter()
        .find(|l| l.contains("claim_created"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        column(created, "claim_created"),
        column(requested, "document_requested"),
        "{out}"
    );
}

/// Issue 31: the reviewer's question is kept with its claim (the first comment after each move
/// into `info_requested`), not searched for in the history's audit text; a store written
/// before it was kept finds it in its history once, when it is opened.
#[test]
fn the_reviewers_question_is_the_first_comment_after_each_request_for_information() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    let next_step = || ws.claim_row("CLM-000001")["next_step"].clone();
    // Submitted, asked `question`, and answered `answer` in a comment.
    let ask = |question: &str, answer: &str| {
        let steps: [&[&str]; 3] = [
            &["claims", "submit", "CLM-000001", "--force"],
            &[
                "claims",
                "review",
                "CLM-000001",
                "--status",
                "info_requested",
                "--comment",
                question,
            ],
            &["claims", "comment", "CLM-000001", answer],
        ];
        for step in steps {
            let (code, _, err) = ws.run(step);
            assert_eq!(code, 0, "{step:?}: {err}");
        }
    };
    ask("the agenda is missing", "on it");
    let asked = next_step();
    assert!(asked.contains("the agenda is missing"), "{asked}");
    assert!(!asked.contains("on it"), "{asked}");

    // Asked again: the new question, not the first one nor the answer given since.
    ask("which hotel was it?", "the one by the station");
    let asked = next_step();
    assert!(asked.contains("which hotel was it?"), "{asked}");
    assert!(
        !asked.contains("agenda") && !asked.contains("station"),
        "{asked}"
    );

    // The store as version 9 wrote it: no question column.
    {
        let db = rusqlite::Connection::open(ws.join("claimdrop.db")).unwrap();
        db.execute_batch("ALTER TABLE claims DROP COLUMN question; PRAGMA user_version = 9;")
            .unwrap();
    }
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let asked = next_step();
    assert!(asked.contains("which hotel was it?"), "{asked}");

    // Answered: no question is repeated once the claim is submitted again.
    assert_eq!(ws.run(&["claims", "submit", "CLM-000001", "--force"]).0, 0);
    assert!(!next_step().contains("which hotel"), "{}", next_step());
}
