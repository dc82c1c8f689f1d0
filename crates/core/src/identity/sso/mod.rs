//! Single sign-on with OpenID Connect: an institution's identity providers, and the authorization-code
//! flow with PKCE, `state` and `nonce` (the `openidconnect` crate does discovery and validates the ID
//! token: signature from the provider's JWKS, issuer, audience, expiry, nonce).
//!
//! 1. [`start`] checks the provider and the `return_to` URL, records the sign-in in flight (`sso_logins`:
//!    the state's hash, the nonce and the PKCE verifier, valid ten minutes) and answers the provider's
//!    authorization URL. The `state` is a Lyceum token that names the tenant (the callback is shared).
//! 2. [`callback`] uses the state once, exchanges the code (client secret + PKCE verifier), validates the
//!    ID token (an unknown key id refreshes the provider's keys once: rotation), finds the person by the
//!    provider's subject, else links them by verified email, else creates them when the provider allows
//!    it and a seat is free, and answers `return_to` with a one-time sign-in code (never a session).
//! 3. The institution's app exchanges the code (`sessions::exchange`).
//!
//! Every failure is an error with its own code, and signs no one in.

use std::{sync::Arc, sync::LazyLock, time::Duration};

use diesel::prelude::*;
use rand::RngCore;

use crate::{
    audit,
    config::Config,
    core::Core,
    db::{
        schema::{identity_providers, sso_logins, user_identities},
        types::{IdentityProviderId, SsoLoginId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    entitlements,
    error::{has_unsafe_chars, Error, Result, Validator},
    identity::{
        permissions::{Permission, Role},
        tokens::{self, TokenKind},
        user_tokens::{self, Purpose},
        users::{self, NewUser, UserStatus},
    },
    scope::{Need, RequestMeta, TenantScope},
    tenants::{self, TenantStatus},
    with_conn,
};

/// How long a redirect to a provider may take to come back.
const LOGIN_TTL_MINUTES: i64 = 10;
const MAX_RETURN_URLS: usize = 20;
const MAX_DOMAINS: usize = 50;

/// An institution's identity provider, as shown (the client secret never is).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IdentityProvider {
    pub id: IdentityProviderId,
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub allowed_domains: Vec<String>,
    pub return_urls: Vec<String>,
    /// The role of people created on their first sign-in; `None`: nobody is created.
    pub create_role: Option<Role>,
    pub enabled: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = identity_providers)]
struct ProviderRow {
    tenant_id: TenantId,
    id: IdentityProviderId,
    name: String,
    issuer: String,
    client_id: String,
    client_secret: String,
    scopes: String,
    allowed_domains: String,
    return_urls: String,
    create_role: Option<String>,
    enabled: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
    version: i64,
}

crate::tenant_rows!(ProviderRow);

fn json_list(column: &str, id: IdentityProviderId, text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text)
        .map_err(|e| Error::internal(anyhow::anyhow!("identity provider {id}: {column} is not a JSON list: {e}")))
}

impl TryFrom<ProviderRow> for IdentityProvider {
    type Error = Error;
    fn try_from(r: ProviderRow) -> Result<Self> {
        let create_role =
            match r.create_role.as_deref() {
                None => None,
                Some(s) => Some(Role::parse(s).ok_or_else(|| {
                    Error::internal(anyhow::anyhow!("identity provider {}: unknown role {s:?}", r.id))
                })?),
            };
        Ok(IdentityProvider {
            allowed_domains: json_list("allowed_domains", r.id, &r.allowed_domains)?,
            return_urls: json_list("return_urls", r.id, &r.return_urls)?,
            scopes: r.scopes.split_whitespace().map(String::from).collect(),
            id: r.id,
            name: r.name,
            issuer: r.issuer,
            client_id: r.client_id,
            create_role,
            enabled: r.enabled,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        })
    }
}

/// What a new identity provider needs.
#[derive(Debug, Clone, Default)]
pub struct NewProvider {
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Option<Vec<String>>,
    pub allowed_domains: Vec<String>,
    pub return_urls: Vec<String>,
    pub create_role: Option<String>,
    pub enabled: Option<bool>,
}

/// Changes to a provider; `None` leaves a field as it is (`create_role: Some(None)` stops creation).
#[derive(Debug, Clone, Default)]
pub struct ProviderChanges {
    pub name: Option<String>,
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub allowed_domains: Option<Vec<String>>,
    pub return_urls: Option<Vec<String>>,
    pub create_role: Option<Option<String>>,
    pub enabled: Option<bool>,
}

// ---------------------------------------------------------------------------------------------------
// Validation

fn check_issuer(v: &mut Validator, issuer: &str, allow_private: bool) -> String {
    let issuer = issuer.trim().trim_end_matches('/').to_string();
    let https = issuer.starts_with("https://") || (allow_private && issuer.starts_with("http://"));
    if !https || reqwest::Url::parse(&issuer).is_err() || issuer.contains(['?', '#']) {
        v.push(
            "issuer",
            "must be the provider's https URL, as its discovery document states it (no query or fragment)",
        );
    } else if let Err(m) = crate::net::check_url(&issuer, allow_private) {
        v.push("issuer", m);
    }
    issuer
}

fn check_text(v: &mut Validator, field: &str, value: &str, max: usize) -> String {
    let value = value.trim().to_string();
    if value.is_empty() || value.chars().count() > max || has_unsafe_chars(&value) {
        v.push(field, format!("must be 1-{max} characters without control characters"));
    }
    value
}

fn check_scopes(v: &mut Validator, scopes: Option<Vec<String>>) -> String {
    let mut out = vec!["openid".to_string()];
    for s in scopes.unwrap_or_else(|| vec!["email".into(), "profile".into()]) {
        let s = s.trim().to_string();
        if s.is_empty() || s.len() > 100 || !s.chars().all(|c| c.is_ascii_graphic() && c != '"' && c != '\\') {
            v.push("scopes", "each scope must be 1-100 printable characters without spaces");
        } else if !out.contains(&s) {
            out.push(s);
        }
    }
    if out.len() > 20 {
        v.push("scopes", "at most 20 scopes");
    }
    out.join(" ")
}

fn check_domains(v: &mut Validator, domains: Vec<String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for d in domains {
        let d = d.trim().trim_start_matches('@').to_ascii_lowercase();
        let ok = !d.is_empty()
            && d.len() <= 253
            && d.contains('.')
            && d.split('.')
                .all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if !ok {
            v.push("allowed_domains", format!("{d:?} is not a domain name like example.edu"));
        } else if !out.contains(&d) {
            out.push(d);
        }
    }
    if out.len() > MAX_DOMAINS {
        v.push("allowed_domains", format!("at most {MAX_DOMAINS} domains"));
    }
    serde_json::to_string(&out).unwrap_or_else(|_| "[]".into())
}

fn check_return_urls(v: &mut Validator, urls: Vec<String>, allow_private: bool) -> String {
    let mut out: Vec<String> = Vec::new();
    for u in urls {
        let u = u.trim().to_string();
        let ok = u.len() <= 2000
            && reqwest::Url::parse(&u).is_ok_and(|p| {
                (p.scheme() == "https" || (allow_private && p.scheme() == "http"))
                    && p.host_str().is_some()
                    && p.username().is_empty()
                    && p.password().is_none()
                    && p.fragment().is_none()
            });
        if !ok {
            v.push("return_urls", format!("{u:?} must be an absolute https URL without credentials or fragment"));
        } else if !out.contains(&u) {
            out.push(u);
        }
    }
    if out.len() > MAX_RETURN_URLS {
        v.push("return_urls", format!("at most {MAX_RETURN_URLS} return URLs"));
    }
    serde_json::to_string(&out).unwrap_or_else(|_| "[]".into())
}

fn check_role(v: &mut Validator, role: Option<String>) -> Option<String> {
    let role = role?;
    match Role::parse(role.trim()) {
        Some(r) if r != Role::Owner => Some(r.as_str().to_string()),
        _ => {
            v.push("create_role", "must be admin, instructor or learner (owners are never created by sign-in)");
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Managing providers (owners and admins: `tenant:write`)

fn not_found(e: diesel::result::Error) -> Error {
    match e {
        diesel::result::Error::NotFound => Error::NotFound { resource: "identity provider" },
        other => other.into(),
    }
}

/// The provider's row, its client secret opened ([`crate::vault`]).
fn get_row(tx: &mut TenantTx<'_>, id: IdentityProviderId) -> Result<ProviderRow> {
    let t = tx.tenant();
    let mut row = with_conn!(tx, |c| t
        .scoped(identity_providers::table)
        .filter(identity_providers::id.eq(id))
        .select(ProviderRow::as_select())
        .first(c))
    .map_err(not_found)?;
    row.client_secret = crate::vault::open(tx, crate::vault::Field::ClientSecret, row.id.0, &row.client_secret)?;
    Ok(row)
}

/// Every identity provider of the scope's institution, oldest first.
pub async fn list(core: &Core, scope: &TenantScope) -> Result<Vec<IdentityProvider>> {
    scope.require(Permission::TenantWrite)?;
    core.db
        .read(scope, Permission::TenantWrite, |tx| {
            let t = tx.tenant();
            let rows: Vec<ProviderRow> = with_conn!(tx, |c| t
                .scoped(identity_providers::table)
                .order(identity_providers::id.asc())
                .select(ProviderRow::as_select())
                .load(c))?;
            rows.into_iter().map(IdentityProvider::try_from).collect()
        })
        .await
}

/// How many of the transaction's institution's providers are enabled.
pub(crate) fn enabled_count(tx: &mut TenantTx<'_>) -> Result<i64> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(identity_providers::table)
        .filter(identity_providers::enabled.eq(true))
        .count()
        .get_result(c))?)
}

/// The enabled providers of an institution, for its sign-in page (anyone: names and ids only).
pub async fn enabled_for_sign_in(
    core: &Core,
    tenant: TenantId,
    meta: RequestMeta,
) -> Result<Vec<(IdentityProviderId, String)>> {
    let scope = TenantScope::anonymous(tenant, meta);
    core.db
        .read(&scope, Need::Nobody, |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t
                .scoped(identity_providers::table)
                .filter(identity_providers::enabled.eq(true))
                .order(identity_providers::id.asc())
                .select((identity_providers::id, identity_providers::name))
                .load(c))?)
        })
        .await
}

pub async fn get(core: &Core, scope: &TenantScope, id: IdentityProviderId) -> Result<IdentityProvider> {
    scope.require(Permission::TenantWrite)?;
    core.db.read(scope, Permission::TenantWrite, move |tx| get_row(tx, id)?.try_into()).await
}

pub async fn create(core: &Core, config: &Config, scope: &TenantScope, input: NewProvider) -> Result<IdentityProvider> {
    scope.require(Permission::TenantWrite)?;
    let allow_private = config.sso.allow_private;
    let mut v = Validator::new();
    let name = check_text(&mut v, "name", &input.name, 200);
    let issuer = check_issuer(&mut v, &input.issuer, allow_private);
    let client_id = check_text(&mut v, "client_id", &input.client_id, 255);
    let client_secret = check_text(&mut v, "client_secret", &input.client_secret, 1024);
    let scopes = check_scopes(&mut v, input.scopes);
    let allowed_domains = check_domains(&mut v, input.allowed_domains);
    let return_urls = check_return_urls(&mut v, input.return_urls, allow_private);
    let create_role = check_role(&mut v, input.create_role);
    v.finish()?;
    let now = Timestamp::now();
    let mut row = ProviderRow {
        tenant_id: scope.tenant_id(),
        id: IdentityProviderId::new(),
        name,
        issuer,
        client_id,
        client_secret,
        scopes,
        allowed_domains,
        return_urls,
        create_role,
        enabled: input.enabled.unwrap_or(true),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            row.client_secret =
                crate::vault::seal(tx, crate::vault::Field::ClientSecret, row.id.0, &row.client_secret)?;
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(identity_providers::table).values(ours.stamp(&mut row)).execute(c))?;
            audit::record(
                tx,
                "sso.provider_created",
                Some(("identity_provider", row.id.to_string())),
                serde_json::json!({ "name": row.name, "issuer": row.issuer, "client_id": row.client_id }),
            )?;
            row.try_into()
        })
        .await
}

pub async fn update(
    core: &Core,
    config: &Config,
    scope: &TenantScope,
    id: IdentityProviderId,
    changes: ProviderChanges,
    expected_version: Option<i64>,
) -> Result<IdentityProvider> {
    scope.require(Permission::TenantWrite)?;
    let allow_private = config.sso.allow_private;
    let mut v = Validator::new();
    let name = changes.name.map(|n| check_text(&mut v, "name", &n, 200));
    let issuer = changes.issuer.map(|i| check_issuer(&mut v, &i, allow_private));
    let client_id = changes.client_id.map(|c| check_text(&mut v, "client_id", &c, 255));
    let client_secret = changes.client_secret.map(|c| check_text(&mut v, "client_secret", &c, 1024));
    let scopes = changes.scopes.map(|s| check_scopes(&mut v, Some(s)));
    let allowed_domains = changes.allowed_domains.map(|d| check_domains(&mut v, d));
    let return_urls = changes.return_urls.map(|u| check_return_urls(&mut v, u, allow_private));
    let create_role = changes.create_role.map(|r| check_role(&mut v, r));
    v.finish()?;
    let enabled = changes.enabled;
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            let mut row = get_row(tx, id)?;
            if let Some(v) = expected_version.filter(|v| *v != row.version) {
                return Err(Error::PreconditionFailed {
                    message: format!(
                        "the identity provider changed since version {v} (now {}); fetch it again",
                        row.version
                    ),
                });
            }
            let before = (row.name.clone(), row.issuer.clone(), row.client_id.clone(), row.enabled);
            let secret_changed = client_secret.is_some();
            row.name = name.unwrap_or(row.name);
            row.issuer = issuer.unwrap_or(row.issuer);
            row.client_id = client_id.unwrap_or(row.client_id);
            row.client_secret = client_secret.unwrap_or(row.client_secret);
            row.scopes = scopes.unwrap_or(row.scopes);
            row.allowed_domains = allowed_domains.unwrap_or(row.allowed_domains);
            row.return_urls = return_urls.unwrap_or(row.return_urls);
            row.create_role = create_role.unwrap_or(row.create_role);
            row.enabled = enabled.unwrap_or(row.enabled);
            row.updated_at = Timestamp::now();
            row.version += 1;
            let sealed = crate::vault::seal(tx, crate::vault::Field::ClientSecret, row.id.0, &row.client_secret)?;
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(
                t.scoped(identity_providers::table).filter(identity_providers::id.eq(id))
            )
            .set((
                identity_providers::name.eq(&row.name),
                identity_providers::issuer.eq(&row.issuer),
                identity_providers::client_id.eq(&row.client_id),
                identity_providers::client_secret.eq(&sealed),
                identity_providers::scopes.eq(&row.scopes),
                identity_providers::allowed_domains.eq(&row.allowed_domains),
                identity_providers::return_urls.eq(&row.return_urls),
                identity_providers::create_role.eq(&row.create_role),
                identity_providers::enabled.eq(row.enabled),
                identity_providers::updated_at.eq(row.updated_at),
                identity_providers::version.eq(row.version),
            ))
            .execute(c))?;
            audit::record(
                tx,
                "sso.provider_updated",
                Some(("identity_provider", id.to_string())),
                serde_json::json!({
                    "name": [before.0, row.name], "issuer": [before.1, row.issuer],
                    "client_id": [before.2, row.client_id], "enabled": [before.3, row.enabled],
                    "client_secret_changed": secret_changed,
                }),
            )?;
            row.try_into()
        })
        .await
}

/// Enables or disables a provider (support staff's `lyceum sso disable`): nothing else changes.
pub async fn set_enabled(
    core: &Core,
    scope: &TenantScope,
    id: IdentityProviderId,
    enabled: bool,
) -> Result<IdentityProvider> {
    let changes = ProviderChanges { enabled: Some(enabled), ..Default::default() };
    // Only `enabled` changes, so no setting is validated against the configuration.
    update(core, &Config::default(), scope, id, changes, None).await
}

/// Deletes a provider and the links of its subjects to people (the people stay).
pub async fn delete(core: &Core, scope: &TenantScope, id: IdentityProviderId) -> Result<()> {
    scope.require(Permission::TenantWrite)?;
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            let row = get_row(tx, id)?;
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::delete(
                t.scoped(identity_providers::table).filter(identity_providers::id.eq(id))
            )
            .execute(c))?;
            audit::record(
                tx,
                "sso.provider_deleted",
                Some(("identity_provider", id.to_string())),
                serde_json::json!({ "name": row.name, "issuer": row.issuer }),
            )
        })
        .await
}

mod flow;

#[cfg(test)]
use self::flow::return_allowed;
pub use self::flow::{callback, callback_url, start, Callback};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_urls_match_exactly_or_below_a_trailing_slash() {
        let allowed = vec!["https://app.acme.edu/sso/done".to_string(), "https://lms.acme.edu/".to_string()];
        let hosted = "https://lyceum.test/p/acme/";
        assert!(return_allowed(&allowed, hosted, "https://app.acme.edu/sso/done"));
        assert!(return_allowed(&allowed, hosted, "https://lms.acme.edu/any/where?x=1"));
        assert!(return_allowed(&allowed, hosted, "https://lyceum.test/p/acme/courses"));
        assert!(!return_allowed(&allowed, hosted, "https://app.acme.edu/sso/done/../evil"));
        assert!(!return_allowed(&allowed, hosted, "https://app.acme.edu/sso/done2"));
        assert!(!return_allowed(&allowed, hosted, "https://lms.acme.edu.evil.test/"));
        assert!(!return_allowed(&allowed, hosted, "https://lyceum.test/p/acme2/courses"));
        assert!(!return_allowed(&allowed, hosted, "https://lms.acme.edu/#x"));
    }

    #[test]
    fn provider_settings_are_checked() {
        let mut v = Validator::new();
        assert_eq!(
            check_scopes(&mut v, Some(vec!["email".into(), "openid".into(), "groups".into()])),
            "openid email groups"
        );
        assert_eq!(check_domains(&mut v, vec!["@Acme.EDU".into(), "acme.edu".into()]), "[\"acme.edu\"]");
        assert!(v.finish().is_ok());
        for bad in [vec!["acme".to_string()], vec!["a b.edu".into()], vec!["".into()]] {
            let mut v = Validator::new();
            check_domains(&mut v, bad.clone());
            assert!(v.finish().is_err(), "{bad:?}");
        }
        let mut v = Validator::new();
        check_issuer(&mut v, "http://idp.acme.edu", false);
        check_issuer(&mut v, "https://127.0.0.1/", false);
        check_role(&mut v, Some("owner".into()));
        check_return_urls(&mut v, vec!["javascript:alert(1)".into(), "https://x.edu/#f".into()], false);
        let fields: Vec<_> = match v.finish() {
            Err(Error::Invalid { errors }) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(fields, ["issuer", "issuer", "create_role", "return_urls", "return_urls"]);
    }
}
