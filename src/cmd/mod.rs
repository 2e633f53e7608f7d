//! One `run` per command: open the workspace, check who may do it, call the library, print.
//!
//! This is the edge of the program: library errors become `anyhow` errors with context here,
//! and only this layer writes to the terminal.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::actor;
use crate::cli::{Cli, Command, LogFormat};
use crate::workspace::Workspace;

mod claims;
mod demo;
mod files;
mod history;
mod init;
mod inspect;
mod watch;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let root = workspace_root(cli.workspace)?;
    let verbose_default = matches!(cli.command, Command::Watch);
    if !matches!(cli.command, Command::Worker { .. }) {
        init_logging(cli.log_format, verbose_default);
        keep_from_others();
    }
    match cli.command {
        Command::Init { dir } => init::run(&dir.unwrap_or(root)),
        Command::Demo { dir } => demo::run(dir),
        Command::Run => files::run(&Workspace::open(&root)?),
        Command::Watch => watch::run(&Workspace::open(&root)?),
        Command::Inspect { file, json } => inspect::run(&root, &file, json),
        Command::Report { out } => files::report(&Workspace::open(&root)?, out),
        Command::Retry { paths } => files::retry(&Workspace::open(&root)?, &paths),
        Command::Worker {
            address_space,
            cpu_secs,
        } => Ok(crate::worker::serve(address_space, cpu_secs)?),
        Command::Claims(command) => claims::run(&Workspace::open(&root)?, command),
        Command::History { id, json } => history::show(&Workspace::open(&root)?, id, json),
        Command::Verify { evidence } => history::verify(&Workspace::open(&root)?, evidence),
    }
}

/// Everything claimdrop creates (store, reports, archive and quarantine copies, folders) gives
/// nothing to other users: the umask it inherits, plus "others: no access". The group keeps
/// what the inherited umask gives it, so a finance group can be let in by the workspace
/// folder's group (setgid) and a umask of 002 or 022.
fn keep_from_others() {
    // SAFETY: umask only swaps the process's creation mask; it cannot fail or touch memory.
    unsafe {
        let inherited = libc::umask(0o077);
        libc::umask(inherited | 0o007);
    }
}

fn workspace_root(flag: Option<PathBuf>) -> Result<PathBuf> {
    match flag {
        Some(dir) => Ok(dir),
        None => std::env::current_dir().context("cannot read the current folder"),
    }
}

/// Logs go to stderr; `RUST_LOG` overrides the level (warnings for one-shot commands, the
/// daemon's activity for `watch`).
fn init_logging(format: LogFormat, verbose: bool) {
    let default = if verbose { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.with_target(false).try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// The actor, if an admin; else the refusal naming the role the command needs.
pub fn require_admin(workspace: &Workspace, command: &str) -> Result<String> {
    let user = actor::current_user();
    let role = workspace.role_of(&user);
    if !role.is_admin() {
        bail!(
            "{command} needs the incentives_admin or global_admin role; {user} is an {role} (see [roles] in claimdrop.toml)"
        );
    }
    Ok(user)
}

fn now() -> Result<chrono::DateTime<chrono::Utc>> {
    crate::clock::now().map_err(anyhow::Error::msg)
}
