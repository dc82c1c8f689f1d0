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
    if state.core.db().is_ready().await {
        Response::builder().content_type("application/json").body(r#"{"status":"ready"}"#)
    } else {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", "the database is unreachable or not migrated")
            .into_response()
    }
}

/// Prometheus metrics. With `LYCEUM_METRICS_TOKEN` set, only a scraper presenting it as a bearer
/// token gets them (401 otherwise).
#[handler]
pub async fn metrics(req: &poem::Request, state: Data<&AppState>) -> Response {
    if let Some(expected) = state.config.observability.metrics_token.as_deref().filter(|t| !t.is_empty()) {
        let presented = crate::http::credential::presented(req);
        let given = presented.bearer().unwrap_or("");
        // Compare without stopping at the first difference.
        let same = given.len() == expected.len()
            && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if !same {
            let mut resp = Problem::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "metrics need the configured token: Authorization: Bearer <LYCEUM_METRICS_TOKEN>",
            )
            .into_response();
            resp.headers_mut().insert("www-authenticate", poem::http::HeaderValue::from_static("Bearer"));
            return resp;
        }
    }
    let body = state.metrics.render(&state.core, state.admission.stats()).await;
    Response::builder().content_type("text/plain; version=0.0.4; charset=utf-8").body(body)
}

#[handler]
pub fn openapi_json(spec: Data<&Arc<String>>) -> Response {
    Response::builder().content_type("application/json").body(spec.0.as_str().to_owned())
}
