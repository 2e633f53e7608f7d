//! Identify: what a file is, by content. Streaming SHA-256 and the magic bytes at its start.
//!
//! The extension is only a witness: a file is what its bytes say. It matters in one case, when
//! a file named as a supported format (`.pdf`, `.xlsx`) holds something else: that is a
//! damaged or mislabelled document (`unreadable`), not a format claimdrop does not know.
//! Containers (ZIP, OLE2) are told apart inside the worker, which opens them.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::domain::{Outcome, Rejection};

pub use crate::domain::{Identified, Sniffed};

/// Extensions of the formats claimdrop reads: a file named so but not one is damaged.
const SUPPORTED_EXTENSIONS: &[&str] = &[
    "pdf", "xlsx", "xlsm", "xlsb", "xls", "ods", "png", "jpg", "jpeg", "tif", "tiff", "gif",
    "webp", "xml",
];
/// Extensions under which plain text is read as CSV.
const TEXT_EXTENSIONS: &[&str] = &["csv", "tsv", "txt"];

/// The SHA-256 of no bytes: an empty file's hash.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Hashes and sniffs a file; rejects what is empty or too large before anything parses it.
pub fn identify(
    path: &Path,
    max_file_bytes: u64,
) -> std::io::Result<Result<Identified, Rejection>> {
    identify_file(crate::plain_file::open(path)?, max_file_bytes)
}

/// `identify`, for a file already open (reached safely in the inbox).
pub fn identify_file(
    mut file: std::fs::File,
    max_file_bytes: u64,
) -> std::io::Result<Result<Identified, Rejection>> {
    let bytes = file.metadata()?.len();
    if bytes == 0 {
        return Ok(Err(Rejection::new(
            Outcome::Empty,
            crate::text!("reason-empty"),
        )));
    }
    if bytes > max_file_bytes {
        return Ok(Err(Rejection::new(
            Outcome::Unreadable,
            crate::text!("reason-too-large", bytes = bytes, limit = max_file_bytes),
        )));
    }
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(4096);
    // Sized to the file: most are a few kilobytes, and zeroing 256 KiB for each cost more
    // than hashing it. One byte more than the file, so that its end is seen in one read.
    let size = usize::try_from(bytes).map_or(usize::MAX, |b| b.saturating_add(1));
    let mut buffer = vec![0u8; size.min(256 * 1024)];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        let chunk = buffer.get(..n).unwrap_or_default();
        if head.len() < 4096 {
            let take = (4096 - head.len()).min(n);
            head.extend_from_slice(chunk.get(..take).unwrap_or_default());
        }
        hasher.update(chunk);
    }
    Ok(Ok(Identified {
        sha256: hex::encode(hasher.finalize()),
        bytes,
        sniffed: sniff(&head),
    }))
}

/// Reads the magic bytes.
pub fn sniff(head: &[u8]) -> Sniffed {
    // PDF readers accept the header anywhere in the first kilobyte.
    let pdf_window = head.get(..1024).unwrap_or(head);
    if pdf_window.windows(5).any(|w| w == b"%PDF-") {
        return Sniffed::Pdf;
    }
    match head {
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Sniffed::Zip,
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => Sniffed::Ole2,
        [0x89, b'P', b'N', b'G', ..] => Sniffed::Png,
        [0xFF, 0xD8, 0xFF, ..] => Sniffed::Jpeg,
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => Sniffed::Tiff,
        [b'G', b'I', b'F', b'8', ..] => Sniffed::Gif,
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Sniffed::Webp,
        [b'M', b'Z', ..] | [0x7F, b'E', b'L', b'F', ..] => Sniffed::Executable,
        _ if looks_like_xml(head) => Sniffed::Xml,
        _ if looks_like_text(head) => Sniffed::Text,
        _ => Sniffed::Unknown,
    }
}

/// Whether bytes are (probably) an XML document rather than other text: markup first.
pub(crate) fn looks_like_xml(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.starts_with(b"\xFF\xFE<\0") || head.starts_with(b"\xFE\xFF\0<") {
        return true;
    }
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    start.and_then(|i| head.get(i..)).is_some_and(|rest| {
        rest.starts_with(b"<?xml") || rest.starts_with(b"<!--") || {
            // `<Invoice xmlns=...`: a tag name after the bracket.
            rest.first() == Some(&b'<') && rest.get(1).is_some_and(|b| b.is_ascii_alphabetic())
        }
    })
}

fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    if head.contains(&0) {
        return false;
    }
    // UTF-8 (a cut multi-byte character at the end of the window is fine) or Latin-1 text:
    // few control characters besides tab and line breaks.
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls * 100 <= head.len()
}

/// The lower-case extension of a file name.
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// For text and unknown bytes, what the name adds: CSV, damaged, or not ours.
pub fn judge_by_name(sniffed: Sniffed, path: &Path) -> Result<(), Rejection> {
    let ext = extension(path);
    match sniffed {
        Sniffed::Text if TEXT_EXTENSIONS.contains(&ext.as_str()) => Ok(()),
        Sniffed::Text | Sniffed::Unknown if SUPPORTED_EXTENSIONS.contains(&ext.as_str()) => {
            Err(Rejection::new(
                Outcome::Unreadable,
                crate::text!("reason-mislabelled", ext = &ext, format = format_of(&ext)),
            ))
        }
        Sniffed::Text => Err(Rejection::new(
            Outcome::Unsupported,
            if ext.is_empty() {
                crate::text!("reason-plain-text")
            } else {
                crate::text!("reason-plain-text-named", ext = &ext)
            },
        )),
        Sniffed::Executable => Err(Rejection::new(
            Outcome::Unsupported,
            crate::text!("reason-executable"),
        )),
        Sniffed::Unknown => Err(Rejection::new(
            Outcome::Unsupported,
            crate::text!("reason-unknown-format"),
        )),
        _ => Ok(()),
    }
}

/// What a supported extension promises, as the reason's message names it.
fn format_of(ext: &str) -> &'static str {
    match ext {
        "pdf" => "pdf",
        "png" | "jpg" | "jpeg" | "tif" | "tiff" | "gif" | "webp" => "image",
        "xml" => "xml",
        _ => "workbook",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_decide() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Sniffed::Pdf);
        assert_eq!(sniff(b"\r\n%PDF-1.4"), Sniffed::Pdf);
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Sniffed::Ole2
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Sniffed::Png);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Sniffed::Jpeg);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Sniffed::Webp);
        assert_eq!(sniff(b"MZ\x90\0"), Sniffed::Executable);
        assert_eq!(
            sniff("date;clicks\n2024-01-01;12\n".as_bytes()),
            Sniffed::Text
        );
        assert_eq!(sniff(&[0x00, 0x13, 0x99, 0x01, 0x02]), Sniffed::Unknown);
    }

    #[test]
    fn the_name_judges_text_and_unknown_bytes() {
        assert!(judge_by_name(Sniffed::Text, Path::new("m.csv")).is_ok());
        let csv_as_xlsx = judge_by_name(Sniffed::Text, Path::new("m.xlsx")).unwrap_err();
        assert_eq!(csv_as_xlsx.outcome, Outcome::Unreadable);
        let noise_as_pdf = judge_by_name(Sniffed::Unknown, Path::new("x.pdf")).unwrap_err();
        assert_eq!(noise_as_pdf.outcome, Outcome::Unreadable);
        let exe = judge_by_name(Sniffed::Executable, Path::new("proof.pdf.exe")).unwrap_err();
        assert_eq!(exe.outcome, Outcome::Unsupported);
        assert!(judge_by_name(Sniffed::Pdf, Path::new("no-extension")).is_ok());
    }
}
