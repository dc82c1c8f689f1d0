//! The authentication scheme: a bearer token (session or API key) becomes the caller's `TenantScope`
//! through core's single auth path, with the request's address and id for the audit trail.

use lyceum_core::{identity, scope::RequestMeta, TenantScope};
use poem::{web::RemoteAddr, Request};
use poem_openapi::{auth::Bearer, SecurityScheme};

use crate::{
    http::{problem::CoreError, request_id},
    AppState,
};

/// A session token from login or signup (`lys_...`) or an API key (`lyc_live_...`), sent as
/// `Authorization: Bearer <token>`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "lys_... or lyc_live_...", checker = "check_bearer")]
pub struct BearerAuth(pub TenantScope);

/// The caller's address and the request id, for audit events.
pub fn request_meta(req: &Request) -> RequestMeta {
    let ip = match req.remote_addr().0 {
        poem::Addr::SocketAddr(a) => Some(a.ip().to_string()),
        _ => None,
    };
    RequestMeta { ip, request_id: request_id::current(), reason: None }
}

/// Extracts [`RequestMeta`] in handlers of anonymous operations.
pub fn meta_from(remote: &RemoteAddr) -> RequestMeta {
    let ip = match &remote.0 {
        poem::Addr::SocketAddr(a) => Some(a.ip().to_string()),
        _ => None,
    };
    RequestMeta { ip, request_id: request_id::current(), reason: None }
}

async fn check_bearer(req: &Request, bearer: Bearer) -> poem::Result<TenantScope> {
    let state = req
        .data::<AppState>()
        .ok_or_else(|| poem::Error::from_string("app state missing", poem::http::StatusCode::INTERNAL_SERVER_ERROR))?;
    identity::authenticate(&state.core, &bearer.token, request_meta(req)).await.map_err(|e| CoreError(e).into())
}
