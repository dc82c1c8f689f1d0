//! HTTP plumbing shared by every endpoint: problem+json errors, the JSON body extractor, request ids,
//! metrics and the authentication scheme.

pub mod admission;
pub mod auth;
pub mod client;
pub mod conditional;
pub mod credential;
pub mod idempotency;
pub mod if_match;
pub mod input;
pub mod json;
pub mod metrics;
pub mod observe;
pub mod problem;
pub mod ratelimit;
pub mod rendered;
pub mod request_id;
