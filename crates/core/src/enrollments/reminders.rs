//! Due-date reminders: a scheduled job finds, tenant by tenant, active enrollments due within
//! [`REMIND_BEFORE_HOURS`] that have not been reminded for their current due date, marks them and
//! enqueues their emails in the same transaction (so each learner gets one reminder per due date,
//! however often or wherever the job runs).

use crate::scope::Need;
use chrono::Duration;
use diesel::prelude::*;

use crate::{
    db::{
        schema::enrollments,
        types::{EnrollmentId, JobId, TenantId, Timestamp},
        Db,
    },
    enrollments::emails::DueReminderEmail,
    error::Result,
    jobs::{self, Job},
    scope::TenantScope,
    tenants::{self, TenantStatus},
    with_conn,
};

pub const REMIND_BEFORE_HOURS: i64 = 24;
/// Reminders per tenant per run (the next run takes the rest).
const BATCH: i64 = 1000;

/// Job payload: send the due-date reminders that are due.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DueReminders {}

impl Job for DueReminders {
    const KIND: &'static str = "enrollment.due_reminders";
    const QUEUE: &'static str = "maintenance";

    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    fn dedup_key(&self) -> Option<String> {
        Some(Self::KIND.into())
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        let n = send_due_reminders(ctx.db(), meta.id).await?;
        tracing::info!(reminders = n, "due-date reminders enqueued");
        Ok(())
    }
}

/// Marks and enqueues the reminders that are due in every working tenant; returns how many.
pub async fn send_due_reminders(db: &Db, job: JobId) -> Result<usize> {
    let tenants = db.system_read(|tx| tenants::list_all(tx, None)).await?;
    let mut total = 0;
    for t in tenants.into_iter().filter(|t| matches!(t.status, TenantStatus::Trialing | TenantStatus::Active)) {
        let scope = TenantScope::for_job(t.id, job);
        total += db
            .write(&scope, Need::Identified, |tx| {
                let tenant = tx.tenant();
                let now = Timestamp::now();
                let ids: Vec<EnrollmentId> = with_conn!(tx, |c| tenant
                    .scoped(enrollments::table)
                    .filter(enrollments::status.eq(crate::enrollments::EnrollmentStatus::Active))
                    .filter(enrollments::reminded_at.is_null())
                    .filter(enrollments::due_at.gt(now))
                    .filter(enrollments::due_at.le(now + Duration::hours(REMIND_BEFORE_HOURS)))
                    .select(enrollments::id)
                    .limit(BATCH)
                    .load(c))?;
                for chunk in ids.chunks(500) {
                    with_conn!(tx, |c| diesel::update(
                        tenant.scoped(enrollments::table).filter(enrollments::id.eq_any(chunk))
                    )
                    .set(enrollments::reminded_at.eq(Some(now)))
                    .execute(c))?;
                }
                for id in &ids {
                    jobs::enqueue(tx, &DueReminderEmail { tenant_id: tenant.id(), enrollment_id: *id })?;
                }
                Ok(ids.len())
            })
            .await?;
    }
    Ok(total)
}
