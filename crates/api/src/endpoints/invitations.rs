//! `POST /v1/invitations/{token}/accept`: an invited user sets a password.

use lyceum_core::identity::manage;
use poem::web::{Data, RemoteAddr};
use poem_openapi::{param::Path, payload::Json, ApiResponse, Object, OpenApi};

use super::{
    auth::session_view,
    views::{SessionView, UserView},
    Tag,
};
use crate::{
    http::{auth::meta_from, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct InvitationsApi;

/// The password the invited user chooses (and optionally their name).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// At least 12 characters.
    pub password: String,
    /// Replaces the name the inviter gave.
    pub name: Option<String>,
    /// The version of the institution's terms the person accepts (see `LoginRequest`).
    pub accepted_terms_version: Option<String>,
    /// The version of the institution's privacy notice the person accepts.
    pub accepted_privacy_notice_version: Option<String>,
}

impl poem_openapi::types::Example for AcceptInvitation {
    fn example() -> Self {
        AcceptInvitation {
            password: "correct horse battery staple".into(),
            name: Some("Ivy Ivanova".into()),
            accepted_terms_version: Some("3".into()),
            accepted_privacy_notice_version: None,
        }
    }
}

/// The now active user and a session for them.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct AcceptedInvitation {
    pub user: UserView,
    pub session: SessionView,
}

impl poem_openapi::types::Example for AcceptedInvitation {
    fn example() -> Self {
        AcceptedInvitation { user: UserView::example(), session: SessionView::example() }
    }
}

#[derive(ApiResponse)]
pub enum AcceptResponse {
    /// The invitation is accepted; the user is signed in.
    #[oai(status = 200)]
    Ok(Json<AcceptedInvitation>),
}

#[OpenApi(tag = "Tag::Users")]
impl InvitationsApi {
    /// Accept an invitation
    ///
    /// Sets the invited user's password with the emailed `lyi_...` code (single use, valid 7 days) and
    /// signs them in. No credential needed.
    #[oai(path = "/invitations/:token/accept", method = "post", operation_id = "invitation_accept")]
    async fn invitation_accept(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        /// The code from the invitation email.
        token: Path<String>,
        body: JsonBody<AcceptInvitation>,
    ) -> Result<AcceptResponse, ApiError> {
        let b = body.0;
        let given = super::auth::acceptance(b.accepted_terms_version, b.accepted_privacy_notice_version);
        let (user, session) =
            manage::accept_invitation(&state.core, &token.0, &b.password, b.name, given, meta_from(remote)).await?;
        Ok(AcceptResponse::Ok(Json(AcceptedInvitation { user: user.into(), session: session_view(&session) })))
    }
}
