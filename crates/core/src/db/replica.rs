//! Reads a streaming replica may serve (issue 22, item 2).
//!
//! With `LYCEUM_DATABASE_REPLICA_URL` set, the reads that tolerate lag (reports, the catalog's lists,
//! public certificate verification, audit lists) go to the replica through [`Db::read_replica`].
//!
//! **Every client reads its own writes.** Before a routed read runs, Lyceum asks the primary for its
//! current WAL position (`pg_current_wal_lsn()`: no table, no lock) and runs the read on the replica
//! only once the replica has replayed up to it; so anything acknowledged to anyone before the read
//! arrived, through any API process, is visible to it. No per-client state is kept, and a load
//! balancer need not be sticky. A replica that has not caught up within `replica_max_wait_ms`, or
//! that cannot be reached, is passed over: the read runs on the primary, never a stale answer. A
//! "replica" that is not in recovery (promoted by a failover, or the primary itself) serves at once.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};

use diesel::{
    sql_types::{Bool, Text},
    QueryableByName,
};

use super::{doors::pg_tenant_tx, *};

/// The replica's pool and what it has served.
pub(crate) struct Replica {
    pool: dp_pg::Pool,
    max_wait: Duration,
    served: AtomicU64,
    passed_over: AtomicU64,
}

/// How the replica has been used since the process started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReplicaStatus {
    /// Routed reads the replica served.
    pub served: u64,
    /// Routed reads that ran on the primary: the replica lagged past the wait, or was unreachable.
    pub passed_over: u64,
}

#[derive(QueryableByName)]
struct Lsn {
    #[diesel(sql_type = Text)]
    lsn: String,
}

#[derive(QueryableByName)]
struct Replayed {
    #[diesel(sql_type = Bool)]
    replayed: bool,
}

/// `url`'s hosts and options with the credentials of `serve` (the runtime role's URL): the role and its
/// password reach the replica with everything else the primary wrote.
fn with_userinfo_of(url: &str, serve: &str) -> String {
    let userinfo = serve.find("://").and_then(|start| {
        let rest = &serve[start + 3..];
        let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
        authority.rfind('@').map(|at| &authority[..at])
    });
    let Some(userinfo) = userinfo else { return url.to_string() };
    let Some(start) = url.find("://").map(|i| i + 3) else { return url.to_string() };
    let rest = &url[start..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = rest[..authority_end].rsplit('@').next().unwrap_or_default();
    format!("{}{userinfo}@{host}{}", &url[..start], &rest[authority_end..])
}

impl Db {
    /// This handle with a streaming replica at `url` (PostgreSQL; its user and password are replaced by
    /// the runtime role's) for [`Db::read_replica`], pooling at most `max_size` connections. A routed
    /// read waits at most `max_wait` for the replica to catch up before it runs on the primary.
    pub async fn with_replica(mut self, url: &str, max_size: usize, max_wait: Duration) -> anyhow::Result<Db> {
        anyhow::ensure!(
            self.url.backend == Backend::Postgres,
            "LYCEUM_DATABASE_REPLICA_URL needs PostgreSQL (the database is {:?})",
            self.url.backend
        );
        // The runtime role, checked on the primary, reaches the replica with everything else the primary
        // wrote: the replica serves under row-level security as the primary does.
        let serve = with_userinfo_of(url, &self.serve);
        // Short waits: a replica that does not answer quickly is passed over, not waited for.
        let timeouts = deadpool_diesel::Timeouts {
            wait: Some(Duration::from_secs(1)),
            create: Some(Duration::from_secs(2)),
            recycle: Some(Duration::from_secs(2)),
        };
        let pool = pool::pg_pool(serve, max_size, self.queries.clone(), "lyceum-replica", timeouts)?;
        self.replica =
            Some(Arc::new(Replica { pool, max_wait, served: AtomicU64::new(0), passed_over: AtomicU64::new(0) }));
        Ok(self)
    }

    /// How the replica has been used (`None` without one).
    pub fn replica_status(&self) -> Option<ReplicaStatus> {
        self.replica.as_ref().map(|r| ReplicaStatus {
            served: r.served.load(Ordering::Relaxed),
            passed_over: r.passed_over.load(Ordering::Relaxed),
        })
    }

    /// A read scoped to `scope`'s tenant that the replica serves once it has replayed everything the
    /// primary had written when the read began (see the module's documentation); without a replica,
    /// or when it lags or is down, [`Db::read`] on the primary.
    pub(crate) async fn read_replica<R, F>(&self, scope: &TenantScope, need: impl Into<Need>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        scope.check(need.into())?;
        let Some(replica) = self.replica.clone() else { return self.tenant_tx(scope, false, f).await };
        let lsn = self
            .with_raw(|conn| match conn {
                AnyConn::Pg(c) => {
                    Ok(diesel::sql_query("SELECT pg_current_wal_lsn()::text AS lsn").get_result::<Lsn>(c)?.lsn)
                }
                AnyConn::Sqlite(_) => Err(Error::internal(anyhow::anyhow!("a replica needs PostgreSQL"))),
            })
            .await?;
        let conn = match replica.pool.get().await {
            Ok(conn) => conn,
            Err(e) => {
                tracing::warn!(error = %e, "the replica cannot be reached; reading from the primary");
                replica.passed_over.fetch_add(1, Ordering::Relaxed);
                return self.tenant_tx(scope, false, f).await;
            }
        };
        let (scope2, vault, public_url, max_wait) =
            (scope.clone(), self.vault.clone(), self.public_url.clone(), replica.max_wait);
        let outcome = conn
            .interact(move |c| {
                let started = Instant::now();
                loop {
                    let caught_up = diesel::sql_query(
                        "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed",
                    )
                    .bind::<Text, _>(&lsn)
                    .get_result::<Replayed>(c);
                    match caught_up {
                        Ok(r) if r.replayed => break,
                        Ok(_) if started.elapsed() < max_wait => std::thread::sleep(Duration::from_millis(1)),
                        // Lagging past the wait, or failing: the primary answers instead.
                        _ => return Err(f),
                    }
                }
                Ok(pg_tenant_tx(c, scope2, vault, public_url, f))
            })
            .await
            .map_err(pool::interact_error)?;
        match outcome {
            Ok(done) => {
                replica.served.fetch_add(1, Ordering::Relaxed);
                let (value, effects) = done?;
                self.committed(effects).await;
                Ok(value)
            }
            Err(f) => {
                replica.passed_over.fetch_add(1, Ordering::Relaxed);
                self.tenant_tx(scope, false, f).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_userinfo_of;

    #[test]
    fn the_replica_is_reached_with_the_runtime_role() {
        let serve = "postgres://lyceum_rt:s3cr%40t@primary:5432/lyceum?sslmode=prefer";
        assert_eq!(
            with_userinfo_of("postgres://replica1,replica2:5433/lyceum?target_session_attrs=standby", serve),
            "postgres://lyceum_rt:s3cr%40t@replica1,replica2:5433/lyceum?target_session_attrs=standby"
        );
        assert_eq!(
            with_userinfo_of("postgres://someone:else@replica/lyceum", serve),
            "postgres://lyceum_rt:s3cr%40t@replica/lyceum"
        );
        // A serving URL without credentials (peer or trust authentication) leaves the replica's as given.
        assert_eq!(
            with_userinfo_of("postgres://replica/lyceum", "postgres://primary/lyceum"),
            "postgres://replica/lyceum"
        );
    }
}
