//! The page's structure, found once before any field is read: its tables and its labels with
//! their values.
//!
//! A table of items opens with a header row: three or more cells, one of which names a price,
//! a rate or a quantity (`Description | Qty | Unit price | Amount`, `Rolle | Stunden |
//! Betrag`). Its columns are the header's cells, each with what it holds; its body is the rows
//! under it, to the next table's header, the end of the page or `BODY_LINES` further down.
//! Fields then ask the structure instead of each working it out from its label: a value under
//! a table's header is a line amount, not the total its column names; on a total row that holds
//! several numbers (`Total | 51,5 | 4327,50`), the money is the one under the column that names
//! money, never the hours'. A sheet's rows and a PDF's lines are the same `Layout`, so a CSR
//! workbook and a printed invoice have their tables found alike.
//!
//! A label and its value are a key/value pair (`Pair`). Every label of every cell is named
//! once (`labels`: what it asks for, its words) and its values placed once (`Page::places`:
//! after it in its cell, to its right, below it, before it); each field then takes the pairs
//! that ask for it and weighs their values as its own evidence says.

use std::collections::BTreeMap;

use super::vocabulary::Term;
use super::{At, Hit, Placed, Read, amount_kind, is_amount_term, parties};
use crate::stage::extract::layout::{Cell, Layout};

/// How far below its header a table's rows may run. A total row closes its table within a
/// page's worth of lines; further down, a row of numbers belongs to something else.
const BODY_LINES: usize = 40;

/// What a table's column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holds {
    /// Money: a total, a net or gross amount, an amount due (`Amount`, `Betrag`, `Montant`,
    /// `Total`), and not a price per unit.
    Money,
    /// A price, a rate or a quantity: what a line's money is worked out from.
    Measure,
    /// Anything else: a description, a date, a reference.
    Other,
}

/// A column of a table: its header cell and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub header: Cell,
    pub holds: Holds,
}

/// A table of items: the line of its header and its columns, left to right.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub header: usize,
    pub page: u32,
    pub columns: Vec<Column>,
}

impl Table {
    /// The rightmost column that holds money: `Amount` after `Net amount`, `Total` after `Tax`.
    pub(crate) fn money_column(&self) -> Option<&Column> {
        self.columns.iter().rfind(|c| c.holds == Holds::Money)
    }
}

/// The tables of a page, in the order of their headers.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Structure {
    pub tables: Vec<Table>,
}

impl Structure {
    /// Finds the tables of `layout`, whose cells `read` has read.
    pub(crate) fn of(layout: &Layout, read: &[Vec<Read>]) -> Structure {
        let tables = layout
            .lines
            .iter()
            .zip(read)
            .enumerate()
            .filter(|(_, (_, reads))| heads_a_table(reads))
            .map(|(header, (line, reads))| Table {
                header,
                page: line.page,
                columns: line
                    .cells
                    .iter()
                    .zip(reads.iter())
                    .map(|(cell, read)| Column {
                        header: cell.clone(),
                        holds: holds(read),
                    })
                    .collect(),
            })
            .collect();
        Structure { tables }
    }

    /// Whether line `l` is a table's header.
    pub(crate) fn heads_a_table(&self, l: usize) -> bool {
        self.tables
            .binary_search_by(|table| table.header.cmp(&l))
            .is_ok()
    }

    /// The table whose body line `l` of page `page` is in: the nearest header above it on the
    /// same page, at most `BODY_LINES` up. A header is in the body of the table above it, as a
    /// total row may be followed at once by the next table's header.
    pub(crate) fn table_over(&self, l: usize, page: u32) -> Option<&Table> {
        let before = self.tables.partition_point(|table| table.header < l);
        let table = self.tables.get(before.checked_sub(1)?)?;
        (table.page == page && l - table.header <= BODY_LINES).then_some(table)
    }
}

/// What a label asks for: the field its value is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Asks {
    /// The invoice number: `Rechnung Nr.`, `N° de facture`, `#`, a title before its number.
    Number,
    /// The issue date, or a plain `Date`.
    Date,
    /// An amount: a total, net, tax, paid or due.
    Amount,
    /// The currency, named: `Devise`, `Währung`.
    Currency,
    /// A statement's partner: `Partner`, `Partenaire`.
    Partner,
}

/// A label in a cell: what it asks for, its words (end exclusive) and the term that names its
/// kind where the field weighs it (an issue date or a plain date; a gross, net or due amount).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Label {
    pub asks: Asks,
    pub first: usize,
    pub end: usize,
    pub term: Option<Term>,
}

/// A key/value pair: a label, as printed, and the places its value may stand, in the order
/// `Page::places` gives them.
pub(crate) struct Pair<'a> {
    pub label: Label,
    pub printed: &'a str,
    pub values: Vec<Placed<'a>>,
}

/// The page's pairs, by the cell of their label and what it asks.
#[derive(Default)]
pub(crate) struct Pairs<'a>(pub BTreeMap<(At, Asks), Pair<'a>>);

impl<'a> Pairs<'a> {
    /// The pair of the label in cell `at` that asks for `asks`.
    pub(crate) fn get(&self, at: At, asks: Asks) -> Option<&Pair<'a>> {
        self.0.get(&(at, asks))
    }

    /// The pairs that ask for `asks`, in the page's order.
    pub(crate) fn asking(&self, asks: Asks) -> impl Iterator<Item = &Pair<'a>> {
        self.0
            .iter()
            .filter(move |((_, a), _)| *a == asks)
            .map(|(_, pair)| pair)
    }
}

/// The labels of a cell, one at most for each field.
pub(crate) fn labels(read: &Read) -> Vec<Label> {
    let mut out = Vec::new();
    if let Some(number) = read.number_label {
        out.push(Label {
            asks: Asks::Number,
            first: number.first,
            end: number.end,
            term: None,
        });
    }
    let first_hit = |terms: &[Term]| read.hits.iter().find(|h| terms.contains(&h.term));
    if let Some(hit) = first_hit(&[Term::IssueDate, Term::PlainDate]) {
        out.push(Label {
            asks: Asks::Date,
            first: hit.first,
            end: hit.last,
            term: Some(hit.term),
        });
    }
    if let Some(kind) = amount_kind(read) {
        // The words naming an amount, from the first to the last: `Total TTC à payer`. A cell
        // that names none is labelled by its due word alone (`Due payable: 571.04 €`).
        let due_word_only = !read.hits.iter().any(|h| is_amount_term(h.term));
        let counted = |h: &&Hit| is_amount_term(h.term) || due_word_only;
        if let Some(first) = read.hits.iter().find(counted) {
            let end = read
                .hits
                .iter()
                .filter(counted)
                .map(|h| h.last)
                .max()
                .unwrap_or(first.last);
            out.push(Label {
                asks: Asks::Amount,
                first: first.first,
                end,
                term: Some(kind),
            });
        }
    }
    if let Some(hit) = first_hit(&[Term::Currency]) {
        out.push(Label {
            asks: Asks::Currency,
            first: hit.first,
            end: hit.last,
            term: Some(hit.term),
        });
    }
    if let Some((_, n)) = parties::partner_label(read) {
        out.push(Label {
            asks: Asks::Partner,
            first: 0,
            end: n,
            term: None,
        });
    }
    out
}

/// A header of items: three cells or more, one naming a price, a rate or a quantity.
fn heads_a_table(reads: &[Read]) -> bool {
    reads.len() >= 3
        && reads
            .iter()
            .any(|r| r.hits.iter().any(|h| h.term == Term::OtherAmount))
}

fn holds(read: &Read) -> Holds {
    let names = |terms: &[Term]| read.hits.iter().any(|h| terms.contains(&h.term));
    if names(&[Term::OtherAmount]) {
        Holds::Measure
    } else if names(&[
        Term::PlainTotal,
        Term::GrossTotal,
        Term::NetTotal,
        Term::AmountDue,
    ]) {
        Holds::Money
    } else {
        Holds::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::extract::fields::Page;
    use crate::stage::extract::fields::tests::paged_layout;

    /// The structure the reader finds on these lines (cells 100 units apart), with the layout.
    fn structure(lines: &[(u32, &[&str])]) -> (Layout, Structure) {
        let layout = paged_layout(lines);
        let structure = Page::new(&layout, Default::default(), false).structure;
        (layout, structure)
    }

    #[test]
    fn a_header_of_items_opens_a_table_with_what_each_column_holds() {
        for header in [
            ["Rolle", "Stunden", "Stundensatz", "Betrag"],
            ["Rôle", "Heures", "Taux", "Montant"],
            ["Role", "Hours", "Rate", "Amount"],
        ] {
            let (layout, structure) = structure(&[
                (1, &["Statement of work"]),
                (1, &header),
                (1, &["Design", "10", "80,00", "800,00"]),
                (1, &["Total", "10", "", "800,00"]),
            ]);
            assert!(structure.heads_a_table(1), "{header:?}");
            assert!(!structure.heads_a_table(0) && !structure.heads_a_table(3));
            let table = structure
                .table_over(3, 1)
                .expect("the total row is in the table");
            let holds: Vec<Holds> = table.columns.iter().map(|c| c.holds).collect();
            assert_eq!(
                holds,
                [Holds::Other, Holds::Measure, Holds::Measure, Holds::Money],
                "{header:?}"
            );
            let total_row = &layout.lines[3].cells;
            let money = &table.money_column().unwrap().header;
            let under = super::super::most_under(money, total_row.iter().enumerate().skip(1));
            assert_eq!(under.map(|(_, c)| c.text.as_str()), Some("800,00"));
        }
    }

    #[test]
    fn a_table_ends_with_its_page_and_its_reach() {
        let mut lines: Vec<(u32, &[&str])> = vec![
            (1, &["Description", "Qty", "Unit price", "Amount"]),
            (1, &["Item", "1", "5.00", "5.00"]),
            (2, &["Total", "1", "5.00"]),
        ];
        let (_, split) = structure(&lines);
        assert!(split.table_over(1, 1).is_some());
        assert!(split.table_over(2, 2).is_none(), "not across a page");
        lines.truncate(2);
        lines.extend(std::iter::repeat_n(
            (1, &["a line of text"][..]),
            BODY_LINES,
        ));
        let (_, long) = structure(&lines);
        assert!(long.table_over(BODY_LINES, 1).is_some());
        assert!(
            long.table_over(BODY_LINES + 1, 1).is_none(),
            "nor too far down"
        );
    }

    #[test]
    fn each_label_is_paired_once_with_the_places_of_its_value() {
        let layout = paged_layout(&[
            (1, &["Invoice No.", "INV-42"]),
            (1, &["Date: 12/03/2024"]),
            (1, &["Partner", "Adatum GmbH"]),
            (1, &["Currency", "EUR"]),
            (1, &["Total"]),
            (1, &["1 250,00"]),
        ]);
        let page = Page::new(&layout, Default::default(), false);
        let first = |at: At, asks: Asks| {
            let pair = page.pairs.get(at, asks)?;
            let value = pair.values.first()?;
            Some((value.place, value.text, value.at))
        };
        for (at, asks, value) in [
            ((0, 0), Asks::Number, ("right", "INV-42", (0, 1))),
            ((1, 0), Asks::Date, ("cell", "12/03/2024", (1, 0))),
            ((2, 0), Asks::Partner, ("right", "Adatum GmbH", (2, 1))),
            ((3, 0), Asks::Currency, ("right", "EUR", (3, 1))),
            ((4, 0), Asks::Amount, ("below", "1 250,00", (5, 0))),
        ] {
            assert_eq!(first(at, asks), Some(value), "{asks:?}");
        }
        let total = page.pairs.get((4, 0), Asks::Amount).map(|p| p.label);
        assert_eq!(total.and_then(|l| l.term), Some(Term::PlainTotal));
        // A label asks for one field; a value names nothing and is no label.
        assert!(page.pairs.get((0, 0), Asks::Date).is_none());
        assert!(page.pairs.get((0, 1), Asks::Number).is_none());
        assert_eq!(page.pairs.0.len(), 5);
    }

    #[test]
    fn the_nearest_header_above_holds_a_line() {
        let (_, structure) = structure(&[
            (1, &["Description", "Qty", "Unit price", "Amount"]),
            (1, &["Item", "1", "5.00", "5.00"]),
            (1, &["Role", "Hours", "Rate", "Total"]),
            (1, &["Design", "2", "50.00", "100.00"]),
        ]);
        assert_eq!(structure.table_over(1, 1).map(|t| t.header), Some(0));
        // A header right under a total row is still in the table above it.
        assert_eq!(structure.table_over(2, 1).map(|t| t.header), Some(0));
        assert_eq!(structure.table_over(3, 1).map(|t| t.header), Some(2));
        assert_eq!(structure.table_over(0, 1), None);
    }
}
