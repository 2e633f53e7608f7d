//! PDF: version, pages, the Info dictionary and AcroForm field values, through lopdf.
//!
//! lopdf loads a file that needs a user password "successfully" with no pages, so an encrypted
//! file is recognised by its `/Encrypt` entry and its empty page tree. Files protected only by
//! an owner password (or an empty user password) are decrypted by lopdf and read as usual.
//! lopdf has no AcroForm API: the field tree is walked here, with a depth bound and a visited
//! set, because hostile files make it cyclic.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use serde_json::Value;

use super::ocr::ScannedPage;
use super::{Extracted, Format, Limits, einvoice, unreadable};
use crate::domain::{Outcome, Rejection};

const INFO_KEYS: [&str; 8] = [
    "Title",
    "Author",
    "Subject",
    "Keywords",
    "Creator",
    "Producer",
    "CreationDate",
    "ModDate",
];
/// Deeper field trees than this are not walked further.
const MAX_FIELD_DEPTH: usize = 32;
const MAX_FIELDS: usize = 10_000;

pub fn examine(bytes: &[u8], limits: Limits) -> Result<Extracted, Rejection> {
    if is_cut_short(bytes) {
        return Err(Rejection::ends_early(crate::text!("reason-pdf-cut-short")));
    }
    let options = LoadOptions {
        max_decompressed_size: Some(
            usize::try_from(limits.max_uncompressed_bytes).unwrap_or(usize::MAX),
        ),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options).map_err(|e| {
        unreadable(crate::text!(
            "reason-not-readable",
            format = "pdf",
            error = e.to_string()
        ))
    })?;
    let pages = document.get_pages().len();
    if pages == 0 {
        if document.is_encrypted() {
            return Err(Rejection::new(
                Outcome::Encrypted,
                crate::text!("reason-encrypted", what = "pdf"),
            ));
        }
        return Err(unreadable(crate::text!("reason-pdf-no-pages")));
    }
    let mut extracted = Extracted::new(Format::Pdf);
    extracted.pages = Some(u32::try_from(pages).unwrap_or(u32::MAX));
    extracted
        .metadata
        .insert("version".into(), Value::String(document.version.clone()));
    extracted
        .metadata
        .insert("pages".into(), Value::from(pages));
    if let Some(info) = info_dictionary(&document) {
        for key in INFO_KEYS {
            if let Some(text) = info
                .get(key.as_bytes())
                .ok()
                .and_then(|o| text_of(&document, o))
            {
                extracted.content.push(text.clone());
                extracted
                    .metadata
                    .insert(key.to_ascii_lowercase(), Value::String(text));
            }
        }
    }
    let max = usize::try_from(limits.max_uncompressed_bytes).unwrap_or(usize::MAX);
    for (key, value) in xmp(&document, max) {
        extracted.content.push(value.clone());
        extracted.metadata.insert(key, Value::String(value));
    }
    let layout = super::pdf_text::layout(&document, max);
    extracted.scanned = scanned_pages(&document, &layout);
    extracted.content.push(layout.text());
    extracted.layout = layout;
    let fields = form_fields(&document);
    if !fields.is_empty() {
        // Form fields read as label and value, after the pages (a page apart, so that no
        // value is looked for "below" across them).
        extracted
            .layout
            .lines
            .extend(fields.iter().enumerate().map(|(i, (name, value))| {
                let cell = |x: f32, text: &str| super::layout::Cell {
                    x0: x,
                    x1: x + 90.0,
                    text: text.to_string(),
                    size: 10.0,
                };
                super::layout::Line {
                    page: u32::MAX,
                    y: -(i as f32) * 20.0,
                    cells: vec![cell(0.0, &field_label(name)), cell(100.0, value)],
                }
            }));
        let mut map = serde_json::Map::new();
        for (name, value) in fields {
            extracted.content.push(value.clone());
            map.insert(name, Value::String(value));
        }
        extracted
            .metadata
            .insert("form_fields".into(), Value::Object(map));
    }
    let attachments = super::embedded::attachments(&document, max.min(einvoice::MAX_XML_BYTES));
    if !attachments.is_empty() {
        extracted.metadata.insert(
            "attachments".into(),
            Value::from(
                attachments
                    .iter()
                    .map(|a| a.name.clone())
                    .collect::<Vec<_>>(),
            ),
        );
    }
    match einvoice::embedded(&attachments) {
        Ok(Some(invoice)) => extracted.carry(invoice),
        Ok(None) => {}
        // The page is still read; what was wrong with the XML is kept for `inspect`.
        Err(refusal) => {
            extracted.metadata.insert(
                "einvoice_refused".into(),
                Value::String(refusal.to_string()),
            );
        }
    }
    Ok(extracted)
}

/// Pages read for text with no more than a few letters or digits on them (scans, a stamp's
/// worth of invisible junk): what OCR is for. At most `MAX_SCANNED` are listed.
fn scanned_pages(document: &Document, layout: &super::layout::Layout) -> Vec<ScannedPage> {
    const MAX_SCANNED: usize = 100;
    let mut written: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for line in &layout.lines {
        let letters: usize = line
            .cells
            .iter()
            .map(|c| c.text.chars().filter(|c| c.is_alphanumeric()).count())
            .sum();
        *written.entry(line.page).or_default() += letters;
    }
    document
        .get_pages()
        .into_iter()
        .take(super::pdf_text::MAX_PAGES)
        .filter(|(page, _)| written.get(page).copied().unwrap_or(0) < 3)
        .take(MAX_SCANNED)
        .map(|(page, id)| ScannedPage {
            page,
            long_side: media_box(document, id)
                .map(|[x0, y0, x1, y1]| (x1 - x0).abs().max((y1 - y0).abs())),
        })
        .collect()
}

/// A page's media box, its own or inherited from the page tree.
fn media_box(document: &Document, page: ObjectId) -> Option<[f32; 4]> {
    let mut node = document.get_dictionary(page).ok()?;
    for _ in 0..MAX_FIELD_DEPTH {
        if let Some(array) = node
            .get(b"MediaBox")
            .ok()
            .and_then(|m| resolve(document, m))
            .and_then(|m| m.as_array().ok())
        {
            let numbers: Vec<f32> = array
                .iter()
                .filter_map(|n| resolve(document, n)?.as_float().ok())
                .collect();
            return match numbers.as_slice() {
                [x0, y0, x1, y1] => Some([*x0, *y0, *x1, *y1]),
                _ => None,
            };
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = document.get_dictionary(parent).ok()?;
    }
    None
}

/// Every complete PDF (and every incremental update of one) ends with `%%EOF` after its last
/// object. lopdf rebuilds a truncated file's cross-reference table from whatever objects it
/// finds, which would attach half a document, so truncation is checked first.
fn is_cut_short(bytes: &[u8]) -> bool {
    let last = |needle: &[u8]| bytes.windows(needle.len()).rposition(|w| w == needle);
    match (last(b"%%EOF"), last(b"endobj")) {
        (None, _) => true,
        (Some(eof), Some(object)) => object > eof,
        (Some(_), None) => false,
    }
}

fn info_dictionary(document: &Document) -> Option<&Dictionary> {
    let info = document.trailer.get(b"Info").ok()?;
    resolve(document, info)?.as_dict().ok()
}

pub(super) fn resolve<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => document.get_object(*id).ok(),
        other => Some(other),
    }
}

/// A text string (PDFDocEncoding or UTF-16 with BOM), a name or a number, as text.
fn text_of(document: &Document, object: &Object) -> Option<String> {
    let object = resolve(document, object)?;
    let text = match object {
        Object::String(..) => lopdf::decode_text_string(object).ok()?,
        Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
        Object::Integer(i) => i.to_string(),
        Object::Real(r) => r.to_string(),
        Object::Boolean(b) => b.to_string(),
        _ => return None,
    };
    let text = text.trim_matches(char::from(0)).trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// `dc:title` and `dc:creator` from the XMP metadata stream, when the file has one.
fn xmp(document: &Document, max: usize) -> Vec<(String, String)> {
    let Some(stream) = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"Metadata").ok())
        .and_then(|m| resolve(document, m))
        .and_then(|m| m.as_stream().ok())
    else {
        return Vec::new();
    };
    let Ok(bytes) = stream.get_plain_content_with_limit(max.min(4 << 20)) else {
        return Vec::new();
    };
    let xml = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    for (tag, key) in [("dc:title", "xmp_title"), ("dc:creator", "xmp_creator")] {
        let Some(start) = xml.find(&format!("<{tag}")) else {
            continue;
        };
        let Some(end) = xml
            .get(start..)
            .and_then(|rest| rest.find(&format!("</{tag}>")))
        else {
            continue;
        };
        let inner = xml.get(start..start + end).unwrap_or("");
        // The text of the first <rdf:li> (or of the element itself).
        let text = inner
            .split("<rdf:li")
            .nth(1)
            .and_then(|li| li.split_once('>'))
            .map(|(_, rest)| rest.split('<').next().unwrap_or(""))
            .unwrap_or_else(|| inner.split_once('>').map(|(_, r)| r).unwrap_or(""))
            .trim();
        if !text.is_empty() {
            out.push((key.to_string(), unescape_xml(text)));
        }
    }
    out
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The AcroForm fields of a PDF given as bytes.
pub fn form_fields_of(bytes: &[u8]) -> Vec<(String, String)> {
    Document::load_mem(bytes)
        .map(|document| form_fields(&document))
        .unwrap_or_default()
}

/// The AcroForm fields with a value, by fully qualified name (`parent.child`).
fn form_fields(document: &Document) -> Vec<(String, String)> {
    let fields = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"AcroForm").ok())
        .and_then(|form| resolve(document, form))
        .and_then(|form| form.as_dict().ok())
        .and_then(|form| form.get(b"Fields").ok())
        .and_then(|fields| resolve(document, fields))
        .and_then(|fields| fields.as_array().ok());
    let mut out = Vec::new();
    let mut visited = HashSet::new();
    if let Some(fields) = fields {
        for field in fields {
            walk_field(document, field, "", 0, &mut visited, &mut out);
        }
    }
    out
}

fn walk_field(
    document: &Document,
    field: &Object,
    parent: &str,
    depth: usize,
    visited: &mut HashSet<ObjectId>,
    out: &mut Vec<(String, String)>,
) {
    if depth > MAX_FIELD_DEPTH || out.len() >= MAX_FIELDS {
        return;
    }
    if let Object::Reference(id) = field
        && !visited.insert(*id)
    {
        return;
    }
    let Some(dict) = resolve(document, field).and_then(|f| f.as_dict().ok()) else {
        return;
    };
    let own = dict.get(b"T").ok().and_then(|t| text_of(document, t));
    let name = match (&own, parent.is_empty()) {
        (Some(own), true) => own.clone(),
        (Some(own), false) => format!("{parent}.{own}"),
        (None, _) => parent.to_string(),
    };
    if let Some(value) = dict.get(b"V").ok().and_then(|v| text_of(document, v))
        && !name.is_empty()
    {
        out.push((name.clone(), value));
    }
    if let Some(kids) = dict
        .get(b"Kids")
        .ok()
        .and_then(|k| resolve(document, k))
        .and_then(|k| k.as_array().ok())
    {
        for kid in kids {
            walk_field(document, kid, &name, depth + 1, visited, out);
        }
    }
}

/// A form field's name as the label it stands for: `total_amount`, `TotalAmount`,
/// `form1.SignatureDate` read as words.
fn field_label(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        match c {
            '_' | '-' | '.' => out.push(' '),
            _ => {
                if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase()) {
                    out.push(' ');
                }
                out.push(c);
            }
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn form_field_names_read_as_words() {
        assert_eq!(field_label("total_amount"), "total amount");
        assert_eq!(field_label("form1.SignatureDate"), "form1 Signature Date");
        assert_eq!(field_label("TOTAL"), "TOTAL");
    }

    use super::*;

    #[test]
    fn a_pdf_without_its_end_is_cut_short() {
        assert!(is_cut_short(
            b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n2 0 obj\n<<"
        ));
        assert!(is_cut_short(
            b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n2 0 obj<<>>endobj\n"
        ));
        assert!(!is_cut_short(
            b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        ));
        assert!(!is_cut_short(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\r\njunk"));
    }
}
