//! One `run` per command: open the workspace, check who may do it, call the library, print.
//!
//! This is the edge of the program: library errors become `anyhow` errors with context here,
//! and only this layer writes to the terminal.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, Command, LogFormat};
use crate::workspace::Workspace;

mod claims;
mod demo;
mod files;
mod history;
mod init;
mod inspect;
pub(crate) mod session;
mod store;
mod watch;

/// One writing command, whoever runs it (in place or through the daemon, see `session`): the
/// commands use the session, and only this dispatch knows every command.
fn execute(session: &mut session::Session, command: Command) -> Result<()> {
    match command {
        Command::Retry { paths, claim } => files::retry(session, &paths, claim.as_deref()),
        Command::Claims(claims) => claims::write(session, claims),
        _ => bail!(crate::said!("error-not-writing")),
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let root = workspace_root(cli.workspace)?;
    let verbose_default = matches!(cli.command, Command::Watch);
    if !matches!(cli.command, Command::Worker { .. }) {
        init_logging(cli.log_format, verbose_default);
        keep_from_others();
    }
    if matches!(cli.command, Command::Watch) {
        return watch::run(&Workspace::open_existing(&root)?);
    }
    end_quietly_on_a_closed_pipe();
    let result = dispatch(root, cli.command);
    // Output written with `writeln!` meets the closed pipe as an error: the same quiet end.
    if let Err(error) = &result
        && error.chain().any(|cause| {
            cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
        })
    {
        die_of_sigpipe();
    }
    result
}

fn dispatch(root: PathBuf, command: Command) -> Result<()> {
    if session::is_writing(&command) {
        return session::run(&root, command);
    }
    match command {
        Command::Init { dir } => init::run(&dir.unwrap_or(root)),
        Command::Demo { dir } => demo::run(dir),
        Command::Run => files::run(&Workspace::open_existing(&root)?),
        Command::Watch => bail!(crate::said!("error-internal", what = "watch")),
        Command::Inspect {
            file,
            json,
            candidates,
        } => inspect::run(&root, &file, json, candidates),
        Command::Report { out } => files::report(&Workspace::open(&root)?, out),
        Command::Retry { .. } => bail!(crate::said!("error-internal", what = "retry")),
        Command::Worker {
            address_space,
            cpu_secs,
        } => Ok(crate::worker::serve(address_space, cpu_secs)?),
        Command::Claims(command) => claims::read(&Workspace::open(&root)?, command),
        Command::History { id, json } => history::show(&Workspace::open(&root)?, id, json),
        Command::Verify { evidence } => history::verify(&Workspace::open(&root)?, evidence),
        Command::Store(command) => store::run(&Workspace::open_existing(&root)?, command),
        Command::Completions { shell } => {
            std::io::Write::write_all(&mut std::io::stdout().lock(), &completions(shell))?;
            Ok(())
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut page)
                .with_context(|| crate::text!("error-man"))?;
            std::io::Write::write_all(&mut std::io::stdout().lock(), &page)?;
            Ok(())
        }
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

/// A command whose output goes into a closed pipe (`claimdrop history | head -1`) ends as
/// tools do, killed by SIGPIPE, quietly: `println!` reports the closed pipe by panicking, and
/// that one panic is turned into the signal. SIGPIPE itself stays ignored, so that writing
/// to a reader process that crashed is an error claimdrop handles (one document lost, not
/// the run), and the daemon outlives anyone who goes away.
fn end_quietly_on_a_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            die_of_sigpipe();
        }
        default(info);
    }));
}

/// Ends the process as a tool writing into a closed pipe ends.
fn die_of_sigpipe() {
    // SAFETY: restores the default disposition of SIGPIPE, then raises it.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        libc::raise(libc::SIGPIPE);
    }
}

fn workspace_root(flag: Option<PathBuf>) -> Result<PathBuf> {
    match flag {
        Some(dir) => Ok(dir),
        None => std::env::current_dir().with_context(|| crate::text!("error-no-cwd")),
    }
}

/// Logs go to stderr; `RUST_LOG` overrides the level (warnings for one-shot commands, the
/// daemon's activity for `watch`).
fn init_logging(format: LogFormat, verbose: bool) {
    // A log collector reading JSON gets each pass's counts (`Summary::log`) by default.
    let default = match (verbose, format) {
        (true, _) => "info",
        (false, LogFormat::Json) => "warn,claimdrop::pipeline=info",
        (false, LogFormat::Text) => "warn",
    };
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

/// Shell completions for the whole command line, from the same definitions clap parses. Made
/// in memory: clap_complete panics on a write error, and stdout may be a closed pipe.
fn completions(shell: crate::cli::Shell) -> Vec<u8> {
    let shell = match shell {
        crate::cli::Shell::Bash => clap_complete::Shell::Bash,
        crate::cli::Shell::Zsh => clap_complete::Shell::Zsh,
        crate::cli::Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "claimdrop", &mut script);
    script
}

/// A claim id as a person typed it, in the register's spelling when the claim exists (claim
/// ids ignore letter case, SPEC §1); as typed otherwise, for the command to refuse.
fn registered(store: &crate::sink::store::Store, typed: &str) -> Result<String> {
    let typed = typed.trim();
    Ok(store
        .registered_id(typed)?
        .unwrap_or_else(|| typed.to_string()))
}

fn now() -> Result<chrono::DateTime<chrono::Utc>> {
    crate::clock::now().map_err(anyhow::Error::msg)
}
