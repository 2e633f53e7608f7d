//! Claim registers: a CSV or XLSX file -> validated claim rows, or the first bad row.
//!
//! A register is read whole and checked whole before anything is written, so a bad row refuses
//! the import and nothing is half-imported. Cells are first turned into text the way a person
//! reads them (dates as `YYYY-MM-DD`, numbers without float noise), then every row, from a file
//! or from `claims create`, goes through the same [`validate`].
//!
//! Registers are read as European spreadsheets write them (SPEC §3): `;`, `,` or tab
//! separated, in any of the encodings `text::decode` knows; amounts with a decimal comma or
//! point and any grouping (`1 500,00`, `1.500,00`, `1,500.00`), refused when they could be read
//! two ways (`1,500`); dates ISO or with the day first (`31/01/2025`, `31.01.2025`; month first
//! under `[registers] date_order = "mdy"`).
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

use crate::domain::{ClaimInput, DateOrder, RegisterRow, Status};
use crate::lang::Text;
use crate::stage::extract::sheet::{cell_text, csv_reader, decode_text};
use crate::text;

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
    File(Text),
    #[error("{}", self.text())]
    Row {
        row: usize,
        claim: Option<String>,
        message: Text,
    },
}

impl RegisterError {
    /// What is wrong, for the person who wrote the register.
    pub fn text(&self) -> Text {
        match self {
            RegisterError::File(text) => text.clone(),
            RegisterError::Row {
                row,
                claim: Some(claim),
                message,
            } => text!(
                "register-row-of",
                row = *row,
                claim = claim,
                why = message.clone()
            ),
            RegisterError::Row {
                row,
                claim: None,
                message,
            } => text!("register-row", row = *row, why = message.clone()),
        }
    }
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

/// How a workspace's registers are read: its claim id pattern (ignoring case) and the order
/// of day and month in its dates.
#[derive(Debug, Clone)]
pub struct RegisterRules {
    pub claim_id: Regex,
    pub date_order: DateOrder,
}

/// Reads and validates a whole register.
pub fn read(path: &Path, rules: &RegisterRules) -> Result<Vec<RegisterRow>, RegisterError> {
    let bytes = std::fs::read(path).map_err(|e| {
        RegisterError::File(text!(
            "register-unreadable",
            file = path.display().to_string(),
            error = e.to_string()
        ))
    })?;
    let table = table_of(bytes).map_err(|why| {
        RegisterError::File(text!(
            "register-file",
            file = path.display().to_string(),
            why = why
        ))
    })?;
    rows_from_table(table, rules)
}

/// Reads and validates a register from its bytes: a workbook (ZIP or OLE2) or else CSV.
pub fn read_bytes(
    bytes: Vec<u8>,
    rules: &RegisterRules,
) -> Result<Vec<RegisterRow>, RegisterError> {
    rows_from_table(table_of(bytes).map_err(RegisterError::File)?, rules)
}

fn table_of(bytes: Vec<u8>) -> Result<Table, Text> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // A damaged workbook may make calamine panic; registers are read in this process.
        std::panic::catch_unwind(|| sheet_table(std::io::Cursor::new(bytes))).unwrap_or_else(
            |panic| {
                Err(text!(
                    "reason-reader-failed",
                    error = crate::stage::extract::sheet::panic_message(panic.as_ref())
                ))
            },
        )
    } else {
        csv_table(&bytes)
    }
}

/// A sheet as rows of text cells, each row with its 1-based spreadsheet row number.
type Table = Vec<(usize, Vec<String>)>;

fn csv_table(bytes: &[u8]) -> Result<Table, Text> {
    let text = decode_text(bytes);
    let (mut reader, _) = csv_reader(&text);
    let mut table = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            text!(
                "register-row",
                row = index + 1,
                why = text!("plain", text = e.to_string())
            )
        })?;
        table.push((
            index + 1,
            record.iter().map(|c| c.trim().to_string()).collect(),
        ));
    }
    Ok(table)
}

fn sheet_table<RS: Read + Seek + Clone>(data: RS) -> Result<Table, Text> {
    let workbook = calamine::open_workbook_auto_from_rs(data.clone()).map_err(|e| {
        text!(
            "reason-not-readable",
            format = "workbook",
            error = e.to_string()
        )
    })?;
    let names = workbook.sheet_names();
    let first = names
        .first()
        .cloned()
        .ok_or_else(|| text!("register-no-sheet"))?;
    let mut cells: HashMap<usize, Vec<(usize, String)>> = HashMap::new();
    let mut count = 0usize;
    let mut keep = |row: u32, col: u32, text: String| -> Result<(), Text> {
        if text.is_empty() {
            return Ok(());
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(text!("register-too-many-cells", limit = MAX_CELLS));
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
                .map_err(|e| text!("register-sheet", sheet = &first, error = e.to_string()))?;
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| text!("register-sheet", sheet = &first, error = e.to_string()))?
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
                .map_err(|e| text!("register-sheet", sheet = &first, error = e.to_string()))?;
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

fn rows_from_table(table: Table, rules: &RegisterRules) -> Result<Vec<RegisterRow>, RegisterError> {
    let mut lines = table
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((header_row, header)) = lines.next() else {
        return Err(RegisterError::File(text!("register-empty")));
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
            message: text!(
                "register-missing-column",
                column = name,
                required = REQUIRED.join(", ")
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
        let claim = validate(&raw, rules).map_err(|message| RegisterError::Row {
            row,
            claim: (!raw.claim_id.is_empty()).then(|| raw.claim_id.clone()),
            message,
        })?;
        // `clm-1` and `CLM-1` are one claim (SPEC §1).
        if let Some(first) = seen.insert(claim.claim_id.to_lowercase(), row) {
            return Err(RegisterError::Row {
                row,
                claim: Some(claim.claim_id),
                message: text!("register-twice", first = first),
            });
        }
        rows.push(RegisterRow { row, claim });
    }
    Ok(rows)
}

/// Checks one claim's fields; the message says which field is wrong and why.
pub fn validate(raw: &RawClaim, rules: &RegisterRules) -> Result<ClaimInput, Text> {
    let claim_id = &rules.claim_id;
    let id = raw.claim_id.trim();
    if id.is_empty() {
        return Err(text!("field-empty", field = "claim_id"));
    }
    if claim_id.find(id).map(|m| m.as_str()) != Some(id) {
        return Err(text!("register-bad-claim-id", claim = id));
    }
    let program = raw.program.trim();
    if program.is_empty() {
        return Err(text!("field-empty", field = "program"));
    }
    let usage_start = date("usage_start", &raw.usage_start, rules.date_order)?;
    let usage_end = date("usage_end", &raw.usage_end, rules.date_order)?;
    if usage_end < usage_start {
        return Err(text!(
            "register-usage-reversed",
            start = usage_start.to_string(),
            end = usage_end.to_string()
        ));
    }
    let currency = raw.currency.trim().to_ascii_uppercase();
    let known = iso_currency::Currency::from_code(&currency);
    let Some(known) = known else {
        return Err(text!(
            "field-not-currency",
            field = "currency",
            value = raw.currency.trim()
        ));
    };
    let decimals = known.exponent().unwrap_or(2).max(2) as u32;
    let funds_total = amount("funds_total", &raw.funds_total, decimals)?
        .ok_or_else(|| text!("field-empty", field = "funds_total"))?;
    let funds_approved = amount("funds_approved", &raw.funds_approved, decimals)?;
    let status = if raw.status.trim().is_empty() {
        None
    } else {
        Some(Status::from_str(&raw.status)?)
    };
    let mut references: Vec<String> = Vec::new();
    // `;`, `,` or spaces: however the person's spreadsheet listed them in one cell.
    for reference in raw
        .references
        .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
        .map(str::trim)
    {
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

/// A date as a register writes it: ISO, or day, month and year separated by `/`, `.` or `-`
/// in the workspace's order.
fn date(field: &str, text: &str, order: DateOrder) -> Result<NaiveDate, Text> {
    let text = text.trim();
    if text.is_empty() {
        return Err(text!("field-empty", field = field));
    }
    // A date with a midnight time (how some spreadsheets export) is still that date.
    let day = text.split(['T', ' ']).next().unwrap_or(text);
    let numeric = match order {
        DateOrder::Dmy => ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"],
        DateOrder::Mdy => ["%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y"],
    };
    let written = match order {
        DateOrder::Dmy => "YYYY-MM-DD or DD/MM/YYYY",
        DateOrder::Mdy => "YYYY-MM-DD or MM/DD/YYYY",
    };
    std::iter::once("%Y-%m-%d")
        .chain(numeric)
        .find_map(|format| NaiveDate::parse_from_str(day, format).ok())
        // A two-digit year is never guessed: `%Y` reads `25` as the year 25.
        .filter(|date| chrono::Datelike::year(date) >= 1000)
        .ok_or_else(|| {
            text!(
                "field-not-date",
                field = field,
                value = text,
                written = written
            )
        })
}

/// A non-negative amount as a spreadsheet writes it: `1500.00`, `1500,00`, `1 500,00`,
/// `1.500,00`, `1,500.00`. Empty is `None`. One separator followed by exactly three digits
/// (`1,500`, `1.500`) could be a thousands separator or a decimal one: refused, so that a
/// claim is never worth a thousand times less (or more) than its register says.
fn amount(field: &str, text: &str, decimals: u32) -> Result<Option<Decimal>, Text> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let not_a_number = || text!("field-not-number", field = field, value = text);
    // Spaces of any width (French writes a narrow no-break space) and apostrophes (Swiss)
    // group digits, as a point or a comma may.
    let spaced: String = text
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '\'' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let compact: String = spaced.chars().filter(|c| *c != ' ').collect();
    if compact.starts_with('-') {
        return if compact.trim_start_matches(['-', '0', '.', ',']).is_empty() {
            Ok(Some(Decimal::ZERO))
        } else {
            Err(text!("field-negative", field = field, value = text))
        };
    }
    if compact.is_empty()
        || !compact
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(not_a_number());
    }
    let (last_comma, last_point) = (compact.rfind(','), compact.rfind('.'));
    // The decimal separator, if any, and the one that may group thousands.
    let (decimal, grouping) = match (last_comma, last_point) {
        (Some(c), Some(p)) if c > p => (Some(','), Some('.')),
        (Some(_), Some(_)) => (Some('.'), Some(',')),
        (None, None) => (None, None),
        (Some(_), None) | (None, Some(_)) => {
            let separator = if last_comma.is_some() { ',' } else { '.' };
            let parts: Vec<&str> = compact.split(separator).collect();
            let after = parts.last().map_or(0, |p| p.len());
            if parts.len() > 2 {
                // `1.500.000`: only a grouping separator is written twice.
                (None, Some(separator))
            } else if after == 3 && !spaced.contains(' ') {
                return Err(text!(
                    "field-two-ways",
                    field = field,
                    value = text,
                    separator = separator.to_string()
                ));
            } else {
                (Some(separator), None)
            }
        }
    };
    let (whole, fraction) = match decimal {
        Some(separator) => spaced.rsplit_once(separator).ok_or_else(not_a_number)?,
        None => (spaced.as_str(), ""),
    };
    let fraction = fraction.trim();
    // Before the decimal separator, digits may only be grouped in threes.
    let groups: Vec<&str> = whole
        .trim()
        .split(|c| c == ' ' || Some(c) == grouping)
        .collect();
    let well_grouped = groups
        .iter()
        .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        && (groups.len() == 1
            || groups.iter().enumerate().all(|(i, g)| {
                if i == 0 {
                    (1..=3).contains(&g.len())
                } else {
                    g.len() == 3
                }
            }));
    if !well_grouped
        || (decimal.is_some()
            && (fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit())))
    {
        return Err(not_a_number());
    }
    let plain = if decimal.is_some() {
        format!("{}.{fraction}", groups.concat())
    } else {
        groups.concat()
    };
    let value = Decimal::from_str(&plain)
        .map_err(|_| not_a_number())?
        .normalize();
    if value.scale() > decimals {
        return Err(text!(
            "field-too-many-decimals",
            field = field,
            value = text,
            decimals = decimals
        ));
    }
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern() -> RegisterRules {
        rules(DateOrder::Dmy)
    }

    fn rules(date_order: DateOrder) -> RegisterRules {
        RegisterRules {
            claim_id: crate::config::claim_id_regex(r"\b(?:CLM-[0-9]{6})\b").unwrap(),
            date_order,
        }
    }

    fn amount_of(text: &str) -> Result<Option<String>, String> {
        amount("funds_total", text, 2)
            .map(|v| v.map(|d| d.to_string()))
            .map_err(|e| e.render(crate::lang::Lang::En))
    }

    #[test]
    fn amounts_are_read_as_european_and_english_spreadsheets_write_them() {
        for (text, value) in [
            ("1500.00", "1500"),
            ("1500,00", "1500"),
            ("1 500,00", "1500"),
            ("1\u{202f}500,00", "1500"),
            ("1\u{a0}500,50", "1500.5"),
            ("1.500,00", "1500"),
            ("1,500.00", "1500"),
            ("1.234.567,89", "1234567.89"),
            ("1,234,567.89", "1234567.89"),
            ("1.500.000", "1500000"),
            ("1'500.00", "1500"),
            ("35800", "35800"),
            ("0,5", "0.5"),
            ("12,34", "12.34"),
        ] {
            assert_eq!(amount_of(text), Ok(Some(value.to_string())), "{text}");
        }
        assert_eq!(amount_of(""), Ok(None));
    }

    #[test]
    fn an_amount_that_reads_two_ways_or_is_no_number_is_refused() {
        for text in ["1,500", "1.500", "12.345", "999,000"] {
            let err = amount_of(text).unwrap_err();
            assert!(err.contains("can be read two ways"), "{text}: {err}");
        }
        for text in [
            "1.500,00.00",
            "1,50,000.00",
            "12a",
            "1 50,00",
            ",",
            "1.2.3,4",
        ] {
            assert!(
                amount_of(text).is_err(),
                "{text} read as {:?}",
                amount_of(text)
            );
        }
        assert!(amount_of("-5,00").unwrap_err().contains("negative"));
        assert!(amount_of("1,505").is_err());
        assert!(amount_of("1,5055").unwrap_err().contains("decimals"));
    }

    #[test]
    fn dates_are_read_day_first_unless_the_workspace_says_month_first() {
        let dmy = DateOrder::Dmy;
        let mdy = DateOrder::Mdy;
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date("d", "2025-01-31", dmy), Ok(day(2025, 1, 31)));
        assert_eq!(date("d", "31/01/2025", dmy), Ok(day(2025, 1, 31)));
        assert_eq!(date("d", "31.01.2025", dmy), Ok(day(2025, 1, 31)));
        assert_eq!(date("d", "02/03/2025", dmy), Ok(day(2025, 3, 2)));
        assert_eq!(date("d", "02/03/2025", mdy), Ok(day(2025, 2, 3)));
        assert_eq!(date("d", "2025-01-31", mdy), Ok(day(2025, 1, 31)));
        assert!(date("d", "01/31/2025", dmy).is_err());
        assert!(
            date("d", "31/01/25", dmy).is_err(),
            "a two-digit year is never guessed"
        );
        assert!(
            date("d", "31/01/2025", mdy)
                .unwrap_err()
                .render(crate::lang::Lang::En)
                .contains("MM/DD/YYYY")
        );
    }

    #[test]
    fn a_register_exported_by_french_excel_is_read_as_written() {
        // Windows-1252, `;`, decimal commas, grouped thousands, dates day first, references
        // in one quoted cell separated by `;` and by spaces.
        let text = "claim_id;program;activity;location;usage_start;usage_end;currency;funds_total;references\r\n\
                    clm-000001;Co-op;Salon;K\u{f6}ln;01/01/2025;31.03.2025;EUR;1\u{a0}500,00;\"PO-1; PO-2 PO-3\"\r\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let rows = rows_from_table(csv_table(&bytes).unwrap(), &pattern()).unwrap();
        let claim = &rows[0].claim;
        assert_eq!(claim.claim_id, "clm-000001");
        assert_eq!(claim.location, "K\u{f6}ln");
        assert_eq!(claim.funds_total.to_string(), "1500");
        assert_eq!(claim.usage_start.to_string(), "2025-01-01");
        assert_eq!(claim.usage_end.to_string(), "2025-03-31");
        assert_eq!(claim.references, ["PO-1", "PO-2", "PO-3"]);
    }

    #[test]
    fn an_ambiguous_amount_refuses_the_register_naming_its_row() {
        let text = "claim_id;program;activity;location;usage_start;usage_end;currency;funds_total;references\n\
                    CLM-000001;P;A;L;2025-01-01;2025-01-31;EUR;10,00;\n\
                    CLM-000002;P;A;L;2025-01-01;2025-01-31;EUR;1,500;\n";
        let err = rows_from_table(csv_table(text.as_bytes()).unwrap(), &pattern()).unwrap_err();
        let said = err.to_string();
        assert!(
            said.starts_with("row 3 (CLM-000002): funds_total '1,500' can be read two ways"),
            "{said}"
        );
    }

    #[test]
    fn the_same_claim_twice_in_other_letter_cases_is_refused() {
        let text = "claim_id,program,activity,location,usage_start,usage_end,currency,funds_total,references\n\
                    CLM-000001,P,A,L,2025-01-01,2025-01-31,EUR,10,\n\
                    clm-000001,P,A,L,2025-01-01,2025-01-31,EUR,10,\n";
        let err = rows_from_table(csv_table(text.as_bytes()).unwrap(), &pattern()).unwrap_err();
        assert!(err.to_string().contains("appears twice"), "{err}");
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
                |r| r.usage_start = "31/13/2024".into(),
                "usage_start '31/13/2024' is not a date",
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
            (|r| r.funds_total = "1.2345".into(), "more than 2 decimals"),
            (|r| r.funds_approved = "x".into(), "funds_approved 'x'"),
            (|r| r.status = "done".into(), "unknown status 'done'"),
            (|r| r.program = " ".into(), "program is empty"),
        ];
        for (spoil, expected) in cases {
            let mut raw = good();
            spoil(&mut raw);
            let err = validate(&raw, &pattern())
                .unwrap_err()
                .render(crate::lang::Lang::En);
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
