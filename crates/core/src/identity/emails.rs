//! Account emails that carry a single-use token: invitations and password resets. The token is minted
//! when the job runs (so no secret ever sits in the job queue); a retried job mints a fresh one.

use crate::scope::Need;
use crate::{
    config::Config,
    db::{
        types::{TenantId, UserId},
        Db,
    },
    email::{templates::compose, RenderedEmail},
    error::Result,
    identity::{
        user_tokens::{self, Purpose},
        users,
    },
    jobs::Job,
    scope::TenantScope,
    tenants::{
        self,
        links::{self, Link},
    },
};

/// Job payload: email `user_id` an invitation to set a password.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InvitationEmail {
    pub tenant_id: TenantId,
    pub user_id: UserId,
}

impl Job for InvitationEmail {
    const KIND: &'static str = "email.invitation";
    const QUEUE: &'static str = "email";
    const PRIORITY: i32 = 10;

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        self.prepare(ctx.db(), meta.scope()?, &ctx.config).await?.send(&ctx, &meta).await
    }
}

/// Job payload: email `user_id` a password-reset link.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PasswordResetEmail {
    pub tenant_id: TenantId,
    pub user_id: UserId,
}

impl Job for PasswordResetEmail {
    const KIND: &'static str = "email.password_reset";
    const QUEUE: &'static str = "email";
    const PRIORITY: i32 = 20;

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    /// Repeated requests while one is waiting to be sent produce one email.
    fn dedup_key(&self) -> Option<String> {
        Some(format!("email.password_reset:{}:{}", self.tenant_id, self.user_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        self.prepare(ctx.db(), meta.scope()?, &ctx.config).await?.send(&ctx, &meta).await
    }
}

async fn mint_and_render(
    db: &Db,
    scope: &TenantScope,
    config: &Config,
    user_id: UserId,
    purpose: Purpose,
) -> Result<RenderedEmail> {
    let (tenant, user, (token, expires_at)) = db
        .write(scope, Need::Identified, move |tx| {
            let tenant = tenants::current(tx)?;
            let user = users::get(tx, user_id)?;
            let token = user_tokens::mint(tx, user_id, purpose)?;
            Ok((tenant, user, token))
        })
        .await?;
    let base = &config.server.public_url;
    let (subject, template, label, url) = match purpose {
        Purpose::Invitation => (
            format!("You are invited to {} on Lyceum", tenant.name),
            "invitation",
            "Accept the invitation",
            links::url(base, &tenant, Link::Invitation { code: &token }),
        ),
        Purpose::PasswordReset => (
            format!("Reset your Lyceum password for {}", tenant.name),
            "password_reset",
            "Reset your password",
            links::url(base, &tenant, Link::PasswordReset { code: &token }),
        ),
        Purpose::SignIn => {
            return Err(crate::Error::internal(anyhow::anyhow!("sign-in codes are not sent by email")));
        }
    };
    let context = serde_json::json!({
        "user": {"name": user.name, "email": user.email},
        "token": token,
        "expires_at": expires_at.to_string(),
    });
    compose(&tenant.brand(), (&user.name, &user.email), subject, template, context, Some((label, &url)))
}

impl InvitationEmail {
    pub async fn prepare(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<RenderedEmail> {
        mint_and_render(db, scope, config, self.user_id, Purpose::Invitation).await
    }
}

impl PasswordResetEmail {
    pub async fn prepare(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<RenderedEmail> {
        mint_and_render(db, scope, config, self.user_id, Purpose::PasswordReset).await
    }
}
