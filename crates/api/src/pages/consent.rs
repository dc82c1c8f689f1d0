//! Consent to the institution's terms and privacy notice on the hosted pages (checkboxes on the
//! sign-in and invitation forms, and a form of its own when single sign-on comes back), and single
//! sign-on's return.

use super::*;

/// The documents to accept, as checkboxes, and an error on each.
pub(super) fn consent_fields(
    tenant: &Tenant,
    documents: &[lyceum_core::error::PolicyDocument],
) -> (serde_json::Value, (serde_json::Value, serde_json::Value)) {
    let message = text("consent.required", &[("institution", tenant.name.clone())]);
    let errors: Vec<_> = documents
        .iter()
        .map(|d| lyceum_core::error::FieldError::new(format!("accepted_{}_version", d.document), message.clone()))
        .collect();
    (consent_list(tenant, documents), field_errors(&errors))
}

/// The documents as the pages' consent macro shows them.
pub(super) fn consent_list(tenant: &Tenant, documents: &[lyceum_core::error::PolicyDocument]) -> serde_json::Value {
    let args =
        |d: &lyceum_core::error::PolicyDocument| [("institution", tenant.name.clone()), ("version", d.version.clone())];
    documents
        .iter()
        .map(|d| {
            let label = if d.document == "terms" {
                text("consent.terms", &args(d))
            } else {
                text("consent.privacy_notice", &args(d))
            };
            json!({"document": d.document, "version": d.version, "url": d.url, "label": label})
        })
        .collect()
}

/// Every current document of the institution (what a new person accepts).
pub(super) fn all_documents(tenant: &Tenant) -> Vec<lyceum_core::error::PolicyDocument> {
    let p = &tenant.policies;
    let mut out = Vec::new();
    if let Some(v) = &p.terms_version {
        out.push(lyceum_core::error::PolicyDocument {
            document: "terms",
            version: v.clone(),
            url: p.terms_url.clone(),
        });
    }
    if let Some(v) = &p.privacy_notice_version {
        out.push(lyceum_core::error::PolicyDocument {
            document: "privacy_notice",
            version: v.clone(),
            url: p.privacy_notice_url.clone(),
        });
    }
    out
}

/// What a form's ticked consent boxes accept.
pub(super) fn form_acceptance(form: &Form) -> lyceum_core::identity::consent::Acceptance {
    let field = |name: &str| Some(form.get(name)).filter(|v| !v.trim().is_empty());
    lyceum_core::identity::consent::Acceptance {
        terms_version: field("accepted_terms_version"),
        privacy_notice_version: field("accepted_privacy_notice_version"),
    }
}

/// Where single sign-on comes back to the hosted pages: the one-time code becomes the page's session.
#[handler]
pub(super) async fn sso_return(req: &Request, state: Data<&AppState>, Path(slug): Path<String>) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let query: HashMap<String, String> =
        req.uri().query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let (code, next) = (query.get("code").cloned(), query.get("next").cloned());
    sso_exchange(&state, req, &tenant, code, next, Default::default()).await
}

/// The consent form of a single sign-on return (the person ticks the institution's documents).
#[handler]
pub(super) async fn sso_return_post(
    req: &Request,
    state: Data<&AppState>,
    Path(slug): Path<String>,
    body: Body,
) -> Response {
    let tenant = match institution(&state, &slug, false).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let form = match checked_form(&state, req, body, &PageBrand::of(&tenant)).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let next = Some(form.get("next")).filter(|n| !n.is_empty());
    sso_exchange(&state, req, &tenant, Some(form.get("code")), next, form_acceptance(&form)).await
}

async fn sso_exchange(
    state: &AppState,
    req: &Request,
    tenant: &Tenant,
    code: Option<String>,
    next: Option<String>,
    acceptance: lyceum_core::identity::consent::Acceptance,
) -> Response {
    let sign_in = (text("next.sign_in", &[]), hosted(state, &tenant.slug, Link::SignIn { code: None }));
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return link_invalid(PageBrand::of(tenant), None, Some(sign_in));
    };
    let next = next.and_then(|n| safe_next(&tenant.slug, &n));
    match sessions::exchange(&state.core, &code, acceptance, request_meta(req)).await {
        Ok((session, _)) if session.session.tenant_id == tenant.id => {
            let to = next.unwrap_or_else(|| local_path(&hosted(state, &tenant.slug, Link::Courses)));
            redirect(&to, vec![cookies(state).set_session(&session.token)])
        }
        Err(CoreError::ConsentRequired { documents }) => {
            // The code stays valid (nothing was used): the person accepts, and the form exchanges it.
            let (list, (errors, _)) = consent_fields(tenant, &documents);
            let institution = tenant.name.clone();
            form_page(
                state,
                req,
                "consent.html",
                text("consent.title", &[]),
                PageBrand::of(tenant),
                json!({
                    "action": format!("/p/{}/sso", tenant.slug), "code": code, "next": next,
                    "intro": text("consent.intro", &[("institution", institution)]),
                    "consent": list, "errors": errors, "ferr": {},
                }),
            )
            .into_response()
        }
        Ok(_) | Err(CoreError::Invalid { .. }) => link_invalid(PageBrand::of(tenant), None, Some(sign_in)),
        Err(e) => core_error(PageBrand::of(tenant), e),
    }
}
