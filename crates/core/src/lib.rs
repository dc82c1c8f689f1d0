//! Lyceum's domain: tenants, identity, jobs and email over one database layer; the only door to data.
//!
//! Binaries (`lyceum-api`, `lyceum-worker`, `lyceum`) depend on this crate; it depends on none of them
//! and no HTTP server dependency (its one outgoing HTTP client is
//! Stripe's, in [`billing::stripe`]). Tenant data is reached only through a [`scope::TenantScope`].

pub mod assessments;
pub mod audit;
pub mod billing;
pub mod certificates;
pub mod config;
mod core;
pub mod courses;
pub mod crypto;
pub mod db;
pub mod email;
pub mod enrollments;
pub mod error;
pub mod events;
pub mod idempotency;
pub mod identity;
pub mod invalidation;
pub mod jobs;
pub mod maintenance;
pub mod operations;
pub mod pagination;
pub mod reports;
pub mod scope;
pub mod telemetry;
pub mod tenants;
pub mod webhooks;

pub use crate::core::Core;

/// Who acts on domain events in their transaction: the composition root wires higher layers (outgoing
/// webhooks) to the foundation's event outbox, which never imports them.
pub(crate) fn event_subscribers() -> &'static [events::Subscriber] {
    &[webhooks::fan_out]
}
pub use error::{Error, FieldError, Result};
pub use scope::{Actor, Origin, TenantScope};
