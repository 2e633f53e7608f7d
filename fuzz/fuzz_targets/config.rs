//! Configuration: any text as `claimdrop.toml` is a Settings or an error naming the key.
#![no_main]
use claimdrop::config::Settings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(settings) = Settings::parse(text, std::path::Path::new("claimdrop.toml")) {
        // What validation let through must be usable: the pattern compiles, schedules parse.
        let _ = settings.claim_id_regex();
        let _ = settings.delimiter();
    }
});
