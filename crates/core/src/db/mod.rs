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
pub mod status;
pub mod types;

mod doors;
pub mod listener;
mod pool;
mod replica;
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

#[cfg(feature = "testkit")]
pub use self::doors::TestDoors;
use self::pool::Pool;
pub use self::pool::{MigrationStatus, PoolStatus};
pub use self::replica::ReplicaStatus;
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
    vault: Arc<crate::vault::Vault>,
    public_url: Arc<str>,
}

impl TenantTx<'_> {
    /// Where this deployment is reached ([`Db::with_public_url`]): what names its resources in records
    /// that leave it (xAPI activity ids and accounts).
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

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

    /// The process's keyring and data keys (see [`crate::vault`]).
    pub(crate) fn vault(&self) -> &Arc<crate::vault::Vault> {
        &self.vault
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
    /// PostgreSQL: the process's one listening connection, shared by every subscriber.
    listener: Option<Arc<listener::Listener>>,
    /// The keyring and unwrapped data keys of secrets stored at rest ([`Db::with_keyring`]).
    vault: Arc<crate::vault::Vault>,
    /// The deployment's public URL, without a trailing slash ([`Db::with_public_url`]).
    public_url: Arc<str>,
    /// PostgreSQL: a streaming replica for lag-tolerant reads ([`Db::with_replica`]).
    replica: Option<Arc<replica::Replica>>,
    /// PostgreSQL: the database is a Citus coordinator (tenant tables distributed by tenant_id).
    citus: bool,
}

impl Db {
    /// This handle with the deployment's public URL (`server.public_url`), which transactions lend to
    /// what they record for outside readers (every process sets it before it builds its `Core`).
    pub fn with_public_url(mut self, url: &str) -> Db {
        self.public_url = Arc::from(url.trim_end_matches('/'));
        self
    }

    /// This handle with `keyring` for the secrets it stores and reads (every process sets one before it
    /// builds its `Core`; without one, reading or writing a secret fails).
    pub fn with_keyring(mut self, keyring: crate::vault::Keyring) -> Db {
        self.vault = Arc::new(crate::vault::Vault::new(Some(keyring)));
        self
    }

    pub(crate) fn vault(&self) -> &Arc<crate::vault::Vault> {
        &self.vault
    }

    /// Everything the process's listening connection hears from now on (PostgreSQL; `None` on SQLite).
    pub(crate) fn listen(&self) -> Option<tokio::sync::broadcast::Receiver<listener::Heard>> {
        self.listener.as_ref().map(|l| l.subscribe())
    }
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("backend", &self.url.backend).finish()
    }
}
