//! Fixtures for the rows this work package moved to implemented: verifying `Bundle.signature`
//! (a JWS over the Bundle's canonical JSON, the signer's certificate in the header's `x5c`).
//!
//! The Bundles below were made once with a throwaway Python program (`cryptography`): a P-256 key
//! and a self-signed certificate for `CN=Dr Alice Signer,O=Example Hospital,C=NL` (serial
//! 1A2B3C4D, issuer `O=Example CA,C=NL`); the signing input is the JWS header (base64url), a dot
//! and the base64url of the Bundle without `signature`, members sorted, no whitespace; the
//! ECDSA signature is R||S. The key was thrown away; the texts are pasted as they came out.

use super::Fixture;

/// The Bundle as signed: a JWS (ES256) over its canonical JSON, the signer's certificate in x5c.
const SIGNED: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLi5DRUJUdkpSVkdLZ1dSYkFjOEJSLWFzblkxdF8yRTlmZVpTWVB6ZG0tQi1mRmhCaGRuNHdpcVRPd0dZOVNEbnFBSkdsQlZUOV91c1ZqdHRHRmhsb3FVZw=="}}"##;

/// The same signature on a Bundle changed after signing (the patient is no longer active).
const TAMPERED: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": false, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLi5DRUJUdkpSVkdLZ1dSYkFjOEJSLWFzblkxdF8yRTlmZVpTWVB6ZG0tQi1mRmhCaGRuNHdpcVRPd0dZOVNEbnFBSkdsQlZUOV91c1ZqdHRHRmhsb3FVZw=="}}"##;

/// A JWS whose signature part is not base64url.
const SIGNATURE_NOT_BASE64: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLi4hIW5vdCpiYXNlNjQhIQ=="}}"##;

/// A JWS claiming RS256 although the certificate's key is an elliptic-curve key.
const WRONG_ALGORITHM: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLi45OFVsVl9zbmFYaGI4RkpXakctd3Vlek1wdW9GZ0ZVcDBWT1VOSnhZOUxNU0hwaGw5ZEtWM3ZNOXBxdEdaQVBwcEZjeDRLMUFrX044NGliaUVoSTEtZw=="}}"##;

/// A JWS whose x5c certificate is not a certificate.
const UNREADABLE_CERTIFICATE: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpCUVVGQklsMHNJbk55UTIxeklqcGJleUpqYjIxdFNXUWlPbnNpYVdRaU9pSjFjbTQ2YjJsa09qRXVNaTQ0TkRBdU1UQXdOalV1TVM0eE1pNHhMakVpTENKa1pYTmpJam9pUVhWMGFHOXlKM01nVTJsbmJtRjBkWEpsSW4xOVhYMC4uVENmRlQ5Tm15UGg2S25CWEhWc08yczY4QjJMRlNtLXEzRnh2cWhmVnJYUGJuREQzSFRFdVdFY2VZOUpCbUtubmE2Q28xODBVU0VDemVUcGRiT2ZCaVE="}}"##;

/// The signed Bundle, with Signature.who naming someone other than the certificate's subject.
const WHO_SOMEONE_ELSE: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "Dr Bob Other"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLi5DRUJUdkpSVkdLZ1dSYkFjOEJSLWFzblkxdF8yRTlmZVpTWVB6ZG0tQi1mRmhCaGRuNHdpcVRPd0dZOVNEbnFBSkdsQlZUOV91c1ZqdHRHRmhsb3FVZw=="}}"##;

/// The signed Bundle, with Signature.who not identifying the signer.
const WHO_WITHOUT_IDENTIFIER: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"display": "Dr Alice Signer"}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLi5DRUJUdkpSVkdLZ1dSYkFjOEJSLWFzblkxdF8yRTlmZVpTWVB6ZG0tQi1mRmhCaGRuNHdpcVRPd0dZOVNEbnFBSkdsQlZUOV91c1ZqdHRHRmhsb3FVZw=="}}"##;

/// A JWS naming its key by kid only (no certificate in the header).
const KEY_ID_ONLY: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5OeVEyMXpJanBiZXlKamIyMXRTV1FpT25zaWFXUWlPaUoxY200NmIybGtPakV1TWk0NE5EQXVNVEF3TmpVdU1TNHhNaTR4TGpFaUxDSmtaWE5qSWpvaVFYVjBhRzl5SjNNZ1UybG5ibUYwZFhKbEluMTlYU3dpYTJsa0lqb2lZV3hwWTJVdE1qQXlOU0o5Li5vdFdxSWozbmZsRmJFaDBrWkFIM3hKSzJkWVpObFlXRUFSbEw1d0xDMWRobEpZM01odnBmTC1JVUU3LXdBQ1lnUTBCanZxX05oZzkyYWVuT0xqMUo2UQ=="}}"##;

/// The changed Bundle with an attached payload that is not base64url.
const PAYLOAD_NOT_BASE64: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": false, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLiEhbm90KmJhc2U2NCEhLkNFQlR2SlJWR0tnV1JiQWM4QlItYXNuWTF0XzJFOWZlWlNZUHpkbS1CLWZGaEJoZG40d2lxVE93R1k5U0RucUFKR2xCVlQ5X3VzVmp0dEdGaGxvcVVn"}}"##;

/// The changed Bundle with the Bundle as signed attached as payload.
const PAYLOAD_ORIGINAL: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": false, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLmV5SmxiblJ5ZVNJNlczc2lablZzYkZWeWJDSTZJblZ5YmpwMWRXbGtPall4WldKbE16VTVMV0ptWkdNdE5EWXhNeTA0WW1ZeUxXTTFaVE13TURrME5XWXdZU0lzSW5KbGMyOTFjbU5sSWpwN0ltRmpkR2wyWlNJNmRISjFaU3dpYVdRaU9pSndNU0lzSW01aGJXVWlPbHQ3SW1aaGJXbHNlU0k2SWtOb1lXeHRaWEp6SWl3aVoybDJaVzRpT2xzaVVHVjBaWElpTENKS1lXMWxjeUpkZlYwc0luSmxjMjkxY21ObFZIbHdaU0k2SWxCaGRHbGxiblFpZlgxZExDSnBaQ0k2SW5OcFoyNWxaQzFsZUdGdGNHeGxJaXdpY21WemIzVnlZMlZVZVhCbElqb2lRblZ1Wkd4bElpd2lkSGx3WlNJNkltTnZiR3hsWTNScGIyNGlmUS5DRUJUdkpSVkdLZ1dSYkFjOEJSLWFzblkxdF8yRTlmZVpTWVB6ZG0tQi1mRmhCaGRuNHdpcVRPd0dZOVNEbnFBSkdsQlZUOV91c1ZqdHRHRmhsb3FVZw=="}}"##;

/// The changed Bundle with an attached payload that is not JSON.
const PAYLOAD_NOT_JSON: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": false, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLmRHaHBjeUJwY3lCdWIzUWdTbE5QVGcuQ0VCVHZKUlZHS2dXUmJBYzhCUi1hc25ZMXRfMkU5ZmVaU1lQemRtLUItZkZoQmhkbjR3aXFUT3dHWTlTRG5xQUpHbEJWVDlfdXNWanR0R0ZobG9xVWc="}}"##;

/// The changed Bundle with its own content attached, pretty-printed instead of canonical.
const PAYLOAD_SAME_CONTENT: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": false, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLmV3b2dJQ0psYm5SeWVTSTZJRnNLSUNBZ0lIc0tJQ0FnSUNBZ0ltWjFiR3hWY213aU9pQWlkWEp1T25WMWFXUTZOakZsWW1Vek5Ua3RZbVprWXkwME5qRXpMVGhpWmpJdFl6VmxNekF3T1RRMVpqQmhJaXdLSUNBZ0lDQWdJbkpsYzI5MWNtTmxJam9nZXdvZ0lDQWdJQ0FnSUNKaFkzUnBkbVVpT2lCbVlXeHpaU3dLSUNBZ0lDQWdJQ0FpYVdRaU9pQWljREVpTEFvZ0lDQWdJQ0FnSUNKdVlXMWxJam9nV3dvZ0lDQWdJQ0FnSUNBZ2V3b2dJQ0FnSUNBZ0lDQWdJQ0FpWm1GdGFXeDVJam9nSWtOb1lXeHRaWEp6SWl3S0lDQWdJQ0FnSUNBZ0lDQWdJbWRwZG1WdUlqb2dXd29nSUNBZ0lDQWdJQ0FnSUNBZ0lDSlFaWFJsY2lJc0NpQWdJQ0FnSUNBZ0lDQWdJQ0FnSWtwaGJXVnpJZ29nSUNBZ0lDQWdJQ0FnSUNCZENpQWdJQ0FnSUNBZ0lDQjlDaUFnSUNBZ0lDQWdYU3dLSUNBZ0lDQWdJQ0FpY21WemIzVnlZMlZVZVhCbElqb2dJbEJoZEdsbGJuUWlDaUFnSUNBZ0lIMEtJQ0FnSUgwS0lDQmRMQW9nSUNKcFpDSTZJQ0p6YVdkdVpXUXRaWGhoYlhCc1pTSXNDaUFnSW5KbGMyOTFjbU5sVkhsd1pTSTZJQ0pDZFc1a2JHVWlMQW9nSUNKMGVYQmxJam9nSW1OdmJHeGxZM1JwYjI0aUNuMC5DRUJUdkpSVkdLZ1dSYkFjOEJSLWFzblkxdF8yRTlmZVpTWVB6ZG0tQi1mRmhCaGRuNHdpcVRPd0dZOVNEbnFBSkdsQlZUOV91c1ZqdHRHRmhsb3FVZw=="}}"##;

/// The changed Bundle with its canonical bytes attached in padded standard base64.
const PAYLOAD_PADDED_BASE64: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": false, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLmV5SmxiblJ5ZVNJNlczc2lablZzYkZWeWJDSTZJblZ5YmpwMWRXbGtPall4WldKbE16VTVMV0ptWkdNdE5EWXhNeTA0WW1ZeUxXTTFaVE13TURrME5XWXdZU0lzSW5KbGMyOTFjbU5sSWpwN0ltRmpkR2wyWlNJNlptRnNjMlVzSW1sa0lqb2ljREVpTENKdVlXMWxJanBiZXlKbVlXMXBiSGtpT2lKRGFHRnNiV1Z5Y3lJc0ltZHBkbVZ1SWpwYklsQmxkR1Z5SWl3aVNtRnRaWE1pWFgxZExDSnlaWE52ZFhKalpWUjVjR1VpT2lKUVlYUnBaVzUwSW4xOVhTd2lhV1FpT2lKemFXZHVaV1F0WlhoaGJYQnNaU0lzSW5KbGMyOTFjbU5sVkhsd1pTSTZJa0oxYm1Sc1pTSXNJblI1Y0dVaU9pSmpiMnhzWldOMGFXOXVJbjA9LkNFQlR2SlJWR0tnV1JiQWM4QlItYXNuWTF0XzJFOWZlWlNZUHpkbS1CLWZGaEJoZG40d2lxVE93R1k5U0RucUFKR2xCVlQ5X3VzVmp0dEdGaGxvcVVn"}}"##;

/// The signed Bundle with a targetFormat whose parameter has no value.
const TARGET_FORMAT_INVALID: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "targetFormat": "application/fhir+json;canonicalization", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLi5DRUJUdkpSVkdLZ1dSYkFjOEJSLWFzblkxdF8yRTlmZVpTWVB6ZG0tQi1mRmhCaGRuNHdpcVRPd0dZOVNEbnFBSkdsQlZUOV91c1ZqdHRHRmhsb3FVZw=="}}"##;

/// The signed Bundle with a plain targetFormat.
const TARGET_FORMAT_JSON: &str = r##"{"resourceType": "Bundle", "id": "signed-example", "type": "collection", "entry": [{"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": {"resourceType": "Patient", "id": "p1", "active": true, "name": [{"family": "Chalmers", "given": ["Peter", "James"]}]}}], "signature": {"type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}], "when": "2025-06-13T10:00:00Z", "who": {"identifier": {"value": "CN=Dr Alice Signer,O=Example Hospital,C=NL"}}, "sigFormat": "application/jose", "targetFormat": "application/fhir+json", "data": "ZXlKaGJHY2lPaUpGVXpJMU5pSXNJbk5wWjFRaU9pSXlNREkxTFRBMkxURXpWREV3T2pBd09qQXdXaUlzSW5nMVl5STZXeUpOU1VsQ1ZYcERRaXR4UVVSQlowVkRRV2RSWVV0NmVFNU5RVzlIUTBOeFIxTk5ORGxDUVUxRFRVTkplRU42UVVwQ1owNVdRa0ZaVkVGck5VMU5VazEzUlZGWlJGWlJVVXRFUVhCR1pVZEdkR05IZUd4SlJVNUNUVUkwV0VSVVNURk5SRVYzVFZSQmQwMUVRWGROUm05WVJGUk5NVTFFUlhkTlZFRjNUVVJCZDAxR2IzZFJha1ZNVFVGclIwRXhWVVZDYUUxRFZHdDNlRWRVUVZoQ1owNVdRa0Z2VFVWRlZqUlpWekYzWWtkVloxTkhPWHBqUjJ3d1dWZDNlRWRFUVZkQ1owNVdRa0ZOVFVRd1VubEpSVVp6WVZkT2JFbEdUbkJhTWpWc1kycENXazFDVFVkQ2VYRkhVMDAwT1VGblJVZERRM0ZIVTAwME9VRjNSVWhCTUVsQlFrUTJOemxDVDBSdGF6SlJia1JSV21oUFpsQTJZbEU0T1dGRldDdGxPVkYzYm5kTU9HRTNWRmxSZUVOdGQwWnVORVJzU1hweWFIWmFaMkpQUWtWSlZDczVNRFowVWtSdE5sZG1WMnhwV1dWT09GcERNbHB6ZDBObldVbExiMXBKZW1vd1JVRjNTVVJUUVVGM1VsRkphRUZKVG05V01ETjNWbU5HVDA5TmVrMUJWMkpPVXpsdFJEaE9aVFY1WnpnM01FUjJWVTlHUWpFMk5VSXdRV2xDWkZWNmNrUktjalZuYVhZNFFrdDBjVEZPYkZCbFprWmhVeTlGUmpCQ01UQm5ObGhFYUhkUE5taHpkejA5SWwwc0luTnlRMjF6SWpwYmV5SmpiMjF0U1dRaU9uc2lhV1FpT2lKMWNtNDZiMmxrT2pFdU1pNDROREF1TVRBd05qVXVNUzR4TWk0eExqRWlMQ0prWlhOaklqb2lRWFYwYUc5eUozTWdVMmxuYm1GMGRYSmxJbjE5WFgwLi5DRUJUdkpSVkdLZ1dSYkFjOEJSLWFzblkxdF8yRTlmZVpTWVB6ZG0tQi1mRmhCaGRuNHdpcVRPd0dZOVNEbnFBSkdsQlZUOV91c1ZqdHRHRmhsb3FVZw=="}}"##;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "BUNDLE_SIGNATURE_CANON_ERROR",
        onramp: "signature.target_format_invalid",
        failing: TARGET_FORMAT_INVALID,
        passing: TARGET_FORMAT_JSON,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_HEADER_X509_ERROR",
        onramp: "signature.certificate_invalid",
        failing: UNREADABLE_CERTIFICATE,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_WHO_MISMATCH",
        onramp: "signature.who_mismatch",
        failing: WHO_SOMEONE_ELSE,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_WHO_RECOMMENDED",
        onramp: "signature.who_recommended",
        failing: WHO_WITHOUT_IDENTIFIER,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIG_INVALID",
        onramp: "signature.signature_not_base64",
        failing: SIGNATURE_NOT_BASE64,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIG_FAIL_CERT",
        onramp: "signature.verification_failed",
        failing: TAMPERED,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIG_OK",
        onramp: "signature.verified",
        failing: SIGNED,
        passing: TAMPERED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIG_ERROR",
        onramp: "signature.verification_error",
        failing: WRONG_ALGORITHM,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_PAYLOAD_INVALID",
        onramp: "signature.payload_not_base64",
        failing: PAYLOAD_NOT_BASE64,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_PAYLOAD_MISMATCH",
        onramp: "signature.payload_mismatch",
        failing: PAYLOAD_ORIGINAL,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_PAYLOAD_INVALID_JSON",
        onramp: "signature.payload_not_json",
        failing: PAYLOAD_NOT_JSON,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_PAYLOAD_JSON_MATCHES",
        onramp: "signature.payload_json_matches",
        failing: PAYLOAD_SAME_CONTENT,
        passing: PAYLOAD_ORIGINAL,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_PAYLOAD_JSON_NO_MATCH",
        onramp: "signature.payload_json_differs",
        failing: PAYLOAD_ORIGINAL,
        passing: PAYLOAD_SAME_CONTENT,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_PAYLOAD_BASE64_DIFF",
        onramp: "signature.payload_base64_differs",
        failing: PAYLOAD_PADDED_BASE64,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIGNED_BY",
        onramp: "signature.signed_by",
        failing: TAMPERED,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIGNED_BY_VERIFIED",
        onramp: "signature.signed_by_verified",
        failing: SIGNED,
        passing: TAMPERED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIGNED_AT",
        onramp: "signature.signed_at",
        failing: TAMPERED,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIGNED_AT_VERIFIED",
        onramp: "signature.signed_at_verified",
        failing: SIGNED,
        passing: TAMPERED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIGNED_FOR",
        onramp: "signature.signed_for",
        failing: TAMPERED,
        passing: SIGNED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_SIGNED_FOR_VERIFIED",
        onramp: "signature.signed_for_verified",
        failing: SIGNED,
        passing: TAMPERED,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_CERT_DETAILS",
        onramp: "signature.certificate_details",
        failing: SIGNED,
        passing: KEY_ID_ONLY,
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_SIGNATURE_CERT_SOURCE",
        onramp: "signature.certificate_source",
        failing: SIGNED,
        passing: KEY_ID_ONLY,
        ..Fixture::CORE
    },
];
