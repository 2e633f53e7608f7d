//! The spreadsheet cell and key/value reader, in every workbook format.
#![no_main]
use claimdrop::stage::extract::{Limits, workbook_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // calamine panics on some damaged workbooks; claimdrop catches those (and reports the file
    // unreadable), so the fuzzer's abort-on-panic hook must not turn them into crashes.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    // The first byte picks a container: ZIP (xlsx, xlsm, xlsb, ods) or OLE2 (xls).
    let Some((selector, rest)) = data.split_first() else {
        return;
    };
    let magic: &[u8] = if selector % 2 == 0 {
        b"PK\x03\x04"
    } else {
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    };
    let bytes = if rest.starts_with(magic) {
        rest.to_vec()
    } else {
        [magic, rest].concat()
    };
    let _ = workbook_bytes(
        bytes,
        Limits {
            max_uncompressed_bytes: 64 * 1024 * 1024,
        },
    );
});
