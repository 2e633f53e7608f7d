//! E-invoices: the fields of a UBL or CII invoice, read exactly where its syntax puts them.
//!
//! An e-invoice states its business terms as data, so nothing is scored or guessed: the number,
//! issue date, grand total with VAT, currency and seller are taken from their elements (see
//! `syntax`), a credit's total is negated, and the references and notes become content for the
//! matcher. The same reader serves a bare XML file and the XML embedded in a Factur-X, ZUGFeRD
//! or XRechnung PDF; the PDF's visible page is then read as well and compared (`disagreement`).
//!
//! The XML is hostile until proven otherwise: no DTD (so no external entities and no entity
//! expansion), and bounds on size, node count, depth and attribute length, checked before a
//! single field is read. It runs in the worker like every other reader.

mod syntax;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Fields;
use super::fields::{Evidence, FieldEvidence};
use syntax::{Family, Path, Syntax};

/// Larger XML is refused: real invoices are tens of kilobytes, a few megabytes with many lines.
pub(crate) const MAX_XML_BYTES: usize = 16 << 20;
const MAX_NODES: u32 = 1_000_000;
const MAX_DEPTH: usize = 64;
const MAX_ATTRIBUTE_CHARS: usize = 4096;

/// What an e-invoice says, as the store and the matcher take it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EInvoice {
    /// `factur-x`, `zugferd`, `xrechnung`, `ubl` or `cii` (SPEC §6 `einvoice`).
    pub syntax: String,
    /// The specification identifier (BT-24), when given.
    pub profile: Option<String>,
    /// The document type code (BT-3), when given.
    pub type_code: Option<String>,
    /// Within a PDF, the name it is embedded under.
    pub embedded_as: Option<String>,
    pub fields: Fields,
    pub evidence: FieldEvidence,
    /// Buyer, order, contract, project and other references, as written.
    pub references: Vec<String>,
    pub notes: Vec<String>,
    /// Where the PDF's visible page says otherwise (SPEC §1 `einvoice_mismatch`), in words.
    pub mismatch: Option<String>,
}

/// Why some XML gave no e-invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Well-formed XML of another kind (an order, a catalogue, an ERP export).
    NotAnInvoice(String),
    /// A DTD: entities could reach outside the file or expand without bound.
    Dtd,
    TooLarge(usize),
    TooDeep,
    AttributeTooLong,
    TooManyNodes,
    /// Not UTF-8, UTF-16 or Latin-1.
    Encoding,
    Malformed(String),
}

impl Refusal {
    /// Why, for the person who finds the file in quarantine.
    pub(crate) fn text(&self) -> crate::lang::Text {
        match self {
            Refusal::NotAnInvoice(root) => crate::text!("reason-xml-not-invoice", root = root),
            Refusal::Dtd => crate::text!("reason-xml-dtd"),
            Refusal::TooLarge(bytes) => {
                crate::text!(
                    "reason-xml-too-large",
                    bytes = *bytes,
                    limit = MAX_XML_BYTES
                )
            }
            Refusal::TooDeep => crate::text!("reason-xml-too-deep", limit = MAX_DEPTH),
            Refusal::AttributeTooLong => {
                crate::text!("reason-xml-attribute-too-long", limit = MAX_ATTRIBUTE_CHARS)
            }
            Refusal::TooManyNodes => crate::text!("reason-xml-too-many-nodes", limit = MAX_NODES),
            Refusal::Encoding => crate::text!("reason-xml-encoding"),
            Refusal::Malformed(error) => crate::text!("reason-xml-malformed", error = error),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

impl std::error::Error for Refusal {}

/// Where the XML came from, which decides how its syntax is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Carrier<'a> {
    /// A file of its own.
    Bare,
    /// Embedded in a PDF under this file name.
    Pdf(&'a str),
}

/// Reads an e-invoice from XML bytes.
pub(crate) fn read(bytes: &[u8], carrier: Carrier) -> Result<EInvoice, Refusal> {
    if bytes.len() > MAX_XML_BYTES {
        return Err(Refusal::TooLarge(bytes.len()));
    }
    let text = decode(bytes)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let document =
        roxmltree::Document::parse_with_options(&text, options).map_err(|e| match e {
            roxmltree::Error::DtdDetected => Refusal::Dtd,
            roxmltree::Error::NodesLimitReached => Refusal::TooManyNodes,
            other => Refusal::Malformed(other.to_string()),
        })?;
    check_shape(&document)?;
    let outer = document.root_element();
    // A Peppol access point delivers the invoice inside a Standard Business Document envelope.
    let candidates = std::iter::once(outer).chain(
        outer
            .children()
            .filter(|c| c.is_element() && outer.tag_name().name() == "StandardBusinessDocument"),
    );
    candidates
        .into_iter()
        .find_map(|root| {
            let namespace = root.tag_name().namespace().unwrap_or("");
            syntax::ALL
                .into_iter()
                .find(|s| root.tag_name().name() == s.root && namespace.contains(s.namespace))
                .map(|syntax| read_syntax(root, syntax, carrier))
        })
        .ok_or_else(|| Refusal::NotAnInvoice(outer.tag_name().name().to_string()))
}

/// The names under which Factur-X, ZUGFeRD and XRechnung embed their XML (SPEC §3), lower case.
const EMBEDDED_NAMES: [&str; 3] = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"];

/// The e-invoice among a PDF's embedded files: under one of the standard names first, then any
/// other XML attachment that is one. A standard-named file that is refused gives the refusal
/// (the PDF is then read from its page); other XML attachments that are not invoices are just
/// attachments.
pub(crate) fn embedded(
    attachments: &[super::embedded::Attachment],
) -> Result<Option<EInvoice>, Refusal> {
    let standard = |a: &&super::embedded::Attachment| {
        EMBEDDED_NAMES.contains(&a.name.to_ascii_lowercase().as_str())
    };
    let mut refused = None;
    for attachment in attachments.iter().filter(standard) {
        match read(&attachment.bytes, Carrier::Pdf(&attachment.name)) {
            Ok(invoice) => return Ok(Some(invoice)),
            Err(refusal) => refused = refused.or(Some(refusal)),
        }
    }
    let others = attachments
        .iter()
        .filter(|a| !standard(a) && a.name.to_ascii_lowercase().ends_with(".xml"));
    for attachment in others {
        if let Ok(invoice) = read(&attachment.bytes, Carrier::Pdf(&attachment.name)) {
            return Ok(Some(invoice));
        }
    }
    refused.map_or(Ok(None), Err)
}

/// The XML as text: by its byte-order mark (UTF-8, UTF-16), else UTF-8, else a single-byte
/// encoding only when its declaration names one (Latin-1, Windows-1252).
fn decode(bytes: &[u8]) -> Result<String, Refusal> {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return Ok(crate::text::decode(bytes));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let declaration = bytes.get(..bytes.len().min(200)).unwrap_or_default();
    let declared = String::from_utf8_lossy(declaration).to_ascii_lowercase();
    if ["iso-8859-1", "iso-8859-15", "windows-1252", "latin1"]
        .iter()
        .any(|name| declared.contains(name))
    {
        Ok(crate::text::decode(bytes))
    } else {
        Err(Refusal::Encoding)
    }
}

/// Depth and attribute bounds, walked without recursion (a hostile file nests a million deep).
fn check_shape(document: &roxmltree::Document) -> Result<(), Refusal> {
    let mut stack = vec![(document.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(Refusal::TooDeep);
        }
        if node
            .attributes()
            .any(|a| a.value().chars().count() > MAX_ATTRIBUTE_CHARS)
        {
            return Err(Refusal::AttributeTooLong);
        }
        stack.extend(
            node.children()
                .filter(|c| c.is_element())
                .map(|c| (c, depth + 1)),
        );
    }
    Ok(())
}

fn read_syntax(root: roxmltree::Node, syntax: &Syntax, carrier: Carrier) -> EInvoice {
    let mut evidence = FieldEvidence::new();
    let mut found = |field: &str, path: Path, value: Option<String>| {
        if let Some(value) = &value {
            evidence.insert(field.to_string(), xml_evidence(value, path));
        }
        value
    };
    let type_code = first_text(root, syntax.type_code);
    let profile = syntax.guideline.iter().find_map(|p| first_text(root, p));
    let credit = syntax.credit_by_root
        || type_code
            .as_deref()
            .is_some_and(|code| syntax::CREDIT_TYPE_CODES.contains(&code));
    let stated_currency = first_text(root, syntax.currency)
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()));
    // BT-112 once; should a producer repeat it per currency, the invoice currency's.
    let totals = all_at(root, syntax.grand_total);
    let total_node = totals
        .iter()
        .find(|n| {
            n.attribute("currencyID")
                .is_none_or(|c| Some(c.trim().to_ascii_uppercase()) == stated_currency)
        })
        .or(totals.first())
        .copied();
    let amount = total_node
        .and_then(text_of)
        .and_then(|t| exact_amount(&t, credit));
    let currency = stated_currency.or_else(|| {
        total_node
            .and_then(|n| n.attribute("currencyID"))
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()))
    });
    let (seller_path, seller) = syntax
        .seller
        .iter()
        .find_map(|p| first_text(root, p).map(|name| (*p, name)))
        .map_or((&[][..], None), |(p, name)| (p, Some(name)));
    let date_node = first(root, syntax.issue_date);
    let fields = Fields {
        invoice_number: found(
            "invoice_number",
            syntax.number,
            first_text(root, syntax.number),
        ),
        document_date: found(
            "document_date",
            syntax.issue_date,
            date_node.and_then(issue_date),
        )
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        amount: found("amount", syntax.grand_total, amount).and_then(|a| a.parse().ok()),
        currency: found("currency", syntax.currency, currency),
        vendor: found("vendor", seller_path, seller),
    };
    let all = |paths: &[Path]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for path in paths {
            for value in all_text(root, path) {
                if !out.contains(&value) {
                    out.push(value);
                }
            }
        }
        out
    };
    EInvoice {
        syntax: name_syntax(syntax.family, profile.as_deref(), carrier).to_string(),
        profile,
        type_code,
        embedded_as: match carrier {
            Carrier::Bare => None,
            Carrier::Pdf(name) => Some(name.to_string()),
        },
        fields,
        evidence,
        references: all(syntax.references),
        notes: all(syntax.notes),
        mismatch: None,
    }
}

/// SPEC §6 `einvoice`: XRechnung by its guideline wherever it is; in a PDF, ZUGFeRD by its
/// 1.0 syntax, its file name or its guideline, else Factur-X (ZUGFeRD 2.1 and Factur-X are one
/// standard under two names); bare, by syntax.
fn name_syntax(family: Family, profile: Option<&str>, carrier: Carrier) -> &'static str {
    let profile = profile.unwrap_or("").to_ascii_lowercase();
    if profile.contains("xrechnung") {
        return "xrechnung";
    }
    match (carrier, family) {
        (_, Family::Zugferd1) => "zugferd",
        (Carrier::Pdf(name), _) => {
            if name.to_ascii_lowercase().contains("zugferd") || profile.contains("zugferd") {
                "zugferd"
            } else {
                "factur-x"
            }
        }
        (Carrier::Bare, Family::Ubl) => "ubl",
        (Carrier::Bare, Family::Cii) => "cii",
    }
}

fn xml_evidence(value: &str, path: Path) -> Evidence {
    // Stated, not read: certain.
    Evidence {
        score: 1.0,
        ..Evidence::candidate(
            value.to_string(),
            "element",
            "xml".to_string(),
            "stated by the e-invoice".to_string(),
        )
        .labelled(Some(path.join("/")))
    }
}

/// The elements at the end of `path` below `node`, in document order.
fn all_at<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    path: Path,
) -> Vec<roxmltree::Node<'a, 'input>> {
    let mut level = vec![node];
    for name in path {
        level = level
            .iter()
            .flat_map(|n| n.children())
            .filter(|c| c.is_element() && c.tag_name().name() == *name)
            .collect();
    }
    level
}

fn first<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    path: Path,
) -> Option<roxmltree::Node<'a, 'input>> {
    all_at(node, path).into_iter().next()
}

/// An element's text with its runs of white space made one space; `None` when empty.
fn text_of(node: roxmltree::Node) -> Option<String> {
    let text: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn first_text(node: roxmltree::Node, path: Path) -> Option<String> {
    all_at(node, path).into_iter().find_map(text_of)
}

fn all_text(node: roxmltree::Node, path: Path) -> Vec<String> {
    all_at(node, path).into_iter().filter_map(text_of).collect()
}

/// An XSD decimal as claimdrop writes amounts (two decimals, more only where the XML has more
/// non-zero digits: never rounded); a credit's
/// total is negated, so it lowers `funds_claimed`.
fn exact_amount(text: &str, credit: bool) -> Option<String> {
    let text = text.trim();
    let valid = !text.is_empty()
        && text
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    if !valid {
        return None;
    }
    let mut value: Decimal = text.trim_start_matches('+').parse().ok()?;
    if credit {
        value = -value;
    }
    // A zero credit is zero, not "-0.00".
    value.set_sign_positive(value.is_sign_positive() || value.is_zero());
    // Trailing zeros say nothing (`1190.0000` is 1190.00); other digits are kept.
    value = value.normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    Some(value.to_string())
}

/// The issue date as ISO: CII's `DateTimeString` in format 102 (`20240214`), UBL's
/// `2024-02-14` (an `xsd:date`, which may carry a time zone: `2024-02-14Z`, `2024-02-14+01:00`).
fn issue_date(node: roxmltree::Node) -> Option<String> {
    let text = text_of(node)?;
    let format = node.attribute("format").unwrap_or("102");
    let zone_or_nothing = |rest: &str| rest.is_empty() || rest.starts_with(['Z', '+', '-', 'T']);
    let date = if format == "102" && text.len() == 8 {
        chrono::NaiveDate::parse_from_str(&text, "%Y%m%d").ok()
    } else if text.get(10..).is_some_and(zone_or_nothing) {
        text.get(..10)
            .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
    } else {
        None
    }?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// Where the visible page contradicts the XML on the invoice number or on the grand total by
/// more than 0.01, in words naming both values. The page reader can miss; so a page value
/// counts as a contradiction only when the XML's value is printed nowhere on the page.
pub(crate) fn disagreement(xml: &Fields, page: &Fields, page_text: &[&str]) -> Option<String> {
    let mut said = Vec::new();
    if let (Some(ours), Some(shown)) = (&xml.invoice_number, &page.invoice_number) {
        let squeeze = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect()
        };
        let printed = page_text
            .iter()
            .any(|cell| squeeze(cell).contains(&squeeze(ours)));
        if squeeze(ours) != squeeze(shown) && !printed {
            said.push(format!(
                "invoice number {shown} on the page, {ours} in the XML"
            ));
        }
    }
    if let (Some(ours), Some(shown)) = (xml.amount, page.amount) {
        let printed = page_text.iter().any(|cell| {
            super::locale::amounts_in(cell)
                .iter()
                .any(|m| (m.amount.abs() - ours.abs()).abs() <= Decimal::new(1, 2))
        });
        if (ours - shown).abs() > Decimal::new(1, 2) && !printed {
            said.push(format!(
                "grand total {shown} on the page, {ours} in the XML"
            ));
        }
    }
    (!said.is_empty()).then(|| said.join("; "))
}

#[cfg(test)]
mod tests;
