//! Idempotency keys: a POST retried with the same `Idempotency-Key` and body gets the first response
//! again without a second effect; the same key with another body is refused; two concurrent requests
//! with one key produce one effect (the second waits its turn: it is told the first is in progress).
//! Keys expire after 24 hours.
//!
//! A record belongs to the credential that made the request ([`Caller`]): another caller using the same
//! key starts a record of its own and learns nothing about the first (no replay, no conflict). A
//! replay is given only to a caller that still holds every permission it held when the request ran.
//! The stored response body is sealed with a key derived from the caller's bearer token, which the
//! database never holds: a one-time secret in a response (a new API key, a webhook signing secret) is
//! not readable from the store, yet the same caller's retry gets it back.

use crate::scope::Need;
use chrono::Duration;
use diesel::prelude::*;
use sha2::Digest as _;

use crate::{
    crypto::SealKey,
    db::{schema::idempotency_keys as ik, types::Timestamp},
    error::{Error, Result},
    scope::permissions::Permissions,
    scope::TenantScope,
    with_conn, Core,
};

/// Who owns a record: derived from the bearer token the request presented.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Stored: a hash of the token under its own label (not the credential lookup hash).
    owner: String,
    /// Never stored: seals the response body.
    seal: SealKey,
}

impl Caller {
    pub fn from_token(token: &str) -> Self {
        let owner =
            hex::encode(sha2::Sha256::digest([b"lyceum idempotency owner\0".as_slice(), token.as_bytes()].concat()));
        Caller { owner, seal: SealKey::derive("lyceum idempotency response", token.as_bytes()) }
    }
}

fn not_permitted() -> Error {
    Error::Forbidden {
        code: "forbidden",
        message: "this credential no longer holds the permissions it had when the request with this Idempotency-Key \
                  ran, so its response is not replayed"
            .into(),
    }
}

pub const TTL_HOURS: i64 = 24;
/// A request still `in_progress` after this long is taken to have died with its process.
pub const ABANDONED_AFTER_SECONDS: i64 = 120;
pub const MAX_KEY_LEN: usize = 255;

/// A stored response.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub status: u16,
    /// Headers worth replaying (`content-type`, `location`, `etag`), as name/value pairs.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What to do with a request carrying a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Begin {
    /// First time: run it, then [`finish`] (or [`abandon`] on a server error).
    Proceed,
    /// Seen before with the same request: answer this.
    Replay(StoredResponse),
}

/// Checks a client-supplied key: 1-255 visible ASCII characters.
pub fn validate_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid("Idempotency-Key", "must be 1-255 visible ASCII characters (a UUID is ideal)"));
    }
    Ok(())
}

/// Claims `key` for a request whose fingerprint is `request_hash`.
///
/// The key's record is bookkeeping, not a change of the institution's data, so it is written even for a
/// read-only institution: the request itself is then refused or allowed by its own write (resubscribing
/// through checkout must work with a key, which the SDKs always send).
pub async fn begin(core: &Core, scope: &TenantScope, caller: &Caller, key: &str, request_hash: &str) -> Result<Begin> {
    validate_key(key)?;
    let (key, hash) = (key.to_string(), request_hash.to_string());
    let caller = caller.clone();
    let held = scope.permissions();
    core.db
        .write_even_if_read_only(scope, Need::Identified, move |tx| {
            let tenant = tx.tenant();
            let now = Timestamp::now();
            type Row = (String, String, Option<i32>, Option<String>, Option<Vec<u8>>, Timestamp, Timestamp, i32);
            let existing: Option<Row> = with_conn!(tx, |c| tenant
                .scoped(ik::table)
                .filter(ik::owner.eq(&caller.owner))
                .filter(ik::key.eq(&key))
                .select((
                    ik::request_hash,
                    ik::state,
                    ik::response_status,
                    ik::response_headers,
                    ik::response_body,
                    ik::created_at,
                    ik::expires_at,
                    ik::permissions,
                ))
                .first(c)
                .optional())?;
            if let Some((stored_hash, state, status, headers, body, created_at, expires_at, permissions)) = existing {
                let abandoned = state == "in_progress" && created_at < now - Duration::seconds(ABANDONED_AFTER_SECONDS);
                if expires_at > now && !abandoned {
                    if stored_hash != hash {
                        return Err(Error::Unprocessable {
                            code: "idempotency_key_reused",
                            message: "this Idempotency-Key was used with a different request; use a new key".into(),
                        });
                    }
                    if state == "in_progress" {
                        return Err(Error::Conflict {
                            code: "idempotency_request_in_progress",
                            field: None,
                            message: "a request with this Idempotency-Key is still being processed; retry shortly"
                                .into(),
                        });
                    }
                    if !held.includes(Permissions::from_bits(permissions as u32)) {
                        return Err(not_permitted());
                    }
                    let headers: Vec<(String, String)> = match headers {
                        Some(h) => serde_json::from_str(&h).map_err(|e| {
                            Error::internal(anyhow::anyhow!("a stored idempotent response has corrupt headers: {e}"))
                        })?,
                        None => Vec::new(),
                    };
                    let body = match body {
                        Some(sealed) => caller.seal.open(key.as_bytes(), &sealed).ok_or_else(|| {
                            Error::internal(anyhow::anyhow!("a stored idempotent response cannot be opened"))
                        })?,
                        None => Vec::new(),
                    };
                    return Ok(Begin::Replay(StoredResponse { status: status.unwrap_or(200) as u16, headers, body }));
                }
                with_conn!(tx, |c| diesel::delete(
                    tenant.scoped(ik::table).filter(ik::owner.eq(&caller.owner)).filter(ik::key.eq(&key))
                )
                .execute(c))?;
            }
            let actor = match tx.scope().actor().audit_identity() {
                (kind, Some(id)) => Some(format!("{kind}:{id}")),
                _ => None,
            };
            let inserted = with_conn!(tx, |c| diesel::insert_into(ik::table)
                .values(tenant.stamp_columns(
                    ik::table,
                    (
                        ik::owner.eq(&caller.owner),
                        ik::key.eq(&key),
                        ik::permissions.eq(held.bits() as i32),
                        ik::request_hash.eq(&hash),
                        ik::state.eq("in_progress"),
                        ik::created_at.eq(now),
                        ik::expires_at.eq(now + Duration::hours(TTL_HOURS)),
                        ik::actor.eq(&actor),
                    )
                ))
                .on_conflict_do_nothing()
                .execute(c))?;
            if inserted == 0 {
                // A concurrent request claimed it between our read and our insert.
                return Err(Error::Conflict {
                    code: "idempotency_request_in_progress",
                    field: None,
                    message: "a request with this Idempotency-Key is still being processed; retry shortly".into(),
                });
            }
            Ok(Begin::Proceed)
        })
        .await
}

/// Stores the response of a request that [`begin`] let proceed.
pub async fn finish(
    core: &Core,
    scope: &TenantScope,
    caller: &Caller,
    key: &str,
    response: StoredResponse,
) -> Result<()> {
    let key = key.to_string();
    let owner = caller.owner.clone();
    let sealed = caller.seal.seal(key.as_bytes(), &response.body);
    core.db
        .write_even_if_read_only(scope, Need::Identified, move |tx| {
            let tenant = tx.tenant();
            let headers = serde_json::to_string(&response.headers).map_err(Error::internal)?;
            let target = tenant.scoped(ik::table).filter(ik::owner.eq(&owner)).filter(ik::key.eq(&key));
            with_conn!(tx, |c| diesel::update(target)
                .set((
                    ik::state.eq("done"),
                    ik::response_status.eq(response.status as i32),
                    ik::response_headers.eq(headers),
                    ik::response_body.eq(&sealed),
                ))
                .execute(c))?;
            Ok(())
        })
        .await
}

/// Releases a key whose request failed on the server's side, so a retry runs again.
pub async fn abandon(core: &Core, scope: &TenantScope, caller: &Caller, key: &str) -> Result<()> {
    let key = key.to_string();
    let owner = caller.owner.clone();
    core.db
        .write_even_if_read_only(scope, Need::Identified, move |tx| {
            let tenant = tx.tenant();
            with_conn!(tx, |c| diesel::delete(
                tenant
                    .scoped(ik::table)
                    .filter(ik::owner.eq(&owner))
                    .filter(ik::key.eq(&key))
                    .filter(ik::state.eq("in_progress"))
            )
            .execute(c))?;
            Ok(())
        })
        .await
}
