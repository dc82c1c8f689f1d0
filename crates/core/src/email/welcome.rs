//! The welcome email a new tenant's owner receives after signup.

use crate::{
    config::Config,
    db::{
        types::{TenantId, UserId},
        Db,
    },
    email::{html_escape, RenderedEmail},
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
}

impl WelcomeEmail {
    /// Loads the tenant and user in `scope` and renders the message.
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<RenderedEmail> {
        let user_id = self.user_id;
        let (tenant, user) = db.read(scope, move |tx| Ok((tenants::current(tx)?, users::get(tx, user_id)?))).await?;
        let login = format!("{}/docs", config.public_url.trim_end_matches('/'));
        let subject = format!("Welcome to Lyceum, {}", tenant.name);
        let text = format!(
            "Hello {name},\n\n\
             {institution} is set up on Lyceum. Your workspace is \"{slug}\" and you are its owner.\n\
             Your trial lets you enrol up to {seats} learners.\n\n\
             Sign in with the workspace \"{slug}\" and this email address ({email}).\n\
             API documentation: {login}\n\n\
             -- Lyceum\n",
            name = user.name,
            institution = tenant.name,
            slug = tenant.slug,
            seats = tenant.seat_limit,
            email = user.email,
            login = login,
        );
        let html = format!(
            "<!doctype html><html><body style=\"font-family:sans-serif\">\
             <p>Hello {name},</p>\
             <p><strong>{institution}</strong> is set up on Lyceum. Your workspace is <code>{slug}</code> and you are \
             its owner. Your trial lets you enrol up to {seats} learners.</p>\
             <p>Sign in with the workspace <code>{slug}</code> and this email address ({email}).</p>\
             <p><a href=\"{login}\">API documentation</a></p><p>&mdash; Lyceum</p></body></html>",
            name = html_escape(&user.name),
            institution = html_escape(&tenant.name),
            slug = html_escape(&tenant.slug),
            seats = tenant.seat_limit,
            email = html_escape(&user.email),
            login = html_escape(&login),
        );
        Ok(RenderedEmail { to_name: user.name, to_email: user.email, subject, text, html })
    }
}
