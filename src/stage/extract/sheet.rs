//! Spreadsheets and CSV: cells as a layout (a row is a line, a cell a cell), so the same field
//! reader finds "label beside or above its value" in a workbook as on a page.
//!
//! Never `worksheet_range` on xlsx/xlsb: it allocates the declared dimensions, and a 5 KB file
//! declaring A1:XFD1048576 aborts the process (calamine#693). Their cells are streamed instead,
//! up to `MAX_CELLS`. xls and ods have no cell reader; their ranges are built from the cells
//! actually present, and the worker's memory limit stands behind them.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Reader};
use rust_decimal::Decimal;
use serde_json::Value;

use super::layout::{Cell, Layout, Line};
use super::{Extracted, Format, unreadable};
use crate::domain::{Outcome, Rejection};

/// Cells read from one workbook at most: enough for any claim document.
const MAX_CELLS: usize = 200_000;

pub fn examine_workbook_bytes(bytes: Vec<u8>, format: Format) -> Result<Extracted, Rejection> {
    // calamine panics on some damaged files (fuzzing found slice indexing in its xls formula
    // parser): that is a damaged file, not a reason to lose the caller.
    std::panic::catch_unwind(move || read_workbook(bytes, format)).unwrap_or_else(|panic| {
        Err(unreadable(crate::text!(
            "reason-reader-failed",
            error = panic_message(panic.as_ref())
        )))
    })
}

/// The message a panic carried.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown".into())
}

fn read_workbook(bytes: Vec<u8>, format: Format) -> Result<Extracted, Rejection> {
    let mut workbook = open(Cursor::new(bytes), format).map_err(|message| {
        let lower = message.to_ascii_lowercase();
        if lower.contains("password") || lower.contains("encrypt") {
            Rejection::new(
                Outcome::Encrypted,
                crate::text!("reason-encrypted", what = "workbook"),
            )
        } else {
            unreadable(crate::text!(
                "reason-not-readable",
                format = format.as_str(),
                error = message
            ))
        }
    })?;
    let names = workbook.sheet_names();
    let mut extracted = Extracted::new(format);
    let mut lines = Vec::new();
    let mut budget = MAX_CELLS;
    let mut skipped = Vec::new();
    for (index, name) in names.iter().enumerate() {
        // A chart sheet or one damaged sheet does not make the workbook unreadable.
        match sheet_cells(&mut workbook, name, &mut budget) {
            Ok(cells) => lines.extend(lines_of(cells, index as u32 + 1)),
            Err(e) => skipped.push(format!("{name}: {e}")),
        }
        if budget == 0 {
            break;
        }
    }
    if !names.is_empty() && skipped.len() == names.len() {
        return Err(unreadable(crate::text!(
            "reason-no-sheet",
            sheets = skipped.join("; ")
        )));
    }
    if !skipped.is_empty() {
        extracted.metadata.insert(
            "unread_sheets".into(),
            Value::Array(skipped.into_iter().map(Value::String).collect()),
        );
    }
    extracted.layout = Layout { lines };
    extracted.content.extend(names.iter().cloned());
    extracted.content.push(extracted.layout.text());
    extracted.metadata.insert(
        "sheets".into(),
        Value::Array(names.into_iter().map(Value::String).collect()),
    );
    Ok(extracted)
}

/// Opens a workbook with the reader its sniffed format calls for.
fn open<RS: Read + Seek + Clone>(data: RS, format: Format) -> Result<calamine::Sheets<RS>, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    Ok(match format {
        Format::Xlsx | Format::Xlsm => {
            calamine::Sheets::Xlsx(calamine::Xlsx::new(data).map_err(|e| text(&e))?)
        }
        Format::Xlsb => calamine::Sheets::Xlsb(calamine::Xlsb::new(data).map_err(|e| text(&e))?),
        Format::Xls => calamine::Sheets::Xls(calamine::Xls::new(data).map_err(|e| text(&e))?),
        Format::Ods => calamine::Sheets::Ods(calamine::Ods::new(data).map_err(|e| text(&e))?),
        other => return Err(format!("{} is not a workbook", other.as_str())),
    })
}

/// (row, column, text) of every non-empty cell of one sheet.
fn sheet_cells<RS: Read + Seek>(
    workbook: &mut calamine::Sheets<RS>,
    name: &str,
    budget: &mut usize,
) -> Result<Vec<(u32, u32, String)>, String> {
    let mut cells = Vec::new();
    // Keeps a cell while the budget lasts; false once it is spent.
    let mut keep = |row: u32, col: u32, value: Data, cells: &mut Vec<(u32, u32, String)>| {
        let text = cell_text(&value);
        if !text.is_empty() && *budget > 0 {
            *budget -= 1;
            cells.push((row, col, text));
        }
        *budget > 0
    };
    match workbook {
        calamine::Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx
                .worksheet_cells_reader(name)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                let (row, col) = cell.get_position();
                if !keep(row, col, Data::from(cell.get_value().clone()), &mut cells) {
                    break;
                }
            }
        }
        calamine::Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb
                .worksheet_cells_reader(name)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                let (row, col) = cell.get_position();
                if !keep(row, col, Data::from(cell.get_value().clone()), &mut cells) {
                    break;
                }
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| e.to_string())?;
            let (start_row, start_col) = range.start().unwrap_or((0, 0));
            for (row, col, value) in range.used_cells() {
                if !keep(
                    start_row + row as u32,
                    start_col + col as u32,
                    value.clone(),
                    &mut cells,
                ) {
                    break;
                }
            }
        }
    }
    Ok(cells)
}

/// Rows become lines; a column is 100 units wide, so "the cell below" lines up.
fn lines_of(mut cells: Vec<(u32, u32, String)>, page: u32) -> Vec<Line> {
    cells.sort_by_key(|(row, col, _)| (*row, *col));
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Option<u32> = None;
    for (row, col, text) in cells {
        let x0 = col as f32 * 100.0;
        let cell = Cell {
            x0,
            x1: x0 + 90.0,
            text,
            size: 10.0,
        };
        match lines.last_mut() {
            Some(line) if current == Some(row) => line.cells.push(cell),
            _ => {
                current = Some(row);
                lines.push(Line {
                    page,
                    y: -(row as f32) * 20.0,
                    cells: vec![cell],
                });
            }
        }
    }
    lines
}

/// A cell as a person reads it: dates as `YYYY-MM-DD`, numbers without float noise.
pub fn cell_text(value: &Data) -> String {
    match value {
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().to_string())
            .unwrap_or_else(|| float_text(dt.as_f64())),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

/// Formula results carry float noise (7556.750000000001): round it off before reading.
pub fn float_text(f: f64) -> String {
    match Decimal::from_f64_retain(f) {
        Some(d) => d.round_dp(9).normalize().to_string(),
        None => f.to_string(),
    }
}

/// A CSV reader over decoded text, its delimiter sniffed from the first line: Excel writes `;`
/// where the decimal separator is a comma, and exports use tabs or pipes too.
pub fn csv_reader(text: &str) -> (csv::Reader<&[u8]>, u8) {
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first_line.matches(char::from(*d)).count())
        .unwrap_or(b',');
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    (reader, delimiter)
}

pub fn examine_csv(bytes: &[u8]) -> Result<Extracted, Rejection> {
    let text = decode_text(bytes);
    let (mut reader, delimiter) = csv_reader(&text);
    let mut cells = Vec::new();
    let mut rows = 0u32;
    for record in reader.records().take(MAX_CELLS) {
        let Ok(record) = record else { continue };
        for (col, value) in record.iter().enumerate() {
            let value = value.trim();
            if !value.is_empty() && cells.len() < MAX_CELLS {
                cells.push((rows, col as u32, value.to_string()));
            }
        }
        rows += 1;
    }
    let mut extracted = Extracted::new(Format::Csv);
    extracted.layout = Layout {
        lines: lines_of(cells, 1),
    };
    extracted.content.push(extracted.layout.text());
    extracted.metadata.insert("rows".into(), Value::from(rows));
    extracted.metadata.insert(
        "delimiter".into(),
        Value::String(char::from(delimiter).to_string()),
    );
    Ok(extracted)
}

/// A CSV's text as spreadsheet programs save it (see `crate::text`).
pub fn decode_text(bytes: &[u8]) -> String {
    crate::text::decode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_any_encoding_becomes_rows_of_cells() {
        let latin1 = b"campagne;clics\nCLM-000001 \xe9t\xe9;12\n";
        let extracted = examine_csv(latin1).unwrap();
        assert!(extracted.content[0].contains("CLM-000001 été"));
        assert_eq!(extracted.layout.lines.len(), 2);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,b\n1,2\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(examine_csv(&utf16).unwrap().layout.lines.len(), 2);
    }

    #[test]
    fn float_noise_is_rounded_off() {
        assert_eq!(float_text(7556.750000000001), "7556.75");
        assert_eq!(float_text(35800.0), "35800");
    }
}
