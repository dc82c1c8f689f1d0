//! The transaction doors: each checks the caller's [`Need`], opens one transaction (scoped to a tenant,
//! or the named platform and cross-tenant ones), commits, then hands the transaction's effects to every
//! [`AfterCommit`] of the process.

use super::*;

/// What every tenant write checks before it runs: the caller's [`Need`], and that the scope is not
/// read-only (its tenant's subscription ended): the entitlement holds for every write path without
/// each one remembering it.
fn check_write(scope: &TenantScope, need: Need) -> Result<()> {
    scope.check(need)?;
    if scope.read_only() {
        return Err(crate::Error::LimitReached {
            code: "subscription_required",
            message: "this institution's subscription or trial has ended: its data can be read but not changed \
                      until it subscribes again (POST /v1/billing/checkout-session)"
                .into(),
        });
    }
    Ok(())
}

/// One tenant-scoped transaction on a PostgreSQL connection (the primary's, or the replica's for
/// [`Db::read_replica`]): BEGIN and the tenant setting in one round trip, `f`, then COMMIT (or
/// ROLLBACK when `f` fails). Returns what `f` returned and the effects it recorded.
pub(super) fn pg_tenant_tx<R, F>(
    c: &mut PgConnection,
    scope: TenantScope,
    vault: Arc<crate::vault::Vault>,
    public_url: Arc<str>,
    f: F,
) -> Result<(R, Effects)>
where
    F: FnOnce(&mut TenantTx<'_>) -> Result<R>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    // BEGIN and the tenant setting in one round trip (the id is a formatted UUID: nothing to escape).
    // Every request pays for this, so it is worth the hand-written transaction. SET LOCAL rather than
    // set_config(): on Citus the statement itself reaches the workers that hold the tenant's shards
    // (citus.propagate_set_commands = 'local'), where row-level security reads it.
    let begin = format!("BEGIN; SET LOCAL lyceum.tenant_id = '{}'", scope.tenant_id());
    AnsiTransactionManager::begin_transaction_sql(&mut *c, &begin)?;
    let mut tx = TenantTx { conn: AnyConn::Pg(&mut *c), scope, effects: Effects::default(), vault, public_url };
    let result = f(&mut tx);
    let effects = std::mem::take(&mut tx.effects);
    match result {
        Ok(value) => match AnsiTransactionManager::commit_transaction(&mut *c) {
            Ok(()) => Ok((value, effects)),
            Err(e) => {
                let _ = AnsiTransactionManager::rollback_transaction(&mut *c);
                Err(e.into())
            }
        },
        Err(e) => {
            AnsiTransactionManager::rollback_transaction(&mut *c)?;
            Err(e)
        }
    }
}

impl Db {
    /// A read-write transaction scoped to `scope`'s tenant. The jobs `f` enqueues commit with it.
    /// A read-only scope (its tenant's subscription ended) is refused here, before anything runs: the
    /// entitlement holds for every write path without each one remembering it.
    pub(crate) async fn write<R, F>(&self, scope: &TenantScope, need: impl Into<Need>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        check_write(scope, need.into())?;
        self.tenant_tx(scope, true, f).await
    }

    /// Whether a [`Db::pg_batch`] write for `scope` can run: the checks of [`Db::write`] (an error when
    /// they fail), then `false` on SQLite and on Citus. Writes that queue before their statement runs
    /// (progress heartbeats) check each caller's own scope here, when they queue.
    pub(crate) fn pg_write_allowed(&self, scope: &TenantScope, need: impl Into<Need>) -> Result<bool> {
        check_write(scope, need.into())?;
        Ok(self.backend() == Backend::Postgres && !self.citus)
    }

    /// One statement on PostgreSQL, in its own implicit transaction, for the writes of several callers,
    /// possibly of several institutions: for the hottest writes, which do their common case in a single
    /// round trip (BEGIN, the tenant settings and COMMIT included). `f` gets the connection and the
    /// callers' scopes; it must run exactly one statement, a database function that sets the tenant for
    /// row-level security itself before it touches an institution's rows, from that caller's scope, as
    /// `lyceum_progress_heartbeats` does. Every scope is checked as [`Db::write`] checks it. Nothing is
    /// collected for after the commit, so a write with effects (events, jobs, cache changes) takes
    /// [`Db::write`]. `None` without running `f` on SQLite (an in-process database has no round trips to
    /// save), on Citus, or with no scope.
    pub(crate) async fn pg_batch<R, F>(
        &self,
        scopes: Vec<TenantScope>,
        need: impl Into<Need>,
        f: F,
    ) -> Result<Option<R>>
    where
        R: Send + 'static,
        F: FnOnce(&mut PgConnection, &[TenantScope]) -> Result<R> + Send + 'static,
    {
        let need = need.into();
        for scope in &scopes {
            check_write(scope, need)?;
        }
        // Citus cannot plan the batch functions' data-modifying statements across institutions: there
        // each write takes its transactional path (one institution per transaction, on one worker).
        if self.backend() != Backend::Postgres || self.citus || scopes.is_empty() {
            return Ok(None);
        }
        self.with_raw(move |conn| match conn {
            AnyConn::Pg(c) => f(c, &scopes).map(Some),
            AnyConn::Sqlite(_) => Ok(None),
        })
        .await
    }

    /// One statement on a platform table of PostgreSQL, in its own implicit transaction (one round
    /// trip, no tenant set): for counters every process shares and that hold no institution's data
    /// (the rate-limit buckets). `None` without running `f` on SQLite, where one process keeps such
    /// counters in memory.
    pub(crate) async fn pg_platform_statement<R, F>(&self, f: F) -> Result<Option<R>>
    where
        R: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<R> + Send + 'static,
    {
        if self.backend() != Backend::Postgres {
            return Ok(None);
        }
        self.with_raw(move |conn| match conn {
            AnyConn::Pg(c) => f(c).map(Some),
            AnyConn::Sqlite(_) => Ok(None),
        })
        .await
    }

    /// [`Db::write`] that a read-only scope may use too: signing out and billing (subscribing again).
    pub(crate) async fn write_even_if_read_only<R, F>(
        &self,
        scope: &TenantScope,
        need: impl Into<Need>,
        f: F,
    ) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        scope.check(need.into())?;
        self.tenant_tx(scope, true, f).await
    }

    /// A read transaction scoped to `scope`'s tenant.
    pub(crate) async fn read<R, F>(&self, scope: &TenantScope, need: impl Into<Need>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        scope.check(need.into())?;
        self.tenant_tx(scope, false, f).await
    }

    pub(super) async fn tenant_tx<R, F>(&self, scope: &TenantScope, write: bool, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        let scope = scope.clone();
        let vault = self.vault.clone();
        let public_url = self.public_url.clone();
        let (value, effects) = self
            .with_raw(move |conn| match conn {
                AnyConn::Pg(c) => pg_tenant_tx(c, scope, vault, public_url, f),
                AnyConn::Sqlite(c) => {
                    let run = |c: &mut SqliteConnection| {
                        let mut tx = TenantTx {
                            conn: AnyConn::Sqlite(c),
                            scope,
                            effects: Effects::default(),
                            vault: vault.clone(),
                            public_url: public_url.clone(),
                        };
                        let value = f(&mut tx)?;
                        Ok((value, tx.effects))
                    };
                    if write {
                        c.immediate_transaction(run)
                    } else {
                        c.transaction(run)
                    }
                }
            })
            .await?;
        self.committed(effects).await;
        Ok(value)
    }

    /// The transaction doors, for tests only (feature `testkit`): production crates reach data through
    /// core's services, which check permissions; only core opens transactions.
    #[cfg(feature = "testkit")]
    pub fn doors(&self) -> TestDoors<'_> {
        TestDoors(self)
    }

    /// Registers `listener` for the effects of every transaction this process commits (weakly: it
    /// stops when the last `Arc` of it is dropped).
    pub fn on_commit(&self, listener: &Arc<dyn AfterCommit>) {
        let mut list = self.after_commit.lock().unwrap_or_else(|p| p.into_inner());
        list.retain(|l| l.strong_count() > 0);
        list.push(Arc::downgrade(listener));
    }

    /// Applies committed effects to every registered listener.
    pub(super) async fn committed(&self, effects: Effects) {
        if effects.is_empty() {
            return;
        }
        let listeners: Vec<Arc<dyn AfterCommit>> = {
            let list = self.after_commit.lock().unwrap_or_else(|p| p.into_inner());
            list.iter().filter_map(std::sync::Weak::upgrade).collect()
        };
        for l in listeners {
            l.committed(&effects).await;
        }
    }

    /// A read-write transaction on platform tables, with no tenant set.
    pub(crate) async fn platform<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut PlatformTx<'_>) -> Result<R> + Send + 'static,
    {
        let (value, effects) = self
            .with_raw(|conn| match conn {
                AnyConn::Pg(c) => c.transaction(|c| {
                    let mut tx = PlatformTx { conn: AnyConn::Pg(c), effects: Effects::default() };
                    let value = f(&mut tx)?;
                    Ok((value, tx.effects))
                }),
                AnyConn::Sqlite(c) => c.immediate_transaction(|c| {
                    let mut tx = PlatformTx { conn: AnyConn::Sqlite(c), effects: Effects::default() };
                    let value = f(&mut tx)?;
                    Ok((value, tx.effects))
                }),
            })
            .await?;
        self.committed(effects).await;
        Ok(value)
    }

    /// A read-only transaction that sees every tenant's rows. Keep its callers few and named.
    pub(crate) async fn system_read<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut SystemTx<'_>) -> Result<R> + Send + 'static,
    {
        self.with_raw(|conn| match conn {
            AnyConn::Pg(c) => c
                .build_transaction()
                .read_only()
                .run(|c| f(&mut SystemTx { conn: AnyConn::Pg(c), effects: Effects::default() })),
            AnyConn::Sqlite(c) => {
                c.transaction(|c| f(&mut SystemTx { conn: AnyConn::Sqlite(c), effects: Effects::default() }))
            }
        })
        .await
    }
}

/// [`Db`]'s transaction doors, for tests (feature `testkit`).
#[cfg(feature = "testkit")]
#[derive(Debug, Clone, Copy)]
pub struct TestDoors<'a>(&'a Db);

#[cfg(feature = "testkit")]
impl<'a> TestDoors<'a> {
    pub async fn write<R, F>(self, scope: &TenantScope, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        self.0.write(scope, Need::Nobody, f).await
    }

    pub async fn read<R, F>(self, scope: &TenantScope, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        self.0.read(scope, Need::Nobody, f).await
    }

    pub async fn platform<R, F>(self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut PlatformTx<'_>) -> Result<R> + Send + 'static,
    {
        self.0.platform(f).await
    }

    pub async fn system_read<R, F>(self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut SystemTx<'_>) -> Result<R> + Send + 'static,
    {
        self.0.system_read(f).await
    }
}
