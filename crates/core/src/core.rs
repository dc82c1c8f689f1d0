//! `Core`: the handle every binary holds: the database and the state each layer keeps in the process
//! (its caches, the Stripe client), kept coherent with other processes by the invalidation listener
//! (PostgreSQL) or poller (SQLite).
//!
//! The handle sits in the foundation, so it cannot name the types of the layers above it: each layer's
//! state is a [`Part`], registered by the composition root ([`crate::wiring`]) and found by type. A
//! layer reaches its own part through an accessor it defines on `Core` (`core.catalog()` in
//! `courses::cache`, `core.credentials()` in `identity::auth`, ...). A part that caches what an
//! [`Invalidation`] can end says so in [`Part::forget`]; after every commit of this process, and for
//! every invalidation another process publishes, each part is asked to forget.

use std::{
    any::{Any, TypeId},
    collections::HashMap,
    fmt::Debug,
    sync::Arc,
};

use futures::future::BoxFuture;

use crate::{
    db::Db,
    invalidation::{self, Invalidation, ListenerGuard},
};

/// State a layer keeps in the process, found by type ([`Core::part`]).
pub(crate) trait Part: Any + Send + Sync + Debug {
    /// Forgets what `what` ends (after this process's commits, and for other processes' invalidations).
    fn forget<'a>(&'a self, what: &'a Invalidation) -> BoxFuture<'a, ()> {
        let _ = what;
        Box::pin(async {})
    }

    /// Forgets everything (the follower may have missed invalidations).
    fn forget_all(&self) {}
}

/// The parts that keep state an invalidation can end, in registration order.
pub(crate) type Forgetters = Arc<[Arc<dyn Part>]>;

/// The parts a `Core` is assembled from.
#[derive(Default)]
pub(crate) struct Parts {
    by_type: HashMap<TypeId, Arc<dyn Any + Send + Sync>>,
    all: Vec<Arc<dyn Part>>,
}

impl Parts {
    pub(crate) fn with<T: Part>(mut self, part: T) -> Self {
        let part = Arc::new(part);
        self.by_type.insert(TypeId::of::<T>(), part.clone());
        self.all.push(part);
        self
    }
}

/// Cheap to clone; one per process.
#[derive(Clone)]
pub struct Core {
    pub(crate) db: Db,
    parts: Arc<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    _listener: Option<Arc<ListenerGuard>>,
    /// Applies committed invalidations to the parts (registered on the `Db`, held here).
    _local: Arc<dyn crate::db::AfterCommit>,
}

impl Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core").field("db", &self.db).field("parts", &self.parts.len()).finish()
    }
}

impl Core {
    /// Assembles a `Core` and starts following other processes' invalidations (a listening
    /// connection on PostgreSQL, a poller on SQLite; stopped when the last clone is dropped).
    pub(crate) fn assemble(db: Db, parts: Parts) -> Self {
        let forgetters: Forgetters = parts.all.into();
        let listener = invalidation::follow(&db, forgetters.clone()).map(Arc::new);
        let local: Arc<dyn crate::db::AfterCommit> = Arc::new(invalidation::LocalParts(forgetters));
        db.on_commit(&local);
        Core { db, parts: Arc::new(parts.by_type), _listener: listener, _local: local }
    }

    /// Adds a part that keeps nothing an invalidation ends (the Stripe client), after assembly.
    pub(crate) fn with_part<T: Any + Send + Sync>(mut self, part: T) -> Self {
        Arc::make_mut(&mut self.parts).insert(TypeId::of::<T>(), Arc::new(part));
        self
    }

    /// The part of type `T`, if this `Core` was assembled with one.
    pub(crate) fn part<T: Any + Send + Sync>(&self) -> Option<&T> {
        self.parts.get(&TypeId::of::<T>()).and_then(|p| p.downcast_ref::<T>())
    }

    /// The database handle (readiness, pool figures, and the services that take a `&Db`; its
    /// transaction doors are core's own).
    pub fn db(&self) -> &Db {
        &self.db
    }
}
