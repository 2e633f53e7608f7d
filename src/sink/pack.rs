//! The claim pack: the zip a partner uploads to the vendor's portal. The claim's archived
//! documents in one folder per kind, and at the root the claim's own reports (`index.csv`,
//! `history.csv`, `summary.html`), all from one moment of the store.
//!
//! Evidence is copied, never re-read from anywhere but the archive, and hashed on the way:
//! a file whose bytes are no longer those the history recorded stops the pack, so a portal
//! never receives altered evidence. The zip appears whole or not at all.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use super::reports::{self, ReportError, Style};
use super::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Zip {
        path: PathBuf,
        source: zip::result::ZipError,
    },
    #[error("{}", crate::text!("pack-altered", path = path, found = found, expected = expected))]
    Altered {
        path: String,
        expected: String,
        found: String,
    },
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a pack holds, for the command to say.
#[derive(Debug)]
pub struct Packed {
    pub documents: usize,
    pub bytes: u64,
}

/// Writes the pack of `claim_id` to `out`, through a temporary file beside it.
pub fn write(
    store: &Store,
    root: &Path,
    style: Style,
    claim_id: &str,
    out: &Path,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Packed, PackError> {
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder.unwrap_or(Path::new("."));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PackError::Io { path, source }
    };
    let parts = tempfile::tempdir_in(folder).map_err(io(folder))?;
    let temporary = tempfile::NamedTempFile::new_in(folder).map_err(io(folder))?;
    let packed = store.snapshot(|store| -> Result<Packed, PackError> {
        let documents = reports::write_claim_files(store, parts.path(), style, claim_id)?;
        let mut zip = zip::ZipWriter::new(BufWriter::new(temporary.as_file()));
        let zipped = |source| PackError::Zip {
            path: out.to_path_buf(),
            source,
        };
        let mut names = BTreeSet::new();
        let mut bytes = 0;
        for d in &documents {
            let source = root.join(&d.archive_path);
            let file_name = Path::new(&d.archive_path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| d.sha256.clone());
            let name = unique(&mut names, d.kind.as_str(), &file_name);
            let options = SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(u64::try_from(d.bytes).unwrap_or(0) >= u64::from(u32::MAX))
                .last_modified_time(zip_time(&d.received_at).unwrap_or_else(|| zip_time_of(at)));
            zip.start_file(name, options).map_err(zipped)?;
            let found = copy_hashed(&source, &mut zip).map_err(io(&source))?;
            if found.0 != d.sha256 {
                return Err(PackError::Altered {
                    path: d.archive_path.clone(),
                    expected: d.sha256.clone(),
                    found: found.0,
                });
            }
            bytes += found.1;
        }
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip_time_of(at));
        for name in ["index.csv", "history.csv", "summary.html"] {
            let source = parts.path().join(name);
            zip.start_file(name, options).map_err(zipped)?;
            copy_hashed(&source, &mut zip).map_err(io(&source))?;
        }
        zip.finish().map_err(zipped)?.flush().map_err(io(out))?;
        Ok(Packed {
            documents: documents.len(),
            bytes,
        })
    })?;
    temporary.as_file().sync_all().map_err(io(out))?;
    temporary.persist(out).map_err(|e| PackError::Io {
        path: out.to_path_buf(),
        source: e.error,
    })?;
    Ok(packed)
}

/// `kind/name`, made unique within the pack: two documents of a kind with one name (filed
/// from different folders) both go in, the second as `name (2).ext`.
fn unique(names: &mut BTreeSet<String>, kind: &str, file_name: &str) -> String {
    let (stem, extension) = match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (file_name, String::new()),
    };
    let mut name = format!("{kind}/{file_name}");
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{kind}/{stem} ({n}){extension}");
        n += 1;
    }
    name
}

/// Copies a file into the writer, returning its SHA-256 and length.
fn copy_hashed(source: &Path, out: &mut impl Write) -> std::io::Result<(String, u64)> {
    let mut file = File::open(source)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 256 * 1024];
    let mut total = 0;
    loop {
        let n = file.read(&mut buffer)?;
        let Some(chunk) = buffer.get(..n).filter(|c| !c.is_empty()) else {
            break;
        };
        hasher.update(chunk);
        out.write_all(chunk)?;
        total += n as u64;
    }
    Ok((format!("{:x}", hasher.finalize()), total))
}

fn zip_time(rfc3339: &str) -> Option<zip::DateTime> {
    let at = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
    Some(zip_time_of(at.with_timezone(&chrono::Utc)))
}

/// A zip entry's time (UTC: the format has no zone); 1980 for what it cannot hold.
fn zip_time_of(at: chrono::DateTime<chrono::Utc>) -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    u16::try_from(at.year())
        .ok()
        .and_then(|year| {
            zip::DateTime::from_date_and_time(
                year,
                at.month() as u8,
                at.day() as u8,
                at.hour() as u8,
                at.minute() as u8,
                at.second() as u8,
            )
            .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_unique_within_a_kind() {
        let mut names = BTreeSet::new();
        assert_eq!(unique(&mut names, "invoice", "a.pdf"), "invoice/a.pdf");
        assert_eq!(unique(&mut names, "invoice", "a.pdf"), "invoice/a (2).pdf");
        assert_eq!(unique(&mut names, "invoice", "a.pdf"), "invoice/a (3).pdf");
        assert_eq!(unique(&mut names, "proof", "a.pdf"), "proof/a.pdf");
        assert_eq!(unique(&mut names, "csr", ".hidden"), "csr/.hidden");
        assert_eq!(unique(&mut names, "csr", ".hidden"), "csr/.hidden (2)");
    }
}
