//! Workspaces: init, configuration errors, bad paths, and one writer at a time.

mod common;

use common::{Workspace, claimdrop_in, sample_register};

#[test]
fn init_creates_the_folders_store_and_a_config_naming_the_user() {
    let ws = Workspace::bare();
    let (code, out, err) = ws.run(&["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Workspace ready"), "{out}");
    for folder in [
        "inbox/invoices",
        "inbox/csr",
        "inbox/proof",
        "inbox/metrics",
        "inbox/claims",
        "archive",
        "quarantine",
        "reports",
    ] {
        assert!(ws.join(folder).is_dir(), "{folder} missing");
    }
    assert!(ws.join("claimdrop.db").is_file());
    let config = std::fs::read_to_string(ws.join("claimdrop.toml")).unwrap();
    let user = String::from_utf8(
        std::process::Command::new("id")
            .arg("-un")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        config.contains(&format!("global_admins = [\"{}\"]", user.trim())),
        "{config}"
    );
    assert!(config.contains("deadline_days = 45"));
    assert!(config.contains("# "), "the config is commented");
}

#[test]
fn init_takes_a_directory_argument_and_creates_it() {
    let ws = Workspace::bare();
    let target = ws.join("new/workspace");
    let (code, _, err) = ws.run(&["init", target.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(target.join("claimdrop.toml").is_file());
    assert!(target.join("inbox/invoices").is_dir());
}

#[test]
fn init_on_an_existing_workspace_overwrites_nothing() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let custom = "# mine\n[rules]\ndeadline_days = 60\n";
    ws.write("claimdrop.toml", custom);
    let (code, out, err) = ws.run(&["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("kept the existing claimdrop.toml"), "{out}");
    assert_eq!(
        std::fs::read_to_string(ws.join("claimdrop.toml")).unwrap(),
        custom
    );
    assert_eq!(ws.claim_ids().len(), 12, "data kept");
    // The custom configuration is in force.
    let claim = ws.json(&["claims", "show", "CLM-778258", "--json"]);
    assert_eq!(
        claim["deadline"], "2024-12-10",
        "usage_end 2024-10-11 + 60 days"
    );
}

#[test]
fn a_misspelt_config_key_stops_with_its_name() {
    let ws = Workspace::new();
    ws.write("claimdrop.toml", "[watch]\nsettle_msec = 500\n");
    let (code, _, err) = ws.run(&["claims", "list"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("claimdrop.toml: watch.settle_msec: unknown field"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_bad_config_value_stops_with_its_name() {
    let ws = Workspace::new();
    ws.write("claimdrop.toml", "[schedule]\nreports = \"hourly\"\n");
    let (code, _, err) = ws.run(&["claims", "list"]);
    assert_eq!(code, 1);
    assert!(err.contains("schedule.reports"), "{err}");
}

#[test]
fn a_workspace_that_does_not_exist_is_named() {
    let ws = Workspace::bare();
    let missing = ws.join("nowhere");
    let out = claimdrop_in(&missing)
        .args(["claims", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("workspace {}: no such folder", missing.display())),
        "{err}"
    );
}

#[test]
fn a_workspace_that_cannot_be_written_is_named() {
    // Permissions do not stop root, so make the path impossible instead: a folder under a file.
    let ws = Workspace::bare();
    let file = ws.write("plain-file", "x");
    let target = file.join("workspace");
    let (code, _, err) = ws.run(&["init", target.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains(target.to_str().unwrap()), "{err}");
}

#[test]
fn the_workspace_comes_from_the_environment_when_no_flag_is_given() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    let mut cmd = assert_cmd::Command::cargo_bin("claimdrop").unwrap();
    let out = cmd
        .env("CLAIMDROP_WORKSPACE", ws.path())
        .args(["claims", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("CLM-000001"));
}

#[test]
fn a_second_writer_is_refused_while_readers_carry_on() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000001");
    // This test process is the other writer: it holds the workspace lock.
    let lock = claimdrop::workspace::Workspace::open(ws.path())
        .unwrap()
        .lock()
        .unwrap();

    let (code, _, err) = ws.run(&["claims", "submit", "CLM-000001"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("is locked by another claimdrop process"),
        "{err}"
    );
    let (code, _, err) = ws.run(&["claims", "import", sample_register().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("locked"), "{err}");

    // Read-only commands do not need the lock.
    assert_eq!(ws.claim_ids(), vec!["CLM-000001"]);
    assert_eq!(ws.run(&["history"]).0, 0);
    assert_eq!(ws.run(&["verify"]).0, 0);

    drop(lock);
    let (code, _, err) = ws.run(&["claims", "submit", "CLM-000001", "--force"]);
    assert_eq!(code, 0, "the lock is free again: {err}");
}

#[test]
fn usage_errors_exit_2() {
    let ws = Workspace::new();
    let (code, _, _) = ws.run(&["claims", "frobnicate"]);
    assert_eq!(code, 2);
    let (code, _, _) = ws.run(&["claims", "create", "CLM-000001"]);
    assert_eq!(code, 2, "required flags missing");
}

#[test]
fn the_demo_builds_a_workspace_and_says_what_it_shows() {
    let ws = Workspace::bare();
    let dir = ws.join("demo");
    let (code, out, err) = ws.run(&["demo", "--dir", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("processed 18: attached 12, duplicate 1, quarantined 4, ignored 1, failed 0"),
        "{out}"
    );
    // The scanned invoice is read by OCR where Tesseract is installed, and said so otherwise.
    assert!(
        out.contains("a scanned invoice, read by OCR: Scan_2024-12-18.pdf: Messebau Hartmann GmbH, MH-2024-1218 of 2024-12-18, 5533.50 EUR")
            || (!common::ocr_installed() && out.contains("a scanned invoice, attached unread")),
        "{out}"
    );
    assert!(out.contains(dir.to_str().unwrap()), "{out}");
    assert!(
        out.contains(dir.join("reports/summary.html").to_str().unwrap()),
        "the demo says where the summary is: {out}"
    );
    let out = claimdrop_in(&dir).arg("verify").output().unwrap();
    assert!(out.status.success());
    // The register the demo imported is archived; the sample documents are filed.
    assert!(dir.join("archive/registers/claims.csv").is_file());
    assert!(
        dir.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf")
            .is_file()
    );
    assert!(dir.join("reports/documents.csv").is_file());

    // Dated against today (the fixed clock here): claims at every stage, not a wall of
    // overdue ones.
    let today = "2024-11-20";
    let mut reader = csv::Reader::from_path(dir.join("reports/claims.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let claims: Vec<std::collections::HashMap<String, String>> = reader
        .records()
        .map(|r| {
            header
                .iter()
                .map(String::from)
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    let with = |status: &str| claims.iter().filter(|c| c["status"] == status).count();
    assert_eq!(
        (with("paid"), with("submitted"), with("info_requested")),
        (1, 1, 1)
    );
    let running = claims
        .iter()
        .filter(|c| c["status"] == "editing")
        .filter(|c| c["usage_start"].as_str() <= today && today <= c["usage_end"].as_str())
        .count();
    assert!(running >= 1, "no claim in progress today");
    let near: Vec<_> = claims
        .iter()
        .filter(|c| c["findings"].contains("deadline_near"))
        .collect();
    assert_eq!(near.len(), 1, "{near:?}");
    assert!(near[0]["deadline"].as_str() > today);
    let overdue = claims
        .iter()
        .filter(|c| c["findings"].contains("deadline_passed"))
        .count();
    assert!(
        overdue * 3 <= claims.len(),
        "{overdue} of {} overdue",
        claims.len()
    );
    // A second demo into the same folder is refused rather than mixing data.
    let (code, _, err) = ws.run(&["demo", "--dir", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");
}

#[test]
fn nothing_claimdrop_writes_is_open_to_other_users() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::bare();
    // Even under a umask that gives everything away.
    let claimdrop = assert_cmd::cargo::cargo_bin("claimdrop");
    let sh = |args: &str| {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask 000; CLAIMDROP_NOW=2024-11-20T09:00:00Z exec '{}' {args}",
                claimdrop.display()
            ))
            .status()
            .unwrap();
        assert!(status.success(), "{args}");
    };
    sh(&format!("init '{}'", ws.path().display()));
    let register = common::sample_register();
    sh(&format!(
        "--workspace '{}' claims import '{}'",
        ws.path().display(),
        register.display()
    ));
    let invoice = ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    std::fs::set_permissions(&invoice, std::fs::Permissions::from_mode(0o777)).unwrap();
    ws.drop_file("inbox/invoices/unknown.pdf", b"%PDF-1.4 not really");
    sh(&format!("--workspace '{}' run", ws.path().display()));

    let mode = |rel: &str| {
        std::fs::metadata(ws.join(rel))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let archived = "archive/CLM-879149/invoice/CLM-879149_invoice.pdf";
    assert_eq!(
        mode(archived) & 0o333,
        0,
        "evidence: no write or execute bit"
    );
    let quarantined = ws.files_under("quarantine");
    assert_eq!(quarantined.len(), 2, "{quarantined:?}"); // the file and its reason
    for rel in [
        archived,
        "archive",
        "archive/CLM-879149",
        quarantined[0].as_str(),
        quarantined[1].as_str(),
        "claimdrop.db",
        "claimdrop.toml",
        "reports",
        "reports/claims.csv",
        "reports/history.csv",
    ] {
        assert_eq!(
            mode(rel) & 0o007,
            0,
            "{rel} is open to others: {:o}",
            mode(rel)
        );
    }
}

#[test]
fn the_writer_lock_holds_across_refused_attempts_and_is_free_once_dropped() {
    let ws = Workspace::new();
    let workspace = claimdrop::workspace::Workspace::open(ws.path()).unwrap();
    let first = workspace.lock().unwrap();
    assert!(
        workspace.lock().is_err(),
        "a second writer in the same process"
    );
    // The refused attempt left the lock in place: another process is refused too.
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 1);
    assert!(err.contains("locked"), "{err}");
    drop(first);
    let again = workspace.lock().unwrap();
    assert!(ws.run(&["run"]).2.contains("locked"));
    drop(again);
    assert_eq!(ws.run(&["run"]).0, 0);
}

/// Issue 15: `run` in a folder that was no workspace printed `processed 0`, exited 0 and
/// created a store and the inbox folders there.
#[test]
fn a_filing_command_refuses_a_folder_that_is_no_workspace_and_creates_nothing() {
    for args in [&["run"][..], &["retry"], &["watch"]] {
        let ws = Workspace::bare();
        std::fs::write(ws.join("notes.txt"), "someone's folder").unwrap();
        let (code, out, err) = ws.run(args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains("is no claimdrop workspace"), "{err}");
        assert!(
            err.contains("claimdrop init"),
            "says how to make one: {err}"
        );
        let left: Vec<String> = std::fs::read_dir(ws.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["notes.txt"], "{args:?} created something");
    }
    // Made a workspace, the same folder files.
    let ws = Workspace::bare();
    assert_eq!(ws.run(&["init"]).0, 0);
    let (code, out, _) = ws.run(&["run"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("processed 0"), "{out}");
}
