//! SMART on FHIR system scopes: `system/Observation.rs`, `system/*.cruds` (v2) and
//! `system/Patient.read`, `system/*.write`, `system/*.*` (v1, mapped to their v2 permissions).
//! A client is granted a set of scopes; each FHIR interaction needs one permission on its type.

use std::fmt;

/// One permission of SMART v2: create, read, update, delete, search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    Create,
    Read,
    Update,
    Delete,
    Search,
}

impl Permission {
    pub const ALL: [Permission; 5] = [
        Permission::Create,
        Permission::Read,
        Permission::Update,
        Permission::Delete,
        Permission::Search,
    ];

    fn letter(self) -> char {
        match self {
            Permission::Create => 'c',
            Permission::Read => 'r',
            Permission::Update => 'u',
            Permission::Delete => 'd',
            Permission::Search => 's',
        }
    }

    /// The interaction's name people read ("search", …).
    pub fn word(self) -> &'static str {
        match self {
            Permission::Create => "create",
            Permission::Read => "read",
            Permission::Update => "update",
            Permission::Delete => "delete",
            Permission::Search => "search",
        }
    }
}

/// A system scope: a resource type (or every type) and its permissions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scope {
    /// `None`: every type (`*`).
    pub resource_type: Option<String>,
    /// Permissions in `cruds` order, no repeats.
    pub permissions: Vec<Permission>,
}

impl Scope {
    pub fn permits(&self, resource_type: &str, permission: Permission) -> bool {
        self.resource_type
            .as_deref()
            .is_none_or(|own| own == resource_type)
            && self.permissions.contains(&permission)
    }

    /// Whether everything this scope permits, `other` permits too.
    pub fn within(&self, other: &Scope) -> bool {
        let type_ok = match (&other.resource_type, &self.resource_type) {
            (None, _) => true,
            (Some(theirs), Some(mine)) => theirs == mine,
            (Some(_), None) => false,
        };
        type_ok
            && self
                .permissions
                .iter()
                .all(|permission| other.permissions.contains(permission))
    }
}

impl fmt::Display for Scope {
    /// The v2 form: `system/Observation.rs`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let letters: String = self.permissions.iter().map(|p| p.letter()).collect();
        write!(
            f,
            "system/{}.{letters}",
            self.resource_type.as_deref().unwrap_or("*")
        )
    }
}

/// Why a scope was not understood; the message says what would be.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{scope}`: {reason}")]
pub struct ScopeError {
    pub scope: String,
    pub reason: String,
}

/// Parses one scope. Only `system/` scopes exist for machine clients; v2 permissions must be a
/// subsequence of `cruds`; v1's `read` is `rs`, `write` is `cud`, `*` is `cruds`. Scopes with
/// search parameters (`?category=…`) are refused, as granular scopes are not supported.
pub fn parse_scope(text: &str) -> Result<Scope, ScopeError> {
    let error = |reason: &str| ScopeError {
        scope: text.to_owned(),
        reason: reason.to_owned(),
    };
    let Some(rest) = text.strip_prefix("system/") else {
        return Err(error(
            "machine clients are granted system scopes only, such as system/Observation.rs or system/*.cruds",
        ));
    };
    if rest.contains('?') {
        return Err(error(
            "scopes narrowed by search parameters are not supported; ask for the whole type",
        ));
    }
    let Some((resource_type, permissions)) = rest.split_once('.') else {
        return Err(error(
            "write the resource type, a dot and the permissions, such as system/Patient.rs",
        ));
    };
    let resource_type = match resource_type {
        "*" => None,
        name if is_resource_type_name(name) => Some(name.to_owned()),
        _ => {
            return Err(error(
                "the resource type must be a FHIR type name (Patient) or *",
            ))
        }
    };
    let permissions = match permissions {
        "read" => vec![Permission::Read, Permission::Search],
        "write" => vec![Permission::Create, Permission::Update, Permission::Delete],
        "*" => Permission::ALL.to_vec(),
        letters => v2_permissions(letters).ok_or_else(|| {
            error("permissions are letters of cruds in that order (rs, cud, cruds), or v1's read, write or *")
        })?,
    };
    Ok(Scope {
        resource_type,
        permissions,
    })
}

fn v2_permissions(letters: &str) -> Option<Vec<Permission>> {
    if letters.is_empty() {
        return None;
    }
    let mut permissions = Vec::new();
    let mut order = Permission::ALL.iter();
    for letter in letters.chars() {
        // Each letter must come after the previous one in `cruds`.
        let permission = order.by_ref().find(|p| p.letter() == letter)?;
        permissions.push(*permission);
    }
    Some(permissions)
}

fn is_resource_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

/// Parses a space-separated list, reporting every scope that is not understood.
pub fn parse_scopes(text: &str) -> Result<Vec<Scope>, Vec<ScopeError>> {
    let mut scopes = Vec::new();
    let mut errors = Vec::new();
    for word in text.split_whitespace() {
        match parse_scope(word) {
            Ok(scope) => {
                if !scopes.contains(&scope) {
                    scopes.push(scope);
                }
            }
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(scopes)
    } else {
        Err(errors)
    }
}

/// Whether any of `scopes` permits `permission` on `resource_type`.
pub fn permits(scopes: &[Scope], resource_type: &str, permission: Permission) -> bool {
    scopes
        .iter()
        .any(|scope| scope.permits(resource_type, permission))
}

/// The scopes to grant for a token request: all of the client's when none are asked for;
/// otherwise each asked scope must lie within one the client holds, or it is named in the error.
pub fn grant(client: &[Scope], requested: &[Scope]) -> Result<Vec<Scope>, Vec<Scope>> {
    if requested.is_empty() {
        return Ok(client.to_vec());
    }
    let refused: Vec<Scope> = requested
        .iter()
        .filter(|asked| !client.iter().any(|held| asked.within(held)))
        .cloned()
        .collect();
    if refused.is_empty() {
        Ok(requested.to_vec())
    } else {
        Err(refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(text: &str) -> Scope {
        parse_scope(text).unwrap()
    }

    #[test]
    fn v2_scopes_parse_with_their_permissions_in_order() {
        let observation = scope("system/Observation.rs");
        assert_eq!(observation.resource_type.as_deref(), Some("Observation"));
        assert_eq!(
            observation.permissions,
            vec![Permission::Read, Permission::Search]
        );
        assert_eq!(
            scope("system/*.cruds").permissions,
            Permission::ALL.to_vec()
        );
        assert_eq!(scope("system/*.cruds").to_string(), "system/*.cruds");
        assert!(
            parse_scope("system/Observation.sr").is_err(),
            "out of order"
        );
        assert!(parse_scope("system/Observation.rr").is_err(), "repeated");
        assert!(parse_scope("system/Observation.x").is_err());
        assert!(parse_scope("system/Observation.").is_err());
    }

    #[test]
    fn v1_scopes_map_to_v2_permissions() {
        assert_eq!(scope("system/Patient.read"), scope("system/Patient.rs"));
        assert_eq!(scope("system/Patient.write"), scope("system/Patient.cud"));
        assert_eq!(scope("system/*.*"), scope("system/*.cruds"));
    }

    #[test]
    fn other_scopes_are_refused_with_a_reason() {
        let patient = parse_scope("patient/Observation.rs").unwrap_err();
        assert!(patient.reason.contains("system scopes only"), "{patient}");
        let granular = parse_scope("system/Observation.rs?category=laboratory").unwrap_err();
        assert!(granular.reason.contains("not supported"), "{granular}");
        assert!(parse_scope("system/observation.rs").is_err());
        let errors = parse_scopes("system/Patient.rs openid launch").unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn permits_checks_type_and_permission() {
        let scopes = vec![scope("system/Observation.rs"), scope("system/Patient.c")];
        assert!(permits(&scopes, "Observation", Permission::Search));
        assert!(!permits(&scopes, "Observation", Permission::Create));
        assert!(permits(&scopes, "Patient", Permission::Create));
        assert!(!permits(&scopes, "Patient", Permission::Read));
        assert!(permits(
            &[scope("system/*.r")],
            "Encounter",
            Permission::Read
        ));
    }

    #[test]
    fn grant_gives_the_asked_scopes_within_the_clients_or_names_the_others() {
        let client = vec![scope("system/*.rs"), scope("system/Observation.cruds")];
        assert_eq!(grant(&client, &[]).unwrap(), client);
        assert_eq!(
            grant(&client, &[scope("system/Patient.r")]).unwrap(),
            vec![scope("system/Patient.r")]
        );
        assert_eq!(
            grant(&client, &[scope("system/Observation.c")]).unwrap(),
            vec![scope("system/Observation.c")]
        );
        assert_eq!(
            grant(&client, &[scope("system/Patient.c"), scope("system/*.r")]).unwrap_err(),
            vec![scope("system/Patient.c")]
        );
        assert_eq!(
            grant(&[scope("system/Observation.rs")], &[scope("system/*.r")]).unwrap_err(),
            vec![scope("system/*.r")]
        );
    }
}
