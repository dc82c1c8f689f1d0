//! The authentication scheme: a bearer token becomes the caller's `TenantScope` (core verifies it).

use lyceum_core::{identity, TenantScope};
use poem::Request;
use poem_openapi::{auth::Bearer, SecurityScheme};

use crate::{http::problem::CoreError, AppState};

/// A session token from signup or login, sent as `Authorization: Bearer lys_...`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "lys_...", checker = "check_bearer")]
pub struct BearerAuth(pub TenantScope);

async fn check_bearer(req: &Request, bearer: Bearer) -> poem::Result<TenantScope> {
    let state = req
        .data::<AppState>()
        .ok_or_else(|| poem::Error::from_string("app state missing", poem::http::StatusCode::INTERNAL_SERVER_ERROR))?;
    identity::authenticate(&state.db, &bearer.token).await.map_err(|e| CoreError(e).into())
}
