//! LTI 1.3 Advantage platform: `GET/POST /v1/lti/tools`, `GET/PATCH/DELETE /v1/lti/tools/{id}` and
//! `GET /v1/lti/keys`, `POST /v1/lti/keys/rotate` (owners and admins), and the institution's public
//! key set `GET /v1/lti/platforms/{tenant_id}/jwks` (no credential: tools fetch it).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use lyceum_core::lti::{
    self,
    keys::PlatformKey,
    tools::{NewTool, Tool, ToolChanges},
};
use poem::web::{Data, RemoteAddr};
use poem_openapi::{
    param::Path,
    payload::Json,
    types::{Example, MaybeUndefined},
    ApiResponse, Object, OpenApi,
};

use super::{auth::NoContent, views::etag, Tag};
use crate::{
    http::{auth::meta_from, auth::BearerAuth, if_match::IfMatch, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct LtiApi;

const EXAMPLE_SCORE_SCOPE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

/// An LTI 1.3 tool to register.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateLtiTool {
    /// Shown to staff when they add the tool to a course.
    pub name: String,
    /// The tool's OIDC login initiation URL (third-party initiated login).
    pub login_url: String,
    /// The tool's launch URL (`target_link_uri` of resource link launches).
    pub target_link_uri: String,
    /// The URIs the tool's authentication requests may name as `redirect_uri` (exact match); absent or
    /// empty: the target link URI only.
    pub redirect_uris: Option<Vec<String>>,
    /// The tool's public key set (preferred: the tool can rotate its keys).
    pub jwks_url: Option<String>,
    /// Or the tool's public RSA key as a JWK (`kty`, `n`, `e`, `kid`).
    pub public_jwk: Option<serde_json::Value>,
    /// The LTI Advantage service scopes the tool may obtain tokens for: Assignment and Grade Services
    /// (`.../lti-ags/scope/lineitem`, `lineitem.readonly`, `result.readonly`, `score`) and Names and
    /// Role Provisioning (`.../lti-nrps/scope/contextmembership.readonly`). Default none.
    pub scopes: Option<Vec<String>>,
    /// Whether staff may pick content in the tool (Deep Linking 2.0). Default false.
    pub deep_linking: Option<bool>,
    /// Custom parameters sent with every launch of the tool (names of letters, digits and `_`).
    pub custom: Option<BTreeMap<String, String>>,
    /// Default true.
    pub enabled: Option<bool>,
}

impl Example for CreateLtiTool {
    fn example() -> Self {
        CreateLtiTool {
            name: "Coding Lab".into(),
            login_url: "https://lab.example.com/lti/login".into(),
            target_link_uri: "https://lab.example.com/lti/launch".into(),
            redirect_uris: Some(vec!["https://lab.example.com/lti/launch".into()]),
            jwks_url: Some("https://lab.example.com/lti/jwks".into()),
            public_jwk: None,
            scopes: Some(vec![EXAMPLE_SCORE_SCOPE.into()]),
            deep_linking: Some(true),
            custom: Some(BTreeMap::from([("theme".into(), "dark".into())])),
            enabled: Some(true),
        }
    }
}

/// Changes to a tool; absent fields stay as they are. The client id and deployment id never change.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateLtiTool {
    pub name: Option<String>,
    pub login_url: Option<String>,
    pub target_link_uri: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    /// `null` removes it (the tool must then have a `public_jwk`).
    #[serde(default)]
    pub jwks_url: MaybeUndefined<String>,
    /// `null` removes it (the tool must then have a `jwks_url`).
    #[serde(default)]
    pub public_jwk: MaybeUndefined<serde_json::Value>,
    pub scopes: Option<Vec<String>>,
    pub deep_linking: Option<bool>,
    pub custom: Option<BTreeMap<String, String>>,
    pub enabled: Option<bool>,
}

impl Example for UpdateLtiTool {
    fn example() -> Self {
        UpdateLtiTool {
            name: None,
            login_url: None,
            target_link_uri: None,
            redirect_uris: None,
            jwks_url: MaybeUndefined::Undefined,
            public_jwk: MaybeUndefined::Undefined,
            scopes: Some(vec![]),
            deep_linking: None,
            custom: None,
            enabled: Some(false),
        }
    }
}

/// What to paste into the tool's configuration: Lyceum's side of the registration.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LtiPlatformSettings {
    /// The issuer (`iss`) of Lyceum's messages for this institution.
    pub issuer: String,
    /// The client id Lyceum issued to the tool.
    pub client_id: String,
    /// The deployment id of the tool in this institution.
    pub deployment_id: String,
    /// The OIDC authorization endpoint (the tool's authentication requests go here).
    pub authorization_url: String,
    /// The OAuth 2.0 token endpoint for the LTI Advantage services (client credentials with a signed
    /// JWT client assertion).
    pub token_url: String,
    /// Lyceum's public keys for this institution.
    pub jwks_url: String,
}

impl Example for LtiPlatformSettings {
    fn example() -> Self {
        let base = "https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001";
        LtiPlatformSettings {
            issuer: base.into(),
            client_id: "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9".into(),
            deployment_id: "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901".into(),
            authorization_url: format!("{base}/authorize"),
            token_url: format!("{base}/token"),
            jwks_url: format!("{base}/jwks"),
        }
    }
}

/// A registered LTI tool.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LtiToolView {
    pub id: uuid::Uuid,
    pub name: String,
    pub login_url: String,
    pub target_link_uri: String,
    pub redirect_uris: Vec<String>,
    pub jwks_url: Option<String>,
    pub public_jwk: Option<serde_json::Value>,
    pub scopes: Vec<String>,
    pub deep_linking: bool,
    pub custom: BTreeMap<String, String>,
    pub enabled: bool,
    /// Lyceum's side: client id, deployment id and endpoints, for the tool's configuration.
    pub platform: LtiPlatformSettings,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; compare with `If-Match`.
    pub version: i64,
}

impl Example for LtiToolView {
    fn example() -> Self {
        let c = CreateLtiTool::example();
        LtiToolView {
            id: uuid::uuid!("0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10"),
            name: c.name,
            login_url: c.login_url,
            target_link_uri: c.target_link_uri,
            redirect_uris: c.redirect_uris.unwrap_or_default(),
            jwks_url: c.jwks_url,
            public_jwk: None,
            scopes: c.scopes.unwrap_or_default(),
            deep_linking: true,
            custom: c.custom.unwrap_or_default(),
            enabled: true,
            platform: LtiPlatformSettings::example(),
            created_at: super::views::example_time("2026-12-13T09:00:00Z"),
            updated_at: super::views::example_time("2026-12-13T09:00:00Z"),
            version: 1,
        }
    }
}

fn view(t: Tool, tenant: lyceum_core::db::types::TenantId, state: &AppState) -> LtiToolView {
    let e = lti::endpoints(&state.config, tenant);
    LtiToolView {
        id: t.id.as_uuid(),
        name: t.name,
        login_url: t.login_url,
        target_link_uri: t.target_link_uri,
        redirect_uris: t.redirect_uris,
        jwks_url: t.jwks_url,
        public_jwk: t.public_jwk,
        scopes: t.scopes,
        deep_linking: t.deep_linking,
        custom: t.custom,
        enabled: t.enabled,
        platform: LtiPlatformSettings {
            issuer: e.issuer,
            client_id: t.client_id,
            deployment_id: t.deployment_id,
            authorization_url: e.authorization_url,
            token_url: e.token_url,
            jwks_url: e.jwks_url,
        },
        created_at: t.created_at.into(),
        updated_at: t.updated_at.into(),
        version: t.version,
    }
}

/// The institution's LTI tools.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LtiToolList {
    pub items: Vec<LtiToolView>,
}

impl Example for LtiToolList {
    fn example() -> Self {
        LtiToolList { items: vec![LtiToolView::example()] }
    }
}

/// One of the institution's platform keys.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LtiKeyView {
    pub id: uuid::Uuid,
    /// The public key (RS256) as a JWK.
    pub jwk: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// When a rotation retired it; retired keys stay in the JWKS for 7 days.
    pub retired_at: Option<DateTime<Utc>>,
}

impl Example for LtiKeyView {
    fn example() -> Self {
        LtiKeyView {
            id: uuid::uuid!("0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e11"),
            jwk: serde_json::json!({
                "kty": "RSA", "n": "u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_IzW7yWR7QkrmBL7jTKEn5u-qKhbwKfBstIs-bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW_VDL5AaWTg0nLVkjRo9z-40RQzuVaE8AkAFmxZzow3x-VJYKdjykkJ0iT9wCS0DRTXu269V264Vf_3jvredZiKRkgwlL9xNAwxXFg0x_XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC-9aGVd-Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw",
                "e": "AQAB", "kid": "0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e11", "alg": "RS256", "use": "sig"
            }),
            created_at: super::views::example_time("2026-12-13T09:00:00Z"),
            retired_at: None,
        }
    }
}

fn key_view(k: PlatformKey) -> LtiKeyView {
    LtiKeyView {
        id: k.id.as_uuid(),
        jwk: k.jwk,
        created_at: k.created_at.into(),
        retired_at: k.retired_at.map(Into::into),
    }
}

/// The institution's platform keys, newest first.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LtiKeyList {
    pub items: Vec<LtiKeyView>,
}

impl Example for LtiKeyList {
    fn example() -> Self {
        LtiKeyList { items: vec![LtiKeyView::example()] }
    }
}

/// A JSON Web Key Set (RFC 7517 §5).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct JsonWebKeySet {
    pub keys: Vec<serde_json::Value>,
}

impl Example for JsonWebKeySet {
    fn example() -> Self {
        JsonWebKeySet { keys: vec![LtiKeyView::example().jwk] }
    }
}

#[derive(ApiResponse)]
pub enum ToolListResponse {
    #[oai(status = 200)]
    Ok(Json<LtiToolList>),
}

#[derive(ApiResponse)]
pub enum ToolCreated {
    /// The tool is registered; configure it with `platform`.
    #[oai(status = 201)]
    Created(Json<LtiToolView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum ToolResponse {
    #[oai(status = 200)]
    Ok(Json<LtiToolView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum KeyListResponse {
    #[oai(status = 200)]
    Ok(Json<LtiKeyList>),
}

#[derive(ApiResponse)]
pub enum KeyRotated {
    /// The new key, which signs from now on.
    #[oai(status = 201)]
    Created(Json<LtiKeyView>),
}

#[derive(ApiResponse)]
pub enum JwksResponse {
    /// The keys that sign, and those retired in the last 7 days.
    #[oai(status = 200)]
    Ok(Json<JsonWebKeySet>, #[oai(header = "Cache-Control")] String),
}

#[OpenApi(tag = "Tag::Lti")]
impl LtiApi {
    /// List LTI tools
    ///
    /// The institution's LTI 1.3 tool registrations. Needs `tenant:write` (owners and admins).
    #[oai(path = "/lti/tools", method = "get", operation_id = "lti_tool_list")]
    async fn lti_tool_list(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<ToolListResponse, ApiError> {
        let tenant = auth.0.tenant_id();
        let items =
            lti::tools::list(&state.core, &auth.0).await?.into_iter().map(|t| view(t, tenant, &state)).collect();
        Ok(ToolListResponse::Ok(Json(LtiToolList { items })))
    }

    /// Register an LTI tool
    ///
    /// Lyceum issues the tool's client id and deployment id; the answer's `platform` holds what to
    /// paste into the tool's configuration (issuer, client id, deployment id, authorization, token and
    /// JWKS URLs). URLs must be https. Needs `tenant:write`.
    #[oai(path = "/lti/tools", method = "post", operation_id = "lti_tool_create")]
    async fn lti_tool_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateLtiTool>,
    ) -> Result<ToolCreated, ApiError> {
        let b = body.0;
        let input = NewTool {
            name: b.name,
            login_url: b.login_url,
            target_link_uri: b.target_link_uri,
            redirect_uris: b.redirect_uris.unwrap_or_default(),
            jwks_url: b.jwks_url,
            public_jwk: b.public_jwk,
            scopes: b.scopes.unwrap_or_default(),
            deep_linking: b.deep_linking.unwrap_or(false),
            custom: b.custom.unwrap_or_default(),
            enabled: b.enabled,
        };
        let t = lti::tools::create(&state.core, &state.config, &auth.0, input).await?;
        let tag = etag(t.version);
        Ok(ToolCreated::Created(Json(view(t, auth.0.tenant_id(), &state)), tag))
    }

    /// View an LTI tool
    #[oai(path = "/lti/tools/:id", method = "get", operation_id = "lti_tool_view")]
    async fn lti_tool_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ToolResponse, ApiError> {
        let t = lti::tools::get(&state.core, &auth.0, id.0.into()).await?;
        let tag = etag(t.version);
        Ok(ToolResponse::Ok(Json(view(t, auth.0.tenant_id(), &state)), tag))
    }

    /// Update an LTI tool
    ///
    /// With `If-Match`, a stale version is 412. A disabled tool cannot launch or obtain tokens. Needs
    /// `tenant:write`.
    #[oai(path = "/lti/tools/:id", method = "patch", operation_id = "lti_tool_update")]
    async fn lti_tool_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `version` you last saw (as an ETag); the update fails with 412 if the tool changed.
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateLtiTool>,
    ) -> Result<ToolResponse, ApiError> {
        let b = body.0;
        let changes = ToolChanges {
            name: b.name,
            login_url: b.login_url,
            target_link_uri: b.target_link_uri,
            redirect_uris: b.redirect_uris,
            jwks_url: maybe(b.jwks_url),
            public_jwk: maybe(b.public_jwk),
            scopes: b.scopes,
            deep_linking: b.deep_linking,
            custom: b.custom,
            enabled: b.enabled,
        };
        let t = lti::tools::update(&state.core, &state.config, &auth.0, id.0.into(), changes, if_match.0).await?;
        let tag = etag(t.version);
        Ok(ToolResponse::Ok(Json(view(t, auth.0.tenant_id(), &state)), tag))
    }

    /// Delete an LTI tool
    ///
    /// The tool can no longer launch or obtain tokens. Needs `tenant:write`.
    #[oai(path = "/lti/tools/:id", method = "delete", operation_id = "lti_tool_delete")]
    async fn lti_tool_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        lti::tools::delete(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// List the platform keys
    ///
    /// Lyceum's RS256 keys for the institution's LTI messages, newest first, retired ones included.
    /// Needs `tenant:write`.
    #[oai(path = "/lti/keys", method = "get", operation_id = "lti_key_list")]
    async fn lti_key_list(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<KeyListResponse, ApiError> {
        let items = lti::keys::list(&state.core, &auth.0).await?.into_iter().map(key_view).collect();
        Ok(KeyListResponse::Ok(Json(LtiKeyList { items })))
    }

    /// Rotate the platform key
    ///
    /// A new key signs from now on. The previous keys are retired but stay in the key set for 7 days,
    /// so launches in flight and tools' cached key sets keep verifying. Needs `tenant:write`.
    #[oai(path = "/lti/keys/rotate", method = "post", operation_id = "lti_key_rotate")]
    async fn lti_key_rotate(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<KeyRotated, ApiError> {
        let key = lti::keys::rotate(&state.core, &auth.0).await?;
        Ok(KeyRotated::Created(Json(key_view(key))))
    }

    /// The platform's public keys
    ///
    /// The institution's JSON Web Key Set: tools check Lyceum's ID tokens and deep-linking requests
    /// with it. No credential needed. An unknown institution is 404.
    #[oai(path = "/lti/platforms/:tenant_id/jwks", method = "get", operation_id = "lti_platform_jwks")]
    async fn lti_platform_jwks(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        /// The institution's id (as in the issuer).
        tenant_id: Path<uuid::Uuid>,
    ) -> Result<JwksResponse, ApiError> {
        let set = lti::keys::jwks(&state.core, tenant_id.0.into(), meta_from(remote)).await?;
        let keys = set["keys"].as_array().cloned().unwrap_or_default();
        Ok(JwksResponse::Ok(Json(JsonWebKeySet { keys }), "public, max-age=60".into()))
    }
}

fn maybe<T>(m: MaybeUndefined<T>) -> Option<Option<T>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}
