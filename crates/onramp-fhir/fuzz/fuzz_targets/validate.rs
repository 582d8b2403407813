//! Fuzz target: the validator entry point over arbitrary bytes, against R4 core (from
//! `ONRAMP_FUZZ_CORE`, default `../shared/fhir/packages/hl7.fhir.r4.core-4.0.1.tgz` beside the
//! repository). It must never panic or hang.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use onramp_fhir::validate::{Definitions, Validator};

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let core = std::env::var_os("ONRAMP_FUZZ_CORE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../../../shared/fhir/packages/hl7.fhir.r4.core-4.0.1.tgz"
                ))
            });
        let defs = Definitions::r4_core_with(&core, Vec::new())
            .unwrap_or_else(|e| panic!("loading {}: {e}", core.display()));
        Validator::new(std::sync::Arc::new(defs))
    })
}

fuzz_target!(|data: &[u8]| {
    let validator = validator();
    let _ = validator.validate_bytes(data, &[]);
    let _ = validator.validate_ndjson(data, &[]);
});
