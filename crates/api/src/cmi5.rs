//! The AU's side of a cmi5 launch, beside the OpenAPI service (it speaks cmi5's protocol):
//!
//! - `POST /cmi5/fetch/{secret}`: the one-time fetch URL (cmi5 §8.2). Always 200 with JSON: the
//!   `auth-token` the first time, an `error-code` after.
//! - `GET /cmi5/content/{tenant}/{package}/{expires}/{signature}/{path}`: a package's files under the
//!   signed URL a launch made. Served sandboxed (`Content-Security-Policy: sandbox`, no same-origin),
//!   so uploaded content cannot act as Lyceum's own pages; it reaches `/xapi` and the fetch URL
//!   through CORS.
//!
//! Both allow any origin (CORS), as `/xapi` does: AUs run in the learner's browser, from anywhere.

use lyceum_core::{db::types::TenantId, xapi::cmi5::launch, Error};
use poem::{
    handler,
    http::{header, HeaderValue, Method, StatusCode},
    web::Path,
    Body, FromRequest, Request, Response,
};

use crate::{
    http::{auth::request_meta, problem::problem_for},
    AppState,
};

/// What a browser may send and read cross-origin at `/xapi` and `/cmi5/fetch`.
pub fn cors() -> poem::middleware::Cors {
    poem::middleware::Cors::new()
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            "authorization",
            "content-type",
            "x-experience-api-version",
            "if-match",
            "if-none-match",
            "accept-language",
        ])
        .expose_headers([
            "etag",
            "last-modified",
            "x-experience-api-version",
            "x-experience-api-consistent-through",
            "content-type",
        ])
        .max_age(3600)
}

async fn state(req: &Request) -> Result<&AppState, Error> {
    <poem::web::Data<&AppState>>::from_request_without_body(req)
        .await
        .map(|d| d.0)
        .map_err(|_| Error::internal(anyhow::anyhow!("no app state")))
}

#[handler]
pub async fn fetch(req: &Request, Path(secret): Path<String>) -> Response {
    let answer = match state(req).await {
        Ok(s) => launch::fetch_answer(&launch::fetch(&s.core, &secret, request_meta(req)).await),
        Err(e) => launch::fetch_answer(&Err(e)),
    };
    Response::builder()
        .status(StatusCode::OK)
        .content_type("application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(answer.to_string())
}

/// The sandbox a package's pages run in: scripts, forms and pop-ups, never Lyceum's origin.
const SANDBOX: &str = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads";

#[handler]
pub async fn content(
    req: &Request,
    Path((tenant, package, expires, signature, path)): Path<(uuid::Uuid, uuid::Uuid, i64, String, String)>,
) -> Response {
    let served = async {
        let s = state(req).await?;
        launch::content(&s.core, TenantId(tenant), package.into(), expires, &signature, &path).await
    }
    .await;
    match served {
        Ok((mime, size, stream)) => Response::builder()
            .status(StatusCode::OK)
            .content_type(mime)
            .header(header::CONTENT_LENGTH, size)
            .header("content-security-policy", SANDBOX)
            .header("x-content-type-options", "nosniff")
            .header("referrer-policy", "no-referrer")
            .header(header::CACHE_CONTROL, "private, max-age=3600")
            .body(Body::from_bytes_stream(stream)),
        Err(e) => {
            let mut r = problem_for(&e).into_poem_response();
            r.headers_mut().insert("content-security-policy", HeaderValue::from_static(SANDBOX));
            r
        }
    }
}
