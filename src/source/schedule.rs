//! The schedule: when each cron job of `[schedule]` is due next.

use chrono::{DateTime, Utc};
use croner::Cron;

use crate::config::{Schedule, parse_cron};

/// A job the daemon runs on a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Scan,
    Reports,
    Deadlines,
}

/// The parsed schedule; a job whose expression is empty is off.
#[derive(Debug, Clone)]
pub struct Jobs {
    jobs: Vec<(Job, Cron)>,
}

impl Jobs {
    /// Expressions were checked when the configuration was read; one that fails here all
    /// the same is off, and the log says so.
    pub fn new(schedule: &Schedule) -> Jobs {
        let jobs = [
            (Job::Scan, &schedule.scan),
            (Job::Reports, &schedule.reports),
            (Job::Deadlines, &schedule.deadlines),
        ]
        .into_iter()
        .filter_map(|(job, expression)| match parse_cron(expression) {
            Ok(cron) => cron.map(|c| (job, c)),
            Err(error) => {
                tracing::error!(?job, expression, %error, "a [schedule] entry cannot be read: that job is off");
                None
            }
        })
        .collect();
        Jobs { jobs }
    }

    /// The next job due after `now`, and when.
    pub fn next(&self, now: DateTime<Utc>) -> Option<(Job, DateTime<Utc>)> {
        self.jobs
            .iter()
            .filter_map(|(job, cron)| {
                cron.find_next_occurrence(&now, false)
                    .ok()
                    .map(|at| (*job, at))
            })
            .min_by_key(|(_, at)| *at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_earliest_job_comes_first() {
        let jobs = Jobs::new(&Schedule {
            scan: "*/5 * * * *".into(),
            reports: "0 * * * *".into(),
            deadlines: "".into(),
        });
        let now = Utc.with_ymd_and_hms(2024, 11, 20, 9, 2, 0).unwrap();
        let (job, at) = jobs.next(now).unwrap();
        assert_eq!(job, Job::Scan);
        assert_eq!(at, Utc.with_ymd_and_hms(2024, 11, 20, 9, 5, 0).unwrap());
    }
}
