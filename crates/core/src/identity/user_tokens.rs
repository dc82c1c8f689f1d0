//! Single-use tokens: invitations (valid 7 days) and password resets (valid 1 hour), sent by email, and
//! sign-in codes (valid 2 minutes) that hand a signed-in person to the institution's app.
//! Only their hashes are stored; using one marks it used and retires the user's other tokens of the
//! same purpose.

use chrono::Duration;
use diesel::prelude::*;

use crate::{
    db::{
        schema::user_tokens,
        types::{TenantId, Timestamp, UserId, UserTokenId},
        TenantTx,
    },
    error::{Error, Result},
    identity::tokens::{self, TokenKind},
    with_conn,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
    /// A one-time sign-in code: the hosted sign-in page or single sign-on hands a person to the
    /// institution's app with it; the app exchanges it for a session.
    SignIn,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
            Purpose::SignIn => "sign_in",
        }
    }

    pub fn kind(self) -> TokenKind {
        match self {
            Purpose::Invitation => TokenKind::Invitation,
            Purpose::PasswordReset => TokenKind::PasswordReset,
            Purpose::SignIn => TokenKind::SignInCode,
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Invitation => Duration::days(7),
            Purpose::PasswordReset => Duration::hours(1),
            Purpose::SignIn => Duration::minutes(2),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = user_tokens)]
struct NewToken {
    tenant_id: TenantId,
    id: UserTokenId,
    user_id: UserId,
    purpose: &'static str,
    token_hash: String,
    created_at: Timestamp,
    expires_at: Timestamp,
}

/// Mints a token for `user` and returns the secret (to be emailed, never stored).
pub fn mint(tx: &mut TenantTx<'_>, user: UserId, purpose: Purpose) -> Result<(String, Timestamp)> {
    let minted = tokens::mint(purpose.kind(), tx.tenant_id());
    let now = Timestamp::now();
    let expires_at = now + purpose.lifetime();
    let mut row = NewToken {
        tenant_id: tx.tenant_id(),
        id: UserTokenId::new(),
        user_id: user,
        purpose: purpose.as_str(),
        token_hash: minted.hash,
        created_at: now,
        expires_at,
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(user_tokens::table).values(ours.stamp(&mut row)).execute(c))?;
    Ok((minted.secret, expires_at))
}

/// The tenant a presented token names, so the caller can open that tenant's scope.
pub fn tenant_of(purpose: Purpose, token: &str) -> Result<TenantId> {
    tokens::parse(purpose.kind(), token).map(|(t, _)| t).ok_or_else(invalid_token)
}

fn invalid_token() -> Error {
    Error::invalid("token", "is not valid: it may be mistyped, already used or expired; ask for a new one")
}

/// Checks a token without using it: its user if it is known, unused and unexpired (the hosted pages
/// show their form only for a code that still works).
pub fn peek(tx: &mut TenantTx<'_>, purpose: Purpose, token: &str) -> Result<UserId> {
    let (tenant, hash) = tokens::parse(purpose.kind(), token).ok_or_else(invalid_token)?;
    if tenant != tx.tenant_id() {
        return Err(invalid_token());
    }
    let tenant = tx.tenant();
    let now = Timestamp::now();
    let found: Option<UserId> = with_conn!(tx, |c| tenant
        .scoped(user_tokens::table)
        .filter(user_tokens::token_hash.eq(&hash))
        .filter(user_tokens::purpose.eq(purpose.as_str()))
        .filter(user_tokens::used_at.is_null())
        .filter(user_tokens::expires_at.gt(now))
        .select(user_tokens::user_id)
        .first(c)
        .optional())?;
    found.ok_or_else(invalid_token)
}

/// Uses a token: returns its user if the token is known, unused and unexpired, and retires every
/// unused token of the same purpose for that user.
pub fn consume(tx: &mut TenantTx<'_>, purpose: Purpose, token: &str) -> Result<UserId> {
    let (tenant, hash) = tokens::parse(purpose.kind(), token).ok_or_else(invalid_token)?;
    if tenant != tx.tenant_id() {
        return Err(invalid_token());
    }
    let tenant = tx.tenant();
    let now = Timestamp::now();
    let found: Option<(UserTokenId, UserId)> = with_conn!(tx, |c| tenant
        .scoped(user_tokens::table)
        .filter(user_tokens::token_hash.eq(&hash))
        .filter(user_tokens::purpose.eq(purpose.as_str()))
        .filter(user_tokens::used_at.is_null())
        .filter(user_tokens::expires_at.gt(now))
        .select((user_tokens::id, user_tokens::user_id))
        .first(c)
        .optional())?;
    let (_, user) = found.ok_or_else(invalid_token)?;
    let retired = with_conn!(tx, |c| diesel::update(
        tenant
            .scoped(user_tokens::table)
            .filter(user_tokens::user_id.eq(user))
            .filter(user_tokens::purpose.eq(purpose.as_str()))
            .filter(user_tokens::used_at.is_null())
    )
    .set(user_tokens::used_at.eq(now))
    .execute(c))?;
    // Zero means a concurrent request used it first.
    if retired == 0 {
        return Err(invalid_token());
    }
    Ok(user)
}

crate::tenant_rows!(NewToken);
