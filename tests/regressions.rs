//! Inputs that once broke a reader (fuzzing finds, hostile corpus files), kept so they never
//! break one again. Each must end as an outcome, never as a crash.

mod common;

use std::path::Path;

use claimdrop::domain::Outcome;
use claimdrop::stage::extract::{Format, Limits, workbook_bytes};

const LIMITS: Limits = Limits {
    max_uncompressed_bytes: 64 * 1024 * 1024,
};

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
    let rejection =
        claimdrop::stage::extract::sheet::examine_workbook_bytes(bytes.to_vec(), Format::Xls)
            .expect_err("damaged");
    assert_eq!(rejection.outcome, Outcome::Unreadable);
    let reason = rejection.reason.render(claimdrop::lang::Lang::En);
    assert!(reason.contains("reader failed"), "{reason}");
}

#[test]
fn a_cyclic_ole2_sector_chain_is_refused_before_calamine_reads_it() {
    // fuzz/workbook: calamine 0.38 follows a FAT chain that points back at itself and grows a
    // buffer to 2 GiB; the cfb crate's strict check refuses the container first.
    let data = fixture("workbook-ole2-cyclic-fat-oom.bin");
    let (_, bytes) = data.split_first().expect("selector byte");
    let rejection = workbook_bytes(bytes.to_vec(), LIMITS).expect_err("damaged");
    assert_eq!(rejection.outcome, Outcome::Unreadable);
    let reason = rejection.reason.render(claimdrop::lang::Lang::En);
    assert!(reason.contains("OLE2"), "{reason}");
}

/// Fuzz find (register target, timeout): an xlsx register whose one sheet inflates to 221 MB.
/// Registers are read in a worker process, with the limits of any document: the register is
/// refused and the run goes on.
#[test]
fn a_register_that_inflates_to_221_mb_is_refused_in_a_reader() {
    let ws = common::Workspace::new();
    ws.drop_file(
        "inbox/claims/register.xlsx",
        &fixture("register-xlsx-221mb-sheet-timeout.bin"),
    );
    ws.drop_corpus("inbox/invoices/CLM-879149_invoice.pdf");
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    let exceptions = ws.report("exceptions.csv");
    let register = exceptions
        .iter()
        .find(|e| e["original_path"] == "inbox/claims/register.xlsx")
        .expect("the register has an outcome");
    assert_eq!(register["outcome"], "unreadable");
    assert!(
        register["reason"].contains("register refused"),
        "{register:?}"
    );
    assert!(ws.files_under("inbox").is_empty());
}
