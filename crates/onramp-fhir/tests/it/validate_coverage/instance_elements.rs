//! Fixtures for the rows of `docs/validator-coverage/instance-elements.md`.

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_UNKNOWN",
        onramp: "profile.unknown",
        failing: r##"{"resourceType": "Patient", "meta": {"profile": ["http://example.org/StructureDefinition/nothing"]}}"##,
        passing: r##"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/Patient"]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "META_RES_SECURITY_DUPLICATE",
        onramp: "resource.duplicate_security_label",
        failing: r##"{"resourceType": "Patient", "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}, {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}]}}"##,
        passing: r##"{"resourceType": "Patient", "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}, {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "N"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "RESOURCE_DUPLICATE_CONTAINED_ID",
        onramp: "resource.duplicate_contained_id",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p"}, {"resourceType": "Patient", "id": "p"}], "subject": {"reference": "#p"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p"}, {"resourceType": "Patient", "id": "q"}], "subject": {"reference": "#p"}, "performer": [{"reference": "#q"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_URL_NOTFOUND",
        onramp: "extension.no_url",
        failing: r##"{"resourceType": "Patient", "extension": [{"valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://example.com/x", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_NO_SIG_FORMAT",
        onramp: "signature.no_format",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIG_FORMAT_JOSE",
        onramp: "signature.format_jose",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "data": "cGxhaW4gdGV4dA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_NOT_CHECKED_KIND",
        onramp: "signature.format_not_checked",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/x-unknown", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "image/png", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_NOT_CHECKED_DATA",
        onramp: "signature.no_data",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose"}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_NOT_CHECKED_DATA_B64",
        onramp: "signature.data_not_base64",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "not base64 at all!"}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_CHECKED_DATA_B64",
        onramp: "signature.jws_not_base64",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "eyJhbGciOiJFUzI1NiIsImtpZCI6ImtleS0xIiwic2lnVCI6IjIwMjUtMDYtMTNUMTA6MDA6MDBaIiwiY2Fub24iOiJodHRwOi8vaGw3Lm9yZy9maGlyL2Nhbm9uaWNhbGl6YXRpb24vanNvbiJ9..AQID"}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_HEADER_PARSE",
        onramp: "signature.header_invalid",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "Ym05MElHcHpiMjQuLmVB"}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_HEADER_SIG_TIME_WRONG_FORMAT",
        onramp: "signature.signing_time_format",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpFM05EazRNRGc0TURBaUxDSmpZVzV2YmlJNkltaDBkSEE2THk5b2JEY3ViM0puTDJab2FYSXZZMkZ1YjI1cFkyRnNhWHBoZEdsdmJpOXFjMjl1SW4wLi5BUUlE"}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_HEADER_NO_SIG_TIME",
        onramp: "signature.no_signing_time",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aVkyRnViMjRpT2lKb2RIUndPaTh2YUd3M0xtOXlaeTltYUdseUwyTmhibTl1YVdOaGJHbDZZWFJwYjI0dmFuTnZiaUo5Li5BUUlE"}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aVkyRnViMjRpT2lKb2RIUndPaTh2YUd3M0xtOXlaeTltYUdseUwyTmhibTl1YVdOaGJHbDZZWFJwYjI0dmFuTnZiaUlzSW1saGRDSTZNVGMwT1Rnd09EZ3dNSDAuLkFRSUQ="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_NO_WHEN",
        onramp: "signature.no_when",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_HEADER_WHEN_MISMATCH",
        onramp: "signature.when_mismatch",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVRSVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_PAYLOAD_CANON_DEFAULT",
        onramp: "signature.canonicalization_default",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUluMC4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_CANON_DIFF",
        onramp: "signature.canonicalization_differs",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "targetFormat": "application/fhir+json;canonicalization=http://hl7.org/fhir/canonicalization/json#document", "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "targetFormat": "application/fhir+json;canonicalization=http://hl7.org/fhir/canonicalization/json", "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_HEADER_CERT_NOT_FOUND",
        onramp: "signature.certificate_not_found",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW1OaGJtOXVJam9pYUhSMGNEb3ZMMmhzTnk1dmNtY3ZabWhwY2k5allXNXZibWxqWVd4cGVtRjBhVzl1TDJwemIyNGlMQ0o0TldNaU9sc2lUVWxKUWlKZGZRLi5BUUlE"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_HEADER_NO_KID_OR_CERT",
        onramp: "signature.no_key",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW1OaGJtOXVJam9pYUhSMGNEb3ZMMmhzTnk1dmNtY3ZabWhwY2k5allXNXZibWxqWVd4cGVtRjBhVzl1TDJwemIyNGlmUS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_WHO_NO_INFO",
        onramp: "signature.who_unknown",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_WHO_NOT_IN_CERT",
        onramp: "signature.who_unchecked",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_PAYLOAD_PRESENT",
        onramp: "signature.payload_present",
        failing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS5leUpoSWpveGZRLkFRSUQ="}}"##,
        passing: r##"{"resourceType": "Bundle", "type": "collection", "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbXRwWkNJNkltdGxlUzB4SWl3aWMybG5WQ0k2SWpJd01qVXRNRFl0TVROVU1UQTZNREE2TURCYUlpd2lZMkZ1YjI0aU9pSm9kSFJ3T2k4dmFHdzNMbTl5Wnk5bWFHbHlMMk5oYm05dWFXTmhiR2w2WVhScGIyNHZhbk52YmlKOS4uQVFJRA=="}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "LANGUAGE_XHTML_LANG_MISSING1",
        onramp: "language.xhtml_lang_missing",
        failing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}"##,
        passing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">x</div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "LANGUAGE_XHTML_LANG_MISSING2",
        onramp: "language.xhtml_lang_attribute_missing",
        failing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\">x</div>"}}"##,
        passing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">x</div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "LANGUAGE_XHTML_LANG_MISSING3",
        onramp: "language.xhtml_xml_lang_missing",
        failing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">x</div>"}}"##,
        passing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">x</div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "LANGUAGE_XHTML_LANG_DIFFERENT1",
        onramp: "language.xhtml_lang_differs",
        failing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"pt\" xml:lang=\"en\">x</div>"}}"##,
        passing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">x</div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "LANGUAGE_XHTML_LANG_DIFFERENT2",
        onramp: "language.xhtml_xml_lang_differs",
        failing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"pt\">x</div>"}}"##,
        passing: r##"{"resourceType": "Patient", "language": "en", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">x</div>"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_WRONGTYPE",
        onramp: "profile.wrong_type",
        failing: r##"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/Observation"]}}"##,
        passing: r##"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/Patient"]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "RESOURCE_RES_ID_MISSING",
        onramp: "resource.id_missing",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient"}]}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p"}], "subject": {"reference": "#p"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "RESOURCE_RES_ID_MALFORMED_LENGTH",
        onramp: "resource.id_too_long",
        failing: r##"{"resourceType": "Patient", "id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"##,
        passing: r##"{"resourceType": "Patient", "id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "RESOURCE_RES_ID_MALFORMED_CHARS",
        onramp: "resource.id_invalid",
        failing: r##"{"resourceType": "Patient", "id": "bad_id"}"##,
        passing: r##"{"resourceType": "Patient", "id": "good-id.1"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONTAINED_ORPHAN_DOM3",
        onramp: "invariant.failed",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p"}]}"##,
        passing: r##"{"resourceType": "Observation", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}, "status": "final", "code": {"text": "x"}, "contained": [{"resourceType": "Patient", "id": "p", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">p</div>"}}], "subject": {"reference": "#p"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "DUPLICATE_ID",
        onramp: "element.duplicate_id",
        failing: r##"{"resourceType": "Patient", "identifier": [{"id": "a", "value": "1"}], "name": [{"id": "a", "family": "X"}]}"##,
        passing: r##"{"resourceType": "Patient", "id": "a", "identifier": [{"id": "a1", "value": "1"}], "name": [{"id": "a2", "family": "X"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ELEMENT_CANNOT_BE_NULL",
        onramp: "json.null_value",
        failing: r##"{"resourceType": "Patient", "gender": null}"##,
        passing: r##"{"resourceType": "Patient", "gender": "male"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_URL_ABSOLUTE",
        onramp: "structure.extension_url_relative",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "relative-name", "valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://example.org/StructureDefinition/x", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_MINIMUM",
        onramp: "cardinality.too_few",
        failing: r##"{"resourceType": "Observation", "code": {"text": "x"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "INV_FAILED",
        onramp: "invariant.failed",
        failing: r##"{"resourceType": "Patient", "contact": [{"gender": "male"}]}"##,
        passing: r##"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}, "contact": [{"name": {"family": "X"}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_PROF_TYPE",
        onramp: "structure.type_not_allowed",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueString": "high"}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1}}"##,
        support: &[OBSERVATION_QUANTITY],
        profiles: &["http://example.org/StructureDefinition/observation-quantity"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_MAXIMUM",
        onramp: "cardinality.too_many",
        failing: r##"{"resourceType": "Patient", "name": [{"family": "A"}, {"family": "B"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "A"}]}"##,
        support: &[PATIENT_ONE_NAME],
        profiles: &["http://example.org/StructureDefinition/patient-one-name"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_MINIMUM_SLICE",
        onramp: "slicing.too_few",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/ssn", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/mrn", "value": "1"}]}"##,
        support: &[PATIENT_IDENTIFIERS],
        profiles: &["http://example.org/StructureDefinition/patient-identifiers"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_NOTSLICE",
        onramp: "slicing.closed",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/mrn", "value": "1"}, {"system": "http://example.org/other", "value": "2"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/mrn", "value": "1"}]}"##,
        support: &[PATIENT_IDENTIFIERS],
        profiles: &["http://example.org/StructureDefinition/patient-identifiers"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_SLICEORDER",
        onramp: "slicing.order",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/ssn", "value": "2"}, {"system": "http://example.org/mrn", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/mrn", "value": "1"}, {"system": "http://example.org/ssn", "value": "2"}]}"##,
        support: &[PATIENT_IDENTIFIERS],
        profiles: &["http://example.org/StructureDefinition/patient-identifiers"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "INV_FAILED_SOURCE",
        onramp: "invariant.failed",
        failing: r##"{"resourceType": "Patient", "gender": "male"}"##,
        passing: r##"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}, "name": [{"family": "A"}]}"##,
        support: &[PATIENT_NAMED],
        profiles: &["http://example.org/StructureDefinition/patient-named"],
        ..Fixture::CORE
    },
];

/// An Observation whose value is a Quantity only.
const OBSERVATION_QUANTITY: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-quantity", "name": "ObservationQuantity", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.value[x]", "path": "Observation.value[x]", "type": [{"code": "Quantity"}]}]}}"##;

/// A Patient with at most one name.
const PATIENT_ONE_NAME: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/patient-one-name", "name": "PatientOneName", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.name", "path": "Patient.name", "max": "1"}]}}"##;

/// A Patient whose identifiers are closed, ordered slices by system: an MRN (required) then an SSN.
const PATIENT_IDENTIFIERS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/patient-identifiers", "name": "PatientIdentifiers", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.identifier", "path": "Patient.identifier", "slicing": {"discriminator": [{"type": "value", "path": "system"}], "ordered": true, "rules": "closed"}}, {"id": "Patient.identifier:mrn", "path": "Patient.identifier", "sliceName": "mrn", "min": 1, "max": "1"}, {"id": "Patient.identifier:mrn.system", "path": "Patient.identifier.system", "min": 1, "fixedUri": "http://example.org/mrn"}, {"id": "Patient.identifier:ssn", "path": "Patient.identifier", "sliceName": "ssn", "min": 0, "max": "1"}, {"id": "Patient.identifier:ssn.system", "path": "Patient.identifier.system", "min": 1, "fixedUri": "http://example.org/ssn"}]}}"##;

/// A Patient that must have a name, by an invariant of the profile (with its source).
const PATIENT_NAMED: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/patient-named", "name": "PatientNamed", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient", "path": "Patient", "constraint": [{"key": "named-1", "severity": "error", "human": "A patient has a name", "expression": "name.exists()", "source": "http://example.org/StructureDefinition/patient-named"}]}]}}"##;
