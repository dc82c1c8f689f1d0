//! Each institution's audit events form a hash chain, so that an edited, removed, inserted or reordered
//! event is detected ([`verify`]).
//!
//! - `content_hash` = SHA-256 of the event's canonical form: a JSON array of a version tag and every
//!   field in a fixed order (tenant, id, seq, actor, action, target, ip, request id, metadata exactly as
//!   stored, time to the microsecond) and, since erasure exists, the event's random `salt` (version 2;
//!   events chained before it are version 1, without one);
//! - `chain_hash` = SHA-256 of `<previous chain_hash>|<seq>|<content_hash>`; the first event's previous
//!   hash is the chain's genesis, SHA-256 of `lyceum audit chain|<tenant id>`;
//! - the head (`audit_chains`) holds the last `seq` and `chain_hash`. Appending locks it (`FOR UPDATE`
//!   on PostgreSQL; SQLite's write lock), which orders concurrent appends within an institution; other
//!   institutions never wait. Anyone can take the head ([`head`], `lyceum audit head`) and keep it
//!   elsewhere; [`verify`] with that anchor then proves the trail up to it is the one anchored.
//! - The head also has a base (`base_seq`, `base_hash`) where verification starts: retention removes the
//!   oldest events by moving it ([`cut`]). An event may carry `redacted_at`: its `content_hash` then
//!   stands for content an erasure removed, and only its link is checked. The erasure also deletes the
//!   event's salt, so the old hash can no longer confirm a guess of what was removed (an email, say).

use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::AuditEvent;
use crate::{
    db::{
        schema::{audit_chains, audit_events},
        types::{TenantId, Timestamp},
        AnyConn, Db, HasConn, TenantTx,
    },
    error::Result,
    scope::{Need, TenantScope},
    with_conn,
};

/// A chain's head as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = audit_chains)]
pub struct Head {
    pub tenant_id: TenantId,
    /// The last event's `seq` (0 before the first).
    pub last_seq: i64,
    /// The last event's `chain_hash` (the genesis hash before the first).
    pub last_hash: String,
    /// Events up to this `seq` were removed by retention (0: none).
    pub base_seq: i64,
    /// The `chain_hash` of the last removed event (the genesis hash when none was).
    pub base_hash: String,
    pub updated_at: Timestamp,
}

crate::tenant_rows!(Head);

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The hash a chain starts from.
pub fn genesis(tenant: TenantId) -> String {
    sha256_hex(format!("lyceum audit chain|{tenant}").as_bytes())
}

/// SHA-256 (hex) of the event's canonical form (its `seq` included; its own hashes and `redacted_at` not).
pub fn content_hash(e: &AuditEvent) -> String {
    let mut canonical = serde_json::json!([
        if e.salt.is_some() { "lyceum-audit-v2" } else { "lyceum-audit-v1" },
        e.tenant_id.to_string(),
        e.id.to_string(),
        e.seq,
        e.actor_type,
        e.actor_id,
        e.action,
        e.target_type,
        e.target_id,
        e.ip,
        e.request_id,
        e.metadata,
        crate::db::types::sqlite_timestamp(&e.created_at),
    ]);
    if let (Some(salt), Some(items)) = (&e.salt, canonical.as_array_mut()) {
        items.push(serde_json::Value::String(salt.clone()));
    }
    sha256_hex(canonical.to_string().as_bytes())
}

/// The link after `previous` for an event at `seq` with `content_hash`.
pub fn link_hash(previous: &str, seq: i64, content_hash: &str) -> String {
    sha256_hex(format!("{previous}|{seq}|{content_hash}").as_bytes())
}

impl Head {
    fn new(tenant: TenantId) -> Head {
        let g = genesis(tenant);
        Head {
            tenant_id: tenant,
            last_seq: 0,
            last_hash: g.clone(),
            base_seq: 0,
            base_hash: g,
            updated_at: Timestamp::now(),
        }
    }

    /// Gives `event` the next place in the chain (its `seq` and both hashes) and advances the head.
    pub(crate) fn link(&mut self, event: &mut AuditEvent) {
        let seq = self.last_seq + 1;
        event.seq = Some(seq);
        let content = content_hash(event);
        let chained = link_hash(&self.last_hash, seq, &content);
        event.content_hash = Some(content);
        event.chain_hash = Some(chained.clone());
        self.last_seq = seq;
        self.last_hash = chained;
        self.updated_at = Timestamp::now();
    }
}

/// The tenant's head, locked until the transaction ends (created at genesis on first use).
pub(crate) fn lock_head(tx: &mut TenantTx<'_>) -> Result<Head> {
    let t = tx.tenant();
    let read = |tx: &mut TenantTx<'_>| -> Result<Option<Head>> {
        Ok(match tx.conn() {
            AnyConn::Pg(c) => {
                t.scoped(audit_chains::table).select(Head::as_select()).for_update().first(c).optional()?
            }
            AnyConn::Sqlite(c) => t.scoped(audit_chains::table).select(Head::as_select()).first(c).optional()?,
        })
    };
    if let Some(head) = read(tx)? {
        return Ok(head);
    }
    let mut head = Head::new(tx.tenant_id());
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(audit_chains::table)
        .values(ours.stamp(&mut head))
        .on_conflict_do_nothing()
        .execute(c))?;
    // Locked now, whether this transaction or a concurrent one created it.
    Ok(read(tx)?.unwrap_or(head))
}

pub(crate) fn save_head(tx: &mut TenantTx<'_>, head: &Head) -> Result<()> {
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::update(t.scoped(audit_chains::table))
        .set((
            audit_chains::last_seq.eq(head.last_seq),
            audit_chains::last_hash.eq(&head.last_hash),
            audit_chains::updated_at.eq(head.updated_at),
        ))
        .execute(c))?;
    Ok(())
}

/// Chains the tenant's events that have no place yet (written before the chain existed, or imported
/// from such an export), oldest first; returns how many.
pub(crate) fn chain_unchained(tx: &mut TenantTx<'_>) -> Result<usize> {
    let mut done = 0;
    loop {
        let t = tx.tenant();
        let batch: Vec<AuditEvent> = with_conn!(tx, |c| t
            .scoped(audit_events::table)
            .filter(audit_events::seq.is_null())
            .order((audit_events::created_at.asc(), audit_events::id.asc()))
            .select(AuditEvent::as_select())
            .limit(1000)
            .load(c))?;
        if batch.is_empty() {
            return Ok(done);
        }
        let mut head = lock_head(tx)?;
        for mut e in batch {
            head.link(&mut e);
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(t.scoped(audit_events::table).filter(audit_events::id.eq(e.id)))
                .set((
                    audit_events::seq.eq(e.seq),
                    audit_events::content_hash.eq(&e.content_hash),
                    audit_events::chain_hash.eq(&e.chain_hash),
                ))
                .execute(c))?;
            done += 1;
        }
        save_head(tx, &head)?;
    }
}

/// Removes the tenant's events older than `before` from the start of the chain (retention): up to the
/// event before the first one, in chain order, at or after `before`. The head keeps the last removed
/// link as the chain's base, so what is left still verifies. Returns how many were removed.
pub(crate) fn cut(tx: &mut TenantTx<'_>, before: Timestamp) -> Result<usize> {
    let mut head = lock_head(tx)?;
    let t = tx.tenant();
    let first_kept: Option<i64> = with_conn!(tx, |c| t
        .scoped(audit_events::table)
        .filter(audit_events::seq.is_not_null())
        .filter(audit_events::created_at.ge(before))
        .select(diesel::dsl::min(audit_events::seq))
        .first::<Option<i64>>(c))?;
    let upto = first_kept.map(|s| s - 1).unwrap_or(head.last_seq);
    if upto <= head.base_seq {
        return Ok(0);
    }
    let t = tx.tenant();
    let base_hash: Option<Option<String>> = with_conn!(tx, |c| t
        .scoped(audit_events::table)
        .filter(audit_events::seq.eq(upto))
        .select(audit_events::chain_hash)
        .first(c)
        .optional())?;
    let Some(Some(base_hash)) = base_hash else {
        return Err(crate::error::corrupt(format!("the audit chain has no event at seq {upto}")));
    };
    let t = tx.tenant();
    let removed = with_conn!(tx, |c| diesel::delete(
        t.scoped(audit_events::table).filter(audit_events::seq.le(upto)).filter(audit_events::seq.gt(head.base_seq))
    )
    .execute(c))?;
    head.base_seq = upto;
    head.base_hash = base_hash;
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::update(t.scoped(audit_chains::table))
        .set((audit_chains::base_seq.eq(head.base_seq), audit_chains::base_hash.eq(&head.base_hash)))
        .execute(c))?;
    Ok(removed)
}

/// The head of the scope's tenant's chain, for anchoring elsewhere (`None` before its first event).
pub async fn head(db: &Db, scope: &TenantScope) -> Result<Option<Head>> {
    db.read(scope, Need::Identified, |tx| {
        let t = tx.tenant();
        Ok(with_conn!(tx, |c| t.scoped(audit_chains::table).select(Head::as_select()).first(c).optional())?)
    })
    .await
}

/// What is wrong with a chain, at the first place it breaks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Break {
    /// The event at `seq` does not hash to its `content_hash`: it was edited (or moved from elsewhere).
    Edited { seq: i64, event_id: String },
    /// The event at `seq` does not link to the one before: an event was replaced, inserted or reordered.
    Relinked { seq: i64, event_id: String },
    /// No event has `seq`, though later ones exist: it was removed.
    Missing { seq: i64 },
    /// The head says the chain goes on to `head_seq`, but the last event is at `last_seq`: events at the
    /// end were removed.
    Truncated { last_seq: i64, head_seq: i64 },
    /// The last event's link is not the head's: the head or the last event was changed.
    HeadMismatch { seq: i64 },
    /// Events that have no place in the chain (written around it).
    Unchained { count: i64 },
    /// The anchor given does not match the chain at its `seq`.
    AnchorMismatch { seq: i64 },
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    /// Events checked (from the base to the first break or the head).
    pub checked: u64,
    /// Of those, redacted by an erasure (their links checked, their content not).
    pub redacted: u64,
    pub base_seq: i64,
    pub head_seq: i64,
    pub head_hash: String,
    /// `None` when the chain is intact.
    pub broken: Option<Break>,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.broken.is_none()
    }
}

/// Walks the scope's tenant's chain from its base to its head and reports the first break. With an
/// `anchor` (a `seq` and the `chain_hash` recorded elsewhere), also checks the chain passes through it.
pub async fn verify(db: &Db, scope: &TenantScope, anchor: Option<(i64, String)>) -> Result<Verification> {
    let head = head(db, scope).await?.unwrap_or_else(|| Head::new(scope.tenant_id()));
    let mut v = Verification {
        checked: 0,
        redacted: 0,
        base_seq: head.base_seq,
        head_seq: head.last_seq,
        head_hash: head.last_hash.clone(),
        broken: None,
    };
    let unchained: i64 = db
        .read(scope, Need::Identified, |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t
                .scoped(audit_events::table)
                .filter(audit_events::seq.is_null())
                .count()
                .get_result(c))?)
        })
        .await?;
    if let Some((seq, _)) = &anchor {
        if *seq < head.base_seq || *seq > head.last_seq {
            v.broken = Some(Break::AnchorMismatch { seq: *seq });
            return Ok(v);
        }
        if *seq == head.base_seq && anchor.as_ref().is_some_and(|(_, h)| *h != head.base_hash) {
            v.broken = Some(Break::AnchorMismatch { seq: *seq });
            return Ok(v);
        }
    }
    let (mut expected, mut previous) = (head.base_seq + 1, head.base_hash.clone());
    loop {
        let after = expected - 1;
        let page: Vec<AuditEvent> = db
            .read(scope, Need::Identified, move |tx| {
                let t = tx.tenant();
                Ok(with_conn!(tx, |c| t
                    .scoped(audit_events::table)
                    .filter(audit_events::seq.gt(after))
                    .order(audit_events::seq.asc())
                    .select(AuditEvent::as_select())
                    .limit(2000)
                    .load(c))?)
            })
            .await?;
        if page.is_empty() {
            break;
        }
        for e in page {
            let seq = e.seq.unwrap_or_default();
            if seq != expected {
                v.broken = Some(Break::Missing { seq: expected });
                return Ok(v);
            }
            let stored_content = e.content_hash.clone().unwrap_or_default();
            if e.redacted_at.is_some() {
                v.redacted += 1;
            } else if content_hash(&e) != stored_content {
                v.broken = Some(Break::Edited { seq, event_id: e.id.to_string() });
                return Ok(v);
            }
            let link = link_hash(&previous, seq, &stored_content);
            if e.chain_hash.as_deref() != Some(link.as_str()) {
                v.broken = Some(Break::Relinked { seq, event_id: e.id.to_string() });
                return Ok(v);
            }
            if let Some((at, hash)) = &anchor {
                if *at == seq && *hash != link {
                    v.broken = Some(Break::AnchorMismatch { seq });
                    return Ok(v);
                }
            }
            v.checked += 1;
            previous = link;
            expected += 1;
        }
    }
    let last = expected - 1;
    if last < head.last_seq {
        v.broken = Some(Break::Truncated { last_seq: last, head_seq: head.last_seq });
    } else if last > head.last_seq || previous != head.last_hash {
        v.broken = Some(Break::HeadMismatch { seq: last });
    } else if unchained > 0 {
        v.broken = Some(Break::Unchained { count: unchained });
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(tenant: TenantId, action: &str) -> AuditEvent {
        AuditEvent {
            tenant_id: tenant,
            id: crate::db::types::AuditEventId::new(),
            actor_type: "user".into(),
            actor_id: Some("u1".into()),
            action: action.into(),
            target_type: None,
            target_id: None,
            ip: Some("192.0.2.1".into()),
            request_id: None,
            metadata: r#"{"email":"a@example.com"}"#.into(),
            created_at: Timestamp::now(),
            seq: None,
            content_hash: None,
            chain_hash: None,
            redacted_at: None,
            salt: Some(super::super::new_salt()),
        }
    }

    #[test]
    fn links_depend_on_every_field_and_on_order() {
        let t = TenantId(uuid::Uuid::now_v7());
        let mut head = Head::new(t);
        let (mut a, mut b) = (event(t, "a"), event(t, "b"));
        head.link(&mut a);
        head.link(&mut b);
        assert_eq!((a.seq, b.seq), (Some(1), Some(2)));
        assert_eq!(b.chain_hash.as_deref(), Some(head.last_hash.as_str()));
        assert_eq!(a.chain_hash, Some(link_hash(&genesis(t), 1, a.content_hash.as_deref().unwrap())));
        let mut edited = a.clone();
        edited.metadata = r#"{"email":"b@example.com"}"#.into();
        assert_ne!(content_hash(&edited), a.content_hash.clone().unwrap());
        let mut moved = a.clone();
        moved.seq = Some(2);
        assert_ne!(content_hash(&moved), a.content_hash.clone().unwrap(), "the place is part of the content");
        assert_ne!(genesis(t), genesis(TenantId(uuid::Uuid::now_v7())), "each institution's chain is its own");
        // Without its salt (erased), the content cannot be hashed again to test a guess.
        let mut unsalted = a.clone();
        unsalted.salt = None;
        assert_ne!(content_hash(&unsalted), a.content_hash.clone().unwrap());
        let mut resalted = a.clone();
        resalted.salt = Some(super::super::new_salt());
        assert_ne!(content_hash(&resalted), a.content_hash.clone().unwrap());
    }
}
