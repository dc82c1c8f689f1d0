//! The one authentication path: a bearer token (session or API key) becomes a `TenantScope`.
//!
//! Lookups are cached in moka for [`AuthCache::TTL`], keyed by the token's hash (which embeds the
//! tenant), and evicted at once in this process when a session or key is revoked, a user's role or
//! status changes, or the tenant is suspended. The TTL bounds how long another process may still accept
//! a revoked credential.

use crate::scope::Need;
use std::{sync::Arc, time::Duration};

use diesel::prelude::*;

use crate::{
    core::Core,
    db::{
        schema::{api_keys, sessions, tenants, users},
        types::{ApiKeyId, SessionId, TenantId, Timestamp, UserId},
    },
    error::{Error, Result},
    identity::{
        permissions::Permissions,
        tokens::{self, TokenKind},
        users::{Role, UserStatus},
    },
    invalidation::Invalidation,
    scope::{RequestMeta, TenantScope},
    tenants::TenantStatus,
    with_conn,
};

/// What a verified credential resolves to (cached).
#[derive(Debug, Clone)]
struct Credential {
    scope: TenantScope,
    user_id: Option<UserId>,
    /// Sessions expire; keys do not.
    expires_at: Option<Timestamp>,
    tenant_status: TenantStatus,
}

#[derive(Clone)]
pub struct AuthCache {
    cache: moka::future::Cache<String, Arc<Credential>>,
}

impl std::fmt::Debug for AuthCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthCache").field("entries", &self.cache.entry_count()).finish()
    }
}

impl Default for AuthCache {
    fn default() -> Self {
        Self::new()
    }
}

impl AuthCache {
    pub const TTL: Duration = Duration::from_secs(30);

    pub fn new() -> Self {
        AuthCache {
            cache: moka::future::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(Self::TTL)
                .support_invalidation_closures()
                .build(),
        }
    }

    /// Forgets one credential (logout, key revocation).
    pub async fn evict_hash(&self, hash: &str) {
        self.cache.invalidate(hash).await;
    }

    /// Forgets every credential of a user (role change, disable, password reset, deletion).
    pub fn evict_user(&self, user: UserId) {
        let _ = self.cache.invalidate_entries_if(move |_, c| c.user_id == Some(user));
    }

    /// Forgets everything (after the invalidation listener lost its connection and may have missed news).
    pub fn clear(&self) {
        self.cache.invalidate_all();
    }

    /// Forgets every credential of a tenant (suspension, plan changes).
    pub fn evict_tenant(&self, tenant: TenantId) {
        let _ = self.cache.invalidate_entries_if(move |_, c| c.scope.tenant_id() == tenant);
    }
}

impl crate::core::Part for AuthCache {
    fn forget<'a>(&'a self, what: &'a Invalidation) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(async move {
            match what {
                Invalidation::Credential(h) => self.evict_hash(h).await,
                Invalidation::User(u) => self.evict_user(*u),
                Invalidation::Tenant(t) => self.evict_tenant(*t),
                Invalidation::Course(..) => {}
            }
        })
    }

    fn forget_all(&self) {
        self.clear();
    }
}

impl Core {
    /// The credential cache (registered by [`crate::wiring`]).
    fn credentials(&self) -> &AuthCache {
        self.part().expect("Core is assembled with a credential cache")
    }
}

/// Resolves `token` to its scope. Unknown, malformed, expired and revoked tokens, and tokens of users
/// who are not active, all answer `Unauthenticated` alike; a suspended or deleted tenant's valid
/// credentials answer `Forbidden(tenant_suspended)`.
pub async fn authenticate(core: &Core, token: &str, meta: RequestMeta) -> Result<TenantScope> {
    let kind = TokenKind::of(token).ok_or(Error::Unauthenticated)?;
    if !matches!(kind, TokenKind::Session | TokenKind::ApiKey) {
        return Err(Error::Unauthenticated);
    }
    let (tenant, hash) = tokens::parse(kind, token).ok_or(Error::Unauthenticated)?;
    let db = core.db.clone();
    let key = hash.clone();
    let cred = core
        .credentials()
        .cache
        .try_get_with(key, async move { load(&db, kind, tenant, hash).await.map(Arc::new) })
        .await
        .map_err(Error::from_shared)?;
    if cred.expires_at.is_some_and(|t| t <= Timestamp::now()) {
        return Err(Error::Unauthenticated);
    }
    if matches!(cred.tenant_status, TenantStatus::Suspended | TenantStatus::Deleted) {
        return Err(Error::Forbidden {
            code: "tenant_suspended",
            message: "this institution is suspended; contact Lyceum support".into(),
        });
    }
    Ok(cred.scope.clone().with_meta(meta).with_read_only(cred.tenant_status == TenantStatus::Canceled))
}

/// A credential is marked used at most this often (a write per lookup would make every cache miss,
/// and every sign-in storm, a write storm).
const LAST_USED_GRANULARITY_SECS: i64 = 60;

/// What the lookup found, before the use is recorded.
struct Found {
    credential: Credential,
    mark_used: Option<(TokenKind, uuid::Uuid)>,
}

/// Looks the token up in a read transaction: an unknown token never opens a write. A found credential
/// is then marked used (at most once a minute) in a short write of its own.
async fn load(db: &crate::db::Db, kind: TokenKind, tenant: TenantId, hash: String) -> Result<Credential> {
    let lookup = TenantScope::anonymous(tenant, RequestMeta::default());
    let found = db.read(&lookup, Need::Nobody, move |tx| find(tx, kind, &hash)).await?;
    if let Some((kind, id)) = found.mark_used {
        db.write(&lookup, Need::Nobody, move |tx| {
            let tenant = tx.tenant();
            let now = Timestamp::now();
            match kind {
                TokenKind::Session => with_conn!(tx, |c| diesel::update(
                    tenant.scoped(sessions::table).filter(sessions::id.eq(SessionId(id)))
                )
                .set(sessions::last_used_at.eq(now))
                .execute(c))?,
                _ => with_conn!(tx, |c| diesel::update(
                    tenant.scoped(api_keys::table).filter(api_keys::id.eq(ApiKeyId(id)))
                )
                .set(api_keys::last_used_at.eq(now))
                .execute(c))?,
            };
            Ok(())
        })
        .await?;
    }
    Ok(found.credential)
}

fn stale(last_used: Option<Timestamp>, now: Timestamp) -> bool {
    last_used.is_none_or(|t| t < now - chrono::Duration::seconds(LAST_USED_GRANULARITY_SECS))
}

fn find(tx: &mut crate::db::TenantTx<'_>, kind: TokenKind, hash: &str) -> Result<Found> {
    let tenant = tx.tenant();
    let now = Timestamp::now();
    match kind {
        TokenKind::Session => {
            type Row = (SessionId, UserId, Role, UserStatus, Timestamp, Option<Timestamp>, TenantStatus);
            let row: Option<Row> = with_conn!(tx, |c| tenant
                .scoped(sessions::table)
                .inner_join(users::table.on(
                    crate::db::scoped::same_tenant(users::table, sessions::table).and(users::id.eq(sessions::user_id))
                ),)
                .inner_join(tenants::table.on(crate::db::scoped::same_tenant(tenants::table, sessions::table)))
                .filter(sessions::token_hash.eq(hash))
                .filter(sessions::revoked_at.is_null())
                .select((
                    sessions::id,
                    sessions::user_id,
                    users::role,
                    users::status,
                    sessions::expires_at,
                    sessions::last_used_at,
                    tenants::status,
                ))
                .first(c)
                .optional())?;
            let Some((session_id, user_id, role, status, expires_at, last_used, tenant_status)) = row else {
                return Err(Error::Unauthenticated);
            };
            if status != UserStatus::Active || expires_at <= now {
                return Err(Error::Unauthenticated);
            }
            Ok(Found {
                credential: Credential {
                    scope: TenantScope::for_user(tenant.id(), user_id, role, Some(session_id)),
                    user_id: Some(user_id),
                    expires_at: Some(expires_at),
                    tenant_status,
                },
                mark_used: stale(last_used, now).then_some((TokenKind::Session, session_id.0)),
            })
        }
        TokenKind::ApiKey => {
            type Row =
                (ApiKeyId, String, Option<Timestamp>, TenantStatus, Option<UserId>, Option<Role>, Option<UserStatus>);
            let row: Option<Row> = with_conn!(tx, |c| tenant
                .scoped(api_keys::table)
                .inner_join(tenants::table.on(crate::db::scoped::same_tenant(tenants::table, api_keys::table)))
                .left_join(
                    users::table.on(crate::db::scoped::same_tenant(users::table, api_keys::table)
                        .and(api_keys::created_by.eq(users::id.nullable()))),
                )
                .filter(api_keys::key_hash.eq(hash))
                .filter(api_keys::revoked_at.is_null())
                .select((
                    api_keys::id,
                    api_keys::scopes,
                    api_keys::last_used_at,
                    tenants::status,
                    api_keys::created_by,
                    users::role.nullable(),
                    users::status.nullable(),
                ))
                .first(c)
                .optional())?;
            let Some((key_id, scopes, last_used, tenant_status, creator, creator_role, creator_status)) = row else {
                return Err(Error::Unauthenticated);
            };
            // A key never does more than its creator may do now: its scopes are narrowed to the
            // creator's current role at every lookup, and a key whose creator is disabled or deleted
            // (or unknown) does nothing at all.
            let (creator_id, creator_role) = match (creator, creator_role, creator_status) {
                (Some(id), Some(role), Some(UserStatus::Active)) => (id, role),
                _ => return Err(Error::Unauthenticated),
            };
            let scopes: Vec<String> = scopes.split_whitespace().map(str::to_string).collect();
            let granted = crate::identity::permissions::parse_scopes(&scopes).unwrap_or(Permissions::NONE);
            let effective = granted.intersection(Permissions::for_role(creator_role));
            Ok(Found {
                credential: Credential {
                    scope: TenantScope::for_api_key(tenant.id(), key_id, effective, (creator_id, creator_role)),
                    // Evicted with its creator's credentials when the creator's role or status changes.
                    user_id: creator,
                    expires_at: None,
                    tenant_status,
                },
                mark_used: stale(last_used, now).then_some((TokenKind::ApiKey, key_id.0)),
            })
        }
        _ => Err(Error::Unauthenticated),
    }
}
