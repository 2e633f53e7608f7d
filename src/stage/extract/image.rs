//! Images (proof of execution): dimensions from the header, never the whole picture.

use serde_json::Value;

use super::{Extracted, Format, unreadable};
use crate::domain::Rejection;

pub fn examine(
    reader: impl std::io::Read + std::io::Seek,
    format: Format,
) -> Result<Extracted, Rejection> {
    let size = imagesize::reader_size(std::io::BufReader::new(reader)).map_err(|e| {
        unreadable(crate::text!(
            "reason-not-readable",
            format = format.as_str(),
            error = e.to_string()
        ))
    })?;
    let mut extracted = Extracted::new(format);
    extracted
        .metadata
        .insert("width".into(), Value::from(size.width));
    extracted
        .metadata
        .insert("height".into(), Value::from(size.height));
    Ok(extracted)
}
