//! `claims correct`: a field claimdrop read wrong, set by a person (see `store::corrections`).

use std::str::FromStr;

use anyhow::{Result, bail};
use rust_decimal::Decimal;

use super::one_document;
use crate::cmd::files::after_claims_changed;
use crate::cmd::now;
use crate::cmd::session::Session;
use crate::sink::store::Correction;
use crate::{said, text};

/// `claims correct`: a person's value for a field claimdrop read wrong.
#[allow(clippy::too_many_arguments)]
pub(super) fn correct(
    session: &mut Session,
    sha256: String,
    amount: Option<String>,
    currency: Option<String>,
    document_date: Option<String>,
    invoice_number: Option<String>,
    vendor: Option<String>,
    comment: Option<String>,
) -> Result<()> {
    let actor = session.require_admin("claims correct")?;
    let sha256 = one_document(session, &sha256)?;
    let text = |value: Option<String>, flag: &str| -> Result<Option<String>> {
        match value.map(|v| v.trim().to_string()) {
            Some(v) if v.is_empty() => bail!(said!("field-empty", field = flag)),
            other => Ok(other),
        }
    };
    let amount = text(amount, "--amount")?
        .map(|a| {
            Decimal::from_str(&a)
                .map(crate::domain::money)
                .map_err(|_| said!("field-not-number", field = "--amount", value = &a))
        })
        .transpose()?;
    let currency = text(currency, "--currency")?
        .map(|c| {
            let code = c.to_ascii_uppercase();
            iso_currency::Currency::from_code(&code)
                .map(|_| code)
                .ok_or_else(|| said!("field-not-currency", field = "--currency", value = &c))
        })
        .transpose()?;
    let document_date = text(document_date, "--document-date")?
        .map(|d| {
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map(|d| d.to_string())
                .map_err(|_| said!("error-flag-date", flag = "--document-date", value = &d))
        })
        .transpose()?;
    let correction = Correction {
        amount,
        currency,
        document_date,
        invoice_number: text(invoice_number, "--invoice-number")?,
        vendor: text(vendor, "--vendor")?,
    };
    if correction.is_empty() {
        bail!(said!("error-nothing-to-correct"));
    }
    let months = session.workspace.settings.rules.retention_months;
    let (claim, details) = session.store.correct(
        &sha256,
        &correction,
        comment.as_deref(),
        &actor,
        now()?,
        months,
    )?;
    writeln!(
        session.out,
        "{}",
        text!("said-corrected", claim = &claim, details = &details)
    )?;
    after_claims_changed(session, false)
}
