//! E-invoices through the binary: a bare XML invoice matched by its buyer reference, credit
//! notes lowering `funds_claimed`, a Factur-X PDF whose page and XML disagree, and XML written
//! to hurt, each ending as an outcome with its file kept.

mod common;

use std::path::PathBuf;

use common::{Workspace, corpus};

fn einvoices() -> PathBuf {
    corpus().join("../einvoice")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/einvoice")
            .join(name),
    )
    .unwrap()
}

fn create(ws: &Workspace, id: &str, reference: &str) {
    ws.create_claim_for(id, ("2017-01-01", "2026-12-31"), "50000", &[reference]);
}

fn run(ws: &Workspace) -> String {
    let (code, out, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{out}{err}");
    out
}

fn findings(ws: &Workspace, claim: &str) -> Vec<(String, String)> {
    ws.json(&["claims", "show", claim, "--json"])["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["details"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn an_xml_invoice_linked_only_by_its_buyer_reference_is_attached_by_reference() {
    let ws = Workspace::new();
    create(&ws, "CLM-000101", "PO-4711-ACME");
    create(&ws, "CLM-000102", "PO-9999-OTHER");
    let xml = std::fs::read_to_string(einvoices().join("xmlfiles/peppol__base-example.xml"))
        .unwrap()
        .replace(
            "<cbc:BuyerReference>0150abc</cbc:BuyerReference>",
            "<cbc:BuyerReference>PO-4711-ACME</cbc:BuyerReference>",
        );
    assert!(xml.contains("PO-4711-ACME"));
    ws.drop_file("inbox/invoices/supplier-invoice.xml", xml.as_bytes());
    run(&ws);

    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 1, "{documents:?}");
    let row = &documents[0];
    assert_eq!(row["claim_id"], "CLM-000101");
    assert_eq!(row["matched_by"], "reference");
    assert_eq!(row["format"], "xml");
    assert_eq!(row["einvoice"], "ubl");
    assert_eq!(row["fields_source"], "xml");
    assert_eq!(row["invoice_number"], "Snippet1");
    assert_eq!(row["document_date"], "2017-11-13");
    assert_eq!(row["amount"], "1656.25");
    assert_eq!(row["currency"], "EUR");
    assert_eq!(row["vendor"], "SupplierOfficialName Ltd");
    let claim = ws
        .report("claims.csv")
        .into_iter()
        .find(|c| c["claim_id"] == "CLM-000101")
        .unwrap();
    assert_eq!(claim["funds_claimed"], "1656.25");
    // The evidence is the file, byte for byte.
    let archived = std::fs::read(ws.join(&row["archive_path"])).unwrap();
    assert_eq!(archived, xml.as_bytes());
}

#[test]
fn a_credit_note_lowers_funds_claimed() {
    let ws = Workspace::new();
    create(&ws, "CLM-000201", "PO-1");
    let folder = einvoices().join("xmlfiles");
    for name in [
        "goblcii__en16931_invoice-de-de.xml",
        "goblcii__en16931_credit-note.xml",
    ] {
        let bytes = std::fs::read(folder.join(name)).unwrap();
        ws.drop_file(&format!("inbox/invoices/CLM-000201/{name}"), &bytes);
    }
    run(&ws);
    let documents = ws.report("documents.csv");
    let amount = |name: &str| -> f64 {
        documents
            .iter()
            .find(|d| d["original_name"] == name)
            .unwrap_or_else(|| panic!("{name} not attached: {documents:?}"))["amount"]
            .parse()
            .unwrap()
    };
    let invoice = amount("goblcii__en16931_invoice-de-de.xml");
    let credit = amount("goblcii__en16931_credit-note.xml");
    assert!(invoice > 0.0 && credit < 0.0, "{invoice} {credit}");
    let claim = ws.report("claims.csv").into_iter().next().unwrap();
    let claimed: f64 = claim["funds_claimed"].parse().unwrap();
    assert!(
        (claimed - (invoice + credit)).abs() < 0.005,
        "{claimed} vs {invoice} + {credit}"
    );
    assert!(documents.iter().all(|d| d["einvoice"] == "cii"));
}

/// A Factur-X PDF whose embedded XML is rewritten to state another grand total: the page says
/// 104.90, the XML 999.00.
fn factur_x_with_another_total() -> (Vec<u8>, Vec<u8>) {
    factur_x_rewritten(|xml| {
        xml.replace(
            "<ram:GrandTotalAmount>104.90</ram:GrandTotalAmount>",
            "<ram:GrandTotalAmount>999.00</ram:GrandTotalAmount>",
        )
    })
}

/// The akretion Factur-X PDF, and a copy whose embedded XML `change` rewrote.
fn factur_x_rewritten(change: impl Fn(&str) -> String) -> (Vec<u8>, Vec<u8>) {
    let original = std::fs::read(einvoices().join("xml/akretion__invoice_EN16931.pdf")).unwrap();
    let mut document = lopdf::Document::load_mem(&original).unwrap();
    let mut rewritten = 0;
    for object in document.objects.values_mut() {
        let Ok(stream) = object.as_stream_mut() else {
            continue;
        };
        let Ok(content) = stream.get_plain_content() else {
            continue;
        };
        let xml = String::from_utf8_lossy(&content);
        if xml.contains("CrossIndustryInvoice") && xml.contains(">104.90<") {
            let changed = change(&xml);
            assert_ne!(changed, xml, "the XML is as expected");
            stream.set_plain_content(changed.into_bytes());
            rewritten += 1;
        }
    }
    assert_eq!(rewritten, 1);
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    (original, bytes)
}

#[test]
fn a_pdf_whose_page_and_xml_disagree_raises_einvoice_mismatch() {
    let (original, altered) = factur_x_with_another_total();
    let ws = Workspace::new();
    create(&ws, "CLM-000301", "PO-3");
    create(&ws, "CLM-000302", "PO-4");
    ws.drop_file("inbox/invoices/CLM-000301/facture.pdf", &altered);
    ws.drop_file("inbox/invoices/CLM-000302/facture.pdf", &original);
    run(&ws);

    let documents = ws.report("documents.csv");
    let row = |claim: &str| documents.iter().find(|d| d["claim_id"] == claim).unwrap();
    assert_eq!(row("CLM-000301")["einvoice"], "factur-x");
    assert_eq!(row("CLM-000301")["fields_source"], "xml");
    assert_eq!(
        row("CLM-000301")["amount"],
        "999.00",
        "the XML gives the fields"
    );
    assert_eq!(row("CLM-000302")["amount"], "104.90");

    let altered_findings = findings(&ws, "CLM-000301");
    let mismatch = altered_findings
        .iter()
        .find(|(code, _)| code == "einvoice_mismatch")
        .unwrap_or_else(|| panic!("{altered_findings:?}"));
    assert!(
        mismatch.1.contains("104.90") && mismatch.1.contains("999.00"),
        "{}",
        mismatch.1
    );
    assert!(mismatch.1.contains("facture.pdf"), "{}", mismatch.1);
    let claims = ws.report("claims.csv");
    let listed =
        |claim: &str| claims.iter().find(|c| c["claim_id"] == claim).unwrap()["findings"].clone();
    assert!(listed("CLM-000301").contains("einvoice_mismatch"));
    // The same invoice untouched: page and XML agree.
    assert!(
        findings(&ws, "CLM-000302")
            .iter()
            .all(|(code, _)| code != "einvoice_mismatch"),
        "{:?}",
        findings(&ws, "CLM-000302")
    );
    assert!(!listed("CLM-000302").contains("einvoice_mismatch"));
}

#[test]
fn hostile_xml_ends_as_an_outcome_and_is_kept() {
    let ws = Workspace::new();
    create(&ws, "CLM-000401", "PO-5");
    let bare = std::fs::read(einvoices().join("xmlfiles/peppol__base-example.xml")).unwrap();
    let deep = format!("{}{}", "<a>".repeat(200_000), "</a>".repeat(200_000));
    let cases: Vec<(String, Vec<u8>, &str, &str)> = vec![
        (
            "xxe-external-entity.xml".into(),
            fixture("xxe-external-entity.xml"),
            "unreadable",
            "DTD",
        ),
        (
            "billion-laughs.xml".into(),
            fixture("billion-laughs.xml"),
            "unreadable",
            "DTD",
        ),
        (
            "parameter-entity-oob.xml".into(),
            fixture("parameter-entity-oob.xml"),
            "unreadable",
            "DTD",
        ),
        (
            "long-attribute.xml".into(),
            fixture("long-attribute.xml"),
            "unreadable",
            "attribute",
        ),
        (
            "ubl-order-not-an-invoice.xml".into(),
            fixture("ubl-order-not-an-invoice.xml"),
            "unsupported",
            "<Order>",
        ),
        (
            "erp-export-invoice.xml".into(),
            fixture("erp-export-invoice.xml"),
            "unsupported",
            "not an e-invoice",
        ),
        (
            "clicks-named-as.xml".into(),
            fixture("clicks-named-as.xml"),
            "unreadable",
            "named .xml",
        ),
        ("deep.xml".into(), deep.into_bytes(), "unreadable", "deeper"),
        (
            "cut-short.xml".into(),
            bare.get(..bare.len() / 2).unwrap().to_vec(),
            "unreadable",
            "well-formed",
        ),
    ];
    for (name, bytes, _, _) in &cases {
        ws.drop_file(&format!("inbox/invoices/CLM-000401/{name}"), bytes);
    }
    let out = run(&ws);
    assert!(out.contains("failed 0"), "{out}");
    let exceptions = ws.report("exceptions.csv");
    for (name, bytes, outcome, reason) in &cases {
        let path = format!("inbox/invoices/CLM-000401/{name}");
        let row = exceptions
            .iter()
            .find(|e| e["original_path"] == path)
            .unwrap_or_else(|| panic!("{name} has no outcome: {exceptions:?}"));
        assert_eq!(&row["outcome"], outcome, "{name}: {}", row["reason"]);
        assert!(row["reason"].contains(reason), "{name}: {}", row["reason"]);
        assert!(
            !row["reason"].contains("root:"),
            "{name} leaked a file: {}",
            row["reason"]
        );
        let kept = std::fs::read(ws.join(&row["quarantine_path"])).unwrap();
        assert_eq!(&kept, bytes, "{name} kept as it came");
    }
    assert!(ws.report("documents.csv").is_empty());
}

#[test]
fn a_pdf_whose_embedded_xml_is_refused_is_read_from_its_page() {
    let (_, hostile) = factur_x_rewritten(|xml| {
        xml.replacen(
            "<rsm:CrossIndustryInvoice",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><rsm:CrossIndustryInvoice",
            1,
        )
    });
    let ws = Workspace::new();
    create(&ws, "CLM-000501", "PO-6");
    ws.drop_file("inbox/invoices/CLM-000501/facture.pdf", &hostile);
    run(&ws);
    let documents = ws.report("documents.csv");
    assert_eq!(documents.len(), 1, "{documents:?}");
    assert_eq!(documents[0]["einvoice"], "");
    assert_eq!(documents[0]["fields_source"], "text");
    assert_eq!(documents[0]["amount"], "104.90", "read from the page");
    let inspected = ws.json(&[
        "inspect",
        "--json",
        &ws.join(&documents[0]["archive_path"]).to_string_lossy(),
    ]);
    let refused = inspected["metadata"]["einvoice_refused"]
        .as_str()
        .unwrap_or("");
    assert!(refused.contains("DTD"), "{inspected}");
}
