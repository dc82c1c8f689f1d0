//! One delivery (and its job) per subscribed active endpoint for each event, in the event's transaction.

use super::*;

/// Creates deliveries (and their jobs) for `events` to every active endpoint subscribed to them; called
/// by [`crate::events`] in the transaction that writes the events.
pub(crate) fn fan_out(tx: &mut TenantTx<'_>, events: &[EventRow]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let tenant = tx.tenant();
    let endpoints: Vec<(WebhookEndpointId, String)> = with_conn!(tx, |c| tenant
        .scoped(webhook_endpoints::table)
        .filter(webhook_endpoints::status.eq(super::EndpointStatus::Active))
        .select((webhook_endpoints::id, webhook_endpoints::events))
        .load(c))?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let now = Timestamp::now();
    let mut rows = Vec::new();
    for (endpoint, subscribed) in &endpoints {
        let subscribed: Vec<String> = serde_json::from_str(subscribed)
            .map_err(|e| crate::error::corrupt(format!("webhook endpoint {endpoint} has unreadable events: {e}")))?;
        for e in events {
            if subscribed.iter().any(|s| s == "*" || *s == e.event_type) {
                let data: serde_json::Value = serde_json::from_str(&e.data).map_err(Error::internal)?;
                let payload = serde_json::json!({
                    "id": e.id, "type": e.event_type, "created_at": e.created_at, "data": data,
                });
                rows.push(DeliveryRow {
                    tenant_id: tenant.id(),
                    id: WebhookDeliveryId::new(),
                    endpoint_id: *endpoint,
                    event_id: e.id,
                    event_type: e.event_type.clone(),
                    payload: serde_json::to_string(&payload).map_err(Error::internal)?,
                    status: super::DeliveryStatus::Pending,
                    attempts: 0,
                    last_status_code: None,
                    last_error: None,
                    created_at: now,
                    updated_at: now,
                    delivered_at: None,
                });
            }
        }
    }
    let ours = tx.tenant();
    for chunk in rows.chunks_mut(500) {
        with_conn!(tx, |c| diesel::insert_into(webhook_deliveries::table).values(ours.stamp_all(chunk)).execute(c))?;
    }
    for r in &rows {
        jobs::enqueue(tx, &DeliverWebhook { tenant_id: tenant.id(), delivery_id: r.id })?;
    }
    Ok(())
}
