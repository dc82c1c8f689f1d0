//! Sessions: login with tenant slug, email and password; logout; revocation. Tokens are opaque
//! (`lys_...`, see [`super::tokens`]), stored only as hashes, and expire after [`SESSION_TTL_DAYS`].

use crate::scope::Need;
use std::sync::OnceLock;

use chrono::Duration;
use diesel::prelude::*;

use crate::{
    audit,
    core::Core,
    db::{
        schema::sessions,
        types::{SessionId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    identity::{
        normalize_email, password,
        tokens::{self, TokenKind},
        user_tokens::{self, Purpose},
        users::{self, User, UserStatus},
    },
    invalidation::{self, Invalidation},
    scope::{Actor, RequestMeta, TenantScope},
    tenants::{self, Tenant, TenantStatus},
    with_conn,
};

pub const SESSION_TTL_DAYS: i64 = 14;

/// A freshly issued token: `token` is shown to the client once and never stored.
#[derive(Debug, Clone)]
pub struct SessionToken {
    pub token: String,
    pub session: Session,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub tenant_id: TenantId,
    pub id: SessionId,
    pub user_id: UserId,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}

/// Issues a session for `user_id` in the scope's tenant, in the caller's transaction.
pub fn create(tx: &mut TenantTx<'_>, user_id: UserId) -> Result<SessionToken> {
    let minted = tokens::mint(TokenKind::Session, tx.tenant_id());
    let now = Timestamp::now();
    let mut session = Session {
        tenant_id: tx.tenant_id(),
        id: SessionId::new(),
        user_id,
        token_hash: minted.hash,
        created_at: now,
        expires_at: now + Duration::days(SESSION_TTL_DAYS),
        revoked_at: None,
        last_used_at: None,
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(sessions::table).values(ours.stamp(&mut session)).execute(c))?;
    Ok(SessionToken { token: minted.secret, session })
}

#[derive(Debug, Clone)]
pub struct LoginInput {
    pub tenant: String,
    pub email: String,
    pub password: String,
    /// The versions of the institution's terms and privacy notice the person accepts ([`super::consent`]).
    pub acceptance: super::consent::Acceptance,
}

/// A hash to verify against when the tenant or user does not exist, so that failing logins take the
/// same time whatever the reason.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| password::hash_blocking("lyceum timing equaliser").unwrap_or_default())
}

fn invalid_credentials() -> Error {
    Error::InvalidCredentials
}

/// Signs a user in. A wrong password, an unknown email, an unknown tenant and a disabled or invited
/// user all fail alike (`InvalidCredentials`) after the same password-hash work. A failure against a
/// known tenant is recorded in its audit trail.
pub async fn login(core: &Core, input: LoginInput, meta: RequestMeta) -> Result<(SessionToken, User)> {
    let acceptance = input.acceptance.clone();
    let (tenant, user) = authenticate(core, input, meta.clone()).await?;
    let scope = TenantScope::anonymous(tenant.id, meta);
    let user_id = user.id;
    let session = core
        .db
        .write(&scope, Need::Nobody, move |tx| {
            super::consent::settle(tx, user_id, &acceptance, "login")?;
            let session = create(tx, user_id)?;
            users::record_login(tx, user_id)?;
            audit::record(
                tx,
                "auth.login",
                Some(("user", user_id.to_string())),
                serde_json::json!({ "session_id": session.session.id }),
            )?;
            Ok(session)
        })
        .await?;
    Ok((session, user))
}

/// Checks a sign-in by password (see [`login`]) and, instead of a session, mints a one-time sign-in
/// code (valid two minutes) that the institution's app exchanges for one ([`exchange`]): the hosted
/// sign-in page hands people over with it, so no session token ever travels in a URL.
pub async fn login_for_code(core: &Core, input: LoginInput, meta: RequestMeta) -> Result<(Tenant, String)> {
    let acceptance = input.acceptance.clone();
    let (tenant, user) = authenticate(core, input, meta.clone()).await?;
    let scope = TenantScope::anonymous(tenant.id, meta);
    let user_id = user.id;
    let (code, _) = core
        .db
        .write(&scope, Need::Nobody, move |tx| {
            super::consent::settle(tx, user_id, &acceptance, "hosted_sign_in")?;
            let code = user_tokens::mint(tx, user_id, Purpose::SignIn)?;
            audit::record(tx, "auth.sign_in_code_issued", Some(("user", user_id.to_string())), serde_json::json!({}))?;
            Ok(code)
        })
        .await?;
    Ok((tenant, code))
}

/// `POST /v1/auth/sso/exchange`: turns a one-time sign-in code into a session, once. An unknown, used
/// or expired code, or one whose person can no longer sign in, is `invalid` (field `code`).
pub async fn exchange(
    core: &Core,
    code: &str,
    acceptance: super::consent::Acceptance,
    meta: RequestMeta,
) -> Result<(SessionToken, User)> {
    // The single-use token machinery names its field `token`; here the field is `code`.
    let as_code = |e: Error| match e {
        Error::Invalid { errors } => Error::Invalid {
            errors: errors
                .into_iter()
                .map(|mut f| {
                    if f.field == "token" {
                        f.field = "code".into();
                    }
                    f
                })
                .collect(),
        },
        other => other,
    };
    let tenant_id = user_tokens::tenant_of(Purpose::SignIn, code).map_err(as_code)?;
    let scope = TenantScope::anonymous(tenant_id, meta);
    let code = code.to_string();
    core.db
        .write(&scope, Need::Nobody, move |tx| {
            let tenant = tenants::current(tx)?;
            if matches!(tenant.status, TenantStatus::Suspended | TenantStatus::Deleted) {
                return Err(Error::Forbidden {
                    code: "tenant_suspended",
                    message: "this institution is suspended; contact Lyceum support".into(),
                });
            }
            let user_id = user_tokens::consume(tx, Purpose::SignIn, &code)?;
            let user = users::get(tx, user_id)?;
            if user.status != UserStatus::Active {
                return Err(Error::invalid("code", "is not valid: the account is not active"));
            }
            super::consent::settle(tx, user_id, &acceptance, "sign_in_code")?;
            let session = create(tx, user_id)?;
            users::record_login(tx, user_id)?;
            audit::record(
                tx,
                "auth.login",
                Some(("user", user_id.to_string())),
                serde_json::json!({ "session_id": session.session.id, "method": "sign_in_code" }),
            )?;
            Ok((session, user))
        })
        .await
        .map_err(as_code)
}

/// The password check shared by [`login`] and [`login_for_code`]: the tenant and the active user, or
/// `InvalidCredentials` after the same hash work whatever failed (recorded in a known tenant's trail);
/// a suspended institution is `tenant_suspended`.
async fn authenticate(core: &Core, input: LoginInput, meta: RequestMeta) -> Result<(Tenant, User)> {
    let slug = input.tenant.trim().to_lowercase();
    let email_lower = normalize_email(&input.email).map(|(_, lower)| lower).unwrap_or_default();
    let tenant = {
        let slug = slug.clone();
        match core.db.system_read(move |tx| tenants::find_by_slug(tx, &slug)).await {
            Ok(t) => Some(t),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        }
    };
    let candidate = match &tenant {
        Some(t) if !email_lower.is_empty() => {
            let scope = TenantScope::anonymous(t.id, meta.clone());
            let email = email_lower.clone();
            core.db.read(&scope, Need::Nobody, move |tx| users::find_for_login(tx, &email)).await?
        }
        _ => None,
    };
    let hash = candidate.as_ref().and_then(|(_, h)| h.clone()).unwrap_or_else(|| dummy_hash().to_string());
    let verified = password::verify(&input.password, &hash).await?;

    let (Some(tenant), Some((user, Some(_)))) = (tenant, candidate) else {
        return Err(invalid_credentials());
    };
    let scope = TenantScope::anonymous(tenant.id, meta);
    if !verified || user.status != UserStatus::Active {
        let (user_id, reason) = (user.id, if verified { "user_not_active" } else { "wrong_password" });
        core.db
            .write(&scope, Need::Nobody, move |tx| {
                audit::record(
                    tx,
                    "auth.login_failed",
                    Some(("user", user_id.to_string())),
                    serde_json::json!({ "reason": reason }),
                )
            })
            .await?;
        return Err(invalid_credentials());
    }
    if matches!(tenant.status, TenantStatus::Suspended | TenantStatus::Deleted) {
        return Err(Error::Forbidden {
            code: "tenant_suspended",
            message: "this institution is suspended; contact Lyceum support".into(),
        });
    }
    if tenant.sso_required && user.role != crate::identity::permissions::Role::Owner {
        return Err(Error::Forbidden {
            code: "sso_required",
            message: "this institution signs its people in through its identity provider: use single sign-on \
                      (GET /v1/auth/sso/{tenant}/start)"
                .into(),
        });
    }
    Ok((tenant, user))
}

/// Ends the scope's own session (a no-op for API keys, which are revoked instead).
pub async fn logout(core: &Core, scope: &TenantScope) -> Result<()> {
    let Actor::User { session_id: Some(session_id), user_id, .. } = scope.actor().clone() else {
        return Ok(());
    };
    core.db
        .write_even_if_read_only(scope, Need::Identified, move |tx| {
            let tenant = tx.tenant();
            let target = tenant.scoped(sessions::table).filter(sessions::id.eq(session_id));
            let hash = with_conn!(tx, |c| diesel::update(target)
                .set(sessions::revoked_at.eq(Timestamp::now()))
                .returning(sessions::token_hash)
                .get_result::<String>(c)
                .optional())?;
            audit::record(tx, "auth.logout", Some(("user", user_id.to_string())), serde_json::json!({}))?;
            if let Some(h) = &hash {
                invalidation::publish(tx, &Invalidation::Credential(h.clone()))?;
            }
            Ok(())
        })
        .await
}

/// Revokes every live session of `user` in the caller's transaction and, at commit, every process
/// (this one included) forgets the user's cached credentials.
pub fn revoke_all_for_user(tx: &mut TenantTx<'_>, user: UserId) -> Result<usize> {
    let tenant = tx.tenant();
    invalidation::publish(tx, &Invalidation::User(user))?;
    Ok(with_conn!(tx, |c| diesel::update(
        tenant.scoped(sessions::table).filter(sessions::user_id.eq(user)).filter(sessions::revoked_at.is_null())
    )
    .set(sessions::revoked_at.eq(Timestamp::now()))
    .execute(c))?)
}

crate::tenant_rows!(Session);
