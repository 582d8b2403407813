//! The profiles a resource is validated against besides its core definition: those it claims in
//! `meta.profile` (a version-specific core URL such as `http://hl7.org/fhir/4.0/StructureDefinition/Patient`
//! is noted, not fetched), the profiles these impose (the `structuredefinition-imposeProfile`
//! extension), and the global profiles of the loaded ImplementationGuides, which must be known.

use std::sync::Arc;

use crate::json::{JsonValue, Pos};
use crate::validate::issue::IssueType;
use crate::validate::profile::Profile;
use crate::validate::walk::Walk;

/// `http://hl7.org/fhir/` followed by a FHIR version and `/`.
const VERSIONED_CORE_PREFIX: &str = "http://hl7.org/fhir/";
/// The FHIR versions a version-specific core URL can name.
const CORE_URL_VERSIONS: &[&str] = &["1.0", "1.4", "3.0", "4.0", "4.3", "5.0", "6.0"];
/// The version this validator validates (R4).
const THIS_VERSION: &str = "4.0";

/// The profiles of `meta.profile` that resolve, with those they impose. Reports unknown ones (a
/// warning), version-specific core URLs (information, or an error when they name another type's
/// definition), and imposed profiles that cannot be found (a warning).
pub(crate) fn claimed(
    walk: &mut Walk<'_>,
    json: &JsonValue,
    path: &str,
    core: &Profile,
) -> Vec<Arc<Profile>> {
    let mut found = Vec::new();
    let Some(claimed) = json
        .get("meta")
        .and_then(|meta| meta.get("profile"))
        .and_then(JsonValue::as_array)
    else {
        return found;
    };
    for (index, canonical) in claimed.iter().enumerate() {
        let Some(canonical) = canonical.as_str() else {
            continue;
        };
        if canonical == core.url {
            continue;
        }
        let at = format!("{path}.meta.profile[{index}]");
        if let Some((version, url)) = version_specific(canonical) {
            version_specific_claim(walk, &at, json.pos, version, &url, core);
            continue;
        }
        match walk.defs.profile(canonical) {
            Some(profile) => {
                found.extend(imposed(walk, &profile, &at, json.pos));
                found.push(profile);
            }
            None => walk.sink.warning(
                IssueType::NotFound,
                "profile.unknown",
                &format!("{path}.meta.profile"),
                json.pos,
                format!("Profile reference '{canonical}' has not been checked because it is not in the loaded packages"),
            ),
        }
    }
    found
}

/// A version-specific core URL: the FHIR version it names and the URL without it.
fn version_specific(canonical: &str) -> Option<(&str, String)> {
    let rest = canonical.strip_prefix(VERSIONED_CORE_PREFIX)?;
    let (version, tail) = rest.split_once('/')?;
    CORE_URL_VERSIONS
        .contains(&version)
        .then(|| (version, format!("{VERSIONED_CORE_PREFIX}{tail}")))
}

fn version_specific_claim(
    walk: &mut Walk<'_>,
    at: &str,
    pos: Pos,
    version: &str,
    url: &str,
    core: &Profile,
) {
    if version != THIS_VERSION {
        walk.sink.info(
            IssueType::Structure,
            "profile.other_fhir_version",
            at,
            pos,
            format!("The profile is for the FHIR version {version}, so it is not checked (this is FHIR {THIS_VERSION})"),
        );
    } else if url == core.url {
        walk.sink.info(
            IssueType::Structure,
            "profile.this_fhir_version",
            at,
            pos,
            "The profile is the version-specific URL of the resource's own definition; it is validated as that definition".to_string(),
        );
    } else {
        let type_name = walk
            .defs
            .profile(url)
            .map_or_else(|| "null".to_string(), |p| p.type_name.clone());
        walk.sink.error(
            IssueType::Structure,
            "profile.this_fhir_version_other_type",
            at,
            pos,
            format!("The profile is a version-specific URL of the core definition of another type ({type_name}), so the resource cannot conform to it"),
        );
    }
}

/// The profiles `profile` imposes (the `structuredefinition-imposeProfile` extension) that
/// resolve; a warning for each that does not.
pub(crate) fn imposed(
    walk: &mut Walk<'_>,
    profile: &Profile,
    at: &str,
    pos: Pos,
) -> Vec<Arc<Profile>> {
    let mut found = Vec::new();
    for url in walk.defs.imposed_profiles(&profile.url).iter() {
        match walk.defs.profile(url) {
            Some(imposed) => found.push(imposed),
            None => walk.sink.warning(
                IssueType::BusinessRule,
                "profile.imposed_unknown",
                at,
                pos,
                format!(
                    "The profile {url} imposed by {} could not be found, so it is not checked",
                    profile.url
                ),
            ),
        }
    }
    found
}

/// A warning for each global profile of the loaded ImplementationGuides for this resource type
/// that is not in the loaded packages (the known ones are validated as implied profiles).
pub(crate) fn unknown_globals(walk: &mut Walk<'_>, resource_type: &str, path: &str, pos: Pos) {
    for (profile_url, guide_url) in walk.defs.global_profiles(resource_type) {
        if walk.defs.profile(&profile_url).is_none() {
            walk.sink.warning(
                IssueType::Structure,
                "profile.global_unknown",
                path,
                pos,
                format!("The global profile {profile_url} from the ImplementationGuide {guide_url} is not in the loaded packages, so it is not checked"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::version_specific;

    #[test]
    fn a_version_specific_core_url_names_its_version_and_plain_url() {
        assert_eq!(
            version_specific("http://hl7.org/fhir/3.0/StructureDefinition/Patient"),
            Some((
                "3.0",
                "http://hl7.org/fhir/StructureDefinition/Patient".to_string()
            ))
        );
        assert_eq!(
            version_specific("http://hl7.org/fhir/StructureDefinition/Patient"),
            None
        );
        assert_eq!(
            version_specific("http://hl7.org/fhir/us/core/StructureDefinition/x"),
            None
        );
    }
}
