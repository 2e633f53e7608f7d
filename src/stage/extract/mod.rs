//! Extract: a file's real format, its format metadata and what it says, as plain values.
//!
//! This is the one stage that parses hostile bytes, so it runs inside worker processes (see
//! `worker`), never in the daemon: a reader that loops, blows the stack or asks for a terabyte
//! takes down only its worker. Everything here is a pure function of the file's bytes.
//!
//! `content` gathers every piece of text a claim id or reference may hide in (PDF Info and form
//! fields, sheet names, ...); the matcher searches it. Fields of SPEC §3 step 4 (invoice number,
//! date, amount, ...) are filled where a reader finds them, `None` otherwise.

use std::fs::File;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::{Kind, Outcome, Rejection};
use crate::stage::identify::{self, Sniffed};

mod container;
pub mod einvoice;
mod embedded;
pub mod fields;
mod image;
pub mod layout;
pub mod locale;
pub mod ocr;
mod pdf;
pub mod pdf_text;
pub mod sheet;

/// The real format of a supported document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Png,
    Jpeg,
    Tiff,
    Gif,
    Webp,
    /// A bare XML e-invoice (UBL or CII).
    Xml,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Tiff => "tiff",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Xml => "xml",
        }
    }
}

pub use crate::domain::Fields;

/// What a worker learnt from one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    pub format: Format,
    pub pages: Option<u32>,
    /// Format metadata, keyed by name (PDF Info, sheet names, image dimensions...).
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Text in which claim ids and references are looked for.
    pub content: Vec<String>,
    pub fields: Fields,
    /// Why each field holds its value (`inspect --json` shows it).
    #[serde(default)]
    pub evidence: fields::FieldEvidence,
    /// Every candidate of every field, weighed, when asked for (`inspect --candidates`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub candidates: std::collections::BTreeMap<String, Vec<fields::Evidence>>,
    /// The e-invoice the file is or carries; its fields are then the XML's.
    #[serde(default)]
    pub einvoice: Option<einvoice::EInvoice>,
    /// Pages without a text layer (an image file is one such page): what OCR would read.
    #[serde(default)]
    pub scanned: Vec<ocr::ScannedPage>,
    /// The pages OCR read, whose fields are then `ocr`'s.
    #[serde(default)]
    pub ocr_pages: Vec<u32>,
    /// Words OCR was unsure of; not sent back from the worker.
    #[serde(skip)]
    pub doubts: Vec<String>,
    /// Text as lines and cells, for the field reader; not sent back from the worker.
    #[serde(skip)]
    pub layout: layout::Layout,
}

impl Extracted {
    pub(crate) fn new(format: Format) -> Extracted {
        Extracted {
            format,
            pages: None,
            metadata: serde_json::Map::new(),
            content: Vec::new(),
            fields: Fields::default(),
            evidence: fields::FieldEvidence::new(),
            candidates: std::collections::BTreeMap::new(),
            einvoice: None,
            scanned: Vec::new(),
            ocr_pages: Vec::new(),
            doubts: Vec::new(),
            layout: layout::Layout::default(),
        }
    }
}

impl Extracted {
    /// Reads the business fields with their evidence: an e-invoice's from its XML (a PDF's
    /// page is read too, to be compared with it), any other document's from its layout.
    fn read_fields(&mut self, known: fields::Known) {
        let Some(invoice) = self.einvoice.as_mut() else {
            let (found, mut evidence, candidates) =
                fields::read_all(&self.layout, known, known.explain);
            if !known.explain {
                // Filing keeps what was read and why in words; the weighing is for `inspect`.
                for e in evidence.values_mut() {
                    e.features.clear();
                }
            }
            self.fields = found;
            self.evidence = evidence;
            self.candidates = candidates.all;
            return;
        };
        if self.format == Format::Pdf {
            let (page, _) = fields::read(&self.layout, known);
            let cells: Vec<&str> = self
                .layout
                .lines
                .iter()
                .filter(|line| line.page != fields::FORM_PAGE)
                .flat_map(|line| line.cells.iter().map(|cell| cell.text.as_str()))
                .collect();
            invoice.mismatch = einvoice::disagreement(&invoice.fields, &page, &cells);
        }
        self.fields = invoice.fields.clone();
        self.evidence = invoice.evidence.clone();
    }

    /// SPEC §6 `einvoice`: the e-invoice syntax the file is or carries, else empty.
    pub fn einvoice_syntax(&self) -> &str {
        self.einvoice.as_ref().map_or("", |e| e.syntax.as_str())
    }

    /// What filing records of this reading, for a document of `kind`: the fields it keeps,
    /// typed.
    pub fn document_read(&self, kind: Kind) -> crate::domain::DocumentRead {
        let fields = self.fields_for(kind);
        crate::domain::DocumentRead {
            format: self.format.as_str().to_string(),
            pages: self.pages,
            invoice_number: fields.invoice_number,
            document_date: fields.document_date,
            amount: fields.amount,
            currency: fields.currency,
            vendor: fields.vendor,
            fields_source: self.fields_source_for(kind).to_string(),
            einvoice: self.einvoice_syntax().to_string(),
            einvoice_mismatch: self.einvoice.as_ref().and_then(|e| e.mismatch.clone()),
            metadata: serde_json::Value::Object(self.metadata.clone()).to_string(),
        }
    }

    /// The fields a document of `kind` carries: proof and metrics state a vendor or an amount
    /// only under a label (`Vendor:`, `Total`), never by where a name or a number stands.
    pub fn fields_for(&self, kind: Kind) -> Fields {
        let mut fields = self.fields.clone();
        if matches!(kind, Kind::Proof | Kind::Metrics) {
            let stated = |name: &str| self.evidence.get(name).is_some_and(|e| e.label.is_some());
            if !stated("vendor") {
                fields.vendor = None;
            }
            if !stated("amount") {
                fields.amount = None;
            }
        }
        fields
    }

    /// Where the fields were read from (SPEC §6 `fields_source`): a PDF's form fields, its
    /// pages' text, a sheet's cells; empty when no field was read.
    pub fn fields_source(&self) -> &'static str {
        self.source_of(|_| true)
    }

    /// `fields_source` of the fields a document of `kind` keeps (`fields_for`): a proof's
    /// vendor read by where it stands, and dropped, says nothing of where fields came from.
    pub fn fields_source_for(&self, kind: Kind) -> &'static str {
        let kept = self.fields_for(kind);
        let kept: Vec<&'static str> = Fields::NAMES
            .into_iter()
            .filter(|name| kept.text(name).is_some())
            .collect();
        self.source_of(|name| kept.contains(&name))
    }

    fn source_of(&self, counts: impl Fn(&str) -> bool) -> &'static str {
        let evidence: Vec<&fields::Evidence> = self
            .evidence
            .iter()
            .filter(|(name, _)| counts(name.as_str()))
            .map(|(_, e)| e)
            .collect();
        if self.einvoice.is_some() {
            "xml"
        } else if evidence.is_empty() {
            ""
        } else if evidence.iter().any(|e| e.page == "form") {
            "form"
        } else if evidence
            .iter()
            .any(|e| self.ocr_pages.iter().any(|p| p.to_string() == e.page))
        {
            "ocr"
        } else if self.format == Format::Pdf {
            "text"
        } else {
            "cells"
        }
    }
}

/// Limits a reader must stay within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub max_uncompressed_bytes: u64,
}

/// Reads one file whose first bytes were sniffed; the rejection says why it cannot be filed.
pub fn examine(
    path: &Path,
    sniffed: Sniffed,
    limits: Limits,
    known: fields::Known,
) -> Result<Extracted, Rejection> {
    let file = crate::plain_file::open(path)
        .map_err(|e| unreadable(crate::text!("reason-cannot-read", error = e.to_string())))?;
    examine_file(file, path, sniffed, limits, known, None)
}

/// `examine`, for a file already open (reached safely in the inbox); `path` is its name, which
/// says what it claims to be. With `ocr`, the pages without a text layer are read by OCR.
pub fn examine_file(
    file: File,
    path: &Path,
    sniffed: Sniffed,
    limits: Limits,
    known: fields::Known,
    ocr: Option<&ocr::OcrAsk>,
) -> Result<Extracted, Rejection> {
    let again = ocr.and_then(|_| file.try_clone().ok());
    let mut extracted = read_format(file, path, sniffed, limits)?;
    if !extracted.scanned.is_empty() {
        match (ocr, again) {
            (Some(ask), Some(file)) => {
                let bytes = read_from_start(file)?;
                extracted.read_scans(&bytes, ask)?;
            }
            // Said so that `fields_unread` can tell why (replaced when OCR reads it).
            _ => {
                let pages: Vec<u32> = extracted.scanned.iter().map(|p| p.page).collect();
                extracted.metadata.insert(
                    "ocr".into(),
                    serde_json::json!({ "read": false, "pages_without_text": pages }),
                );
            }
        }
    }
    extracted.read_fields(known);
    if !extracted.ocr_pages.is_empty() {
        extracted.doubt_fields();
    }
    Ok(extracted)
}

impl Extracted {
    /// Reads the pages without a text layer by OCR and adds what they say to the layout and
    /// the content; `metadata.ocr` tells how it went. An image that cannot be decoded, or is
    /// over the pixel limit, is refused as any unreadable file is.
    fn read_scans(&mut self, bytes: &[u8], ask: &ocr::OcrAsk) -> Result<(), Rejection> {
        let reading = match self.format {
            Format::Pdf => ocr::read_pdf(bytes, &self.scanned, ask),
            _ => ocr::read_image(bytes, ask),
        };
        let reading = match reading {
            Ok(reading) => reading,
            Err(e @ (ocr::OcrError::Decode(_) | ocr::OcrError::TooLarge(_))) => {
                return Err(unreadable(crate::text!(
                    "reason-not-readable",
                    format = self.format.as_str(),
                    error = e.to_string()
                )));
            }
            Err(e) => {
                let pages: Vec<u32> = self.scanned.iter().map(|p| p.page).collect();
                self.metadata.insert(
                    "ocr".into(),
                    serde_json::json!({
                        "read": false,
                        "engine": ask.engine,
                        "error": e.to_string(),
                        "pages_without_text": pages,
                    }),
                );
                return Ok(());
            }
        };
        let read = layout::Layout::from_runs(reading.runs.clone());
        self.content.push(read.text());
        self.ocr_pages = reading.pages.iter().map(|p| p.page).collect();
        self.layout.lines.extend(read.lines);
        // Stable: each page's lines stay in order, form fields stay last.
        self.layout.lines.sort_by_key(|line| line.page);
        let mut note = serde_json::json!({
            "read": true,
            "engine": ask.engine,
            "languages": ask.languages,
            "pages_read": self.ocr_pages,
            "mean_confidence": ocr::tenths(reading.mean_confidence()),
            "rotation": reading.pages.iter().map(|p| p.rotation).collect::<Vec<_>>(),
            "pages": reading.pages,
        });
        if let Some(stopped) = &reading.stopped {
            note["stopped"] = serde_json::Value::String(stopped.clone());
        }
        if !reading.failed.is_empty() {
            note["pages_failed"] = serde_json::json!(reading.failed);
        }
        self.metadata.insert("ocr".into(), note);
        self.doubts = reading.doubts;
        Ok(())
    }

    /// Empties the fields read from OCR whose value rests on a word OCR was unsure of: a
    /// low-confidence token never makes a field on its own.
    fn doubt_fields(&mut self) {
        let mut doubted = Vec::new();
        for name in Fields::NAMES {
            let Some(text) = self.fields.text(name) else {
                continue;
            };
            let from_ocr = self
                .evidence
                .get(name)
                .is_some_and(|e| self.ocr_pages.iter().any(|p| p.to_string() == e.page));
            if from_ocr && self.doubts.iter().any(|d| ocr::rests_on(name, &text, d)) {
                self.fields.clear(name);
                doubted.push(name);
            }
        }
        for name in &doubted {
            self.evidence.remove(*name);
        }
        // The currency was read with the total: it goes with it.
        if doubted.contains(&"amount")
            && self
                .evidence
                .get("currency")
                .is_some_and(|e| e.reasons.iter().any(|r| r.contains("grand total")))
        {
            self.fields.currency = None;
            self.evidence.remove("currency");
        }
        if !doubted.is_empty()
            && let Some(serde_json::Value::Object(note)) = self.metadata.get_mut("ocr")
        {
            note.insert("fields_doubted".into(), serde_json::json!(doubted));
        }
    }
}

fn read_from_start(mut file: File) -> Result<Vec<u8>, Rejection> {
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(0))
        .map_err(|e| unreadable(crate::text!("reason-cannot-read", error = e.to_string())))?;
    read(file)
}

/// A PDF's extraction from its bytes (the fuzzers' and benches' entry point).
pub fn pdf_bytes(bytes: &[u8], limits: Limits) -> Result<Extracted, Rejection> {
    let mut extracted = pdf::examine(bytes, limits)?;
    extracted.read_fields(fields::Known::default());
    Ok(extracted)
}

/// A workbook's extraction from its bytes, through the same container checks as a file's.
pub fn workbook_bytes(bytes: Vec<u8>, limits: Limits) -> Result<Extracted, Rejection> {
    let mut extracted = match identify::sniff(&bytes) {
        Sniffed::Zip => container::examine_zip_bytes(bytes, limits)?,
        Sniffed::Ole2 => container::examine_ole2_bytes(bytes)?,
        _ => {
            return Err(Rejection::new(
                Outcome::Unsupported,
                crate::text!("reason-not-a-workbook"),
            ));
        }
    };
    extracted.read_fields(fields::Known::default());
    Ok(extracted)
}

/// What claimdrop makes of any bytes named `name`: sniffed, judged by name, then read by the
/// reader the bytes call for, as a dropped file is (the fuzzers' entry point for images, CSV
/// and sniffing).
pub fn any_bytes(bytes: &[u8], name: &str, limits: Limits) -> Result<Extracted, Rejection> {
    let sniffed = identify::sniff(bytes.get(..4096).unwrap_or(bytes));
    identify::judge_by_name(sniffed, Path::new(name))?;
    let mut extracted = match image_format(sniffed) {
        Some(format) => image::examine(std::io::Cursor::new(bytes), format),
        None => read_bytes(sniffed, bytes.to_vec(), limits),
    }?;
    extracted.read_fields(fields::Known::default());
    Ok(extracted)
}

/// An XML e-invoice's extraction from its bytes (the fuzzers' entry point).
pub fn xml_bytes(bytes: &[u8]) -> Result<Extracted, Rejection> {
    let mut extracted = examine_xml(bytes)?;
    extracted.read_fields(fields::Known::default());
    Ok(extracted)
}

/// A bare XML file: an e-invoice, or refused with the reason.
fn examine_xml(bytes: &[u8]) -> Result<Extracted, Rejection> {
    let invoice = einvoice::read(bytes, einvoice::Carrier::Bare).map_err(|refusal| {
        let outcome = match refusal {
            einvoice::Refusal::NotAnInvoice(_) => Outcome::Unsupported,
            _ => Outcome::Unreadable,
        };
        Rejection::new(outcome, refusal.text())
    })?;
    let mut extracted = Extracted::new(Format::Xml);
    extracted.carry(invoice);
    Ok(extracted)
}

impl Extracted {
    /// Takes an e-invoice in: its references and notes become content for the matcher, its
    /// profile and type metadata.
    fn carry(&mut self, invoice: einvoice::EInvoice) {
        self.content.extend(invoice.references.iter().cloned());
        self.content.extend(invoice.notes.iter().cloned());
        let mut put = |key: &str, value: &Option<String>| {
            if let Some(value) = value {
                self.metadata
                    .insert(key.into(), serde_json::Value::String(value.clone()));
            }
        };
        put("einvoice_profile", &invoice.profile);
        put("einvoice_type_code", &invoice.type_code);
        put("einvoice_embedded_as", &invoice.embedded_as);
        self.einvoice = Some(invoice);
    }
}

/// The AcroForm fields of a PDF, by qualified name (empty when it has none or is unreadable).
pub fn pdf_form_fields(bytes: &[u8]) -> Vec<(String, String)> {
    pdf::form_fields_of(bytes)
}

fn read_format(
    file: File,
    path: &Path,
    sniffed: Sniffed,
    limits: Limits,
) -> Result<Extracted, Rejection> {
    identify::judge_by_name(sniffed, path)?;
    match image_format(sniffed) {
        // Only an image's header is read.
        Some(format) => image::examine(file, format),
        None if sniffed == Sniffed::Xml => read_bytes(
            sniffed,
            read_at_most(file, einvoice::MAX_XML_BYTES)?,
            limits,
        ),
        None => read_bytes(sniffed, read(file)?, limits),
    }
}

fn image_format(sniffed: Sniffed) -> Option<Format> {
    match sniffed {
        Sniffed::Png => Some(Format::Png),
        Sniffed::Jpeg => Some(Format::Jpeg),
        Sniffed::Tiff => Some(Format::Tiff),
        Sniffed::Gif => Some(Format::Gif),
        Sniffed::Webp => Some(Format::Webp),
        _ => None,
    }
}

/// The reader for every format but images, on the file's bytes.
fn read_bytes(sniffed: Sniffed, bytes: Vec<u8>, limits: Limits) -> Result<Extracted, Rejection> {
    match sniffed {
        Sniffed::Pdf => pdf::examine(&bytes, limits),
        Sniffed::Zip => container::examine_zip_bytes(bytes, limits),
        Sniffed::Ole2 => container::examine_ole2_bytes(bytes),
        Sniffed::Text => sheet::examine_csv(&bytes),
        Sniffed::Xml => examine_xml(&bytes),
        _ => Err(Rejection::new(
            Outcome::Unsupported,
            crate::text!("reason-unknown-format"),
        )),
    }
}

fn read(mut file: File) -> Result<Vec<u8>, Rejection> {
    use std::io::Read;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| unreadable(crate::text!("reason-cannot-read", error = e.to_string())))?;
    Ok(bytes)
}

/// Reads up to one byte more than `max`, so that a larger file is told apart without being
/// read whole.
fn read_at_most(file: File, max: usize) -> Result<Vec<u8>, Rejection> {
    use std::io::Read;
    let mut bytes = Vec::new();
    file.take(u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(crate::text!("reason-cannot-read", error = e.to_string())))?;
    Ok(bytes)
}

fn unreadable(reason: crate::lang::Text) -> Rejection {
    Rejection::new(Outcome::Unreadable, reason)
}
