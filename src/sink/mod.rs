//! Sinks: where results are committed: the claim store, the archive and quarantine folders, and
//! the reports, and the notifier that tells people.

pub mod archive;
pub(crate) mod commit;
pub(crate) mod notify;
pub(crate) mod pack;
pub mod reports;
pub mod store;
