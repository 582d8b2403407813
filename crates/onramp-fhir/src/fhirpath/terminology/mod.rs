//! Local terminology for `memberOf()` and `subsumes()`: value sets expanded from the loaded
//! packages (explicit expansions, `compose.include` of concept lists, whole code systems and
//! `is-a`/`descendent-of`/`=`/`in`/`regex` filters, nested value sets and excludes), cached per URL.
//!
//! What cannot be expanded offline (SNOMED CT, LOINC and other systems whose content is not in a
//! package) gives no answer rather than a wrong one.

mod expand;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::package::PackageSet;

pub(crate) use expand::Expansion;

/// Caches expansions per value set URL. Shared by all evaluations of an engine.
#[derive(Default)]
pub(crate) struct Terminology {
    expansions: Mutex<HashMap<String, Option<Arc<Expansion>>>>,
}

impl Terminology {
    /// The expansion of a value set, or `None` when it cannot be expanded from the packages.
    pub fn expansion(&self, packages: &PackageSet, url: &str) -> Option<Arc<Expansion>> {
        if let Ok(cache) = self.expansions.lock() {
            if let Some(cached) = cache.get(url) {
                return cached.clone();
            }
        }
        let expansion = expand::expand(packages, url, 0).ok().map(Arc::new);
        if let Ok(mut cache) = self.expansions.lock() {
            cache.insert(url.to_string(), expansion.clone());
        }
        expansion
    }

    /// Whether any of the codings is in the value set; `None` when the value set cannot be expanded.
    pub fn member_of(
        &self,
        packages: &PackageSet,
        url: &str,
        codings: &[(Option<String>, String)],
    ) -> Option<bool> {
        let expansion = self.expansion(packages, url)?;
        Some(
            codings
                .iter()
                .any(|(system, code)| expansion.contains(system.as_deref(), code)),
        )
    }

    /// Whether the first coding subsumes (is, or is an ancestor of) the second in their code
    /// system's hierarchy; `None` when the systems differ or the code system is not loaded.
    pub fn subsumes(
        &self,
        packages: &PackageSet,
        ancestors: &[(Option<String>, String)],
        descendants: &[(Option<String>, String)],
    ) -> Option<bool> {
        let (Some((ancestor_system, ancestor)), Some((descendant_system, descendant))) =
            (ancestors.first(), descendants.first())
        else {
            return None;
        };
        let system = match (ancestor_system, descendant_system) {
            (Some(left), Some(right)) if left != right => return Some(false),
            (Some(system), _) | (None, Some(system)) => system,
            (None, None) => return None,
        };
        if ancestor == descendant {
            return Some(true);
        }
        let hierarchy = expand::hierarchy(packages, system).ok()?;
        let mut below: HashSet<&str> = HashSet::new();
        expand::collect_descendants(&hierarchy, ancestor, &mut below);
        Some(below.contains(descendant.as_str()))
    }
}
