//! Slices against the element they slice, on the snapshot generated from the differential: a
//! must-support sliced element has must-support slices, of the sliced element's types.

use serde_json::Value;

use super::Sd;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(super) fn check(walk: &mut Walk<'_>, sd: &Sd<'_>) {
    let mut definition = sd.json.to_serde();
    if let Some(object) = definition.as_object_mut() {
        object.remove("snapshot");
    }
    let Some(generated) = crate::validate::snapshot::with_snapshot(walk.defs, &definition, 0)
    else {
        return;
    };
    let elements = super::snapshot_elements(&generated);
    let differential: &[Value] = definition
        .pointer("/differential/element")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let list = if sd.json.get("snapshot").is_some() {
        "snapshot"
    } else {
        "differential"
    };
    let at = format!("{}.{list}", sd.path);
    let pos = sd.json.get(list).map_or(sd.json.pos, |l| l.pos);
    let text = |element: &Value, key: &str| {
        element
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let must_support =
        |element: &Value| element.get("mustSupport").and_then(Value::as_bool) == Some(true);
    let codes = |element: &Value| -> Vec<String> {
        element
            .get("type")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|t| t.get("code").and_then(Value::as_str))
            .map(str::to_string)
            .collect()
    };
    for (index, element) in elements.iter().enumerate() {
        if element.get("slicing").is_none() || !must_support(element) {
            continue;
        }
        let path = text(element, "path");
        let sliced_types = codes(element);
        for slice in elements.iter().skip(index + 1) {
            let slice_path = text(slice, "path");
            if slice_path.len() < path.len() {
                break;
            }
            if slice_path != path {
                continue;
            }
            // Onramp's generated slices start as copies of the sliced element: what the
            // differential says of the slice is what counts.
            let stated = differential.iter().find(|d| {
                d.get("id").and_then(Value::as_str) == slice.get("id").and_then(Value::as_str)
            });
            let slice = stated.unwrap_or(slice);
            if must_support(slice) {
                continue;
            }
            let name = text(slice, "sliceName");
            walk.sink.warning(
                IssueType::Invalid,
                "structure_definition.slice_not_must_support",
                &at,
                pos,
                format!("The slice '{name}' on path '{path}' is not marked as 'must-support' which is not consistent with the element that defines the slicing, where 'must-support' is true"),
            );
            for code in codes(slice) {
                if !sliced_types.contains(&code) {
                    walk.sink.warning(
                        IssueType::Invalid,
                        "structure_definition.slice_type",
                        &at,
                        pos,
                        format!("The slice '{name}' on path '{path}' has the type {code}, which is not one of the sliced element's types [{}]", sliced_types.join(", ")),
                    );
                }
            }
        }
    }
}
