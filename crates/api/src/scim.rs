//! SCIM 2.0 at `/scim/v2` (RFC 7644): the protocol's own routes, bodies (`application/scim+json`) and
//! error format, so they live beside the OpenAPI service rather than in it. Discovery
//! (`ServiceProviderConfig`, `ResourceTypes`, `Schemas`) needs no credential; `Users` and `Groups` need
//! one holding the `scim` permission (an API key with the `scim` scope). The work is core's
//! (`lyceum_core::scim`); this module maps HTTP to it.

use std::collections::HashMap;

use lyceum_core::{
    identity,
    scim::{self, filter, groups, users, Paging, Projection, ScimError, ScimResult},
    scope::permissions::Permission,
    TenantScope,
};
use poem::{
    handler,
    http::{header, Method, StatusCode},
    web::Query,
    Body, FromRequest, Request, Response,
};
use serde_json::Value;

use crate::{
    http::{auth::request_meta, credential},
    AppState,
};

const CONTENT_TYPE: &str = "application/scim+json";

fn respond(status: StatusCode, body: &Value) -> Response {
    Response::builder().status(status).content_type(CONTENT_TYPE).body(body.to_string())
}

fn error(e: ScimError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut r = respond(status, &e.body());
    if e.status == 401 {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer realm=\"scim\""));
    }
    r
}

async fn caller(state: &AppState, req: &Request) -> ScimResult<TenantScope> {
    let presented = credential::presented(req);
    let token = presented.bearer().ok_or(ScimError {
        status: 401,
        scim_type: None,
        detail: "send `Authorization: Bearer <an API key with the scim scope>`".into(),
    })?;
    let scope = identity::authenticate(&state.core, token, request_meta(req)).await?;
    if !scope.permissions().contains(Permission::Scim) {
        return Err(ScimError {
            status: 403,
            scim_type: None,
            detail: "this credential lacks the `scim` permission".into(),
        });
    }
    Ok(scope)
}

async fn json_body(body: Body) -> ScimResult<Value> {
    let bytes = body
        .into_bytes()
        .await
        .map_err(|e| ScimError::bad_request("invalidSyntax", format!("the body could not be read: {e}")))?;
    let v: Value = serde_json::from_slice(&bytes)
        .map_err(|e| ScimError::bad_request("invalidSyntax", format!("the body is not JSON: {e}")))?;
    if !v.is_object() {
        return Err(ScimError::bad_request("invalidSyntax", "the body must be a JSON object"));
    }
    Ok(v)
}

struct ListParams {
    filter: Option<filter::Filter>,
    paging: Paging,
    projection: Projection,
}

fn params(q: &HashMap<String, String>) -> ScimResult<ListParams> {
    let get = |k: &str| q.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str());
    let int = |k: &str| -> ScimResult<Option<i64>> {
        get(k)
            .map(|v| {
                v.parse::<i64>().map_err(|_| ScimError::bad_request("invalidValue", format!("{k} must be an integer")))
            })
            .transpose()
    };
    Ok(ListParams {
        filter: get("filter").filter(|f| !f.trim().is_empty()).map(filter::parse).transpose()?,
        paging: Paging::new(int("startIndex")?, int("count")?),
        projection: Projection::parse(get("attributes"), get("excludedAttributes")),
    })
}

const SEARCH_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/// The parameters of a `POST .../.search` body (RFC 7644 §3.4.3): those of a GET, as JSON.
fn search_params(body: &Value) -> ScimResult<ListParams> {
    let schemas_ok = filter::get_ci(body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|u| u.as_str().is_some_and(|u| u.eq_ignore_ascii_case(SEARCH_REQUEST))));
    if !schemas_ok {
        return Err(ScimError::bad_request(
            "invalidSyntax",
            format!("a search body's schemas must contain {SEARCH_REQUEST}"),
        ));
    }
    let mut q = HashMap::new();
    for key in ["filter", "attributes", "excludedAttributes", "startIndex", "count"] {
        let text = match filter::get_ci(body, key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(","),
            Some(_) => return Err(ScimError::bad_request("invalidValue", format!("{key} has the wrong type"))),
        };
        q.insert(key.to_string(), text);
    }
    params(&q)
}

fn not_found() -> ScimError {
    ScimError { status: 404, scim_type: None, detail: "no such SCIM resource".into() }
}

/// Every `/scim/v2/...` request.
#[handler]
pub async fn endpoint(req: &Request, body: Body) -> Response {
    match route(req, body).await {
        Ok(r) => r,
        Err(e) => error(e),
    }
}

async fn route(req: &Request, body: Body) -> ScimResult<Response> {
    let state = req.data::<AppState>().ok_or_else(|| ScimError {
        status: 500,
        scim_type: None,
        detail: "app state missing".into(),
    })?;
    let base = format!("{}/scim/v2", state.config.server.public_url.trim_end_matches('/'));
    let path = req.uri().path().trim_start_matches("/scim/v2").trim_matches('/').to_string();
    let segs: Vec<&str> = if path.is_empty() { vec![] } else { path.split('/').collect() };
    let q: HashMap<String, String> = Query::<HashMap<String, String>>::from_request_without_body(req)
        .await
        .map(|q| q.0)
        .map_err(|_| ScimError::bad_request("invalidValue", "the query string could not be read"))?;
    let method = req.method().clone();
    let ok = |v: Value| Ok(respond(StatusCode::OK, &v));
    let docs = format!("{}/docs", state.config.server.public_url.trim_end_matches('/'));
    match (method.clone(), segs.as_slice()) {
        (Method::GET, ["ServiceProviderConfig"]) => return ok(scim::service_provider_config(&base, &docs)),
        (Method::GET, ["ResourceTypes"]) => {
            let all = scim::resource_types(&base);
            let n = all.len() as i64;
            return ok(scim::list_response(all, n, Paging::new(None, None)));
        }
        (Method::GET, ["ResourceTypes", name]) => {
            return scim::resource_types(&base)
                .into_iter()
                .find(|r| r["id"].as_str() == Some(*name))
                .map_or_else(|| Err(not_found()), ok)
        }
        (Method::GET, ["Schemas"]) => {
            let all = scim::schemas(&base);
            let n = all.len() as i64;
            return ok(scim::list_response(all, n, Paging::new(None, None)));
        }
        (Method::GET, ["Schemas", id]) => {
            return scim::schemas(&base)
                .into_iter()
                .find(|s| s["id"].as_str() == Some(*id))
                .map_or_else(|| Err(not_found()), ok)
        }
        // A search across every resource type (RFC 7644 §3.4.3) is optional: search /Users or /Groups.
        (Method::POST, [".search"]) => {
            return Err(ScimError {
                status: 501,
                scim_type: None,
                detail: "search one resource type: POST /Users/.search or /Groups/.search".into(),
            })
        }
        (_, ["ServiceProviderConfig" | "ResourceTypes" | "Schemas", ..]) => {
            return Err(ScimError {
                status: 405,
                scim_type: None,
                detail: "the discovery endpoints answer GET only".into(),
            })
        }
        (_, ["Users", ..]) | (_, ["Groups", ..]) => {}
        _ => return Err(not_found()),
    }
    let scope = caller(state, req).await?;
    let core = &state.core;
    let projection = Projection::parse(
        q.iter().find(|(k, _)| k.eq_ignore_ascii_case("attributes")).map(|(_, v)| v.as_str()),
        q.iter().find(|(k, _)| k.eq_ignore_ascii_case("excludedAttributes")).map(|(_, v)| v.as_str()),
    );
    let created = |v: Value| {
        let location = v["meta"]["location"].as_str().unwrap_or_default().to_string();
        let mut r = respond(StatusCode::CREATED, &projection.apply(v));
        if let Ok(l) = header::HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, l);
        }
        Ok(r)
    };
    let shown = |v: Value| Ok(respond(StatusCode::OK, &projection.apply(v)));
    let no_content = || Ok(Response::builder().status(StatusCode::NO_CONTENT).finish());
    let user_id = |s: &str| s.parse().map_err(|_| ScimError::not_found("user"));
    let group_id = |s: &str| s.parse().map_err(|_| ScimError::not_found("group"));
    match (method, segs.as_slice()) {
        (Method::POST, [kind @ ("Users" | "Groups"), ".search"]) => {
            let p = search_params(&json_body(body).await?)?;
            let v = if *kind == "Users" {
                users::list(core, &scope, &base, p.filter, p.paging, &p.projection).await?
            } else {
                groups::list(core, &scope, &base, p.filter, p.paging, &p.projection).await?
            };
            ok(v)
        }
        (Method::GET, ["Users"]) => {
            let p = params(&q)?;
            ok(users::list(core, &scope, &base, p.filter, p.paging, &p.projection).await?)
        }
        (Method::POST, ["Users"]) => created(users::create(core, &scope, &base, json_body(body).await?).await?),
        (Method::GET, ["Users", id]) => shown(users::get(core, &scope, &base, user_id(id)?).await?),
        (Method::PUT, ["Users", id]) => {
            shown(users::replace(core, &scope, &base, user_id(id)?, json_body(body).await?).await?)
        }
        (Method::PATCH, ["Users", id]) => {
            shown(users::patch(core, &scope, &base, user_id(id)?, json_body(body).await?).await?)
        }
        (Method::DELETE, ["Users", id]) => {
            users::delete(core, &scope, user_id(id)?).await?;
            no_content()
        }
        (Method::GET, ["Groups"]) => {
            let p = params(&q)?;
            ok(groups::list(core, &scope, &base, p.filter, p.paging, &p.projection).await?)
        }
        (Method::POST, ["Groups"]) => created(groups::create(core, &scope, &base, json_body(body).await?).await?),
        (Method::GET, ["Groups", id]) => shown(groups::get(core, &scope, &base, group_id(id)?, &projection).await?),
        (Method::PUT, ["Groups", id]) => {
            shown(groups::replace(core, &scope, &base, group_id(id)?, json_body(body).await?).await?)
        }
        (Method::PATCH, ["Groups", id]) => {
            shown(groups::patch(core, &scope, &base, group_id(id)?, json_body(body).await?).await?)
        }
        (Method::DELETE, ["Groups", id]) => {
            groups::delete(core, &scope, group_id(id)?).await?;
            no_content()
        }
        (_, ["Users"] | ["Groups"] | ["Users", _] | ["Groups", _]) => {
            Err(ScimError { status: 405, scim_type: None, detail: format!("{} is not supported here", req.method()) })
        }
        _ => Err(not_found()),
    }
}
