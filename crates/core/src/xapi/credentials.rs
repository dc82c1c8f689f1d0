//! LRS credentials: how xAPI clients (content, authoring tools, other LRSs) reach an institution's
//! store. HTTP Basic, with the credential's public `key` as the user name and its secret as the
//! password. The secret is shown once, stored as its SHA-256, and names its institution (like every
//! Lyceum secret), so a lookup runs inside that institution's scope only. A credential is read-only
//! or read-write; owners and admins (`tenant:write`) manage them.
//!
//! Lookups are cached for [`LrsCache::TTL`] in this process; revoking a credential, or suspending the
//! institution, evicts at once here and, through the invalidation channel, in every process.

use std::{sync::Arc, time::Duration};

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::{
    audit,
    core::Core,
    db::{
        schema::{tenants, xapi_credentials},
        scoped::same_tenant,
        types::{TenantId, Timestamp, XapiCredentialId},
    },
    error::{Error, Result, Validator},
    identity::{
        permissions::Permission,
        tokens::{self, TokenKind},
    },
    invalidation::Invalidation,
    scope::{Need, RequestMeta, TenantScope},
    tenants::TenantStatus,
    with_conn,
};

/// A credential as listed (never its secret).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Credential {
    pub id: XapiCredentialId,
    pub name: String,
    /// The user name of HTTP Basic.
    pub key: String,
    /// `false`: the credential may only read.
    pub can_write: bool,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// A credential just created, with its secret (shown this once).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Created {
    pub credential: Credential,
    pub secret: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = xapi_credentials, treat_none_as_default_value = false)]
struct Row {
    tenant_id: TenantId,
    id: XapiCredentialId,
    name: String,
    key: String,
    secret_hash: String,
    can_write: bool,
    created_at: Timestamp,
    last_used_at: Option<Timestamp>,
    revoked_at: Option<Timestamp>,
}

crate::tenant_rows!(Row);

impl From<Row> for Credential {
    fn from(r: Row) -> Self {
        Credential {
            id: r.id,
            name: r.name,
            key: r.key,
            can_write: r.can_write,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
        }
    }
}

pub async fn create(core: &Core, scope: &TenantScope, name: &str, can_write: bool) -> Result<Created> {
    scope.require(Permission::TenantWrite)?;
    let mut v = Validator::new();
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        v.push("name", "must be 1 to 100 characters");
    }
    v.finish()?;
    let minted = tokens::mint(TokenKind::LrsSecret, scope.tenant_id());
    let id = XapiCredentialId::new();
    let mut row = Row {
        tenant_id: scope.tenant_id(),
        id,
        name,
        key: format!("lrs_{}", id.0.simple()),
        secret_hash: minted.hash,
        can_write,
        created_at: Timestamp::now(),
        last_used_at: None,
        revoked_at: None,
    };
    let secret = minted.secret;
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(xapi_credentials::table).values(t.stamp(&mut row)).execute(c))?;
            audit::record(
                tx,
                "xapi.credential_created",
                Some(("xapi_credential", row.id.to_string())),
                json!({ "name": row.name, "key": row.key, "can_write": row.can_write }),
            )?;
            Ok(Created { credential: row.into(), secret })
        })
        .await
}

/// The institution's credentials in use (revoked ones are not listed), oldest first.
pub async fn list(core: &Core, scope: &TenantScope) -> Result<Vec<Credential>> {
    scope.require(Permission::TenantWrite)?;
    core.db
        .read(scope, Permission::TenantWrite, |tx| {
            let t = tx.tenant();
            let rows: Vec<Row> = with_conn!(tx, |c| t
                .scoped(xapi_credentials::table)
                .filter(xapi_credentials::revoked_at.is_null())
                .order(xapi_credentials::created_at)
                .select(Row::as_select())
                .load(c))?;
            Ok(rows.into_iter().map(Credential::from).collect())
        })
        .await
}

/// Revokes a credential: it stops working at once in every process.
pub async fn revoke(core: &Core, scope: &TenantScope, id: XapiCredentialId) -> Result<()> {
    scope.require(Permission::TenantWrite)?;
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            let t = tx.tenant();
            let hash: Option<String> = with_conn!(tx, |c| diesel::update(
                t.scoped(xapi_credentials::table)
                    .filter(xapi_credentials::id.eq(id))
                    .filter(xapi_credentials::revoked_at.is_null())
            )
            .set(xapi_credentials::revoked_at.eq(Timestamp::now()))
            .returning(xapi_credentials::secret_hash)
            .get_result(c)
            .optional())?;
            let hash = hash.ok_or(Error::NotFound { resource: "LRS credential" })?;
            audit::record(tx, "xapi.credential_revoked", Some(("xapi_credential", id.to_string())), json!({}))?;
            // Every process forgets the lookup (this one right after the commit).
            crate::invalidation::publish(tx, &Invalidation::Credential(hash))
        })
        .await
}

/// What a verified LRS credential may do, and as whom it writes.
#[derive(Debug, Clone)]
pub struct Lrs {
    /// The institution's scope the calls run in (the credential acts; no person).
    pub scope: TenantScope,
    /// The LRS credential (`None` for a cmi5 AU session's auth-token).
    pub credential: Option<XapiCredentialId>,
    pub can_write: bool,
    /// The `authority` of the statements this credential stores.
    pub authority: Value,
    /// A cmi5 AU session (its auth-token was presented): what it may do is narrowed to its learner,
    /// registration and AU, and its statements follow the cmi5 rules.
    pub session: Option<Arc<super::cmi5::session::Session>>,
}

impl Lrs {
    /// Refuses a read-only credential's writes (403).
    pub fn require_write(&self) -> Result<()> {
        if self.can_write {
            Ok(())
        } else {
            Err(Error::Forbidden { code: "lrs_read_only", message: "this LRS credential may only read".into() })
        }
    }
}

#[derive(Debug)]
struct Cached {
    tenant: TenantId,
    key: String,
    credential: XapiCredentialId,
    name: String,
    can_write: bool,
    status: TenantStatus,
}

/// Credential lookups, cached by the secret's hash.
#[derive(Clone)]
pub struct LrsCache {
    cache: moka::future::Cache<String, Arc<Cached>>,
}

impl std::fmt::Debug for LrsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LrsCache").field("entries", &self.cache.entry_count()).finish()
    }
}

impl Default for LrsCache {
    fn default() -> Self {
        LrsCache {
            cache: moka::future::Cache::builder()
                .max_capacity(10_000)
                .time_to_live(Self::TTL)
                .support_invalidation_closures()
                .build(),
        }
    }
}

impl LrsCache {
    pub const TTL: Duration = Duration::from_secs(30);
}

impl crate::core::Part for LrsCache {
    fn forget<'a>(&'a self, what: &'a Invalidation) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(async move {
            match what {
                Invalidation::Credential(h) => self.cache.invalidate(h).await,
                Invalidation::Tenant(t) => {
                    let t = *t;
                    let _ = self.cache.invalidate_entries_if(move |_, c| c.tenant == t);
                }
                Invalidation::User(_) | Invalidation::Course(..) => {}
            }
        })
    }

    fn forget_all(&self) {
        self.cache.invalidate_all();
    }
}

impl Core {
    fn lrs_credentials(&self) -> &LrsCache {
        self.part().expect("Core is assembled with an LRS credential cache")
    }
}

/// The credential behind HTTP Basic `key:secret`: 401 (`Unauthenticated`) for anything unknown,
/// revoked or mismatched; 403 for a suspended institution.
/// `home` is the public URL: the `homePage` of the credential's account in `authority`.
pub async fn authenticate(core: &Core, home: &str, key: &str, secret: &str, meta: RequestMeta) -> Result<Lrs> {
    let (tenant, hash) = tokens::parse(TokenKind::LrsSecret, secret).ok_or(Error::Unauthenticated)?;
    let db = core.db.clone();
    let found = core
        .lrs_credentials()
        .cache
        .try_get_with(hash.clone(), async move {
            let scope = TenantScope::anonymous(tenant, RequestMeta::default());
            db.read(&scope, Need::Nobody, move |tx| {
                let t = tx.tenant();
                let row: Option<(Row, TenantStatus)> = with_conn!(tx, |c| t
                    .scoped(xapi_credentials::table)
                    .inner_join(tenants::table.on(same_tenant(tenants::table, xapi_credentials::table)))
                    .filter(xapi_credentials::secret_hash.eq(hash))
                    .filter(xapi_credentials::revoked_at.is_null())
                    .select((Row::as_select(), tenants::status))
                    .first(c)
                    .optional())?;
                let (row, status) = row.ok_or(Error::Unauthenticated)?;
                Ok(Arc::new(Cached {
                    tenant,
                    key: row.key,
                    credential: row.id,
                    name: row.name,
                    can_write: row.can_write,
                    status,
                }))
            })
            .await
        })
        .await
        .map_err(Error::from_shared)?;
    if found.key != key {
        return Err(Error::Unauthenticated);
    }
    if matches!(found.status, TenantStatus::Suspended | TenantStatus::Deleted) {
        return Err(Error::Forbidden {
            code: "tenant_suspended",
            message: "this institution is suspended; contact Lyceum support".into(),
        });
    }
    let scope = TenantScope::anonymous(tenant, meta).with_read_only(found.status == TenantStatus::Canceled);
    let authority = json!({
        "objectType": "Agent",
        "name": found.name,
        "account": { "homePage": home, "name": found.key },
    });
    Ok(Lrs { scope, credential: Some(found.credential), can_write: found.can_write, authority, session: None })
}
