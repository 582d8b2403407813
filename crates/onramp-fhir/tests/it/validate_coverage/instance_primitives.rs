//! Fixtures for the rows of `docs/validator-coverage/instance-primitives.md`.

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_NOTEMPTY",
        onramp: "primitive.empty",
        failing: r##"{"resourceType": "Patient", "name": [{"family": ""}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SECURITY_STRING_CONTENT_WARNING",
        onramp: "text.embedded_html",
        failing: r##"{"resourceType": "Patient", "name": [{"text": "<b>Peter</b>"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"text": "Peter"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_URI_WS",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://a b", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://ab", "value": "1"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_UUID_VALID",
        onramp: "primitive.uuid",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:uuid:5F2F1B3C-2B1A-4D52-9E3E-0D3C9F6A1A11", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "value": "1"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATETIME_VALID",
        onramp: "primitive.range",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveDateTime": "2020-02-30"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveDateTime": "2020-02-28"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATETIME_TZ",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveDateTime": "2020-02-01T10:00:00"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveDateTime": "2020-02-01T10:00:00Z"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_TIME_VALID",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueTime": "25:00:00"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueTime": "23:00:00"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATE_VALID",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Patient", "birthDate": "1974-1-01"}"##,
        passing: r##"{"resourceType": "Patient", "birthDate": "1974-01-01"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_BASE64_VALID",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Binary", "contentType": "text/plain", "data": "A"}"##,
        passing: r##"{"resourceType": "Binary", "contentType": "text/plain", "data": "QQ=="}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_INTEGER_LT0",
        onramp: "primitive.integer_range",
        failing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": -1}"##,
        passing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": 0}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_INTEGER_LT1",
        onramp: "primitive.integer_range",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueSampledData": {"origin": {"value": 0}, "period": 1, "dimensions": 0}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueSampledData": {"origin": {"value": 0}, "period": 1, "dimensions": 1}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATETIME_REGEX",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "issued": "2020-01-01"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "issued": "2020-01-01T10:00:00Z"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_CODE_WS",
        onramp: "primitive.whitespace",
        failing: r##"{"resourceType": "Patient", "gender": "male "}"##,
        passing: r##"{"resourceType": "Patient", "gender": "male"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_REGEX_TYPE",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Patient", "deceasedDateTime": "yesterday"}"##,
        passing: r##"{"resourceType": "Patient", "deceasedDateTime": "2020"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ATT_SIZE_CORRECT",
        onramp: "attachment.size_mismatch",
        failing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"contentType": "text/plain", "data": "QUJD", "size": 4}}]}"##,
        passing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"contentType": "text/plain", "data": "QUJD", "size": 3}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ATT_SIZE_INVALID",
        onramp: "attachment.size_invalid",
        failing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"url": "http://a/doc", "size": -1}}]}"##,
        passing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"url": "http://a/doc", "size": 10}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ATT_NO_CONTENT",
        onramp: "attachment.no_content",
        failing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"title": "a document"}}]}"##,
        passing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"title": "a document", "contentType": "application/pdf"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_XHTML_ELEMENT_ILLEGAL",
        onramp: "xhtml.disallowed_name",
        failing: r##"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>x</script></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_RESOLVE",
        onramp: "narrative.link_unresolved",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#obs1\">result</a></div>"}}}, {"fullUrl": "http://a/fhir/Observation/obs2", "resource": {"resourceType": "Observation", "id": "obs2", "status": "final", "code": {"text": "x"}}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#obs1\">result</a></div>"}}}, {"fullUrl": "http://a/fhir/Observation/obs1", "resource": {"resourceType": "Observation", "id": "obs1", "status": "final", "code": {"text": "x"}}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_MULTIPLE_MATCHES",
        onramp: "narrative.link_ambiguous",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p id=\"x\">a</p><p id=\"x\">b</p><a href=\"#x\">see</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p id=\"x\">a</p><a href=\"#x\">see</a></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_EMPTY_HREF",
        onramp: "narrative.link_empty",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"\">see</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"http://example.org/\">see</a></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_ACTIVE_HREF",
        onramp: "xhtml.disallowed_name",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"javascript:alert(1)\">see</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"https://example.org/\">see</a></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_LITERAL_HREF",
        onramp: "narrative.link_not_literal",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11\">see</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#p\">see</a></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_URI_OID",
        onramp: "primitive.uri_oid",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "oid:1.2.3.4.5", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:oid:1.2.3.4.5", "value": "1"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_URI_UUID",
        onramp: "primitive.uri_uuid",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "value": "1"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_VALUEEXT",
        onramp: "primitive.no_value",
        failing: r##"{"resourceType": "Patient", "_birthDate": {}}"##,
        passing: r##"{"resourceType": "Patient", "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_WS",
        onramp: "primitive.whitespace_only",
        failing: r##"{"resourceType": "Patient", "name": [{"family": "   "}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "Terminology_TX_Code_ValueSet_MISSING",
        onramp: "primitive.required_code_missing",
        failing: r##"{"resourceType": "Patient", "_gender": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}]}}"##,
        passing: r##"{"resourceType": "Patient", "gender": "unknown", "_gender": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "UNICODE_BIDI_CONTROLS_CHARS_MATCH",
        onramp: "text.bidi_unbalanced",
        failing: r##"{"resourceType": "Patient", "name": [{"family": "abc\u202edef"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "abc\u202edef\u202c"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "UNICODE_XML_BAD_CHARS",
        onramp: "text.control_characters",
        failing: r##"{"resourceType": "Patient", "name": [{"family": "a\u0001b"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "a\tb"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_STRING_LENGTH",
        onramp: "primitive.too_long",
        failing: LONG_NAME,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DATETIME_REASONABLE",
        onramp: "primitive.unreasonable_year",
        failing: r##"{"resourceType": "Patient", "birthDate": "1700-01-01"}"##,
        passing: r##"{"resourceType": "Patient", "birthDate": "1900-01-01"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_STRING_WS_ALL",
        onramp: "primitive.string_whitespace_only",
        failing: r##"{"resourceType": "Patient", "name": [{"family": "\u00a0\u00a0"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "x\u00a0y"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_STRING_WS",
        onramp: "primitive.string_whitespace",
        failing: r##"{"resourceType": "Patient", "name": [{"family": "Peter "}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "Peter"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_OID_START",
        onramp: "primitive.oid_prefix",
        failing: r##"{"resourceType": "Parameters", "parameter": [{"name": "a", "valueOid": "1.2.3.4.5"}]}"##,
        passing: r##"{"resourceType": "Parameters", "parameter": [{"name": "a", "valueOid": "urn:oid:1.2.3.4.5"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_UUID_STRAT",
        onramp: "primitive.uuid_prefix",
        failing: r##"{"resourceType": "Parameters", "parameter": [{"name": "a", "valueUuid": "5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}]}"##,
        passing: r##"{"resourceType": "Parameters", "parameter": [{"name": "a", "valueUuid": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_CANONICAL_ABSOLUTE",
        onramp: "primitive.canonical_relative",
        failing: r##"{"resourceType": "Questionnaire", "status": "active", "derivedFrom": ["Questionnaire/abc"]}"##,
        passing: r##"{"resourceType": "Questionnaire", "status": "active", "derivedFrom": ["http://example.org/Questionnaire/abc"]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_CANONICAL_CONTAINED",
        onramp: "primitive.contained_url_not_absolute",
        failing: r##"{"resourceType": "Questionnaire", "status": "active", "contained": [{"resourceType": "ValueSet", "id": "v", "url": "v1", "status": "active"}]}"##,
        passing: r##"{"resourceType": "Questionnaire", "status": "active", "contained": [{"resourceType": "ValueSet", "id": "v", "url": "http://example.org/ValueSet/v1", "status": "active"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_OID_VALID",
        onramp: "primitive.oid",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:oid:3.2.3.4.5", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "urn:oid:2.16.840.1.113883", "value": "1"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ID_VALID",
        onramp: "primitive.format",
        failing: r##"{"resourceType": "Parameters", "parameter": [{"name": "a", "valueId": "a_b"}]}"##,
        passing: r##"{"resourceType": "Parameters", "parameter": [{"name": "a", "valueId": "a-b"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_BASE64_NO_WS_WARNING",
        onramp: "primitive.base64_whitespace",
        failing: r##"{"resourceType": "Binary", "contentType": "text/plain", "data": "QUJD QUJD"}"##,
        passing: r##"{"resourceType": "Binary", "contentType": "text/plain", "data": "QUJDQUJD"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DECIMAL_RANGE",
        onramp: "primitive.decimal_range",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1.2345678901234567890}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1.5}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_INTEGER_VALID",
        onramp: "primitive.integer",
        failing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": 1.5}"##,
        passing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": 1}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_INSTANT_VALID",
        onramp: "primitive.range",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "issued": "2020-02-30T10:00:00Z"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "issued": "2020-02-28T10:00:00Z"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_MARKDOWN_HTML",
        onramp: "text.markdown_html",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "note": [{"text": "<b>bold</b>"}]}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "note": [{"text": "**bold**"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_XHTML_NS_INVALID",
        onramp: "xhtml.namespace",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div>x</div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_XHTML_NAME_INVALID",
        onramp: "xhtml.root_name",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<p xmlns=\"http://www.w3.org/1999/xhtml\">x</p>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_XHTML_ATTRIBUTE_ILLEGAL",
        onramp: "xhtml.disallowed_name",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"x()\">x</p></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p class=\"x\">x</p></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_XHTML_ATTRIBUTE_XML_SPACE",
        onramp: "xhtml.xml_space",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p xml:space=\"preserve\">x</p></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_XHTML_ELEMENT_ILLEGAL_IN_PARA",
        onramp: "xhtml.block_in_paragraph",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a<ul><li>x</li></ul></p></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a</p><ul><li>x</li></ul></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_XHTML_DOCTYPE_ILLEGAL",
        onramp: "xhtml.doctype",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<!DOCTYPE div><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_URL_INVALID",
        onramp: "xhtml.url_invalid",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"http://example.org/a b\">x</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"http://example.org/a%20b\">x</a></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "XHTML_XHTML_MIXED_LANG",
        onramp: "xhtml.mixed_languages",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><div xml:lang=\"en\">hello</div>bonjour</div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><div xml:lang=\"en\">hello</div><div xml:lang=\"fr\">bonjour</div></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_RESOLVE_IMG",
        onramp: "narrative.image_unresolved",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"#photo\"/></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"#p\"/></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_XHTML_UNKNOWN_HREF",
        onramp: "narrative.link_unknown_scheme",
        failing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"ftp://example.org/a\">x</a></div>"}}"##,
        passing: r##"{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"https://example.org/a\">x</a></div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ATT_HASH_MISMATCH",
        onramp: "attachment.hash_mismatch",
        failing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"contentType": "text/plain", "data": "QUJD", "hash": "2jmj7l5rSw0yVb/vlWAYkK/YBwk="}}]}"##,
        passing: r##"{"resourceType": "DocumentReference", "status": "current", "content": [{"attachment": {"contentType": "text/plain", "data": "QUJD", "hash": "PAG9uybzWLqyfyZ5JKosmgP8/bg="}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_QTY_UCUM_ANNOTATIONS_NO_UNIT",
        onramp: "quantity.ucum_annotation_no_unit",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 3, "system": "http://unitsofmeasure.org", "code": "{score}"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 3, "system": "http://unitsofmeasure.org", "code": "1"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_QTY_UCUM_ANNOTATIONS_NOT_IN_UNIT",
        onramp: "quantity.ucum_annotation_not_in_unit",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 3, "unit": "points", "system": "http://unitsofmeasure.org", "code": "{score}"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 3, "unit": "points", "system": "http://unitsofmeasure.org", "code": "1"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_QTY_UCUM_ANNOTATIONS",
        onramp: "quantity.ucum_annotation",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 3, "unit": "score", "system": "http://unitsofmeasure.org", "code": "{score}"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 3, "unit": "score", "system": "http://unitsofmeasure.org", "code": "1"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_TYPE_NOT_MATCH_NS",
        onramp: "structure_definition.type_namespace",
        failing: r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/x", "name": "X", "status": "active", "kind": "logical", "abstract": false, "type": "http://other.org/models/x", "derivation": "specialization", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Base"}"##,
        passing: r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/x", "name": "X", "status": "active", "kind": "logical", "abstract": false, "type": "http://example.org/StructureDefinition/x", "derivation": "specialization", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Base"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_TYPE_NOT_LOGICAL",
        onramp: "structure_definition.type_not_logical",
        failing: r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/x", "name": "X", "status": "active", "kind": "resource", "abstract": false, "type": "http://example.org/StructureDefinition/x", "derivation": "specialization", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/DomainResource"}"##,
        passing: r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/x", "name": "X", "status": "active", "kind": "logical", "abstract": false, "type": "http://example.org/StructureDefinition/x", "derivation": "specialization", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Base"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_TYPE_NOT_DERIVED",
        onramp: "structure_definition.type_not_derived",
        failing: r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/p", "name": "X", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "specialization", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/DomainResource"}"##,
        passing: r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/p", "name": "X", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_TYPE_NOT_LOCAL",
        onramp: "structure_definition.type_unknown",
        failing: r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/p", "name": "X", "status": "active", "kind": "resource", "abstract": false, "type": "Pateint", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient"}"##,
        passing: r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/p", "name": "X", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_INTEGER_GT",
        onramp: "value.max_value",
        failing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": 11}"##,
        passing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": 10}"##,
        support: &[GROUP_BOUNDS],
        profiles: &["http://example.org/StructureDefinition/group-bounds"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_INTEGER_LT",
        onramp: "value.min_value",
        failing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": 1}"##,
        passing: r##"{"resourceType": "Group", "type": "person", "actual": true, "quantity": 2}"##,
        support: &[GROUP_BOUNDS],
        profiles: &["http://example.org/StructureDefinition/group-bounds"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DECIMAL_GT",
        onramp: "value.max_value",
        failing: r##"{"resourceType": "Location", "position": {"longitude": 0, "latitude": 90.5}}"##,
        passing: r##"{"resourceType": "Location", "position": {"longitude": 0, "latitude": 90}}"##,
        support: &[LOCATION_BOUNDS],
        profiles: &["http://example.org/StructureDefinition/location-bounds"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DECIMAL_LT",
        onramp: "value.min_value",
        failing: r##"{"resourceType": "Location", "position": {"longitude": 0, "latitude": -90.5}}"##,
        passing: r##"{"resourceType": "Location", "position": {"longitude": 0, "latitude": -90}}"##,
        support: &[LOCATION_BOUNDS],
        profiles: &["http://example.org/StructureDefinition/location-bounds"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_QTY_MIN_VALUE_WRONG",
        onramp: "value.min_value",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 0.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}"##,
        support: &[WEIGHT_BOUNDS],
        profiles: &["http://example.org/StructureDefinition/weight-bounds"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_QTY_MIN_VALUE_WRONG_UCUM",
        onramp: "value.min_value",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 500, "unit": "g", "system": "http://unitsofmeasure.org", "code": "g"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1500, "unit": "g", "system": "http://unitsofmeasure.org", "code": "g"}}"##,
        support: &[WEIGHT_BOUNDS],
        profiles: &["http://example.org/StructureDefinition/weight-bounds"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_QTY_MAX_VALUE_WRONG",
        onramp: "value.max_value",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 201, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 200, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}"##,
        support: &[WEIGHT_BOUNDS],
        profiles: &["http://example.org/StructureDefinition/weight-bounds"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_QTY_MAX_VALUE_WRONG_UCUM",
        onramp: "value.max_value",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 201000, "unit": "g", "system": "http://unitsofmeasure.org", "code": "g"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 199000, "unit": "g", "system": "http://unitsofmeasure.org", "code": "g"}}"##,
        support: &[WEIGHT_BOUNDS],
        profiles: &["http://example.org/StructureDefinition/weight-bounds"],
        ..Fixture::CORE
    },
];

/// A Group whose `quantity` is 2 to 10.
const GROUP_BOUNDS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/group-bounds", "name": "P", "status": "active", "kind": "resource", "abstract": false, "type": "Group", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Group", "differential": {"element": [{"id": "Group.quantity", "path": "Group.quantity", "minValueInteger": 2, "maxValueInteger": 10}]}}"##;

/// A Location whose latitude is -90 to 90.
const LOCATION_BOUNDS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/location-bounds", "name": "P", "status": "active", "kind": "resource", "abstract": false, "type": "Location", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Location", "differential": {"element": [{"id": "Location.position.latitude", "path": "Location.position.latitude", "minValueDecimal": -90, "maxValueDecimal": 90}]}}"##;

/// An Observation whose valueQuantity is 1 kg to 200 kg.
const WEIGHT_BOUNDS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/weight-bounds", "name": "P", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.valueQuantity", "path": "Observation.valueQuantity", "minValueQuantity": {"value": 1, "system": "http://unitsofmeasure.org", "code": "kg"}, "maxValueQuantity": {"value": 200, "system": "http://unitsofmeasure.org", "code": "kg"}}]}}"##;

/// A Patient whose family name is one character past 1 MB (1,048,576 characters).
const LONG_NAME: &str = {
    const HEAD: &[u8] = br#"{"resourceType": "Patient", "name": [{"family": ""#;
    const TAIL: &[u8] = br#""}]}"#;
    const FILL: usize = 1_048_577;
    const LEN: usize = HEAD.len() + FILL + TAIL.len();
    // Built at compile time: the const is only read through `LONG_NAME`.
    #[allow(clippy::large_const_arrays)]
    const BYTES: [u8; LEN] = {
        let mut bytes = [b'a'; LEN];
        let mut i = 0;
        while i < HEAD.len() {
            bytes[i] = HEAD[i];
            i += 1;
        }
        let mut j = 0;
        while j < TAIL.len() {
            bytes[HEAD.len() + FILL + j] = TAIL[j];
            j += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("ASCII"),
    }
};
