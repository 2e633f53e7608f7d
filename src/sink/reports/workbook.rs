//! `claimdrop.xlsx`: the report tables as typed sheets, for finance (SPEC §6). Amounts are
//! numbers in their currency's format, dates and times are dates, the header row is frozen and
//! filtered, and below the claims one total row per currency.
//!
//! Sheets are written in rust_xlsxwriter's constant-memory mode (each row goes to a temporary
//! file as it comes), so 100,000 documents cost no more memory than ten. The workbook is saved
//! to a temporary name, fsynced and renamed, like every report.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::ReportError;
use super::cell::{Cell, cents};

/// Excel refuses longer strings in a cell.
const MAX_CELL_CHARS: usize = 32_767;

pub struct Book {
    workbook: Workbook,
    formats: Formats,
    path: PathBuf,
}

struct Formats {
    header: Format,
    date: Format,
    time: Format,
    total_label: Format,
    /// Per currency code: the number format that shows it.
    money: HashMap<String, Format>,
    money_total: HashMap<String, Format>,
}

impl Formats {
    fn money(&mut self, currency: &str, total: bool) -> &Format {
        let map = if total {
            &mut self.money_total
        } else {
            &mut self.money
        };
        map.entry(currency.to_string()).or_insert_with(|| {
            // The code as a literal suffix, quoted so no letter is taken for a format code.
            let code: String = currency
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            let pattern = if code.is_empty() {
                "#,##0.00".to_string()
            } else {
                format!("#,##0.00 \"{code}\"")
            };
            let format = Format::new().set_num_format(pattern);
            if total { format.set_bold() } else { format }
        })
    }
}

impl Book {
    pub fn new(dir: &Path) -> Book {
        let mut workbook = Workbook::new();
        // Deflate's level 6 took 2.5 s of `benches/reports.rs` (100,000 documents); level 1
        // takes about 1.3 s for a file of 21 MB instead of 12.
        workbook.set_zip_compression_level(1);
        Book {
            workbook,
            formats: Formats {
                header: Format::new()
                    .set_bold()
                    .set_background_color(0xDDE4EE)
                    .set_align(FormatAlign::Left),
                date: Format::new().set_num_format("yyyy-mm-dd"),
                time: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
                total_label: Format::new().set_bold(),
                money: HashMap::new(),
                money_total: HashMap::new(),
            },
            path: dir.join("claimdrop.xlsx"),
        }
    }

    /// A new sheet headed by `header`; rows follow with [`Sheet::row`].
    pub fn sheet(&mut self, name: &str, header: &[&str]) -> Result<Sheet<'_>, ReportError> {
        let path = self.path.clone();
        let failed = |e: XlsxError| xlsx_error(&path, e);
        let worksheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(failed)?;
        worksheet.set_name(name).map_err(failed)?;
        worksheet.set_freeze_panes(1, 0).map_err(failed)?;
        for (col, title) in (0u16..).zip(header) {
            let width = (title.len() as f64 + 3.0).clamp(10.0, 40.0);
            worksheet.set_column_width(col, width).map_err(failed)?;
            worksheet
                .write_string_with_format(0, col, *title, &self.formats.header)
                .map_err(failed)?;
        }
        Ok(Sheet {
            worksheet,
            formats: &mut self.formats,
            path,
            columns: header.len() as u16,
            next_row: 1,
            totals: BTreeMap::new(),
        })
    }

    /// Saves the workbook next to the CSVs, atomically.
    pub fn finish(mut self, temporary: &Path) -> Result<(), ReportError> {
        let saved = self
            .workbook
            .save(temporary)
            .map_err(|e| xlsx_error(&self.path, e))
            .and_then(|()| {
                std::fs::File::open(temporary)
                    .and_then(|f| f.sync_all())
                    .map_err(|source| ReportError::Io {
                        path: temporary.to_path_buf(),
                        source,
                    })
            });
        if let Err(e) = saved {
            let _ = std::fs::remove_file(temporary);
            return Err(e);
        }
        std::fs::rename(temporary, &self.path).map_err(|source| ReportError::Io {
            path: self.path.clone(),
            source,
        })
    }
}

pub struct Sheet<'b> {
    worksheet: &'b mut Worksheet,
    formats: &'b mut Formats,
    path: PathBuf,
    columns: u16,
    next_row: u32,
    /// For the claims: per currency, the sums of the money columns, in cents.
    totals: BTreeMap<String, BTreeMap<u16, i64>>,
}

impl Sheet<'_> {
    /// Writes one row of typed cells.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), ReportError> {
        let row = self.next_row;
        for (col, cell) in (0u16..).zip(cells) {
            self.cell(row, col, cell, false)
                .map_err(|e| xlsx_error(&self.path, e))?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// Like [`Sheet::row`], adding its amounts to the per-currency totals.
    pub fn row_with_totals(&mut self, cells: &[Cell]) -> Result<(), ReportError> {
        for (col, cell) in (0u16..).zip(cells) {
            // A money column with nothing in it yet (nothing approved) still totals, to 0.
            if let Cell::Money { amount, currency } = cell {
                *self
                    .totals
                    .entry(currency.to_string())
                    .or_default()
                    .entry(col)
                    .or_default() += cents(amount).unwrap_or(0);
            }
        }
        self.row(cells)
    }

    fn cell(&mut self, row: u32, col: u16, cell: &Cell, total: bool) -> Result<(), XlsxError> {
        let sheet = &mut *self.worksheet;
        match cell {
            Cell::Text(text) if text.is_empty() => {}
            Cell::Text(text) => {
                let text: String = if text.chars().count() > MAX_CELL_CHARS / 2 {
                    // UTF-16 units bound Excel's limit: half of it in chars is always safe.
                    text.chars().take(MAX_CELL_CHARS / 2).collect()
                } else {
                    text.to_string()
                };
                sheet.write_string(row, col, text)?;
            }
            Cell::Int(n) => {
                sheet.write_number(row, col, *n as f64)?;
            }
            Cell::Money { amount, currency } => match cents(amount) {
                Some(value) => {
                    let format = self.formats.money(currency, total);
                    sheet.write_number_with_format(row, col, value as f64 / 100.0, format)?;
                }
                None if amount.is_empty() => {}
                None => {
                    sheet.write_string(row, col, amount.to_string())?;
                }
            },
            Cell::Date(text) => match excel_date(text) {
                Some(date) => {
                    sheet.write_datetime_with_format(row, col, date, &self.formats.date)?;
                }
                None if text.is_empty() => {}
                None => {
                    sheet.write_string(row, col, text.to_string())?;
                }
            },
            Cell::Time(text) => match excel_time(text) {
                Some(time) => {
                    sheet.write_datetime_with_format(row, col, time, &self.formats.time)?;
                }
                None if text.is_empty() => {}
                None => {
                    sheet.write_string(row, col, text.to_string())?;
                }
            },
        }
        Ok(())
    }

    /// Turns the header's filter on over the rows written, then, after one empty row, writes
    /// a total row per currency labelled in the first column.
    pub fn finish(mut self, total_label: &str) -> Result<(), ReportError> {
        let last_row = self.next_row.saturating_sub(1);
        let path = self.path.clone();
        let failed = |e: XlsxError| xlsx_error(&path, e);
        self.worksheet
            .autofilter(0, 0, last_row.max(1), self.columns.saturating_sub(1))
            .map_err(failed)?;
        let totals = std::mem::take(&mut self.totals);
        for (row, (currency, sums)) in (self.next_row + 1..).zip(totals) {
            self.worksheet
                .write_string_with_format(
                    row,
                    0,
                    format!("{total_label} {currency}"),
                    &self.formats.total_label,
                )
                .map_err(failed)?;
            for (col, value) in sums {
                let format = self.formats.money(&currency, true);
                self.worksheet
                    .write_number_with_format(row, col, value as f64 / 100.0, format)
                    .map_err(failed)?;
            }
        }
        Ok(())
    }
}

fn excel_date(text: &str) -> Option<ExcelDateTime> {
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(
        u16::try_from(date.year()).ok()?,
        date.month() as u8,
        date.day() as u8,
    )
    .ok()
}

fn excel_time(text: &str) -> Option<ExcelDateTime> {
    let at = chrono::DateTime::parse_from_rfc3339(text).ok()?.naive_utc();
    use chrono::{Datelike, Timelike};
    ExcelDateTime::from_ymd(
        u16::try_from(at.year()).ok()?,
        at.month() as u8,
        at.day() as u8,
    )
    .ok()?
    .and_hms(at.hour() as u16, at.minute() as u8, at.second())
    .ok()
}

fn xlsx_error(path: &Path, error: XlsxError) -> ReportError {
    ReportError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(error.to_string()),
    }
}
