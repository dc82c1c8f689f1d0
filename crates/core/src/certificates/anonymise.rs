//! A person's certificates after their erasure: still verifiable, naming no one. Each credential is
//! signed again with the institution's current key, without the recipient's name and without the
//! salted hash of their email (a salt stored beside its hash lets anyone confirm a guessed address).
//! The code, the course, the dates and any revocation stay, so a verifier still learns that the
//! certificate is genuine, for which course and when it was issued. Copies the person downloaded
//! before keep their old signature, which still verifies against the institution's published keys.

use diesel::prelude::*;

use super::{signing, CertificateRow};
use crate::{
    db::{schema::certificates, types::UserId, TenantTx},
    error::{Error, Result},
    with_conn,
};

/// Signs the person's certificates again without naming them; returns how many.
pub(crate) fn anonymise(tx: &mut TenantTx<'_>, user: UserId) -> Result<usize> {
    let t = tx.tenant();
    let rows: Vec<CertificateRow> = with_conn!(tx, |c| t
        .scoped(certificates::table)
        .filter(certificates::user_id.eq(user))
        .select(CertificateRow::as_select())
        .load(c))?;
    if rows.is_empty() {
        return Ok(0);
    }
    let (key_id, key) = signing::current_key(tx)?;
    for row in &rows {
        let mut credential: serde_json::Value = serde_json::from_str(&row.credential).map_err(Error::internal)?;
        if let Some(subject) = credential.get_mut("credentialSubject").and_then(|s| s.as_object_mut()) {
            subject.remove("name");
            subject.remove("identifier");
        }
        let payload = serde_json::to_vec(&credential).map_err(Error::internal)?;
        let signature = signing::sign_jws(&key, key_id, &payload);
        let credential = String::from_utf8(payload).map_err(Error::internal)?;
        with_conn!(tx, |c| diesel::update(t.scoped(certificates::table).filter(certificates::id.eq(row.id)))
            .set((
                certificates::credential.eq(&credential),
                certificates::signature.eq(&signature),
                certificates::key_id.eq(key_id)
            ))
            .execute(c))?;
    }
    Ok(rows.len())
}
