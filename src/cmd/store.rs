//! `store status` and `store migrate --to URL` (SPEC §4, §7).

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::cli::StoreCommand;
use crate::said;
use crate::sink::store::{Counts, Opening, Shared};
use crate::text;
use crate::workspace::{Workspace, WorkspaceError};

pub fn run(workspace: &Workspace, command: StoreCommand) -> Result<()> {
    match command {
        StoreCommand::Status => status(workspace),
        StoreCommand::Migrate { to, password_file } => migrate(workspace, &to, password_file),
    }
}

fn status(workspace: &Workspace) -> Result<()> {
    if let Some(shared) = workspace.shared()? {
        let status = shared.status()?;
        println!(
            "{}",
            text!(
                "said-store-postgres",
                url = status.url,
                server = status.server,
                version = status.schema_version
            )
        );
        if status.schema_version == 0 {
            println!("{}", text!("said-store-empty"));
            return Ok(());
        }
        let store = shared.into_store()?;
        print_counts(store.counts()?);
        match store.on_duty_now()? {
            Some(filer) => println!("{}", text!("said-store-filer", filer = filer)),
            None => println!("{}", text!("said-store-no-filer")),
        }
        for holder in status.leases {
            println!(
                "{}",
                text!(
                    "said-store-lease",
                    daemon = holder.daemon,
                    host = holder.host,
                    pid = holder.pid,
                    leases = holder.leases
                )
            );
        }
        return Ok(());
    }
    let store = workspace.reader()?;
    println!(
        "{}",
        text!(
            "said-store-sqlite",
            file = workspace.database().display().to_string(),
            version = store.schema_version()?
        )
    );
    print_counts(store.counts()?);
    // The one writer of a SQLite store holds the workspace's lock: asking for it says who.
    match workspace.lock() {
        Ok(_free) => println!("{}", text!("said-store-no-writer")),
        Err(WorkspaceError::Locked { pid: Some(pid), .. }) => {
            println!("{}", text!("said-store-writer", pid = pid));
        }
        Err(WorkspaceError::Locked { pid: None, .. }) => {
            println!("{}", text!("said-store-writer-unknown"));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

fn print_counts(counts: Counts) {
    println!(
        "{}",
        text!(
            "said-store-counts",
            claims = counts.claims,
            documents = counts.documents,
            entries = counts.history_entries,
            exceptions = counts.open_exceptions
        )
    );
}

/// Copies the SQLite store, holding the workspace's lock so that nothing is filed meanwhile:
/// a file filed during the copy would be in the old store only.
fn migrate(workspace: &Workspace, to: &str, password_file: Option<PathBuf>) -> Result<()> {
    let caller = crate::actor::current_user();
    let role = workspace.role_of(&caller);
    if !role.is_admin() {
        bail!(said!(
            "error-needs-admin",
            command = "store migrate",
            user = caller,
            role = role.to_string()
        ));
    }
    if !crate::config::is_postgres_url(to) {
        bail!(said!(
            "error-store-url",
            url = crate::sink::store::redact(to)
        ));
    }
    if workspace.settings.store.is_shared() {
        bail!(said!(
            "error-store-already-shared",
            url = crate::sink::store::redact(&workspace.settings.store.url)
        ));
    }
    let password_file = match password_file {
        Some(file) => Some(file),
        None => {
            let configured = &workspace.settings.store.password_file;
            (!configured.as_os_str().is_empty()).then(|| workspace.resolve(configured))
        }
    };
    let (_lock, mut store) = workspace.writer()?;
    let mut shared = Shared::connect(to, password_file.as_deref())?;
    let copied = store.copy_into(&mut shared)?;
    for (table, rows) in &copied.tables {
        println!(
            "{}",
            text!("said-store-copied", table = *table, rows = *rows)
        );
    }
    println!(
        "{}",
        text!(
            "said-store-migrated",
            url = shared.url().to_string(),
            entries = copied.history_entries
        )
    );
    Ok(())
}
