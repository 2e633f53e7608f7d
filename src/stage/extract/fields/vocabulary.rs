//! The words invoices use, by business term of EN 16931, in English, French, German, Dutch,
//! Spanish, Italian, Portuguese, Polish, Czech, Swedish, Danish, Norwegian and Finnish, with the
//! abbreviations real pages print. A language is added here as data: its labels under their
//! terms, its titles, its number words; nothing in the reader names a language.
//!
//! Labels are matched on normalised tokens (`tokens`): lower case, accents folded, punctuation
//! and abbreviation dots dropped, `N°`/`Nº` read as `no`. A phrase is written in that form;
//! a word ending in `*` matches any word it begins (German and Dutch compounds:
//! `netto*` is `Nettobetrag`, `Nettosumme`...). Negative terms (due dates, subtotals, tax,
//! discounts, paid amounts, order numbers) matter as much as positive ones: a label that names
//! something else takes its value out of the running.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// A word of a text, folded, with where it stands in the original.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'ă' | 'ā' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' | 'ē' | 'ė' => "e",
        'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ķ' => "k",
        'ł' | 'ļ' => "l",
        'ľ' | 'ĺ' => "l",
        'ŕ' => "r",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ș' | 'ş' => "s",
        'ť' | 'ț' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'ū' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'œ' => "oe",
        'æ' => "ae",
        _ => return None,
    })
}

/// A text's words, normalised; `#` is a word of its own, `n°` and `nº` are `no`.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut current: Option<Token> = None;
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        // `º` is a letter to Unicode; after `n` it is the ordinal of `numéro`.
        if matches!(c, '°' | 'º')
            && let Some(token) = current.as_mut()
            && token.text == "n"
        {
            token.text.push('o');
            token.end = end;
            continue;
        }
        if c.is_alphanumeric() {
            let token = current.get_or_insert_with(|| Token {
                text: String::new(),
                start: at,
                end,
            });
            token.end = end;
            // Lower case and accents folded, without a string per character.
            for lower in c.to_lowercase() {
                match fold(lower) {
                    Some(plain) => token.text.push_str(plain),
                    None => token.text.push(lower),
                }
            }
            continue;
        }
        if let Some(token) = current.take() {
            out.push(token);
        }
        if c == '#' {
            out.push(Token {
                text: "#".into(),
                start: at,
                end,
            });
        }
    }
    if let Some(token) = current {
        out.push(token);
    }
    out
}

/// Whether a phrase's words stand at `at` in `words`; gives the number of words matched.
pub(crate) fn phrase_at(words: &[Token], at: usize, phrase: &str) -> Option<usize> {
    // Most calls fail on the first letter, and then on the first word: tell that before
    // splitting the phrase.
    let first = &words.get(at)?.text;
    if phrase.as_bytes().first() != first.as_bytes().first() {
        return None;
    }
    let head = phrase.split_once(' ').map_or(phrase, |(head, _)| head);
    let fits = match head.strip_suffix('*') {
        Some(stem) => first.starts_with(stem),
        None => first == head,
    };
    if !fits {
        return None;
    }
    let mut n = 0;
    for (i, want) in phrase.split(' ').enumerate() {
        let word = words.get(at + i)?;
        let hit = match want.strip_suffix('*') {
            Some(stem) => word.text.starts_with(stem),
            None => word.text == want,
        };
        if !hit {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// `LABELS` worked out once: each phrase as its words, found by its first word.
struct Compiled {
    /// Phrases by their first word, when it is a whole word.
    by_first: HashMap<&'static str, Vec<Phrase>>,
    /// Phrases whose first word is a stem (`netto*`), by the stem's first three letters.
    by_stem: HashMap<&'static str, Vec<Phrase>>,
    /// The few stems shorter than that.
    short_stems: Vec<Phrase>,
    /// Every word of every label (stems without their `*`).
    words: HashSet<&'static str>,
    stems: Vec<&'static str>,
    /// Single-word heads of prices, rates and quantities (`preis`, `price`, `unit`).
    priced_heads: Vec<&'static str>,
}

struct Phrase {
    term: Term,
    words: Vec<&'static str>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let mut compiled = Compiled {
        by_first: HashMap::new(),
        by_stem: HashMap::new(),
        short_stems: Vec::new(),
        words: HashSet::new(),
        stems: Vec::new(),
        priced_heads: Vec::new(),
    };
    for (term, phrase) in LABELS {
        let words: Vec<&'static str> = phrase.split(' ').collect();
        for word in &words {
            match word.strip_suffix('*') {
                Some(stem) => compiled.stems.push(stem),
                None => {
                    compiled.words.insert(word);
                }
            }
        }
        if *term == Term::OtherAmount && words.len() == 1 {
            let head = phrase.trim_end_matches('*');
            if head.len() >= 4 {
                compiled.priced_heads.push(head);
            }
        }
        let first = words.first().copied().unwrap_or("");
        let entry = Phrase { term: *term, words };
        if let Some(stem) = first.strip_suffix('*') {
            match stem.get(..3) {
                Some(key) => compiled.by_stem.entry(key).or_default().push(entry),
                None => compiled.short_stems.push(entry),
            }
        } else {
            compiled.by_first.entry(first).or_default().push(entry);
        }
    }
    compiled
});

/// The longest label phrase standing at word `at`: how many words it takes, and its term.
pub(crate) fn longest_label_at(words: &[Token], at: usize) -> Option<(usize, Term)> {
    let first = words.get(at)?;
    let compiled = &*COMPILED;
    let exact = compiled
        .by_first
        .get(first.text.as_str())
        .into_iter()
        .flatten();
    let keyed = first
        .text
        .get(..3)
        .and_then(|key| compiled.by_stem.get(key))
        .into_iter()
        .flatten();
    let stems = keyed.chain(&compiled.short_stems).filter(|p| {
        p.words
            .first()
            .is_some_and(|w| first.text.starts_with(w.trim_end_matches('*')))
    });
    // At equal length, a whole word beats a stem: `leverancier` is the seller, not `lever*`.
    exact
        .map(|p| (p, 1))
        .chain(stems.map(|p| (p, 0)))
        .filter_map(|(phrase, whole)| {
            let n = phrase.words.len();
            let all = phrase.words.iter().enumerate().all(|(i, want)| {
                words
                    .get(at + i)
                    .is_some_and(|word| match want.strip_suffix('*') {
                        Some(stem) => word.text.starts_with(stem),
                        None => word.text == *want,
                    })
            });
            all.then_some((n, whole, phrase.term))
        })
        .max_by_key(|(n, whole, _)| (*n, *whole))
        .map(|(n, _, term)| (n, term))
}

/// Whether a word is one of the labels' words (or begins with one of their stems).
pub(crate) fn is_label_word(word: &str) -> bool {
    let compiled = &*COMPILED;
    compiled.words.contains(word) || compiled.stems.iter().any(|s| word.starts_with(s))
}

/// A compound whose head is a price, a rate or a quantity (`bruttopreis`, `stundensatz`).
pub(crate) fn is_priced_compound(word: &str) -> bool {
    COMPILED
        .priced_heads
        .iter()
        .any(|head| word.len() > head.len() && word.ends_with(head))
}

/// The business term a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term {
    /// BT-2 and its plain forms.
    IssueDate,
    /// `Date`, `Datum`, `Fecha`, `Data`: an issue date unless something says otherwise.
    PlainDate,
    /// Dates that are not the issue date: BT-9 due, BT-72 delivery, periods, orders, payment.
    OtherDate,
    /// BT-112: total with tax.
    GrossTotal,
    /// BT-115: amount due for payment.
    AmountDue,
    /// A bare `Total`/`Summe`/`Totaal`: the grand total unless qualified.
    PlainTotal,
    /// BT-106/109: totals without tax, subtotals, line totals.
    NetTotal,
    /// BT-110: tax.
    TaxTotal,
    /// BT-113: paid, prepaid, deposits.
    Paid,
    /// Amounts that are not totals at all: discounts, charges, carried forward, rates, hours.
    OtherAmount,
    Currency,
    /// BT-27: the seller.
    Seller,
    /// BT-44: the buyer.
    Buyer,
}

/// Label phrases by term, strongest first within a term. Normalised (see `tokens`).
pub(crate) const LABELS: &[(Term, &str)] = &[
    // BT-2 issue date.
    (Term::IssueDate, "invoice date"),
    (Term::IssueDate, "date of invoice"),
    (Term::IssueDate, "date of issue"),
    (Term::IssueDate, "issue date"),
    (Term::IssueDate, "issued on"),
    (Term::IssueDate, "issued at"),
    (Term::IssueDate, "issued"),
    (Term::IssueDate, "tax point"),
    (Term::IssueDate, "dated"),
    (Term::IssueDate, "bill date"),
    (Term::IssueDate, "date de facture"),
    (Term::IssueDate, "date de facturation"),
    (Term::IssueDate, "date d emission"),
    (Term::IssueDate, "date facture"),
    (Term::IssueDate, "rechnungsdatum"),
    (Term::IssueDate, "belegdatum"),
    (Term::IssueDate, "ausstellungsdatum"),
    (Term::IssueDate, "ausgestellt am"),
    (Term::IssueDate, "factuurdatum"),
    (Term::IssueDate, "datum factuur"),
    (Term::IssueDate, "fecha de factura"),
    (Term::IssueDate, "fecha factura"),
    (Term::IssueDate, "fecha de emision"),
    (Term::IssueDate, "fecha emision"),
    (Term::IssueDate, "data fattura"),
    (Term::IssueDate, "data della fattura"),
    (Term::IssueDate, "data di emissione"),
    (Term::IssueDate, "data emissione"),
    (Term::IssueDate, "data documento"),
    (Term::IssueDate, "date of signature"),
    (Term::IssueDate, "signature date"),
    (Term::IssueDate, "signed on"),
    (Term::IssueDate, "signe le"),
    (Term::IssueDate, "unterschrieben am"),
    (Term::IssueDate, "signed"),
    (Term::IssueDate, "date signed"),
    (Term::IssueDate, "signing date"),
    (Term::IssueDate, "sign date"),
    (Term::IssueDate, "signe"),
    (Term::IssueDate, "date de signature"),
    (Term::IssueDate, "fait le"),
    (Term::IssueDate, "unterschrieben"),
    (Term::IssueDate, "unterzeichnet am"),
    (Term::IssueDate, "datum der unterschrift"),
    (Term::IssueDate, "unterschriftsdatum"),
    (Term::IssueDate, "ondertekend op"),
    (Term::IssueDate, "datum ondertekening"),
    (Term::IssueDate, "fecha de firma"),
    (Term::IssueDate, "firmado el"),
    (Term::IssueDate, "data di firma"),
    (Term::IssueDate, "data firma"),
    (Term::IssueDate, "firmato il"),
    (Term::IssueDate, "statement date"),
    (Term::IssueDate, "date of statement"),
    (Term::IssueDate, "data de assinatura"),
    (Term::IssueDate, "assinado em"),
    (Term::IssueDate, "data podpisu"),
    (Term::IssueDate, "podpisano"),
    (Term::IssueDate, "datum podpisu"),
    (Term::IssueDate, "podepsano"),
    (Term::IssueDate, "datum for underskrift"),
    (Term::IssueDate, "undertecknad"),
    (Term::IssueDate, "underskrevet"),
    (Term::IssueDate, "dato for underskrift"),
    (Term::IssueDate, "allekirjoitettu"),
    (Term::IssueDate, "allekirjoituspaiva"),
    // Portuguese, Polish, Czech, Swedish, Danish, Norwegian, Finnish.
    (Term::IssueDate, "data de emissao"),
    (Term::IssueDate, "data da emissao"),
    (Term::IssueDate, "data da fatura"),
    (Term::IssueDate, "data emissao"),
    (Term::IssueDate, "data fatura"),
    (Term::IssueDate, "data wystawienia"),
    (Term::IssueDate, "data faktury"),
    (Term::IssueDate, "datum vystaveni"),
    (Term::IssueDate, "datum vystaveni dokladu"),
    (Term::IssueDate, "datum vyst"),
    (Term::IssueDate, "fakturadatum"),
    (Term::IssueDate, "fakturadato"),
    (Term::IssueDate, "faktureringsdatum"),
    (Term::IssueDate, "utstedt"),
    (Term::IssueDate, "utfardad"),
    (Term::IssueDate, "udstedt"),
    (Term::IssueDate, "laskun paivays"),
    (Term::IssueDate, "laskun pvm"),
    (Term::IssueDate, "paivays"),
    (Term::IssueDate, "paivamaara"),
    (Term::IssueDate, "laskutuspaiva"),
    // Hungarian, Romanian.
    (Term::IssueDate, "szamla kelte"),
    (Term::IssueDate, "kelte"),
    (Term::IssueDate, "kiallitas datuma"),
    (Term::IssueDate, "kiallitas kelte"),
    (Term::IssueDate, "data emiterii"),
    (Term::IssueDate, "data emitere"),
    (Term::IssueDate, "data facturii"),
    // Slovak, Slovenian, Croatian, Estonian, Latvian, Lithuanian.
    (Term::IssueDate, "datum vystavenia"),
    (Term::IssueDate, "datum izdaje"),
    (Term::IssueDate, "datum izdavanja"),
    (Term::IssueDate, "datum racuna"),
    (Term::IssueDate, "arve kuupaev"),
    (Term::IssueDate, "rekina datums"),
    (Term::IssueDate, "izrakstisanas datums"),
    (Term::IssueDate, "israsymo data"),
    (Term::IssueDate, "saskaitos data"),
    (Term::IssueDate, "pvm"),
    (Term::PlainDate, "date"),
    (Term::PlainDate, "datum"),
    (Term::PlainDate, "fecha"),
    (Term::PlainDate, "data"),
    (Term::PlainDate, "dato"),
    (Term::PlainDate, "kuupaev"),
    (Term::PlainDate, "datums"),
    // Letter dates: `Paris, le 3 mars 2024`, `Hamburg, den 5. März 2024`; see `DATE_MARKERS`.
    (Term::PlainDate, "le"),
    (Term::PlainDate, "den"),
    // Dates that are something else.
    (Term::OtherDate, "due*"),
    (Term::OtherDate, "payment*"),
    (Term::OtherDate, "pay by"),
    (Term::OtherDate, "payable"),
    (Term::OtherDate, "order*"),
    (Term::OtherDate, "delivery*"),
    (Term::OtherDate, "delivered"),
    (Term::OtherDate, "ship*"),
    (Term::OtherDate, "service*"),
    (Term::OtherDate, "period"),
    (Term::OtherDate, "from"),
    (Term::OtherDate, "until"),
    (Term::OtherDate, "start*"),
    (Term::OtherDate, "end"),
    (Term::OtherDate, "valid*"),
    (Term::OtherDate, "expir*"),
    (Term::OtherDate, "activity*"),
    (Term::OtherDate, "campaign*"),
    (Term::OtherDate, "echeance"),
    (Term::OtherDate, "paiement"),
    (Term::OtherDate, "reglement"),
    (Term::OtherDate, "commande"),
    (Term::OtherDate, "livraison"),
    (Term::OtherDate, "prestation*"),
    (Term::OtherDate, "periode"),
    (Term::OtherDate, "debut"),
    (Term::OtherDate, "fin"),
    (Term::OtherDate, "au"),
    (Term::OtherDate, "associee"),
    (Term::OtherDate, "fallig*"),
    (Term::OtherDate, "zahl*"),
    (Term::OtherDate, "bestell*"),
    (Term::OtherDate, "auftrag*"),
    (Term::OtherDate, "liefer*"),
    (Term::OtherDate, "leistung*"),
    (Term::OtherDate, "zeitraum"),
    (Term::OtherDate, "bis"),
    (Term::OtherDate, "gemass"),
    (Term::OtherDate, "vervaldatum"),
    (Term::OtherDate, "vervaldag"),
    (Term::OtherDate, "betaal*"),
    (Term::OtherDate, "bestel*"),
    (Term::OtherDate, "lever*"),
    (Term::OtherDate, "vencimiento"),
    (Term::OtherDate, "pago"),
    (Term::OtherDate, "pedido"),
    (Term::OtherDate, "entrega"),
    (Term::OtherDate, "scadenza"),
    (Term::OtherDate, "pagamento"),
    (Term::OtherDate, "ordine"),
    (Term::OtherDate, "consegna"),
    (Term::OtherDate, "periodo"),
    (Term::OtherDate, "contract*"),
    (Term::OtherDate, "vertrag*"),
    (Term::OtherDate, "contrat"),
    (Term::OtherDate, "contrato"),
    (Term::OtherDate, "contratto"),
    (Term::OtherDate, "kontrakt*"),
    (Term::OtherDate, "vencimento"),
    (Term::OtherDate, "termin*"),
    (Term::OtherDate, "platnosc"),
    (Term::OtherDate, "platnos*"),
    (Term::OtherDate, "dostaw*"),
    // `Data sprzedaży`, `Data wykonania usługi`, `Data zakończenia dostawy`: when the goods or
    // the service were supplied (BT-72), printed beside the issue date.
    (Term::OtherDate, "sprzedazy"),
    (Term::OtherDate, "wykonania"),
    (Term::OtherDate, "zakonczenia"),
    (Term::OtherDate, "splatnost*"),
    (Term::OtherDate, "datum splatnosti"),
    (Term::OtherDate, "duzp"),
    (Term::OtherDate, "zdanitelneho"),
    (Term::OtherDate, "uskutecneni*"),
    (Term::OtherDate, "forfallo*"),
    (Term::OtherDate, "forfall*"),
    (Term::OtherDate, "forfald*"),
    (Term::OtherDate, "betalings*"),
    (Term::OtherDate, "leverans*"),
    (Term::OtherDate, "levering*"),
    (Term::OtherDate, "erapaiva"),
    (Term::OtherDate, "erapvm"),
    (Term::OtherDate, "eraantyy*"),
    (Term::OtherDate, "toimitus*"),
    (Term::OtherDate, "maksu*"),
    (Term::OtherDate, "teljesites*"),
    (Term::OtherDate, "fizetesi*"),
    (Term::OtherDate, "hatarido*"),
    (Term::OtherDate, "esedekes*"),
    (Term::OtherDate, "scaden*"),
    (Term::OtherDate, "livrar*"),
    (Term::OtherDate, "dodania"),
    (Term::OtherDate, "zapadlost*"),
    (Term::OtherDate, "dospijec*"),
    (Term::OtherDate, "isporuk*"),
    (Term::OtherDate, "tahtaeg"),
    (Term::OtherDate, "maksetahtaeg"),
    (Term::OtherDate, "apmoketi*"),
    // BT-112 gross total.
    (Term::GrossTotal, "grand total"),
    (Term::GrossTotal, "invoice total"),
    (Term::GrossTotal, "total invoice"),
    (Term::GrossTotal, "total incl*"),
    (Term::GrossTotal, "total inc"),
    (Term::GrossTotal, "total including*"),
    (Term::GrossTotal, "total with*"),
    (Term::GrossTotal, "total gross"),
    (Term::GrossTotal, "gross total"),
    (Term::GrossTotal, "gross amount"),
    (Term::GrossTotal, "total ttc"),
    // Belgium: `TVAC` (TVA comprise) and `HTVA` (hors TVA) for TTC and HT.
    (Term::GrossTotal, "total tvac"),
    (Term::GrossTotal, "tvac"),
    (Term::GrossTotal, "montant ttc"),
    (Term::GrossTotal, "ttc"),
    (Term::GrossTotal, "total toutes taxes*"),
    (Term::GrossTotal, "gesamtbetrag"),
    (Term::GrossTotal, "gesamtsumme"),
    (Term::GrossTotal, "rechnungsbetrag"),
    (Term::GrossTotal, "rechnungssumme"),
    (Term::GrossTotal, "rechnungsendbetrag"),
    (Term::GrossTotal, "endbetrag"),
    (Term::GrossTotal, "endsumme"),
    (Term::GrossTotal, "brutto*"),
    (Term::GrossTotal, "gesamt brutto"),
    (Term::GrossTotal, "totaal incl*"),
    (Term::GrossTotal, "totaalbedrag"),
    (Term::GrossTotal, "factuurbedrag"),
    (Term::GrossTotal, "factuurtotaal"),
    (Term::GrossTotal, "total factura"),
    (Term::GrossTotal, "importe total"),
    (Term::GrossTotal, "total con iva"),
    (Term::GrossTotal, "total iva incluido"),
    (Term::GrossTotal, "totale fattura"),
    (Term::GrossTotal, "totale documento"),
    (Term::GrossTotal, "importo totale"),
    (Term::GrossTotal, "totale ivato"),
    (Term::GrossTotal, "totale iva inclusa"),
    (Term::GrossTotal, "valor total"),
    (Term::GrossTotal, "valor total da nota"),
    (Term::GrossTotal, "total da fatura"),
    (Term::GrossTotal, "total geral"),
    (Term::GrossTotal, "razem"),
    (Term::GrossTotal, "wartosc brutto"),
    (Term::GrossTotal, "kwota brutto"),
    (Term::GrossTotal, "ogolem"),
    (Term::GrossTotal, "celkem"),
    (Term::GrossTotal, "celkova castka"),
    (Term::GrossTotal, "celkem s dph"),
    (Term::GrossTotal, "totalt"),
    (Term::GrossTotal, "totalbelopp"),
    (Term::GrossTotal, "total inkl moms"),
    (Term::GrossTotal, "totalt inkl moms"),
    (Term::GrossTotal, "i alt"),
    (Term::GrossTotal, "total inkl"),
    (Term::GrossTotal, "belob i alt"),
    (Term::GrossTotal, "sum inkl mva"),
    (Term::GrossTotal, "yhteensa"),
    (Term::GrossTotal, "brutto osszesen"),
    (Term::GrossTotal, "vegosszeg"),
    (Term::GrossTotal, "total cu tva"),
    (Term::GrossTotal, "spolu"),
    (Term::GrossTotal, "celkom"),
    (Term::GrossTotal, "skupaj"),
    (Term::GrossTotal, "ukupno"),
    (Term::GrossTotal, "kokku"),
    (Term::GrossTotal, "kopa"),
    (Term::GrossTotal, "is viso"),
    (Term::GrossTotal, "loppusumma"),
    (Term::GrossTotal, "verollinen*"),
    // BT-115 amount due.
    (Term::AmountDue, "amount due"),
    (Term::AmountDue, "balance due"),
    (Term::AmountDue, "total due"),
    (Term::AmountDue, "amount payable"),
    (Term::AmountDue, "total payable"),
    (Term::AmountDue, "to pay"),
    (Term::AmountDue, "net a payer"),
    (Term::AmountDue, "total a payer"),
    (Term::AmountDue, "montant a payer"),
    (Term::AmountDue, "reste a payer"),
    (Term::AmountDue, "solde"),
    (Term::AmountDue, "zahlbetrag"),
    (Term::AmountDue, "zu zahlen"),
    (Term::AmountDue, "zu zahlender betrag"),
    (Term::AmountDue, "te betalen"),
    (Term::AmountDue, "openstaand bedrag"),
    (Term::AmountDue, "a pagar"),
    (Term::AmountDue, "total a pagar"),
    (Term::AmountDue, "importe a pagar"),
    (Term::AmountDue, "da pagare"),
    (Term::AmountDue, "totale da pagare"),
    (Term::AmountDue, "netto a pagare"),
    (Term::AmountDue, "maksettava yhteensa"),
    (Term::AmountDue, "maksettava"),
    (Term::AmountDue, "fizetendo"),
    (Term::AmountDue, "fizetendo osszeg"),
    (Term::AmountDue, "total de plata"),
    (Term::AmountDue, "celkom k uhrade"),
    (Term::AmountDue, "za placilo"),
    (Term::AmountDue, "za platiti"),
    (Term::AmountDue, "ukupno za platiti"),
    (Term::AmountDue, "tasumisele kuulub"),
    (Term::AmountDue, "kokku tasuda"),
    (Term::AmountDue, "tasuda"),
    (Term::AmountDue, "kopa apmaksai"),
    (Term::AmountDue, "summa apmaksai"),
    (Term::AmountDue, "apmaksai"),
    (Term::AmountDue, "moketi"),
    (Term::AmountDue, "is viso moketi"),
    (Term::AmountDue, "suma apmokejimui"),
    (Term::AmountDue, "a betale"),
    (Term::AmountDue, "totalt a betale"),
    (Term::AmountDue, "at betale"),
    (Term::AmountDue, "summa att betala"),
    (Term::AmountDue, "att betala"),
    (Term::AmountDue, "k uhrade"),
    (Term::AmountDue, "celkem k uhrade"),
    (Term::AmountDue, "razem do zaplaty"),
    (Term::AmountDue, "valor a pagar"),
    (Term::AmountDue, "do zaplaty"),
    (Term::AmountDue, "zaplaty"),
    (Term::AmountDue, "k zaplaceni"),
    (Term::AmountDue, "oppgjor"),
    // Plain totals.
    (Term::PlainTotal, "total amount"),
    (Term::PlainTotal, "total"),
    (Term::PlainTotal, "montant total"),
    (Term::PlainTotal, "summe"),
    (Term::PlainTotal, "gesamt"),
    (Term::PlainTotal, "betrag"),
    (Term::PlainTotal, "totaal"),
    (Term::PlainTotal, "totale"),
    (Term::PlainTotal, "importe"),
    (Term::PlainTotal, "amount"),
    (Term::PlainTotal, "montant"),
    (Term::PlainTotal, "bedrag"),
    (Term::PlainTotal, "importo"),
    (Term::PlainTotal, "valor"),
    (Term::PlainTotal, "suma"),
    (Term::PlainTotal, "kwota"),
    (Term::PlainTotal, "castka"),
    (Term::PlainTotal, "summa"),
    (Term::PlainTotal, "belopp"),
    (Term::PlainTotal, "belob"),
    (Term::PlainTotal, "belop"),
    (Term::PlainTotal, "summa yhteensa"),
    (Term::PlainTotal, "sum"),
    // Totals before tax, subtotals, line totals.
    (Term::NetTotal, "subtotal"),
    (Term::NetTotal, "sub"),
    (Term::NetTotal, "net*"),
    (Term::NetTotal, "excl*"),
    (Term::NetTotal, "exkl*"),
    (Term::NetTotal, "before tax"),
    (Term::NetTotal, "without*"),
    (Term::NetTotal, "ht"),
    (Term::NetTotal, "htva"),
    (Term::NetTotal, "hors taxe*"),
    (Term::NetTotal, "sous*"),
    (Term::NetTotal, "ohne"),
    (Term::NetTotal, "zwischensumme"),
    (Term::NetTotal, "positionssumme"),
    (Term::NetTotal, "warenwert"),
    (Term::NetTotal, "basisbetrag"),
    (Term::NetTotal, "subtotaal"),
    (Term::NetTotal, "exclusief"),
    (Term::NetTotal, "excl btw"),
    (Term::NetTotal, "base imponible"),
    (Term::NetTotal, "sin iva"),
    (Term::NetTotal, "imponibile"),
    (Term::NetTotal, "subtotale"),
    (Term::NetTotal, "senza iva"),
    (Term::NetTotal, "line*"),
    (Term::NetTotal, "ligne"),
    (Term::NetTotal, "position*"),
    (Term::NetTotal, "valor liquido"),
    (Term::NetTotal, "base de calculo"),
    (Term::NetTotal, "wartosc netto"),
    (Term::NetTotal, "kwota netto"),
    (Term::NetTotal, "netto"),
    (Term::NetTotal, "zaklad*"),
    (Term::NetTotal, "bez dph"),
    (Term::NetTotal, "exkl moms"),
    (Term::NetTotal, "exklusive moms"),
    (Term::NetTotal, "delsumma"),
    (Term::NetTotal, "ekskl moms"),
    (Term::NetTotal, "ekskl mva"),
    (Term::NetTotal, "veroton"),
    (Term::NetTotal, "arvonlisaveroton"),
    (Term::NetTotal, "netto osszesen"),
    (Term::NetTotal, "total fara tva"),
    (Term::NetTotal, "osnova*"),
    (Term::NetTotal, "osnovica"),
    (Term::NetTotal, "kaibemaksuta"),
    (Term::NetTotal, "bez pvn"),
    (Term::NetTotal, "summa bez pvn"),
    (Term::NetTotal, "be pvm"),
    (Term::NetTotal, "suma be pvm"),
    (Term::NetTotal, "valisumma"),
    // Tax.
    (Term::TaxTotal, "vat"),
    (Term::TaxTotal, "tax"),
    (Term::TaxTotal, "sales tax"),
    (Term::TaxTotal, "gst"),
    (Term::TaxTotal, "tva"),
    (Term::TaxTotal, "taxe*"),
    (Term::TaxTotal, "mwst"),
    (Term::TaxTotal, "ust"),
    (Term::TaxTotal, "umsatzsteuer*"),
    (Term::TaxTotal, "mehrwertsteuer*"),
    (Term::TaxTotal, "steuer*"),
    (Term::TaxTotal, "btw"),
    (Term::TaxTotal, "iva"),
    (Term::TaxTotal, "igic"),
    (Term::TaxTotal, "icms"),
    (Term::TaxTotal, "ipi"),
    (Term::TaxTotal, "pis"),
    (Term::TaxTotal, "cofins"),
    (Term::TaxTotal, "podatek"),
    (Term::TaxTotal, "podatek vat"),
    (Term::TaxTotal, "dph"),
    (Term::TaxTotal, "moms"),
    (Term::TaxTotal, "mva"),
    (Term::TaxTotal, "alv"),
    (Term::TaxTotal, "afa"),
    (Term::TaxTotal, "ddv"),
    (Term::TaxTotal, "pdv"),
    (Term::TaxTotal, "kaibemaks*"),
    (Term::TaxTotal, "pvn"),
    (Term::TaxTotal, "arvonlisavero"),
    (Term::TaxTotal, "hst"),
    (Term::TaxTotal, "pst"),
    (Term::TaxTotal, "qst"),
    (Term::TaxTotal, "tps"),
    (Term::TaxTotal, "tvq"),
    // Paid and prepaid.
    (Term::Paid, "paid"),
    (Term::Paid, "prepaid"),
    (Term::Paid, "prepayment*"),
    (Term::Paid, "deposit*"),
    (Term::Paid, "advance*"),
    (Term::Paid, "acompte*"),
    (Term::Paid, "deja*"),
    (Term::Paid, "verse*"),
    (Term::Paid, "regle"),
    (Term::Paid, "anzahlung*"),
    (Term::Paid, "erhalten*"),
    (Term::Paid, "bezahlt"),
    (Term::Paid, "geleistet*"),
    (Term::Paid, "vorauszahlung*"),
    (Term::Paid, "betaald"),
    (Term::Paid, "vooruitbetaling*"),
    (Term::Paid, "pagado"),
    (Term::Paid, "anticipo*"),
    (Term::Paid, "pagato"),
    (Term::Paid, "acconto*"),
    (Term::Paid, "zaplacono"),
    (Term::Paid, "uhrazeno"),
    (Term::Paid, "zaplaceno"),
    (Term::Paid, "zalohy"),
    (Term::Paid, "betalt"),
    (Term::Paid, "maksettu"),
    (Term::Paid, "fizetve"),
    (Term::Paid, "eloleg*"),
    (Term::Paid, "platit"),
    (Term::Paid, "achitat"),
    (Term::Paid, "avans"),
    (Term::Paid, "uhraden*"),
    (Term::Paid, "placano"),
    (Term::Paid, "placeno"),
    (Term::Paid, "makstud"),
    (Term::Paid, "ettemaks*"),
    (Term::Paid, "samaksats"),
    (Term::Paid, "sumoketa"),
    // Not totals.
    (Term::OtherAmount, "discount*"),
    (Term::OtherAmount, "rebate*"),
    (Term::OtherAmount, "allowance*"),
    (Term::OtherAmount, "charge*"),
    (Term::OtherAmount, "carried"),
    (Term::OtherAmount, "brought"),
    (Term::OtherAmount, "forward"),
    (Term::OtherAmount, "rate"),
    (Term::OtherAmount, "unit*"),
    (Term::OtherAmount, "price"),
    (Term::OtherAmount, "hours"),
    (Term::OtherAmount, "qty"),
    (Term::OtherAmount, "quantity"),
    (Term::OtherAmount, "remise*"),
    (Term::OtherAmount, "rabais"),
    (Term::OtherAmount, "frais"),
    (Term::OtherAmount, "report*"),
    (Term::OtherAmount, "capital"),
    (Term::OtherAmount, "heures"),
    (Term::OtherAmount, "rabatt*"),
    (Term::OtherAmount, "abschlag*"),
    (Term::OtherAmount, "abschlage"),
    (Term::OtherAmount, "zuschlag*"),
    (Term::OtherAmount, "zuschlage"),
    (Term::OtherAmount, "nachlass*"),
    (Term::OtherAmount, "sondernachlass"),
    (Term::OtherAmount, "skonto"),
    (Term::OtherAmount, "ubertrag"),
    (Term::OtherAmount, "stunden"),
    (Term::OtherAmount, "preis*"),
    (Term::OtherAmount, "korting"),
    (Term::OtherAmount, "descuento*"),
    (Term::OtherAmount, "sconto"),
    (Term::OtherAmount, "ore"),
    (Term::OtherAmount, "horas"),
    (Term::OtherAmount, "uren"),
    (Term::OtherAmount, "taux"),
    (Term::OtherAmount, "tarif*"),
    (Term::OtherAmount, "tarief"),
    (Term::OtherAmount, "stundensatz"),
    // A balance carried from before is not this invoice's total.
    (Term::OtherAmount, "previous balance"),
    (Term::OtherAmount, "balance forward"),
    (Term::OtherAmount, "balance brought forward"),
    (Term::OtherAmount, "opening balance"),
    (Term::OtherAmount, "prior balance"),
    (Term::OtherAmount, "previous invoice*"),
    (Term::OtherAmount, "saldo anterior"),
    (Term::OtherAmount, "solde precedent"),
    (Term::OtherAmount, "ancien solde"),
    (Term::OtherAmount, "vorsaldo"),
    (Term::OtherAmount, "alter saldo"),
    (Term::OtherAmount, "vorheriger saldo"),
    (Term::OtherAmount, "saldo precedente"),
    (Term::OtherAmount, "vorig saldo"),
    (Term::OtherAmount, "poprzednie saldo"),
    (Term::OtherAmount, "predchozi zustatek"),
    (Term::OtherAmount, "tidigare saldo"),
    (Term::OtherAmount, "forrige saldo"),
    (Term::OtherAmount, "edellinen saldo"),
    (Term::OtherAmount, "desconto*"),
    (Term::OtherAmount, "rabat*"),
    (Term::OtherAmount, "sleva"),
    (Term::OtherAmount, "slevy"),
    (Term::OtherAmount, "ilosc"),
    (Term::OtherAmount, "mnozstvi"),
    (Term::OtherAmount, "antal"),
    (Term::OtherAmount, "maara"),
    (Term::OtherAmount, "kpl"),
    (Term::OtherAmount, "cena*"),
    (Term::OtherAmount, "pris"),
    (Term::OtherAmount, "hinta"),
    (Term::OtherAmount, "a hinta"),
    (Term::OtherAmount, "timer"),
    (Term::OtherAmount, "godziny"),
    (Term::OtherAmount, "hodiny"),
    (Term::OtherAmount, "tunnit"),
    // Currency.
    (Term::Currency, "currency"),
    (Term::Currency, "amounts in"),
    (Term::Currency, "devise"),
    (Term::Currency, "monnaie"),
    (Term::Currency, "montants en"),
    (Term::Currency, "wahrung"),
    (Term::Currency, "betrage in"),
    (Term::Currency, "valuta"),
    (Term::Currency, "moneda"),
    (Term::Currency, "divisa"),
    (Term::Currency, "moeda"),
    (Term::Currency, "waluta"),
    (Term::Currency, "mena"),
    (Term::Currency, "valuutta"),
    // BT-27 seller.
    (Term::Seller, "seller"),
    (Term::Seller, "supplier"),
    (Term::Seller, "vendor"),
    (Term::Seller, "from"),
    (Term::Seller, "issued by"),
    (Term::Seller, "billed by"),
    (Term::Seller, "invoice from"),
    (Term::Seller, "fournisseur"),
    (Term::Seller, "vendeur"),
    (Term::Seller, "emetteur"),
    (Term::Seller, "prestataire"),
    (Term::Seller, "verkaufer"),
    (Term::Seller, "lieferant"),
    (Term::Seller, "rechnungsersteller"),
    (Term::Seller, "rechnungssteller"),
    (Term::Seller, "leistungserbringer"),
    (Term::Seller, "absender"),
    (Term::Seller, "verkoper"),
    (Term::Seller, "leverancier"),
    (Term::Seller, "afzender"),
    (Term::Seller, "vendedor"),
    (Term::Seller, "proveedor"),
    (Term::Seller, "emisor"),
    (Term::Seller, "fornitore"),
    (Term::Seller, "venditore"),
    (Term::Seller, "cedente"),
    (Term::Seller, "prestatore"),
    (Term::Seller, "emitente"),
    (Term::Seller, "prestador"),
    (Term::Seller, "sprzedawca"),
    (Term::Seller, "wystawca"),
    (Term::Seller, "dostawca"),
    (Term::Seller, "dodavatel"),
    (Term::Seller, "prodavajici"),
    (Term::Seller, "saljare"),
    (Term::Seller, "leverantor"),
    (Term::Seller, "saelger"),
    (Term::Seller, "leverandor"),
    (Term::Seller, "selger"),
    (Term::Seller, "myyja"),
    (Term::Seller, "laskuttaja"),
    (Term::Seller, "elado"),
    (Term::Seller, "szallito"),
    (Term::Seller, "furnizor"),
    (Term::Seller, "vanzator"),
    (Term::Seller, "izdajatelj"),
    (Term::Seller, "dobavitelj"),
    (Term::Seller, "prodavatelj"),
    (Term::Seller, "dobavljac"),
    (Term::Seller, "muuja"),
    (Term::Seller, "pardevejs"),
    (Term::Seller, "pardavejas"),
    (Term::Seller, "toimittaja"),
    // BT-44 buyer.
    (Term::Buyer, "bill to"),
    (Term::Buyer, "billed to"),
    (Term::Buyer, "invoice to"),
    (Term::Buyer, "invoiced to"),
    (Term::Buyer, "sold to"),
    (Term::Buyer, "ship to"),
    (Term::Buyer, "deliver to"),
    (Term::Buyer, "customer*"),
    (Term::Buyer, "buyer"),
    (Term::Buyer, "purchaser"),
    (Term::Buyer, "recipient"),
    (Term::Buyer, "to"),
    (Term::Buyer, "client"),
    (Term::Buyer, "acheteur"),
    (Term::Buyer, "destinataire"),
    (Term::Buyer, "facture a"),
    (Term::Buyer, "facturer a"),
    (Term::Buyer, "adresse de facturation"),
    (Term::Buyer, "livrer a"),
    (Term::Buyer, "kaufer"),
    (Term::Buyer, "kunde*"),
    (Term::Buyer, "rechnungsempfanger"),
    (Term::Buyer, "leistungsempfanger"),
    (Term::Buyer, "warenempfanger"),
    (Term::Buyer, "rechnungsadresse"),
    (Term::Buyer, "lieferadresse"),
    (Term::Buyer, "empfanger"),
    (Term::Buyer, "klant"),
    (Term::Buyer, "koper"),
    (Term::Buyer, "factuuradres"),
    (Term::Buyer, "afnemer"),
    (Term::Buyer, "cliente"),
    (Term::Buyer, "comprador"),
    (Term::Buyer, "destinatario"),
    (Term::Buyer, "facturar a"),
    (Term::Buyer, "cessionario"),
    (Term::Buyer, "committente"),
    (Term::Buyer, "acquirente"),
    (Term::Buyer, "tomador"),
    (Term::Buyer, "nabywca"),
    (Term::Buyer, "odbiorca"),
    (Term::Buyer, "odberatel"),
    (Term::Buyer, "kupujici"),
    (Term::Buyer, "kund"),
    (Term::Buyer, "kunde"),
    (Term::Buyer, "kopare"),
    (Term::Buyer, "kjoper"),
    (Term::Buyer, "ostaja"),
    (Term::Buyer, "asiakas"),
    (Term::Buyer, "laskutusosoite"),
    (Term::Buyer, "vevo"),
    (Term::Buyer, "vasarlo"),
    (Term::Buyer, "cumparator"),
    (Term::Buyer, "beneficiar"),
    (Term::Buyer, "kupec"),
    (Term::Buyer, "kupac"),
    (Term::Buyer, "ostja"),
    (Term::Buyer, "pircejs"),
    (Term::Buyer, "pirkejas"),
    (Term::Buyer, "vastaanottaja"),
];

/// Date labels that are ordinary words everywhere else: labels only right before a date.
pub(crate) const DATE_MARKERS: &[&str] = &["le", "den"];

/// Words naming the document itself: what a number marker after them numbers.
pub(crate) const TITLES: &[&str] = &[
    "invoice",
    "inv",
    "bill",
    "receipt",
    "credit",
    "document",
    "doc",
    "facture",
    "fact",
    "avoir",
    "quittance",
    "rechnung",
    "rechnungs",
    "beleg",
    "gutschrift",
    "quittung",
    "factuur",
    "creditnota",
    "bon",
    "factura",
    "recibo",
    "abono",
    "fattura",
    "ricevuta",
    "nota",
    "fatura",
    "faktura",
    "rachunek",
    "doklad",
    "kvitto",
    "kvittering",
    "lasku",
    "laskun",
    "faktury",
    "fakturan",
    "kuitti",
    "szamla",
    "racun",
    "racuna",
    "arve",
    "rekins",
    "rekina",
    "saskaita",
    "saskaitos",
];

/// Titles that name a paper of no kind of their own: what follows them says which
/// (`bon de commande`, `nota de entrega`, `document of delivery`); alone, the document itself
/// (`Bon nr. 12`, a Dutch receipt).
pub(crate) const GENERIC_TITLES: &[&str] = &["bon", "nota", "document", "doc", "beleg", "doklad"];

/// German and Dutch compounds naming an invoice (`Handelsrechnung`, `Teilrechnung`...).
pub(crate) fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
        || word.ends_with("rechnung")
        || word.starts_with("rechnung")
        || word.ends_with("factuur")
        || word.starts_with("factuur")
}

/// Words that say something is due, a date or a sum: read as an amount due when the value is
/// money.
pub(crate) const DUE_WORDS: &[&str] = &["due", "payable", "exigible", "zahlbar", "pagadero"];

/// Words after `Total` that keep it a sum of money (`Total général`, `Totale complessivo`);
/// any other plain word makes it a count of something (`Total leads`, `Total hours`).
pub(crate) const MONEY_QUALIFIERS: &[&str] = &[
    "general",
    "generale",
    "global",
    "globale",
    "overall",
    "final",
    "finale",
    "complessivo",
    "final",
    "euros",
    "euro",
    "dollars",
    "pounds",
    "francs",
    "eur",
    "usd",
    "gbp",
    "chf",
    "sum",
    "somme",
    "summe",
    "som",
    "suma",
    "somma",
    "value",
    "valeur",
    "wert",
    "waarde",
    "valor",
    "valore",
    "cost",
    "costs",
    "price",
    "prix",
    "to",
    "a",
    "du",
    "de",
    "des",
    "der",
    "zu",
    "te",
    "da",
    "of",
    "for",
    "pour",
    "fur",
    "voor",
    "para",
    "per",
    "this",
    "cette",
    "dieser",
    "deze",
    "esta",
    "questa",
    "all",
    "alle",
    "tous",
    "todos",
    "tutti",
    "claimed",
    "claim",
    "spend",
    "spent",
];

/// Titles of a credit note.
pub(crate) const CREDIT_TITLES: &[&str] = &[
    "credit note",
    "credit memo",
    "avoir",
    "facture d avoir",
    "gutschrift",
    "rechnungskorrektur",
    "creditnota",
    "creditfactuur",
    "nota de credito",
    "factura rectificativa",
    "nota di credito",
    "nota de credito",
    "faktura korygujaca",
    "korekta",
    "opravny danovy doklad",
    "dobropis",
    "kreditfaktura",
    "kreditnota",
    "hyvityslasku",
];

/// Words linking a noun to what qualifies it (`Rechnung des Versicherers Nr.`, `Facture de
/// l'acompte N°`): read through when looking for what a number mark numbers.
/// `Invoice Serial No.`, `Tax Invoice Sl. No.`: a serial number of the invoice is its number.
pub(crate) const LINKS: &[&str] = &[
    "serial", "sl", "des", "der", "die", "das", "de", "du", "d", "l", "la", "le", "of", "the",
    "van", "het", "del", "della", "di",
];

/// Words that say "number": `No.`, `Nr.`, `N°`, `#`, `n.`, `Number`, `Nummer`, `Numéro`...
pub(crate) const NUMBER_MARKS: &[&str] = &[
    "no",
    "nr",
    "n",
    "num",
    "number",
    "nummer",
    "numero",
    "#",
    "nro",
    "ref",
    "reference",
    "numer",
    "cislo",
    "c",
    "szam",
    "szama",
    "sorszam",
    "sorszama",
    "numar",
    "numarul",
    "stevilka",
    "broj",
    "br",
    "numurs",
    "numeris",
];

/// Compounds that are an invoice number label by themselves.
pub(crate) const NUMBER_COMPOUNDS: &[&str] = &[
    "rechnungsnummer",
    "rechnungsnr",
    "rechnungnr",
    "belegnummer",
    "belegnr",
    "factuurnummer",
    "factuurnr",
    "invoiceno",
    "invoicenumber",
    "renr",
    "fakturanummer",
    "fakturanr",
    "laskunumero",
    "laskunro",
    "szamlaszam",
];

/// Words that, before a number mark, say it numbers something else than the invoice.
pub(crate) const OTHER_SUBJECTS: &[&str] = &[
    "order",
    "po",
    "purchase",
    "customer",
    "client",
    "account",
    "delivery",
    "contract",
    "vat",
    "tax",
    "phone",
    "tel",
    "fax",
    "page",
    "item",
    "article",
    "art",
    "project",
    "bestellung",
    "bestell",
    "auftrag",
    "auftrags",
    "kunden",
    "kunde",
    "lieferung",
    "liefer",
    "lieferschein",
    "vertrag",
    "vertrags",
    "steuer",
    "ust",
    "konto",
    "seite",
    "artikel",
    "projekt",
    "personal",
    "personalnr",
    "hrb",
    "hra",
    "register",
    "lv",
    "commande",
    "comanda",
    "comenzii",
    "rendeles",
    "objednavka",
    "objednavky",
    "narudzba",
    "narocilo",
    "tellimus",
    "pasutijums",
    "uzsakymas",
    "livraison",
    "contrat",
    "tva",
    "compte",
    "siren",
    "siret",
    "rcs",
    "projet",
    "bestelling",
    "klant",
    "klantnummer",
    "levering",
    "btw",
    "kvk",
    "pedido",
    "cliente",
    "albaran",
    "entrega",
    "remision",
    "contrato",
    "iva",
    "cuenta",
    "ordine",
    "consegna",
    "ddt",
    "contratto",
    "partita",
    "conto",
    "gln",
    "tender",
    "kostenstelle",
    "lot",
    "bl",
    "bc",
    "associee",
    "sales",
    "vente",
    "reception",
    "dossier",
    "ein",
    "tin",
    "gst",
    "gstin",
    "pan",
    "iban",
    "bic",
    "swift",
    "uid",
    "abn",
    "ssn",
    "duns",
    "eori",
    "nif",
    "cif",
    "piva",
    "cf",
    "stnr",
    "idnr",
    "ustidnr",
    "hrb",
];
