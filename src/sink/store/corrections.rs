//! Corrections: a person's value for a field claimdrop read wrong.
//!
//! A correction changes the document's row and says so in the history (`document_corrected`,
//! each field's old and new value) in one transaction. The row remembers which fields were
//! corrected (`corrected`), so any later reading of the document keeps the person's values,
//! and `fields_source` becomes `corrected`.

use chrono::{DateTime, NaiveDate, Utc};

use super::db::{DbError, Sql, Tx, values};
use super::{NewEntry, Store, StoreError, record};
use crate::domain::{Action, retain_until};

/// The fields a correction may set; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Correction {
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub document_date: Option<String>,
    pub invoice_number: Option<String>,
    pub vendor: Option<String>,
}

impl Correction {
    /// Column and new value of each field it sets.
    fn fields(&self) -> Vec<(&'static str, &str)> {
        [
            ("invoice_number", &self.invoice_number),
            ("document_date", &self.document_date),
            ("amount", &self.amount),
            ("currency", &self.currency),
            ("vendor", &self.vendor),
        ]
        .into_iter()
        .filter_map(|(column, value)| value.as_deref().map(|v| (column, v)))
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.fields().is_empty()
    }
}

/// A person's comment as the history adds it to an entry: ` (comment)`, or nothing.
fn aside(comment: Option<&str>) -> String {
    comment
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!(" ({c})"))
        .unwrap_or_default()
}

impl Store {
    /// The attached documents whose SHA-256 starts with `prefix` (a person may type a few
    /// characters of it).
    pub fn documents_by_sha(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        // Hashes are lower-case hex, which both engines compare alike, and a prefix range
        // needs no LIKE (whose case rules differ between them).
        let prefix = prefix.to_ascii_lowercase();
        Ok(self.db.rows(
            "SELECT sha256, claim_id FROM documents
             WHERE substr(sha256, 1, length(?1)) = ?1 ORDER BY sha256",
            values![&prefix],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Corrects a document's fields; returns its claim and what changed, as the history says it.
    pub fn correct(
        &mut self,
        sha256: &str,
        correction: &Correction,
        comment: Option<&str>,
        actor: &str,
        at: DateTime<Utc>,
        retention_months: u32,
    ) -> Result<(String, String), StoreError> {
        let tx = self.db.transaction(true)?;
        let Some((claim_id, corrected)) = tx.row(
            "SELECT claim_id, corrected FROM documents WHERE sha256 = ?1",
            values![sha256],
            |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
        )?
        else {
            return Err(StoreError::NoDocument(sha256.to_string()));
        };
        let mut changes = Vec::new();
        let mut fields: Vec<String> = corrected
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect();
        for (column, value) in correction.fields() {
            let before: Option<String> = tx
                .row(
                    &format!("SELECT {column} FROM documents WHERE sha256 = ?1"),
                    values![sha256],
                    |r| r.get(0),
                )?
                .ok_or(DbError::NoRow)?;
            tx.execute(
                &format!("UPDATE documents SET {column} = ?2 WHERE sha256 = ?1"),
                values![sha256, value],
            )?;
            changes.push(format!(
                "{column}: '{}' -> '{value}'",
                before.unwrap_or_default()
            ));
            if !fields.iter().any(|f| f == column) {
                fields.push(column.to_string());
            }
        }
        // The original is kept from the activity it proves: a corrected date moves that.
        if let Some(date) = &correction.document_date {
            let (usage_end, before): (String, String) = tx
                .row(
                    "SELECT c.usage_end, d.retain_until FROM documents d
                 JOIN claims c ON c.claim_id = d.claim_id WHERE d.sha256 = ?1",
                    values![sha256],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .ok_or(DbError::NoRow)?;
            let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            let after = retain_until(day(date), day(&usage_end), retention_months)
                .map(|d| d.to_string())
                .unwrap_or_default();
            if after != before {
                tx.execute(
                    "UPDATE documents SET retain_until = ?2 WHERE sha256 = ?1",
                    values![sha256, after],
                )?;
                changes.push(format!("retain_until: '{before}' -> '{after}'"));
            }
        }
        tx.execute(
            "UPDATE documents SET corrected = ?2, fields_source = 'corrected' WHERE sha256 = ?1",
            values![sha256, fields.join(",")],
        )?;
        let comment = aside(comment);
        let details = format!("{}{comment}", changes.join("; "));
        record(
            &tx,
            &NewEntry {
                at,
                claim_id: Some(&claim_id),
                actor,
                action: Action::DocumentCorrected,
                document_sha256: Some(sha256),
                details: details.clone(),
            },
            None,
        )?;
        tx.commit()?;
        Ok((claim_id, details))
    }
}

/// Where an attached document is, for moving it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub claim_id: String,
    pub kind: crate::domain::Kind,
    pub original_name: String,
    pub archive_path: String,
}

impl Store {
    /// Where the document with these bytes is attached, if it is.
    pub fn placed(&self, sha256: &str) -> Result<Option<Placed>, StoreError> {
        placed_in(&self.db, sha256)
    }
}

/// Records a document moved to another claim, at its new archive path, inside the caller's
/// transaction: the row, a `document_moved` entry on both claims, and the new claim's requests
/// it fulfils.
pub(super) fn move_in(
    tx: &Tx,
    sha256: &str,
    to: &str,
    archive_path: &str,
    comment: Option<&str>,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(from) = placed_in(tx, sha256)? else {
        return Err(StoreError::NoDocument(sha256.to_string()));
    };
    tx.execute(
        "UPDATE documents SET claim_id = ?2, archive_path = ?3 WHERE sha256 = ?1",
        values![sha256, to, archive_path],
    )?;
    let comment = aside(comment);
    let details = format!(
        "{} '{}' moved from {} to {to}: {} -> {archive_path}{comment}",
        from.kind, from.original_name, from.claim_id, from.archive_path
    );
    for claim in [from.claim_id.as_str(), to] {
        record(
            tx,
            &NewEntry {
                at,
                claim_id: Some(claim),
                actor,
                action: Action::DocumentMoved,
                document_sha256: Some(sha256),
                details: details.clone(),
            },
            None,
        )?;
    }
    super::requests::fulfil_in(tx, to, from.kind, sha256, actor, at)?;
    Ok(())
}

fn placed_in(sql: &impl Sql, sha256: &str) -> Result<Option<Placed>, StoreError> {
    Ok(sql.row(
        "SELECT claim_id, kind, original_name, archive_path FROM documents WHERE sha256 = ?1",
        values![sha256],
        |r| {
            Ok(Placed {
                claim_id: r.get(0)?,
                kind: super::typed(r, 1, crate::domain::Kind::parse)?,
                original_name: r.get(2)?,
                archive_path: r.get(3)?,
            })
        },
    )?)
}
