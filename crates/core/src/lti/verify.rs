//! Checking what a tool signed (client assertions at the token endpoint, deep-linking responses):
//! RS256 only, with the tool's registered public key, or a key of its JWKS URL. Key sets are fetched
//! through the same address checks as webhooks (no private or loopback targets unless allowed; the
//! checked addresses are pinned), cached for [`JWKS_TTL`], and fetched again when a message names a key
//! id the cached set lacks (a tool rotated), at most once per [`REFETCH_AFTER`] per URL.

use std::{
    sync::{Arc, LazyLock},
    time::Duration,
};

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

use super::tools::ToolRow;

/// How long a fetched key set is used.
pub const JWKS_TTL: Duration = Duration::from_secs(300);
/// The least time between two fetches of one URL forced by an unknown key id.
pub const REFETCH_AFTER: Duration = Duration::from_secs(10);
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_JWKS_BYTES: usize = 64 * 1024;
/// Clock skew allowed on `exp`, `iat` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 60;

static KEY_SETS: LazyLock<moka::future::Cache<String, Arc<Vec<Value>>>> =
    LazyLock::new(|| moka::future::Cache::builder().max_capacity(10_000).time_to_live(JWKS_TTL).build());
static REFETCHED: LazyLock<moka::future::Cache<String, ()>> =
    LazyLock::new(|| moka::future::Cache::builder().max_capacity(10_000).time_to_live(REFETCH_AFTER).build());

async fn fetch(url: &str, allow_private: bool) -> Result<Arc<Vec<Value>>, String> {
    let (host, addrs) = crate::net::resolve(url, allow_private).await?;
    let client = crate::net::pinned_client(&host, &addrs, FETCH_TIMEOUT, "Lyceum-LTI/1")
        .map_err(|e| format!("the tool's key set could not be fetched: {e}"))?;
    let mut resp = client
        .get(url)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("the tool's key set could not be fetched: {e}"))?;
    if !resp.status().is_success() {
        return Err(format!("the tool's key set URL answered {}", resp.status().as_u16()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| format!("the tool's key set could not be read: {e}"))? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_JWKS_BYTES {
            return Err(format!("the tool's key set is larger than {MAX_JWKS_BYTES} bytes"));
        }
    }
    let set: Value = serde_json::from_slice(&body).map_err(|_| "the tool's key set is not JSON".to_string())?;
    let keys = set.get("keys").and_then(Value::as_array).ok_or("the tool's key set has no `keys`")?;
    let keys = Arc::new(keys.clone());
    KEY_SETS.insert(url.to_string(), keys.clone()).await;
    Ok(keys)
}

/// The keys that may have signed a message naming `kid`.
async fn keys_for(tool: &ToolRow, kid: Option<&str>, allow_private: bool) -> Result<Vec<Value>, String> {
    if let Some(jwk) = &tool.public_jwk {
        let key: Value = serde_json::from_str(jwk).map_err(|_| "the tool's registered key is unreadable")?;
        return Ok(vec![key]);
    }
    let url = tool.jwks_url.as_deref().ok_or("the tool has no key registered")?;
    let matches = |keys: &[Value]| -> Vec<Value> {
        keys.iter()
            .filter(|k| k.get("kty").and_then(Value::as_str) == Some("RSA"))
            .filter(|k| kid.is_none() || k.get("kid").and_then(Value::as_str) == kid)
            .cloned()
            .collect()
    };
    let cached = KEY_SETS.get(url).await;
    if let Some(keys) = &cached {
        let found = matches(keys);
        if !found.is_empty() {
            return Ok(found);
        }
        // A key id the cached set lacks: fetch again, unless that was done a moment ago.
        if REFETCHED.contains_key(url) {
            return Ok(Vec::new());
        }
    }
    REFETCHED.insert(url.to_string(), ()).await;
    Ok(matches(&fetch(url, allow_private).await?))
}

/// Verifies a compact JWS the tool signed: RS256 with one of its keys, not expired (`exp` required),
/// issued for `audience` (`aud`, one of). Returns the claims; the caller checks the rest.
pub(crate) async fn verify(
    tool: &ToolRow,
    token: &str,
    audience: &[&str],
    allow_private: bool,
) -> Result<Value, String> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| "the JWT cannot be read (not a compact JWS)")?;
    if header.alg != Algorithm::RS256 {
        return Err(format!("the JWT is signed with {:?}; LTI requires RS256", header.alg));
    }
    let keys = keys_for(tool, header.kid.as_deref(), allow_private).await?;
    if keys.is_empty() {
        return Err("no key of the tool has the JWT's `kid`".into());
    }
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(audience);
    validation.set_required_spec_claims(&["exp", "aud", "iss"]);
    validation.leeway = LEEWAY_SECONDS;
    let mut last = String::from("the JWT's signature does not verify with the tool's keys");
    for key in keys {
        let (Some(n), Some(e)) = (key.get("n").and_then(Value::as_str), key.get("e").and_then(Value::as_str)) else {
            continue;
        };
        let Ok(decoding) = DecodingKey::from_rsa_components(n, e) else { continue };
        match jsonwebtoken::decode::<Value>(token, &decoding, &validation) {
            Ok(data) => return Ok(data.claims),
            Err(e) => {
                use jsonwebtoken::errors::ErrorKind as K;
                last = match e.kind() {
                    K::InvalidSignature => last,
                    K::ExpiredSignature => "the JWT has expired (`exp`)".into(),
                    K::InvalidAudience => format!("the JWT's `aud` must name {}", audience.join(" or ")),
                    K::ImmatureSignature => "the JWT is not valid yet (`nbf`)".into(),
                    K::MissingRequiredClaim(c) => format!("the JWT lacks `{c}`"),
                    other => format!("the JWT is not valid: {other:?}"),
                };
                if !matches!(e.kind(), K::InvalidSignature) {
                    // The signature verified (the claims are checked after it): no other key will do better.
                    return Err(last);
                }
            }
        }
    }
    Err(last)
}

/// The claims of a compact JWS, unverified: only to learn which tool's keys to check it with.
pub(crate) fn unverified_claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes =
        base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload.trim_end_matches('='))
            .ok()?;
    serde_json::from_slice(&bytes).ok().filter(Value::is_object)
}
