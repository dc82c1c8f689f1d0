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
}

impl poem_openapi::types::Example for TenantView {
    fn example() -> Self {
        TenantView {
            id: uuid::uuid!("0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11"),
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
    /// `invited`, `active` or `disabled`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    pub last_login_at: Option<DateTime<Utc>>,
}

impl poem_openapi::types::Example for UserView {
    fn example() -> Self {
        UserView {
            id: uuid::uuid!("0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22"),
            email: "lee@acme.test".into(),
            name: "Lee Learner".into(),
            role: "learner".into(),
            status: "active".into(),
            created_at: example_time("2026-09-03T10:00:00Z"),
            updated_at: example_time("2026-09-03T10:00:00Z"),
            version: 1,
            last_login_at: Some(example_time("2026-11-28T07:45:12Z")),
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
        }
    }
}

/// A session: send `token` as `Authorization: Bearer <token>` until `expires_at`.
#[derive(Debug, Clone, Object)]
pub struct SessionView {
    /// Shown only once; Lyceum keeps only a hash.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Declares a page of `$item`s: `{items, next_cursor}`.
macro_rules! list_type {
    ($(#[$m:meta])* $name:ident, $item:ty) => {
        $(#[$m])*
        #[derive(Debug, Clone, poem_openapi::Object)]
        pub struct $name {
            pub items: Vec<$item>,
            /// Pass as `cursor` to get the next page; `null` on the last page.
            pub next_cursor: Option<String>,
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

/// Parses `If-Match` (`"3"`, `W/"3"` or `*`) into the version it requires.
pub fn parse_if_match(value: Option<&str>) -> Result<Option<i64>, lyceum_core::Error> {
    let Some(raw) = value.map(str::trim) else { return Ok(None) };
    if raw == "*" {
        return Ok(None);
    }
    let inner = raw.trim_start_matches("W/").trim_matches('"');
    inner
        .parse::<i64>()
        .map(Some)
        .map_err(|_| lyceum_core::Error::invalid("If-Match", "must be the ETag from a previous response, e.g. \"3\""))
}

/// The ETag of an object at `version`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}
