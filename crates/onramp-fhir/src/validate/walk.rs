//! The walk: an instance object against an element node of a compiled profile, member by member.
//! Matching JSON properties to elements, grouping values, and handing each value to the rules.

use std::sync::Arc;

use super::context::Definitions;
use super::issue::{IssueSink, IssueType};
use super::location;
use super::profile::{ElementNode, Profile};
use super::rules;
use crate::fhirpath::Environment;
use crate::json::{JsonKind, JsonValue, Pos, NULL};

/// Deeper than this, a resource is not walked further (contained in contained in …).
const MAX_DEPTH: usize = 64;

/// The state of one validation: definitions, the sink, the resource being walked.
pub(crate) struct Walk<'a> {
    pub defs: &'a Definitions,
    pub options: super::ValidationOptions,
    pub sink: &'a mut IssueSink,
    /// `%resource` for invariants.
    pub resource: &'a JsonValue,
    /// `%rootResource` (the Bundle or container).
    pub root: &'a JsonValue,
    pub depth: usize,
    /// The Bundle the resource is in, for reference resolution.
    pub bundle: Option<&'a rules::bundle::BundleIndex<'a>>,
    /// The resource that contains this one (for `#id` references from a contained resource).
    pub container: Option<&'a JsonValue>,
    /// `%resource` and `%rootResource` for invariants, made on first use.
    pub environment: Option<Environment<'a>>,
}

/// One value of an element: the JSON value (absent when only `_name` is there), its `_name`
/// companion, the concrete type and the location.
pub(crate) struct Item<'j> {
    pub json: Option<&'j JsonValue>,
    pub companion: Option<&'j JsonValue>,
    pub type_code: String,
    pub path: String,
    pub pos: Pos,
}

impl<'j> Item<'j> {
    /// The value as FHIRPath sees it: the JSON value, or `null` when only `_name` is there.
    pub fn value(&self) -> &'j JsonValue {
        self.json.unwrap_or(&NULL)
    }
}

/// The values of one child group of an object.
struct Matched<'j> {
    group: usize,
    items: Vec<Item<'j>>,
}

impl<'a> Walk<'a> {
    /// Validates the object `json` against node `index` of `profile`.
    pub fn object(
        &mut self,
        profile: &Arc<Profile>,
        index: usize,
        json: &JsonValue,
        path: &str,
        type_code: &str,
    ) {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.sink.error(
                IssueType::TooLong,
                "structure.too_deep",
                path,
                json.pos,
                format!(
                    "The instance is nested deeper than {MAX_DEPTH} elements; not checked further"
                ),
            );
            self.depth -= 1;
            return;
        }
        if let Some((owner, owner_index)) = self.children_owner(profile, index, type_code) {
            if !Arc::ptr_eq(&owner, profile) || owner_index != index {
                // Descending into a type's own definition: its root invariants apply too.
                if owner_index == 0 {
                    if let Some(root) = owner.node(0) {
                        let own = profile.node(index);
                        rules::invariant::check(self, root, json, path, json.pos, type_code, own);
                    }
                }
            }
            self.members(&owner, owner_index, json, path);
        }
        self.depth -= 1;
    }

    /// Where the children of a node are: in the snapshot itself, behind a `contentReference`, or in
    /// the type's own profile.
    fn children_owner(
        &self,
        profile: &Arc<Profile>,
        index: usize,
        type_code: &str,
    ) -> Option<(Arc<Profile>, usize)> {
        let node = profile.node(index)?;
        if !node.children.is_empty() {
            return Some((profile.clone(), index));
        }
        if let Some(reference) = &node.content_reference {
            // `#id` in this snapshot, or `url#id` in another definition (a profile's references
            // point into its unconstrained base type).
            let (owner, id) = match reference.split_once('#') {
                Some((url, id)) if !url.is_empty() => (self.defs.profile(url)?, id),
                _ => (profile.clone(), reference.trim_start_matches('#')),
            };
            let target = owner.find_by_id(id)?;
            return Some((owner, target));
        }
        let type_ref = node.types.iter().find(|t| t.code == type_code);
        let by_profile = type_ref
            .and_then(|t| t.profiles.first())
            .and_then(|url| self.defs.profile(url));
        let owner = by_profile.or_else(|| self.defs.core_profile(type_code))?;
        Some((owner, 0))
    }

    fn members(&mut self, profile: &Arc<Profile>, index: usize, json: &JsonValue, path: &str) {
        let Some(node) = profile.node(index) else {
            return;
        };
        let JsonKind::Object(members) = &json.kind else {
            return;
        };
        let mut matched: Vec<Matched<'_>> = Vec::new();
        // Groups of choice values whose type the profile does not allow (counted, not walked).
        let mut disallowed: Vec<usize> = Vec::new();
        let is_resource_root = index == 0 && profile.kind == "resource";
        let has_companions = members.iter().any(|m| m.key.starts_with('_'));
        for member in members {
            let key = &*member.key;
            if key == "resourceType" && is_resource_root {
                continue;
            }
            let (name, is_companion) = match key.strip_prefix('_') {
                Some(name) => (name, true),
                None => (key, false),
            };
            if is_companion && members.iter().any(|m| &*m.key == name) {
                continue; // handled with its value
            }
            let Some((group, type_code, element_name)) = match_property(profile, node, name) else {
                if let Some(group) = rules::structure::disallowed_choice_type(
                    self.sink,
                    self.defs,
                    profile,
                    node,
                    name,
                    path,
                    member.key_pos,
                ) {
                    disallowed.push(group);
                    continue;
                }
                self.sink.error(
                    IssueType::Structure,
                    "structure.unknown_property",
                    path,
                    member.key_pos,
                    format!(
                        "Unrecognized property '{key}': {} has no element of that name",
                        node.path
                    ),
                );
                continue;
            };
            let companion_json = if is_companion {
                Some(&member.value)
            } else if has_companions {
                members
                    .iter()
                    .find(|m| m.key.strip_prefix('_') == Some(name))
                    .map(|m| &m.value)
            } else {
                None
            };
            let value_json = if is_companion {
                None
            } else {
                Some(&member.value)
            };
            let Some(element) = node
                .children
                .get(group)
                .and_then(|g| profile.node(g.element))
            else {
                continue;
            };
            let element_path =
                location::member_path(path, element_name, element.is_choice().then_some(type_code));
            // R4 types Resource.id as a string; its id syntax is a rule of the resource
            // (`resource_ids`), reported once as the reference validator does.
            let items = rules::structure::split_items(
                self.sink,
                element,
                value_json,
                companion_json,
                type_code,
                &element_path,
                member.key_pos,
            );
            match matched.iter_mut().find(|m| m.group == group) {
                Some(existing) => existing.items.extend(items),
                None => matched.push(Matched { group, items }),
            }
        }
        for (position, group) in node.children.iter().enumerate() {
            let Some(element) = profile.node(group.element) else {
                continue;
            };
            let items: &[Item<'_>] = matched
                .iter()
                .find(|m| m.group == position)
                .map(|m| m.items.as_slice())
                .unwrap_or_default();
            rules::structure::cardinality(
                self.sink,
                element,
                items.len() + disallowed.iter().filter(|&&g| g == position).count(),
                path,
                json.pos,
                &profile.url,
            );
            for item in items {
                self.value(profile, group.element, item);
            }
            if !group.slices.is_empty() || element.slicing.is_some() {
                rules::slicing::check(self, profile, group, items, path, json.pos);
            }
        }
    }

    /// One value of an element: primitive, resource or complex.
    pub fn value(&mut self, profile: &Arc<Profile>, index: usize, item: &Item<'_>) {
        let Some(element) = profile.node(index) else {
            return;
        };
        let code = item.type_code.as_str();
        if is_primitive_code(self.defs, code) {
            rules::primitive::check(self, element, item);
            rules::text_safety::check(self, item);
            if code == "xhtml" {
                rules::narrative_links::check(self, item);
            }
            rules::fixed::check(self.sink, element, item);
            rules::min_max::check(self, element, item);
            rules::binding::check(self, element, item);
            if let Some(json) = item.json {
                rules::invariant::check(self, element, json, &item.path, json.pos, code, None);
            }
            let type_profiles = rules::canonical::type_profiles::applicable(element, code);
            if !type_profiles.is_empty() {
                rules::canonical::type_profiles::resolve(self, type_profiles, item);
            }
            return;
        }
        let Some(json) = item.json else {
            return;
        };
        if !json.is_object() {
            self.sink.error(
                IssueType::Structure,
                "structure.expected_object",
                &item.path,
                json.pos,
                format!(
                    "The value of {} must be a JSON object ({code}), found {}",
                    item.path,
                    json.kind_name()
                ),
            );
            return;
        }
        if code == "Resource" || code == "DomainResource" || self.defs.model().is_resource(code) {
            rules::resource::contained(self, element, json, &item.path);
            return;
        }
        rules::structure::empty_element(self.sink, json, &item.path);
        rules::fixed::check(self.sink, element, item);
        rules::min_max::check(self, element, item);
        rules::binding::check(self, element, item);
        rules::invariant::check(self, element, json, &item.path, json.pos, code, None);
        if code == "Extension" {
            rules::structure::extension_url(self.sink, element, json, &item.path);
        }
        match code {
            "Extension" => rules::extension::check(self, element, item),
            "Reference" => rules::reference::check(self, element, item),
            "Attachment" => rules::attachment::check(self, element, item),
            "Quantity" | "SimpleQuantity" | "Age" | "Count" | "Distance" | "Duration"
            | "MoneyQuantity" => rules::quantity::check(self, element, item),
            "Identifier" => rules::identifier::check(self, element, item),
            "Signature" => rules::signature::check(self, element, item),
            _ => {}
        }
        if code == "Extension"
            && element.types.iter().all(|t| t.profiles.is_empty())
            && element.children.is_empty()
        {
            // Validated against its own definition by the extension rule.
            return;
        }
        let type_profiles = rules::canonical::type_profiles::applicable(element, code);
        if !type_profiles.is_empty() {
            let found = rules::canonical::type_profiles::resolve(self, type_profiles, item);
            if type_profiles.len() > 1 {
                if !found.is_empty() {
                    rules::canonical::type_profiles::check_several(self, &found, item, json);
                }
                if element.children.is_empty() {
                    return;
                }
            }
        }
        self.object(profile, index, json, &item.path, code);
    }
}

/// Whether a type code is a primitive (`string`, `dateTime`, the System types of `id`/`url`).
pub(crate) fn is_primitive_code(defs: &Definitions, code: &str) -> bool {
    defs.model().is_primitive(code)
        || matches!(
            code,
            "String" | "Boolean" | "Integer" | "Decimal" | "Date" | "DateTime" | "Time" | "xhtml"
        )
}

/// Which child group a JSON property name belongs to: the group, the concrete type, and the
/// element name (without `[x]`).
fn match_property<'p>(
    profile: &'p Profile,
    node: &'p ElementNode,
    name: &str,
) -> Option<(usize, &'p str, &'p str)> {
    for (position, group) in node.children.iter().enumerate() {
        let Some(element) = profile.node(group.element) else {
            continue;
        };
        if !element.is_choice() {
            if element.name == name {
                let code = element
                    .types
                    .first()
                    .map_or("BackboneElement", |t| t.code.as_str());
                return Some((position, code, element.name.as_str()));
            }
            continue;
        }
        let base = element.base_name();
        let Some(suffix) = name.strip_prefix(base) else {
            continue;
        };
        for type_ref in &element.types {
            if capitalized_equals(&type_ref.code, suffix) {
                return Some((position, type_ref.code.as_str(), base));
            }
        }
    }
    None
}

fn capitalized_equals(type_code: &str, suffix: &str) -> bool {
    let mut t = type_code.chars();
    let mut s = suffix.chars();
    match (t.next(), s.next()) {
        (Some(a), Some(b)) => {
            b.is_uppercase() && a.to_ascii_uppercase() == b && t.as_str() == s.as_str()
        }
        _ => false,
    }
}

impl Walk<'_> {
    /// The `_name` companion of a primitive: an Element (id, extensions).
    pub fn primitive_extensions(&mut self, companion: &JsonValue, path: &str) {
        if let Some(element) = self.defs.core_profile("Element") {
            self.object(&element, 0, companion, path, "Element");
        }
    }
}
