//! `history [ID]` and `verify [--evidence]`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Result, bail};

use crate::{said, text};

use crate::sink::archive;
use crate::sink::store::Opening;
use crate::sink::store::{Verification, Vouched};
use crate::workspace::Workspace;

pub fn show(workspace: &Workspace, id: Option<String>, json: bool) -> Result<()> {
    let store = workspace.reader()?;
    let id = id.map(|id| super::registered(&store, &id)).transpose()?;
    if let Some(id) = &id
        && store.claim(id)?.is_none()
    {
        bail!(said!("claim-missing", claim = id));
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

pub fn verify(workspace: &Workspace, evidence: bool) -> Result<()> {
    let mut store = workspace.reader()?;
    let chain = match store.verify()? {
        Verification::Intact { entries } => {
            println!("{}", text!("said-history-intact", entries = entries));
            None
        }
        Verification::Broken { seq, reason } => {
            let said = text!("said-history-broken", entry = seq, why = reason).to_string();
            println!("{said}");
            Some(said)
        }
    };
    let files = if evidence {
        verify_evidence(workspace, &store.vouched()?)
    } else {
        None
    };
    match (chain, files) {
        (None, None) => Ok(()),
        (chain, files) => bail!(
            "{}",
            [chain, files]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// A file's hash and size now, or why it could not be read.
type Rehashed = Result<(String, u64), String>;

/// Re-hashes every file the store vouches for, on every core; prints each one that differs or
/// is missing and what was checked how fast. `Some` says what failed.
fn verify_evidence(workspace: &Workspace, vouched: &[Vouched]) -> Option<String> {
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let found: Vec<(usize, Rehashed)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let at = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = vouched.get(at) else {
                            break out;
                        };
                        let path = workspace.root.join(&file.path);
                        out.push((at, archive::hash_of(&path).map_err(|e| e.to_string())));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut results: Vec<Option<Rehashed>> = vec![None; vouched.len()];
    for (at, result) in found {
        if let Some(slot) = results.get_mut(at) {
            *slot = Some(result);
        }
    }
    let mut bytes = 0u64;
    let mut bad = 0usize;
    for (file, result) in vouched.iter().zip(results) {
        // A file a hashing thread never reported (it died) is not vouched for.
        let result = result.unwrap_or_else(|| Err(text!("said-unchecked").to_string()));
        match &result {
            Ok((sha, size)) if *sha == file.sha256 => bytes += size,
            Ok((sha, size)) => {
                bytes += size;
                bad += 1;
                println!(
                    "{}",
                    text!(
                        "said-differs",
                        path = &file.path,
                        recorded = &file.sha256,
                        now = sha
                    )
                );
            }
            Err(error) => {
                bad += 1;
                println!(
                    "{}",
                    text!("said-missing-file", path = &file.path, error = error)
                );
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        text!(
            "said-evidence",
            files = vouched.len(),
            mib = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0)),
            seconds = format!("{seconds:.2}"),
            rate = format!("{:.0}", vouched.len() as f64 / seconds.max(1e-9)),
            bad = bad
        )
    );
    (bad > 0).then(|| text!("said-evidence-bad", bad = bad).to_string())
}
