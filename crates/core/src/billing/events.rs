//! Stripe's webhooks. Receiving one checks the `Stripe-Signature` over the raw body (HMAC-SHA256,
//! timestamps older than [`TOLERANCE_SECS`] refused), stores the event by id (a redelivery is a no-op)
//! and enqueues the job that applies it, in one transaction. Applying maps the event onto the tenant's
//! subscription mirror and status, in one tenant transaction that also marks the event processed, so
//! its effects (the dunning email among them) happen once. Stripe delivers out of order: an event
//! older than the state it would overwrite (`subscriptions.last_event_at`) changes nothing.

use crate::scope::Need;
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{link_customer, mirror_for_update, stripe::SubscriptionState, MirrorRow};
use crate::{
    audit,
    db::{
        schema::{billing_customers, stripe_events, subscriptions, tenants},
        types::{JobId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    events as outbox, invalidation,
    jobs::{self, Job},
    scope::TenantScope,
    tenants::TenantStatus,
    with_conn, Core,
};

/// Stripe's libraries refuse signatures older than this; so do we.
pub const TOLERANCE_SECS: i64 = 300;

/// Job payload: apply one stored Stripe event.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ApplyStripeEvent {
    pub event_id: String,
}

impl Job for ApplyStripeEvent {
    const KIND: &'static str = "billing.apply_event";
    const QUEUE: &'static str = "billing";
    const PRIORITY: i32 = 10;

    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("stripe-event:{}", self.event_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        let outcome = apply(&ctx.core, &self.event_id, meta.id).await?;
        tracing::info!(event = %self.event_id, ?outcome, "Stripe event applied");
        Ok(())
    }
}

/// Job payload: tell an owner a payment failed (dunning).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PaymentFailedEmail {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub amount_due: i64,
    pub currency: String,
    pub invoice_url: Option<String>,
}

impl Job for PaymentFailedEmail {
    const KIND: &'static str = "email.payment_failed";
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

fn bad_signature(message: &str) -> Error {
    Error::Invalid { errors: vec![crate::FieldError::new("Stripe-Signature", message)] }
}

/// The largest event body accepted: Stripe's events are far smaller.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The longest `Stripe-Signature` header read, and the most `v1` signatures compared (Stripe sends one
/// per active secret, two while a secret is rolled).
pub const MAX_SIGNATURE_HEADER_BYTES: usize = 2048;
pub const MAX_SIGNATURES: usize = 8;

/// Checks `Stripe-Signature: t=<unix>,v1=<hex>[,v1=...]` for `body` (any `v1` may match: Stripe
/// sends one per active secret while a secret is rolled). The HMAC is computed once, whatever the
/// header holds, and compared with at most [`MAX_SIGNATURES`] well-formed (64 hex digits) candidates.
pub fn verify_signature(secret: &str, header: &str, body: &[u8], now: i64) -> Result<()> {
    if header.len() > MAX_SIGNATURE_HEADER_BYTES {
        return Err(bad_signature(&format!("is longer than {MAX_SIGNATURE_HEADER_BYTES} bytes")));
    }
    let mut timestamp = None;
    let mut signatures: Vec<[u8; 32]> = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", s)) => {
                let mut sig = [0u8; 32];
                if s.len() == 64 && hex::decode_to_slice(s, &mut sig).is_ok() {
                    if signatures.len() == MAX_SIGNATURES {
                        return Err(bad_signature(&format!("has more than {MAX_SIGNATURES} v1 signatures")));
                    }
                    signatures.push(sig);
                }
            }
            _ => {}
        }
    }
    let t = timestamp.ok_or_else(|| bad_signature("has no timestamp (t=)"))?;
    if signatures.is_empty() {
        return Err(bad_signature("has no well-formed v1 signature (64 hex digits)"));
    }
    if (now - t).abs() > TOLERANCE_SECS {
        return Err(bad_signature(&format!("timestamp is more than {TOLERANCE_SECS} s away from now")));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    // Constant time per candidate: the comparison does not stop at the first differing byte.
    let valid =
        signatures.iter().any(|sig| sig.iter().zip(expected.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0);
    if valid {
        Ok(())
    } else {
        Err(bad_signature("does not match the body"))
    }
}

/// Refuses at once (503 `billing_not_configured`) when this process cannot verify Stripe's events, so
/// the endpoint answers before it reads a body.
pub fn ensure_receivable(core: &Core) -> Result<()> {
    let billing = core.billing().ok_or_else(super::stripe::not_configured)?;
    billing.webhook_secret().ok_or_else(super::stripe::not_configured)?;
    Ok(())
}

/// The outcome of receiving a webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    Stored,
    Duplicate,
}

/// `POST /v1/billing/stripe/webhook`: verify, store, enqueue. 400 on a bad or stale signature or a
/// body that is not a Stripe event; 503 when no webhook secret is configured.
pub async fn receive(core: &Core, signature: Option<&str>, body: &[u8]) -> Result<Received> {
    let billing = core.billing().ok_or_else(super::stripe::not_configured)?;
    let secret = billing.webhook_secret().ok_or_else(super::stripe::not_configured)?.to_string();
    let signature = signature.ok_or_else(|| bad_signature("header is missing"))?.to_string();
    // Hashing a body of up to a MiB is CPU work: it runs on the blocking pool, not on an executor thread.
    let owned = body.to_vec();
    let (owned, verified) = tokio::task::spawn_blocking(move || {
        let r = verify_signature(&secret, &signature, &owned, chrono::Utc::now().timestamp());
        (owned, r)
    })
    .await
    .map_err(Error::internal)?;
    verified?;
    let body = owned.as_slice();
    let event: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| Error::invalid("body", format!("is not JSON: {e}")))?;
    let id = event.get("id").and_then(|v| v.as_str()).filter(|id| id.starts_with("evt_") && id.len() <= 255);
    let kind = event.get("type").and_then(|v| v.as_str()).filter(|t| !t.is_empty() && t.len() <= 255);
    let created = event.get("created").and_then(|v| v.as_i64()).and_then(|c| chrono::DateTime::from_timestamp(c, 0));
    let (Some(id), Some(kind), Some(created)) = (id, kind, created) else {
        return Err(Error::invalid("body", "is not a Stripe event (id, type and created are required)"));
    };
    // PostgreSQL cannot store a NUL character in text, and the event's strings end up in columns.
    fn has_nul(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => s.contains('\0'),
            serde_json::Value::Array(a) => a.iter().any(has_nul),
            serde_json::Value::Object(o) => o.iter().any(|(k, x)| k.contains('\0') || has_nul(x)),
            _ => false,
        }
    }
    if has_nul(&event) {
        return Err(Error::invalid("body", "must not contain the NUL character (\\u0000)"));
    }
    let (id, kind) = (id.to_string(), kind.to_string());
    let payload = String::from_utf8_lossy(body).into_owned();
    core.db
        .platform(move |tx| {
            let inserted = with_conn!(tx, |c| diesel::insert_into(stripe_events::table)
                .values((
                    stripe_events::id.eq(&id),
                    stripe_events::event_type.eq(&kind),
                    stripe_events::stripe_created.eq(Timestamp::from(created)),
                    stripe_events::payload.eq(&payload),
                    stripe_events::received_at.eq(Timestamp::now()),
                ))
                .on_conflict_do_nothing()
                .execute(c))?;
            if inserted == 0 {
                return Ok(Received::Duplicate);
            }
            jobs::enqueue_platform(tx, &ApplyStripeEvent { event_id: id })?;
            Ok(Received::Stored)
        })
        .await
}

/// What applying an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    /// Older than the state it would overwrite.
    Stale,
    /// A type Lyceum does not act on, or nothing to change.
    Ignored,
    /// No tenant has the event's customer.
    UnknownCustomer,
    AlreadyProcessed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Stale => "stale",
            Outcome::Ignored => "ignored",
            Outcome::UnknownCustomer => "unknown_customer",
            Outcome::AlreadyProcessed => "already_processed",
        }
    }
}

const HANDLED: &[&str] = &[
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
];

/// Applies a stored event (the job's work; safe to run again).
pub async fn apply(core: &Core, event_id: &str, job: JobId) -> Result<Outcome> {
    let id = event_id.to_string();
    let found: Option<(String, Timestamp, String, Option<Timestamp>)> = core
        .db
        .platform(move |tx| {
            Ok(with_conn!(tx, |c| stripe_events::table
                .find(&id)
                .select((
                    stripe_events::event_type,
                    stripe_events::stripe_created,
                    stripe_events::payload,
                    stripe_events::processed_at
                ))
                .first(c)
                .optional())?)
        })
        .await?;
    let Some((kind, created, payload, processed)) = found else {
        return Err(Error::NotFound { resource: "stripe event" });
    };
    if processed.is_some() {
        return Ok(Outcome::AlreadyProcessed);
    }
    let event: serde_json::Value = serde_json::from_str(&payload).map_err(Error::internal)?;
    let object = event.pointer("/data/object").cloned().unwrap_or(serde_json::Value::Null);
    let customer = object.get("customer").and_then(super::stripe::expandable_id);
    let tenant =
        if HANDLED.contains(&kind.as_str()) { resolve_tenant(core, customer.as_deref(), &object).await? } else { None };
    let Some(tenant) = tenant else {
        let outcome = if HANDLED.contains(&kind.as_str()) { Outcome::UnknownCustomer } else { Outcome::Ignored };
        mark_platform(core, event_id, outcome).await?;
        return Ok(outcome);
    };
    let scope = TenantScope::for_job(tenant, job);
    let event_id = event_id.to_string();
    let state = kind.starts_with("customer.subscription.").then(|| SubscriptionState::from_json(&object)).flatten();
    let plan = state.as_ref().and_then(|s| plan_of(core, s));
    core.db
        .write(&scope, Need::Identified, move |tx| {
            let marked: Option<Option<Timestamp>> = with_conn!(tx, |c| stripe_events::table
                .find(&event_id)
                .select(stripe_events::processed_at)
                .first(c)
                .optional())?;
            if matches!(marked, Some(Some(_))) {
                return Ok(Outcome::AlreadyProcessed);
            }
            let mut m = mirror_for_update(tx)?;
            if let Some(c) = &customer {
                if m.stripe_customer_id.is_none() {
                    link_customer(tx, c)?;
                    m.stripe_customer_id = Some(c.clone());
                }
            }
            let outcome = match kind.as_str() {
                "checkout.session.completed" => {
                    let sub = object.get("subscription").and_then(super::stripe::expandable_id);
                    match sub {
                        Some(sub) if m.stripe_subscription_id.is_none() || is_terminal(&m.status) => {
                            // A new subscription, whose state its own events (or a sync) bring.
                            let ours = tx.tenant();
                            with_conn!(tx, |c| diesel::update(ours.scoped(subscriptions::table))
                                .set((
                                    subscriptions::stripe_subscription_id.eq(&sub),
                                    subscriptions::status.eq("incomplete"),
                                    subscriptions::updated_at.eq(Timestamp::now()),
                                ))
                                .execute(c))?;
                            audit::record(
                                tx,
                                "billing.checkout_completed",
                                Some(("tenant", m.tenant_id.to_string())),
                                serde_json::json!({ "subscription_id": sub, "event_id": event_id }),
                            )?;
                            Outcome::Applied
                        }
                        _ => Outcome::Ignored,
                    }
                }
                "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted" => {
                    match &state {
                        Some(state) => apply_state(tx, &m, state, plan.clone(), created, &event_id)?,
                        None => Outcome::Ignored,
                    }
                }
                "invoice.paid" => {
                    if matches!(m.status.as_str(), "past_due" | "unpaid") && is_newer(&m, created) {
                        set_status(tx, "active", created, &event_id)?;
                        Outcome::Applied
                    } else if is_newer(&m, created) {
                        Outcome::Ignored
                    } else {
                        Outcome::Stale
                    }
                }
                "invoice.payment_failed" => {
                    let amount_due = object.get("amount_due").and_then(|v| v.as_i64()).unwrap_or(0);
                    let currency = object.get("currency").and_then(|v| v.as_str()).unwrap_or("usd").to_string();
                    let invoice_url = object.get("hosted_invoice_url").and_then(|v| v.as_str()).map(String::from);
                    let tenant = m.tenant_id;
                    for user_id in super::active_owners(tx)? {
                        jobs::enqueue(
                            tx,
                            &PaymentFailedEmail {
                                tenant_id: tenant,
                                user_id,
                                amount_due,
                                currency: currency.clone(),
                                invoice_url: invoice_url.clone(),
                            },
                        )?;
                    }
                    if matches!(m.status.as_str(), "active" | "trialing") && is_newer(&m, created) {
                        set_status(tx, "past_due", created, &event_id)?;
                    }
                    Outcome::Applied
                }
                _ => Outcome::Ignored,
            };
            mark(tx, &event_id, outcome)?;
            // A status change published its invalidation in the transaction: every process's
            // credential cache forgets the tenant once it commits.
            Ok(outcome)
        })
        .await
}

/// The plan a subscription is for: its price's, by the configured price map, else the `plan` Lyceum
/// put in its metadata at checkout.
pub(crate) fn plan_of(core: &Core, state: &SubscriptionState) -> Option<String> {
    let by_price =
        core.billing().and_then(|b| state.price_id.as_deref().and_then(|p| b.plan_for_price(p))).map(String::from);
    by_price.or_else(|| state.metadata_plan.clone())
}

/// The event's tenant: by the customer map, else by the `tenant_id` Lyceum put in the metadata.
async fn resolve_tenant(core: &Core, customer: Option<&str>, object: &serde_json::Value) -> Result<Option<TenantId>> {
    let customer = customer.map(String::from);
    let meta: Option<TenantId> = object
        .pointer("/metadata/tenant_id")
        .or_else(|| object.get("client_reference_id"))
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok());
    core.db
        .system_read(move |tx| {
            if let Some(c) = &customer {
                let all = tx.all_tenants();
                let t: Option<TenantId> = match crate::db::HasConn::conn(tx) {
                    crate::db::AnyConn::Pg(conn) => {
                        #[derive(QueryableByName)]
                        struct Owner {
                            #[diesel(sql_type = crate::db::types::sql::Uuid)]
                            tenant_id: TenantId,
                        }
                        diesel::sql_query("SELECT t AS tenant_id FROM lyceum_tenant_of_customer($1) AS t")
                            .bind::<diesel::sql_types::Text, _>(c)
                            .get_result::<Owner>(conn)
                            .optional()?
                            .map(|o| o.tenant_id)
                    }
                    crate::db::AnyConn::Sqlite(conn) => all
                        .every_tenant(billing_customers::table)
                        .find(c)
                        .select(billing_customers::tenant_id)
                        .first(conn)
                        .optional()?,
                };
                if t.is_some() {
                    return Ok(t);
                }
            }
            let Some(t) = meta else { return Ok(None) };
            Ok(crate::tenants::find_by_id(tx, t)?.map(|found| found.id))
        })
        .await
}

fn mark(tx: &mut TenantTx<'_>, event_id: &str, outcome: Outcome) -> Result<()> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| diesel::update(stripe_events::table.find(event_id))
        .set(tenant.stamp_columns(
            stripe_events::table,
            (stripe_events::processed_at.eq(Timestamp::now()), stripe_events::outcome.eq(outcome.as_str())),
        ))
        .execute(c))?;
    Ok(())
}

async fn mark_platform(core: &Core, event_id: &str, outcome: Outcome) -> Result<()> {
    let id = event_id.to_string();
    core.db
        .platform(move |tx| {
            with_conn!(tx, |c| diesel::update(stripe_events::table.find(&id))
                .set((stripe_events::processed_at.eq(Timestamp::now()), stripe_events::outcome.eq(outcome.as_str())))
                .execute(c))?;
            Ok(())
        })
        .await
}

fn is_terminal(status: &str) -> bool {
    matches!(status, "canceled" | "incomplete_expired")
}

pub(crate) fn is_live(status: &str) -> bool {
    matches!(status, "active" | "trialing" | "past_due" | "unpaid")
}

fn is_newer(m: &MirrorRow, at: Timestamp) -> bool {
    m.last_event_at.is_none_or(|last| at >= last)
}

/// The tenant status a Stripe subscription status means (`None`: leave it as it is).
fn tenant_status_for(stripe_status: &str) -> Option<TenantStatus> {
    match stripe_status {
        "active" => Some(TenantStatus::Active),
        "trialing" => Some(TenantStatus::Trialing),
        "past_due" | "unpaid" => Some(TenantStatus::PastDue),
        "canceled" | "incomplete_expired" | "paused" => Some(TenantStatus::Canceled),
        _ => None,
    }
}

/// Writes a subscription's state onto the mirror and the tenant, unless it is older than what the
/// mirror holds. Shared by webhook events and reconciliation (whose `at` is the time of the read).
pub(crate) fn apply_state(
    tx: &mut TenantTx<'_>,
    m: &MirrorRow,
    state: &SubscriptionState,
    plan: Option<String>,
    at: Timestamp,
    source: &str,
) -> Result<Outcome> {
    if !is_newer(m, at) {
        return Ok(Outcome::Stale);
    }
    let same = m.stripe_subscription_id.as_deref() == Some(state.id.as_str());
    // Canceled is final for a subscription: a late `updated` of the same one cannot revive it.
    if same && is_terminal(&m.status) && !is_terminal(&state.status) {
        return Ok(Outcome::Stale);
    }
    // The end of an older subscription does not touch the tenant's newer, live one.
    if !same && m.stripe_subscription_id.is_some() && is_live(&m.status) && is_terminal(&state.status) {
        return Ok(Outcome::Ignored);
    }
    let plan = plan.or_else(|| m.plan.clone());
    let seats = state.quantity.and_then(|q| i32::try_from(q).ok());
    let now = Timestamp::now();
    let tenant = tx.tenant();
    with_conn!(tx, |c| diesel::update(tenant.scoped(subscriptions::table))
        .set((
            subscriptions::stripe_customer_id.eq(&state.customer),
            subscriptions::stripe_subscription_id.eq(&state.id),
            subscriptions::status.eq(&state.status),
            subscriptions::plan.eq(&plan),
            subscriptions::seats.eq(seats),
            subscriptions::current_period_end
                .eq(state.current_period_end.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(Timestamp::from)),
            subscriptions::cancel_at_period_end.eq(state.cancel_at_period_end),
            subscriptions::last_event_at.eq(at),
            subscriptions::updated_at.eq(now),
            subscriptions::version.eq(subscriptions::version + 1),
        ))
        .execute(c))?;
    let paid_plan = if is_live(&state.status) { plan.clone() } else { None };
    update_tenant(tx, &state.status, paid_plan, if is_live(&state.status) { seats } else { None }, source)?;
    Ok(Outcome::Applied)
}

fn set_status(tx: &mut TenantTx<'_>, status: &str, at: Timestamp, source: &str) -> Result<()> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| diesel::update(tenant.scoped(subscriptions::table))
        .set((
            subscriptions::status.eq(status),
            subscriptions::last_event_at.eq(at),
            subscriptions::updated_at.eq(Timestamp::now()),
            subscriptions::version.eq(subscriptions::version + 1),
        ))
        .execute(c))?;
    update_tenant(tx, status, None, None, source)
}

/// Moves the tenant to the status (and plan and seats) its subscription means; audits, tells other
/// processes (credentials carry the read-only flag) and emits `subscription.updated` when it changed.
fn update_tenant(
    tx: &mut TenantTx<'_>,
    stripe_status: &str,
    plan: Option<String>,
    seats: Option<i32>,
    source: &str,
) -> Result<()> {
    let before = crate::tenants::current(tx)?;
    if matches!(before.status, TenantStatus::Suspended | TenantStatus::Deleted) {
        // Support's decision stands; the mirror above still records what Stripe says.
        return Ok(());
    }
    let status = tenant_status_for(stripe_status).unwrap_or(before.status);
    let plan = plan.unwrap_or_else(|| before.plan.clone());
    let seat_limit = seats.unwrap_or(before.seat_limit);
    if status == before.status && plan == before.plan && seat_limit == before.seat_limit {
        return Ok(());
    }
    let id = tx.tenant();
    with_conn!(tx, |c| diesel::update(id.scoped(tenants::table))
        .set((
            tenants::status.eq(status.as_str()),
            tenants::plan.eq(&plan),
            tenants::seat_limit.eq(seat_limit),
            tenants::updated_at.eq(Timestamp::now()),
            tenants::version.eq(tenants::version + 1),
        ))
        .execute(c))?;
    invalidation::publish(tx, &invalidation::Invalidation::Tenant(id.id()))?;
    let change = serde_json::json!({
        "status": [before.status.as_str(), status.as_str()],
        "plan": [before.plan, plan],
        "seat_limit": [before.seat_limit, seat_limit],
        "source": source,
    });
    audit::record(tx, "billing.subscription_changed", Some(("tenant", id.to_string())), change)?;
    outbox::emit(
        tx,
        "subscription.updated",
        serde_json::json!({
            "tenant_id": id.id(),
            "status": status.as_str(),
            "subscription_status": stripe_status,
            "plan": plan,
            "seat_limit": seat_limit,
        }),
    )?;
    Ok(())
}
