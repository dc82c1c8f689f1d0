//! `Core`: the handle every binary holds: the database and the in-process caches in front of it, kept
//! coherent with other processes on PostgreSQL by the invalidation listener.

use std::sync::Arc;

use crate::{
    db::{Backend, Db},
    identity::auth::AuthCache,
    invalidation::{self, ListenerGuard},
};

/// Cheap to clone; one per process.
#[derive(Clone, Debug)]
pub struct Core {
    pub db: Db,
    pub auth: AuthCache,
    _listener: Option<Arc<ListenerGuard>>,
}

impl Core {
    /// On PostgreSQL this also starts listening for other processes' invalidations (one connection,
    /// stopped when the last clone of this `Core` is dropped).
    pub fn new(db: Db) -> Self {
        let auth = AuthCache::new();
        let listener = match db.backend() {
            Backend::Postgres => Some(Arc::new(invalidation::spawn_listener(db.connection_string(), auth.clone()))),
            Backend::Sqlite => None,
        };
        Core { db, auth, _listener: listener }
    }
}
