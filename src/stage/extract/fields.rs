//! The business fields of SPEC §3 step 4, read from a layout the way a person reads a page.
//!
//! No per-vendor templates: a field is found by its label (English, French or German) and its
//! value is looked for where documents put values: after the label in the same cell
//! (`Invoice No.: INV004111`), in the next cell on the line, in the cell below (a header row of
//! labels above a row of values), or in the cell before (labels right of their values). A
//! candidate is taken only if it reads as the field's type: an identifier, a date, an amount.
//!
//! The amount is the grand total, tax included: labels are ranked (`Net à payer` and
//! `Gesamtbetrag` above a plain `Total`; `Subtotal`, `Total HT`, `Nettobetrag` never count), and
//! the last total on the document wins among equals. The vendor is the issuer: the partner on a
//! CSR, else the company named at the top of the first page, above the bill-to block.

use chrono::NaiveDate;

use super::Fields;
use super::layout::{Cell, Layout};
use super::locale::{self, Conventions};

const INVOICE_NUMBER: &[&str] = &[
    "invoice number",
    "invoice no.",
    "invoice no",
    "invoice nr.",
    "invoice nr",
    "invoice #",
    "invoice n°",
    "inv. no.",
    "inv no",
    "document no.",
    "bill no.",
    "facture n°",
    "facture no",
    "facture n°:",
    "n° de facture",
    "no de facture",
    "numéro de facture",
    "numero de facture",
    "n° facture",
    "rechnungsnummer",
    "rechnungs-nr.",
    "rechnungs-nr",
    "rechnung nr.",
    "rechnung nr",
    "rechnungs nr.",
    "re-nr.",
    "belegnummer",
];

const INVOICE_DATE: &[&str] = &[
    "invoice date",
    "date of invoice",
    "date of issue",
    "issue date",
    "tax point",
    "dated",
    "date de facture",
    "date de facturation",
    "date d'émission",
    "date d'emission",
    "rechnungsdatum",
    "belegdatum",
    "ausstellungsdatum",
];
const PLAIN_DATE: &[&str] = &[
    "date",
    "datum",
    "le",
    "signed on",
    "signé le",
    "date of signature",
];

/// Grand totals, strongest first.
const GRAND_TOTAL: &[&str] = &[
    "grand total",
    "invoice total",
    "total due",
    "amount due",
    "balance due",
    "total amount due",
    "total payable",
    "amount payable",
    "total (incl. vat)",
    "total incl. vat",
    "total inc. vat",
    "total including vat",
    "total ttc",
    "montant ttc",
    "montant total ttc",
    "net à payer",
    "net a payer",
    "total à payer",
    "montant à payer",
    "gesamtbetrag",
    "rechnungsbetrag",
    "endbetrag",
    "zu zahlen",
    "zahlbetrag",
    "bruttobetrag",
    "gesamtsumme",
    "rechnungssumme",
];
const TOTAL: &[&str] = &[
    "total",
    "montant total",
    "summe",
    "total amount",
    "gesamt",
    "betrag",
];
/// Words that make a "total" something else than the grand total.
const NOT_GRAND: &[&str] = &[
    "subtotal",
    "sub-total",
    "sub total",
    "sous-total",
    "sous total",
    " ht",
    "(ht)",
    "net",
    "netto",
    "zwischensumme",
    "excl",
    "hors taxe",
    "before tax",
    "vat ",
    "tva",
    "mwst",
    "ust",
    "hours",
    "heures",
    "stunden",
];

const PARTNER: &[&str] = &[
    "partner",
    "partner name",
    "partner company",
    "partenaire",
    "société partenaire",
    "company",
    "firma",
    "unternehmen",
    "partnerunternehmen",
];
const BILL_TO: &[&str] = &[
    "bill to",
    "billed to",
    "invoice to",
    "sold to",
    "customer",
    "facturé à",
    "facture à",
    "facturer à",
    "adresse de facturation",
    "client",
    "rechnungsempfänger",
    "rechnungsadresse",
    "kunde",
    "empfänger",
];
/// Labels that are never a name.
const COMMON_LABELS: &[&str] = &[
    "program",
    "programme",
    "activity",
    "activity start",
    "activity end",
    "currency",
    "title",
    "signature",
    "date",
    "claim id",
    "role",
    "hours",
    "rate",
    "amount",
    "total",
    "description",
    "authorised signatory",
    "authorized signatory",
    "certified by",
    "in-house resources",
    "certification",
    "pre-approval / po",
    "programm",
    "aktivität",
    "devise",
    "activité",
];
const TITLES: &[&str] = &[
    "invoice",
    "tax invoice",
    "facture",
    "rechnung",
    "quote",
    "devis",
    "receipt",
    "statement",
    "certification statement and report",
    "csr",
];
const LEGAL_FORMS: &[&str] = &[
    "ltd", "ltd.", "limited", "llc", "inc", "inc.", "corp", "corp.", "co.", "plc", "llp", "gmbh",
    "ag", "kg", "e.k.", "ug", "sarl", "sas", "sa", "s.a.", "eurl", "sasu", "dac", "bv", "b.v.",
    "nv", "oy", "ab", "gbr", "group", "& fils", "s.r.l.", "srl",
];

/// Reads every field it can from a layout.
pub fn read(layout: &Layout) -> Fields {
    let text = layout.text();
    let currencies = locale::currencies_in(&text);
    let conventions = Conventions {
        month_first: currencies.first().is_some_and(|c| c == "USD")
            && !currencies.iter().any(|c| c == "EUR" || c == "GBP"),
    };
    let page = Page {
        layout,
        conventions,
    };
    let total = page.grand_total();
    let currency = total
        .as_ref()
        .and_then(|m| m.currency.clone())
        .or_else(|| page.labelled_currency())
        .or_else(|| currencies.first().cloned());
    Fields {
        invoice_number: page.invoice_number(),
        document_date: page.document_date().map(|d| d.to_string()),
        amount: total.map(|m| crate::domain::money(m.amount)),
        currency,
        vendor: page.vendor(),
    }
}

struct Page<'a> {
    layout: &'a Layout,
    conventions: Conventions,
}

/// Where a cell stands: (line index, cell index).
type At = (usize, usize);

impl Page<'_> {
    fn cell(&self, (line, cell): At) -> Option<&Cell> {
        self.layout.lines.get(line)?.cells.get(cell)
    }

    /// Every cell that starts with one of the labels, with the text after the label.
    fn labelled(&self, labels: &[&str]) -> Vec<(At, String, usize)> {
        let mut found = Vec::new();
        for (l, line) in self.layout.lines.iter().enumerate() {
            for (c, cell) in line.cells.iter().enumerate() {
                let lower = cell.text.to_lowercase();
                for (rank, label) in labels.iter().enumerate() {
                    if let Some(rest) = lower.strip_prefix(label) {
                        let boundary = rest.is_empty()
                            || rest.starts_with([' ', ':', '#', '.', '(', '°', '/'])
                            || label.ends_with(['.', '#', '°', ':']);
                        if boundary {
                            let offset = cell.text.len() - rest.len();
                            let remainder = cell.text.get(offset..).unwrap_or("");
                            let remainder = remainder
                                .trim_start_matches([':', '#', '.', ' ', '°', '-'])
                                .trim();
                            found.push(((l, c), remainder.to_string(), rank));
                            break;
                        }
                    }
                }
            }
        }
        found
    }

    /// The places a label's value may stand, most likely first.
    fn candidates(&self, at: At, remainder: &str) -> Vec<String> {
        let mut out = Vec::new();
        if !remainder.is_empty() {
            out.push(remainder.to_string());
        }
        let (l, c) = at;
        if let Some(right) = self.cell((l, c + 1)) {
            out.push(right.text.clone());
        }
        if let Some(below) = self.below(at) {
            out.push(below.text.clone());
        }
        if let Some(left) = c.checked_sub(1).and_then(|c| self.cell((l, c))) {
            out.push(left.text.clone());
        }
        out
    }

    /// The cell under a label on the next line: the one overlapping it most, else a lone cell
    /// to its right (a value wrapped under its label).
    fn below(&self, (l, c): At) -> Option<&Cell> {
        let label = self.cell((l, c))?;
        let here = self.layout.lines.get(l)?;
        let line = self.layout.lines.get(l + 1)?;
        if line.page != here.page {
            return None;
        }
        let best = line
            .cells
            .iter()
            .map(|cell| (overlap(label, cell), cell))
            .filter(|(o, _)| *o > 0.0)
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        match (best, line.cells.as_slice()) {
            (Some((_, cell)), _) => Some(cell),
            (None, [only]) if only.x0 >= label.x0 && here.cells.len() == c + 1 => Some(only),
            _ => None,
        }
    }

    fn invoice_number(&self) -> Option<String> {
        for (at, remainder, _) in self.labelled(INVOICE_NUMBER) {
            for candidate in self.candidates(at, &remainder) {
                if let Some(number) = identifier(&candidate) {
                    return Some(number);
                }
            }
        }
        None
    }

    fn document_date(&self) -> Option<NaiveDate> {
        for labels in [INVOICE_DATE, PLAIN_DATE] {
            // A signature date comes last on a statement: prefer the last plain "Date".
            let mut found = self.labelled(labels);
            if labels == PLAIN_DATE {
                found.retain(|(_, remainder, _)| {
                    remainder.is_empty()
                        || !locale::dates_in(remainder, self.conventions).is_empty()
                });
                found.reverse();
            }
            for (at, remainder, _) in found {
                for candidate in self.candidates(at, &remainder) {
                    if let Some(date) = locale::dates_in(&candidate, self.conventions).first() {
                        return Some(*date);
                    }
                }
            }
        }
        None
    }

    fn grand_total(&self) -> Option<locale::Money> {
        for labels in [GRAND_TOTAL, TOTAL] {
            let mut best: Option<(usize, locale::Money)> = None;
            for (at, remainder, rank) in self.labelled(labels) {
                let Some(cell) = self.cell(at) else { continue };
                let lower = format!("{} ", cell.text.to_lowercase());
                if labels == TOTAL && NOT_GRAND.iter().any(|w| lower.contains(w)) {
                    continue;
                }
                if let Some(money) = self.amount_near(at, &remainder)
                    && best.as_ref().is_none_or(|(r, _)| rank <= *r)
                {
                    best = Some((rank, money));
                }
            }
            if let Some((_, money)) = best {
                return Some(money);
            }
        }
        None
    }

    /// The amount a total label points at: in its cell, the rightmost amount on its line, the
    /// amount before it, or below it.
    fn amount_near(&self, at: At, remainder: &str) -> Option<locale::Money> {
        let last = |text: &str| {
            locale::amounts_in(text)
                .into_iter()
                .rfind(|m| !text.contains('%') || m.currency.is_some())
        };
        if let Some(money) = last(remainder) {
            return Some(money);
        }
        let (l, c) = at;
        let line = self.layout.lines.get(l)?;
        if let Some(money) = line
            .cells
            .iter()
            .skip(c + 1)
            .rev()
            .find_map(|cell| last(&cell.text))
        {
            return Some(money);
        }
        if let Some(money) = c
            .checked_sub(1)
            .and_then(|c| self.cell((l, c)))
            .and_then(|cell| last(&cell.text))
        {
            return Some(money);
        }
        self.below(at).and_then(|cell| last(&cell.text))
    }

    fn labelled_currency(&self) -> Option<String> {
        for (at, remainder, _) in self.labelled(&["currency", "devise", "währung", "waehrung"]) {
            for candidate in self.candidates(at, &remainder) {
                if let Some(code) = candidate.split_whitespace().find_map(locale::iso_code) {
                    return Some(code);
                }
            }
        }
        None
    }

    fn vendor(&self) -> Option<String> {
        // A statement of in-house work is issued by the partner that signs it.
        let mut partners = Vec::new();
        for (at, remainder, _) in self.labelled(PARTNER) {
            let is_label = self.cell(at).is_some_and(|cell| {
                let rest = cell.text.to_lowercase();
                let label_part = rest.trim_end_matches(&remainder.to_lowercase()).trim_end();
                remainder.is_empty()
                    || label_part.ends_with(':')
                    || remainder.starts_with('(') && remainder.ends_with(')')
            });
            if !is_label {
                continue;
            }
            let remainder = if remainder.starts_with('(') {
                ""
            } else {
                remainder.as_str()
            };
            partners.extend(
                self.candidates(at, remainder)
                    .into_iter()
                    .filter(|c| looks_like_a_name(c)),
            );
        }
        if let Some(partner) = partners
            .iter()
            .find(|p| has_legal_form(p))
            .or_else(|| partners.first())
        {
            return Some(partner.clone());
        }
        // An invoice is issued by the company at the top, above whom it is billed to.
        let first_page = self.layout.lines.first()?.page;
        let stop = self
            .labelled(BILL_TO)
            .first()
            .map(|((l, _), _, _)| *l)
            .unwrap_or(self.layout.lines.len().min(12));
        let lines: Vec<&super::layout::Line> = self
            .layout
            .lines
            .iter()
            .take(stop)
            .filter(|line| line.page == first_page)
            .collect();
        let mut header: Vec<String> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            for cell in &line.cells {
                if !looks_like_a_name(&cell.text) {
                    continue;
                }
                // A name whose legal form wrapped onto the next line: "Margie's Venues & Travel" / "Ltd".
                let wrapped = lines.get(i + 1).and_then(|next| {
                    next.cells.iter().find(|below| {
                        (below.x0 - cell.x0).abs() < 2.0
                            && below.text.split_whitespace().count() <= 2
                            && has_legal_form(&below.text)
                    })
                });
                match wrapped {
                    Some(rest) if !has_legal_form(&cell.text) => {
                        header.push(format!("{} {}", cell.text, rest.text));
                    }
                    _ => header.push(cell.text.clone()),
                }
            }
        }
        header
            .iter()
            .find(|name| has_legal_form(name) && name.split_whitespace().count() > 1)
            .or_else(|| header.first())
            .cloned()
    }
}

fn overlap(a: &Cell, b: &Cell) -> f32 {
    (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0)
}

/// An invoice number: one token with a digit, not a date or an amount.
fn identifier(text: &str) -> Option<String> {
    let text = text
        .trim()
        .trim_start_matches(['#', ':', '°'])
        .trim_start_matches("No.")
        .trim_start_matches("Nr.")
        .trim_start_matches("n°")
        .trim();
    let token = text.split_whitespace().next()?;
    if text.split_whitespace().count() > 1 {
        return None;
    }
    let token = token.trim_end_matches([',', ';', '.']);
    let has_digit = token.chars().any(|c| c.is_ascii_digit());
    let plausible = (3..=30).contains(&token.len())
        && has_digit
        && token
            .chars()
            .all(|c| c.is_alphanumeric() || "-/_.".contains(c));
    let is_date = !locale::dates_in(token, Conventions::default()).is_empty();
    (plausible && !is_date).then(|| token.to_string())
}

/// A company or person name: letters, not a label, a title, an address or an amount.
fn looks_like_a_name(text: &str) -> bool {
    let lower = text.to_lowercase();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    letters >= 3
        && digits * 3 < letters
        && text.len() <= 80
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && !TITLES.iter().any(|t| lower == *t)
        && !COMMON_LABELS
            .iter()
            .any(|l| lower.trim_end_matches(':') == *l)
        && !PARTNER.iter().any(|l| lower.starts_with(l))
        && !lower.contains("vat")
        && !lower.contains("tva")
        && !lower.contains("ust-id")
        && !lower.contains("siret")
        && !lower.contains('@')
        && !lower.contains("www.")
        && !lower.ends_with(':')
}

fn has_legal_form(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    LEGAL_FORMS.iter().any(|form| {
        if form.contains(' ') {
            lower.contains(form)
        } else {
            words.last().is_some_and(|w| w == form)
                || words.iter().any(|w| w == form && form.len() > 3)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::layout::{Layout, Line};
    use super::*;

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
        let fields = read(&layout(&[
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
        let fields = read(&layout(&[
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
        let fields = read(&layout(&[
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
        let fields = read(&layout(&[
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
}
