//! RFC 9457 problem+json: the one place where errors become HTTP responses.
//!
//! Core errors map through [`ApiError::from`]; everything poem or poem-openapi rejects before a handler
//! runs (unknown route, wrong method, bad content type, missing credential, oversized body) maps through
//! [`catch_all`]. Both produce the same body, with the request id.

use poem::{http::StatusCode, IntoResponse, Response};
use poem_openapi::{payload::Json, ApiResponse, Object};

use crate::http::request_id;

/// One offending field of the request.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct ProblemField {
    /// The field's name as sent, with dots for nested fields (`owner_email`, `questions.0.prompt`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// A document of the institution's to accept: send its `version` as `accepted_<document>_version`.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct ProblemDocument {
    /// `terms` or `privacy_notice`.
    pub document: String,
    pub version: String,
    /// Where to read it.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An error, as RFC 9457 problem details.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:lyceum:problem:<code>`.
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    pub type_: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, for people.
    pub detail: String,
    /// A stable machine-readable code (`validation_failed`, `not_found`, `slug_taken`, ...).
    pub code: String,
    /// The request's id (also in the `X-Request-Id` header): quote it to support.
    pub request_id: String,
    /// For validation failures: the offending fields, at most 100 (see `errors_omitted`).
    #[oai(default, skip_serializing_if_is_empty)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// How many further offending fields are not listed in `errors` (absent when none are left out).
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors_omitted: Option<u32>,
    /// For `consent_required`: the institution's documents the person must accept to sign in.
    #[oai(default, skip_serializing_if_is_empty)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<ProblemDocument>,
    /// Seconds to wait before retrying, sent as `Retry-After` (not part of the body).
    #[oai(skip)]
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

/// The most field errors one problem lists; the rest are counted in `errors_omitted`.
pub const MAX_PROBLEM_ERRORS: usize = 100;

impl poem_openapi::types::Example for Problem {
    fn example() -> Self {
        Problem {
            type_: "urn:lyceum:problem:validation_failed".into(),
            title: "The request is invalid".into(),
            status: 400,
            detail: "slug: must be 2-63 characters of a-z, 0-9 and '-', starting with a letter or digit".into(),
            code: "validation_failed".into(),
            request_id: "0193a4c2-7b1e-7c3a-9d0e-2f4b5a6c7d8e".into(),
            errors: vec![ProblemField {
                field: "slug".into(),
                message: "must be 2-63 characters of a-z, 0-9 and '-', starting with a letter or digit".into(),
            }],
            errors_omitted: None,
            documents: Vec::new(),
            retry_after: None,
        }
    }
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        Problem {
            type_: format!("urn:lyceum:problem:{code}"),
            title: title_for(status).into(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.into(),
            request_id: request_id::current().unwrap_or_default(),
            errors: Vec::new(),
            errors_omitted: None,
            documents: Vec::new(),
            retry_after: None,
        }
    }

    /// Adds `Retry-After: seconds` to the response.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Sets the field errors, keeping at most [`MAX_PROBLEM_ERRORS`] and counting the rest.
    pub fn with_errors(mut self, mut errors: Vec<ProblemField>) -> Self {
        if errors.len() > MAX_PROBLEM_ERRORS {
            self.errors_omitted = Some(u32::try_from(errors.len() - MAX_PROBLEM_ERRORS).unwrap_or(u32::MAX));
            errors.truncate(MAX_PROBLEM_ERRORS);
        }
        self.errors = errors;
        self
    }

    /// The response for this problem, for code outside poem-openapi's typed responses.
    pub fn into_poem_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut resp = Response::builder().status(status).content_type("application/problem+json");
        if let Some(seconds) = self.retry_after {
            resp = resp.header("retry-after", seconds);
        }
        resp.body(body)
    }
}

/// Whether `resp` is a request the server shed under load (503 `overloaded`, the only 503 that
/// carries `Retry-After`): nothing was done, so it is expected, counted, and costs no rate limit.
pub fn is_shed(resp: &Response) -> bool {
    resp.status() == StatusCode::SERVICE_UNAVAILABLE && resp.headers().contains_key("retry-after")
}

fn title_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "The request is invalid",
        401 => "Authentication required",
        402 => "Payment required",
        403 => "Not allowed",
        404 => "Not found",
        405 => "Method not allowed",
        406 => "Not acceptable",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Request body too large",
        415 => "Unsupported media type",
        422 => "Unprocessable request",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ if status.is_server_error() => "Internal server error",
        _ => "Request failed",
    }
}

/// Every error an operation can answer with, each as problem+json.
#[derive(Debug, ApiResponse)]
pub enum ApiError {
    /// The request is malformed or fails validation; `errors` names each field.
    #[oai(status = 400, content_type = "application/problem+json")]
    BadRequest(Json<Problem>),
    /// No valid credential was presented.
    #[oai(status = 401, content_type = "application/problem+json")]
    Unauthorized(Json<Problem>),
    /// The plan's limits stop this change.
    #[oai(status = 402, content_type = "application/problem+json")]
    PaymentRequired(Json<Problem>),
    /// The credential may not do this.
    #[oai(status = 403, content_type = "application/problem+json")]
    Forbidden(Json<Problem>),
    /// No such object in the caller's tenant.
    #[oai(status = 404, content_type = "application/problem+json")]
    NotFound(Json<Problem>),
    /// The change conflicts with existing state (for example a taken slug).
    #[oai(status = 409, content_type = "application/problem+json")]
    Conflict(Json<Problem>),
    /// `If-Match` named a version that is no longer current: fetch the object again.
    #[oai(status = 412, content_type = "application/problem+json")]
    PreconditionFailed(Json<Problem>),
    /// The request body is larger than the server accepts.
    #[oai(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Json<Problem>),
    /// The request cannot be processed as sent (for example an `Idempotency-Key` reused for another request).
    #[oai(status = 422, content_type = "application/problem+json")]
    Unprocessable(Json<Problem>),
    /// Too many requests: wait `Retry-After` seconds.
    #[oai(status = 429, content_type = "application/problem+json")]
    TooManyRequests(Json<Problem>),
    /// The body is not `application/json`.
    #[oai(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Json<Problem>),
    /// A dependency (Stripe) answered with an error; nothing was changed, retrying is safe.
    #[oai(status = 502, content_type = "application/problem+json")]
    BadGateway(Json<Problem>),
    /// A dependency is unavailable, or the server is overloaded; retry later (after `Retry-After` if sent).
    #[oai(status = 503, content_type = "application/problem+json")]
    Unavailable(Json<Problem>, #[oai(header = "Retry-After")] Option<u64>),
    /// An unexpected failure on Lyceum's side; quote the request id to support.
    #[oai(status = 500, content_type = "application/problem+json")]
    Internal(Json<Problem>),
}

impl ApiError {
    pub fn from_problem(p: Problem) -> Self {
        let j = Json(p);
        match j.status {
            400 => ApiError::BadRequest(j),
            401 => ApiError::Unauthorized(j),
            402 => ApiError::PaymentRequired(j),
            403 => ApiError::Forbidden(j),
            404 => ApiError::NotFound(j),
            409 => ApiError::Conflict(j),
            412 => ApiError::PreconditionFailed(j),
            413 => ApiError::PayloadTooLarge(j),
            415 => ApiError::UnsupportedMediaType(j),
            422 => ApiError::Unprocessable(j),
            429 => ApiError::TooManyRequests(j),
            502 => ApiError::BadGateway(j),
            503 => {
                let retry_after = j.retry_after;
                ApiError::Unavailable(j, retry_after)
            }
            _ => ApiError::Internal(j),
        }
    }
}

impl From<lyceum_core::Error> for ApiError {
    fn from(err: lyceum_core::Error) -> Self {
        ApiError::from_problem(problem_for(&err))
    }
}

/// The single mapping from core's errors to HTTP.
pub fn problem_for(err: &lyceum_core::Error) -> Problem {
    use lyceum_core::Error as E;
    let code = err.code();
    match err {
        E::NotFound { resource } => Problem::new(StatusCode::NOT_FOUND, code, format!("{resource} not found")),
        E::Invalid { errors } => Problem::new(StatusCode::BAD_REQUEST, code, err.to_string()).with_errors(
            errors.iter().map(|e| ProblemField { field: e.field.clone(), message: e.message.clone() }).collect(),
        ),
        E::Conflict { field, message, .. } => {
            let p = Problem::new(StatusCode::CONFLICT, code, message.clone());
            match field {
                Some(f) => p.with_errors(vec![ProblemField { field: (*f).into(), message: message.clone() }]),
                None => p,
            }
        }
        E::Unauthenticated => Problem::new(
            StatusCode::UNAUTHORIZED,
            code,
            "send a valid session token or API key as `Authorization: Bearer <token>`",
        ),
        E::InvalidCredentials => {
            Problem::new(StatusCode::UNAUTHORIZED, code, "the institution, email or password is not right")
        }
        E::Unprocessable { message, .. } => Problem::new(StatusCode::UNPROCESSABLE_ENTITY, code, message.clone()),
        E::PreconditionFailed { message } => Problem::new(StatusCode::PRECONDITION_FAILED, code, message.clone()),
        E::Forbidden { message, .. } => Problem::new(StatusCode::FORBIDDEN, code, message.clone()),
        E::ConsentRequired { documents } => {
            let mut p = Problem::new(StatusCode::FORBIDDEN, code, err.to_string());
            p.documents = documents
                .iter()
                .map(|d| ProblemDocument {
                    document: d.document.into(),
                    version: d.version.clone(),
                    url: d.url.clone(),
                })
                .collect();
            p
        }
        E::LimitReached { message, .. } => Problem::new(StatusCode::PAYMENT_REQUIRED, code, message.clone()),
        // A lost or switching database (failover) is usually back within a second.
        E::Unavailable { code: "database_unavailable", message } => {
            Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, message.clone()).with_retry_after(1)
        }
        E::Unavailable { message, .. } => Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, message.clone()),
        E::Overloaded { retry_after, message } => {
            Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, message.clone()).with_retry_after(*retry_after)
        }
        E::Upstream { message, .. } => Problem::new(StatusCode::BAD_GATEWAY, code, message.clone()),
        E::TooLarge { message, .. } => Problem::new(StatusCode::PAYLOAD_TOO_LARGE, code, message.clone()),
        E::UnsupportedMediaType { message, .. } => {
            Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, code, message.clone())
        }
        E::Internal(cause) => {
            tracing::error!(error = ?cause, "internal error");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                code,
                "an unexpected error occurred; quote the request id to support",
            )
        }
    }
}

/// Turns any error that escaped a handler (poem's and poem-openapi's own rejections) into problem+json.
pub async fn catch_all(err: poem::Error) -> Response {
    let operation = err.data::<poem_openapi::OperationId>().copied();
    // A typed `ApiError` from a handler already is a problem response.
    let mut resp =
        if err.is_from_response() { err.into_response() } else { problem_for_poem_error(&err).into_poem_response() };
    if let Some(op) = operation {
        resp.set_data(op);
    }
    resp
}

fn problem_for_poem_error(err: &poem::Error) -> Problem {
    use poem_openapi::error::{AuthorizationError, ContentTypeError, ParseParamError, ParsePathError};
    if let Some(p) = err.downcast_ref::<BodyRejected>() {
        return (*p.0).clone();
    }
    let status = err.status();
    if let Some(e) = err.downcast_ref::<ParseParamError>() {
        return Problem::new(StatusCode::BAD_REQUEST, "validation_failed", e.to_string())
            .with_errors(vec![ProblemField { field: e.name.into(), message: e.reason.clone() }]);
    }
    if let Some(e) = err.downcast_ref::<ParsePathError>() {
        return Problem::new(StatusCode::BAD_REQUEST, "validation_failed", e.to_string())
            .with_errors(vec![ProblemField { field: e.name.into(), message: e.reason.clone() }]);
    }
    if let Some(e) = err.downcast_ref::<ContentTypeError>() {
        return Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("{e}; send `Content-Type: application/json`"),
        );
    }
    if err.is::<AuthorizationError>() || status == StatusCode::UNAUTHORIZED {
        return problem_for(&lyceum_core::Error::Unauthenticated);
    }
    if let Some(core) = err.downcast_ref::<CoreError>() {
        return problem_for(&core.0);
    }
    let (code, detail) = match status {
        StatusCode::NOT_FOUND => ("not_found", "no such endpoint; see /docs for the API".to_string()),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "this endpoint does not accept that method".into()),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the request body is too large".into()),
        StatusCode::BAD_REQUEST => ("bad_request", err.to_string()),
        s if s.is_server_error() => {
            tracing::error!(error = %err, "unhandled server error");
            ("internal_error", "an unexpected error occurred; quote the request id to support".into())
        }
        _ => ("request_failed", err.to_string()),
    };
    Problem::new(status, code, detail)
}

/// A request body the JSON extractor refused, carrying its finished problem.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.detail)]
pub struct BodyRejected(pub Box<Problem>);

impl poem::error::ResponseError for BodyRejected {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::BAD_REQUEST)
    }
}

/// A core error raised where only a `poem::Error` fits (security scheme checkers).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CoreError(pub lyceum_core::Error);

impl poem::error::ResponseError for CoreError {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(problem_for(&self.0).status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        self.into_poem_response()
    }
}
