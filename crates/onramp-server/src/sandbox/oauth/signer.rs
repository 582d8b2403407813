//! Access tokens are JWTs (RFC 9068 profile) signed with the instance's P-256 key, published at
//! `/oauth/jwks`: an exchange's gateway can check an Onramp-issued production token offline
//! (signature, `aud` = its FHIR base, `exp`, `scope`) or ask the introspection endpoint, which
//! also knows revocations. The key is made once (PKCS#8, in the instance secrets, so every
//! instance signs alike) and read at start.

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use onramp_store::{Store, StoreError};
use serde::Serialize;
use sha2::Digest as _;

/// The instance's token signing key and its public JWK.
#[derive(Clone)]
pub struct TokenSigner {
    kid: String,
    encoding: EncodingKey,
    jwk: serde_json::Value,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSigner")
            .field("kid", &self.kid)
            .finish()
    }
}

/// Why the signing key could not be made or read.
#[derive(Debug, thiserror::Error)]
pub enum SignerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the token signing key: {0}")]
    Key(String),
}

const SECRET_NAME: &str = "oauth_token_signing_key";

impl TokenSigner {
    /// Reads the instance's token signing key, making it the first time.
    pub async fn load_or_create(store: &Store) -> Result<TokenSigner, SignerError> {
        TokenSigner::load_or_create_named(store, SECRET_NAME).await
    }

    /// Reads the instance's P-256 key stored under `secret_name`, making it the first time (one
    /// key per purpose: access tokens, conformance certificates).
    pub async fn load_or_create_named(
        store: &Store,
        secret_name: &str,
    ) -> Result<TokenSigner, SignerError> {
        use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
        let rng = ring::rand::SystemRandom::new();
        let fresh = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| SignerError::Key("cannot generate a P-256 key".to_owned()))?;
        let fresh = base64::engine::general_purpose::STANDARD.encode(fresh.as_ref());
        let mut tx = store.begin().await?;
        let stored =
            onramp_store::platform::secrets::get_or_create(&mut tx, secret_name, || fresh).await?;
        tx.commit().await?;
        let pkcs8 = base64::engine::general_purpose::STANDARD
            .decode(stored.trim())
            .map_err(|error| SignerError::Key(error.to_string()))?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &pkcs8, &rng)
            .map_err(|error| SignerError::Key(error.to_string()))?;
        let point = pair.public_key().as_ref();
        let (Some(x), Some(y)) = (point.get(1..33), point.get(33..65)) else {
            return Err(SignerError::Key("unexpected public key".to_owned()));
        };
        let kid = hex::encode(sha2::Sha256::digest(point).get(..8).unwrap_or_default());
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        Ok(TokenSigner {
            jwk: serde_json::json!({
                "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid,
                "x": b64(x), "y": b64(y),
            }),
            kid,
            encoding: EncodingKey::from_ec_der(&pkcs8),
        })
    }

    /// The published key set.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [self.jwk.clone()] })
    }

    /// Signs `claims` as an access token (`typ` `at+jwt`).
    pub fn sign(&self, claims: &impl Serialize) -> Result<String, String> {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        header.typ = Some("at+jwt".to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(|error| error.to_string())
    }

    /// Signs `claims` as a JWS of type `typ` (conformance certificates: `onramp-certificate+jwt`).
    pub fn sign_typed(&self, claims: &impl Serialize, typ: &str) -> Result<String, String> {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        header.typ = Some(typ.to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(|error| error.to_string())
    }

    /// The public key, as a JWK.
    pub fn public_jwk(&self) -> &serde_json::Value {
        &self.jwk
    }
}

/// The claims of an access token.
#[derive(Debug, Serialize)]
pub struct AccessClaims<'a> {
    pub iss: &'a str,
    pub sub: &'a str,
    pub client_id: &'a str,
    /// The FHIR base the token is good for: the sandbox's, or the production endpoint's.
    pub aud: &'a str,
    pub iat: i64,
    pub exp: i64,
    pub jti: &'a str,
    pub scope: &'a str,
    pub environment_id: &'a str,
}
