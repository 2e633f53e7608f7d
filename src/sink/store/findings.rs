//! Findings in the store: the facts the checks read, and the findings they give back.
//!
//! Findings are replaced per claim in one transaction; a finding that stays keeps the time it
//! was first raised (`since`). A deadline finding writes a `deadline_warning` history entry the
//! first time it is raised for a claim, never again.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::db::{DbError, Sql, values};
use super::{Concerned, NewEntry, Notice, Store, StoreError, read_claim, record, timestamp};
use crate::domain::{Action, Claim, DocumentFacts, Event, Finding, FindingCode, Kind, UnreadScan};

impl Store {
    /// Every claim, in id order.
    pub fn all_claims(&self) -> Result<Vec<Claim>, StoreError> {
        let ids: Vec<String> =
            self.db
                .rows("SELECT claim_id FROM claims ORDER BY claim_id", &[], |r| {
                    r.get(0)
                })?;
        let mut claims = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(claim) = read_claim(&self.db, &id)? {
                claims.push(claim);
            }
        }
        Ok(claims)
    }

    /// What the checks read of every attached document.
    pub fn document_facts(&self) -> Result<Vec<DocumentFacts>, StoreError> {
        // A scan whose OCR did not read it: off (no error) or failed (its error kept).
        let unread_scan = if self.db.is_postgres() {
            "CASE WHEN (metadata::jsonb #>> '{ocr,read}') = 'false'
                  THEN (metadata::jsonb #>> '{ocr,error}') IS NOT NULL END"
        } else {
            "CASE WHEN COALESCE(json_extract(metadata, '$.ocr.read'), 1) = 0
                  THEN json_extract(metadata, '$.ocr.error') IS NOT NULL END"
        };
        let mut facts = Vec::new();
        self.db.each(
            &format!(
                "SELECT claim_id, kind, original_name, document_date, amount, currency, vendor,
                        invoice_number, einvoice_mismatch, {unread_scan}
                 FROM documents ORDER BY document_id"
            ),
            &[],
            |row| {
                let kind: String = row.get(1)?;
                let Some(kind) = Kind::parse(&kind) else {
                    return Ok(true);
                };
                let date: Option<String> = row.get(3)?;
                let amount: Option<String> = row.get(4)?;
                facts.push(DocumentFacts {
                    claim_id: row.get(0)?,
                    kind,
                    name: row.get(2)?,
                    document_date: date.and_then(|d| NaiveDate::from_str(&d).ok()),
                    amount: amount.and_then(|a| Decimal::from_str(&a).ok()),
                    currency: row.get(5)?,
                    vendor: row.get(6)?,
                    invoice_number: row.get(7)?,
                    einvoice_mismatch: row.get(8)?,
                    unread_scan: row.get::<Option<bool>>(9)?.map(|failed| {
                        if failed {
                            UnreadScan::Failed
                        } else {
                            UnreadScan::Off
                        }
                    }),
                });
                Ok(true)
            },
        )?;
        Ok(facts)
    }

    /// Stores every claim's findings, their details in `lang` (the history's warnings stay in
    /// English, as all the history does); returns how many deadline warnings were written.
    pub fn replace_findings(
        &mut self,
        findings: &BTreeMap<String, Vec<Finding>>,
        lang: crate::lang::Lang,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let tx = self.db.transaction(true)?;
        let mut warnings = 0;
        for (claim_id, found) in findings {
            let shown: Vec<(&Finding, String)> =
                found.iter().map(|f| (f, f.details.render(lang))).collect();
            // code -> (details, since)
            let mut current: BTreeMap<String, (String, String)> = BTreeMap::new();
            tx.each(
                "SELECT code, details, since FROM findings WHERE claim_id = ?1",
                values![claim_id],
                |row| {
                    current.insert(row.get(0)?, (row.get(1)?, row.get(2)?));
                    Ok(true)
                },
            )?;
            let unchanged = current.len() == shown.len()
                && shown.iter().all(|(f, details)| {
                    current
                        .get(f.code.as_str())
                        .is_some_and(|(stored, _)| stored == details)
                });
            // Most claims are as they were: rewriting them all made every check a large write.
            if unchanged {
                continue;
            }
            tx.execute(
                "DELETE FROM findings WHERE claim_id = ?1",
                values![claim_id],
            )?;
            for (finding, details) in &shown {
                let code = finding.code.as_str();
                let since = current
                    .get(code)
                    .map(|(_, since)| since.clone())
                    .unwrap_or_else(|| timestamp(at));
                tx.execute(
                    "INSERT INTO findings (claim_id, code, details, since) VALUES (?1, ?2, ?3, ?4)",
                    values![claim_id, code, details, since],
                )?;
                // A finding held before was warned of when it appeared.
                if matches!(
                    finding.code,
                    FindingCode::DeadlineNear | FindingCode::DeadlinePassed
                ) && !current.contains_key(code)
                {
                    let warned: bool = tx
                        .row("SELECT EXISTS(SELECT 1 FROM history WHERE claim_id = ?1 AND action = ?2
                                           AND details LIKE ?3)", values![
                                claim_id,
                                Action::DeadlineWarning.as_str(),
                                format!("{code}:%")
                            ], |r| r.get(0))?.ok_or(DbError::NoRow)?;
                    if !warned {
                        let event = if finding.code == FindingCode::DeadlinePassed {
                            Event::DeadlinePassed
                        } else {
                            Event::DeadlineNear
                        };
                        record(
                            &tx,
                            &NewEntry {
                                at,
                                claim_id: Some(claim_id),
                                actor,
                                action: Action::DeadlineWarning,
                                document_sha256: None,
                                details: format!(
                                    "{code}: {}",
                                    finding.details.render(crate::lang::Lang::En)
                                ),
                            },
                            Some(Notice {
                                event,
                                concerned: Concerned::ClaimPeople,
                                details: serde_json::json!({ "finding": details }),
                            }),
                        )?;
                        warnings += 1;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(warnings)
    }
}
