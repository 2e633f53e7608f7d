//! ZIP and OLE2 containers: which document hides inside, and whether it is safe to open.
//!
//! An xlsx, an ods and a docx are all ZIP files; an xls, a Word 97 file and a password-protected
//! xlsx (ECMA-376 encryption wraps the package in OLE2) are all OLE2 files. The entry names tell
//! them apart. The ZIP directory also tells the inflated size before anything is inflated, which
//! is how a decompression bomb is refused without being opened.

use std::io::{Cursor, Read};

use super::{Extracted, Format, Limits, sheet, unreadable};
use crate::domain::{Outcome, Rejection};

/// Below this inflated size no ratio is suspicious.
const BOMB_FLOOR: u64 = 16 * 1024 * 1024;
const BOMB_RATIO: u64 = 100;

pub fn examine_zip_bytes(bytes: Vec<u8>, limits: Limits) -> Result<Extracted, Rejection> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.as_slice()))
        .map_err(|e| unreadable(crate::text!("reason-damaged-zip", error = e.to_string())))?;
    let mut inflated: u64 = 0;
    let mut compressed: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|e| unreadable(crate::text!("reason-damaged-zip", error = e.to_string())))?;
        inflated = inflated.saturating_add(entry.size());
        compressed = compressed.saturating_add(entry.compressed_size());
    }
    if inflated > limits.max_uncompressed_bytes {
        return Err(unreadable(crate::text!(
            "reason-inflates-over-limit",
            bytes = inflated,
            limit = limits.max_uncompressed_bytes
        )));
    }
    // Office XML compresses about 5 to 20 times; hundreds of times is a bomb, whatever its size.
    if inflated > BOMB_FLOOR && inflated / compressed.max(1) > BOMB_RATIO {
        return Err(unreadable(crate::text!(
            "reason-bomb",
            ratio = inflated / compressed.max(1),
            compressed = compressed,
            inflated = inflated
        )));
    }
    // Some writers store Windows separators in entry names.
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|name| name.ok().map(|n| n.replace('\\', "/")))
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let content_types = small_entry(&mut archive, "[Content_Types].xml").unwrap_or_default();
    let format = if has("xl/workbook.xml")
        || content_types.contains("spreadsheetml.sheet.main")
        || content_types.contains("ms-excel.sheet.macroEnabled.main")
    {
        if has("xl/vbaProject.bin") || content_types.contains("macroEnabled") {
            Format::Xlsm
        } else {
            Format::Xlsx
        }
    } else if has("xl/workbook.bin") || content_types.contains("ms-excel.sheet.binary") {
        Format::Xlsb
    } else if small_entry(&mut archive, "mimetype")
        .as_deref()
        .map(str::trim)
        == Some("application/vnd.oasis.opendocument.spreadsheet")
    {
        let manifest = small_entry(&mut archive, "META-INF/manifest.xml").unwrap_or_default();
        if manifest.contains("encryption-data") {
            return Err(Rejection::new(
                Outcome::Encrypted,
                crate::text!("reason-encrypted", what = "ods"),
            ));
        }
        Format::Ods
    } else {
        let what = if names.iter().any(|n| n.starts_with("word/")) {
            "word"
        } else if names.iter().any(|n| n.starts_with("ppt/")) {
            "powerpoint"
        } else if has("mimetype") {
            "opendocument"
        } else {
            "zip"
        };
        return Err(Rejection::new(
            Outcome::Unsupported,
            crate::text!("reason-not-ours", what = what),
        ));
    };
    drop(archive);
    sheet::examine_workbook_bytes(bytes, format)
}

/// The first 256 KiB of a small text entry (a manifest, a content-type list).
fn small_entry(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut entry = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    entry
        .by_ref()
        .take(256 * 1024)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The cfb crate checks the sector tables strictly; calamine's own reader would follow a
/// cyclic chain until memory runs out, so the container is vetted before calamine opens it.
pub fn examine_ole2_bytes(bytes: Vec<u8>) -> Result<Extracted, Rejection> {
    let compound = cfb::CompoundFile::open(Cursor::new(bytes.as_slice()))
        .map_err(|e| unreadable(crate::text!("reason-damaged-ole2", error = e.to_string())))?;
    let stream = |name: &str| compound.is_stream(format!("/{name}"));
    if stream("EncryptedPackage") || stream("EncryptionInfo") {
        return Err(Rejection::new(
            Outcome::Encrypted,
            crate::text!("reason-encrypted", what = "office"),
        ));
    }
    if stream("Workbook") || stream("Book") {
        drop(compound);
        return sheet::examine_workbook_bytes(bytes, Format::Xls);
    }
    let what = if stream("WordDocument") {
        "word97"
    } else if stream("PowerPoint Document") {
        "powerpoint97"
    } else {
        "ole2"
    };
    Err(Rejection::new(
        Outcome::Unsupported,
        crate::text!("reason-not-ours", what = what),
    ))
}
