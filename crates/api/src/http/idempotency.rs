//! `Idempotency-Key` on every authenticated POST, as one middleware: the first response (status, body
//! and the headers that matter) is stored per credential and key (the body sealed under the caller's
//! token); a retry by the same credential, which still holds the permissions it had, with the same request gets it
//! again (with `Idempotency-Replayed: true`) and causes nothing; the same key with another request is
//! 422 `idempotency_key_reused`; a retry while the first is still running is 409
//! `idempotency_request_in_progress`. Server errors (5xx) are not stored, so they can be retried.
//! Anonymous POSTs (signup, login, password reset, invitations) take no key: their tenant is not known
//! before they run.

use lyceum_core::{
    idempotency::{self, Begin, StoredResponse},
    identity, Core,
};
use poem::{http::HeaderValue, Body, Endpoint, IntoResponse, Middleware, Request, Response};
use sha2::{Digest, Sha256};

use crate::http::{auth::request_meta, credential, problem::problem_for};

pub const HEADER: &str = "idempotency-key";
const REPLAYED: &str = "idempotency-replayed";
const KEPT_HEADERS: &[&str] = &["content-type", "location", "etag"];

pub struct Idempotency {
    pub core: Core,
    pub body_limit: usize,
}

impl<E: Endpoint> Middleware<E> for Idempotency {
    type Output = IdempotencyEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        IdempotencyEndpoint { inner: ep, core: self.core.clone(), body_limit: self.body_limit }
    }
}

pub struct IdempotencyEndpoint<E> {
    inner: E,
    core: Core,
    body_limit: usize,
}

fn problem(err: &lyceum_core::Error) -> Response {
    problem_for(err).into_response()
}

impl<E: Endpoint> IdempotencyEndpoint<E> {
    async fn pass(&self, req: Request) -> Response {
        self.inner.call(req).await.map(IntoResponse::into_response).unwrap_or_else(|e| e.into_response())
    }
}

impl<E: Endpoint> Endpoint for IdempotencyEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        // A file's bytes stream to storage; they are not held to be compared or replayed.
        if crate::http::input::is_upload(&req) {
            return Ok(self.pass(req).await);
        }
        let key = match (req.method() == poem::http::Method::POST, req.header(HEADER)) {
            (true, Some(k)) => k.to_string(),
            _ => return Ok(self.pass(req).await),
        };
        if let Err(e) = idempotency::validate_key(&key) {
            return Ok(problem(&e));
        }
        let presented = credential::presented(&req);
        let Some(token) = presented.bearer() else { return Ok(self.pass(req).await) };
        // An invalid credential is the endpoint's to reject, with its usual answer.
        let Ok(scope) = identity::authenticate(&self.core, token, request_meta(&req)).await else {
            return Ok(self.pass(req).await);
        };
        let caller = idempotency::Caller::from_token(token);
        let body = match req.take_body().into_bytes_limit(self.body_limit).await {
            Ok(b) => b,
            Err(e) => return Ok(crate::http::json::unread(e, self.body_limit).into_response()),
        };
        let mut h = Sha256::new();
        h.update(req.method().as_str().as_bytes());
        h.update(b"\n");
        h.update(req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("").as_bytes());
        h.update(b"\n");
        h.update(&body);
        let fingerprint = hex::encode(h.finalize());
        req.set_body(body);

        match idempotency::begin(&self.core, &scope, &caller, &key, &fingerprint).await {
            Err(e) => Ok(problem(&e)),
            Ok(Begin::Replay(stored)) => {
                let mut resp = Response::builder()
                    .status(poem::http::StatusCode::from_u16(stored.status).unwrap_or_default())
                    .body(stored.body);
                for (name, value) in stored.headers {
                    if let (Ok(n), Ok(v)) = (poem::http::HeaderName::try_from(name), HeaderValue::from_str(&value)) {
                        resp.headers_mut().insert(n, v);
                    }
                }
                resp.headers_mut().insert(REPLAYED, HeaderValue::from_static("true"));
                Ok(resp)
            }
            Ok(Begin::Proceed) => {
                let resp = self.pass(req).await;
                let status = resp.status();
                if status.is_server_error() {
                    if let Err(e) = idempotency::abandon(&self.core, &scope, &caller, &key).await {
                        tracing::warn!(error = %e, "could not release an idempotency key");
                    }
                    return Ok(resp);
                }
                let (parts, body) = resp.into_parts();
                let bytes = body.into_vec().await.unwrap_or_default();
                let headers = KEPT_HEADERS
                    .iter()
                    .filter_map(|n| {
                        parts.headers.get(*n).and_then(|v| v.to_str().ok()).map(|v| (n.to_string(), v.to_string()))
                    })
                    .collect();
                let stored = StoredResponse { status: status.as_u16(), headers, body: bytes.clone() };
                if let Err(e) = idempotency::finish(&self.core, &scope, &caller, &key, stored).await {
                    tracing::warn!(error = %e, "could not store an idempotent response");
                }
                Ok(Response::from_parts(parts, Body::from_vec(bytes)))
            }
        }
    }
}

/// `Idempotency-Key` in a handler's signature: the middleware above does the work before the handler
/// runs (a replay never reaches it), so the handler only declares that it honours the header (the spec
/// documents it once, as a shared parameter). It carries the key for handlers that want to log it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub Option<String>);

impl<'a> poem_openapi::ApiExtractor<'a> for IdempotencyKey {
    const TYPES: &'static [poem_openapi::ApiExtractorType] = &[poem_openapi::ApiExtractorType::Parameter];
    const PARAM_IS_REQUIRED: bool = false;

    type ParamType = Option<String>;
    type ParamRawType = ();

    fn register(registry: &mut poem_openapi::registry::Registry) {
        <Option<String> as poem_openapi::types::Type>::register(registry);
    }

    fn param_in() -> Option<poem_openapi::registry::MetaParamIn> {
        Some(poem_openapi::registry::MetaParamIn::Header)
    }

    fn param_schema_ref() -> Option<poem_openapi::registry::MetaSchemaRef> {
        Some(<Option<String> as poem_openapi::types::Type>::schema_ref())
    }

    async fn from_request(
        request: &'a Request,
        body: &mut poem::RequestBody,
        param_opts: poem_openapi::ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        let header = <poem_openapi::param::Header<Option<String>> as poem_openapi::ApiExtractor>::from_request(
            request, body, param_opts,
        )
        .await?;
        Ok(IdempotencyKey(header.0))
    }
}
