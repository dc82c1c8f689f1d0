//! Idempotency keys: a POST retried with the same `Idempotency-Key` and body gets the first response
//! again without a second effect; the same key with another body is refused; two concurrent requests
//! with one key produce one effect (the second waits its turn: it is told the first is in progress).
//! Keys are per tenant and expire after 24 hours.

use chrono::Duration;
use diesel::prelude::*;

use crate::{
    db::{schema::idempotency_keys as ik, types::Timestamp},
    error::{Error, Result},
    scope::TenantScope,
    with_conn, Core,
};

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
pub async fn begin(core: &Core, scope: &TenantScope, key: &str, request_hash: &str) -> Result<Begin> {
    validate_key(key)?;
    let (key, hash) = (key.to_string(), request_hash.to_string());
    core.db
        .write_even_if_read_only(scope, move |tx| {
            let tenant = tx.tenant_id();
            let now = Timestamp::now();
            type Row = (String, String, Option<i32>, Option<String>, Option<Vec<u8>>, Timestamp, Timestamp);
            let existing: Option<Row> = with_conn!(tx, |c| ik::table
                .filter(ik::tenant_id.eq(tenant))
                .filter(ik::key.eq(&key))
                .select((
                    ik::request_hash,
                    ik::state,
                    ik::response_status,
                    ik::response_headers,
                    ik::response_body,
                    ik::created_at,
                    ik::expires_at
                ))
                .first(c)
                .optional())?;
            if let Some((stored_hash, state, status, headers, body, created_at, expires_at)) = existing {
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
                    let headers: Vec<(String, String)> =
                        headers.and_then(|h| serde_json::from_str(&h).ok()).unwrap_or_default();
                    return Ok(Begin::Replay(StoredResponse {
                        status: status.unwrap_or(200) as u16,
                        headers,
                        body: body.unwrap_or_default(),
                    }));
                }
                with_conn!(tx, |c| diesel::delete(
                    ik::table.filter(ik::tenant_id.eq(tenant)).filter(ik::key.eq(&key))
                )
                .execute(c))?;
            }
            let inserted = with_conn!(tx, |c| diesel::insert_into(ik::table)
                .values((
                    ik::tenant_id.eq(tenant),
                    ik::key.eq(&key),
                    ik::request_hash.eq(&hash),
                    ik::state.eq("in_progress"),
                    ik::created_at.eq(now),
                    ik::expires_at.eq(now + Duration::hours(TTL_HOURS)),
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
pub async fn finish(core: &Core, scope: &TenantScope, key: &str, response: StoredResponse) -> Result<()> {
    let key = key.to_string();
    core.db
        .write_even_if_read_only(scope, move |tx| {
            let tenant = tx.tenant_id();
            let headers = serde_json::to_string(&response.headers).map_err(Error::internal)?;
            with_conn!(tx, |c| diesel::update(ik::table.filter(ik::tenant_id.eq(tenant)).filter(ik::key.eq(&key)))
                .set((
                    ik::state.eq("done"),
                    ik::response_status.eq(response.status as i32),
                    ik::response_headers.eq(headers),
                    ik::response_body.eq(&response.body),
                ))
                .execute(c))?;
            Ok(())
        })
        .await
}

/// Releases a key whose request failed on the server's side, so a retry runs again.
pub async fn abandon(core: &Core, scope: &TenantScope, key: &str) -> Result<()> {
    let key = key.to_string();
    core.db
        .write_even_if_read_only(scope, move |tx| {
            let tenant = tx.tenant_id();
            with_conn!(tx, |c| diesel::delete(
                ik::table.filter(ik::tenant_id.eq(tenant)).filter(ik::key.eq(&key)).filter(ik::state.eq("in_progress"))
            )
            .execute(c))?;
            Ok(())
        })
        .await
}
