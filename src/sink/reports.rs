//! Reports: the projections of the store that finance and marketing open (SPEC §6): the CSVs,
//! `claimdrop.xlsx`, and the HTML pages.
//!
//! Each table is read from the store once and its rows, typed cells ([`cell::Cell`]), go to
//! its CSV and to its sheet of the workbook in the same pass. Every file is written to a
//! temporary name in the reports folder and renamed over the old one, so a reader sees the old
//! report or the new one, never half of one. Every CSV text cell passes the formula guard: a
//! cell a spreadsheet would run as a formula gets a leading `'`, unless it is a plain number
//! (a negative amount stays a number). What people read is in the configured language
//! ([`advice`], [`html`]); codes and column names stay English.

mod advice;
mod cell;
mod histories;
mod html;
mod rows;
mod workbook;

pub use rows::{ClaimRow, claim_row, claim_rows};

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Status;
use crate::lang::Lang;
use crate::sink::store::{Store, StoreError};
use cell::Cell;
use workbook::{Book, Sheet};

/// The workbook's History sheet holds the newest entries only (SPEC §6).
const SHEET_HISTORY: u32 = 100_000;

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
    pub xlsx: bool,
    pub html: bool,
    pub lang: Lang,
    /// When the reports are written: the pages say it, and count days to deadlines from it.
    pub at: DateTime<Utc>,
}

impl Style {
    /// The style the configuration asks for.
    pub fn of(settings: &crate::config::Settings) -> Style {
        Style {
            delimiter: settings.delimiter().unwrap_or(b','),
            bom: settings.reports.bom,
            deadline_days: settings.rules.deadline_days,
            xlsx: settings.reports.xlsx,
            html: settings.reports.html,
            lang: settings.lang(),
            at: crate::clock::now().unwrap_or_else(|_| Utc::now()),
        }
    }

    fn today(&self) -> NaiveDate {
        self.at.date_naive()
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
    "next_step",
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

/// Writes every report (and the per-claim histories and pages) into `dir`, from one moment of
/// the store.
pub fn write_all(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    store.snapshot(|store| write_all_now(store, dir, style))
}

/// Rewrites `notifications.csv` alone: after deliveries, when nothing else changed.
pub fn write_notifications(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    create_dir(dir)?;
    write_notifications_now(store, dir, style)
}

fn create_dir(dir: &Path) -> Result<(), ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

fn write_notifications_now(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    let mut table = Table::create(dir, "notifications.csv", NOTIFICATIONS, style, None)?;
    let rows = store.notification_rows();
    table.rows(|out| {
        for n in rows? {
            out(&[
                Cell::time(n.at),
                Cell::text(n.event),
                Cell::text(n.claim_id),
                Cell::text(n.channel),
                Cell::text(n.recipient),
                Cell::text(n.status),
                Cell::Int(n.attempts.into()),
                Cell::text(n.last_error),
                Cell::text(n.key),
            ])?;
        }
        Ok(())
    })?;
    table.finish("")
}

fn write_all_now(store: &Store, dir: &Path, style: Style) -> Result<(), ReportError> {
    create_dir(dir)?;
    let until = store.last_seq()?;
    // The claims' own history files are written on the other core from a second reader,
    // meanwhile: they hold the entries up to this snapshot's newest, which any later snapshot
    // holds alike (the history only grows). A store no second reader can open (PostgreSQL,
    // so far) writes them after the rest.
    let Some(path) = store.path() else {
        write_tables(store, dir, style, until)?;
        return write_claim_histories(store, &dir.join("claims"), style, until);
    };
    std::thread::scope(|scope| {
        let histories = scope.spawn(move || {
            let other = Store::open_read_only(&path)?;
            write_claim_histories(&other, &dir.join("claims"), style, until)
        });
        let rest = write_tables(store, dir, style, until);
        let histories = histories.join().unwrap_or_else(|_| {
            Err(ReportError::Io {
                path: dir.join("claims"),
                source: std::io::Error::other("the history writer stopped"),
            })
        });
        rest.and(histories)
    })
}

/// Every report but the claims' own history files.
fn write_tables(store: &Store, dir: &Path, style: Style, until: i64) -> Result<(), ReportError> {
    let lang = style.lang;
    let total_label = lang.word("sheet-total");
    let mut book = style.xlsx.then(|| Book::new(dir));
    // Sheets are added in the order the workbook shows them.
    fn sheet<'b>(
        book: &'b mut Option<Book>,
        name: &str,
        header: &[&str],
    ) -> Result<Option<Sheet<'b>>, ReportError> {
        book.as_mut().map(|b| b.sheet(name, header)).transpose()
    }

    let claims = claim_rows(store, None, style.deadline_days)?;
    let mut table = Table::create(
        dir,
        "claims.csv",
        CLAIMS,
        style,
        sheet(&mut book, "Claims", CLAIMS)?,
    )?;
    table.totals = true;
    table.rows(|out| {
        for row in &claims {
            out(&claim_cells(lang, row))?;
        }
        Ok(())
    })?;
    table.finish(&total_label)?;

    let mut table = Table::create(
        dir,
        "documents.csv",
        DOCUMENTS,
        style,
        sheet(&mut book, "Documents", DOCUMENTS)?,
    )?;
    table.rows(|out| store.all_documents(|d| out(&document_cells(&d))))?;
    table.finish("")?;

    let exceptions = exception_views(store, lang)?;
    let mut table = Table::create(
        dir,
        "exceptions.csv",
        EXCEPTIONS,
        style,
        sheet(&mut book, "Exceptions", EXCEPTIONS)?,
    )?;
    table.rows(|out| {
        for e in &exceptions {
            out(&[
                Cell::time(e.at.as_str()),
                Cell::text(e.path.as_str()),
                Cell::text(e.kind),
                Cell::text(e.outcome.as_str()),
                Cell::text(e.reason.as_str()),
                Cell::text(e.quarantine_path.as_str()),
                Cell::text(e.claim.as_str()),
                Cell::text(e.action.as_str()),
            ])?;
        }
        Ok(())
    })?;
    table.finish("")?;

    let requests = store.requests(None)?;
    let mut table = Table::create(
        dir,
        "requests.csv",
        REQUESTS,
        style,
        sheet(&mut book, "Requests", REQUESTS)?,
    )?;
    table.rows(|out| {
        for r in &requests {
            out(&[
                Cell::Int(r.request_id),
                Cell::text(r.claim_id.as_str()),
                Cell::text(r.kind.as_str()),
                Cell::text(r.requested_from.as_str()),
                Cell::text(r.requested_by.as_str()),
                Cell::time(r.requested_at.as_str()),
                Cell::date(r.due.as_deref().unwrap_or_default()),
                Cell::text(r.note.as_deref().unwrap_or_default()),
                Cell::text(r.status.as_str()),
                Cell::text(r.fulfilled_by_sha256.as_deref().unwrap_or_default()),
                Cell::time(r.fulfilled_at.as_deref().unwrap_or_default()),
            ])?;
        }
        Ok(())
    })?;
    table.finish("")?;

    // The whole history to the CSV; its newest entries to the sheet, in the same pass.
    let newest_from = store.newest_history_from(SHEET_HISTORY)?;
    let mut history = ReportFile::create(dir, "history.csv", HISTORY, style, true)?;
    let mut history_sheet = sheet(&mut book, "History", HISTORY)?;
    let mut failure = None;
    store.history_rows(until, |cells| {
        if failure.is_some() {
            return;
        }
        let mut step = history.row(cells.iter().copied());
        if step.is_ok()
            && let Some(sheet) = history_sheet.as_mut()
            && let [seq, at, claim, actor, action, sha, details] = cells
            && let Ok(seq) = seq.parse::<i64>()
            && seq >= newest_from
        {
            step = sheet.row(&[
                Cell::Int(seq),
                Cell::time(*at),
                Cell::text(*claim),
                Cell::text(*actor),
                Cell::text(*action),
                Cell::text(*sha),
                Cell::text(*details),
            ]);
        }
        if let Err(e) = step {
            failure = Some(e);
        }
    })?;
    if let Some(e) = failure {
        history.abandon();
        return Err(e);
    }
    history.finish()?;
    if let Some(sheet) = history_sheet {
        sheet.finish("")?;
    }
    // The workbook is compressed on the other core while the rest is written.
    std::thread::scope(|scope| {
        let saved = book.map(|book| {
            let temporary = temporary_path(dir, "claimdrop.xlsx");
            scope.spawn(move || book.finish(&temporary))
        });
        let rest = (|| {
            write_notifications_now(store, dir, style)?;
            if style.html {
                write_pages(store, dir, style, &claims, &requests, &exceptions)?;
            }
            Ok(())
        })();
        let saved = match saved.map(|s| s.join()) {
            None => Ok(()),
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(ReportError::Io {
                path: dir.join("claimdrop.xlsx"),
                source: std::io::Error::other("the workbook writer stopped"),
            }),
        };
        rest.and(saved)
    })
}

/// A parked or held file as the reports show it.
struct Exception {
    at: String,
    path: String,
    kind: &'static str,
    outcome: String,
    reason: String,
    quarantine_path: String,
    claim: String,
    action: String,
}

impl Exception {
    fn view(&self) -> html::ExceptionView {
        html::ExceptionView {
            at: self.at.clone(),
            path: self.path.clone(),
            outcome: self.outcome.clone(),
            reason: self.reason.clone(),
            claim: self.claim.clone(),
            action: self.action.clone(),
        }
    }
}

fn exception_views(store: &Store, lang: Lang) -> Result<Vec<Exception>, StoreError> {
    let mut out = Vec::new();
    for e in store.open_exceptions(false)? {
        out.push(Exception {
            at: e.at,
            path: e.original_path,
            kind: e.kind.as_str(),
            outcome: e.outcome.as_str().to_string(),
            reason: e.reason,
            quarantine_path: e.quarantine_path,
            claim: e.claim_id.unwrap_or_default(),
            action: advice::action(lang, e.outcome),
        });
    }
    // Files without an outcome yet, because claimdrop may not read them: in the inbox, not in
    // quarantine, and someone must fix their permissions.
    for hold in store.holds()? {
        if hold.cause == crate::sink::store::Cause::Unreadable {
            out.push(Exception {
                at: hold.first_seen,
                path: hold.original_path,
                kind: hold.kind.map(|k| k.as_str()).unwrap_or_default(),
                outcome: "unreadable".to_string(),
                reason: hold.reason,
                quarantine_path: String::new(),
                claim: String::new(),
                action: advice::held_unreadable(lang),
            });
        }
    }
    Ok(out)
}

/// `summary.html` (the open claims) and `claims/<id>.html` (every claim).
fn write_pages(
    store: &Store,
    dir: &Path,
    style: Style,
    claims: &[ClaimRow],
    requests: &[crate::sink::store::RequestRow],
    exceptions: &[Exception],
) -> Result<(), ReportError> {
    let lang = style.lang;
    let mut open_requests: HashMap<&str, Vec<&crate::sink::store::RequestRow>> = HashMap::new();
    for r in requests {
        if r.status == crate::sink::store::RequestStatus::Open {
            open_requests
                .entry(r.claim_id.as_str())
                .or_default()
                .push(r);
        }
    }
    let all_exceptions: Vec<html::ExceptionView> = exceptions.iter().map(Exception::view).collect();
    let view = |row: &ClaimRow, history: u32| -> Result<html::ClaimView, StoreError> {
        Ok(html::claim_view(
            lang,
            row,
            style.today(),
            open_requests
                .get(row.claim_id.as_str())
                .map_or(&[][..], Vec::as_slice),
            store.recent_history(&row.claim_id, history)?,
        ))
    };
    let mut open = Vec::new();
    for row in claims.iter().filter(|c| html::is_open(c.status)) {
        open.push(view(row, html::SUMMARY_HISTORY)?);
    }
    html::write_summary(dir, &style, &open, &all_exceptions)?;
    drop(open);

    let pages = dir.join("claims");
    create_dir(&pages)?;
    for row in claims {
        let claim = view(row, html::PAGE_HISTORY)?;
        let documents: Vec<html::DocumentView> = store
            .documents_of(&row.claim_id)?
            .iter()
            .map(html::document_view)
            .collect();
        let own: Vec<html::ExceptionView> = exceptions
            .iter()
            .filter(|e| e.claim == row.claim_id)
            .map(Exception::view)
            .collect();
        let name = format!(
            "{}.html",
            crate::sink::archive::safe_component(&row.claim_id)
        );
        html::write_claim_page(&pages, &name, &style, &claim, &documents, &own)?;
    }
    Ok(())
}

/// One claim's reports, as its pack carries them: `index.csv` (its documents, with the
/// `documents.csv` columns), `history.csv` (its history) and `summary.html` (its page), in
/// `dir`. The same rows and page as the workspace's reports; the caller holds the snapshot
/// the rest of what it writes comes from. Returns the documents it listed, for the caller to
/// pack exactly those.
pub fn write_claim_files(
    store: &Store,
    dir: &Path,
    style: Style,
    claim_id: &str,
) -> Result<Vec<crate::sink::store::DocumentRow>, ReportError> {
    create_dir(dir)?;
    let lang = style.lang;
    let Some(row) = claim_row(store, claim_id, style.deadline_days)? else {
        return Err(ReportError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other(
                crate::text!("claim-missing", claim = claim_id).to_string(),
            ),
        });
    };
    let documents = store.documents_of(claim_id)?;
    let mut index = Table::create(dir, "index.csv", DOCUMENTS, style, None)?;
    index.rows(|out| {
        for d in &documents {
            out(&document_cells(d))?;
        }
        Ok(())
    })?;
    index.finish("")?;

    let mut history = ReportFile::create(dir, "history.csv", HISTORY, style, false)?;
    for h in store.history(Some(claim_id))? {
        let seq = h.seq.to_string();
        history.row([
            seq.as_str(),
            h.at.as_str(),
            h.claim_id.as_deref().unwrap_or_default(),
            h.actor.as_str(),
            h.action.as_str(),
            h.document_sha256.as_deref().unwrap_or_default(),
            h.details.as_str(),
        ])?;
    }
    history.finish()?;

    let requests: Vec<_> = store
        .requests(Some(claim_id))?
        .into_iter()
        .filter(|r| r.status == crate::sink::store::RequestStatus::Open)
        .collect();
    let requests: Vec<&crate::sink::store::RequestRow> = requests.iter().collect();
    let claim = html::claim_view(
        lang,
        &row,
        style.today(),
        &requests,
        store.recent_history(claim_id, html::PAGE_HISTORY)?,
    );
    let views: Vec<html::DocumentView> = documents.iter().map(html::document_view).collect();
    let own: Vec<html::ExceptionView> = exception_views(store, lang)?
        .into_iter()
        .filter(|e| e.claim == claim_id)
        .map(|e| e.view())
        .collect();
    html::write_claim_page(dir, "summary.html", &style, &claim, &views, &own)?;
    Ok(documents)
}

/// `claims/<claim_id>.history.csv`: see `histories`.
fn write_claim_histories(
    store: &Store,
    dir: &Path,
    style: Style,
    until: i64,
) -> Result<(), ReportError> {
    create_dir(dir)?;
    let mut files = histories::ClaimHistories::new(dir, style);
    let mut failure: Option<ReportError> = None;
    store.history_rows(until, |cells| {
        if failure.is_none()
            && let Err(e) = files.add(cells)
        {
            failure = Some(e);
        }
    })?;
    match failure {
        Some(e) => Err(e),
        None => files.finish(),
    }
}

fn claim_cells<'r>(lang: Lang, row: &'r ClaimRow) -> Vec<Cell<'r>> {
    let money = |amount: &'r str| Cell::money(amount, row.currency.as_str());
    vec![
        Cell::text(row.claim_id.as_str()),
        Cell::text(row.program.as_str()),
        Cell::text(row.activity.as_str()),
        Cell::text(row.location.as_str()),
        Cell::text(Status::as_str(row.status)),
        Cell::text(row.currency.as_str()),
        Cell::date(row.usage_start.to_string()),
        Cell::date(row.usage_end.to_string()),
        Cell::date(row.deadline.to_string()),
        money(&row.funds_total),
        money(&row.funds_claimed),
        money(row.funds_approved.as_deref().unwrap_or_default()),
        Cell::Int(row.invoices.into()),
        Cell::Int(row.csrs.into()),
        Cell::Int(row.proofs.into()),
        Cell::Int(row.metrics.into()),
        Cell::text(row.findings.join(";")),
        Cell::time(row.last_activity_at.as_deref().unwrap_or_default()),
        money(&row.funds_remaining),
        Cell::Int(row.open_requests.into()),
        Cell::text(advice::next_step(lang, row)),
    ]
}

fn document_cells(d: &crate::sink::store::DocumentRow) -> Vec<Cell<'_>> {
    fn text(t: &Option<String>) -> &str {
        t.as_deref().unwrap_or_default()
    }
    vec![
        Cell::Int(d.document_id),
        Cell::text(d.claim_id.as_str()),
        Cell::text(d.kind.as_str()),
        Cell::text(d.original_name.as_str()),
        Cell::text(d.sha256.as_str()),
        Cell::Int(d.bytes),
        Cell::text(d.format.as_str()),
        d.pages.map_or(Cell::text(""), Cell::Int),
        Cell::text(text(&d.invoice_number)),
        Cell::date(text(&d.document_date)),
        Cell::money(text(&d.amount), text(&d.currency)),
        Cell::text(text(&d.currency)),
        Cell::text(text(&d.vendor)),
        Cell::text(d.matched_by.as_str()),
        Cell::time(d.received_at.as_str()),
        Cell::text(d.actor.as_str()),
        Cell::text(d.archive_path.as_str()),
        Cell::text(text(&d.note)),
        Cell::date(d.retain_until.as_str()),
        Cell::text(d.einvoice.as_str()),
        Cell::text(d.fields_source.as_str()),
        Cell::text(d.original_path.as_str()),
    ]
}

type Emit<'a> = dyn FnMut(&[Cell]) -> Result<(), StoreError> + 'a;

/// One table on its way out: its CSV, and its sheet when the workbook is written.
struct Table<'b> {
    csv: ReportFile,
    sheet: Option<Sheet<'b>>,
    /// Add the amounts up per currency below the sheet's rows.
    totals: bool,
}

impl<'b> Table<'b> {
    fn create(
        dir: &Path,
        name: &str,
        header: &[&str],
        style: Style,
        sheet: Option<Sheet<'b>>,
    ) -> Result<Table<'b>, ReportError> {
        Ok(Table {
            csv: ReportFile::create(dir, name, header, style, true)?,
            sheet,
            totals: false,
        })
    }

    /// Streams the rows `rows` emits; a failure to write stops the table, the store's error
    /// or the first write error is returned.
    fn rows(
        &mut self,
        rows: impl FnOnce(&mut Emit) -> Result<(), StoreError>,
    ) -> Result<(), ReportError> {
        let mut failure: Option<ReportError> = None;
        let read = rows(&mut |cells: &[Cell]| {
            if failure.is_none()
                && let Err(e) = self.row(cells)
            {
                failure = Some(e);
            }
            Ok(())
        });
        match (failure, read) {
            (Some(e), _) => Err(e),
            (None, Err(e)) => Err(e.into()),
            (None, Ok(())) => Ok(()),
        }
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), ReportError> {
        let texts: Vec<std::borrow::Cow<str>> = cells.iter().map(Cell::as_text).collect();
        self.csv.row(texts.iter().map(|t| t.as_ref()))?;
        match self.sheet.as_mut() {
            Some(sheet) if self.totals => sheet.row_with_totals(cells),
            Some(sheet) => sheet.row(cells),
            None => Ok(()),
        }
    }

    fn finish(self, total_label: &str) -> Result<(), ReportError> {
        if let Some(sheet) = self.sheet {
            sheet.finish(total_label)?;
        }
        self.csv.finish()
    }
}

/// A temporary name in `dir` for `name`: per process and per writer, since `claimdrop report`
/// may write while a daemon's reporter does, and in the daemon a command's refresh while its
/// reporter thread does. The last rename wins, and each is a whole file.
fn temporary_path(dir: &Path, name: &str) -> PathBuf {
    static WRITERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let writer = WRITERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(
        "{}{name}.{}.{writer}.tmp",
        crate::sink::archive::TEMPORARY_PREFIX,
        std::process::id()
    ))
}

/// Writes `name` in `dir` through a temporary file renamed into place (`durable`: fsynced
/// first).
fn replace_file(
    dir: &Path,
    name: &str,
    durable: bool,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), ReportError> {
    let temporary = temporary_path(dir, name);
    let written = File::create(&temporary).and_then(|mut file| {
        write(&mut file)?;
        if durable { file.sync_all() } else { Ok(()) }
    });
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(ReportError::Io {
            path: temporary,
            source,
        });
    }
    std::fs::rename(&temporary, dir.join(name)).map_err(|source| ReportError::Io {
        path: dir.join(name),
        source,
    })
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
        let temporary = temporary_path(dir, name);
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
