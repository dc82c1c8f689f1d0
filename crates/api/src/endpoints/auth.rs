//! Sessions and passwords: `POST /v1/auth/login`, `/logout`, `/password-reset`, `/password-reset/confirm`.

use lyceum_core::identity::{manage, sessions};
use poem::web::{Data, RemoteAddr};
use poem_openapi::{payload::Json, types::Example, ApiResponse, Object, OpenApi};

use super::{
    views::{SessionView, UserView},
    Tag,
};
use crate::{
    http::{
        auth::{meta_from, BearerAuth},
        json::JsonBody,
        problem::ApiError,
    },
    AppState,
};

pub struct AuthApi;

/// Credentials: the institution's slug, the user's email (any case) and password.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The institution's slug, as chosen at signup.
    pub tenant: String,
    pub email: String,
    pub password: String,
    /// The version of the institution's terms the person accepts (its current one,
    /// `TenantView.policies`); needed once per version, else 403 `consent_required`.
    pub accepted_terms_version: Option<String>,
    /// The version of the institution's privacy notice the person accepts, as `accepted_terms_version`.
    pub accepted_privacy_notice_version: Option<String>,
}

impl Example for LoginRequest {
    fn example() -> Self {
        LoginRequest {
            tenant: "acme".into(),
            email: "ada@acme.test".into(),
            password: "correct horse battery".into(),
            accepted_terms_version: None,
            accepted_privacy_notice_version: None,
        }
    }
}

/// What a sign-in request says the person accepts.
pub(crate) fn acceptance(
    terms: Option<String>,
    privacy_notice: Option<String>,
) -> lyceum_core::identity::consent::Acceptance {
    lyceum_core::identity::consent::Acceptance { terms_version: terms, privacy_notice_version: privacy_notice }
}

/// A one-time sign-in code, as the institution's app received it (`?code=` on its sign-in path).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct SignInCodeExchange {
    /// The `lyo_...` code: single use, valid two minutes.
    pub code: String,
    /// The version of the institution's terms the person accepts (see `LoginRequest`).
    pub accepted_terms_version: Option<String>,
    /// The version of the institution's privacy notice the person accepts.
    pub accepted_privacy_notice_version: Option<String>,
}

impl Example for SignInCodeExchange {
    fn example() -> Self {
        SignInCodeExchange {
            code: "lyo_8Jd2kQ0xWm4ZtR7vB3nLcY".into(),
            accepted_terms_version: None,
            accepted_privacy_notice_version: None,
        }
    }
}

/// A new session and the user it belongs to.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LoginResult {
    /// Send as `Authorization: Bearer <token>`; shown only once.
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub user: UserView,
}

impl Example for LoginResult {
    fn example() -> Self {
        let session = SessionView::example();
        LoginResult { token: session.token, expires_at: session.expires_at, user: UserView::example() }
    }
}

#[derive(ApiResponse)]
pub enum LoginResponse {
    /// Signed in.
    #[oai(status = 200)]
    Ok(Json<LoginResult>),
}

#[derive(ApiResponse)]
pub enum NoContent {
    /// Done.
    #[oai(status = 204)]
    Done,
}

#[derive(ApiResponse)]
pub enum Accepted {
    /// Accepted: if the account exists, an email is on its way.
    #[oai(status = 202)]
    Accepted,
}

/// Who forgot their password.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    /// The institution's slug.
    pub tenant: String,
    pub email: String,
}

impl poem_openapi::types::Example for PasswordResetRequest {
    fn example() -> Self {
        PasswordResetRequest { tenant: "acme".into(), email: "ada@acme.test".into() }
    }
}

/// The emailed token and the new password.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The `lyr_...` code from the email (single use, valid for one hour).
    pub token: String,
    /// At least 12 characters.
    pub password: String,
}

impl poem_openapi::types::Example for PasswordResetConfirm {
    fn example() -> Self {
        PasswordResetConfirm { token: "lyr_4Kq9ZrT0bJm2WcX7vN5pHs".into(), password: "a new long passphrase".into() }
    }
}

#[OpenApi(tag = "Tag::Auth")]
impl AuthApi {
    /// Sign in
    ///
    /// Exchanges an institution slug, email and password for a session token valid for 14 days. A wrong
    /// password, an unknown email and an unknown institution all answer the same 401
    /// `invalid_credentials`. A suspended institution answers 403 `tenant_suspended`. Once the
    /// institution publishes terms or a privacy notice, a person who has not accepted the current
    /// version gets 403 `consent_required` (its `documents` name each version and URL) until the
    /// request carries `accepted_terms_version` / `accepted_privacy_notice_version`.
    #[oai(path = "/auth/login", method = "post", operation_id = "auth_login")]
    async fn auth_login(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        body: JsonBody<LoginRequest>,
    ) -> Result<LoginResponse, ApiError> {
        let b = body.0;
        let (session, user) = sessions::login(
            &state.core,
            sessions::LoginInput {
                tenant: b.tenant,
                email: b.email,
                password: b.password,
                acceptance: acceptance(b.accepted_terms_version, b.accepted_privacy_notice_version),
            },
            meta_from(remote),
        )
        .await?;
        Ok(LoginResponse::Ok(Json(LoginResult {
            token: session.token,
            expires_at: session.session.expires_at.into(),
            user: user.into(),
        })))
    }

    /// Exchange a sign-in code for a session
    ///
    /// Lyceum's hosted sign-in page (and single sign-on) hands a signed-in person to the institution's
    /// app (its `app_url` and `sign_in` path) with a one-time `code` in the URL, never a session. The app
    /// exchanges the code here, once, within two minutes, for a session token. An unknown, used or
    /// expired code is 422 `invalid` (field `code`). No credential needed.
    #[oai(path = "/auth/sso/exchange", method = "post", operation_id = "auth_sso_exchange")]
    async fn auth_sso_exchange(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        body: JsonBody<SignInCodeExchange>,
    ) -> Result<LoginResponse, ApiError> {
        let b = body.0;
        let given = acceptance(b.accepted_terms_version, b.accepted_privacy_notice_version);
        let (session, user) = sessions::exchange(&state.core, &b.code, given, meta_from(remote)).await?;
        Ok(LoginResponse::Ok(Json(LoginResult {
            token: session.token,
            expires_at: session.session.expires_at.into(),
            user: user.into(),
        })))
    }

    /// Sign out
    ///
    /// Ends the session whose token authenticates this request. With an API key it does nothing (revoke
    /// the key instead).
    #[oai(path = "/auth/logout", method = "post", operation_id = "auth_logout")]
    async fn auth_logout(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of acting
        /// twice (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
    ) -> Result<NoContent, ApiError> {
        sessions::logout(&state.core, &auth.0).await?;
        Ok(NoContent::Done)
    }

    /// Request a password reset
    ///
    /// Always answers 202, whether or not the account exists. A known account gets an email with a
    /// single-use code valid for one hour.
    #[oai(path = "/auth/password-reset", method = "post", operation_id = "auth_password_reset")]
    async fn auth_password_reset(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        body: JsonBody<PasswordResetRequest>,
    ) -> Result<Accepted, ApiError> {
        manage::request_password_reset(&state.core, &body.0.tenant, &body.0.email, meta_from(remote)).await?;
        Ok(Accepted::Accepted)
    }

    /// Set a new password with a reset code
    ///
    /// Uses the emailed code (once), sets the new password and ends every session of the account.
    #[oai(path = "/auth/password-reset/confirm", method = "post", operation_id = "auth_password_reset_confirm")]
    async fn auth_password_reset_confirm(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        body: JsonBody<PasswordResetConfirm>,
    ) -> Result<NoContent, ApiError> {
        manage::confirm_password_reset(&state.core, &body.0.token, &body.0.password, meta_from(remote)).await?;
        Ok(NoContent::Done)
    }
}

pub(crate) fn session_view(s: &lyceum_core::identity::SessionToken) -> SessionView {
    SessionView { token: s.token.clone(), expires_at: s.session.expires_at.into() }
}
