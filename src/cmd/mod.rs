//! One `run` per command: open the workspace, check who may do it, call the library, print.
//!
//! This is the edge of the program: library errors become `anyhow` errors with context here,
//! and only this layer writes to the terminal.

use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::actor;
use crate::cli::{Cli, Command};
use crate::domain::Role;
use crate::workspace::Workspace;

mod claims;
mod demo;
mod history;
mod init;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let root = workspace_root(cli.workspace)?;
    match cli.command {
        Command::Init { dir } => init::run(&dir.unwrap_or(root)),
        Command::Demo { dir } => demo::run(dir),
        Command::Claims(command) => claims::run(&Workspace::open(&root)?, command),
        Command::History { id, json } => history::show(&Workspace::open(&root)?, id, json),
        Command::Verify => history::verify(&Workspace::open(&root)?),
    }
}

fn workspace_root(flag: Option<PathBuf>) -> Result<PathBuf> {
    match flag {
        Some(dir) => Ok(dir),
        None => std::env::current_dir().context("cannot read the current folder"),
    }
}

/// The role of the user running this command. A workspace whose configuration names no admin
/// at all belongs to the owner of its folder, so that a bare folder is usable before `init`.
pub fn role_of(workspace: &Workspace, user: &str) -> Role {
    if workspace.settings.has_no_admins() {
        let owner = std::fs::metadata(&workspace.root).map(|m| m.uid()).ok();
        if owner.map(actor::user_name).as_deref() == Some(user) {
            return Role::GlobalAdmin;
        }
    }
    workspace.settings.role_of(user)
}

/// The actor, if an admin; else the refusal naming the role the command needs.
pub fn require_admin(workspace: &Workspace, command: &str) -> Result<String> {
    let user = actor::current_user();
    let role = role_of(workspace, &user);
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
