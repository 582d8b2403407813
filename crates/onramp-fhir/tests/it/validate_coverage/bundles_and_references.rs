//! Fixtures for the rows of `docs/validator-coverage/bundles-and-references.md`.

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "BUNDLE_LINK_SEARCH_PROHIBITED",
        onramp: "bundle.link_search_prohibited",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "link": [{"relation": "next", "url": "http://a/2"}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/Patient"}, {"relation": "next", "url": "http://a/2"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_LINK_SEARCH_NO_DUPLICATES",
        onramp: "bundle.link_relation_repeated",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "link": [{"relation": "self", "url": "http://a/1"}, {"relation": "self", "url": "http://a/2"}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "link": [{"relation": "related", "url": "http://a/1"}, {"relation": "related", "url": "http://a/2"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOFIRST",
        onramp: "bundle.first_entry_missing",
        failing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z"}"##,
        passing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "resource": {"resourceType": "MessageHeader", "id": "h", "eventCoding": {"system": "http://example.org/events", "code": "x"}, "source": {"endpoint": "http://a"}}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOFIRSTRESOURCE",
        onramp: "bundle.first_entry_no_resource",
        failing: r##"{"resourceType": "Bundle", "type": "message", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_FULLURL_REQUIRED",
        onramp: "bundle.full_url_required",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": {"resourceType": "Patient"}, "request": {"method": "POST", "url": "Patient"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_ENTRY_URL_ABSOLUTE",
        onramp: "bundle.full_url_relative",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_ENTRY_URL_MATCHES_TYPE_ID",
        onramp: "bundle.full_url_mismatch",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/2", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_ENTRY_URL_MATCHES_NO_ID",
        onramp: "bundle.full_url_without_id",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "resource": {"resourceType": "Patient"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_NOSELF",
        onramp: "bundle.search_no_self_link",
        failing: r##"{"resourceType": "Bundle", "type": "searchset"}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient?name=x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_SELF_NOT_UNDERSTOOD",
        onramp: "bundle.search_self_not_understood",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/something"}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/?_type=Patient,Group"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_NO_MODE",
        onramp: "bundle.search_no_mode",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "match"}},
                    {"fullUrl": "http://a/fhir/Patient/2", "resource": {"resourceType": "Patient", "id": "2"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "match"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_NO_RESOURCE",
        onramp: "bundle.search_entry_no_resource",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "search": {"mode": "match"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "match"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_NO_RESOURCE_ID",
        onramp: "bundle.search_entry_no_id",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "resource": {"resourceType": "Patient"}, "search": {"mode": "include"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "include"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_WRONG_RESOURCE_TYPE_MODE",
        onramp: "bundle.search_entry_wrong_type",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient?name=x"}],
          "entry": [{"fullUrl": "http://a/fhir/Group/1", "resource": {"resourceType": "Group", "id": "1", "type": "person", "actual": true}, "search": {"mode": "match"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient?name=x"}],
          "entry": [{"fullUrl": "http://a/fhir/Group/1", "resource": {"resourceType": "Group", "id": "1", "type": "person", "actual": true}, "search": {"mode": "include"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_WRONG_RESOURCE_TYPE_NO_MODE",
        onramp: "bundle.search_entry_wrong_type",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Group/1", "resource": {"resourceType": "Group", "id": "1", "type": "person", "actual": true}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_TYPE_NOT_SURE",
        onramp: "bundle.search_entry_type_not_sure",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/something"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SEARCH_ENTRY_WRONG_RESOURCE_TYPE_OUTCOME",
        onramp: "bundle.search_outcome_type",
        failing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "http://a/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}, "search": {"mode": "outcome"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://a/fhir/Patient"}],
          "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11", "resource": {"resourceType": "OperationOutcome", "issue": [{"severity": "information", "code": "informational"}]}, "search": {"mode": "outcome"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_LINK_STYELSHEET_EXTERNAL",
        onramp: "bundle.stylesheet_external",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "https://example.org/style.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "https://hl7.org/fhir/fhir.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_LINK_STYELSHEET_INSECURE",
        onramp: "bundle.stylesheet_insecure",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "http://example.org/style.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "https://example.org/style.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_LINK_STYELSHEET_NOT_FOUND",
        onramp: "bundle.stylesheet_not_found",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "Binary/css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "Binary/css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}, {"fullUrl": "http://a/fhir/Binary/css", "resource": {"resourceType": "Binary", "id": "css", "contentType": "text/css", "data": "QQ=="}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_MISMATCHIDURL",
        onramp: "bundle.canonical_url_mismatch",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/ValueSet/other", "resource": {"resourceType": "ValueSet", "id": "vs1", "url": "http://a/fhir/ValueSet/other", "status": "active"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/ValueSet/vs1", "resource": {"resourceType": "ValueSet", "id": "vs1", "url": "http://a/fhir/ValueSet/vs1", "status": "active"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_NODISPLAY",
        onramp: "reference.no_display",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"type": "Patient"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"display": "Peter"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_INVALID_REF",
        onramp: "reference.whitespace",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/ 1"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_CANTRESOLVE",
        onramp: "reference.contained_not_found",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p1"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p1"}], "subject": {"reference": "#p1"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_BADTARGETTYPE",
        onramp: "reference.target_type",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Medication/1"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_DOCUMENT",
        onramp: "bundle.document_first_not_composition",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_BUNDLE_MESSAGE",
        onramp: "bundle.message_first_not_header",
        failing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "q"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a12", "resource": {"resourceType": "MessageHeader", "id": "h", "eventCoding": {"system": "http://example.org/events", "code": "x"}, "source": {"endpoint": "http://a"}}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_ORPHAN_DOCUMENT",
        onramp: "bundle.entry_orphan",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_ORPHAN_MESSAGE",
        onramp: "bundle.entry_orphan",
        failing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a12", "resource": {"resourceType": "MessageHeader", "id": "h", "eventCoding": {"system": "http://example.org/events", "code": "x"}, "source": {"endpoint": "http://a"}}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a12", "resource": {"resourceType": "MessageHeader", "id": "h", "eventCoding": {"system": "http://example.org/events", "code": "x"}, "source": {"endpoint": "http://a"}, "focus": [{"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}]}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_REVERSE_R4",
        onramp: "bundle.entry_reverse_link",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}, {"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}, {"fullUrl": "http://a/fhir/Provenance/v", "resource": {"resourceType": "Provenance", "id": "v", "target": [{"reference": "Composition/c"}], "recorded": "2020-01-01T00:00:00Z", "agent": [{"who": {"display": "x"}}]}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_REVERSE_MSG",
        onramp: "bundle.entry_reverse_link",
        failing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a12", "resource": {"resourceType": "MessageHeader", "id": "h", "eventCoding": {"system": "http://example.org/events", "code": "x"}, "source": {"endpoint": "http://a"}, "focus": [{"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}]}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a14", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a12", "resource": {"resourceType": "MessageHeader", "id": "h", "eventCoding": {"system": "http://example.org/events", "code": "x"}, "source": {"endpoint": "http://a"}, "focus": [{"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}, {"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a14"}]}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a14", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOTFOUND",
        onramp: "bundle.reference_not_found",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "Patient/q"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOTFOUND_APPARENT",
        onramp: "bundle.reference_not_found_apparent",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "Patient/p"}}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_FOUND_MULTIPLE",
        onramp: "bundle.reference_multiple",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p2"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a14", "resource": {"resourceType": "Patient", "id": "p2"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOTFOUND_FRAGMENT",
        onramp: "bundle.reference_fragment_not_found",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "http://a/fhir/Patient/p#n1"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "http://a/fhir/Patient/p#n1"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p", "name": [{"id": "n1", "family": "F"}]}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_FOUND_MULTIPLE_FRAGMENT",
        onramp: "bundle.reference_fragment_multiple",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "http://a/fhir/Patient/p#n1"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p", "name": [{"id": "n1", "family": "F"}, {"id": "n1", "family": "G"}]}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t", "subject": {"reference": "http://a/fhir/Patient/p#n1"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p", "name": [{"id": "n1", "family": "F"}, {"id": "n2", "family": "G"}]}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_FULLURL_MISSING",
        onramp: "bundle.relative_reference_no_base",
        failing: r##"{"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}, "request": {"method": "PUT", "url": "Observation/o"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "transaction", "entry": [{"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}, "request": {"method": "PUT", "url": "Observation/o"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOFULLURL",
        onramp: "bundle.entry_no_full_url",
        failing: r##"{"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}, "request": {"method": "PUT", "url": "Observation/o"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "http://a/fhir/Patient/p"}}, "request": {"method": "PUT", "url": "Observation/o"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_NOT_LOCAL",
        onramp: "bundle.urn_not_local",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a14"}}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13"}}}, {"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_FULLURL_NEEDVERSION",
        onramp: "bundle.reference_needs_version",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p/_history/2"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p/_history/2"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p", "meta": {"versionId": "2"}}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_MULTIPLEMATCHES",
        onramp: "bundle.reference_matches_several",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_POSSSIBLE_MATCHES",
        onramp: "bundle.reference_possible_matches",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}, {"fullUrl": "http://b/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_POSSIBLE_MATCH_NO_FU",
        onramp: "bundle.reference_match_no_full_url",
        failing: r##"{"resourceType": "Bundle", "type": "transaction", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}, "request": {"method": "PUT", "url": "Observation/o"}}, {"resource": {"resourceType": "Patient", "id": "p"}, "request": {"method": "PUT", "url": "Patient/p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "transaction", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}, "request": {"method": "PUT", "url": "Observation/o"}}, {"fullUrl": "urn:uuid:p", "resource": {"resourceType": "Patient", "id": "p"}, "request": {"method": "PUT", "url": "Patient/p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_POSSIBLE_MATCH_WRONG_FU",
        onramp: "bundle.reference_match_wrong_full_url",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a13", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://a/fhir/Observation/o", "resource": {"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/p"}}}, {"fullUrl": "http://a/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_LINK_STYELSHEET_LINKABLE",
        onramp: "bundle.stylesheet_not_linkable",
        failing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a19"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        passing: r##"{"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:5f2f1b3c-2b1a-4d52-9e3e-0d3c9f6a1a11"}, "timestamp": "2020-01-01T00:00:00Z", "link": [{"relation": "stylesheet", "url": "https://example.org/style.css"}], "entry": [{"fullUrl": "http://a/fhir/Composition/c", "resource": {"resourceType": "Composition", "id": "c", "status": "final", "type": {"text": "x"}, "date": "2020-01-01", "author": [{"display": "x"}], "title": "t"}}]}"##,
        ..Fixture::CORE
    },
];
