//! Healing and time: a schedule re-reads every paying tenant's subscription from Stripe (one call each)
//! and applies it like a webhook whose time is the read, so a missed or failed webhook is healed
//! within a period; another reminds owners before a trial ends and makes a tenant whose trial ended
//! without a subscription read-only.

use crate::scope::Need;
use diesel::prelude::*;

use super::{events::Outcome, mirror_for_update};
use crate::{
    audit,
    db::{
        schema::{subscriptions, tenants},
        types::{JobId, TenantId, Timestamp, UserId},
    },
    error::Result,
    invalidation,
    jobs::{self, schedules::Schedule, Job},
    scope::TenantScope,
    tenants::TenantStatus,
    with_conn, Core,
};

/// Owners hear this long before a trial ends.
pub const TRIAL_REMINDER_DAYS: i64 = 3;

/// Platform job: enqueue a [`SyncBilling`] for every tenant with a Stripe customer.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReconcileBilling {}

impl Job for ReconcileBilling {
    const KIND: &'static str = "billing.reconcile";
    const QUEUE: &'static str = "billing";

    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    fn dedup_key(&self) -> Option<String> {
        Some("billing.reconcile".into())
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        let _ = meta;
        if !ctx.core.billing_enabled() {
            return Ok(());
        }
        let n = fan_out(&ctx.core).await?;
        tracing::info!(tenants = n, "billing reconciliation queued");
        Ok(())
    }
}

/// Tenant job: re-read one tenant's subscription from Stripe.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SyncBilling {
    pub tenant_id: TenantId,
}

impl Job for SyncBilling {
    const KIND: &'static str = "billing.sync";
    const QUEUE: &'static str = "billing";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("billing.sync:{}", self.tenant_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        if !ctx.core.billing_enabled() {
            return Ok(());
        }
        let report = sync(&ctx.core, meta.scope()?).await?;
        tracing::info!(tenant = %self.tenant_id, outcome = ?report.outcome, "subscription synced from Stripe");
        Ok(())
    }
}

/// Platform job: trial reminders and expiry.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckTrials {}

impl Job for CheckTrials {
    const KIND: &'static str = "billing.check_trials";
    const QUEUE: &'static str = "billing";

    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    fn dedup_key(&self) -> Option<String> {
        Some("billing.check_trials".into())
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        let r = check_trials(&ctx.core, meta.id).await?;
        tracing::info!(reminded = r.reminded, expired = r.expired, "trials checked");
        Ok(())
    }
}

/// Job payload: "your trial ends soon" to one owner.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrialEndingEmail {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub trial_ends_at: Timestamp,
}

impl Job for TrialEndingEmail {
    const KIND: &'static str = "email.trial_ending";
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

/// Billing's periodic jobs, for the worker's scheduler.
pub fn schedules() -> Vec<Schedule> {
    vec![
        Schedule::new(ReconcileBilling::KIND, chrono::Duration::hours(6), ReconcileBilling::default),
        Schedule::new(CheckTrials::KIND, chrono::Duration::hours(1), CheckTrials::default),
    ]
}

/// Enqueues one [`SyncBilling`] per tenant with a Stripe customer; returns how many.
pub async fn fan_out(core: &Core) -> Result<usize> {
    let tenants: Vec<TenantId> = core
        .db
        .system_read(|tx| {
            let all = tx.all_tenants();
            Ok(match crate::db::HasConn::conn(tx) {
                crate::db::AnyConn::Pg(c) => {
                    #[derive(QueryableByName)]
                    struct Billed {
                        #[diesel(sql_type = crate::db::types::sql::Uuid)]
                        tenant_id: TenantId,
                    }
                    diesel::sql_query("SELECT t AS tenant_id FROM lyceum_billed_tenants() AS t")
                        .load::<Billed>(c)?
                        .into_iter()
                        .map(|b| b.tenant_id)
                        .collect()
                }
                crate::db::AnyConn::Sqlite(c) => all
                    .every_tenant(subscriptions::table)
                    .filter(subscriptions::stripe_customer_id.is_not_null())
                    .select(subscriptions::tenant_id)
                    .load(c)?,
            })
        })
        .await?;
    let n = tenants.len();
    core.db
        .platform(move |tx| {
            for tenant_id in tenants {
                jobs::enqueue_platform(tx, &SyncBilling { tenant_id })?;
            }
            Ok(())
        })
        .await?;
    Ok(n)
}

/// What a sync found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SyncReport {
    pub outcome: Outcome,
    pub subscription_id: Option<String>,
    pub subscription_status: Option<String>,
}

/// Re-reads the scope's tenant's subscription from Stripe (its known subscription, else the
/// customer's newest) and applies it as of now. Used by the schedule and `lyceum billing sync`.
pub async fn sync(core: &Core, scope: &TenantScope) -> Result<SyncReport> {
    let billing = core.billing().ok_or_else(super::stripe::not_configured)?;
    let (customer, subscription) = core
        .db
        .read(scope, Need::Identified, |tx| {
            let id = tx.tenant();
            let row: Option<(Option<String>, Option<String>)> = with_conn!(tx, |c| id
                .scoped(subscriptions::table)
                .select((subscriptions::stripe_customer_id, subscriptions::stripe_subscription_id))
                .first(c)
                .optional())?;
            Ok(row.unwrap_or((None, None)))
        })
        .await?;
    let state = match (&subscription, &customer) {
        (Some(sub), _) => Some(billing.retrieve_subscription(sub).await?),
        (None, Some(customer)) => billing.latest_subscription(customer).await?,
        (None, None) => None,
    };
    let Some(state) = state else {
        return Ok(SyncReport { outcome: Outcome::Ignored, subscription_id: None, subscription_status: None });
    };
    let read_at = Timestamp::now();
    let plan = super::events::plan_of(core, &state);
    let applied = state.clone();
    let outcome = core
        .db
        .write_even_if_read_only(scope, Need::Identified, move |tx| {
            let m = mirror_for_update(tx)?;
            super::events::apply_state(tx, &m, &applied, plan, read_at, "reconciliation")
        })
        .await?;
    Ok(SyncReport { outcome, subscription_id: Some(state.id), subscription_status: Some(state.status) })
}

/// What [`check_trials`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TrialReport {
    pub reminded: usize,
    pub expired: usize,
}

/// Reminds the owners of trials ending within [`TRIAL_REMINDER_DAYS`] (once per trial) and makes
/// trials that ended read-only (`canceled`). A tenant that subscribed is no longer `trialing`.
pub async fn check_trials(core: &Core, job: JobId) -> Result<TrialReport> {
    let now = Timestamp::now();
    let soon = Timestamp::from(chrono::Utc::now() + chrono::Duration::days(TRIAL_REMINDER_DAYS));
    let due: Vec<(TenantId, Option<Timestamp>, Option<Timestamp>)> = core
        .db
        .system_read(move |tx| {
            Ok(crate::tenants::list_all(tx, Some(TenantStatus::Trialing))?
                .into_iter()
                .filter(|t| t.trial_ends_at.is_some_and(|e| e <= soon))
                .map(|t| (t.id, t.trial_ends_at, t.trial_reminded_at))
                .collect::<Vec<_>>())
        })
        .await?;
    let mut report = TrialReport::default();
    for (tenant, ends, reminded) in due {
        let Some(ends) = ends else { continue };
        let scope = TenantScope::for_job(tenant, job);
        if ends <= now {
            let expired = core
                .db
                .write(&scope, Need::Identified, move |tx| {
                    let t = crate::tenants::current(tx)?;
                    let id = tx.tenant();
                    let stripe: Option<String> = with_conn!(tx, |c| id
                        .scoped(subscriptions::table)
                        .select(subscriptions::status)
                        .first(c)
                        .optional())?;
                    // A Stripe subscription (its own trial included) decides; only a bare trial expires.
                    if t.status != TenantStatus::Trialing || stripe.is_some_and(|s| super::events::is_live(&s)) {
                        return Ok(false);
                    }
                    with_conn!(tx, |c| diesel::update(id.scoped(tenants::table))
                        .set((
                            tenants::status.eq(TenantStatus::Canceled.as_str()),
                            tenants::updated_at.eq(Timestamp::now()),
                            tenants::version.eq(tenants::version + 1),
                        ))
                        .execute(c))?;
                    invalidation::publish(tx, &invalidation::Invalidation::Tenant(id.id()))?;
                    audit::record(
                        tx,
                        "billing.trial_expired",
                        Some(("tenant", id.to_string())),
                        serde_json::json!({ "trial_ended_at": ends }),
                    )?;
                    Ok(true)
                })
                .await?;
            if expired {
                report.expired += 1;
            }
        } else if reminded.is_none() {
            let sent = core
                .db
                .write(&scope, Need::Identified, move |tx| {
                    let id = tx.tenant();
                    let claimed = with_conn!(tx, |c| diesel::update(
                        id.scoped(tenants::table).filter(tenants::trial_reminded_at.is_null())
                    )
                    .set(tenants::trial_reminded_at.eq(Timestamp::now()))
                    .execute(c))?;
                    if claimed == 0 {
                        return Ok(false);
                    }
                    for user_id in super::active_owners(tx)? {
                        jobs::enqueue(tx, &TrialEndingEmail { tenant_id: id.id(), user_id, trial_ends_at: ends })?;
                    }
                    Ok(true)
                })
                .await?;
            if sent {
                report.reminded += 1;
            }
        }
    }
    Ok(report)
}
