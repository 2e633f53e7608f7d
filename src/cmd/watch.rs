//! `watch`: the daemon, until SIGINT or SIGTERM.

use anyhow::{Context, Result};

use crate::sink::store::Opening;
use crate::workspace::Workspace;

pub fn run(workspace: &Workspace) -> Result<()> {
    crate::pipeline::ocr_ask(&workspace.settings)?;
    // On PostgreSQL no process holds the workspace: daemons on any host file side by side,
    // each file under its lease (SPEC §7).
    let (lock, store) = workspace.writer()?;
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
