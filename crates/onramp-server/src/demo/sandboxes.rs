//! The demo's sandboxes: two active organizations each get a sandbox holding the sample data (and
//! the first Bundles of `sandbox_seed_dir`, when set), a secret client and a SMART Backend
//! Services client with a P-384 key made here. Their credentials are written to
//! `<data_dir>/demo/sandboxes.json` for scripts and printed at start.

use base64::Engine as _;
use onramp_core::sandbox::ClientAuthMethod;
use onramp_store::registry::{self, ListFilter};
use onramp_store::tracks::enrollments;
use serde::Serialize;

use super::tracks::coordinator;
use crate::sandbox::fhir::interactions::base_url;
use crate::sandbox::oauth::token::token_url;
use crate::sandbox::seed;
use crate::sandbox::services::clients::{self, ClientInput};
use crate::sandbox::services::environments::{self, EnvironmentInput};
use crate::state::AppState;
use crate::web::error::AppError;

const ORGANIZATIONS: &[&str] = &["Harbor Point Clinic", "Lakeside Health System"];

/// One client's credentials, as `sandboxes.json` lists them.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct DemoCredentials {
    pub organization: String,
    pub fhir_base: String,
    pub token_url: String,
    pub client_id: String,
    pub auth_method: String,
    pub client_secret: Option<String>,
    pub private_key_pem: Option<String>,
    pub kid: Option<String>,
    pub alg: Option<String>,
}

/// A P-384 key pair: the private key as PKCS#8 PEM and the public JWK.
fn p384_key(kid: &str) -> Result<(String, serde_json::Value), AppError> {
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P384_SHA384_FIXED_SIGNING};
    let failed = |what: &str| AppError::Internal(format!("demo key: {what}"));
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, &rng)
        .map_err(|_| failed("generate"))?;
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, pkcs8.as_ref(), &rng)
        .map_err(|_| failed("read"))?;
    let point = pair.public_key().as_ref();
    let (Some(x), Some(y)) = (point.get(1..49), point.get(49..97)) else {
        return Err(failed("public point"));
    };
    let encoded = base64::engine::general_purpose::STANDARD.encode(pkcs8.as_ref());
    let mut pem = String::from("-----BEGIN PRIVATE KEY-----\n");
    for line in encoded.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END PRIVATE KEY-----\n");
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let jwk = serde_json::json!({
        "kty": "EC", "crv": "P-384", "kid": kid, "alg": "ES384", "use": "sig",
        "x": b64(x), "y": b64(y),
    });
    Ok((pem, jwk))
}

/// Opens, fills and gives clients to the demo sandboxes; writes `sandboxes.json`.
pub async fn seed_sandboxes(state: &AppState) -> Result<Vec<DemoCredentials>, AppError> {
    let actor = coordinator(state).await?;
    let organizations = registry::list(state.store.pool(), &ListFilter::default(), 100).await?;
    let mut credentials = Vec::new();
    for name in ORGANIZATIONS {
        let Some(organization) = organizations.iter().find(|profile| profile.name == *name) else {
            continue;
        };
        let Some(enrollment) = enrollments::of_organization(state.store.pool(), &organization.id)
            .await?
            .into_iter()
            .next()
        else {
            continue;
        };
        let environment = environments::open(
            state,
            &actor,
            &enrollment.id,
            &EnvironmentInput {
                kind: "sandbox",
                name: "Sandbox",
                policy: "reject",
                production_url: "",
            },
        )
        .await?;
        // Without R4 core in the package cache the sandbox answers 503 until it is installed; the
        // demo still gets its sandboxes and clients.
        if let Err(error) =
            seed::load_into(state, &actor.audit_context(), &environment, false, Some(2)).await
        {
            tracing::warn!(%error, "demo sandbox left empty");
        }
        let fhir_base = base_url(state, &environment.id);
        let secret = clients::create(
            state,
            &actor,
            &environment.id,
            &ClientInput {
                name: "Demo test tool",
                auth_method: ClientAuthMethod::ClientSecretBasic.as_str(),
                scopes: "system/*.cruds",
                jwks: "",
                expires_on: "",
                jwks_url: "",
            },
        )
        .await?;
        credentials.push(DemoCredentials {
            organization: organization.name.clone(),
            fhir_base: fhir_base.clone(),
            token_url: token_url(state),
            client_id: secret.client.id.clone(),
            auth_method: ClientAuthMethod::ClientSecretBasic.as_str().to_owned(),
            client_secret: secret.secret.clone(),
            private_key_pem: None,
            kid: None,
            alg: None,
        });
        let kid = format!("demo-{}", organization.id.get(..8).unwrap_or("key"));
        let (pem, jwk) = p384_key(&kid)?;
        let jwks = serde_json::json!({ "keys": [jwk] }).to_string();
        let backend = clients::create(
            state,
            &actor,
            &environment.id,
            &ClientInput {
                name: "Demo backend service",
                auth_method: ClientAuthMethod::PrivateKeyJwt.as_str(),
                scopes: "system/*.cruds",
                jwks: &jwks,
                expires_on: "",
                jwks_url: "",
            },
        )
        .await?;
        credentials.push(DemoCredentials {
            organization: organization.name.clone(),
            fhir_base,
            token_url: token_url(state),
            client_id: backend.client.id.clone(),
            auth_method: ClientAuthMethod::PrivateKeyJwt.as_str().to_owned(),
            client_secret: None,
            private_key_pem: Some(pem),
            kid: Some(kid),
            alg: Some("ES384".to_owned()),
        });
    }
    let folder = state.config.data_dir.join("demo");
    std::fs::create_dir_all(&folder)
        .map_err(|error| AppError::Internal(format!("{}: {error}", folder.display())))?;
    let text = serde_json::to_string_pretty(&credentials)
        .map_err(|error| AppError::Internal(error.to_string()))?;
    let path = folder.join("sandboxes.json");
    std::fs::write(&path, text)
        .map_err(|error| AppError::Internal(format!("{}: {error}", path.display())))?;
    Ok(credentials)
}

/// The start-up lines about the demo sandboxes (from `sandboxes.json`, which only the first start
/// writes: secrets are never stored otherwise).
pub fn banner(data_dir: &std::path::Path) -> String {
    let path = data_dir.join("demo").join("sandboxes.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return String::new();
    };
    let Ok(list) = serde_json::from_str::<Vec<DemoCredentials>>(&text) else {
        return String::new();
    };
    let mut out = format!(
        "\nSandboxes (credentials for scripts in {}):\n\n",
        path.display()
    );
    for entry in &list {
        out.push_str(&format!(
            "  {}  {}\n    token URL {}  client {} ({})",
            entry.organization,
            entry.fhir_base,
            entry.token_url,
            entry.client_id,
            entry.auth_method
        ));
        if let Some(secret) = &entry.client_secret {
            out.push_str(&format!("  secret {secret}"));
        }
        if let Some(kid) = &entry.kid {
            out.push_str(&format!("  key {kid} (private key in the file)"));
        }
        out.push('\n');
    }
    out
}
