//! Every command while `watch` runs (issue 15): a command that writes is carried out by the
//! daemon through `.claimdrop.sock`, as the user who runs it, with the same output and exit
//! code as without a daemon, while dropped files keep being filed.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use common::{Nobody, Workspace, appears as wait_for, sample_register, watch, whoami};

fn actions(ws: &Workspace, claim: &str) -> Vec<(String, String, String)> {
    ws.json(&["history", claim, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["actor"].as_str().unwrap().to_string(),
                e["details"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn status_of(ws: &Workspace, claim: &str) -> String {
    ws.report("claims.csv")
        .into_iter()
        .find(|row| row["claim_id"] == claim)
        .map(|row| row["status"].clone())
        .unwrap_or_default()
}

#[test]
fn every_writing_command_works_while_watch_runs_and_files_keep_being_filed() {
    let ws = Workspace::new();
    let daemon = watch(&ws);
    let socket = ws.join(".claimdrop.sock");
    let meta = socket.symlink_metadata().expect("the daemon listens");
    assert_eq!(meta.mode() & 0o777, 0o660, "only the workspace's group");
    assert_eq!(meta.gid(), ws.path().metadata().unwrap().gid());

    // import: the register read by the caller, the claims created by the daemon.
    let (code, out, err) = ws.run(&["claims", "import", sample_register().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("12 created"), "{out}");

    let invoice = ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let out = ws.create_claim_for("CLM-555001", ("2024-01-01", "2024-12-31"), "1000", &[]);
    assert_eq!(out, "Created claim CLM-555001 (editing)\n");

    let (code, out, err) = ws.run(&["claims", "comment", "CLM-879149", "first batch"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Comment added to CLM-879149\n");
    assert!(wait_for(
        &ws.join("archive/CLM-879149/invoice/CLM-879149_invoice.pdf")
    ));
    assert!(!invoice.exists());

    let (code, out, err) = ws.run(&[
        "claims",
        "submit",
        "CLM-879149",
        "--comment",
        "done",
        "--force",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "CLM-879149: editing -> submitted\n");
    let (code, out, err) = ws.run(&[
        "claims",
        "review",
        "CLM-879149",
        "--status",
        "info_requested",
        "--comment",
        "the booth photo, please",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("submitted -> info_requested"), "{out}");

    // Files keep being filed between commands; `retry` goes through the daemon too.
    let parked = ws.drop_corpus("inbox/proof/CLM-530971_agenda_nested.pdf");
    assert!(wait_for(
        &ws.join("archive/CLM-530971/proof/CLM-530971_agenda_nested.pdf")
    ));
    // The inbox copy goes right after the archive copy is recorded.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while parked.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!parked.exists());
    let (code, out, err) = ws.run(&["retry"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("processed 0"), "{out}");

    // A refusal has the same words and exit code as without a daemon.
    let (code, out, err) = ws.run(&["claims", "submit", "CLM-000000"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("claim CLM-000000 does not exist"), "{err}");

    // The effects are in the store and the reports at once.
    assert_eq!(status_of(&ws, "CLM-879149"), "info_requested");
    assert_eq!(status_of(&ws, "CLM-555001"), "editing");
    let history = actions(&ws, "CLM-879149");
    let user = whoami();
    assert!(
        history.contains(&("comment_added".into(), user.clone(), "first batch".into())),
        "{history:?}"
    );
    assert!(
        history
            .iter()
            .any(|(a, who, _)| a == "document_attached" && !who.is_empty())
    );
    assert_eq!(
        history
            .iter()
            .filter(|(a, who, _)| a == "status_changed" && *who == user)
            .count(),
        2,
        "{history:?}"
    );
    let log = std::fs::read_to_string(ws.join("watch.log")).unwrap();
    assert_eq!(
        log.matches(" command ").count(),
        7,
        "every command went to the daemon: {log}"
    );

    assert_eq!(daemon.stop(), Some(0));
    assert!(!socket.exists(), "the socket goes with the daemon");
    assert_eq!(ws.run(&["verify", "--evidence"]).0, 0);
}

/// The same comment, once without a daemon and once through it: same output, same code.
#[test]
fn a_command_prints_the_same_with_and_without_a_daemon() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let alone = ws.run(&["claims", "comment", "CLM-879149", "x"]);
    let refused_alone = ws.run(&["claims", "review", "CLM-879149", "--status", "bogus"]);
    let daemon = watch(&ws);
    let through = ws.run(&["claims", "comment", "CLM-879149", "x"]);
    let refused_through = ws.run(&["claims", "review", "CLM-879149", "--status", "bogus"]);
    daemon.stop();
    assert_eq!(alone, through);
    assert_eq!(refused_alone, refused_through);
    // An unknown status is a usage error (SPEC §4), said before anything runs (issue 31).
    assert_eq!(refused_alone.0, 2);
}

/// Opens a workspace to the group of `nobody`, as a partner's shared workspace is opened to
/// its team: the folder's group is the one the socket gets.
fn shared_with_nobody(ws: &Workspace) {
    for entry in walkdir::WalkDir::new(ws.path()) {
        let entry = entry.unwrap();
        std::os::unix::fs::lchown(entry.path(), None, Some(65534)).unwrap();
        if !entry.file_type().is_symlink() {
            let mode = entry.metadata().unwrap().mode() & 0o7777;
            let group = if entry.file_type().is_dir() {
                0o070
            } else {
                0o060
            };
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode | group))
                .unwrap();
        }
    }
}

#[test]
fn through_the_socket_a_command_runs_as_the_user_the_kernel_names() {
    let Some(nobody) = Nobody::new() else { return };
    let ws = Workspace::new();
    ws.import(&sample_register());
    shared_with_nobody(&ws);
    let daemon = watch(&ws);

    // A plain user may comment: recorded as nobody.
    let (code, out, err) = nobody.run(&ws, &["claims", "comment", "CLM-879149", "from nobody"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        actions(&ws, "CLM-879149").contains(&(
            "comment_added".into(),
            "nobody".into(),
            "from nobody".into()
        )),
        "{:?}",
        actions(&ws, "CLM-879149")
    );

    // Admin work is refused, naming the role.
    let (code, _, err) = nobody.run(&ws, &["claims", "submit", "CLM-879149"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("needs the incentives_admin or global_admin role; nobody is"),
        "{err}"
    );

    // A request that names another user is still the caller's: the name is never read.
    let forged = serde_json::json!({
        "argv": ["claimdrop", "claims", "submit", "CLM-879149"],
        "cwd": "/",
        "user": "root",
        "caller": "root",
    });
    let script = "import socket, sys\n\
        s = socket.socket(socket.AF_UNIX)\n\
        s.connect(sys.argv[1])\n\
        s.sendall(sys.argv[2].encode() + b'\\n')\n\
        print(s.makefile().readline())\n";
    let out = nobody
        .cmd()
        .args(["/usr/bin/python3", "-c", script])
        .arg(ws.join(".claimdrop.sock"))
        .arg(forged.to_string())
        .output()
        .expect("python3");
    let answer: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{out:?}"));
    assert_eq!(answer["code"], 1, "{answer}");
    assert!(
        answer["error"].as_str().unwrap().contains("nobody is"),
        "{answer}"
    );
    assert_eq!(status_of(&ws, "CLM-879149"), "editing");
    daemon.stop();
}

#[test]
fn after_kill_9_a_command_runs_in_place_and_the_next_daemon_replaces_the_socket() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let mut daemon = watch(&ws);
    daemon.0.kill().unwrap();
    daemon.0.wait().unwrap();
    let socket = ws.join(".claimdrop.sock");
    assert!(
        socket.symlink_metadata().is_ok(),
        "a killed daemon leaves its socket"
    );

    let (code, out, err) = ws.run(&["claims", "comment", "CLM-879149", "in place"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "Comment added to CLM-879149\n");

    let daemon = watch(&ws);
    let (code, _, err) = ws.run(&["claims", "comment", "CLM-879149", "through the new one"]);
    assert_eq!(code, 0, "{err}");
    let log = std::fs::read_to_string(ws.join("watch.log")).unwrap();
    assert!(log.contains(" command "), "{log}");
    daemon.stop();
    let comments: Vec<String> = actions(&ws, "CLM-879149")
        .into_iter()
        .filter(|(a, _, _)| a == "comment_added")
        .map(|(_, _, d)| d)
        .collect();
    assert_eq!(comments, ["in place", "through the new one"]);
}
