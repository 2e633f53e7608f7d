//! The reader on invoices written the way each syntax allows (generated here with values drawn
//! at random, so no one sample is learnt), and on XML written to hurt.

use proptest::prelude::*;

use super::*;

const CII_NS: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
const RAM_NS: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";

struct Values<'a> {
    number: &'a str,
    date: (i32, u32, u32),
    total: &'a str,
    currency: &'a str,
    seller: &'a str,
    type_code: &'a str,
    buyer_reference: &'a str,
    guideline: &'a str,
}

const BASE: Values = Values {
    number: "RE-2024-0815",
    date: (2024, 3, 7),
    total: "1190.00",
    currency: "EUR",
    seller: "Lieferant GmbH",
    type_code: "380",
    buyer_reference: "PO-77812",
    guideline: "urn:cen.eu:en16931:2017",
};

/// A CII invoice with line items whose IDs, dates and amounts are decoys for the header's.
fn cii(v: &Values, prefix: &str) -> String {
    let (y, m, d) = v.date;
    let p = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}:{name}")
        }
    };
    let x = |name: &str| p(name);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns{colon}{prefix}="{CII_NS}" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" xmlns:ram="{RAM_NS}">
  <{ctx}><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>{guideline}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></{ctx}>
  <{doc}>
    <ram:ID>{number}</ram:ID>
    <ram:TypeCode>{type_code}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">{y:04}{m:02}{d:02}</udt:DateTimeString></ram:IssueDateTime>
    <ram:IncludedNote><ram:Content>Project  Spring
      campaign</ram:Content></ram:IncludedNote>
  </{doc}>
  <{trade}>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedLineTradeSettlement>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>1.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>{buyer_reference}</ram:BuyerReference>
      <ram:SellerTradeParty><ram:Name>{seller}</ram:Name></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Partner Buyer SA</ram:Name></ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>ORD-1</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery>
      <ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">20200101</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>
    </ram:ApplicableHeaderTradeDelivery>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>{currency}</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>1000.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>1000.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="{currency}">190.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>{total}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>5.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </{trade}>
</{root}>"#,
        root = x("CrossIndustryInvoice"),
        colon = if prefix.is_empty() { "" } else { ":" },
        ctx = x("ExchangedDocumentContext"),
        doc = x("ExchangedDocument"),
        trade = x("SupplyChainTradeTransaction"),
        number = v.number,
        type_code = v.type_code,
        guideline = v.guideline,
        buyer_reference = v.buyer_reference,
        seller = v.seller,
        currency = v.currency,
        total = v.total,
    )
}

/// A UBL invoice or credit note; `legal` adds a registration name beside the trading name.
fn ubl(v: &Values, credit: bool, legal: Option<&str>) -> String {
    let (y, m, d) = v.date;
    let (root, type_element) = if credit {
        ("CreditNote", "CreditNoteTypeCode")
    } else {
        ("Invoice", "InvoiceTypeCode")
    };
    let legal = legal
        .map(|name| {
            format!("<cac:PartyLegalEntity><cbc:RegistrationName>{name}</cbc:RegistrationName></cac:PartyLegalEntity>")
        })
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>{guideline}</cbc:CustomizationID>
  <cbc:ID>{number}</cbc:ID>
  <cbc:IssueDate>{y:04}-{m:02}-{d:02}</cbc:IssueDate>
  <cbc:DueDate>2099-01-01</cbc:DueDate>
  <cbc:{type_element}>{type_code}</cbc:{type_element}>
  <cbc:Note>See contract K-9</cbc:Note>
  <cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>{buyer_reference}</cbc:BuyerReference>
  <cac:OrderReference><cbc:ID>ORD-1</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyName><cbc:Name>{seller}</cbc:Name></cac:PartyName>
    {legal}
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Partner Buyer SA</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="{currency}">1000.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="{currency}">1000.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="{currency}">{total}</cbc:TaxInclusiveAmount>
    <cbc:PrepaidAmount currencyID="{currency}">100.00</cbc:PrepaidAmount>
    <cbc:PayableAmount currencyID="{currency}">3.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:LineExtensionAmount currencyID="{currency}">1000.00</cbc:LineExtensionAmount></cac:InvoiceLine>
</{root}>"#,
        guideline = v.guideline,
        number = v.number,
        type_code = v.type_code,
        currency = v.currency,
        buyer_reference = v.buyer_reference,
        seller = v.seller,
        total = v.total,
    )
}

fn read_bare(xml: &str) -> Result<EInvoice, Refusal> {
    read(xml.as_bytes(), Carrier::Bare)
}

#[test]
fn cii_header_terms_are_read_and_line_items_are_not() {
    let invoice = read_bare(&cii(&BASE, "rsm")).unwrap();
    let f = &invoice.fields;
    assert_eq!(f.invoice_number.as_deref(), Some("RE-2024-0815"));
    assert_eq!(f.text("document_date").as_deref(), Some("2024-03-07"));
    assert_eq!(f.text("amount").as_deref(), Some("1190.00"));
    assert_eq!(f.currency.as_deref(), Some("EUR"));
    assert_eq!(f.vendor.as_deref(), Some("Lieferant GmbH"));
    assert_eq!(invoice.syntax, "cii");
    assert_eq!(invoice.references, ["PO-77812", "ORD-1"]);
    assert_eq!(invoice.notes, ["Project Spring campaign"]);
    assert_eq!(invoice.evidence.len(), 5);
    assert!(invoice.evidence.values().all(|e| e.page == "xml"));
}

#[test]
fn the_namespace_prefix_does_not_matter() {
    let default_namespace = read_bare(&cii(&BASE, "")).unwrap();
    let other_prefix = read_bare(&cii(&BASE, "inv")).unwrap();
    assert_eq!(default_namespace.fields, other_prefix.fields);
    assert_eq!(
        default_namespace.fields.text("amount").as_deref(),
        Some("1190.00")
    );
}

#[test]
fn credits_have_negative_totals_whatever_the_syntax() {
    for code in ["381", "261", "396"] {
        let credit = Values {
            type_code: code,
            ..BASE
        };
        let invoice = read_bare(&cii(&credit, "rsm")).unwrap();
        assert_eq!(
            invoice.fields.text("amount").as_deref(),
            Some("-1190.00"),
            "{code}"
        );
    }
    let note = read_bare(&ubl(&BASE, true, None)).unwrap();
    assert_eq!(note.fields.text("amount").as_deref(), Some("-1190.00"));
    // A corrective invoice (384) keeps the sign it states.
    let corrective = Values {
        type_code: "384",
        total: "-50.5",
        ..BASE
    };
    let invoice = read_bare(&cii(&corrective, "rsm")).unwrap();
    assert_eq!(invoice.fields.text("amount").as_deref(), Some("-50.50"));
}

#[test]
fn amounts_keep_their_digits_and_lose_their_trailing_zeros() {
    for (written, read) in [
        ("1190.0000", "1190.00"),
        ("1190.5000", "1190.50"),
        ("12.345", "12.345"),
        ("7", "7.00"),
        (" +42.10 ", "42.10"),
    ] {
        let values = Values {
            total: written,
            ..BASE
        };
        let invoice = read_bare(&cii(&values, "rsm")).unwrap();
        assert_eq!(
            invoice.fields.text("amount").as_deref(),
            Some(read),
            "{written}"
        );
    }
    for nonsense in ["1.190,00", "12e3", "", "--5"] {
        let values = Values {
            total: nonsense,
            ..BASE
        };
        assert_eq!(
            read_bare(&cii(&values, "rsm")).unwrap().fields.amount,
            None,
            "{nonsense}"
        );
    }
}

#[test]
fn ubl_takes_the_tax_inclusive_total_and_the_legal_name() {
    let invoice = read_bare(&ubl(&BASE, false, Some("Lieferant Holding GmbH"))).unwrap();
    let f = &invoice.fields;
    assert_eq!(
        f.text("amount").as_deref(),
        Some("1190.00"),
        "not PayableAmount"
    );
    assert_eq!(
        f.text("document_date").as_deref(),
        Some("2024-03-07"),
        "not DueDate"
    );
    assert_eq!(
        f.invoice_number.as_deref(),
        Some("RE-2024-0815"),
        "not a line ID"
    );
    assert_eq!(f.vendor.as_deref(), Some("Lieferant Holding GmbH"));
    assert_eq!(invoice.syntax, "ubl");
    assert!(invoice.references.contains(&"PO-77812".to_string()));
    let trading_only = read_bare(&ubl(&BASE, false, None)).unwrap();
    assert_eq!(
        trading_only.fields.vendor.as_deref(),
        Some("Lieferant GmbH")
    );
}

#[test]
fn the_syntax_is_named_by_guideline_carrier_and_family() {
    let xrechnung = Values {
        guideline: "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
        ..BASE
    };
    assert_eq!(
        read_bare(&cii(&xrechnung, "rsm")).unwrap().syntax,
        "xrechnung"
    );
    assert_eq!(
        read_bare(&ubl(&xrechnung, false, None)).unwrap().syntax,
        "xrechnung"
    );
    let xml = cii(&BASE, "rsm");
    let in_pdf = |name| read(xml.as_bytes(), Carrier::Pdf(name)).unwrap().syntax;
    assert_eq!(in_pdf("factur-x.xml"), "factur-x");
    assert_eq!(in_pdf("zugferd-invoice.xml"), "zugferd");
    assert_eq!(in_pdf("ZUGFeRD-invoice.xml"), "zugferd");
}

#[test]
fn zugferd_one_is_read_from_its_own_paths() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:SpecifiedExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:SpecifiedExchangedDocumentContext>
  <rsm:HeaderExchangedDocument>
    <ram:ID>471102</ram:ID><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20130305</udt:DateTimeString></ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:BuyerReference>AB-312</ram:BuyerReference>
      <ram:SellerTradeParty><ram:Name>Lieferant GmbH</ram:Name></ram:SellerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:GrandTotalAmount currencyID="EUR">529.87</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>"#;
    let invoice = read_bare(xml).unwrap();
    assert_eq!(invoice.syntax, "zugferd");
    assert_eq!(invoice.fields.invoice_number.as_deref(), Some("471102"));
    assert_eq!(
        invoice.fields.text("document_date").as_deref(),
        Some("2013-03-05")
    );
    assert_eq!(invoice.fields.text("amount").as_deref(), Some("529.87"));
    assert_eq!(invoice.fields.vendor.as_deref(), Some("Lieferant GmbH"));
    assert_eq!(invoice.references, ["AB-312"]);
}

#[test]
fn other_xml_is_not_an_invoice() {
    let order =
        r#"<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>"#;
    assert_eq!(
        read_bare(order).unwrap_err(),
        Refusal::NotAnInvoice("Order".into())
    );
    // An ERP export's own <Invoice> is not UBL.
    let export = "<Invoice><ID>7</ID><Total>10.00</Total></Invoice>";
    assert!(matches!(read_bare(export), Err(Refusal::NotAnInvoice(_))));
}

#[test]
fn hostile_xml_is_refused_before_a_field_is_read() {
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&x;</ID></Invoice>"#;
    assert_eq!(read_bare(xxe).unwrap_err(), Refusal::Dtd);
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{}]><lolz>&lol9;</lolz>"#,
        (1..10)
            .map(|i| format!(
                "<!ENTITY lol{i} \"{}\">",
                format!("&lol{};", i - 1)
                    .replace("&lol0;", "&lol;")
                    .repeat(10)
            ))
            .collect::<String>()
    );
    assert_eq!(read_bare(&laughs).unwrap_err(), Refusal::Dtd);
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    assert_eq!(read_bare(&deep).unwrap_err(), Refusal::TooDeep);
    let long = format!("<a b=\"{}\"/>", "x".repeat(MAX_ATTRIBUTE_CHARS + 1));
    assert_eq!(read_bare(&long).unwrap_err(), Refusal::AttributeTooLong);
    let big = vec![b' '; MAX_XML_BYTES + 1];
    assert!(matches!(
        read(&big, Carrier::Bare),
        Err(Refusal::TooLarge(_))
    ));
    let cut = cii(&BASE, "rsm");
    let cut = cut.get(..cut.len() / 2).unwrap();
    assert!(matches!(read_bare(cut), Err(Refusal::Malformed(_))));
    assert_eq!(
        read(b"<?xml version=\"1.0\"?><a>\xff\xfe</a>", Carrier::Bare).unwrap_err(),
        Refusal::Encoding
    );
}

#[test]
fn latin1_and_utf16_invoices_are_read() {
    let seller = Values {
        seller: "Bäckerei Müller",
        ..BASE
    };
    let xml = cii(&seller, "rsm").replace("UTF-8", "ISO-8859-1");
    let latin1: Vec<u8> = xml
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let invoice = read(&latin1, Carrier::Bare).unwrap();
    assert_eq!(invoice.fields.vendor.as_deref(), Some("Bäckerei Müller"));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        cii(&seller, "rsm")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let invoice = read(&utf16, Carrier::Bare).unwrap();
    assert_eq!(invoice.fields.vendor.as_deref(), Some("Bäckerei Müller"));
    assert!(crate::stage::identify::looks_like_xml(&utf16));
}

#[test]
fn markup_first_is_xml_and_other_text_is_not() {
    use crate::stage::identify::looks_like_xml;
    assert!(looks_like_xml(b"<?xml version=\"1.0\"?><a/>"));
    assert!(looks_like_xml(b"\xEF\xBB\xBF\n  <Invoice xmlns=\"x\"/>"));
    assert!(looks_like_xml(b"<!-- exported --><a/>"));
    assert!(!looks_like_xml(b"date;clicks\n2024-01-01;12\n"));
    assert!(!looks_like_xml(b"< 3 apples"));
}

fn page(number: Option<&str>, amount: Option<&str>) -> Fields {
    Fields {
        invoice_number: number.map(str::to_string),
        amount: amount.and_then(|a| a.parse().ok()),
        ..Fields::default()
    }
}

#[test]
fn a_page_contradicts_its_xml_only_when_the_xml_value_is_printed_nowhere() {
    let xml = page(Some("2024-0815"), Some("119.00"));
    let shown = ["Rechnung Nr. 42", "Rechnungsbetrag 1.589,80"];
    let said = disagreement(&xml, &page(Some("42"), Some("1589.80")), &shown).unwrap();
    assert!(
        said.contains("invoice number 42 on the page, 2024-0815 in the XML"),
        "{said}"
    );
    assert!(
        said.contains("grand total 1589.80 on the page, 119.00 in the XML"),
        "{said}"
    );
    // The reader took another number, but the XML's is printed: the page agrees.
    let printed = ["Rechnung 2024 - 0815", "Auftrag 42", "Summe 119,00 €"];
    assert_eq!(
        disagreement(&xml, &page(Some("42"), Some("19.00")), &printed),
        None
    );
    // Within a cent, or nothing read on the page: no contradiction.
    assert_eq!(
        disagreement(&xml, &page(None, Some("119.01")), &shown),
        None
    );
    assert_eq!(disagreement(&xml, &page(None, None), &shown), None);
    // A credit note's page shows the amount without its sign.
    let credit = page(None, Some("-119.00"));
    assert_eq!(
        disagreement(&credit, &page(None, Some("119.00")), &["Gutschrift 119,00"]),
        None
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the values, both syntaxes give back exactly what they state.
    #[test]
    fn stated_values_come_back_exactly(
        number in "[A-Z]{0,3}[0-9]{1,8}(-[0-9]{1,4})?",
        y in 2000i32..2040, m in 1u32..=12, d in 1u32..=28,
        cents in 0u64..100_000_000,
        currency in prop::sample::select(vec!["EUR", "USD", "GBP", "CHF", "INR"]),
        seller in "[A-Z][a-z]{2,10}( [A-Z][a-z]{1,8}){0,2} (GmbH|SARL|Ltd|B\\.V\\.)",
        use_ubl in any::<bool>(),
        credit in any::<bool>(),
    ) {
        let total = format!("{}.{:02}", cents / 100, cents % 100);
        let values = Values {
            number: &number, date: (y, m, d), total: &total, currency, seller: &seller,
            type_code: if credit { "381" } else { "380" }, ..BASE
        };
        let xml = if use_ubl { ubl(&values, credit, None) } else { cii(&values, "rsm") };
        let invoice = read_bare(&xml).unwrap();
        let expected_amount = if credit && cents > 0 { format!("-{total}") } else { total.clone() };
        prop_assert_eq!(invoice.fields.invoice_number.as_deref(), Some(number.as_str()));
        prop_assert_eq!(invoice.fields.text("document_date"), Some(format!("{y:04}-{m:02}-{d:02}")));
        prop_assert_eq!(invoice.fields.text("amount"), Some(expected_amount));
        prop_assert_eq!(invoice.fields.currency.as_deref(), Some(currency));
        prop_assert_eq!(invoice.fields.vendor.as_deref(), Some(seller.as_str()));
    }

    #[test]
    fn any_bytes_give_an_invoice_or_a_refusal(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read(&bytes, Carrier::Bare);
    }

    #[test]
    fn any_cut_of_an_invoice_gives_an_invoice_or_a_refusal(cut in 0usize..3000) {
        let xml = cii(&BASE, "rsm");
        let _ = read(xml.as_bytes().get(..cut.min(xml.len())).unwrap_or_default(), Carrier::Bare);
    }
}

#[test]
fn a_ubl_date_may_carry_its_time_zone() {
    for written in ["2024-03-07Z", "2024-03-07+01:00", "2024-03-07-05:00"] {
        let xml = ubl(&BASE, false, None).replace(
            "<cbc:IssueDate>2024-03-07</cbc:IssueDate>",
            &format!("<cbc:IssueDate>{written}</cbc:IssueDate>"),
        );
        let invoice = read_bare(&xml).unwrap();
        assert_eq!(
            invoice.fields.text("document_date").as_deref(),
            Some("2024-03-07"),
            "{written}"
        );
    }
    let nonsense = ubl(&BASE, false, None).replace("2024-03-07<", "2024-03-07 or so<");
    assert_eq!(read_bare(&nonsense).unwrap().fields.document_date, None);
}

#[test]
fn a_total_repeated_per_currency_is_the_invoice_currency_one() {
    let xml = cii(&BASE, "rsm").replace(
        "<ram:GrandTotalAmount>1190.00</ram:GrandTotalAmount>",
        "<ram:GrandTotalAmount currencyID=\"SEK\">13500.00</ram:GrandTotalAmount>\
         <ram:GrandTotalAmount currencyID=\"EUR\">1190.00</ram:GrandTotalAmount>",
    );
    let invoice = read_bare(&xml).unwrap();
    assert_eq!(invoice.fields.text("amount").as_deref(), Some("1190.00"));
    assert_eq!(invoice.fields.currency.as_deref(), Some("EUR"));
}

fn attachment(name: &str, xml: &str) -> super::super::embedded::Attachment {
    super::super::embedded::Attachment {
        name: name.to_string(),
        bytes: xml.as_bytes().to_vec(),
    }
}

#[test]
fn a_pdf_s_invoice_is_its_standard_named_attachment_first() {
    let other = Values {
        number: "OTHER-1",
        ..BASE
    };
    let chosen = embedded(&[
        attachment("delivery-note.xml", &cii(&other, "rsm")),
        attachment("Factur-X.xml", &cii(&BASE, "rsm")),
    ])
    .unwrap()
    .unwrap();
    assert_eq!(
        chosen.fields.invoice_number.as_deref(),
        Some("RE-2024-0815")
    );
    assert_eq!(chosen.embedded_as.as_deref(), Some("Factur-X.xml"));
    // Under another name, an e-invoice is still found; a picture or an order is not one.
    let renamed = embedded(&[
        attachment("logo.png", "not xml"),
        attachment(
            "order.xml",
            "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>",
        ),
        attachment("INV_2024.xml", &cii(&BASE, "rsm")),
    ])
    .unwrap()
    .unwrap();
    assert_eq!(renamed.syntax, "factur-x");
    assert_eq!(embedded(&[attachment("order.xml", "<a/>")]), Ok(None));
    // A standard-named attachment that is refused says why.
    let refused = embedded(&[attachment(
        "factur-x.xml",
        "<!DOCTYPE a [<!ENTITY b \"c\">]><a/>",
    )]);
    assert_eq!(refused, Err(Refusal::Dtd));
}

#[test]
fn an_invoice_in_its_peppol_envelope_is_read() {
    let inner = ubl(&BASE, false, None);
    let inner = inner.trim_start_matches(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let wrapped = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>
    <DocumentIdentification><InstanceIdentifier>ENV-1</InstanceIdentifier></DocumentIdentification>
  </StandardBusinessDocumentHeader>
  {inner}
</StandardBusinessDocument>"#
    );
    let invoice = read_bare(&wrapped).unwrap();
    assert_eq!(
        invoice.fields.invoice_number.as_deref(),
        Some("RE-2024-0815")
    );
    assert_eq!(invoice.syntax, "ubl");
    let empty = "<StandardBusinessDocument xmlns=\"http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader\"/>";
    assert_eq!(
        read_bare(empty).unwrap_err(),
        Refusal::NotAnInvoice("StandardBusinessDocument".into())
    );
}
