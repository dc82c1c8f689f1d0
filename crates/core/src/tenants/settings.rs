//! What an institution's admins change about it (`PATCH /v1/tenant`): its name, its emails' look, its
//! own front end, single sign-on, and its terms and privacy notice.

use diesel::prelude::*;

use super::{current, links, signup, Tenant};
use crate::{
    db::{schema::tenants, types::Timestamp},
    error::{Error, Result, Validator},
    scope::permissions::Permission,
    with_conn,
};

/// The current versions of the institution's terms and privacy notice, and where to read them. A
/// version that is set must be accepted by each person before they sign in.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Policies {
    pub terms_version: Option<String>,
    pub terms_url: Option<String>,
    pub privacy_notice_version: Option<String>,
    pub privacy_notice_url: Option<String>,
}

impl Policies {
    /// Whether anything must be accepted.
    pub fn any(&self) -> bool {
        self.terms_version.is_some() || self.privacy_notice_version.is_some()
    }
}

/// Changes to [`Policies`]; `Some(None)` clears a field (a cleared version needs no acceptance).
#[derive(Debug, Clone, Default)]
pub struct PolicyChanges {
    pub terms_version: Option<Option<String>>,
    pub terms_url: Option<Option<String>>,
    pub privacy_notice_version: Option<Option<String>>,
    pub privacy_notice_url: Option<Option<String>>,
}

/// Longest policy version (`2026-09`, `v3.1`, ...).
pub const MAX_VERSION_CHARS: usize = 64;

impl PolicyChanges {
    fn checked(self, v: &mut Validator) -> PolicyChanges {
        let version = |v: &mut Validator, field: &str, x: Option<Option<String>>| {
            x.map(|x| {
                x.map(|s| s.trim().to_string()).filter(|s| {
                    let ok =
                        !s.is_empty() && s.chars().count() <= MAX_VERSION_CHARS && !s.chars().any(char::is_control);
                    if !ok {
                        v.push(field, format!("must be 1 to {MAX_VERSION_CHARS} printable characters"));
                    }
                    ok
                })
            })
        };
        let url = |v: &mut Validator, field: &str, x: Option<Option<String>>| {
            x.map(|x| {
                x.map(|s| s.trim().to_string()).filter(|s| {
                    let ok = s.len() <= 2000
                        && reqwest::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.has_host());
                    if !ok {
                        v.push(field, "must be an http(s) URL of at most 2000 characters");
                    }
                    ok
                })
            })
        };
        PolicyChanges {
            terms_version: version(v, "terms_version", self.terms_version),
            terms_url: url(v, "terms_url", self.terms_url),
            privacy_notice_version: version(v, "privacy_notice_version", self.privacy_notice_version),
            privacy_notice_url: url(v, "privacy_notice_url", self.privacy_notice_url),
        }
    }

    fn applied_to(self, before: &Policies) -> Policies {
        Policies {
            terms_version: self.terms_version.unwrap_or_else(|| before.terms_version.clone()),
            terms_url: self.terms_url.unwrap_or_else(|| before.terms_url.clone()),
            privacy_notice_version: self
                .privacy_notice_version
                .unwrap_or_else(|| before.privacy_notice_version.clone()),
            privacy_notice_url: self.privacy_notice_url.unwrap_or_else(|| before.privacy_notice_url.clone()),
        }
    }
}

/// What `PATCH /v1/tenant` may change; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct TenantChanges {
    pub name: Option<String>,
    pub brand_color: Option<Option<String>>,
    pub reply_to: Option<Option<String>>,
    /// The institution's own front end (https), `Some(None)` to send people to the hosted pages.
    pub app_url: Option<Option<String>>,
    /// Paths on the app per kind of link; `Some(None)` restores the defaults.
    pub app_paths: Option<Option<links::AppPaths>>,
    /// Require single sign-on for everyone but the owners (needs an enabled identity provider).
    pub sso_required: Option<bool>,
    /// The terms and privacy notice people accept.
    pub policies: PolicyChanges,
}

/// Renames the scope's tenant (`tenant:write`); `expected_version` gives 412 on a stale write.
pub async fn rename(
    core: &crate::Core,
    scope: &crate::TenantScope,
    name: String,
    expected_version: Option<i64>,
) -> Result<Tenant> {
    update(core, scope, TenantChanges { name: Some(name), ..Default::default() }, expected_version).await
}

/// Changes the scope's tenant's name and email branding (`tenant:write`), audited with before and
/// after; `expected_version` gives 412 on a stale write.
pub async fn update(
    core: &crate::Core,
    scope: &crate::TenantScope,
    changes: TenantChanges,
    expected_version: Option<i64>,
) -> Result<Tenant> {
    scope.require(crate::identity::permissions::Permission::TenantWrite)?;
    let mut v = crate::error::Validator::new();
    if let Some(name) = &changes.name {
        signup::check_name(&mut v, "name", name);
    }
    let color = changes.brand_color.map(|c| c.map(|c| c.trim().to_ascii_lowercase()));
    if let Some(Some(c)) = &color {
        if !(c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())) {
            v.push("brand_color", "must be a colour like #1f4e79");
        }
    }
    let reply_to = changes.reply_to.map(|r| r.map(|r| r.trim().to_string()));
    if let Some(Some(r)) = &reply_to {
        if r.len() > 254 || r.parse::<lettre::Address>().is_err() {
            v.push("reply_to", "must be an email address");
        }
    }
    let app_url = changes.app_url.map(|u| u.map(|u| links::check_app_url(&mut v, "app_url", &u)));
    let app_paths = changes.app_paths.map(|p| p.unwrap_or_default());
    if let Some(p) = &app_paths {
        links::check_app_paths(&mut v, "app_paths", p);
    }
    let policies = changes.policies.checked(&mut v);
    v.finish()?;
    let name = changes.name.map(|n| n.trim().to_string());
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            let id = tx.tenant();
            let before = current(tx)?;
            if let Some(v) = expected_version.filter(|v| *v != before.version) {
                return Err(Error::PreconditionFailed {
                    message: format!(
                        "the institution changed since version {v} (now {}); fetch it again",
                        before.version
                    ),
                });
            }
            let name = name.unwrap_or_else(|| before.name.clone());
            let color = color.unwrap_or_else(|| before.brand_color.clone());
            let reply_to = reply_to.unwrap_or_else(|| before.reply_to.clone());
            let app_url = app_url.unwrap_or_else(|| before.app_url.clone());
            let app_paths = app_paths.unwrap_or_else(|| before.app_paths.clone());
            let sso_required = changes.sso_required.unwrap_or(before.sso_required);
            let policies = policies.applied_to(&before.policies);
            if sso_required && !before.sso_required && crate::identity::sso::enabled_count(tx)? == 0 {
                return Err(Error::Conflict {
                    code: "no_identity_provider",
                    field: Some("sso_required"),
                    message: "single sign-on cannot be required before an identity provider is enabled \
                              (POST /v1/identity-providers)"
                        .into(),
                });
            }
            if name == before.name
                && color == before.brand_color
                && reply_to == before.reply_to
                && app_url == before.app_url
                && app_paths == before.app_paths
                && sso_required == before.sso_required
                && policies == before.policies
            {
                return Ok(before);
            }
            let stored_paths = app_paths.stored()?;
            with_conn!(tx, |c| diesel::update(id.scoped(tenants::table))
                .set((
                    tenants::name.eq(&name),
                    tenants::brand_color.eq(&color),
                    tenants::reply_to.eq(&reply_to),
                    tenants::app_url.eq(&app_url),
                    tenants::app_paths.eq(&stored_paths),
                    tenants::sso_required.eq(sso_required),
                    tenants::terms_version.eq(&policies.terms_version),
                    tenants::terms_url.eq(&policies.terms_url),
                    tenants::privacy_notice_version.eq(&policies.privacy_notice_version),
                    tenants::privacy_notice_url.eq(&policies.privacy_notice_url),
                    tenants::updated_at.eq(Timestamp::now()),
                    tenants::version.eq(tenants::version + 1),
                ))
                .execute(c))?;
            let action = if name != before.name { "tenant.renamed" } else { "tenant.updated" };
            crate::audit::record(
                tx,
                action,
                Some(("tenant", id.to_string())),
                serde_json::json!({
                    "name": [before.name, name],
                    "brand_color": [before.brand_color, color],
                    "reply_to": [before.reply_to, reply_to],
                    "app_url": [before.app_url, app_url],
                    "app_paths": [before.app_paths, app_paths],
                    "sso_required": [before.sso_required, sso_required],
                    "policies": [before.policies, policies],
                }),
            )?;
            current(tx)
        })
        .await
}
