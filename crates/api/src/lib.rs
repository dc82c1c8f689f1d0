//! Lyceum's HTTP API: poem + poem-openapi under `/v1`, plus health, readiness, metrics, the spec and
//! the docs page. Handlers are thin: authenticate into a `TenantScope`, call core, map the result.

pub mod endpoints;
pub mod http;
mod ops;
pub mod server;

use std::sync::Arc;

use lyceum_core::{config::Config, db::Db, Core};
use poem::{Endpoint, EndpointExt, Route};
use poem_openapi::{ContactObject, OpenApiService};
use tokio::sync::Notify;

use crate::http::{
    idempotency::Idempotency,
    json::BodyLimit,
    metrics::Metrics,
    observe::Observe,
    ratelimit::{RateLimit, RateLimits},
};

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database and the caches in front of it.
    pub core: Core,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub limits: Arc<RateLimits>,
    /// Pokes the in-process worker after a request enqueued jobs (None with `--no-worker`).
    pub job_waker: Option<Arc<Notify>>,
}

impl AppState {
    /// Fails only on a Stripe client that cannot be built from the configuration.
    pub fn new(db: Db, config: Arc<Config>) -> anyhow::Result<Self> {
        let limits = Arc::new(RateLimits::from_config(&config));
        let billing = lyceum_core::billing::Billing::from_config(&config)?;
        Ok(Self {
            core: Core::with_catalog_cache(db, config.catalog_cache).with_billing(billing),
            config,
            metrics: Arc::new(Metrics::default()),
            limits,
            job_waker: None,
        })
    }

    /// Tells the in-process worker that jobs were enqueued (after the transaction committed).
    pub fn jobs_enqueued(&self) {
        if let Some(w) = &self.job_waker {
            w.notify_one();
        }
    }
}

pub const API_TITLE: &str = "Lyceum API";
pub const API_VERSION: &str = "1.0.0";

/// The OpenAPI service: every `/v1` operation. Its `spec()` is what `openapi/lyceum.json` holds.
pub fn api_service() -> OpenApiService<endpoints::Api, ()> {
    OpenApiService::new(endpoints::api(), API_TITLE, API_VERSION)
        .url_prefix("/v1")
        .description(
            "Lyceum is a multi-tenant learning-management backend. Every authenticated call is scoped to the \
             tenant of its credential. Errors are RFC 9457 `application/problem+json` bodies with a stable \
             `code`; every response carries `X-Request-Id`.",
        )
        .contact(ContactObject::new().name("Lyceum support").email("support@lyceum.test"))
}

/// The checked-in form of the spec (pretty JSON with a trailing newline).
///
/// One correction to what poem-openapi generates: a property that is not required may also be `null`
/// (optional fields are answered as `null`, and accepted as `null` meaning "absent" or, for PATCH, "clear"),
/// so such properties are marked `nullable` (a `$ref` is wrapped in `allOf` for that).
pub fn spec_json() -> String {
    let mut spec: serde_json::Value = serde_json::from_str(&api_service().spec()).expect("poem-openapi emits JSON");
    if let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) {
        for schema in schemas.values_mut() {
            mark_optional_nullable(schema);
        }
    }
    shared_parameters(&mut spec);
    two_security_schemes(&mut spec);
    let mut s = serde_json::to_string_pretty(&spec).expect("a JSON value serializes");
    s.push('\n');
    s
}

/// The parameters every list and every write shares (page size, cursor, `Idempotency-Key`, `If-Match`)
/// are documented once, in `components/parameters`, and referenced by each operation.
fn shared_parameters(spec: &mut serde_json::Value) {
    use serde_json::json;
    let shared = json!({
        "Limit": {"name": "limit", "in": "query", "required": false, "deprecated": false, "explode": true,
            "description": "Page size, 1-200 (default 50).", "schema": {"type": "integer", "format": "int64"}},
        "Cursor": {"name": "cursor", "in": "query", "required": false, "deprecated": false, "explode": true,
            "description": "`next_cursor` of the previous page (opaque; anything else is 400).",
            "schema": {"type": "string"}},
        "IdempotencyKey": {"name": "Idempotency-Key", "in": "header", "required": false, "deprecated": false,
            "explode": true, "schema": {"type": "string"},
            "description": "Makes a retry safe: the same key and body within 24 h replay the first response \
                instead of acting twice; the same key with another body is 422 `idempotency_key_reused`."},
        "IfMatch": {"name": "If-Match", "in": "header", "required": false, "deprecated": false, "explode": true,
            "schema": {"type": "string"},
            "description": "The `ETag` (version) you last saw: the write fails with 412 if the object changed \
                since."},
    });
    let page_size = shared["Limit"]["description"].clone();
    let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_object_mut()) else { return };
    for item in paths.values_mut().filter_map(|i| i.as_object_mut()) {
        for op in item.values_mut() {
            let Some(params) = op.get_mut("parameters").and_then(|p| p.as_array_mut()) else { continue };
            for p in params.iter_mut() {
                let name = match (p["in"].as_str(), p["name"].as_str()) {
                    (Some("query"), Some("limit")) if p["description"] == page_size => "Limit",
                    (Some("query"), Some("cursor")) => "Cursor",
                    (Some("header"), Some("Idempotency-Key")) => "IdempotencyKey",
                    (Some("header"), Some("If-Match")) => "IfMatch",
                    _ => continue,
                };
                *p = json!({ "$ref": format!("#/components/parameters/{name}") });
            }
        }
    }
    spec["components"]["parameters"] = shared;
}

/// Sessions and API keys are both bearer tokens in `Authorization`; the spec names them as two schemes,
/// either of which an operation accepts (permissions decide what each may do).
fn two_security_schemes(spec: &mut serde_json::Value) {
    use serde_json::json;
    spec["components"]["securitySchemes"] = json!({
        "SessionToken": {"type": "http", "scheme": "bearer", "bearerFormat": "lys_...",
            "description": "A session token from `POST /v1/auth/login` or signup, for a signed-in person: \
                `Authorization: Bearer lys_...`. Expires; ends at logout."},
        "ApiKey": {"type": "http", "scheme": "bearer", "bearerFormat": "lyc_live_...",
            "description": "An API key from `POST /v1/api-keys`, for integrations: `Authorization: Bearer \
                lyc_live_...`. Carries scopes; revoked keys stop working at once."},
    });
    let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_object_mut()) else { return };
    for item in paths.values_mut().filter_map(|i| i.as_object_mut()) {
        for op in item.values_mut() {
            if op.get("security").is_some() {
                op["security"] = json!([{ "SessionToken": [] }, { "ApiKey": [] }]);
            }
        }
    }
}

fn mark_optional_nullable(schema: &mut serde_json::Value) {
    let required: Vec<String> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) else { return };
    for (name, prop) in props.iter_mut() {
        if required.contains(name) {
            continue;
        }
        if let Some(reference) = prop.get("$ref").cloned() {
            let mut wrapped = serde_json::json!({ "allOf": [{ "$ref": reference }], "nullable": true });
            if let Some(d) = prop.get("description") {
                wrapped["description"] = d.clone();
            }
            *prop = wrapped;
        } else if let Some(obj) = prop.as_object_mut() {
            obj.insert("nullable".into(), serde_json::Value::Bool(true));
        }
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> impl Endpoint<Output = poem::Response> {
    let service = api_service();
    let spec = Arc::new(spec_json());
    let docs = service.swagger_ui();
    let limit = state.config.max_body_bytes;
    Route::new()
        .nest("/v1", service)
        .at("/healthz", ops::healthz)
        .at("/readyz", ops::readyz)
        .at("/metrics", ops::metrics)
        .at("/openapi.json", ops::openapi_json.data(spec))
        .nest("/docs", docs)
        .data(BodyLimit(limit))
        .data(state.clone())
        .catch_all_error(http::problem::catch_all)
        .with(Idempotency { core: state.core.clone(), body_limit: limit })
        .with(RateLimit { limits: state.limits.clone() })
        .with(Observe { metrics: state.metrics.clone() })
}
