//! Pages for someone signed in: their courses, and billing for owners and admins.

use super::*;

// ---------------------------------------------------------------------------------------------------
// Signed in: courses and billing

#[handler]
pub(super) async fn courses_page(req: &Request, state: Data<&AppState>, Path(slug): Path<String>) -> Response {
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
pub(super) async fn billing_page(req: &Request, state: Data<&AppState>, Path(slug): Path<String>) -> Response {
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
pub(super) async fn billing_post(
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
