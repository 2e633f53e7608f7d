//! The shape of the code, checked (issue 31): no import circles between modules, and no sink
//! reaching into a stage. Read from the sources, outside their unit tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file below `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// A file's code without its unit tests (which may use anything).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match text.find("#[cfg(test)]\nmod ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The names following `prefix` (`crate::`, `crate::sink::`) in a text.
fn named_after(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(at, _)| {
            text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The modules directly in `dir` (a file `x.rs` with its folder `x/`, or a folder with a
/// `mod.rs`), each with the sibling modules it names.
fn graph(dir: &Path, prefix: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if ["main", "lib", "mod"].contains(&name.as_str()) {
            continue;
        }
        let files = if path.is_dir() {
            sources(&path)
        } else if path.extension().is_some_and(|e| e == "rs") {
            vec![path.clone()]
        } else {
            continue;
        };
        modules.entry(name).or_default().extend(files);
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .into_iter()
        .map(|(name, files)| {
            let mut uses = BTreeSet::new();
            for file in &files {
                let text = code(file);
                uses.extend(named_after(&text, prefix));
                // A module file directly in `dir` names its siblings as `super::x::`.
                if file.parent() == Some(dir) {
                    uses.extend(named_after(&text, "super::"));
                }
            }
            let uses = uses
                .into_iter()
                .filter(|u| *u != name && names.contains(u))
                .collect();
            (name, uses)
        })
        .collect()
}

/// A circle in the graph, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_import_circles_between_modules() {
    let top = graph(&src(), "crate::");
    // The check reads what it should: the house's layering is there to be seen.
    assert!(
        top["pipeline"].contains("sink") && top["sink"].contains("domain"),
        "{top:?}"
    );
    assert_eq!(circle(&top), None, "between the crate's modules");
    for part in [
        "sink",
        "stage",
        "source",
        "cmd",
        "pipeline",
        "sink/store",
        "sink/commit",
    ] {
        let dir = src().join(part);
        let prefix = format!("crate::{}::", part.replace('/', "::"));
        let inner = graph(&dir, &prefix);
        assert!(inner.len() > 1, "{part}: {inner:?}");
        assert_eq!(circle(&inner), None, "between the modules of {part}");
    }
}

#[test]
fn no_sink_reaches_into_a_stage() {
    for file in sources(&src().join("sink")) {
        let text = code(&file);
        assert!(
            !text.contains("crate::stage"),
            "{} imports a stage: the values that flow live in domain",
            file.display()
        );
    }
}

#[test]
fn the_check_finds_a_circle_where_there_is_one() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    graph.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        circle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    graph.insert("c".to_string(), BTreeSet::new());
    assert_eq!(circle(&graph), None);
}
