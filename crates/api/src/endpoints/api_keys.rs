//! API keys: `GET/POST /v1/api-keys`, `DELETE /v1/api-keys/{id}`.

use lyceum_core::{identity::api_keys, pagination::PageRequest};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::Example,
    ApiResponse, Object, OpenApi,
};

use super::{auth::NoContent, views::list_type, Tag};
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct ApiKeysApi;

/// An API key (the secret itself is shown only when it is created).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ApiKeyView {
    pub id: uuid::Uuid,
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    pub scopes: Vec<String>,
    pub created_by: Option<uuid::Uuid>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl poem_openapi::types::Example for ApiKeyView {
    fn example() -> Self {
        ApiKeyView {
            id: super::views::example_ids::API_KEY,
            name: "LMS sync".into(),
            prefix: "lyc_live_Q2hlbWlz".into(),
            scopes: vec!["courses:read".into(), "courses:write".into()],
            created_by: Some(super::views::example_ids::OWNER),
            created_at: super::views::example_time("2026-10-10T12:00:00Z"),
            last_used_at: Some(super::views::example_time("2026-11-29T06:00:03Z")),
            revoked_at: None,
        }
    }
}

impl From<api_keys::ApiKey> for ApiKeyView {
    fn from(k: api_keys::ApiKey) -> Self {
        ApiKeyView {
            id: k.id.as_uuid(),
            name: k.name,
            prefix: k.prefix,
            scopes: k.scopes,
            created_by: k.created_by.map(|u| u.as_uuid()),
            created_at: k.created_at.into(),
            last_used_at: k.last_used_at.map(Into::into),
            revoked_at: k.revoked_at.map(Into::into),
        }
    }
}

list_type!(
    /// A page of API keys.
    ApiKeyList,
    ApiKeyView
);

/// A key to create.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    /// What the key is for (1-100 characters).
    pub name: String,
    /// Permissions the key carries, e.g. `courses:read`, `courses:write`, `users:read`, `users:write`,
    /// `enrollments:read`, `enrollments:write`, `billing:read`, `webhooks:write`, `audit:read`.
    pub scopes: Vec<String>,
}

impl Example for CreateApiKey {
    fn example() -> Self {
        CreateApiKey { name: "LMS sync".into(), scopes: vec!["courses:read".into(), "courses:write".into()] }
    }
}

/// The new key: `key` is the secret, shown only in this response.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct CreatedApiKey {
    pub id: uuid::Uuid,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The secret (`lyc_live_...`): store it now, Lyceum keeps only a hash.
    pub key: String,
}

impl poem_openapi::types::Example for CreatedApiKey {
    fn example() -> Self {
        CreatedApiKey {
            id: super::views::example_ids::API_KEY,
            name: "LMS sync".into(),
            prefix: "lyc_live_Q2hlbWlz".into(),
            scopes: vec!["courses:read".into(), "courses:write".into()],
            created_at: super::views::example_time("2026-10-10T12:00:00Z"),
            key: "lyc_live_Q2hlbWlzdHJ5MTAxX2xtc19zeW5jX2tleV9leGFtcGxlAZOkwlseDDqfECtNbo8KEQ".into(),
        }
    }
}

#[derive(ApiResponse)]
pub enum ApiKeyCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<CreatedApiKey>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum ApiKeyListResponse {
    /// A page of keys in creation order, revoked ones included.
    #[oai(status = 200)]
    Ok(Json<ApiKeyList>),
}

#[OpenApi(tag = "Tag::ApiKeys")]
impl ApiKeysApi {
    /// List API keys
    ///
    /// The institution's keys, revoked ones included. Owners and admins (signed in) only.
    #[oai(path = "/api-keys", method = "get", operation_id = "api_key_list")]
    async fn api_key_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<ApiKeyListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let page = api_keys::list_keys(&state.core, &auth.0, page).await?;
        Ok(ApiKeyListResponse::Ok(Json(page.map(ApiKeyView::from).into())))
    }

    /// Create an API key
    ///
    /// Creates a key with the given scopes and returns its secret once. Owners and admins (signed in)
    /// only; a key never carries a permission its creator lacks.
    #[oai(path = "/api-keys", method = "post", operation_id = "api_key_create")]
    async fn api_key_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of acting
        /// twice (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateApiKey>,
    ) -> Result<ApiKeyCreated, ApiError> {
        let created = api_keys::create(&state.core, &auth.0, &body.0.name, &body.0.scopes).await?;
        let k = created.key;
        Ok(ApiKeyCreated::Created(
            Json(CreatedApiKey {
                id: k.id.as_uuid(),
                name: k.name,
                prefix: k.prefix,
                scopes: k.scopes,
                created_at: k.created_at.into(),
                key: created.secret,
            }),
            format!("/v1/api-keys/{}", k.id),
        ))
    }

    /// Revoke an API key
    ///
    /// The key stops working at once. Revoking a revoked key changes nothing.
    #[oai(path = "/api-keys/:id", method = "delete", operation_id = "api_key_revoke")]
    async fn api_key_revoke(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        api_keys::revoke(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }
}
