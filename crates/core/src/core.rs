//! `Core`: the handle every binary holds: the database and the in-process caches in front of it, kept
//! coherent with other processes by the invalidation listener (PostgreSQL) or poller (SQLite).

use std::sync::Arc;

use crate::{
    courses::cache::CatalogCache,
    db::Db,
    enrollments::plan::PlanCache,
    identity::auth::AuthCache,
    invalidation::{self, ListenerGuard},
};

/// Cheap to clone; one per process.
#[derive(Clone, Debug)]
pub struct Core {
    pub(crate) db: Db,
    pub(crate) auth: AuthCache,
    pub(crate) catalog: CatalogCache,
    /// Lesson plans per course version (exact by construction; see `enrollments::plan`).
    pub(crate) plans: PlanCache,
    /// Stripe billing; `None` when no Stripe key is configured.
    pub(crate) billing: Option<Arc<crate::billing::Billing>>,
    _listener: Option<Arc<ListenerGuard>>,
    /// Applies committed invalidations to these caches (registered on the `Db`, held here).
    _local: Arc<dyn crate::db::AfterCommit>,
}

impl Core {
    /// This also starts following other processes' invalidations (a listening connection on
    /// PostgreSQL, a poller on SQLite; stopped when the last clone of this `Core` is dropped).
    pub fn new(db: Db) -> Self {
        Self::with_catalog_cache(db, true)
    }

    /// `catalog_cache: false` turns the course caches off (to measure what they buy).
    pub fn with_catalog_cache(db: Db, catalog_cache: bool) -> Self {
        let auth = AuthCache::new();
        let catalog = CatalogCache::new(catalog_cache);
        let listener = invalidation::follow(&db, auth.clone(), catalog.clone()).map(Arc::new);
        let local: Arc<dyn crate::db::AfterCommit> =
            Arc::new(invalidation::LocalCaches { auth: auth.clone(), catalog: catalog.clone() });
        db.on_commit(&local);
        Core { db, auth, catalog, plans: PlanCache::default(), billing: None, _listener: listener, _local: local }
    }

    /// The database handle (readiness, pool figures, and the services that take a `&Db`; its
    /// transaction doors are core's own).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Whether Stripe billing is configured.
    pub fn billing_enabled(&self) -> bool {
        self.billing.is_some()
    }

    /// Hits and misses of each catalog cache, for `/metrics`.
    pub fn cache_stats(&self) -> Vec<(&'static str, u64, u64)> {
        self.catalog.stats()
    }

    /// With Stripe billing (from [`crate::billing::Billing::from_config`]).
    pub fn with_billing(mut self, billing: Option<crate::billing::Billing>) -> Self {
        self.billing = billing.map(Arc::new);
        self
    }
}
