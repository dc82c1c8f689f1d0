//! LTI 1.3 Advantage platform (issue 19): institutions bring their LTI tools into Lyceum courses.
//!
//! - [`tools`]: the tool registrations of an institution (Lyceum issues the client id and the
//!   deployment id; the tool gives its login initiation URL, target link URI, redirect URIs and keys).
//! - [`keys`]: the platform's RS256 keys per institution, published as a JWKS, rotatable.
//! - [`launch`]: resource link launches (third-party initiated login, the authorization endpoint);
//!   [`deep_linking`]: staff pick content in a tool, which becomes lessons.
//! - [`token`]: the OAuth 2.0 token endpoint for tools (JWT client assertions) and the check of its
//!   access tokens; [`verify`] checks what tools sign.
//! - [`ags`], [`scores`] and [`nrps`]: the services (line items; scores and results; course
//!   memberships) under the
//!   institution's service base [`services_base`].
//!
//! Every institution is its own platform: its issuer is [`issuer`], so a message or token of one
//! institution names it and can never be taken for another's.

pub mod ags;
pub mod deep_linking;
pub mod keys;
pub mod launch;
pub mod nrps;
pub mod scores;
pub mod token;
pub mod tools;
pub mod verify;

use crate::{config::Config, db::types::TenantId};

/// The LTI Advantage service scopes a tool may be allowed (AGS 2.0 §3.1, NRPS 2.0 §2.1).
pub const SCOPES: &[&str] = &[
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
];

/// The base URL of an institution's platform endpoints; also its issuer (`iss`).
pub fn issuer(config: &Config, tenant: TenantId) -> String {
    format!("{}/v1/lti/platforms/{tenant}", config.server.public_url.trim_end_matches('/'))
}

/// Where an institution's LTI services live (the token endpoint, AGS and NRPS): beside the `/v1` API,
/// as they speak the specifications' own media types and errors.
pub fn services_base(config: &Config, tenant: TenantId) -> String {
    format!("{}/lti/platforms/{tenant}", config.server.public_url.trim_end_matches('/'))
}

/// What a tool's configuration needs from Lyceum (the values to paste into it).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlatformEndpoints {
    /// The issuer of Lyceum's messages (`iss`).
    pub issuer: String,
    /// The OIDC authorization endpoint the tool redirects its authentication requests to.
    pub authorization_url: String,
    /// The OAuth 2.0 token endpoint (client credentials with a JWT client assertion).
    pub token_url: String,
    /// The platform's public keys.
    pub jwks_url: String,
}

pub fn endpoints(config: &Config, tenant: TenantId) -> PlatformEndpoints {
    let base = issuer(config, tenant);
    PlatformEndpoints {
        authorization_url: format!("{base}/authorize"),
        token_url: format!("{}/token", services_base(config, tenant)),
        jwks_url: format!("{base}/jwks"),
        issuer: base,
    }
}

/// A one-time secret (256 random bits, URL-safe base64) and its hash, the only form Lyceum stores:
/// launch hints, deep-linking hints and tools' access tokens.
pub(crate) fn one_time_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    let secret = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes);
    let hash = crate::identity::tokens::hash(&secret);
    (secret, hash)
}
