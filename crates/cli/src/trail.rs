//! The audit trail: an institution's events, support staff's own actions, and the hash chain's
//! verification and head.

use lyceum_core::{
    audit::{self, AuditFilter},
    db::{types::Timestamp, Db},
    pagination::PageRequest,
};

use crate::{
    context::Ctx,
    output::{print_json, Table},
};

pub async fn audit_list(
    ctx: &Ctx,
    tenant: &str,
    action: Option<String>,
    actor: Option<String>,
    since: Option<String>,
    limit: i64,
) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let since = match since {
        Some(s) => Some(Timestamp(
            chrono::DateTime::parse_from_rfc3339(&s)
                .map_err(|_| anyhow::anyhow!("--since `{s}` is not an RFC 3339 time like 2026-01-31T00:00:00Z"))?
                .with_timezone(&chrono::Utc),
        )),
        None => None,
    };
    let filter = AuditFilter { action, actor_id: actor, since };
    let page = PageRequest::new(Some(limit), None)?;
    let events = audit::list_events(&ctx.core, &scope, filter, page).await?;
    if ctx.json {
        // `metadata` as the JSON object it is (the API shows it the same way), not a string.
        let items: Vec<serde_json::Value> = events
            .items
            .iter()
            .map(|e| {
                let mut v = serde_json::to_value(e).unwrap_or_default();
                v["metadata"] = serde_json::from_str(&e.metadata).unwrap_or(serde_json::Value::Null);
                v
            })
            .collect();
        print_json(&items);
        return Ok(());
    }
    let mut t = Table::new(["TIME", "ACTOR", "ACTION", "TARGET", "IP"]);
    for e in &events.items {
        t.row([
            e.created_at.to_string(),
            format!("{}:{}", e.actor_type, e.actor_id.clone().unwrap_or_default()),
            e.action.clone(),
            format!("{}:{}", e.target_type.clone().unwrap_or_default(), e.target_id.clone().unwrap_or_default()),
            e.ip.clone().unwrap_or_default(),
        ]);
    }
    t.print();
    Ok(())
}

pub async fn operator_actions(db: &Db, tenant: Option<String>, limit: i64, json: bool) -> anyhow::Result<()> {
    let list = audit::operators::list(db, tenant, limit.clamp(1, 10_000)).await?;
    if json {
        print_json(&list);
        return Ok(());
    }
    let mut t = Table::new(["STARTED", "OPERATOR", "ACTION", "TENANT", "OUTCOME", "COMMAND"]);
    for a in &list {
        t.row([
            a.started_at.to_string(),
            a.operator.clone(),
            a.action.clone(),
            a.tenant_slug.clone().unwrap_or_else(|| "-".into()),
            a.outcome.clone(),
            a.command_line.clone(),
        ]);
    }
    t.print();
    Ok(())
}

pub async fn audit_verify(ctx: &Ctx, slug: &str, anchor: Option<&str>) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(slug).await?;
    let anchor = match anchor {
        Some(a) => {
            let (seq, hash) = a
                .split_once(':')
                .ok_or_else(|| anyhow::anyhow!("--anchor is SEQ:HASH, as `lyceum audit head` prints"))?;
            let seq: i64 = seq.trim().parse().map_err(|_| anyhow::anyhow!("--anchor: `{seq}` is not a number"))?;
            Some((seq, hash.trim().to_ascii_lowercase()))
        }
        None => None,
    };
    let v = audit::chain::verify(ctx.db(), &scope, anchor).await?;
    if ctx.json {
        print_json(&serde_json::json!({ "tenant": slug, "intact": v.intact(), "verification": v }));
    } else {
        println!(
            "{slug}: checked {} events (seq {}..{}), {} redacted; head {}:{}",
            v.checked,
            v.base_seq + 1,
            v.head_seq,
            v.redacted,
            v.head_seq,
            v.head_hash
        );
    }
    use audit::chain::Break;
    match &v.broken {
        None => {
            if !ctx.json {
                println!("intact");
            }
            Ok(())
        }
        Some(b) => Err(anyhow::anyhow!(match b {
            Break::Edited { seq, event_id } => format!("BROKEN: event {event_id} at seq {seq} was edited (its content does not match its hash)"),
            Break::Relinked { seq, event_id } => format!("BROKEN: event {event_id} at seq {seq} does not link to the event before it (an event was replaced, inserted or reordered)"),
            Break::Missing { seq } => format!("BROKEN: the event at seq {seq} was removed"),
            Break::Truncated { last_seq, head_seq } => format!("BROKEN: the chain ends at seq {last_seq} but its head is at {head_seq}: the last events were removed"),
            Break::HeadMismatch { seq } => format!("BROKEN: the last event (seq {seq}) does not match the chain's head: the head or the end of the chain was changed"),
            Break::Unchained { count } => format!("BROKEN: {count} events are outside the chain (written around it)"),
            Break::AnchorMismatch { seq } => format!("BROKEN: the chain does not pass through the anchor at seq {seq}: the trail up to it was rewritten"),
        })),
    }
}

pub async fn audit_head(ctx: &Ctx, slug: &str) -> anyhow::Result<()> {
    let (tenant, scope) = ctx.tenant(slug).await?;
    let head = audit::chain::head(ctx.db(), &scope).await?;
    let (seq, hash, at) = match &head {
        Some(h) => (h.last_seq, h.last_hash.clone(), Some(h.updated_at)),
        None => (0, audit::chain::genesis(tenant.id), None),
    };
    if ctx.json {
        print_json(&serde_json::json!({ "tenant": slug, "tenant_id": tenant.id, "seq": seq, "hash": hash, "at": at }));
    } else {
        println!("{seq}:{hash}");
    }
    Ok(())
}
