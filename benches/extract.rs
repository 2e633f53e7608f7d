//! Extraction throughput on one core: PDFs (layout-aware text, forms, fields) and spreadsheets
//! of the dev corpus, in process, beside `pdftotext -layout` run per file over the same PDFs.
//!
//! `cargo bench --bench extract` (needs ../shared/corpus/dev; pdftotext from poppler-utils for
//! the comparison). Criterion measures each group; a summary line prints files/s and the ratio,
//! and the field reader's share of a PDF's extraction (where the time goes: parsing and text
//! layout, or reading fields from the layout).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use claimdrop::stage::extract::layout::Layout;
use claimdrop::stage::extract::{self, Limits, fields};
use claimdrop::stage::identify::{self, Sniffed};
use criterion::{Criterion, Throughput, criterion_group};

const LIMITS: Limits = Limits {
    max_uncompressed_bytes: 100 * 1024 * 1024,
};

/// Corpus files that read cleanly, with their sniffed format.
fn corpus(extensions: &[&str]) -> Vec<(PathBuf, Sniffed)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev/inbox");
    let mut files: Vec<(PathBuf, Sniffed)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| extensions.contains(&identify::extension(p).as_str()))
        .filter_map(|p| {
            let identity = identify::identify(&p, u64::MAX).ok()?.ok()?;
            extract::examine(&p, identity.sniffed, LIMITS, Default::default()).ok()?;
            Some((p, identity.sniffed))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn extract_all(files: &[(PathBuf, Sniffed)]) {
    for (path, sniffed) in files {
        let _ = std::hint::black_box(extract::examine(path, *sniffed, LIMITS, Default::default()));
    }
}

fn pdf_layouts(files: &[(PathBuf, Sniffed)]) -> Vec<Layout> {
    files
        .iter()
        .filter_map(|(path, sniffed)| {
            extract::examine(path, *sniffed, LIMITS, Default::default()).ok()
        })
        .map(|extracted| extracted.layout)
        .collect()
}

fn read_all(layouts: &[Layout]) {
    for layout in layouts {
        let _ = std::hint::black_box(fields::read(layout, fields::Known::default()));
    }
}

fn pdftotext_all(files: &[(PathBuf, Sniffed)]) {
    for (path, _) in files {
        let _ = Command::new("pdftotext")
            .arg("-layout")
            .arg(path)
            .arg("-")
            .output();
    }
}

fn has_pdftotext() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

fn benches(c: &mut Criterion) {
    let pdfs = corpus(&["pdf"]);
    let sheets = corpus(&["xlsx", "xlsm", "xlsb", "xls", "ods"]);
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(pdfs.len() as u64));
    group.bench_function("claimdrop_pdfs", |b| b.iter(|| extract_all(&pdfs)));
    if has_pdftotext() {
        group.sample_size(10);
        group.bench_function("pdftotext_per_file", |b| b.iter(|| pdftotext_all(&pdfs)));
    }
    // The field reader alone, on the layouts those PDFs gave.
    let layouts = pdf_layouts(&pdfs);
    group.throughput(Throughput::Elements(layouts.len() as u64));
    group.bench_function("field_reader_on_pdf_layouts", |b| {
        b.iter(|| read_all(&layouts))
    });
    group.throughput(Throughput::Elements(sheets.len() as u64));
    group.bench_function("claimdrop_spreadsheets", |b| {
        b.iter(|| extract_all(&sheets))
    });
    group.finish();

    // The same, timed side by side, for the ratio.
    let rate = |files: &[(PathBuf, Sniffed)], run: fn(&[(PathBuf, Sniffed)])| {
        let start = Instant::now();
        let mut rounds = 0u32;
        while start.elapsed() < Duration::from_secs(3) {
            run(files);
            rounds += 1;
        }
        f64::from(rounds) * files.len() as f64 / start.elapsed().as_secs_f64()
    };
    let ours = rate(&pdfs, extract_all);
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < Duration::from_secs(3) {
        read_all(&layouts);
        rounds += 1;
    }
    let reader = f64::from(rounds) * layouts.len() as f64 / start.elapsed().as_secs_f64();
    println!(
        "summary: the field reader alone {reader:.0} layouts/s: {:.0}% of a PDF's extraction",
        100.0 * ours / reader
    );
    let spreadsheets = rate(&sheets, extract_all);
    println!(
        "summary: {} PDFs: claimdrop {ours:.0} PDFs/s on one core; {} spreadsheets: {spreadsheets:.0} files/s",
        pdfs.len(),
        sheets.len()
    );
    if has_pdftotext() {
        let theirs = rate(&pdfs, pdftotext_all);
        println!(
            "summary: pdftotext -layout per file {theirs:.0} PDFs/s; claimdrop is {:.1}x faster",
            ours / theirs
        );
    }
}

criterion_group!(extraction, benches);

fn main() {
    extraction();
    Criterion::default().configure_from_args().final_summary();
}
