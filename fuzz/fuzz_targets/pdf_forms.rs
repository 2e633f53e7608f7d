//! The AcroForm field walker (cyclic and deep field trees).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = claimdrop::stage::extract::pdf_form_fields(data);
});
