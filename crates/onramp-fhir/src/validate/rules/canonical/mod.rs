//! The profiles a value is validated against and canonical resources' own identity: the
//! profiles an element's type names (`ElementDefinition.type.profile`), the profiles a resource
//! claims in `meta.profile` (version-specific core URLs, imposed profiles, global profiles), and
//! a canonical resource's status and version.

pub(crate) mod meta_profiles;
pub(crate) mod status;
pub(crate) mod type_profiles;
