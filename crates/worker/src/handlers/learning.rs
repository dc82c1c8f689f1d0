//! Learning jobs: bulk enrollment, certificate issuance and the learning emails.

use lyceum_core::{
    certificates::{self, IssueCertificate},
    email::{CompletionEmail, DueReminderEmail, EnrollmentEmail},
    enrollments::{
        bulk::{self, BulkEnroll},
        reminders::{self, DueReminders},
    },
};

use super::{send_if_any, Context, Handler, JobMeta};

impl Handler for BulkEnroll {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        Ok(bulk::run(&ctx.db, meta.scope()?, self.operation_id).await?)
    }
}

impl Handler for IssueCertificate {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        certificates::issue(&ctx.db, meta.scope()?, &ctx.config.public_url, self.enrollment_id).await?;
        Ok(())
    }
}

impl Handler for EnrollmentEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let rendered = self.render(&ctx.db, meta.scope()?, &ctx.config).await?;
        send_if_any(&ctx, &meta, rendered).await
    }
}

impl Handler for DueReminders {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let n = reminders::send_due_reminders(&ctx.db, meta.id).await?;
        tracing::info!(reminders = n, "due-date reminders enqueued");
        Ok(())
    }
}

impl Handler for DueReminderEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let rendered = self.render(&ctx.db, meta.scope()?, &ctx.config).await?;
        send_if_any(&ctx, &meta, rendered).await
    }
}

impl Handler for CompletionEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let rendered = self.render(&ctx.db, meta.scope()?, &ctx.config).await?;
        send_if_any(&ctx, &meta, rendered).await
    }
}
