//! Every real bare e-invoice (../shared/corpus/einvoice/xmlfiles) written the other ways its
//! producers write it: other namespace prefixes, no indentation and CRLF line ends, UTF-16 with
//! a byte-order mark, inside a Peppol envelope. Each must still give the five fields of its
//! truth: the reader follows the syntax, not one file's spelling of it.

mod common;

use std::path::PathBuf;

use claimdrop::stage::extract;
use common::field_norm as norm;

fn truths() -> Vec<(PathBuf, serde_json::Value)> {
    let folder =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/einvoice/xmlfiles");
    let mut found: Vec<(PathBuf, serde_json::Value)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|truth| {
            let value = serde_json::from_str(&std::fs::read_to_string(&truth).unwrap()).unwrap();
            (truth.with_extension("xml"), value)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(found.len() >= 70, "{} e-invoices", found.len());
    found
}

/// Every namespace prefix declared, renamed (`rsm:` -> `p0:` ...), where elements and
/// attributes use it.
fn other_prefixes(xml: &str) -> String {
    let declared = regex::Regex::new(r#"xmlns:([A-Za-z_][\w.-]*)="#).unwrap();
    let prefixes: Vec<String> = declared
        .captures_iter(xml)
        .map(|c| c[1].to_string())
        .collect();
    let mut out = xml.to_string();
    for (i, prefix) in prefixes.iter().enumerate() {
        let used = regex::Regex::new(&format!(r"(<|</|\s|xmlns:){}([:=])", regex::escape(prefix)))
            .unwrap();
        out = used
            .replace_all(&out, |c: &regex::Captures| {
                if &c[2] == "=" && &c[1] != "xmlns:" {
                    // An attribute named like the prefix, not the prefix.
                    c[0].to_string()
                } else {
                    format!("{}p{i}{}", &c[1], &c[2])
                }
            })
            .into_owned();
    }
    out
}

fn minified_crlf(xml: &str) -> String {
    let between = regex::Regex::new(r">\s+<").unwrap();
    between.replace_all(xml, ">\r\n<").into_owned()
}

fn utf16(xml: &str) -> Vec<u8> {
    let body = xml.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(body.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn enveloped(xml: &str) -> String {
    let body = match xml.find("?>") {
        Some(end) if xml.trim_start().starts_with("<?xml") => xml.get(end + 2..).unwrap_or(xml),
        _ => xml,
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<StandardBusinessDocument xmlns=\"http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader\"><StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion></StandardBusinessDocumentHeader>{body}</StandardBusinessDocument>"
    )
}

#[test]
fn real_e_invoices_read_the_same_however_their_xml_is_written() {
    let mut misses = Vec::new();
    let mut checked = 0;
    let mut renamed = 0;
    for (path, truth) in truths() {
        let xml = std::fs::read_to_string(&path).unwrap();
        if other_prefixes(&xml) != xml {
            renamed += 1;
        }
        let variants: [(&str, Vec<u8>); 5] = [
            ("as written", xml.clone().into_bytes()),
            ("other prefixes", other_prefixes(&xml).into_bytes()),
            ("minified, CRLF", minified_crlf(&xml).into_bytes()),
            ("UTF-16", utf16(&xml)),
            ("in an envelope", enveloped(&xml).into_bytes()),
        ];
        for (how, bytes) in variants {
            let read = match extract::xml_bytes(&bytes) {
                Ok(read) => read,
                Err(e) => {
                    misses.push(format!("{} ({how}): {}", path.display(), e.reason));
                    continue;
                }
            };
            let fields = &read.fields;
            for field in claimdrop::domain::Fields::NAMES {
                let got = fields.text(field);
                let expected = truth[field].as_str().unwrap_or("");
                if norm(field, got.as_deref().unwrap_or("")) != norm(field, expected) {
                    misses.push(format!(
                        "{} ({how}): {field} {expected:?} got {got:?}",
                        path.display()
                    ));
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 350, "{checked} readings");
    // The variants are variants: nearly every file declares prefixes to rename.
    assert!(renamed >= 70, "{renamed} files with renamed prefixes");
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}
