//! Files embedded in a PDF: the catalog's `/Names /EmbeddedFiles` name tree (with its nested
//! `/Kids`) and its `/AF` associated files, which is where Factur-X, ZUGFeRD and XRechnung put
//! their XML, then file attachment annotations on the pages (where some older tools put it).
//!
//! Hostile files make the name tree cyclic or deep and declare streams that inflate without
//! bound, so the walk keeps a visited set and a depth bound, and every stream is inflated
//! under a limit.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::pdf::resolve;

const MAX_TREE_DEPTH: usize = 16;
const MAX_FILES: usize = 256;
/// Annotations are looked for on the first pages only: an invoice's XML is not on page 900.
const MAX_PAGES: usize = 16;

/// One embedded file: its name and its bytes.
pub(crate) struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The embedded files of a document, name-tree entries first, each name once; streams larger
/// than `max` once inflated are left out.
pub(crate) fn attachments(document: &Document, max: usize) -> Vec<Attachment> {
    let Ok(catalog) = document.catalog() else {
        return Vec::new();
    };
    let mut specs = Vec::new();
    let mut visited = HashSet::new();
    if let Some(tree) = catalog
        .get(b"Names")
        .ok()
        .and_then(|n| dict(document, n))
        .and_then(|names| names.get(b"EmbeddedFiles").ok())
    {
        walk_name_tree(document, tree, 0, &mut visited, &mut specs);
    }
    if let Some(list) = catalog
        .get(b"AF")
        .ok()
        .and_then(|af| resolve(document, af))
        .and_then(|af| af.as_array().ok())
    {
        specs.extend(list.iter().take(MAX_FILES).map(|spec| (None, spec.clone())));
    }
    for page in document.get_pages().into_values().take(MAX_PAGES) {
        let Some(annotations) = document
            .get_dictionary(page)
            .ok()
            .and_then(|page| page.get(b"Annots").ok())
            .and_then(|a| resolve(document, a))
            .and_then(|a| a.as_array().ok())
        else {
            continue;
        };
        for annotation in annotations.iter().take(MAX_FILES) {
            if let Some(spec) = dict(document, annotation)
                .filter(|a| {
                    a.get(b"Subtype").ok().and_then(|s| s.as_name().ok())
                        == Some(b"FileAttachment".as_slice())
                })
                .and_then(|a| a.get(b"FS").ok())
            {
                specs.push((None, spec.clone()));
            }
        }
    }
    let mut out: Vec<Attachment> = Vec::new();
    for (key, spec) in specs.iter().take(MAX_FILES) {
        let Some(spec) = dict(document, spec) else {
            continue;
        };
        // The specification's own name, else the name tree's key for it.
        let Some(name) = file_name(document, spec).or_else(|| key.clone()) else {
            continue;
        };
        if out.iter().any(|a| a.name == name) {
            continue;
        }
        if let Some(bytes) = stream_of(document, spec, max) {
            out.push(Attachment { name, bytes });
        }
    }
    out
}

fn dict<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    resolve(document, object)?.as_dict().ok()
}

/// Collects the file specifications of a name tree: `/Names [key spec key spec ...]` in the
/// leaves, `/Kids` between.
fn walk_name_tree(
    document: &Document,
    node: &Object,
    depth: usize,
    visited: &mut HashSet<ObjectId>,
    out: &mut Vec<(Option<String>, Object)>,
) {
    if depth > MAX_TREE_DEPTH || out.len() >= MAX_FILES {
        return;
    }
    if let Object::Reference(id) = node
        && !visited.insert(*id)
    {
        return;
    }
    let Some(node) = dict(document, node) else {
        return;
    };
    if let Some(names) = node
        .get(b"Names")
        .ok()
        .and_then(|n| resolve(document, n))
        .and_then(|n| n.as_array().ok())
    {
        let keys = names.iter().step_by(2);
        let specs = names.iter().skip(1).step_by(2);
        out.extend(keys.zip(specs).map(|(key, spec)| {
            let key = lopdf::decode_text_string(key)
                .ok()
                .map(|k| k.trim_matches(char::from(0)).trim().to_string())
                .filter(|k| !k.is_empty());
            (key, spec.clone())
        }));
    }
    if let Some(kids) = node
        .get(b"Kids")
        .ok()
        .and_then(|k| resolve(document, k))
        .and_then(|k| k.as_array().ok())
    {
        for kid in kids {
            walk_name_tree(document, kid, depth + 1, visited, out);
        }
    }
}

/// The file's name: `/UF` (Unicode) before `/F`.
fn file_name(document: &Document, spec: &Dictionary) -> Option<String> {
    [b"UF".as_slice(), b"F".as_slice()].iter().find_map(|key| {
        let object = resolve(document, spec.get(key).ok()?)?;
        let text = lopdf::decode_text_string(object).ok()?;
        let text = text.trim_matches(char::from(0)).trim().to_string();
        (!text.is_empty()).then_some(text)
    })
}

/// The embedded stream of a file specification (`/EF /F` or `/EF /UF`), inflated.
fn stream_of(document: &Document, spec: &Dictionary, max: usize) -> Option<Vec<u8>> {
    let files = dict(document, spec.get(b"EF").ok()?)?;
    [b"F".as_slice(), b"UF".as_slice()].iter().find_map(|key| {
        let stream = resolve(document, files.get(key).ok()?)?.as_stream().ok()?;
        stream.get_plain_content_with_limit(max).ok()
    })
}

#[cfg(test)]
mod tests {
    use lopdf::{Stream, dictionary};

    use super::*;

    fn spec(document: &mut Document, name: Option<&str>, bytes: &[u8]) -> ObjectId {
        let stream = document.add_object(Stream::new(
            dictionary! { "Type" => "EmbeddedFile" },
            bytes.to_vec(),
        ));
        let mut spec = dictionary! {
            "Type" => "Filespec",
            "EF" => dictionary! { "F" => stream },
        };
        if let Some(name) = name {
            spec.set("UF", Object::string_literal(name));
        }
        document.add_object(spec)
    }

    fn with_catalog(document: &mut Document, catalog: Dictionary) {
        let id = document.add_object(catalog);
        document.trailer.set("Root", id);
    }

    #[test]
    fn files_are_found_in_nested_kids_and_in_af_each_once() {
        let mut document = Document::with_version("1.7");
        let xml = spec(&mut document, Some("factur-x.xml"), b"<a/>");
        let unnamed = spec(&mut document, None, b"<b/>");
        let leaf = document.add_object(dictionary! {
            "Names" => vec![
                Object::string_literal("factur-x.xml"), xml.into(),
                Object::string_literal("by-key.xml"), unnamed.into(),
            ],
        });
        let middle = document.add_object(dictionary! { "Kids" => vec![leaf.into()] });
        // A hostile tree points back at itself.
        let root_id = document.new_object_id();
        document.objects.insert(
            root_id,
            Object::Dictionary(dictionary! { "Kids" => vec![middle.into(), root_id.into()] }),
        );
        let only_af = spec(&mut document, Some("xrechnung.xml"), b"<c/>");
        with_catalog(
            &mut document,
            dictionary! {
                "Type" => "Catalog",
                "Names" => dictionary! { "EmbeddedFiles" => root_id },
                "AF" => vec![xml.into(), only_af.into()],
            },
        );
        let found = attachments(&document, 1 << 20);
        let names: Vec<&str> = found.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["factur-x.xml", "by-key.xml", "xrechnung.xml"]);
        assert_eq!(found[0].bytes, b"<a/>");
        assert_eq!(found[1].bytes, b"<b/>");
    }

    #[test]
    fn a_file_attachment_annotation_is_found() {
        let mut document = Document::with_version("1.7");
        let xml = spec(&mut document, Some("ZUGFeRD-invoice.xml"), b"<z/>");
        let annotation = document.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "FileAttachment", "FS" => xml,
        });
        let link = document.add_object(dictionary! { "Type" => "Annot", "Subtype" => "Link" });
        let pages_id = document.new_object_id();
        let page = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id,
            "Annots" => vec![link.into(), annotation.into()],
        });
        document.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        with_catalog(
            &mut document,
            dictionary! { "Type" => "Catalog", "Pages" => pages_id },
        );
        let found = attachments(&document, 1 << 20);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "ZUGFeRD-invoice.xml");
        assert_eq!(found[0].bytes, b"<z/>");
    }

    #[test]
    fn a_stream_over_the_limit_is_left_out() {
        let mut document = Document::with_version("1.7");
        let big = spec(&mut document, Some("factur-x.xml"), &[b' '; 4096]);
        with_catalog(
            &mut document,
            dictionary! { "Type" => "Catalog", "AF" => vec![big.into()] },
        );
        assert!(attachments(&document, 1024).is_empty());
        assert_eq!(attachments(&document, 8192).len(), 1);
    }
}
