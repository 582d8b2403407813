//! `.index.json`: one entry per resource file in the package folder, read when present, built
//! otherwise by reading each file's top-level `resourceType`, `id`, `url`, `version`, `kind`, `type`.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::manifest::strip_bom;

/// One resource file of a package, as `.index.json` describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The file name inside `package/` (no folder).
    pub filename: String,
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lax_string"
    )]
    pub id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lax_string"
    )]
    pub url: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lax_string"
    )]
    pub version: Option<String>,
    /// StructureDefinition.kind (`resource`, `complex-type`, …), when the file has one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lax_string"
    )]
    pub kind: Option<String>,
    /// The top-level `type` when it is a string (StructureDefinition.type, SearchParameter.type).
    #[serde(
        rename = "type",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lax_string"
    )]
    pub type_name: Option<String>,
}

/// The file format of `.index.json`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct IndexFile {
    #[serde(rename = "index-version", default = "default_index_version")]
    pub index_version: u32,
    #[serde(default)]
    pub files: Vec<IndexEntry>,
}

fn default_index_version() -> u32 {
    1
}

impl IndexFile {
    /// Parses `.index.json`; `None` when it is unusable (then the index is rebuilt, as HL7 tooling does).
    pub(crate) fn parse(bytes: &[u8]) -> Option<Vec<IndexEntry>> {
        serde_json::from_slice::<IndexFile>(strip_bom(bytes))
            .ok()
            .map(|index| index.files)
    }

    /// Serializes entries as an index-version 2 file.
    pub(crate) fn to_json(entries: &[IndexEntry]) -> Vec<u8> {
        let file = IndexFile {
            index_version: 2,
            files: entries.to_vec(),
        };
        serde_json::to_vec_pretty(&file).unwrap_or_default()
    }
}

/// The top-level fields a resource file contributes to its index entry.
#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "resourceType", default, deserialize_with = "lax_string")]
    resource_type: Option<String>,
    #[serde(default, deserialize_with = "lax_string")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lax_string")]
    url: Option<String>,
    #[serde(default, deserialize_with = "lax_string")]
    version: Option<String>,
    #[serde(default, deserialize_with = "lax_string")]
    kind: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "lax_string")]
    type_name: Option<String>,
}

/// Reads the index fields of one resource file. `Ok(None)` for JSON that is not a resource.
pub(crate) fn probe_entry(
    filename: &str,
    bytes: &[u8],
) -> Result<Option<IndexEntry>, serde_json::Error> {
    let probe: Probe = serde_json::from_slice(strip_bom(bytes))?;
    Ok(probe.resource_type.map(|resource_type| IndexEntry {
        filename: filename.to_owned(),
        resource_type,
        id: probe.id,
        url: probe.url,
        version: probe.version,
        kind: probe.kind,
        type_name: probe.type_name,
    }))
}

/// Whether a file directly in `package/` is a resource candidate for the index.
pub(crate) fn is_indexable(filename: &str) -> bool {
    filename.ends_with(".json") && !filename.starts_with('.') && filename != "package.json"
}

/// Deserializes a string, and anything else (objects, numbers, null) as `None`.
fn lax_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(LaxString)
}

struct LaxString;

impl<'de> Visitor<'de> for LaxString {
    type Value = Option<String>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Some(value.to_owned()))
    }
    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Some(value))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn probing_keeps_string_fields_and_ignores_structured_type() {
        let json = br#"{"resourceType":"Account","id":"a","type":{"text":"x"},"url":7}"#;
        let entry = probe_entry("Account-a.json", json).unwrap().unwrap();
        assert_eq!(entry.id.as_deref(), Some("a"));
        assert_eq!(entry.type_name, None);
        assert_eq!(entry.url, None);
        assert_eq!(probe_entry("x.json", br#"{"name":"n"}"#).unwrap(), None);
        assert!(probe_entry("x.json", b"{\"resourceType\":").is_err());
    }
}
