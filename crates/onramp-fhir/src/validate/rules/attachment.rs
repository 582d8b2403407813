//! Attachments: a stated `size` against the decoded `data`, a `size` that is a count of bytes, a
//! stated `hash` against the data (R4 defines it as the base64 SHA-1 of the data), the data
//! against the element's `maxSize` extension, and an Attachment that says something about its
//! content. The reference validator's
//! `InstanceValidator.checkAttachment`, at its severities; it applies to every Attachment,
//! QuestionnaireResponse answers included.

use base64::Engine as _;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

pub(crate) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    let attachment = item.value();
    let size = attachment.get("size");
    match attachment.get("data").and_then(JsonValue::as_str) {
        Some(data) => {
            // Invalid base64 is reported by the base64Binary check of `data`, not again here.
            let bytes = super::primitive::decode_base64(data);
            if let (Some(bytes), Some(hash)) =
                (&bytes, attachment.get("hash").and_then(JsonValue::as_str))
            {
                check_hash(walk, item, attachment, bytes, hash);
            }
            let decoded = bytes.as_ref().map(Vec::len);
            if let (Some(max), Some(decoded)) = (element.limits.max_size, decoded) {
                max_size(walk, item, attachment, decoded as u64, max);
            }
            if let (Some(decoded), Some(size)) = (decoded, size) {
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

/// The decoded data is within the element's `maxSize` extension.
fn max_size(walk: &mut Walk<'_>, item: &Item<'_>, attachment: &JsonValue, size: u64, max: u64) {
    if size > max {
        walk.sink.error(
            IssueType::Structure,
            "attachment.max_size",
            &item.path,
            attachment.pos,
            format!(
                "The Attachment's data is {size} bytes, more than the maximum size of {max} bytes"
            ),
        );
    }
}

/// `hash` is the base64 SHA-1 of the decoded data.
fn check_hash(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    attachment: &JsonValue,
    bytes: &[u8],
    hash: &str,
) {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, bytes);
    let expected = base64::engine::general_purpose::STANDARD.encode(digest.as_ref());
    let stated: String = hash.chars().filter(|c| !c.is_whitespace()).collect();
    if stated != expected {
        // A warning: the reference validator does not check the hash, and an R4 example breaks it.
        walk.sink.warning(
            IssueType::Invalid,
            "attachment.hash_mismatch",
            &item.path,
            attachment.pos,
            format!("The stated Attachment hash '{hash}' is not the base64 SHA-1 of its data, '{expected}'"),
        );
    }
}

/// The text of `size` as written (a JSON number, or a string when the instance is wrong).
fn stated_size(size: &JsonValue) -> Option<String> {
    size.number_text()
        .or_else(|| size.as_str())
        .map(str::to_string)
}
