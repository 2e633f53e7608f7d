//! The business fields of SPEC §3 step 4, read from a layout the way a careful clerk reads a
//! page, whoever wrote it: no per-vendor templates.
//!
//! Every date, amount and number-like value that a label points at is a candidate. A label is
//! a phrase of the EN 16931 vocabulary (`vocabulary`), in any of twenty-one languages, found on
//! normalised words anywhere in a cell; its value is after it in the same cell, in the next
//! cell on its line, in a cell below it (a header row above a row of values) or in the cell
//! before it (labels right of values). Each candidate is described by independent evidence,
//! as named features (`feature`): what its label names (and what else the same cell names:
//! `Total HT` is not a grand total, `Date d'échéance` not an issue date), where the value
//! stands from its label, arithmetic (net + tax = gross; amount due + paid = gross),
//! repetition, its place on the page. How much each counts is data fitted on labelled
//! documents (`weights`); `decide` keeps the likeliest candidate only when its value is
//! confident enough: otherwise the field is empty, and the claim gets `fields_unread`, rather
//! than a guessed amount.
//!
//! The vendor is read by role (`parties`): the seller's heading, a letter's sender line, the
//! name above the issuer's address; never the bill-to party nor one of the partner's own names.
//!
//! What every field reads from is built once per page (`Page::new`): each cell's words and
//! labels (`Read`), the page's tables of items and its labels paired with their values
//! (`structure`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Fields;
use super::layout::{Cell, Layout};
use super::locale::{self, Conventions, Money};
use vocabulary::{Term, Token};

mod parties;
mod structure;
#[cfg(test)]
mod tests;
pub(crate) mod vocabulary;
mod weights;

use structure::{Asks, Pairs, Structure};

use weights::Field;

/// What the reader knows beyond the page: the partner's own names, which are never a vendor.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    pub own_names: &'a [String],
    /// Keep the features that weighed and every candidate of every field (`inspect`).
    pub explain: bool,
}

/// Why a field holds its value: the winning candidate and what made it win.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub value: String,
    /// The confidence, from 0 to 1: by the fitted weights (`weights`), the probability of this
    /// value against the other candidates' values and none of them being right.
    pub score: f64,
    /// The label the value was found by, as printed.
    pub label: Option<String>,
    /// Where the value stood from its label: `cell`, `right`, `below`, `left`, `alone`...
    pub place: String,
    /// Page number, from 1; form fields are `form`.
    pub page: String,
    pub reasons: Vec<String>,
    /// The features the score was weighed from (`weights.toml` names them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub features: BTreeMap<String, f64>,
    /// The best candidate with another value, and its score: how near the field came to
    /// reading otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runner_up: Option<RunnerUp>,
}

impl Evidence {
    /// A candidate found by `reason`, its features still to be added and weighed.
    pub(crate) fn candidate(value: String, place: &str, page: String, reason: String) -> Self {
        Evidence {
            value,
            score: 0.0,
            label: None,
            place: place.into(),
            page,
            reasons: vec![reason],
            features: BTreeMap::new(),
            runner_up: None,
        }
    }

    pub(crate) fn labelled(mut self, label: Option<String>) -> Self {
        self.label = label;
        self
    }

    /// Adds a feature that is present.
    pub(crate) fn with(mut self, feature: &str) -> Self {
        self.features.insert(feature.to_string(), 1.0);
        self
    }

    /// Adds a feature when `present`.
    pub(crate) fn with_if(self, feature: &str, present: bool) -> Self {
        if present { self.with(feature) } else { self }
    }

    /// Adds a feature with a reason a person reads.
    pub(crate) fn credit(&mut self, feature: &str, reason: String) {
        self.features.insert(feature.to_string(), 1.0);
        self.reasons.push(reason);
    }
}

/// The best losing value of a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunnerUp {
    pub value: String,
    pub score: f64,
    pub label: Option<String>,
    pub place: String,
}

/// Which of equally confident candidates a field keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Prefer {
    /// The first in the page's order: a page names its own number before it quotes others.
    First,
    /// The last: totals close a document, a statement's date is signed at its end.
    Last,
}

/// Weighs every candidate of a field and keeps the likeliest, with its runner-up, when its
/// value is confident enough (`weights`): the candidate of highest log-odds wins, and its
/// value's confidence is the probability of that value against every other and against none
/// of them being right. Every candidate, weighed, is kept in `seen` for `inspect
/// --candidates`. Returns the winner's index among `found`.
pub(crate) fn decide(
    field: Field,
    mut found: Vec<Evidence>,
    prefer: Prefer,
    seen: &mut Candidates,
) -> Option<(usize, Evidence)> {
    let logits: Vec<f64> = found
        .iter()
        .map(|e| weights::logit(field, &e.features))
        .collect();
    let confidence = weights::confidences(
        &logits,
        &found.iter().map(|e| e.value.as_str()).collect::<Vec<_>>(),
    );
    for (e, c) in found.iter_mut().zip(confidence) {
        e.score = c;
    }
    let best = logits
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| {
            a.total_cmp(b).then(match prefer {
                Prefer::First => j.cmp(i),
                Prefer::Last => i.cmp(j),
            })
        })
        .map(|(i, _)| i);
    if seen.keep {
        seen.all
            .entry(field.name().to_string())
            .or_default()
            .extend(found.iter().cloned());
    }
    let best = best?;
    let winner = found.get(best)?.clone();
    if winner.score < weights::threshold(field) {
        return None;
    }
    let others = found
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, e)| e);
    Some((best, with_runner_up(winner, others)))
}

/// Every candidate of every field, weighed, when asked for (`inspect --candidates`).
#[derive(Debug, Default)]
pub(crate) struct Candidates {
    pub keep: bool,
    pub all: BTreeMap<String, Vec<Evidence>>,
}

/// Sets the winner's runner-up: the best-scored candidate of another value.
fn with_runner_up(mut winner: Evidence, others: impl IntoIterator<Item = Evidence>) -> Evidence {
    winner.runner_up = others
        .into_iter()
        .filter(|o| o.value != winner.value)
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .map(|o| RunnerUp {
            value: o.value,
            score: o.score,
            label: o.label,
            place: o.place,
        });
    winner
}

/// Evidence by field name.
pub type FieldEvidence = BTreeMap<String, Evidence>;

/// The names of the features a candidate is weighed on (`weights.toml`).
pub(crate) mod feature {
    // What the label names.
    pub const NUMBER_LABEL: &str = "number_label";
    pub const TITLE_ALONE: &str = "title_alone";
    pub const TITLE: &str = "title";
    pub const MARK_ALONE: &str = "mark_alone";
    pub const ISSUE_DATE: &str = "issue_date_label";
    pub const PLAIN_DATE: &str = "date_label";
    pub const WITH_NUMBER: &str = "with_the_number";
    pub const ALONE_IN_HEADER: &str = "alone_in_header";
    pub const GROSS_TOTAL: &str = "gross_total_label";
    pub const AMOUNT_DUE: &str = "amount_due_label";
    pub const PLAIN_TOTAL: &str = "total_label";
    pub const CURRENCY_LABEL: &str = "currency_label";
    pub const WITH_TOTAL: &str = "written_with_the_total";
    pub const ONLY_CURRENCY: &str = "only_currency_on_page";
    // Arithmetic and repetition.
    pub const NET_PLUS_TAX: &str = "net_plus_tax";
    pub const DUE_PLUS_PAID: &str = "due_plus_paid";
    pub const SUM_OF_TOTALS: &str = "sum_of_totals";
    pub const REPEATED: &str = "repeated";
    // Where on the page: in the header, how far down (0..1).
    pub const HEADER: &str = "in_header";
    pub const LATE: &str = "how_late";
    // Where the value stands from its label.
    pub const CELL: &str = "place_cell";
    pub const CELL_BEFORE: &str = "place_cell_before";
    pub const RIGHT: &str = "place_right";
    pub const RIGHT_FAR: &str = "place_right_far";
    pub const BELOW: &str = "place_below";
    pub const BELOW_2: &str = "place_below_2";
    pub const BELOW_FAR: &str = "place_below_far";
    pub const LEFT: &str = "place_left";
    // The issuer's role and identity.
    pub const PARTNER_LABEL: &str = "partner_label";
    pub const SELLER_HEADING: &str = "seller_heading";
    pub const SENDER_LINE: &str = "sender_line";
    pub const FOOTER: &str = "legal_footer";
    pub const ABOVE_ADDRESS: &str = "above_address";
    pub const NEAR_TOP: &str = "near_top";
    pub const TOP_OF_PAGE: &str = "top_of_page";
    pub const FIRST_AT_TOP: &str = "first_at_top";
    pub const LEGAL_FORM: &str = "legal_form";
    pub const DOMAIN: &str = "domain";
    pub const CONTACT_DETAILS: &str = "contact_details";
    pub const NAMED_AGAIN: &str = "named_again";
}

/// Form fields are laid out after the pages on this page number (see `pdf`).
pub(crate) const FORM_PAGE: u32 = u32::MAX;

/// Reads every field it can from a layout, with the evidence for each.
pub fn read(layout: &Layout, known: Known) -> (Fields, FieldEvidence) {
    let (fields, evidence, _) = read_all(layout, known, false);
    (fields, evidence)
}

/// `read`, and every candidate of every field, weighed, when `keep` is set.
pub(crate) fn read_all(
    layout: &Layout,
    known: Known,
    keep: bool,
) -> (Fields, FieldEvidence, Candidates) {
    let text = layout.text();
    let currencies = locale::currencies_in(&text);
    // The page's own dates say which order it writes them in; failing that, dollars alone
    // say American.
    let conventions = Conventions {
        month_first: locale::order_on_page(&text).unwrap_or_else(|| {
            currencies.first().is_some_and(|c| c == "USD")
                && !currencies.iter().any(|c| c == "EUR" || c == "GBP")
        }),
    };
    let page = Page::new(layout, conventions, keep);
    let mut evidence = FieldEvidence::new();
    // A glyph the PDF could not name reads as U+0000: a word holding one is not known, and no
    // value (a number that may lack a character, a name with a hole in it).
    let known_letters = |e: &Evidence| !e.value.contains('\0');
    let number = page.invoice_number().filter(known_letters);
    let date = page.document_date();
    let mut total = page.grand_total();
    // A credit note gives money back: its total counts against the claim, however printed.
    if page.is_credit_note()
        && let Some((money, evidence)) = total.as_mut()
        && money.amount.is_sign_positive()
    {
        money.amount = -money.amount;
        evidence.value = crate::domain::money(money.amount);
        evidence
            .reasons
            .push("a credit note: its total is money back".into());
    }
    let vendor = parties::vendor(&page, known).filter(known_letters);

    // The currency: written with the grand total, named by a label, or the only one on the
    // page; the weights say how far each is to be trusted.
    let mut sources: Vec<Evidence> = Vec::new();
    if let Some((Some(code), e)) = total.as_ref().map(|(m, e)| (m.currency.clone(), e)) {
        let mut with_total = Evidence::candidate(
            code,
            &e.place,
            e.page.clone(),
            "written with the grand total".into(),
        )
        .labelled(e.label.clone());
        with_total.features.insert(feature::WITH_TOTAL.into(), 1.0);
        sources.push(with_total);
    }
    sources.extend(page.labelled_currency());
    if let [only] = currencies.as_slice() {
        sources.push(
            Evidence::candidate(
                only.clone(),
                "page",
                "1".into(),
                "the only currency on the document".into(),
            )
            .with(feature::ONLY_CURRENCY),
        );
    }
    let mut seen = page.seen.take();
    let mut currency_evidence =
        decide(Field::Currency, sources, Prefer::First, &mut seen).map(|(_, e)| e);
    // `$` and `kr` are several currencies: the page says which, or the field stays empty.
    let currency = currency_evidence.as_ref().and_then(|e| {
        let code = e.value.clone();
        locale::resolve_symbol(&code, &text).map(|found| (code, found))
    });
    match (&currency, currency_evidence.as_mut()) {
        (Some((code, found)), Some(e)) if found != code => {
            e.value = found.clone();
            e.reasons.push(format!(
                "{code} on a page that names {found}'s country or taxes"
            ));
        }
        (None, _) => currency_evidence = None,
        _ => {}
    }
    let currency = currency.map(|(_, found)| found);
    let mut keep = |name: &str, found: Option<Evidence>| {
        if let Some(e) = found {
            evidence.insert(name.to_string(), e);
        }
    };
    let fields = Fields {
        invoice_number: number.as_ref().map(|e| e.value.clone()),
        document_date: date
            .as_ref()
            .and_then(|e| chrono::NaiveDate::parse_from_str(&e.value, "%Y-%m-%d").ok()),
        // Two decimals, halves away from zero, as money is written.
        amount: total
            .as_ref()
            .and_then(|(m, _)| crate::domain::money(m.amount).parse().ok()),
        currency,
        vendor: vendor.as_ref().map(|e| e.value.clone()),
    };
    keep("invoice_number", number);
    keep("document_date", date);
    keep("amount", total.map(|(_, e)| e));
    keep("currency", currency_evidence);
    keep("vendor", vendor);
    (fields, evidence, seen)
}

/// A label found in a cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub term: Term,
    /// Word positions in the cell, end exclusive.
    pub first: usize,
    pub last: usize,
}

/// A cell's words and the labels among them, worked out once.
pub(crate) struct Read {
    pub words: Vec<Token>,
    pub hits: Vec<Hit>,
    /// An invoice-number label in the cell, if any.
    pub number_label: Option<NumberLabel>,
    /// The cell is a line of an address: a street, or a postcode and town.
    pub address: bool,
}

/// Where an invoice-number label stands among a cell's words (end exclusive), and how strong
/// it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumberLabel {
    pub first: usize,
    pub end: usize,
    pub kind: LabelKind,
}

/// What an invoice-number label says of what it numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LabelKind {
    /// A mark after or before a word naming the invoice, or a compound: `Rechnung Nr.`,
    /// `N° de facture`, `Rechnungsnummer`.
    Named,
    /// A cell that is only a document title; its number beside or under it.
    TitleAlone,
    /// A bare title right before its value: `INVOICE INV-001`.
    Title,
    /// A number mark opening its cell, saying nothing of what it numbers.
    MarkAlone,
}

/// Where a cell stands: (line index, cell index).
pub(crate) type At = (usize, usize);

pub(crate) struct Page<'a> {
    pub layout: &'a Layout,
    pub conventions: Conventions,
    pub read: Vec<Vec<Read>>,
    /// Its tables, found once.
    pub structure: Structure,
    /// Its labels and the places of their values, found once.
    pub pairs: Pairs<'a>,
    /// Every candidate weighed so far, when they are asked for.
    pub seen: std::cell::RefCell<Candidates>,
}

/// A value, where it stood from its label, and the feature that place is weighed as.
pub(crate) struct Placed<'t> {
    pub text: &'t str,
    pub at: At,
    pub place: &'static str,
    pub feature: &'static str,
    /// Beside or right under its label, not across a gap or lines further down.
    pub near: bool,
}

impl<'a> Page<'a> {
    fn new(layout: &'a Layout, conventions: Conventions, keep: bool) -> Page<'a> {
        let read: Vec<Vec<Read>> = layout
            .lines
            .iter()
            .map(|line| line.cells.iter().map(|c| read_cell(&c.text)).collect())
            .collect();
        let mut page = Page {
            layout,
            conventions,
            structure: Structure::of(layout, &read),
            read,
            pairs: Pairs::default(),
            seen: std::cell::RefCell::new(Candidates {
                keep,
                all: BTreeMap::new(),
            }),
        };
        page.pairs = page.pair_up();
        page
    }

    /// Every label of the page with the places its value may stand.
    fn pair_up(&self) -> Pairs<'a> {
        let mut pairs = BTreeMap::new();
        for (at, cell, read) in self.cells() {
            for label in structure::labels(read) {
                let pair = structure::Pair {
                    printed: label_text(cell, read, label.first, label.end),
                    values: self.places(at, label.first, label.end),
                    label,
                };
                pairs.insert((at, label.asks), pair);
            }
        }
        Pairs(pairs)
    }

    /// `decide` for one field of this page.
    pub(crate) fn decide(
        &self,
        field: Field,
        found: Vec<Evidence>,
        prefer: Prefer,
    ) -> Option<(usize, Evidence)> {
        decide(field, found, prefer, &mut self.seen.borrow_mut())
    }

    pub(crate) fn cell(&self, (line, cell): At) -> Option<&'a Cell> {
        self.layout.lines.get(line)?.cells.get(cell)
    }

    pub(crate) fn read_of(&self, (line, cell): At) -> Option<&Read> {
        self.read.get(line)?.get(cell)
    }

    fn page_name(&self, (line, _): At) -> String {
        match self.layout.lines.get(line).map(|l| l.page) {
            Some(FORM_PAGE) => "form".into(),
            Some(n) => n.to_string(),
            None => String::new(),
        }
    }

    /// Every cell, with where it stands.
    pub(crate) fn cells(&self) -> impl Iterator<Item = (At, &'a Cell, &Read)> {
        let layout: &'a Layout = self.layout;
        layout.lines.iter().enumerate().flat_map(move |(l, line)| {
            line.cells
                .iter()
                .enumerate()
                .filter_map(move |(c, cell)| self.read_of((l, c)).map(|read| ((l, c), cell, read)))
        })
    }

    /// The text of a cell after its word `word` (exclusive), punctuation trimmed.
    fn after_word<'t>(&self, cell: &'t Cell, read: &Read, word: usize) -> &'t str {
        let start = match word.checked_sub(1).and_then(|w| read.words.get(w)) {
            Some(token) => token.end,
            None => 0,
        };
        cell.text
            .get(start..)
            .unwrap_or("")
            .trim_start_matches([':', '#', '.', ' ', '°', 'º', '-', '=', ')', '/'])
            .trim()
    }

    /// The places a label's value may stand, for a label of words `first..end` of cell `at`.
    fn places(&self, at: At, first: usize, end: usize) -> Vec<Placed<'a>> {
        let mut out = Vec::new();
        let (l, c) = at;
        let (Some(cell), Some(read)) = (self.cell(at), self.read_of(at)) else {
            return out;
        };
        let rest = self.after_word(cell, read, end);
        // `Ukupno s PDV-om`, `VAT-u`, `ALV:n`: a case ending glued to the label's last word is
        // the label's, not a value.
        let rest = if case_ending(cell, read, end) {
            ""
        } else {
            rest
        };
        // A form field's name is all label: `amount_3` numbers a row, it is not a value.
        let form = self
            .layout
            .lines
            .get(l)
            .is_some_and(|line| line.page == FORM_PAGE);
        if !rest.is_empty() && !form {
            out.push(Placed {
                text: rest,
                at,
                place: "cell",
                feature: feature::CELL,
                near: true,
            });
        }
        // A value before a label that ends its cell: `$1,720.34 Total`, `2024/8322 N° facture`.
        let before = read
            .words
            .get(first)
            .map_or("", |w| cell.text.get(..w.start).unwrap_or(""));
        let before = before.trim().trim_end_matches([':', '|', '-']).trim();
        if rest.is_empty() && first > 0 && !before.is_empty() {
            out.push(Placed {
                text: before,
                at,
                place: "cell before",
                feature: feature::CELL_BEFORE,
                near: true,
            });
        }
        if let Some(right) = self.cell((l, c + 1)) {
            // Across a wide gap, the next cell is as likely another column's.
            let far = right.x0 - cell.x1 > 15.0 * cell.size.max(1.0);
            out.push(Placed {
                text: &right.text,
                at: (l, c + 1),
                place: "right",
                feature: if far {
                    feature::RIGHT_FAR
                } else {
                    feature::RIGHT
                },
                near: !far,
            });
        }
        for (depth, below) in self.below(at).into_iter().enumerate() {
            out.push(Placed {
                text: self.cell(below).map_or("", |c| c.text.as_str()),
                at: below,
                place: "below",
                feature: match depth {
                    0 => feature::BELOW,
                    1 => feature::BELOW_2,
                    _ => feature::BELOW_FAR,
                },
                near: depth < 2,
            });
        }
        if rest.is_empty()
            && let Some(left) = c.checked_sub(1).and_then(|c| self.cell((l, c)))
        {
            out.push(Placed {
                text: &left.text,
                at: (l, c - 1),
                place: "left",
                feature: feature::LEFT,
                near: true,
            });
        }
        out
    }

    /// Cells under a label on the next lines of its page: on each line, the one overlapping it
    /// most, else a lone cell to its right (a value wrapped under its label). Stops at a line
    /// with a label of its own in that column.
    fn below(&self, (l, c): At) -> Vec<At> {
        let mut out = Vec::new();
        let (Some(label), Some(here)) = (self.cell((l, c)), self.layout.lines.get(l)) else {
            return out;
        };
        for next in l + 1..l + 5 {
            let Some(line) = self.layout.lines.get(next) else {
                break;
            };
            if line.page != here.page || (here.y - line.y).abs() > 6.0 * label.size.max(1.0) {
                break;
            }
            let best = most_under(label, line.cells.iter().enumerate());
            // A value beside its own label (`Montant déjà payé : 0,00`) is that label's.
            let labelled = |i: usize| {
                i.checked_sub(1)
                    .and_then(|left| line.cells.get(left))
                    .is_some_and(|left| left.text.trim_end().ends_with(':'))
            };
            match (best, line.cells.as_slice()) {
                (Some((i, _)), _) if labelled(i) => {}
                (Some((i, _)), _) => {
                    out.push((next, i));
                    if self.read_of((next, i)).is_some_and(|r| !r.hits.is_empty()) {
                        break;
                    }
                }
                (None, [only]) if only.x0 >= label.x0 && here.cells.len() == c + 1 => {
                    out.push((next, 0));
                }
                _ => {}
            }
        }
        out
    }

    fn invoice_number(&self) -> Option<Evidence> {
        let mut found: Vec<Evidence> = Vec::new();
        for (at, cell, read) in self.cells() {
            let (Some(NumberLabel { kind, .. }), Some(pair)) =
                (read.number_label, self.pairs.get(at, Asks::Number))
            else {
                continue;
            };
            let label = pair.printed.to_string();
            let named = kind == LabelKind::Named;
            for placed in &pair.values {
                // A weak label's value is in its own cell; a title alone in its cell points at
                // the cell beside it or the one under it, when that cell is nothing but a number.
                let title_alone = kind == LabelKind::TitleAlone;
                if !named
                    && placed.place != "cell"
                    && !(title_alone && matches!(placed.place, "right" | "below"))
                {
                    continue;
                }
                if kind == LabelKind::MarkAlone && !whole_identifier(&cell.text) {
                    break;
                }
                if title_alone
                    && (placed.place == "cell"
                        || !placed.near
                        || !self.read_of(placed.at).is_some_and(|r| r.hits.is_empty())
                        || !whole_identifier(placed.text))
                {
                    continue;
                }
                if placed.place != "cell" && self.read_of(placed.at).is_some_and(labels_a_value) {
                    continue;
                }
                if names_another_number(placed.text) {
                    continue;
                }
                // `Invoice No. 7`: under a number label, a single digit is the number.
                let short = named
                    .then(|| placed.text.trim().trim_start_matches(['#', ':', '.', ' ']))
                    .filter(|t| t.len() == 1 && t.chars().all(|c| c.is_ascii_digit()))
                    .map(str::to_string);
                let dated = (named && placed.place == "cell")
                    .then(|| identifier_shaped(placed.text, true))
                    .flatten();
                let Some(value) = identifier(placed.text).or(short).or(dated) else {
                    continue;
                };
                let (label_feature, said) = match kind {
                    LabelKind::Named => (feature::NUMBER_LABEL, "number label"),
                    LabelKind::MarkAlone => (feature::MARK_ALONE, "a number mark"),
                    LabelKind::TitleAlone => (feature::TITLE_ALONE, "the document's title"),
                    LabelKind::Title => (feature::TITLE, "title"),
                };
                found.push(
                    Evidence::candidate(
                        value,
                        placed.place,
                        self.page_name(placed.at),
                        format!("labelled as the invoice number ({said})"),
                    )
                    .labelled(Some(label.clone()))
                    .with(label_feature)
                    .with(placed.feature)
                    .with_if(feature::HEADER, self.in_header(at)),
                );
                break;
            }
        }
        self.decide(Field::InvoiceNumber, found, Prefer::First)
            .map(|(_, e)| e)
    }

    /// Whether a cell stands in the page header: where numbers and issue dates are printed.
    fn in_header(&self, (l, _): At) -> bool {
        let Some(first) = self.layout.lines.first() else {
            return false;
        };
        let line = self.layout.lines.get(l);
        let on_first_page = line.is_some_and(|line| line.page == first.page);
        on_first_page && l < 25
    }

    fn document_date(&self) -> Option<Evidence> {
        let mut found: Vec<Evidence> = Vec::new();
        let conventions = self.conventions;
        for (at, cell, read) in self.cells() {
            let other = read.hits.iter().any(|h| h.term == Term::OtherDate);
            // A date in the label's own cell belongs to the nearest label before it.
            // Only a cell with a date label or an invoice number can date itself.
            let labelled =
                read.number_label.is_some() || read.hits.iter().any(|h| is_date_term(h.term));
            if !labelled {
                continue;
            }
            let dates_here = date_spans(&cell.text, conventions);
            for (start, date) in &dates_here {
                let before: Vec<&Hit> = read
                    .hits
                    .iter()
                    .filter(|h| {
                        read.words
                            .get(h.last.saturating_sub(1))
                            .is_some_and(|w| w.end <= *start)
                    })
                    .filter(|h| {
                        matches!(h.term, Term::IssueDate | Term::PlainDate | Term::OtherDate)
                    })
                    .collect();
                let nearest = before.last().map(|h| h.term);
                // A date after the number: `Rechnung Nr. 4471 vom 12.03.2024`. The value right
                // after the label is the number itself, even shaped like a date.
                let number_before = read.number_label.is_some_and(|NumberLabel { end, .. }| {
                    let label_end = read.words.get(end.saturating_sub(1)).map_or(0, |w| w.end);
                    label_end <= *start
                        && read
                            .words
                            .iter()
                            .any(|w| w.start >= label_end && w.end <= *start)
                });
                let (label_feature, reason) = match nearest {
                    Some(Term::IssueDate) => (feature::ISSUE_DATE, "labelled as the issue date"),
                    Some(Term::PlainDate) => (feature::PLAIN_DATE, "labelled as a date"),
                    Some(_) => continue,
                    None if number_before => {
                        (feature::WITH_NUMBER, "printed with the invoice number")
                    }
                    None => continue,
                };
                let label = before
                    .last()
                    .map(|h| label_text(cell, read, h.first, h.last).to_string());
                found.push(
                    Evidence::candidate(
                        date.to_string(),
                        "cell",
                        self.page_name(at),
                        reason.into(),
                    )
                    .labelled(label)
                    .with(label_feature)
                    .with(feature::CELL)
                    .with_if(feature::HEADER, self.in_header(at)),
                );
            }
            // A value elsewhere belongs to a cell whose labels name only an issue date.
            if other || !dates_here.is_empty() {
                continue;
            }
            let Some(pair) = self.pairs.get(at, Asks::Date) else {
                continue;
            };
            let (label_feature, reason) = if pair.label.term == Some(Term::IssueDate) {
                (feature::ISSUE_DATE, "labelled as the issue date")
            } else {
                (feature::PLAIN_DATE, "labelled as a date")
            };
            for placed in &pair.values {
                if placed.place == "cell" {
                    continue;
                }
                let target = self.read_of(placed.at);
                if target.is_some_and(|r| r.hits.iter().any(|h| h.term == Term::OtherDate)) {
                    continue;
                }
                let Some(date) = locale::dates_in(placed.text, conventions).first().copied() else {
                    continue;
                };
                found.push(
                    Evidence::candidate(
                        date.to_string(),
                        placed.place,
                        self.page_name(placed.at),
                        reason.into(),
                    )
                    .labelled(Some(pair.printed.to_string()))
                    .with(label_feature)
                    .with(placed.feature)
                    .with_if(feature::HEADER, self.in_header(at)),
                );
                break;
            }
        }
        if found.is_empty()
            && let Some(alone) = self.lone_header_date()
        {
            found.push(alone);
        }
        // Among equals, a plain "Date" is the signature date of a statement: the last one.
        self.decide(Field::DocumentDate, found, Prefer::Last)
            .map(|(_, e)| e)
    }

    /// A date standing alone in the header of the first page, no label beside or above it: a
    /// letter's date line. Only when there is exactly one.
    fn lone_header_date(&self) -> Option<Evidence> {
        let first = self.layout.lines.first()?.page;
        let mut alone = Vec::new();
        for (l, line) in self.layout.lines.iter().enumerate().take(12) {
            if line.page != first {
                break;
            }
            for (c, cell) in line.cells.iter().enumerate() {
                let dates = locale::dates_in(&cell.text, self.conventions);
                let [date] = dates.as_slice() else { continue };
                let words = vocabulary::tokens(&cell.text);
                let labelled = self.read_of((l, c)).is_some_and(|r| !r.hits.is_empty());
                let left_label = c
                    .checked_sub(1)
                    .and_then(|c| self.read_of((l, c)))
                    .is_some_and(|r| !r.hits.is_empty() || r.number_label.is_some());
                if labelled || left_label || words.len() > 5 {
                    continue;
                }
                alone.push(
                    Evidence::candidate(
                        date.to_string(),
                        "alone",
                        self.page_name((l, c)),
                        "the one date standing alone in the header".into(),
                    )
                    .with(feature::ALONE_IN_HEADER),
                );
            }
        }
        match alone.as_slice() {
            [e] => Some(e.clone()),
            _ => None,
        }
    }

    fn grand_total(&self) -> Option<(Money, Evidence)> {
        struct Candidate {
            money: Money,
            kind: Term,
            line: usize,
            evidence: Evidence,
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        for (at, _, read) in self.cells() {
            let Some(pair) = self.pairs.get(at, Asks::Amount) else {
                continue;
            };
            let Some(kind) = pair.label.term else {
                continue;
            };
            let due_word_only = !read.hits.iter().any(|h| is_amount_term(h.term));
            let label = pair.printed.to_string();
            let item_column = self.structure.heads_a_table(at.0);
            for placed in &pair.values {
                // Under the header of a table of items, values are line amounts.
                if placed.place == "below" && item_column {
                    continue;
                }
                if placed.place != "cell"
                    && self
                        .read_of(placed.at)
                        .is_some_and(|r| r.hits.iter().any(|h| is_amount_term(h.term)))
                {
                    // Another label: a value of its own follows it, not ours.
                    if placed.place == "right" {
                        break;
                    }
                    continue;
                }
                let value = if placed.place == "right" {
                    // A table's total row: the money column's value, not the hours'.
                    is_total(kind)
                        .then(|| self.money_column(at))
                        .flatten()
                        .or_else(|| self.rightmost_amount(at))
                } else {
                    last_amount(placed.text)
                };
                let Some(money) = value else { continue };
                if due_word_only && money.currency.is_none() && !locale::has_cents(placed.text) {
                    continue;
                }
                let (label_feature, reason) = match kind {
                    Term::GrossTotal => {
                        (Some(feature::GROSS_TOTAL), "labelled as the total with tax")
                    }
                    Term::AmountDue => (Some(feature::AMOUNT_DUE), "labelled as the amount due"),
                    Term::PlainTotal => (Some(feature::PLAIN_TOTAL), "labelled as a total"),
                    Term::NetTotal => (None, "a total without tax"),
                    Term::TaxTotal => (None, "a tax amount"),
                    Term::Paid => (None, "an amount paid"),
                    _ => (None, "another amount"),
                };
                let mut evidence = Evidence::candidate(
                    crate::domain::money(money.amount),
                    placed.place,
                    self.page_name(placed.at),
                    reason.into(),
                )
                .labelled(Some(label.clone()))
                .with(placed.feature);
                if let Some(label_feature) = label_feature {
                    evidence = evidence.with(label_feature);
                }
                candidates.push(Candidate {
                    money,
                    kind,
                    line: at.0,
                    evidence,
                });
                break;
            }
        }
        let of = |kind: Term| -> Vec<Decimal> {
            candidates
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.money.amount)
                .collect()
        };
        let (nets, taxes, paid, due) = (
            of(Term::NetTotal),
            of(Term::TaxTotal),
            of(Term::Paid),
            of(Term::AmountDue),
        );
        let totals: Vec<(Decimal, usize)> = candidates
            .iter()
            .filter(|c| is_total(c.kind))
            .map(|c| (c.money.amount, c.line))
            .collect();
        let lines = self.layout.lines.len().max(1);
        let mut money = Vec::new();
        let mut found = Vec::new();
        for candidate in candidates.into_iter().filter(|c| is_total(c.kind)) {
            let v = candidate.money.amount;
            let mut e = candidate.evidence;
            if nets
                .iter()
                .any(|n| taxes.iter().any(|t| *n + *t == v && !t.is_zero()))
            {
                e.credit(feature::NET_PLUS_TAX, "net + tax = this total".into());
            }
            if due
                .iter()
                .any(|d| paid.iter().any(|p| !p.is_zero() && *d + p.abs() == v))
            {
                e.credit(
                    feature::DUE_PLUS_PAID,
                    "amount due + amount paid = this total".into(),
                );
            }
            if totals
                .iter()
                .any(|(t, line)| *t == v && *line != candidate.line)
            {
                e.credit(
                    feature::REPEATED,
                    "printed as a total more than once".into(),
                );
            }
            // Subtotals add up to the grand total: a CSR's sections, an invoice's groups, the
            // run of them just above it or, on a summary printed first, just below it.
            let run = |above: bool| -> Vec<Decimal> {
                let mut run: Vec<Decimal> = totals
                    .iter()
                    .filter(|(_, line)| {
                        *line != candidate.line && (*line < candidate.line) == above
                    })
                    .filter(|(t, _)| *t != v && !t.is_zero())
                    .map(|(t, _)| *t)
                    .collect();
                if above {
                    run.reverse();
                }
                run
            };
            // Two or more of the nearest add up to it.
            let adds_up = |run: Vec<Decimal>| {
                run.iter()
                    .scan(Decimal::ZERO, |sum, t| {
                        *sum += *t;
                        Some(*sum)
                    })
                    .skip(1)
                    .any(|sum| sum == v)
            };
            if adds_up(run(true)) || adds_up(run(false)) {
                e.credit(
                    feature::SUM_OF_TOTALS,
                    "the other totals beside it add up to it".into(),
                );
            }
            // Totals close a document: later counts a little, and breaks ties.
            e.features
                .insert(feature::LATE.into(), candidate.line as f64 / lines as f64);
            money.push(candidate.money);
            found.push(e);
        }
        // The last of the best.
        let (best, evidence) = self.decide(Field::Amount, found, Prefer::Last)?;
        Some((money.get(best)?.clone(), evidence))
    }

    /// Whether the document is titled a credit note (`Avoir N°`, `Gutschrift`, `Credit note`)
    /// in the header of its first page.
    fn is_credit_note(&self) -> bool {
        let Some(first) = self.layout.lines.first().map(|l| l.page) else {
            return false;
        };
        self.cells()
            .take_while(|((l, _), _, _)| {
                *l < 15
                    && self
                        .layout
                        .lines
                        .get(*l)
                        .is_some_and(|line| line.page == first)
            })
            .any(|(_, _, read)| {
                read.words.len() <= 5
                    && vocabulary::CREDIT_TITLES
                        .iter()
                        .any(|t| vocabulary::phrase_at(&read.words, 0, t).is_some())
            })
    }

    /// On the total row of a table, the value under the table's money column: `Total | 51,5 |
    /// 4327,50` under `Role | Hours | Amount` is the amount, whatever order the columns stand
    /// in. Only a row holding several numbers asks which is the money: `None` when the row
    /// holds one, when it is in no table's body, when none of the table's columns holds money,
    /// or when nothing on the row stands under that column.
    fn money_column(&self, (l, c): At) -> Option<Money> {
        let line = self.layout.lines.get(l)?;
        let numbers = line
            .cells
            .iter()
            .skip(c + 1)
            .filter(|cell| last_amount(&cell.text).is_some())
            .count();
        if numbers < 2 {
            return None;
        }
        let table = self.structure.table_over(l, line.page)?;
        let (_, under) = most_under(
            &table.money_column()?.header,
            line.cells.iter().enumerate().skip(c + 1),
        )?;
        last_amount(&under.text)
    }

    /// The last amount on a label's line, after it.
    fn rightmost_amount(&self, (l, c): At) -> Option<Money> {
        let line = self.layout.lines.get(l)?;
        let mut found = None;
        for (i, cell) in line.cells.iter().enumerate().skip(c + 1) {
            if self
                .read_of((l, i))
                .is_some_and(|r| r.hits.iter().any(|h| is_amount_term(h.term)))
            {
                break;
            }
            if let Some(money) = last_amount(&cell.text) {
                found = Some(money);
            }
        }
        found
    }

    fn labelled_currency(&self) -> Option<Evidence> {
        for pair in self.pairs.asking(Asks::Currency) {
            for placed in &pair.values {
                let code = placed
                    .text
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .find_map(locale::iso_code);
                if let Some(code) = code {
                    return Some(
                        Evidence::candidate(
                            code,
                            placed.place,
                            self.page_name(placed.at),
                            "labelled as the currency".into(),
                        )
                        .labelled(Some(pair.printed.to_string()))
                        .with(feature::CURRENCY_LABEL),
                    );
                }
            }
        }
        None
    }
}

/// Whether all that follows word `end - 1` of a cell is a case ending glued to it by a hyphen,
/// a colon or an apostrophe: `PDV-om`, `VAT-u`, `ALV:n`, `ÁFA-val`.
fn case_ending(cell: &Cell, read: &Read, end: usize) -> bool {
    let Some(last) = end.checked_sub(1).and_then(|w| read.words.get(w)) else {
        return false;
    };
    let rest = cell.text.get(last.end..).unwrap_or("").trim_end();
    let mut chars = rest.chars();
    matches!(chars.next(), Some('-' | ':' | '\'' | '’'))
        && (1..=3).contains(&chars.clone().count())
        && chars.all(char::is_alphabetic)
}

/// Works out a cell's words and labels: the longest phrase wins at each word.
fn read_cell(text: &str) -> Read {
    let words = vocabulary::tokens(text);
    let mut hits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // `Beleg-Datum` is `Belegdatum`, `Vertrags-Datum` a `Vertragsdatum`: a hyphen joins
        // the words of a compound, which names what the whole compound names.
        if let (Some(word), Some(next)) = (words.get(i), words.get(i + 1))
            && text.get(word.end..next.start) == Some("-")
        {
            let compound = [Token {
                text: format!("{}{}", word.text, next.text),
                start: word.start,
                end: next.end,
            }];
            if let Some((1, term)) = vocabulary::longest_label_at(&compound, 0) {
                hits.push(Hit {
                    term,
                    first: i,
                    last: i + 2,
                });
                i += 2;
                continue;
            }
        }
        match vocabulary::longest_label_at(&words, i) {
            Some((n, term)) => {
                hits.push(Hit {
                    term,
                    first: i,
                    last: i + n,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    // `Due Date`, `Date d'échéance`: a qualifier and the noun it qualifies are one label,
    // which names what the qualifier says.
    let mut merged: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        match merged.last_mut() {
            Some(prev)
                if prev.last == hit.first && is_date_term(prev.term) && is_date_term(hit.term) =>
            {
                prev.last = hit.last;
                prev.term = [Term::OtherDate, Term::IssueDate, Term::PlainDate]
                    .into_iter()
                    .find(|t| *t == prev.term || *t == hit.term)
                    .unwrap_or(prev.term);
            }
            _ => merged.push(hit),
        }
    }
    // A compound names what its head names: `Bruttopreis` is a price, not a gross total.
    for hit in &mut merged {
        let Some(word) = words.get(hit.first).filter(|_| hit.last == hit.first + 1) else {
            continue;
        };
        if is_amount_term(hit.term) && vocabulary::is_priced_compound(&word.text) {
            hit.term = Term::OtherAmount;
        }
    }
    // `Total leads 306`, `Total hours`: a total of something that is not money.
    for hit in &mut merged {
        let counted = words.get(hit.last).is_some_and(|next| {
            hit.term == Term::PlainTotal
                && next.text.len() >= 3
                && next.text.chars().all(char::is_alphabetic)
                && locale::iso_code(&next.text.to_uppercase()).is_none()
                && !vocabulary::MONEY_QUALIFIERS.contains(&next.text.as_str())
                && !vocabulary::is_label_word(&next.text)
        });
        if counted {
            hit.term = Term::OtherAmount;
        }
    }
    // `le`, `den` are articles unless a date follows them.
    let markers = merged.iter().any(|h| {
        words
            .get(h.first)
            .is_some_and(|w| vocabulary::DATE_MARKERS.contains(&w.text.as_str()))
    });
    let dates = if markers {
        date_spans(text, Conventions::default())
    } else {
        Vec::new()
    };
    merged.retain(|hit| {
        let marker = hit.last == hit.first + 1
            && words
                .get(hit.first)
                .is_some_and(|w| vocabulary::DATE_MARKERS.contains(&w.text.as_str()));
        !marker
            || words
                .get(hit.last)
                .is_some_and(|next| dates.iter().any(|(start, _)| *start == next.start))
    });
    let hits = merged;
    let number_label = number_label(text, &words);
    let address = parties::is_address(text, &words);
    Read {
        words,
        hits,
        number_label,
        address,
    }
}

/// Where an invoice-number label ends in a cell's words, and its strength: a number mark
/// after a word naming the invoice (`Rechnung Nr.`, `Invoice #`, `Facture N°`, `Handelsrechnung
/// (380) Nr.`), a mark before one (`N° de facture`, `Numéro facture`), a compound
/// (`Rechnungsnummer`); weaker, a bare title followed by its value (`INVOICE INV-001`), a cell
/// that is only a title (`INVOICE`, its number beside or under it), and weakest a number mark
/// that opens its cell with nothing to say what it numbers (`No. 4471`, `#1043`).
///
/// A title glued to digits is part of the number, not its label: `INV-2025-001`,
/// `INV/2023/01187`, `#INV-42`.
fn number_label(text: &str, words: &[Token]) -> Option<NumberLabel> {
    use vocabulary::{NUMBER_COMPOUNDS, NUMBER_MARKS, OTHER_SUBJECTS};
    let is_code = |w: &Token| w.text.chars().all(|c| c.is_ascii_digit());
    let glued = |i: usize| {
        let (Some(word), Some(next)) = (words.get(i), words.get(i + 1)) else {
            return false;
        };
        let between = text.get(word.end..next.start).unwrap_or(" ");
        !between.is_empty()
            && !between.chars().any(char::is_whitespace)
            && next.text.chars().any(|c| c.is_ascii_digit())
    };
    let is_title = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| vocabulary::is_title(&w.text) && !glued(i))
    };
    let label = |first: usize, end: usize, kind: LabelKind| NumberLabel { first, end, kind };
    for (i, word) in words.iter().enumerate() {
        if NUMBER_COMPOUNDS.contains(&word.text.as_str()) {
            return Some(label(i, i + 1, LabelKind::Named));
        }
        if NUMBER_MARKS.contains(&word.text.as_str()) {
            // What the mark numbers: the words before it, codes like `(380)` skipped.
            let before = words
                .get(..i)
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, w)| !is_code(w) && !vocabulary::LINKS.contains(&w.text.as_str()))
                .take(2);
            for (t, w) in before {
                if OTHER_SUBJECTS.contains(&w.text.as_str()) {
                    break;
                }
                if is_title(t) {
                    return Some(label(t, i + 1, LabelKind::Named));
                }
            }
            // `N° de facture`, `Numéro facture`, `Number of invoice`.
            let link = |k: usize| {
                words.get(k).is_some_and(|w| {
                    matches!(
                        w.text.as_str(),
                        "de" | "of" | "du" | "di" | "van" | "della" | "del" | "d"
                    )
                })
            };
            let mut j = i + 1;
            if link(j) {
                j += 1;
            }
            // A paper of no kind of its own (`bon`, `nota`, `document`) is what follows it:
            // `N° bon de commande` numbers an order, `Nº nota de entrega` a delivery.
            let qualified = words
                .get(j)
                .is_some_and(|w| vocabulary::GENERIC_TITLES.contains(&w.text.as_str()))
                && link(j + 1)
                && words
                    .get(j + 2)
                    .is_some_and(|w| OTHER_SUBJECTS.contains(&w.text.as_str()));
            if is_title(j) && !qualified {
                return Some(label(i, j + 1, LabelKind::Named));
            }
        }
    }
    let first = words.first()?;
    // A cell of titles only: `INVOICE`, `TAX INVOICE`, `Faktura VAT`.
    let titles = words
        .iter()
        .enumerate()
        .all(|(i, w)| is_title(i) || matches!(w.text.as_str(), "tax" | "vat" | "commercial"));
    if titles && words.iter().enumerate().any(|(i, _)| is_title(i)) {
        return Some(label(0, words.len(), LabelKind::TitleAlone));
    }
    // A bare title right before a value with a digit.
    let numbered = |i: usize| {
        glued(i)
            || words
                .get(i)
                .is_some_and(|n| n.text.chars().any(|c| c.is_ascii_digit()))
    };
    if is_title(0) && numbered(1) {
        return Some(label(0, 1, LabelKind::Title));
    }
    // A mark opening its cell, the number right after it.
    let opens = NUMBER_MARKS.contains(&first.text.as_str()) && numbered(1);
    opens.then_some(label(0, 1, LabelKind::MarkAlone))
}

/// Whether a cell's whole text is one identifier (after a leading `#` or `No.`): a title's
/// neighbour is its number only when it holds nothing else.
fn whole_identifier(text: &str) -> bool {
    let words = vocabulary::tokens(text);
    let start = match words.first() {
        Some(mark) if vocabulary::NUMBER_MARKS.contains(&mark.text.as_str()) => mark.end,
        _ => 0,
    };
    let text = text
        .get(start..)
        .unwrap_or("")
        .trim_start_matches(['#', ':', '°', 'º', '.', ' '])
        .trim_end_matches(['.', ',']);
    identifier(text).is_some_and(|id| id.len() == text.len())
}

/// A value that opens with the label of another identifier: `EIN 13-5550192`, `VAT GB123...`.
fn names_another_number(text: &str) -> bool {
    // A word of its own (`Order 4711`), not the letters a code opens with (`LV-2024-3780`).
    vocabulary::tokens(text).first().is_some_and(|w| {
        vocabulary::OTHER_SUBJECTS.contains(&w.text.as_str())
            && !text
                .get(w.end..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| c == '-' || c.is_ascii_digit())
    })
}

/// A cell that is itself a label with no value of its own: not a value for another label.
fn labels_a_value(read: &Read) -> bool {
    read.number_label
        .is_some_and(|label| label.end == read.words.len())
}

fn is_date_term(term: Term) -> bool {
    matches!(term, Term::IssueDate | Term::PlainDate | Term::OtherDate)
}

fn is_amount_term(term: Term) -> bool {
    matches!(
        term,
        Term::GrossTotal
            | Term::AmountDue
            | Term::PlainTotal
            | Term::NetTotal
            | Term::TaxTotal
            | Term::Paid
            | Term::OtherAmount
    )
}

fn is_total(term: Term) -> bool {
    matches!(term, Term::GrossTotal | Term::AmountDue | Term::PlainTotal)
}

/// What the amount labels of a cell name together: a qualifier beats the noun it qualifies
/// (`Total HT` is net, `Gesamtbetrag der Abschläge` a discount, `Total incl. VAT` gross).
fn amount_kind(read: &Read) -> Option<Term> {
    let has = |term: Term| read.hits.iter().any(|h| h.term == term);
    if !read.hits.iter().any(|h| is_amount_term(h.term)) {
        // `Due payable: 571.04 €`: what is due is a date or a sum; the value tells.
        let due = read.hits.iter().any(|h| {
            h.term == Term::OtherDate
                && read
                    .words
                    .get(h.first)
                    .is_some_and(|w| vocabulary::DUE_WORDS.contains(&w.text.as_str()))
        });
        return due.then_some(Term::AmountDue);
    }
    let label_of_a_date = read
        .hits
        .iter()
        .any(|h| matches!(h.term, Term::IssueDate | Term::OtherDate));
    Some(if has(Term::OtherAmount) {
        Term::OtherAmount
    } else if has(Term::Paid) {
        Term::Paid
    } else if has(Term::NetTotal) {
        Term::NetTotal
    } else if has(Term::GrossTotal) {
        Term::GrossTotal
    } else if has(Term::TaxTotal) {
        Term::TaxTotal
    } else if has(Term::AmountDue) {
        if label_of_a_date {
            return None;
        }
        Term::AmountDue
    } else {
        if label_of_a_date {
            return None;
        }
        Term::PlainTotal
    })
}

/// The label's words as printed.
fn label_text<'t>(cell: &'t Cell, read: &Read, first: usize, last: usize) -> &'t str {
    let start = read.words.get(first).map_or(0, |w| w.start);
    let end = read
        .words
        .get(last.saturating_sub(1))
        .map_or(cell.text.len(), |w| w.end);
    cell.text.get(start..end).unwrap_or(&cell.text)
}

fn overlap(a: &Cell, b: &Cell) -> f32 {
    (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0)
}

/// Of `cells` (with their indices on their line), the one standing most under `anchor`: the
/// one overlapping it most, the last of equals.
fn most_under<'c>(
    anchor: &Cell,
    cells: impl Iterator<Item = (usize, &'c Cell)>,
) -> Option<(usize, &'c Cell)> {
    cells
        .map(|(i, cell)| (overlap(anchor, cell), i, cell))
        .filter(|(o, _, _)| *o > 0.0)
        .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(_, i, cell)| (i, cell))
}

/// The last amount of a text that is not a percentage.
fn last_amount(text: &str) -> Option<Money> {
    locale::amounts_in(text)
        .into_iter()
        .rfind(|m| !text.contains('%') || m.currency.is_some())
}

/// Dates in a text with the byte offset each starts at.
fn date_spans(text: &str, conventions: Conventions) -> Vec<(usize, NaiveDate)> {
    locale::dated_spans(text, conventions)
}

/// An invoice number as laid out: the leading words of a value that read as an identifier.
/// It may hold spaces, slashes and dots (`RE 2024-0042`, `2024/INV/00317`,
/// `01.234.567.8-2018-1`), but is not a date, an amount with decimals, or a sentence.
pub(crate) fn identifier(text: &str) -> Option<String> {
    identifier_shaped(text, false)
}

/// `identifier`, also when it is shaped like a date: right after a number label in its own
/// cell (`Invoice #2015-11-04`), a date-shaped value is the number, not a date.
fn identifier_shaped(text: &str, dates: bool) -> Option<String> {
    let words: Vec<&str> = text
        .trim()
        .trim_start_matches(['#', ':', '°', 'º', '.', '-'])
        .split_whitespace()
        .collect();
    let mut taken: Vec<&str> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_end_matches([',', ';', ':']);
        let word = if i == 0 {
            word.trim_start_matches(['#', ':'])
        } else {
            word
        };
        let digit = word.chars().any(|c| c.is_ascii_digit());
        let shape = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || "-/_.".contains(c));
        let prefix = word.chars().all(|c| c.is_ascii_uppercase()) && word.len() <= 4;
        let next_has_digit = words
            .get(i + 1)
            .is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()));
        if shape && (digit || (prefix && next_has_digit && taken.is_empty())) && taken.len() < 3 {
            taken.push(word);
            if word.len() != words.get(i).map_or(0, |w| w.len()) {
                break;
            }
        } else {
            break;
        }
    }
    let value = taken.join(" ");
    let value = value.trim_end_matches('.');
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let is_date =
        !dates && !locale::dates_in(value, Conventions::default()).is_empty() && value.len() <= 10;
    // An amount never opens with a zero before another digit: `000.000.002` is a number.
    let zero_padded =
        value.starts_with('0') && value.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
    let is_amount = !zero_padded
        && value.contains([',', '.'])
        && !value.contains(['-', '/'])
        && locale::parse_number(value).is_some()
        && !value.chars().any(|c| c.is_alphabetic());
    (has_digit && (2..=40).contains(&value.len()) && !is_date && !is_amount)
        .then(|| value.to_string())
}
