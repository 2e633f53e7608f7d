//! Inputs that once broke a reader (fuzzing finds, hostile corpus files), kept so they never
//! break one again. Each must end as an outcome, never as a crash.

use std::path::Path;

use claimdrop::domain::Outcome;
use claimdrop::stage::extract::{Format, workbook_bytes};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/regressions")
            .join(name),
    )
    .expect("fixture")
}

#[test]
fn calamine_xls_formula_index_panic_is_unreadable() {
    // fuzz/workbook: a Formula record whose length points past its data made calamine's xls
    // parser index out of bounds (calamine 0.38, xls.rs parse_formula).
    let data = fixture("workbook-xls-formula-index-panic.bin");
    let (_, bytes) = data.split_first().expect("selector byte");
    let rejection = workbook_bytes(bytes.to_vec(), Format::Xls).expect_err("damaged");
    assert_eq!(rejection.outcome, Outcome::Unreadable);
    assert!(
        rejection.reason.contains("reader failed"),
        "{}",
        rejection.reason
    );
}
