//! Single sign-on: `GET/POST /v1/identity-providers`, `GET/PATCH/DELETE /v1/identity-providers/{id}`
//! (owners and admins), and the browser flow `GET /v1/auth/sso/{tenant_slug}/start` and
//! `GET /v1/auth/sso/callback` (the code exchange is `POST /v1/auth/sso/exchange`, in `auth`).

use chrono::{DateTime, Utc};
use lyceum_core::identity::sso::{self, IdentityProvider, NewProvider, ProviderChanges};
use poem::web::{Data, RemoteAddr};
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::{Example, MaybeUndefined},
    ApiResponse, Object, OpenApi,
};

use super::{auth::NoContent, views::etag, Tag};
use crate::{
    http::{auth::meta_from, auth::BearerAuth, if_match::IfMatch, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct IdentityProvidersApi;

/// An OpenID Connect provider to sign the institution's people in.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateIdentityProvider {
    /// Shown on the sign-in page's button ("Sign in with ...").
    pub name: String,
    /// The provider's issuer (https); its configuration is read from `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    /// The client id the provider issued for Lyceum. Register Lyceum's redirect URI,
    /// `{public URL}/v1/auth/sso/callback`, with the provider.
    pub client_id: String,
    /// The client secret (write-only: never returned).
    pub client_secret: String,
    /// Scopes to request besides `openid` (default `email profile`).
    pub scopes: Option<Vec<String>>,
    /// Email domains whose people may sign in (empty or absent: any).
    pub allowed_domains: Option<Vec<String>>,
    /// Where people may be sent after signing in (the `return_to` of the start URL): exact URLs, or
    /// prefixes ending with `/`. The institution's hosted pages are always allowed.
    pub return_urls: Option<Vec<String>>,
    /// The role of people who sign in for the first time without an account: `learner`, `instructor` or
    /// `admin`; absent or `null`: nobody is created (people must exist, matched by verified email).
    pub create_role: Option<String>,
    /// Default true.
    pub enabled: Option<bool>,
}

impl Example for CreateIdentityProvider {
    fn example() -> Self {
        CreateIdentityProvider {
            name: "Acme Entra ID".into(),
            issuer: "https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0".into(),
            client_id: "5b8e1f2a-lyceum".into(),
            client_secret: "s3cr3t-from-the-provider".into(),
            scopes: Some(vec!["email".into(), "profile".into()]),
            allowed_domains: Some(vec!["acme.edu".into()]),
            return_urls: Some(vec!["https://learn.acme.edu/sso/done".into()]),
            create_role: Some("learner".into()),
            enabled: Some(true),
        }
    }
}

/// Changes to an identity provider; absent fields stay as they are.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateIdentityProvider {
    pub name: Option<String>,
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    /// A new client secret (write-only).
    pub client_secret: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub allowed_domains: Option<Vec<String>>,
    pub return_urls: Option<Vec<String>>,
    /// `null` stops creating people on first sign-in.
    #[serde(default)]
    pub create_role: MaybeUndefined<String>,
    pub enabled: Option<bool>,
}

impl Example for UpdateIdentityProvider {
    fn example() -> Self {
        UpdateIdentityProvider {
            name: None,
            issuer: None,
            client_id: None,
            client_secret: Some("a-rotated-secret".into()),
            scopes: None,
            allowed_domains: Some(vec!["acme.edu".into(), "students.acme.edu".into()]),
            return_urls: None,
            create_role: MaybeUndefined::Null,
            enabled: None,
        }
    }
}

/// An identity provider (the client secret is never shown).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct IdentityProviderView {
    pub id: uuid::Uuid,
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    /// Requested scopes, `openid` first.
    pub scopes: Vec<String>,
    pub allowed_domains: Vec<String>,
    pub return_urls: Vec<String>,
    pub create_role: Option<String>,
    pub enabled: bool,
    /// Register this with the provider as the redirect URI.
    pub redirect_uri: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; compare with `If-Match`.
    pub version: i64,
}

impl Example for IdentityProviderView {
    fn example() -> Self {
        IdentityProviderView {
            id: uuid::uuid!("0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e0f"),
            name: "Acme Entra ID".into(),
            issuer: "https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0".into(),
            client_id: "5b8e1f2a-lyceum".into(),
            scopes: vec!["openid".into(), "email".into(), "profile".into()],
            allowed_domains: vec!["acme.edu".into()],
            return_urls: vec!["https://learn.acme.edu/sso/done".into()],
            create_role: Some("learner".into()),
            enabled: true,
            redirect_uri: "https://lyceum.example/v1/auth/sso/callback".into(),
            created_at: super::views::example_time("2026-12-01T09:00:00Z"),
            updated_at: super::views::example_time("2026-12-01T09:00:00Z"),
            version: 1,
        }
    }
}

fn view(p: IdentityProvider, state: &AppState) -> IdentityProviderView {
    IdentityProviderView {
        id: p.id.as_uuid(),
        name: p.name,
        issuer: p.issuer,
        client_id: p.client_id,
        scopes: p.scopes,
        allowed_domains: p.allowed_domains,
        return_urls: p.return_urls,
        create_role: p.create_role.map(|r| r.as_str().to_string()),
        enabled: p.enabled,
        redirect_uri: sso::callback_url(&state.config),
        created_at: p.created_at.into(),
        updated_at: p.updated_at.into(),
        version: p.version,
    }
}

/// The institution's identity providers.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct IdentityProviderList {
    pub items: Vec<IdentityProviderView>,
}

impl Example for IdentityProviderList {
    fn example() -> Self {
        IdentityProviderList { items: vec![IdentityProviderView::example()] }
    }
}

#[derive(ApiResponse)]
pub enum ProviderListResponse {
    #[oai(status = 200)]
    Ok(Json<IdentityProviderList>),
}

#[derive(ApiResponse)]
pub enum ProviderCreated {
    /// The provider is registered.
    #[oai(status = 201)]
    Created(Json<IdentityProviderView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum ProviderResponse {
    #[oai(status = 200)]
    Ok(Json<IdentityProviderView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum Redirect {
    /// On to the identity provider (start) or back to `return_to` with `code` (callback).
    #[oai(status = 302)]
    Found(#[oai(header = "Location")] String, #[oai(header = "Cache-Control")] String),
}

fn found(url: String) -> Redirect {
    Redirect::Found(url, "no-store".into())
}

#[OpenApi(tag = "Tag::Auth")]
impl IdentityProvidersApi {
    /// List identity providers
    ///
    /// The institution's OpenID Connect providers. Needs `tenant:write` (owners and admins).
    #[oai(path = "/identity-providers", method = "get", operation_id = "identity_provider_list")]
    async fn identity_provider_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<ProviderListResponse, ApiError> {
        let items = sso::list(&state.core, &auth.0).await?.into_iter().map(|p| view(p, &state)).collect();
        Ok(ProviderListResponse::Ok(Json(IdentityProviderList { items })))
    }

    /// Register an identity provider
    ///
    /// Adds an OpenID Connect provider people of the institution can sign in with. The issuer must be
    /// https; register the `redirect_uri` of the answer with the provider. Needs `tenant:write`.
    #[oai(path = "/identity-providers", method = "post", operation_id = "identity_provider_create")]
    async fn identity_provider_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateIdentityProvider>,
    ) -> Result<ProviderCreated, ApiError> {
        let b = body.0;
        let input = NewProvider {
            name: b.name,
            issuer: b.issuer,
            client_id: b.client_id,
            client_secret: b.client_secret,
            scopes: b.scopes,
            allowed_domains: b.allowed_domains.unwrap_or_default(),
            return_urls: b.return_urls.unwrap_or_default(),
            create_role: b.create_role,
            enabled: b.enabled,
        };
        let p = sso::create(&state.core, &state.config, &auth.0, input).await?;
        let tag = etag(p.version);
        Ok(ProviderCreated::Created(Json(view(p, &state)), tag))
    }

    /// View an identity provider
    #[oai(path = "/identity-providers/:id", method = "get", operation_id = "identity_provider_view")]
    async fn identity_provider_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ProviderResponse, ApiError> {
        let p = sso::get(&state.core, &auth.0, id.0.into()).await?;
        let tag = etag(p.version);
        Ok(ProviderResponse::Ok(Json(view(p, &state)), tag))
    }

    /// Update an identity provider
    ///
    /// With `If-Match`, a stale version is 412. Needs `tenant:write`.
    #[oai(path = "/identity-providers/:id", method = "patch", operation_id = "identity_provider_update")]
    async fn identity_provider_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `version` you last saw (as an ETag); the update fails with 412 if the provider changed.
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateIdentityProvider>,
    ) -> Result<ProviderResponse, ApiError> {
        let b = body.0;
        let changes = ProviderChanges {
            name: b.name,
            issuer: b.issuer,
            client_id: b.client_id,
            client_secret: b.client_secret,
            scopes: b.scopes,
            allowed_domains: b.allowed_domains,
            return_urls: b.return_urls,
            create_role: match b.create_role {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(r) => Some(Some(r)),
            },
            enabled: b.enabled,
        };
        let p = sso::update(&state.core, &state.config, &auth.0, id.0.into(), changes, if_match.0).await?;
        let tag = etag(p.version);
        Ok(ProviderResponse::Ok(Json(view(p, &state)), tag))
    }

    /// Delete an identity provider
    ///
    /// People keep their accounts; the links of the provider's subjects to them are removed.
    #[oai(path = "/identity-providers/:id", method = "delete", operation_id = "identity_provider_delete")]
    async fn identity_provider_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        sso::delete(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// Start single sign-on
    ///
    /// For browsers: redirects (302) to the institution's identity provider (authorization code flow
    /// with PKCE, `state` and `nonce`). After the person signs in there, the provider returns to
    /// `/v1/auth/sso/callback`, which redirects to `return_to` with a one-time `code` to exchange at
    /// `POST /v1/auth/sso/exchange`. `return_to` must be one of the provider's return URLs (or a hosted
    /// page of the institution). An unknown or disabled provider is 404. No credential needed.
    #[oai(path = "/auth/sso/:tenant_slug/start", method = "get", operation_id = "auth_sso_start")]
    async fn auth_sso_start(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        /// The institution's slug.
        tenant_slug: Path<String>,
        /// The identity provider's id.
        provider: Query<uuid::Uuid>,
        /// Where to send the person afterwards, with `code`.
        return_to: Query<String>,
    ) -> Result<Redirect, ApiError> {
        let url =
            sso::start(&state.core, &state.config, &tenant_slug.0, provider.0.into(), &return_to.0, meta_from(remote))
                .await?;
        Ok(found(url))
    }

    /// Single sign-on callback
    ///
    /// Where identity providers send people back (register it as the redirect URI). Validates the ID
    /// token (signature from the provider's keys, issuer, audience, expiry, nonce), finds the person by
    /// the provider's subject (linking a verified email on first sign-in; creating them when the provider
    /// allows it and a seat is free) and redirects to the sign-in's `return_to` with a one-time `code`.
    /// Every failure is a problem and signs no one in: 400 for a missing, used or expired `state`;
    /// 422 `sso_denied`, `sso_failed`, `sso_invalid_token` or `sso_email_unverified`; 403
    /// `sso_domain_not_allowed`, `sso_no_account`, `sso_link_refused` (an owner is never linked by email),
    /// `user_disabled`; 402 `seat_limit_reached`.
    #[oai(path = "/auth/sso/callback", method = "get", operation_id = "auth_sso_callback")]
    async fn auth_sso_callback(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        /// The `state` Lyceum sent.
        #[oai(name = "state")]
        sso_state: Query<Option<String>>,
        /// The authorization code.
        code: Query<Option<String>>,
        /// The provider's error, when it did not sign the person in.
        error: Query<Option<String>>,
        error_description: Query<Option<String>>,
        /// The issuer (RFC 9207); checked against the provider's.
        iss: Query<Option<String>>,
    ) -> Result<Redirect, ApiError> {
        let cb = sso::Callback {
            state: sso_state.0,
            code: code.0,
            error: error.0,
            error_description: error_description.0,
            iss: iss.0,
        };
        let url = sso::callback(&state.core, &state.config, cb, meta_from(remote)).await?;
        Ok(found(url))
    }
}
