//! The audit trail: who did what to which object, when and from where. Events are written in the same
//! transaction as the action they record, and each institution's events form a hash chain ([`chain`]):
//! an edited, removed or reordered event is detected by `lyceum audit verify`.

pub mod chain;
pub mod operators;

use crate::scope::Need;
use diesel::prelude::*;

use crate::{
    db::{
        schema::audit_events,
        types::{AuditEventId, TenantId, Timestamp},
        TenantTx,
    },
    error::Result,
    pagination::{Page, PageRequest},
    scope::permissions::Permission,
    with_conn,
};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    #[serde(skip_serializing, default = "unset_tenant")]
    pub tenant_id: TenantId,
    pub id: AuditEventId,
    /// `user`, `api_key`, `operator`, `system` or `anonymous`.
    pub actor_type: String,
    pub actor_id: Option<String>,
    /// Dotted verb, e.g. `auth.login`, `user.updated`, `api_key.revoked`.
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    /// JSON object with details (never secrets).
    pub metadata: String,
    pub created_at: Timestamp,
    /// Its place in the institution's hash chain (1, 2, ...).
    #[serde(default)]
    pub seq: Option<i64>,
    /// SHA-256 (hex) of the event's canonical form ([`chain::content_hash`]).
    #[serde(default)]
    pub content_hash: Option<String>,
    /// SHA-256 (hex) over the previous event's `chain_hash`, `seq` and `content_hash`.
    #[serde(default)]
    pub chain_hash: Option<String>,
    /// When an erasure removed personal data from it (its `content_hash` stands for the original).
    #[serde(default)]
    pub redacted_at: Option<Timestamp>,
    /// Random, part of `content_hash` (so a hash alone cannot confirm a guess of the content); an
    /// erasure deletes it with the content it removes. `None` for events chained before it existed.
    #[serde(default)]
    pub salt: Option<String>,
}

/// 128 random bits, hex: an event's salt.
pub(crate) fn new_salt() -> String {
    let mut b = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut b);
    hex::encode(b)
}

/// Export/import carries the tenant separately; an event read back takes the importing tenant's id.
fn unset_tenant() -> TenantId {
    TenantId(uuid::Uuid::nil())
}

/// Records `action` on `target` by the transaction's actor, in the transaction.
pub fn record(
    tx: &mut TenantTx<'_>,
    action: &str,
    target: Option<(&str, String)>,
    metadata: serde_json::Value,
) -> Result<()> {
    let (actor_type, actor_id) = tx.scope().actor().audit_identity();
    let meta = tx.scope().meta().clone();
    let mut metadata = metadata;
    if let (Some(reason), Some(obj)) = (&meta.reason, metadata.as_object_mut()) {
        obj.entry("reason").or_insert_with(|| serde_json::Value::String(reason.clone()));
    }
    let mut event = AuditEvent {
        tenant_id: tx.tenant_id(),
        id: AuditEventId::new(),
        actor_type: actor_type.to_string(),
        actor_id,
        action: action.to_string(),
        target_type: target.as_ref().map(|(t, _)| t.to_string()),
        target_id: target.map(|(_, id)| id),
        ip: meta.ip,
        request_id: meta.request_id,
        metadata: metadata.to_string(),
        created_at: Timestamp::now(),
        seq: None,
        content_hash: None,
        chain_hash: None,
        redacted_at: None,
        salt: Some(new_salt()),
    };
    let mut head = chain::lock_head(tx)?;
    head.link(&mut event);
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(audit_events::table).values(ours.stamp(&mut event)).execute(c))?;
    chain::save_head(tx, &head)
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub since: Option<Timestamp>,
}

/// The scope's tenant's events, oldest first; needs `audit:read`.
/// Support staff record what they did outside any other service (a billing sync, say) in the tenant's
/// trail, attributed to the operator. Operators only.
pub async fn record_operator_note(
    core: &crate::Core,
    scope: &crate::TenantScope,
    action: &str,
    metadata: serde_json::Value,
) -> Result<()> {
    if !matches!(scope.actor(), crate::Actor::Operator { .. }) {
        return Err(crate::Error::Forbidden { code: "forbidden", message: "only support staff record notes".into() });
    }
    let action = action.to_string();
    core.db
        .write(scope, Need::Identified, move |tx| {
            let target = Some(("tenant", tx.tenant_id().to_string()));
            record(tx, &action, target, metadata)
        })
        .await
}

/// The tenant's audit trail (`audit:read`), oldest first.
pub async fn list_events(
    core: &crate::Core,
    scope: &crate::TenantScope,
    filter: AuditFilter,
    page: PageRequest,
) -> Result<Page<AuditEvent>> {
    core.db.read_replica(scope, Permission::AuditRead, move |tx| list(tx, filter, page)).await
}

pub(crate) fn list(tx: &mut TenantTx<'_>, filter: AuditFilter, page: PageRequest) -> Result<Page<AuditEvent>> {
    tx.scope().require(Permission::AuditRead)?;
    let tenant = tx.tenant();
    let rows: Vec<AuditEvent> = with_conn!(tx, |c| {
        let mut q = tenant
            .scoped(audit_events::table)
            .select(AuditEvent::as_select())
            .order(audit_events::id.asc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(after) = page.after {
            q = q.filter(audit_events::id.gt(AuditEventId(after)));
        }
        if let Some(a) = &filter.action {
            q = q.filter(audit_events::action.eq(a.clone()));
        }
        if let Some(a) = &filter.actor_id {
            q = q.filter(audit_events::actor_id.eq(a.clone()));
        }
        if let Some(s) = filter.since {
            q = q.filter(audit_events::created_at.ge(s));
        }
        q.load(c)
    })?;
    Ok(Page::from_rows(rows, page, |e| e.id.0))
}

crate::tenant_rows!(AuditEvent);
