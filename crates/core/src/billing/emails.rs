//! Billing emails to owners: a payment failed (dunning) and a trial ends soon. Rendered when the job
//! runs; a recipient deleted or disabled meanwhile means there is nothing to send (`Ok(None)`).

use crate::scope::Need;
use crate::tenants::links::{self, Link};
use crate::{
    billing::{events::PaymentFailedEmail, reconcile::TrialEndingEmail},
    config::Config,
    db::{types::UserId, Db},
    email::{templates::compose, RenderedEmail},
    error::{Error, Result},
    identity::users,
    scope::TenantScope,
    tenants,
};

async fn owner(db: &Db, scope: &TenantScope, id: UserId) -> Result<Option<(tenants::Tenant, crate::identity::User)>> {
    db.read(scope, Need::Identified, move |tx| {
        let user = match users::get(tx, id) {
            Ok(u) if u.status == users::UserStatus::Active => u,
            Ok(_) | Err(Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some((tenants::current(tx)?, user)))
    })
    .await
}

/// `12.50 USD` from minor units.
fn money(amount: i64, currency: &str) -> String {
    format!("{}.{:02} {}", amount / 100, (amount % 100).abs(), currency.to_uppercase())
}

impl PaymentFailedEmail {
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let Some((tenant, user)) = owner(db, scope, self.user_id).await? else { return Ok(None) };
        let billing = links::url(&config.server.public_url, &tenant, Link::Billing);
        let context = serde_json::json!({
            "user": {"name": user.name, "email": user.email},
            "amount": money(self.amount_due, &self.currency),
            "billing_url": billing,
        });
        let link = match &self.invoice_url {
            Some(u) => ("Pay the invoice", u.clone()),
            None => ("Update the payment method", billing),
        };
        let subject = format!("Action needed: payment failed for {}", tenant.name);
        compose(&tenant.brand(), (&user.name, &user.email), subject, "payment_failed", context, Some((link.0, &link.1)))
            .map(Some)
    }
}

impl TrialEndingEmail {
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let Some((tenant, user)) = owner(db, scope, self.user_id).await? else { return Ok(None) };
        if tenant.status != tenants::TenantStatus::Trialing {
            return Ok(None);
        }
        let context = serde_json::json!({
            "user": {"name": user.name, "email": user.email},
            "trial_ends_at": self.trial_ends_at.to_string(),
        });
        let subject = format!("Your Lyceum trial for {} ends soon", tenant.name);
        let link = links::url(&config.server.public_url, &tenant, Link::Billing);
        compose(
            &tenant.brand(),
            (&user.name, &user.email),
            subject,
            "trial_ending",
            context,
            Some(("Choose a plan", &link)),
        )
        .map(Some)
    }
}
