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

    #[command(subcommand)]
    pub command: Command,
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
    Verify,
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
        #[arg(long)]
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
    /// Submit a claim for review (editing or info_requested -> submitted)
    Submit {
        id: String,
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Record a reviewer's decision
    Review {
        id: String,
        /// The new status: in_review, info_requested, approved, rejected, disputed, paid, ...
        #[arg(long)]
        status: String,
        #[arg(long, value_name = "N")]
        funds_approved: Option<String>,
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
