//! `init [DIR]`: folders, store and configuration; never overwrites what is there.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::actor;
use crate::config::{self, default_toml_for};
use crate::sink::store::Opening;
use crate::text;
use crate::workspace::Workspace;

pub fn run(dir: &Path) -> Result<()> {
    let user = actor::current_user();
    let wrote_config = create(dir, &user)?;
    println!("{}", text!("said-init", folder = dir.display().to_string()));
    if wrote_config {
        println!(
            "  {}",
            text!("said-init-config", file = config::FILE_NAME, user = &user)
        );
    } else {
        println!("  {}", text!("said-init-kept", file = config::FILE_NAME));
    }
    println!(
        "  {}",
        text!(
            "said-init-inbox",
            folder = dir.join("inbox").display().to_string()
        )
    );
    Ok(())
}

/// Creates the workspace; returns whether it wrote a new configuration file.
pub fn create(dir: &Path, admin: &str) -> Result<bool> {
    std::fs::create_dir_all(dir)
        .with_context(|| text!("error-cannot-create", path = dir.display().to_string()))?;
    let config_path = dir.join(config::FILE_NAME);
    let wrote_config = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&config_path)
    {
        Ok(mut file) => {
            file.write_all(default_toml_for(admin).as_bytes())
                .and_then(|_| file.sync_all())
                .with_context(|| {
                    text!(
                        "error-cannot-write",
                        path = config_path.display().to_string()
                    )
                })?;
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
        Err(e) => {
            return Err(e).with_context(|| {
                text!(
                    "error-cannot-write",
                    path = config_path.display().to_string()
                )
            });
        }
    };
    // Opening as the writer creates the folders the configuration names, and the store.
    let workspace = Workspace::open(dir)?;
    workspace.writer()?;
    Ok(wrote_config)
}
