//! Attachments: a stated `size` against the decoded `data`, a `size` that is a count of bytes, and
//! an Attachment that says something about its content. The reference validator's
//! `InstanceValidator.checkAttachment`, at its severities; it applies to every Attachment,
//! QuestionnaireResponse answers included.

use base64::Engine as _;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

pub(crate) fn check(walk: &mut Walk<'_>, item: &Item<'_>) {
    let attachment = item.value();
    let size = attachment.get("size");
    match attachment.get("data").and_then(JsonValue::as_str) {
        Some(data) => {
            // Invalid base64 is reported by the base64Binary check of `data`, not twice here.
            if let (Some(decoded), Some(size)) = (decoded_length(data), size) {
                let stated = stated_size(size);
                if stated.as_deref() != Some(decoded.to_string().as_str()) {
                    walk.sink.error(
                        IssueType::Structure,
                        "attachment.size_mismatch",
                        &item.path,
                        attachment.pos,
                        format!(
                            "Stated Attachment Size {} does not match actual attachment size {decoded}",
                            stated.unwrap_or_default()
                        ),
                    );
                }
            }
        }
        None => {
            if let Some(size) = size {
                let stated = stated_size(size);
                let valid = stated
                    .as_deref()
                    .and_then(|text| text.parse::<i64>().ok())
                    .is_some_and(|count| count >= 0);
                if !valid {
                    walk.sink.error(
                        IssueType::Structure,
                        "attachment.size_invalid",
                        &item.path,
                        attachment.pos,
                        format!(
                            "Stated Attachment Size {} is not a valid count of bytes",
                            stated.unwrap_or_default()
                        ),
                    );
                }
            }
        }
    }
    let says_something = ["data", "url", "contentType", "language"]
        .iter()
        .any(|name| attachment.get(name).is_some());
    if !says_something {
        walk.sink.warning(
            IssueType::Structure,
            "attachment.no_content",
            &item.path,
            attachment.pos,
            "An Attachment should have at least data, a url, a content type or a language"
                .to_string(),
        );
    }
}

/// The number of bytes base64 text decodes to; `None` when it is not valid base64.
fn decoded_length(data: &str) -> Option<usize> {
    let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
        .map(|bytes| bytes.len())
}

/// The text of `size` as written (a JSON number, or a string when the instance is wrong).
fn stated_size(size: &JsonValue) -> Option<String> {
    size.number_text()
        .or_else(|| size.as_str())
        .map(str::to_string)
}
