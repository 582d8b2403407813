//! Slicing: assign each value of a sliced element to a slice by its discriminators, validate it
//! against the slice, and report what the reference validator reports about slicing: slice
//! cardinality (with the core vital-signs special case), ordered slices, closed / open / openAtEnd
//! rules, values matching several slices, and discriminators that cannot be evaluated.

mod discriminator;

use std::sync::Arc;

use crate::json::Pos;
use crate::validate::issue::IssueType;
use crate::validate::profile::{ChildGroup, ElementNode, Profile};
use crate::validate::walk::{Item, Walk};

use discriminator::{discriminator_matches, matches, KNOWN_KINDS};

/// Assigns `items` (the values of one sliced element) to the slices of `group` and reports on them.
pub(crate) fn check(
    walk: &mut Walk<'_>,
    profile: &Arc<Profile>,
    group: &ChildGroup,
    items: &[Item<'_>],
    parent_path: &str,
    pos: Pos,
) {
    let Some(base) = profile.node(group.element) else {
        return;
    };
    let discriminators: Vec<(String, String)> = match &base.slicing {
        Some(slicing) => slicing.discriminators.clone(),
        None if base.base_name() == "extension" || base.base_name() == "modifierExtension" => {
            vec![("value".to_string(), "url".to_string())]
        }
        // Type slices of a choice element (`value[x]:valueQuantity`) are told apart by type.
        None if base.is_choice() => vec![("type".to_string(), "$this".to_string())],
        None => Vec::new(),
    };
    let rules = base
        .slicing
        .as_ref()
        .map_or("open", |s| s.rules.as_str())
        .to_string();
    let ordered = base.slicing.as_ref().is_some_and(|s| s.ordered);
    let slices: Vec<usize> = group
        .slices
        .iter()
        .copied()
        .filter(|&s| {
            profile.node(s).is_some_and(|n| {
                n.slice_name
                    .as_deref()
                    .is_some_and(|name| !name.contains('/'))
            })
        })
        .collect();
    // A discriminator type Onramp cannot evaluate: no value can be assigned to a slice, so the
    // slice rules and cardinalities are not checked (as the reference does). With no values there
    // is nothing to evaluate, and the slice minimums are reported as usual.
    let unsupported = discriminators
        .iter()
        .find(|(kind, _)| !KNOWN_KINDS.contains(&kind.as_str()))
        .filter(|_| !items.is_empty());
    if let Some((kind, path)) = unsupported {
        if !slices.is_empty() {
            for item in items {
                walk.sink.error(
                    IssueType::Processing,
                    "slicing.cannot_evaluate",
                    &item.path,
                    item.pos,
                    format!(
                        "The slicing of {} cannot be evaluated: the discriminator type '{kind}' (path '{path}') is not supported",
                        base.path
                    ),
                );
            }
        }
        report_unchecked(walk, profile, base, &slices, parent_path, pos);
        return;
    }
    let mut counts = vec![0usize; slices.len()];
    let mut last_slice: Option<usize> = None;
    let mut seen_unmatched = false;
    for item in items {
        // Every slice is tried: a value matching two slices is an error in the profile.
        let mut matched: Option<usize> = None;
        for (position, &slice) in slices.iter().enumerate() {
            if !matches(walk, profile, slice, item, &discriminators) {
                continue;
            }
            match matched {
                None => matched = Some(position),
                Some(first) => {
                    report_multiple(walk, profile, &slices, first, position, item);
                    break;
                }
            }
        }
        match matched {
            Some(position) => {
                if let Some(count) = counts.get_mut(position) {
                    *count += 1;
                }
                if ordered && last_slice.is_some_and(|last| last > position) {
                    walk.sink.error(
                        IssueType::Structure,
                        "slicing.order",
                        &item.path,
                        item.pos,
                        format!(
                            "The slices of {} are ordered and this value comes after a later slice",
                            base.path
                        ),
                    );
                }
                if rules == "openAtEnd" && seen_unmatched {
                    walk.sink.error(
                        IssueType::Structure,
                        "slicing.open_at_end",
                        &item.path,
                        item.pos,
                        format!("The slicing of {} is openAtEnd: values that match no slice must come last", base.path),
                    );
                }
                last_slice = Some(position);
                if let Some(&slice) = slices.get(position) {
                    walk.value(profile, slice, item);
                }
            }
            None => {
                seen_unmatched = true;
                report_unmatched(walk, profile, base, &slices, &discriminators, &rules, item);
            }
        }
    }
    for (position, &slice) in slices.iter().enumerate() {
        let Some(node) = profile.node(slice) else {
            continue;
        };
        let count = counts.get(position).copied().unwrap_or(0);
        let name = node.slice_name.as_deref().unwrap_or_default();
        let count32 = u32::try_from(count).unwrap_or(u32::MAX);
        if count32 < node.min {
            if is_vital_sign_code(profile, node) {
                let code = fixed_loinc_code(profile, slice);
                walk.sink.error(
                    IssueType::Structure,
                    "slicing.vital_sign_code",
                    parent_path,
                    pos,
                    format!(
                        "Slice '{name}': a matching coding is required: the LOINC code {code} must be among the codings (from {})",
                        profile.url
                    ),
                );
                continue;
            }
            walk.sink.error(
                IssueType::Structure,
                "slicing.too_few",
                parent_path,
                pos,
                format!(
                    "Slice '{}:{name}': minimum required = {}, but only found {count} (from {})",
                    base.path, node.min, profile.url
                ),
            );
        }
        if node.max.is_some_and(|max| count32 > max) {
            walk.sink.error(
                IssueType::Structure,
                "slicing.too_many",
                parent_path,
                pos,
                format!(
                    "Slice '{}:{name}': max allowed = {}, but found {count} (from {})",
                    base.path,
                    node.max_text(),
                    profile.url
                ),
            );
        }
    }
}

/// Whether the slicing of `element` has a discriminator type Onramp cannot evaluate: its
/// cardinality is then reported as unchecked (information) when values are present.
pub(crate) fn cannot_evaluate(element: &ElementNode) -> bool {
    element.slicing.as_ref().is_some_and(|slicing| {
        slicing
            .discriminators
            .iter()
            .any(|(kind, _)| !KNOWN_KINDS.contains(&kind.as_str()))
    })
}

/// A value matching two slices that are not a slice and its reslice: an error in the profile.
fn report_multiple(
    walk: &mut Walk<'_>,
    profile: &Profile,
    slices: &[usize],
    first: usize,
    second: usize,
    item: &Item<'_>,
) {
    let name = |position: usize| {
        slices
            .get(position)
            .and_then(|&s| profile.node(s))
            .and_then(|n| n.slice_name.clone())
            .unwrap_or_default()
    };
    walk.sink.error(
        IssueType::Invalid,
        "slicing.match_multiple",
        &item.path,
        item.pos,
        format!(
            "This element matches more than one slice of the profile {}: '{}' and '{}'; a value must match one slice only",
            profile.url,
            name(first),
            name(second)
        ),
    );
}

/// A value matching no slice: an error for closed slicing, else an information hint; both say,
/// slice by slice, which discriminator the value does not match.
fn report_unmatched(
    walk: &mut Walk<'_>,
    profile: &Arc<Profile>,
    base: &ElementNode,
    slices: &[usize],
    discriminators: &[(String, String)],
    rules: &str,
    item: &Item<'_>,
) {
    if rules != "closed" && ignores_slicing_hint(profile, base) {
        return;
    }
    let mut reasons = String::new();
    for &slice in slices {
        let failed = discriminators
            .iter()
            .find(|(kind, path)| !discriminator_matches(walk, profile, slice, item, kind, path));
        let name = profile
            .node(slice)
            .and_then(|n| n.slice_name.as_deref())
            .unwrap_or_default();
        reasons.push_str(&match failed {
            Some((kind, path)) => {
                format!("; does not match slice '{name}' (discriminator: {kind} {path})")
            }
            None => format!("; does not match slice '{name}'"),
        });
    }
    if rules == "closed" {
        walk.sink.error(
            IssueType::Structure,
            "slicing.closed",
            &item.path,
            item.pos,
            format!(
                "This element does not match any known slice defined in the profile {} and slicing is closed{reasons}",
                profile.url
            ),
        );
    } else {
        walk.sink.info(
            IssueType::Informational,
            "slicing.no_match",
            &item.path,
            item.pos,
            format!(
                "This element does not match any known slice defined in the profile {}{reasons}",
                profile.url
            ),
        );
    }
}

/// Slice minimums that cannot be checked because the slicing could not be evaluated: no value is
/// assigned to a slice, so each slice with a minimum gets an information hint (a maximum cannot be
/// exceeded by no values).
fn report_unchecked(
    walk: &mut Walk<'_>,
    profile: &Profile,
    base: &ElementNode,
    slices: &[usize],
    parent_path: &str,
    pos: Pos,
) {
    for &slice in slices {
        let Some(node) = profile.node(slice) else {
            continue;
        };
        let name = node.slice_name.as_deref().unwrap_or_default();
        if node.min > 0 {
            walk.sink.info(
                IssueType::NotSupported,
                "slicing.no_check_min",
                parent_path,
                pos,
                format!(
                    "Slice '{}:{name}': the minimum of {} was not checked because the slicing cannot be evaluated (from {})",
                    base.path, node.min, profile.url
                ),
            );
        }
    }
}

/// The reference's "magic" case: a slice of `Observation.code.coding` in a core profile (the
/// vital signs), whose missing code is reported by its LOINC code.
fn is_vital_sign_code(profile: &Profile, node: &ElementNode) -> bool {
    profile
        .url
        .starts_with("http://hl7.org/fhir/StructureDefinition/")
        && node.slice_name.is_some()
        && node.path == "Observation.code.coding"
}

/// The reference gives no "matches no slice" hint for the codings of a core vital-signs profile.
fn ignores_slicing_hint(profile: &Profile, base: &ElementNode) -> bool {
    profile
        .url
        .starts_with("http://hl7.org/fhir/StructureDefinition/")
        && base.path == "Observation.code.coding"
}

/// The LOINC code a coding slice fixes (its `fixedCoding`, or its `code`'s fixed value).
fn fixed_loinc_code(profile: &Profile, slice: usize) -> String {
    let node = profile.node(slice);
    let from_coding = node
        .and_then(|n| n.fixed.as_ref().or(n.pattern.as_ref()))
        .filter(|f| f.get("system").and_then(|s| s.as_str()) == Some("http://loinc.org"))
        .and_then(|f| f.get("code").and_then(|c| c.as_str()).map(str::to_string));
    from_coding
        .or_else(|| {
            let code = profile.child_named(slice, "code")?;
            let node = profile.node(code)?;
            node.fixed
                .as_ref()
                .or(node.pattern.as_ref())?
                .as_str()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "??".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(url: &str, nodes: Vec<ElementNode>) -> Profile {
        Profile {
            url: url.to_string(),
            name: "P".to_string(),
            type_name: "Observation".to_string(),
            kind: "resource".to_string(),
            contexts: Vec::new(),
            nodes,
        }
    }

    fn coding_slice(fixed: Option<&str>) -> ElementNode {
        ElementNode {
            path: "Observation.code.coding".to_string(),
            slice_name: Some("HeartRateCode".to_string()),
            min: 1,
            fixed: fixed.and_then(|text| crate::json::parse(text.as_bytes()).value),
            ..ElementNode::default()
        }
    }

    #[test]
    fn only_coding_slices_of_core_profiles_are_vital_sign_codes() {
        let core = profile("http://hl7.org/fhir/StructureDefinition/heartrate", vec![]);
        let other = profile("http://example.org/StructureDefinition/heartrate", vec![]);
        assert!(is_vital_sign_code(&core, &coding_slice(None)));
        assert!(!is_vital_sign_code(&other, &coding_slice(None)));
        let unsliced = ElementNode {
            path: "Observation.code.coding".to_string(),
            ..ElementNode::default()
        };
        assert!(!is_vital_sign_code(&core, &unsliced));
        assert!(ignores_slicing_hint(&core, &unsliced));
        assert!(!ignores_slicing_hint(&other, &unsliced));
    }

    #[test]
    fn the_loinc_code_comes_from_a_fixed_coding() {
        let fixed = r#"{"system": "http://loinc.org", "code": "8867-4"}"#;
        let with_code = profile("u", vec![coding_slice(Some(fixed))]);
        assert_eq!(fixed_loinc_code(&with_code, 0), "8867-4");
        let other_system = r#"{"system": "http://snomed.info/sct", "code": "1"}"#;
        let snomed = profile("u", vec![coding_slice(Some(other_system))]);
        assert_eq!(fixed_loinc_code(&snomed, 0), "??");
        assert_eq!(fixed_loinc_code(&profile("u", vec![]), 0), "??");
    }

    #[test]
    fn r5_position_discriminators_are_not_evaluable() {
        let sliced = |kind: &str| ElementNode {
            slicing: Some(crate::validate::profile::Slicing {
                discriminators: vec![(kind.to_string(), "$this".to_string())],
                ordered: false,
                rules: "open".to_string(),
            }),
            ..ElementNode::default()
        };
        assert!(!cannot_evaluate(&sliced("pattern")));
        assert!(cannot_evaluate(&sliced("position")));
        assert!(!cannot_evaluate(&ElementNode::default()));
    }
}
