//! Spreadsheets and CSV: sheet names now; cells come with the content readers.

use std::io::Cursor;
use std::path::Path;

use calamine::Reader;
use serde_json::Value;

use super::{Extracted, Format, unreadable};
use crate::domain::{Outcome, Rejection};

pub fn examine_workbook(path: &Path, format: Format) -> Result<Extracted, Rejection> {
    let bytes =
        std::fs::read(path).map_err(|e| unreadable(format!("cannot read the file: {e}")))?;
    let workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let message = e.to_string();
        if message.to_ascii_lowercase().contains("password") {
            Rejection::new(Outcome::Encrypted, "a password-protected workbook")
        } else {
            unreadable(format!("not a readable {}: {message}", format.as_str()))
        }
    })?;
    let names = workbook.sheet_names();
    let mut extracted = Extracted::new(format);
    extracted.content.extend(names.iter().cloned());
    extracted.metadata.insert(
        "sheets".into(),
        Value::Array(names.into_iter().map(Value::String).collect()),
    );
    Ok(extracted)
}

pub fn examine_csv(bytes: &[u8]) -> Result<Extracted, Rejection> {
    let text = String::from_utf8_lossy(bytes);
    let mut extracted = Extracted::new(Format::Csv);
    let rows = text.lines().filter(|l| !l.trim().is_empty()).count();
    extracted.metadata.insert("rows".into(), Value::from(rows));
    Ok(extracted)
}
