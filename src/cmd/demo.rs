//! `demo [--dir DIR]`: a workspace made from the sample set built into the binary, run once.
//!
//! The samples (`fixtures/demo/`) are real documents of every kind, with a claims register and
//! a few of the files a shared folder really receives: a duplicate, a note, an empty file, a
//! password-protected PDF, a Word file, a half-downloaded file.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};

use super::init;
use crate::actor;
use crate::pipeline::Pipeline;
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
                bail!(
                    "{}: not empty; the demo needs a new or empty folder",
                    dir.display()
                );
            }
            dir
        }
        None => tempfile::Builder::new()
            .prefix("claimdrop-demo-")
            .tempdir()
            .context("cannot create a folder for the demo")?
            .keep(),
    };
    init::create(&dir, &actor::current_user())?;
    // Dropped an hour ago: complete files, nothing to wait for.
    let dropped = SystemTime::now() - Duration::from_secs(3600);
    for (path, bytes) in SAMPLES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .and_then(|_| std::fs::File::options().write(true).open(&target))
            .and_then(|file| file.set_modified(dropped))
            .with_context(|| format!("{}: cannot write", target.display()))?;
    }

    let workspace = Workspace::open(&dir)?;
    let (_lock, mut store) = workspace.writer()?;
    let summary = Pipeline::new(&workspace).run_once(&mut store)?;
    println!(
        "{} sample files dropped into {}",
        SAMPLES.len(),
        workspace.inbox().display()
    );
    println!("{}", summary.line());
    println!();
    for row in store.claim_rows(None, workspace.settings.rules.deadline_days)? {
        let documents = row.invoices + row.csrs + row.proofs + row.metrics;
        if documents > 0 {
            println!(
                "  {}  {} {}: {} invoices, {} CSRs, {} proofs, {} metrics; claimed {} of {}",
                row.claim_id,
                row.status,
                row.currency,
                row.invoices,
                row.csrs,
                row.proofs,
                row.metrics,
                row.funds_claimed,
                row.funds_total
            );
            if !row.findings.is_empty() {
                println!("              still to fix: {}", row.findings.join(", "));
            }
        }
    }
    let exceptions = store.open_exceptions(false)?;
    if !exceptions.is_empty() {
        println!("in quarantine, for a person to look at:");
        for exception in exceptions {
            println!(
                "  {:<12} {}  ({})",
                exception.outcome, exception.original_path, exception.reason
            );
        }
    }
    println!();
    println!("Demo workspace: {}", dir.display());
    println!("  reports:  {}", workspace.reports().display());
    println!("  archive:  {}", workspace.archive().display());
    println!(
        "  try:      claimdrop --workspace {} claims list",
        dir.display()
    );
    println!(
        "            claimdrop --workspace {} watch   (then drop files into inbox/)",
        dir.display()
    );
    Ok(())
}
