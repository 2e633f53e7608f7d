//! claimdrop turns shared drop folders into an auditable co-op claim file.
//!
//! The architecture is sources -> stages -> sinks (see DESIGN.md): sources discover files,
//! stages are pure typed steps (identify, extract, match, validate, and reading claim
//! registers), sinks commit (the claim store, the archive, the reports). `domain` holds the
//! shared language; `cmd` is the edge that talks to the terminal.
//!
//! The foundation here: configuration, the workspace and its lock, the SQLite claim store with
//! its hash-chained history, the claim lifecycle, registers, and the commands over them.

pub(crate) mod actor;
pub mod cli;
pub(crate) mod clock;
pub mod cmd;
pub mod config;
pub(crate) mod daemon;
pub mod domain;
pub mod pipeline;
pub(crate) mod plain_file;
pub(crate) mod sink;
pub(crate) mod source;
pub mod stage;
pub mod text;
pub mod worker;
pub mod workspace;
