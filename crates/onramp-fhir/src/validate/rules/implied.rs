//! Profiles a resource must conform to without claiming them: the `global` profiles of the loaded
//! ImplementationGuides (for every resource of their type), and, for R4 Observations, the vital
//! signs profile that the specification requires when `Observation.code` carries one of the
//! vital-sign LOINC or SNOMED CT codes (the table the reference validator applies).

use std::sync::Arc;

use crate::json::{JsonValue, Pos};
use crate::validate::issue::IssueType;
use crate::validate::profile::Profile;
use crate::validate::walk::Walk;

const LOINC: &str = "http://loinc.org";
const SNOMED: &str = "http://snomed.info/sct";
const CORE: &str = "http://hl7.org/fhir/StructureDefinition/";

/// (profile id in R4 core, name, code system, codes): the first row whose system and one of whose
/// codes appear in `Observation.code.coding` decides (LOINC rows before SNOMED CT rows).
const VITAL_SIGNS: &[(&str, &str, &str, &[&str])] = &[
    ("vitalspanel", "Vital Signs Panel", LOINC, &["85353-1"]),
    (
        "resprate",
        "Respiratory Rate",
        LOINC,
        &[
            "9279-1", "76170-0", "76172-6", "76171-8", "19840-8", "33438-3", "76270-8", "11291-2",
        ],
    ),
    (
        "heartrate",
        "Heart rate",
        LOINC,
        &[
            "60978-4", "73795-7", "73799-9", "76476-1", "76477-9", "8867-4", "8889-8", "8890-6",
            "8891-4", "8892-2", "8893-0", "40443-4", "55425-3", "68999-2", "11328-2", "69000-8",
            "8886-4",
        ],
    ),
    (
        "oxygensat",
        "Oxygen saturation",
        LOINC,
        &[
            "2708-6", "19224-5", "20564-1", "2709-4", "2710-2", "2713-6", "51733-4", "59408-5",
            "59417-6", "89276-0", "97549-0",
        ],
    ),
    (
        "bodytemp",
        "Body temperature",
        LOINC,
        &[
            "8310-5", "60834-9", "60835-6", "60836-4", "60838-0", "60955-2", "61009-7", "75539-7",
            "75987-8", "76010-8", "76011-6", "76278-1", "8309-7", "8328-7", "8329-5", "8330-3",
            "8331-1", "8332-9", "8333-7", "8334-5", "91371-5", "98657-0", "98663-8",
        ],
    ),
    (
        "bodyheight",
        "Body height",
        LOINC,
        &["8302-2", "3137-7", "3138-5", "8306-3", "8308-9"],
    ),
    (
        "headcircum",
        "Head circumference",
        LOINC,
        &["9843-4", "8287-5"],
    ),
    (
        "bodyweight",
        "Body weight",
        LOINC,
        &[
            "29463-7", "3141-9", "3142-7", "75292-3", "79348-9", "8350-1", "8351-9",
        ],
    ),
    ("bmi", "Body mass index", LOINC, &["39156-5", "89270-3"]),
    (
        "bp",
        "Blood pressure systolic and diastolic",
        LOINC,
        &[
            "85354-9", "35094-2", "8459-0", "76534-7", "55284-4", "8480-6",
        ],
    ),
    ("vitalspanel", "Vital Signs Panel", SNOMED, &["46680005"]),
    (
        "resprate",
        "Respiratory Rate",
        SNOMED,
        &["86290005", "271625008", "271306003"],
    ),
    (
        "heartrate",
        "Heart rate",
        SNOMED,
        &[
            "271306003",
            "249043002",
            "444981005",
            "399017001",
            "251670001",
            "429525003",
            "429614003",
        ],
    ),
    (
        "oxygensat",
        "Oxygen saturation",
        SNOMED,
        &["442476006", "431314004"],
    ),
    (
        "bodytemp",
        "Body temperature",
        SNOMED,
        &[
            "386725007",
            "276885007",
            "300076005",
            "1222808002",
            "364246006",
            "307047009",
            "708499008",
            "431598003",
            "698831002",
            "698832009",
            "415882003",
            "415974002",
            "415929009",
            "415945006",
        ],
    ),
    (
        "bodyheight",
        "Body height",
        SNOMED,
        &[
            "1153637007",
            "1162419008",
            "50373000",
            "1162418000",
            "1230278008",
            "1162392001",
            "1162417005",
        ],
    ),
    (
        "headcircum",
        "Head circumference",
        SNOMED,
        &["363812007", "169876006", "1269262007", "363811000"],
    ),
    (
        "bodyweight",
        "Body weight",
        SNOMED,
        &[
            "735395000",
            "425024002",
            "424927000",
            "784399000",
            "1162416001",
            "1162415002",
        ],
    ),
    ("bmi", "Body mass index", SNOMED, &["60621009"]),
    (
        "bp",
        "Blood pressure systolic and diastolic",
        SNOMED,
        &[
            "251076008",
            "163033001",
            "163035008",
            "386534000",
            "386536003",
            "271649006",
            "271650006",
            "407556006",
            "407554009",
            "716579001",
            "399304008",
        ],
    ),
];

/// The profiles implied for a resource of `resource_type` (not those it claims), each announced
/// with an information issue.
pub(crate) fn profiles(
    walk: &mut Walk<'_>,
    resource_type: &str,
    resource: &JsonValue,
    path: &str,
    pos: Pos,
) -> Vec<Arc<Profile>> {
    let mut found = Vec::new();
    for (profile_url, guide_url) in walk.defs.global_profiles(resource_type) {
        if let Some(profile) = walk.defs.profile(&profile_url) {
            walk.sink.info(
                IssueType::Informational,
                "profile.global",
                path,
                pos,
                format!("Validate resource against profile {profile_url} - a global profile in {guide_url}"),
            );
            found.push(profile);
        }
    }
    if resource_type == "Observation" {
        if let Some((id, name, system, code)) = vital_sign(resource) {
            let url = format!("{CORE}{id}");
            if let Some(profile) = walk.defs.profile(&url) {
                let system_name = if system == LOINC {
                    "LOINC"
                } else {
                    "SNOMED CT"
                };
                walk.sink.info(
                    IssueType::Informational,
                    "profile.vital_signs",
                    path,
                    pos,
                    format!("Validate Observation against the {name} profile ({url}) which is required by the FHIR specification because the {system_name} code {code} was found"),
                );
                found.push(profile);
            }
        }
    }
    found
}

/// The vital signs row matched by `Observation.code`, with the code that matched.
fn vital_sign(
    observation: &JsonValue,
) -> Option<(&'static str, &'static str, &'static str, String)> {
    let codings = observation
        .get("code")?
        .get("coding")
        .and_then(JsonValue::as_array)?;
    VITAL_SIGNS.iter().find_map(|(id, name, system, codes)| {
        codings.iter().find_map(|coding| {
            let code = coding.get("code").and_then(JsonValue::as_str)?;
            let matches = coding.get("system").and_then(JsonValue::as_str) == Some(*system)
                && codes.contains(&code);
            matches.then(|| (*id, *name, *system, code.to_string()))
        })
    })
}
