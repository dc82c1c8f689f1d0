//! Input that a backend cannot store is refused before any handler runs: a NUL character in the path or
//! in a query parameter (PostgreSQL's text cannot hold one; SQLite would truncate it) is a 400 naming the
//! parameter, on both backends alike. JSON bodies are checked by the body extractor
//! ([`crate::http::json`]), which names the field.
//!
//! Every request body is bounded here too, whoever reads it: a declared `Content-Length` above the
//! limit is 413 before anything is read, and a body sent without one stops yielding once it passes the
//! limit (readers then answer 413 through [`crate::http::json::unread`]).

use futures::StreamExt as _;

use poem::{http::StatusCode, Body, Endpoint, IntoResponse, Middleware, Request, Response};

use crate::http::{
    json::NUL_MESSAGE,
    problem::{Problem, ProblemField},
};

/// The first part of the request line that decodes to a string with a NUL character.
fn nul_parameter(req: &Request) -> Option<String> {
    let uri = req.uri();
    if let Some(query) = uri.query() {
        if query.contains('\0') || query.to_ascii_lowercase().contains("%00") {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
            let named = pairs.into_iter().find(|(k, v)| k.contains('\0') || v.contains('\0')).map(|(k, _)| k);
            return Some(named.filter(|k| !k.contains('\0') && !k.is_empty()).unwrap_or_else(|| "query".into()));
        }
    }
    let path = uri.path();
    if path.to_ascii_lowercase().contains("%00") {
        return Some("path".into());
    }
    None
}

pub struct RejectUnstorable;

impl<E: Endpoint> Middleware<E> for RejectUnstorable {
    type Output = RejectUnstorableEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        RejectUnstorableEndpoint { inner: ep }
    }
}

pub struct RejectUnstorableEndpoint<E> {
    inner: E,
}

impl<E: Endpoint> Endpoint for RejectUnstorableEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        if let Some(field) = nul_parameter(&req) {
            return Ok(Problem::new(StatusCode::BAD_REQUEST, "validation_failed", format!("{field}: {NUL_MESSAGE}"))
                .with_errors(vec![ProblemField { field, message: NUL_MESSAGE.into() }])
                .into_response());
        }
        Ok(self.inner.call(req).await?.into_response())
    }
}

/// Whether a request carries a file's bytes (`POST /v1/files`, `PUT /v1/files/{id}/content`): such
/// bodies stream to storage under the upload limits instead of the JSON body limit, and are never
/// buffered (not even for `Idempotency-Key`).
pub fn is_upload(req: &Request) -> bool {
    let path = req.uri().path();
    match *req.method() {
        poem::http::Method::POST => path == "/v1/files",
        poem::http::Method::PUT => {
            path.strip_prefix("/v1/files/").and_then(|r| r.strip_suffix("/content")).is_some_and(|id| !id.contains('/'))
        }
        _ => false,
    }
}

/// Bounds every request body to `limit` bytes (file uploads to `upload_limit`, the platform's ceiling;
/// each upload is held to its plan's limit where it is stored).
pub struct BoundBody {
    pub limit: usize,
    pub upload_limit: u64,
}

impl<E: Endpoint> Middleware<E> for BoundBody {
    type Output = BoundBodyEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        BoundBodyEndpoint { inner: ep, limit: self.limit, upload_limit: self.upload_limit }
    }
}

pub struct BoundBodyEndpoint<E> {
    inner: E,
    limit: usize,
    upload_limit: u64,
}

impl<E: Endpoint> Endpoint for BoundBodyEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let limit = if is_upload(&req) {
            // A multipart body carries its framing on top of the file.
            usize::try_from(self.upload_limit.saturating_add(64 * 1024)).unwrap_or(usize::MAX)
        } else {
            self.limit
        };
        let declared = req.header("content-length").and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Ok(crate::http::json::unread(poem::error::ReadBodyError::PayloadTooLarge, limit).into_response());
        }
        if declared.is_none() && req.header("transfer-encoding").is_some() {
            let mut seen = 0usize;
            let stream = req.take_body().into_bytes_stream().map(move |chunk| {
                let chunk = chunk?;
                seen = seen.saturating_add(chunk.len());
                if seen > limit {
                    Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "the request body is too large"))
                } else {
                    Ok(chunk)
                }
            });
            req.set_body(Body::from_bytes_stream(stream));
        }
        Ok(self.inner.call(req).await?.into_response())
    }
}
