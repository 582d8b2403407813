//! Resolving `uri`, `url` and `canonical` values, when the options ask for it (the reference's
//! `InstanceValidator.validateReference` with a resource fetcher): a value that does not resolve
//! is an error in HL7 namespaces (a hint for a `#` fragment with no target), an example URL is an error unless example
//! URLs are allowed, an unresolved canonical is a hint (or, under a checking policy, an error or a
//! warning); and under a type-checking policy the resource a canonical resolves to is of a type
//! its element allows, and an unversioned canonical with several known versions is a warning.
//!
//! What resolves depends on [`UrlResolution`]: under `ExamplesOnly` everything but example URLs;
//! under `Definitions` what the loaded packages define, the reference's lists of well-known URIs
//! (SIDs, mapping and namespace URIs, RFCs, `tel:`/`mailto:`, FHIRPath's system types, the
//! cross-version extensions), and — with no network to ask — any non-canonical URL outside a
//! namespace that a loaded package covers, except on the reserved example domains.

use crate::json::JsonValue;
use crate::validate::issue::{IssueType, Severity};
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};
use crate::validate::UrlResolution;

use super::uri::{is_absolute_url, is_defining_url};

/// Resolves one URI-like value and reports what the reference reports when it does not.
pub(super) fn check(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    json: &JsonValue,
    code: &str,
    text: &str,
) {
    let mode = walk.options.url_resolution;
    if mode == UrlResolution::Off
        || code == "uuid"
        || is_defining_url(element)
        || element.path == "Bundle.entry.fullUrl"
    {
        return;
    }
    let canonical = code == "canonical";
    let internal = text.strip_prefix('#');
    let found = match internal {
        Some(id) if canonical => contained(walk, id).is_some(),
        Some(id) => id.is_empty() || has_fragment(walk.container.unwrap_or(walk.resource), id, 0),
        None => resolves(walk, mode, text, canonical),
    };
    if found {
        if canonical && walk.options.canonical_policy.checks_type() {
            check_canonical_target(walk, element, item, json, text, internal);
        }
        return;
    }
    let example = is_example_url(text);
    if example && walk.options.allow_example_urls {
        return;
    }
    let report = |walk: &mut Walk<'_>, severity: Severity, id: &'static str, message: String| {
        walk.sink.push(
            severity,
            IssueType::Invalid,
            id,
            &item.path,
            json.pos,
            message,
        );
    };
    let example_message = || format!("Example URLs are not allowed in this context ({text})");
    if canonical {
        let message = format!("A definition could not be found for Canonical URL '{text}'");
        if walk.options.canonical_policy.checks_existence() || internal.is_some() {
            let severity = if is_known_space(text) {
                Severity::Error
            } else {
                Severity::Warning
            };
            report(walk, severity, "reference.canonical_unresolved", message);
        } else if example {
            report(
                walk,
                Severity::Error,
                "reference.example_url",
                example_message(),
            );
        } else {
            report(
                walk,
                Severity::Information,
                "reference.canonical_unresolved",
                message,
            );
        }
        return;
    }
    let absolute = is_absolute_url(text);
    let unresolved = format!("URL value '{text}' does not resolve");
    if internal.is_some() {
        report(
            walk,
            Severity::Information,
            "reference.url_unresolved",
            format!("The URL value '{text}' might be wrong because it appears to point to an internal target, but there is no matching target"),
        );
    } else if is_known_space(text) {
        report(
            walk,
            Severity::Error,
            "reference.url_unresolved",
            unresolved,
        );
    } else if example {
        report(
            walk,
            Severity::Error,
            "reference.example_url",
            example_message(),
        );
    } else if exempt(element, absolute) {
    } else if item.path.ends_with(".meta.source") {
        report(
            walk,
            Severity::Information,
            "reference.url_unresolved",
            unresolved,
        );
    } else {
        report(
            walk,
            Severity::Warning,
            "reference.url_unresolved",
            unresolved,
        );
    }
}

/// Under a type-checking policy: the resource a canonical resolves to exists (a warning under the
/// check-valid policy, an error for a `#` reference), is of a type the element allows, and an
/// unversioned canonical is not ambiguous among the loaded versions.
fn check_canonical_target(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    json: &JsonValue,
    text: &str,
    internal: Option<&str>,
) {
    let resource_type = match internal {
        Some(id) => contained(walk, id)
            .and_then(|resource| resource.get("resourceType"))
            .and_then(JsonValue::as_str)
            .map(str::to_owned),
        None => walk.defs.resolve(text).and_then(|resource| {
            resource
                .get("resourceType")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        }),
    };
    let Some(resource_type) = resource_type else {
        if walk.options.canonical_policy == crate::validate::CanonicalPolicy::CheckValid {
            let severity = if internal.is_some() {
                Severity::Error
            } else {
                Severity::Warning
            };
            walk.sink.push(
                severity,
                IssueType::Invalid,
                "reference.canonical_not_available",
                &item.path,
                json.pos,
                format!(
                    "The canonical '{text}' resolves, but its definition is not available to check"
                ),
            );
        }
        return;
    };
    let allowed = allowed_types(walk, element);
    let correct = match &allowed {
        None => true,
        Some(types) => types
            .iter()
            .any(|t| matches!(t.as_str(), "Resource" | "CanonicalResource") || *t == resource_type),
    };
    if !correct {
        let expected = allowed.unwrap_or_default().join(", ");
        walk.sink.error(
            IssueType::Invalid,
            "reference.canonical_wrong_type",
            &item.path,
            json.pos,
            format!(
                "The canonical URL '{text}' refers to a resource of type {resource_type}, but only {expected} is allowed here"
            ),
        );
        return;
    }
    if internal.is_some()
        || text.contains('|')
        || matches!(
            element.path.as_str(),
            "ImplementationGuide.dependsOn.uri"
                | "ConceptMap.group.source"
                | "ConceptMap.group.target"
        )
    {
        return;
    }
    let mut versions = walk.defs.packages().canonical_versions(text);
    if versions.len() > 1 {
        versions.sort();
        let chosen = walk
            .defs
            .resolve(text)
            .and_then(|resource| {
                resource
                    .get("version")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        walk.sink.warning(
            IssueType::Invalid,
            "reference.canonical_several_versions",
            &item.path,
            json.pos,
            format!(
                "The canonical '{text}' has no version, and several versions are known ({}); version {chosen} was used",
                versions.join(", ")
            ),
        );
    }
}

/// The resource types the element's `canonical` type allows (from its target profiles); `None`
/// when it names none (any type).
fn allowed_types(walk: &Walk<'_>, element: &ElementNode) -> Option<Vec<String>> {
    let type_ref = element.types.iter().find(|t| t.code == "canonical")?;
    if type_ref.target_profiles.is_empty() {
        return None;
    }
    let types = type_ref
        .target_profiles
        .iter()
        .filter_map(|profile| {
            let defined = walk.defs.resolve(profile).and_then(|definition| {
                definition
                    .get("type")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            });
            defined.or_else(|| {
                profile
                    .strip_prefix("http://hl7.org/fhir/StructureDefinition/")
                    .map(str::to_owned)
            })
        })
        .collect();
    Some(types)
}

/// The contained resource of the resource being walked (or its container) with this id; the
/// container itself for `#`.
fn contained<'w>(walk: &Walk<'w>, id: &str) -> Option<&'w JsonValue> {
    let root = walk.container.unwrap_or(walk.resource);
    if id.is_empty() {
        return Some(root);
    }
    root.get("contained")?
        .items()
        .iter()
        .find(|resource| resource.get("id").and_then(JsonValue::as_str) == Some(id))
}

/// Whether something in the resource (its container, for a contained one) has this id: an
/// element's `id`, or an `id` attribute in a narrative.
fn has_fragment(json: &JsonValue, id: &str, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    if let Some(items) = json.as_array() {
        return items.iter().any(|item| has_fragment(item, id, depth + 1));
    }
    json.members().any(|(name, value)| match name {
        "id" => value.as_str() == Some(id),
        "div" => value.as_str().is_some_and(|xhtml| {
            xhtml.contains(&format!("id=\"{id}\"")) || xhtml.contains(&format!("id='{id}'"))
        }),
        _ => has_fragment(value, id, depth + 1),
    })
}

/// Whether a value resolves under the configured resolution (not `#` references).
fn resolves(walk: &Walk<'_>, mode: UrlResolution, text: &str, canonical: bool) -> bool {
    match mode {
        UrlResolution::Off => true,
        UrlResolution::ExamplesOnly => !is_example_url(text),
        UrlResolution::Definitions => {
            let url = text.rsplit_once('|').map_or(text, |(url, _)| url);
            if is_well_known(url) || walk.defs.resolve(url).is_some() {
                return true;
            }
            // Example domains are reserved: nothing there resolves (the reference's standalone
            // fetcher takes them as resolving, with every URL outside a package it knows).
            !canonical && !is_example_url(url) && !covered_by_loaded_package(walk, url)
        }
    }
}

/// Whether a loaded package's canonical base covers this URL, so that its definitions say what
/// exists there. Under R4 core's `http://hl7.org/fhir`, only the core's own forms count
/// (`…/fhir/name` and `…/fhir/Type/id`), not the guides published below it (`…/fhir/us/core/…`).
fn covered_by_loaded_package(walk: &Walk<'_>, url: &str) -> bool {
    walk.defs.packages().packages().iter().any(|package| {
        let Some(base) = package.manifest().canonical.as_deref() else {
            return false;
        };
        let Some(rest) = url
            .strip_prefix(base.trim_end_matches('/'))
            .and_then(|rest| rest.strip_prefix('/'))
        else {
            return false;
        };
        if base.trim_end_matches('/') != "http://hl7.org/fhir" {
            return true;
        }
        let mut segments = rest.split('/');
        let first = segments.next().unwrap_or_default();
        match (segments.next(), segments.next()) {
            (None, _) => true,
            (Some(_), None) => first.starts_with(|c: char| c.is_ascii_uppercase()),
            _ => false,
        }
    })
}

/// URIs the reference knows without a fetcher: FHIRPath's system types, `tel:` and `mailto:`,
/// identifier systems under `http://hl7.org/fhir/sid/`, the V3 and SDTC namespaces, RFCs, the
/// mapping URIs of the core specification, and the cross-version extensions.
fn is_well_known(url: &str) -> bool {
    const NAMESPACES: [&str; 3] = [
        "urn:hl7-org:v3",
        "urn:hl7-org:sdtc",
        "http://unstats.un.org/unsd/methods/m49/m49.htm",
    ];
    if url.starts_with("http://hl7.org/fhirpath/System.")
        || url.starts_with("tel:")
        || url.starts_with("mailto:")
        || url.starts_with("http://hl7.org/fhir/sid/")
        || NAMESPACES.contains(&url)
        || MAPPING_URIS.contains(&url)
        || crate::validate::rules::is_cross_version_extension(url)
    {
        return true;
    }
    [
        "https://tools.ietf.org/html/rfc",
        "http://tools.ietf.org/html/rfc",
    ]
    .iter()
    .any(|prefix| {
        url.strip_prefix(prefix)
            .is_some_and(|number| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
    })
}

/// The mapping URIs the core specification's definitions use (`StructureDefinition.mapping.uri`).
const MAPPING_URIS: &[&str] = &[
    "urn:hl7-org:v3/mif2",
    "http://cap.org/ecc",
    "http://clinicaltrials.gov",
    "http://fda.gov/UDI",
    "http://github.com/MDMI/ReferentIndexContent",
    "http://hl7.org/fhir/auditevent",
    "http://hl7.org/fhir/composition",
    "http://hl7.org/fhir/consent",
    "http://hl7.org/fhir/documentreference",
    "http://hl7.org/fhir/fivews",
    "http://hl7.org/fhir/interface",
    "http://hl7.org/fhir/logical",
    "http://hl7.org/fhir/object-implementation",
    "http://hl7.org/fhir/provenance",
    "http://hl7.org/fhir/rr",
    "http://hl7.org/fhir/w5",
    "http://hl7.org/fhir/workflow",
    "http://hl7.org/orim",
    "http://hl7.org/qidam",
    "http://hl7.org/v2",
    "http://hl7.org/v3/cda",
    "http://hl7.org/v3",
    "http://ietf.org/rfc/2445",
    "http://ihe.net/data-element-exchange",
    "http://loinc.org",
    "http://metadata-standards.org/11179/",
    "http://ncpdp.org/SCRIPT10_6",
    "http://nema.org/dicom",
    "http://openehr.org",
    "http://siframework.org/cqf",
    "http://siframework.org/ihe-sdc-profile",
    "http://snomed.info/conceptdomain",
    "http://snomed.org/attributebinding",
    "http://w3.org/vcard",
    "http://www.cda-adc.ca/en/services/cdanet/",
    "http://www.cdisc.org/define-xml",
    "http://www.healthit.gov/quality-data-model",
    "http://www.hl7.org/v3/PORX_RM020070UV",
    "http://www.omg.org/spec/ServD/1.0/",
    "http://www.pharmacists.ca/",
    "http://www.w3.org/ns/prov",
    "https://bridgmodel.nci.nih.gov",
    "https://dicomstandard.org/current",
    "https://profiles.ihe.net/ITI/TF/Volume3",
    "https://www.iso.org/obp/ui/#iso:std:iso:11238",
    "https://www.iso.org/obp/ui/#iso:std:iso:11615",
    "urn:iso:std:iso:11073:10201",
    "urn:iso:std:iso:11073:10207",
    "urn:iso:std:iso:11073:20701",
    "https://www.isbt128.org/uri/",
];

/// An example URL as the reference recognizes one: on `example.org`, `example.com`,
/// `example.net`, `acme.com` or `acme.org`, or an OID under the example arcs.
pub(crate) fn is_example_url(url: &str) -> bool {
    const HOSTS: [&str; 5] = [
        "example.org",
        "acme.com",
        "acme.org",
        "example.com",
        "example.net",
    ];
    HOSTS.iter().any(|host| {
        url.ends_with(host)
            || url.find(host).is_some_and(|at| {
                url.get(at + host.len()..)
                    .is_some_and(|rest| rest.starts_with('/'))
            })
    }) || url.starts_with("urn:oid:1.3.6.1.4.1.32473.")
        || url.starts_with("urn:oid:2.999.")
}

/// HL7's own namespaces, where a URL that does not resolve is an error.
fn is_known_space(url: &str) -> bool {
    url.starts_with("http://hl7.org/fhir")
        || url.starts_with("http://terminology.hl7.org")
        || url.starts_with("http://fhir.org/guides")
}

/// Elements whose values are not resolved (unless they are example URLs): names of pages and
/// sources, request URLs, types, fixed values and patterns; for absolute values also attachment
/// URLs, mapping URIs, endpoints and item definitions; for relative ones extension URLs (checked
/// as extensions).
fn exempt(element: &ElementNode, absolute: bool) -> bool {
    const ALWAYS: [&str; 8] = [
        "ImplementationGuide.definition.page.source[x]",
        "ImplementationGuide.definition.page.name",
        "ImplementationGuide.definition.page.name[x]",
        "Requirements.statement.satisfiedBy",
        "Bundle.entry.request.url",
        "StructureDefinition.type",
        "ElementDefinition.fixed[x]",
        "ElementDefinition.pattern[x]",
    ];
    const ABSOLUTE: [&str; 8] = [
        "Attachment.url",
        "ImplementationGuide.dependsOn.uri",
        "StructureDefinition.mapping.uri",
        "MessageHeader.source.endpoint",
        "MessageHeader.source.endpoint[x]",
        "MessageHeader.destination.endpoint",
        "MessageHeader.destination.endpoint[x]",
        "QuestionnaireResponse.item.definition",
    ];
    let path = element.path.as_str();
    ALWAYS.contains(&path)
        || if absolute {
            ABSOLUTE.contains(&path)
        } else {
            path == "Extension.url"
        }
}
