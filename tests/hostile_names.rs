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
        common::skip("cannot make a file immutable here (not root?)");
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

/// Noticed in issue 31: a register claimdrop may not remove from the inbox was imported again
/// on every pass, and each pass kept one more copy of it in `archive/registers/`.
#[test]
fn a_register_claimdrop_may_not_remove_is_imported_once_and_held() {
    let ws = Workspace::new();
    let bytes = std::fs::read(sample_register()).unwrap();
    let path = ws.drop_file("inbox/claims/claims.csv", &bytes);
    let Some(_immutable) = Immutable::set(&path) else {
        common::skip("cannot make a file immutable here (not root?)");
        return;
    };
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("may not remove it") && err.contains("claims.csv"),
        "the reason is logged: {err}"
    );
    let claims = ws.claim_ids().len();
    assert!(claims > 0, "imported: {out}{err}");
    let history = ws.history_len();
    for _ in 0..2 {
        let (code, stdout, stderr) = ws.run_with(&["run"], |cmd| {
            cmd.env("RUST_LOG", "claimdrop=debug");
        });
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(stdout.contains("ignored 1, failed 0"), "{stdout}");
        assert!(
            stderr.contains("held in the inbox: left alone"),
            "not read again: {stderr}"
        );
        assert!(!stderr.contains("register imported"), "{stderr}");
    }
    assert!(path.exists());
    assert_eq!(ws.files_under("archive/registers").len(), 1, "kept once");
    assert_eq!(ws.claim_ids().len(), claims);
    assert_eq!(ws.history_len(), history, "nothing recorded again");
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
        common::skip("cannot make a folder immutable here (not root?)");
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

/// Nothing inside a document becomes a path: even a claim id that reads like one (a configured
/// pattern that allows slashes and dots), named in a file's content, only names a folder
/// inside the archive.
#[test]
fn a_claim_id_that_reads_like_a_path_stays_one_folder_inside_the_archive() {
    let ws = Workspace::new();
    let config = std::fs::read_to_string(ws.join("claimdrop.toml")).unwrap();
    let pattern = regex::Regex::new(r"(?m)^#?\s*claim_id_pattern = .*$").unwrap();
    assert!(pattern.is_match(&config));
    let config = pattern.replace(
        &config,
        r#"claim_id_pattern = "CLM-[0-9]{6}(/[.A-Za-z0-9_-]+)*""#,
    );
    ws.write("claimdrop.toml", &config);
    let outside = ws.path().parent().unwrap().join(format!(
        "escape-{}",
        ws.path().file_name().unwrap().to_string_lossy()
    ));
    let id = format!("CLM-000001/../..{}", outside.to_string_lossy());
    let (code, _, err) = ws.run(&[
        "claims",
        "create",
        &id,
        "--program",
        "P",
        "--usage-start",
        "2024-01-01",
        "--usage-end",
        "2024-02-01",
        "--currency",
        "EUR",
        "--funds-total",
        "100",
    ]);
    assert_eq!(code, 0, "{err}");
    ws.drop_file(
        "inbox/metrics/report.csv",
        format!("claim,clicks\n{id},5\n").as_bytes(),
    );
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}");
    assert!(!outside.exists(), "{} was written", outside.display());
    let documents = ws.report("documents.csv");
    let archived = &documents[0]["archive_path"];
    let parts: Vec<&str> = archived.split('/').collect();
    assert_eq!(parts.len(), 4, "archive/<claim>/<kind>/<file>: {archived}");
    assert!(
        parts.iter().all(|p| *p != ".." && !p.is_empty()),
        "{archived}"
    );
    assert!(ws.join(archived).is_file());
}

/// Found in issue 7's second half: a file over `limits.max_file_bytes` was read whole twice (to
/// name it by its hash) and then copied into quarantine when another user owned it, so a
/// sparse file of a terabyte cost hours and could fill the disk. It is now moved there unread.
#[test]
fn a_file_over_the_size_limit_is_moved_to_quarantine_unread() {
    use std::os::unix::fs::MetadataExt;
    let ws = Workspace::new();
    let config = std::fs::read_to_string(ws.join("claimdrop.toml")).unwrap();
    let limit = regex::Regex::new(r"(?m)^#?\s*max_file_bytes = .*$").unwrap();
    assert!(limit.is_match(&config));
    ws.write(
        "claimdrop.toml",
        &limit.replace(&config, "max_file_bytes = 1048576"),
    );
    let big = ws.join("inbox/invoices/CLM-879149 scan.pdf");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(64 << 30).unwrap();
    drop(file);
    common::age(&big);
    // A second name, as another user's file would have none we may take over: it used to be
    // copied.
    std::fs::hard_link(&big, ws.join("working-copy.pdf")).unwrap();
    let inode = big.metadata().unwrap().ino();
    // And an empty register, named by the hash of no bytes (it used to fail every pass).
    ws.drop_file("inbox/claims/empty.csv", b"");
    let (code, out, err) = ws.run_with(&["run"], |cmd| {
        cmd.timeout(std::time::Duration::from_secs(60));
    });
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("quarantined 2, ignored 0, failed 0"), "{out}");
    let exceptions = ws.report("exceptions.csv");
    let over = exceptions
        .iter()
        .find(|e| e["outcome"] == "unreadable")
        .expect("the big file");
    assert!(over["reason"].contains("max_file_bytes"), "{over:?}");
    let placed = ws.join(&over["quarantine_path"]).metadata().unwrap();
    assert_eq!(placed.ino(), inode, "moved, not copied");
    assert!(
        exceptions.iter().any(|e| e["outcome"] == "empty"),
        "{exceptions:?}"
    );
    assert!(ws.files_under("inbox").is_empty());
    let (code, out, _) = ws.run(&["run"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("processed 0"), "{out}");
}

/// Found in issue 7's second half: a dropped `x.pdf.reason.txt` quarantined beside a dropped
/// `x.pdf` was overwritten by x.pdf's reason text (or, in the other order, the next pass took
/// that text for its copy and removed the source): the dropped file was lost.
#[test]
fn a_dropped_file_named_like_another_files_reason_text_is_never_overwritten() {
    let ws = Workspace::new();
    let pdf = invoice();
    let texts = [
        ("inbox/invoices/x.pdf", pdf.clone()),
        (
            "inbox/invoices/x.pdf.reason.txt",
            b"my notes, CLM-999998\n".to_vec(),
        ),
        (
            "inbox/invoices/y.pdf.reason.txt",
            b"more notes, CLM-999997\n".to_vec(),
        ),
    ];
    for (path, bytes) in &texts[..2] {
        ws.drop_file(path, bytes);
    }
    ws.drop_file(texts[2].0, &texts[2].1);
    // y.pdf.reason.txt is in quarantine first; y.pdf comes a pass later.
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    ws.drop_file(
        "inbox/invoices/y.pdf",
        &[pdf.as_slice(), b"\n%y\n"].concat(),
    );
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = ws.run(&["run"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("processed 0"), "{out}");
    assert!(ws.files_under("inbox").is_empty());
    let exceptions = ws.report("exceptions.csv");
    assert_eq!(exceptions.len(), 4, "{exceptions:?}");
    for (original, bytes) in texts
        .iter()
        .map(|(p, b)| (p.to_string(), b.clone()))
        .chain([(
            "inbox/invoices/y.pdf".to_string(),
            [pdf.as_slice(), b"\n%y\n"].concat(),
        )])
    {
        let row = exceptions
            .iter()
            .find(|e| e["original_path"] == original)
            .unwrap_or_else(|| panic!("{original} has no row: {exceptions:?}"));
        let placed = ws.join(&row["quarantine_path"]);
        assert_eq!(
            std::fs::read(&placed).unwrap(),
            bytes,
            "{original} kept whole"
        );
        let mut reason = placed.into_os_string();
        reason.push(".reason.txt");
        let reason = std::fs::read_to_string(reason).unwrap();
        assert!(reason.contains(&original), "its own reason: {reason}");
    }
}

/// Found in issue 7's second half: a drop folder replaced by a link (anyone who may write in
/// the inbox can do it) was walked where it pointed, and the files there were filed and removed
/// from their place. A drop folder that is a link is followed only when claimdrop's own user or
/// root made it: an administrator pointing it at a share.
#[test]
fn a_drop_folder_replaced_by_someone_elses_link_is_not_followed() {
    let ws = Workspace::new();
    ws.import(&sample_register());
    let elsewhere = ws.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let victim = elsewhere.join("metrics_CLM-879149.csv");
    std::fs::write(&victim, "claim,clicks\nCLM-879149,5\n").unwrap();
    common::age(&victim);
    let metrics = ws.join("inbox/metrics");
    let _ = std::fs::remove_dir(&metrics);
    std::os::unix::fs::symlink(&elsewhere, &metrics).unwrap();
    if std::os::unix::fs::lchown(&metrics, Some(65534), Some(65534)).is_err() {
        common::skip("cannot give a link to another user here (not root?)");
        return;
    }
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 1, "reported, once: {out}{err}");
    assert!(err.contains("symbolic link made by nobody"), "{err}");
    assert!(victim.exists(), "the file it points at is left alone");
    let rows = ws.report("exceptions.csv");
    assert!(
        rows.iter().any(|r| r["original_path"] == "inbox/metrics"),
        "{rows:?}"
    );
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(victim.exists());
    assert!(ws.report("documents.csv").is_empty());

    // The same link made by claimdrop's own user (an administrator's) is followed.
    std::os::unix::fs::lchown(&metrics, Some(uzers::get_effective_uid()), None).unwrap();
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("attached 1"), "{out}");
    assert!(!victim.exists());
    assert!(ws.report("exceptions.csv").is_empty(), "the hold is let go");
}
