//! `history [ID]` and `verify`.

use anyhow::{Result, bail};

use crate::sink::store::Verification;
use crate::workspace::Workspace;

pub fn show(workspace: &Workspace, id: Option<String>, json: bool) -> Result<()> {
    let store = workspace.reader()?;
    if let Some(id) = &id
        && store.claim(id)?.is_none()
    {
        bail!("claim {id} does not exist");
    }
    let entries = store.history(id.as_deref())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    for entry in entries {
        println!(
            "{:>5}  {}  {:<12} {:<10} {:<18} {}{}",
            entry.seq,
            entry.at,
            entry.claim_id.as_deref().unwrap_or("-"),
            entry.actor,
            entry.action,
            entry.details,
            entry
                .document_sha256
                .map(|sha| format!(" [document {sha}]"))
                .unwrap_or_default(),
        );
    }
    Ok(())
}

pub fn verify(workspace: &Workspace) -> Result<()> {
    let store = workspace.reader()?;
    match store.verify()? {
        Verification::Intact { entries } => {
            println!("history intact: {entries} entries, every link checked");
            Ok(())
        }
        Verification::Broken { seq, reason } => {
            bail!("history broken at entry {seq}: {reason}")
        }
    }
}
