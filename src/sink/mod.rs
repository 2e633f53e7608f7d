//! Sinks: where results are committed: the claim store, the archive and quarantine folders, and
//! the reports.

pub mod archive;
pub(crate) mod commit;
pub mod reports;
pub mod store;
