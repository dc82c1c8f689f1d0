//! Endpoints: register (the secret is shown once), list, view, delete.

use super::*;

/// Input of [`create_endpoint`].
#[derive(Debug, Clone, Default)]
pub struct EndpointInput {
    pub url: String,
    pub events: Vec<String>,
    pub description: Option<String>,
}

/// Registers an endpoint (`webhooks:write`); returns it with its secret, shown only here.
pub async fn create_endpoint(
    core: &Core,
    scope: &TenantScope,
    input: EndpointInput,
    allow_private: bool,
) -> Result<(Endpoint, String)> {
    scope.require(Permission::WebhooksWrite)?;
    let mut v = Validator::new();
    if let Err(m) = check_url(&input.url, allow_private) {
        v.push("url", m);
    }
    if input.events.is_empty() {
        v.push("events", format!("list one or more of: *, {}", EVENT_TYPES.join(", ")));
    }
    for (i, e) in input.events.iter().enumerate() {
        if e != "*" && !EVENT_TYPES.contains(&e.as_str()) {
            v.push(&format!("events.{i}"), format!("unknown event type; use *, {}", EVENT_TYPES.join(", ")));
        }
    }
    if input.description.as_ref().is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS) {
        v.push("description", format!("must be at most {MAX_DESCRIPTION_CHARS} characters"));
    }
    v.finish()?;
    let mut raw = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut raw);
    let secret = format!("whsec_{}", B64.encode(raw));
    let secret2 = secret.clone();
    let endpoint = core
        .db
        .write(scope, Permission::WebhooksWrite, move |tx| {
            crate::entitlements::require_feature(tx, crate::entitlements::Feature::Webhooks)?;
            let tenant = tx.tenant();
            let n: i64 = with_conn!(tx, |c| tenant.scoped(webhook_endpoints::table).count().get_result(c))?;
            if n >= MAX_ENDPOINTS_PER_TENANT {
                return Err(Error::Conflict {
                    code: "too_many_endpoints",
                    field: None,
                    message: format!("an institution may have at most {MAX_ENDPOINTS_PER_TENANT} webhook endpoints"),
                });
            }
            let mut events = input.events.clone();
            events.sort();
            events.dedup();
            let now = Timestamp::now();
            let id = WebhookEndpointId::new();
            let mut row = EndpointRow {
                tenant_id: tenant.id(),
                id,
                url: input.url.clone(),
                description: input.description.clone().unwrap_or_default(),
                events: serde_json::to_string(&events).map_err(Error::internal)?,
                secret: crate::vault::seal(tx, crate::vault::Field::WebhookSecret, id.0, &secret2)?,
                status: super::EndpointStatus::Active,
                disabled_reason: None,
                failing_since: None,
                created_at: now,
                updated_at: now,
            };
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(webhook_endpoints::table).values(ours.stamp(&mut row)).execute(c))?;
            audit::record(
                tx,
                "webhook_endpoint.created",
                Some(("webhook_endpoint", row.id.to_string())),
                serde_json::json!({ "url": row.url, "events": events }),
            )?;
            Endpoint::try_from(row)
        })
        .await?;
    Ok((endpoint, secret))
}

pub(super) fn get_endpoint_row(tx: &mut TenantTx<'_>, id: WebhookEndpointId) -> Result<EndpointRow> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| tenant
        .scoped(webhook_endpoints::table)
        .filter(webhook_endpoints::id.eq(id))
        .select(EndpointRow::as_select())
        .first(c))
    .map_err(crate::error::not_found("webhook endpoint"))
}

pub async fn list_endpoints(core: &Core, scope: &TenantScope, page: PageRequest) -> Result<Page<Endpoint>> {
    core.db
        .read(scope, Permission::WebhooksRead, move |tx| {
            let tenant = tx.tenant();
            let rows: Vec<EndpointRow> = with_conn!(tx, |c| {
                let mut q = tenant
                    .scoped(webhook_endpoints::table)
                    .order(webhook_endpoints::id.asc())
                    .limit(page.limit + 1)
                    .select(EndpointRow::as_select())
                    .into_boxed();
                if let Some(after) = page.after {
                    q = q.filter(webhook_endpoints::id.gt(WebhookEndpointId(after)));
                }
                q.load(c)
            })?;
            Page::from_rows(rows, page, |r| r.id.0).try_map(Endpoint::try_from)
        })
        .await
}

pub async fn view_endpoint(core: &Core, scope: &TenantScope, id: WebhookEndpointId) -> Result<Endpoint> {
    core.db.read(scope, Permission::WebhooksRead, move |tx| get_endpoint_row(tx, id).and_then(Endpoint::try_from)).await
}

/// Deletes an endpoint and its delivery log; pending deliveries are dropped.
pub async fn delete_endpoint(core: &Core, scope: &TenantScope, id: WebhookEndpointId) -> Result<()> {
    core.db
        .write(scope, Permission::WebhooksWrite, move |tx| {
            let row = get_endpoint_row(tx, id)?;
            let tenant = tx.tenant();
            with_conn!(tx, |c| diesel::delete(
                tenant.scoped(webhook_endpoints::table).filter(webhook_endpoints::id.eq(id))
            )
            .execute(c))?;
            audit::record(
                tx,
                "webhook_endpoint.deleted",
                Some(("webhook_endpoint", id.to_string())),
                serde_json::json!({ "url": row.url }),
            )
        })
        .await
}
