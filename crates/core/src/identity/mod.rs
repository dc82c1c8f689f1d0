//! Identity: users and their roles, password hashing, and sessions (opaque bearer tokens).

pub mod api_keys;
pub mod auth;
pub mod bulk;
pub mod consent;
pub mod emails;
pub mod groups;
pub mod import;
pub mod manage;
pub mod password;
/// Permissions and roles live with the scope (foundation); they are re-exported here where callers look.
pub use crate::scope::permissions;
pub mod sessions;
pub mod sso;
pub mod staff;
pub mod tokens;
pub mod user_tokens;
pub mod users;

pub use auth::authenticate;
pub use sessions::{Session, SessionToken};
pub use users::{NewUser, Role, User, UserStatus};

/// Normalises and checks an email address; `Err` carries a message for the client.
pub fn normalize_email(raw: &str) -> Result<(String, String), &'static str> {
    let email = raw.trim();
    if email.is_empty() {
        return Err("must not be empty");
    }
    if email.len() > 254 {
        return Err("must be at most 254 characters");
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err("must be an email address like name@example.org");
    };
    if local.is_empty()
        || domain.is_empty()
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
    {
        return Err("must be an email address like name@example.org");
    }
    if email.parse::<lettre::Address>().is_err() {
        return Err("must be an email address like name@example.org");
    }
    Ok((email.to_string(), email.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::normalize_email;

    #[test]
    fn emails_are_checked_and_lowercased_for_matching() {
        assert_eq!(normalize_email(" Ada@Acme.Test ").unwrap(), ("Ada@Acme.Test".into(), "ada@acme.test".into()));
        for bad in ["", "ada", "ada@", "@acme.test", "ada@acme", "a b@acme.test", "ada@.test"] {
            assert!(normalize_email(bad).is_err(), "{bad:?} accepted");
        }
    }
}
