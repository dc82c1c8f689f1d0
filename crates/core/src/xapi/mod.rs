//! An xAPI 1.0.3 learning record store per institution (issue 20), served at `/xapi`.
//!
//! - [`credentials`]: LRS credentials (HTTP Basic: a public key and a secret, read-only or
//!   read-write) and their lookup; every statement an institution's credential writes carries that
//!   credential as its `authority`.
//! - [`validate`]: the specification's rules for statements and the other objects it defines
//!   (agents, groups, activities, language maps, IRIs, UUIDs, timestamps, durations).
//! - [`agents`]: the canonical identifier of an agent or group (its inverse functional identifier),
//!   which equality, filters and documents key on.
//! - [`statements`]: storing (all or nothing, voiding, conflicts) and retrieving statements;
//!   [`query`]: the Statement resource's query parameters.
//! - [`record`]: Lyceum's own learning (enrolments, completed lessons, quiz attempts, completed
//!   courses) as statements, written in the transaction of the change.
//! - [`documents`]: the State, Activity Profile and Agent Profile resources with their concurrency
//!   rules; [`activities`]: activity definitions and the Agents resource's person object.
//!
//! Everything runs inside the institution's scope: one institution's credential can never name
//! another's statements or documents (and, on PostgreSQL, row-level security stands behind that).

pub mod activities;
pub mod agents;
pub mod cmi5;
pub mod credentials;
pub mod documents;
pub mod formats;
pub mod query;
pub mod record;
pub mod signature;
pub mod statements;
pub mod validate;

/// The version this LRS speaks (`X-Experience-API-Version` of every response).
pub const VERSION: &str = "1.0.3";

/// The verb of a voiding statement.
pub const VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";

/// The usage type of a statement signature attachment.
pub const SIGNATURE: &str = "http://adlnet.gov/expapi/attachments/signature";

/// Whether a request's `X-Experience-API-Version` is one this LRS accepts (1.0.x).
pub fn accepts_version(v: &str) -> bool {
    let v = v.trim();
    let Some(rest) = v.strip_prefix("1.0") else { return false };
    rest.is_empty() || rest.strip_prefix('.').is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions() {
        for ok in ["1.0", "1.0.0", "1.0.3", "1.0.9"] {
            assert!(super::accepts_version(ok), "{ok}");
        }
        for bad in ["", "1", "1.1", "1.1.0", "0.95", "1.0.", "1.0.x", "2.0.0"] {
            assert!(!super::accepts_version(bad), "{bad}");
        }
    }
}
