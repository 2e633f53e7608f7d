//! Claim registers: a CSV or XLSX file -> validated claim rows, or the first bad row.
//!
//! A register is read whole and checked whole before anything is written, so a bad row refuses
//! the import and nothing is half-imported. Cells are first turned into text the way a person
//! reads them (dates as `YYYY-MM-DD`, numbers without float noise), then every row, from a file
//! or from `claims create`, goes through the same [`validate`].
//!
//! XLSX sheets are read with calamine's cell reader, never `worksheet_range`: a tiny file that
//! declares A1:XFD1048576 makes the range allocate for every declared cell and abort.

use std::collections::HashMap;
use std::io::{Read, Seek};
use std::path::Path;
use std::str::FromStr;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::Decimal;

use crate::domain::{ClaimInput, RegisterRow, Status};
use crate::stage::extract::sheet::{cell_text, csv_reader, decode_text};

/// The columns every register must have (SPEC §3).
pub const REQUIRED: [&str; 9] = [
    "claim_id",
    "program",
    "activity",
    "location",
    "usage_start",
    "usage_end",
    "currency",
    "funds_total",
    "references",
];
/// Columns a register may add.
pub const OPTIONAL: [&str; 3] = ["status", "funds_approved", "comment"];

/// Bounds the cells kept from one sheet, so a hostile register cannot fill memory.
const MAX_CELLS: usize = 2_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    #[error("{0}")]
    File(String),
    #[error("row {row}{}: {message}", claim.as_ref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Row {
        row: usize,
        claim: Option<String>,
        message: String,
    },
}

/// One claim's fields as text, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawClaim {
    pub claim_id: String,
    pub program: String,
    pub activity: String,
    pub location: String,
    pub usage_start: String,
    pub usage_end: String,
    pub currency: String,
    pub funds_total: String,
    pub references: String,
    pub status: String,
    pub funds_approved: String,
    pub comment: String,
}

/// Reads and validates a whole register.
pub fn read(path: &Path, claim_id: &Regex) -> Result<Vec<RegisterRow>, RegisterError> {
    let bytes = std::fs::read(path)
        .map_err(|e| RegisterError::File(format!("{}: cannot read: {e}", path.display())))?;
    let table =
        table_of(bytes).map_err(|e| RegisterError::File(format!("{}: {e}", path.display())))?;
    rows_from_table(table, claim_id)
}

/// Reads and validates a register from its bytes: a workbook (ZIP or OLE2) or else CSV.
pub fn read_bytes(bytes: Vec<u8>, claim_id: &Regex) -> Result<Vec<RegisterRow>, RegisterError> {
    rows_from_table(table_of(bytes).map_err(RegisterError::File)?, claim_id)
}

fn table_of(bytes: Vec<u8>) -> Result<Table, String> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // A damaged workbook may make calamine panic; registers are read in this process.
        std::panic::catch_unwind(|| sheet_table(std::io::Cursor::new(bytes))).unwrap_or_else(
            |panic| {
                Err(format!(
                    "the workbook reader failed on it: {}",
                    crate::stage::extract::sheet::panic_message(panic.as_ref())
                ))
            },
        )
    } else {
        csv_table(&bytes)
    }
}

/// A sheet as rows of text cells, each row with its 1-based spreadsheet row number.
type Table = Vec<(usize, Vec<String>)>;

fn csv_table(bytes: &[u8]) -> Result<Table, String> {
    let text = decode_text(bytes);
    let (mut reader, _) = csv_reader(&text);
    let mut table = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", index + 1))?;
        table.push((
            index + 1,
            record.iter().map(|c| c.trim().to_string()).collect(),
        ));
    }
    Ok(table)
}

fn sheet_table<RS: Read + Seek + Clone>(data: RS) -> Result<Table, String> {
    let workbook = calamine::open_workbook_auto_from_rs(data.clone())
        .map_err(|e| format!("not a readable workbook: {e}"))?;
    let names = workbook.sheet_names();
    let first = names
        .first()
        .cloned()
        .ok_or_else(|| "the workbook has no sheet".to_string())?;
    let mut cells: HashMap<usize, Vec<(usize, String)>> = HashMap::new();
    let mut count = 0usize;
    let mut keep = |row: u32, col: u32, text: String| -> Result<(), String> {
        if text.is_empty() {
            return Ok(());
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(format!("more than {MAX_CELLS} cells: not a register"));
        }
        cells
            .entry(row as usize + 1)
            .or_default()
            .push((col as usize, text));
        Ok(())
    };
    match workbook {
        calamine::Sheets::Xlsx(mut xlsx) => {
            let mut reader = xlsx
                .worksheet_cells_reader(&first)
                .map_err(|e| format!("sheet '{first}': {e}"))?;
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| format!("sheet '{first}': {e}"))?
            {
                let (row, col) = cell.get_position();
                keep(row, col, cell_text(&Data::from(cell.get_value().clone())))?;
            }
        }
        mut other => {
            // xls and ods have no cell reader; their ranges are built from stored cells,
            // and the worker limits of the ingestion pipeline bound them.
            let range = other
                .worksheet_range(&first)
                .map_err(|e| format!("sheet '{first}': {e}"))?;
            for (row, col, value) in range.used_cells() {
                let (start_row, start_col) = range.start().unwrap_or((0, 0));
                keep(
                    start_row + row as u32,
                    start_col + col as u32,
                    cell_text(value),
                )?;
            }
        }
    }
    let mut rows: Vec<usize> = cells.keys().copied().collect();
    rows.sort_unstable();
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut line = Vec::new();
            for (col, text) in cells.remove(&row).unwrap_or_default() {
                if line.len() <= col {
                    line.resize(col + 1, String::new());
                }
                if let Some(slot) = line.get_mut(col) {
                    *slot = text;
                }
            }
            (row, line)
        })
        .collect())
}

fn rows_from_table(table: Table, claim_id: &Regex) -> Result<Vec<RegisterRow>, RegisterError> {
    let mut lines = table
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((header_row, header)) = lines.next() else {
        return Err(RegisterError::File("the register is empty".into()));
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let mut positions = HashMap::new();
    for name in REQUIRED {
        let index = column(name).ok_or_else(|| RegisterError::Row {
            row: header_row,
            claim: None,
            message: format!(
                "missing column '{name}' (the header must name {})",
                REQUIRED.join(", ")
            ),
        })?;
        positions.insert(name, index);
    }
    for name in OPTIONAL {
        if let Some(index) = column(name) {
            positions.insert(name, index);
        }
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::new();
    for (row, cells) in lines {
        let cell = |name: &str| {
            positions
                .get(name)
                .and_then(|&i| cells.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let raw = RawClaim {
            claim_id: cell("claim_id"),
            program: cell("program"),
            activity: cell("activity"),
            location: cell("location"),
            usage_start: cell("usage_start"),
            usage_end: cell("usage_end"),
            currency: cell("currency"),
            funds_total: cell("funds_total"),
            references: cell("references"),
            status: cell("status"),
            funds_approved: cell("funds_approved"),
            comment: cell("comment"),
        };
        let claim = validate(&raw, claim_id).map_err(|message| RegisterError::Row {
            row,
            claim: (!raw.claim_id.is_empty()).then(|| raw.claim_id.clone()),
            message,
        })?;
        if let Some(first) = seen.insert(claim.claim_id.clone(), row) {
            return Err(RegisterError::Row {
                row,
                claim: Some(claim.claim_id),
                message: format!("the claim appears twice (first at row {first})"),
            });
        }
        rows.push(RegisterRow { row, claim });
    }
    Ok(rows)
}

/// Checks one claim's fields; the message says which field is wrong and why.
pub fn validate(raw: &RawClaim, claim_id: &Regex) -> Result<ClaimInput, String> {
    let id = raw.claim_id.trim();
    if id.is_empty() {
        return Err("claim_id is empty".into());
    }
    if claim_id.find(id).map(|m| m.as_str()) != Some(id) {
        return Err(format!(
            "claim_id '{id}' does not match the claim id pattern"
        ));
    }
    let program = raw.program.trim();
    if program.is_empty() {
        return Err("program is empty".into());
    }
    let usage_start = date("usage_start", &raw.usage_start)?;
    let usage_end = date("usage_end", &raw.usage_end)?;
    if usage_end < usage_start {
        return Err(format!(
            "usage_end {usage_end} is before usage_start {usage_start}"
        ));
    }
    let currency = raw.currency.trim().to_ascii_uppercase();
    let known = iso_currency::Currency::from_code(&currency);
    let Some(known) = known else {
        return Err(format!(
            "currency '{}' is not an ISO 4217 code",
            raw.currency.trim()
        ));
    };
    let decimals = known.exponent().unwrap_or(2).max(2) as u32;
    let funds_total = amount("funds_total", &raw.funds_total, decimals)?
        .ok_or_else(|| "funds_total is empty".to_string())?;
    let funds_approved = amount("funds_approved", &raw.funds_approved, decimals)?;
    let status = if raw.status.trim().is_empty() {
        None
    } else {
        Some(Status::from_str(&raw.status)?)
    };
    let mut references: Vec<String> = Vec::new();
    for reference in raw.references.split(';').map(str::trim) {
        if !reference.is_empty() && !references.iter().any(|r| r == reference) {
            references.push(reference.to_string());
        }
    }
    let comment = raw.comment.trim();
    Ok(ClaimInput {
        claim_id: id.to_string(),
        program: program.to_string(),
        activity: raw.activity.trim().to_string(),
        location: raw.location.trim().to_string(),
        usage_start,
        usage_end,
        currency,
        funds_total,
        references,
        status,
        funds_approved,
        comment: (!comment.is_empty()).then(|| comment.to_string()),
    })
}

fn date(field: &str, text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("{field} is empty"));
    }
    // A date with a midnight time (how some spreadsheets export) is still that date.
    let day = text.split(['T', ' ']).next().unwrap_or(text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| format!("{field} '{text}' is not a date (YYYY-MM-DD)"))
}

/// A non-negative amount; `35800.00` or `35,800.00`. Empty is `None`.
fn amount(field: &str, text: &str, decimals: u32) -> Result<Option<Decimal>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let grouped = Regex::new(r"^\d{1,3}(,\d{3})+(\.\d+)?$").map_err(|e| e.to_string())?;
    let plain = if grouped.is_match(text) {
        text.replace(',', "")
    } else {
        text.to_string()
    };
    let value = Decimal::from_str(&plain)
        .map_err(|_| format!("{field} '{text}' is not a number"))?
        .normalize();
    if value.is_sign_negative() && !value.is_zero() {
        return Err(format!("{field} '{text}' is negative"));
    }
    if value.scale() > decimals {
        return Err(format!(
            "{field} '{text}' has more than {decimals} decimals"
        ));
    }
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern() -> Regex {
        Regex::new(r"\b(?:CLM-[0-9]{6})\b").unwrap()
    }

    fn good() -> RawClaim {
        RawClaim {
            claim_id: "CLM-000001".into(),
            program: "Co-op FY25".into(),
            usage_start: "2024-08-01".into(),
            usage_end: "2024-09-30".into(),
            currency: "eur".into(),
            funds_total: "35,800.00".into(),
            references: "PO-1; PA-2;;PO-1".into(),
            ..RawClaim::default()
        }
    }

    #[test]
    fn a_good_row_is_normalised() {
        let claim = validate(&good(), &pattern()).unwrap();
        assert_eq!(claim.currency, "EUR");
        assert_eq!(claim.funds_total, Decimal::new(35800, 0));
        assert_eq!(claim.references, vec!["PO-1", "PA-2"]);
        assert_eq!(claim.status, None);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut RawClaim);
        let cases: Vec<(Spoil, &str)> = vec![
            (|r| r.claim_id = "CLM-12".into(), "claim_id 'CLM-12'"),
            (|r| r.claim_id = "XCLM-000001".into(), "claim_id"),
            (
                |r| r.usage_start = "31/10/2024".into(),
                "usage_start '31/10/2024' is not a date",
            ),
            (
                |r| r.usage_end = "2024-07-01".into(),
                "usage_end 2024-07-01 is before",
            ),
            (|r| r.currency = "EUX".into(), "currency 'EUX'"),
            (
                |r| r.funds_total = "-5".into(),
                "funds_total '-5' is negative",
            ),
            (
                |r| r.funds_total = "lots".into(),
                "funds_total 'lots' is not a number",
            ),
            (|r| r.funds_total = "1.234".into(), "more than 2 decimals"),
            (|r| r.funds_approved = "x".into(), "funds_approved 'x'"),
            (|r| r.status = "done".into(), "unknown status 'done'"),
            (|r| r.program = " ".into(), "program is empty"),
        ];
        for (spoil, expected) in cases {
            let mut raw = good();
            spoil(&mut raw);
            let err = validate(&raw, &pattern()).unwrap_err();
            assert!(err.contains(expected), "{err} should contain {expected}");
        }
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let text = "claim_id,program,activity,location,usage_start,usage_end,currency,funds_total,references\n\
                    CLM-000001,P,A,\"Paris, France\",2024-01-01,2024-01-31,EUR,10,\n\
                    CLM-000002,P,A,L,2024-01-01,2024-01-31,EUR,ten,\n";
        let err = rows_from_table(csv_table(text.as_bytes()).unwrap(), &pattern()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 3 (CLM-000002): funds_total 'ten' is not a number"
        );
    }

    #[test]
    fn semicolon_registers_from_french_excel_are_read() {
        let text = "\u{feff}claim_id;program;activity;location;usage_start;usage_end;currency;funds_total;references\r\n\
                    CLM-000001;P;A;Lyon, France;2024-01-01;2024-01-31;EUR;10;PO-1\r\n";
        let rows = rows_from_table(csv_table(text.as_bytes()).unwrap(), &pattern()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].claim.location, "Lyon, France");
    }
}
