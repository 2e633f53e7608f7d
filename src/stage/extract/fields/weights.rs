//! How much each piece of evidence counts, as data: `weights.toml`, fitted by logistic
//! regression on every labelled document we have (`scripts/fit-weights.py`), not set by hand
//! after the last miss.
//!
//! A candidate is described by named features (what its label names, where its value stands
//! from the label, arithmetic, repetition, its place on the page), each 1 when present or a
//! number in 0..1. A field's weights turn them into log-odds; over one document's candidates
//! and the possibility that none is right (log-odds 0), they give each value a probability,
//! its *confidence*. The candidate of highest log-odds wins, and the field keeps it only when
//! its value's confidence reaches the field's `threshold`. A feature the file does not weigh
//! counts nothing, so an unfitted feature cannot tip a field; `every_feature_is_weighed`
//! keeps the code and the file in step.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;

/// The fields the reader weighs evidence for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    InvoiceNumber,
    DocumentDate,
    Amount,
    Currency,
    Vendor,
}

impl Field {
    #[cfg(test)]
    pub(crate) const ALL: [Field; 5] = [
        Field::InvoiceNumber,
        Field::DocumentDate,
        Field::Amount,
        Field::Currency,
        Field::Vendor,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::InvoiceNumber => "invoice_number",
            Field::DocumentDate => "document_date",
            Field::Amount => "amount",
            Field::Currency => "currency",
            Field::Vendor => "vendor",
        }
    }
}

/// One field's fitted model.
#[derive(Debug, Default, Deserialize)]
struct Model {
    /// Log-odds of a candidate with no feature at all.
    #[serde(default)]
    bias: f64,
    /// The confidence a value needs to be kept; below it the field is left empty. Without a
    /// fitted file nothing is confident.
    #[serde(default = "never")]
    threshold: f64,
    #[serde(default)]
    features: HashMap<String, f64>,
}

fn never() -> f64 {
    1.0
}

static WEIGHTS: LazyLock<HashMap<String, Model>> =
    LazyLock::new(|| toml::from_str(include_str!("weights.toml")).unwrap_or_default());

fn model(field: Field) -> Option<&'static Model> {
    WEIGHTS.get(field.name())
}

/// A candidate's log-odds by the fitted weights.
pub(crate) fn logit(field: Field, features: &BTreeMap<String, f64>) -> f64 {
    let Some(model) = model(field) else {
        return f64::NEG_INFINITY;
    };
    model.bias
        + features
            .iter()
            .map(|(name, x)| model.features.get(name).copied().unwrap_or(0.0) * x)
            .sum::<f64>()
}

/// Each candidate's confidence: the probability of its value among the candidates' values and
/// none of them (log-odds 0), a conditional logit over one document's candidates. Candidates
/// of one value share it.
pub(crate) fn confidences(logits: &[f64], values: &[&str]) -> Vec<f64> {
    let top = logits.iter().copied().fold(0.0, f64::max);
    let weight: Vec<f64> = logits.iter().map(|z| (z - top).exp()).collect();
    let total = (-top).exp() + weight.iter().sum::<f64>();
    values
        .iter()
        .map(|value| {
            let mass: f64 = values
                .iter()
                .zip(&weight)
                .filter(|(v, _)| *v == value)
                .map(|(_, w)| w)
                .sum();
            mass / total
        })
        .collect()
}

/// The confidence a field's value needs.
pub(crate) fn threshold(field: Field) -> f64 {
    model(field).map_or(1.0, |m| m.threshold)
}

/// The features the reader gives candidates of a field; the weights file weighs each.
#[cfg(test)]
pub(crate) fn features_of(field: Field) -> Vec<&'static str> {
    use super::feature as f;
    let places = [
        f::CELL,
        f::CELL_BEFORE,
        f::RIGHT,
        f::RIGHT_FAR,
        f::BELOW,
        f::BELOW_2,
        f::BELOW_FAR,
        f::LEFT,
    ];
    let own: &[&str] = match field {
        Field::InvoiceNumber => &[
            f::NUMBER_LABEL,
            f::TITLE_ALONE,
            f::TITLE,
            f::MARK_ALONE,
            f::HEADER,
        ],
        Field::DocumentDate => &[
            f::ISSUE_DATE,
            f::PLAIN_DATE,
            f::WITH_NUMBER,
            f::ALONE_IN_HEADER,
            f::HEADER,
        ],
        Field::Amount => &[
            f::GROSS_TOTAL,
            f::AMOUNT_DUE,
            f::PLAIN_TOTAL,
            f::NET_PLUS_TAX,
            f::DUE_PLUS_PAID,
            f::SUM_OF_TOTALS,
            f::REPEATED,
            f::LATE,
        ],
        Field::Currency => return vec![f::WITH_TOTAL, f::CURRENCY_LABEL, f::ONLY_CURRENCY],
        Field::Vendor => &[
            f::PARTNER_LABEL,
            f::SELLER_HEADING,
            f::SENDER_LINE,
            f::FOOTER,
            f::ABOVE_ADDRESS,
            f::TOP_OF_PAGE,
            f::FIRST_AT_TOP,
            f::NEAR_TOP,
            f::LEGAL_FORM,
            f::DOMAIN,
            f::CONTACT_DETAILS,
            f::NAMED_AGAIN,
        ],
    };
    [own, &places[..]].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_is_weighed() {
        for field in Field::ALL {
            let model = model(field).unwrap_or_else(|| panic!("{} has no weights", field.name()));
            assert!(
                model.threshold > 0.0 && model.threshold < 1.0,
                "{}",
                field.name()
            );
            for name in features_of(field) {
                assert!(
                    model.features.contains_key(name),
                    "{} does not weigh {name}",
                    field.name()
                );
            }
            for name in model.features.keys() {
                assert!(
                    features_of(field).contains(&name.as_str()),
                    "{} weighs {name}, which the reader never gives",
                    field.name()
                );
            }
        }
    }

    #[test]
    fn more_evidence_is_more_confidence() {
        use super::super::feature::{GROSS_TOTAL, NET_PLUS_TAX, PLAIN_TOTAL};
        let of = |names: &[&str]| -> BTreeMap<String, f64> {
            names.iter().map(|n| (n.to_string(), 1.0)).collect()
        };
        let (a, b) = (
            logit(Field::Amount, &of(&[GROSS_TOTAL])),
            logit(Field::Amount, &of(&[GROSS_TOTAL, NET_PLUS_TAX])),
        );
        assert!(a < b, "{a} {b}");
        // A rival value takes confidence away; the same value printed twice adds to it.
        let alone = confidences(&[a], &["10.00"]);
        let rival = confidences(&[a, a], &["10.00", "12.00"]);
        let twice = confidences(&[a, a], &["10.00", "10.00"]);
        assert!(
            rival[0] < alone[0] && alone[0] < twice[0],
            "{alone:?} {rival:?} {twice:?}"
        );
        assert!(twice.iter().all(|c| (0.0..1.0).contains(c)));
        let plain = logit(Field::Amount, &of(&[PLAIN_TOTAL]));
        assert!(
            plain < a,
            "a plain total is weaker evidence than a total with tax"
        );
    }
}
