//! Reports at scale: a store of 1,000 claims, 100,000 documents and 1,000,000 history entries,
//! then `claimdrop report` timed as a separate process, with its peak RSS.
//!
//! `cargo build --release && cargo bench --bench reports`. Targets: every report (CSV, the
//! workbook and the HTML pages) in at most 5 s together, peak RSS at most 200 MB. The CSVs
//! alone are timed after, for comparison.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use rusqlite::params;

const CLAIMS: usize = 1_000;
const DOCUMENTS: usize = 100_000;
const HISTORY: usize = 1_000_000;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/claimdrop");
    if !binary.exists() {
        eprintln!("build first: cargo build --release");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = dir.path();
    let status = Command::new(&binary)
        .arg("init")
        .arg(ws)
        .output()
        .expect("init");
    assert!(status.status.success());

    let start = Instant::now();
    fill(&ws.join("claimdrop.db"));
    println!("filled the store in {:.1} s", start.elapsed().as_secs_f64());

    let (wall, rss) = time_report(&binary, ws);
    println!(
        "reports (CSV + xlsx + HTML): {wall:.2} s for {CLAIMS} claims, {DOCUMENTS} documents, {HISTORY} history entries; peak RSS {rss:.1} MiB"
    );
    println!(
        "watch ready in {:.0} ms (to its \"watching\" log line)",
        watch_startup(&binary, ws) * 1000.0
    );
    for name in [
        "claims.csv",
        "documents.csv",
        "history.csv",
        "exceptions.csv",
        "claimdrop.xlsx",
        "summary.html",
        "claims/CLM-000000.html",
    ] {
        let size = std::fs::metadata(ws.join("reports").join(name))
            .map(|m| m.len())
            .unwrap_or(0);
        println!("  {name}: {:.1} MiB", size as f64 / 1048576.0);
    }
    let config = ws.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let csv_only = text
        .replace("xlsx = true", "xlsx = false")
        .replace("html = true", "html = false");
    std::fs::write(&config, csv_only).expect("config");
    let (wall, _) = time_report(&binary, ws);
    println!("reports (CSV alone): {wall:.2} s");
    if std::env::var_os("REPORTS_BENCH_KEEP").is_some() {
        println!("workspace kept: {}", dir.keep().display());
    }
}

/// `claimdrop report` as a separate process: its wall time and the peak RSS of the children so
/// far (the first call is the only report, so its peak is the report's).
fn time_report(binary: &Path, ws: &Path) -> (f64, f64) {
    let start = Instant::now();
    let out = Command::new(binary)
        .args(["--workspace"])
        .arg(ws)
        .arg("report")
        .output()
        .expect("report");
    let wall = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (wall, children_max_rss_kib() as f64 / 1024.0)
}

/// Starts `watch` on the filled store and times it to the line that says it is watching.
fn watch_startup(binary: &Path, ws: &Path) -> f64 {
    use std::io::BufRead;
    let start = Instant::now();
    let mut child = Command::new(binary)
        .arg("--workspace")
        .arg(ws)
        .arg("watch")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("watch");
    let mut ready = f64::NAN;
    if let Some(stderr) = child.stderr.take() {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains("watching") {
                ready = start.elapsed().as_secs_f64();
                break;
            }
        }
    }
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let _ = child.wait();
    ready
}

fn children_max_rss_kib() -> i64 {
    // SAFETY: getrusage writes into the struct we own.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss
    }
}

fn fill(db: &Path) {
    let mut conn = rusqlite::Connection::open(db).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL").ok();
    conn.pragma_update(None, "synchronous", "OFF").ok();
    let tx = conn.transaction().expect("tx");
    {
        let mut claim = tx
            .prepare(
                "INSERT INTO claims (claim_id, program, activity, location, status, currency,
                 usage_start, usage_end, funds_total, created_at, updated_at)
                 VALUES (?1, 'Co-op FY25', 'Webinar', 'Online', 'editing', 'EUR', '2024-09-01',
                 '2024-10-31', '100000.00', '2024-09-01T00:00:00Z', '2024-09-01T00:00:00Z')",
            )
            .expect("prepare");
        for c in 0..CLAIMS {
            claim.execute([format!("CLM-{c:06}")]).expect("claim");
        }
        let mut document = tx
            .prepare(
                "INSERT INTO documents (sha256, claim_id, kind, original_name, original_path,
                 bytes, format, pages, invoice_number, document_date, amount, currency, vendor,
                 matched_by, received_at, actor, archive_path, retain_until)
                 VALUES (?1, ?2, ?3, ?4, ?5, 24000, 'pdf', 1, ?6, '2024-10-01', '1234.56',
                 'EUR', 'Contoso Events Ltd', 'folder', '2024-10-02T09:00:00Z', 'alice', ?7,
                 '2026-10-01')",
            )
            .expect("prepare");
        for d in 0..DOCUMENTS {
            let claim = format!("CLM-{:06}", d % CLAIMS);
            let kind = ["invoice", "csr", "proof", "metrics"][d % 4];
            let name = format!("doc-{d}.pdf");
            document
                .execute(params![
                    format!("{d:064x}"),
                    claim,
                    kind,
                    name,
                    format!("inbox/invoices/{claim}/{name}"),
                    format!("INV-{d}"),
                    format!("archive/{claim}/{kind}/{name}"),
                ])
                .expect("document");
        }
        let mut entry = tx
            .prepare(
                "INSERT INTO history (seq, at, claim_id, actor, action, document_sha256, details,
                 prev_hash, hash) VALUES (?1, '2024-10-02T09:00:00Z', ?2, 'alice',
                 'document_attached', ?3, 'invoice inbox/invoices/x.pdf matched by folder', ?4, ?4)",
            )
            .expect("prepare");
        for h in 0..HISTORY {
            entry
                .execute(params![
                    h as i64 + 1,
                    format!("CLM-{:06}", h % CLAIMS),
                    format!("{:064x}", h % DOCUMENTS),
                    format!("{h:064x}"),
                ])
                .expect("history");
        }
    }
    tx.commit().expect("commit");
}
