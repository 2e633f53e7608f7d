//! Validate: a claim's findings (SPEC §1 core requirement checks), from its facts alone.
//!
//! A pure function of the claim, its documents, the invoices attached to other claims and
//! today's date, so the same facts always give the same findings, and a fixed clock tests
//! deadlines. The caller stores them and writes history.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{Claim, DocumentFacts, Finding, FindingCode, Kind, Status, UnreadScan, money};
use crate::lang::{Arg, Text};
use crate::text;

/// The programme's rules the checks need.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub deadline_days: u32,
    pub deadline_warning_days: u32,
}

/// Invoice identities across all claims: normalised (vendor, number) -> claims holding it.
pub type InvoiceIndex = BTreeMap<(String, String), BTreeSet<String>>;

pub use crate::domain::invoice_key;

/// Builds the index of invoice numbers over every attached invoice.
pub fn invoice_index<'a>(documents: impl IntoIterator<Item = &'a DocumentFacts>) -> InvoiceIndex {
    let mut index = InvoiceIndex::new();
    for document in documents {
        if document.kind == Kind::Invoice
            && let Some(key) = invoice_key(document)
        {
            index
                .entry(key)
                .or_default()
                .insert(document.claim_id.clone());
        }
    }
    index
}

/// `funds_claimed` of one claim, from its documents (see `domain::funds_claimed`).
pub fn funds_claimed(claim: &Claim, documents: &[DocumentFacts]) -> Decimal {
    crate::domain::funds_claimed(&claim.currency, documents)
}

/// The submission deadline.
pub fn deadline(claim: &Claim, rules: Rules) -> NaiveDate {
    crate::domain::deadline(claim.usage_end, rules.deadline_days)
}

/// A finding's words about one document: its kind and name, and what is said of it.
fn about(id: &str, document: &DocumentFacts, what: &str, said: impl Into<Arg>) -> Text {
    Text::new(id)
        .with(
            "kind",
            Text::new(&format!("kind-{}", document.kind.as_str())),
        )
        .with("name", &document.name)
        .with(what, said)
}

/// Who wrote an invoice, as a finding names them.
fn vendor_of(document: &DocumentFacts) -> Text {
    match document.vendor.as_deref() {
        Some(vendor) => text!("plain", text = vendor),
        None => text!("finding-unknown-vendor"),
    }
}

/// Every finding of one claim.
pub fn findings(
    claim: &Claim,
    documents: &[DocumentFacts],
    invoices: &InvoiceIndex,
    today: NaiveDate,
    rules: Rules,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut add = |code: FindingCode, details: Text| found.push(Finding { code, details });
    // A list inside a detail is joined with `; `, as SPEC §6 joins lists.
    let list = |items: Vec<Text>| -> Arg { Arg::List(items) };
    fn of<'d>(
        documents: &'d [DocumentFacts],
        kinds: &'static [Kind],
    ) -> impl Iterator<Item = &'d DocumentFacts> {
        documents.iter().filter(move |d| kinds.contains(&d.kind))
    }
    let of_kind = |kinds: &'static [Kind]| of(documents, kinds);

    if of_kind(&[Kind::Invoice, Kind::Csr]).next().is_none() {
        add(
            FindingCode::MissingInvoiceOrCsr,
            text!("finding-missing-invoice-or-csr"),
        );
    }
    if of_kind(&[Kind::Proof]).next().is_none() {
        add(FindingCode::MissingProof, text!("finding-missing-proof"));
    }

    let deadline = deadline(claim, rules);
    let mut outside = Vec::new();
    for document in documents {
        let Some(date) = document.document_date else {
            continue;
        };
        let out = match document.kind {
            Kind::Proof => date < claim.usage_start || date > claim.usage_end,
            Kind::Invoice | Kind::Csr => date < claim.usage_start || date > deadline,
            Kind::Metrics | Kind::Register => false,
        };
        if out {
            outside.push(about("finding-dated", document, "date", date.to_string()));
        }
    }
    if !outside.is_empty() {
        add(
            FindingCode::DocumentOutsideUsagePeriod,
            text!(
                "finding-outside",
                documents = list(outside),
                start = claim.usage_start.to_string(),
                end = claim.usage_end.to_string(),
                deadline = deadline.to_string()
            ),
        );
    }

    let foreign: Vec<Text> = of_kind(&[Kind::Invoice, Kind::Csr])
        .filter_map(|d| {
            let currency = d.currency.as_deref()?;
            (currency != claim.currency)
                .then(|| about("finding-in-currency", d, "currency", currency))
        })
        .collect();
    if !foreign.is_empty() {
        add(
            FindingCode::CurrencyMismatch,
            text!(
                "finding-currency",
                documents = list(foreign),
                currency = &claim.currency
            ),
        );
    }

    // What could not be read is not counted: say so, rather than let funds_claimed look whole.
    let unread: Vec<Text> = of_kind(&[Kind::Invoice, Kind::Csr])
        .filter_map(|d| {
            let missing: Vec<&str> = [
                ("amount", d.amount.is_none()),
                ("currency", d.currency.is_none()),
                ("document_date", d.document_date.is_none()),
            ]
            .into_iter()
            .filter_map(|(field, missing)| missing.then_some(field))
            .collect();
            let id = match d.unread_scan {
                Some(UnreadScan::Off) => "finding-not-read-scan",
                Some(UnreadScan::Failed) => "finding-not-read-scan-failed",
                None => "finding-not-read",
            };
            (!missing.is_empty()).then(|| about(id, d, "fields", missing.join(", ")))
        })
        .collect();
    if !unread.is_empty() {
        add(
            FindingCode::FieldsUnread,
            text!("finding-unread", documents = list(unread)),
        );
    }

    // The XML gave the fields; a page that says otherwise is for a person to settle.
    let contradicted: Vec<Text> = of_kind(&[Kind::Invoice, Kind::Csr, Kind::Proof, Kind::Metrics])
        .filter_map(|d| {
            d.einvoice_mismatch
                .as_ref()
                .map(|said| about("finding-contradicted", d, "said", said))
        })
        .collect();
    if !contradicted.is_empty() {
        add(
            FindingCode::EinvoiceMismatch,
            text!("plain", text = list(contradicted)),
        );
    }

    let claimed = funds_claimed(claim, documents);
    if claimed > claim.funds_total {
        add(
            FindingCode::ClaimedExceedsFunds,
            text!(
                "finding-over-funds",
                claimed = money(claimed),
                total = money(claim.funds_total),
                currency = &claim.currency
            ),
        );
    }

    let mut duplicates = Vec::new();
    for document in of_kind(&[Kind::Invoice]) {
        let Some(key) = invoice_key(document) else {
            continue;
        };
        let others: Vec<&String> = invoices
            .get(&key)
            .map(|claims| claims.iter().filter(|c| **c != claim.claim_id).collect())
            .unwrap_or_default();
        if !others.is_empty() {
            duplicates.push(text!(
                "finding-also-attached",
                number = document.invoice_number.as_deref().unwrap_or(""),
                vendor = vendor_of(document),
                claims = others
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    // The same invoice twice on this claim (saved again, scanned again, sent again by the
    // vendor: other bytes, same vendor and number). `funds_claimed` counts it once.
    let mut here: BTreeMap<(String, String), Vec<&DocumentFacts>> = BTreeMap::new();
    for document in of_kind(&[Kind::Invoice]) {
        if let Some(key) = invoice_key(document) {
            here.entry(key).or_default().push(document);
        }
    }
    for copies in here.values().filter(|copies| copies.len() > 1) {
        let Some(first) = copies.first() else {
            continue;
        };
        duplicates.push(text!(
            "finding-attached-twice",
            number = first.invoice_number.as_deref().unwrap_or(""),
            vendor = vendor_of(first),
            count = copies.len(),
            names = copies
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !duplicates.is_empty() {
        add(
            FindingCode::DuplicateInvoiceNumber,
            text!("plain", text = list(duplicates)),
        );
    }

    // Deadlines concern claims not yet submitted.
    if claim.status == Status::Editing {
        let days_left = (deadline - today).num_days();
        if days_left < 0 {
            add(
                FindingCode::DeadlinePassed,
                text!(
                    "finding-deadline-passed",
                    deadline = deadline.to_string(),
                    days = -days_left
                ),
            );
        } else if days_left <= i64::from(rules.deadline_warning_days) {
            add(
                FindingCode::DeadlineNear,
                text!(
                    "finding-deadline-near",
                    deadline = deadline.to_string(),
                    days = days_left
                ),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings with their details in English, as the tests read them.
    fn findings(
        claim: &Claim,
        documents: &[DocumentFacts],
        invoices: &InvoiceIndex,
        today: NaiveDate,
        rules: Rules,
    ) -> Vec<Shown> {
        super::findings(claim, documents, invoices, today, rules)
            .into_iter()
            .map(|f| Shown {
                code: f.code,
                details: f.details.render(crate::lang::Lang::En),
            })
            .collect()
    }

    #[derive(Debug)]
    struct Shown {
        code: FindingCode,
        details: String,
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn claim() -> Claim {
        Claim {
            claim_id: "CLM-000001".into(),
            program: "P".into(),
            activity: String::new(),
            location: String::new(),
            status: Status::Editing,
            currency: "EUR".into(),
            usage_start: date("2024-09-01"),
            usage_end: date("2024-09-30"),
            funds_total: Decimal::new(1000, 0),
            funds_approved: None,
            references: Vec::new(),
        }
    }

    fn doc(kind: Kind, date_: &str, amount: i64, currency: &str) -> DocumentFacts {
        DocumentFacts {
            claim_id: "CLM-000001".into(),
            kind,
            name: format!("{kind}.pdf"),
            document_date: Some(date(date_)),
            amount: Some(Decimal::new(amount, 0)),
            currency: Some(currency.into()),
            vendor: Some("Contoso Ltd".into()),
            invoice_number: Some("INV-1".into()),
            einvoice_mismatch: None,
            unread_scan: None,
        }
    }

    const RULES: Rules = Rules {
        deadline_days: 45,
        deadline_warning_days: 10,
    };

    fn codes(findings: &[Shown]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn a_complete_claim_has_no_findings() {
        let docs = vec![
            doc(Kind::Invoice, "2024-10-10", 900, "EUR"),
            doc(Kind::Proof, "2024-09-15", 0, "EUR"),
        ];
        let found = findings(
            &claim(),
            &docs,
            &invoice_index(&docs),
            date("2024-10-01"),
            RULES,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn each_check_fires_on_its_own() {
        let today = date("2024-10-01");
        let only_invoice = vec![doc(Kind::Invoice, "2024-10-10", 900, "EUR")];
        assert_eq!(
            codes(&findings(
                &claim(),
                &only_invoice,
                &InvoiceIndex::new(),
                today,
                RULES
            )),
            ["missing_proof"]
        );

        let early_proof = vec![
            doc(Kind::Csr, "2024-09-20", 10, "EUR"),
            doc(Kind::Proof, "2024-08-01", 0, "EUR"),
        ];
        assert_eq!(
            codes(&findings(
                &claim(),
                &early_proof,
                &InvoiceIndex::new(),
                today,
                RULES
            )),
            ["document_outside_usage_period"]
        );

        let late_invoice = vec![
            doc(Kind::Invoice, "2024-12-01", 10, "EUR"),
            doc(Kind::Proof, "2024-09-15", 0, "EUR"),
        ];
        assert_eq!(
            codes(&findings(
                &claim(),
                &late_invoice,
                &InvoiceIndex::new(),
                today,
                RULES
            )),
            ["document_outside_usage_period"]
        );

        let dollars = vec![
            doc(Kind::Invoice, "2024-10-01", 5000, "USD"),
            doc(Kind::Proof, "2024-09-15", 0, "EUR"),
        ];
        let found = findings(&claim(), &dollars, &InvoiceIndex::new(), today, RULES);
        assert_eq!(
            codes(&found),
            ["currency_mismatch"],
            "USD is not counted, so no excess"
        );

        let over = vec![
            doc(Kind::Invoice, "2024-10-01", 700, "EUR"),
            doc(Kind::Csr, "2024-10-01", 400, "EUR"),
            doc(Kind::Proof, "2024-09-15", 0, "EUR"),
        ];
        assert_eq!(
            codes(&findings(
                &claim(),
                &over,
                &InvoiceIndex::new(),
                today,
                RULES
            )),
            ["claimed_exceeds_funds"]
        );

        let mut contradicted = doc(Kind::Invoice, "2024-10-01", 100, "EUR");
        contradicted.einvoice_mismatch =
            Some("grand total 1589.80 on the page, 119.00 in the XML".into());
        let found = findings(
            &claim(),
            &[contradicted, doc(Kind::Proof, "2024-09-15", 0, "EUR")],
            &InvoiceIndex::new(),
            today,
            RULES,
        );
        assert_eq!(codes(&found), ["einvoice_mismatch"]);
        assert!(
            found[0].details.contains("invoice.pdf")
                && found[0].details.contains("1589.80")
                && found[0].details.contains("119.00"),
            "{}",
            found[0].details
        );
    }

    #[test]
    fn funds_claimed_counts_each_invoice_once_and_credits_lower_it() {
        let invoice = doc(Kind::Invoice, "2024-10-01", 700, "EUR");
        let mut rescanned = invoice.clone();
        rescanned.name = "scan of the same invoice.pdf".into();
        rescanned.invoice_number = Some("inv 1".into());
        let mut credit = doc(Kind::Invoice, "2024-10-05", -200, "EUR");
        credit.invoice_number = Some("CN-1".into());
        let csr = doc(Kind::Csr, "2024-10-01", 100, "EUR");
        let mut unnumbered = doc(Kind::Invoice, "2024-10-02", 50, "EUR");
        unnumbered.invoice_number = None;
        let dollars = doc(Kind::Invoice, "2024-10-01", 999, "USD");
        let documents = [invoice, rescanned, credit, csr, unnumbered, dollars];
        assert_eq!(funds_claimed(&claim(), &documents), Decimal::new(650, 0));
    }

    #[test]
    fn the_same_vendor_invoice_on_two_claims_is_flagged() {
        let mine = doc(Kind::Invoice, "2024-10-01", 100, "EUR");
        let mut theirs = mine.clone();
        theirs.claim_id = "CLM-000002".into();
        theirs.vendor = Some("CONTOSO LTD.".into());
        theirs.invoice_number = Some("inv 1".into());
        let index = invoice_index([&mine, &theirs]);
        let docs = vec![mine, doc(Kind::Proof, "2024-09-15", 0, "EUR")];
        let found = findings(&claim(), &docs, &index, date("2024-10-01"), RULES);
        assert_eq!(codes(&found), ["duplicate_invoice_number"]);
        assert!(found[0].details.contains("CLM-000002"));
    }

    #[test]
    fn deadlines_near_and_passed_only_before_submission() {
        let docs = vec![
            doc(Kind::Invoice, "2024-10-01", 100, "EUR"),
            doc(Kind::Proof, "2024-09-15", 0, "EUR"),
        ];
        let index = InvoiceIndex::new();
        // Deadline: 2024-09-30 + 45 days = 2024-11-14.
        assert!(findings(&claim(), &docs, &index, date("2024-11-03"), RULES).is_empty());
        assert_eq!(
            codes(&findings(
                &claim(),
                &docs,
                &index,
                date("2024-11-04"),
                RULES
            )),
            ["deadline_near"]
        );
        assert_eq!(
            codes(&findings(
                &claim(),
                &docs,
                &index,
                date("2024-11-14"),
                RULES
            )),
            ["deadline_near"]
        );
        assert_eq!(
            codes(&findings(
                &claim(),
                &docs,
                &index,
                date("2024-11-15"),
                RULES
            )),
            ["deadline_passed"]
        );
        let mut submitted = claim();
        submitted.status = Status::Submitted;
        assert!(findings(&submitted, &docs, &index, date("2024-12-15"), RULES).is_empty());
    }
}
