//! Signed URLs for a file's bytes: `/v1/files/{id}/content?tenant=..&expires=..&actor=..&signature=..`.
//! The signature is HMAC-SHA256 under the file's own random key (kept in its row), over what the URL
//! is for (download or upload), the tenant, the file, the expiry and the actor it was issued to. So a
//! URL works for that one file, in that one institution, until it expires; changing any part of it
//! breaks it, and no key shared between files or processes exists to leak.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{
    db::types::{FileId, TenantId, Timestamp},
    error::{Error, Result},
};

/// What a signed URL lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Download,
    Upload,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Download => "download",
            Purpose::Upload => "upload",
        }
    }
}

/// The query of a signed URL.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signed {
    pub tenant: TenantId,
    pub expires: i64,
    /// The actor it was issued to (`user:<id>`, `api_key:<id>`), as the audit trail names it.
    pub actor: String,
    pub signature: String,
}

impl Signed {
    /// The URL's path and query (relative to the server's public URL).
    pub fn path(&self, file: FileId) -> String {
        format!(
            "/v1/files/{file}/content?tenant={}&expires={}&actor={}&signature={}",
            self.tenant,
            self.expires,
            self.actor.replace(':', "%3A"),
            self.signature
        )
    }

    pub fn expires_at(&self) -> Timestamp {
        Timestamp(chrono::DateTime::from_timestamp(self.expires, 0).unwrap_or_default())
    }
}

fn mac(secret: &str, purpose: Purpose, tenant: TenantId, file: FileId, expires: i64, actor: &str) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    m.update(format!("lyceum-file-url\n{}\n{tenant}\n{file}\n{expires}\n{actor}", purpose.as_str()).as_bytes());
    m
}

/// Signs a URL for `file` valid `seconds` from now.
pub(crate) fn sign(
    secret: &str,
    purpose: Purpose,
    tenant: TenantId,
    file: FileId,
    actor: &str,
    seconds: u64,
) -> Signed {
    let expires = chrono::Utc::now().timestamp() + seconds as i64;
    let signature = hex::encode(mac(secret, purpose, tenant, file, expires, actor).finalize().into_bytes());
    Signed { tenant, expires, actor: actor.to_string(), signature }
}

/// Checks a presented URL: 403 `signed_url_invalid` for any change to it (or a file it was not made
/// for), 403 `signed_url_expired` after its expiry.
pub(crate) fn verify(secret: &str, purpose: Purpose, file: FileId, s: &Signed) -> Result<()> {
    let sig = hex::decode(&s.signature).map_err(|_| invalid())?;
    mac(secret, purpose, s.tenant, file, s.expires, &s.actor).verify_slice(&sig).map_err(|_| invalid())?;
    if chrono::Utc::now().timestamp() > s.expires {
        return Err(Error::Forbidden {
            code: "signed_url_expired",
            message: "this link has expired; ask for the file again (GET /v1/files/{id}) for a fresh one".into(),
        });
    }
    Ok(())
}

pub(crate) fn invalid() -> Error {
    Error::Forbidden {
        code: "signed_url_invalid",
        message: "this link is not valid: it was changed, or it is not for this file".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_url_works_only_as_issued() {
        let (t, f) = (TenantId::new(), FileId::new());
        let s = sign("k1", Purpose::Download, t, f, "user:1", 60);
        verify("k1", Purpose::Download, f, &s).unwrap();
        assert_eq!(verify("k2", Purpose::Download, f, &s).unwrap_err().code(), "signed_url_invalid");
        assert_eq!(verify("k1", Purpose::Upload, f, &s).unwrap_err().code(), "signed_url_invalid");
        assert_eq!(verify("k1", Purpose::Download, FileId::new(), &s).unwrap_err().code(), "signed_url_invalid");
        for changed in [
            Signed { tenant: TenantId::new(), ..s.clone() },
            Signed { expires: s.expires + 3600, ..s.clone() },
            Signed { actor: "user:2".into(), ..s.clone() },
            Signed { signature: "zz".into(), ..s.clone() },
        ] {
            assert_eq!(verify("k1", Purpose::Download, f, &changed).unwrap_err().code(), "signed_url_invalid");
        }
        let old = Signed { expires: 1, ..s.clone() };
        let old = Signed {
            signature: hex::encode(mac("k1", Purpose::Download, t, f, 1, "user:1").finalize().into_bytes()),
            ..old
        };
        assert_eq!(verify("k1", Purpose::Download, f, &old).unwrap_err().code(), "signed_url_expired");
        assert!(s.path(f).starts_with(&format!("/v1/files/{f}/content?tenant={t}&expires=")));
    }
}
