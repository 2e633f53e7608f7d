//! Any bytes dropped under any name, as the worker reads a dropped file: format sniffing, the
//! name's judgement, then the CSV, image, PDF, workbook or XML reader the bytes call for. It
//! must never panic; what it accepts it accepts with a format and metadata.
#![no_main]
use claimdrop::stage::extract::{self, Limits};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "clicks.csv",
    "photo.jpg",
    "stand.png",
    "scan.tif",
    "invoice.pdf",
    "sheet.xlsx",
    "x.xml",
    "no-extension",
];

fuzz_target!(|data: &[u8]| {
    // The first byte picks the name, the rest is the file.
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let limits = Limits {
        max_uncompressed_bytes: 16 << 20,
    };
    if let Ok(extracted) = extract::any_bytes(bytes, name, limits) {
        assert!(!extracted.format.as_str().is_empty());
    }
});
