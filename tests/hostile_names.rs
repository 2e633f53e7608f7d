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
fn a_file_claimdrop_may_not_remove_is_filed_once_and_never_counted_failed() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let path = ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let Some(_immutable) = Immutable::set(&path) else {
        eprintln!("SKIPPED: cannot make a file immutable here (not root?)");
        return;
    };
    let (code, out, _) = ws.run(&["run"]);
    assert_eq!(code, 0);
    assert!(out.contains("attached 1"), "{out}");
    for _ in 0..2 {
        let (code, out, err) = ws.run(&["run"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("attached 0") && out.contains("ignored 1, failed 0"),
            "{out}"
        );
        assert!(
            err.contains("may not remove it"),
            "the reason is logged: {err}"
        );
    }
    assert!(path.exists());
    assert_eq!(ws.report("documents.csv").len(), 1);
    let attached = ws
        .json(&["history", "CLM-879149", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "document_attached")
        .count();
    assert_eq!(attached, 1);
}
