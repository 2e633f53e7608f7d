//! The e-invoice reader on any bytes as a bare XML file: it must never panic, and an invoice it
//! accepts must have every field it fills stated by its XML (with evidence) and be named.
#![no_main]
use claimdrop::stage::extract;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(extracted) = extract::xml_bytes(data) else {
        return;
    };
    assert_eq!(extracted.fields_source(), "xml");
    assert!(!extracted.einvoice_syntax().is_empty());
    let fields = &extracted.fields;
    for name in claimdrop::domain::Fields::NAMES {
        assert_eq!(
            fields.text(name).is_some(),
            extracted.evidence.contains_key(name),
            "{name}"
        );
    }
});
