//! Per-tenant Ed25519 signing keys and compact JWS (RFC 7515, `alg: EdDSA`, RFC 8037). A certificate's
//! signature is a JWS whose payload is the credential's JSON: any JOSE library verifies it offline with
//! the tenant's published public key (a JWK, see [`jwk`]).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use diesel::prelude::*;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use rand::RngCore;

use crate::{
    db::{
        schema::signing_keys,
        types::{SigningKeyId, TenantId, Timestamp},
        TenantTx,
    },
    error::{Error, Result},
    with_conn,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = signing_keys, treat_none_as_default_value = false)]
pub(crate) struct KeyRow {
    pub tenant_id: TenantId,
    pub id: SigningKeyId,
    pub algorithm: String,
    /// base64url of the 32-byte public key.
    pub public_key: String,
    /// base64url of the 32-byte secret key, sealed ([`crate::vault`]).
    pub private_key: String,
    pub created_at: Timestamp,
    pub retired_at: Option<Timestamp>,
}

/// A published verification key.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PublicKey {
    pub id: SigningKeyId,
    pub created_at: Timestamp,
    pub retired_at: Option<Timestamp>,
    /// `{"kty": "OKP", "crv": "Ed25519", "x": ..., "kid": ..., "alg": "EdDSA", "use": "sig"}`
    pub jwk: serde_json::Value,
}

pub fn jwk(id: SigningKeyId, public_key_b64: &str) -> serde_json::Value {
    serde_json::json!({
        "kty": "OKP", "crv": "Ed25519", "x": public_key_b64, "kid": id.to_string(), "alg": "EdDSA", "use": "sig"
    })
}

fn decode32(s: &str) -> Result<[u8; 32]> {
    let bytes = B64.decode(s).map_err(Error::internal)?;
    bytes.try_into().map_err(|_| Error::internal(anyhow::anyhow!("a stored key is not 32 bytes")))
}

/// The tenant's current signing key, created on first use.
pub(crate) fn current_key(tx: &mut TenantTx<'_>) -> Result<(SigningKeyId, SigningKey)> {
    let tenant = tx.tenant();
    let row: Option<KeyRow> = with_conn!(tx, |c| tenant
        .scoped(signing_keys::table)
        .filter(signing_keys::retired_at.is_null())
        .order(signing_keys::id.desc())
        .select(KeyRow::as_select())
        .first(c)
        .optional())?;
    if let Some(row) = row {
        let secret = crate::vault::open(tx, crate::vault::Field::SigningKey, row.id.0, &row.private_key)?;
        return Ok((row.id, SigningKey::from_bytes(&decode32(&secret)?)));
    }
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    let key = SigningKey::from_bytes(&secret);
    let id = SigningKeyId::new();
    let mut row = KeyRow {
        tenant_id: tenant.id(),
        id,
        algorithm: "Ed25519".into(),
        public_key: B64.encode(key.verifying_key().as_bytes()),
        private_key: crate::vault::seal(tx, crate::vault::Field::SigningKey, id.0, &B64.encode(secret))?,
        created_at: Timestamp::now(),
        retired_at: None,
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(signing_keys::table).values(ours.stamp(&mut row)).execute(c))?;
    Ok((row.id, key))
}

/// Every key the tenant has signed with (retired ones too: old certificates stay verifiable).
pub(crate) fn public_keys(tx: &mut TenantTx<'_>) -> Result<Vec<PublicKey>> {
    let tenant = tx.tenant();
    let rows: Vec<KeyRow> = with_conn!(tx, |c| tenant
        .scoped(signing_keys::table)
        .order(signing_keys::id.asc())
        .select(KeyRow::as_select())
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|r| PublicKey {
            id: r.id,
            created_at: r.created_at,
            retired_at: r.retired_at,
            jwk: jwk(r.id, &r.public_key),
        })
        .collect())
}

/// A compact JWS over `payload` (`header.payload.signature`, base64url without padding).
pub fn sign_jws(key: &SigningKey, kid: SigningKeyId, payload: &[u8]) -> String {
    let header = serde_json::json!({ "alg": "EdDSA", "kid": kid.to_string(), "typ": "vc+jwt" });
    let signing_input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(payload));
    let signature = key.sign(signing_input.as_bytes());
    format!("{signing_input}.{}", B64.encode(signature.to_bytes()))
}

/// Checks a compact JWS against a base64url Ed25519 public key; returns the payload when it verifies.
pub fn verify_jws(jws: &str, public_key_b64: &str) -> Option<Vec<u8>> {
    let mut parts = jws.split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: serde_json::Value = serde_json::from_slice(&B64.decode(h).ok()?).ok()?;
    if header["alg"] != "EdDSA" {
        return None;
    }
    let key = VerifyingKey::from_bytes(&decode32(public_key_b64).ok()?).ok()?;
    let sig = ed25519_dalek::Signature::from_slice(&B64.decode(s).ok()?).ok()?;
    key.verify(format!("{h}.{p}").as_bytes(), &sig).ok()?;
    B64.decode(p).ok()
}

crate::tenant_rows!(KeyRow);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jws_round_trip_and_tamper() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let public = B64.encode(key.verifying_key().as_bytes());
        let kid = SigningKeyId::new();
        let jws = sign_jws(&key, kid, br#"{"a":1}"#);
        assert_eq!(verify_jws(&jws, &public).unwrap(), br#"{"a":1}"#);
        let mut parts: Vec<String> = jws.split('.').map(String::from).collect();
        parts[1] = B64.encode(br#"{"a":2}"#);
        assert!(verify_jws(&parts.join("."), &public).is_none(), "a changed payload must not verify");
        let other = B64.encode(SigningKey::from_bytes(&[8u8; 32]).verifying_key().as_bytes());
        assert!(verify_jws(&jws, &other).is_none(), "another key must not verify");
    }
}
