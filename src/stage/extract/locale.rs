//! Numbers, currencies and dates as European and American documents write them.
//!
//! `1,234.56`, `1 234,56` (space, no-break or narrow no-break), `1.234,56`, `1'234.56`; dates
//! in ISO (also `2023/09/14`), numeric in all three orders (also spaced, `21. 06. 2019`), and
//! with month names where the reader's languages write them (Hungarian, Croatian and the Baltic
//! languages date invoices in numbers; chrono and jiff read no month names but English).
//! Day-first or month-first is settled by which reading is valid, then by the document's own
//! other dates (`order_on_page`), then by its conventions (`Conventions::month_first`).

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::Decimal;

/// How the document writes things, guessed from its words and currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Conventions {
    /// `10/31/2024`: US English.
    pub month_first: bool,
}

/// An amount found in a text, with the currency written beside it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Option<String>,
}

fn amount_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A run of digits with group and decimal separators, ending in a digit.
        Regex::new(r"[-−]?\d[\d.,'’\u{00A0}\u{202F}\u{2009} ]*\d|\d").expect("literal") // ok: literal
    })
}

/// Reads one number as written; `None` when its separators make no sense.
pub fn parse_number(raw: &str) -> Option<Decimal> {
    let text: String = raw.trim().replace('−', "-");
    let negative = text.starts_with('-');
    let digits = text.trim_start_matches('-');
    let groups: Vec<&str> = digits
        .split(['\u{00A0}', '\u{202F}', '\u{2009}', ' ', '\'', '’'])
        .collect();
    let joined: String = groups.concat();
    // Which of . and , is the decimal separator: with both, the later one; with one kind used
    // once, it is decimal unless exactly three digits follow (`1.234`, `1,234`: thousands).
    let dots = joined.matches('.').count();
    let commas = joined.matches(',').count();
    let decimal_at = match (dots, commas) {
        (0, 0) => None,
        (_, 0) | (0, _) if dots + commas > 1 => None,
        (_, 0) | (0, _) => {
            let at = joined.rfind(['.', ','])?;
            if joined.len() - at - 1 == 3 {
                None
            } else {
                Some(at)
            }
        }
        _ => {
            let at = joined.rfind(['.', ','])?;
            let separator = joined.get(at..=at)?;
            if joined.matches(separator).count() > 1 {
                return None;
            }
            Some(at)
        }
    };
    let (whole, fraction) = match decimal_at {
        Some(p) => (joined.get(..p)?, joined.get(p + 1..)?),
        None => (joined.as_str(), ""),
    };
    if fraction.len() > 4 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Thousands groups after the first must be three digits, or be India's lakhs and crores.
    let parts: Vec<&str> = whole.split(['.', ',']).collect();
    if parts.len() > 1
        && (parts.iter().skip(1).any(|g| g.len() != 3)
            || parts.first().is_some_and(|g| g.len() > 3 || g.is_empty()))
        && !in_lakhs(&parts, whole)
    {
        return None;
    }
    let integer: String = parts.concat();
    if integer.is_empty() || !integer.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Space-separated groups must be three digits too (`1 234,56`, not `12 34`).
    if groups.len() > 1
        && groups.iter().skip(1).any(|g| {
            let head: String = g.chars().take_while(|c| c.is_ascii_digit()).collect();
            head.len() != 3
        })
    {
        return None;
    }
    let text = if fraction.is_empty() {
        integer
    } else {
        format!("{integer}.{fraction}")
    };
    let value: Decimal = text.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// India groups the digits above a thousand by two, with commas: `1,18,000.00` is 118,000 and
/// `2,50,00,000` is 25 million. Only a number whose every group fits is read so.
fn in_lakhs(parts: &[&str], whole: &str) -> bool {
    let [first, middle @ .., last] = parts else {
        return false;
    };
    !whole.contains('.')
        && !middle.is_empty()
        && (1..=2).contains(&first.len())
        && middle.iter().all(|g| g.len() == 2)
        && last.len() == 3
}

/// Every amount written in a text, with the currency symbol or code next to it.
pub fn amounts_in(text: &str) -> Vec<Money> {
    let mut found = Vec::new();
    for m in amount_pattern().find_iter(text) {
        let raw = m.as_str();
        let Some(amount) = parse_number(raw) else {
            continue;
        };
        let before = text.get(..m.start()).unwrap_or("");
        let after = text.get(m.end()..).unwrap_or("");
        let currency = currency_after(after)
            .or_else(|| currency_before(before))
            .or_else(|| euro_read_as_e(raw, after));
        // Accountants write a negative in brackets: `(120.00)`, `($120.00)`, `(120,00 €)`.
        let opened = strip_currency_end(before).ends_with('(');
        let closed = strip_currency_start(after).starts_with(')');
        let amount = if opened && closed && amount.is_sign_positive() {
            -amount
        } else {
            amount
        };
        found.push(Money { amount, currency });
    }
    found
}

/// A font whose euro sign its PDF never named is read as its glyph's first letter: an amount
/// with cents that ends its cell with a lone `e` (`1 234,56 e`) is in euros. Only at the end:
/// inside a phrase, `e` is a word (`100,00 e 200,00`: "and" in Italian and Portuguese).
fn euro_read_as_e(amount: &str, after: &str) -> Option<String> {
    (has_cents(amount) && after.trim() == "e").then(|| "EUR".to_string())
}

/// Whether a text holds a sum written with cents (`571.04`, `1.234,50`).
pub(crate) fn has_cents(text: &str) -> bool {
    let chars: Vec<char> = text.chars().chain([' ']).collect();
    chars.windows(5).any(|w| {
        matches!(w, [a, '.' | ',', b, c, d]
            if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() && !d.is_ascii_digit())
    })
}

/// What may stand between a bracket and the amount it holds: spaces and a currency mark.
fn strip_currency_end(before: &str) -> &str {
    let rest = before.trim_end_matches([' ', '\u{00A0}', '\u{202F}']);
    let rest = SYMBOLS
        .iter()
        .find_map(|(symbol, _)| rest.strip_suffix(symbol))
        .unwrap_or(rest);
    let rest = match rest.len().checked_sub(3).and_then(|at| rest.get(at..)) {
        Some(code) if iso_code(code).is_some() => rest.get(..rest.len() - 3).unwrap_or(rest),
        _ => rest,
    };
    rest.trim_end_matches([' ', '\u{00A0}', '\u{202F}'])
}

fn strip_currency_start(after: &str) -> &str {
    let rest = after.trim_start_matches([' ', '\u{00A0}', '\u{202F}']);
    let rest = SYMBOLS
        .iter()
        .find_map(|(symbol, _)| rest.strip_prefix(symbol))
        .unwrap_or(rest);
    let rest = match rest.get(..3) {
        Some(code) if iso_code(code).is_some() => rest.get(3..).unwrap_or(rest),
        _ => rest,
    };
    rest.trim_start_matches([' ', '\u{00A0}', '\u{202F}'])
}

const SYMBOLS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("R$", "BRL"),
    ("₹", "INR"),
    ("Rs.", "INR"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("₩", "KRW"),
    ("₪", "ILS"),
    ("zł", "PLN"),
    ("Kč", "CZK"),
    ("Ft", "HUF"),
    ("lei", "RON"),
    // Swedish, Danish and Norwegian crowns: which one, the page tells (`crowns_of`).
    ("kr.", KRONER),
    ("kr", KRONER),
    ("€", "EUR"),
    ("£", "GBP"),
    ("$", "USD"),
    ("¥", "JPY"),
    ("Fr.", "CHF"),
];

/// Crowns of some Nordic country, until the page says which.
pub const KRONER: &str = "kr";

/// A symbol made of letters (`kr`, `Ft`, `lei`) is one only as a word of its own.
fn stands_alone(symbol: &str, neighbour: Option<char>) -> bool {
    !symbol.chars().all(char::is_alphabetic) || !neighbour.is_some_and(char::is_alphabetic)
}

fn currency_after(after: &str) -> Option<String> {
    let rest = after.trim_start_matches([' ', '\u{00A0}', '\u{202F}']);
    for (symbol, code) in SYMBOLS {
        if let Some(tail) = rest.strip_prefix(symbol)
            && stands_alone(symbol, tail.chars().next())
        {
            return Some(code.to_string());
        }
    }
    iso_code(rest.get(..3)?).filter(|_| {
        !rest
            .get(3..4)
            .is_some_and(|c| c.chars().all(char::is_alphabetic))
    })
}

fn currency_before(before: &str) -> Option<String> {
    let rest = before.trim_end_matches([' ', '\u{00A0}', '\u{202F}']);
    for (symbol, code) in SYMBOLS {
        if let Some(head) = rest.strip_suffix(symbol)
            && stands_alone(symbol, head.chars().next_back())
        {
            return Some(code.to_string());
        }
    }
    let start = rest.len().checked_sub(3)?;
    let code = rest.get(start..)?;
    let glued = rest
        .get(..start)
        .and_then(|r| r.chars().next_back())
        .is_some_and(char::is_alphabetic);
    if glued { None } else { iso_code(code) }
}

/// An ISO 4217 code, upper case as written.
pub fn iso_code(text: &str) -> Option<String> {
    if text.len() == 3 && text.chars().all(|c| c.is_ascii_uppercase()) {
        iso_currency::Currency::from_code(text).map(|_| text.to_string())
    } else {
        None
    }
}

/// Currencies mentioned anywhere in a text, by symbol or code.
pub fn currencies_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (symbol, code) in SYMBOLS {
        let written = text.contains(symbol)
            && text.match_indices(symbol).any(|(at, _)| {
                stands_alone(symbol, text.get(..at).and_then(|t| t.chars().next_back()))
                    && stands_alone(
                        symbol,
                        text.get(at + symbol.len()..).and_then(|t| t.chars().next()),
                    )
            });
        if written && !found.iter().any(|f| f == code) {
            found.push(code.to_string());
        }
    }
    static CODE: OnceLock<Regex> = OnceLock::new();
    let code = CODE.get_or_init(|| Regex::new(r"\b[A-Z]{3}\b").expect("literal")); // ok: literal
    for m in code.find_iter(text) {
        if let Some(c) = iso_code(m.as_str())
            && matches!(
                c.as_str(),
                "EUR"
                    | "USD"
                    | "GBP"
                    | "CHF"
                    | "CAD"
                    | "AUD"
                    | "SEK"
                    | "NOK"
                    | "DKK"
                    | "PLN"
                    | "JPY"
            )
            && !found.contains(&c)
        {
            found.push(c);
        }
    }
    found
}

const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("janv", 1),
    ("févr", 2),
    ("fevr", 2),
    ("avr", 4),
    ("juil", 7),
    ("déc", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mrz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("okt", 10),
    ("dez", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("okt", 10),
    ("mrt", 3),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("ene", 1),
    ("abr", 4),
    ("ago", 8),
    ("dic", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("gen", 1),
    ("mag", 5),
    ("giu", 6),
    ("lug", 7),
    ("set", 9),
    ("ott", 10),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("fev", 2),
    ("out", 10),
    // Polish: the genitive of a date, and the nominative
    ("stycznia", 1),
    ("styczeń", 1),
    ("lutego", 2),
    ("luty", 2),
    ("marca", 3),
    ("marzec", 3),
    ("kwietnia", 4),
    ("kwiecień", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("czerwiec", 6),
    ("lipca", 7),
    ("lipiec", 7),
    ("sierpnia", 8),
    ("sierpień", 8),
    ("września", 9),
    ("wrzesień", 9),
    ("października", 10),
    ("październik", 10),
    ("listopada", 11),
    ("listopad", 11),
    ("grudnia", 12),
    ("grudzień", 12),
    // Czech
    ("ledna", 1),
    ("leden", 1),
    ("února", 2),
    ("únor", 2),
    ("března", 3),
    ("březen", 3),
    ("dubna", 4),
    ("duben", 4),
    ("května", 5),
    ("květen", 5),
    ("června", 6),
    ("červen", 6),
    ("července", 7),
    ("červenec", 7),
    ("srpna", 8),
    ("srpen", 8),
    ("září", 9),
    ("října", 10),
    ("říjen", 10),
    ("listopadu", 11),
    ("prosince", 12),
    ("prosinec", 12),
    // Slovak (`marca` as in Polish)
    ("januára", 1),
    ("februára", 2),
    ("apríla", 4),
    ("mája", 5),
    ("júna", 6),
    ("júla", 7),
    ("augusta", 8),
    ("septembra", 9),
    ("októbra", 10),
    ("novembra", 11),
    ("decembra", 12),
    // Romanian (`mai`, `august` as in French and German)
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
    // Swedish, Danish, Norwegian
    ("augusti", 8),
    ("maj", 5),
    ("marts", 3),
    ("desember", 12),
    ("okt", 10),
    // Finnish: the partitive of a date, and the month's name
    ("tammikuuta", 1),
    ("helmikuuta", 2),
    ("maaliskuuta", 3),
    ("huhtikuuta", 4),
    ("toukokuuta", 5),
    ("kesäkuuta", 6),
    ("heinäkuuta", 7),
    ("elokuuta", 8),
    ("syyskuuta", 9),
    ("lokakuuta", 10),
    ("marraskuuta", 11),
    ("joulukuuta", 12),
    ("tammikuu", 1),
    ("helmikuu", 2),
    ("maaliskuu", 3),
    ("huhtikuu", 4),
    ("toukokuu", 5),
    ("kesäkuu", 6),
    ("heinäkuu", 7),
    ("elokuu", 8),
    ("syyskuu", 9),
    ("lokakuu", 10),
    ("marraskuu", 11),
    ("joulukuu", 12),
];

/// `24` is 2024: documents of this century.
fn full_year(y: u32) -> i32 {
    if y < 100 { 2000 + y as i32 } else { y as i32 }
}

fn month_named(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, m)| *m)
}

fn date_patterns() -> &'static [Regex; 4] {
    static RE: OnceLock<[Regex; 4]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // 2024-10-31, 2024/10/31, 2024.10.31: year first, then always the month.
            Regex::new(r"\b(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})\b").expect("literal"), // ok: literal
            // 31/10/2024, 10/31/2024, 31.10.2024, 31-10-2024, 31/10/24, 21. 06. 2019
            Regex::new(r"\b(\d{1,2})([./-]|\.\s)(\d{1,2})([./-]|\.\s)(\d{4}|\d{2})\b").expect("literal"), // ok: literal
            // 31 octobre 2024, 21. August 2024, 1er octobre 2024, 31 Oct 2024, 14 września 2023
            Regex::new(r"(?i)\b(\d{1,2})(?:er|st|nd|rd|th|º|°)?\.?(?:\s+|\s*[-/]\s*)(?:de\s+)?([\p{L}]{3,12}\.?)(?:\s+|\s*[-/]\s*)(?:de\s+|del\s+)?(\d{4}|\d{2})\b")
                .expect("literal"), // ok: literal
            // Oct 31, 2024 / October 31st 2024
            Regex::new(r"(?i)\b([\p{L}]{3,10}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
                .expect("literal"), // ok: literal
        ]
    })
}

/// Whose `$` a page means: a currency, the codes and tax names (as written, in capitals)
/// and the words (lower case) that name its country. A page naming none is American.
const DOLLARS: &[(&str, &[&str], &[&str])] = &[
    (
        "CAD",
        &["CAD", "HST", "QST", "TPS", "TVQ"],
        &[
            "canada",
            "ontario",
            "québec",
            "quebec",
            "alberta",
            "manitoba",
            "saskatchewan",
        ],
    ),
    ("AUD", &["AUD", "ABN"], &["australia"]),
    ("NZD", &["NZD"], &["zealand"]),
    ("SGD", &["SGD"], &["singapore"]),
    ("HKD", &["HKD"], &[]),
    // Not `mexico` unaccented: New Mexico is a state of the US.
    ("MXN", &["MXN", "RFC"], &["méxico"]),
    ("ARS", &["ARS", "CUIT"], &["argentina"]),
    ("CLP", &["CLP"], &["chile"]),
    ("COP", &["COP"], &["colombia"]),
    ("UYU", &["UYU"], &["uruguay"]),
];

/// Taxes and tax numbers of the countries whose pesos are written `$` (`IVA`, Chile's and
/// Uruguay's `RUT`, Colombia's `NIT`): a page naming one is not in US dollars, whichever peso
/// it is in.
const PESO_MARKS: &[&str] = &["IVA", "RUT", "NIT"];

/// Whose crowns a page means, the same way. A page naming none leaves them unknown.
const CROWNS: &[(&str, &[&str], &[&str])] = &[
    (
        "SEK",
        &["SEK"],
        &[
            "sverige",
            "bankgiro",
            "plusgiro",
            "fakturadatum",
            "förfallodatum",
            "betala",
        ],
    ),
    ("DKK", &["DKK", "CVR"], &["danmark"]),
    (
        "NOK",
        &["NOK", "MVA"],
        &["norge", "foretaksregisteret", "forfallsdato"],
    ),
];

/// Which currency a page's `$` or `kr` is, by the countries and taxes the page names
/// (`DOLLARS`, `CROWNS`): one country named settles it; none leaves a dollar American and a
/// crown unknown; several leave either unknown. `US$`, `C$` or a written code never get here.
pub fn resolve_symbol(code: &str, text: &str) -> Option<String> {
    let table = match code {
        "USD" => DOLLARS,
        KRONER => CROWNS,
        other => return Some(other.into()),
    };
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let written = |w: &&str| words.contains(w);
    let named = |w: &&str| lower.iter().any(|x| x == w);
    if code == "USD" && (["USD", "US"].iter().any(written) || text.contains("US$")) {
        return Some("USD".into());
    }
    let mut hits = table
        .iter()
        .filter(|(_, capitals, names)| capitals.iter().any(written) || names.iter().any(named))
        .map(|(currency, _, _)| *currency);
    match (hits.next(), hits.next()) {
        (Some(one), None) => Some(one.into()),
        (None, _) if code == "USD" && !PESO_MARKS.iter().any(written) => Some("USD".into()),
        _ => None,
    }
}

/// Which order the page's own numeric dates prove: `Some(true)` when one of them can only be
/// month-first (`10/31/2024`) and none only day-first, `Some(false)` the other way round
/// (`18/02/2019` proves `04/02/2019` is the 4th of February), `None` when nothing proves either
/// or the page contradicts itself. Dotted dates are day-first everywhere and prove nothing.
pub fn order_on_page(text: &str) -> Option<bool> {
    let [_, numeric, _, _] = date_patterns();
    let (mut day_first, mut month_first) = (false, false);
    for c in numeric.captures_iter(text) {
        let number = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let separator = |i: usize| c.get(i).map(|m| m.as_str().trim());
        if separator(2) != separator(4) || separator(2) == Some(".") {
            continue;
        }
        match (number(1), number(3)) {
            (Some(a), Some(b)) if a > 12 && (1..=12).contains(&b) && a <= 31 => day_first = true,
            (Some(a), Some(b)) if b > 12 && (1..=12).contains(&a) && b <= 31 => month_first = true,
            _ => {}
        }
    }
    match (day_first, month_first) {
        (true, false) => Some(false),
        (false, true) => Some(true),
        _ => None,
    }
}

/// Every date written in a text, in order of appearance.
pub fn dates_in(text: &str, conventions: Conventions) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = Vec::new();
    for (_, date) in dated_spans(text, conventions) {
        if !dates.contains(&date) {
            dates.push(date);
        }
    }
    dates
}

/// Every date written in a text, with the byte offset where it starts, in order.
pub fn dated_spans(text: &str, conventions: Conventions) -> Vec<(usize, NaiveDate)> {
    // Every date has a day: most cells have no digit, and four regexes are not free.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let [iso, numeric, day_month, month_day] = date_patterns();
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    let number = |s: Option<regex::Match>| s.and_then(|m| m.as_str().parse::<u32>().ok());
    for c in iso.captures_iter(text) {
        if c.get(2).map(|m| m.as_str()) != c.get(4).map(|m| m.as_str()) {
            continue;
        }
        if let (Some(y), Some(m), Some(d)) = (number(c.get(1)), number(c.get(3)), number(c.get(5)))
            && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    for c in numeric.captures_iter(text) {
        let (Some(a), Some(b), Some(y)) = (number(c.get(1)), number(c.get(3)), number(c.get(5)))
        else {
            continue;
        };
        let separator = |i: usize| c.get(i).map(|m| m.as_str().trim());
        if separator(2) != separator(4) {
            continue;
        }
        let year = if y < 100 { 2000 + y as i32 } else { y as i32 };
        let dotted = separator(2) == Some(".");
        let day_first = NaiveDate::from_ymd_opt(year, b, a);
        let month_first = NaiveDate::from_ymd_opt(year, a, b);
        let date = match (day_first, month_first) {
            (Some(d), None) | (None, Some(d)) => Some(d),
            (Some(d), Some(m)) => Some(if conventions.month_first && !dotted {
                m
            } else {
                d
            }),
            (None, None) => None,
        };
        if let Some(date) = date {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    for c in day_month.captures_iter(text) {
        if let (Some(d), Some(m), Some(y)) = (
            number(c.get(1)),
            c.get(2).and_then(|m| month_named(m.as_str())),
            number(c.get(3)),
        ) && let Some(date) = NaiveDate::from_ymd_opt(full_year(y), m, d)
        {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    for c in month_day.captures_iter(text) {
        if let (Some(m), Some(d), Some(y)) = (
            c.get(1).and_then(|m| month_named(m.as_str())),
            number(c.get(2)),
            number(c.get(3)),
        ) && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            found.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: Conventions = Conventions { month_first: false };
    const US: Conventions = Conventions { month_first: true };
    const FR: Conventions = Conventions { month_first: false };

    fn n(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_in_three_languages() {
        assert_eq!(parse_number("1,234.56"), Some(n("1234.56")));
        assert_eq!(parse_number("1 234,56"), Some(n("1234.56")));
        assert_eq!(parse_number("1\u{202F}234,56"), Some(n("1234.56")));
        assert_eq!(parse_number("1\u{00A0}234,56"), Some(n("1234.56")));
        assert_eq!(parse_number("1.234,56"), Some(n("1234.56")));
        assert_eq!(parse_number("1'234.56"), Some(n("1234.56")));
        assert_eq!(parse_number("12.181,62"), Some(n("12181.62")));
        assert_eq!(parse_number("990.00"), Some(n("990.00")));
        assert_eq!(parse_number("1,234"), Some(n("1234")));
        assert_eq!(parse_number("442,76"), Some(n("442.76")));
        assert_eq!(parse_number("1,2,3"), None);
    }

    #[test]
    fn amounts_carry_their_currency() {
        let found = amounts_in("Total €12,181.62");
        assert_eq!(
            found.last().unwrap(),
            &Money {
                amount: n("12181.62"),
                currency: Some("EUR".into())
            }
        );
        let found = amounts_in("Gesamtbetrag 1.660,53 EUR");
        assert_eq!(found.last().unwrap().currency.as_deref(), Some("EUR"));
        let found = amounts_in("GBP 6,089.16");
        assert_eq!(
            found[0],
            Money {
                amount: n("6089.16"),
                currency: Some("GBP".into())
            }
        );
        let found = amounts_in("18 193,04 €");
        assert_eq!(found[0].amount, n("18193.04"));
        assert_eq!(found[0].currency.as_deref(), Some("EUR"));
        assert_eq!(amounts_in("$1,234.56")[0].currency.as_deref(), Some("USD"));
    }

    #[test]
    fn dates_in_three_languages() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(dates_in("10/31/2024", US), vec![d(2024, 10, 31)]);
        assert_eq!(dates_in("10/01/2025", EN), vec![d(2025, 1, 10)]);
        assert_eq!(dates_in("10/01/2025", US), vec![d(2025, 10, 1)]);
        assert_eq!(dates_in("31/10/2024", US), vec![d(2024, 10, 31)]);
        assert_eq!(dates_in("Oct 31, 2024", EN), vec![d(2024, 10, 31)]);
        assert_eq!(dates_in("31 octobre 2024", FR), vec![d(2024, 10, 31)]);
        assert_eq!(dates_in("1er août 2024", FR), vec![d(2024, 8, 1)]);
        assert_eq!(dates_in("31.10.2024", US), vec![d(2024, 10, 31)]);
        assert_eq!(dates_in("21. August 2024", FR), vec![d(2024, 8, 21)]);
        assert_eq!(dates_in("24 Sep 2024", EN), vec![d(2024, 9, 24)]);
        assert_eq!(dates_in("2024-12-02", EN), vec![d(2024, 12, 2)]);
        assert_eq!(dates_in("5. März 2025", FR), vec![d(2025, 3, 5)]);
    }

    #[test]
    fn dates_in_six_languages_as_people_write_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let cases = [
            ("Monday, 4 November 2024", d(2024, 11, 4)),
            ("Thursday, Oct. 31, 2024", d(2024, 10, 31)),
            ("lundi 4 novembre 2024", d(2024, 11, 4)),
            ("4 nov. 2024", d(2024, 11, 4)),
            ("Montag, 4. Nov. 2024", d(2024, 11, 4)),
            ("4 november 2024", d(2024, 11, 4)),
            ("4 okt. 2024", d(2024, 10, 4)),
            ("4 de noviembre de 2024", d(2024, 11, 4)),
            ("1º de julio de 2024", d(2024, 7, 1)),
            ("4 novembre 2024", d(2024, 11, 4)),
            ("04/11/24", d(2024, 11, 4)),
            ("4-Nov-2024", d(2024, 11, 4)),
        ];
        for (text, date) in cases {
            assert_eq!(dates_in(text, EN), vec![date], "{text}");
        }
    }

    #[test]
    fn dates_in_the_other_languages_and_orders() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let cases = [
            ("15 de março de 2024", d(2024, 3, 15)),
            ("14 września 2023", d(2023, 9, 14)),
            ("3. října 2023", d(2023, 10, 3)),
            ("14 augusti 2023", d(2023, 8, 14)),
            ("14. syyskuuta 2023", d(2023, 9, 14)),
            ("2023/09/14", d(2023, 9, 14)),
            ("2023.09.14", d(2023, 9, 14)),
            ("21. 06. 2019", d(2019, 6, 21)),
            ("14.9.2023", d(2023, 9, 14)),
        ];
        for (text, date) in cases {
            assert_eq!(dates_in(text, EN), vec![date], "{text}");
        }
        // Mixed separators are not a date.
        assert!(dates_in("2023/09-14", EN).is_empty());
    }

    #[test]
    fn the_page_proves_its_date_order() {
        assert_eq!(
            order_on_page("Date 04/02/2019  Due 18/02/2019"),
            Some(false)
        );
        assert_eq!(order_on_page("Date 02/04/2019  Due 02/18/2019"), Some(true));
        assert_eq!(order_on_page("Date 04/02/2019  Due 05/02/2019"), None);
        assert_eq!(order_on_page("13/02/2019 and 02/13/2019"), None);
        // Dotted dates are day-first everywhere: they prove nothing about slashes.
        assert_eq!(order_on_page("18.02.2019"), None);
    }

    #[test]
    fn whose_dollar_and_whose_crown_the_page_says() {
        assert_eq!(
            resolve_symbol("USD", "Total $12.00").as_deref(),
            Some("USD")
        );
        let quebec = "Montréal (Québec) Canada  TPS 5%  TVQ 9,975%  Total $114.98";
        assert_eq!(resolve_symbol("USD", quebec).as_deref(), Some("CAD"));
        let sydney = "ABN 12 345 678 901  GST  Sydney NSW Australia  Total $110.00";
        assert_eq!(resolve_symbol("USD", sydney).as_deref(), Some("AUD"));
        // A code written on the page settles it.
        assert_eq!(
            resolve_symbol("USD", "HST 13%  Ontario  USD 100.00").as_deref(),
            Some("USD")
        );
        assert_eq!(
            resolve_symbol(KRONER, "Moms 25%  Att betala 1 250,00 kr  Bankgiro").as_deref(),
            Some("SEK")
        );
        assert_eq!(
            resolve_symbol(KRONER, "Moms 25%  At betale 1.250,00 kr  CVR 12345678").as_deref(),
            Some("DKK")
        );
        assert_eq!(
            resolve_symbol(KRONER, "MVA 25%  Å betale 1 250,00 kr").as_deref(),
            Some("NOK")
        );
        assert_eq!(resolve_symbol(KRONER, "Total 1 250,00 kr"), None);
        // Pesos: the country's tax number names it; a peso country's tax alone does not.
        let buenos_aires = "CUIT 30-12345678-9  IVA 21%  Importe Total $ 121.000,00";
        assert_eq!(resolve_symbol("USD", buenos_aires).as_deref(), Some("ARS"));
        assert_eq!(resolve_symbol("USD", "IVA 19%  Total $ 119.000"), None);
        let albuquerque = "Albuquerque, New Mexico 87102  Sales tax  Total $1,078.75";
        assert_eq!(resolve_symbol("USD", albuquerque).as_deref(), Some("USD"));
        assert_eq!(
            resolve_symbol("EUR", "Total 10,00 €").as_deref(),
            Some("EUR")
        );
    }

    #[test]
    fn letter_symbols_only_as_words() {
        let kr = amounts_in("Summa 1 250,00 kr");
        assert_eq!(kr.last().and_then(|m| m.currency.as_deref()), Some(KRONER));
        assert_eq!(
            amounts_in("1 234,56 Kč")
                .last()
                .and_then(|m| m.currency.as_deref()),
            Some("CZK")
        );
        // `kr` inside a word is no currency.
        assert!(
            !currencies_in("Kreuzberg Kredit 12,00")
                .iter()
                .any(|c| c == KRONER)
        );
        assert_eq!(amounts_in("12 krabice")[0].currency, None);
    }

    #[test]
    fn money_as_people_write_it() {
        let n = |s: &str| s.parse::<Decimal>().unwrap();
        let one = |text: &str| amounts_in(text).into_iter().last().unwrap();
        let cases = [
            ("CHF 1'234.50", "1234.50", Some("CHF")),
            ("(120.00)", "-120.00", None),
            ("($120.00)", "-120.00", Some("USD")),
            ("(120,00 €)", "-120.00", Some("EUR")),
            ("−120,00 €", "-120.00", Some("EUR")),
            ("Rs. 1,234.50", "1234.50", Some("INR")),
            ("₹1,234.50", "1234.50", Some("INR")),
            // India's lakhs and crores.
            ("₹ 1,18,000.00", "118000.00", Some("INR")),
            ("Rs. 2,50,00,000", "25000000", Some("INR")),
            ("1\u{202f}234,56 €", "1234.56", Some("EUR")),
            ("1.234,56 EUR", "1234.56", Some("EUR")),
            ("£6,089.16", "6089.16", Some("GBP")),
            // A euro sign read as `e`, at the end of its cell only.
            ("Total TTC 1 234,56 e", "1234.56", Some("EUR")),
            ("1.234,56 e ", "1234.56", Some("EUR")),
            ("100,00 e 200,00", "200.00", None),
            ("1,234.56 excl.", "1234.56", None),
            ("Page 2 e", "2", None),
        ];
        assert_eq!(amounts_in("100,00 e 200,00")[0].currency, None);
        // Groups that are neither thousands nor lakhs are no number.
        for odd in ["1,18,00", "12,3,456", "123,45,678", "1.18.000,00"] {
            assert_eq!(parse_number(odd), None, "{odd}");
        }
        for (text, amount, currency) in cases {
            let money = one(text);
            assert_eq!(money.amount, n(amount), "{text}");
            assert_eq!(money.currency.as_deref(), currency, "{text}");
        }
    }
}
