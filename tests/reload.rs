//! SIGHUP rereads `claimdrop.toml` (issue 15: it ended the daemon): a good file takes effect
//! without a restart, a bad one is refused in the log and the running configuration kept.

mod common;

use std::time::{Duration, Instant};

use common::{Workspace, appears as wait_for, sample_register, watch};

fn hangup(daemon: &common::Running) {
    let status = std::process::Command::new("kill")
        .args(["-HUP", &daemon.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits until the daemon's log has said `what` `times` times.
fn log_says(ws: &Workspace, what: &str, times: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let log = std::fs::read_to_string(ws.join("watch.log")).unwrap_or_default();
        if log.matches(what).count() >= times {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn sighup_applies_a_good_configuration_and_refuses_a_bad_one() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let daemon = watch(&ws);
    let config = ws.join("claimdrop.toml");
    let original = std::fs::read_to_string(&config).unwrap();

    // A bad file: refused, naming the key; the daemon goes on with what it had.
    std::fs::write(&config, format!("{original}\n[nonsense]\nkey = 1\n")).unwrap();
    hangup(&daemon);
    assert!(
        log_says(&ws, "claimdrop.toml refused", 1),
        "{}",
        std::fs::read_to_string(ws.join("watch.log")).unwrap()
    );
    let log = std::fs::read_to_string(ws.join("watch.log")).unwrap();
    assert!(log.contains("nonsense"), "names the key: {log}");
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    assert!(
        wait_for(&ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf")),
        "still filing"
    );
    assert!(log_says(&ws, "processed 1", 1));
    let comma = std::fs::read_to_string(ws.join("reports/documents.csv")).unwrap();
    assert!(
        comma
            .lines()
            .next()
            .unwrap()
            .contains("document_id,claim_id"),
        "{comma}"
    );

    // A good file: in effect at once, without a restart. The reports are written with `;`
    // from the next rewrite on.
    std::fs::write(
        &config,
        original.replace("delimiter = \",\"", "delimiter = \";\""),
    )
    .unwrap();
    assert_ne!(
        std::fs::read_to_string(&config).unwrap(),
        original,
        "the test changes the delimiter"
    );
    hangup(&daemon);
    assert!(log_says(&ws, "the new configuration is in effect", 1));
    ws.drop_corpus("inbox/proof/CLM-530971_agenda_nested.pdf");
    assert!(wait_for(
        &ws.join("archive/CLM-530971/proof/CLM-530971_agenda_nested.pdf")
    ));
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut header = String::new();
    while Instant::now() < deadline {
        header = std::fs::read_to_string(ws.join("reports/documents.csv"))
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        if header.contains("document_id;claim_id") {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(header.contains("document_id;claim_id"), "{header}");

    // [paths] wait for a restart, and the log says so.
    std::fs::write(
        &config,
        format!("{original}\n").replace("inbox = \"inbox\"", "inbox = \"elsewhere\""),
    )
    .unwrap();
    hangup(&daemon);
    assert!(log_says(&ws, "[paths] changed", 1));
    assert_eq!(daemon.stop(), Some(0), "SIGHUP never ends the daemon");
}

/// Issue 31: after SIGHUP to `[ui] language = "fr"`, reasons turned French but the daemon's
/// answers to commands stayed English.
#[test]
fn after_sighup_to_french_commands_answered_by_the_daemon_are_french() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let daemon = watch(&ws);
    let (code, out, err) = ws.run(&["claims", "comment", "CLM-879149", "first"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Comment added to CLM-879149"), "{out}");
    let config = ws.join("claimdrop.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        original.replace("# language = \"fr\"", "language = \"fr\""),
    )
    .unwrap();
    hangup(&daemon);
    assert!(log_says(&ws, "the new configuration is in effect", 1));
    let (code, out, err) = ws.run(&["claims", "comment", "CLM-879149", "second"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Commentaire ajouté à CLM-879149"), "{out}");
    let log = std::fs::read_to_string(ws.join("watch.log")).unwrap();
    assert_eq!(
        log.matches(" command ").count(),
        2,
        "both went through the daemon: {log}"
    );
    daemon.stop();
}
