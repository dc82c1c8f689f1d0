//! Users: `GET/POST /v1/users`, `GET/PATCH/DELETE /v1/users/{id}`, `POST /v1/users/{id}/invite`, and
//! `GET /v1/me`.

use lyceum_core::{
    identity::{
        manage::{self, CreateUserInput, UpdateUserInput},
        users::{Role, UserFilter, UserStatus},
    },
    pagination::PageRequest,
    Error,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::{Example, MaybeUndefined},
    ApiResponse, Object, OpenApi,
};

use super::{
    auth::NoContent,
    views::{etag, UserList, UserView},
    Tag,
};
use crate::http::if_match::IfMatch;
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct UsersApi;

/// A user to create: with `password` the user is active at once; otherwise `invited`, and
/// `send_invite` emails them a link to choose a password.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub email: String,
    pub name: String,
    /// `owner` (owners only), `admin`, `instructor` or `learner`.
    pub role: String,
    /// Email an invitation (only for users created without a password). Default true.
    pub send_invite: Option<bool>,
    /// An initial password (at least 12 characters) instead of an invitation.
    pub password: Option<String>,
    /// Your own key for the person (a student information system's), unique in the institution.
    pub external_id: Option<String>,
}

impl Example for CreateUser {
    fn example() -> Self {
        CreateUser {
            email: "lin@acme.test".into(),
            name: "Lin Learner".into(),
            role: "learner".into(),
            send_invite: Some(true),
            password: None,
            external_id: Some("S-2026-0042".into()),
        }
    }
}

/// Fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    pub name: Option<String>,
    /// `owner`, `admin`, `instructor` or `learner`. Only owners grant or take the owner role.
    pub role: Option<String>,
    /// `active` or `disabled` (a disabled user's sessions stop working at once).
    pub status: Option<String>,
    /// Your own key for the person, unique in the institution; `null` clears it.
    #[serde(default)]
    pub external_id: MaybeUndefined<String>,
}

impl poem_openapi::types::Example for UpdateUser {
    fn example() -> Self {
        UpdateUser { name: None, role: Some("instructor".into()), status: None, external_id: MaybeUndefined::Undefined }
    }
}

#[derive(ApiResponse)]
pub enum UserResponse {
    /// The user.
    #[oai(status = 200)]
    Ok(Json<UserView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum UserCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<UserView>, #[oai(header = "Location")] String, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum UserListResponse {
    /// A page of users in creation order.
    #[oai(status = 200)]
    Ok(Json<UserList>),
}

#[derive(ApiResponse)]
pub enum InviteSent {
    /// The invitation email is on its way.
    #[oai(status = 202)]
    Accepted,
}

fn user_response(u: lyceum_core::identity::User) -> UserResponse {
    let tag = etag(u.version);
    UserResponse::Ok(Json(u.into()), tag)
}

/// A CSV of people to import.
#[derive(poem_openapi::ApiRequest)]
pub enum UserImportBody {
    /// `email,name[,role]` rows, UTF-8, up to 10,000 (a first row `email,name,role` is a header).
    /// `role`: `admin`, `instructor` or `learner` (default).
    #[oai(content_type = "text/csv")]
    Csv(poem_openapi::payload::PlainText<String>),
}

#[OpenApi(tag = "Tag::Users")]
impl UsersApi {
    /// Import users from CSV
    ///
    /// Answers 202 with an operation; a worker creates the new people as `invited` (and emails their
    /// invitations unless `send_invites=false`). `GET /v1/operations/{id}` reports progress and every
    /// row that failed, with its CSV line (`invalid`, `duplicate`); people already there are `skipped`, so
    /// repeating an import is harmless. Needs `users:write`.
    #[oai(path = "/users/import", method = "post", operation_id = "user_import")]
    async fn user_import(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Email each new person an invitation (default true).
        send_invites: Query<Option<bool>>,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: UserImportBody,
    ) -> Result<super::enrollments::Accepted, ApiError> {
        let UserImportBody::Csv(csv) = body;
        let op =
            lyceum_core::identity::import::start(&state.core, &auth.0, &csv.0, send_invites.0.unwrap_or(true)).await?;
        Ok(super::enrollments::Accepted::Accepted(Json((&op).into()), format!("/v1/operations/{}", op.id)))
    }

    /// List users
    ///
    /// The institution's users in creation order, filtered by `role`, `status` and `q` (a
    /// case-insensitive part of the name or email). Needs `users:read`.
    #[oai(path = "/users", method = "get", operation_id = "user_list")]
    async fn user_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Only users with this role.
        role: Query<Option<String>>,
        /// Only users with this status (`invited`, `active`, `disabled`).
        status: Query<Option<String>>,
        /// Part of the name or email (case-insensitive).
        q: Query<Option<String>>,
        /// Only the user with this external id.
        external_id: Query<Option<String>>,
    ) -> Result<UserListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let role = match role.0.as_deref() {
            None => None,
            Some(r) => Some(
                Role::parse(r).ok_or_else(|| Error::invalid("role", "must be owner, admin, instructor or learner"))?,
            ),
        };
        let status = match status.0.as_deref() {
            None => None,
            Some(s) => Some(
                UserStatus::parse(s).ok_or_else(|| Error::invalid("status", "must be invited, active or disabled"))?,
            ),
        };
        let filter = UserFilter {
            role,
            status,
            q: q.0.filter(|s| !s.is_empty()),
            external_id: external_id.0,
            ..Default::default()
        };
        let page = manage::list_users(&state.core, &auth.0, filter, page).await?;
        Ok(UserListResponse::Ok(Json(page.map(UserView::from).into())))
    }

    /// Create a user
    ///
    /// Adds a user to the institution, either with an initial password or as `invited` with an emailed
    /// invitation. Needs `users:write`; only owners create owners. 409 `email_taken` if the email is in use.
    #[oai(path = "/users", method = "post", operation_id = "user_create")]
    async fn user_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of acting
        /// twice (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateUser>,
    ) -> Result<UserCreated, ApiError> {
        let b = body.0;
        let user = manage::create_user(
            &state.core,
            &auth.0,
            CreateUserInput {
                email: b.email,
                name: b.name,
                role: b.role,
                send_invite: b.send_invite.unwrap_or(true),
                password: b.password,
                external_id: b.external_id,
            },
        )
        .await?;
        let location = format!("/v1/users/{}", user.id);
        let tag = etag(user.version);
        Ok(UserCreated::Created(Json(user.into()), location, tag))
    }

    /// View a user
    ///
    /// Anyone may view themselves; other users need `users:read`. The `ETag` is the user's version,
    /// for `If-Match` on update.
    #[oai(path = "/users/:id", method = "get", operation_id = "user_view")]
    async fn user_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<UserResponse, ApiError> {
        let user = manage::view_user(&state.core, &auth.0, id.0.into()).await?;
        Ok(user_response(user))
    }

    /// Update a user
    ///
    /// Changes name, role or status. Users may rename themselves; anything else needs `users:write`. The
    /// last active owner can be neither demoted nor disabled (409 `last_owner`). With `If-Match`, a stale
    /// version answers 412.
    #[oai(path = "/users/:id", method = "patch", operation_id = "user_update")]
    async fn user_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `ETag` you last saw; the update fails with 412 if the user changed since.
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateUser>,
    ) -> Result<UserResponse, ApiError> {
        let expected = if_match.0;
        let b = body.0;
        let user = manage::update_user(
            &state.core,
            &auth.0,
            id.0.into(),
            UpdateUserInput {
                name: b.name,
                role: b.role,
                status: b.status,
                external_id: match b.external_id {
                    MaybeUndefined::Undefined => None,
                    MaybeUndefined::Null => Some(None),
                    MaybeUndefined::Value(x) => Some(Some(x)),
                },
            },
            expected,
        )
        .await?;
        Ok(user_response(user))
    }

    /// Delete a user
    ///
    /// Removes the user; their sessions end at once. Needs `users:write`; the last active owner cannot be
    /// deleted (409 `last_owner`).
    #[oai(path = "/users/:id", method = "delete", operation_id = "user_delete")]
    async fn user_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        manage::delete_user(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// Re-send an invitation
    ///
    /// Emails a fresh invitation to a user who has not accepted one yet (409 `not_invited` otherwise).
    #[oai(path = "/users/:id/invite", method = "post", operation_id = "user_invite")]
    async fn user_invite(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of acting
        /// twice (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        id: Path<uuid::Uuid>,
    ) -> Result<InviteSent, ApiError> {
        manage::resend_invitation(&state.core, &auth.0, id.0.into()).await?;
        Ok(InviteSent::Accepted)
    }
}

/// Who is calling.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Me {
    /// `user` or `api_key`.
    pub actor_type: String,
    /// The signed-in user (absent for API keys).
    pub user: Option<UserView>,
    /// The API key's id (absent for users).
    pub api_key_id: Option<uuid::Uuid>,
    pub tenant_id: uuid::Uuid,
    /// What this credential may do.
    pub permissions: Vec<String>,
}

impl poem_openapi::types::Example for Me {
    fn example() -> Self {
        Me {
            actor_type: "user".into(),
            user: Some(UserView::example()),
            api_key_id: None,
            tenant_id: super::views::example_ids::TENANT,
            permissions: vec![
                "courses:read".into(),
                "enrollments:read".into(),
                "progress:write".into(),
                "certificates:read".into(),
            ],
        }
    }
}

#[derive(ApiResponse)]
pub enum MeResponse {
    /// The caller.
    #[oai(status = 200)]
    Ok(Json<Me>),
}

pub struct MeApi;

#[OpenApi(tag = "Tag::Users")]
impl MeApi {
    /// Who am I
    ///
    /// The user (or API key) behind the credential, and its permissions.
    #[oai(path = "/me", method = "get", operation_id = "me_view")]
    async fn me_view(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<MeResponse, ApiError> {
        let scope = &auth.0;
        let permissions = scope.permissions().names().into_iter().map(String::from).collect();
        let me = match scope.actor() {
            lyceum_core::Actor::User { user_id, .. } => {
                let user = manage::view_user(&state.core, scope, *user_id).await?;
                Me {
                    actor_type: "user".into(),
                    user: Some(user.into()),
                    api_key_id: None,
                    tenant_id: scope.tenant_id().as_uuid(),
                    permissions,
                }
            }
            lyceum_core::Actor::ApiKey { api_key_id } => Me {
                actor_type: "api_key".into(),
                user: None,
                api_key_id: Some(api_key_id.as_uuid()),
                tenant_id: scope.tenant_id().as_uuid(),
                permissions,
            },
            _ => return Err(Error::Unauthenticated.into()),
        };
        Ok(MeResponse::Ok(Json(me)))
    }
}
