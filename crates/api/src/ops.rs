//! Operational endpoints outside `/v1`: liveness, readiness, metrics and the spec.

use std::sync::Arc;

use poem::{handler, http::StatusCode, web::Data, IntoResponse, Response};

use crate::{http::problem::Problem, AppState};

/// Liveness: the process answers.
#[handler]
pub fn healthz() -> Response {
    Response::builder().content_type("application/json").body(r#"{"status":"ok"}"#)
}

/// Readiness: the database answers and has every migration this binary knows; 503 otherwise.
#[handler]
pub async fn readyz(state: Data<&AppState>) -> Response {
    if state.core.db.is_ready().await {
        Response::builder().content_type("application/json").body(r#"{"status":"ready"}"#)
    } else {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", "the database is unreachable or not migrated")
            .into_response()
    }
}

#[handler]
pub async fn metrics(state: Data<&AppState>) -> Response {
    let body = state.metrics.render(&state.core).await;
    Response::builder().content_type("text/plain; version=0.0.4; charset=utf-8").body(body)
}

#[handler]
pub fn openapi_json(spec: Data<&Arc<String>>) -> Response {
    Response::builder().content_type("application/json").body(spec.0.as_str().to_owned())
}
