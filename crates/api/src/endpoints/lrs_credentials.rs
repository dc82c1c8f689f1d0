//! LRS credentials: `GET/POST /v1/lrs-credentials`, `DELETE /v1/lrs-credentials/{id}`. The xAPI
//! learning record store at `/xapi` takes them as HTTP Basic (the key as user name, the secret as
//! password).

use lyceum_core::xapi::credentials;
use poem::web::Data;
use poem_openapi::{param::Path, payload::Json, types::Example, ApiResponse, Object, OpenApi};

use super::{auth::NoContent, views::list_type, Tag};
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct LrsCredentialsApi;

/// An LRS credential (its secret is shown only when it is created).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LrsCredentialView {
    pub id: uuid::Uuid,
    pub name: String,
    /// The user name of HTTP Basic at `/xapi`.
    pub key: String,
    /// `false`: the credential may only read statements and documents.
    pub can_write: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Example for LrsCredentialView {
    fn example() -> Self {
        LrsCredentialView {
            id: super::views::example_ids::API_KEY,
            name: "Authoring tool".into(),
            key: "lrs_0193a5b2c4d87e6f9a0b1c2d3e4f5a6b".into(),
            can_write: true,
            created_at: super::views::example_time("2026-12-06T12:00:00Z"),
            last_used_at: None,
        }
    }
}

impl From<credentials::Credential> for LrsCredentialView {
    fn from(c: credentials::Credential) -> Self {
        LrsCredentialView {
            id: c.id.as_uuid(),
            name: c.name,
            key: c.key,
            can_write: c.can_write,
            created_at: c.created_at.into(),
            last_used_at: c.last_used_at.map(Into::into),
        }
    }
}

list_type!(
    /// The institution's LRS credentials.
    LrsCredentialList,
    LrsCredentialView
);

/// A credential to create.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateLrsCredential {
    /// What the credential is for (1-100 characters); the `name` of its statements' `authority`.
    pub name: String,
    /// Whether it may write statements and documents (default `true`); `false` makes a read-only one.
    #[oai(default = "default_true")]
    #[serde(default = "default_true")]
    pub can_write: bool,
}

fn default_true() -> bool {
    true
}

impl Example for CreateLrsCredential {
    fn example() -> Self {
        CreateLrsCredential { name: "Authoring tool".into(), can_write: true }
    }
}

/// The new credential: `secret` is the HTTP Basic password, shown only in this response.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct CreatedLrsCredential {
    pub credential: LrsCredentialView,
    /// The secret (`lyl_...`): store it now, Lyceum keeps only a hash.
    pub secret: String,
    /// The LRS endpoint to give xAPI clients.
    pub endpoint: String,
}

impl Example for CreatedLrsCredential {
    fn example() -> Self {
        CreatedLrsCredential {
            credential: LrsCredentialView::example(),
            secret: "lyl_Q2hlbWlzdHJ5MTAxX2xyc19zZWNyZXRfZXhhbXBsZQAZOkwlseDDqfECtNbo8KEQ".into(),
            endpoint: "https://lyceum.example/xapi/".into(),
        }
    }
}

#[derive(ApiResponse)]
pub enum LrsCredentialCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<CreatedLrsCredential>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum LrsCredentialListResponse {
    /// The credentials in use, oldest first (one page: `next_cursor` is always null).
    #[oai(status = 200)]
    Ok(Json<LrsCredentialList>),
}

#[OpenApi(tag = "Tag::Xapi")]
impl LrsCredentialsApi {
    /// List LRS credentials
    ///
    /// The institution's credentials for its xAPI learning record store (`/xapi`), revoked ones
    /// left out. Owners and admins (`tenant:write`).
    #[oai(path = "/lrs-credentials", method = "get", operation_id = "lrs_credential_list")]
    async fn lrs_credential_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<LrsCredentialListResponse, ApiError> {
        let items = credentials::list(&state.core, &auth.0).await?;
        Ok(LrsCredentialListResponse::Ok(Json(LrsCredentialList {
            items: items.into_iter().map(LrsCredentialView::from).collect(),
            next_cursor: None,
        })))
    }

    /// Create an LRS credential
    ///
    /// A key and secret for the xAPI learning record store (HTTP Basic at `/xapi`), read-write or
    /// read-only; the secret is returned once. Owners and admins (`tenant:write`).
    #[oai(path = "/lrs-credentials", method = "post", operation_id = "lrs_credential_create")]
    async fn lrs_credential_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of acting
        /// twice (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateLrsCredential>,
    ) -> Result<LrsCredentialCreated, ApiError> {
        let created = credentials::create(&state.core, &auth.0, &body.0.name, body.0.can_write).await?;
        let id = created.credential.id;
        Ok(LrsCredentialCreated::Created(
            Json(CreatedLrsCredential {
                credential: created.credential.into(),
                secret: created.secret,
                endpoint: format!("{}/xapi/", state.config.server.public_url.trim_end_matches('/')),
            }),
            format!("/v1/lrs-credentials/{id}"),
        ))
    }

    /// Revoke an LRS credential
    ///
    /// The credential stops working at once, in every process.
    #[oai(path = "/lrs-credentials/:id", method = "delete", operation_id = "lrs_credential_revoke")]
    async fn lrs_credential_revoke(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        credentials::revoke(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }
}
