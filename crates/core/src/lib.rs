//! Lyceum's domain: tenants, identity, jobs and email over one database layer; the only door to data.
//!
//! Binaries (`lyceum-api`, `lyceum-worker`, `lyceum`) depend on this crate; it depends on none of them
//! and on no HTTP server (its outgoing HTTP clients are Stripe's, in [`billing::stripe`], and webhook
//! delivery's). Tenant data is reached only through a [`scope::TenantScope`]. Modules are layered
//! bottom-up (foundation, directory, catalog, learning, commerce, integrations, housekeeping; `wiring`
//! assembles them); see `docs/architecture.md` and `tests/layers.rs`.

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
pub mod entitlements;
pub mod error;
pub mod events;
pub mod files;
pub mod grading;
pub mod idempotency;
pub mod identity;
pub mod invalidation;
pub mod jobs;
pub mod lti;
pub mod maintenance;
pub mod net;
pub mod operations;
pub mod pagination;
pub mod portability;
pub mod privacy;
pub mod ratelimit;
pub mod reports;
pub mod retention;
pub mod scim;
pub mod scope;
pub mod telemetry;
pub mod tenants;
pub mod upgrade;
pub mod vault;
pub mod webhooks;
mod wiring;
pub mod xapi;

pub use crate::core::Core;
pub use error::{Error, FieldError, Result};
pub use scope::{Actor, Origin, TenantScope};
