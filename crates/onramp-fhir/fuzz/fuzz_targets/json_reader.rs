//! Fuzz target: the JSON reader must never panic, and what it keeps must print as JSON that reads
//! back to the same content (and convert to serde).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = onramp_fhir::json::parse(data);
    if let Some(value) = parsed.value {
        // What the reader kept prints as JSON that reads back to the same content.
        let printed = value.to_string();
        let again = onramp_fhir::json::parse(printed.as_bytes());
        assert!(again.issues.is_empty(), "{printed}: {:?}", again.issues);
        assert!(again.value.is_some_and(|v| v.same_content(&value)), "{printed}");
        let _ = value.to_serde();
    }
});
