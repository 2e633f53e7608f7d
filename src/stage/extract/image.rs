//! Images: dimensions from the header; the picture itself is decoded only by OCR (`ocr`),
//! which reads PNG, JPEG, TIFF and WebP as a one-page scan.

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
    if format != Format::Gif {
        extracted.scanned = vec![super::ocr::ScannedPage {
            page: 1,
            long_side: None,
        }];
    }
    Ok(extracted)
}
