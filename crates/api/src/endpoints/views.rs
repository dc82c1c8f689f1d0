//! Response shapes shared by several operations (domain types rendered for integrators).

use chrono::{DateTime, Utc};
use lyceum_core::{identity::User, tenants::Tenant};
use poem_openapi::Object;

/// An institution.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct TenantView {
    pub id: uuid::Uuid,
    /// URL-safe identifier chosen at signup; used to sign in.
    pub slug: String,
    pub name: String,
    /// `trialing`, `active`, `past_due`, `canceled` (subscription or trial ended: read-only), `suspended` or `deleted`.
    pub status: String,
    pub plan: String,
    /// Learners the plan allows.
    pub seat_limit: i32,
    /// Seats taken: distinct users with an active enrollment.
    pub seats_used: i64,
    pub trial_ends_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; compare with `If-Match`.
    pub version: i64,
    /// How the institution's emails look and where replies go.
    pub branding: BrandingView,
    /// Where the institution's emails send its people: its own front end, or Lyceum's hosted pages.
    pub app_links: AppLinksView,
    /// Everyone but the owners must sign in through an identity provider.
    pub sso_required: bool,
    /// The terms and privacy notice people accept before they sign in.
    pub policies: PoliciesView,
}

/// The institution's terms and privacy notice: once a version is set, every person must accept it
/// before they sign in (sign-in requests carry `accepted_terms_version` and
/// `accepted_privacy_notice_version`; without them the answer is 403 `consent_required`).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct PoliciesView {
    pub terms_version: Option<String>,
    pub terms_url: Option<String>,
    pub privacy_notice_version: Option<String>,
    pub privacy_notice_url: Option<String>,
}

impl poem_openapi::types::Example for PoliciesView {
    fn example() -> Self {
        PoliciesView {
            terms_version: Some("3".into()),
            terms_url: Some("https://acme.test/terms".into()),
            privacy_notice_version: Some("2026-09".into()),
            privacy_notice_url: Some("https://acme.test/privacy".into()),
        }
    }
}

impl From<lyceum_core::tenants::Policies> for PoliciesView {
    fn from(p: lyceum_core::tenants::Policies) -> Self {
        PoliciesView {
            terms_version: p.terms_version,
            terms_url: p.terms_url,
            privacy_notice_version: p.privacy_notice_version,
            privacy_notice_url: p.privacy_notice_url,
        }
    }
}

impl poem_openapi::types::Example for TenantView {
    fn example() -> Self {
        TenantView {
            id: example_ids::TENANT,
            slug: "acme".into(),
            name: "Acme University".into(),
            status: "active".into(),
            plan: "growth".into(),
            seat_limit: 150,
            seats_used: 87,
            trial_ends_at: None,
            created_at: example_time("2026-09-01T08:00:00Z"),
            updated_at: example_time("2026-11-20T14:05:00Z"),
            version: 7,
            branding: BrandingView { color: Some("#1f4e79".into()), reply_to: Some("help@acme.test".into()) },
            app_links: AppLinksView {
                app_url: Some("https://learn.acme.test".into()),
                app_paths: AppPathsView { invitation: Some("/join".into()), ..Default::default() },
            },
            sso_required: false,
            policies: PoliciesView::example(),
        }
    }
}

/// The institution's own front end. Without `app_url`, emails link to Lyceum's hosted pages
/// (`/p/{slug}/...`). With it, each kind of link goes to `app_url` + its path, and links that carry a
/// single-use code add `?code=`: `invitation` (for `POST /v1/invitations/{code}/accept`),
/// `password_reset` (for `POST /v1/auth/password-reset/confirm`), `sign_in` (after the hosted sign-in
/// page, for `POST /v1/auth/sso/exchange`). `courses` and `billing` carry none. Certificate links
/// always open the hosted public certificate page.
#[derive(Debug, Clone, Object)]
pub struct AppLinksView {
    /// `https://...`; absent: the hosted pages.
    pub app_url: Option<String>,
    /// The path on `app_url` per kind of link (absent kinds: their defaults).
    pub app_paths: AppPathsView,
}

/// A path per kind of link on the institution's app. Defaults: `/invitation`, `/password-reset`,
/// `/sign-in`, `/courses`, `/billing`. Responses show every path in use.
#[derive(Debug, Clone, Default, Object, serde::Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct AppPathsView {
    pub invitation: Option<String>,
    pub password_reset: Option<String>,
    pub sign_in: Option<String>,
    pub courses: Option<String>,
    pub billing: Option<String>,
}

/// In responses every path is the one in use (the institution's or the default).
impl From<lyceum_core::tenants::links::AppPaths> for AppPathsView {
    fn from(p: lyceum_core::tenants::links::AppPaths) -> Self {
        use lyceum_core::tenants::links::LinkKind;
        let path = |k| Some(p.path(k).to_string());
        AppPathsView {
            invitation: path(LinkKind::Invitation),
            password_reset: path(LinkKind::PasswordReset),
            sign_in: path(LinkKind::SignIn),
            courses: path(LinkKind::Courses),
            billing: path(LinkKind::Billing),
        }
    }
}

impl From<AppPathsView> for lyceum_core::tenants::links::AppPaths {
    fn from(p: AppPathsView) -> Self {
        lyceum_core::tenants::links::AppPaths {
            invitation: p.invitation,
            password_reset: p.password_reset,
            sign_in: p.sign_in,
            courses: p.courses,
            billing: p.billing,
        }
    }
}

/// Email branding.
#[derive(Debug, Clone, Object)]
pub struct BrandingView {
    /// `#rrggbb` of the email header and buttons; absent: Lyceum's colour.
    pub color: Option<String>,
    /// Reply-To of the institution's emails; absent: replies go nowhere.
    pub reply_to: Option<String>,
}

/// A fixed time for the examples in the spec.
pub(crate) fn example_time(rfc3339: &str) -> DateTime<Utc> {
    rfc3339.parse().unwrap_or_default()
}

/// The ids the spec's examples share, so that one example's `course_id` is another example's course.
pub(crate) mod example_ids {
    use uuid::{uuid, Uuid};

    pub const TENANT: Uuid = uuid!("0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11");
    pub const OWNER: Uuid = uuid!("0193a4c2-5b20-7a01-8c3d-1e2f3a4b5c6d");
    pub const LEARNER: Uuid = uuid!("0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22");
    pub const COURSE: Uuid = uuid!("0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3");
    pub const MODULE: Uuid = uuid!("0193a4c3-1a05-7c9f-b2d3-5e7f90a1b2c4");
    pub const LESSON: Uuid = uuid!("0193a4c3-2b16-7dae-83e4-6f8091b2c3d5");
    pub const QUIZ: Uuid = uuid!("0193a4c3-2b17-7dae-93e4-6f8091b2c3d6");
    pub const ENROLLMENT: Uuid = uuid!("0193a4c5-3c27-7ebf-94f5-708192c3d4e6");
    pub const CERTIFICATE: Uuid = uuid!("0193b0aa-4d38-7fc0-a506-8192a3d4e5f7");
    pub const SIGNING_KEY: Uuid = uuid!("0193a4c2-5b21-7b12-9d4e-2f3a4b5c6d7e");
    pub const OPERATION: Uuid = uuid!("0193a4c6-5e49-70d1-b617-92a3b4e5f608");
    pub const WEBHOOK_ENDPOINT: Uuid = uuid!("0193a4c7-6f5a-71e2-8728-a3b4c5f60719");
    pub const DELIVERY: Uuid = uuid!("0193b0ab-706b-72f3-9839-b4c5d6071a2b");
    pub const API_KEY: Uuid = uuid!("0193a4c8-817c-7304-a94a-c5d6e7182b3c");
    pub const ATTEMPT: Uuid = uuid!("0193b0a9-928d-7415-8a5b-d6e7f8293c4d");
    pub const AUDIT_EVENT: Uuid = uuid!("0193b0ac-a39e-7526-9b6c-e7f8093a4d5e");
    /// A `next_cursor` as the API hands it out (opaque).
    pub const CURSOR: &str = "eyJrIjoiMjAyNi0xMS0yMFQxNDowNTowMFoiLCJpZCI6IjAxOTNhNGMzIn0";
}

/// `seats_used` is 0 here (true of a tenant just created); views of existing tenants set it.
impl From<Tenant> for TenantView {
    fn from(t: Tenant) -> Self {
        TenantView {
            id: t.id.as_uuid(),
            slug: t.slug,
            name: t.name,
            status: t.status.as_str().into(),
            plan: t.plan,
            seat_limit: t.seat_limit,
            seats_used: 0,
            trial_ends_at: t.trial_ends_at.map(Into::into),
            created_at: t.created_at.into(),
            updated_at: t.updated_at.into(),
            version: t.version,
            branding: BrandingView { color: t.brand_color, reply_to: t.reply_to },
            app_links: AppLinksView { app_url: t.app_url, app_paths: t.app_paths.into() },
            sso_required: t.sso_required,
            policies: t.policies.into(),
        }
    }
}

/// A person in the institution.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct UserView {
    pub id: uuid::Uuid,
    pub email: String,
    pub name: String,
    /// `owner`, `admin`, `instructor` or `learner`.
    pub role: String,
    /// `invited`, `active`, `disabled` or `erased` (a pseudonym left by an erasure).
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The institution's own key for the person, if set.
    pub external_id: Option<String>,
}

impl poem_openapi::types::Example for UserView {
    fn example() -> Self {
        UserView {
            id: example_ids::LEARNER,
            email: "lee@acme.test".into(),
            name: "Lee Learner".into(),
            role: "learner".into(),
            status: "active".into(),
            created_at: example_time("2026-09-03T10:00:00Z"),
            updated_at: example_time("2026-09-03T10:00:00Z"),
            version: 1,
            last_login_at: Some(example_time("2026-11-28T07:45:12Z")),
            external_id: Some("S-2026-0042".into()),
        }
    }
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        UserView {
            id: u.id.as_uuid(),
            email: u.email,
            name: u.name,
            role: u.role.as_str().into(),
            status: u.status.as_str().into(),
            created_at: u.created_at.into(),
            updated_at: u.updated_at.into(),
            version: u.version,
            last_login_at: u.last_login_at.map(Into::into),
            external_id: u.external_id,
        }
    }
}

/// A session: send `token` as `Authorization: Bearer <token>` until `expires_at`.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct SessionView {
    /// Shown only once; Lyceum keeps only a hash.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl poem_openapi::types::Example for SessionView {
    fn example() -> Self {
        SessionView {
            token: "lys_3xN9qVb7Rk2mTf8LwYc5Hs1Dg4Jp6Ze0Ua9Xo7Ei2Kl5Bn8Wr3Qt1My6Vc0Pd4Sg".into(),
            expires_at: example_time("2026-12-29T08:00:00Z"),
        }
    }
}

/// Declares a page of `$item`s: `{items, next_cursor}`, whose spec example is a page of the item's example.
macro_rules! list_type {
    ($(#[$m:meta])* $name:ident, $item:ty) => {
        $(#[$m])*
        #[derive(Debug, Clone, poem_openapi::Object)]
        #[oai(example)]
        pub struct $name {
            pub items: Vec<$item>,
            /// Pass as `cursor` to get the next page; `null` on the last page.
            pub next_cursor: Option<String>,
        }

        impl poem_openapi::types::Example for $name {
            fn example() -> Self {
                $name {
                    items: vec![<$item as poem_openapi::types::Example>::example()],
                    next_cursor: Some($crate::endpoints::views::example_ids::CURSOR.into()),
                }
            }
        }

        impl From<lyceum_core::pagination::Page<$item>> for $name {
            fn from(p: lyceum_core::pagination::Page<$item>) -> Self {
                $name { items: p.items, next_cursor: p.next_cursor }
            }
        }
    };
}
pub(crate) use list_type;

list_type!(
    /// A page of users.
    UserList,
    UserView
);

/// The ETag of an object at `version`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}
