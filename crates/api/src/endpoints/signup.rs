//! `POST /v1/signup`: an institution creates its workspace.

use lyceum_core::tenants::{self, SignupInput};
use poem::web::{Data, RemoteAddr};
use poem_openapi::{payload::Json, types::Example, ApiResponse, Object, OpenApi};

use super::{
    views::{SessionView, TenantView, UserView},
    Tag,
};
use crate::{
    http::{auth::meta_from, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct SignupApi;

/// What an institution gives to sign up.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    /// The institution's name as learners should see it (1-200 characters).
    pub institution_name: String,
    /// URL-safe identifier, unique across Lyceum: 2-63 characters of `a-z`, `0-9` and `-`, not starting
    /// with `-` (`^[a-z0-9][a-z0-9-]{1,62}$`).
    pub slug: String,
    /// The owner's full name (1-200 characters).
    pub owner_name: String,
    /// The owner's email address; the welcome email goes there.
    pub owner_email: String,
    /// At least 12 characters.
    pub password: String,
    /// `trial` (the default, and the only plan a signup may name): paid plans are bought afterwards
    /// through `POST /v1/billing/checkout-session`.
    pub plan: Option<String>,
}

impl Example for SignupRequest {
    fn example() -> Self {
        SignupRequest {
            institution_name: "Acme University".into(),
            slug: "acme".into(),
            owner_name: "Ada Admin".into(),
            owner_email: "ada@acme.test".into(),
            password: "correct horse battery".into(),
            plan: Some("trial".into()),
        }
    }
}

/// The new institution, its owner, and a session for the owner.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct SignupResult {
    pub tenant: TenantView,
    pub user: UserView,
    pub session: SessionView,
}

impl Example for SignupResult {
    fn example() -> Self {
        let tenant = TenantView {
            status: "trialing".into(),
            plan: "trial".into(),
            seat_limit: 25,
            seats_used: 0,
            trial_ends_at: Some(super::views::example_time("2026-12-15T08:00:00Z")),
            created_at: super::views::example_time("2026-12-01T08:00:00Z"),
            updated_at: super::views::example_time("2026-12-01T08:00:00Z"),
            version: 1,
            branding: super::views::BrandingView { color: None, reply_to: None },
            ..TenantView::example()
        };
        let user = UserView {
            id: super::views::example_ids::OWNER,
            email: "ada@acme.test".into(),
            name: "Ada Admin".into(),
            role: "owner".into(),
            created_at: tenant.created_at,
            updated_at: tenant.created_at,
            last_login_at: None,
            ..UserView::example()
        };
        SignupResult { tenant, user, session: SessionView::example() }
    }
}

#[derive(ApiResponse)]
pub enum SignupResponse {
    /// The institution was created; the welcome email is on its way.
    #[oai(status = 201)]
    Created(Json<SignupResult>, #[oai(header = "Location")] String),
}

#[OpenApi(tag = "Tag::Signup")]
impl SignupApi {
    /// Sign up an institution
    ///
    /// Creates the institution (on a trial), its owner user and a first session, and sends the owner a
    /// welcome email. The slug must be free (409 `slug_taken` otherwise); every invalid field is listed in
    /// the 400 problem's `errors`. No credential needed.
    #[oai(path = "/signup", method = "post", operation_id = "signup_create")]
    async fn signup_create(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        body: JsonBody<SignupRequest>,
    ) -> Result<SignupResponse, ApiError> {
        let b = body.0;
        let outcome = tenants::signup(
            state.core.db(),
            SignupInput {
                institution_name: b.institution_name,
                slug: b.slug,
                owner_name: b.owner_name,
                owner_email: b.owner_email,
                password: b.password,
                plan: b.plan,
            },
            meta_from(remote),
        )
        .await?;
        Ok(SignupResponse::Created(
            Json(SignupResult {
                tenant: outcome.tenant.into(),
                user: outcome.user.into(),
                session: SessionView {
                    token: outcome.session.token,
                    expires_at: outcome.session.session.expires_at.into(),
                },
            }),
            "/v1/tenant".into(),
        ))
    }
}
