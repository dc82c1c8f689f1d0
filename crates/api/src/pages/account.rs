//! Signing in and out (with single sign-on), choosing a new password, accepting an invitation.

use super::*;

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
    consent: serde_json::Value,
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
            "providers": providers, "sso_required": tenant.sso_required, "consent": consent,
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
pub(super) async fn sign_in_page(
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
    sign_in_form(&state, req, &tenant, "", next, None, providers, json!([])).into_response()
}

#[handler]
pub(super) async fn sign_in_post(
    req: &Request,
    state: Data<&AppState>,
    Path(slug): Path<String>,
    body: Body,
) -> Response {
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
    if let Some(d) = state.limits.form_attempt(req, Some((&tenant.slug, &email))).await {
        return rate_limited(brand, d.retry_after);
    }
    let acceptance = form_acceptance(&form);
    let input = sessions::LoginInput { tenant: tenant.slug.clone(), email: email.clone(), password, acceptance };
    let providers = sso_buttons(&state, req, &tenant, next.as_deref()).await;
    let failed = |errors: (serde_json::Value, serde_json::Value), consent: serde_json::Value| {
        sign_in_form(&state, req, &tenant, &email, next.clone(), Some(errors), providers.clone(), consent)
            .status(StatusCode::BAD_REQUEST)
            .into_response()
    };
    let consent_failed = |documents: &[lyceum_core::error::PolicyDocument]| {
        let (list, errors) = consent_fields(&tenant, documents);
        failed(errors, list)
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
            Err(CoreError::InvalidCredentials) => failed(wrong(), json!([])),
            Err(CoreError::Forbidden { code: "sso_required", .. }) => failed(use_sso(), json!([])),
            Err(CoreError::ConsentRequired { documents }) => consent_failed(&documents),
            Err(e) => core_error(brand, e),
        }
    } else {
        match sessions::login(&state.core, input, request_meta(req)).await {
            Ok((session, _)) => {
                let to = next.unwrap_or_else(|| local_path(&hosted(&state, &tenant.slug, Link::Courses)));
                redirect(&to, vec![cookies(&state).set_session(&session.token)])
            }
            Err(CoreError::InvalidCredentials) => failed(wrong(), json!([])),
            Err(CoreError::Forbidden { code: "sso_required", .. }) => failed(use_sso(), json!([])),
            Err(CoreError::ConsentRequired { documents }) => consent_failed(&documents),
            Err(e) => core_error(brand, e),
        }
    }
}

#[handler]
pub(super) async fn sign_out_post(
    req: &Request,
    state: Data<&AppState>,
    Path(slug): Path<String>,
    body: Body,
) -> Response {
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
pub(super) async fn reset_request_page(req: &Request, state: Data<&AppState>, Path(slug): Path<String>) -> Response {
    match institution(&state, &slug, false).await {
        Ok(tenant) => reset_request_form(&state, req, &tenant, "").into_response(),
        Err(resp) => resp,
    }
}

#[handler]
pub(super) async fn reset_request_post(
    req: &Request,
    state: Data<&AppState>,
    Path(slug): Path<String>,
    body: Body,
) -> Response {
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
    if let Some(d) = state.limits.form_attempt(req, Some((&tenant.slug, &email))).await {
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
    if let Some(d) = state.limits.form_attempt(req, None).await {
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

impl SetPassword<'_> {
    /// An invitation asks the person to accept the institution's current documents.
    fn consent(&self) -> serde_json::Value {
        if self.invitation {
            consent_list(self.tenant, &all_documents(self.tenant))
        } else {
            json!([])
        }
    }
}

fn set_password_form(state: &AppState, req: &Request, f: SetPassword<'_>) -> Page {
    let consent = f.consent();
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
            "name": f.name, "email": f.user.email, "errors": errors, "ferr": ferr, "consent": consent,
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
pub(super) async fn reset_page(
    req: &Request,
    state: Data<&AppState>,
    Path((slug, code)): Path<(String, String)>,
) -> Response {
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
pub(super) async fn reset_post(
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
pub(super) async fn invitation_page(
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
pub(super) async fn invitation_post(
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
    let acceptance = form_acceptance(&form);
    match manage::accept_invitation(&state.core, &code, &password, new_name, acceptance, request_meta(req)).await {
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
        Err(CoreError::ConsentRequired { documents }) => again(consent_fields(&tenant, &documents).1),
        Err(e) => core_error(brand, e),
    }
}
