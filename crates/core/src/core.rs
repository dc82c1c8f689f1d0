//! `Core`: the handle every binary holds: the database and the in-process caches in front of it.

use crate::{db::Db, identity::auth::AuthCache};

/// Cheap to clone; one per process.
#[derive(Clone, Debug)]
pub struct Core {
    pub db: Db,
    pub auth: AuthCache,
}

impl Core {
    pub fn new(db: Db) -> Self {
        Core { db, auth: AuthCache::new() }
    }
}
