//! The xAPI 1.0.3 learning record store at `/xapi` (beside the OpenAPI service, like SCIM and the
//! LTI services: it speaks its specification's own protocol). Each institution has its own store;
//! the HTTP Basic credential names it. Errors are RFC 9457 problems with the status codes xAPI
//! requires. The work is core's (`lyceum_core::xapi`); this module maps HTTP to it, including the
//! alternate request syntax (Communication §1.3), `X-Experience-API-Version` (§3.3), HEAD (§1.1)
//! and `multipart/mixed` attachments.

mod documents;
mod multipart;

use base64::{engine::general_purpose::STANDARD, Engine};
use lyceum_core::{
    db::types::StatementId,
    xapi::{
        self, activities,
        credentials::{self, Lrs},
        query::{self, Query},
        statements,
    },
    Error,
};
use poem::{
    handler,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    Body, FromRequest, Request, Response,
};
use serde_json::{json, Value};

use crate::{
    http::{auth::request_meta, credential, problem::problem_for},
    AppState,
};

/// A request after the alternate syntax was undone.
pub(crate) struct XReq {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl XReq {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    /// Refuses parameters outside `allowed`.
    pub fn only(&self, allowed: &[&str]) -> Result<(), Error> {
        match self.query.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            Some((k, _)) => Err(Error::invalid(k.clone(), "is not a parameter of this resource")),
            None => Ok(()),
        }
    }
}

pub(crate) fn problem(e: &Error) -> Response {
    let mut r = problem_for(e).into_poem_response();
    if matches!(e, Error::Unauthenticated) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"xapi\""));
    }
    r
}

pub(crate) fn json_response(status: StatusCode, v: &Value) -> Response {
    Response::builder().status(status).content_type("application/json").body(v.to_string())
}

pub(crate) fn no_content() -> Response {
    Response::builder().status(StatusCode::NO_CONTENT).finish()
}

pub(crate) fn not_allowed() -> Error {
    Error::invalid("method", "this resource does not take this method")
}

#[handler]
pub async fn endpoint(req: &Request, body: Body) -> Response {
    match handle(req, body).await {
        Ok(r) => r,
        Err(e) => problem(&e),
    }
}

/// Every answer under `/xapi` carries `X-Experience-API-Version` (Communication §3.3), the ones the
/// outer layers give too (rate limits, admission control, body limits): the app's outermost layer.
pub async fn version_header<E: poem::Endpoint>(ep: std::sync::Arc<E>, req: Request) -> poem::Result<Response> {
    let lrs = req.uri().path() == "/xapi" || req.uri().path().starts_with("/xapi/");
    let mut resp = match ep.call(req).await {
        Ok(r) => poem::IntoResponse::into_response(r),
        Err(e) => e.into_response(),
    };
    if lrs {
        resp.headers_mut().insert("x-experience-api-version", HeaderValue::from_static(xapi::VERSION));
    }
    Ok(resp)
}

async fn handle(req: &Request, body: Body) -> Result<Response, Error> {
    let state = <poem::web::Data<&AppState>>::from_request_without_body(req)
        .await
        .map_err(|_| Error::internal(anyhow::anyhow!("no app state")))?;
    let body = body.into_vec().await.map_err(|e| Error::invalid("body", format!("could not be read: {e}")))?;
    let x = undo_alternate_syntax(req, body)?;
    if x.path == "/about" {
        if !matches!(x.method, Method::GET | Method::HEAD) {
            return Err(not_allowed());
        }
        return Ok(json_response(StatusCode::OK, &json!({ "version": [xapi::VERSION] })));
    }
    match x.header("x-experience-api-version") {
        Some(v) if xapi::accepts_version(v) => {}
        Some(v) => return Err(Error::invalid("X-Experience-API-Version", format!("`{v}` is not a 1.0.x version"))),
        None => return Err(Error::invalid("X-Experience-API-Version", "the header is required")),
    }
    // A credential sent in the body (the alternate request syntax) passed the rate limiter unseen.
    let in_body = x
        .header("authorization")
        .filter(|_| credential::presented(req).basic().is_none())
        .and_then(|v| credential::parse_value(v).basic().map(str::to_owned));
    if let Some(token) = in_body.as_deref() {
        if let Some(d) = state.limits.body_credential(req, token).await {
            let mut r = crate::http::problem::Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many requests for this credential; retry in {} s", d.retry_after),
            )
            .into_poem_response();
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(d.retry_after));
            return Ok(r);
        }
    }
    let lrs = match authenticate(state.0, req, &x).await {
        Err(Error::Unauthenticated) if in_body.is_some() => {
            state.limits.body_credential_failed(req).await;
            return Err(Error::Unauthenticated);
        }
        other => other?,
    };
    match x.path.as_str() {
        "/statements" => statements_resource(state.0, &lrs, x).await,
        "/activities/state" | "/activities/profile" | "/agents/profile" => documents::resource(state.0, &lrs, x).await,
        "/activities" => {
            read_only_method(&x)?;
            x.only(&["activityId"])?;
            let id = x.param("activityId").ok_or_else(|| Error::invalid("activityId", "is required"))?;
            if !xapi::formats::is_iri(id) {
                return Err(Error::invalid("activityId", "must be an IRI"));
            }
            Ok(json_response(StatusCode::OK, &activities::activity(&state.core, &lrs, id.to_string()).await?))
        }
        "/agents" => {
            read_only_method(&x)?;
            x.only(&["agent"])?;
            let agent = x.param("agent").ok_or_else(|| Error::invalid("agent", "is required"))?;
            let (agent, _) = query::agent_param(agent, "agent")?;
            Ok(json_response(StatusCode::OK, &activities::person(&agent)))
        }
        _ => Err(Error::NotFound { resource: "xAPI resource" }),
    }
}

pub(crate) fn read_only_method(x: &XReq) -> Result<(), Error> {
    if matches!(x.method, Method::GET | Method::HEAD) {
        Ok(())
    } else {
        Err(not_allowed())
    }
}

/// The request as the alternate syntax (a POST with `method`, headers and content as form fields)
/// meant it; other requests as they are.
fn undo_alternate_syntax(req: &Request, body: Vec<u8>) -> Result<XReq, Error> {
    let path = req.uri().path().trim_start_matches("/xapi").trim_end_matches('/').to_string();
    let path = if path.is_empty() { "/".to_string() } else { path };
    let query: Vec<(String, String)> = serde_urlencoded::from_str(req.uri().query().unwrap_or(""))
        .map_err(|_| Error::invalid("query", "is not a valid query string"))?;
    let Some(method) = query.iter().find(|(k, _)| k == "method").map(|(_, v)| v.clone()) else {
        return Ok(XReq { method: req.method().clone(), path, query, headers: req.headers().clone(), body });
    };
    if req.method() != Method::POST {
        return Err(Error::invalid("method", "the alternate request syntax is a POST"));
    }
    if query.len() > 1 {
        return Err(Error::invalid("query", "with the alternate request syntax, `method` is the only query parameter"));
    }
    let ct = req.content_type().unwrap_or("");
    if !ct.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")) {
        return Err(Error::invalid(
            "Content-Type",
            "the alternate request syntax sends application/x-www-form-urlencoded",
        ));
    }
    let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes())
        .ok()
        .filter(|m| matches!(*m, Method::GET | Method::HEAD | Method::PUT | Method::POST | Method::DELETE))
        .ok_or_else(|| Error::invalid("method", "must be GET, HEAD, PUT, POST or DELETE"))?;
    let form: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&body).map_err(|_| Error::invalid("body", "is not a valid form"))?;
    const HEADERS: &[&str] =
        &["authorization", "x-experience-api-version", "content-type", "content-length", "if-match", "if-none-match"];
    let mut headers = req.headers().clone();
    headers.remove(header::CONTENT_TYPE);
    let mut content = Vec::new();
    let mut params = Vec::new();
    for (k, v) in form {
        let lower = k.to_ascii_lowercase();
        if lower == "content" {
            content = v.into_bytes();
        } else if HEADERS.contains(&lower.as_str()) {
            let value =
                HeaderValue::from_str(&v).map_err(|_| Error::invalid(k.clone(), "is not a valid header value"))?;
            headers.insert(poem::http::HeaderName::from_bytes(lower.as_bytes()).map_err(Error::internal)?, value);
        } else {
            params.push((k, v));
        }
    }
    if !content.is_empty() && !headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    Ok(XReq { method, path, query: params, headers, body: content })
}

async fn authenticate(state: &AppState, req: &Request, x: &XReq) -> Result<Lrs, Error> {
    let value = x.header("authorization").ok_or(Error::Unauthenticated)?;
    let (scheme, token) = value.trim().split_once(' ').ok_or(Error::Unauthenticated)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(Error::Unauthenticated);
    }
    let decoded = STANDARD.decode(token.trim()).map_err(|_| Error::Unauthenticated)?;
    let decoded = String::from_utf8(decoded).map_err(|_| Error::Unauthenticated)?;
    let (key, secret) = decoded.split_once(':').ok_or(Error::Unauthenticated)?;
    let home = state.config.server.public_url.trim_end_matches('/');
    if key == xapi::cmi5::session::USER {
        return xapi::cmi5::session::authenticate(&state.core, home, secret, request_meta(req)).await;
    }
    credentials::authenticate(&state.core, home, key, secret, request_meta(req)).await
}

fn consistent_through(mut r: Response) -> Response {
    let now = statements::format_time(&lyceum_core::db::types::Timestamp::now());
    if let Ok(v) = HeaderValue::from_str(&now) {
        r.headers_mut().insert("x-experience-api-consistent-through", v);
    }
    r
}

/// The caller's languages, most preferred first (`Accept-Language`).
fn languages(x: &XReq) -> Vec<String> {
    let mut langs: Vec<(f32, String)> = x
        .header("accept-language")
        .unwrap_or("")
        .split(',')
        .filter_map(|l| {
            let mut it = l.split(';');
            let tag = it.next()?.trim();
            let q = it.find_map(|p| p.trim().strip_prefix("q=")?.parse().ok()).unwrap_or(1.0);
            (!tag.is_empty() && tag != "*").then(|| (q, tag.to_string()))
        })
        .collect();
    langs.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    langs.into_iter().map(|l| l.1).collect()
}

async fn statements_resource(state: &AppState, lrs: &Lrs, x: XReq) -> Result<Response, Error> {
    match x.method {
        // Every answer to a GET carries the header, errors included (Communication §2.1.3).
        Method::GET | Method::HEAD => {
            Ok(consistent_through(get_statements(state, lrs, &x).await.unwrap_or_else(|e| problem(&e))))
        }
        Method::PUT => {
            x.only(&["statementId"])?;
            let id = x.param("statementId").ok_or_else(|| Error::invalid("statementId", "is required"))?;
            let id: StatementId = parse_id(id, "statementId")?;
            let (batch, parts) = read_statements(&x)?;
            if batch.len() != 1 || !matches!(batch.first(), Some(Value::Object(_))) {
                return Err(Error::invalid("body", "a PUT holds one statement"));
            }
            statements::store(&state.core, lrs, batch, Some(id), parts).await?;
            Ok(no_content())
        }
        Method::POST => {
            x.only(&[])?;
            let (batch, parts) = read_statements(&x)?;
            let ids = statements::store(&state.core, lrs, batch, None, parts).await?;
            Ok(json_response(StatusCode::OK, &json!(ids)))
        }
        _ => Err(not_allowed()),
    }
}

fn parse_id(v: &str, name: &str) -> Result<StatementId, Error> {
    if !xapi::formats::is_uuid(v) {
        return Err(Error::invalid(name.to_string(), "must be a UUID"));
    }
    v.parse().map_err(|_| Error::invalid(name.to_string(), "must be a UUID"))
}

/// The statements of a PUT or POST (one or an array), and the attachments' parts.
fn read_statements(x: &XReq) -> Result<(Vec<Value>, Vec<statements::Part>), Error> {
    let ct = x.content_type();
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (json, parts) = match essence.as_str() {
        "application/json" => (x.body.clone(), Vec::new()),
        "multipart/mixed" => multipart::statements_and_parts(&x.body, ct)?,
        _ => {
            return Err(Error::invalid("Content-Type", "send statements as application/json or multipart/mixed"));
        }
    };
    let v: Value = serde_json::from_slice(&json).map_err(|e| Error::invalid("body", format!("is not JSON: {e}")))?;
    let batch = match v {
        Value::Array(a) => a,
        one @ Value::Object(_) => vec![one],
        _ => return Err(Error::invalid("body", "must be a statement or an array of statements")),
    };
    Ok((batch, parts))
}

async fn get_statements(state: &AppState, lrs: &Lrs, x: &XReq) -> Result<Response, Error> {
    let single = x.param("statementId").map(|v| (v, false)).or(x.param("voidedStatementId").map(|v| (v, true)));
    let attachments = match x.param("attachments") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(Error::invalid("attachments", "must be true or false")),
    };
    let langs = languages(x);
    if let Some((id, voided)) = single {
        x.only(&["statementId", "voidedStatementId", "format", "attachments"])?;
        if x.param("statementId").is_some() && x.param("voidedStatementId").is_some() {
            return Err(Error::invalid("statementId", "give statementId or voidedStatementId, not both"));
        }
        let f = query::parse_format(x.param("format"))?;
        let id = parse_id(id, if voided { "voidedStatementId" } else { "statementId" })?;
        let s = statements::get(&state.core, lrs, id, voided).await?;
        let stored = s.get("stored").and_then(Value::as_str).map(str::to_owned);
        let out = query::format(&s, f, &langs);
        let mut r = answer(state, lrs, &out, std::slice::from_ref(&s), attachments).await?;
        if let Some(v) = stored.and_then(|s| last_modified(&s)) {
            r.headers_mut().insert(header::LAST_MODIFIED, v);
        }
        return Ok(r);
    }
    let q = Query::parse(&x.query)?;
    let f = q.format;
    let (found, next) = query::run(&state.core, lrs, q).await?;
    let more = next
        .map(|key| {
            let mut params: Vec<(String, String)> = x.query.iter().filter(|(k, _)| k != "more").cloned().collect();
            params.push(("more".into(), key));
            format!("/xapi/statements?{}", serde_urlencoded::to_string(&params).unwrap_or_default())
        })
        .unwrap_or_default();
    let out = json!({
        "statements": found.iter().map(|s| query::format(s, f, &langs)).collect::<Vec<_>>(),
        "more": more,
    });
    answer(state, lrs, &out, &found, attachments).await
}

fn last_modified(rfc3339: &str) -> Option<HeaderValue> {
    http_date(&chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?.with_timezone(&chrono::Utc))
}

/// An HTTP date (`Last-Modified`).
pub(crate) fn http_date(t: &chrono::DateTime<chrono::Utc>) -> Option<HeaderValue> {
    HeaderValue::from_str(&t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).ok()
}

/// JSON, or with `attachments=true` the JSON and the attachments' contents as `multipart/mixed`.
async fn answer(
    state: &AppState,
    lrs: &Lrs,
    out: &Value,
    found: &[Value],
    attachments: bool,
) -> Result<Response, Error> {
    if !attachments {
        return Ok(json_response(StatusCode::OK, out));
    }
    let atts = statements::attachments(&state.core, lrs, found).await?;
    let (ct, body) = multipart::write(out.to_string().as_bytes(), &atts);
    Ok(Response::builder().status(StatusCode::OK).content_type(ct).body(body))
}

#[cfg(test)]
mod tests {
    #[test]
    fn http_dates() {
        assert_eq!(
            super::last_modified("2026-12-06T03:04:05.123456Z").unwrap().to_str().unwrap(),
            "Sun, 06 Dec 2026 03:04:05 GMT"
        );
    }
}
