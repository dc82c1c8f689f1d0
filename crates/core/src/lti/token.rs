//! The institution's OAuth 2.0 token endpoint for tools (LTI Security Framework 1.0 §4.1; RFC 6749
//! §4.4 client credentials with an RFC 7523 JWT client assertion), and the check of the access tokens
//! it issues on every service call.
//!
//! A tool asks with `grant_type=client_credentials`,
//! `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`, a `client_assertion`
//! signed by its registered key (`iss` = `sub` = its client id, `aud` = the token endpoint's URL or the
//! issuer, `exp` within [`MAX_ASSERTION_SECONDS`], a `jti` never used before) and the `scope`s it wants.
//! It gets a bearer token for those of its allowed scopes, valid [`TOKEN_SECONDS`], stored hashed and
//! bound to the registration (and so to its institution and deployment). Errors are OAuth's
//! (`invalid_request`, `invalid_client`, `invalid_scope`, `unsupported_grant_type`; RFC 6749 §5.2).

use diesel::prelude::*;

use super::tools::ToolRow;
use crate::{
    audit,
    config::Config,
    core::Core,
    db::{
        schema::{lti_access_tokens, lti_tools},
        types::{LtiAccessTokenId, TenantId, Timestamp},
    },
    error::Error,
    scope::{Need, RequestMeta, TenantScope},
    with_conn,
};

/// How long an access token is valid.
pub const TOKEN_SECONDS: i64 = 3600;
/// The longest a client assertion may live (`exp` after now, or after its `iat`).
pub const MAX_ASSERTION_SECONDS: i64 = 3600;
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A token request as the tool posted it (form fields).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub client_assertion_type: Option<String>,
    pub client_assertion: Option<String>,
    pub scope: Option<String>,
}

/// The token endpoint's answer (RFC 6749 §5.1).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Issued {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub scope: String,
}

/// An OAuth 2.0 error (RFC 6749 §5.2), or a failure of Lyceum's own.
#[derive(Debug)]
pub enum TokenError {
    OAuth { status: u16, error: &'static str, description: String },
    Lyceum(Error),
}

impl From<Error> for TokenError {
    fn from(e: Error) -> Self {
        TokenError::Lyceum(e)
    }
}

fn oauth(status: u16, error: &'static str, description: impl Into<String>) -> TokenError {
    TokenError::OAuth { status, error, description: description.into() }
}

fn claim<'a>(claims: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    claims.get(name).and_then(serde_json::Value::as_str)
}

/// Answers a token request (see the module).
pub async fn issue(
    core: &Core,
    config: &Config,
    tenant: TenantId,
    req: TokenRequest,
    meta: RequestMeta,
) -> Result<Issued, TokenError> {
    if req.grant_type.as_deref() != Some("client_credentials") {
        return Err(oauth(400, "unsupported_grant_type", "`grant_type` must be `client_credentials`"));
    }
    if req.client_assertion_type.as_deref() != Some(ASSERTION_TYPE) {
        return Err(oauth(400, "invalid_request", format!("`client_assertion_type` must be `{ASSERTION_TYPE}`")));
    }
    let assertion = req
        .client_assertion
        .filter(|a| !a.is_empty() && a.len() <= 16 * 1024)
        .ok_or_else(|| oauth(400, "invalid_request", "`client_assertion` (a JWT of at most 16 KiB) is required"))?;
    let wanted: Vec<String> = req.scope.as_deref().unwrap_or("").split_whitespace().map(str::to_string).collect();
    if wanted.is_empty() {
        return Err(oauth(400, "invalid_scope", "`scope` must name the services wanted (space-separated)"));
    }
    // The assertion names its tool (`iss`/`sub`); its signature is checked with that tool's keys.
    let unverified = super::verify::unverified_claims(&assertion)
        .ok_or_else(|| oauth(401, "invalid_client", "`client_assertion` is not a JWT"))?;
    let client_id = claim(&unverified, "sub")
        .or_else(|| claim(&unverified, "iss"))
        .ok_or_else(|| oauth(401, "invalid_client", "the client assertion names no client (`sub`)"))?
        .to_string();
    let scope = TenantScope::anonymous(tenant, meta);
    let lookup = client_id.clone();
    let tool: Option<ToolRow> = core
        .db
        .read(&scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t
                .scoped(lti_tools::table)
                .filter(lti_tools::client_id.eq(lookup))
                .select(ToolRow::as_select())
                .first(c)
                .optional())?)
        })
        .await?;
    let tool = tool
        .filter(|t| t.enabled)
        .ok_or_else(|| oauth(401, "invalid_client", "no enabled tool of this institution has that client id"))?;
    let endpoints = super::endpoints(config, tenant);
    let claims =
        super::verify::verify(&tool, &assertion, &[&endpoints.token_url, &endpoints.issuer], config.lti.allow_private)
            .await
            .map_err(|m| oauth(401, "invalid_client", format!("the client assertion is refused: {m}")))?;
    if claim(&claims, "iss") != Some(client_id.as_str()) || claim(&claims, "sub") != Some(client_id.as_str()) {
        return Err(oauth(401, "invalid_client", "the client assertion's `iss` and `sub` must both be the client id"));
    }
    let jti = claim(&claims, "jti")
        .filter(|j| !j.is_empty() && j.len() <= 256)
        .ok_or_else(|| oauth(401, "invalid_client", "the client assertion needs a `jti` (at most 256 characters)"))?
        .to_string();
    let now = Timestamp::now();
    let exp = claims.get("exp").and_then(serde_json::Value::as_i64).unwrap_or(0);
    let iat = claims.get("iat").and_then(serde_json::Value::as_i64).unwrap_or(now.0.timestamp());
    if exp - now.0.timestamp() > MAX_ASSERTION_SECONDS || exp - iat > MAX_ASSERTION_SECONDS {
        return Err(oauth(
            401,
            "invalid_client",
            format!("a client assertion may live {MAX_ASSERTION_SECONDS} seconds at most"),
        ));
    }
    let allowed: Vec<String> = serde_json::from_str(&tool.scopes).map_err(Error::internal)?;
    let granted: Vec<String> = wanted.into_iter().filter(|s| allowed.contains(s)).collect();
    if granted.is_empty() {
        return Err(oauth(400, "invalid_scope", "none of the scopes asked for is allowed to this tool"));
    }
    let (token, token_hash) = super::one_time_secret();
    let scopes = serde_json::to_string(&granted).map_err(Error::internal)?;
    let tool_id = tool.id;
    let audited = serde_json::json!({ "scopes": granted });
    let stored = core
        .db
        .write(&scope, Need::Nobody, move |tx| {
            let mut row = TokenRow {
                tenant_id: tx.tenant_id(),
                id: LtiAccessTokenId::new(),
                tool_id,
                token_hash,
                jti,
                scopes,
                created_at: now,
                expires_at: Timestamp(now.0 + chrono::Duration::seconds(TOKEN_SECONDS)),
            };
            let ours = tx.tenant();
            let inserted = with_conn!(tx, |c| diesel::insert_into(lti_access_tokens::table)
                .values(ours.stamp(&mut row))
                .execute(c));
            if let Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) =
                inserted
            {
                return Err(Error::Conflict { code: "lti_jti_replayed", field: None, message: "jti replayed".into() });
            }
            inserted?;
            audit::record(tx, "lti.token_issued", Some(("lti_tool", tool_id.to_string())), audited)?;
            Ok(())
        })
        .await;
    match stored {
        Ok(()) => {}
        // The `jti` was used before (the unique key refuses it, concurrent requests included).
        Err(Error::Conflict { .. }) => {
            return Err(oauth(401, "invalid_client", "this client assertion was used already (`jti` replayed)"))
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Issued { access_token: token, token_type: "Bearer", expires_in: TOKEN_SECONDS, scope: granted.join(" ") })
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = lti_access_tokens, treat_none_as_default_value = false)]
struct TokenRow {
    tenant_id: TenantId,
    id: LtiAccessTokenId,
    tool_id: crate::db::types::LtiToolId,
    token_hash: String,
    jti: String,
    scopes: String,
    created_at: Timestamp,
    expires_at: Timestamp,
}

crate::tenant_rows!(TokenRow);

/// A tool's access to the services, from its bearer token.
#[derive(Debug, Clone)]
pub struct Grant {
    pub(crate) tool: ToolRow,
    pub scopes: Vec<String>,
    /// The institution's scope the calls run in (no person: the tool acts).
    pub scope: TenantScope,
}

impl Grant {
    pub fn allows(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    pub fn tool_id(&self) -> crate::db::types::LtiToolId {
        self.tool.id
    }
}

/// The grant of a bearer token presented to the institution's services: 401 (`Unauthenticated`) for
/// a token that is unknown there, expired, or of a tool since disabled.
pub async fn authenticate(
    core: &Core,
    tenant: TenantId,
    token: &str,
    meta: RequestMeta,
) -> crate::error::Result<Grant> {
    let scope = TenantScope::anonymous(tenant, meta);
    let h = crate::identity::tokens::hash(token);
    let now = Timestamp::now();
    let found: Option<(TokenRow, ToolRow)> = core
        .db
        .read(&scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            let row: Option<TokenRow> = with_conn!(tx, |c| t
                .scoped(lti_access_tokens::table)
                .filter(lti_access_tokens::token_hash.eq(h))
                .select(TokenRow::as_select())
                .first(c)
                .optional())?;
            let Some(row) = row else { return Ok(None) };
            let tool = super::tools::get_row(tx, row.tool_id)?;
            Ok(Some((row, tool)))
        })
        .await?;
    let Some((row, tool)) = found else { return Err(Error::Unauthenticated) };
    if row.expires_at <= now || !tool.enabled {
        return Err(Error::Unauthenticated);
    }
    let scopes = serde_json::from_str(&row.scopes).map_err(Error::internal)?;
    Ok(Grant { tool, scopes, scope })
}
