//! The time claimdrop stamps on history and measures deadlines against.
//!
//! `CLAIMDROP_NOW` (RFC 3339, or a date meaning its midnight UTC) fixes the clock, so tests and
//! audits can replay a day; without it, the system clock.

use chrono::{DateTime, NaiveDate, Utc};

pub const ENV: &str = "CLAIMDROP_NOW";

/// Now, or the fixed time `CLAIMDROP_NOW` names. A value that is not a time is an error naming it.
pub fn now() -> Result<DateTime<Utc>, String> {
    match std::env::var(ENV) {
        Ok(text) => parse(&text)
            .ok_or_else(|| format!("{ENV}='{text}' is not an RFC 3339 time or a YYYY-MM-DD date")),
        Err(_) => Ok(Utc::now()),
    }
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_reads_times_and_dates() {
        assert_eq!(
            parse("2024-11-20T09:00:00+01:00").unwrap().to_rfc3339(),
            "2024-11-20T08:00:00+00:00"
        );
        assert_eq!(
            parse("2024-11-20").unwrap().to_rfc3339(),
            "2024-11-20T00:00:00+00:00"
        );
        assert!(parse("yesterday").is_none());
    }
}
