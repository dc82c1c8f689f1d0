//! The authentication scheme: a bearer token (session or API key) becomes the caller's `TenantScope`
//! through core's single auth path, with the request's address and id for the audit trail.

use lyceum_core::{identity, scope::RequestMeta, TenantScope};
use poem::{web::RemoteAddr, Request};
use poem_openapi::{auth::Bearer, SecurityScheme};

use crate::{
    http::{client, credential, problem::CoreError, request_id},
    AppState,
};

/// A session token from login or signup (`lys_...`) or an API key (`lyc_live_...`), sent as
/// `Authorization: Bearer <token>`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "lys_... or lyc_live_...", checker = "check_bearer")]
pub struct BearerAuth(pub TenantScope);

/// The caller's address and the request id, for audit events.
pub fn request_meta(req: &Request) -> RequestMeta {
    meta_from(req.remote_addr())
}

/// Extracts [`RequestMeta`] in handlers of anonymous operations. The address is the client's
/// ([`client::current`]: behind a trusted proxy, the one it names), else the peer's.
pub fn meta_from(remote: &RemoteAddr) -> RequestMeta {
    let ip = client::current().or(match &remote.0 {
        poem::Addr::SocketAddr(a) => Some(a.ip()),
        _ => None,
    });
    RequestMeta { ip: ip.map(|ip| ip.to_string()), request_id: request_id::current(), reason: None }
}

/// The token comes from the one parser of `Authorization` ([`credential::presented`]), not from
/// poem-openapi's own reading of the header, so every layer agrees on what was presented.
async fn check_bearer(req: &Request, _bearer: Bearer) -> poem::Result<TenantScope> {
    let state = req
        .data::<AppState>()
        .ok_or_else(|| poem::Error::from_string("app state missing", poem::http::StatusCode::INTERNAL_SERVER_ERROR))?;
    let presented = credential::presented(req);
    let token = presented.bearer().ok_or(CoreError(lyceum_core::Error::Unauthenticated))?;
    identity::authenticate(&state.core, token, request_meta(req)).await.map_err(|e| CoreError(e).into())
}
