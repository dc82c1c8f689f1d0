//! Opaque secret tokens: sessions (`lys_`), API keys (`lyc_live_`), invitations (`lyi_`) and password
//! resets (`lyr_`). A token is its prefix and base64url(32 random bytes ++ tenant id); only its SHA-256
//! is stored. Because the token names its tenant, resolving it runs inside that tenant's scope (and
//! under row-level security on PostgreSQL): no cross-tenant lookup is ever needed.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::types::TenantId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Session,
    ApiKey,
    Invitation,
    PasswordReset,
    SignInCode,
    /// The `state` of a redirect to an identity provider (names the tenant, like every token).
    SsoState,
    /// The secret of an LRS credential (the password of xAPI's HTTP Basic).
    LrsSecret,
    /// A cmi5 launch's one-time fetch URL (cmi5 §8.2).
    Cmi5Fetch,
    /// The auth-token a cmi5 fetch URL hands an AU session (its HTTP Basic password on the LRS).
    Cmi5Session,
}

impl TokenKind {
    pub const fn prefix(self) -> &'static str {
        match self {
            TokenKind::Session => "lys_",
            TokenKind::ApiKey => "lyc_live_",
            TokenKind::Invitation => "lyi_",
            TokenKind::PasswordReset => "lyr_",
            TokenKind::SignInCode => "lyo_",
            TokenKind::SsoState => "lyx_",
            TokenKind::LrsSecret => "lyl_",
            TokenKind::Cmi5Fetch => "lyf_",
            TokenKind::Cmi5Session => "lyu_",
        }
    }

    /// The kind a presented token claims to be, from its prefix.
    pub fn of(token: &str) -> Option<TokenKind> {
        [
            TokenKind::Session,
            TokenKind::ApiKey,
            TokenKind::Invitation,
            TokenKind::PasswordReset,
            TokenKind::SignInCode,
            TokenKind::SsoState,
            TokenKind::LrsSecret,
            TokenKind::Cmi5Fetch,
            TokenKind::Cmi5Session,
        ]
        .into_iter()
        .find(|k| token.starts_with(k.prefix()))
    }
}

/// A freshly minted token: `secret` goes to its owner once; `hash` is what the database keeps.
#[derive(Debug, Clone)]
pub struct Minted {
    pub secret: String,
    pub hash: String,
}

impl Minted {
    /// The first characters of the secret, safe to show in listings (`lyc_live_AbC12xYz`).
    pub fn display_prefix(&self, kind: TokenKind) -> String {
        self.secret.chars().take(kind.prefix().len() + 8).collect()
    }
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn mint(kind: TokenKind, tenant: TenantId) -> Minted {
    let mut raw = [0u8; 48];
    rand::thread_rng().fill_bytes(&mut raw[..32]);
    raw[32..].copy_from_slice(tenant.0.as_bytes());
    let secret = format!("{}{}", kind.prefix(), URL_SAFE_NO_PAD.encode(raw));
    let hash = hash(&secret);
    Minted { secret, hash }
}

/// The tenant a well-formed token of `kind` names, and the hash to look it up by; `None` for anything
/// malformed.
pub fn parse(kind: TokenKind, token: &str) -> Option<(TenantId, String)> {
    let body = token.strip_prefix(kind.prefix())?;
    if body.len() != 64 {
        return None;
    }
    let raw = URL_SAFE_NO_PAD.decode(body).ok()?;
    let tenant = uuid::Uuid::from_slice(raw.get(32..48)?).ok()?;
    Some((TenantId(tenant), hash(token)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mint_then_parse() {
        let tenant = TenantId::new();
        for kind in [TokenKind::Session, TokenKind::ApiKey, TokenKind::Invitation, TokenKind::PasswordReset] {
            let m = mint(kind, tenant);
            assert!(m.secret.starts_with(kind.prefix()));
            assert_eq!(TokenKind::of(&m.secret), Some(kind));
            assert_eq!(parse(kind, &m.secret), Some((tenant, m.hash.clone())));
            assert!(m.display_prefix(kind).len() == kind.prefix().len() + 8);
        }
        let a = mint(TokenKind::Session, tenant);
        let b = mint(TokenKind::Session, tenant);
        assert_ne!(a.secret, b.secret, "256 random bits per token");
    }

    #[test]
    fn garbage_is_rejected() {
        let m = mint(TokenKind::Session, TenantId::new());
        for bad in ["", "lys_", "lys_!!!", &m.secret[..m.secret.len() - 1], &format!("{}A", m.secret)] {
            assert!(parse(TokenKind::Session, bad).is_none(), "{bad:?}");
        }
        assert!(parse(TokenKind::ApiKey, &m.secret).is_none());
    }
}
