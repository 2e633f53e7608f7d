//! The command line around the commands (issue 15): shell completions, the manual page, and
//! the run summary's second line and JSON fields.

mod common;

use common::{Workspace, sample_register};

#[test]
fn completions_for_each_shell_name_every_command_and_an_unknown_shell_is_a_usage_error() {
    let ws = Workspace::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef claimdrop"),
        ("fish", "complete -c claimdrop"),
    ] {
        let (code, out, err) = ws.run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}: {out}");
        for command in ["claims", "watch", "retry", "verify", "inspect", "history"] {
            assert!(out.contains(command), "{shell} completes {command}");
        }
    }
    let (code, _, err) = ws.run(&["completions", "powershell"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_manual_page_is_roff_naming_the_commands() {
    let ws = Workspace::new();
    let (code, out, err) = ws.run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(".TH claimdrop 1"), "{out}");
    for command in ["claims", "watch", "retry", "completions"] {
        assert!(out.contains(command), "names {command}");
    }
}

/// Issue 31: a run that found only ignored files printed an empty breakdown (`  ignored: `).
#[test]
fn a_run_with_only_ignored_files_says_why_they_were_ignored() {
    let ws = Workspace::new();
    ws.drop_file(
        "inbox/invoices/~$Budget.xlsx",
        b"owner file of an open workbook",
    );
    ws.drop_file("inbox/proof/Thumbs.db", b"desktop litter");
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("processed 2: attached 0, duplicate 0, quarantined 0, ignored 2, failed 0"),
        "{out}"
    );
    assert_eq!(
        lines.get(1).copied(),
        Some("  ignored: on the ignore list 2"),
        "{out}"
    );
    assert!(
        ws.join("inbox/proof/Thumbs.db").exists(),
        "an ignored file stays"
    );
}

#[test]
fn the_run_summary_breaks_down_quarantined_and_ignored_and_json_logs_carry_the_counts() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_file("inbox/invoices/nobody knows.pdf", b"%PDF-1.4\nnot really");
    ws.drop_file(
        "inbox/invoices/CLM-999999 x.pdf",
        &std::fs::read(common::corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap(),
    );
    // Still open for writing: left for the next pass.
    let fresh = ws.join("inbox/proof/CLM-879149 fresh.png");
    let mut writer = std::fs::File::create(&fresh).unwrap();
    std::io::Write::write_all(&mut writer, b"\x89PNG\r\n\x1a\n").unwrap();
    let (code, out, err) = ws.run(&["--log-format", "json", "run"]);
    drop(writer);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0], "processed 3: attached 0, duplicate 0, quarantined 2, ignored 1, failed 0",
        "{out}"
    );
    assert_eq!(
        lines[1], "  quarantined: unmatched 1, unreadable 1; ignored: still being written 1",
        "{out}"
    );
    let summary: serde_json::Value = err
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|l| l["fields"]["processed"].is_number())
        .unwrap_or_else(|| panic!("no summary in the JSON log: {err}"));
    let fields = &summary["fields"];
    assert_eq!(fields["processed"], 3);
    assert_eq!(fields["quarantined"], 2);
    assert_eq!(fields["ignored"], 1);
    assert_eq!(fields["attached"], 0);
    assert_eq!(
        fields["details"],
        "quarantined: unmatched 1, unreadable 1; ignored: still being written 1"
    );
}
