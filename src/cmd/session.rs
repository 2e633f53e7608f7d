//! Commands that write the workspace, carried out by its one writer.
//!
//! A writing command (`claims create|import|submit|review|comment`, `retry`) is one function
//! over a `Session`: the workspace, its store, the writer's lock, who asks, where they stand,
//! and where the output goes. Without a daemon the command takes the lock itself and runs in
//! place, as the user who runs it, printing to stdout. While `watch` holds the workspace, the
//! command line is sent through the command socket (`crate::socket`) and the daemon's filer
//! thread runs the same function between two batches, as the user the kernel says is at the
//! other end, into a buffer it sends back. So the two ways cannot drift: same parsing, same
//! checks, same output, same exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;

use crate::actor;
use crate::cli::{ClaimsCommand, Cli, Command};
use crate::sink::store::Store;
use crate::sink::store::{OpenError, Opening};
use crate::socket::{self, Request, Response};
use crate::workspace::{Workspace, WorkspaceError, WriteLock};
use crate::{said, text};

/// One writing command's world.
pub(crate) struct Session<'a> {
    pub workspace: &'a Workspace,
    pub store: &'a mut Store,
    /// Proof that this is the workspace's writer.
    pub lock: &'a WriteLock,
    /// The user the command runs as: the process's own, or the socket peer's.
    pub caller: String,
    /// The caller's current folder, for relative paths.
    pub cwd: PathBuf,
    pub out: &'a mut dyn Write,
    /// A register's bytes, read by the caller (`claims import` through the socket).
    pub register: Option<Vec<u8>>,
}

impl Session<'_> {
    /// The caller, if an admin; else the refusal naming the role the command needs.
    pub fn require_admin(&self, command: &str) -> Result<String> {
        let role = self.workspace.role_of(&self.caller);
        if !role.is_admin() {
            bail!(said!(
                "error-needs-admin",
                command = command,
                user = &self.caller,
                role = role.to_string()
            ));
        }
        Ok(self.caller.clone())
    }

    /// A path as the caller typed it, made absolute from where the caller stands.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.cwd.join(path)
        }
    }
}

/// Whether a command writes the workspace (and so goes to the daemon while one runs).
pub(crate) fn is_writing(command: &Command) -> bool {
    match command {
        Command::Retry { .. } => true,
        Command::Claims(claims) => !matches!(
            claims,
            ClaimsCommand::List { .. } | ClaimsCommand::Show { .. } | ClaimsCommand::Pack { .. }
        ),
        _ => false,
    }
}

/// Runs a writing command: through the daemon when one listens on the workspace's socket,
/// else in place. A socket nobody answers on (its daemon was killed) is passed over.
pub(crate) fn run(root: &Path, command: Command) -> Result<()> {
    let workspace = match command {
        // A filing command: never in a folder that is no workspace.
        Command::Retry { .. } => Workspace::open_existing(root)?,
        _ => Workspace::open(root)?,
    };
    let cwd = std::env::current_dir().with_context(|| text!("error-no-cwd"))?;
    if let Some(done) = through_daemon(&workspace, &command, &cwd)? {
        return done;
    }
    let (lock, mut store) = match workspace.writer() {
        Ok(writer) => writer,
        // A daemon starting up holds the lock before its socket listens: asked once more.
        Err(OpenError::Workspace(locked @ WorkspaceError::Locked { .. })) => {
            std::thread::sleep(std::time::Duration::from_millis(300));
            return match through_daemon(&workspace, &command, &cwd)? {
                Some(done) => done,
                None => Err(locked.into()),
            };
        }
        Err(e) => return Err(e.into()),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut session = Session {
        workspace: &workspace,
        store: &mut store,
        lock: &lock,
        caller: actor::current_user(),
        cwd,
        out: &mut out,
        register: None,
    };
    let result = super::execute(&mut session, command);
    crate::sink::notify::deliver_now(&workspace, &mut store);
    result
}

/// Sends the command to the daemon, prints what it printed and returns its result. None: no
/// daemon listens.
fn through_daemon(
    workspace: &Workspace,
    command: &Command,
    cwd: &Path,
) -> Result<Option<Result<()>>> {
    let path = workspace.root.join(socket::SOCKET_NAME);
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let request = Request {
        argv: command_line()?,
        cwd: cwd.to_path_buf(),
        register: register_bytes(command)?,
    };
    let Some(response) = socket::send(&path, &request)
        .with_context(|| text!("error-no-daemon", socket = path.display().to_string()))?
    else {
        return Ok(None);
    };
    print!("{}", response.stdout);
    Ok(Some(match response.error {
        Some(error) => Err(anyhow!(error)),
        None if response.code != 0 => Err(said!(
            "error-daemon-failed",
            code = response.code.to_string()
        )),
        None => Ok(()),
    }))
}

/// Carries out a request that came through the socket, in the daemon, as `caller`.
pub(crate) fn serve(
    workspace: &Workspace,
    store: &mut Store,
    lock: &WriteLock,
    request: Request,
    caller: String,
) -> Response {
    let mut out = Vec::new();
    let result = (|| -> Result<()> {
        let cli = Cli::try_parse_from(&request.argv).map_err(|e| anyhow!("{e}"))?;
        if !is_writing(&cli.command) {
            bail!(said!("error-not-writing"));
        }
        let register = request
            .register
            .as_deref()
            .map(hex::decode)
            .transpose()
            .with_context(|| text!("error-register-bytes"))?;
        let mut session = Session {
            workspace,
            store,
            lock,
            caller,
            cwd: request.cwd.clone(),
            out: &mut out,
            register,
        };
        super::execute(&mut session, cli.command)
    })();
    let error = result.err().map(|e| format!("{e:#}"));
    Response {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        code: i32::from(error.is_some()),
        error,
    }
}

/// This process's command line, to be parsed again by the daemon.
fn command_line() -> Result<Vec<String>> {
    std::env::args_os()
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| said!("error-not-utf8", arg = arg.to_string_lossy().into_owned()))
        })
        .collect()
}

/// For `claims import FILE`: the file's bytes as this caller can read them.
fn register_bytes(command: &Command) -> Result<Option<String>> {
    match command {
        Command::Claims(ClaimsCommand::Import { file }) => {
            let bytes = std::fs::read(file).with_context(|| {
                text!("error-import-refused", file = file.display().to_string())
            })?;
            Ok(Some(hex::encode(bytes)))
        }
        _ => Ok(None),
    }
}
