//! Housekeeping that runs on schedules: purge finished jobs, and remove expired sessions,
//! idempotency keys and abandoned uploads in every tenant (each tenant in its own scope, so row-level security applies).
//! This top layer also lists every job kind of every layer for the worker ([`registry`]).

use crate::scope::Need;
use chrono::Duration;
use diesel::prelude::*;

use crate::{
    db::{
        schema::{idempotency_keys, jobs, sessions},
        types::{JobId, TenantId, Timestamp},
        Db,
    },
    enrollments::reminders::DueReminders,
    error::Result,
    jobs::{schedules::Schedule, Job},
    scope::TenantScope,
    tenants, with_conn,
};

/// Done jobs are kept this long (for `lyceum jobs list`), dead ones longer (to investigate).
pub const KEEP_DONE_JOBS_DAYS: i64 = 7;
pub const KEEP_DEAD_JOBS_DAYS: i64 = 30;
/// Expired or revoked sessions are kept this long for the audit of recent sign-ins, then removed.
pub const KEEP_ENDED_SESSIONS_DAYS: i64 = 7;

/// Job payload: purge finished jobs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PurgeFinishedJobs {}

impl Job for PurgeFinishedJobs {
    const KIND: &'static str = "maintenance.purge_jobs";
    const QUEUE: &'static str = "maintenance";
    const PRIORITY: i32 = -10;

    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    fn dedup_key(&self) -> Option<String> {
        Some(Self::KIND.into())
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        let _ = meta;
        let n = purge_finished_jobs(ctx.db()).await?;
        tracing::info!(purged = n, "finished jobs purged");
        Ok(())
    }
}

/// Job payload: remove expired sessions and idempotency keys in every tenant.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExpireTenantData {}

impl Job for ExpireTenantData {
    const KIND: &'static str = "maintenance.expire";
    const QUEUE: &'static str = "maintenance";
    const PRIORITY: i32 = -10;

    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    fn dedup_key(&self) -> Option<String> {
        Some(Self::KIND.into())
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        let e = expire_tenant_data(ctx.db(), meta.id).await?;
        let uploads = sweep_uploads(&ctx.core, meta.id).await?;
        tracing::info!(sessions = e.sessions, idempotency_keys = e.idempotency_keys, uploads, "expired data removed");
        Ok(())
    }
}

/// The schedules every worker ticks (billing's among them).
pub fn schedules() -> Vec<Schedule> {
    let mut list = vec![
        Schedule::new(PurgeFinishedJobs::KIND, Duration::hours(1), || PurgeFinishedJobs {}),
        Schedule::new(ExpireTenantData::KIND, Duration::hours(1), || ExpireTenantData {}),
        Schedule::new(DueReminders::KIND, Duration::minutes(15), || DueReminders {}),
    ];
    list.extend(crate::billing::reconcile::schedules());
    list
}

/// Deletes done jobs older than [`KEEP_DONE_JOBS_DAYS`] and dead ones older than [`KEEP_DEAD_JOBS_DAYS`].
pub async fn purge_finished_jobs(db: &Db) -> Result<usize> {
    db.platform(|tx| {
        let now = Timestamp::now();
        let done = with_conn!(tx, |c| diesel::delete(
            jobs::table
                .filter(jobs::status.eq("done"))
                .filter(jobs::finished_at.lt(now - Duration::days(KEEP_DONE_JOBS_DAYS)))
        )
        .execute(c))?;
        let dead = with_conn!(tx, |c| diesel::delete(
            jobs::table
                .filter(jobs::status.eq("dead"))
                .filter(jobs::finished_at.lt(now - Duration::days(KEEP_DEAD_JOBS_DAYS)))
        )
        .execute(c))?;
        Ok(done + dead)
    })
    .await
}

/// What [`expire_tenant_data`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expired {
    pub sessions: usize,
    pub idempotency_keys: usize,
}

/// Removes sessions that ended (expired or revoked) more than [`KEEP_ENDED_SESSIONS_DAYS`] ago and
/// expired idempotency keys, tenant by tenant.
pub async fn expire_tenant_data(db: &Db, job: JobId) -> Result<Expired> {
    let tenants = db.system_read(|tx| tenants::list_all(tx, None)).await?;
    let mut total = Expired::default();
    for t in tenants {
        let scope = TenantScope::for_job(t.id, job);
        let e = db
            .write(&scope, Need::Identified, |tx| {
                let tenant = tx.tenant();
                let now = Timestamp::now();
                let ended = now - Duration::days(KEEP_ENDED_SESSIONS_DAYS);
                let sessions = with_conn!(tx, |c| diesel::delete(
                    tenant
                        .scoped(sessions::table)
                        .filter(sessions::expires_at.lt(ended).or(sessions::revoked_at.lt(ended)))
                )
                .execute(c))?;
                let idempotency_keys = with_conn!(tx, |c| diesel::delete(
                    tenant.scoped(idempotency_keys::table).filter(idempotency_keys::expires_at.lt(now))
                )
                .execute(c))?;
                Ok(Expired { sessions, idempotency_keys })
            })
            .await?;
        total.sessions += e.sessions;
        total.idempotency_keys += e.idempotency_keys;
    }
    Ok(total)
}

/// Removes, in every tenant, uploads whose window passed before their bytes were stored (see
/// [`crate::files::sweep`]). Returns how many went; a process without file storage sweeps nothing.
pub async fn sweep_uploads(core: &crate::Core, job: JobId) -> Result<usize> {
    if core.storage().is_err() {
        return Ok(0);
    }
    let tenants = core.db.system_read(|tx| tenants::list_all(tx, None)).await?;
    let mut n = 0;
    for t in tenants {
        n += crate::files::sweep(core, &TenantScope::for_job(t.id, job)).await?.uploads;
    }
    Ok(n)
}

/// Every job kind Lyceum has, with its run (each beside its payload). A test compares this list with the
/// kinds declared in core, so a job cannot be declared and never run.
pub fn registry() -> crate::jobs::Registry {
    use crate::{billing, certificates, enrollments, identity, tenants, webhooks};
    let mut r = crate::jobs::Registry::default();
    r.add::<tenants::welcome::WelcomeEmail>()
        .add::<identity::emails::InvitationEmail>()
        .add::<identity::manage::PasswordResetLookup>()
        .add::<identity::emails::PasswordResetEmail>()
        .add::<enrollments::emails::EnrollmentEmail>()
        .add::<certificates::emails::CompletionEmail>()
        .add::<certificates::IssueCertificate>()
        .add::<enrollments::bulk::BulkEnroll>()
        .add::<crate::identity::import::UserImport>()
        .add::<DueReminders>()
        .add::<enrollments::emails::DueReminderEmail>()
        .add::<PurgeFinishedJobs>()
        .add::<ExpireTenantData>()
        .add::<webhooks::DeliverWebhook>()
        .add::<webhooks::EndpointDisabledEmail>()
        .add::<billing::events::ApplyStripeEvent>()
        .add::<billing::events::PaymentFailedEmail>()
        .add::<billing::reconcile::ReconcileBilling>()
        .add::<billing::reconcile::SyncBilling>()
        .add::<billing::reconcile::CheckTrials>()
        .add::<billing::reconcile::TrialEndingEmail>();
    r
}
