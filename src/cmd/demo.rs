//! `demo [--dir DIR]`: a workspace made from the sample set built into the binary.
//!
//! Ingestion of dropped documents is not built yet, so the demo shows what is: the claim
//! register import, the lifecycle and the verifiable history.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::{claims, init, now};
use crate::actor;
use crate::domain::Status;
use crate::workspace::Workspace;

const REGISTER: &[u8] = include_bytes!("../../fixtures/demo/claims.csv");

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
    let user = actor::current_user();
    init::create(&dir, &user)?;
    let workspace = Workspace::open(&dir)?;

    let register = dir.join("inbox").join("claims").join("claims.csv");
    std::fs::write(&register, REGISTER)
        .with_context(|| format!("{}: cannot write", register.display()))?;
    let summary = claims::import(&workspace, &register)?;
    println!(
        "Imported the sample register: {} claims created",
        summary.created
    );

    let (_lock, mut store) = workspace.writer()?;
    let rows = store.claim_rows(None, workspace.settings.rules.deadline_days)?;
    if let Some(first) = rows.first() {
        let id = first.claim_id.clone();
        let at = now()?;
        store.change_status(
            &id,
            Status::Submitted,
            None,
            Some("all documents in"),
            &user,
            at,
        )?;
        store.change_status(&id, Status::InReview, None, None, &user, at)?;
        println!("Walked {id} through editing -> submitted -> in_review");
    }
    let entries = store.history(None)?.len();

    println!();
    println!("Demo workspace: {}", dir.display());
    println!(
        "  {} claims, {entries} history entries (a verifiable hash chain)",
        rows.len()
    );
    println!("  try: claimdrop --workspace {} claims list", dir.display());
    println!("       claimdrop --workspace {} history", dir.display());
    println!("       claimdrop --workspace {} verify", dir.display());
    println!(
        "Not built yet: reading dropped documents and writing the CSV reports; the demo will file the sample documents once ingestion lands."
    );
    Ok(())
}
