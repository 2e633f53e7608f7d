//! Files embedded in a PDF: the catalog's `/Names /EmbeddedFiles` name tree (with its nested
//! `/Kids`) and its `/AF` associated files, which is where Factur-X, ZUGFeRD and XRechnung put
//! their XML.
//!
//! Hostile files make the name tree cyclic or deep and declare streams that inflate without
//! bound, so the walk keeps a visited set and a depth bound, and every stream is inflated
//! under a limit.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::pdf::resolve;

const MAX_TREE_DEPTH: usize = 16;
const MAX_FILES: usize = 256;

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
        specs.extend(list.iter().take(MAX_FILES).cloned());
    }
    let mut out: Vec<Attachment> = Vec::new();
    for spec in specs.iter().take(MAX_FILES) {
        let Some(spec) = dict(document, spec) else {
            continue;
        };
        let Some(name) = file_name(document, spec) else {
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
    out: &mut Vec<Object>,
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
        out.extend(names.iter().skip(1).step_by(2).cloned());
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
