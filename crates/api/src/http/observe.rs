//! The outermost middleware: request id, a tracing span and one log line per request, and metrics.

use std::{sync::Arc, time::Instant};

use poem::{http::HeaderValue, Endpoint, IntoResponse, Middleware, Request, Response};
use tracing::Instrument;

use crate::http::{metrics::Metrics, request_id};

pub struct Observe {
    pub metrics: Arc<Metrics>,
}

impl<E: Endpoint> Middleware<E> for Observe {
    type Output = ObserveEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        ObserveEndpoint { inner: ep, metrics: self.metrics.clone() }
    }
}

pub struct ObserveEndpoint<E> {
    inner: E,
    metrics: Arc<Metrics>,
}

/// Route label for requests that no operation claimed: a fixed set, so label cardinality stays bounded.
fn static_route(path: &str) -> &'static str {
    match path {
        "/healthz" => "healthz",
        "/readyz" => "readyz",
        "/metrics" => "metrics",
        "/openapi.json" => "openapi",
        p if p == "/docs" || p.starts_with("/docs/") => "docs",
        p if p.starts_with("/p/") => "pages",
        _ => "unmatched",
    }
}

/// The path as logged: single-use tokens in it (`/v1/invitations/lyi_.../accept`) are masked.
fn loggable_path(path: &str) -> String {
    path.split('/')
        .map(
            |seg| {
                if ["lys_", "lyc_", "lyi_", "lyr_", "lyo_"].iter().any(|p| seg.starts_with(p)) {
                    "[token]"
                } else {
                    seg
                }
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

impl<E: Endpoint> Endpoint for ObserveEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let id = request_id::from_header(req.header(request_id::HEADER));
        let method = req.method().to_string();
        let path = req.uri().path().to_string();
        let span = tracing::info_span!("request", request_id = %id, %method, path = %loggable_path(&path));
        let started = Instant::now();
        let result = request_id::scope(id.clone(), self.inner.call(req).instrument(span.clone())).await;
        let mut resp = match result {
            Ok(r) => r.into_response(),
            Err(e) => request_id::scope(id.clone(), crate::http::problem::catch_all(e)).await,
        };
        let elapsed = started.elapsed();
        let route = resp.data::<poem_openapi::OperationId>().map(|o| o.0).unwrap_or_else(|| static_route(&path));
        let status = resp.status().as_u16();
        self.metrics.observe(route, status, elapsed.as_secs_f64());
        if let Ok(v) = HeaderValue::from_str(&id) {
            resp.headers_mut().insert(request_id::HEADER, v);
        }
        let elapsed_ms = elapsed.as_secs_f64() * 1000.0;
        if crate::http::problem::is_shed(&resp) {
            // Expected under overload and counted on /metrics; one error line per shed request would
            // cost the CPU the shedding saves. A dependency that is down (503 without Retry-After)
            // still logs as an error.
            tracing::debug!(parent: &span, status, route, elapsed_ms, "request shed");
        } else if status >= 500 {
            tracing::error!(parent: &span, status, route, elapsed_ms, "request failed");
        } else {
            tracing::info!(parent: &span, status, route, elapsed_ms, "request");
        }
        Ok(resp)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_in_paths_are_not_logged() {
        assert_eq!(super::loggable_path("/v1/invitations/lyi_abc/accept"), "/v1/invitations/[token]/accept");
        assert_eq!(super::loggable_path("/v1/users/0193"), "/v1/users/0193");
    }
}
