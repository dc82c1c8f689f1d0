//! Billing: the plan catalog, each tenant's mirror of its Stripe subscription, checkout and the
//! customer portal, Stripe's webhooks ([`events`]), reconciliation and trial expiry ([`reconcile`]),
//! and the entitlements that follow from them, enforced here at the moment of the write:
//!
//! - seats: enrolling counts distinct learners with an active enrollment against `tenants.seat_limit`
//!   (the plan's trial seats, then the quantity paid for); a downgrade below usage blocks new seats and
//!   removes nobody (see [`crate::enrollments`]);
//! - plan features ([`Feature`], consulted through [`crate::entitlements`]: API keys, bulk enrollment, reports and outgoing webhooks are checked
//!   where they are used; every plan includes certificates, and issuing one does not check) and the
//!   course limit ([`check_course_limit`]);
//! - read-only: a `canceled` tenant's clients are refused every write by [`crate::db::Db::write`] but
//!   signing out and billing.
//!
//! Stripe is called outside any database transaction; what its answers change is written afterwards
//! in one transaction. Without a Stripe key (`Core::billing` is `None`) billing answers 503
//! `billing_not_configured` and everything else works.

mod emails;
pub mod events;
pub mod reconcile;
pub mod stripe;

use crate::scope::Need;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

pub use self::stripe::{Billing, CheckoutSession, Invoice, SubscriptionState};
use crate::entitlements::PlanRow;
pub use crate::entitlements::{check_course_limit, current_plan, plan, require_feature, Feature, Plan};
use crate::{
    db::{
        schema::{billing_customers, plans, stripe_events, subscriptions, users},
        types::Timestamp,
        HasConn, TenantTx,
    },
    error::{Error, Result, Validator},
    identity::permissions::Permission,
    scope::TenantScope,
    with_conn, Core,
};

/// The catalog, in display order (public: `GET /v1/plans`).
pub async fn plans(core: &Core) -> Result<Vec<Plan>> {
    let rows: Vec<PlanRow> = core
        .db
        .platform(|tx| {
            Ok(with_conn!(tx, |c| plans::table.order(plans::position.asc()).select(PlanRow::as_select()).load(c))?)
        })
        .await?;
    rows.into_iter()
        .map(|r| {
            let mut plan = Plan::from_row(r)?;
            plan.purchasable = core.billing().is_some_and(|b| plan.purchasable_with(b));
            Ok(plan)
        })
        .collect()
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = subscriptions, treat_none_as_default_value = false)]
pub(crate) struct MirrorRow {
    pub(crate) tenant_id: crate::db::types::TenantId,
    pub(crate) stripe_customer_id: Option<String>,
    pub(crate) stripe_subscription_id: Option<String>,
    pub(crate) status: String,
    pub(crate) plan: Option<String>,
    pub(crate) seats: Option<i32>,
    pub(crate) current_period_end: Option<Timestamp>,
    pub(crate) cancel_at_period_end: bool,
    pub(crate) last_event_at: Option<Timestamp>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

/// The tenant's mirror row, created (status `none`) on first use; locked on PostgreSQL so event
/// application and checkout serialize per tenant (SQLite write transactions already do).
pub(crate) fn mirror_for_update(tx: &mut TenantTx<'_>) -> Result<MirrorRow> {
    let tenant = tx.tenant();
    let now = Timestamp::now();
    let mut fresh = MirrorRow {
        tenant_id: tenant.id(),
        stripe_customer_id: None,
        stripe_subscription_id: None,
        status: "none".into(),
        plan: None,
        seats: None,
        current_period_end: None,
        cancel_at_period_end: false,
        last_event_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(subscriptions::table)
        .values(ours.stamp(&mut fresh))
        .on_conflict_do_nothing()
        .execute(c))?;
    let row = match tx.conn() {
        crate::db::AnyConn::Pg(c) => {
            tenant.scoped(subscriptions::table).select(MirrorRow::as_select()).for_update().first(c)?
        }
        crate::db::AnyConn::Sqlite(c) => tenant.scoped(subscriptions::table).select(MirrorRow::as_select()).first(c)?,
    };
    Ok(row)
}

fn mirror(tx: &mut TenantTx<'_>) -> Result<Option<MirrorRow>> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant.scoped(subscriptions::table).select(MirrorRow::as_select()).first(c).optional())?)
}

/// `GET /v1/billing/subscription`: the tenant's billing state, from the mirror (no Stripe call).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SubscriptionView {
    /// The institution's status: trialing, active, past_due, canceled (read-only), suspended.
    pub status: String,
    /// Stripe's status of the subscription, `none` before the first one.
    pub subscription_status: String,
    pub plan: String,
    pub seat_limit: i32,
    pub seats_used: i64,
    /// Seats paid for (the subscription's quantity).
    pub seats: Option<i32>,
    pub current_period_end: Option<Timestamp>,
    pub cancel_at_period_end: bool,
    pub trial_ends_at: Option<Timestamp>,
    pub read_only: bool,
    pub customer_id: Option<String>,
    pub subscription_id: Option<String>,
}

impl Core {
    /// Stripe billing; `None` when no Stripe key is configured.
    pub(crate) fn billing(&self) -> Option<&Billing> {
        self.part()
    }

    /// Whether Stripe billing is configured.
    pub fn billing_enabled(&self) -> bool {
        self.billing().is_some()
    }

    /// With Stripe billing (from [`Billing::from_config`]).
    pub fn with_billing(self, billing: Option<Billing>) -> Self {
        match billing {
            Some(b) => self.with_part(b),
            None => self,
        }
    }
}

fn configured(core: &Core) -> Result<&Billing> {
    core.billing().ok_or_else(stripe::not_configured)
}

/// `GET /v1/billing/subscription` (503 without Stripe).
pub async fn subscription(core: &Core, scope: &TenantScope) -> Result<SubscriptionView> {
    configured(core)?;
    state(core, scope).await
}

/// The billing state from the database alone (the CLI shows it with or without Stripe configured).
pub async fn state(core: &Core, scope: &TenantScope) -> Result<SubscriptionView> {
    core.db
        .read(scope, Permission::BillingRead, |tx| {
            let tenant = crate::tenants::current(tx)?;
            let seats_used = crate::entitlements::seats_used(tx)?;
            let m = mirror(tx)?;
            Ok(SubscriptionView {
                status: tenant.status.as_str().to_string(),
                subscription_status: m.as_ref().map(|m| m.status.clone()).unwrap_or_else(|| "none".into()),
                plan: tenant.plan,
                seat_limit: tenant.seat_limit,
                seats_used,
                seats: m.as_ref().and_then(|m| m.seats),
                current_period_end: m.as_ref().and_then(|m| m.current_period_end),
                cancel_at_period_end: m.as_ref().is_some_and(|m| m.cancel_at_period_end),
                trial_ends_at: tenant.trial_ends_at,
                read_only: tenant.status == crate::tenants::TenantStatus::Canceled,
                customer_id: m.as_ref().and_then(|m| m.stripe_customer_id.clone()),
                subscription_id: m.and_then(|m| m.stripe_subscription_id),
            })
        })
        .await
}

/// One Stripe event as received, for support (`lyceum billing show`).
#[derive(Debug, Clone, serde::Serialize, Queryable)]
pub struct ReceivedEvent {
    pub id: String,
    pub event_type: String,
    pub stripe_created: Timestamp,
    pub received_at: Timestamp,
    pub processed_at: Option<Timestamp>,
    pub outcome: Option<String>,
}

/// The tenant's newest Stripe events (applied or not), newest first.
pub async fn recent_events(core: &Core, tenant: crate::db::types::TenantId, limit: i64) -> Result<Vec<ReceivedEvent>> {
    core.db
        .platform(move |tx| {
            let tenant = tx.all_tenants().tenant(tenant);
            Ok(with_conn!(tx, |c| tenant
                .scoped(stripe_events::table)
                .order(stripe_events::received_at.desc())
                .limit(limit)
                .select((
                    stripe_events::id,
                    stripe_events::event_type,
                    stripe_events::stripe_created,
                    stripe_events::received_at,
                    stripe_events::processed_at,
                    stripe_events::outcome,
                ))
                .load(c))?)
        })
        .await
}

/// A Stripe idempotency key for one client request: the client's `Idempotency-Key` when it sent one
/// (a retry reaches the same Stripe object), else a fresh one.
fn request_key(kind: &str, scope: &TenantScope, client_key: Option<&str>, body: &str) -> String {
    match client_key {
        Some(k) => {
            let digest = Sha256::digest(format!("{}\n{k}\n{body}", scope.tenant_id()));
            format!("lyceum-{kind}-{}", hex::encode(&digest[..16]))
        }
        None => format!("lyceum-{kind}-{}", uuid::Uuid::new_v4()),
    }
}

/// The tenant's Stripe customer id, creating the customer (once: the Stripe idempotency key is the
/// tenant's id) when it has none. Two calls: a read, then Stripe, then one write transaction.
async fn ensure_customer(core: &Core, billing: &Billing, scope: &TenantScope) -> Result<String> {
    let (tenant, existing, owner_email) = core
        .db
        .read(scope, Need::Identified, |tx| {
            let tenant = crate::tenants::current(tx)?;
            let existing = mirror(tx)?.and_then(|m| m.stripe_customer_id);
            let id = tx.tenant();
            let owner: Option<String> = with_conn!(tx, |c| id
                .scoped(users::table)
                .filter(users::role.eq(crate::identity::Role::Owner))
                .order(users::created_at.asc())
                .select(users::email)
                .first(c)
                .optional())?;
            Ok((tenant, existing, owner))
        })
        .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let customer =
        billing.create_customer(&tenant.id.to_string(), &tenant.slug, &tenant.name, owner_email.as_deref()).await?;
    let stored = customer.clone();
    core.db
        .write_even_if_read_only(scope, Need::Identified, move |tx| {
            let m = mirror_for_update(tx)?;
            if let Some(id) = m.stripe_customer_id {
                return Ok(id);
            }
            link_customer(tx, &stored)?;
            crate::audit::record(
                tx,
                "billing.customer_created",
                Some(("tenant", tx.tenant_id().to_string())),
                serde_json::json!({ "customer_id": stored }),
            )?;
            Ok(stored)
        })
        .await
}

/// A tenant's Stripe customer (one, or more after support merged accounts).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = billing_customers)]
pub(crate) struct CustomerRow {
    pub(crate) stripe_customer_id: String,
    pub(crate) tenant_id: crate::db::types::TenantId,
    pub(crate) created_at: Timestamp,
}

/// The tenant's active owners: who hears about payments and the trial.
pub(crate) fn active_owners(tx: &mut TenantTx<'_>) -> Result<Vec<crate::db::types::UserId>> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(users::table)
        .filter(users::role.eq(crate::identity::Role::Owner))
        .filter(users::status.eq(crate::identity::users::UserStatus::Active))
        .select(users::id)
        .load(c))?)
}

/// Records `customer` as the tenant's Stripe customer (mirror + the customer -> tenant map).
pub(crate) fn link_customer(tx: &mut TenantTx<'_>, customer: &str) -> Result<()> {
    let tenant = tx.tenant();
    let now = Timestamp::now();
    with_conn!(tx, |c| diesel::update(tenant.scoped(subscriptions::table))
        .set((subscriptions::stripe_customer_id.eq(customer), subscriptions::updated_at.eq(now)))
        .execute(c))?;
    with_conn!(tx, |c| diesel::insert_into(billing_customers::table)
        .values(tenant.stamp_columns(
            billing_customers::table,
            (billing_customers::stripe_customer_id.eq(customer), billing_customers::created_at.eq(now)),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

/// `POST /v1/billing/checkout-session`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CheckoutInput {
    pub plan: String,
    pub seats: i64,
    pub success_url: Option<String>,
    pub cancel_url: Option<String>,
}

fn check_url(v: &mut Validator, field: &str, url: &Option<String>) {
    if let Some(u) = url {
        if !(u.starts_with("https://") || u.starts_with("http://")) || u.len() > 2048 {
            v.push(field, "must be an http(s) URL of at most 2048 characters");
        }
    }
}

/// Validates the plan and seats, makes sure the tenant has a Stripe customer, and opens a Checkout
/// Session: two Stripe calls the first time, one afterwards.
pub async fn checkout(
    core: &Core,
    scope: &TenantScope,
    input: CheckoutInput,
    client_key: Option<&str>,
) -> Result<CheckoutSession> {
    scope.require(Permission::BillingWrite)?;
    let billing = configured(core)?;
    let code = input.plan.clone();
    let plan = core.db.platform(move |tx| plan(tx, &code)).await?;
    let mut v = Validator::new();
    let price = match &plan {
        None => {
            v.push("plan", "no such plan; see GET /v1/plans");
            if input.seats < 1 {
                v.push("seats", "must be at least 1");
            }
            None
        }
        Some(p) if !p.purchasable_with(billing) => {
            v.push("plan", format!("the {} plan cannot be bought through checkout; contact sales", p.name));
            None
        }
        Some(p) => {
            if input.seats < 1 || input.seats > i64::from(p.seat_limit) {
                v.push("seats", format!("must be between 1 and {} for the {} plan", p.seat_limit, p.name));
            }
            billing.price_for(&p.code).map(String::from)
        }
    };
    check_url(&mut v, "success_url", &input.success_url);
    check_url(&mut v, "cancel_url", &input.cancel_url);
    v.finish()?;
    let price = price.ok_or_else(|| Error::internal(anyhow::anyhow!("checked plan without a price")))?;
    let customer = ensure_customer(core, billing, scope).await?;
    let base = billing.public_url();
    let success = input
        .success_url
        .clone()
        .unwrap_or_else(|| format!("{base}/billing/success?session_id={{CHECKOUT_SESSION_ID}}"));
    let cancel = input.cancel_url.clone().unwrap_or_else(|| format!("{base}/billing/canceled"));
    let key = request_key("checkout", scope, client_key, &format!("{}:{}:{success}:{cancel}", input.plan, input.seats));
    let tenant = scope.tenant_id().to_string();
    let session = billing
        .create_checkout_session(&key, &tenant, &input.plan, &customer, &price, input.seats, &success, &cancel)
        .await?;
    let (plan_code, seats, session_id) = (input.plan.clone(), input.seats, session.id.clone());
    core.db
        .write_even_if_read_only(scope, Permission::BillingWrite, move |tx| {
            crate::audit::record(
                tx,
                "billing.checkout_started",
                Some(("tenant", tx.tenant_id().to_string())),
                serde_json::json!({ "plan": plan_code, "seats": seats, "session_id": session_id }),
            )
        })
        .await?;
    Ok(session)
}

impl Plan {
    fn purchasable_with(&self, billing: &Billing) -> bool {
        self.self_serve && billing.price_for(&self.code).is_some()
    }
}

/// `POST /v1/billing/portal-session`: a Stripe customer-portal URL (creating the customer if needed).
pub async fn portal(
    core: &Core,
    scope: &TenantScope,
    return_url: Option<String>,
    client_key: Option<&str>,
) -> Result<String> {
    scope.require(Permission::BillingWrite)?;
    let billing = configured(core)?;
    let mut v = Validator::new();
    check_url(&mut v, "return_url", &return_url);
    v.finish()?;
    let customer = ensure_customer(core, billing, scope).await?;
    let return_url = return_url.unwrap_or_else(|| format!("{}/billing", billing.public_url()));
    let key = request_key("portal", scope, client_key, &return_url);
    billing.create_portal_session(&key, &customer, &return_url).await
}

/// `GET /v1/billing/invoices`: a page of the customer's invoices, read from Stripe (newest first).
/// The cursor is the last invoice id of the previous page.
pub async fn invoices(
    core: &Core,
    scope: &TenantScope,
    limit: i64,
    cursor: Option<String>,
) -> Result<(Vec<Invoice>, Option<String>)> {
    scope.require(Permission::BillingRead)?;
    let billing = configured(core)?;
    if let Some(c) = &cursor {
        if !c.starts_with("in_") || c.len() > 255 {
            return Err(Error::invalid("cursor", "not a cursor from a previous page"));
        }
    }
    let customer =
        core.db.read(scope, Permission::BillingRead, |tx| Ok(mirror(tx)?.and_then(|m| m.stripe_customer_id))).await?;
    let Some(customer) = customer else { return Ok((Vec::new(), None)) };
    let (items, more) = billing.list_invoices(&customer, limit, cursor.as_deref()).await?;
    let next = if more { items.last().map(|i| i.id.clone()) } else { None };
    Ok((items, next))
}

crate::tenant_rows!(MirrorRow, CustomerRow);
