//! Lyceum's HTTP API: poem + poem-openapi under `/v1`, plus health, readiness, metrics, the spec and
//! the docs page. Handlers are thin: authenticate into a `TenantScope`, call core, map the result.

mod cmi5;
pub mod endpoints;
pub mod http;
mod lti;
mod ops;
pub mod pages;
mod scim;
pub mod server;
mod spec;
mod xapi;

pub use spec::spec_json;

use std::sync::Arc;

use lyceum_core::{config::Config, db::Db, Core};
use poem::{Endpoint, EndpointExt, Route};
use poem_openapi::{ContactObject, OpenApiService};

use crate::http::{
    credential::ParseAuthorization,
    idempotency::Idempotency,
    input::{BoundBody, RejectUnstorable},
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
    /// Requests at once (admission control).
    pub admission: Arc<http::admission::Admission>,
    /// The load balancers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<http::client::TrustedProxies>,
}

impl AppState {
    /// Fails only on a Stripe client that cannot be built from the configuration.
    pub fn new(db: Db, config: Arc<Config>) -> anyhow::Result<Self> {
        let limits = Arc::new(RateLimits::from_config(&config).shared(&db));
        let trusted_proxies = Arc::new(http::client::TrustedProxies::parse(config.server.trusted_proxies.as_deref())?);
        // The process's password hashing (first configuration wins: one pool per process).
        lyceum_core::identity::password::configure(config.limits.password_hashing);
        let billing = lyceum_core::billing::Billing::from_config(&config)?;
        let admission = http::admission::Admission::new(config.limits.admission);
        Ok(Self {
            core: Core::with_catalog_cache(db.with_public_url(&config.server.public_url), config.cache.catalog)
                .with_billing(billing)
                .with_storage(lyceum_core::files::Storage::from_config(&config.files)?),
            config,
            metrics: Arc::new(Metrics::default()),
            limits,
            admission,
            trusted_proxies,
        })
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

/// The whole HTTP application.
pub fn app(state: AppState) -> impl Endpoint<Output = poem::Response> {
    let service = api_service();
    let spec = Arc::new(spec_json());
    let docs = service.swagger_ui();
    let limit = state.config.server.max_body_bytes;
    Route::new()
        .nest("/v1", service)
        .at("/healthz", ops::healthz)
        .at("/readyz", ops::readyz)
        .at("/metrics", ops::metrics)
        .at("/openapi.json", ops::openapi_json.data(spec))
        .nest("/docs", docs)
        .nest("/p", pages::routes())
        .at("/scim/v2", scim::endpoint)
        .at("/scim/v2/*rest", scim::endpoint)
        .at("/lti/platforms/*rest", lti::endpoint)
        .at("/xapi", xapi::endpoint.with(cmi5::cors()))
        .at("/xapi/*rest", xapi::endpoint.with(cmi5::cors()))
        .at("/cmi5/fetch/:secret", poem::post(cmi5::fetch).with(cmi5::cors()))
        .at("/cmi5/content/:tenant/:package/:expires/:signature/*path", poem::get(cmi5::content))
        .data(BodyLimit(limit))
        .data(state.clone())
        .catch_all_error(http::problem::catch_all)
        .with(http::conditional::NotModified)
        .with(Idempotency { core: state.core.clone(), body_limit: limit })
        .with(RejectUnstorable)
        .with(RateLimit { limits: state.limits.clone() })
        .with(BoundBody { limit, upload_limit: state.config.files.max_upload_bytes })
        .with(ParseAuthorization)
        .with(http::admission::Admit(state.admission.clone()))
        .with(Observe { metrics: state.metrics.clone() })
        .with(http::client::ResolveClient(state.trusted_proxies.clone()))
        .around(xapi::version_header)
}
