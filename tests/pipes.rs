//! Output into a closed pipe (`claimdrop history | head -1`) ends quietly, as tools end: no
//! panic, no backtrace; the command dies of SIGPIPE (or finishes, if it had nothing to say).

mod common;

use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;

use common::{Workspace, sample_register};

/// Runs claimdrop with its stdout a pipe whose reading end is already closed, so that its
/// first line of output meets a closed pipe.
fn into_closed_pipe(ws: &Workspace, args: &[&str]) -> (std::process::ExitStatus, String) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimdrop"))
        .arg("--workspace")
        .arg(ws.path())
        .args(args)
        .env("CLAIMDROP_NOW", "2024-11-20T09:00:00Z")
        .env_remove("CLAIMDROP_WORKSPACE")
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("run claimdrop");
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_printing_command_ends_quietly_on_a_closed_pipe() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let invoice = common::corpus().join("inbox/invoices/CLM-879149_invoice.pdf");
    let demo_dir = ws.join("demo");
    let commands: Vec<Vec<&str>> = vec![
        vec!["run"],
        vec!["history"],
        vec!["history", "--json"],
        vec!["claims", "list"],
        vec!["claims", "list", "--json"],
        vec!["claims", "show", "CLM-879149"],
        vec!["claims", "show", "CLM-879149", "--json"],
        vec!["claims", "comment", "CLM-879149", "x"],
        vec!["inspect", invoice.to_str().unwrap()],
        vec!["inspect", invoice.to_str().unwrap(), "--json"],
        vec!["verify"],
        vec!["verify", "--evidence"],
        vec!["report"],
        vec!["retry"],
        vec!["demo", "--dir", demo_dir.to_str().unwrap()],
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["completions", "fish"],
        vec!["man"],
    ];
    for args in &commands {
        let (status, stderr) = into_closed_pipe(&ws, args);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
        assert!(
            status.signal() == Some(libc::SIGPIPE),
            "{args:?} should die of SIGPIPE, as a tool writing into a closed pipe does: {status:?} {stderr}"
        );
    }
    // And the work was done: the run filed the invoice before its summary met the pipe.
    assert!(
        ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf")
            .is_file()
    );
}
