//! Reports: the CSV projections of the store that finance and marketing open (SPEC §6).
//!
//! Each report is streamed row by row into a temporary file in the reports folder, fsynced and
//! renamed over the old one, so a reader sees the old report or the new one, never half of one.
//! Every text cell passes the formula guard: a cell a spreadsheet would run as a formula gets a
//! leading `'`, unless it is a plain number (a negative amount stays a number).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::domain::{Outcome, Status};
use crate::sink::store::{ClaimRow, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How reports are written.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub delimiter: u8,
    pub bom: bool,
    pub deadline_days: u32,
}

impl Style {
    /// The style the configuration asks for.
    pub fn of(settings: &crate::config::Settings) -> Style {
        Style {
            delimiter: settings.delimiter().unwrap_or(b','),
            bom: settings.reports.bom,
            deadline_days: settings.rules.deadline_days,
        }
    }
}

pub const CLAIMS: &[&str] = &[
    "claim_id",
    "program",
    "activity",
    "location",
    "status",
    "currency",
    "usage_start",
    "usage_end",
    "deadline",
    "funds_total",
    "funds_claimed",
    "funds_approved",
    "invoices",
    "csrs",
    "proofs",
    "metrics",
    "findings",
    "last_activity_at",
    "funds_remaining",
    "open_requests",
];
pub const REQUESTS: &[&str] = &[
    "request_id",
    "claim_id",
    "kind",
    "requested_from",
    "requested_by",
    "requested_at",
    "due",
    "note",
    "status",
    "fulfilled_by_sha256",
    "fulfilled_at",
];
pub const DOCUMENTS: &[&str] = &[
    "document_id",
    "claim_id",
    "kind",
    "original_name",
    "sha256",
    "bytes",
    "format",
    "pages",
    "invoice_number",
    "document_date",
    "amount",
    "currency",
    "vendor",
    "matched_by",
    "received_at",
    "actor",
    "archive_path",
    "note",
    "retain_until",
    "einvoice",
    "fields_source",
    // Not in SPEC §6, after its columns: where the file was dropped.
    "original_path",
];
pub const HISTORY: &[&str] = &[
    "seq",
    "at",
    "claim_id",
    "actor",
    "action",
    "document_sha256",
    "details",
];
pub const EXCEPTIONS: &[&str] = &[
    "at",
    "original_path",
    "kind",
    "outcome",
    "reason",
    "quarantine_path",
    "claim_id",
    "action",
];

pub const NOTIFICATIONS: &[&str] = &[
    "at",
    "event",
    "claim_id",
    "channel",
    "recipient",
    "status",
    "attempts",
    "last_error",
    // Not in SPEC §5a, after its columns: the key a receiver deduplicates on.
    "key",
];

/// Writes all four reports (and the per-claim histories) into `dir`, from one moment of the
/// store.
pub fn write_all(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    store.snapshot(|store| write_all_now(store, dir, style))
}

/// Rewrites `notifications.csv` alone: after deliveries, when nothing else changed.
pub fn write_notifications(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    write_notifications_now(store, dir, style)
}

fn write_notifications_now(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    write(dir, "notifications.csv", NOTIFICATIONS, style, |out| {
        for n in store.notification_rows()? {
            out(vec![
                n.at,
                n.event,
                n.claim_id,
                n.channel,
                n.recipient,
                n.status,
                n.attempts.to_string(),
                n.last_error,
                n.key,
            ])?;
        }
        Ok(())
    })
}

fn write_all_now(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    write(dir, "claims.csv", CLAIMS, style, |out| {
        for row in store.claim_rows(None, style.deadline_days)? {
            out(claim_cells(&row))?;
        }
        Ok(())
    })?;
    write(dir, "requests.csv", REQUESTS, style, |out| {
        for r in store.requests(None)? {
            out(vec![
                r.request_id.to_string(),
                r.claim_id,
                r.kind.as_str().to_string(),
                r.requested_from,
                r.requested_by,
                r.requested_at,
                r.due.unwrap_or_default(),
                r.note.unwrap_or_default(),
                r.status.as_str().to_string(),
                r.fulfilled_by_sha256.unwrap_or_default(),
                r.fulfilled_at.unwrap_or_default(),
            ])?;
        }
        Ok(())
    })?;
    write_notifications_now(store, dir, style)?;
    write(dir, "documents.csv", DOCUMENTS, style, |out| {
        store.all_documents(|d| {
            out(vec![
                d.document_id.to_string(),
                d.claim_id,
                d.kind.as_str().to_string(),
                d.original_name,
                d.sha256,
                d.bytes.to_string(),
                d.format,
                d.pages.map(|p| p.to_string()).unwrap_or_default(),
                d.invoice_number.unwrap_or_default(),
                d.document_date.unwrap_or_default(),
                d.amount.unwrap_or_default(),
                d.currency.unwrap_or_default(),
                d.vendor.unwrap_or_default(),
                d.matched_by.as_str().to_string(),
                d.received_at,
                d.actor,
                d.archive_path,
                d.note.unwrap_or_default(),
                d.retain_until,
                d.einvoice,
                d.fields_source,
                d.original_path,
            ])
        })
    })?;
    let mut history = ReportFile::create(dir, "history.csv", HISTORY, style, true)?;
    let mut failure = None;
    store.history_rows(false, |cells| {
        if failure.is_none()
            && let Err(e) = history.row(cells.iter().copied())
        {
            failure = Some(e);
        }
    })?;
    match failure {
        Some(e) => {
            history.abandon();
            return Err(e);
        }
        None => history.finish()?,
    }
    write_claim_histories(store, &dir.join("claims"), style)?;
    write(dir, "exceptions.csv", EXCEPTIONS, style, |out| {
        for e in store.open_exceptions(false)? {
            let action = action_for(e.outcome).to_string();
            out(vec![
                e.at,
                e.original_path,
                e.kind.as_str().to_string(),
                e.outcome.as_str().to_string(),
                e.reason,
                e.quarantine_path,
                e.claim_id.unwrap_or_default(),
                action,
            ])?;
        }
        // Files without an outcome yet, because claimdrop may not read them: in the inbox,
        // not in quarantine, and someone must fix their permissions.
        for hold in store.holds()? {
            if hold.cause == crate::sink::store::Cause::Unreadable {
                out(vec![
                    hold.first_seen,
                    hold.original_path,
                    hold.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
                    "unreadable".to_string(),
                    hold.reason,
                    String::new(),
                    String::new(),
                    "claimdrop may not read it: let its user read the file and its folder, or move it"
                        .to_string(),
                ])?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// `claims/<claim_id>.history.csv`: one claim's own history, for whoever reviews it. One pass
/// over the history in claim order, one file open at a time.
fn write_claim_histories(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut current: Option<(String, ReportFile)> = None;
    let mut failure: Option<ReportError> = None;
    store.history_rows(true, |cells| {
        if failure.is_some() {
            return;
        }
        let claim = cells[2]; // ok: a fixed array of the seven history.csv cells
        let step = (|| -> Result<(), ReportError> {
            if current.as_ref().map(|(c, _)| c.as_str()) != Some(claim) {
                if let Some((_, file)) = current.take() {
                    file.finish()?;
                }
                let name = format!(
                    "{}.history.csv",
                    crate::sink::archive::safe_component(claim)
                );
                current = Some((
                    claim.to_string(),
                    ReportFile::create(dir, &name, HISTORY, style, false)?,
                ));
            }
            if let Some((_, file)) = current.as_mut() {
                file.row(cells.iter().copied())?;
            }
            Ok(())
        })();
        if let Err(e) = step {
            failure = Some(e);
        }
    })?;
    if let Some(e) = failure {
        if let Some((_, file)) = current {
            file.abandon();
        }
        return Err(e);
    }
    if let Some((_, file)) = current {
        file.finish()?;
    }
    Ok(())
}

fn claim_cells(row: &ClaimRow) -> Vec<String> {
    vec![
        row.claim_id.clone(),
        row.program.clone(),
        row.activity.clone(),
        row.location.clone(),
        Status::as_str(row.status).to_string(),
        row.currency.clone(),
        row.usage_start.to_string(),
        row.usage_end.to_string(),
        row.deadline.to_string(),
        row.funds_total.clone(),
        row.funds_claimed.clone(),
        row.funds_approved.clone().unwrap_or_default(),
        row.invoices.to_string(),
        row.csrs.to_string(),
        row.proofs.to_string(),
        row.metrics.to_string(),
        row.findings.join(";"),
        row.last_activity_at.clone().unwrap_or_default(),
        row.funds_remaining.clone(),
        row.open_requests.to_string(),
    ]
}

type Emit<'a> = dyn FnMut(Vec<String>) -> Result<(), StoreError> + 'a;

/// Streams one report to a temporary file, then renames it into place.
fn write(
    dir: &Path,
    name: &str,
    header: &[&str],
    style: Style,
    rows: impl FnOnce(&mut Emit) -> Result<(), StoreError>,
) -> Result<(), ReportError> {
    let mut file = ReportFile::create(dir, name, header, style, true)?;
    let mut failure: Option<ReportError> = None;
    rows(&mut |cells: Vec<String>| {
        if failure.is_none()
            && let Err(e) = file.row(cells.iter().map(String::as_str))
        {
            failure = Some(e);
        }
        Ok(())
    })?;
    match failure {
        Some(e) => {
            file.abandon();
            Err(e)
        }
        None => file.finish(),
    }
}

/// One report being written: a temporary file in the reports folder, renamed into place by
/// `finish`. `durable`: fsync before the rename — the four main reports are; the per-claim
/// histories, many small projections rewritten on every refresh, are only atomic.
struct ReportFile {
    path: PathBuf,
    temporary: PathBuf,
    durable: bool,
    writer: csv::Writer<BufWriter<File>>,
}

impl ReportFile {
    fn create(
        dir: &Path,
        name: &str,
        header: &[&str],
        style: Style,
        durable: bool,
    ) -> Result<ReportFile, ReportError> {
        let path = dir.join(name);
        // Per process and per writer: `claimdrop report` may write while a daemon's reporter
        // does, and in the daemon a command's refresh while its reporter thread does. The last
        // rename wins, and each is a whole report.
        static WRITERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let writer = WRITERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temporary = dir.join(format!(
            "{}{name}.{}.{writer}.tmp",
            crate::sink::archive::TEMPORARY_PREFIX,
            std::process::id()
        ));
        let file = File::create(&temporary).map_err(|source| ReportError::Io {
            path: temporary.clone(),
            source,
        })?;
        let mut buffered = BufWriter::with_capacity(256 * 1024, file);
        if style.bom {
            buffered
                .write_all("\u{feff}".as_bytes())
                .map_err(|source| ReportError::Io {
                    path: temporary.clone(),
                    source,
                })?;
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(style.delimiter)
            .from_writer(buffered);
        writer
            .write_record(header)
            .map_err(|source| ReportError::Csv {
                path: temporary.clone(),
                source,
            })?;
        Ok(ReportFile {
            path,
            temporary,
            durable,
            writer,
        })
    }

    /// Writes one row, every cell through the formula guard.
    fn row<'c>(&mut self, cells: impl IntoIterator<Item = &'c str>) -> Result<(), ReportError> {
        self.writer
            .write_record(cells.into_iter().map(|c| match guard(c) {
                std::borrow::Cow::Borrowed(text) => std::borrow::Cow::Borrowed(text.as_bytes()),
                std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(text.into_bytes()),
            }))
            .map_err(|source| ReportError::Csv {
                path: self.temporary.clone(),
                source,
            })
    }

    fn finish(self) -> Result<(), ReportError> {
        let ReportFile {
            path,
            temporary,
            durable,
            writer,
        } = self;
        let io = |source| ReportError::Io {
            path: temporary.clone(),
            source,
        };
        let finished = writer
            .into_inner()
            .map_err(|e| io(e.into_error()))
            .and_then(|buffered| buffered.into_inner().map_err(|e| io(e.into_error())))
            .and_then(|file| {
                if durable {
                    file.sync_all().map_err(io)
                } else {
                    Ok(())
                }
            });
        if let Err(e) = finished {
            let _ = std::fs::remove_file(&temporary);
            return Err(e);
        }
        std::fs::rename(&temporary, &path).map_err(|source| ReportError::Io { path, source })
    }

    fn abandon(self) {
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// The formula guard of SPEC §6.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    !digits.is_empty()
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
}

/// What a person should do about a file in `exceptions.csv`, in words (SPEC §6 `action`).
fn action_for(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Unmatched => {
            "move it into its claim's folder or name the claim in it, or file it with `claimdrop retry PATH --claim ID`; it is tried again when claims are created"
        }
        Outcome::Ambiguous => {
            "it names more than one claim: move it into the right claim's folder, or `claimdrop retry PATH --claim ID`"
        }
        Outcome::ClaimLocked => {
            "its claim is submitted or closed: it is filed when the claim is reopened; nothing to do unless it belongs elsewhere"
        }
        Outcome::Duplicate => {
            "nothing: the same bytes are already attached; delete this copy if you like"
        }
        Outcome::Unreadable => "open it: if it is damaged or incomplete, drop a good copy again",
        Outcome::Encrypted => "drop it again without its password",
        Outcome::Unsupported => {
            "drop it as a PDF, a spreadsheet, CSV, an image or an XML e-invoice"
        }
        Outcome::Empty => "it has no content: drop the real file again",
        Outcome::Forbidden => "only an admin may drop a claim register: ask one to import it",
        Outcome::Detached => {
            "nothing: an admin took it off its claim (see the reason); move it out when done"
        }
        // Attached files have no row; said for completeness.
        Outcome::Attached => "nothing: it is filed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("+cmd"), "'+cmd");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("-2+3"), "'-2+3");
        assert_eq!(guard("\tx"), "'\tx");
        assert_eq!(guard("-12.50"), "-12.50");
        assert_eq!(guard("+3"), "+3");
        assert_eq!(guard("Contoso"), "Contoso");
        assert_eq!(guard("-"), "'-");
    }
}
