//! The vendor, read by role rather than by position: who issues the document.
//!
//! An invoice says who issued it in several independent ways, and each is a candidate with its
//! own strength: a seller heading (`Verkäufer`, `Fournisseur`, `From`) with a name under it; a
//! letter's sender line above the window (`Bei Spiel GmbH ● Ecke 12 ● 12345 Stadthausen`); the
//! name standing above an address; failing all of these, the first name at the top of the
//! page. A statement of in-house work (CSR) names the partner that signs it. What is never a
//! vendor: anything in a bill-to block (under a buyer heading), and the partner's own names
//! from `[organisation] names` — those are the party an invoice is billed to.
//!
//! The page is segmented into party blocks once (`Parties`), by their headings, before any
//! candidate is looked for: every rule then reads the same blocks.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::super::layout::Cell;
use super::structure::Asks;
use super::vocabulary::{self, Term, Token};
use super::weights::Field;
use super::{At, Evidence, Known, Page, Prefer, Read, feature, overlap};

/// Labels naming the partner on a statement it signs.
const PARTNER: &[&str] = &[
    "partner",
    "partner name",
    "partner company",
    "name of partner",
    "partenaire",
    "nom du partenaire",
    "societe partenaire",
    "partnerunternehmen",
    "partnerfirma",
    "partnername",
    "partnerbedrijf",
    "socio",
    "empresa socia",
    "company",
    "company name",
    "firma",
    "unternehmen",
    "societe",
    "raison sociale",
    "bedrijf",
    "bedrijfsnaam",
    "empresa",
    "azienda",
    "ragione sociale",
    "parceiro",
    "empresa parceira",
    "nome do parceiro",
    "kumppani",
    "partnerforetag",
    "partnervirksomhed",
    "firma partnerska",
];

/// Labels of a party's name inside its block.
const NAME_LABELS: &[&str] = &[
    "name",
    "nom",
    "raison sociale",
    "firma",
    "firmenname",
    "naam",
    "bedrijfsnaam",
    "nombre",
    "razon social",
    "nome",
    "ragione sociale",
    "company",
    "company name",
];

/// Labels that are never a name.
const COMMON_LABELS: &[&str] = &[
    "program",
    "programme",
    "activity",
    "activity start",
    "activity end",
    "currency",
    "title",
    "signature",
    "date",
    "claim id",
    "role",
    "hours",
    "rate",
    "amount",
    "total",
    "description",
    "authorised signatory",
    "authorized signatory",
    "certified by",
    "in-house resources",
    "certification",
    "pre-approval / po",
    "programm",
    "aktivität",
    "devise",
    "activité",
    "page",
    "seite",
    "logo",
    "your logo",
    "votre logo",
    "ihr logo",
];

/// Document titles that are never a name.
const DOCUMENT_TITLES: &[&str] = &[
    "invoice",
    "tax invoice",
    "facture",
    "rechnung",
    "quote",
    "devis",
    "receipt",
    "statement",
    "certification statement and report",
    "csr",
    "factuur",
    "factura",
    "fattura",
    "credit note",
    "avoir",
    "gutschrift",
];

const LEGAL_FORMS: &[&str] = &[
    "ltd",
    "ltd.",
    "limited",
    "llc",
    "inc",
    "inc.",
    "corp",
    "corp.",
    "co.",
    "plc",
    "llp",
    "gmbh",
    "ag",
    "kg",
    "e.k.",
    "ug",
    "sarl",
    "sas",
    "sa",
    "s.a.",
    "eurl",
    "sasu",
    "dac",
    "bv",
    "b.v.",
    "nv",
    "n.v.",
    "oy",
    "ab",
    "gbr",
    "group",
    "& fils",
    "s.r.l.",
    "srl",
    "s.p.a.",
    "spa",
    "s.l.",
    "sl",
    "pvt",
    "pvt.",
    "kgaa",
    "ohg",
    "e.v.",
    "vof",
    "sprl",
    "bvba",
    "snc",
    "s.n.c.",
    "s.a.s.",
    "s.r.l.s.",
    "srls",
    "s.l.u.",
    "slu",
    "s.a.u.",
    "s.a. de c.v.",
    "sa de cv",
    "sca",
    "ltda",
    "ltda.",
    "lda",
    "lda.",
    "eireli",
    "s/a",
    "sp. z o.o.",
    "sp. j.",
    "s.a.",
    "s.r.o.",
    "s r.o.",
    "spol. s r.o.",
    "a.s.",
    "a/s",
    "aps",
    "as",
    "asa",
    "oyj",
    "ky",
    "hb",
    "kb",
    "i/s",
    "k/s",
    "kft",
    "kft.",
    "zrt",
    "zrt.",
    "nyrt",
    "d.o.o.",
    "d.d.",
    "s.c.",
    "sas",
    "gie",
];

/// The legal forms as folded words (`s.a.` is `sa`), worked out once.
static LEGAL_FORM_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    LEGAL_FORMS
        .iter()
        .filter(|f| !f.contains(' '))
        .map(|f| f.replace('.', ""))
        .collect()
});

/// Whether a folded word is a legal form.
fn is_legal_form_word(word: &str) -> bool {
    LEGAL_FORM_WORDS.contains(word)
}

/// Words of a street line in the six languages.
const STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "lane",
    "way",
    "drive",
    "place",
    "square",
    "rue",
    "avenue",
    "boulevard",
    "bd",
    "chemin",
    "allee",
    "impasse",
    "quai",
    "route",
    "place",
    "strasse",
    "str",
    "weg",
    "platz",
    "gasse",
    "allee",
    "ring",
    "damm",
    "ufer",
    "straat",
    "laan",
    "plein",
    "gracht",
    "kade",
    "dijk",
    "calle",
    "avenida",
    "plaza",
    "paseo",
    "carrer",
    "via",
    "viale",
    "piazza",
    "corso",
    "vicolo",
    "postfach",
    "bp",
    "cs",
    "po",
    "box",
];

/// A postcode before a town: `12345 Stadthausen`, `F-75008 Paris`, `1012 AB Amsterdam`.
static POSTCODE_TOWN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,])(?:[A-Z]{1,2}[- ])?\d{4,5}(?:\s?[A-Z]{2})?\s+\p{Lu}\p{L}").ok()
});

/// A UK or US postcode line: `London EC1A 1BB`, `Springfield, IL 62704`.
static ANGLO_POSTCODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]{2}\s\d{5}(?:-\d{4})?)\b").ok()
});

/// The vendor with its evidence, if any candidate is confident enough.
pub(crate) fn vendor(page: &Page, known: Known) -> Option<Evidence> {
    let parties = Parties::of(page);
    // A statement's partner label names the vendor: nothing else is looked for.
    let partners = partner(page, &parties, known);
    if !partners.is_empty() {
        return page
            .decide(Field::Vendor, partners, Prefer::First)
            .map(|(_, e)| e);
    }
    let mut candidates: Vec<Evidence> = Vec::new();
    candidates.extend(seller_heading(page, &parties));
    candidates.extend(sender_line(page));
    candidates.extend(above_address(page, &parties));
    candidates.extend(top_of_page(page, &parties));
    let domains = issuer_domains(page, &parties);
    let mut scored: Vec<Evidence> = Vec::new();
    for mut candidate in candidates
        .into_iter()
        .filter(|c| !known_name(known, &c.value))
    {
        // The issuer's own address on the web: `Sparksuite, Inc.` beside `sparksuite.com`.
        if let Some(domain) = domains.iter().find(|d| names_domain(&candidate.value, d)) {
            candidate.credit(
                feature::DOMAIN,
                format!("its name is the domain {domain} printed outside the bill-to block"),
            );
        }
        // The issuer's block gives its phone, mail, web, tax or bank details; a customer's
        // address block seldom does.
        if holds_contact_details(page, &parties, &candidate.value) {
            candidate.credit(
                feature::CONTACT_DETAILS,
                "its block gives contact, tax or bank details".into(),
            );
        }
        // A name printed again elsewhere (a footer with the bank details) is the issuer's.
        let again = page
            .cells()
            .filter(|(_, cell, _)| cell.text.contains(candidate.value.as_str()))
            .count();
        if again > 1 {
            candidate.credit(feature::NAMED_AGAIN, "named again on the page".into());
        }
        scored.push(candidate);
    }
    // The first of the best: the page's order.
    page.decide(Field::Vendor, scored, Prefer::First)
        .map(|(_, e)| e)
}

/// Headings of the parties EN 16931 names beside seller and buyer, which are never the issuer:
/// the seller's tax representative (BG-11) and a payee other than the seller (BG-10).
const OTHER_PARTIES: &[&str] = &[
    "tax representative",
    "seller tax representative",
    "fiscal representative",
    "representant fiscal",
    "steuervertreter",
    "steuerlicher vertreter",
    "fiscaal vertegenwoordiger",
    "representante fiscal",
    "rappresentante fiscale",
    "payee",
    "zahlungsempfanger",
    "abweichender zahlungsempfanger",
    "beneficiaire",
    "beneficiario",
];

/// A cell that is only the heading of another party's block.
fn other_party_heading(read: &Read) -> bool {
    OTHER_PARTIES
        .iter()
        .any(|p| vocabulary::phrase_at(&read.words, 0, p) == Some(read.words.len()))
}

/// Mail providers: an address there says nothing of whose it is.
const MAIL_PROVIDERS: &[&str] = &[
    "gmail",
    "googlemail",
    "yahoo",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "icloud",
    "me",
    "aol",
    "gmx",
    "web",
    "orange",
    "free",
    "wanadoo",
    "laposte",
    "sfr",
    "libero",
    "proton",
    "protonmail",
    "mail",
    "t-online",
    "example",
    "yandex",
    "seznam",
    "wp",
    "onet",
    "o2",
];

/// An e-mail or web address: the host after `@`, `www.` or `://`.
static ADDRESS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)(?:@|\bwww\.|://)((?:[a-z0-9-]+\.)+[a-z]{2,})").ok());

/// The names of the domains printed outside bill-to blocks: `acme` of `billing@acme.co.uk`,
/// `www.acme.com`, `https://shop.acme.de`. Mail providers name nobody.
fn issuer_domains(page: &Page, parties: &Parties) -> Vec<String> {
    let Some(address) = ADDRESS.as_ref() else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for (at, cell, _) in page.cells() {
        // Most cells hold a dot (amounts, dates, abbreviations); an address has `@`, `www.` or
        // `://`, and only those cells are worth the pattern.
        let text = &cell.text;
        if parties.billed(at)
            || !(text.contains('@')
                || text.contains("www.")
                || text.contains("WWW.")
                || text.contains("://"))
        {
            continue;
        }
        for found in address.captures_iter(&cell.text) {
            let Some(host) = found.get(1).map(|m| m.as_str().to_lowercase()) else {
                continue;
            };
            let labels: Vec<&str> = host.split('.').collect();
            // `acme.co.uk`: the name stands before a second-level `co`, `com`, `org`...
            let name = match labels.as_slice() {
                [.., name, second, top]
                    if top.len() == 2
                        && matches!(*second, "co" | "com" | "org" | "net" | "ac" | "gov") =>
                {
                    *name
                }
                [.., name, _] => *name,
                _ => continue,
            };
            if name.len() >= 3 && !MAIL_PROVIDERS.contains(&name) && !out.iter().any(|d| d == name)
            {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// Whether a name is the one a domain spells: `Sparksuite, Inc.` and `sparksuite`, `Harbor
/// Lane Media` and `harborlane`, `LDM Litware Digital` and `litware`.
fn names_domain(name: &str, domain: &str) -> bool {
    let words: Vec<String> = vocabulary::tokens(name)
        .into_iter()
        .map(|t| t.text)
        .filter(|w| !is_legal_form_word(w))
        .collect();
    let joined: String = words.concat();
    let domain: String = domain.chars().filter(|c| c.is_alphanumeric()).collect();
    if domain.len() < 3 || joined.len() < 3 {
        return false;
    }
    joined.starts_with(&domain)
        || domain.starts_with(&joined)
        || words
            .iter()
            .any(|w| w.len() >= 4 && domain.starts_with(w.as_str()))
}

/// A statement's partner: `Partner: Adatum GmbH`, `Partenaire | Cloudéo SARL`.
fn partner(page: &Page, parties: &Parties, known: Known) -> Vec<Evidence> {
    let mut found: Vec<Evidence> = Vec::new();
    for (at, cell, read) in page.cells() {
        if parties.billed(at) {
            continue;
        }
        let (Some((label, n)), Some(pair)) =
            (partner_label(read), page.pairs.get(at, Asks::Partner))
        else {
            continue;
        };
        let rest = page.after_word(cell, read, n);
        // `Partner (legal name)`: a label with a note, its value elsewhere.
        let rest = if rest.starts_with('(') && rest.ends_with(')') {
            ""
        } else {
            rest
        };
        let marked = cell
            .text
            .get(..read.words.get(n - 1).map_or(0, |w| w.end) + 1)
            .is_some_and(|s| s.ends_with(':'));
        if !rest.is_empty() && !marked {
            // Not a label: a sentence or a name that starts with such a word.
            continue;
        }
        // A column of a table (`# | Name | Company | Job title`) names many parties, none the
        // statement's.
        if page
            .layout
            .lines
            .get(at.0)
            .is_some_and(|line| line.cells.len() >= 4)
        {
            continue;
        }
        let strong = !matches!(
            label,
            "company"
                | "company name"
                | "firma"
                | "unternehmen"
                | "societe"
                | "bedrijf"
                | "empresa"
        );
        for placed in &pair.values {
            let Some(read) = page.read_of(placed.at) else {
                continue;
            };
            let text = placed.text.trim();
            if placed.at != at && !is_name(text, read)
                || placed.at == at && !looks_like_a_name(text)
            {
                continue;
            }
            // The company on a statement is the partner itself; a "company" field on an
            // invoice that is one of the partner's own names is its bill-to party.
            if !strong && known_name(known, text) {
                continue;
            }
            found.push(
                Evidence::candidate(
                    text.to_string(),
                    placed.place,
                    page.page_name(at),
                    "named by the partner label of a statement".into(),
                )
                .labelled(Some(pair.printed.to_string()))
                .with(feature::PARTNER_LABEL)
                .with(placed.feature)
                .with_if(feature::LEGAL_FORM, has_legal_form(text)),
            );
        }
    }
    found
}

/// The partner label opening a cell, and how many words it is: the longest that matches.
pub(super) fn partner_label(read: &Read) -> Option<(&'static str, usize)> {
    PARTNER
        .iter()
        .filter_map(|p| vocabulary::phrase_at(&read.words, 0, p).map(|n| (*p, n)))
        .max_by_key(|(_, n)| *n)
}

/// A seller heading and the name under it, or after it in the same cell.
fn seller_heading(page: &Page, parties: &Parties) -> Vec<Evidence> {
    let mut out = Vec::new();
    for block in parties.sellers() {
        let at = block.heading;
        let (Some(cell), Some(read)) = (page.cell(at), page.read_of(at)) else {
            continue;
        };
        let rest = page.after_word(cell, read, block.label_end);
        let label = super::label_text(cell, read, 0, block.label_end).to_string();
        let evidence = |value: &str, place: &str, placed: &str| {
            Evidence::candidate(
                value.to_string(),
                place,
                page.page_name(at),
                "under the seller's heading".into(),
            )
            .labelled(Some(label.clone()))
            .with(feature::SELLER_HEADING)
            .with(placed)
            .with_if(feature::LEGAL_FORM, has_legal_form(value))
        };
        if !rest.is_empty() {
            if looks_like_a_name(rest) {
                out.push(evidence(rest, "cell", feature::CELL));
            }
            continue;
        }
        if let Some(right) = page.cell((at.0, at.1 + 1))
            && let Some(read) = page.read_of((at.0, at.1 + 1))
            && is_name(&right.text, read)
            && !parties.billed((at.0, at.1 + 1))
        {
            out.push(evidence(&right.text, "right", feature::RIGHT));
        }
        for &below in &block.cells {
            let (Some(cell), Some(read)) = (page.cell(below), page.read_of(below)) else {
                break;
            };
            // `Name: Lieferant GmbH` under the heading, in one cell or two.
            let named = NAME_LABELS
                .iter()
                .find_map(|l| vocabulary::phrase_at(&read.words, 0, l))
                .filter(|n| *n == read.words.len() || short_label(cell, &read.words, *n));
            if let Some(n) = named {
                let value = match page.after_word(cell, read, n) {
                    "" => wrapped_value(page, (below.0, below.1 + 1)),
                    rest => rest.to_string(),
                };
                if looks_like_a_name(&value) {
                    out.push(evidence(&value, "below", feature::BELOW));
                    break;
                }
                continue;
            }
            if is_name(&cell.text, read) {
                out.push(evidence(&cell.text, "below", feature::BELOW));
                break;
            }
        }
    }
    out
}

/// A value beside its label, with the lines it wrapped onto: a line above or below holding
/// only a cell in the value's column, nearer to this label's line than to the next labelled
/// one (`MVM Musterhafter` / `Name:  Versicherungsverein Musterstadt a.G.`).
fn wrapped_value(page: &Page, at: At) -> String {
    let lines = &page.layout.lines;
    let (Some(value), Some(here)) = (page.cell(at), lines.get(at.0)) else {
        return String::new();
    };
    let orphan = |n: usize| -> Option<&Cell> {
        let line = lines.get(n)?;
        let [only] = line.cells.as_slice() else {
            return None;
        };
        let fits = line.page == here.page
            && overlap(only, value) > 0.0
            && only.x0 >= value.x0 - 5.0
            && looks_like_a_name(&only.text);
        fits.then_some(only)
    };
    let labelled = |n: usize| {
        lines
            .get(n)
            .is_some_and(|l| l.page == here.page && l.cells.iter().any(|c| c.x1 < value.x0))
    };
    let nearer = |n: usize, beyond: Option<usize>| {
        let (Some(line), size) = (lines.get(n), value.size.max(1.0)) else {
            return false;
        };
        let to_label = (line.y - here.y).abs();
        match beyond.filter(|b| labelled(*b)).and_then(|b| lines.get(b)) {
            Some(next) => to_label < (line.y - next.y).abs(),
            None => to_label <= 1.6 * size,
        }
    };
    let mut text = value.text.clone();
    if let Some(above) = at.0.checked_sub(1)
        && !labelled(above)
        && let Some(cell) = orphan(above)
        && nearer(above, above.checked_sub(1))
    {
        text = format!("{} {text}", cell.text);
    }
    if !labelled(at.0 + 1)
        && let Some(cell) = orphan(at.0 + 1)
        && nearer(at.0 + 1, Some(at.0 + 2))
    {
        text = format!("{text} {}", cell.text);
    }
    text
}

/// A letter's sender line: the issuer, its street and its town on one small line.
fn sender_line(page: &Page) -> Vec<Evidence> {
    let mut out = Vec::new();
    let last_line = page.layout.lines.len();
    for (at, cell, _) in page.cells() {
        // The sender line stands in the header; the same line with the issuer's registration
        // stands at the foot of a page (`Acme GmbH · HRB 1234 · USt-IdNr. DE...`).
        let head = at.0 <= 25;
        let foot = at.0 + 8 >= last_line || page_foot(page, at);
        if !head && !foot {
            continue;
        }
        let parts: Vec<&str> = cell
            .text
            .split(['●', '•', '·', '|', '∙', '–', '◦', '■', '▪'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let (Some(first), true) = (parts.first(), parts.len() >= 2) else {
            continue;
        };
        let address = parts
            .iter()
            .skip(1)
            .any(|p| is_town_line(p) || is_street_line(p));
        let identity = parts.iter().skip(1).any(|p| names_an_identity(p));
        if !(head && address || foot && (address || identity)) {
            continue;
        }
        if looks_like_a_name(first) && !is_street_line(first) && !names_an_identity(first) {
            let (place, source, reason) = if head {
                (
                    "sender line",
                    feature::SENDER_LINE,
                    "first on a sender line with an address",
                )
            } else {
                (
                    "footer",
                    feature::FOOTER,
                    "first on the legal footer, with the issuer's address or registration",
                )
            };
            out.push(
                Evidence::candidate(first.to_string(), place, page.page_name(at), reason.into())
                    .with(source)
                    .with_if(feature::LEGAL_FORM, has_legal_form(first)),
            );
        }
    }
    out
}

/// Words that open a line of contact details.
const CONTACT_WORDS: &[&str] = &[
    "tel",
    "telephone",
    "phone",
    "fon",
    "telefon",
    "telefone",
    "telefono",
    "fax",
    "email",
    "mail",
    "web",
    "www",
    "iban",
    "bic",
    "swift",
    "mobile",
    "mob",
    "gsm",
    "tlf",
    "puh",
    "puhelin",
];

/// Whether the first cell holding `name` (outside bill-to blocks) has, in its column on the
/// next lines, a line of contact, tax or bank details.
fn holds_contact_details(page: &Page, parties: &Parties, name: &str) -> bool {
    let Some((at, _, _)) = page
        .cells()
        .find(|(at, cell, _)| cell.text == name && !parties.billed(*at))
    else {
        return false;
    };
    column_below(page, at, 7).into_iter().any(|below| {
        if parties.heads_billed(below) {
            return false;
        }
        let (Some(cell), Some(read)) = (page.cell(below), page.read_of(below)) else {
            return false;
        };
        cell.text.contains('@')
            || read
                .words
                .first()
                .is_some_and(|w| CONTACT_WORDS.contains(&w.text.as_str()))
            || names_an_identity(&cell.text)
    })
}

/// Whether a cell stands in the last lines of its page.
fn page_foot(page: &Page, (l, _): At) -> bool {
    let lines = &page.layout.lines;
    let Some(here) = lines.get(l) else {
        return false;
    };
    lines
        .iter()
        .skip(l + 1)
        .take_while(|line| line.page == here.page)
        .count()
        < 6
}

/// Words that open the issuer's registration, tax or bank identity in a legal footer.
const IDENTITY_WORDS: &[&str] = &[
    "vat",
    "tva",
    "iva",
    "btw",
    "mwst",
    "ust",
    "ustid",
    "ustidnr",
    "uid",
    "nip",
    "regon",
    "krs",
    "cif",
    "nif",
    "nipc",
    "cnpj",
    "siret",
    "siren",
    "rcs",
    "hrb",
    "hra",
    "amtsgericht",
    "kvk",
    "iban",
    "bic",
    "swift",
    "registered",
    "registration",
    "reg",
    "company",
    "orgnr",
    "org",
    "cvr",
    "ico",
    "dic",
    "ytunnus",
    "steuernummer",
    "stnr",
    "abn",
    "ein",
    "gst",
    "gstin",
];

/// A part of a footer that states an identity: `HRB 12345`, `USt-IdNr. DE123456789`, `IBAN
/// DE02...`, `Registered in England No. 1234567`.
fn names_an_identity(part: &str) -> bool {
    let words = vocabulary::tokens(part);
    words
        .iter()
        .take(2)
        .any(|w| IDENTITY_WORDS.contains(&w.text.as_str()))
        && part.bytes().any(|b| b.is_ascii_digit())
}

/// The name standing over an address (street, then postcode and town), outside a bill-to
/// block.
fn above_address(page: &Page, parties: &Parties) -> Vec<Evidence> {
    let mut out = Vec::new();
    for (at, cell, read) in page.cells() {
        if !read.address || parties.billed(at) {
            continue;
        }
        let town = is_town_line(&cell.text);
        for (step, above) in column_above(page, at, 3).into_iter().enumerate() {
            let (Some(over), Some(read)) = (page.cell(above), page.read_of(above)) else {
                break;
            };
            if read.address {
                continue;
            }
            // `Meir 10` over `2000 Antwerpen`: right over its town, a name and a house number
            // are the street, named without a street word.
            if step == 0 && town && read.hits.is_empty() && is_house_line(&over.text) {
                continue;
            }
            if parties.billed(above) || !is_name(&over.text, read) {
                break;
            }
            let value = with_legal_form(page, above);
            let legal = has_legal_form(&value);
            out.push(
                Evidence::candidate(
                    value,
                    "above address",
                    page.page_name(above),
                    "the name above an address, outside a bill-to block".into(),
                )
                .with(feature::ABOVE_ADDRESS)
                .with_if(feature::NEAR_TOP, above.0 < 10)
                .with_if(feature::LEGAL_FORM, legal),
            );
            break;
        }
    }
    out
}

/// The first names at the top of the first page, before any bill-to block.
fn top_of_page(page: &Page, parties: &Parties) -> Vec<Evidence> {
    let mut out = Vec::new();
    let Some(first_page) = page.layout.lines.first().map(|l| l.page) else {
        return out;
    };
    let stop = parties.first_billed_line.unwrap_or(usize::MAX).min(12);
    let lines = &page.layout.lines;
    for (l, line) in lines.iter().enumerate().take(stop) {
        if line.page != first_page {
            break;
        }
        for (c, cell) in line.cells.iter().enumerate() {
            let Some(read) = page.read_of((l, c)) else {
                continue;
            };
            if !is_name(&cell.text, read) {
                continue;
            }
            let value = with_legal_form(page, (l, c));
            let legal = has_legal_form(&value) && value.split_whitespace().count() > 1;
            let first = out.is_empty();
            out.push(
                Evidence::candidate(
                    value,
                    "top",
                    page.page_name((l, c)),
                    "a name at the top of the first page".into(),
                )
                .with(feature::TOP_OF_PAGE)
                .with_if(feature::FIRST_AT_TOP, first)
                .with_if(feature::LEGAL_FORM, legal),
            );
        }
    }
    out
}

/// Whether a cell holds nothing but a legal form (`Ltd`, `Inc.`, `GmbH & Co. KG`).
fn only_legal_form(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            let w = w.to_lowercase().replace(['.', ','], "");
            is_legal_form_word(&w) || w == "&" || w == "co"
        })
}

/// A name with its legal form where the page broke it off: onto the next line in the same
/// column (`Margie's Venues` / `Ltd`), or into the next cell after a comma (`Harbor Lane Media
/// Group,` | `Inc.`).
fn with_legal_form(page: &Page, (l, c): At) -> String {
    let Some(cell) = page.cell((l, c)) else {
        return String::new();
    };
    if cell.text.trim_end().ends_with(',')
        && let Some(next) = page.cell((l, c + 1))
        && next.x0 - cell.x1 < 6.0 * cell.size.max(1.0)
        && only_legal_form(&next.text)
    {
        return format!("{} {}", cell.text.trim_end(), next.text);
    }
    if has_legal_form(&cell.text) {
        return cell.text.clone();
    }
    let wrapped = page.layout.lines.get(l + 1).and_then(|line| {
        line.cells
            .iter()
            .find(|below| (below.x0 - cell.x0).abs() < 2.0 && only_legal_form(&below.text))
    });
    match wrapped {
        Some(rest) => format!("{} {}", cell.text, rest.text),
        None => cell.text.clone(),
    }
}

/// A party's role, as the heading of its block names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The buyer: `Bill to`, `Kunde:`, `Adresse du client`, `Destinatario`.
    Buyer,
    /// A party beside seller and buyer (`OTHER_PARTIES`), which is never the issuer either.
    Other,
    /// The seller: `From`, `Verkäufer`, `Fournisseur`.
    Seller,
}

/// A party block: its heading, where the heading's words end, and the cells under it in its
/// column, down to another party's heading or `BLOCK_LINES` lines. A heading with its value
/// after a colon (`From: Acme Ltd`) is a block of its own cell.
struct Block {
    role: Role,
    heading: At,
    label_end: usize,
    cells: Vec<At>,
}

/// How far a party block runs under its heading: a name, two address lines, contact details.
const BLOCK_LINES: usize = 10;

/// The page's party blocks, segmented once by their headings, and the cells of those that are
/// never the issuer's (the buyer's and other parties').
struct Parties {
    blocks: Vec<Block>,
    billed: HashSet<At>,
    billed_headings: HashSet<At>,
    first_billed_line: Option<usize>,
}

impl Parties {
    fn of(page: &Page) -> Parties {
        let mut blocks = Vec::new();
        for (at, cell, read) in page.cells() {
            // `Bill to`, `Kunde:`, `Adresse du client`: a short cell that names the buyer and
            // holds no value, or its value after a colon.
            let buyer = read.hits.iter().any(|h| {
                h.term == Term::Buyer
                    && (h.first == 0 || read.words.len() <= 4 && !has_legal_form(&cell.text))
                    && (h.last == read.words.len() || short_label(cell, &read.words, h.last))
            });
            // A cell that names both parties (`Seller / Buyer`) heads a block of each: which
            // one its column holds is not known.
            let billed = if other_party_heading(read) {
                Some(Role::Other)
            } else {
                buyer.then_some(Role::Buyer)
            };
            // A seller heading opens its cell; after it, a colon and the name, or nothing
            // (`Lieferant GmbH`, `SELLER TRADE NAME` are a name and a phrase).
            let seller = opening_seller(read).filter(|hit| {
                let rest = page.after_word(cell, read, hit.last);
                rest.is_empty() || short_label(cell, &read.words, hit.last)
            });
            let label_end = seller.map_or(0, |h| h.last);
            let seller = seller.map(|_| Role::Seller);
            for role in billed.into_iter().chain(seller) {
                blocks.push(Block {
                    role,
                    heading: at,
                    label_end,
                    cells: Vec::new(),
                });
            }
        }
        let billed_headings: HashSet<At> = blocks
            .iter()
            .filter(|b| b.role != Role::Seller)
            .map(|b| b.heading)
            .collect();
        for block in &mut blocks {
            block.cells = block_cells(page, block, &billed_headings);
        }
        let billed: HashSet<At> = blocks
            .iter()
            .filter(|b| b.role != Role::Seller)
            .flat_map(|b| std::iter::once(b.heading).chain(b.cells.iter().copied()))
            .collect();
        Parties {
            first_billed_line: billed_headings.iter().map(|(l, _)| *l).min(),
            blocks,
            billed,
            billed_headings,
        }
    }

    /// Whether a cell is in a bill-to block, or another party's that is not the issuer.
    fn billed(&self, at: At) -> bool {
        self.billed.contains(&at)
    }

    /// Whether a cell is the heading of a bill-to block, or of another party's.
    fn heads_billed(&self, at: At) -> bool {
        self.billed_headings.contains(&at)
    }

    fn sellers(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.role == Role::Seller)
    }
}

/// The seller word opening a cell: `Verkäufer`, `From`, `Fournisseur`.
fn opening_seller(read: &Read) -> Option<&super::Hit> {
    read.hits
        .iter()
        .find(|h| h.term == Term::Seller && h.first == 0)
}

/// The cells of a block under its heading. A seller's block ends at a bill-to heading; a
/// buyer's at a cell opening with a seller word; another party's (a seller's representative,
/// named with the seller's words) runs on. In a bill-to block, `Name:` | `Auftraggeber GmbH`:
/// a label's value beside it is in the block.
fn block_cells(page: &Page, block: &Block, billed_headings: &HashSet<At>) -> Vec<At> {
    let mut cells = Vec::new();
    let heading = block.heading;
    if block.role == Role::Seller {
        // `From: Acme Ltd`: the name is in the heading's cell, and the block is that cell.
        let after = match (page.cell(heading), page.read_of(heading)) {
            (Some(cell), Some(read)) => page.after_word(cell, read, block.label_end),
            _ => "",
        };
        if !after.is_empty() {
            return cells;
        }
    }
    for below in column_below(page, heading, BLOCK_LINES) {
        let ends = match block.role {
            Role::Seller => billed_headings.contains(&below),
            Role::Buyer => page.read_of(below).and_then(opening_seller).is_some(),
            Role::Other => false,
        };
        if ends {
            break;
        }
        cells.push(below);
        let is_label = page
            .cell(below)
            .is_some_and(|c| c.text.trim_end().ends_with(':'));
        if block.role != Role::Seller && is_label {
            cells.push((below.0, below.1 + 1));
        }
    }
    cells
}

/// A label followed by `:` and its value in the same cell (`Bill to: Adatum GmbH`).
fn short_label(cell: &Cell, words: &[Token], last: usize) -> bool {
    let end = words.get(last.saturating_sub(1)).map_or(0, |w| w.end);
    cell.text
        .get(end..)
        .is_some_and(|s| s.trim_start().starts_with(':'))
}

/// The cells under `at` in its column on the next `lines` lines of the same page.
fn column_below(page: &Page, (l, c): At, lines: usize) -> Vec<At> {
    column(page, (l, c), (l + 1..l + 1 + lines).collect())
}

/// The cells over `at` in its column on the `lines` lines above, nearest first.
fn column_above(page: &Page, (l, c): At, lines: usize) -> Vec<At> {
    column(page, (l, c), (l.saturating_sub(lines)..l).rev().collect())
}

fn column(page: &Page, (l, c): At, order: Vec<usize>) -> Vec<At> {
    let mut out = Vec::new();
    let (Some(cell), Some(here)) = (page.cell((l, c)), page.layout.lines.get(l)) else {
        return out;
    };
    let reach = 8.0 * cell.size.max(1.0);
    let mut last_y = here.y;
    for next in order {
        let Some(line) = page.layout.lines.get(next) else {
            break;
        };
        if line.page != here.page || (last_y - line.y).abs() > reach {
            break;
        }
        last_y = line.y;
        let best = line
            .cells
            .iter()
            .enumerate()
            .filter(|(_, other)| overlap(cell, other) > 0.0 || (other.x0 - cell.x0).abs() < 3.0)
            .min_by(|a, b| {
                (a.1.x0 - cell.x0)
                    .abs()
                    .partial_cmp(&(b.1.x0 - cell.x0).abs())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        if let Some((i, _)) = best {
            out.push((next, i));
        }
    }
    out
}

/// A street line: a number and a street word, in any order (`35 rue d'ici`, `Ecke 12`,
/// `Hauptstraße 5`, `Via Roma 10`).
fn is_street_line(text: &str) -> bool {
    is_street(&vocabulary::tokens(text))
}

/// A name and a house number, nothing else: `Meir 10`, `Váci utca 12`, `Karl Johans gate 5b`.
fn is_house_line(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some((number, name)) = words.split_last() else {
        return false;
    };
    let digits = number.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    (1..=4).contains(&name.len())
        && (1..=4).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && number.len() - digits.len() <= 1
        && name
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-'))
}

/// An address line of a cell, from its words: a street or a postcode and town.
pub(crate) fn is_address(text: &str, words: &[Token]) -> bool {
    is_street(words) || is_town_line(text)
}

fn is_street(words: &[Token]) -> bool {
    if words.len() > 8 {
        return false;
    }
    let number = words
        .iter()
        .any(|w| w.text.chars().next().is_some_and(|c| c.is_ascii_digit()) && w.text.len() <= 5);
    number
        && words.iter().any(|w| {
            STREET_WORDS.contains(&w.text.as_str())
                || [
                    "strasse", "str", "weg", "straat", "laan", "gasse", "platz", "allee", "street",
                ]
                .iter()
                .any(|s| w.text.len() > s.len() + 2 && w.text.ends_with(s))
        })
}

/// A postcode and town line.
fn is_town_line(text: &str) -> bool {
    text.len() <= 60
        && text.bytes().any(|b| b.is_ascii_digit())
        && (POSTCODE_TOWN.as_ref().is_some_and(|r| r.is_match(text))
            || ANGLO_POSTCODE.as_ref().is_some_and(|r| r.is_match(text)))
}

/// A cell that is a name: not a label (all its words labels), not a title, an address or an
/// amount.
fn is_name(text: &str, read: &Read) -> bool {
    let covered: usize = read.hits.iter().map(|h| h.last - h.first).sum();
    let all_label = !read.words.is_empty() && covered == read.words.len();
    !all_label && read.number_label.is_none() && !read.address && reads_as_a_name(text)
}

/// A company or person name: letters, not a label, a title, an address or an amount.
pub(crate) fn looks_like_a_name(text: &str) -> bool {
    reads_as_a_name(text) && !is_street_line(text) && !is_town_line(text)
}

/// Words that open an addressee's name: the person an invoice is sent to, never its issuer.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "herrn",
    "herr",
    "frau",
    "m",
    "mme",
    "mlle",
    "monsieur",
    "madame",
    "mevrouw",
    "mevr",
    "dhr",
    "sr",
    "sra",
    "srta",
    "senor",
    "senora",
    "sig",
    "sigra",
    "signor",
    "signora",
    "sehr",
    "dear",
    "attn",
    "attention",
    // Italian and Portuguese letters address a company too: `Spett.le Adatum S.p.A.`,
    // `Egr. Sig.`, `Gent.ma`, `Exmo. Senhor`, `Ilmo. Sr.`.
    "spett",
    "spettabile",
    "egr",
    "egregio",
    "gent",
    "gentile",
    "exmo",
    "exma",
    "exmos",
    "exmas",
    "ilmo",
    "ilma",
];

/// Marks of which copy of a document this is (`ORIGINAL`, `Duplicado`, `Triplicate for
/// supplier`): printed where a name would be, never one.
const COPY_MARKS: &[&str] = &[
    "original",
    "copy",
    "duplicate",
    "triplicate",
    "duplicado",
    "triplicado",
    "duplicata",
    "copie",
    "kopie",
    "copia",
    "duplikat",
    "oryginal",
    "kopia",
    "originale",
    "originaal",
];

/// `looks_like_a_name` but for the address, which a cell's `Read` knows already.
fn reads_as_a_name(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    if letters < 3 || digits * 3 >= letters || text.len() > 80 {
        return false;
    }
    let words = vocabulary::tokens(text);
    if words
        .first()
        .is_some_and(|w| HONORIFICS.contains(&w.text.as_str()))
        || words
            .first()
            .is_some_and(|w| COPY_MARKS.contains(&w.text.as_str()) && words.len() <= 4)
    {
        return false;
    }
    // A name is only a legal form (`Inc.`) when a line broke it in two.
    if words.iter().all(|w| is_legal_form_word(&w.text)) {
        return false;
    }
    // Names are written with capitals; a sentence or a slogan mostly without.
    let long: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
        .collect();
    let capital = long
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    if long.len() >= 3 && capital * 2 < long.len() {
        return false;
    }
    let lower = text.to_lowercase();
    let folded = fold(text);
    !text.starts_with(|c: char| c.is_ascii_digit())
        && !DOCUMENT_TITLES.iter().any(|t| folded == *t)
        && !COMMON_LABELS
            .iter()
            .any(|l| lower.trim_end_matches(':') == *l)
        && !lower.starts_with("logo")
        && !PARTNER
            .iter()
            .any(|l| folded.starts_with(l) && folded.len() <= l.len() + 1)
        && !lower.contains("vat")
        && !lower.contains("tva")
        && !lower.contains("ust-id")
        && !lower.contains("siret")
        && !lower.contains('@')
        && !lower.contains("www.")
        && !lower.contains("http")
        && !lower.ends_with(':')
}

pub(crate) fn has_legal_form(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    LEGAL_FORMS.iter().any(|form| {
        if form.contains(' ') {
            lower.contains(form)
        } else {
            words.last().is_some_and(|w| w == form)
                || words.iter().any(|w| w == form && form.len() > 3)
        }
    })
}

fn known_name(known: Known, text: &str) -> bool {
    let text = fold(text);
    known
        .own_names
        .iter()
        .any(|own| !own.trim().is_empty() && text.contains(&fold(own)))
}

/// A name folded for comparison: the normalised words, joined.
fn fold(text: &str) -> String {
    vocabulary::tokens(text)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::extract::fields::tests::paged_layout;

    fn parties_of(lines: &[(u32, &[&str])], check: impl Fn(&Page, &Parties)) {
        let layout = paged_layout(lines);
        let page = Page::new(&layout, Default::default(), false);
        check(&page, &Parties::of(&page));
    }

    /// Each seller block's heading and cells.
    fn sellers(parties: &Parties) -> Vec<(At, Vec<At>)> {
        parties
            .sellers()
            .map(|b| (b.heading, b.cells.clone()))
            .collect()
    }

    #[test]
    fn blocks_side_by_side_are_segmented_by_their_headings() {
        parties_of(
            &[
                (1, &["From", "Bill to"]),
                (1, &["Acme Ltd", "Adatum GmbH"]),
                (1, &["12 High Street", "Hauptstraße 5"]),
            ],
            |_, parties| {
                assert_eq!(sellers(parties), [((0, 0), vec![(1, 0), (2, 0)])]);
                assert!(parties.heads_billed((0, 1)) && !parties.heads_billed((0, 0)));
                assert!(parties.billed((1, 1)) && parties.billed((2, 1)));
                assert!(!parties.billed((1, 0)) && !parties.billed((2, 0)));
                assert_eq!(parties.first_billed_line, Some(0));
            },
        );
    }

    #[test]
    fn a_block_ends_at_the_next_partys_heading_in_its_column() {
        parties_of(
            &[
                (1, &["Seller"]),
                (1, &["Acme Ltd"]),
                (1, &["Buyer"]),
                (1, &["Adatum GmbH"]),
                (1, &["From: Cloudéo SARL"]),
                (1, &["1 rue de la Paix"]),
            ],
            |_, parties| {
                // A seller's name after its heading's colon is all its block.
                assert_eq!(sellers(parties), [((0, 0), vec![(1, 0)]), ((4, 0), vec![])]);
                assert!(parties.billed((2, 0)) && parties.billed((3, 0)));
                assert!(!parties.billed((4, 0)) && !parties.billed((5, 0)));
                assert_eq!(parties.first_billed_line, Some(2));
            },
        );
    }

    #[test]
    fn a_street_named_without_a_street_word_is_passed_over_to_the_name_above_it() {
        parties_of(
            &[
                (1, &["Schelde Design BV"]),
                (1, &["Meir 10"]),
                (1, &["2000 Antwerpen"]),
            ],
            |page, parties| {
                let found: Vec<String> = above_address(page, parties)
                    .into_iter()
                    .map(|e| e.value)
                    .collect();
                assert_eq!(found, ["Schelde Design BV"]);
            },
        );
        for street in ["Meir 10", "Váci utca 12", "Karl Johans gate 5b"] {
            assert!(is_house_line(street), "{street}");
        }
        for other in ["Meir", "Total 1.234,56", "Page 1 of 2", "Acme 12345"] {
            assert!(!is_house_line(other), "{other}");
        }
    }

    #[test]
    fn the_seller_heading_names_the_vendor_not_the_bill_to_block_beside_it() {
        parties_of(
            &[(1, &["From", "Bill to"]), (1, &["Acme Ltd", "Adatum GmbH"])],
            |page, parties| {
                let found: Vec<String> = seller_heading(page, parties)
                    .into_iter()
                    .map(|e| e.value)
                    .collect();
                assert_eq!(found, ["Acme Ltd"]);
            },
        );
    }
}
