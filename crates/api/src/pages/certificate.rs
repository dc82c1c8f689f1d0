//! The public certificate page and its signed credential.

use super::*;

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
pub(super) async fn certificate_page(
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
pub(super) async fn certificate_jws(
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
