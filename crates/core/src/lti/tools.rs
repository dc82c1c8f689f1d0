//! An institution's LTI tool registrations (owners and admins: `tenant:write`).
//!
//! Lyceum issues the client id and the deployment id (they never change: a tool's configuration names
//! them). The tool gives its OIDC login initiation URL, its target link URI, the redirect URIs its
//! authentication requests may name (the target link URI when none are given), and its keys: a JWKS
//! URL (preferred: the tool can rotate) or one public RSA key as a JWK. The services it may use are
//! the LTI Advantage scopes of [`super::SCOPES`], and deep linking.

use std::collections::BTreeMap;

use diesel::prelude::*;

use crate::{
    audit,
    config::Config,
    core::Core,
    db::{
        schema::{lessons, lti_tools},
        types::{LtiToolId, TenantId, Timestamp},
        TenantTx,
    },
    error::{has_unsafe_chars, Error, Result, Validator},
    identity::permissions::Permission,
    scope::TenantScope,
    with_conn,
};

const MAX_REDIRECT_URIS: usize = 20;

/// A tool registration as shown.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tool {
    pub id: LtiToolId,
    pub name: String,
    pub client_id: String,
    pub deployment_id: String,
    pub login_url: String,
    pub target_link_uri: String,
    pub redirect_uris: Vec<String>,
    pub jwks_url: Option<String>,
    pub public_jwk: Option<serde_json::Value>,
    pub scopes: Vec<String>,
    pub deep_linking: bool,
    pub custom: BTreeMap<String, String>,
    pub enabled: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = lti_tools, treat_none_as_default_value = false)]
pub(crate) struct ToolRow {
    pub tenant_id: TenantId,
    pub id: LtiToolId,
    pub name: String,
    pub client_id: String,
    pub deployment_id: String,
    pub login_url: String,
    pub target_link_uri: String,
    pub redirect_uris: String,
    pub jwks_url: Option<String>,
    pub public_jwk: Option<String>,
    pub scopes: String,
    pub deep_linking: bool,
    pub custom: String,
    pub enabled: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

crate::tenant_rows!(ToolRow);

fn stored<T: serde::de::DeserializeOwned>(id: LtiToolId, column: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::internal(anyhow::anyhow!("LTI tool {id}: {column}: {e}")))
}

impl TryFrom<ToolRow> for Tool {
    type Error = Error;
    fn try_from(r: ToolRow) -> Result<Self> {
        Ok(Tool {
            redirect_uris: stored(r.id, "redirect_uris", &r.redirect_uris)?,
            public_jwk: r.public_jwk.as_deref().map(|j| stored(r.id, "public_jwk", j)).transpose()?,
            scopes: stored(r.id, "scopes", &r.scopes)?,
            custom: stored(r.id, "custom", &r.custom)?,
            id: r.id,
            name: r.name,
            client_id: r.client_id,
            deployment_id: r.deployment_id,
            login_url: r.login_url,
            target_link_uri: r.target_link_uri,
            jwks_url: r.jwks_url,
            deep_linking: r.deep_linking,
            enabled: r.enabled,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        })
    }
}

/// What a new registration needs.
#[derive(Debug, Clone, Default)]
pub struct NewTool {
    pub name: String,
    pub login_url: String,
    pub target_link_uri: String,
    pub redirect_uris: Vec<String>,
    pub jwks_url: Option<String>,
    pub public_jwk: Option<serde_json::Value>,
    pub scopes: Vec<String>,
    pub deep_linking: bool,
    pub custom: BTreeMap<String, String>,
    pub enabled: Option<bool>,
}

/// Changes to a registration; `None` leaves a field as it is (`Some(None)` clears an optional one).
#[derive(Debug, Clone, Default)]
pub struct ToolChanges {
    pub name: Option<String>,
    pub login_url: Option<String>,
    pub target_link_uri: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    pub jwks_url: Option<Option<String>>,
    pub public_jwk: Option<Option<serde_json::Value>>,
    pub scopes: Option<Vec<String>>,
    pub deep_linking: Option<bool>,
    pub custom: Option<BTreeMap<String, String>>,
    pub enabled: Option<bool>,
}

// ---------------------------------------------------------------------------------------------------
// Validation

fn check_name(v: &mut Validator, name: &str) -> String {
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 || has_unsafe_chars(&name) {
        v.push("name", "must be 1-200 characters without control characters");
    }
    name
}

/// An absolute https URL (http too where private addresses are allowed) without credentials or
/// fragment (OIDC Core §3.1.2.1: redirect URIs carry no fragment).
fn check_url(v: &mut Validator, field: &'static str, url: &str, allow_private: bool) -> String {
    let url = url.trim().to_string();
    let parsed = reqwest::Url::parse(&url).ok().filter(|p| {
        (p.scheme() == "https" || (allow_private && p.scheme() == "http"))
            && p.host_str().is_some()
            && p.username().is_empty()
            && p.password().is_none()
            && p.fragment().is_none()
    });
    if parsed.is_none() || url.len() > 2000 {
        v.push(field, format!("{url:?} must be an absolute https URL without credentials or fragment"));
    } else if let Err(m) = crate::net::check_url(&url, allow_private) {
        v.push(field, m);
    }
    url
}

fn check_redirects(v: &mut Validator, uris: Vec<String>, allow_private: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in uris {
        let u = check_url(v, "redirect_uris", &u, allow_private);
        if !out.contains(&u) {
            out.push(u);
        }
    }
    if out.len() > MAX_REDIRECT_URIS {
        v.push("redirect_uris", format!("at most {MAX_REDIRECT_URIS} redirect URIs"));
    }
    out
}

/// A tool's public key: an RSA JWK with `n` and `e` (RS256), and no private parts.
fn check_jwk(v: &mut Validator, jwk: serde_json::Value) -> Option<String> {
    let Some(obj) = jwk.as_object() else {
        v.push("public_jwk", "must be a JSON Web Key object (RFC 7517)");
        return None;
    };
    if ["d", "p", "q", "dp", "dq", "qi"].iter().any(|k| obj.contains_key(*k)) {
        v.push("public_jwk", "is a private key: give the tool's public key only (kty, n, e, kid)");
        return None;
    }
    if obj.get("kty").and_then(|k| k.as_str()) != Some("RSA") {
        v.push("public_jwk", "must be an RSA key (`kty`: `RSA`): LTI messages are signed with RS256");
        return None;
    }
    if obj.get("alg").is_some_and(|a| a.as_str() != Some("RS256")) {
        v.push("public_jwk", "`alg` must be RS256 when given");
        return None;
    }
    let (Some(n), Some(e)) = (obj.get("n").and_then(|n| n.as_str()), obj.get("e").and_then(|e| e.as_str())) else {
        v.push("public_jwk", "must carry the modulus `n` and exponent `e` (base64url)");
        return None;
    };
    let n_bits = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, n)
        .map(|b| b.iter().skip_while(|x| **x == 0).count() * 8)
        .unwrap_or(0);
    if jsonwebtoken::DecodingKey::from_rsa_components(n, e).is_err() || n_bits < 2048 {
        v.push("public_jwk", "`n` and `e` must be base64url and the modulus at least 2048 bits");
        return None;
    }
    Some(jwk.to_string())
}

fn check_scopes(v: &mut Validator, scopes: Vec<String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for s in scopes {
        let s = s.trim().to_string();
        if !super::SCOPES.contains(&s.as_str()) {
            v.push("scopes", format!("{s:?} is not an LTI Advantage scope Lyceum serves (see the documentation)"));
        } else if !out.contains(&s) {
            out.push(s);
        }
    }
    serde_json::to_string(&out).unwrap_or_else(|_| "[]".into())
}

/// Custom parameters, by the rules of a lesson's ([`crate::courses::content::check_lti_custom`]).
fn check_custom(v: &mut Validator, custom: BTreeMap<String, String>) -> String {
    crate::courses::content::check_lti_custom(v, "custom", &custom);
    serde_json::to_string(&custom).unwrap_or_else(|_| "{}".into())
}

// ---------------------------------------------------------------------------------------------------
// Managing registrations

fn not_found(e: diesel::result::Error) -> Error {
    match e {
        diesel::result::Error::NotFound => Error::NotFound { resource: "LTI tool" },
        other => other.into(),
    }
}

pub(crate) fn get_row(tx: &mut TenantTx<'_>, id: LtiToolId) -> Result<ToolRow> {
    let t = tx.tenant();
    with_conn!(tx, |c| t.scoped(lti_tools::table).filter(lti_tools::id.eq(id)).select(ToolRow::as_select()).first(c))
        .map_err(not_found)
}

/// Every tool of the institution, oldest first.
pub async fn list(core: &Core, scope: &TenantScope) -> Result<Vec<Tool>> {
    scope.require(Permission::TenantWrite)?;
    core.db
        .read(scope, Permission::TenantWrite, |tx| {
            let t = tx.tenant();
            let rows: Vec<ToolRow> = with_conn!(tx, |c| t
                .scoped(lti_tools::table)
                .order((lti_tools::created_at.asc(), lti_tools::id.asc()))
                .select(ToolRow::as_select())
                .load(c))?;
            rows.into_iter().map(Tool::try_from).collect()
        })
        .await
}

pub async fn get(core: &Core, scope: &TenantScope, id: LtiToolId) -> Result<Tool> {
    scope.require(Permission::TenantWrite)?;
    core.db.read(scope, Permission::TenantWrite, move |tx| get_row(tx, id)?.try_into()).await
}

/// Registers a tool. The institution's platform key is made with its first tool.
pub async fn create(core: &Core, config: &Config, scope: &TenantScope, input: NewTool) -> Result<Tool> {
    scope.require(Permission::TenantWrite)?;
    let allow_private = config.lti.allow_private;
    let mut v = Validator::new();
    let name = check_name(&mut v, &input.name);
    let login_url = check_url(&mut v, "login_url", &input.login_url, allow_private);
    let target_link_uri = check_url(&mut v, "target_link_uri", &input.target_link_uri, allow_private);
    let mut redirect_uris = check_redirects(&mut v, input.redirect_uris, allow_private);
    if redirect_uris.is_empty() {
        redirect_uris.push(target_link_uri.clone());
    }
    let jwks_url = input.jwks_url.map(|u| check_url(&mut v, "jwks_url", &u, allow_private));
    let public_jwk = input.public_jwk.and_then(|j| check_jwk(&mut v, j));
    if jwks_url.is_none() && public_jwk.is_none() && !v.has("public_jwk") {
        v.push("jwks_url", "give the tool's JWKS URL or its public key (`public_jwk`)");
    }
    let scopes = check_scopes(&mut v, input.scopes);
    let custom = check_custom(&mut v, input.custom);
    v.finish()?;
    let now = Timestamp::now();
    let mut row = ToolRow {
        tenant_id: scope.tenant_id(),
        id: LtiToolId::new(),
        name,
        client_id: uuid::Uuid::new_v4().to_string(),
        deployment_id: uuid::Uuid::new_v4().to_string(),
        login_url,
        target_link_uri,
        redirect_uris: serde_json::to_string(&redirect_uris).unwrap_or_else(|_| "[]".into()),
        jwks_url,
        public_jwk,
        scopes,
        deep_linking: input.deep_linking,
        custom,
        enabled: input.enabled.unwrap_or(true),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            super::keys::current_or_create(tx)?;
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(lti_tools::table).values(ours.stamp(&mut row)).execute(c))?;
            audit::record(
                tx,
                "lti.tool_created",
                Some(("lti_tool", row.id.to_string())),
                serde_json::json!({ "name": row.name, "client_id": row.client_id, "login_url": row.login_url }),
            )?;
            row.try_into()
        })
        .await
}

pub async fn update(
    core: &Core,
    config: &Config,
    scope: &TenantScope,
    id: LtiToolId,
    changes: ToolChanges,
    expected_version: Option<i64>,
) -> Result<Tool> {
    scope.require(Permission::TenantWrite)?;
    let allow_private = config.lti.allow_private;
    let mut v = Validator::new();
    let name = changes.name.map(|n| check_name(&mut v, &n));
    let login_url = changes.login_url.map(|u| check_url(&mut v, "login_url", &u, allow_private));
    let target_link_uri = changes.target_link_uri.map(|u| check_url(&mut v, "target_link_uri", &u, allow_private));
    let redirect_uris = changes.redirect_uris.map(|r| check_redirects(&mut v, r, allow_private));
    let jwks_url = changes.jwks_url.map(|u| u.map(|u| check_url(&mut v, "jwks_url", &u, allow_private)));
    let public_jwk = changes.public_jwk.map(|j| j.and_then(|j| check_jwk(&mut v, j)));
    let scopes = changes.scopes.map(|s| check_scopes(&mut v, s));
    let custom = changes.custom.map(|c| check_custom(&mut v, c));
    v.finish()?;
    let (deep_linking, enabled) = (changes.deep_linking, changes.enabled);
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            let mut row = get_row(tx, id)?;
            if let Some(v) = expected_version.filter(|v| *v != row.version) {
                return Err(Error::PreconditionFailed {
                    message: format!("the LTI tool changed since version {v} (now {}); fetch it again", row.version),
                });
            }
            row.name = name.unwrap_or(row.name);
            row.login_url = login_url.unwrap_or(row.login_url);
            row.target_link_uri = target_link_uri.unwrap_or(row.target_link_uri);
            if let Some(mut r) = redirect_uris {
                if r.is_empty() {
                    r.push(row.target_link_uri.clone());
                }
                row.redirect_uris = serde_json::to_string(&r).unwrap_or_else(|_| "[]".into());
            }
            row.jwks_url = jwks_url.unwrap_or(row.jwks_url);
            row.public_jwk = public_jwk.unwrap_or(row.public_jwk);
            if row.jwks_url.is_none() && row.public_jwk.is_none() {
                return Err(Error::invalid("jwks_url", "a tool needs its JWKS URL or its public key (`public_jwk`)"));
            }
            row.scopes = scopes.unwrap_or(row.scopes);
            row.custom = custom.unwrap_or(row.custom);
            row.deep_linking = deep_linking.unwrap_or(row.deep_linking);
            row.enabled = enabled.unwrap_or(row.enabled);
            row.updated_at = Timestamp::now();
            row.version += 1;
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(t.scoped(lti_tools::table).filter(lti_tools::id.eq(id)))
                .set((
                    lti_tools::name.eq(&row.name),
                    lti_tools::login_url.eq(&row.login_url),
                    lti_tools::target_link_uri.eq(&row.target_link_uri),
                    lti_tools::redirect_uris.eq(&row.redirect_uris),
                    lti_tools::jwks_url.eq(&row.jwks_url),
                    lti_tools::public_jwk.eq(&row.public_jwk),
                    lti_tools::scopes.eq(&row.scopes),
                    lti_tools::deep_linking.eq(row.deep_linking),
                    lti_tools::custom.eq(&row.custom),
                    lti_tools::enabled.eq(row.enabled),
                    lti_tools::updated_at.eq(row.updated_at),
                    lti_tools::version.eq(row.version),
                ))
                .execute(c))?;
            audit::record(
                tx,
                "lti.tool_updated",
                Some(("lti_tool", id.to_string())),
                serde_json::json!({ "name": row.name, "enabled": row.enabled, "version": row.version }),
            )?;
            row.try_into()
        })
        .await
}

/// Removes a registration: the tool can no longer launch or obtain tokens. A tool that lessons launch
/// is kept (409 `lti_tool_in_use`): disable it, or change those lessons first.
pub async fn delete(core: &Core, scope: &TenantScope, id: LtiToolId) -> Result<()> {
    scope.require(Permission::TenantWrite)?;
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            let row = get_row(tx, id)?;
            let t = tx.tenant();
            let lessons: i64 = with_conn!(tx, |c| t
                .scoped(lessons::table)
                .filter(lessons::lti_tool_id.eq(Some(id)))
                .count()
                .get_result(c))?;
            if lessons > 0 {
                return Err(Error::Conflict {
                    code: "lti_tool_in_use",
                    field: None,
                    message: format!(
                        "{lessons} lesson(s) launch this tool: delete or change them first, or disable the tool"
                    ),
                });
            }
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::delete(t.scoped(lti_tools::table).filter(lti_tools::id.eq(id))).execute(c))?;
            audit::record(
                tx,
                "lti.tool_deleted",
                Some(("lti_tool", id.to_string())),
                serde_json::json!({ "name": row.name, "client_id": row.client_id }),
            )?;
            Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_jwk_must_be_an_rsa_public_key() {
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        use rsa::traits::PublicKeyParts;
        let b64 = |b: Vec<u8>| base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, b);
        let good = serde_json::json!({"kty": "RSA", "n": b64(key.n().to_bytes_be()), "e": "AQAB", "kid": "k1"});
        let mut v = Validator::new();
        assert!(check_jwk(&mut v, good.clone()).is_some());
        assert!(v.finish().is_ok());
        let mut private = good.clone();
        private["d"] = serde_json::json!("secret");
        for bad in [
            private,
            serde_json::json!({"kty": "EC", "crv": "P-256", "x": "a", "y": "b"}),
            serde_json::json!({"kty": "RSA", "e": "AQAB"}),
            serde_json::json!({"kty": "RSA", "n": "AQAB", "e": "AQAB"}),
            serde_json::json!("not an object"),
        ] {
            let mut v = Validator::new();
            assert!(check_jwk(&mut v, bad.clone()).is_none(), "{bad}");
            assert!(v.finish().is_err());
        }
    }

    #[test]
    fn custom_parameter_names_are_plain() {
        let mut v = Validator::new();
        check_custom(&mut v, BTreeMap::from([("chapter".into(), "3".into()), ("level_2".into(), "$User.id".into())]));
        assert!(v.finish().is_ok());
        let mut v = Validator::new();
        check_custom(&mut v, BTreeMap::from([("bad name".into(), "x".into())]));
        assert!(v.finish().is_err());
    }

    #[test]
    fn only_known_scopes() {
        let mut v = Validator::new();
        let s = check_scopes(&mut v, vec![super::super::SCOPES[3].into(), super::super::SCOPES[3].into()]);
        assert!(v.finish().is_ok());
        assert_eq!(s, serde_json::to_string(&[super::super::SCOPES[3]]).unwrap());
        let mut v = Validator::new();
        check_scopes(&mut v, vec!["https://example.com/scope".into()]);
        assert!(v.finish().is_err());
    }
}
