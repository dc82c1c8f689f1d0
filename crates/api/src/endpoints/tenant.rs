//! `GET /v1/tenant`: the caller's institution.

use lyceum_core::{enrollments, tenants};
use poem::web::Data;
use poem_openapi::{payload::Json, types::MaybeUndefined, ApiResponse, Object, OpenApi};

pub(crate) use super::views::PoliciesView;
use super::{
    views::{etag, AppPathsView, TenantView},
    Tag,
};
use crate::http::if_match::IfMatch;
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

/// Changes to the institution; absent fields stay as they are.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateTenant {
    /// 1-200 characters; shown in emails and on certificates issued from now on.
    pub name: Option<String>,
    /// Colour of the institution's emails, `#rrggbb`; `null` restores Lyceum's.
    #[serde(default)]
    pub brand_color: MaybeUndefined<String>,
    /// Where replies to the institution's emails go (an email address); `null` removes it.
    #[serde(default)]
    pub reply_to: MaybeUndefined<String>,
    /// The institution's own front end (an https URL without query or fragment): its emails link
    /// there instead of to Lyceum's hosted pages (see `TenantView.app_links`); `null` restores the
    /// hosted pages.
    #[serde(default)]
    pub app_url: MaybeUndefined<String>,
    /// Paths on `app_url` per kind of link, each starting with `/`; replaces all of them (absent kinds
    /// take their defaults); `null` restores the defaults.
    #[serde(default)]
    pub app_paths: MaybeUndefined<AppPathsView>,
    /// Require single sign-on for everyone but the owners: password sign-in answers 403
    /// `sso_required` for them. Needs an enabled identity provider (409 `no_identity_provider`).
    pub sso_required: Option<bool>,
    /// The current version of the institution's terms (up to 64 characters); once set, each person
    /// must accept it before they sign in. `null` removes it.
    #[serde(default)]
    pub terms_version: MaybeUndefined<String>,
    /// Where the terms are published (an http(s) URL); `null` removes it.
    #[serde(default)]
    pub terms_url: MaybeUndefined<String>,
    /// The current version of the institution's privacy notice, as `terms_version`.
    #[serde(default)]
    pub privacy_notice_version: MaybeUndefined<String>,
    /// Where the privacy notice is published (an http(s) URL); `null` removes it.
    #[serde(default)]
    pub privacy_notice_url: MaybeUndefined<String>,
}

impl poem_openapi::types::Example for UpdateTenant {
    fn example() -> Self {
        UpdateTenant {
            name: Some("Acme University".into()),
            brand_color: MaybeUndefined::Value("#1f4e79".into()),
            reply_to: MaybeUndefined::Value("help@acme.test".into()),
            app_url: MaybeUndefined::Value("https://learn.acme.test".into()),
            app_paths: MaybeUndefined::Value(AppPathsView { invitation: Some("/join".into()), ..Default::default() }),
            sso_required: Some(false),
            terms_version: MaybeUndefined::Value("3".into()),
            terms_url: MaybeUndefined::Value("https://acme.test/terms".into()),
            privacy_notice_version: MaybeUndefined::Undefined,
            privacy_notice_url: MaybeUndefined::Undefined,
        }
    }
}

fn change<T>(m: MaybeUndefined<T>) -> Option<Option<T>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

#[derive(ApiResponse)]
pub enum TenantUpdated {
    /// The institution after the change.
    #[oai(status = 200)]
    Ok(Json<TenantView>, #[oai(header = "ETag")] String),
}

pub struct TenantApi;

#[derive(ApiResponse)]
pub enum TenantResponse {
    /// The institution.
    #[oai(status = 200)]
    Ok(Json<TenantView>),
}

#[OpenApi(tag = "Tag::Tenant")]
impl TenantApi {
    /// View the current institution
    ///
    /// The institution the credential belongs to: name, status, plan, seat limit and seats used.
    #[oai(path = "/tenant", method = "get", operation_id = "tenant_view")]
    async fn tenant_view(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<TenantResponse, ApiError> {
        let (tenant, seats) = tenants::view(&state.core, &auth.0).await?;
        let mut view = TenantView::from(tenant);
        view.seats_used = seats;
        Ok(TenantResponse::Ok(Json(view)))
    }

    /// Update the current institution
    ///
    /// Renames the institution, sets its email branding (colour, reply-to address), where its emails
    /// send people (its own app, or Lyceum's hosted pages), and the versions of its terms and privacy
    /// notice people accept before they sign in. Needs
    /// `tenant:write` (owners and admins). With `If-Match`, a stale version is 412.
    #[oai(path = "/tenant", method = "patch", operation_id = "tenant_update")]
    async fn tenant_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// The `version` you last saw (as an ETag); the update fails with 412 if the institution changed.
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateTenant>,
    ) -> Result<TenantUpdated, ApiError> {
        let expected = if_match.0;
        let b = body.0;
        let changes = tenants::TenantChanges {
            name: b.name,
            brand_color: change(b.brand_color),
            reply_to: change(b.reply_to),
            app_url: change(b.app_url),
            app_paths: change(b.app_paths).map(|p| p.map(Into::into)),
            sso_required: b.sso_required,
            policies: tenants::PolicyChanges {
                terms_version: change(b.terms_version),
                terms_url: change(b.terms_url),
                privacy_notice_version: change(b.privacy_notice_version),
                privacy_notice_url: change(b.privacy_notice_url),
            },
        };
        let tenant = tenants::update(&state.core, &auth.0, changes, expected).await?;
        let seats = enrollments::seats_used(&state.core, &auth.0).await?;
        let version = tenant.version;
        let mut view = TenantView::from(tenant);
        view.seats_used = seats;
        Ok(TenantUpdated::Ok(Json(view), etag(version)))
    }
}
