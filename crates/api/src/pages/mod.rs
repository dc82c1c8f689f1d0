//! Hosted pages under `/p/{slug}/`: the moments Lyceum's emails link to, for people rather than API
//! clients. Accepting an invitation, choosing a new password, signing in (and handing over to the
//! institution's app with a one-time code), the learner's courses, billing for owners, and the public
//! certificate page. Rendered on the server (`render`), branded per institution, with CSRF-checked
//! forms and session cookies (`session`), a strict Content-Security-Policy and no referrer. Every
//! failure is a page that says what to do next, never JSON.
//!
//! The links to these pages are built in core (`tenants::links`); `tests/api/pages.rs` follows them.

mod account;
mod certificate;
mod consent;
mod render;
mod session;
mod signed_in;

use std::collections::HashMap;

use lyceum_core::{
    billing, certificates, enrollments,
    identity::{self, manage, sessions, user_tokens::Purpose},
    pagination::PageRequest,
    tenants::{
        self,
        links::{self, Link},
        Tenant, TenantStatus,
    },
    Error as CoreError, TenantScope,
};
use poem::{
    get, handler,
    http::{header, StatusCode},
    web::{Data, Path},
    Body, EndpointExt, Request, Response, Route,
};
use serde_json::json;

use self::{
    account::*,
    certificate::*,
    consent::*,
    render::{text, Page, PageBrand},
    session::Cookies,
    signed_in::*,
};
use crate::{http::auth::request_meta, AppState};

/// The form fields a page accepts are small; anything larger is not a form of ours.
const FORM_LIMIT: usize = 16 * 1024;

/// The routes, nested under `/p`. Unknown paths and methods get the friendly 404 page.
pub fn routes() -> impl poem::Endpoint<Output = Response> {
    Route::new()
        .at("/:slug/sign-in", get(sign_in_page).post(sign_in_post))
        .at("/:slug/sign-out", poem::post(sign_out_post))
        .at("/:slug/sso", get(sso_return).post(sso_return_post))
        .at("/:slug/password-reset", get(reset_request_page).post(reset_request_post))
        .at("/:slug/password-reset/:code", get(reset_page).post(reset_post))
        .at("/:slug/invitation/:code", get(invitation_page).post(invitation_post))
        .at("/:slug/courses", get(courses_page))
        .at("/:slug/billing", get(billing_page).post(billing_post))
        .at("/:slug/certificates/:code", get(certificate_page))
        .at("/:slug/certificates/:code/jws", get(certificate_jws))
        .catch_all_error(|_| async { not_found(PageBrand::lyceum()).into_response() })
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces

fn cookies(state: &AppState) -> Cookies {
    Cookies::new(&state.config.server.public_url)
}

fn hosted(state: &AppState, slug: &str, link: Link<'_>) -> String {
    links::hosted(&state.config.server.public_url, slug, link)
}

/// The hosted page's own path (forms post to it; `next` must be one of ours).
fn local_path(url: &str) -> String {
    match url.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string())) {
        Some(path) => path,
        None => url.to_string(),
    }
}

/// The institution named by the path; pages other than the certificate's refuse one that is
/// suspended or deleted.
async fn institution(state: &AppState, slug: &str, any_status: bool) -> Result<Tenant, Response> {
    let slug = slug.trim().to_ascii_lowercase();
    if slug.is_empty() || slug.len() > 63 || !slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(not_found(PageBrand::lyceum()).into_response());
    }
    match tenants::lookup(state.core.db(), &slug).await {
        Ok(t) if !any_status && matches!(t.status, TenantStatus::Suspended | TenantStatus::Deleted) => {
            let brand = PageBrand::of(&t);
            let body = text("error.unavailable.body", &[("institution", t.name.clone())]);
            Err(message(brand, StatusCode::FORBIDDEN, text("error.unavailable.title", &[]), vec![body], None)
                .into_response())
        }
        Ok(t) => Ok(t),
        Err(CoreError::NotFound { .. }) => Err(not_found(PageBrand::lyceum()).into_response()),
        Err(e) => Err(core_error(PageBrand::lyceum(), e)),
    }
}

fn message(
    brand: PageBrand,
    status: StatusCode,
    title: String,
    paragraphs: Vec<String>,
    next: Option<(String, String)>,
) -> Page {
    let next = next.map(|(label, url)| json!({"label": label, "url": url}));
    Page::new("message.html", title, brand, json!({"paragraphs": paragraphs, "next": next})).status(status)
}

fn not_found(brand: PageBrand) -> Page {
    message(
        brand,
        StatusCode::NOT_FOUND,
        text("error.not_found.title", &[]),
        vec![text("error.not_found.body", &[])],
        None,
    )
}

fn link_invalid(brand: PageBrand, remedy: Option<String>, next: Option<(String, String)>) -> Response {
    let mut paragraphs = vec![text("error.link.body", &[])];
    paragraphs.extend(remedy);
    message(brand, StatusCode::BAD_REQUEST, text("error.link.title", &[]), paragraphs, next).into_response()
}

fn csrf_failed(brand: PageBrand) -> Response {
    message(brand, StatusCode::FORBIDDEN, text("error.csrf.title", &[]), vec![text("error.csrf.body", &[])], None)
        .into_response()
}

fn rate_limited(brand: PageBrand, seconds: u64) -> Response {
    let mut page = message(
        brand,
        StatusCode::TOO_MANY_REQUESTS,
        text("error.rate.title", &[]),
        vec![text("error.rate.body", &[("seconds", seconds.to_string())])],
        None,
    );
    page.retry_after = Some(seconds);
    page.into_response()
}

/// A core error as a page: what the person can do about it, never internals.
fn core_error(brand: PageBrand, e: CoreError) -> Response {
    match e {
        CoreError::Overloaded { retry_after, .. } => {
            let mut page = message(
                brand,
                StatusCode::SERVICE_UNAVAILABLE,
                text("error.busy.title", &[]),
                vec![text("error.busy.body", &[("seconds", retry_after.to_string())])],
                None,
            );
            page.retry_after = Some(retry_after);
            page.into_response()
        }
        CoreError::NotFound { .. } => not_found(brand).into_response(),
        CoreError::Forbidden { code: "tenant_suspended", .. } => {
            let body = text("error.unavailable.body", &[("institution", brand.name.clone())]);
            message(brand, StatusCode::FORBIDDEN, text("error.unavailable.title", &[]), vec![body], None)
                .into_response()
        }
        CoreError::Internal(_) | CoreError::Upstream { .. } | CoreError::Unavailable { .. } => {
            tracing::error!(error = %e, "a hosted page failed");
            let reference = crate::http::request_id::current().unwrap_or_default();
            message(
                brand,
                StatusCode::INTERNAL_SERVER_ERROR,
                text("error.server.title", &[]),
                vec![text("error.server.body", &[("request_id", reference)])],
                None,
            )
            .into_response()
        }
        // What remains says what was wrong in words meant for people (a conflict, a limit).
        other => {
            message(brand, StatusCode::BAD_REQUEST, text("error.server.title", &[]), vec![other.to_string()], None)
                .into_response()
        }
    }
}

fn redirect(to: &str, cookies: Vec<String>) -> Response {
    let mut resp = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .header("referrer-policy", "no-referrer")
        .header(header::CACHE_CONTROL, "no-store")
        .finish();
    for c in cookies {
        if let Ok(v) = header::HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

async fn read_form(body: Body) -> Option<HashMap<String, String>> {
    let bytes = body.into_bytes_limit(FORM_LIMIT).await.ok()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).ok()?;
    Some(pairs.into_iter().collect())
}

/// A posted form that passed the CSRF check, or the page that says it did not.
async fn checked_form(state: &AppState, req: &Request, body: Body, brand: &PageBrand) -> Result<Form, Response> {
    let Some(fields) = read_form(body).await else { return Err(csrf_failed(brand.clone())) };
    let c = cookies(state);
    if !c.csrf_ok(req, &state.config.server.public_url, fields.get("csrf").map(String::as_str)) {
        return Err(csrf_failed(brand.clone()));
    }
    Ok(Form(fields))
}

struct Form(HashMap<String, String>);

impl Form {
    fn get(&self, name: &str) -> String {
        self.0.get(name).cloned().unwrap_or_default()
    }
}

/// Field errors from core, for the form: `(summary, per field)`.
fn field_errors(errors: &[lyceum_core::error::FieldError]) -> (serde_json::Value, serde_json::Value) {
    let list: Vec<_> = errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect();
    let map: serde_json::Map<_, _> = errors.iter().map(|e| (e.field.clone(), json!(e.message))).collect();
    (json!(list), serde_json::Value::Object(map))
}

/// The signed-in person of the hosted pages, in `tenant`, or the redirect to its sign-in page.
async fn signed_in(state: &AppState, req: &Request, tenant: &Tenant, here: &str) -> Result<TenantScope, Response> {
    let to_sign_in = || {
        let url = format!("{}?next={}", hosted(state, &tenant.slug, Link::SignIn { code: None }), urlencode(here));
        redirect(&url, vec![])
    };
    let Some(token) = cookies(state).session(req) else { return Err(to_sign_in()) };
    match identity::authenticate(&state.core, &token, request_meta(req)).await {
        Ok(scope) if scope.tenant_id() == tenant.id => Ok(scope),
        Ok(_) | Err(CoreError::Unauthenticated) => Err(to_sign_in()),
        Err(e) => Err(core_error(PageBrand::of(tenant), e)),
    }
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|q| q[1..].to_string()).unwrap_or_default()
}

/// `next` after sign-in: only a hosted page of the same institution.
fn safe_next(slug: &str, next: &str) -> Option<String> {
    let prefix = format!("/p/{slug}/");
    (next.starts_with(&prefix) && !next.contains("//") && !next.contains('\\') && !next.contains(".."))
        .then(|| next.to_string())
}

fn form_page(
    state: &AppState,
    req: &Request,
    template: &'static str,
    title: String,
    brand: PageBrand,
    mut context: serde_json::Value,
) -> Page {
    let (csrf, set) = cookies(state).csrf(req);
    if let serde_json::Value::Object(map) = &mut context {
        map.insert("csrf".into(), csrf.into());
    }
    Page::new(template, title, brand, context).cookie(set)
}

fn human_date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %B %Y").to_string()
}
