//! Text as people's programs save it: the byte-order mark decides (UTF-8, UTF-16), else UTF-8
//! when the bytes are UTF-8 (a character cut at the end of a read kept out), else
//! Windows-1252, what a Windows editor or spreadsheet writes (Latin-1 with `€` and curly
//! quotes). Decoding is encoding_rs's; the choice of encoding is ours.

use encoding_rs::{UTF_8, WINDOWS_1252};

/// Decodes bytes whose encoding nobody declared.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom..).unwrap_or_default();
        return encoding.decode_without_bom_handling(rest).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        // Incomplete at the very end only: a read cut a character in two.
        Err(e) if e.error_len().is_none() => UTF_8
            .decode_without_bom_handling(bytes.get(..e.valid_up_to()).unwrap_or_default())
            .0
            .into_owned(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_as_saved() {
        assert_eq!(decode("Köln €".as_bytes()), "Köln €");
        assert_eq!(decode(b"\xEF\xBB\xBFK\xC3\xB6ln"), "Köln");
        assert_eq!(decode(b"K\xf6ln \x80 \x93quoted\x94"), "Köln € “quoted”");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Köln".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16), "Köln");
        // A character cut by a length limit is dropped, not read as Windows-1252.
        assert_eq!(decode(&"Köln".as_bytes()[..2]), "K");
    }
}
