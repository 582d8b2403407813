//! Package ids (`hl7.fhir.r4.core#4.0.1`) and the version rules used to pick among cached versions.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::PackageError;

/// A package name and an exact version, written `name#version` as HL7 tooling does.
///
/// Both parts are restricted to characters that are safe as a folder name in the package cache
/// (`<cache>/<name>#<version>`), so an id read from a partner's manifest can never escape the cache.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PackageId {
    pub name: String,
    pub version: String,
}

impl PackageId {
    /// Builds an id, checking that both parts are safe.
    pub fn new(name: &str, version: &str) -> Result<PackageId, PackageError> {
        let text = format!("{name}#{version}");
        check_name(name, &text)?;
        check_version(version, &text)?;
        Ok(PackageId {
            name: name.to_owned(),
            version: version.to_owned(),
        })
    }

    /// Parses `name#version`; `name@version` (npm style) is accepted too.
    pub fn parse(text: &str) -> Result<PackageId, PackageError> {
        match PackageId::parse_spec(text)? {
            (name, Some(version)) => PackageId::new(&name, &version),
            (_, None) => Err(invalid(text, "expected name#version")),
        }
    }

    /// Parses `name`, `name#version` or `name@version`: the version is optional (the registry then
    /// picks its latest).
    pub fn parse_spec(text: &str) -> Result<(String, Option<String>), PackageError> {
        let text = text.trim();
        let (name, version) = match text.split_once(['#', '@']) {
            Some((name, version)) => (name, Some(version)),
            None => (text, None),
        };
        check_name(name, text)?;
        if let Some(version) = version {
            check_version(version, text)?;
        }
        Ok((name.to_owned(), version.map(str::to_owned)))
    }

    /// The folder name of this package in the cache: `name#version`.
    pub fn folder_name(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for PackageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.name, self.version)
    }
}

impl FromStr for PackageId {
    type Err = PackageError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PackageId::parse(text)
    }
}

fn invalid(text: &str, reason: &str) -> PackageError {
    PackageError::InvalidPackageId {
        text: text.to_owned(),
        reason: reason.to_owned(),
    }
}

fn check_name(name: &str, text: &str) -> Result<(), PackageError> {
    if name.is_empty() {
        return Err(invalid(text, "the package name is empty"));
    }
    if name.starts_with('.') {
        return Err(invalid(text, "a package name cannot start with '.'"));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    if !name.chars().all(allowed) {
        return Err(invalid(
            text,
            "a package name has only letters, digits, '.', '-' and '_'",
        ));
    }
    Ok(())
}

fn check_version(version: &str, text: &str) -> Result<(), PackageError> {
    if version.is_empty() {
        return Err(invalid(text, "the version is empty"));
    }
    if version.starts_with('.') {
        return Err(invalid(text, "a version cannot start with '.'"));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+');
    if !version.chars().all(allowed) {
        return Err(invalid(
            text,
            "a version has only letters, digits, '.', '-', '_' and '+'",
        ));
    }
    Ok(())
}

/// Compares two versions the way people read them: dot-separated parts, numeric parts as numbers,
/// and a pre-release (`1.0.0-ballot`) before its release (`1.0.0`).
pub fn compare_versions(left: &str, right: &str) -> Ordering {
    let (left_main, left_pre) = split_pre_release(left);
    let (right_main, right_pre) = split_pre_release(right);
    let mut left_parts = left_main.split('.');
    let mut right_parts = right_main.split('.');
    loop {
        match (left_parts.next(), right_parts.next()) {
            (None, None) => break,
            (Some(_), None) => return Ordering::Greater,
            (None, Some(_)) => return Ordering::Less,
            (Some(l), Some(r)) => {
                let order = compare_part(l, r);
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
    match (left_pre, right_pre) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(l), Some(r)) => l.cmp(r),
    }
}

fn split_pre_release(version: &str) -> (&str, Option<&str>) {
    match version.split_once('-') {
        Some((main, pre)) => (main, Some(pre)),
        None => (version, None),
    }
}

fn compare_part(left: &str, right: &str) -> Ordering {
    match (left.parse::<u64>(), right.parse::<u64>()) {
        (Ok(l), Ok(r)) => l.cmp(&r),
        _ => left.cmp(right),
    }
}

/// Whether `version` satisfies a dependency's version requirement: an exact version, a pattern with
/// `x` parts (`4.0.x`), or one of `latest`, `current`, `dev` and `*` (any version).
pub fn version_matches(requirement: &str, version: &str) -> bool {
    if is_any_version(requirement) {
        return true;
    }
    if !requirement
        .split('.')
        .any(|part| part == "x" || part == "X")
    {
        return requirement == version;
    }
    let mut version_parts = version.split(['.', '-']);
    requirement.split('.').all(|wanted| {
        let actual = version_parts.next();
        wanted == "x" || wanted == "X" || actual == Some(wanted)
    })
}

/// Whether a requirement is satisfied by any version (so the highest one is picked).
pub fn is_any_version(requirement: &str) -> bool {
    matches!(requirement, "latest" | "current" | "dev" | "*" | "")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_reject_unsafe_text() {
        let id = PackageId::parse("hl7.fhir.r4.core#4.0.1").unwrap();
        assert_eq!(
            (id.name.as_str(), id.version.as_str()),
            ("hl7.fhir.r4.core", "4.0.1")
        );
        assert_eq!(id.to_string(), "hl7.fhir.r4.core#4.0.1");
        assert!(PackageId::parse("hl7.fhir.r4.core").is_err());
        assert!(PackageId::parse("../etc#1").is_err());
        assert!(PackageId::parse("a#../../x").is_err());
        assert!(PackageId::parse("a/b#1.0").is_err());
        assert_eq!(
            PackageId::parse_spec("us.nlm.vsac").unwrap(),
            ("us.nlm.vsac".to_owned(), None)
        );
    }

    #[test]
    fn versions_compare_numerically_with_pre_releases_first() {
        assert_eq!(compare_versions("4.0.10", "4.0.9"), Ordering::Greater);
        assert_eq!(compare_versions("1.0.0-ballot", "1.0.0"), Ordering::Less);
        assert_eq!(compare_versions("3.1.1", "3.1.1"), Ordering::Equal);
        assert_eq!(compare_versions("6.1.0", "6.1"), Ordering::Greater);
    }

    #[test]
    fn requirements_match_exact_and_wildcard_versions() {
        assert!(version_matches("4.0.1", "4.0.1"));
        assert!(!version_matches("4.0.1", "4.0.2"));
        assert!(version_matches("4.0.x", "4.0.2"));
        assert!(!version_matches("4.0.x", "4.1.0"));
        assert!(version_matches("current", "0.1.0"));
    }
}
