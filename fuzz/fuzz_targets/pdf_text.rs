//! The PDF reader end to end: load, pages, layout-aware text, fields.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = claimdrop::stage::extract::pdf_bytes(
        data,
        claimdrop::stage::extract::Limits {
            max_uncompressed_bytes: 16 * 1024 * 1024,
        },
    );
});
