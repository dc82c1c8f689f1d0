//! Outgoing webhooks. An integrator registers an endpoint (URL + event types) and gets a `whsec_`
//! secret once. Every event written to the outbox (see [`crate::events`]) creates, in the same
//! transaction, one delivery per subscribed active endpoint and the job that sends it, so an event is
//! delivered exactly when its change committed. Deliveries are signed per Standard Webhooks
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`),
//! retried with backoff for about three days; an endpoint failing for [`DISABLE_AFTER_DAYS`] is disabled
//! and its institution's owners and admins are emailed. The HTTP call itself is the worker's.

use crate::scope::Need;
use std::net::IpAddr;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::{
    audit,
    db::{
        schema::{users, webhook_deliveries, webhook_endpoints},
        types::{EventId, TenantId, Timestamp, UserId, WebhookDeliveryId, WebhookEndpointId},
        Db, TenantTx,
    },
    error::{Error, Result, Validator},
    events::EventRow,
    identity::permissions::Permission,
    jobs::{self, Job},
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn, Core,
};

/// The event types an endpoint may subscribe to (`*` subscribes to all).
pub const EVENT_TYPES: &[&str] = &[
    "user.created",
    "enrollment.created",
    "enrollment.completed",
    "enrollment.dropped",
    "certificate.issued",
    "certificate.revoked",
    "subscription.updated",
];
/// Longest endpoint description.
pub const MAX_DESCRIPTION_CHARS: usize = 500;
/// An endpoint whose deliveries have failed for this long is disabled.
pub const DISABLE_AFTER_DAYS: i64 = 3;
/// Attempts of one delivery: with the queue's backoff (capped at an hour) this spans about three days.
pub const MAX_ATTEMPTS: i32 = 80;
pub const MAX_ENDPOINTS_PER_TENANT: i64 = 50;

/// Job payload: send one delivery.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeliverWebhook {
    pub tenant_id: TenantId,
    pub delivery_id: WebhookDeliveryId,
}

impl Job for DeliverWebhook {
    const KIND: &'static str = "webhook.deliver";
    const QUEUE: &'static str = "webhooks";
    const MAX_ATTEMPTS: i32 = MAX_ATTEMPTS;

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("webhook.deliver:{}", self.delivery_id))
    }
}

/// Job payload: tell an owner or admin that an endpoint was disabled.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EndpointDisabledEmail {
    pub tenant_id: TenantId,
    pub endpoint_id: WebhookEndpointId,
    pub user_id: UserId,
}

impl Job for EndpointDisabledEmail {
    const KIND: &'static str = "email.webhook_disabled";
    const QUEUE: &'static str = "email";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = webhook_endpoints, treat_none_as_default_value = false)]
pub(crate) struct EndpointRow {
    pub(crate) tenant_id: TenantId,
    id: WebhookEndpointId,
    url: String,
    description: String,
    events: String,
    secret: String,
    status: String,
    disabled_reason: Option<String>,
    failing_since: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries, treat_none_as_default_value = false)]
struct DeliveryRow {
    tenant_id: TenantId,
    id: WebhookDeliveryId,
    endpoint_id: WebhookEndpointId,
    event_id: EventId,
    event_type: String,
    payload: String,
    status: String,
    attempts: i32,
    last_status_code: Option<i32>,
    last_error: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
    delivered_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Endpoint {
    pub id: WebhookEndpointId,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    /// `active` or `disabled`.
    pub status: String,
    pub disabled_reason: Option<String>,
    pub failing_since: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl TryFrom<EndpointRow> for Endpoint {
    type Error = Error;
    fn try_from(r: EndpointRow) -> Result<Self> {
        Ok(Endpoint {
            events: serde_json::from_str(&r.events)
                .map_err(|e| crate::error::corrupt(format!("webhook endpoint {} has unreadable events: {e}", r.id)))?,
            id: r.id,
            url: r.url,
            description: r.description,
            status: r.status,
            disabled_reason: r.disabled_reason,
            failing_since: r.failing_since,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Delivery {
    pub id: WebhookDeliveryId,
    pub endpoint_id: WebhookEndpointId,
    pub event_id: EventId,
    pub event_type: String,
    /// `pending`, `succeeded` or `failed` (gave up, or the endpoint is gone or disabled).
    pub status: String,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
}

impl From<DeliveryRow> for Delivery {
    fn from(r: DeliveryRow) -> Self {
        Delivery {
            id: r.id,
            endpoint_id: r.endpoint_id,
            event_id: r.event_id,
            event_type: r.event_type,
            status: r.status,
            attempts: r.attempts,
            last_status_code: r.last_status_code,
            last_error: r.last_error,
            created_at: r.created_at,
            updated_at: r.updated_at,
            delivered_at: r.delivered_at,
        }
    }
}

/// The Standard Webhooks signature header value: `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`,
/// where the key is the base64 part of the `whsec_` secret.
pub fn sign(secret: &str, msg_id: &str, timestamp: i64, body: &[u8]) -> Result<String> {
    let key = B64
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|e| Error::internal(anyhow::anyhow!("a stored webhook secret is not base64: {e}")))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(Error::internal)?;
    mac.update(format!("{msg_id}.{timestamp}.").as_bytes());
    mac.update(body);
    Ok(format!("v1,{}", B64.encode(mac.finalize().into_bytes())))
}

/// True for addresses a webhook must not reach unless private targets are allowed: everything that is
/// not globally routable unicast (IANA's special-purpose registries). IPv4: this network, private,
/// shared (CGNAT), loopback, link-local, IETF protocol assignments (192.0.0.0/24), documentation,
/// 6to4 relay, benchmarking (198.18.0.0/15), multicast, reserved (240.0.0.0/4) and broadcast. IPv6: only
/// global unicast (2000::/3) may pass, less its special blocks (2001::/23 with Teredo, 2001:db8::/32,
/// 6to4 2002::/16, 3fff::/20); so IPv4-compatible and -mapped forms, NAT64 (64:ff9b::/96), discard,
/// unique-local, link-local, site-local and multicast addresses are all refused.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 192 && o[1] == 88 && o[2] == 99)
                || (o[0] == 198 && (o[1] & 0xfe) == 18)
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let s = v6.segments();
            let global_unicast = (s[0] & 0xe000) == 0x2000;
            !global_unicast
                || (s[0] == 0x2001 && s[1] < 0x0200)
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                || s[0] == 0x2002
                || (s[0] & 0xfff0) == 0x3ff0
        }
    }
}

/// Checks a target URL's form; a host that is a private address (or `localhost`) is refused unless
/// `allow_private`. Names are resolved and checked again at every delivery.
pub fn check_url(url: &str, allow_private: bool) -> std::result::Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must be an http:// or https:// URL")?;
    if url.len() > 2048 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be a URL of at most 2048 characters without spaces".into());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err("must name a host".into());
    }
    if !allow_private {
        let private = host.eq_ignore_ascii_case("localhost")
            || host.to_ascii_lowercase().ends_with(".localhost")
            || host.parse::<IpAddr>().is_ok_and(is_private);
        if private {
            return Err("must not point to a private or loopback address".into());
        }
    }
    Ok(())
}

/// Creates deliveries (and their jobs) for `events` to every active endpoint subscribed to them; called
/// by [`crate::events`] in the transaction that writes the events.
pub(crate) fn fan_out(tx: &mut TenantTx<'_>, events: &[EventRow]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let tenant = tx.tenant();
    let endpoints: Vec<(WebhookEndpointId, String)> = with_conn!(tx, |c| tenant
        .scoped(webhook_endpoints::table)
        .filter(webhook_endpoints::status.eq("active"))
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
                    status: "pending".into(),
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
            crate::billing::require_feature(tx, crate::billing::Feature::Webhooks)?;
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
            let mut row = EndpointRow {
                tenant_id: tenant.id(),
                id: WebhookEndpointId::new(),
                url: input.url.clone(),
                description: input.description.clone().unwrap_or_default(),
                events: serde_json::to_string(&events).map_err(Error::internal)?,
                secret: secret2,
                status: "active".into(),
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

fn get_endpoint_row(tx: &mut TenantTx<'_>, id: WebhookEndpointId) -> Result<EndpointRow> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| tenant
        .scoped(webhook_endpoints::table)
        .filter(webhook_endpoints::id.eq(id))
        .select(EndpointRow::as_select())
        .first(c))
    .map_err(crate::courses::not_found("webhook endpoint"))
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

/// An endpoint's deliveries, newest first.
pub async fn list_deliveries(
    core: &Core,
    scope: &TenantScope,
    endpoint: WebhookEndpointId,
    page: PageRequest,
) -> Result<Page<Delivery>> {
    core.db
        .read(scope, Permission::WebhooksRead, move |tx| {
            get_endpoint_row(tx, endpoint)?;
            let tenant = tx.tenant();
            let rows: Vec<DeliveryRow> = with_conn!(tx, |c| {
                let mut q = tenant
                    .scoped(webhook_deliveries::table)
                    .filter(webhook_deliveries::endpoint_id.eq(endpoint))
                    .order(webhook_deliveries::id.desc())
                    .limit(page.limit + 1)
                    .select(DeliveryRow::as_select())
                    .into_boxed();
                if let Some(after) = page.after {
                    q = q.filter(webhook_deliveries::id.lt(WebhookDeliveryId(after)));
                }
                q.load(c)
            })?;
            Ok(Page::from_rows(rows, page, |r| r.id.0).map(Delivery::from))
        })
        .await
}

/// Sends a delivery again (e.g. after fixing the receiver): it becomes pending with a fresh job; an
/// endpoint disabled for failing is re-enabled.
pub async fn redeliver(
    core: &Core,
    scope: &TenantScope,
    endpoint: WebhookEndpointId,
    delivery: WebhookDeliveryId,
) -> Result<Delivery> {
    core.db
        .write(scope, Permission::WebhooksWrite, move |tx| {
            get_endpoint_row(tx, endpoint)?;
            let tenant = tx.tenant();
            let target = tenant
                .scoped(webhook_deliveries::table)
                .filter(webhook_deliveries::endpoint_id.eq(endpoint))
                .filter(webhook_deliveries::id.eq(delivery));
            with_conn!(tx, |c| target.select(webhook_deliveries::id).first::<WebhookDeliveryId>(c))
                .map_err(crate::courses::not_found("webhook delivery"))?;
            let now = Timestamp::now();
            with_conn!(tx, |c| diesel::update(target)
                .set((webhook_deliveries::status.eq("pending"), webhook_deliveries::updated_at.eq(now)))
                .execute(c))?;
            with_conn!(tx, |c| diesel::update(
                tenant.scoped(webhook_endpoints::table).filter(webhook_endpoints::id.eq(endpoint))
            )
            .set((
                webhook_endpoints::status.eq("active"),
                webhook_endpoints::disabled_reason.eq(None::<String>),
                webhook_endpoints::updated_at.eq(now),
            ))
            .execute(c))?;
            jobs::enqueue(tx, &DeliverWebhook { tenant_id: tenant.id(), delivery_id: delivery })?;
            audit::record(
                tx,
                "webhook_delivery.redelivered",
                Some(("webhook_delivery", delivery.to_string())),
                serde_json::json!({}),
            )?;
            let row: DeliveryRow = with_conn!(tx, |c| target.select(DeliveryRow::as_select()).first(c))?;
            Ok(Delivery::from(row))
        })
        .await
}

/// What the worker needs to send a delivery.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub url: String,
    pub secret: String,
    /// `webhook-id`: the event's id, the same on every retry and redelivery.
    pub msg_id: String,
    pub body: String,
}

/// The delivery to send, or `None` when there is nothing to do (already delivered, or the endpoint is
/// gone or disabled: then the delivery is marked failed).
pub async fn outgoing(db: &Db, scope: &TenantScope, delivery: WebhookDeliveryId) -> Result<Option<Outgoing>> {
    db.write(scope, Need::Identified, move |tx| {
        let tenant = tx.tenant();
        let target = tenant.scoped(webhook_deliveries::table).filter(webhook_deliveries::id.eq(delivery));
        let Some(d) = with_conn!(tx, |c| target.select(DeliveryRow::as_select()).first(c).optional())? else {
            return Ok(None);
        };
        if d.status == "succeeded" {
            return Ok(None);
        }
        let endpoint = with_conn!(tx, |c| tenant
            .scoped(webhook_endpoints::table)
            .filter(webhook_endpoints::id.eq(d.endpoint_id))
            .select(EndpointRow::as_select())
            .first(c)
            .optional())?;
        match endpoint {
            Some(e) if e.status == "active" => {
                Ok(Some(Outgoing { url: e.url, secret: e.secret, msg_id: d.event_id.to_string(), body: d.payload }))
            }
            _ => {
                with_conn!(tx, |c| diesel::update(target)
                    .set((
                        webhook_deliveries::status.eq("failed"),
                        webhook_deliveries::last_error.eq("the endpoint is disabled"),
                        webhook_deliveries::updated_at.eq(Timestamp::now()),
                    ))
                    .execute(c))?;
                Ok(None)
            }
        }
    })
    .await
}

/// The outcome of one attempt.
#[derive(Debug, Clone)]
pub enum Attempt {
    Delivered {
        status: u16,
    },
    /// A non-2xx answer (`status`) or no answer at all.
    Failed {
        status: Option<u16>,
        error: String,
    },
    /// Never retried (the target is not allowed).
    Refused {
        error: String,
    },
}

/// Records an attempt on the delivery and the endpoint's health. `last` is the job's final attempt.
/// An endpoint failing for [`DISABLE_AFTER_DAYS`] is disabled and its owners and admins are emailed.
pub async fn record_attempt(
    db: &Db,
    scope: &TenantScope,
    delivery: WebhookDeliveryId,
    attempt: Attempt,
    last: bool,
) -> Result<()> {
    db.write(scope, Need::Identified, move |tx| {
        let tenant = tx.tenant();
        let now = Timestamp::now();
        let target = tenant.scoped(webhook_deliveries::table).filter(webhook_deliveries::id.eq(delivery));
        let Some(endpoint_id) = with_conn!(tx, |c| target
            .select(webhook_deliveries::endpoint_id)
            .first::<WebhookEndpointId>(c)
            .optional())?
        else {
            return Ok(());
        };
        let endpoint_target = tenant.scoped(webhook_endpoints::table).filter(webhook_endpoints::id.eq(endpoint_id));
        let (status, code, error) = match &attempt {
            Attempt::Delivered { status } => ("succeeded", Some(i32::from(*status)), None),
            Attempt::Failed { status, error } => {
                (if last { "failed" } else { "pending" }, status.map(i32::from), Some(error.clone()))
            }
            Attempt::Refused { error } => ("failed", None, Some(error.clone())),
        };
        with_conn!(tx, |c| diesel::update(target)
            .set((
                webhook_deliveries::status.eq(status),
                webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                webhook_deliveries::last_status_code.eq(code),
                webhook_deliveries::last_error.eq(&error),
                webhook_deliveries::updated_at.eq(now),
                webhook_deliveries::delivered_at.eq((status == "succeeded").then_some(now)),
            ))
            .execute(c))?;
        if matches!(attempt, Attempt::Delivered { .. }) {
            with_conn!(tx, |c| diesel::update(endpoint_target)
                .set(webhook_endpoints::failing_since.eq(None::<Timestamp>))
                .execute(c))?;
            return Ok(());
        }
        let failing_since: Option<Timestamp> =
            with_conn!(tx, |c| endpoint_target.select(webhook_endpoints::failing_since).first(c))?;
        match failing_since {
            None => {
                with_conn!(tx, |c| diesel::update(endpoint_target)
                    .set(webhook_endpoints::failing_since.eq(Some(now)))
                    .execute(c))?;
            }
            Some(since) if now.0 - since.0 >= chrono::Duration::days(DISABLE_AFTER_DAYS) => {
                let reason =
                    format!("deliveries failed for {DISABLE_AFTER_DAYS} days (last: {})", error.unwrap_or_default());
                let changed =
                    with_conn!(tx, |c| diesel::update(endpoint_target.filter(webhook_endpoints::status.eq("active")))
                        .set((
                            webhook_endpoints::status.eq("disabled"),
                            webhook_endpoints::disabled_reason.eq(&reason),
                            webhook_endpoints::updated_at.eq(now),
                        ))
                        .execute(c))?;
                if changed == 1 {
                    audit::record(
                        tx,
                        "webhook_endpoint.disabled",
                        Some(("webhook_endpoint", endpoint_id.to_string())),
                        serde_json::json!({ "reason": reason }),
                    )?;
                    let admins: Vec<UserId> = with_conn!(tx, |c| tenant
                        .scoped(users::table)
                        .filter(users::role.eq_any(["owner", "admin"]))
                        .filter(users::status.eq("active"))
                        .select(users::id)
                        .load(c))?;
                    for user_id in admins {
                        jobs::enqueue(tx, &EndpointDisabledEmail { tenant_id: tenant.id(), endpoint_id, user_id })?;
                    }
                }
            }
            Some(_) => {}
        }
        Ok(())
    })
    .await
}

impl EndpointDisabledEmail {
    /// The email to one owner or admin; `None` when the endpoint is gone (deleted since).
    pub async fn render(
        &self,
        db: &Db,
        scope: &TenantScope,
        _config: &crate::config::Config,
    ) -> Result<Option<crate::email::RenderedEmail>> {
        let (endpoint, user) = (self.endpoint_id, self.user_id);
        let found = db
            .read(scope, Need::Identified, move |tx| {
                let e = match get_endpoint_row(tx, endpoint) {
                    Ok(e) => e,
                    Err(Error::NotFound { .. }) => return Ok(None),
                    Err(e) => return Err(e),
                };
                Ok(Some((e, crate::identity::users::get(tx, user)?, crate::tenants::current(tx)?)))
            })
            .await?;
        let Some((e, user, tenant)) = found else { return Ok(None) };
        let context = serde_json::json!({
            "user": {"name": user.name, "email": user.email},
            "url": e.url,
            "reason": e.disabled_reason.unwrap_or_default(),
            "endpoint_id": endpoint,
        });
        crate::email::templates::compose(
            &crate::email::templates::Brand::of(&tenant),
            (&user.name, &user.email),
            format!("Webhook endpoint disabled: {}", e.url),
            "webhook_disabled",
            context,
            None,
        )
        .map(Some)
    }
}

crate::tenant_rows!(EndpointRow, DeliveryRow);

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15, finding 13: only globally routable unicast addresses are allowed.
    #[test]
    fn webhook_egress_allows_only_global_addresses() {
        for bad in [
            "0.1.2.3",
            "10.0.0.1",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.254",
            "198.51.100.1",
            "203.0.113.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "64:ff9b:1::1",
            "100::1",
            "2001::1",
            "2001:db8::1",
            "2002:7f00:1::1",
            "3fff::1",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
        ] {
            assert!(is_private(bad.parse().unwrap()), "{bad} must be refused");
            let url = if bad.contains(':') { format!("https://[{bad}]/hook") } else { format!("https://{bad}/hook") };
            assert!(check_url(&url, false).is_err(), "{url}");
        }
        for good in
            ["8.8.8.8", "1.1.1.1", "93.184.216.34", "198.20.0.1", "2606:4700::1111", "2a00:1450::1", "::ffff:8.8.8.8"]
        {
            assert!(!is_private(good.parse().unwrap()), "{good} is public");
        }
    }

    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        let sig = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn private_targets_are_refused() {
        for bad in [
            "http://localhost/x",
            "http://127.0.0.1:8080/",
            "https://10.1.2.3/",
            "https://[::1]/",
            "https://192.168.0.1",
            "http://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/",
            "ftp://example.org",
            "https:///nohost",
        ] {
            assert!(check_url(bad, false).is_err(), "{bad}");
        }
        assert!(check_url("https://hooks.example.org/lyceum?x=1", false).is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook", true).is_ok());
    }
}
