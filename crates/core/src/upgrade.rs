//! The data changes a release needs that SQL cannot make (encrypting, hashing), run by every process
//! after it migrates ([`run`]) and before it serves: secrets written in plaintext by an earlier release
//! are sealed ([`crate::vault`]), and audit events written before the hash chain are chained, oldest
//! first ([`crate::audit::chain`]). Each institution is done in its own transaction, only where needed,
//! and running it again (or in several processes at once) changes nothing more.

use diesel::prelude::*;

use crate::{
    db::{
        schema::{audit_events, files, identity_providers, signing_keys, sso_logins, webhook_endpoints},
        types::TenantId,
        AnyConn, Db, HasConn,
    },
    error::Result,
    scope::{Need, TenantScope},
    vault::SEALED_PREFIX,
};

/// What [`run`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Upgraded {
    pub tenants: usize,
    pub secrets_sealed: usize,
    pub audit_events_chained: usize,
}

/// Checks the keyring against the database ([`crate::vault::check`]), then brings every institution's
/// data up to this release.
pub async fn run(db: &Db) -> anyhow::Result<Upgraded> {
    crate::vault::check(db).await?;
    let mut done = Upgraded::default();
    for tenant in tenants_to_upgrade(db).await? {
        let scope = TenantScope::for_system(tenant);
        let (sealed, chained) = db
            .write(&scope, Need::Identified, |tx| {
                let sealed = crate::vault::seal_plaintext(tx)?;
                let chained = crate::audit::chain::chain_unchained(tx)?;
                Ok((sealed, chained))
            })
            .await?;
        done.tenants += 1;
        done.secrets_sealed += sealed;
        done.audit_events_chained += chained;
    }
    if done.tenants > 0 {
        tracing::info!(
            tenants = done.tenants,
            secrets_sealed = done.secrets_sealed,
            audit_events_chained = done.audit_events_chained,
            "brought data written by an earlier release up to this one"
        );
    }
    Ok(done)
}

/// Institutions with plaintext secrets or unchained audit events.
async fn tenants_to_upgrade(db: &Db) -> Result<Vec<TenantId>> {
    db.system_read(|tx| {
        let all = tx.all_tenants();
        let like = format!("{SEALED_PREFIX}%");
        let ids: Vec<TenantId> = match tx.conn() {
            AnyConn::Pg(c) => crate::vault::tenant_ids_from(c, "lyceum_tenants_to_upgrade")?,
            AnyConn::Sqlite(c) => {
                let mut ids: Vec<TenantId> = Vec::new();
                ids.extend(
                    all.every_tenant(signing_keys::table)
                        .filter(signing_keys::private_key.not_like(&like))
                        .select(signing_keys::tenant_id)
                        .load::<TenantId>(c)?,
                );
                ids.extend(
                    all.every_tenant(webhook_endpoints::table)
                        .filter(webhook_endpoints::secret.not_like(&like))
                        .select(webhook_endpoints::tenant_id)
                        .load::<TenantId>(c)?,
                );
                ids.extend(
                    all.every_tenant(identity_providers::table)
                        .filter(identity_providers::client_secret.not_like(&like))
                        .select(identity_providers::tenant_id)
                        .load::<TenantId>(c)?,
                );
                ids.extend(
                    all.every_tenant(files::table)
                        .filter(files::url_secret.not_like(&like))
                        .select(files::tenant_id)
                        .load::<TenantId>(c)?,
                );
                ids.extend(
                    all.every_tenant(sso_logins::table)
                        .filter(sso_logins::pkce_verifier.not_like(&like))
                        .select(sso_logins::tenant_id)
                        .load::<TenantId>(c)?,
                );
                ids.extend(
                    all.every_tenant(audit_events::table)
                        .filter(audit_events::seq.is_null())
                        .select(audit_events::tenant_id)
                        .load::<TenantId>(c)?,
                );
                ids.sort();
                ids.dedup();
                ids
            }
        };
        Ok(ids)
    })
    .await
}
