//! Opening the pool (PostgreSQL through the runtime role, SQLite with its pragmas), migrations, readiness.

use super::*;

#[derive(Clone)]
pub(super) enum Pool {
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

/// How long a pooled PostgreSQL connection may sit unused before its next checkout pings it.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(5);

fn count_queries(counter: Arc<AtomicU64>) -> impl FnMut(InstrumentationEvent<'_>) + Send + 'static {
    move |event| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A PostgreSQL pool of at most `max_size` connections to `serve`, counting its statements in
/// `counter`; `application` names its sessions in `pg_stat_activity`.
pub(super) fn pg_pool(
    serve: String,
    max_size: usize,
    counter: Arc<AtomicU64>,
    application: &'static str,
    timeouts: deadpool_diesel::Timeouts,
) -> anyhow::Result<dp_pg::Pool> {
    // No test query on every checkout (deadpool's default): a connection used in the last
    // moments is known to work, so only one idle for longer is pinged first (`pre_recycle`),
    // and a failed ping drops it for a fresh one. The manager still refuses a connection
    // left in a transaction.
    let manager = dp_pg::Manager::from_config(
        serve,
        Runtime::Tokio1,
        deadpool_diesel::ManagerConfig {
            recycling_method: deadpool_diesel::RecyclingMethod::CustomFunction(Box::new(|_| Ok(()))),
        },
    );
    let pool = dp_pg::Pool::builder(manager)
        .max_size(max_size)
        .timeouts(timeouts)
        .runtime(Runtime::Tokio1)
        .pre_recycle(dp_pg::Hook::async_fn(|obj, metrics| {
            let idle = metrics.last_used() > IDLE_BEFORE_PING;
            Box::pin(async move {
                if !idle {
                    return Ok(());
                }
                obj.interact(|c| c.batch_execute("SELECT 1"))
                    .await
                    .map_err(|e| dp_pg::HookError::message(e.to_string()))?
                    .map_err(|e| dp_pg::HookError::message(e.to_string()))
            })
        }))
        .post_create(dp_pg::Hook::async_fn(move |obj, _| {
            let counter = counter.clone();
            Box::pin(async move {
                obj.interact(move |c| {
                    c.set_instrumentation(count_queries(counter));
                    c.batch_execute(&format!(
                        "SET TIME ZONE 'UTC'; SET application_name = '{application}'; \
                         SET statement_timeout = '30s';"
                    ))
                })
                .await
                .map_err(|e| dp_pg::HookError::message(e.to_string()))?
                .map_err(|e| dp_pg::HookError::message(e.to_string()))
            })
        }))
        .build()?;
    Ok(pool)
}

fn pool_timeouts() -> deadpool_diesel::Timeouts {
    deadpool_diesel::Timeouts {
        wait: Some(Duration::from_secs(10)),
        create: Some(Duration::from_secs(10)),
        recycle: Some(Duration::from_secs(5)),
    }
}

pub(super) fn pool_error(err: deadpool_diesel::PoolError) -> Error {
    tracing::warn!(error = %err, "database pool could not supply a connection");
    crate::error::database_unavailable()
}

pub(super) fn interact_error(err: deadpool_diesel::InteractError) -> Error {
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
        let timeouts = pool_timeouts();
        let pool = match parsed.backend {
            Backend::Postgres => Pool::Pg(pg_pool(serve.clone(), max_size, pg_queries, "lyceum", timeouts)?),
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
        let listener = (parsed.backend == Backend::Postgres).then(|| super::listener::Listener::new(serve.clone()));
        let db = Db {
            pool,
            url: Arc::new(parsed),
            serve: Arc::new(serve),
            runtime_role,
            queries,
            after_commit: Arc::default(),
            listener,
            vault: Arc::new(crate::vault::Vault::new(None)),
            public_url: Arc::from(crate::config::DEFAULT_PUBLIC_URL),
            replica: None,
            citus: false,
        };
        db.ping().await.map_err(|e| anyhow::anyhow!("cannot reach the database at {}: {e}", db.url.redacted()))?;
        let mut db = db;
        db.citus = db.is_citus().await?;
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        self.url.backend
    }

    /// Whether this PostgreSQL database is a Citus coordinator (its tenant tables distributed).
    pub fn citus(&self) -> bool {
        self.citus
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
    pub(super) async fn with_raw<R, F>(&self, f: F) -> Result<R>
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

    /// Whether the database is a Citus coordinator (the citus extension is installed in it).
    async fn is_citus(&self) -> Result<bool> {
        #[derive(diesel::QueryableByName)]
        struct Found {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            citus: bool,
        }
        self.with_raw(|conn| match conn {
            AnyConn::Pg(c) => {
                Ok(diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus")
                    .get_result::<Found>(c)?
                    .citus)
            }
            AnyConn::Sqlite(_) => Ok(false),
        })
        .await
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
}
