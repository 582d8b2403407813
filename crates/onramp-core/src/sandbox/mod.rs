//! Environments and machine access: the kinds of environment, validation policies, client
//! authentication methods and states, and SMART scopes (`scopes`: parsing the v1 and v2 system
//! scopes and deciding which interaction they permit).

pub mod scopes;

crate::vocabulary! {
    /// What an environment is.
    pub enum EnvironmentKind as "environment kind" {
        /// A FHIR server Onramp hosts for one enrollment.
        Sandbox = "sandbox" / "Sandbox",
        /// The exchange's own production endpoint: Onramp issues its credentials only.
        Production = "production" / "Production",
    }
}

crate::vocabulary! {
    /// What a sandbox does with a write whose resource has validation errors.
    pub enum ValidationPolicy as "validation policy" {
        /// Refused with 422 and the OperationOutcome.
        Reject = "reject" / "Reject writes with errors",
        /// Stored, with the outcome kept in the message log.
        Record = "record" / "Accept and record",
    }
}

crate::vocabulary! {
    /// How a client authenticates at the token endpoint.
    pub enum ClientAuthMethod as "client authentication" {
        /// SMART Backend Services: a JWT signed with the client's key (RS384 or ES384).
        PrivateKeyJwt = "private_key_jwt" / "Signed JWT (SMART Backend Services)",
        /// A client id and secret in HTTP Basic (simple tools; not SMART).
        ClientSecretBasic = "client_secret_basic" / "Client secret",
    }
}

crate::vocabulary! {
    /// Where a client or an environment is.
    pub enum AccessState as "access state" {
        Active = "active" / "Active",
        /// Refused until reactivated; its tokens stop at once.
        Suspended = "suspended" / "Suspended",
    }
}

/// The longest an access token lives, in seconds.
pub const MAX_TOKEN_SECONDS: i64 = 300;

/// The furthest ahead a client assertion's `exp` may be, in seconds (SMART Backend Services).
pub const MAX_ASSERTION_SECONDS: i64 = 300;
