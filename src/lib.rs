//! claimdrop turns shared drop folders into an auditable co-op claim file.
//!
//! The architecture is sources -> stages -> sinks (see DESIGN.md). Sources discover files
//! and say when each is ready (`source::readiness`); stages are pure typed steps (identify,
//! extract in a worker process, decide where it goes, validate claims, read registers);
//! sinks commit (`sink::commit` files a decision in the crash-safe order into the archive or
//! quarantine with the store's transaction; then the reports). `pipeline` wires them;
//! `domain` holds the shared language; `cmd` is the edge that talks to the terminal.
//! Modules are `pub(crate)` unless the binary, the tests, the benches or the fuzz targets
//! need them.

pub(crate) mod actor;
pub mod cli;
pub(crate) mod clock;
pub mod cmd;
pub mod config;
pub(crate) mod daemon;
pub mod domain;
pub mod lang;
pub mod pipeline;
pub(crate) mod plain_file;
pub(crate) mod sink;
pub(crate) mod socket;
pub(crate) mod source;
pub mod stage;
pub(crate) mod stamp;
pub mod text;
pub mod worker;
pub mod workspace;
