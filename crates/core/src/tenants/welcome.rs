//! The welcome email a new tenant's owner receives after signup.

use crate::scope::Need;
use crate::{
    config::Config,
    db::{
        types::{TenantId, UserId},
        Db,
    },
    email::{templates::compose, RenderedEmail},
    error::Result,
    identity::users,
    jobs::Job,
    scope::TenantScope,
    tenants,
};

/// Job payload: send the welcome email to `user_id` of `tenant_id`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WelcomeEmail {
    pub tenant_id: TenantId,
    pub user_id: UserId,
}

impl Job for WelcomeEmail {
    const KIND: &'static str = "email.welcome";
    const QUEUE: &'static str = "email";
    const PRIORITY: i32 = 10;

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("email.welcome:{}:{}", self.tenant_id, self.user_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        self.render(ctx.db(), meta.scope()?, &ctx.config).await?.send(&ctx, &meta).await
    }
}

impl WelcomeEmail {
    /// Loads the tenant and user in `scope` and renders the message.
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<RenderedEmail> {
        let user_id = self.user_id;
        let (tenant, user) =
            db.read(scope, Need::Identified, move |tx| Ok((tenants::current(tx)?, users::get(tx, user_id)?))).await?;
        let docs = format!("{}/docs", config.server.public_url.trim_end_matches('/'));
        let subject = format!("Welcome to Lyceum, {}", tenant.name);
        let context = serde_json::json!({
            "user": {"name": user.name, "email": user.email},
            "tenant": {"slug": tenant.slug, "seat_limit": tenant.seat_limit},
        });
        compose(
            &tenant.brand(),
            (&user.name, &user.email),
            subject,
            "welcome",
            context,
            Some(("API documentation", &docs)),
        )
    }
}
