//! Housekeeping that runs on schedules: purge finished jobs, enforce every institution's retention
//! policy, and remove abandoned uploads in every tenant (each tenant in its own scope, so row-level security applies).
//! This top layer also lists every job kind of every layer for the worker ([`registry`]).

use crate::scope::Need;
use chrono::Duration;
use diesel::prelude::*;

use crate::{
    db::{
        schema::jobs,
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
        let buckets = crate::ratelimit::prune(ctx.db()).await?;
        tracing::info!(purged = n, buckets, "finished jobs and full rate-limit buckets purged");
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
        let (sessions, packages) = sweep_cmi5(&ctx.core, meta.id).await?;
        tracing::info!(removed = ?e, uploads, sessions, packages, "retention enforced and abandoned uploads removed");
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

/// Enforces every institution's retention policy ([`crate::retention`]): removes the audit events,
/// domain events, webhook deliveries, ended sessions, idempotency records and finished operations past
/// their period, tenant by tenant (each in its own scope, so row-level security applies). Returns the
/// totals.
pub async fn expire_tenant_data(db: &Db, job: JobId) -> Result<crate::retention::Removed> {
    let tenants = db.system_read(|tx| tenants::list_all(tx, None)).await?;
    let mut total = crate::retention::Removed::default();
    for t in tenants {
        let scope = TenantScope::for_job(t.id, job);
        let mut e = db.write(&scope, Need::Identified, crate::retention::enforce).await?;
        // Learners inactive past the institution's period (if it set one) are erased one by one.
        let inactive = db.read(&scope, Need::Identified, crate::retention::inactive_learners).await?;
        let mut erased = 0;
        for user in inactive {
            let s = scope.clone();
            match db.write(&scope, Need::Identified, move |tx| crate::privacy::erase::erase_in(tx, &s, user)).await {
                Ok(_) => erased += 1,
                Err(err) => {
                    tracing::warn!(tenant = %t.slug, %user, error = %err, "could not erase an inactive learner")
                }
            }
        }
        if erased > 0 {
            db.write(&scope, Need::Identified, move |tx| crate::retention::count_erased(tx, erased)).await?;
            e.inactive_learners = erased;
        }
        if e.total() > 0 {
            tracing::info!(tenant = %t.slug, removed = ?e, "retention removed records past their period");
        }
        total.add(&e);
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

/// In every tenant: cmi5 sessions that expired while open are abandoned (with their `abandoned`
/// statements), and the files of packages whose course was deleted are removed. Returns (sessions,
/// packages).
pub async fn sweep_cmi5(core: &crate::Core, job: JobId) -> Result<(usize, usize)> {
    let tenants = core.db.system_read(|tx| tenants::list_all(tx, None)).await?;
    let (mut sessions, mut packages) = (0, 0);
    for t in tenants {
        let scope = TenantScope::for_job(t.id, job);
        sessions += core.db.write(&scope, Need::Identified, crate::xapi::cmi5::outcomes::abandon_expired).await?;
        packages += crate::xapi::cmi5::import::sweep_orphans(core, &scope, Duration::hours(1)).await?;
    }
    Ok((sessions, packages))
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
        .add::<billing::reconcile::TrialEndingEmail>()
        .add::<crate::privacy::DataExport>()
        .add::<crate::privacy::ExportReadyEmail>();
    r
}
