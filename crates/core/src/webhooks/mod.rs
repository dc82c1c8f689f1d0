//! Outgoing webhooks. An integrator registers an endpoint (URL + event types) and gets a `whsec_`
//! secret once. Every event written to the outbox (see [`crate::events`]) creates, in the same
//! transaction, one delivery per subscribed active endpoint and the job that sends it, so an event is
//! delivered exactly when its change committed. Deliveries are signed per Standard Webhooks
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`),
//! retried with backoff for about three days; an endpoint failing for [`DISABLE_AFTER_DAYS`] is disabled
//! and its institution's owners and admins are emailed. The HTTP call itself is the worker's.

mod deliveries;
mod delivery;
mod endpoints;
mod fan_out;
mod signing;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

pub use crate::db::status::{DeliveryStatus, EndpointStatus};
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

use self::delivery::deliver;
pub use self::delivery::REFUSED;
pub(crate) use self::fan_out::fan_out;
pub use self::{deliveries::*, endpoints::*, signing::*};
pub use crate::net::{check_url, is_private};
use crate::scope::Need;

/// The event types an endpoint may subscribe to (`*` subscribes to all).
pub const EVENT_TYPES: &[&str] = &[
    "user.created",
    "enrollment.created",
    "enrollment.completed",
    "enrollment.dropped",
    "certificate.issued",
    "certificate.revoked",
    "subscription.updated",
    "group.created",
    "group.deleted",
    "group.members_added",
    "group.members_removed",
    "submission.created",
    "grade.changed",
    "user.erased",
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

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        deliver(&ctx, &meta, self.delivery_id).await
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

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        if let Some(mail) = self.render(ctx.db(), meta.scope()?, &ctx.config).await? {
            mail.send(&ctx, &meta).await?;
        }
        Ok(())
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
    status: EndpointStatus,
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
    status: DeliveryStatus,
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
    pub status: EndpointStatus,
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
    /// `failed`: gave up, or the endpoint is gone or disabled.
    pub status: DeliveryStatus,
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
