//! The reader's rules, one test per rule in each of its languages, and properties that hold
//! whatever the words and the layout.

use super::super::layout::{Cell, Layout, Line};
use super::*;

fn read_plain(layout: &Layout) -> Fields {
    read(layout, Known::default()).0
}

/// A layout from lines of cells; cells 100 units apart.
fn layout(lines: &[&[&str]]) -> Layout {
    Layout {
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, cells)| Line {
                page: 1,
                y: -(i as f32) * 20.0,
                cells: cells
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !t.is_empty())
                    .map(|(c, t)| Cell {
                        x0: c as f32 * 100.0,
                        x1: c as f32 * 100.0 + 90.0,
                        text: t.to_string(),
                        size: 10.0,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[test]
fn labels_left_of_values_in_german() {
    let fields = read_plain(&layout(&[
        &["Messebau Köhler GmbH", "RECHNUNG"],
        &["60314 Frankfurt am Main", "Rechnungsnummer", "MK-1424/24"],
        &[
            "USt-IdNr. DE 301122334",
            "Rechnungsdatum",
            "21. August 2024",
        ],
        &["Rechnungsempfänger"],
        &["Adatum Systemhaus GmbH"],
        &["", "Nettobetrag", "1.395,40 EUR"],
        &["", "Gesamtbetrag", "1.660,53 EUR"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("MK-1424/24"));
    assert_eq!(fields.document_date.as_deref(), Some("2024-08-21"));
    assert_eq!(fields.amount.as_deref(), Some("1660.53"));
    assert_eq!(fields.currency.as_deref(), Some("EUR"));
    assert_eq!(fields.vendor.as_deref(), Some("Messebau Köhler GmbH"));
}

#[test]
fn labels_above_values() {
    let fields = read_plain(&layout(&[
        &["Contoso Events Ireland Ltd", "", "INVOICE"],
        &["Invoice No.", "Invoice date", "Payment due"],
        &["CEI-07951", "10/01/2025", "09/02/2025"],
        &["Invoice to"],
        &["Cloudéo Conseil SARL"],
        &["", "Subtotal (net)", "€9,903.76"],
        &["", "Total", "€12,181.62"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("CEI-07951"));
    assert_eq!(fields.document_date.as_deref(), Some("2025-01-10"));
    assert_eq!(fields.amount.as_deref(), Some("12181.62"));
    assert_eq!(fields.currency.as_deref(), Some("EUR"));
    assert_eq!(fields.vendor.as_deref(), Some("Contoso Events Ireland Ltd"));
}

#[test]
fn labels_right_of_values_in_french() {
    let fields = read_plain(&layout(&[
        &["FACTURE", "Imprimerie Duval & Fils"],
        &["2024/8322", "Numéro de facture", "SIRET 412 345 678 00021"],
        &["26 août 2024", "Date"],
        &["Facturé à"],
        &["Cloudéo Conseil SARL"],
        &["4 799,20 €", "Total HT"],
        &["5 759,04 €", "Montant TTC"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("2024/8322"));
    assert_eq!(fields.document_date.as_deref(), Some("2024-08-26"));
    assert_eq!(fields.amount.as_deref(), Some("5759.04"));
    assert_eq!(fields.vendor.as_deref(), Some("Imprimerie Duval & Fils"));
}

#[test]
fn a_statement_names_its_partner_and_signature_date() {
    let fields = read_plain(&layout(&[
        &["Certification Statement and Report"],
        &["Partner", "Adatum Systemhaus GmbH"],
        &["Activity start", "2024-09-19"],
        &["Currency", "EUR"],
        &["Total", "92", "7556.75"],
        &["Date", "2024-12-02"],
    ]));
    assert_eq!(fields.vendor.as_deref(), Some("Adatum Systemhaus GmbH"));
    assert_eq!(fields.amount.as_deref(), Some("7556.75"));
    assert_eq!(fields.currency.as_deref(), Some("EUR"));
    assert_eq!(fields.document_date.as_deref(), Some("2024-12-02"));
    assert_eq!(fields.invoice_number, None);
}
