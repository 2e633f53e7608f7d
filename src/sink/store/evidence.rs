//! The files the store vouches for: every archived document and every file it keeps in
//! quarantine, with the hash it recorded, for `verify --evidence` to re-hash.

use super::db::Sql;
use super::{Store, StoreError};

/// One file the store recorded, where it should be and what its bytes hash to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vouched {
    /// Relative to the workspace.
    pub path: String,
    pub sha256: String,
}

impl Store {
    /// Archived documents first, then what is in quarantine now (a file attached after all has
    /// left it, a held file was never copied there).
    pub fn vouched(&self) -> Result<Vec<Vouched>, StoreError> {
        Ok(self.db.rows(
            "SELECT archive_path, sha256 FROM documents
             UNION ALL
             SELECT quarantine_path, sha256 FROM exceptions
              WHERE resolved_at IS NULL AND quarantine_path <> ''",
            &[],
            |r| {
                Ok(Vouched {
                    path: r.get(0)?,
                    sha256: r.get(1)?,
                })
            },
        )?)
    }
}
