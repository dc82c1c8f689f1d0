//! Email jobs: render in the job's tenant scope, send with a Message-ID stable across retries.

use lyceum_core::email::WelcomeEmail;

use super::{Context, Handler, JobMeta};

impl Handler for WelcomeEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let scope = meta.scope()?;
        let rendered = self.render(&ctx.db, scope, &ctx.config).await?;
        let message = rendered.to_message(&ctx.config.mail_from, &meta.message_id())?;
        ctx.mailer.send(message).await
    }
}
