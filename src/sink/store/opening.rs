//! Opening a workspace's store: the writer (with the workspace's lock, its folders made, what
//! a crashed writer left half-written swept) and readers. It lives with the store, so that the
//! workspace (folders, settings, the lock) knows nothing of the store built on it.

use super::{Shared, Store, StoreError};
use crate::workspace::{Workspace, WorkspaceError, WriteLock};

/// Why a workspace's store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A workspace's store, opened.
pub trait Opening {
    /// Locks the workspace, makes sure its folders exist, and opens the store for writing.
    fn writer(&self) -> Result<(WriteLock, Store), OpenError>;

    /// Opens the store for reading, without the lock: works while another process writes.
    fn reader(&self) -> Result<Store, StoreError>;

    /// One more connection to the store for a thread beside its writer (the notifier), which
    /// writes its own rows.
    fn connection(&self) -> Result<Store, StoreError>;

    /// Removes what a crashed writer left half-written in the archive, quarantine and
    /// reports. It walks those folders, so the filing commands (`run`, `watch`, `retry`) do it
    /// once at their start, not every command that opens the store; the lock must be held
    /// (beside other daemons, only files nobody wrote for ten leases are taken).
    fn sweep(&self, lock: &WriteLock);

    /// Connects to the workspace's PostgreSQL store (`[store] url`); `None` when its store
    /// is the SQLite file.
    fn shared(&self) -> Result<Option<Shared>, StoreError>;
}

impl Opening for Workspace {
    fn writer(&self) -> Result<(WriteLock, Store), OpenError> {
        // Several daemons and commands write a shared store at once: the database serialises
        // them, and no process holds the workspace.
        if let Some(shared) = self.shared()? {
            self.create_folders()?;
            return Ok((WriteLock::shared(&self.root), shared.into_store()?));
        }
        let lock = self.lock()?;
        self.create_folders()?;
        Ok((lock, Store::open(&self.database())?))
    }

    fn connection(&self) -> Result<Store, StoreError> {
        match self.shared()? {
            Some(shared) => shared.into_store(),
            None => Store::open(&self.database()),
        }
    }

    fn reader(&self) -> Result<Store, StoreError> {
        match self.shared()? {
            Some(shared) => shared.into_store(),
            None => Store::open_read_only(&self.database()),
        }
    }

    fn sweep(&self, lock: &WriteLock) {
        // Beside other daemons, only what nobody has written for a while: a live daemon's
        // temporary file is renamed into place within its batch.
        let idle = (!lock.is_sole())
            .then(|| std::time::Duration::from_secs(self.settings.store.lease_secs.max(60) * 10));
        for folder in [self.archive(), self.quarantine(), self.reports()] {
            let removed = crate::sink::archive::sweep(&folder, idle);
            if removed > 0 {
                tracing::info!(folder = %folder.display(), removed, "removed copies a crash left half-written");
            }
        }
    }

    fn shared(&self) -> Result<Option<Shared>, StoreError> {
        let store = &self.settings.store;
        if !store.is_shared() {
            return Ok(None);
        }
        let password_file = (!store.password_file.as_os_str().is_empty())
            .then(|| self.resolve(&store.password_file));
        Shared::connect(&store.url, password_file.as_deref()).map(Some)
    }
}
