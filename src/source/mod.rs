//! Sources: they discover paths and nothing else (the scan, the watcher, the schedule).

pub mod readiness;
pub mod scan;
pub mod schedule;
pub mod watch;
