//! What crosses institutions or rewrites many secrets: the start-up check of the keyring, sealing an
//! earlier release's plaintext, an import's data keys, and rotation ([`rotate`]).

use base64::{engine::general_purpose::STANDARD, Engine};
use diesel::prelude::*;

use super::{data_key, new_data_key, open, seal, seal_with, unwrap_row, wrap_aad, DataKeyRow, Field, SEALED_PREFIX};
use crate::{
    db::{
        schema::{data_keys, files, identity_providers, lti_keys, signing_keys, sso_logins, webhook_endpoints},
        types::TenantId,
        AnyConn, Db, HasConn, SystemTx, TenantTx,
    },
    error::{Error, Result},
    scope::{Need, TenantScope},
    with_conn,
};

/// The fingerprints the database's data keys are wrapped by, with how many each wraps.
pub async fn wrapping_keys(db: &Db) -> Result<Vec<(String, i64)>> {
    db.system_read(|tx| {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            kek_id: String,
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            data_keys: i64,
        }
        let all = tx.all_tenants();
        let rows: Vec<(String, i64)> = match tx.conn() {
            AnyConn::Pg(c) => diesel::sql_query("SELECT kek_id, data_keys FROM lyceum_data_key_keks()")
                .load::<Row>(c)?
                .into_iter()
                .map(|r| (r.kek_id, r.data_keys))
                .collect(),
            AnyConn::Sqlite(c) => all
                .every_tenant(data_keys::table)
                .group_by(data_keys::kek_id)
                .select((data_keys::kek_id, diesel::dsl::count_star()))
                .order(data_keys::kek_id)
                .load(c)?,
        };
        Ok(rows)
    })
    .await
}

/// Refuses to go on when the database holds data keys this process's keyring cannot unwrap (a missing
/// or wrong `LYCEUM_MASTER_KEY`), so the problem shows at start, not at the first secret.
pub async fn check(db: &Db) -> anyhow::Result<()> {
    let ring = db.vault().keyring()?.clone();
    let missing: Vec<String> = wrapping_keys(db)
        .await?
        .into_iter()
        .filter(|(id, _)| ring.find(id).is_none())
        .map(|(id, n)| format!("{id} ({n} data keys)"))
        .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "this database's secrets are encrypted under key encryption keys this process does not have: {}; \
             this process has {} (set LYCEUM_MASTER_KEY, and LYCEUM_PREVIOUS_MASTER_KEYS during a rotation)",
            missing.join(", "),
            ring.ids().join(", ")
        );
    }
    Ok(())
}

/// An import's data keys must unwrap with this process's keyring (the exporting deployment's key
/// encryption key): 400 naming the key otherwise, before anything is written.
pub(crate) fn check_importable(tx: &TenantTx<'_>, rows: &[DataKeyRow]) -> Result<()> {
    let ring = tx.vault().keyring()?;
    for row in rows {
        if ring.find(&row.kek_id).is_none() {
            return Err(Error::invalid(
                "data_keys",
                format!(
                    "data key {} is wrapped by key encryption key {}, which this deployment does not have: \
                     configure it (LYCEUM_PREVIOUS_MASTER_KEYS) to import, then run `lyceum keys rotate`",
                    row.id, row.kek_id
                ),
            ));
        }
        unwrap_row(ring, row)
            .map_err(|_| Error::invalid("data_keys", format!("data key {} does not unwrap", row.id)))?;
    }
    Ok(())
}

/// Seals the tenant's secrets that are still stored in plaintext (written before encryption at rest);
/// returns how many. Each update is conditional on the value it read.
pub(crate) fn seal_plaintext(tx: &mut TenantTx<'_>) -> Result<usize> {
    let mut sealed = 0;
    each_field!(field, table, column, {
        let tenant = tx.tenant();
        let rows: Vec<(uuid::Uuid, String)> = with_conn!(tx, |c| tenant
            .scoped(table::table)
            .filter(column.not_like(format!("{SEALED_PREFIX}%")))
            .select((table::id, column))
            .load::<(crate::db::types::RowId, String)>(c))?
        .into_iter()
        .map(|(id, v)| (id.0, v))
        .collect();
        for (id, plain) in rows {
            let value = seal(tx, field, id, &plain)?;
            let tenant = tx.tenant();
            sealed += with_conn!(tx, |c| diesel::update(
                tenant.scoped(table::table).filter(table::id.eq(crate::db::types::RowId(id))).filter(column.eq(&plain))
            )
            .set(column.eq(&value))
            .execute(c))?;
        }
    });
    Ok(sealed)
}

/// What [`rotate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rotation {
    /// The key encryption key everything is now wrapped by.
    pub key_encryption_key: String,
    pub tenants: usize,
    pub data_keys_rewrapped: usize,
    pub data_keys_created: usize,
    pub secrets_reencrypted: usize,
    pub data_keys_removed: usize,
}

/// The tenant ids a `SECURITY DEFINER` function of PostgreSQL returns (`SETOF uuid`, no arguments):
/// the runtime role sees no other tenant's rows, so the few cross-tenant lists ask the owner's function.
pub(crate) fn tenant_ids_from(c: &mut diesel::PgConnection, function: &str) -> diesel::QueryResult<Vec<TenantId>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = crate::db::types::sql::Uuid)]
        id: TenantId,
    }
    Ok(diesel::sql_query(format!("SELECT {function} AS id FROM {function}()"))
        .load::<Row>(c)?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

/// Institutions with data keys.
async fn tenants_with_data_keys(db: &Db) -> Result<Vec<TenantId>> {
    db.system_read(|tx: &mut SystemTx<'_>| {
        let all = tx.all_tenants();
        let ids: Vec<TenantId> = match tx.conn() {
            AnyConn::Pg(c) => tenant_ids_from(c, "lyceum_tenants_with_data_keys")?,
            AnyConn::Sqlite(c) => all
                .every_tenant(data_keys::table)
                .select(data_keys::tenant_id)
                .distinct()
                .order(data_keys::tenant_id)
                .load(c)?,
        };
        Ok(ids)
    })
    .await
}

/// Secrets re-encrypted per transaction by [`rotate`].
const BATCH: i64 = 500;

/// Re-wraps every data key under the current key encryption key; with `data_keys`, also gives every
/// institution a new data key, re-encrypts its secrets under it in transactions of [`BATCH`], and
/// deletes the data keys no secret uses any more. Safe to run again after an interruption.
pub async fn rotate(db: &Db, scope_of: impl Fn(TenantId) -> TenantScope, data_keys: bool) -> Result<Rotation> {
    let ring = db.vault().keyring()?.clone();
    let mut report = Rotation { key_encryption_key: ring.current.id.clone(), ..Default::default() };
    for tenant in tenants_with_data_keys(db).await? {
        let scope = scope_of(tenant);
        report.tenants += 1;
        let ring2 = ring.clone();
        report.data_keys_rewrapped += db
            .write(&scope, Need::Identified, move |tx| {
                let t = tx.tenant();
                let rows: Vec<DataKeyRow> = with_conn!(tx, |c| t
                    .scoped(data_keys::table)
                    .filter(data_keys::kek_id.ne(&ring2.current.id))
                    .select(DataKeyRow::as_select())
                    .load(c))?;
                for row in &rows {
                    let key = unwrap_row(&ring2, row)?;
                    let wrapped = STANDARD.encode(ring2.current.key.seal(&wrap_aad(row.tenant_id, row.id.0), &key.0));
                    let t = tx.tenant();
                    with_conn!(tx, |c| diesel::update(t.scoped(data_keys::table).filter(data_keys::id.eq(row.id)))
                        .set((data_keys::kek_id.eq(&ring2.current.id), data_keys::wrapped.eq(&wrapped)))
                        .execute(c))?;
                }
                Ok(rows.len())
            })
            .await?;
        if !data_keys {
            continue;
        }
        let new_key = db
            .write(&scope, Need::Identified, move |tx| {
                let ring = tx.vault().keyring()?.clone();
                new_data_key(tx, &ring).map(|(id, _)| id)
            })
            .await?;
        report.data_keys_created += 1;
        let mut cursor: Cursor = Default::default();
        loop {
            let (read, changed, next) = db
                .write(&scope, Need::Identified, move |tx| {
                    let mut cursor = cursor;
                    let (read, changed) = reencrypt_batch(tx, new_key, &mut cursor)?;
                    Ok((read, changed, cursor))
                })
                .await?;
            report.secrets_reencrypted += changed;
            cursor = next;
            if read == 0 {
                break;
            }
        }
        report.data_keys_removed += db.write(&scope, Need::Identified, move |tx| remove_unused(tx, new_key)).await?;
    }
    Ok(report)
}

/// Where [`reencrypt_batch`] goes on from in each secret column (the last row id it reached).
type Cursor = [Option<crate::db::types::RowId>; Field::ALL.len()];

/// Re-encrypts up to [`BATCH`] of the tenant's secrets that are not under data key `to`, walking each
/// column in id order from `cursor`; returns how many rows it read (0: every column is done).
fn reencrypt_batch(tx: &mut TenantTx<'_>, to: uuid::Uuid, cursor: &mut Cursor) -> Result<(usize, usize)> {
    let key = data_key(tx, to)?;
    let prefix = format!("{SEALED_PREFIX}{to}:%");
    let (mut read, mut changed) = (0usize, 0usize);
    each_field!(field, table, column, {
        let i = field.index();
        let left = BATCH - read as i64;
        if left > 0 {
            let tenant = tx.tenant();
            let after = cursor[i];
            let rows: Vec<(crate::db::types::RowId, String)> = with_conn!(tx, |c| {
                let mut q = tenant
                    .scoped(table::table)
                    .filter(column.not_like(&prefix))
                    .order(table::id.asc())
                    .select((table::id, column))
                    .limit(left)
                    .into_boxed();
                if let Some(after) = after {
                    q = q.filter(table::id.gt(after));
                }
                q.load(c)
            })?;
            read += rows.len();
            for (id, stored) in rows {
                let plain =
                    if stored.starts_with(SEALED_PREFIX) { open(tx, field, id.0, &stored)? } else { stored.clone() };
                let value = seal_with(tx.tenant_id(), &key, to, field, id.0, &plain);
                let tenant = tx.tenant();
                changed += with_conn!(tx, |c| diesel::update(
                    tenant.scoped(table::table).filter(table::id.eq(id)).filter(column.eq(&stored))
                )
                .set(column.eq(&value))
                .execute(c))?;
                cursor[i] = Some(id);
            }
        }
    });
    Ok((read, changed))
}

/// Deletes the tenant's data keys other than `keep` that no secret names.
fn remove_unused(tx: &mut TenantTx<'_>, keep: uuid::Uuid) -> Result<usize> {
    let t = tx.tenant();
    let others: Vec<crate::db::types::DataKeyId> = with_conn!(tx, |c| t
        .scoped(data_keys::table)
        .filter(data_keys::id.ne(crate::db::types::DataKeyId(keep)))
        .select(data_keys::id)
        .load(c))?;
    let mut removed = 0;
    for id in others {
        let pattern = format!("{SEALED_PREFIX}{id}:%");
        let mut used = 0i64;
        each_field!(_field, table, column, {
            let t = tx.tenant();
            used +=
                with_conn!(tx, |c| t.scoped(table::table).filter(column.like(&pattern)).count().get_result::<i64>(c))?;
        });
        if used == 0 {
            let t = tx.tenant();
            removed +=
                with_conn!(tx, |c| diesel::delete(t.scoped(data_keys::table).filter(data_keys::id.eq(id))).execute(c))?;
            tx.vault().data_keys.invalidate(&(tx.tenant_id(), id.0));
        }
    }
    Ok(removed)
}
