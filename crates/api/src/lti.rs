//! An institution's LTI Advantage services at `/lti/platforms/{tenant_id}` (beside the OpenAPI service,
//! like SCIM: they speak the specifications' own media types): the OAuth 2.0 token endpoint
//! (`/token`, RFC 6749 errors), and, with its bearer tokens, Assignment and Grade Services
//! (`/contexts/{course_id}/lineitems[/{id}[/scores|/results]]`) and Names and Role Provisioning
//! Services (`/contexts/{course_id}/memberships`). Service errors are RFC 9457 problems. The work is
//! core's (`lyceum_core::lti`); this module maps HTTP to it.

use std::collections::HashMap;

use lyceum_core::{
    db::types::{CourseId, LtiLineItemId, TenantId},
    lti::{
        ags::{self, Listing},
        nrps, scores,
        token::{self, Grant, TokenError},
    },
    Error,
};
use poem::{
    handler,
    http::{header, HeaderValue, Method, StatusCode},
    web::Query,
    Body, FromRequest, Request, Response,
};
use serde_json::Value;

use crate::{
    http::{
        auth::request_meta,
        credential,
        problem::{problem_for, Problem},
    },
    AppState,
};

fn problem(e: &Error) -> Response {
    let mut r = problem_for(e).into_poem_response();
    if matches!(e, Error::Unauthenticated) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"lti\""));
    }
    r
}

fn method_not_allowed(detail: &str) -> Response {
    Problem::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", detail).into_poem_response()
}

fn json(status: StatusCode, media: &str, body: &Value) -> Response {
    Response::builder()
        .status(status)
        .content_type(media)
        .header(header::CACHE_CONTROL, "no-store")
        .body(body.to_string())
}

fn unsupported(what: &str) -> Error {
    Error::UnsupportedMediaType {
        code: "unsupported_media_type",
        message: format!("send the body as {what} (or application/json)"),
    }
}

/// The request's body as JSON, when its media type is `media` or `application/json`.
async fn json_body(req: &Request, body: Body, media: &str) -> Result<Value, Error> {
    let ct = req.content_type().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if ct != media && ct != "application/json" {
        return Err(unsupported(media));
    }
    let bytes = body.into_vec().await.map_err(|e| Error::invalid("body", format!("could not be read: {e}")))?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|e| Error::invalid("body", format!("is not JSON: {e}")))?;
    if !v.is_object() {
        return Err(Error::invalid("body", "must be a JSON object"));
    }
    Ok(v)
}

/// The page's `Link` header: `rel="next"` with the request's own query and the next key.
fn with_next(mut resp: Response, url: &str, query: &HashMap<String, String>, next: Option<String>) -> Response {
    if let Some(after) = next {
        let mut q: Vec<(String, String)> =
            query.iter().filter(|(k, _)| *k != "after").map(|(k, v)| (k.clone(), v.clone())).collect();
        q.sort();
        q.push(("after".into(), after));
        let link = format!("<{url}?{}>; rel=\"next\"", serde_urlencoded::to_string(&q).unwrap_or_default());
        if let Ok(v) = HeaderValue::from_str(&link) {
            resp.headers_mut().insert(header::LINK, v);
        }
    }
    resp
}

fn limit(q: &HashMap<String, String>) -> Result<Option<i64>, Error> {
    q.get("limit").map(|l| l.parse::<i64>().map_err(|_| Error::invalid("limit", "must be a whole number"))).transpose()
}

#[handler]
pub async fn endpoint(req: &Request, body: Body) -> Response {
    match route(req, body).await {
        Ok(r) => r,
        Err(e) => problem(&e),
    }
}

async fn route(req: &Request, body: Body) -> Result<Response, Error> {
    let state = <poem::web::Data<&AppState>>::from_request_without_body(req)
        .await
        .map_err(|_| Error::internal(anyhow::anyhow!("no app state")))?;
    let path = req.uri().path().trim_start_matches("/lti/platforms/").trim_end_matches('/').to_string();
    let segs: Vec<&str> = path.split('/').collect();
    let not_found = || Error::NotFound { resource: "LTI service" };
    let tenant: TenantId = segs.first().and_then(|t| t.parse::<uuid::Uuid>().ok()).ok_or_else(not_found)?.into();
    let method = req.method().clone();
    if segs[1..] == ["token"] {
        if method != Method::POST {
            return Ok(method_not_allowed("the token endpoint takes POST"));
        }
        return Ok(token_endpoint(state.0, req, body, tenant).await);
    }
    if let ["deep-links", id] = &segs[1..] {
        if method != Method::POST {
            return Ok(method_not_allowed("a deep-linking return URL takes the tool's POST"));
        }
        let id = id.parse::<uuid::Uuid>().map_err(|_| not_found())?.into();
        return deep_link_return(state.0, req, body, tenant, id).await;
    }
    let Query(query) = Query::<HashMap<String, String>>::from_request_without_body(req)
        .await
        .map_err(|e| Error::invalid("query", e.to_string()))?;
    let (course, rest): (CourseId, &[&str]) = match &segs[1..] {
        ["contexts", c, rest @ ..] => (c.parse::<uuid::Uuid>().map_err(|_| not_found())?.into(), rest),
        _ => return Err(not_found()),
    };
    let bearer = credential::presented(req).bearer().map(str::to_string).ok_or(Error::Unauthenticated)?;
    let grant: Grant = token::authenticate(&state.core, tenant, &bearer, request_meta(req)).await?;
    let (core, config) = (&state.core, &state.config);
    let here = format!("{}{}", config.server.public_url.trim_end_matches('/'), req.uri().path());
    let item = |id: &str| {
        id.parse::<uuid::Uuid>().map(LtiLineItemId::from).map_err(|_| Error::NotFound { resource: "line item" })
    };
    match (method, rest) {
        (Method::GET, ["memberships"]) => {
            let (context, Listing { items, next_after }) = nrps::members(
                core,
                &grant,
                course,
                query.get("role").cloned(),
                limit(&query)?,
                query.get("after").cloned(),
            )
            .await?;
            let body = serde_json::json!({ "id": here, "context": context, "members": items });
            Ok(with_next(json(StatusCode::OK, nrps::MEDIA, &body), &here, &query, next_after))
        }
        (Method::GET, ["lineitems"]) => {
            let q = ags::ItemQuery {
                resource_link_id: query.get("resource_link_id").cloned(),
                resource_id: query.get("resource_id").cloned(),
                tag: query.get("tag").cloned(),
                limit: limit(&query)?,
                after: query.get("after").cloned(),
            };
            let page = ags::list_items(core, config, &grant, course, q).await?;
            Ok(with_next(
                json(StatusCode::OK, ags::MEDIA_LINE_ITEMS, &Value::from(page.items)),
                &here,
                &query,
                page.next_after,
            ))
        }
        (Method::POST, ["lineitems"]) => {
            let input = json_body(req, body, ags::MEDIA_LINE_ITEM).await?;
            let created = ags::create_item(core, config, &grant, course, input).await?;
            let mut r = json(StatusCode::CREATED, ags::MEDIA_LINE_ITEM, &created);
            if let Some(Ok(loc)) = created["id"].as_str().map(HeaderValue::from_str) {
                r.headers_mut().insert(header::LOCATION, loc);
            }
            Ok(r)
        }
        (Method::GET, ["lineitems", id]) => {
            Ok(json(StatusCode::OK, ags::MEDIA_LINE_ITEM, &ags::get(core, config, &grant, course, item(id)?).await?))
        }
        (Method::PUT, ["lineitems", id]) => {
            let input = json_body(req, body, ags::MEDIA_LINE_ITEM).await?;
            let updated = ags::update_item(core, config, &grant, course, item(id)?, input).await?;
            Ok(json(StatusCode::OK, ags::MEDIA_LINE_ITEM, &updated))
        }
        (Method::DELETE, ["lineitems", id]) => {
            ags::delete_item(core, &grant, course, item(id)?).await?;
            Ok(Response::builder().status(StatusCode::NO_CONTENT).finish())
        }
        (Method::POST, ["lineitems", id, "scores"]) => {
            let input = json_body(req, body, scores::MEDIA_SCORE).await?;
            scores::post_score(core, &grant, course, item(id)?, input).await?;
            Ok(Response::builder().status(StatusCode::NO_CONTENT).finish())
        }
        (Method::GET, ["lineitems", id, "results"]) => {
            let page = scores::results(
                core,
                config,
                &grant,
                course,
                item(id)?,
                query.get("user_id").cloned(),
                limit(&query)?,
                query.get("after").cloned(),
            )
            .await?;
            Ok(with_next(
                json(StatusCode::OK, scores::MEDIA_RESULTS, &Value::from(page.items)),
                &here,
                &query,
                page.next_after,
            ))
        }
        (_, ["memberships"] | ["lineitems"] | ["lineitems", _] | ["lineitems", _, "scores" | "results"]) => {
            Ok(method_not_allowed("this LTI service does not take that method"))
        }
        _ => Err(not_found()),
    }
}

/// The token endpoint: a form in, RFC 6749's JSON out (errors too).
async fn token_endpoint(state: &AppState, req: &Request, body: Body, tenant: TenantId) -> Response {
    let oauth_error = |status: u16, error: &str, description: &str| {
        let body = serde_json::json!({ "error": error, "error_description": description });
        let mut r = json(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), "application/json", &body);
        r.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        r
    };
    let ct = req.content_type().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if ct != "application/x-www-form-urlencoded" {
        return oauth_error(400, "invalid_request", "send the token request as application/x-www-form-urlencoded");
    }
    let form = match body.into_string().await.map(|s| serde_urlencoded::from_str::<token::TokenRequest>(&s)) {
        Ok(Ok(f)) => f,
        _ => return oauth_error(400, "invalid_request", "the form could not be read"),
    };
    match token::issue(&state.core, &state.config, tenant, form, request_meta(req)).await {
        Ok(issued) => {
            let mut r = json(StatusCode::OK, "application/json", &serde_json::to_value(&issued).unwrap_or_default());
            r.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
            r
        }
        Err(TokenError::OAuth { status, error, description }) => oauth_error(status, error, &description),
        Err(TokenError::Lyceum(e)) => problem(&e),
    }
}

/// A tool's deep-linking answer (a form with its signed `JWT`): the lessons are made, and the person
/// sees what was added.
async fn deep_link_return(
    state: &AppState,
    req: &Request,
    body: Body,
    tenant: TenantId,
    id: lyceum_core::db::types::LtiDeepLinkId,
) -> Result<Response, Error> {
    #[derive(serde::Deserialize)]
    struct Answer {
        #[serde(rename = "JWT")]
        jwt: Option<String>,
    }
    let ct = req.content_type().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if ct != "application/x-www-form-urlencoded" {
        return Err(unsupported("application/x-www-form-urlencoded (a form with `JWT`)"));
    }
    let text = body.into_string().await.map_err(|e| Error::invalid("body", format!("could not be read: {e}")))?;
    let answer: Answer = serde_urlencoded::from_str(&text).map_err(|_| Error::invalid("body", "is not a form"))?;
    let jwt = answer.jwt.filter(|j| !j.is_empty()).ok_or_else(|| Error::invalid("JWT", "is required"))?;
    let done =
        lyceum_core::lti::deep_linking::complete(&state.core, &state.config, tenant, id, &jwt, request_meta(req))
            .await?;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let items: String = done.lessons.iter().map(|(_, title)| format!("<li>{}</li>", esc(title))).collect();
    let message = done.message.as_deref().map(|m| format!("<p>{}</p>", esc(m))).unwrap_or_default();
    let summary = match done.lessons.len() {
        0 => "Nothing was added.".to_string(),
        1 => "1 lesson was added to the module.".to_string(),
        n => format!("{n} lessons were added to the module."),
    };
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Content added</title></head><body><main><h1>Content added</h1><p>{summary}</p><ul>{items}</ul>{message}</main></body></html>"#
    );
    Ok(Response::builder()
        .status(StatusCode::OK)
        .content_type("text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(html))
}
