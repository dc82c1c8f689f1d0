//! The spec's promise, checked on every response the test suite receives: an operation answers only
//! with a status its spec documents, with every header the spec says is required for it, and a problem
//! only with one of the `x-problem-codes` documented for that status. Requests that match no operation
//! (unknown paths and methods) are not checked.
//!
//! With `LYCEUM_CONTRACT_LOG=<file>` a violation is appended to the file instead of failing the test
//! (to list every gap in one run).

use std::{io::Write, sync::LazyLock};

use poem::{http::HeaderMap, Body, Endpoint, EndpointExt, IntoResponse, Request, Response};
use serde_json::Value;

struct Operation {
    method: String,
    segments: Vec<String>,
    id: String,
    responses: Value,
}

static SPEC: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(&lyceum_api::spec_json()).expect("the spec is JSON"));

static OPERATIONS: LazyLock<Vec<Operation>> = LazyLock::new(|| {
    let spec = &*SPEC;
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            ops.push(Operation {
                method: method.to_ascii_uppercase(),
                segments: path.split('/').map(String::from).collect(),
                id: op["operationId"].as_str().unwrap_or_default().to_string(),
                responses: op["responses"].clone(),
            });
        }
    }
    ops
});

/// The operation a request reaches: templates matching segment by segment, literal segments preferred.
fn operation(method: &str, path: &str) -> Option<&'static Operation> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    OPERATIONS
        .iter()
        .filter(|op| op.method == method && op.segments.len() == segments.len())
        .filter(|op| op.segments.iter().zip(&segments).all(|(t, s)| t.starts_with('{') || t == s))
        .max_by_key(|op| op.segments.iter().filter(|t| !t.starts_with('{')).count())
}

/// What is wrong with answering `status` (with `headers` and `body`) to `method path`, if anything.
pub fn violation(method: &str, path: &str, status: u16, headers: &HeaderMap, body: &[u8]) -> Option<String> {
    let op = operation(method, path)?;
    let Some(documented) = op.responses.get(status.to_string()) else {
        let code = serde_json::from_slice::<Value>(body).ok().map(|b| b["code"].clone()).unwrap_or(Value::Null);
        return Some(format!("{} ({method} {path}) answered undocumented {status} (code {code})", op.id));
    };
    for (name, header) in documented["headers"].as_object().into_iter().flatten() {
        let header = match header["$ref"].as_str() {
            Some(r) => SPEC.pointer(r.trim_start_matches('#')).unwrap_or(&Value::Null),
            None => header,
        };
        if header["required"] == true && !headers.contains_key(name.as_str()) {
            return Some(format!("{} ({method} {path}) answered {status} without the header {name}", op.id));
        }
    }
    if status < 400 {
        return None;
    }
    let code = serde_json::from_slice::<Value>(body).ok().and_then(|b| b["code"].as_str().map(String::from));
    let codes = documented["x-problem-codes"].as_array().cloned().unwrap_or_default();
    match code {
        Some(c) if codes.iter().any(|d| d == c.as_str()) => None,
        c => Some(format!("{} ({method} {path}) answered {status} with undocumented code {c:?}", op.id)),
    }
}

/// Wraps the app so that every response is checked against the spec.
pub fn checked<E>(app: E) -> impl Endpoint<Output = Response>
where
    E: Endpoint + 'static,
{
    app.around(|ep, req: Request| async move {
        let method = req.method().to_string();
        let path = req.uri().path().to_string();
        let resp = ep.call(req).await?.into_response();
        let (parts, body) = resp.into_parts();
        let bytes = body.into_bytes().await?;
        if let Some(v) = violation(&method, &path, parts.status.as_u16(), &parts.headers, &bytes) {
            match std::env::var("LYCEUM_CONTRACT_LOG") {
                Ok(file) => {
                    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(file).expect("log");
                    writeln!(f, "{v}").expect("log write");
                }
                Err(_) => panic!("the response breaks the spec: {v}"),
            }
        }
        Ok(Response::from_parts(parts, Body::from(bytes)))
    })
}

#[test]
fn requests_find_their_operation() {
    assert_eq!(operation("GET", "/v1/courses/0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3").unwrap().id, "course_view");
    assert_eq!(operation("POST", "/v1/courses/x/publish").unwrap().id, "course_publish");
    assert_eq!(operation("GET", "/v1/me/enrollments").unwrap().id, "me_enrollment_list");
    assert!(operation("GET", "/v1/nowhere").is_none());
    assert!(operation("PUT", "/v1/courses").is_none());
}

#[test]
fn undocumented_statuses_codes_and_missing_headers_are_violations() {
    let problem = |code: &str| serde_json::to_vec(&serde_json::json!({ "code": code })).unwrap();
    let mut h = HeaderMap::new();
    h.insert("x-request-id", "r".parse().unwrap());
    let v = |m, p, s, h: &HeaderMap, b: &[u8]| violation(m, p, s, h, b);
    assert!(v("GET", "/v1/courses/x", 404, &h, &problem("not_found")).is_none());
    assert!(v("GET", "/v1/courses/x", 404, &h, &problem("seat_limit_reached")).is_some());
    assert!(v("GET", "/v1/courses/x", 201, &h, b"{}").is_some(), "a view does not create");
    assert!(v("GET", "/v1/plans", 401, &h, &problem("unauthenticated")).is_some(), "plans are public");
    assert!(v("GET", "/v1/nowhere", 418, &h, b"").is_none());
    assert!(v("GET", "/v1/courses/x", 200, &h, b"{}").is_some(), "a course view carries its ETag");
    h.insert("etag", "\"1\"".parse().unwrap());
    assert!(v("GET", "/v1/courses/x", 200, &h, b"{}").is_none());
    assert!(v("GET", "/v1/courses/x", 429, &h, &problem("rate_limited")).is_some(), "429 carries Retry-After");
    assert!(v("GET", "/v1/courses/x", 200, &HeaderMap::new(), b"{}").is_some(), "every answer has a request id");
}
