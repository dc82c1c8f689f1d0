//! API keys for integrations: a secret (`lyc_live_...`) shown once, stored as a hash with a display
//! prefix, carrying scopes. Revocation takes effect at once in this process and within a second in
//! every other (the revoking transaction's invalidation).

use diesel::prelude::*;

use crate::{
    audit,
    core::Core,
    db::{
        schema::api_keys,
        types::{ApiKeyId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result, Validator},
    identity::{
        permissions::{parse_scopes, Permission},
        tokens::{self, TokenKind},
    },
    invalidation::{self, Invalidation},
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn,
};

pub const MAX_KEY_NAME_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = api_keys)]
pub(crate) struct ApiKeyRow {
    pub(crate) tenant_id: TenantId,
    pub(crate) id: ApiKeyId,
    pub(crate) name: String,
    pub(crate) prefix: String,
    pub(crate) key_hash: String,
    pub(crate) scopes: String,
    pub(crate) created_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) last_used_at: Option<Timestamp>,
    pub(crate) revoked_at: Option<Timestamp>,
}

/// An API key as listings show it (never the secret or its hash).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

impl From<ApiKeyRow> for ApiKey {
    fn from(r: ApiKeyRow) -> Self {
        ApiKey {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            scopes: r.scopes.split_whitespace().map(str::to_string).collect(),
            created_by: r.created_by,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

/// A new key and its secret, which is shown only this once.
#[derive(Debug, Clone)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

/// Creates a key with `scopes` (see `permissions::grantable_scopes`). Users with `api_keys:manage`
/// only; a key can never grant what its creator lacks.
pub async fn create(core: &Core, scope: &TenantScope, name: &str, scopes: &[String]) -> Result<CreatedApiKey> {
    scope.require(Permission::ApiKeysManage)?;
    let mut v = Validator::new();
    let name = name.trim().to_string();
    if name.is_empty() {
        v.push("name", "must not be empty");
    } else if name.chars().count() > MAX_KEY_NAME_CHARS {
        v.push("name", format!("must be at most {MAX_KEY_NAME_CHARS} characters"));
    } else if crate::error::has_unsafe_chars(&name) {
        v.push("name", crate::error::UNSAFE_CHARS_MESSAGE);
    }
    if scopes.is_empty() {
        v.push("scopes", "must name at least one scope");
    }
    let parsed = match parse_scopes(scopes) {
        Ok(p) => Some(p),
        Err(Error::Invalid { errors }) => {
            for e in errors {
                v.push(&e.field, e.message);
            }
            None
        }
        Err(e) => return Err(e),
    };
    v.finish()?;
    let parsed = parsed.unwrap_or_default();
    if let Some(missing) = parsed.iter().find(|p| !scope.permissions().contains(*p)) {
        return Err(Error::Forbidden {
            code: "forbidden",
            message: format!("you cannot grant `{}`, which you do not hold", missing.name()),
        });
    }
    let created_by = scope.user_id();
    core.db
        .write(scope, Permission::ApiKeysManage, move |tx| {
            crate::entitlements::require_feature(tx, crate::entitlements::Feature::ApiKeys)?;
            let minted = tokens::mint(TokenKind::ApiKey, tx.tenant_id());
            let mut row = ApiKeyRow {
                tenant_id: tx.tenant_id(),
                id: ApiKeyId::new(),
                name,
                prefix: minted.display_prefix(TokenKind::ApiKey),
                key_hash: minted.hash.clone(),
                scopes: parsed.names().join(" "),
                created_by,
                created_at: Timestamp::now(),
                last_used_at: None,
                revoked_at: None,
            };
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(api_keys::table).values(ours.stamp(&mut row)).execute(c))?;
            audit::record(
                tx,
                "api_key.created",
                Some(("api_key", row.id.to_string())),
                serde_json::json!({ "name": row.name, "scopes": parsed.names() }),
            )?;
            Ok(CreatedApiKey { key: row.into(), secret: minted.secret })
        })
        .await
}

/// The tenant's keys, newest last, revoked ones included (with `revoked_at`).
/// The tenant's API keys (`api_keys:manage`), never their secrets.
pub async fn list_keys(core: &Core, scope: &TenantScope, page: PageRequest) -> Result<Page<ApiKey>> {
    core.db.read(scope, Permission::ApiKeysManage, move |tx| list(tx, page)).await
}

pub(crate) fn list(tx: &mut TenantTx<'_>, page: PageRequest) -> Result<Page<ApiKey>> {
    tx.scope().require(Permission::ApiKeysManage)?;
    let tenant = tx.tenant();
    let rows: Vec<ApiKeyRow> = with_conn!(tx, |c| {
        let mut q = tenant
            .scoped(api_keys::table)
            .select(ApiKeyRow::as_select())
            .order(api_keys::id.asc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(after) = page.after {
            q = q.filter(api_keys::id.gt(ApiKeyId(after)));
        }
        q.load(c)
    })?;
    Ok(Page::from_rows(rows.into_iter().map(ApiKey::from).collect(), page, |k| k.id.0))
}

/// Revokes a key; it stops working at once. Revoking a revoked key is a no-op.
pub async fn revoke(core: &Core, scope: &TenantScope, id: ApiKeyId) -> Result<()> {
    core.db
        .write(scope, Permission::ApiKeysManage, move |tx| {
            let tenant = tx.tenant();
            let target = tenant.scoped(api_keys::table).filter(api_keys::id.eq(id));
            let row: ApiKeyRow = with_conn!(tx, |c| target.select(ApiKeyRow::as_select()).first(c).optional())?
                .ok_or(Error::NotFound { resource: "API key" })?;
            if row.revoked_at.is_none() {
                with_conn!(tx, |c| diesel::update(target).set(api_keys::revoked_at.eq(Timestamp::now())).execute(c))?;
                audit::record(
                    tx,
                    "api_key.revoked",
                    Some(("api_key", id.to_string())),
                    serde_json::json!({ "name": row.name }),
                )?;
                invalidation::publish(tx, &Invalidation::Credential(row.key_hash.clone()))?;
            }
            Ok(())
        })
        .await
}

crate::tenant_rows!(ApiKeyRow);
