//! `demo [--dir DIR]`: a workspace made from the sample set built into the binary, run once.
//!
//! The samples (`fixtures/demo/`) are real documents of every kind, with a claims register and
//! a few of the files a shared folder really receives: a duplicate, a note, an empty file, a
//! password-protected PDF, a Word file, a half-downloaded file.

use crate::text;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::init;
use crate::actor;
use crate::pipeline::Pipeline;
use crate::sink::store::Opening;
use crate::workspace::Workspace;

macro_rules! sample {
    ($path:literal) => {
        (
            $path,
            include_bytes!(concat!("../../fixtures/demo/", $path)) as &[u8],
        )
    };
}

/// Every sample, by its path in the workspace.
const SAMPLES: &[(&str, &[u8])] = &[
    (
        "inbox/claims/claims.csv",
        include_bytes!("../../fixtures/demo/claims.csv"),
    ),
    sample!("inbox/csr/CLM-187039/CSR Print advertising.xlsx"),
    sample!("inbox/csr/csr_signed.pdf"),
    sample!("inbox/invoices/CLM-013014/LDM24-0239.pdf"),
    sample!("inbox/invoices/CLM-013014/notes.docx"),
    sample!("inbox/invoices/CLM-187039/MK-1425-24_protected.pdf"),
    sample!("inbox/invoices/CLM-651249/document.pdf"),
    // A paper invoice through the office scanner: no text layer, read by OCR.
    sample!("inbox/invoices/CLM-651249/Scan_2024-12-18.pdf"),
    sample!("inbox/invoices/CLM-879149_invoice.pdf"),
    sample!("inbox/invoices/Invoice_A-006361.pdf"),
    sample!("inbox/invoices/Invoice_A-006361.pdf.note.txt"),
    sample!("inbox/metrics/CLM-013014/export_729036.csv"),
    sample!("inbox/metrics/CLM-187039_metrics.xlsx"),
    sample!("inbox/metrics/CLM-651249/Campaign Performance Dec 2024.ods"),
    sample!("inbox/proof/CLM-013014/event-photo.jpeg"),
    sample!("inbox/proof/CLM-013014/event-photo.jpeg.note.txt"),
    sample!("inbox/proof/CLM-187039 - Print advertising/20240920_114438.jpg"),
    sample!("inbox/proof/CLM-187039 - Print advertising/20240920_114438_copy.jpg"),
    sample!("inbox/proof/CLM-600738/report.pdf.part"),
    sample!("inbox/proof/Screenshot CLM-530971 2024-09-20.png"),
];

pub fn run(dir: Option<PathBuf>) -> Result<()> {
    let dir = match dir {
        Some(dir) => {
            let occupied = std::fs::read_dir(&dir)
                .map(|mut entries| entries.next().is_some())
                .unwrap_or(false);
            if occupied {
                bail!(crate::said!(
                    "error-demo-not-empty",
                    folder = dir.display().to_string()
                ));
            }
            dir
        }
        None => tempfile::Builder::new()
            .prefix("claimdrop-demo-")
            .tempdir()
            .with_context(|| crate::text!("error-demo-folder"))?
            .keep(),
    };
    init::create(&dir, &actor::current_user())?;
    // Dropped an hour ago: complete files, nothing to wait for.
    let dropped = SystemTime::now() - Duration::from_secs(3600);
    let today = super::now()?.date_naive();
    for (path, bytes) in SAMPLES {
        let target = dir.join(path);
        let dated;
        let bytes: &[u8] = if *path == "inbox/claims/claims.csv" {
            dated = register_dated_from(bytes, today, init_deadline_days())?;
            &dated
        } else {
            bytes
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| {
                crate::text!("error-cannot-create", path = parent.display().to_string())
            })?;
        }
        std::fs::write(&target, bytes)
            .and_then(|_| std::fs::File::options().write(true).open(&target))
            .and_then(|file| file.set_modified(dropped))
            .with_context(|| {
                crate::text!("error-cannot-write", path = target.display().to_string())
            })?;
    }

    let workspace = Workspace::open(&dir)?;
    let (lock, mut store) = workspace.writer()?;
    let summary = Pipeline::new(&workspace).run_once(&mut store)?;
    walk_through_review(&workspace, &mut store, &lock)?;
    crate::sink::reports::write_all(
        &store,
        &workspace.reports(),
        crate::sink::reports::Style::of(&workspace.settings),
    )?;
    println!(
        "{}",
        text!(
            "demo-dropped",
            count = SAMPLES.len(),
            folder = workspace.inbox().display().to_string()
        )
    );
    println!("{}", summary.line());
    println!();
    for row in
        crate::sink::reports::claim_rows(&store, None, workspace.settings.rules.deadline_days)?
    {
        println!(
            "  {}",
            text!(
                "demo-claim",
                claim = &row.claim_id,
                status = row.status.as_str(),
                deadline = row.deadline.to_string(),
                currency = &row.currency,
                invoices = row.invoices,
                csrs = row.csrs,
                proofs = row.proofs,
                metrics = row.metrics,
                claimed = &row.funds_claimed,
                total = &row.funds_total
            )
        );
        if !row.findings.is_empty() {
            println!(
                "              {}",
                text!("demo-to-fix", findings = row.findings.join(", "))
            );
        }
    }
    // The scanned invoice, as OCR read it (or why it could not).
    let scanned = store
        .documents_of("CLM-651249")?
        .into_iter()
        .find(|d| d.original_name == "Scan_2024-12-18.pdf");
    if let Some(scan) = scanned {
        println!();
        let line = if scan.fields_source == "ocr" {
            let field = |value: &Option<String>| value.clone().unwrap_or_else(|| "?".into());
            text!(
                "demo-scan-read",
                name = &scan.original_name,
                number = field(&scan.invoice_number),
                date = field(&scan.document_date),
                amount = field(&scan.amount),
                currency = field(&scan.currency),
                vendor = field(&scan.vendor)
            )
        } else {
            text!("demo-scan-unread", name = &scan.original_name)
        };
        println!("{line}");
    }
    let exceptions = store.open_exceptions(false)?;
    if !exceptions.is_empty() {
        println!("{}", text!("demo-quarantine"));
        for exception in exceptions {
            println!(
                "  {:<12} {}  ({})",
                exception.outcome, exception.original_path, exception.reason
            );
        }
    }
    println!();
    let path = |p: &std::path::Path| p.display().to_string();
    println!("{}", text!("demo-workspace", folder = path(&dir)));
    println!(
        "{}",
        text!(
            "demo-where",
            reports = path(&workspace.reports()),
            summary = path(&workspace.reports().join("summary.html")),
            archive = path(&workspace.archive()),
            folder = path(&dir)
        )
    );
    Ok(())
}

/// The default `deadline_days` a fresh workspace has: the demo's dates are made against it.
fn init_deadline_days() -> i64 {
    i64::from(crate::config::Settings::default().rules.deadline_days)
}

/// The sample register with the claims that no sample document dates moved next to today, so
/// the demo shows claims as they are in a live programme: one running, one whose deadline is
/// days away, some ahead. Claims whose sample invoices, CSRs and proof carry 2024 dates keep
/// theirs (moving them would put every sample outside its usage period); the demo walks
/// those through review instead.
fn register_dated_from(register: &[u8], today: NaiveDate, deadline_days: i64) -> Result<Vec<u8>> {
    // claim -> (usage start, usage end) in days from today.
    let relative: &[(&str, i64, i64)] = &[
        ("CLM-600738", -14, 16),
        (
            "CLM-641121",
            -(deadline_days - 6) - 16,
            -(deadline_days - 6),
        ),
        ("CLM-778258", -40, 5),
        ("CLM-293473", -60, -20),
        ("CLM-384275", 10, 40),
        ("CLM-022102", 30, 60),
    ];
    let mut reader = csv::Reader::from_reader(register);
    let header = reader.headers().context("the sample register")?.clone();
    let column = |name: &str| header.iter().position(|h| h == name);
    let (Some(id), Some(start), Some(end)) = (
        column("claim_id"),
        column("usage_start"),
        column("usage_end"),
    ) else {
        bail!("the sample register lacks its usage columns");
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header)?;
    for record in reader.records() {
        let record = record.context("the sample register")?;
        let moved = relative
            .iter()
            .find(|(claim, _, _)| record.get(id) == Some(*claim));
        let row: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, cell)| match moved {
                Some((_, from, _)) if i == start => {
                    (today + chrono::Duration::days(*from)).to_string()
                }
                Some((_, _, to)) if i == end => (today + chrono::Duration::days(*to)).to_string(),
                _ => cell.to_string(),
            })
            .collect();
        writer.write_record(&row)?;
    }
    writer.into_inner().context("the sample register")
}

/// What the admins did with the 2024 claims, done by the demo as the current user: one paid,
/// one submitted, one sent back for more information. Submitted with `--force` (recorded in
/// the history): their sample deadlines have long passed.
fn walk_through_review(
    workspace: &Workspace,
    store: &mut crate::sink::store::Store,
    lock: &crate::workspace::WriteLock,
) -> Result<()> {
    use crate::cli::ClaimsCommand::{Review, Submit};
    let submit = |id: &str| Submit {
        id: id.to_string(),
        comment: Some("submitted by the demo".to_string()),
        force: true,
    };
    let review = |id: &str, status: &str, approved: Option<&str>, comment: &str| Review {
        id: id.to_string(),
        status: status.to_string(),
        funds_approved: approved.map(String::from),
        comment: Some(comment.to_string()),
    };
    let steps = [
        submit("CLM-013014"),
        review("CLM-013014", "in_review", None, "checking the invoice"),
        review(
            "CLM-013014",
            "approved",
            Some("990.00"),
            "all documents in order",
        ),
        review("CLM-013014", "paid", None, "paid by the vendor"),
        submit("CLM-530971"),
        submit("CLM-187039"),
        review(
            "CLM-187039",
            "info_requested",
            None,
            "the print proof is hard to read: please add the publisher's tear sheet",
        ),
    ];
    let mut quiet = Vec::new();
    let mut session = super::session::Session {
        workspace,
        store,
        lock,
        caller: actor::current_user(),
        cwd: workspace.root.clone(),
        out: &mut quiet,
        register: None,
    };
    for step in steps {
        super::claims::write(&mut session, step)?;
    }
    Ok(())
}
