//! A partner organization's profile as it applies: category, type, size band, country, web domain
//! and identifiers, each parsed once at the edge ("parse, don't validate").

/// Why a profile value is not acceptable. The message is what the applicant reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// A value outside a closed set; the message lists the choices by label.
    #[error("{0}")]
    UnknownChoice(String),
    #[error("enter a web domain such as example.org (no https://, no path)")]
    Domain,
    #[error("a country is a two-letter ISO 3166 code such as US or CA")]
    Country,
    #[error("an identifier needs a system (NPI, TIN, CLIA, …) and a value of letters, digits, '-' or '.'")]
    Identifier,
    #[error("an NPI is ten digits with a valid check digit")]
    Npi,
    #[error("this field is required")]
    Required,
    #[error("at most {0} characters")]
    TooLong(usize),
}

impl From<crate::vocabulary::UnknownName> for ProfileError {
    fn from(error: crate::vocabulary::UnknownName) -> Self {
        ProfileError::UnknownChoice(error.to_string())
    }
}

crate::vocabulary! {
    /// The kind of organization, as the exchange groups its partners.
    pub enum Category as "category" {
        Healthcare = "healthcare_organization" / "Healthcare organization",
        Vendor = "technology_vendor" / "EHR or technology vendor",
        Integrator = "integrator" / "IT consultant or integrator",
        Regulator = "regulator" / "Regulator or standards body",
        Ecosystem = "ecosystem_partner" / "Technology ecosystem partner",
        Government = "government_agency" / "Government agency",
    }
}

crate::vocabulary! {
    /// What the organization is, in more detail than its category.
    pub enum OrganizationType as "organization type" {
        AcademicMedicalCenter = "academic_medical_center" / "Academic medical center",
        HealthSystem = "health_system" / "Health system",
        CommunityHospital = "community_hospital" / "Community hospital",
        PhysicianPractice = "physician_practice" / "Physician practice",
        SpecialtyClinic = "specialty_clinic" / "Specialty clinic",
        Laboratory = "laboratory" / "Laboratory",
        PublicHealth = "public_health_department" / "Public health department",
        Hie = "hie" / "Health information exchange",
        EhrVendor = "ehr_vendor" / "EHR vendor",
        Other = "other" / "Other",
    }
}

crate::vocabulary! {
    /// Head count, in bands; timelines are estimated by size later.
    pub enum SizeBand as "size band" {
        Small = "1-50" / "1–50 people",
        Medium = "51-500" / "51–500 people",
        Large = "501-5000" / "501–5,000 people",
        Enterprise = "5000+" / "More than 5,000 people",
    }
}

/// A web domain such as `lakeside-health.org`: lower-cased, no scheme, port or path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WebDomain(String);

impl WebDomain {
    pub fn parse(text: &str) -> Result<WebDomain, ProfileError> {
        let text = text.trim().trim_end_matches('.').to_ascii_lowercase();
        let labels: Vec<&str> = text.split('.').collect();
        let label_ok = |label: &&str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        let top_ok = labels
            .last()
            .is_some_and(|top| top.chars().all(|c| c.is_ascii_alphabetic()) && top.len() >= 2);
        if text.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) || !top_ok {
            return Err(ProfileError::Domain);
        }
        Ok(WebDomain(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `host` is this domain or one under it (`mail.example.org` is under `example.org`).
    pub fn covers(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        host == self.0 || host.ends_with(&format!(".{}", self.0))
    }
}

/// A two-letter ISO 3166-1 country code, upper-cased.
pub fn parse_country(text: &str) -> Result<String, ProfileError> {
    let text = text.trim().to_ascii_uppercase();
    if text.len() == 2 && text.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(text)
    } else {
        Err(ProfileError::Country)
    }
}

/// An identifier from a registry: `system` (NPI, TIN, CLIA, OID, …) and its value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Identifier {
    pub system: String,
    pub value: String,
}

impl Identifier {
    pub fn parse(system: &str, value: &str) -> Result<Identifier, ProfileError> {
        let system = system.trim().to_ascii_uppercase();
        let value: String = value
            .trim()
            .chars()
            .filter(|c| *c != ' ')
            .collect::<String>()
            .to_ascii_uppercase();
        let system_ok = (1..=32).contains(&system.len())
            && system
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
        let value_ok = (1..=64).contains(&value.len())
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !system_ok || !value_ok {
            return Err(ProfileError::Identifier);
        }
        if system == "NPI" && !npi_is_valid(&value) {
            return Err(ProfileError::Npi);
        }
        Ok(Identifier { system, value })
    }
}

/// The NPI check digit: Luhn over `80840` followed by the first nine digits.
pub fn npi_is_valid(npi: &str) -> bool {
    if npi.len() != 10 || !npi.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = format!("80840{npi}")
        .chars()
        .filter_map(|c| c.to_digit(10))
        .collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(position, digit)| {
            if position % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                *digit
            }
        })
        .sum();
    matches!(sum % 10, 0)
}

/// A required free-text value of at most `max` characters, trimmed.
pub fn required_text(text: &str, max: usize) -> Result<String, ProfileError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ProfileError::Required);
    }
    optional_text(text, max)
}

/// An optional free-text value of at most `max` characters, trimmed.
pub fn optional_text(text: &str, max: usize) -> Result<String, ProfileError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(ProfileError::TooLong(max));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_lower_cased_and_must_look_like_host_names() {
        assert_eq!(
            WebDomain::parse(" Lakeside-Health.ORG. ").unwrap().as_str(),
            "lakeside-health.org"
        );
        for bad in [
            "",
            "localhost",
            "https://example.org",
            "example.org/path",
            "exa mple.org",
            "-bad.org",
            "example.1",
            "a..org",
        ] {
            assert_eq!(WebDomain::parse(bad), Err(ProfileError::Domain), "{bad}");
        }
    }

    #[test]
    fn a_domain_covers_its_subdomains_only() {
        let domain = WebDomain::parse("example.org").unwrap();
        assert!(domain.covers("example.org"));
        assert!(domain.covers("Mail.Example.org"));
        assert!(!domain.covers("badexample.org"));
        assert!(!domain.covers("example.org.evil.test"));
    }

    #[test]
    fn npi_check_digits_are_checked() {
        assert!(npi_is_valid("1234567893"));
        assert!(!npi_is_valid("1234567890"));
        assert!(Identifier::parse("npi", "1234567893").is_ok());
        assert_eq!(
            Identifier::parse("NPI", "1234567890"),
            Err(ProfileError::Npi)
        );
        assert_eq!(
            Identifier::parse("clia", " 05d0 642 827 ").unwrap(),
            Identifier {
                system: "CLIA".to_owned(),
                value: "05D0642827".to_owned()
            }
        );
        assert_eq!(Identifier::parse("", "1"), Err(ProfileError::Identifier));
    }

    #[test]
    fn choices_parse_from_their_wire_form() {
        assert_eq!(
            "technology_vendor".parse::<Category>(),
            Ok(Category::Vendor)
        );
        assert!("vendor".parse::<Category>().is_err());
        assert_eq!("laboratory".parse(), Ok(OrganizationType::Laboratory));
        assert_eq!("51-500".parse(), Ok(SizeBand::Medium));
        assert_eq!(parse_country("ca"), Ok("CA".to_owned()));
        assert_eq!(parse_country("CAN"), Err(ProfileError::Country));
    }

    #[test]
    fn text_limits_count_characters() {
        assert_eq!(required_text("  ", 10), Err(ProfileError::Required));
        assert_eq!(required_text(&"é".repeat(10), 10), Ok("é".repeat(10)));
        assert_eq!(
            optional_text(&"x".repeat(11), 10),
            Err(ProfileError::TooLong(10))
        );
    }
}
