//! `claims/<claim_id>.history.csv`: each claim's own history, for whoever reviews it.
//!
//! Written from one pass over the history in `seq` order, which reads the table front to back
//! (in claim order every entry was a seek: a fifth of the reports' time at a million
//! entries). A claim's rows gather in memory and are appended to its temporary file when they
//! pass a size, or all of them when everything gathered passes a budget: memory stays bounded
//! whatever the number of claims, and no file stays open, so a workspace of many thousand
//! claims never runs out of descriptors. Each file replaces the old one when it is whole.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{HISTORY, ReportError, Style, guard, temporary_path};

/// One claim's rows are appended to its file past this many bytes.
const CLAIM_BYTES: usize = 256 * 1024;
/// Everything gathered is appended past this many bytes.
const BUDGET_BYTES: usize = 8 * 1024 * 1024;

/// One claim's file being written.
struct Pending {
    path: PathBuf,
    temporary: PathBuf,
    /// Rows not yet appended.
    bytes: Vec<u8>,
    /// Whether the temporary file exists yet.
    created: bool,
}

pub(super) struct ClaimHistories {
    dir: PathBuf,
    style: Style,
    claims: HashMap<String, Pending>,
    gathered: usize,
    /// Formats one row at a time, so that a claim holds bytes, not a CSV writer.
    row: csv::Writer<Formatted>,
}

/// What the row writer wrote, taken out through a shared reference (csv::Writer lends only
/// that).
struct Formatted(std::cell::RefCell<Vec<u8>>);

impl Write for Formatted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.get_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl ClaimHistories {
    pub(super) fn new(dir: &Path, style: Style) -> ClaimHistories {
        ClaimHistories {
            dir: dir.to_path_buf(),
            style,
            claims: HashMap::new(),
            gathered: 0,
            row: csv::WriterBuilder::new()
                .delimiter(style.delimiter)
                .from_writer(Formatted(std::cell::RefCell::new(Vec::new()))),
        }
    }

    /// One history entry, as its seven `history.csv` cells.
    pub(super) fn add(&mut self, cells: &[&str; 7]) -> Result<(), ReportError> {
        let claim = cells[2]; // ok: a fixed array of the seven history.csv cells
        if claim.is_empty() {
            return Ok(());
        }
        if !self.claims.contains_key(claim) {
            let name = format!(
                "{}.history.csv",
                crate::sink::archive::safe_component(claim)
            );
            let mut bytes = Vec::new();
            if self.style.bom {
                bytes.extend_from_slice("\u{feff}".as_bytes());
            }
            format(
                &mut self.row,
                &self.dir,
                HISTORY.iter().map(|h| (*h).into()),
            )?;
            bytes.append(&mut self.row.get_ref().0.borrow_mut());
            self.gathered += bytes.len();
            self.claims.insert(
                claim.to_string(),
                Pending {
                    path: self.dir.join(&name),
                    temporary: temporary_path(&self.dir, &name),
                    bytes,
                    created: false,
                },
            );
        }
        let Some(pending) = self.claims.get_mut(claim) else {
            return Ok(());
        };
        format(&mut self.row, &self.dir, cells.iter().map(|c| guard(c)))?;
        let mut line = self.row.get_ref().0.borrow_mut();
        self.gathered += line.len();
        pending.bytes.append(&mut line);
        drop(line);
        if pending.bytes.len() >= CLAIM_BYTES {
            self.gathered -= pending.bytes.len();
            append(pending)?;
        }
        if self.gathered >= BUDGET_BYTES {
            self.append_all()?;
        }
        Ok(())
    }

    /// Every file whole, each then put in place of the old one.
    pub(super) fn finish(mut self) -> Result<(), ReportError> {
        self.append_all()?;
        for pending in self.claims.values() {
            std::fs::rename(&pending.temporary, &pending.path).map_err(|source| {
                ReportError::Io {
                    path: pending.path.clone(),
                    source,
                }
            })?;
        }
        self.claims.clear();
        Ok(())
    }

    fn append_all(&mut self) -> Result<(), ReportError> {
        for pending in self.claims.values_mut() {
            append(pending)?;
        }
        self.gathered = 0;
        Ok(())
    }
}

/// One CSV row into `row`'s bytes.
fn format<'c>(
    row: &mut csv::Writer<Formatted>,
    dir: &Path,
    cells: impl Iterator<Item = std::borrow::Cow<'c, str>>,
) -> Result<(), ReportError> {
    let io = |source: std::io::Error| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    row.write_record(cells.map(|c| match c {
        std::borrow::Cow::Borrowed(text) => std::borrow::Cow::Borrowed(text.as_bytes()),
        std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(text.into_bytes()),
    }))
    .map_err(|e| io(std::io::Error::other(e)))?;
    row.flush().map_err(io)
}

/// A claim's gathered rows onto the end of its temporary file.
fn append(pending: &mut Pending) -> Result<(), ReportError> {
    if pending.bytes.is_empty() && pending.created {
        return Ok(());
    }
    let io = |source| ReportError::Io {
        path: pending.temporary.clone(),
        source,
    };
    let mut file = if pending.created {
        File::options().append(true).open(&pending.temporary)
    } else {
        File::create(&pending.temporary)
    }
    .map_err(io)?;
    pending.created = true;
    file.write_all(&pending.bytes).map_err(io)?;
    // Dropped rather than cleared: a thousand claims keep no thousand idle buffers.
    pending.bytes = Vec::new();
    Ok(())
}

/// A write cut short leaves no temporary file behind.
impl Drop for ClaimHistories {
    fn drop(&mut self) {
        for pending in self.claims.values() {
            if pending.created {
                let _ = std::fs::remove_file(&pending.temporary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Enough entries that one claim passes `CLAIM_BYTES` and all of them `BUDGET_BYTES`, with
    /// cells that need quoting and the formula guard: every file as a plain CSV writer per
    /// claim writes it, and nothing temporary left.
    #[test]
    fn files_equal_one_writer_per_claim_however_often_they_are_appended() {
        let dir = tempfile::tempdir().unwrap();
        let style = Style {
            delimiter: b';',
            ..Style::of(&crate::config::Settings::default())
        };
        let mut files = ClaimHistories::new(dir.path(), style);
        let mut expected: HashMap<String, csv::Writer<Vec<u8>>> = HashMap::new();
        let mut state = 7u64;
        for seq in 1..=120_000u64 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // One busy claim, many quiet ones, and entries of no claim.
            let claim = match state >> 60 {
                0..=5 => "CLM-000001".to_string(),
                6 => String::new(),
                _ => format!("CLM-{:06}", (state >> 32) % 700),
            };
            let seq = seq.to_string();
            let details = format!("=SUM(A1); \"quoted\", line\nbreak {}", state % 1000);
            let cells = [
                seq.as_str(),
                "2024-11-20T09:00:00Z",
                claim.as_str(),
                "alice",
                "document_attached",
                "",
                details.as_str(),
            ];
            files.add(&cells).unwrap();
            if !claim.is_empty() {
                let writer = expected.entry(claim.clone()).or_insert_with(|| {
                    let mut w = csv::WriterBuilder::new()
                        .delimiter(b';')
                        .from_writer(Vec::new());
                    w.write_record(HISTORY).unwrap();
                    w
                });
                writer
                    .write_record(cells.iter().map(|c| guard(c).into_owned()))
                    .unwrap();
            }
        }
        files.finish().unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), expected.len(), "{names:?}");
        for (claim, writer) in expected {
            let mut want = if style.bom {
                "\u{feff}".as_bytes().to_vec()
            } else {
                Vec::new()
            };
            want.extend(writer.into_inner().unwrap());
            let got = std::fs::read(dir.path().join(format!("{claim}.history.csv"))).unwrap();
            assert!(
                got == want,
                "{claim}: {} bytes, {} expected",
                got.len(),
                want.len()
            );
        }
    }
}
