//! Standard Webhooks signatures (`webhook-signature: v1,<base64 HMAC-SHA256>`).

use super::*;

/// The Standard Webhooks signature header value: `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`,
/// where the key is the base64 part of the `whsec_` secret.
pub fn sign(secret: &str, msg_id: &str, timestamp: i64, body: &[u8]) -> Result<String> {
    let key = B64
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|e| Error::internal(anyhow::anyhow!("a stored webhook secret is not base64: {e}")))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(Error::internal)?;
    mac.update(format!("{msg_id}.{timestamp}.").as_bytes());
    mac.update(body);
    Ok(format!("v1,{}", B64.encode(mac.finalize().into_bytes())))
}
