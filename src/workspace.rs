//! A workspace: one folder holding the configuration, the store, the drop folders, the archive,
//! quarantine and reports (SPEC §2).
//!
//! Opening one validates the configuration and resolves every configured path against the
//! workspace folder. Writing needs the workspace lock: an exclusive advisory lock on
//! `.claimdrop.lock`, held for the life of the process and released by the OS even if the
//! process dies, so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::config::{ConfigError, Settings};
use std::os::unix::fs::MetadataExt;

use crate::domain::{Kind, Role};

const LOCK_FILE: &str = ".claimdrop.lock";

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("{}", crate::text!("workspace-missing", folder = .0.display().to_string()))]
    Missing(PathBuf),
    #[error("{}", crate::text!("workspace-not-folder", folder = .0.display().to_string()))]
    NotAFolder(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", match pid {
        Some(pid) => crate::text!("workspace-locked-by", folder = path.display().to_string(), pid = pid),
        None => crate::text!("workspace-locked", folder = path.display().to_string()),
    })]
    Locked { path: PathBuf, pid: Option<String> },
    #[error("{}", crate::text!("workspace-none", folder = .0.display().to_string()))]
    NotAWorkspace(PathBuf),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WorkspaceError + '_ {
    move |source| WorkspaceError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub settings: Settings,
}

/// Proof that this process may write the workspace: its one writer, the lock going with it,
/// or one of several over a shared store (`WriteLock::shared`).
#[derive(Debug)]
pub struct WriteLock {
    file: Option<File>,
    root: PathBuf,
}

impl WriteLock {
    /// The writer's permission where several daemons share the store (PostgreSQL): the
    /// database serialises the writers, so no process holds the workspace (SPEC §7).
    pub fn shared(root: &Path) -> WriteLock {
        WriteLock {
            file: None,
            root: root.to_path_buf(),
        }
    }

    /// Whether this process is the workspace's one writer (not one of several).
    pub fn is_sole(&self) -> bool {
        self.file.is_some()
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Closed first: the record lock goes with it, and only then may this process lock again.
        if let Some(file) = self.file.take() {
            drop(file);
            if let Ok(mut held) = HELD.lock() {
                held.remove(&self.root);
            }
        }
    }
}

/// Workspaces whose lock this process holds: record locks are per process, so a second
/// writer inside the same process is refused here.
static HELD: std::sync::Mutex<std::collections::BTreeSet<PathBuf>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// Takes the writer's lock on `file`: false when another writer holds it.
///
/// A POSIX record lock (`fcntl(F_SETLK)`), not `flock`: it belongs to this process alone, so a
/// reader process being started (between its fork and its exec it holds copies of every
/// descriptor) cannot keep a crashed writer's lock alive, and it ends with the process, even
/// on SIGKILL.
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    let whole_file = libc::flock {
        l_type: libc::F_WRLCK as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    // SAFETY: fcntl reads the struct we pass for the open descriptor we own; nothing else.
    let result = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLK, &whole_file) };
    if result == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EACCES | libc::EAGAIN) => Ok(false),
        _ => Err(error),
    }
}

impl Workspace {
    /// Opens an existing workspace folder and its configuration.
    pub fn open(root: &Path) -> Result<Workspace, WorkspaceError> {
        match std::fs::metadata(root) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(WorkspaceError::Missing(root.to_path_buf()));
            }
            Err(e) => return Err(io(root)(e)),
            Ok(meta) if !meta.is_dir() => {
                return Err(WorkspaceError::NotAFolder(root.to_path_buf()));
            }
            Ok(_) => {}
        }
        // Absolute, so that paths from change events and from scans compare equal.
        let root = std::fs::canonicalize(root).map_err(io(root))?;
        let settings = Settings::load(&root)?;
        // From here on, what this process says is in the workspace's language.
        settings.lang().speak();
        Ok(Workspace { root, settings })
    }

    /// A workspace a filing command (`run`, `watch`, `retry`) may work in: one `init` made,
    /// or one with a claim store already. A folder a command merely runs in is refused before
    /// anything is created there.
    pub fn open_existing(root: &Path) -> Result<Workspace, WorkspaceError> {
        let workspace = Workspace::open(root)?;
        let configured = workspace.root.join(crate::config::FILE_NAME).exists();
        if !configured && !workspace.database().exists() {
            return Err(WorkspaceError::NotAWorkspace(workspace.root));
        }
        Ok(workspace)
    }

    /// How this workspace's claim registers are read.
    pub fn register_rules(&self) -> crate::stage::register::RegisterRules {
        crate::stage::register::RegisterRules {
            claim_id: self.settings.claim_id_regex(),
            date_order: self.settings.registers.date_order,
        }
    }

    pub(crate) fn resolve(&self, path: &Path) -> PathBuf {
        self.root.join(path)
    }

    pub fn inbox(&self) -> PathBuf {
        self.resolve(&self.settings.paths.inbox)
    }
    pub fn archive(&self) -> PathBuf {
        self.resolve(&self.settings.paths.archive)
    }
    pub fn quarantine(&self) -> PathBuf {
        self.resolve(&self.settings.paths.quarantine)
    }
    pub fn reports(&self) -> PathBuf {
        self.resolve(&self.settings.paths.reports)
    }
    pub fn database(&self) -> PathBuf {
        self.resolve(&self.settings.paths.database)
    }

    /// The drop folders with the kind of document each holds.
    pub fn drop_folders(&self) -> Vec<(PathBuf, Kind)> {
        let inbox = self.inbox();
        self.settings
            .kinds
            .iter()
            .map(|(folder, kind)| (inbox.join(folder), *kind))
            .collect()
    }

    /// Takes the writer's lock, or says who holds it.
    pub fn lock(&self) -> Result<WriteLock, WorkspaceError> {
        let path = self.root.join(LOCK_FILE);
        let mut held = HELD
            .lock()
            .map_err(|_| io(&path)(std::io::Error::other("the lock registry was poisoned")))?;
        // Checked before the file is opened: closing any descriptor of the lock file would
        // drop this process's record lock on it.
        if held.contains(&self.root) {
            return Err(WorkspaceError::Locked {
                path: self.root.clone(),
                pid: Some(std::process::id().to_string()),
            });
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        if !try_lock(&file).map_err(io(&path))? {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let pid = pid.trim();
            return Err(WorkspaceError::Locked {
                path: self.root.clone(),
                pid: (!pid.is_empty()).then(|| pid.to_string()),
            });
        }
        held.insert(self.root.clone());
        // The pid is only for the message another process prints; failing to write it is harmless.
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| write!(file, "{}", std::process::id()));
        Ok(WriteLock {
            file: Some(file),
            root: self.root.clone(),
        })
    }

    /// Creates every folder the workspace needs; existing ones are left as they are.
    pub fn create_folders(&self) -> Result<(), WorkspaceError> {
        let mut folders = vec![self.archive(), self.quarantine(), self.reports()];
        folders.extend(self.drop_folders().into_iter().map(|(path, _)| path));
        for folder in folders {
            std::fs::create_dir_all(&folder).map_err(io(&folder))?;
        }
        Ok(())
    }

    /// The role of a user here. A workspace whose configuration names no admin at all belongs
    /// to the owner of its folder, so that a bare folder is usable before `init`.
    pub fn role_of(&self, user: &str) -> Role {
        if self.settings.has_no_admins() {
            let owner = std::fs::metadata(&self.root).map(|m| m.uid()).ok();
            if owner.map(crate::actor::user_name).as_deref() == Some(user) {
                return Role::GlobalAdmin;
            }
        }
        self.settings.role_of(user)
    }

    /// A path as reports show it: relative to the workspace, with `/` separators.
    pub fn relative(&self, path: &Path) -> String {
        match path.strip_prefix(&self.root) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => path.to_string_lossy().into_owned(),
        }
    }
}
