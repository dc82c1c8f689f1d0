//! Sessions: opaque bearer tokens (`lys_...`) stored only as SHA-256 hashes, with an expiry.
//!
//! A token carries its tenant id in clear beside 256 random bits, so resolving it runs inside that
//! tenant's scope (and under row-level security on PostgreSQL): no cross-tenant lookup is needed.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::Duration;
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{
    db::{
        schema::{sessions, users},
        types::{SessionId, TenantId, Timestamp, UserId},
        Db, TenantTx,
    },
    error::{Error, Result},
    scope::TenantScope,
    with_conn,
};

pub const SESSION_PREFIX: &str = "lys_";
pub const SESSION_TTL_DAYS: i64 = 14;

/// A freshly issued token: the secret is shown to the client once and never stored.
#[derive(Debug, Clone)]
pub struct SessionToken {
    pub token: String,
    pub session: Session,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub tenant_id: TenantId,
    pub id: SessionId,
    pub user_id: UserId,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

fn hash_secret(secret: &[u8]) -> String {
    hex::encode(Sha256::digest(secret))
}

/// Splits `lys_<base64url(tenant uuid ++ 32 random bytes)>`; `None` for anything else.
fn parse_token(token: &str) -> Option<(TenantId, Vec<u8>)> {
    let body = token.strip_prefix(SESSION_PREFIX)?;
    let bytes = URL_SAFE_NO_PAD.decode(body).ok()?;
    if bytes.len() != 48 {
        return None;
    }
    let tenant = uuid::Uuid::from_slice(&bytes[..16]).ok()?;
    Some((TenantId(tenant), bytes[16..].to_vec()))
}

/// Issues a session for `user_id` in the scope's tenant, in the caller's transaction.
pub fn create(tx: &mut TenantTx<'_>, user_id: UserId) -> Result<SessionToken> {
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    let tenant = tx.tenant_id();
    let mut raw = Vec::with_capacity(48);
    raw.extend_from_slice(tenant.0.as_bytes());
    raw.extend_from_slice(&secret);
    let now = Timestamp::now();
    let session = Session {
        tenant_id: tenant,
        id: SessionId::new(),
        user_id,
        token_hash: hash_secret(&secret),
        created_at: now,
        expires_at: now + Duration::days(SESSION_TTL_DAYS),
        revoked_at: None,
    };
    with_conn!(tx, |c| diesel::insert_into(sessions::table).values(&session).execute(c))?;
    Ok(SessionToken { token: format!("{SESSION_PREFIX}{}", URL_SAFE_NO_PAD.encode(raw)), session })
}

/// Turns a bearer token into the scope of its user. Unknown, malformed, expired and revoked tokens,
/// and tokens of disabled users, all answer `Unauthenticated` alike.
pub async fn authenticate(db: &Db, token: &str) -> Result<TenantScope> {
    let (tenant, secret) = parse_token(token).ok_or(Error::Unauthenticated)?;
    let hash = hash_secret(&secret);
    // The scope used for the lookup itself: the token names its tenant, and RLS holds the lookup to it.
    let lookup = TenantScope::for_credential_lookup(tenant);
    let found: Option<(SessionId, UserId)> = db
        .read(&lookup, move |tx| {
            let now = Timestamp::now();
            Ok(with_conn!(tx, |c| sessions::table
                .inner_join(
                    users::table.on(users::tenant_id.eq(sessions::tenant_id).and(users::id.eq(sessions::user_id)))
                )
                .filter(sessions::tenant_id.eq(tenant))
                .filter(sessions::token_hash.eq(&hash))
                .filter(sessions::revoked_at.is_null())
                .filter(sessions::expires_at.gt(now))
                .filter(users::status.eq("active"))
                .select((sessions::id, sessions::user_id))
                .first(c)
                .optional())?)
        })
        .await?;
    let (session_id, user_id) = found.ok_or(Error::Unauthenticated)?;
    Ok(TenantScope::for_user(tenant, user_id, Some(session_id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        let tenant = TenantId::new();
        let mut raw = tenant.0.as_bytes().to_vec();
        raw.extend_from_slice(&[7u8; 32]);
        let token = format!("{SESSION_PREFIX}{}", URL_SAFE_NO_PAD.encode(&raw));
        let (t, secret) = parse_token(&token).unwrap();
        assert_eq!(t, tenant);
        assert_eq!(secret, vec![7u8; 32]);
        for bad in ["", "lys_", "lys_!!!", "lyc_live_abc", &token[..token.len() - 2]] {
            assert!(parse_token(bad).is_none(), "{bad:?}");
        }
    }
}
