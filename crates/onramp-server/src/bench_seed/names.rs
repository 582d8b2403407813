//! The words seeded rows are made of: organization names, kinds and places, people's names, NPIs
//! with their check digit, and a pick from a list by the seeded generator.

use rand::Rng;

/// One element of `items`, chosen by `rng`; `fallback` when `items` is empty.
pub fn pick<'a, T: ?Sized>(rng: &mut impl Rng, items: &'a [&'a T], fallback: &'a T) -> &'a T {
    let index = rng.gen_range(0..items.len().max(1));
    items.get(index).copied().unwrap_or(fallback)
}

pub const PLACES: &[&str] = &[
    "Lakeside",
    "Northwind",
    "Harbor Point",
    "Cedar",
    "Prairie",
    "Riverbend",
    "Summit",
    "Maple Grove",
    "Bayview",
    "Granite",
    "Willow Creek",
    "Silver Lake",
    "Pine Ridge",
    "Oak Valley",
    "Redwood",
    "Bluewater",
    "Stonebridge",
    "Fairmont",
    "Clearwater",
    "Highland",
    "Meadowbrook",
    "Eastgate",
    "Westfield",
    "Sunrise",
    "Evergreen",
    "Kingsport",
    "Ashford",
    "Brookside",
    "Crestview",
    "Elmwood",
];

/// (category, organization type, the name's ending, what they want to do)
pub const KINDS: &[(&str, &str, &str, &str)] = &[
    (
        "healthcare_organization",
        "health_system",
        "Health System",
        "Send lab results and discharge summaries to the exchange",
    ),
    (
        "healthcare_organization",
        "laboratory",
        "Labs",
        "Report lab results electronically (ELR)",
    ),
    (
        "healthcare_organization",
        "specialty_clinic",
        "Clinic",
        "Send patient summaries to the exchange's FHIR API",
    ),
    (
        "government_agency",
        "public_health_department",
        "County Public Health",
        "Receive immunization and case reports",
    ),
    (
        "technology_vendor",
        "ehr_vendor",
        "EHR Systems",
        "Certify our EHR's FHIR interface",
    ),
];

/// (country, regions)
pub const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "US",
        &[
            "Ohio",
            "Minnesota",
            "Kansas",
            "Maine",
            "Texas",
            "Oregon",
            "Georgia",
            "Vermont",
        ],
    ),
    ("CA", &["Ontario", "Quebec", "Alberta", "Manitoba"]),
];

pub const SIZE_BANDS: &[&str] = &["1-50", "51-500", "501-5000", "5001+"];

pub const TIMELINES: &[&str] = &[
    "Live within three months",
    "Live within six months",
    "Live within a year",
];

pub const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Katherine",
    "John",
    "Margaret",
    "Dennis",
    "Ken",
    "Radia",
    "Tim",
    "Shafi",
    "Leslie",
    "Niklaus",
    "Hedy",
    "Mary",
    "Carlos",
];

pub const LAST_NAMES: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Johnson",
    "McCarthy",
    "Hamilton",
    "Ritchie",
    "Thompson",
    "Perlman",
    "Berners-Lee",
    "Goldwasser",
    "Lamport",
    "Wirth",
    "Lamarr",
    "Keller",
    "Mendez",
];

pub const JOB_ROLES: &[(&str, &str)] = &[
    ("implementation_specialist", "implementation-specialist"),
    ("vendor_integrator", "vendor-integration"),
    ("clinician", "clinician-curriculum"),
    ("physician", "physician-curriculum"),
    ("nurse", "nurse-curriculum"),
    ("it_staff", "it-staff-curriculum"),
    ("trainer", "train-the-trainer"),
    ("other", "fhir-fundamentals"),
];

/// A ten-digit NPI whose last digit is the Luhn check digit over the prefix 80840.
pub fn npi(rng: &mut impl Rng) -> String {
    let base: u64 = rng.gen_range(100_000_000..300_000_000);
    let digits = format!("80840{base}");
    let mut sum = 0;
    // Doubling starts at the rightmost digit of the payload (the check digit's neighbour).
    for (position, digit) in digits.bytes().rev().enumerate() {
        let value = u32::from(digit.saturating_sub(b'0'));
        sum += if position.is_multiple_of(2) {
            let doubled = value * 2;
            doubled / 10 + doubled % 10
        } else {
            value
        };
    }
    let check = (10 - sum % 10) % 10;
    format!("{base}{check}")
}

/// Lower-case letters and digits of `text`, runs of anything else as one `-`.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn seeded_npis_pass_the_npi_check() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..100 {
            let value = npi(&mut rng);
            assert!(
                onramp_core::registry::partner::npi_is_valid(&value),
                "{value}"
            );
        }
    }

    #[test]
    fn a_slug_keeps_letters_and_digits() {
        assert_eq!(slug("Harbor Point Clinic 12"), "harbor-point-clinic-12");
    }
}
