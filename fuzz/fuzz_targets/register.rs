//! Register import: a CSV or workbook register, read and validated row by row, after the
//! container checks every dropped register gets first (as in the reader process).
#![no_main]
use claimdrop::stage::extract::{Limits, workbook_bytes};
use claimdrop::stage::register::{RegisterRules, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // calamine panics on some damaged workbooks; claimdrop catches those (the register is
    // refused), so the fuzzer's abort-on-panic hook must not turn them into crashes.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    static RULES: std::sync::OnceLock<RegisterRules> = std::sync::OnceLock::new();
    let rules = RULES.get_or_init(|| RegisterRules {
        claim_id: claimdrop::config::claim_id_regex("CLM-[0-9]{6}").unwrap(),
        date_order: claimdrop::domain::DateOrder::Dmy,
    });
    // The first byte picks what the rest is read as: CSV text, or a ZIP or OLE2 workbook.
    let Some((selector, rest)) = data.split_first() else {
        return;
    };
    let magic: &[u8] = match selector % 3 {
        0 => b"",
        1 => b"PK\x03\x04",
        _ => &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    };
    let bytes = if rest.starts_with(magic) {
        rest.to_vec()
    } else {
        [magic, rest].concat()
    };
    if !magic.is_empty() {
        // A bomb is refused from its declared sizes before anything inflates, as in production.
        let limits = Limits {
            max_uncompressed_bytes: 64 * 1024 * 1024,
        };
        if workbook_bytes(bytes.clone(), limits).is_err() {
            return;
        }
    }
    let _ = read_bytes(bytes, rules);
});
