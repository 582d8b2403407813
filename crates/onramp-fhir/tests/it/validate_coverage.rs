//! `docs/validator-coverage.md` is the reference validator's catalogue of message ids as a
//! checklist: this test reads its table and holds it to what the validator does.
//!
//! - every reference id is listed once, with a known status;
//! - every Onramp id a row names exists among the validator's message ids;
//! - every row marked implemented has a fixture here that makes its Onramp id fire, at the
//!   reference's severity (or the one the row states as a deliberate deviation), and a passing
//!   fixture that does not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use onramp_fhir::validate::Severity;

use crate::validate_support::{check, core_validator};

/// One reference id's failing and passing instance (validated against R4 core).
struct Fixture {
    reference: &'static str,
    onramp: &'static str,
    failing: &'static str,
    passing: &'static str,
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "BUNDLE_LINK_SEARCH_PROHIBITED",
        onramp: "bundle.link_search_prohibited",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "link": [{"relation": "next", "url": "http://a/2"}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/Patient"}, {"relation": "next", "url": "http://a/2"}]}"##,
    },
    Fixture {
        reference: "BUNDLE_LINK_SEARCH_NO_DUPLICATES",
        onramp: "bundle.link_relation_repeated",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "link": [{"relation": "self", "url": "http://a/1"}, {"relation": "self", "url": "http://a/2"}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "link": [{"relation": "related", "url": "http://a/1"}, {"relation": "related", "url": "http://a/2"}]}"##,
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOFIRST",
        onramp: "bundle.first_entry_missing",
        failing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z"}"##,
        passing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "resource": {"resourceType": "MessageHeader", "id": "h", "eventCoding": {"system": "http://example.org/events", "code": "x"}, "source": {"endpoint": "http://a"}}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOFIRSTRESOURCE",
        onramp: "bundle.first_entry_no_resource",
        failing: r##"{"resourceType": "Bundle", "type": "message", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}]}"##,
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_FULLURL_REQUIRED",
        onramp: "bundle.full_url_required",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": {"resourceType": "Patient"}, "request": {"method": "POST", "url": "Patient"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_ENTRY_URL_ABSOLUTE",
        onramp: "bundle.full_url_relative",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_ENTRY_URL_MATCHES_TYPE_ID",
        onramp: "bundle.full_url_mismatch",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/2", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_ENTRY_URL_MATCHES_NO_ID",
        onramp: "bundle.full_url_without_id",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "resource": {"resourceType": "Patient"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_NOSELF",
        onramp: "bundle.search_no_self_link",
        failing: r##"{"resourceType": "Bundle", "type": "searchset"}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient?name=x"}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_SELF_NOT_UNDERSTOOD",
        onramp: "bundle.search_self_not_understood",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/something"}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/?_type=Patient,Group"}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_NO_MODE",
        onramp: "bundle.search_no_mode",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "match"}},
                    {"fullUrl": "http://a/fhir/Patient/2", "resource": {"resourceType": "Patient", "id": "2"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "match"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_NO_RESOURCE",
        onramp: "bundle.search_entry_no_resource",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "search": {"mode": "match"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "match"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_NO_RESOURCE_ID",
        onramp: "bundle.search_entry_no_id",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "resource": {"resourceType": "Patient"}, "search": {"mode": "include"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "include"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_WRONG_RESOURCE_TYPE_MODE",
        onramp: "bundle.search_entry_wrong_type",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient?name=x"}],
          "entry": [{"fullUrl": "http://a/fhir/Group/1", "resource": {"resourceType": "Group", "id": "1", "type": "person", "actual": true}, "search": {"mode": "match"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient?name=x"}],
          "entry": [{"fullUrl": "http://a/fhir/Group/1", "resource": {"resourceType": "Group", "id": "1", "type": "person", "actual": true}, "search": {"mode": "include"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_WRONG_RESOURCE_TYPE_NO_MODE",
        onramp: "bundle.search_entry_wrong_type",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Group/1", "resource": {"resourceType": "Group", "id": "1", "type": "person", "actual": true}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_TYPE_NOT_SURE",
        onramp: "bundle.search_entry_type_not_sure",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/something"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_WRONG_RESOURCE_TYPE_OUTCOME",
        onramp: "bundle.search_outcome_type",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "outcome"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "resource": {"resourceType": "OperationOutcome", "issue": [{"severity": "information", "code": "informational"}]}, "search": {"mode": "outcome"}}]}"##,
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_12",
        onramp: "binding.required",
        failing: r##"{"resourceType": "Patient", "gender": "man"}"##,
        passing: r##"{"resourceType": "Patient", "gender": "other"}"##,
    },
    Fixture {
        reference: "EXTENSION_EXT_UNKNOWN_NOTHERE",
        onramp: "extension.unknown",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/us/none/StructureDefinition/x", "valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "birthDate": "2000-01-01", "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}}"##,
    },
    Fixture {
        reference: "EXTENSION_EXT_MODIFIER_Y",
        onramp: "extension.extension_as_modifier",
        failing: r##"{"resourceType": "Patient", "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}"##,
        passing: r##"{"resourceType": "NutritionOrder", "status": "active", "intent": "order", "patient": {"reference": "Patient/1"}, "dateTime": "2020-01-01",
          "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
    },
    Fixture {
        reference: "EXTENSION_EXT_MODIFIER_N",
        onramp: "extension.modifier_as_extension",
        failing: r##"{"resourceType": "NutritionOrder", "status": "active", "intent": "order", "patient": {"reference": "Patient/1"}, "dateTime": "2020-01-01",
          "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
        passing: r##"{"resourceType": "NutritionOrder", "status": "active", "intent": "order", "patient": {"reference": "Patient/1"}, "dateTime": "2020-01-01",
          "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_NOTEMPTY",
        onramp: "primitive.empty",
        failing: r##"{"resourceType": "Patient", "name": [{"family": ""}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "x"}]}"##,
    },
    Fixture {
        reference: "SECURITY_STRING_CONTENT_WARNING",
        onramp: "text.embedded_html",
        failing: r##"{"resourceType": "Patient", "name": [{"text": "<b>Peter</b>"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"text": "Peter"}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_URI_WS",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://a b", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://ab", "value": "1"}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_UUID_VALID",
        onramp: "primitive.uuid",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:uuid:5F2F1B3C-2B1A-4D52-9E3E-0D3C9F6A1A11", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "value": "1"}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATETIME_VALID",
        onramp: "primitive.range",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveDateTime": "2020-02-30"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveDateTime": "2020-02-28"}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATETIME_TZ",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveDateTime": "2020-02-01T10:00:00"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveDateTime": "2020-02-01T10:00:00Z"}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_TIME_VALID",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueTime": "25:00:00"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueTime": "23:00:00"}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATE_VALID",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Patient", "birthDate": "1974-1-01"}"##,
        passing: r##"{"resourceType": "Patient", "birthDate": "1974-01-01"}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_BASE64_VALID",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Binary", "contentType": "text/plain", "data": "A"}"##,
        passing: r##"{"resourceType": "Binary", "contentType": "text/plain", "data": "QQ=="}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_INTEGER_LT0",
        onramp: "primitive.integer_range",
        failing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": -1}"##,
        passing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": 0}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_INTEGER_LT1",
        onramp: "primitive.integer_range",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueSampledData": {"origin": {"value": 0}, "period": 1, "dimensions": 0}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueSampledData": {"origin": {"value": 0}, "period": 1, "dimensions": 1}}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATETIME_REGEX",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "issued": "2020-01-01"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "issued": "2020-01-01T10:00:00Z"}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_CODE_WS",
        onramp: "primitive.whitespace",
        failing: r##"{"resourceType": "Patient", "gender": "male "}"##,
        passing: r##"{"resourceType": "Patient", "gender": "male"}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_REGEX_TYPE",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Patient", "deceasedDateTime": "yesterday"}"##,
        passing: r##"{"resourceType": "Patient", "deceasedDateTime": "2020"}"##,
    },
    Fixture {
        reference: "EXTENSION_EXTP_CONTEXT_WRONG",
        onramp: "extension.context",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}"##,
        passing: r##"{"resourceType": "Patient", "birthDate": "2000-01-01", "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}}"##,
    },
    Fixture {
        reference: "EXTENSION_EXTM_CONTEXT_WRONG",
        onramp: "extension.context",
        failing: r##"{"resourceType": "Patient", "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
        passing: r##"{"resourceType": "NutritionOrder", "status": "active", "intent": "order", "patient": {"reference": "Patient/1"}, "dateTime": "2020-01-01", "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ATT_SIZE_CORRECT",
        onramp: "attachment.size_mismatch",
        failing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"contentType": "text/plain", "data": "QUJD", "size": 4}}]}"##,
        passing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"contentType": "text/plain", "data": "QUJD", "size": 3}}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ATT_SIZE_INVALID",
        onramp: "attachment.size_invalid",
        failing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"url": "http://a/doc", "size": -1}}]}"##,
        passing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"url": "http://a/doc", "size": 10}}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ATT_NO_CONTENT",
        onramp: "attachment.no_content",
        failing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"title": "a document"}}]}"##,
        passing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"title": "a document", "contentType": "application/pdf"}}]}"##,
    },
    Fixture {
        reference: "XHTML_XHTML_ELEMENT_ILLEGAL",
        onramp: "xhtml.disallowed_name",
        failing: r##"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>x</script></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></div>"}}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_RESOLVE",
        onramp: "narrative.link_unresolved",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#obs1\">result</a></div>"}}}, {"fullUrl": "http://a/fhir/Observation/obs2", "resource": {"resourceType": "Observation", "id": "obs2", "status": "final", "code": {"text": "x"}}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#obs1\">result</a></div>"}}}, {"fullUrl": "http://a/fhir/Observation/obs1", "resource": {"resourceType": "Observation", "id": "obs1", "status": "final", "code": {"text": "x"}}}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_MULTIPLE_MATCHES",
        onramp: "narrative.link_ambiguous",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p id=\"x\">a</p><p id=\"x\">b</p><a href=\"#x\">see</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p id=\"x\">a</p><a href=\"#x\">see</a></div>"}}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_EMPTY_HREF",
        onramp: "narrative.link_empty",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"\">see</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"http://example.org/\">see</a></div>"}}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_ACTIVE_HREF",
        onramp: "xhtml.disallowed_name",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"javascript:alert(1)\">see</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"https://example.org/\">see</a></div>"}}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_LITERAL_HREF",
        onramp: "narrative.link_not_literal",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11\">see</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#p\">see</a></div>"}}"##,
    },
    Fixture {
        reference: "BUNDLE_LINK_STYELSHEET_EXTERNAL",
        onramp: "bundle.stylesheet_external",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "https://example.org/style.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "https://hl7.org/fhir/fhir.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_LINK_STYELSHEET_INSECURE",
        onramp: "bundle.stylesheet_insecure",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "http://example.org/style.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "https://example.org/style.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_LINK_STYELSHEET_NOT_FOUND",
        onramp: "bundle.stylesheet_not_found",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "Binary/css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "Binary/css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}, {"fullUrl": "http://a/fhir/Binary/css", "resource": {"resourceType": "Binary", "id": "css", "contentType": "text/css", "data": "QQ=="}}]}"##,
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_MISMATCHIDURL",
        onramp: "bundle.canonical_url_mismatch",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/ValueSet/other", "resource": {"resourceType": "ValueSet", "id": "vs1", "url": "http://a/fhir/ValueSet/other", "status": "active"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/ValueSet/vs1", "resource": {"resourceType": "ValueSet", "id": "vs1", "url": "http://a/fhir/ValueSet/vs1", "status": "active"}}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_URI_OID",
        onramp: "primitive.uri_oid",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "oid:1.2.3.4.5", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:oid:1.2.3.4.5", "value": "1"}]}"##,
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_URI_UUID",
        onramp: "primitive.uri_uuid",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "value": "1"}]}"##,
    },
    Fixture {
        reference: "REFERENCE_REF_NODISPLAY",
        onramp: "reference.no_display",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"type": "Patient"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"display": "Peter"}}"##,
    },
    Fixture {
        reference: "REFERENCE_REF_INVALID_REF",
        onramp: "reference.whitespace",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/ 1"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1"}}"##,
    },
    Fixture {
        reference: "REFERENCE_REF_CANTRESOLVE",
        onramp: "reference.contained_not_found",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p1"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p1"}], "subject": {"reference": "#p1"}}"##,
    },
    Fixture {
        reference: "REFERENCE_REF_BADTARGETTYPE",
        onramp: "reference.target_type",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Medication/1"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1"}}"##,
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_UNKNOWN",
        onramp: "profile.unknown",
        failing: r##"{"resourceType": "Patient", "meta": {"profile": ["http://example.org/StructureDefinition/nothing"]}}"##,
        passing: r##"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/Patient"]}}"##,
    },
    Fixture {
        reference: "META_RES_SECURITY_DUPLICATE",
        onramp: "resource.duplicate_security_label",
        failing: r##"{"resourceType": "Patient", "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}, {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}]}}"##,
        passing: r##"{"resourceType": "Patient", "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}, {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "N"}]}}"##,
    },
    Fixture {
        reference: "RESOURCE_DUPLICATE_CONTAINED_ID",
        onramp: "resource.duplicate_contained_id",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p"}, {"resourceType": "Patient", "id": "p"}], "subject": {"reference": "#p"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p"}, {"resourceType": "Patient", "id": "q"}], "subject": {"reference": "#p"}, "performer": [{"reference": "#q"}]}"##,
    },
    Fixture {
        reference: "EXTENSION_EXT_URL_NOTFOUND",
        onramp: "extension.no_url",
        failing: r##"{"resourceType": "Patient", "extension": [{"valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://example.com/x", "valueString": "x"}]}"##,
    },
];

/// One row of the coverage table.
#[derive(Debug)]
struct Row {
    reference: String,
    severities: Vec<Severity>,
    status: Status,
    onramp: Vec<String>,
}

#[derive(Debug, PartialEq)]
enum Status {
    /// Implemented; `Some` when Onramp reports at another severity, on purpose (the row says why).
    Implemented(Option<Severity>),
    NotApplicable,
    NotYet,
}

fn doc_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/validator-coverage.md")
}

fn severity(word: &str) -> Severity {
    match word.trim() {
        "fatal" => Severity::Fatal,
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "information" | "hint" => Severity::Information,
        other => panic!("unknown severity '{other}'"),
    }
}

/// The rows of every table whose header starts with `| reference id |`.
fn rows(text: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("| reference id |") {
            in_table = true;
            continue;
        }
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        if !in_table || line.starts_with("|---") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 5, "a coverage row has 5 cells: {line}");
        let reference = cells[0].trim_matches('`').to_string();
        let severities = cells[1].split('/').map(severity).collect();
        let status_text = cells[3];
        let status = if let Some(rest) = status_text.strip_prefix("implemented") {
            let deviation = rest
                .trim()
                .strip_prefix("(as ")
                .map(|rest| severity(rest.split([':', ')']).next().unwrap_or_default()));
            Status::Implemented(deviation)
        } else if let Some(reason) = status_text.strip_prefix("not applicable") {
            assert!(
                reason.trim().len() > 3,
                "{reference}: 'not applicable' needs its reason"
            );
            Status::NotApplicable
        } else if status_text.starts_with("not yet") {
            Status::NotYet
        } else {
            panic!("{reference}: unknown status '{status_text}'");
        };
        let onramp = cells[4]
            .split(',')
            .map(|id| id.trim().trim_matches('`').to_string())
            .filter(|id| !id.is_empty() && id != "—")
            .collect();
        rows.push(Row {
            reference,
            severities,
            status,
            onramp,
        });
    }
    rows
}

/// Every `"family.name"` string literal in the crate's sources: the message ids it can emit.
fn onramp_ids() -> BTreeSet<String> {
    fn visit(dir: &Path, ids: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, ids);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split('"').skip(1).step_by(2) {
                    let is_id = piece.split_once('.').is_some_and(|(family, name)| {
                        !family.is_empty()
                            && !name.is_empty()
                            && piece.chars().all(|c| {
                                c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                            })
                            && piece.matches('.').count() == 1
                    });
                    if is_id {
                        ids.insert(piece.to_string());
                    }
                }
            }
        }
    }
    let mut ids = BTreeSet::new();
    visit(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut ids);
    ids
}

#[test]
fn the_coverage_table_lists_each_reference_id_once_with_a_known_status() {
    let text = std::fs::read_to_string(doc_path()).unwrap();
    let rows = rows(&text);
    assert!(rows.len() > 50, "only {} rows", rows.len());
    let mut seen = BTreeSet::new();
    for row in &rows {
        assert!(
            seen.insert(row.reference.clone()),
            "{} is listed twice",
            row.reference
        );
        if matches!(row.status, Status::Implemented(_)) {
            assert!(
                !row.onramp.is_empty(),
                "{} is implemented but names no Onramp id",
                row.reference
            );
        }
    }
    let ids = onramp_ids();
    for row in &rows {
        for id in &row.onramp {
            assert!(
                ids.contains(id),
                "{}: the Onramp id {id} is not a message id of the validator",
                row.reference
            );
        }
    }
    // The counts quoted at the top of the document.
    let count = |status: fn(&Status) -> bool| rows.iter().filter(|r| status(&r.status)).count();
    let implemented = count(|s| matches!(s, Status::Implemented(_)));
    let not_applicable = count(|s| *s == Status::NotApplicable);
    let not_yet = count(|s| *s == Status::NotYet);
    let summary =
        format!("{implemented} implemented, {not_applicable} not applicable, {not_yet} not yet");
    assert!(
        text.contains(&summary),
        "docs/validator-coverage.md should state the counts: {summary}"
    );
}

#[test]
fn every_implemented_reference_id_has_a_fixture_that_makes_it_fire() {
    let text = std::fs::read_to_string(doc_path()).unwrap();
    let rows = rows(&text);
    let fixtures: BTreeMap<&str, &Fixture> = FIXTURES.iter().map(|f| (f.reference, f)).collect();
    assert_eq!(
        fixtures.len(),
        FIXTURES.len(),
        "one fixture per reference id"
    );
    let by_reference: BTreeMap<&str, &Row> =
        rows.iter().map(|r| (r.reference.as_str(), r)).collect();
    for fixture in FIXTURES {
        let row = by_reference
            .get(fixture.reference)
            .unwrap_or_else(|| panic!("{}: a fixture for an unlisted id", fixture.reference));
        assert!(
            row.onramp.iter().any(|id| id == fixture.onramp),
            "{}: the row does not name {}",
            fixture.reference,
            fixture.onramp
        );
    }
    let missing: Vec<&str> = rows
        .iter()
        .filter(|r| matches!(r.status, Status::Implemented(_)))
        .map(|r| r.reference.as_str())
        .filter(|reference| !fixtures.contains_key(reference))
        .collect();
    assert!(
        missing.is_empty(),
        "implemented rows without a fixture here: {missing:?}"
    );
    let Some(validator) = core_validator() else {
        return;
    };
    for fixture in FIXTURES {
        let row = by_reference[fixture.reference];
        let expected: Vec<Severity> = match row.status {
            Status::Implemented(Some(deviation)) => vec![deviation],
            _ => row.severities.clone(),
        };
        let failing = check(&validator, fixture.failing, &[]);
        let fired: Vec<Severity> = failing
            .iter()
            .filter(|i| i.message_id == fixture.onramp)
            .map(|i| i.severity)
            .collect();
        assert!(
            fired.iter().any(|s| expected.contains(s)),
            "{} ({}): the failing fixture gave {fired:?}, expected one of {expected:?}; all: {:?}",
            fixture.reference,
            fixture.onramp,
            failing
                .iter()
                .map(|i| (i.message_id, i.severity))
                .collect::<Vec<_>>()
        );
        let passing = check(&validator, fixture.passing, &[]);
        let fired: Vec<&str> = passing
            .iter()
            .filter(|i| i.message_id == fixture.onramp)
            .map(|i| i.message.as_str())
            .collect();
        assert!(
            fired.is_empty(),
            "{} ({}): the passing fixture fired: {fired:?}",
            fixture.reference,
            fixture.onramp
        );
    }
}
