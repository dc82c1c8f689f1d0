//! The composition root: the one module that names every layer, so that no layer has to name a higher
//! one. It assembles a [`Core`] from each layer's in-process state and wires the foundation's event
//! outbox to the layers that act on events.

use crate::{
    core::Parts,
    courses::cache::CatalogCache,
    db::Db,
    enrollments::{heartbeats::Heartbeats, plan::PlanCache},
    events,
    identity::auth::AuthCache,
    webhooks, Core,
};

impl Core {
    /// This also starts following other processes' invalidations (a listening connection on
    /// PostgreSQL, a poller on SQLite; stopped when the last clone of this `Core` is dropped).
    pub fn new(db: Db) -> Self {
        Self::with_catalog_cache(db, true)
    }

    /// `catalog_cache: false` turns the course caches off (to measure what they buy).
    pub fn with_catalog_cache(db: Db, catalog_cache: bool) -> Self {
        let parts = Parts::default()
            .with(AuthCache::new())
            .with(CatalogCache::new(catalog_cache))
            .with(PlanCache::default())
            .with(Heartbeats::default())
            .with(crate::xapi::credentials::LrsCache::default());
        Core::assemble(db, parts)
    }
}

/// Who acts on domain events in their transaction (outgoing webhooks create their deliveries); the
/// foundation's event outbox never imports them.
pub(crate) fn event_subscribers() -> &'static [events::Subscriber] {
    &[crate::enrollments::groups::on_event, webhooks::fan_out, crate::xapi::record::on_event]
}

/// Who records learning facts in their transaction (the institution's learning record store).
pub(crate) fn learning_recorders() -> &'static [events::Recorder] {
    &[crate::xapi::record::on_learned]
}
