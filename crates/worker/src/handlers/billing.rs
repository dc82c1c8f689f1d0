//! Billing jobs: applying Stripe's events, reconciliation with Stripe, trial checks and the billing
//! emails (see `lyceum_core::billing`).

use lyceum_core::billing::{
    events::{self, ApplyStripeEvent, PaymentFailedEmail},
    reconcile::{self, CheckTrials, ReconcileBilling, SyncBilling, TrialEndingEmail},
};

use super::{send_if_any, Context, Handler, JobMeta};

impl Handler for ApplyStripeEvent {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let outcome = events::apply(&ctx.core, &self.event_id, meta.id).await?;
        tracing::info!(event = %self.event_id, ?outcome, "Stripe event applied");
        Ok(())
    }
}

impl Handler for ReconcileBilling {
    async fn run(self, ctx: Context, _meta: JobMeta) -> anyhow::Result<()> {
        if !ctx.core.billing_enabled() {
            return Ok(());
        }
        let n = reconcile::fan_out(&ctx.core).await?;
        tracing::info!(tenants = n, "billing reconciliation queued");
        Ok(())
    }
}

impl Handler for SyncBilling {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        if !ctx.core.billing_enabled() {
            return Ok(());
        }
        let report = reconcile::sync(&ctx.core, meta.scope()?).await?;
        tracing::info!(tenant = %self.tenant_id, outcome = ?report.outcome, "subscription synced from Stripe");
        Ok(())
    }
}

impl Handler for CheckTrials {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let r = reconcile::check_trials(&ctx.core, meta.id).await?;
        tracing::info!(reminded = r.reminded, expired = r.expired, "trials checked");
        Ok(())
    }
}

impl Handler for PaymentFailedEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let mail = self.render(&ctx.db, meta.scope()?, &ctx.config).await?;
        send_if_any(&ctx, &meta, mail).await
    }
}

impl Handler for TrialEndingEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let mail = self.render(&ctx.db, meta.scope()?, &ctx.config).await?;
        send_if_any(&ctx, &meta, mail).await
    }
}
