//! LTI resource link launches: `POST /v1/lessons/{id}/lti-launch` (the person signed in) and the
//! institution's OIDC authorization endpoint `GET/POST /v1/lti/platforms/{tenant_id}/authorize` (no
//! credential: the launch's one-time hint).

use chrono::{DateTime, Utc};
use lyceum_core::lti;
use poem::web::{Data, RemoteAddr};
use poem_openapi::{
    param::{Path, Query},
    payload::{Form, Html, Json},
    types::Example,
    ApiResponse, Object, OpenApi,
};

use super::Tag;
use crate::{
    http::{auth::meta_from, auth::BearerAuth, problem::ApiError},
    AppState,
};

/// Where the browser goes to launch the lesson's tool.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LtiLaunchView {
    /// The tool's login initiation URL with the launch's parameters: open it (GET) in the browser,
    /// typically in an iframe. It works once, within `expires_at`.
    pub url: String,
    pub tool_id: uuid::Uuid,
    pub expires_at: DateTime<Utc>,
}

impl Example for LtiLaunchView {
    fn example() -> Self {
        LtiLaunchView {
            url: "https://lab.example.com/lti/login?iss=https%3A%2F%2Flyceum.example%2Fv1%2Flti%2Fplatforms%2F0193c0de-0000-7000-8000-000000000001&login_hint=0193c0de-0000-7000-8000-0000000000a1&target_link_uri=https%3A%2F%2Flab.example.com%2Flti%2Flaunch&lti_message_hint=q3Z8...&client_id=6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9&lti_deployment_id=2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901".into(),
            tool_id: uuid::uuid!("0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10"),
            expires_at: super::views::example_time("2026-12-13T09:05:00Z"),
        }
    }
}

/// Which tool to pick content in.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LtiDeepLinkInput {
    /// One of the institution's tools registered with `deep_linking: true`.
    pub tool_id: uuid::Uuid,
}

impl Example for LtiDeepLinkInput {
    fn example() -> Self {
        LtiDeepLinkInput { tool_id: uuid::uuid!("0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10") }
    }
}

/// An OIDC authentication request of an LTI tool (sent as a form).
#[derive(Debug, Clone, Object, serde::Deserialize)]
pub struct LtiAuthRequest {
    pub scope: Option<String>,
    pub response_type: Option<String>,
    pub response_mode: Option<String>,
    pub prompt: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub login_hint: Option<String>,
    pub lti_message_hint: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
}

impl From<LtiAuthRequest> for lti::launch::AuthRequest {
    fn from(r: LtiAuthRequest) -> Self {
        lti::launch::AuthRequest {
            scope: r.scope,
            response_type: r.response_type,
            response_mode: r.response_mode,
            prompt: r.prompt,
            client_id: r.client_id,
            redirect_uri: r.redirect_uri,
            login_hint: r.login_hint,
            lti_message_hint: r.lti_message_hint,
            state: r.state,
            nonce: r.nonce,
        }
    }
}

#[derive(ApiResponse)]
pub enum LaunchResponse {
    /// The launch is ready: open `url`.
    #[oai(status = 200)]
    Ok(Json<LtiLaunchView>, #[oai(header = "Cache-Control")] String),
}

#[derive(ApiResponse)]
pub enum FormPost {
    /// A page that posts `id_token` (and the tool's `state`) to the redirect URI.
    #[oai(status = 200)]
    Ok(Html<String>, #[oai(header = "Cache-Control")] String, #[oai(header = "Referrer-Policy")] String),
}

fn form_post(a: lti::launch::Authorized) -> FormPost {
    FormPost::Ok(Html(lti::launch::form_post(&a)), "no-store".into(), "no-referrer".into())
}

#[OpenApi(tag = "Tag::Lti")]
impl LtiLaunchApi {
    /// Launch a lesson's LTI tool
    ///
    /// For the person signed in: a learner enrolled in the course, or staff who edit it. Records the
    /// launch (once, within 5 minutes) and answers the tool's login initiation URL; a learner's lesson
    /// is then started. The tool comes back to the institution's authorization endpoint, which posts the
    /// signed ID token to the tool. 409 `lesson_not_lti` for a lesson of another kind,
    /// `lti_tool_disabled`; 403 `not_enrolled`.
    #[oai(path = "/lessons/:id/lti-launch", method = "post", operation_id = "lti_lesson_launch")]
    async fn lti_lesson_launch(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<LaunchResponse, ApiError> {
        let s = lti::launch::start(&state.core, &state.config, &auth.0, id.0.into()).await?;
        Ok(LaunchResponse::Ok(
            Json(LtiLaunchView { url: s.url, tool_id: s.tool_id.as_uuid(), expires_at: s.expires_at.into() }),
            "no-store".into(),
        ))
    }

    /// Pick content for a module in an LTI tool (Deep Linking 2.0)
    ///
    /// For staff who may edit the course. Records the request and answers the tool's login initiation
    /// URL: open it in the browser; the tool shows its content picker and posts the chosen items back to
    /// Lyceum, which adds them as `lti` lessons at the end of the module (with their line items when the
    /// tool asks). The login must come back within 5 minutes, the chosen items within 60. 409
    /// `lti_deep_linking_off` for a tool not registered for deep linking, `lti_tool_disabled`.
    #[oai(path = "/modules/:id/lti-deep-link", method = "post", operation_id = "lti_module_deep_link")]
    async fn lti_module_deep_link(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: Json<LtiDeepLinkInput>,
    ) -> Result<LaunchResponse, ApiError> {
        let s =
            lti::deep_linking::start(&state.core, &state.config, &auth.0, id.0.into(), body.0.tool_id.into()).await?;
        Ok(LaunchResponse::Ok(
            Json(LtiLaunchView { url: s.url, tool_id: s.tool_id.as_uuid(), expires_at: s.expires_at.into() }),
            "no-store".into(),
        ))
    }

    /// The platform's authorization endpoint (query)
    ///
    /// Where a tool sends its OIDC authentication request during a launch (LTI Security Framework
    /// 1.0 §5.1.1.2). Checks it, uses the launch up, and answers a page that posts the signed ID token to
    /// the tool's redirect URI with its `state`. No credential: the `lti_message_hint` is the launch's
    /// one-time secret. 422 `lti_invalid_request`, `lti_launch_used` (a replay), `lti_launch_expired`.
    #[oai(path = "/lti/platforms/:tenant_id/authorize", method = "get", operation_id = "lti_platform_authorize")]
    #[allow(clippy::too_many_arguments)]
    async fn lti_platform_authorize(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        tenant_id: Path<uuid::Uuid>,
        scope: Query<Option<String>>,
        response_type: Query<Option<String>>,
        response_mode: Query<Option<String>>,
        prompt: Query<Option<String>>,
        client_id: Query<Option<String>>,
        redirect_uri: Query<Option<String>>,
        login_hint: Query<Option<String>>,
        lti_message_hint: Query<Option<String>>,
        #[oai(name = "state")] tool_state: Query<Option<String>>,
        nonce: Query<Option<String>>,
    ) -> Result<FormPost, ApiError> {
        let req = lti::launch::AuthRequest {
            scope: scope.0,
            response_type: response_type.0,
            response_mode: response_mode.0,
            prompt: prompt.0,
            client_id: client_id.0,
            redirect_uri: redirect_uri.0,
            login_hint: login_hint.0,
            lti_message_hint: lti_message_hint.0,
            state: tool_state.0,
            nonce: nonce.0,
        };
        let a = lti::launch::authorize(&state.core, &state.config, tenant_id.0.into(), req, meta_from(remote)).await?;
        Ok(form_post(a))
    }

    /// The platform's authorization endpoint (form)
    ///
    /// The same as the query form, for tools that post their authentication request.
    #[oai(path = "/lti/platforms/:tenant_id/authorize", method = "post", operation_id = "lti_platform_authorize_form")]
    async fn lti_platform_authorize_form(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        tenant_id: Path<uuid::Uuid>,
        body: Form<LtiAuthRequest>,
    ) -> Result<FormPost, ApiError> {
        let a =
            lti::launch::authorize(&state.core, &state.config, tenant_id.0.into(), body.0.into(), meta_from(remote))
                .await?;
        Ok(form_post(a))
    }
}

pub struct LtiLaunchApi;
