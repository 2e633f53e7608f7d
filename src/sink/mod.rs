//! Sinks: where results are committed (the claim store now; archive and reports to come).

pub mod store;
