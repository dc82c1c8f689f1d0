//! The one error model of the domain; the api maps it to problem+json in a single place.

use std::fmt;

/// A problem with one field of the input, named the way the client spelled it (`owner_email`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// A document of the institution's (its terms, its privacy notice) that a person must accept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PolicyDocument {
    /// `terms` or `privacy_notice`.
    pub document: &'static str,
    pub version: String,
    pub url: Option<String>,
}

/// Every failure core can report. Variants are stable: the api turns each into a status and a `code`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The object does not exist, or exists in another tenant (the two are indistinguishable on purpose).
    #[error("{resource} not found")]
    NotFound { resource: &'static str },
    /// The input is well-formed but violates the rules; one entry per offending field.
    #[error("validation failed: {}", display_fields(.errors))]
    Invalid { errors: Vec<FieldError> },
    /// The change collides with existing state (a taken slug, a duplicate email).
    #[error("{message}")]
    Conflict { code: &'static str, field: Option<&'static str>, message: String },
    /// The credential is missing, unknown, expired or revoked.
    #[error("authentication required")]
    Unauthenticated,
    /// Login failed: unknown tenant, unknown email, wrong password or inactive user (indistinguishable).
    #[error("invalid tenant, email or password")]
    InvalidCredentials,
    /// The request is well-formed and valid, but cannot be processed as sent (a reused idempotency key).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// `If-Match` named a version that is no longer current.
    #[error("{message}")]
    PreconditionFailed { message: String },
    /// The actor is known but may not do this.
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// A sign-in needs the person to accept these versions of the institution's documents first (403).
    #[error("accept the institution's current {} to sign in", documents.iter().map(|d| format!("{} (version {})", d.document.replace('_', " "), d.version)).collect::<Vec<_>>().join(" and "))]
    ConsentRequired { documents: Vec<PolicyDocument> },
    /// A plan limit (seats, courses) stops the write.
    #[error("{message}")]
    LimitReached { code: &'static str, message: String },
    /// A dependency (database, SMTP, Stripe) is not available now; retrying later may work.
    #[error("{message}")]
    Unavailable { code: &'static str, message: String },
    /// More work of one kind than the server does at once (password hashing in a sign-in storm): 503
    /// with `Retry-After`, nothing done; retrying after that many seconds is safe.
    #[error("{message}")]
    Overloaded { retry_after: u64, message: String },
    /// The upload is larger than the plan (or the platform) takes: 413, nothing stored.
    #[error("{message}")]
    TooLarge { code: &'static str, message: String },
    /// The content is of a type that is not taken here (its bytes say so): 415, nothing stored.
    #[error("{message}")]
    UnsupportedMediaType { code: &'static str, message: String },
    /// A dependency (Stripe) answered with an error or an answer that could not be read: 502.
    #[error("{message}")]
    Upstream { code: &'static str, message: String },
    /// A bug or an unexpected failure: logged with its cause, never shown to clients.
    #[error("internal error: {0}")]
    Internal(#[source] anyhow::Error),
}

/// The first few field errors (a problem's `detail` stays short however many fields failed).
fn display_fields(errors: &[FieldError]) -> String {
    const SHOWN: usize = 5;
    let mut s = errors.iter().take(SHOWN).map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ");
    if errors.len() > SHOWN {
        s.push_str(&format!("; and {} more", errors.len() - SHOWN));
    }
    s
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { errors: vec![FieldError::new(field, message)] }
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        Error::Internal(err.into())
    }

    /// The error a shared cache loader returned (moka hands every waiter the same `Arc`), as an
    /// owned error of the same class: a database outage stays a 503, a missing row a 404. Only the
    /// cause of an internal error is reduced to its message.
    pub fn from_shared(shared: std::sync::Arc<Error>) -> Self {
        let shared = match std::sync::Arc::try_unwrap(shared) {
            Ok(owned) => return owned,
            Err(shared) => shared,
        };
        match &*shared {
            Error::NotFound { resource } => Error::NotFound { resource },
            Error::Invalid { errors } => Error::Invalid { errors: errors.clone() },
            Error::Conflict { code, field, message } => {
                Error::Conflict { code, field: *field, message: message.clone() }
            }
            Error::Unauthenticated => Error::Unauthenticated,
            Error::InvalidCredentials => Error::InvalidCredentials,
            Error::Unprocessable { code, message } => Error::Unprocessable { code, message: message.clone() },
            Error::PreconditionFailed { message } => Error::PreconditionFailed { message: message.clone() },
            Error::Forbidden { code, message } => Error::Forbidden { code, message: message.clone() },
            Error::ConsentRequired { documents } => Error::ConsentRequired { documents: documents.clone() },
            Error::LimitReached { code, message } => Error::LimitReached { code, message: message.clone() },
            Error::Unavailable { code, message } => Error::Unavailable { code, message: message.clone() },
            Error::Overloaded { retry_after, message } => {
                Error::Overloaded { retry_after: *retry_after, message: message.clone() }
            }
            Error::TooLarge { code, message } => Error::TooLarge { code, message: message.clone() },
            Error::UnsupportedMediaType { code, message } => {
                Error::UnsupportedMediaType { code, message: message.clone() }
            }
            Error::Upstream { code, message } => Error::Upstream { code, message: message.clone() },
            Error::Internal(cause) => Error::Internal(anyhow::anyhow!("{cause:#}")),
        }
    }

    /// Stable machine-readable code, shared by the api's problem bodies and the CLI's JSON errors.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Invalid { .. } => "validation_failed",
            Error::Conflict { code, .. }
            | Error::Unprocessable { code, .. }
            | Error::Forbidden { code, .. }
            | Error::LimitReached { code, .. }
            | Error::Unavailable { code, .. }
            | Error::TooLarge { code, .. }
            | Error::UnsupportedMediaType { code, .. }
            | Error::Upstream { code, .. } => code,
            Error::Overloaded { .. } => "overloaded",
            Error::ConsentRequired { .. } => "consent_required",
            Error::Unauthenticated => "unauthenticated",
            Error::InvalidCredentials => "invalid_credentials",
            Error::PreconditionFailed { .. } => "precondition_failed",
            Error::Internal(_) => "internal_error",
        }
    }
}

/// Collects field errors so a request reports every problem at once, not just the first.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: &str, message: impl fmt::Display) {
        self.errors.push(FieldError::new(field, message.to_string()));
    }

    /// Whether `field` has an error already.
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid { errors: self.errors })
        }
    }
}

/// Whether a name or title holds characters that must not be shown to people: control characters, and
/// the bidirectional formatting characters (overrides, embeddings, isolates and marks) that can make a
/// name display as something else ("Trojan Source").
pub fn has_unsafe_chars(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// What a field with [`has_unsafe_chars`] is told.
pub const UNSAFE_CHARS_MESSAGE: &str = "must not contain control characters or bidirectional formatting characters";

/// A stored value that cannot be read back (an unknown status, corrupt JSON): an error, never a default.
pub(crate) fn corrupt(what: impl fmt::Display) -> Error {
    Error::Internal(anyhow::anyhow!("corrupt data in the database: {what}"))
}

/// Maps diesel's `NotFound` to a 404 naming `what`; other errors as usual.
pub(crate) fn not_found(what: &'static str) -> impl Fn(diesel::result::Error) -> Error {
    move |e| match e {
        diesel::result::Error::NotFound => Error::NotFound { resource: what },
        other => other.into(),
    }
}

impl From<diesel::result::Error> for Error {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as D};
        match err {
            D::NotFound => Error::NotFound { resource: "resource" },
            D::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => Error::Conflict {
                code: "conflict",
                field: None,
                message: format!("conflicts with an existing record ({})", info.message()),
            },
            D::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Error::Unavailable { code: "retry", message: "concurrent update; retry the request".into() }
            }
            // The server went away (a failover, a restart) or was demoted to a read-only standby: nothing
            // was done that the client could not retry.
            D::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, _) => {
                database_unavailable()
            }
            D::DatabaseError(_, info) if info.message().contains("read-only transaction") => database_unavailable(),
            // The connection died inside a transaction, so its rollback failed too.
            D::BrokenTransactionManager | D::RollbackErrorOnCommit { .. } => database_unavailable(),
            other => Error::Internal(anyhow::Error::new(other)),
        }
    }
}

/// 503 `database_unavailable`: the database cannot be reached or written just now.
pub(crate) fn database_unavailable() -> Error {
    Error::Unavailable { code: "database_unavailable", message: "the database is not available; retry later".into() }
}

/// The longest external id (a student information system's key) accepted.
pub const MAX_EXTERNAL_ID_CHARS: usize = 200;

/// Checks an external id: 1-200 characters, no control characters, kept exactly as given.
pub fn check_external_id(v: &mut Validator, value: &str) -> String {
    if value.is_empty() || value.chars().count() > MAX_EXTERNAL_ID_CHARS || has_unsafe_chars(value) {
        v.push("external_id", format!("must be 1-{MAX_EXTERNAL_ID_CHARS} characters without control characters"));
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error as D};

    #[test]
    fn a_lost_or_demoted_database_is_503_not_500() {
        for err in [
            D::DatabaseError(DatabaseErrorKind::ClosedConnection, Box::new("server closed the connection".to_string())),
            D::DatabaseError(
                DatabaseErrorKind::UnableToSendCommand,
                Box::new("no connection to the server".to_string()),
            ),
            D::DatabaseError(
                DatabaseErrorKind::Unknown,
                Box::new("cannot execute INSERT in a read-only transaction".to_string()),
            ),
        ] {
            assert!(
                matches!(Error::from(err), Error::Unavailable { code: "database_unavailable", .. }),
                "a lost database must be retryable"
            );
        }
        assert!(matches!(Error::from(D::BrokenTransactionManager), Error::Unavailable { .. }));
        let other = D::DatabaseError(DatabaseErrorKind::Unknown, Box::new("syntax error".to_string()));
        assert!(matches!(Error::from(other), Error::Internal(_)));
    }

    #[test]
    fn a_shared_cache_error_keeps_its_class() {
        let outage = std::sync::Arc::new(Error::Unavailable { code: "database_unavailable", message: "down".into() });
        let _waiter = outage.clone();
        assert!(matches!(Error::from_shared(outage), Error::Unavailable { code: "database_unavailable", .. }));
        let missing = std::sync::Arc::new(Error::NotFound { resource: "course" });
        let _waiter = missing.clone();
        assert!(matches!(Error::from_shared(missing), Error::NotFound { resource: "course" }));
        let only = std::sync::Arc::new(Error::Unauthenticated);
        assert!(matches!(Error::from_shared(only), Error::Unauthenticated));
        let bug = std::sync::Arc::new(Error::internal(anyhow::anyhow!("boom")));
        let _waiter = bug.clone();
        assert!(matches!(Error::from_shared(bug), Error::Internal(e) if e.to_string() == "boom"));
    }
}
