//! Fuzz target: the JSON reader must never panic, and whatever it returns must convert to serde.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = onramp_fhir::json::parse(data);
    if let Some(value) = parsed.value {
        let _ = value.to_serde();
    }
});
