//! Account emails that carry a single-use token: invitations and password resets. The token is minted
//! when the job runs (so no secret ever sits in the job queue); a retried job mints a fresh one.

use crate::{
    config::Config,
    db::{
        types::{TenantId, UserId},
        Db,
    },
    email::{html_escape, RenderedEmail},
    error::Result,
    identity::{
        user_tokens::{self, Purpose},
        users,
    },
    jobs::Job,
    scope::TenantScope,
    tenants,
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
}

async fn mint_and_render(
    db: &Db,
    scope: &TenantScope,
    config: &Config,
    user_id: UserId,
    purpose: Purpose,
) -> Result<RenderedEmail> {
    let (tenant, user, (token, expires_at)) = db
        .write(scope, move |tx| {
            let tenant = tenants::current(tx)?;
            let user = users::get(tx, user_id)?;
            let token = user_tokens::mint(tx, user_id, purpose)?;
            Ok((tenant, user, token))
        })
        .await?;
    let base = config.public_url.trim_end_matches('/');
    let (subject, action, path, intro) = match purpose {
        Purpose::Invitation => (
            format!("You are invited to {} on Lyceum", tenant.name),
            "Accept the invitation",
            format!("{base}/v1/invitations/{token}/accept"),
            format!("{} invites you to join it on Lyceum. Choose a password to accept.", tenant.name),
        ),
        Purpose::PasswordReset => (
            format!("Reset your Lyceum password for {}", tenant.name),
            "Reset your password",
            format!("{base}/v1/auth/password-reset/confirm"),
            "Someone (hopefully you) asked to reset your password. If it was not you, ignore this email.".to_string(),
        ),
    };
    let expires = expires_at.to_string();
    let text = format!(
        "Hello {name},\n\n{intro}\n\n{action}: {path}\nYour code: {token}\nIt works once and expires at {expires}.\n\n-- Lyceum\n",
        name = user.name,
    );
    let html = format!(
        "<!doctype html><html><body style=\"font-family:sans-serif\"><p>Hello {name},</p><p>{intro}</p>\
         <p><strong>{action}</strong>: <a href=\"{path}\">{path}</a></p><p>Your code: <code>{token}</code></p>\
         <p>It works once and expires at {expires}.</p><p>&mdash; Lyceum</p></body></html>",
        name = html_escape(&user.name),
        intro = html_escape(&intro),
        action = html_escape(action),
        path = html_escape(&path),
        token = html_escape(&token),
        expires = html_escape(&expires),
    );
    Ok(RenderedEmail { to_name: user.name, to_email: user.email, subject, text, html })
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
