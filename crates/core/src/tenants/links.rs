//! Where Lyceum sends a person for each moment an email links to: the institution's own front end when
//! it set one (`app_url` and a path per kind of link), otherwise Lyceum's hosted pages under
//! `/p/{slug}/`. Links that carry a single-use code put it in the `code` query parameter; none ever
//! carries a session.
//!
//! The hosted paths here are the ones `lyceum-api` serves (its `pages` module); a test there follows
//! every link this module builds.

use reqwest::Url;

use super::Tenant;
use crate::error::Validator;

/// The kinds of link an institution's app may take over, each with the path used on its `app_url`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Accept an invitation (`?code=` the invitation code, for `POST /v1/invitations/{code}/accept`).
    Invitation,
    /// Choose a new password (`?code=` the reset code, for `POST /v1/auth/password-reset/confirm`).
    PasswordReset,
    /// Sign in; after the hosted sign-in, `?code=` a one-time sign-in code for `POST /v1/auth/sso/exchange`.
    SignIn,
    /// The learner's courses.
    Courses,
    /// The institution's subscription (owners and admins).
    Billing,
}

impl LinkKind {
    pub const ALL: [LinkKind; 5] =
        [LinkKind::Invitation, LinkKind::PasswordReset, LinkKind::SignIn, LinkKind::Courses, LinkKind::Billing];

    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Invitation => "invitation",
            LinkKind::PasswordReset => "password_reset",
            LinkKind::SignIn => "sign_in",
            LinkKind::Courses => "courses",
            LinkKind::Billing => "billing",
        }
    }

    /// The path on the app when the institution names none.
    pub fn default_path(self) -> &'static str {
        match self {
            LinkKind::Invitation => "/invitation",
            LinkKind::PasswordReset => "/password-reset",
            LinkKind::SignIn => "/sign-in",
            LinkKind::Courses => "/courses",
            LinkKind::Billing => "/billing",
        }
    }
}

/// The institution's path for each kind of link (absent: [`LinkKind::default_path`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppPaths {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub courses: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<String>,
}

impl AppPaths {
    fn get(&self, kind: LinkKind) -> Option<&str> {
        match kind {
            LinkKind::Invitation => self.invitation.as_deref(),
            LinkKind::PasswordReset => self.password_reset.as_deref(),
            LinkKind::SignIn => self.sign_in.as_deref(),
            LinkKind::Courses => self.courses.as_deref(),
            LinkKind::Billing => self.billing.as_deref(),
        }
    }

    /// The path for `kind`, the institution's or the default.
    pub fn path(&self, kind: LinkKind) -> &str {
        self.get(kind).unwrap_or(kind.default_path())
    }

    /// The column's value: `None` when every path is the default.
    pub(crate) fn stored(&self) -> crate::error::Result<Option<String>> {
        if *self == AppPaths::default() {
            return Ok(None);
        }
        serde_json::to_string(self).map(Some).map_err(crate::Error::internal)
    }
}

/// One link, with what it carries.
#[derive(Debug, Clone, Copy)]
pub enum Link<'a> {
    Invitation {
        code: &'a str,
    },
    PasswordReset {
        code: &'a str,
    },
    /// The sign-in page (hosted), or the app's sign-in path with a one-time sign-in code.
    SignIn {
        code: Option<&'a str>,
    },
    Courses,
    Billing,
    /// The public page of a certificate: always hosted (it is what a learner shares with employers).
    Certificate {
        code: &'a str,
    },
}

/// The hosted page for `link` of the institution `slug`.
pub fn hosted(public_url: &str, slug: &str, link: Link<'_>) -> String {
    let base = format!("{}/p/{slug}", public_url.trim_end_matches('/'));
    match link {
        Link::Invitation { code } => format!("{base}/invitation/{code}"),
        Link::PasswordReset { code } => format!("{base}/password-reset/{code}"),
        Link::SignIn { .. } => format!("{base}/sign-in"),
        Link::Courses => format!("{base}/courses"),
        Link::Billing => format!("{base}/billing"),
        Link::Certificate { code } => format!("{base}/certificates/{code}"),
    }
}

/// Where `link` sends the institution's people: its app when it set `app_url`, else the hosted page.
pub fn url(public_url: &str, tenant: &Tenant, link: Link<'_>) -> String {
    let Some(app) = tenant.app_url.as_deref() else { return hosted(public_url, &tenant.slug, link) };
    let app = app.trim_end_matches('/');
    let (kind, code) = match link {
        Link::Invitation { code } => (LinkKind::Invitation, Some(code)),
        Link::PasswordReset { code } => (LinkKind::PasswordReset, Some(code)),
        Link::SignIn { code } => (LinkKind::SignIn, code),
        Link::Courses => (LinkKind::Courses, None),
        Link::Billing => (LinkKind::Billing, None),
        Link::Certificate { .. } => return hosted(public_url, &tenant.slug, link),
    };
    let path = tenant.app_paths.path(kind);
    match code {
        // Codes are URL-safe (a prefix and base64url).
        Some(code) => format!("{app}{path}?code={code}"),
        None => format!("{app}{path}"),
    }
}

/// The origin (`https://host[:port]`) of the institution's app, for the hosted pages' policy on where
/// forms may lead.
pub fn app_origin(tenant: &Tenant) -> Option<String> {
    let url = Url::parse(tenant.app_url.as_deref()?).ok()?;
    Some(url.origin().ascii_serialization())
}

/// Checks an `app_url`: an absolute https URL with a host, without credentials, query or fragment.
/// Returns it without a trailing slash.
pub fn check_app_url(v: &mut Validator, field: &str, value: &str) -> String {
    let value = value.trim();
    let ok = value.len() <= 2000
        && Url::parse(value).is_ok_and(|u| {
            u.scheme() == "https"
                && u.host_str().is_some_and(|h| !h.is_empty())
                && u.username().is_empty()
                && u.password().is_none()
                && u.query().is_none()
                && u.fragment().is_none()
        });
    if !ok {
        v.push(field, "must be an https URL (like https://learn.example.edu or https://example.edu/app) without credentials, query or fragment");
    }
    value.trim_end_matches('/').to_string()
}

/// Checks each path of `paths`: starts with one `/`, at most 200 characters of URL path characters,
/// no query or fragment (Lyceum adds `?code=`).
pub fn check_app_paths(v: &mut Validator, field: &str, paths: &AppPaths) {
    for kind in LinkKind::ALL {
        let Some(path) = paths.get(kind) else { continue };
        let ok = path.len() <= 200
            && path.starts_with('/')
            && !path.starts_with("//")
            && path.chars().all(|c| c.is_ascii_alphanumeric() || "/-._~%!$&'()*+,;=:@".contains(c));
        if !ok {
            v.push(
                &format!("{field}.{}", kind.name()),
                "must be a path like /accept-invitation: starting with one /, at most 200 URL path characters, without ? or #",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(app_url: Option<&str>, paths: AppPaths) -> Tenant {
        Tenant {
            id: crate::db::types::TenantId::new(),
            slug: "acme".into(),
            name: "Acme".into(),
            status: super::super::TenantStatus::Active,
            plan: "trial".into(),
            seat_limit: 10,
            trial_ends_at: None,
            created_at: crate::db::types::Timestamp::now(),
            updated_at: crate::db::types::Timestamp::now(),
            version: 1,
            brand_color: None,
            reply_to: None,
            trial_reminded_at: None,
            app_url: app_url.map(String::from),
            app_paths: paths,
            sso_required: false,
            policies: Default::default(),
        }
    }

    #[test]
    fn without_an_app_links_go_to_the_hosted_pages() {
        let t = tenant(None, AppPaths::default());
        let base = "https://lyceum.test/";
        assert_eq!(url(base, &t, Link::Invitation { code: "lyi_x" }), "https://lyceum.test/p/acme/invitation/lyi_x");
        assert_eq!(
            url(base, &t, Link::PasswordReset { code: "lyr_x" }),
            "https://lyceum.test/p/acme/password-reset/lyr_x"
        );
        assert_eq!(url(base, &t, Link::Courses), "https://lyceum.test/p/acme/courses");
        assert_eq!(url(base, &t, Link::Billing), "https://lyceum.test/p/acme/billing");
        assert_eq!(url(base, &t, Link::SignIn { code: None }), "https://lyceum.test/p/acme/sign-in");
        assert_eq!(url(base, &t, Link::Certificate { code: "C1" }), "https://lyceum.test/p/acme/certificates/C1");
    }

    #[test]
    fn an_app_gets_its_paths_with_codes_and_certificates_stay_hosted() {
        let paths = AppPaths { invitation: Some("/join".into()), ..Default::default() };
        let t = tenant(Some("https://learn.acme.edu/app"), paths);
        let base = "https://lyceum.test";
        assert_eq!(url(base, &t, Link::Invitation { code: "lyi_x" }), "https://learn.acme.edu/app/join?code=lyi_x");
        assert_eq!(
            url(base, &t, Link::PasswordReset { code: "lyr_x" }),
            "https://learn.acme.edu/app/password-reset?code=lyr_x"
        );
        assert_eq!(
            url(base, &t, Link::SignIn { code: Some("lyo_x") }),
            "https://learn.acme.edu/app/sign-in?code=lyo_x"
        );
        assert_eq!(url(base, &t, Link::Courses), "https://learn.acme.edu/app/courses");
        assert_eq!(url(base, &t, Link::Certificate { code: "C1" }), "https://lyceum.test/p/acme/certificates/C1");
        assert_eq!(app_origin(&t).as_deref(), Some("https://learn.acme.edu"));
    }

    #[test]
    fn app_urls_and_paths_are_checked() {
        for good in ["https://learn.acme.edu", "https://acme.edu:8443/app/"] {
            let mut v = Validator::new();
            check_app_url(&mut v, "app_url", good);
            assert!(v.finish().is_ok(), "{good}");
        }
        for bad in [
            "http://learn.acme.edu",
            "javascript:alert(1)",
            "https://user:pw@acme.edu",
            "https://acme.edu/?a=1",
            "https://acme.edu/#x",
            "learn.acme.edu",
            "",
        ] {
            let mut v = Validator::new();
            check_app_url(&mut v, "app_url", bad);
            assert!(v.finish().is_err(), "{bad}");
        }
        let mut v = Validator::new();
        check_app_paths(&mut v, "app_paths", &AppPaths { courses: Some("/my/courses".into()), ..Default::default() });
        assert!(v.finish().is_ok());
        for bad in ["courses", "//evil.test/x", "/a?b=1", "/a#b", "/a b", "/\u{202e}x"] {
            let mut v = Validator::new();
            check_app_paths(&mut v, "app_paths", &AppPaths { billing: Some(bad.into()), ..Default::default() });
            assert!(v.finish().is_err(), "{bad}");
        }
    }
}
