//! Hosted pages under `/p/{slug}/`: the moments Lyceum's emails link to, for people rather than API
//! clients. Accepting an invitation, choosing a new password, signing in (and handing over to the
//! institution's app with a one-time code), the learner's courses, billing for owners, and the public
//! certificate page. Rendered on the server (`render`), branded per institution, with CSRF-checked
//! forms and session cookies (`session`), a strict Content-Security-Policy and no referrer. Every
//! failure is a page that says what to do next, never JSON.
//!
//! The links to these pages are built in core (`tenants::links`); `tests/api/pages.rs` follows them.

mod render;
mod session;

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
    render::{text, Page, PageBrand},
    session::Cookies,
};
use crate::{http::auth::request_meta, AppState};

/// The form fields a page accepts are small; anything larger is not a form of ours.
const FORM_LIMIT: usize = 16 * 1024;

/// The routes, nested under `/p`. Unknown paths and methods get the friendly 404 page.
pub fn routes() -> impl poem::Endpoint<Output = Response> {
    Route::new()
        .at("/:slug/sign-in", get(sign_in_page).post(sign_in_post))
        .at("/:slug/sign-out", poem::post(sign_out_post))
        .at("/:slug/sso", get(sso_return))
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

// ---------------------------------------------------------------------------------------------------
// Sign in, sign out

/// The institution's identity providers as sign-in buttons: each starts single sign-on, returning to
/// the institution's app (its sign-in path) or to the hosted pages.
async fn sso_buttons(state: &AppState, req: &Request, tenant: &Tenant, next: Option<&str>) -> Vec<serde_json::Value> {
    let providers =
        identity::sso::enabled_for_sign_in(&state.core, tenant.id, request_meta(req)).await.unwrap_or_default();
    let return_to = match &tenant.app_url {
        Some(_) => links::url(&state.config.server.public_url, tenant, Link::SignIn { code: None }),
        None => {
            let base = format!("{}/p/{}/sso", state.config.server.public_url.trim_end_matches('/'), tenant.slug);
            match next {
                Some(n) => format!("{base}?next={}", urlencode(n)),
                None => base,
            }
        }
    };
    providers
        .into_iter()
        .map(|(id, name)| {
            let url = format!("/v1/auth/sso/{}/start?provider={id}&return_to={}", tenant.slug, urlencode(&return_to));
            json!({"name": name, "url": url})
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn sign_in_form(
    state: &AppState,
    req: &Request,
    tenant: &Tenant,
    email: &str,
    next: Option<String>,
    errors: Option<(serde_json::Value, serde_json::Value)>,
    providers: Vec<serde_json::Value>,
) -> Page {
    let (errors, ferr) = errors.unwrap_or_else(|| (json!([]), json!({})));
    let action = local_path(&hosted(state, &tenant.slug, Link::SignIn { code: None }));
    let reset_url = format!("/p/{}/password-reset", tenant.slug);
    let mut page = form_page(
        state,
        req,
        "sign_in.html",
        text("sign_in.title", &[("institution", tenant.name.clone())]),
        PageBrand::of(tenant),
        json!({
            "action": action, "email": email, "next": next, "reset_url": reset_url,
            "app": tenant.app_url.is_some(), "errors": errors, "ferr": ferr,
            "providers": providers, "sso_required": tenant.sso_required,
        }),
    );
    page.form_target = links::app_origin(tenant);
    page
}

#[derive(serde::Deserialize)]
struct NextQuery {
    next: Option<String>,
}

#[handler]
async fn sign_in_page(
    req: &Request,
    state: Data<&AppState>,
    Path(slug): Path<String>,
    query: poem::web::Query<NextQuery>,
) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let next = query.0.next.and_then(|n| safe_next(&tenant.slug, &n));
    let providers = sso_buttons(&state, req, &tenant, next.as_deref()).await;
    sign_in_form(&state, req, &tenant, "", next, None, providers).into_response()
}

#[handler]
async fn sign_in_post(req: &Request, state: Data<&AppState>, Path(slug): Path<String>, body: Body) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let brand = PageBrand::of(&tenant);
    let form = match checked_form(&state, req, body, &brand).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let (email, password) = (form.get("email"), form.get("password"));
    let next = safe_next(&tenant.slug, &form.get("next"));
    if let Some(d) = state.limits.form_attempt(req, Some((&tenant.slug, &email))) {
        return rate_limited(brand, d.retry_after);
    }
    let input = sessions::LoginInput { tenant: tenant.slug.clone(), email: email.clone(), password };
    let providers = sso_buttons(&state, req, &tenant, next.as_deref()).await;
    let failed = |errors: (serde_json::Value, serde_json::Value)| {
        sign_in_form(&state, req, &tenant, &email, next.clone(), Some(errors), providers.clone())
            .status(StatusCode::BAD_REQUEST)
            .into_response()
    };
    let wrong = || (json!([{"field": "email", "message": text("sign_in.failed", &[])}]), json!({}));
    let use_sso = || (json!([{"field": "email", "message": text("sign_in.use_sso", &[])}]), json!({}));
    if tenant.app_url.is_some() {
        // Hand over to the institution's app with a one-time code; it exchanges the code for a session.
        match sessions::login_for_code(&state.core, input, request_meta(req)).await {
            Ok((tenant, code)) => redirect(
                &links::url(&state.config.server.public_url, &tenant, Link::SignIn { code: Some(&code) }),
                vec![],
            ),
            Err(CoreError::InvalidCredentials) => failed(wrong()),
            Err(CoreError::Forbidden { code: "sso_required", .. }) => failed(use_sso()),
            Err(e) => core_error(brand, e),
        }
    } else {
        match sessions::login(&state.core, input, request_meta(req)).await {
            Ok((session, _)) => {
                let to = next.unwrap_or_else(|| local_path(&hosted(&state, &tenant.slug, Link::Courses)));
                redirect(&to, vec![cookies(&state).set_session(&session.token)])
            }
            Err(CoreError::InvalidCredentials) => failed(wrong()),
            Err(CoreError::Forbidden { code: "sso_required", .. }) => failed(use_sso()),
            Err(e) => core_error(brand, e),
        }
    }
}

/// Where single sign-on comes back to the hosted pages: the one-time code becomes the page's session.
#[handler]
async fn sso_return(req: &Request, state: Data<&AppState>, Path(slug): Path<String>) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let query: HashMap<String, String> =
        req.uri().query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let sign_in = (text("next.sign_in", &[]), hosted(&state, &tenant.slug, Link::SignIn { code: None }));
    let Some(code) = query.get("code") else { return link_invalid(PageBrand::of(&tenant), None, Some(sign_in)) };
    match sessions::exchange(&state.core, code, request_meta(req)).await {
        Ok((session, _)) if session.session.tenant_id == tenant.id => {
            let next = query.get("next").and_then(|n| safe_next(&tenant.slug, n));
            let to = next.unwrap_or_else(|| local_path(&hosted(&state, &tenant.slug, Link::Courses)));
            redirect(&to, vec![cookies(&state).set_session(&session.token)])
        }
        Ok(_) | Err(CoreError::Invalid { .. }) => link_invalid(PageBrand::of(&tenant), None, Some(sign_in)),
        Err(e) => core_error(PageBrand::of(&tenant), e),
    }
}

#[handler]
async fn sign_out_post(req: &Request, state: Data<&AppState>, Path(slug): Path<String>, body: Body) -> Response {
    let tenant = match institution(&state, &slug, true).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let brand = PageBrand::of(&tenant);
    if let Err(resp) = checked_form(&state, req, body, &brand).await {
        return resp;
    }
    let c = cookies(&state);
    if let Some(token) = c.session(req) {
        if let Ok(scope) = identity::authenticate(&state.core, &token, request_meta(req)).await {
            if let Err(e) = sessions::logout(&state.core, &scope).await {
                return core_error(brand, e);
            }
        }
    }
    let sign_in = (text("next.sign_in", &[]), hosted(&state, &tenant.slug, Link::SignIn { code: None }));
    message(
        brand,
        StatusCode::OK,
        text("signed_out.title", &[]),
        vec![text("signed_out.body", &[("institution", tenant.name.clone())])],
        Some(sign_in),
    )
    .cookie(Some(c.clear_session()))
    .into_response()
}

// ---------------------------------------------------------------------------------------------------
// Password reset: ask for a link, then choose a new password

fn reset_request_form(state: &AppState, req: &Request, tenant: &Tenant, email: &str) -> Page {
    form_page(
        state,
        req,
        "password_reset_request.html",
        text("reset_request.title", &[]),
        PageBrand::of(tenant),
        json!({"action": format!("/p/{}/password-reset", tenant.slug), "email": email}),
    )
}

#[handler]
async fn reset_request_page(req: &Request, state: Data<&AppState>, Path(slug): Path<String>) -> Response {
    match institution(&state, &slug, false).await {
        Ok(tenant) => reset_request_form(&state, req, &tenant, "").into_response(),
        Err(resp) => resp,
    }
}

#[handler]
async fn reset_request_post(req: &Request, state: Data<&AppState>, Path(slug): Path<String>, body: Body) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let brand = PageBrand::of(&tenant);
    let form = match checked_form(&state, req, body, &brand).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let email = form.get("email").trim().to_string();
    if lyceum_core::identity::normalize_email(&email).is_err() {
        let m = text("error.email", &[]);
        let mut page = reset_request_form(&state, req, &tenant, &email).status(StatusCode::BAD_REQUEST);
        if let serde_json::Value::Object(map) = &mut page.context {
            map.insert("errors".into(), json!([{"field": "email", "message": m}]));
            map.insert("ferr".into(), json!({"email": m}));
        }
        return page.into_response();
    }
    if let Some(d) = state.limits.form_attempt(req, Some((&tenant.slug, &email))) {
        return rate_limited(brand, d.retry_after);
    }
    if let Err(e) = manage::request_password_reset(&state.core, &tenant.slug, &email, request_meta(req)).await {
        return core_error(brand, e);
    }
    message(
        brand,
        StatusCode::OK,
        text("reset_request.sent.title", &[]),
        vec![text("reset_request.sent.body", &[("email", email), ("institution", tenant.name.clone())])],
        None,
    )
    .into_response()
}

/// The holder of a still-valid code of `tenant`, or the "link no longer works" page.
async fn holder(
    state: &AppState,
    req: &Request,
    tenant: &Tenant,
    purpose: Purpose,
    code: &str,
) -> Result<lyceum_core::identity::User, Response> {
    let remedy = |state: &AppState| match purpose {
        Purpose::Invitation => (Some(text("error.link.invitation", &[])), None),
        _ => (None, Some((text("next.request_new_link", &[]), hosted_reset_request(state, &tenant.slug)))),
    };
    match manage::code_holder(&state.core, purpose, code, request_meta(req)).await {
        Ok((t, user)) if t == tenant.id => Ok(user),
        Ok(_) | Err(CoreError::Invalid { .. }) | Err(CoreError::NotFound { .. }) => {
            let (remedy, next) = remedy(state);
            Err(link_invalid(PageBrand::of(tenant), remedy, next))
        }
        Err(e) => Err(core_error(PageBrand::of(tenant), e)),
    }
}

/// The start of every set-password post: the institution, its brand, the CSRF-checked form (drawing
/// from the address's rate limit) and the person the code is for; or the page that ends it.
async fn code_form(
    state: &AppState,
    req: &Request,
    slug: &str,
    code: &str,
    purpose: Purpose,
    body: Body,
) -> Result<(Tenant, PageBrand, Form, lyceum_core::identity::User), Response> {
    let tenant = institution(state, slug, false).await?;
    let brand = PageBrand::of(&tenant);
    let form = checked_form(state, req, body, &brand).await?;
    if let Some(d) = state.limits.form_attempt(req, None) {
        return Err(rate_limited(brand, d.retry_after));
    }
    let user = holder(state, req, &tenant, purpose, code).await?;
    Ok((tenant, brand, form, user))
}

fn hosted_reset_request(state: &AppState, slug: &str) -> String {
    format!("{}/p/{slug}/password-reset", state.config.server.public_url.trim_end_matches('/'))
}

struct SetPassword<'a> {
    tenant: &'a Tenant,
    user: &'a lyceum_core::identity::User,
    action: String,
    invitation: bool,
    name: String,
    errors: Option<(serde_json::Value, serde_json::Value)>,
}

fn set_password_form(state: &AppState, req: &Request, f: SetPassword<'_>) -> Page {
    let (errors, ferr) = f.errors.unwrap_or_else(|| (json!([]), json!({})));
    let institution = f.tenant.name.clone();
    let (title, intro, submit) = if f.invitation {
        (
            text("invite.title", &[("institution", institution.clone())]),
            text("invite.intro", &[("institution", institution), ("email", f.user.email.clone())]),
            text("invite.submit", &[]),
        )
    } else {
        (
            text("reset.title", &[]),
            text("reset.intro", &[("institution", institution), ("email", f.user.email.clone())]),
            text("reset.submit", &[]),
        )
    };
    form_page(
        state,
        req,
        "set_password.html",
        title,
        PageBrand::of(f.tenant),
        json!({
            "action": f.action, "intro": intro, "submit": submit, "ask_name": f.invitation,
            "name": f.name, "email": f.user.email, "errors": errors, "ferr": ferr,
        }),
    )
}

/// The passwords of a set-password form, or its errors (the two must match).
fn passwords(form: &Form) -> Result<String, (serde_json::Value, serde_json::Value)> {
    let (password, confirm) = (form.get("password"), form.get("password_confirm"));
    if password != confirm {
        let m = text("error.password_mismatch", &[]);
        return Err((json!([{"field": "password_confirm", "message": m}]), json!({"password_confirm": m})));
    }
    Ok(password)
}

#[handler]
async fn reset_page(req: &Request, state: Data<&AppState>, Path((slug, code)): Path<(String, String)>) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let user = match holder(&state, req, &tenant, Purpose::PasswordReset, &code).await {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let action = format!("/p/{}/password-reset/{code}", tenant.slug);
    let f = SetPassword { tenant: &tenant, user: &user, action, invitation: false, name: String::new(), errors: None };
    set_password_form(&state, req, f).into_response()
}

#[handler]
async fn reset_post(
    req: &Request,
    state: Data<&AppState>,
    Path((slug, code)): Path<(String, String)>,
    body: Body,
) -> Response {
    let (tenant, brand, form, user) = match code_form(&state, req, &slug, &code, Purpose::PasswordReset, body).await {
        Ok(found) => found,
        Err(resp) => return resp,
    };
    let action = format!("/p/{}/password-reset/{code}", tenant.slug);
    let again = |errors| {
        let f = SetPassword {
            tenant: &tenant,
            user: &user,
            action: action.clone(),
            invitation: false,
            name: String::new(),
            errors: Some(errors),
        };
        set_password_form(&state, req, f).status(StatusCode::BAD_REQUEST).into_response()
    };
    let password = match passwords(&form) {
        Ok(p) => p,
        Err(errors) => return again(errors),
    };
    match manage::confirm_password_reset(&state.core, &code, &password, request_meta(req)).await {
        Ok(()) => {
            let sign_in = links::url(&state.config.server.public_url, &tenant, Link::SignIn { code: None });
            message(
                brand,
                StatusCode::OK,
                text("reset.done.title", &[]),
                vec![text("reset.done.body", &[])],
                Some((text("next.sign_in", &[]), sign_in)),
            )
            .cookie(Some(cookies(&state).clear_session()))
            .into_response()
        }
        Err(CoreError::Invalid { errors }) if errors.iter().any(|e| e.field == "token") => {
            link_invalid(brand, None, Some((text("next.request_new_link", &[]), hosted_reset_request(&state, &slug))))
        }
        Err(CoreError::Invalid { errors }) => again(field_errors(&errors)),
        Err(e) => core_error(brand, e),
    }
}

// ---------------------------------------------------------------------------------------------------
// Invitations

#[handler]
async fn invitation_page(
    req: &Request,
    state: Data<&AppState>,
    Path((slug, code)): Path<(String, String)>,
) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let user = match holder(&state, req, &tenant, Purpose::Invitation, &code).await {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    if tenant.sso_required && user.role != lyceum_core::identity::permissions::Role::Owner {
        // No password here: the person signs in with the institution's provider, which vouches for the
        // invited email address (the account becomes active then).
        let buttons: Vec<_> = sso_buttons(&state, req, &tenant, None)
            .await
            .into_iter()
            .map(|b| json!({"name": text("invite.continue_with", &[("provider", b["name"].as_str().unwrap_or("").to_string())]), "url": b["url"]}))
            .collect();
        let institution = tenant.name.clone();
        let intro = text("invite.sso_intro", &[("institution", institution.clone()), ("email", user.email.clone())]);
        return Page::new(
            "message.html",
            text("invite.title", &[("institution", institution)]),
            PageBrand::of(&tenant),
            json!({"paragraphs": [intro], "buttons": buttons}),
        )
        .into_response();
    }
    let action = format!("/p/{}/invitation/{code}", tenant.slug);
    let name = user.name.clone();
    let f = SetPassword { tenant: &tenant, user: &user, action, invitation: true, name, errors: None };
    set_password_form(&state, req, f).into_response()
}

#[handler]
async fn invitation_post(
    req: &Request,
    state: Data<&AppState>,
    Path((slug, code)): Path<(String, String)>,
    body: Body,
) -> Response {
    let (tenant, brand, form, user) = match code_form(&state, req, &slug, &code, Purpose::Invitation, body).await {
        Ok(found) => found,
        Err(resp) => return resp,
    };
    let name = form.get("name").trim().to_string();
    let action = format!("/p/{}/invitation/{code}", tenant.slug);
    let again = |errors| {
        let f = SetPassword {
            tenant: &tenant,
            user: &user,
            action: action.clone(),
            invitation: true,
            name: name.clone(),
            errors: Some(errors),
        };
        set_password_form(&state, req, f).status(StatusCode::BAD_REQUEST).into_response()
    };
    let password = match passwords(&form) {
        Ok(p) => p,
        Err(errors) => return again(errors),
    };
    let new_name = (!name.is_empty()).then(|| name.clone());
    match manage::accept_invitation(&state.core, &code, &password, new_name, request_meta(req)).await {
        Ok((_, session)) => {
            let institution = tenant.name.clone();
            let (next, cookie) = if tenant.app_url.is_some() {
                let url = links::url(&state.config.server.public_url, &tenant, Link::SignIn { code: None });
                ((text("next.app", &[("institution", institution.clone())]), url), None)
            } else {
                let url = hosted(&state, &tenant.slug, Link::Courses);
                ((text("next.courses", &[]), url), Some(cookies(&state).set_session(&session.token)))
            };
            message(
                brand,
                StatusCode::OK,
                text("invite.done.title", &[("institution", institution)]),
                vec![text("invite.done.body", &[])],
                Some(next),
            )
            .cookie(cookie)
            .into_response()
        }
        Err(CoreError::Invalid { errors }) if errors.iter().any(|e| e.field == "token") => {
            link_invalid(brand, Some(text("error.link.invitation", &[])), None)
        }
        Err(CoreError::Invalid { errors }) => again(field_errors(&errors)),
        Err(e) => core_error(brand, e),
    }
}

// ---------------------------------------------------------------------------------------------------
// Signed in: courses and billing

#[handler]
async fn courses_page(req: &Request, state: Data<&AppState>, Path(slug): Path<String>) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let here = local_path(&hosted(&state, &tenant.slug, Link::Courses));
    let scope = match signed_in(&state, req, &tenant, &here).await {
        Ok(s) => s,
        Err(resp) => return resp,
    };
    let brand = PageBrand::of(&tenant);
    let page = match PageRequest::new(Some(100), None) {
        Ok(p) => p,
        Err(e) => return core_error(brand, e),
    };
    let list = match enrollments::list_mine(&state.core, &scope, None, page).await {
        Ok(l) => l,
        Err(e) => return core_error(brand, e),
    };
    let courses: Vec<_> = list
        .items
        .iter()
        .map(|e| {
            json!({
                "title": e.course_title,
                "status": e.status.as_str(),
                "completed": e.progress.completed_lessons,
                "total": e.progress.total_lessons,
                "percent": e.progress.percent,
                "due": e.due_at.map(|d| human_date(d.into())),
            })
        })
        .collect();
    let sign_out = format!("/p/{}/sign-out", tenant.slug);
    form_page(
        &state,
        req,
        "courses.html",
        text("courses.title", &[]),
        brand,
        json!({"courses": courses, "more": list.next_cursor.is_some(), "sign_out": sign_out}),
    )
    .into_response()
}

fn human_date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %B %Y").to_string()
}

async fn billing_scope(state: &AppState, req: &Request, tenant: &Tenant) -> Result<TenantScope, Response> {
    let here = local_path(&hosted(state, &tenant.slug, Link::Billing));
    signed_in(state, req, tenant, &here).await
}

fn billing_error(state: &AppState, tenant: &Tenant, e: CoreError) -> Response {
    let brand = PageBrand::of(tenant);
    let institution = tenant.name.clone();
    match e {
        CoreError::Forbidden { .. } => {
            let sign_out = (text("next.sign_in", &[]), hosted(state, &tenant.slug, Link::SignIn { code: None }));
            message(
                brand,
                StatusCode::FORBIDDEN,
                text("billing.title", &[("institution", institution.clone())]),
                vec![text("billing.forbidden", &[("institution", institution)])],
                Some(sign_out),
            )
            .into_response()
        }
        CoreError::Unavailable { .. } => message(
            brand,
            StatusCode::SERVICE_UNAVAILABLE,
            text("billing.title", &[("institution", institution)]),
            vec![text("billing.unavailable", &[])],
            None,
        )
        .into_response(),
        e => core_error(brand, e),
    }
}

#[handler]
async fn billing_page(req: &Request, state: Data<&AppState>, Path(slug): Path<String>) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let scope = match billing_scope(&state, req, &tenant).await {
        Ok(s) => s,
        Err(resp) => return resp,
    };
    if let Err(e) = scope.require(lyceum_core::identity::permissions::Permission::BillingRead) {
        return billing_error(&state, &tenant, e);
    }
    let s = match billing::subscription(&state.core, &scope).await {
        Ok(s) => s,
        Err(e) => return billing_error(&state, &tenant, e),
    };
    let view = json!({
        "status": s.status, "plan": s.plan, "seats_used": s.seats_used, "seat_limit": s.seat_limit,
        "read_only": s.read_only,
        "trial_ends_at": s.trial_ends_at.map(|t| human_date(t.into())),
        "current_period_end": s.current_period_end.map(|t| human_date(t.into())),
    });
    form_page(
        &state,
        req,
        "billing.html",
        text("billing.title", &[("institution", tenant.name.clone())]),
        PageBrand::of(&tenant),
        json!({"s": view, "action": format!("/p/{}/billing", tenant.slug), "sign_out": format!("/p/{}/sign-out", tenant.slug)}),
    )
    .into_response()
}

#[handler]
async fn billing_post(req: &Request, state: Data<&AppState>, Path(slug): Path<String>, body: Body) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let brand = PageBrand::of(&tenant);
    if let Err(resp) = checked_form(&state, req, body, &brand).await {
        return resp;
    }
    let scope = match billing_scope(&state, req, &tenant).await {
        Ok(s) => s,
        Err(resp) => return resp,
    };
    let back = hosted(&state, &tenant.slug, Link::Billing);
    match billing::portal(&state.core, &scope, Some(back), None).await {
        // A link rather than a redirect: this page's forms lead only to Lyceum (its policy), and the
        // portal's address is Stripe's.
        Ok(url) => message(
            brand,
            StatusCode::OK,
            text("billing.portal.title", &[]),
            vec![text("billing.portal.body", &[("institution", tenant.name.clone())])],
            Some((text("billing.portal.open", &[]), url)),
        )
        .into_response(),
        Err(e) => billing_error(&state, &tenant, e),
    }
}

// ---------------------------------------------------------------------------------------------------
// The public certificate page

async fn verified(
    state: &AppState,
    req: &Request,
    slug: &str,
    code: &str,
) -> Result<(Tenant, certificates::Verification), Response> {
    let tenant = institution(state, slug, true).await?;
    match certificates::verify(&state.core, code, request_meta(req)).await {
        Ok(v) if v.issuer_id == tenant.id => Ok((tenant, v)),
        Ok(_) | Err(CoreError::NotFound { .. }) => Err(not_found(PageBrand::of(&tenant)).into_response()),
        Err(e) => Err(core_error(PageBrand::of(&tenant), e)),
    }
}

#[handler]
async fn certificate_page(
    req: &Request,
    state: Data<&AppState>,
    Path((slug, code)): Path<(String, String)>,
) -> Response {
    let (tenant, v) = match verified(&state, req, &slug, &code).await {
        Ok(found) => found,
        Err(resp) => return resp,
    };
    let issuer = v.issuer_name.clone();
    let issued_on = human_date(v.issued_at.into());
    let (verdict, detail) = if v.valid {
        (text("certificate.valid", &[]), text("certificate.valid.detail", &[("issuer", issuer.clone())]))
    } else if !v.signature_valid {
        (text("certificate.bad_signature", &[]), text("certificate.bad_signature.detail", &[]))
    } else if v.revoked {
        let date = v.revoked_at.map(|t| human_date(t.into())).unwrap_or_default();
        let reason = v.revoked_reason.clone().unwrap_or_default();
        (
            text("certificate.revoked", &[]),
            text("certificate.revoked.detail", &[("issuer", issuer.clone()), ("date", date), ("reason", reason)]),
        )
    } else {
        (
            text("certificate.issuer_inactive", &[]),
            text(
                "certificate.issuer_inactive.detail",
                &[("issuer", issuer.clone()), ("status", v.issuer_status.to_string())],
            ),
        )
    };
    let description = text(
        "certificate.og.description",
        &[
            ("recipient", v.recipient_name.clone()),
            ("course", v.course_title.clone()),
            ("issuer", issuer),
            ("date", issued_on.clone()),
        ],
    );
    let base = state.config.server.public_url.trim_end_matches('/');
    let page_url = hosted(&state, &tenant.slug, Link::Certificate { code: &v.code });
    let context = json!({
        "v": {
            "valid": v.valid, "recipient_name": v.recipient_name, "course_title": v.course_title,
            "issuer_name": v.issuer_name, "code": v.code,
            "changed_since_issuance": !v.changed_since_issuance.is_empty(),
        },
        "verdict": verdict, "verdict_detail": detail, "issued_on": issued_on,
        "description": description, "page_url": page_url,
        "json_url": format!("{base}/v1/certificates/{}", v.code),
        "jws_url": format!("{page_url}/jws"),
    });
    let mut page = Page::new(
        "certificate.html",
        text("certificate.title", &[("course", v.course_title.clone())]),
        PageBrand::of(&tenant),
        context,
    );
    page.public = true;
    page.into_response()
}

/// The signed credential as a compact JWS (`application/jose`), to check offline against the issuer's
/// key (`GET /v1/issuers/{tenant_id}`).
#[handler]
async fn certificate_jws(
    req: &Request,
    state: Data<&AppState>,
    Path((slug, code)): Path<(String, String)>,
) -> Response {
    match verified(&state, req, &slug, &code).await {
        Ok((_, v)) => Response::builder()
            .content_type("application/jose")
            .header("x-content-type-options", "nosniff")
            .header(header::CACHE_CONTROL, "public, max-age=60")
            .body(v.signature),
        Err(resp) => resp,
    }
}
