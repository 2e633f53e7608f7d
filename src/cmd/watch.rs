//! `watch`: the daemon, until SIGINT or SIGTERM.

use anyhow::{Context, Result};

use crate::sink::store::Opening;
use crate::workspace::Workspace;

/// How often a daemon standing by asks whether the one filing has stopped.
const STANDBY_LOOK: std::time::Duration = std::time::Duration::from_secs(2);

pub fn run(workspace: &Workspace) -> Result<()> {
    crate::pipeline::ocr_ask(&workspace.settings)?;
    // On PostgreSQL the filer lock comes first, on the connection that then files: a daemon
    // standing by holds nothing of the workspace, and commands on its host go on meanwhile.
    let filing = match workspace.settings.store.is_shared() {
        true => Some(workspace.connection()?),
        false => None,
    };
    if let Some(store) = &filing {
        stand_by(store)?;
    }
    let (lock, store) = workspace.writer()?;
    let store = filing.unwrap_or(store);
    store.take_filing()?;
    workspace.sweep(&lock);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .with_context(|| crate::text!("error-runtime"))?;
    runtime.block_on(async {
        let shutdown = async {
            let mut terminate =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = async {
                    match terminate.as_mut() {
                        Some(signal) => { signal.recv().await; }
                        None => std::future::pending::<()>().await,
                    }
                } => {}
            }
        };
        let commands: crate::daemon::Commands = std::sync::Arc::new(super::session::serve);
        crate::daemon::run(workspace.clone(), lock, store, commands, shutdown)
            .await
            .map_err(anyhow::Error::from)
    })?;
    Ok(())
}

/// While another daemon files this store (PostgreSQL), waits for it to stop, then takes over;
/// only then may this one sweep what a crash left half-written. A stop signal meanwhile ends
/// it as any process that holds nothing.
fn stand_by(store: &crate::sink::store::Store) -> Result<()> {
    let mut said = false;
    loop {
        match store.take_filing() {
            Ok(()) => break,
            Err(crate::sink::store::StoreError::Filing(holder)) => {
                if !said {
                    tracing::info!(%holder, "standing by: another daemon files this store; taking over when it stops");
                    said = true;
                }
                std::thread::sleep(STANDBY_LOOK);
            }
            Err(e) => return Err(e.into()),
        }
    }
    if said {
        tracing::info!("taking over the filing");
    }
    Ok(())
}
