//! Housekeeping jobs enqueued by the schedules (see `lyceum_core::maintenance`).

use lyceum_core::maintenance::{self, ExpireTenantData, PurgeFinishedJobs};

use super::{Context, Handler, JobMeta};

impl Handler for PurgeFinishedJobs {
    async fn run(self, ctx: Context, _meta: JobMeta) -> anyhow::Result<()> {
        let n = maintenance::purge_finished_jobs(&ctx.db).await?;
        tracing::info!(purged = n, "finished jobs purged");
        Ok(())
    }
}

impl Handler for ExpireTenantData {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let e = maintenance::expire_tenant_data(&ctx.db, meta.id).await?;
        tracing::info!(sessions = e.sessions, idempotency_keys = e.idempotency_keys, "expired data removed");
        Ok(())
    }
}
