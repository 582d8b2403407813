//! The signer's X.509 certificate from a JWS header (`x5c`, its first entry): the public key the
//! signature is verified with, and what the reference reports about it (the subject's names,
//! issuer, serial number and the certificate itself).

use base64::Engine as _;
use serde_json::Value;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{self, Decode, Encode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::name::Name;
use x509_cert::Certificate;

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// The curves of an elliptic-curve key the reference accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Curve {
    P256,
    P384,
    P521,
}

/// A certificate's public key, in the encoding `ring` reads.
pub(super) enum SignerKey {
    /// The DER `RSAPublicKey`.
    Rsa(Vec<u8>),
    /// The uncompressed point.
    Ec(Curve, Vec<u8>),
}

/// What Onramp reads from the signer's certificate.
pub(super) struct SignerCertificate {
    pub key: SignerKey,
    /// The subject as RFC 2253 writes it (`CN=Alice,O=Example,C=NL`).
    pub subject: String,
    pub issuer: String,
    /// The serial number in upper-case hexadecimal, without leading zeros.
    pub serial: String,
    /// The subject's names `Signature.who.identifier.value` may give: the distinguished name in its
    /// written forms, and the subject alternative names of type otherName or URI.
    pub names: Vec<String>,
    /// The certificate as one-line PEM.
    pub pem: String,
}

/// Reads the first certificate of `x5c` (base64 DER); the error says why it cannot be read.
pub(super) fn read_x5c(x5c: &Value) -> Result<SignerCertificate, String> {
    let first = x5c
        .as_array()
        .ok_or("x5c is not an array")?
        .first()
        .ok_or("x5c is an empty array")?
        .as_str()
        .ok_or("the first entry of x5c is not a string")?;
    let der = base64::engine::general_purpose::STANDARD
        .decode(first.trim().as_bytes())
        .map_err(|error| format!("the certificate is not base64: {error}"))?;
    let certificate = Certificate::from_der(&der)
        .map_err(|error| format!("the certificate cannot be read: {error}"))?;
    let tbs = &certificate.tbs_certificate;
    let key = signer_key(&tbs.subject_public_key_info)?;
    let subject = rfc2253(&tbs.subject);
    let mut names = vec![
        subject.clone(),
        rfc1779(&tbs.subject),
        subject.to_lowercase(),
    ];
    names.extend(alternative_names(&certificate));
    names.sort();
    names.dedup();
    Ok(SignerCertificate {
        key,
        subject,
        issuer: rfc2253(&tbs.issuer),
        serial: serial_hex(tbs.serial_number.as_bytes()),
        names,
        pem: format!(
            "-----BEGIN CERTIFICATE-----{}-----END CERTIFICATE-----",
            base64::engine::general_purpose::STANDARD.encode(&der)
        ),
    })
}

fn signer_key(info: &x509_cert::spki::SubjectPublicKeyInfoOwned) -> Result<SignerKey, String> {
    let bits = info.subject_public_key.raw_bytes().to_vec();
    if info.algorithm.oid == RSA_ENCRYPTION {
        return Ok(SignerKey::Rsa(bits));
    }
    if info.algorithm.oid == EC_PUBLIC_KEY {
        let curve = info
            .algorithm
            .parameters
            .as_ref()
            .and_then(|parameters| parameters.decode_as::<ObjectIdentifier>().ok());
        return match curve {
            Some(oid) if oid == P256 => Ok(SignerKey::Ec(Curve::P256, bits)),
            Some(oid) if oid == P384 => Ok(SignerKey::Ec(Curve::P384, bits)),
            Some(oid) if oid == P521 => Ok(SignerKey::Ec(Curve::P521, bits)),
            _ => Err("Unsupported elliptic curve of the certificate's key".to_string()),
        };
    }
    Err(format!(
        "Unsupported key type: {} (only RSA and EC keys are read)",
        info.algorithm.oid
    ))
}

/// The subject alternative names the reference compares `who` with: otherName (its type and
/// value) and URI.
fn alternative_names(certificate: &Certificate) -> Vec<String> {
    let Ok(Some((_, alternative))) = certificate.tbs_certificate.get::<SubjectAltName>() else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for name in alternative.0 {
        match name {
            GeneralName::OtherName(other) => {
                names.push(other.type_id.to_string());
                if let Some(text) = string_value(&other.value) {
                    names.push(text.trim().to_string());
                }
            }
            GeneralName::UniformResourceIdentifier(uri) => names.push(uri.to_string()),
            _ => {}
        }
    }
    names
}

/// A directory string's text (UTF-8, printable, IA5, teletex, BMP).
fn string_value(value: &der::Any) -> Option<String> {
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            String::from_utf8(bytes.to_vec()).ok()
        }
        Tag::TeletexString => Some(bytes.iter().map(|b| char::from(*b)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|pair| {
                    u16::from_be_bytes([
                        pair.first().copied().unwrap_or(0),
                        pair.get(1).copied().unwrap_or(0),
                    ])
                })
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

/// RFC 2253: the last RDN first, `,` between RDNs, `+` inside one, the standard keywords, other
/// attribute types by OID with the value's DER in hex.
fn rfc2253(name: &Name) -> String {
    write_name(name, ",", |attribute| {
        let keyword = keyword(&attribute.oid, true);
        match (keyword, string_value(&attribute.value)) {
            (Some(keyword), Some(text)) => format!("{keyword}={}", escape_rfc2253(&text)),
            (keyword, _) => format!(
                "{}=#{}",
                keyword.map_or_else(|| attribute.oid.to_string(), str::to_string),
                hex_der(&attribute.value)
            ),
        }
    })
}

/// RFC 1779: as RFC 2253 but `, ` between RDNs, fewer keywords, `OID.` before other types and
/// values with special characters quoted.
fn rfc1779(name: &Name) -> String {
    write_name(name, ", ", |attribute| {
        let keyword = keyword(&attribute.oid, false);
        match (keyword, string_value(&attribute.value)) {
            (Some(keyword), Some(text)) => {
                let special = text.chars().any(|c| ",+=\"\\<>#;\n".contains(c))
                    || text.starts_with(' ')
                    || text.ends_with(' ');
                if special {
                    format!("{keyword}=\"{}\"", text.replace('"', "\\\""))
                } else {
                    format!("{keyword}={text}")
                }
            }
            (keyword, _) => format!(
                "{}=#{}",
                keyword.map_or_else(|| format!("OID.{}", attribute.oid), str::to_string),
                hex_der(&attribute.value)
            ),
        }
    })
}

fn write_name(
    name: &Name,
    separator: &str,
    attribute_text: impl Fn(&AttributeTypeAndValue) -> String,
) -> String {
    name.0
        .iter()
        .rev()
        .map(|rdn| {
            rdn.0
                .iter()
                .map(&attribute_text)
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect::<Vec<_>>()
        .join(separator)
}

fn keyword(oid: &ObjectIdentifier, rfc2253: bool) -> Option<&'static str> {
    Some(match oid.to_string().as_str() {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.9" => "STREET",
        "0.9.2342.19200300.100.1.25" if rfc2253 => "DC",
        "0.9.2342.19200300.100.1.1" if rfc2253 => "UID",
        _ => return None,
    })
}

fn escape_rfc2253(text: &str) -> String {
    let mut out = String::new();
    let last = text.chars().count().saturating_sub(1);
    for (index, c) in text.chars().enumerate() {
        let special = ",+\"\\<>;".contains(c)
            || (index == 0 && (c == '#' || c == ' '))
            || (index == last && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn hex_der(value: &der::Any) -> String {
    value
        .to_der()
        .unwrap_or_default()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A serial number (big-endian bytes) as `BigInteger.toString(16).toUpperCase()` writes it.
fn serial_hex(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::serial_hex;

    #[test]
    fn serials_lose_their_leading_zeros() {
        assert_eq!(serial_hex(&[0x00, 0x0A, 0xBC]), "ABC");
        assert_eq!(serial_hex(&[0x00]), "0");
    }
}
