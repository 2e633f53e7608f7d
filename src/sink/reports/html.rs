//! `summary.html` and `claims/<id>.html`: the pages people read (SPEC §6). Askama templates in
//! `templates/`, compiled into the binary and escaped by it; one stylesheet inside each page,
//! no script, no outside resource, so a page can be mailed, printed or opened from a share.
//!
//! The views are plain values worked out here from the store's rows (what a claim lacks and
//! its next step come from [`super::advice`]); the templates only lay them out.

use std::path::Path;

use askama::Template;
use chrono::NaiveDate;

use super::ClaimRow;
use super::advice;
use super::{ReportError, Style};
use crate::domain::Status;
use crate::lang::Lang;
use crate::sink::store::{DocumentRow, RequestRow};

/// History entries shown per claim on the summary, and on a claim's own page.
pub const SUMMARY_HISTORY: u32 = 3;
pub const PAGE_HISTORY: u32 = 30;

pub struct ClaimView {
    pub id: String,
    pub status: String,
    pub status_code: &'static str,
    pub program: String,
    pub activity: String,
    pub deadline: String,
    pub days: String,
    /// `late`, `near` or empty: how the deadline is coloured.
    pub urgency: &'static str,
    pub claimed: String,
    pub approved: String,
    pub total: String,
    pub remaining: String,
    pub funds_text: String,
    pub claimed_pct: u32,
    pub approved_pct: u32,
    pub over: bool,
    pub lacks: Vec<String>,
    pub next_step: String,
    pub requests: Vec<String>,
    pub history: Vec<[String; 4]>,
}

pub struct ExceptionView {
    pub at: String,
    pub path: String,
    pub outcome: String,
    pub reason: String,
    pub claim: String,
    pub action: String,
}

pub struct DocumentView {
    pub name: String,
    pub kind: &'static str,
    pub date: String,
    pub vendor: String,
    pub amount: String,
}

#[derive(Template)]
#[template(
    path = "summary.html",
    config = "src/sink/reports/templates/askama.toml"
)]
struct Summary<'a> {
    lang: Lang,
    generated: String,
    open_count: String,
    claims: &'a [ClaimView],
    exceptions: &'a [ExceptionView],
}

#[derive(Template)]
#[template(path = "claim.html", config = "src/sink/reports/templates/askama.toml")]
struct ClaimPage<'a> {
    lang: Lang,
    title: String,
    generated: String,
    claim: &'a ClaimView,
    documents: &'a [DocumentView],
    exceptions: &'a [ExceptionView],
}

/// Open claims: any status but `paid` and `rejected` (SPEC §6).
pub fn is_open(status: Status) -> bool {
    !matches!(status, Status::Paid | Status::Rejected)
}

pub fn claim_view(
    lang: Lang,
    row: &ClaimRow,
    today: NaiveDate,
    requests: &[&RequestRow],
    history: Vec<[String; 4]>,
) -> ClaimView {
    let days = (row.deadline - today).num_days();
    // Deadlines concern claims not yet submitted (as the checks have it): past that, the
    // page says where the claim stands, never that it is late.
    let (days_text, urgency) = if row.status != Status::Editing {
        (advice::status(lang, row.status), "")
    } else if days < 0 {
        (
            lang.text("html-days-late", &[("days", (-days).into())]),
            "late",
        )
    } else {
        let near = row.findings.iter().any(|c| c == "deadline_near");
        (
            lang.text("html-days-left", &[("days", days.into())]),
            if near { "near" } else { "" },
        )
    };
    let total = super::cell::cents(&row.funds_total).unwrap_or(0);
    let claimed = super::cell::cents(&row.funds_claimed).unwrap_or(0);
    let approved = row
        .funds_approved
        .as_deref()
        .and_then(super::cell::cents)
        .unwrap_or(0);
    let pct = |part: i64| -> u32 {
        if total <= 0 {
            return if part > 0 { 100 } else { 0 };
        }
        (part.max(0).saturating_mul(100) / total).clamp(0, 100) as u32
    };
    let money = |amount: &str| format!("{amount} {}", row.currency);
    let approved_text = row.funds_approved.as_deref().map_or("—".to_string(), money);
    let funds_text = format!(
        "{} {} / {} {} / {} {}",
        money(&row.funds_claimed),
        lang.word("html-claimed"),
        approved_text,
        lang.word("html-approved"),
        money(&row.funds_total),
        lang.word("html-total"),
    );
    ClaimView {
        id: row.claim_id.clone(),
        status: advice::status(lang, row.status),
        status_code: row.status.as_str(),
        program: row.program.clone(),
        activity: row.activity.clone(),
        deadline: lang.text(
            "html-deadline",
            &[("deadline", row.deadline.to_string().into())],
        ),
        days: days_text,
        urgency,
        claimed: money(&row.funds_claimed),
        approved: approved_text,
        total: money(&row.funds_total),
        remaining: money(&row.funds_remaining),
        funds_text,
        claimed_pct: pct(claimed),
        approved_pct: pct(approved),
        over: claimed > total,
        // The deadline is in the header already.
        lacks: row
            .findings
            .iter()
            .filter(|c| !c.starts_with("deadline_"))
            .map(|c| advice::lack_of(lang, row, c))
            .collect(),
        next_step: advice::next_step(lang, row),
        requests: requests
            .iter()
            .map(|r| {
                let asked = lang.text(
                    "html-request",
                    &[
                        ("kind", r.kind.as_str().into()),
                        ("from", r.requested_from.as_str().into()),
                        ("by", r.requested_by.as_str().into()),
                    ],
                );
                let mut line = asked;
                if let Some(due) = &r.due {
                    line.push_str(&format!(
                        " ({})",
                        lang.text("html-request-due", &[("due", due.as_str().into())])
                    ));
                }
                if let Some(note) = r.note.as_deref().filter(|n| !n.is_empty()) {
                    line.push_str(&format!(": {note}"));
                }
                line
            })
            .collect(),
        history: history
            .into_iter()
            .map(|[at, who, action, details]| [short_time(&at), who, action, details])
            .collect(),
    }
}

/// `2024-11-20T09:00:00Z` as `2024-11-20 09:00`: minutes are enough for a person.
fn short_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| at.to_string())
}

pub fn document_view(d: &DocumentRow) -> DocumentView {
    DocumentView {
        name: d.original_name.clone(),
        kind: d.kind.as_str(),
        date: d.document_date.clone().unwrap_or_default(),
        vendor: d.vendor.clone().unwrap_or_default(),
        amount: match (&d.amount, &d.currency) {
            (Some(a), Some(c)) => format!("{a} {c}"),
            (Some(a), None) => a.clone(),
            _ => String::new(),
        },
    }
}

fn generated(lang: Lang, style: &Style) -> String {
    lang.text(
        "html-generated",
        &[(
            "at",
            style.at.format("%Y-%m-%d %H:%M UTC").to_string().into(),
        )],
    )
}

/// Writes `summary.html` into `dir`.
pub fn write_summary(
    dir: &Path,
    style: &Style,
    claims: &[ClaimView],
    exceptions: &[ExceptionView],
) -> Result<(), ReportError> {
    let lang = style.lang;
    let page = Summary {
        lang,
        generated: generated(lang, style),
        open_count: lang.text("html-open-claims", &[("count", claims.len().into())]),
        claims,
        exceptions,
    };
    write_page(dir, "summary.html", &page, true)
}

/// Writes one claim's page as `<dir>/<name>`.
pub fn write_claim_page(
    dir: &Path,
    name: &str,
    style: &Style,
    claim: &ClaimView,
    documents: &[DocumentView],
    exceptions: &[ExceptionView],
) -> Result<(), ReportError> {
    let lang = style.lang;
    let page = ClaimPage {
        lang,
        title: lang.text("html-claim-title", &[("claim", claim.id.as_str().into())]),
        generated: generated(lang, style),
        claim,
        documents,
        exceptions,
    };
    write_page(dir, name, &page, false)
}

fn write_page(
    dir: &Path,
    name: &str,
    page: &impl Template,
    durable: bool,
) -> Result<(), ReportError> {
    let html = page.render().map_err(|e| ReportError::Io {
        path: dir.join(name),
        source: std::io::Error::other(e.to_string()),
    })?;
    super::replace_file(dir, name, durable, |file| {
        use std::io::Write;
        file.write_all(html.as_bytes())
    })
}
