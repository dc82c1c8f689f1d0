//! Encryption at rest for the secrets Lyceum must keep reversibly: certificate signing keys, webhook
//! signing secrets, identity providers' client secrets, files' URL keys, the PKCE verifiers of
//! sign-ins in flight and the LTI platform keys ([`Field`]).
//!
//! Envelope encryption, with RustCrypto's XChaCha20-Poly1305 (random 192-bit nonces):
//!
//! - a **key encryption key** (KEK) comes from configuration (`LYCEUM_MASTER_KEY`, or the file
//!   `LYCEUM_MASTER_KEY_FILE`); it never reaches the database, which knows it only by its fingerprint;
//! - each institution has **data keys** (`data_keys`), stored only wrapped by a KEK (the additional data
//!   binds the wrap to the tenant and the key's id);
//! - a secret is stored as `enc1:<data key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`, and the additional
//!   data binds it to its tenant, its column and its row: a value copied to another row, column or
//!   institution does not open.
//!
//! Rotation ([`rotate`]): `lyceum keys rotate` re-wraps every data key under the current KEK (the old one
//! must still be configured in `LYCEUM_PREVIOUS_MASTER_KEYS` while it runs); with `--data-keys` it also
//! gives each institution a new data key, re-encrypts its secrets in small transactions and deletes the
//! data keys nothing uses any more. Processes keep serving throughout: a data key's plaintext does not
//! change when it is re-wrapped, and a process that meets a new data key unwraps it with its keyring.

use std::{path::Path, sync::Arc};

use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
    Engine,
};
use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    XChaCha20Poly1305, XNonce,
};
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{
    db::{
        schema::data_keys,
        types::{TenantId, Timestamp},
        TenantTx,
    },
    error::{Error, Result},
    with_conn,
};

/// The prefix of every sealed value (the format's version).
pub const SEALED_PREFIX: &str = "enc1:";

/// Where a secret lives: part of the additional data, so a sealed value opens only where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    SigningKey,
    WebhookSecret,
    ClientSecret,
    FileUrlKey,
    PkceVerifier,
    LtiKey,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::SigningKey,
        Field::WebhookSecret,
        Field::ClientSecret,
        Field::FileUrlKey,
        Field::PkceVerifier,
        Field::LtiKey,
    ];

    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).expect("every field is in ALL")
    }

    pub fn column(self) -> &'static str {
        match self {
            Field::SigningKey => "signing_keys.private_key",
            Field::WebhookSecret => "webhook_endpoints.secret",
            Field::ClientSecret => "identity_providers.client_secret",
            Field::FileUrlKey => "files.url_secret",
            Field::PkceVerifier => "sso_logins.pkce_verifier",
            Field::LtiKey => "lti_keys.private_key",
        }
    }
}

/// Runs `$body` once per secret column, with `$table` and `$column` bound to its Diesel table module and
/// column, and `$field` to its [`Field`].
macro_rules! each_field {
    ($field:ident, $table:ident, $column:ident, $body:block) => {{
        {
            let $field = Field::SigningKey;
            use signing_keys as $table;
            use signing_keys::private_key as $column;
            $body
        }
        {
            let $field = Field::WebhookSecret;
            use webhook_endpoints as $table;
            use webhook_endpoints::secret as $column;
            $body
        }
        {
            let $field = Field::ClientSecret;
            use identity_providers as $table;
            use identity_providers::client_secret as $column;
            $body
        }
        {
            let $field = Field::FileUrlKey;
            use files as $table;
            use files::url_secret as $column;
            $body
        }
        {
            let $field = Field::PkceVerifier;
            use sso_logins as $table;
            use sso_logins::pkce_verifier as $column;
            $body
        }
        {
            let $field = Field::LtiKey;
            use lti_keys as $table;
            use lti_keys::private_key as $column;
            $body
        }
    }};
}

mod rotate;
pub use rotate::{check, rotate, wrapping_keys, Rotation};
pub(crate) use rotate::{check_importable, seal_plaintext, tenant_ids_from};

/// A 256-bit key.
#[derive(Clone)]
struct Key([u8; 32]);

impl Key {
    fn random() -> Key {
        let mut k = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut k);
        Key(k)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }

    fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 24];
        rand::thread_rng().fill_bytes(&mut nonce);
        let ct = self
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad })
            .expect("encryption of an in-memory value cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        out
    }

    fn open(&self, aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 24 + 16 {
            return None;
        }
        let (nonce, ct) = sealed.split_at(24);
        self.cipher().decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad }).ok()
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// A key encryption key and its fingerprint (the id stored beside what it wraps).
#[derive(Clone)]
struct Kek {
    id: String,
    key: Key,
}

impl Kek {
    fn new(key: [u8; 32]) -> Kek {
        let mut h = Sha256::new();
        h.update(b"lyceum key encryption key\0");
        h.update(key);
        Kek { id: hex::encode(&h.finalize()[..8]), key: Key(key) }
    }
}

/// The key encryption keys this process has: the current one (new wraps) and previous ones (unwrap only,
/// during a rotation).
#[derive(Clone)]
pub struct Keyring {
    current: Kek,
    previous: Vec<Kek>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current.id)
            .field("previous", &self.previous.iter().map(|k| &k.id).collect::<Vec<_>>())
            .finish()
    }
}

/// Reads a key as configured: base64 (standard or URL-safe, padded or not) of exactly 32 bytes.
pub fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let t = text.trim();
    let bytes = STANDARD
        .decode(t)
        .or_else(|_| URL_SAFE_NO_PAD.decode(t.trim_end_matches('=')))
        .map_err(|_| anyhow::anyhow!("a master key must be base64 (e.g. `openssl rand -base64 32`)"))?;
    bytes.try_into().map_err(|b: Vec<u8>| anyhow::anyhow!("a master key must be 32 bytes; this one is {}", b.len()))
}

/// A new random key, as base64 (what `lyceum keys generate` prints).
pub fn generate_key() -> String {
    STANDARD.encode(Key::random().0)
}

impl Keyring {
    pub fn new(current: [u8; 32], previous: impl IntoIterator<Item = [u8; 32]>) -> Keyring {
        let current = Kek::new(current);
        let previous = previous.into_iter().map(Kek::new).filter(|k| k.id != current.id).collect();
        Keyring { current, previous }
    }

    /// The keyring configuration names: `master_key`, else `master_key_file`, else the file
    /// `lyceum-master.key` in the working directory, which is created (mode 0600) when missing and
    /// `create` is set (the embedded default: one command runs Lyceum on a fresh machine). Production
    /// sets `LYCEUM_MASTER_KEY` from a secret store.
    pub fn from_config(keys: &crate::config::KeysConfig, create: bool) -> anyhow::Result<Keyring> {
        let current = if let Some(k) = &keys.master_key {
            parse_key(k.expose()).map_err(|e| e.context("LYCEUM_MASTER_KEY"))?
        } else {
            let path = keys.master_key_file.clone().unwrap_or_else(|| "lyceum-master.key".into());
            read_or_create(&path, create && keys.master_key_file.is_none())?
        };
        let mut previous = Vec::new();
        if let Some(list) = &keys.previous_master_keys {
            for (i, k) in list.split(',').map(str::trim).filter(|k| !k.is_empty()).enumerate() {
                previous
                    .push(parse_key(k).map_err(|e| e.context(format!("LYCEUM_PREVIOUS_MASTER_KEYS, key {}", i + 1)))?);
            }
        }
        Ok(Keyring::new(current, previous))
    }

    /// The fingerprint of the current key encryption key.
    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    /// Every fingerprint this keyring can unwrap.
    pub fn ids(&self) -> Vec<String> {
        std::iter::once(&self.current).chain(&self.previous).map(|k| k.id.clone()).collect()
    }

    fn find(&self, id: &str) -> Option<&Kek> {
        std::iter::once(&self.current).chain(&self.previous).find(|k| k.id == id)
    }
}

fn read_or_create(path: &Path, create: bool) -> anyhow::Result<[u8; 32]> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_key(&text).map_err(|e| e.context(format!("the master key file {}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            let text = generate_key();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(path) {
                Ok(mut f) => {
                    std::io::Write::write_all(&mut f, format!("{text}\n").as_bytes())?;
                    tracing::warn!(
                        file = %path.display(),
                        "created a master key file for encrypting secrets at rest; keep it apart from database \
                         backups, or set LYCEUM_MASTER_KEY"
                    );
                    parse_key(&text)
                }
                // Another process created it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_or_create(path, false),
                Err(e) => {
                    Err(anyhow::Error::new(e).context(format!("creating the master key file {}", path.display())))
                }
            }
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "reading the master key file {} (set LYCEUM_MASTER_KEY or LYCEUM_MASTER_KEY_FILE)",
            path.display()
        ))),
    }
}

/// The process's keyring and the data keys it has unwrapped (by tenant and id). Held by the [`Db`];
/// transactions reach it through `tx.vault()`.
pub struct Vault {
    ring: Option<Keyring>,
    data_keys: moka::sync::Cache<(TenantId, uuid::Uuid), Arc<Key>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("ring", &self.ring).finish()
    }
}

impl Vault {
    pub(crate) fn new(ring: Option<Keyring>) -> Vault {
        Vault { ring, data_keys: moka::sync::Cache::builder().max_capacity(100_000).build() }
    }

    pub(crate) fn keyring(&self) -> Result<&Keyring> {
        self.ring.as_ref().ok_or_else(|| {
            Error::internal(anyhow::anyhow!("no master key is configured (LYCEUM_MASTER_KEY): secrets cannot be read"))
        })
    }
}

fn wrap_aad(tenant: TenantId, id: uuid::Uuid) -> Vec<u8> {
    format!("lyceum data key|{tenant}|{id}").into_bytes()
}

fn value_aad(tenant: TenantId, field: Field, row: uuid::Uuid, key: uuid::Uuid) -> Vec<u8> {
    format!("lyceum secret|{tenant}|{}|{row}|{key}", field.column()).into_bytes()
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = data_keys)]
pub(crate) struct DataKeyRow {
    pub tenant_id: TenantId,
    pub id: crate::db::types::DataKeyId,
    pub kek_id: String,
    pub wrapped: String,
    pub created_at: Timestamp,
}

crate::tenant_rows!(DataKeyRow);

fn unwrap_row(ring: &Keyring, row: &DataKeyRow) -> Result<Key> {
    let kek = ring.find(&row.kek_id).ok_or_else(|| {
        Error::internal(anyhow::anyhow!(
            "data key {} is wrapped by key encryption key {}, which this process does not have \
             (configure it in LYCEUM_MASTER_KEY or LYCEUM_PREVIOUS_MASTER_KEYS)",
            row.id,
            row.kek_id
        ))
    })?;
    let wrapped = STANDARD
        .decode(&row.wrapped)
        .map_err(|_| crate::error::corrupt(format!("{}: {}", "data_keys.wrapped", "not base64")))?;
    let plain = kek
        .key
        .open(&wrap_aad(row.tenant_id, row.id.0), &wrapped)
        .ok_or_else(|| Error::internal(anyhow::anyhow!("data key {} does not unwrap: altered or wrong key", row.id)))?;
    let bytes: [u8; 32] = plain
        .try_into()
        .map_err(|_| crate::error::corrupt(format!("{}: {}", "data_keys.wrapped", "not a 32-byte key")))?;
    Ok(Key(bytes))
}

fn new_data_key(tx: &mut TenantTx<'_>, ring: &Keyring) -> Result<(uuid::Uuid, Arc<Key>)> {
    let key = Key::random();
    let tenant = tx.tenant_id();
    let id = crate::db::types::DataKeyId::new();
    let mut row = DataKeyRow {
        tenant_id: tenant,
        id,
        kek_id: ring.current.id.clone(),
        wrapped: STANDARD.encode(ring.current.key.seal(&wrap_aad(tenant, id.0), &key.0)),
        created_at: Timestamp::now(),
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(data_keys::table).values(ours.stamp(&mut row)).execute(c))?;
    let key = Arc::new(key);
    tx.vault().data_keys.insert((tenant, id.0), key.clone());
    Ok((id.0, key))
}

/// The tenant's newest data key (created on first use).
fn current_data_key(tx: &mut TenantTx<'_>) -> Result<(uuid::Uuid, Arc<Key>)> {
    let vault = tx.vault().clone();
    let ring = vault.keyring()?;
    let tenant = tx.tenant();
    let row: Option<DataKeyRow> = with_conn!(tx, |c| tenant
        .scoped(data_keys::table)
        .order(data_keys::id.desc())
        .select(DataKeyRow::as_select())
        .first(c)
        .optional())?;
    match row {
        Some(row) => {
            let id = row.id.0;
            if let Some(k) = vault.data_keys.get(&(row.tenant_id, id)) {
                return Ok((id, k));
            }
            let key = Arc::new(unwrap_row(ring, &row)?);
            vault.data_keys.insert((row.tenant_id, id), key.clone());
            Ok((id, key))
        }
        None => new_data_key(tx, ring),
    }
}

fn data_key(tx: &mut TenantTx<'_>, id: uuid::Uuid) -> Result<Arc<Key>> {
    let vault = tx.vault().clone();
    let tenant_id = tx.tenant_id();
    if let Some(k) = vault.data_keys.get(&(tenant_id, id)) {
        return Ok(k);
    }
    let ring = vault.keyring()?;
    let tenant = tx.tenant();
    let row: Option<DataKeyRow> = with_conn!(tx, |c| tenant
        .scoped(data_keys::table)
        .filter(data_keys::id.eq(crate::db::types::DataKeyId(id)))
        .select(DataKeyRow::as_select())
        .first(c)
        .optional())?;
    let row =
        row.ok_or_else(|| crate::error::corrupt(format!("{}: {}", "a sealed secret", "its data key does not exist")))?;
    let key = Arc::new(unwrap_row(ring, &row)?);
    vault.data_keys.insert((tenant_id, id), key.clone());
    Ok(key)
}

/// Encrypts `plaintext` for `field` of row `row` with the tenant's current data key.
pub(crate) fn seal(tx: &mut TenantTx<'_>, field: Field, row: uuid::Uuid, plaintext: &str) -> Result<String> {
    let (id, key) = current_data_key(tx)?;
    Ok(seal_with(tx.tenant_id(), &key, id, field, row, plaintext))
}

fn seal_with(tenant: TenantId, key: &Key, id: uuid::Uuid, field: Field, row: uuid::Uuid, plaintext: &str) -> String {
    let sealed = key.seal(&value_aad(tenant, field, row, id), plaintext.as_bytes());
    format!("{SEALED_PREFIX}{id}:{}", URL_SAFE_NO_PAD.encode(sealed))
}

fn parse_sealed(field: Field, stored: &str) -> Result<(uuid::Uuid, Vec<u8>)> {
    let bad = |why: &str| crate::error::corrupt(format!("{}: {}", field.column(), why));
    let rest = stored.strip_prefix(SEALED_PREFIX).ok_or_else(|| bad("stored unencrypted"))?;
    let (id, body) = rest.split_once(':').ok_or_else(|| bad("not a sealed value"))?;
    let id = uuid::Uuid::parse_str(id).map_err(|_| bad("not a sealed value"))?;
    let body = URL_SAFE_NO_PAD.decode(body).map_err(|_| bad("not a sealed value"))?;
    Ok((id, body))
}

/// The plaintext of a value [`seal`] stored for `field` of row `row`. A value that is not sealed, was
/// altered, or was moved from another row, column or tenant fails as corrupt data.
pub(crate) fn open(tx: &mut TenantTx<'_>, field: Field, row: uuid::Uuid, stored: &str) -> Result<String> {
    let (id, body) = parse_sealed(field, stored)?;
    let key = data_key(tx, id)?;
    let plain = key.open(&value_aad(tx.tenant_id(), field, row, id), &body).ok_or_else(|| {
        crate::error::corrupt(format!("{}: {}", field.column(), "does not decrypt: altered, moved or wrong key"))
    })?;
    String::from_utf8(plain).map_err(|_| crate::error::corrupt(format!("{}: {}", field.column(), "not UTF-8")))
}

/// The data key id a sealed value names (`None` when it is not sealed).
pub fn sealed_key_id(stored: &str) -> Option<uuid::Uuid> {
    let rest = stored.strip_prefix(SEALED_PREFIX)?;
    uuid::Uuid::parse_str(rest.split_once(':')?.0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_fingerprint() {
        let k = generate_key();
        let bytes = parse_key(&k).unwrap();
        assert_eq!(parse_key(&format!(" {k}\n")).unwrap(), bytes);
        assert!(parse_key("c2hvcnQ=").is_err(), "a short key is refused");
        assert!(parse_key("not base64!").is_err());
        let a = Keyring::new(bytes, []);
        let b = Keyring::new(parse_key(&generate_key()).unwrap(), [bytes]);
        assert_ne!(a.current_id(), b.current_id());
        assert_eq!(b.ids()[1], a.current_id(), "a previous key keeps its fingerprint");
        assert!(!format!("{b:?}").contains(&k), "Debug shows fingerprints only");
    }

    #[test]
    fn values_open_only_where_they_were_sealed() {
        let key = Key::random();
        let (tenant, other_tenant) = (TenantId(uuid::Uuid::now_v7()), TenantId(uuid::Uuid::now_v7()));
        let (row, kid) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        let stored = seal_with(tenant, &key, kid, Field::WebhookSecret, row, "whsec_abc");
        assert!(stored.starts_with("enc1:") && !stored.contains("whsec_abc"));
        assert_eq!(sealed_key_id(&stored), Some(kid));
        let (id, body) = parse_sealed(Field::WebhookSecret, &stored).unwrap();
        assert_eq!(key.open(&value_aad(tenant, Field::WebhookSecret, row, id), &body).unwrap(), b"whsec_abc");
        for aad in [
            value_aad(other_tenant, Field::WebhookSecret, row, id),
            value_aad(tenant, Field::ClientSecret, row, id),
            value_aad(tenant, Field::WebhookSecret, uuid::Uuid::now_v7(), id),
        ] {
            assert!(key.open(&aad, &body).is_none(), "moved values do not open");
        }
        let mut tampered = body.clone();
        tampered[30] ^= 1;
        assert!(key.open(&value_aad(tenant, Field::WebhookSecret, row, id), &tampered).is_none());
        assert!(Key::random().open(&value_aad(tenant, Field::WebhookSecret, row, id), &body).is_none());
        assert!(parse_sealed(Field::WebhookSecret, "whsec_plain").is_err(), "plaintext is not accepted");
    }
}
