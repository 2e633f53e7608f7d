//! The text decoder notes, CSV and registers go through: any bytes give text, and bytes that
//! are UTF-8 without a byte-order mark come back unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = claimdrop::text::decode(data);
    if let Ok(utf8) = std::str::from_utf8(data)
        && !utf8.starts_with('\u{feff}')
    {
        assert_eq!(text, utf8);
    }
});
