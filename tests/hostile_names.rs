//! File-system hostility in the inbox: odd names, links out of the inbox and in loops, hard
//! links. Each file ends with an outcome, nothing outside the inbox is read or written, and a
//! second pass finds nothing left to do (no file is looped on).

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use common::{Workspace, corpus, sample_register};

fn invoice() -> Vec<u8> {
    std::fs::read(corpus().join("inbox/invoices/CLM-879149_invoice.pdf")).unwrap()
}

#[test]
fn odd_names_and_links_each_end_with_an_outcome_and_nothing_outside_is_touched() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let invoices = ws.join("inbox/invoices");
    std::fs::create_dir_all(&invoices).unwrap();
    let pdf = invoice();
    let unique = |n: u8| [pdf.as_slice(), format!("\n%{n}\n").as_bytes()].concat();
    let long = format!("CLM-879149_{}.pdf", "a".repeat(255 - 15));
    assert_eq!(long.len(), 255);
    let names: Vec<PathBuf> = vec![
        invoices.join("CLM-879149 line\nbreak.pdf"),
        invoices.join("CLM-879149 \u{1}\u{7}\u{1b}[31mcontrol.pdf"),
        invoices.join("CLM-879149 ..pdf"),
        invoices.join(&long),
        invoices.join(OsStr::from_bytes(b"CLM-879149 latin1 \xe9t\xe9.pdf")),
        invoices.join("-rf CLM-879149.pdf"),
    ];
    for (n, path) in names.iter().enumerate() {
        std::fs::write(path, unique(n as u8)).unwrap();
        common::age(path);
    }
    // Links: out of the inbox, dangling, in a loop, to a folder; and a hard link.
    let secret = ws.join("secret.pdf");
    std::fs::write(&secret, unique(100)).unwrap();
    std::os::unix::fs::symlink(&secret, invoices.join("CLM-879149 link.pdf")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", invoices.join("CLM-879149 passwd.pdf")).unwrap();
    std::os::unix::fs::symlink("nowhere.pdf", invoices.join("dangling.pdf")).unwrap();
    std::os::unix::fs::symlink("loop-b.pdf", invoices.join("loop-a.pdf")).unwrap();
    std::os::unix::fs::symlink("loop-a.pdf", invoices.join("loop-b.pdf")).unwrap();
    std::os::unix::fs::symlink(ws.join("archive"), invoices.join("CLM-879149 folder")).unwrap();
    let hard = ws.join("hard-source.pdf");
    std::fs::write(&hard, unique(101)).unwrap();
    std::fs::hard_link(&hard, invoices.join("CLM-879149 hard.pdf")).unwrap();
    let secret_bytes = std::fs::read(&secret).unwrap();
    // A 255-byte name for quarantine, where `<name>.reason.txt` must still fit.
    let unmatched = format!("{}.pdf", "u".repeat(251));
    ws.drop_file(&format!("inbox/invoices/{unmatched}"), &unique(102));

    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("failed 0"), "{out}");
    assert!(
        ws.files_under("inbox").is_empty(),
        "left: {:?}",
        ws.files_under("inbox")
    );
    // The regular files are attached, the links quarantined as links, never followed.
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), names.len() + 1, "{out}");
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions.len(), 7, "{exceptions:?}");
    let (unmatched, links): (Vec<_>, Vec<_>) =
        exceptions.iter().partition(|e| e["outcome"] == "unmatched");
    assert_eq!(unmatched.len(), 1);
    let mut reason = ws.join(&unmatched[0]["quarantine_path"]).into_os_string();
    reason.push(".reason.txt");
    assert!(PathBuf::from(reason).is_file());
    assert!(links.iter().all(|e| e["outcome"] == "unsupported"));
    for e in &links {
        let placed = ws.join(&e["quarantine_path"]);
        assert!(placed.symlink_metadata().unwrap().file_type().is_symlink());
    }
    assert_eq!(std::fs::read(&secret).unwrap(), secret_bytes);
    assert!(
        std::fs::read(&hard).unwrap().ends_with(b"%101\n"),
        "the hard link's other name is untouched"
    );
    // Names written by claimdrop are single path components inside its folders.
    for d in &documents {
        let path = &d["archive_path"];
        assert!(path.starts_with("archive/CLM-879149/invoice/"), "{path}");
        assert!(!path.contains('\n') && !path.contains("/../"), "{path:?}");
        assert!(ws.join(path).is_file(), "{path:?}");
    }
    // A second pass has nothing to do.
    let (code, out, _) = ws.run(&["run"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("processed 0"), "{out}");
    assert_eq!(ws.run(&["verify"]).0, 0);
}

/// Makes a file immutable for the test's life (root only): nobody may remove or change it.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &std::path::Path) -> Option<Immutable> {
        let done = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        done.then(|| Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_file_claimdrop_may_not_remove_is_filed_once_said_once_and_not_read_again() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let path = ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let Some(_immutable) = Immutable::set(&path) else {
        eprintln!("SKIPPED: cannot make a file immutable here (not root?)");
        return;
    };
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}");
    assert!(
        err.contains("may not remove it") && err.contains("CLM-879149_invoice.pdf"),
        "the reason is logged: {err}"
    );
    for _ in 0..2 {
        let (code, stdout, stderr) = ws.run_with(&["run"], |cmd| {
            cmd.env("RUST_LOG", "claimdrop=debug");
        });
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(
            stdout.contains("attached 0") && stdout.contains("ignored 1, failed 0"),
            "{stdout}"
        );
        assert!(
            stderr.contains("held in the inbox: left alone"),
            "not read again: {stderr}"
        );
        assert!(!stderr.contains("WARN"), "said once: {stderr}");
    }
    assert!(path.exists());
    assert_eq!(ws.report("documents.csv").len(), 1);
    assert!(
        ws.report("exceptions.csv").is_empty(),
        "filed: nothing to look at but the inbox copy"
    );
    let attached = ws
        .json(&["history", "CLM-879149", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "document_attached")
        .count();
    assert_eq!(attached, 1);
}

/// Found in issue 7's second half: a named pipe in the inbox made `run` wait forever, its
/// hashing blocked in open(2) for a writer that never came.
#[test]
fn a_named_pipe_in_the_inbox_is_quarantined_as_it_is_without_being_opened() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let pipe = ws.join("inbox/invoices/CLM-879149 pipe.pdf");
    std::fs::create_dir_all(pipe.parent().unwrap()).unwrap();
    let name = std::ffi::CString::new(pipe.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let (code, stdout, stderr) = ws.run_with(&["run"], |cmd| {
        cmd.timeout(std::time::Duration::from_secs(60));
    });
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("attached 1, duplicate 0, quarantined 1"),
        "{stdout}"
    );
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions.len(), 1, "{exceptions:?}");
    assert_eq!(exceptions[0]["outcome"], "unsupported");
    assert!(
        exceptions[0]["reason"].contains("named pipe"),
        "{exceptions:?}"
    );
    let placed = ws.join(&exceptions[0]["quarantine_path"]);
    use std::os::unix::fs::FileTypeExt;
    assert!(placed.symlink_metadata().unwrap().file_type().is_fifo());
    assert!(!pipe.exists());
}

/// Found in issue 7's second half: a `.note.txt` that was a link to a file only claimdrop's
/// user may read had its target's text copied into documents.csv and the archive.
#[test]
fn a_note_that_is_a_link_is_never_read() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let secret = ws.join("secret.txt");
    std::fs::write(&secret, "TOP SECRET 4711").unwrap();
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    std::os::unix::fs::symlink(
        &secret,
        ws.join("inbox/invoices/CLM-879149_invoice.pdf.note.txt"),
    )
    .unwrap();
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}");
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["note"], "", "{documents:?}");
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(
        exceptions.len(),
        1,
        "the link is quarantined as a link: {exceptions:?}"
    );
    assert!(exceptions[0]["reason"].contains("symbolic link"));
    for file in ws
        .files_under("archive")
        .iter()
        .chain(&ws.files_under("reports"))
    {
        let bytes = std::fs::read(ws.join(file)).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP SECRET"),
            "{file} holds the link's target"
        );
    }
    assert!(ws.files_under("inbox").is_empty());
}

/// Found in issue 7's second half: a link claimdrop could quarantine in the store but not move
/// out of the inbox (a folder it may not change) was staged on the next pass, which opened it
/// and read its target (the hash check kept the copy out), and it failed silently every pass.
#[test]
fn a_link_claimdrop_may_not_move_is_never_read_and_said_once() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let secret = ws.join("secret.pdf");
    std::fs::write(&secret, "TOP SECRET 4711").unwrap();
    let folder = ws.join("inbox/invoices/locked");
    std::fs::create_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink(&secret, folder.join("CLM-879149 link.pdf")).unwrap();
    let Some(_immutable) = Immutable::set(&folder) else {
        eprintln!("SKIPPED: cannot make a folder immutable here (not root?)");
        return;
    };
    let mut errs = String::new();
    let mut outs = Vec::new();
    for _ in 0..3 {
        let (code, out, err) = ws.run(&["run"]);
        outs.push((code, out));
        errs.push_str(&err);
    }
    // The first pass records it and cannot move it (failed once); the second holds it; the
    // third leaves it alone.
    assert_eq!(outs[0].0, 1, "{outs:?}");
    assert!(
        outs[1].1.contains("failed 0") && outs[2].1.contains("ignored 1, failed 0"),
        "{outs:?}"
    );
    assert_eq!(outs[2].0, 0);
    assert_eq!(errs.matches("may not remove it").count(), 1, "{errs}");
    for file in ws.files_under("quarantine") {
        let bytes = std::fs::read(ws.join(&file)).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP SECRET"),
            "{file}"
        );
    }
}
