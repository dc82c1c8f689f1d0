//! The platform's signing keys per institution (LTI Security Framework 1.0 §6: RS256, published as a
//! JWKS). The newest key not retired signs; a rotation makes a new key and retires the others, which
//! stay in the JWKS for [`RETIRED_PUBLISHED_DAYS`] so that a message signed just before the rotation,
//! or a tool's cached key set, keeps verifying. Private keys are sealed by the vault.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use diesel::prelude::*;
use jsonwebtoken::EncodingKey;
use rsa::{pkcs1::EncodeRsaPrivateKey, traits::PublicKeyParts, RsaPrivateKey};

use crate::{
    audit,
    core::Core,
    db::{
        schema::lti_keys,
        types::{LtiKeyId, TenantId, Timestamp},
        TenantTx,
    },
    error::{Error, Result},
    identity::permissions::Permission,
    scope::{Need, RequestMeta, TenantScope},
    with_conn,
};

/// RSA modulus size (the LTI Security Framework asks for RS256; 2048 bits is the common floor).
const RSA_BITS: usize = 2048;

/// How long a retired key stays published.
pub const RETIRED_PUBLISHED_DAYS: i64 = 7;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = lti_keys, treat_none_as_default_value = false)]
pub(crate) struct KeyRow {
    pub tenant_id: TenantId,
    pub id: LtiKeyId,
    /// The public key as a JWK (JSON text).
    pub public_jwk: String,
    /// base64 of the PKCS#1 DER private key, sealed.
    pub private_key: String,
    pub created_at: Timestamp,
    pub retired_at: Option<Timestamp>,
}

crate::tenant_rows!(KeyRow);

/// A platform key as shown to the institution's admins.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlatformKey {
    pub id: LtiKeyId,
    /// `{"kty": "RSA", "n": ..., "e": ..., "kid": ..., "alg": "RS256", "use": "sig"}`
    pub jwk: serde_json::Value,
    pub created_at: Timestamp,
    pub retired_at: Option<Timestamp>,
}

/// The signing key of a message: its id (the JWS `kid`) and the key.
pub struct Signer {
    pub kid: LtiKeyId,
    key: EncodingKey,
}

impl Signer {
    /// A compact JWS (RS256) of `claims`, its header naming the key (`kid`) and `typ: JWT`.
    pub fn sign(&self, claims: &impl serde::Serialize) -> Result<String> {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = Some(self.kid.to_string());
        jsonwebtoken::encode(&header, claims, &self.key).map_err(Error::internal)
    }
}

fn public_jwk(id: LtiKeyId, key: &RsaPrivateKey) -> serde_json::Value {
    serde_json::json!({
        "kty": "RSA",
        "n": B64.encode(key.n().to_bytes_be()),
        "e": B64.encode(key.e().to_bytes_be()),
        "kid": id.to_string(),
        "alg": "RS256",
        "use": "sig",
    })
}

/// Makes a new key for the transaction's institution (it signs from now on).
fn create(tx: &mut TenantTx<'_>) -> Result<Signer> {
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), RSA_BITS).map_err(Error::internal)?;
    let der = key.to_pkcs1_der().map_err(Error::internal)?;
    let id = LtiKeyId::new();
    let mut row = KeyRow {
        tenant_id: tx.tenant_id(),
        id,
        public_jwk: public_jwk(id, &key).to_string(),
        private_key: crate::vault::seal(
            tx,
            crate::vault::Field::LtiKey,
            id.0,
            &base64::engine::general_purpose::STANDARD.encode(der.as_bytes()),
        )?,
        created_at: Timestamp::now(),
        retired_at: None,
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(lti_keys::table).values(ours.stamp(&mut row)).execute(c))?;
    Ok(Signer { kid: id, key: EncodingKey::from_rsa_der(der.as_bytes()) })
}

/// The key that signs now; `None` when the institution has none yet.
pub(crate) fn current(tx: &mut TenantTx<'_>) -> Result<Option<Signer>> {
    let t = tx.tenant();
    let row: Option<KeyRow> = with_conn!(tx, |c| t
        .scoped(lti_keys::table)
        .filter(lti_keys::retired_at.is_null())
        .order((lti_keys::created_at.desc(), lti_keys::id.desc()))
        .select(KeyRow::as_select())
        .first(c)
        .optional())?;
    let Some(row) = row else { return Ok(None) };
    let b64 = crate::vault::open(tx, crate::vault::Field::LtiKey, row.id.0, &row.private_key)?;
    let der = base64::engine::general_purpose::STANDARD.decode(b64).map_err(Error::internal)?;
    Ok(Some(Signer { kid: row.id, key: EncodingKey::from_rsa_der(&der) }))
}

/// The key that signs now, made on first use (write transactions only).
pub(crate) fn current_or_create(tx: &mut TenantTx<'_>) -> Result<Signer> {
    match current(tx)? {
        Some(s) => Ok(s),
        None => create(tx),
    }
}

fn published(tx: &mut TenantTx<'_>) -> Result<Vec<KeyRow>> {
    let since = Timestamp(Timestamp::now().0 - chrono::Duration::days(RETIRED_PUBLISHED_DAYS));
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(lti_keys::table)
        .filter(lti_keys::retired_at.is_null().or(lti_keys::retired_at.gt(since)))
        .order((lti_keys::created_at.desc(), lti_keys::id.desc()))
        .select(KeyRow::as_select())
        .load(c))?)
}

fn jwk_of(row: &KeyRow) -> Result<serde_json::Value> {
    serde_json::from_str(&row.public_jwk).map_err(Error::internal)
}

/// The institution's public key set (`{"keys": [...]}`): anyone may read it (tools fetch it to check
/// Lyceum's messages). An unknown institution is 404.
pub async fn jwks(core: &Core, tenant: TenantId, meta: RequestMeta) -> Result<serde_json::Value> {
    let scope = TenantScope::anonymous(tenant, meta);
    core.db
        .read(&scope, Need::Nobody, |tx| {
            crate::tenants::current(tx)?;
            let keys = published(tx)?.iter().map(jwk_of).collect::<Result<Vec<_>>>()?;
            Ok(serde_json::json!({ "keys": keys }))
        })
        .await
}

/// Every platform key of the institution, newest first (`tenant:write`).
pub async fn list(core: &Core, scope: &TenantScope) -> Result<Vec<PlatformKey>> {
    scope.require(Permission::TenantWrite)?;
    core.db
        .read(scope, Permission::TenantWrite, |tx| {
            let t = tx.tenant();
            let rows: Vec<KeyRow> = with_conn!(tx, |c| t
                .scoped(lti_keys::table)
                .order((lti_keys::created_at.desc(), lti_keys::id.desc()))
                .select(KeyRow::as_select())
                .load(c))?;
            rows.iter()
                .map(|r| {
                    Ok(PlatformKey { id: r.id, jwk: jwk_of(r)?, created_at: r.created_at, retired_at: r.retired_at })
                })
                .collect()
        })
        .await
}

/// Rotates the institution's platform key: a new key signs from now on; the others are retired and
/// stay published for [`RETIRED_PUBLISHED_DAYS`] (`tenant:write`).
pub async fn rotate(core: &Core, scope: &TenantScope) -> Result<PlatformKey> {
    scope.require(Permission::TenantWrite)?;
    core.db
        .write(scope, Permission::TenantWrite, |tx| {
            let now = Timestamp::now();
            let t = tx.tenant();
            let retired =
                with_conn!(tx, |c| diesel::update(t.scoped(lti_keys::table).filter(lti_keys::retired_at.is_null()))
                    .set(lti_keys::retired_at.eq(Some(now)))
                    .execute(c))?;
            let signer = create(tx)?;
            audit::record(
                tx,
                "lti.key_rotated",
                Some(("lti_key", signer.kid.to_string())),
                serde_json::json!({ "retired": retired }),
            )?;
            let t = tx.tenant();
            let row: KeyRow = with_conn!(tx, |c| t
                .scoped(lti_keys::table)
                .filter(lti_keys::id.eq(signer.kid))
                .select(KeyRow::as_select())
                .first(c))?;
            Ok(PlatformKey { id: row.id, jwk: jwk_of(&row)?, created_at: row.created_at, retired_at: row.retired_at })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jwk_carries_the_public_parts_only() {
        let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let id = LtiKeyId::new();
        let jwk = public_jwk(id, &key);
        assert_eq!(jwk["kty"], "RSA");
        assert_eq!(jwk["alg"], "RS256");
        assert_eq!(jwk["kid"], id.to_string());
        assert_eq!(jwk["e"], "AQAB");
        assert!(jwk.get("d").is_none() && jwk.get("p").is_none(), "no private parts: {jwk}");
        // The published modulus is the key's: a token signed with the private key verifies with it.
        let der = key.to_pkcs1_der().unwrap();
        let token = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &serde_json::json!({"sub": "x", "exp": 4_000_000_000u64}),
            &EncodingKey::from_rsa_der(der.as_bytes()),
        )
        .unwrap();
        let decoding =
            jsonwebtoken::DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap())
                .unwrap();
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        v.required_spec_claims.clear();
        jsonwebtoken::decode::<serde_json::Value>(&token, &decoding, &v).unwrap();
    }
}
