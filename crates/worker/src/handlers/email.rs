//! Email jobs: render in the job's tenant scope, send with a Message-ID stable across retries.

use lyceum_core::email::{InvitationEmail, PasswordResetEmail, WelcomeEmail};

use super::{Context, Handler, JobMeta};

impl Handler for WelcomeEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let rendered = self.render(&ctx.db, meta.scope()?, &ctx.config).await?;
        ctx.mailer.send(rendered.to_message(&ctx.config.mail_from, &meta.message_id())?).await
    }
}

impl Handler for InvitationEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let rendered = self.prepare(&ctx.db, meta.scope()?, &ctx.config).await?;
        ctx.mailer.send(rendered.to_message(&ctx.config.mail_from, &meta.message_id())?).await
    }
}

impl Handler for lyceum_core::identity::manage::PasswordResetLookup {
    async fn run(self, ctx: Context, _meta: JobMeta) -> anyhow::Result<()> {
        lyceum_core::identity::manage::lookup_password_reset(&ctx.core, self).await?;
        Ok(())
    }
}

impl Handler for PasswordResetEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let rendered = self.prepare(&ctx.db, meta.scope()?, &ctx.config).await?;
        ctx.mailer.send(rendered.to_message(&ctx.config.mail_from, &meta.message_id())?).await
    }
}
