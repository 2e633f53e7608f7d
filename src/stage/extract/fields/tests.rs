//! The reader's rules, one test per rule in each of its languages, and properties that hold
//! whatever the words and the layout.

use super::super::layout::{Cell, Layout, Line};
use super::*;

fn read_plain(layout: &Layout) -> Fields {
    read(layout, Known::default()).0
}

/// A layout from lines of cells; cells 100 units apart.
fn layout(lines: &[&[&str]]) -> Layout {
    paged_layout(&lines.iter().map(|cells| (1, *cells)).collect::<Vec<_>>())
}

/// A layout from lines of cells on the pages given; cells 100 units apart.
pub(super) fn paged_layout(lines: &[(u32, &[&str])]) -> Layout {
    Layout {
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, (page, cells))| Line {
                page: *page,
                y: -(i as f32) * 20.0,
                cells: cells
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !t.is_empty())
                    .map(|(c, t)| Cell {
                        x0: c as f32 * 100.0,
                        x1: c as f32 * 100.0 + 90.0,
                        text: t.to_string(),
                        size: 10.0,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[test]
fn labels_left_of_values_in_german() {
    let fields = read_plain(&layout(&[
        &["Messebau Köhler GmbH", "RECHNUNG"],
        &["60314 Frankfurt am Main", "Rechnungsnummer", "MK-1424/24"],
        &[
            "USt-IdNr. DE 301122334",
            "Rechnungsdatum",
            "21. August 2024",
        ],
        &["Rechnungsempfänger"],
        &["Adatum Systemhaus GmbH"],
        &["", "Nettobetrag", "1.395,40 EUR"],
        &["", "Gesamtbetrag", "1.660,53 EUR"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("MK-1424/24"));
    assert_eq!(fields.text("document_date").as_deref(), Some("2024-08-21"));
    assert_eq!(fields.text("amount").as_deref(), Some("1660.53"));
    assert_eq!(fields.currency.as_deref(), Some("EUR"));
    assert_eq!(fields.vendor.as_deref(), Some("Messebau Köhler GmbH"));
}

#[test]
fn labels_above_values() {
    let fields = read_plain(&layout(&[
        &["Contoso Events Ireland Ltd", "", "INVOICE"],
        &["Invoice No.", "Invoice date", "Payment due"],
        &["CEI-07951", "10/01/2025", "09/02/2025"],
        &["Invoice to"],
        &["Cloudéo Conseil SARL"],
        &["", "Subtotal (net)", "€9,903.76"],
        &["", "Total", "€12,181.62"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("CEI-07951"));
    assert_eq!(fields.text("document_date").as_deref(), Some("2025-01-10"));
    assert_eq!(fields.text("amount").as_deref(), Some("12181.62"));
    assert_eq!(fields.currency.as_deref(), Some("EUR"));
    assert_eq!(fields.vendor.as_deref(), Some("Contoso Events Ireland Ltd"));
}

#[test]
fn labels_right_of_values_in_french() {
    let fields = read_plain(&layout(&[
        &["FACTURE", "Imprimerie Duval & Fils"],
        &["2024/8322", "Numéro de facture", "SIRET 412 345 678 00021"],
        &["26 août 2024", "Date"],
        &["Facturé à"],
        &["Cloudéo Conseil SARL"],
        &["4 799,20 €", "Total HT"],
        &["5 759,04 €", "Montant TTC"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("2024/8322"));
    assert_eq!(fields.text("document_date").as_deref(), Some("2024-08-26"));
    assert_eq!(fields.text("amount").as_deref(), Some("5759.04"));
    assert_eq!(fields.vendor.as_deref(), Some("Imprimerie Duval & Fils"));
}

#[test]
fn a_statement_names_its_partner_and_signature_date() {
    let fields = read_plain(&layout(&[
        &["Certification Statement and Report"],
        &["Partner", "Adatum Systemhaus GmbH"],
        &["Activity start", "2024-09-19"],
        &["Currency", "EUR"],
        &["Total", "92", "7556.75"],
        &["Date", "2024-12-02"],
    ]));
    assert_eq!(fields.vendor.as_deref(), Some("Adatum Systemhaus GmbH"));
    assert_eq!(fields.text("amount").as_deref(), Some("7556.75"));
    assert_eq!(fields.currency.as_deref(), Some("EUR"));
    assert_eq!(fields.text("document_date").as_deref(), Some("2024-12-02"));
    assert_eq!(fields.invoice_number, None);
}

/// How one language writes an invoice: its labels and how it prints numbers and dates.
struct Language {
    name: &'static str,
    title: &'static str,
    number: &'static str,
    issue_date: &'static str,
    due_date: &'static str,
    order_number: &'static str,
    net: &'static str,
    tax: &'static str,
    gross: &'static str,
    paid: &'static str,
    due: &'static str,
    seller: &'static str,
    buyer: &'static str,
    /// `day, month, year` -> the date as printed.
    date: fn(u32, u32, i32) -> String,
    /// cents -> the amount as printed, currency included.
    money: fn(i64) -> String,
    currency: &'static str,
}

fn grouped(cents: i64, thousands: &str, decimal: &str) -> String {
    let units = (cents.abs() / 100).to_string();
    let mut out = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            out.push_str(thousands);
        }
        out.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{out}{decimal}{:02}", cents.abs() % 100)
}

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MESES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month(names: &[&'static str; 12], m: u32) -> &'static str {
    names.get(m as usize - 1).copied().unwrap_or("")
}

const LANGUAGES: &[Language] = &[
    Language {
        name: "en",
        title: "INVOICE",
        number: "Invoice No.",
        issue_date: "Invoice date",
        due_date: "Due date",
        order_number: "PO number",
        net: "Subtotal",
        tax: "VAT 20%",
        gross: "Total incl. VAT",
        paid: "Deposit paid",
        due: "Balance due",
        seller: "Supplier",
        buyer: "Bill to",
        date: |d, m, y| format!("{} {d}, {y}", month(&MONTHS, m)),
        money: |c| format!("${}", grouped(c, ",", ".")),
        currency: "USD",
    },
    Language {
        name: "fr",
        title: "FACTURE",
        number: "Facture N°",
        issue_date: "Date de facture",
        due_date: "Date d'échéance",
        order_number: "N° de commande",
        net: "Total HT",
        tax: "TVA 20 %",
        gross: "Total TTC",
        paid: "Acompte versé",
        due: "Net à payer",
        seller: "Fournisseur",
        buyer: "Facturé à",
        date: |d, m, y| format!("{d} {} {y}", month(&MOIS, m)),
        money: |c| format!("{} €", grouped(c, "\u{202f}", ",")),
        currency: "EUR",
    },
    Language {
        name: "de",
        title: "RECHNUNG",
        number: "Rechnungsnummer",
        issue_date: "Rechnungsdatum",
        due_date: "Fällig am",
        order_number: "Bestellnummer",
        net: "Nettobetrag",
        tax: "MwSt. 19 %",
        gross: "Gesamtbetrag",
        paid: "Anzahlung",
        due: "Zahlbetrag",
        seller: "Verkäufer",
        buyer: "Rechnungsempfänger",
        date: |d, m, y| format!("{d:02}.{m:02}.{y}"),
        money: |c| format!("{} EUR", grouped(c, ".", ",")),
        currency: "EUR",
    },
    Language {
        name: "nl",
        title: "FACTUUR",
        number: "Factuurnummer",
        issue_date: "Factuurdatum",
        due_date: "Vervaldatum",
        order_number: "Ordernummer",
        net: "Subtotaal",
        tax: "BTW 21%",
        gross: "Totaal incl. BTW",
        paid: "Reeds betaald",
        due: "Te betalen",
        seller: "Leverancier",
        buyer: "Klant",
        date: |d, m, y| format!("{d:02}-{m:02}-{y}"),
        money: |c| format!("€ {}", grouped(c, ".", ",")),
        currency: "EUR",
    },
    Language {
        name: "es",
        title: "FACTURA",
        number: "Factura nº",
        issue_date: "Fecha de factura",
        due_date: "Fecha de vencimiento",
        order_number: "Nº de pedido",
        net: "Base imponible",
        tax: "IVA 21%",
        gross: "Total factura",
        paid: "Anticipo",
        due: "Total a pagar",
        seller: "Proveedor",
        buyer: "Cliente",
        date: |d, m, y| format!("{d} de {} de {y}", month(&MESES, m)),
        money: |c| format!("{} €", grouped(c, ".", ",")),
        currency: "EUR",
    },
    Language {
        name: "it",
        title: "FATTURA",
        number: "Fattura n.",
        issue_date: "Data fattura",
        due_date: "Data scadenza",
        order_number: "Ordine n.",
        net: "Imponibile",
        tax: "IVA 22%",
        gross: "Totale fattura",
        paid: "Acconto",
        due: "Netto a pagare",
        seller: "Fornitore",
        buyer: "Cliente",
        date: |d, m, y| format!("{d:02}/{m:02}/{y}"),
        money: |c| format!("€ {}", grouped(c, ".", ",")),
        currency: "EUR",
    },
    Language {
        name: "pt",
        title: "FATURA",
        number: "Fatura nº",
        issue_date: "Data de emissão",
        due_date: "Data de vencimento",
        order_number: "Nº do pedido",
        net: "Valor líquido",
        tax: "IVA 23%",
        gross: "Valor total",
        paid: "Adiantamento pago",
        due: "Valor a pagar",
        seller: "Emitente",
        buyer: "Destinatário",
        date: |d, m, y| format!("{d} de {} de {y}", month(&MESES_PT, m)),
        money: |c| format!("{} €", grouped(c, ".", ",")),
        currency: "EUR",
    },
    Language {
        name: "pl",
        title: "FAKTURA VAT",
        number: "Faktura nr",
        issue_date: "Data wystawienia",
        due_date: "Termin płatności",
        order_number: "Zamówienie nr",
        net: "Wartość netto",
        tax: "VAT 23%",
        gross: "Wartość brutto",
        paid: "Zapłacono",
        due: "Razem do zapłaty",
        seller: "Sprzedawca",
        buyer: "Nabywca",
        date: |d, m, y| format!("{y}-{m:02}-{d:02}"),
        money: |c| format!("{} zł", grouped(c, " ", ",")),
        currency: "PLN",
    },
    Language {
        name: "cs",
        title: "FAKTURA - DAŇOVÝ DOKLAD",
        number: "Faktura č.",
        issue_date: "Datum vystavení",
        due_date: "Datum splatnosti",
        order_number: "Objednávka č.",
        net: "Základ daně",
        tax: "DPH 21 %",
        gross: "Celkem s DPH",
        paid: "Uhrazeno zálohou",
        due: "Celkem k úhradě",
        seller: "Dodavatel",
        buyer: "Odběratel",
        date: |d, m, y| format!("{d}. {m}. {y}"),
        money: |c| format!("{} Kč", grouped(c, "\u{a0}", ",")),
        currency: "CZK",
    },
    Language {
        name: "sv",
        title: "FAKTURA",
        number: "Fakturanummer",
        issue_date: "Fakturadatum",
        due_date: "Förfallodatum",
        order_number: "Ordernummer",
        net: "Belopp exkl. moms",
        tax: "Moms 25%",
        gross: "Totalt inkl. moms",
        paid: "Förskott betalt",
        due: "Att betala",
        seller: "Säljare",
        buyer: "Kund",
        date: |d, m, y| format!("{y}-{m:02}-{d:02}"),
        money: |c| format!("{} kr", grouped(c, " ", ",")),
        currency: "SEK",
    },
    Language {
        name: "da",
        title: "FAKTURA",
        number: "Fakturanr.",
        issue_date: "Fakturadato",
        due_date: "Forfaldsdato",
        order_number: "Ordrenr.",
        net: "Subtotal ekskl. moms",
        tax: "Moms 25%",
        gross: "Total inkl. moms",
        paid: "Forudbetalt",
        due: "At betale",
        seller: "Leverandør",
        buyer: "Kunde",
        date: |d, m, y| format!("{d:02}.{m:02}.{y}"),
        money: |c| format!("DKK {}", grouped(c, ".", ",")),
        currency: "DKK",
    },
    Language {
        name: "fi",
        title: "LASKU",
        number: "Laskun numero",
        issue_date: "Laskun päiväys",
        due_date: "Eräpäivä",
        order_number: "Tilausnumero",
        net: "Veroton yhteensä",
        tax: "ALV 24 %",
        gross: "Verollinen yhteensä",
        paid: "Ennakkomaksu maksettu",
        due: "Maksettava",
        seller: "Myyjä",
        buyer: "Asiakas",
        date: |d, m, y| format!("{d}.{m}.{y}"),
        money: |c| format!("{} €", grouped(c, " ", ",")),
        currency: "EUR",
    },
    Language {
        name: "hu",
        title: "SZÁMLA",
        number: "Számla sorszáma",
        issue_date: "Számla kelte",
        due_date: "Fizetési határidő",
        order_number: "Rendelésszám",
        net: "Nettó összesen",
        tax: "ÁFA 27%",
        gross: "Bruttó összesen",
        paid: "Előleg fizetve",
        due: "Fizetendő",
        seller: "Eladó",
        buyer: "Vevő",
        date: |d, m, y| format!("{y}.{m:02}.{d:02}."),
        money: |c| format!("{} Ft", grouped(c, " ", ",")),
        currency: "HUF",
    },
    Language {
        name: "ro",
        title: "FACTURĂ",
        number: "Număr factură",
        issue_date: "Data emiterii",
        due_date: "Data scadenței",
        order_number: "Număr comandă",
        net: "Total fără TVA",
        tax: "TVA 19%",
        gross: "Total cu TVA",
        paid: "Avans plătit",
        due: "Total de plată",
        seller: "Furnizor",
        buyer: "Cumpărător",
        date: |d, m, y| format!("{d:02}.{m:02}.{y}"),
        money: |c| format!("{} lei", grouped(c, ".", ",")),
        currency: "RON",
    },
    Language {
        name: "sk",
        title: "FAKTÚRA",
        number: "Číslo faktúry",
        issue_date: "Dátum vystavenia",
        due_date: "Dátum splatnosti",
        order_number: "Objednávka č.",
        net: "Základ dane",
        tax: "DPH 20 %",
        gross: "Spolu s DPH",
        paid: "Uhradené zálohou",
        due: "Celkom k úhrade",
        seller: "Dodávateľ",
        buyer: "Odberateľ",
        date: |d, m, y| format!("{d}. {m}. {y}"),
        money: |c| format!("{} €", grouped(c, " ", ",")),
        currency: "EUR",
    },
    Language {
        name: "sl",
        title: "RAČUN",
        number: "Številka računa",
        issue_date: "Datum izdaje",
        due_date: "Datum zapadlosti",
        order_number: "Naročilo",
        net: "Osnova za DDV",
        tax: "DDV 22 %",
        gross: "Skupaj z DDV",
        paid: "Plačano",
        due: "Za plačilo",
        seller: "Izdajatelj",
        buyer: "Kupec",
        date: |d, m, y| format!("{d}. {m}. {y}"),
        money: |c| format!("{} €", grouped(c, ".", ",")),
        currency: "EUR",
    },
    Language {
        name: "hr",
        title: "RAČUN",
        number: "Broj računa",
        issue_date: "Datum izdavanja",
        due_date: "Datum dospijeća",
        order_number: "Narudžba br.",
        net: "Osnovica",
        tax: "PDV 25 %",
        gross: "Ukupno s PDV-om",
        paid: "Plaćeno",
        due: "Za platiti",
        seller: "Prodavatelj",
        buyer: "Kupac",
        date: |d, m, y| format!("{d:02}.{m:02}.{y}."),
        money: |c| format!("{} EUR", grouped(c, ".", ",")),
        currency: "EUR",
    },
    Language {
        name: "et",
        title: "ARVE",
        number: "Arve nr",
        issue_date: "Arve kuupäev",
        due_date: "Maksetähtaeg",
        order_number: "Tellimus",
        net: "Käibemaksuta summa",
        tax: "Käibemaks 22%",
        gross: "Kokku",
        paid: "Ettemaks",
        due: "Tasumisele kuulub",
        seller: "Müüja",
        buyer: "Ostja",
        date: |d, m, y| format!("{d:02}.{m:02}.{y}"),
        money: |c| format!("{} €", grouped(c, " ", ",")),
        currency: "EUR",
    },
    Language {
        name: "lv",
        title: "RĒĶINS",
        number: "Rēķina numurs",
        issue_date: "Rēķina datums",
        due_date: "Apmaksas termiņš",
        order_number: "Pasūtījums",
        net: "Summa bez PVN",
        tax: "PVN 21%",
        gross: "Kopā",
        paid: "Samaksāts",
        due: "Kopā apmaksai",
        seller: "Pārdevējs",
        buyer: "Pircējs",
        date: |d, m, y| format!("{d:02}.{m:02}.{y}"),
        money: |c| format!("{} EUR", grouped(c, " ", ",")),
        currency: "EUR",
    },
    Language {
        name: "lt",
        title: "SĄSKAITA FAKTŪRA",
        number: "Sąskaitos numeris",
        issue_date: "Išrašymo data",
        due_date: "Apmokėti iki",
        order_number: "Užsakymas",
        net: "Suma be PVM",
        tax: "PVM 21 %",
        gross: "Iš viso",
        paid: "Sumokėta",
        due: "Mokėti",
        seller: "Pardavėjas",
        buyer: "Pirkėjas",
        date: |d, m, y| format!("{y}-{m:02}-{d:02}"),
        money: |c| format!("{} €", grouped(c, " ", ",")),
        currency: "EUR",
    },
];

const MESES_PT: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

/// Where a label's value stands.
#[derive(Debug, Clone, Copy)]
enum Arrangement {
    /// `Label | value`
    Right,
    /// `Label` over `value`
    Below,
    /// `value | Label`
    Left,
    /// `Label: value` in one cell
    Cell,
}

/// An invoice to read, and what a careful clerk reads on it.
struct Sample {
    lines: Vec<Vec<String>>,
    number: String,
    date: String,
    gross: String,
    currency: &'static str,
    seller: String,
}

struct Shape {
    arrangement: Arrangement,
    /// The bill-to block above the seller's.
    buyer_first: bool,
    /// Decoys: a due date, an order number, net and tax, a deposit and the balance due.
    decoys: bool,
}

fn sample(lang: &Language, shape: &Shape, net_cents: i64, rate: i64, day: u32, m: u32) -> Sample {
    let tax_cents = net_cents * rate / 100;
    let gross_cents = net_cents + tax_cents;
    let paid_cents = gross_cents / 4;
    let number = format!("{}-2024-{:04}", &lang.name.to_uppercase(), net_cents % 9973);
    let issued = (lang.date)(day, m, 2024);
    let due = (lang.date)(day, if m == 12 { 1 } else { m + 1 }, 2025);
    let seller = "Nordlicht Messebau GmbH".to_string();
    let buyer = "Adatum Systemhaus AG".to_string();
    let pair = |label: &str, value: &str| -> Vec<Vec<String>> {
        match shape.arrangement {
            Arrangement::Right => vec![vec![String::new(), label.into(), value.into()]],
            Arrangement::Left => vec![vec![String::new(), value.into(), label.into()]],
            Arrangement::Cell => vec![vec![String::new(), format!("{label}: {value}")]],
            Arrangement::Below => vec![
                vec![String::new(), label.into()],
                vec![String::new(), value.into()],
            ],
        }
    };
    let mut lines: Vec<Vec<String>> = vec![vec![String::new(), String::new(), lang.title.into()]];
    let seller_block = vec![
        vec![lang.seller.to_string()],
        vec![seller.clone()],
        vec!["Hafenstraße 12".to_string()],
        vec!["20457 Hamburg".to_string()],
        vec![String::new()],
    ];
    let buyer_block = vec![
        vec![lang.buyer.to_string()],
        vec![buyer.clone()],
        vec!["Rue de la Paix 4".to_string()],
        vec!["75002 Paris".to_string()],
        vec![String::new()],
    ];
    if shape.buyer_first {
        lines.extend(buyer_block);
        lines.extend(seller_block);
    } else {
        lines.extend(seller_block);
        lines.extend(buyer_block);
    }
    lines.extend(pair(lang.number, &number));
    lines.extend(pair(lang.issue_date, &issued));
    if shape.decoys {
        lines.extend(pair(lang.due_date, &due));
        lines.extend(pair(lang.order_number, "PO-4471"));
    }
    lines.push(vec![String::new()]);
    if shape.decoys {
        lines.extend(pair(lang.net, &(lang.money)(net_cents)));
        lines.extend(pair(lang.tax, &(lang.money)(tax_cents)));
    }
    lines.extend(pair(lang.gross, &(lang.money)(gross_cents)));
    if shape.decoys {
        lines.extend(pair(lang.paid, &(lang.money)(paid_cents)));
        lines.extend(pair(lang.due, &(lang.money)(gross_cents - paid_cents)));
    }
    Sample {
        lines,
        number,
        date: format!("2024-{m:02}-{day:02}"),
        gross: crate::domain::money(Decimal::new(gross_cents, 2)),
        currency: lang.currency,
        seller,
    }
}

fn layout_of(lines: &[Vec<String>]) -> Layout {
    let rows: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| l.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    layout(&rows)
}

fn check(lang: &Language, shape: &Shape, net: i64, rate: i64, day: u32, m: u32) {
    let sample = sample(lang, shape, net, rate, day, m);
    let (fields, evidence) = read(&layout_of(&sample.lines), Known::default());
    let context = format!(
        "{} {:?} buyer_first={} decoys={}\n{:#?}\n{evidence:#?}",
        lang.name, shape.arrangement, shape.buyer_first, shape.decoys, sample.lines
    );
    assert_eq!(
        fields.invoice_number.as_deref(),
        Some(sample.number.as_str()),
        "{context}"
    );
    assert_eq!(
        fields.text("document_date").as_deref(),
        Some(sample.date.as_str()),
        "{context}"
    );
    assert_eq!(
        fields.text("amount").as_deref(),
        Some(sample.gross.as_str()),
        "{context}"
    );
    assert_eq!(
        fields.currency.as_deref(),
        Some(sample.currency),
        "{context}"
    );
    assert_eq!(
        fields.vendor.as_deref(),
        Some(sample.seller.as_str()),
        "{context}"
    );
}

const ARRANGEMENTS: [Arrangement; 4] = [
    Arrangement::Right,
    Arrangement::Below,
    Arrangement::Left,
    Arrangement::Cell,
];

fn every_arrangement(lang: &str) {
    let lang = LANGUAGES
        .iter()
        .find(|l| l.name == lang)
        .unwrap_or_else(|| panic!("no language {lang}"));
    for arrangement in ARRANGEMENTS {
        for buyer_first in [false, true] {
            for decoys in [false, true] {
                let shape = Shape {
                    arrangement,
                    buyer_first,
                    decoys,
                };
                check(lang, &shape, 123_456, 20, 9, 10);
            }
        }
    }
}

#[test]
fn an_english_invoice_in_every_arrangement() {
    every_arrangement("en");
}

#[test]
fn a_french_invoice_in_every_arrangement() {
    every_arrangement("fr");
}

#[test]
fn a_german_invoice_in_every_arrangement() {
    every_arrangement("de");
}

#[test]
fn a_dutch_invoice_in_every_arrangement() {
    every_arrangement("nl");
}

#[test]
fn a_spanish_invoice_in_every_arrangement() {
    every_arrangement("es");
}

#[test]
fn an_italian_invoice_in_every_arrangement() {
    every_arrangement("it");
}

#[test]
fn a_portuguese_invoice_in_every_arrangement() {
    every_arrangement("pt");
}

#[test]
fn a_polish_invoice_in_every_arrangement() {
    every_arrangement("pl");
}

#[test]
fn a_czech_invoice_in_every_arrangement() {
    every_arrangement("cs");
}

#[test]
fn a_swedish_invoice_in_every_arrangement() {
    every_arrangement("sv");
}

#[test]
fn a_danish_invoice_in_every_arrangement() {
    every_arrangement("da");
}

#[test]
fn a_finnish_invoice_in_every_arrangement() {
    every_arrangement("fi");
}

#[test]
fn a_hungarian_invoice_in_every_arrangement() {
    every_arrangement("hu");
}

#[test]
fn a_romanian_invoice_in_every_arrangement() {
    every_arrangement("ro");
}

#[test]
fn a_slovak_invoice_in_every_arrangement() {
    every_arrangement("sk");
}

#[test]
fn a_slovenian_invoice_in_every_arrangement() {
    every_arrangement("sl");
}

#[test]
fn a_croatian_invoice_in_every_arrangement() {
    every_arrangement("hr");
}

#[test]
fn a_estonian_invoice_in_every_arrangement() {
    every_arrangement("et");
}

#[test]
fn a_latvian_invoice_in_every_arrangement() {
    every_arrangement("lv");
}

#[test]
fn a_lithuanian_invoice_in_every_arrangement() {
    every_arrangement("lt");
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn arrangement() -> impl Strategy<Value = Arrangement> {
        prop::sample::select(ARRANGEMENTS.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Whatever the language, where values stand from their labels, which party block
        /// comes first and the decoy dates and amounts, the five fields are the invoice's.
        #[test]
        fn the_fields_are_the_invoices_whatever_the_layout(
            lang in 0..LANGUAGES.len(),
            arrangement in arrangement(),
            buyer_first in any::<bool>(),
            decoys in any::<bool>(),
            net in 1_000i64..50_000_000,
            rate in prop::sample::select(vec![0i64, 7, 10, 19, 20, 21, 22]),
            day in 1u32..=28,
            m in 1u32..=12,
        ) {
            let shape = Shape { arrangement, buyer_first, decoys };
            if let Some(lang) = LANGUAGES.get(lang) {
                check(lang, &shape, net, rate, day, m);
            }
        }

        /// The partner's own names are never the vendor, wherever they stand.
        #[test]
        fn an_own_name_is_never_the_vendor(
            lang in 0..LANGUAGES.len(),
            arrangement in arrangement(),
            buyer_first in any::<bool>(),
        ) {
            let shape = Shape { arrangement, buyer_first, decoys: true };
            if let Some(lang) = LANGUAGES.get(lang) {
                let sample = sample(lang, &shape, 100_000, 20, 3, 4);
                let own = vec![sample.seller.clone()];
                let (fields, _) = read(&layout_of(&sample.lines), Known { own_names: &own, explain: false });
                prop_assert_ne!(fields.vendor.as_deref(), Some(sample.seller.as_str()));
                prop_assert_ne!(fields.vendor.as_deref(), Some("Adatum Systemhaus AG"));
            }
        }

        /// Any text in any cells: the reader gives an answer or nothing, never a panic, and
        /// every field it fills has its evidence.
        #[test]
        fn any_text_is_read_without_panic(
            cells in prop::collection::vec(prop::collection::vec(".{0,40}", 0..5), 0..30),
        ) {
            let lines: Vec<Vec<String>> = cells;
            let (fields, evidence) = read(&layout_of(&lines), Known::default());
            for name in ["invoice_number", "document_date", "vendor", "currency"] {
                prop_assert_eq!(fields.text(name).is_some(), evidence.contains_key(name));
            }
        }
    }
}

/// A statement of in-house work as each language writes it: the partner that signs it, its
/// lines of hours, the total, and the signature date at the foot, after the activity's dates.
#[test]
fn a_statement_in_each_language_names_its_partner_total_and_signature_date() {
    let statements: [[&str; 8]; 6] = [
        [
            "Partner",
            "Activity start",
            "Currency",
            "Role",
            "Hours",
            "Amount",
            "Total",
            "Date",
        ],
        [
            "Partenaire",
            "Début de l'activité",
            "Devise",
            "Rôle",
            "Heures",
            "Montant",
            "Total",
            "Date",
        ],
        [
            "Partnerunternehmen",
            "Beginn der Aktivität",
            "Währung",
            "Rolle",
            "Stunden",
            "Betrag",
            "Summe",
            "Datum",
        ],
        [
            "Partner",
            "Startdatum activiteit",
            "Valuta",
            "Rol",
            "Uren",
            "Bedrag",
            "Totaal",
            "Datum",
        ],
        [
            "Socio",
            "Inicio de la actividad",
            "Moneda",
            "Función",
            "Horas",
            "Importe",
            "Total",
            "Fecha",
        ],
        [
            "Partner",
            "Inizio attività",
            "Valuta",
            "Ruolo",
            "Ore",
            "Importo",
            "Totale",
            "Data",
        ],
    ];
    for [partner, start, currency, role, hours, amount, total, date] in statements {
        let fields = read_plain(&layout(&[
            &["CSR"],
            &[&format!("{partner}:"), "Cloudéo Conseil SARL"],
            &[start, "2024-09-01"],
            &[currency, "EUR"],
            &[role, hours, "", amount],
            &["Architecte", "46,5", "", "3952,50"],
            &["Marketing", "5,0", "", "375,00"],
            &[total, "51,5", "", "4327,50"],
            &[date, "2024-11-04"],
        ]));
        assert_eq!(
            fields.vendor.as_deref(),
            Some("Cloudéo Conseil SARL"),
            "{partner}"
        );
        assert_eq!(fields.text("amount").as_deref(), Some("4327.50"), "{total}");
        assert_eq!(fields.currency.as_deref(), Some("EUR"), "{currency}");
        assert_eq!(
            fields.text("document_date").as_deref(),
            Some("2024-11-04"),
            "{date}"
        );
    }
}

/// A letter names its sender on one line over the window: the sender is the vendor, not the
/// addressee under it.
#[test]
fn a_sender_line_names_the_vendor_in_each_language() {
    let towns = [
        (
            "Bei Spiel Ltd • 12 High Street • London EC1A 1BB",
            "Bei Spiel Ltd",
        ),
        (
            "Imprimerie Duval SARL · 35 rue d'ici · 75018 Paris",
            "Imprimerie Duval SARL",
        ),
        (
            "Bei Spiel GmbH ● Ecke 12 ● 12345 Stadthausen",
            "Bei Spiel GmbH",
        ),
        (
            "Drukkerij De Vries B.V. | Kerkstraat 5 | 1012 AB Amsterdam",
            "Drukkerij De Vries B.V.",
        ),
        (
            "Imprenta Sol S.L. · Calle Mayor 3 · 28013 Madrid",
            "Imprenta Sol S.L.",
        ),
        (
            "Tipografia Rossi S.r.l. • Via Roma 10 • 00184 Roma",
            "Tipografia Rossi S.r.l.",
        ),
    ];
    for (line, sender) in towns {
        let fields = read_plain(&layout(&[
            &[line],
            &["Adatum Systemhaus AG"],
            &["Musterstraße 1"],
            &["37073 Göttingen"],
        ]));
        assert_eq!(fields.vendor.as_deref(), Some(sender), "{line}");
    }
}

/// What labels of another thing look like in each language, beside a total they must not
/// take: a price column, a count, a discount, a due date.
#[test]
fn look_alike_labels_do_not_take_the_total() {
    let cases: [(&str, &str); 6] = [
        ("Unit price", "Total"),
        ("Prix unitaire", "Total TTC"),
        ("Bruttopreis", "Gesamtbetrag"),
        ("Prijs per stuk", "Totaal"),
        ("Precio unitario", "Total factura"),
        ("Prezzo unitario", "Totale fattura"),
    ];
    for (price, total) in cases {
        let fields = read_plain(&layout(&[
            &["Description", "Qty", price, "Amount"],
            &["Booth", "2", "9.999,00 EUR", "19.998,00 EUR"],
            &["", "", total, "23.797,62 EUR"],
        ]));
        assert_eq!(
            fields.text("amount").as_deref(),
            Some("23797.62"),
            "{price} / {total}"
        );
    }
}

/// A credit note refunds: its total counts against the claim, in each language.
#[test]
fn a_credit_note_total_is_negative() {
    for title in [
        "Credit note",
        "AVOIR N° A-17",
        "Gutschrift",
        "Creditnota",
        "Nota de crédito",
        "Nota di credito",
    ] {
        let fields = read_plain(&layout(&[&[title], &["", "Total", "110,00 EUR"]]));
        assert_eq!(fields.text("amount").as_deref(), Some("-110.00"), "{title}");
    }
}

/// No confident candidate, no value: a lone number is not a total, a lone name not a vendor
/// unless it heads the page.
#[test]
fn nothing_confident_leaves_fields_empty() {
    let (fields, evidence) = read(
        &layout(&[&["Notes"], &["see attached"], &["", "", "1.234,56"]]),
        Known::default(),
    );
    assert_eq!(fields.amount, None);
    assert_eq!(fields.invoice_number, None);
    assert_eq!(fields.document_date, None);
    assert!(!evidence.contains_key("amount"));
}

/// A CSR form names its fields as its author liked: snake case, camel case, qualified names.
#[test]
fn form_fields_named_any_way_give_total_and_signature_date() {
    for (total, signed) in [
        ("grand total", "date signed"),
        ("Total Amount", "Signature Date"),
        ("form1 total eur", "form1 signed on"),
        ("Gesamtbetrag", "Unterschriftsdatum"),
        ("montant total", "date de signature"),
        ("importe total", "fecha de firma"),
    ] {
        let mut page = layout(&[
            &["partner", "Adatum Systemhaus GmbH"],
            &["period start", "2024-09-01"],
            &["currency", "EUR"],
            &["amount 1", "1200,00"],
            &["amount 2", "300,00"],
            &[total, "1500,00"],
            &[signed, "2024-11-04"],
        ]);
        for line in &mut page.lines {
            line.page = FORM_PAGE;
        }
        let fields = read_plain(&page);
        assert_eq!(fields.text("amount").as_deref(), Some("1500.00"), "{total}");
        assert_eq!(
            fields.text("document_date").as_deref(),
            Some("2024-11-04"),
            "{signed}"
        );
        assert_eq!(fields.vendor.as_deref(), Some("Adatum Systemhaus GmbH"));
    }
}

#[test]
fn a_number_under_or_beside_the_title_or_glued_to_it() {
    let cases: &[(&[&[&str]], Option<&str>)] = &[
        (&[&["INVOICE", "#INV-2025-001"]], Some("INV-2025-001")),
        (&[&["FACTURE"], &["FA-2019-0042"]], Some("FA-2019-0042")),
        (&[&["Rechnung"], &["8812044"]], Some("8812044")),
        (&[&["Invoice INV/2023/01187"]], Some("INV/2023/01187")),
        (
            &[&["Tax Invoice", "No. SO/2021/0458"]],
            Some("SO/2021/0458"),
        ),
        (&[&["Nº 000.000.002"]], Some("000.000.002")),
        // Under the title, a name with a digit in it is not a number.
        (&[&["INVOICE"], &["3M Company"]], None),
        // A number mark opening an address line numbers a house.
        (&[&["No. 12 Main Street"]], None),
        // Another label beside the title says what its value is.
        (&[&["INVOICE", "Date 2024-03-01"]], None),
    ];
    for (lines, want) in cases {
        let fields = read_plain(&layout(lines));
        assert_eq!(fields.invoice_number.as_deref(), *want, "{lines:?}");
    }
}

#[test]
fn an_addressee_a_copy_mark_a_slogan_or_a_lone_legal_form_is_no_vendor() {
    for top in [
        "Herrn Jan Becker",
        "Mevrouw A. de Vries",
        "ORIGINAL",
        "Duplicado",
        "Experts in earning trusts",
        "Inc.",
    ] {
        let fields = read_plain(&layout(&[&[top], &["Invoice No. 4471"]]));
        assert_eq!(fields.vendor, None, "{top}");
    }
    let fields = read_plain(&layout(&[
        &["ORIGINAL"],
        &["Harbor Lane Media Group, Inc."],
        &["12 Harbor Lane"],
        &["Portland, OR 97201"],
    ]));
    assert_eq!(
        fields.vendor.as_deref(),
        Some("Harbor Lane Media Group, Inc.")
    );
}

#[test]
fn an_amount_with_thousands_separators_is_one_amount() {
    for lines in [
        &[&["TOTAL USD $12,480.00"][..]][..],
        &[&["TOTAL", "USD", "$12,480.00"][..]][..],
        &[&["Total", "USD 12,480.00"][..]][..],
        &[&["Razem do zapłaty", "2.340.000"][..]][..],
        &[&["Att betala", "86 250 kr"][..]][..],
    ] {
        let fields = read_plain(&layout(lines));
        let want = if lines[0].iter().any(|c| c.contains("2.340")) {
            "2340000.00"
        } else if lines[0].iter().any(|c| c.contains("86 250")) {
            "86250.00"
        } else {
            "12480.00"
        };
        assert_eq!(fields.text("amount").as_deref(), Some(want), "{lines:?}");
    }
}

#[test]
fn a_previous_balance_beside_the_total_is_not_the_total() {
    let fields = read_plain(&layout(&[
        &["INVOICE", "No. 2024-118"],
        &["Previous balance", "$3,120.00"],
        &["Subtotal", "$1,000.00"],
        &["Tax", "$80.00"],
        &["Total", "$1,080.00"],
        &["Balance due", "$4,200.00"],
    ]));
    assert_eq!(fields.text("amount").as_deref(), Some("1080.00"));
}

/// CSR sheets laid out any way people lay them out: the partner and the signature date beside
/// their label, under it or in its cell; a table of roles whose money column may stand before
/// or after the hours and the rate, its total row carrying hours and money in their columns.
mod statement_sheets {
    use proptest::prelude::*;

    use super::*;

    /// Words of one language: partner, signature date, role, hours, rate, amount, total.
    const WORDS: [[&str; 7]; 7] = [
        [
            "Partner",
            "Date signed",
            "Role",
            "Hours",
            "Rate",
            "Amount",
            "Total",
        ],
        [
            "Partenaire",
            "Signé le",
            "Rôle",
            "Heures",
            "Taux",
            "Montant",
            "Total",
        ],
        [
            "Partnerfirma",
            "Unterschrieben am",
            "Rolle",
            "Stunden",
            "Stundensatz",
            "Betrag",
            "Summe",
        ],
        [
            "Partner",
            "Datum ondertekening",
            "Rol",
            "Uren",
            "Tarief",
            "Bedrag",
            "Totaal",
        ],
        [
            "Socio",
            "Fecha de firma",
            "Función",
            "Horas",
            "Tarifa",
            "Importe",
            "Total",
        ],
        [
            "Partner",
            "Data firma",
            "Ruolo",
            "Ore",
            "Tariffa",
            "Importo",
            "Totale",
        ],
        [
            "Parceiro",
            "Data de assinatura",
            "Função",
            "Horas",
            "Taxa",
            "Valor",
            "Total",
        ],
    ];

    #[derive(Debug, Clone, Copy)]
    enum Place {
        Beside,
        Above,
        InCell,
    }

    fn pair(place: Place, label: &str, value: &str) -> Vec<Vec<String>> {
        match place {
            Place::Beside => vec![vec![label.into(), value.into()]],
            Place::Above => vec![vec![label.into()], vec![value.into()]],
            Place::InCell => vec![vec![format!("{label}: {value}")]],
        }
    }

    fn money(cents: i64, style: u8) -> String {
        match style {
            0 => grouped(cents, ",", "."),
            1 => grouped(cents, "\u{a0}", ","),
            2 => grouped(cents, ".", ","),
            _ => format!("{}.{:02}", cents / 100, cents % 100),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn a_statement_sheet_gives_its_total_partner_and_signature_date(
            lang in 0usize..WORDS.len(),
            partner_place in prop::sample::select(vec![Place::Beside, Place::Above, Place::InCell]),
            date_place in prop::sample::select(vec![Place::Beside, Place::Above, Place::InCell]),
            // Where the money column stands among role, hours, rate and money.
            order in prop::sample::select(vec![[0, 1, 2, 3], [0, 3, 1, 2], [0, 2, 3, 1], [0, 1, 3, 2]]),
            hours in prop::collection::vec(1u32..200, 1..5),
            rate in 40i64..250,
            style in 0u8..4,
            day in 1u32..29,
            month in 1u32..13,
        ) {
            let [partner, signed, role, hours_word, rate_word, amount_word, total_word] = WORDS[lang];
            let header = [role, hours_word, rate_word, amount_word];
            let arrange = |cells: [String; 4]| -> Vec<String> {
                order.iter().map(|i| cells[*i].clone()).collect()
            };
            let mut lines: Vec<Vec<String>> = vec![vec!["CSR".into()]];
            lines.extend(pair(partner_place, partner, "Cloudéo Conseil SARL"));
            lines.push(vec![]);
            lines.push(arrange(header.map(String::from)));
            let mut total_hours = 0;
            let mut total_cents = 0;
            for (i, h) in hours.iter().enumerate() {
                let cents = i64::from(*h) * rate * 100;
                total_hours += h;
                total_cents += cents;
                lines.push(arrange([
                    format!("Role {}", i + 1),
                    h.to_string(),
                    money(rate * 100, style),
                    money(cents, style),
                ]));
            }
            lines.push(arrange([
                total_word.to_string(),
                total_hours.to_string(),
                String::new(),
                money(total_cents, style),
            ]));
            lines.push(vec![]);
            lines.extend(pair(date_place, signed, &format!("{day:02}.{month:02}.2024")));
            let fields = read_plain(&layout_of(&lines));
            let context = format!("{lines:#?}");
            let total = crate::domain::money(Decimal::new(total_cents, 2));
            prop_assert_eq!(fields.text("amount"), Some(total.clone()), "{}", context);
            prop_assert_eq!(fields.vendor.as_deref(), Some("Cloudéo Conseil SARL"), "{}", context);
            let date = format!("2024-{month:02}-{day:02}");
            prop_assert_eq!(fields.text("document_date"), Some(date.clone()), "{}", context);
        }

        /// A statement in sections, each closed by a total row labelled as the grand total
        /// is: the grand total is the one the others add up to, printed after the sections or
        /// as a summary before them.
        #[test]
        fn the_total_the_section_totals_add_up_to_is_the_grand_total(
            lang in 0usize..WORDS.len(),
            sections in prop::collection::vec(prop::collection::vec(1u32..120, 1..4), 2..5),
            rate in 40i64..250,
            style in 0u8..4,
            summary_first in any::<bool>(),
        ) {
            let [partner, _, role, hours_word, rate_word, amount_word, total_word] = WORDS[lang];
            let mut lines: Vec<Vec<String>> = vec![vec!["CSR".into()]];
            lines.extend(pair(Place::Beside, partner, "Cloudéo Conseil SARL"));
            let mut body = Vec::new();
            let mut grand = 0;
            for (s, hours) in sections.iter().enumerate() {
                body.push(vec![format!("Section {}", s + 1)]);
                body.push(vec![role.into(), hours_word.into(), rate_word.into(), amount_word.into()]);
                let mut section = 0;
                for (i, h) in hours.iter().enumerate() {
                    let cents = i64::from(*h) * rate * 100;
                    section += cents;
                    body.push(vec![
                        format!("Role {}", i + 1),
                        h.to_string(),
                        money(rate * 100, style),
                        money(cents, style),
                    ]);
                }
                grand += section;
                body.push(vec![total_word.into(), String::new(), String::new(), money(section, style)]);
            }
            let summary = vec![total_word.to_string(), money(grand, style)];
            if summary_first {
                lines.push(summary);
                lines.extend(body);
            } else {
                lines.extend(body);
                lines.push(summary);
            }
            let fields = read_plain(&layout_of(&lines));
            let total = crate::domain::money(Decimal::new(grand, 2));
            prop_assert_eq!(fields.text("amount"), Some(total), "{:#?}", lines);
        }
    }
}

#[test]
fn the_sellers_tax_representative_is_not_the_vendor() {
    let fields = read_plain(&layout(&[
        &["FACTURE N° F-118"],
        &["Représentant Fiscal"],
        &["SELLER TAX REP"],
        &["35 rue d'ici"],
        &["75018 PARIS"],
    ]));
    assert_eq!(fields.vendor, None);
}

#[test]
fn a_hyphenated_compound_names_what_the_compound_names() {
    let fields = read_plain(&layout(&[
        &["Beleg-Nr : KR8765"],
        &["Beleg-Datum : 06.10.2013"],
        &["Vertrags-Datum : 01.04.2013"],
        &["Lieferschein-Datum : 30.09.2013"],
    ]));
    assert_eq!(fields.text("document_date").as_deref(), Some("2013-10-06"));
}

#[test]
fn legal_forms_of_the_other_languages_mark_a_company() {
    for name in [
        "Empresa Exemplo Ltda",
        "Przykład Sp. z o.o.",
        "Příklad s.r.o.",
        "Exempel Konsult AB",
        "Eksempel ApS",
        "Esimerkki Oyj",
    ] {
        let fields = read_plain(&layout(&[&["NF-e"], &[name], &["Invoice No. 4471"]]));
        assert_eq!(fields.vendor.as_deref(), Some(name), "{name}");
    }
}

#[test]
fn the_issuer_named_only_in_its_legal_footer() {
    let fields = read_plain(&layout(&[
        &["INVOICE", "No. 2024-118"],
        &["Bill to"],
        &["Adatum Systemhaus AG"],
        &["Total", "€1,080.00"],
        &["Thank you for your business"],
        &["Nordlicht Messebau GmbH · HRB 45521 Hamburg · USt-IdNr. DE301122334"],
    ]));
    assert_eq!(fields.vendor.as_deref(), Some("Nordlicht Messebau GmbH"));
}

#[test]
fn an_invoice_serial_number_is_its_number() {
    let fields = read_plain(&layout(&[
        &["Tax Invoice"],
        &["Invoice Serial No.: KA-2231"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("KA-2231"));
    let fields = read_plain(&layout(&[&["Serial No.: 88213-X"]]));
    assert_eq!(fields.invoice_number, None);
}

#[test]
fn the_block_with_contact_details_is_the_issuers() {
    // A letter: the addressee's block on the left, the issuer's on the right, no headings.
    let fields = read_plain(&layout(&[
        &["Adatum Systemhaus AG", "", "Nordlicht Messebau GmbH"],
        &["Kundenweg 88", "", "Hafenstraße 12"],
        &["40235 Düsseldorf", "", "20457 Hamburg"],
        &["", "", "Tel. 040 123456"],
        &["", "", "info@nlm-hh.de"],
        &["RECHNUNG Nr. 2024-118"],
    ]));
    assert_eq!(fields.vendor.as_deref(), Some("Nordlicht Messebau GmbH"));
}

#[test]
fn a_legal_form_cut_off_after_a_comma_is_joined_again() {
    let fields = read_plain(&layout(&[
        &["Harbor Lane Media Group,", "Inc."],
        &["12 Harbor Lane"],
        &["Portland, OR 97201"],
        &["Invoice No. 4471"],
    ]));
    assert_eq!(
        fields.vendor.as_deref(),
        Some("Harbor Lane Media Group, Inc.")
    );
}

#[test]
fn a_short_number_under_a_strong_label() {
    let fields = read_plain(&layout(&[&["Invoice No.", "7"], &["Date", "2024-03-01"]]));
    assert_eq!(fields.invoice_number.as_deref(), Some("7"));
    // Under a weak label, one digit is anything.
    let fields = read_plain(&layout(&[&["No. 7"]]));
    assert_eq!(fields.invoice_number, None);
}

#[test]
fn a_number_shaped_like_a_date_is_the_number_not_the_date() {
    let fields = read_plain(&layout(&[&["Invoice #2015-11-04"], &["Date: 2015-11-02"]]));
    assert_eq!(fields.invoice_number.as_deref(), Some("2015-11-04"));
    assert_eq!(fields.text("document_date").as_deref(), Some("2015-11-02"));
    // A date after the number is the invoice's date.
    let fields = read_plain(&layout(&[&["Rechnung Nr. 4471 vom 12.03.2024"]]));
    assert_eq!(fields.invoice_number.as_deref(), Some("4471"));
    assert_eq!(fields.text("document_date").as_deref(), Some("2024-03-12"));
}

/// A glyph the PDF could not name reads as U+0000: a value holding one is left empty, never
/// read with the hole closed up or cut at it.
#[test]
fn a_value_with_a_glyph_nobody_named_is_left_empty() {
    let lines: Vec<Vec<String>> = [
        vec!["Harbor\u{0}Lane Media GmbH"],
        vec!["INVOICE"],
        vec!["Invoice No.", "INV\u{0}2024\u{0}17"],
        vec!["Date", "2024-03-01"],
        vec!["Total", "EUR 120.00"],
    ]
    .iter()
    .map(|line| line.iter().map(|cell| cell.to_string()).collect())
    .collect();
    let (fields, evidence) = read(&layout_of(&lines), Known::default());
    for name in crate::domain::Fields::NAMES {
        let value = fields.text(name).unwrap_or_default();
        assert!(!value.contains('\0'), "{name}: {value:?}");
        assert_eq!(
            fields.text(name).is_some(),
            evidence.contains_key(name),
            "{name}"
        );
    }
    assert_eq!(fields.invoice_number, None, "{fields:?}");
    assert_eq!(fields.text("amount").as_deref(), Some("120.00"));
}

#[test]
fn a_euro_sign_read_as_e_is_a_euro() {
    let fields = read_plain(&layout(&[
        &["Atelier Lumière SARL", "FACTURE N° FA-2024-118"],
        &["", "Date : 12/03/2024"],
        &["", "Total HT", "1 029,63 e"],
        &["", "TVA 20 %", "205,93 e"],
        &["", "Total TTC", "1 235,56 e"],
    ]));
    assert_eq!(fields.text("amount").as_deref(), Some("1235.56"));
    assert_eq!(fields.currency.as_deref(), Some("EUR"));
}

#[test]
fn a_voucher_or_note_of_another_kind_does_not_number_the_invoice() {
    let fields = read_plain(&layout(&[
        &["Atelier Lumière SARL", "FACTURE"],
        &["N° BON DE COMMANDE : 4471", "N° FACTURE : FA-2024-118"],
        &["", "Date : 12/03/2024"],
        &["", "Total TTC", "1 235,56 €"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("FA-2024-118"));
    // A delivery note's number is no candidate, even with nothing else on the page.
    let fields = read_plain(&layout(&[
        &["Distribuidora Sol S.L.", "FACTURA"],
        &["Nº nota de entrega: 5521"],
        &["Fecha: 12/03/2024"],
        &["Total", "1.235,56 €"],
    ]));
    assert_eq!(fields.invoice_number, None);
    // Alone, a `bon` is the document itself: a Dutch receipt.
    let fields = read_plain(&layout(&[
        &["Bakkerij De Molen"],
        &["Bon nr. 1207"],
        &["Totaal", "€ 12,40"],
    ]));
    assert_eq!(fields.invoice_number.as_deref(), Some("1207"));
}
