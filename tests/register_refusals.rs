//! A bad claim register is refused whole: the row and the reason are named, nothing is imported.

mod common;

use common::{REGISTER_HEADER, Workspace};

const GOOD_ROW: &str =
    "CLM-000001,Co-op FY25,Webinar,\"Paris, France\",2024-09-01,2024-10-31,EUR,12000.00,PO-1";

/// Imports a register whose third row is `bad_row` and returns stderr, checking nothing landed.
fn refused(header: &str, bad_row: &str) -> String {
    let ws = Workspace::new();
    let text = format!("{header}\n{GOOD_ROW}\n{bad_row}\n");
    let register = ws.write("register.csv", &text);
    let (code, out, err) = ws.run(&["claims", "import", register.to_str().unwrap()]);
    assert_eq!(code, 1, "should be refused: {out}");
    assert!(err.contains("refused, nothing imported"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(ws.claim_ids().is_empty(), "nothing imported");
    assert_eq!(ws.history_len(), 0);
    err
}

#[test]
fn a_missing_column_is_named() {
    let header = REGISTER_HEADER.replace(",currency", "");
    let err = refused(&header, "CLM-000002,P,A,L,2024-01-01,2024-01-31,10,PO-2");
    assert!(err.contains("row 1: missing column 'currency'"), "{err}");
}

#[test]
fn a_bad_date_is_named_with_its_row() {
    let err = refused(
        REGISTER_HEADER,
        "CLM-000002,P,A,L,2024-13-01,2024-01-31,EUR,10,PO-2",
    );
    assert!(
        err.contains("row 3 (CLM-000002): usage_start '2024-13-01' is not a date"),
        "{err}"
    );
}

#[test]
fn a_usage_end_before_usage_start_is_refused() {
    let err = refused(
        REGISTER_HEADER,
        "CLM-000002,P,A,L,2024-03-01,2024-01-31,EUR,10,PO-2",
    );
    assert!(
        err.contains("row 3 (CLM-000002): usage_end 2024-01-31 is before usage_start 2024-03-01"),
        "{err}"
    );
}

#[test]
fn an_unknown_currency_is_refused() {
    let err = refused(
        REGISTER_HEADER,
        "CLM-000002,P,A,L,2024-01-01,2024-01-31,EURO,10,PO-2",
    );
    assert!(
        err.contains("row 3 (CLM-000002): currency 'EURO' is not an ISO 4217 code"),
        "{err}"
    );
}

#[test]
fn a_negative_amount_is_refused() {
    let err = refused(
        REGISTER_HEADER,
        "CLM-000002,P,A,L,2024-01-01,2024-01-31,EUR,-10,PO-2",
    );
    assert!(
        err.contains("row 3 (CLM-000002): funds_total '-10' is negative"),
        "{err}"
    );
}

#[test]
fn a_non_numeric_amount_is_refused() {
    let err = refused(
        REGISTER_HEADER,
        "CLM-000002,P,A,L,2024-01-01,2024-01-31,EUR,10k,PO-2",
    );
    assert!(
        err.contains("row 3 (CLM-000002): funds_total '10k' is not a number"),
        "{err}"
    );
}

#[test]
fn a_duplicate_claim_id_is_refused() {
    let err = refused(REGISTER_HEADER, GOOD_ROW);
    assert!(
        err.contains("row 3 (CLM-000001): the claim appears twice (first at row 2)"),
        "{err}"
    );
}

#[test]
fn a_claim_id_off_the_pattern_is_refused() {
    let err = refused(
        REGISTER_HEADER,
        "CLM-2,P,A,L,2024-01-01,2024-01-31,EUR,10,PO-2",
    );
    assert!(
        err.contains("row 3 (CLM-2): claim_id 'CLM-2' does not match"),
        "{err}"
    );
}

#[test]
fn a_status_change_the_lifecycle_refuses_rolls_back_the_whole_register() {
    let ws = Workspace::new();
    ws.create_claim("CLM-000009");
    let before = ws.history_len();
    let text = format!(
        "{REGISTER_HEADER},status\n{GOOD_ROW},\nCLM-000009,Co-op FY25 Security,,,2024-09-01,2024-10-31,EUR,12000,PO-14064,paid\n"
    );
    let register = ws.write("register.csv", &text);
    let (code, _, err) = ws.run(&["claims", "import", register.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("row 3 (CLM-000009): status is editing; it cannot change to paid (allowed next: submitted)"),
        "{err}"
    );
    assert_eq!(
        ws.claim_ids(),
        vec!["CLM-000009"],
        "CLM-000001 was not created"
    );
    assert_eq!(ws.history_len(), before);
}

#[test]
fn a_register_that_is_not_a_workbook_is_refused() {
    let ws = Workspace::new();
    let path = ws.join("register.xlsx");
    std::fs::write(&path, b"PK\x03\x04 not really a zip").unwrap();
    let (code, _, err) = ws.run(&["claims", "import", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("not a readable workbook"), "{err}");
}

#[test]
fn a_missing_register_file_is_named() {
    let ws = Workspace::new();
    let (code, _, err) = ws.run(&["claims", "import", "/nonexistent/register.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/register.csv"), "{err}");
}
