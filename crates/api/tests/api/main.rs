//! Integration tests through the real poem app (and, in `process`, the real binary), each on SQLite
//! and PostgreSQL with a fresh database.

mod batches;
mod billing;
mod cmi5;
mod coherence;
mod contract;
mod courses;
mod files;
mod groups;
mod idempotency;
mod identity;
mod learning;
mod limits;
mod lti;
mod lti_deep_linking;
mod lti_services;
mod matrix;
mod ops;
mod pages;
mod privacy;
mod process;
mod rights;
mod scim;
mod security;
mod signup;
mod spec;
mod sso;
mod support;
mod teaching;
mod upgrade;
mod webhooks;
mod xapi;
