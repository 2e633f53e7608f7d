//! The spreadsheet cell and key/value reader, in every workbook format.
#![no_main]
use claimdrop::stage::extract::{Format, workbook_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // calamine panics on some damaged workbooks; claimdrop catches those (and reports the file
    // unreadable), so the fuzzer's abort-on-panic hook must not turn them into crashes.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((selector, bytes)) = data.split_first() else {
        return;
    };
    let format = match selector % 4 {
        0 => Format::Xlsx,
        1 => Format::Xlsb,
        2 => Format::Xls,
        _ => Format::Ods,
    };
    let _ = workbook_bytes(bytes.to_vec(), format);
});
