//! The command line (SPEC §4), as clap definitions only; `cmd/` does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "claimdrop",
    version,
    about = "Turns shared drop folders into an auditable co-op claim file",
    propagate_version = true
)]
pub struct Cli {
    /// The workspace folder [default: $CLAIMDROP_WORKSPACE, else the current folder]
    #[arg(long, global = true, env = "CLAIMDROP_WORKSPACE", value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// Log lines as text, or as JSON objects for log collectors
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace: folders, the claim store and a commented claimdrop.toml
    Init {
        /// Where to create it [default: the workspace]
        dir: Option<PathBuf>,
    },
    /// Make a workspace from the built-in sample set and show what claimdrop does with it
    Demo {
        /// Where to create the demo workspace [default: a new folder in the temp folder]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Process everything waiting in the inbox now, refresh the reports, exit
    Run,
    /// The daemon: watch the inbox, run the schedule, stop cleanly on SIGINT/SIGTERM
    Watch,
    /// Show what claimdrop reads in a file and which claim it would go to; changes nothing
    Inspect {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Also show every candidate of every field with its features and confidence
        #[arg(long)]
        candidates: bool,
    },
    /// Write the reports now
    Report {
        /// Where to write them [default: the workspace's reports folder]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Put parked files (unmatched, claim_locked) back through the pipeline
    Retry {
        /// Parked files, by quarantine or original inbox path [default: all]
        paths: Vec<PathBuf>,
        /// File the named parked files onto this claim (matched_by manual; admins only)
        #[arg(long, value_name = "ID", requires = "paths")]
        claim: Option<String>,
    },
    /// Internal: a document reader process (started by claimdrop itself)
    #[command(hide = true)]
    Worker {
        #[arg(long)]
        address_space: u64,
        #[arg(long)]
        cpu_secs: u64,
    },
    /// Create, import, list, show, submit and review claims
    #[command(subcommand)]
    Claims(ClaimsCommand),
    /// Print history entries, of one claim or of all
    History {
        /// The claim [default: every claim]
        id: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check that the history was not edited: walk its hash chain from the first entry
    Verify {
        /// Also re-hash every archived (and quarantined) file against the store
        #[arg(long)]
        evidence: bool,
    },
    /// The claim store: which one is in use, and copying it into PostgreSQL
    #[command(subcommand)]
    Store(StoreCommand),
    /// Print shell completions: `claimdrop completions bash > /etc/bash_completion.d/claimdrop`
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff): `claimdrop man > /usr/share/man/man1/claimdrop.1`
    Man,
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Name the store in use, what it holds, and the daemons holding work now
    Status,
    /// Copy this workspace's SQLite store into an empty PostgreSQL database (admins only)
    Migrate {
        /// The database: postgres://user@host[:port]/db
        #[arg(long)]
        to: String,
        /// A file holding the database password [default: `[store] password_file`]
        #[arg(long)]
        password_file: Option<PathBuf>,
    },
}

/// The shells completions are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Subcommand)]
pub enum ClaimsCommand {
    /// Import a claim register (CSV or XLSX): create new claims, update known ones
    Import { file: PathBuf },
    /// Create one claim
    Create(CreateArgs),
    /// List claims
    List {
        /// Only claims in this status
        #[arg(long, value_parser = status)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a claim with its documents, findings and history
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the claim's pack for the vendor's portal: its documents by kind, index.csv,
    /// summary.html and history.csv, in one zip
    Pack {
        id: String,
        /// Where to write the zip (default: <ID>.zip in the current folder)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Submit a claim for review (editing or info_requested -> submitted)
    Submit {
        id: String,
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
        /// Submit despite findings that would refuse it (recorded in the history)
        #[arg(long)]
        force: bool,
    },
    /// Record a reviewer's decision
    Review {
        id: String,
        /// The new status: in_review, info_requested, approved, rejected, disputed, paid, ...
        #[arg(long, value_parser = status)]
        status: String,
        #[arg(long, value_name = "N")]
        funds_approved: Option<String>,
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Ask a colleague for a document of a kind for a claim
    Request {
        id: String,
        /// invoice, csr, proof or metrics
        #[arg(long)]
        kind: String,
        /// The user asked
        #[arg(long, value_name = "USER")]
        from: String,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// When it is wanted by (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
    },
    /// Correct a document's fields that were read wrong (the correction wins over any reading)
    Correct {
        /// The document's SHA-256 (or its first characters, if they name one document)
        sha256: String,
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        amount: Option<String>,
        #[arg(long, value_name = "C")]
        currency: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        document_date: Option<String>,
        #[arg(long, value_name = "X")]
        invoice_number: Option<String>,
        #[arg(long, value_name = "V")]
        vendor: Option<String>,
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Move an attached document to another claim
    Move {
        /// The document's SHA-256 (or its first characters, if they name one document)
        sha256: String,
        #[arg(long, value_name = "ID")]
        to: String,
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Take a document off its claim (to quarantine/detached/)
    Detach {
        /// The document's SHA-256 (or its first characters, if they name one document)
        sha256: String,
        /// Why (required)
        #[arg(long, value_name = "TEXT")]
        comment: String,
    },
    /// Cancel an open request
    RequestCancel {
        request_id: i64,
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Add a comment to a claim's history
    Comment {
        id: String,
        text: String,
        /// The attached document the comment is about
        #[arg(long, value_name = "SHA256")]
        document: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    pub id: String,
    #[arg(long)]
    pub program: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub usage_start: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub usage_end: String,
    #[arg(long, value_name = "ISO 4217")]
    pub currency: String,
    #[arg(long, value_name = "N")]
    pub funds_total: String,
    #[arg(long, default_value = "")]
    pub activity: String,
    #[arg(long, default_value = "")]
    pub location: String,
    /// A purchase-order, pre-approval or invoice number; repeat for several
    #[arg(long = "reference", value_name = "R")]
    pub references: Vec<String>,
}

/// A status name as the domain knows it: one it does not know is a usage error (exit 2), said
/// before anything runs.
fn status(text: &str) -> Result<String, String> {
    use std::str::FromStr;
    crate::domain::Status::from_str(text)
        .map(|status| status.as_str().to_string())
        .map_err(|e| e.to_string())
}
