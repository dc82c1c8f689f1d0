//! The database layer: one pool per process on SQLite or PostgreSQL, embedded migrations, and the
//! transaction doors through which all data is reached.
//!
//! - [`Db::write`] / [`Db::read`]: a [`TenantTx`] for one tenant. On PostgreSQL the transaction sets
//!   `lyceum.tenant_id`, and row-level security (enabled and forced) hides every other tenant's rows.
//! - [`Db::platform`]: a [`PlatformTx`] with no tenant, for platform tables (the job queue). Tenant tables
//!   show no rows through it on PostgreSQL.
//! - [`Db::system_read`]: a read-only [`SystemTx`] across tenants, for the few named paths that need it
//!   (support staff listing tenants, resolving a tenant slug at login). On PostgreSQL those paths call
//!   narrow `SECURITY DEFINER` functions (`lyceum_tenant_by_slug`, ...); nothing else crosses tenants.
//!
//! On PostgreSQL the pool serves through a runtime role that owns nothing, and migrations run as the
//! owner named by the URL (see `roles`).
//!
//! Queries are written once and compiled for both backends with [`with_conn!`].

pub mod schema;
pub mod scoped;
pub mod types;

mod roles;
mod url;

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use deadpool_diesel::{postgres as dp_pg, sqlite as dp_sqlite, Runtime};
use diesel::{
    connection::{InstrumentationEvent, SimpleConnection},
    Connection, PgConnection, RunQueryDsl, SqliteConnection,
};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use self::url::{Backend, DatabaseUrl};
use crate::{
    db::types::TenantId,
    error::{Error, Result},
    scope::{Need, TenantScope},
};

pub const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// Arbitrary constant that serialises concurrent `migrate` runs on one PostgreSQL database.
const MIGRATION_LOCK: i64 = 0x4c79_6365_756d;

/// A connection of either backend, borrowed for the length of one transaction.
pub enum AnyConn<'c> {
    Pg(&'c mut PgConnection),
    Sqlite(&'c mut SqliteConnection),
}

/// Runs one query body against whichever backend the transaction is on. The body is compiled once per
/// backend, so every query is type-checked for both.
///
/// ```ignore
/// let n: i64 = with_conn!(tx, |c| users::table.count().get_result(c))?;
/// ```
#[macro_export]
macro_rules! with_conn {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $crate::db::HasConn::conn($tx) {
            $crate::db::AnyConn::Pg($c) => $body,
            $crate::db::AnyConn::Sqlite($c) => $body,
        }
    };
}

/// Implemented by the transaction types: lends the underlying connection to [`with_conn!`].
pub trait HasConn {
    fn conn(&mut self) -> AnyConn<'_>;
    fn backend(&self) -> Backend;
    /// What this transaction asks of the process once it commits (nothing if it rolls back).
    fn effects(&mut self) -> &mut Effects;
}

/// The after-commit effects a transaction registered: cached state to forget in this process (other
/// processes hear it through `invalidations`), and whether it enqueued jobs (the in-process worker is
/// woken). Written by `invalidation::publish` and `jobs::enqueue`; applied by the transaction doors after
/// the commit, to every [`AfterCommit`] registered on the [`Db`]: nothing is left for callers to remember,
/// and a rolled-back transaction has no effects.
#[derive(Debug, Default, Clone)]
pub struct Effects {
    pub invalidations: Vec<crate::invalidation::Invalidation>,
    pub jobs_enqueued: bool,
}

impl Effects {
    fn is_empty(&self) -> bool {
        self.invalidations.is_empty() && !self.jobs_enqueued
    }
}

/// Something in this process that acts on committed effects (the caches of a `Core`, a worker's
/// wake-up). Registered with [`Db::on_commit`]; held weakly, so dropping it unregisters it.
pub trait AfterCommit: Send + Sync + std::fmt::Debug {
    fn committed<'a>(&'a self, effects: &'a Effects) -> futures::future::BoxFuture<'a, ()>;
}

/// A transaction scoped to one tenant: the only way core reaches tenant tables.
pub struct TenantTx<'c> {
    conn: AnyConn<'c>,
    scope: TenantScope,
    effects: Effects,
}

impl TenantTx<'_> {
    /// The tenant every query in this transaction must filter on.
    pub fn tenant_id(&self) -> TenantId {
        self.scope.tenant_id()
    }

    /// The token that scopes queries and stamps inserts (see [`scoped`]).
    pub fn tenant(&self) -> scoped::Tenant {
        scoped::Tenant::of(self.scope.tenant_id())
    }

    pub fn scope(&self) -> &TenantScope {
        &self.scope
    }
}

/// A transaction without a tenant: platform tables only (the job queue).
pub struct PlatformTx<'c> {
    conn: AnyConn<'c>,
    effects: Effects,
}

/// A read-only transaction across tenants, for the named cross-tenant paths.
pub struct SystemTx<'c> {
    conn: AnyConn<'c>,
    effects: Effects,
}

impl PlatformTx<'_> {
    /// Proof that this transaction may name tenant tables across tenants (see [`scoped::AllTenants`]).
    pub fn all_tenants(&self) -> scoped::AllTenants {
        scoped::AllTenants::new()
    }
}

impl SystemTx<'_> {
    /// Proof that this transaction may read tenant tables across tenants (see [`scoped::AllTenants`]).
    pub fn all_tenants(&self) -> scoped::AllTenants {
        scoped::AllTenants::new()
    }
}

macro_rules! impl_has_conn {
    ($($t:ident),*) => {$(
        impl HasConn for $t<'_> {
            fn conn(&mut self) -> AnyConn<'_> {
                match &mut self.conn {
                    AnyConn::Pg(c) => AnyConn::Pg(c),
                    AnyConn::Sqlite(c) => AnyConn::Sqlite(c),
                }
            }
            fn backend(&self) -> Backend {
                match self.conn {
                    AnyConn::Pg(_) => Backend::Postgres,
                    AnyConn::Sqlite(_) => Backend::Sqlite,
                }
            }
            fn effects(&mut self) -> &mut Effects {
                &mut self.effects
            }
        }
    )*};
}
impl_has_conn!(TenantTx, PlatformTx, SystemTx);

#[derive(Clone)]
enum Pool {
    Pg(dp_pg::Pool),
    Sqlite(dp_sqlite::Pool),
}

/// Connection pool usage, for `/metrics`.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct PoolStatus {
    pub max_size: usize,
    pub size: usize,
    pub available: usize,
    pub waiting: usize,
}

/// Where the schema stands relative to the migrations compiled into this binary.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MigrationStatus {
    pub version: String,
    pub applied: bool,
}

/// The process's database handle: cheap to clone, bounded pool inside.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    /// What the operator configured (the owner, on PostgreSQL): migrations connect with it.
    url: Arc<DatabaseUrl>,
    /// What requests are served through: the runtime role's connection string on PostgreSQL.
    serve: Arc<String>,
    /// PostgreSQL: the runtime role, granted what it needs after every migration.
    runtime_role: Option<Arc<String>>,
    queries: Arc<AtomicU64>,
    /// Who acts on committed effects in this process.
    after_commit: Arc<std::sync::Mutex<Vec<std::sync::Weak<dyn AfterCommit>>>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("backend", &self.url.backend).finish()
    }
}

fn count_queries(counter: Arc<AtomicU64>) -> impl FnMut(InstrumentationEvent<'_>) + Send + 'static {
    move |event| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn pool_error(err: deadpool_diesel::PoolError) -> Error {
    tracing::warn!(error = %err, "database pool could not supply a connection");
    Error::Unavailable { code: "database_unavailable", message: "the database is not available; retry later".into() }
}

fn interact_error(err: deadpool_diesel::InteractError) -> Error {
    Error::Internal(anyhow::anyhow!("database task failed: {err}"))
}

impl Db {
    /// Opens a pool for `url` (see [`DatabaseUrl`]). Does not touch the schema: call [`Db::migrate`].
    /// On PostgreSQL `url` names the owner, and requests are served through a runtime role Lyceum
    /// creates (see [`Db::open`]).
    pub async fn connect(url: &str, max_size: usize) -> anyhow::Result<Db> {
        Self::open(url, None, max_size).await
    }

    /// [`Db::connect`] with the configuration's roles: `runtime_url` (PostgreSQL only) names the role that
    /// serves requests; without it Lyceum creates and uses one (the owner must be allowed to create roles).
    pub async fn open(url: &str, runtime_url: Option<&str>, max_size: usize) -> anyhow::Result<Db> {
        let parsed = DatabaseUrl::parse(url)?;
        let (serve, runtime_role) = match parsed.backend {
            Backend::Postgres => {
                let owner = parsed.connection_string.clone();
                let explicit = runtime_url.map(str::to_string);
                let (serve, role) =
                    tokio::task::spawn_blocking(move || roles::prepare(&owner, explicit.as_deref())).await??;
                (serve, Some(Arc::new(role)))
            }
            Backend::Sqlite => (parsed.connection_string.clone(), None),
        };
        let queries = Arc::new(AtomicU64::new(0));
        let (pg_queries, sqlite_queries) = (queries.clone(), queries.clone());
        let timeouts = deadpool_diesel::Timeouts {
            wait: Some(Duration::from_secs(10)),
            create: Some(Duration::from_secs(10)),
            recycle: Some(Duration::from_secs(5)),
        };
        let pool = match parsed.backend {
            Backend::Postgres => {
                let manager = dp_pg::Manager::new(serve.clone(), Runtime::Tokio1);
                let pool = dp_pg::Pool::builder(manager)
                    .max_size(max_size)
                    .timeouts(timeouts)
                    .runtime(Runtime::Tokio1)
                    .post_create(dp_pg::Hook::async_fn(move |obj, _| {
                        let counter = pg_queries.clone();
                        Box::pin(async move {
                            obj.interact(move |c| {
                                c.set_instrumentation(count_queries(counter));
                                c.batch_execute(
                                    "SET TIME ZONE 'UTC'; SET application_name = 'lyceum'; \
                                     SET statement_timeout = '30s';",
                                )
                            })
                            .await
                            .map_err(|e| dp_pg::HookError::message(e.to_string()))?
                            .map_err(|e| dp_pg::HookError::message(e.to_string()))
                        })
                    }))
                    .build()?;
                Pool::Pg(pool)
            }
            Backend::Sqlite => {
                if let Some(parent) = std::path::Path::new(&parsed.connection_string).parent() {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent)?;
                    }
                }
                let manager = dp_sqlite::Manager::new(parsed.connection_string.clone(), Runtime::Tokio1);
                let pool = dp_sqlite::Pool::builder(manager)
                    .max_size(max_size)
                    .timeouts(timeouts)
                    .runtime(Runtime::Tokio1)
                    .post_create(dp_sqlite::Hook::async_fn(move |obj, _| {
                        let counter = sqlite_queries.clone();
                        Box::pin(async move {
                            obj.interact(move |c| {
                                c.set_instrumentation(count_queries(counter));
                                // One batch: `sql_query` would run only the first PRAGMA.
                                c.batch_execute(
                                    "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                                     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                                )
                            })
                            .await
                            .map_err(|e| dp_sqlite::HookError::message(e.to_string()))?
                            .map_err(|e| dp_sqlite::HookError::message(e.to_string()))
                        })
                    }))
                    .build()?;
                Pool::Sqlite(pool)
            }
        };
        let db = Db {
            pool,
            url: Arc::new(parsed),
            serve: Arc::new(serve),
            runtime_role,
            queries,
            after_commit: Arc::default(),
        };
        db.ping().await.map_err(|e| anyhow::anyhow!("cannot reach the database at {}: {e}", db.url.redacted()))?;
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        self.url.backend
    }

    /// Statements run through this pool so far (transaction control included): tests use the
    /// difference around a call to prove it runs a fixed number of queries.
    pub fn queries_executed(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    /// What Diesel connects with to serve requests, credentials included (for the few tasks that need a
    /// dedicated connection, such as listeners). Log [`Db::redacted_url`] instead.
    pub fn connection_string(&self) -> String {
        self.serve.to_string()
    }

    /// The URL with any password replaced, for logs and the CLI.
    pub fn redacted_url(&self) -> String {
        self.url.redacted()
    }

    pub fn pool_status(&self) -> PoolStatus {
        let s = match &self.pool {
            Pool::Pg(p) => p.status(),
            Pool::Sqlite(p) => p.status(),
        };
        PoolStatus { max_size: s.max_size, size: s.size, available: s.available, waiting: s.waiting }
    }

    /// Runs `f` on a pooled connection of either backend (no transaction opened).
    async fn with_raw<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(AnyConn<'_>) -> Result<R> + Send + 'static,
    {
        match &self.pool {
            Pool::Pg(p) => {
                let obj = p.get().await.map_err(pool_error)?;
                obj.interact(move |c| f(AnyConn::Pg(c))).await.map_err(interact_error)?
            }
            Pool::Sqlite(p) => {
                let obj = p.get().await.map_err(pool_error)?;
                obj.interact(move |c| f(AnyConn::Sqlite(c))).await.map_err(interact_error)?
            }
        }
    }

    /// Checks that a connection can be had and answers a trivial query.
    pub async fn ping(&self) -> Result<()> {
        self.with_raw(|conn| match conn {
            AnyConn::Pg(c) => Ok(c.batch_execute("SELECT 1")?),
            AnyConn::Sqlite(c) => Ok(c.batch_execute("SELECT 1")?),
        })
        .await
    }

    /// Applies pending migrations; returns the versions it applied. Safe to run from several processes at
    /// once (PostgreSQL serialises them with an advisory lock; SQLite with its write lock). On PostgreSQL
    /// they run as the owner, on a connection of their own, and then grant the runtime role what it
    /// needs on any new table.
    pub async fn migrate(&self) -> Result<Vec<String>> {
        fn run<C: MigrationHarness<B>, B: diesel::backend::Backend>(
            c: &mut C,
            m: EmbeddedMigrations,
        ) -> Result<Vec<String>> {
            let done =
                c.run_pending_migrations(m).map_err(|e| Error::Internal(anyhow::anyhow!("migration failed: {e}")))?;
            Ok(done.iter().map(|v| v.to_string()).collect())
        }
        match self.url.backend {
            Backend::Postgres => {
                let owner = self.url.connection_string.clone();
                let role = self.runtime_role.clone();
                tokio::task::spawn_blocking(move || {
                    let mut c = PgConnection::establish(&owner)
                        .map_err(|e| Error::Internal(anyhow::anyhow!("connecting to migrate: {e}")))?;
                    c.batch_execute("SET TIME ZONE 'UTC'")?;
                    diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(&mut c)?;
                    let result = run(&mut c, PG_MIGRATIONS).and_then(|done| {
                        if let Some(role) = &role {
                            roles::grant(&mut c, role).map_err(Error::Internal)?;
                        }
                        Ok(done)
                    });
                    diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).execute(&mut c)?;
                    result
                })
                .await
                .map_err(Error::internal)?
            }
            Backend::Sqlite => {
                self.with_raw(|conn| match conn {
                    AnyConn::Sqlite(c) => run(c, SQLITE_MIGRATIONS),
                    AnyConn::Pg(_) => unreachable!("a SQLite pool"),
                })
                .await
            }
        }
    }

    /// Every migration compiled into this binary and whether the database has it. Reads the bookkeeping
    /// table without creating it (the runtime role may not create tables).
    pub async fn migration_status(&self) -> Result<Vec<MigrationStatus>> {
        fn status<B: diesel::backend::Backend>(
            applied: Vec<String>,
            m: EmbeddedMigrations,
        ) -> Result<Vec<MigrationStatus>> {
            use diesel::migration::MigrationSource;
            let all = MigrationSource::<B>::migrations(&m)
                .map_err(|e| Error::Internal(anyhow::anyhow!("reading migrations: {e}")))?;
            Ok(all
                .iter()
                .map(|mig| {
                    let version = mig.name().version().to_string();
                    let applied = applied.contains(&version);
                    MigrationStatus { version: mig.name().to_string(), applied }
                })
                .collect())
        }
        #[derive(diesel::QueryableByName)]
        struct Version {
            #[diesel(sql_type = diesel::sql_types::Text)]
            version: String,
        }
        self.with_raw(|conn| match conn {
            AnyConn::Pg(c) => {
                let exists: Vec<Version> = diesel::sql_query(
                    "SELECT coalesce(to_regclass('public.__diesel_schema_migrations')::text, '') AS version",
                )
                .load(c)?;
                let applied: Vec<Version> = if exists.first().is_some_and(|v| !v.version.is_empty()) {
                    diesel::sql_query("SELECT version FROM __diesel_schema_migrations").load(c)?
                } else {
                    Vec::new()
                };
                status::<diesel::pg::Pg>(applied.into_iter().map(|v| v.version).collect(), PG_MIGRATIONS)
            }
            AnyConn::Sqlite(c) => {
                let exists: Vec<Version> = diesel::sql_query(
                    "SELECT name AS version FROM sqlite_master WHERE type = 'table' AND name = '__diesel_schema_migrations'",
                )
                .load(c)?;
                let applied: Vec<Version> = if exists.is_empty() {
                    Vec::new()
                } else {
                    diesel::sql_query("SELECT version FROM __diesel_schema_migrations").load(c)?
                };
                status::<diesel::sqlite::Sqlite>(applied.into_iter().map(|v| v.version).collect(), SQLITE_MIGRATIONS)
            }
        })
        .await
    }

    /// True when the database is reachable and has every migration this binary knows.
    pub async fn is_ready(&self) -> bool {
        match self.migration_status().await {
            Ok(list) => list.iter().all(|m| m.applied),
            Err(_) => false,
        }
    }

    /// A read-write transaction scoped to `scope`'s tenant. The jobs `f` enqueues commit with it.
    /// A read-only scope (its tenant's subscription ended) is refused here, before anything runs: the
    /// entitlement holds for every write path without each one remembering it.
    pub(crate) async fn write<R, F>(&self, scope: &TenantScope, need: impl Into<Need>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        scope.check(need.into())?;
        if scope.read_only() {
            return Err(crate::Error::LimitReached {
                code: "subscription_required",
                message: "this institution's subscription or trial has ended: its data can be read but not changed \
                          until it subscribes again (POST /v1/billing/checkout-session)"
                    .into(),
            });
        }
        self.tenant_tx(scope, true, f).await
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

    async fn tenant_tx<R, F>(&self, scope: &TenantScope, write: bool, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut TenantTx<'_>) -> Result<R> + Send + 'static,
    {
        let scope = scope.clone();
        let (value, effects) = self
            .with_raw(move |conn| match conn {
                AnyConn::Pg(c) => {
                    use diesel::connection::{AnsiTransactionManager, TransactionManager};
                    // BEGIN and the tenant setting in one round trip (the id is a formatted UUID: nothing to
                    // escape). Every request pays for this, so it is worth the hand-written transaction.
                    let begin = format!("BEGIN; SELECT set_config('lyceum.tenant_id', '{}', true)", scope.tenant_id());
                    AnsiTransactionManager::begin_transaction_sql(&mut *c, &begin)?;
                    let mut tx = TenantTx { conn: AnyConn::Pg(&mut *c), scope, effects: Effects::default() };
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
                AnyConn::Sqlite(c) => {
                    let run = |c: &mut SqliteConnection| {
                        let mut tx = TenantTx { conn: AnyConn::Sqlite(c), scope, effects: Effects::default() };
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
    async fn committed(&self, effects: Effects) {
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
