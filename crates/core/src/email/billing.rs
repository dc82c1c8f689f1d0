//! Billing emails to owners: a payment failed (dunning) and a trial ends soon. Rendered when the job
//! runs; a recipient deleted or disabled meanwhile means there is nothing to send (`Ok(None)`).

use super::{learning::page, RenderedEmail};
use crate::{
    billing::{events::PaymentFailedEmail, reconcile::TrialEndingEmail},
    config::Config,
    db::{types::UserId, Db},
    error::{Error, Result},
    identity::users,
    scope::TenantScope,
    tenants,
};

async fn owner(db: &Db, scope: &TenantScope, id: UserId) -> Result<Option<(tenants::Tenant, crate::identity::User)>> {
    db.read(scope, move |tx| {
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
        let base = config.public_url.trim_end_matches('/');
        let paragraphs = vec![
            format!(
                "We could not collect the payment of {} for {}'s Lyceum subscription.",
                money(self.amount_due, &self.currency),
                tenant.name
            ),
            "Stripe will retry the card over the next days. If the payment keeps failing, the subscription \
             ends and the institution becomes read-only: learners keep their records, but nothing can be \
             changed until it subscribes again."
                .to_string(),
            "Update the payment method in the billing portal (POST /v1/billing/portal-session) or pay the \
             invoice directly."
                .to_string(),
        ];
        let link = match &self.invoice_url {
            Some(u) => ("Pay the invoice", u.clone()),
            None => ("Billing", format!("{base}/v1/billing/subscription")),
        };
        let (text, html) = page(&format!("Hello {},", user.name), &paragraphs, (link.0, &link.1));
        Ok(Some(RenderedEmail {
            to_name: user.name,
            to_email: user.email,
            subject: format!("Action needed: payment failed for {}", tenant.name),
            text,
            html,
        }))
    }
}

impl TrialEndingEmail {
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let Some((tenant, user)) = owner(db, scope, self.user_id).await? else { return Ok(None) };
        if tenant.status != tenants::TenantStatus::Trialing {
            return Ok(None);
        }
        let base = config.public_url.trim_end_matches('/');
        let paragraphs = vec![
            format!("{}'s Lyceum trial ends on {}.", tenant.name, self.trial_ends_at),
            "Choose a plan before then to keep adding courses and learners; after the trial the institution \
             becomes read-only until it subscribes."
                .to_string(),
        ];
        let (text, html) = page(&format!("Hello {},", user.name), &paragraphs, ("Plans", &format!("{base}/v1/plans")));
        Ok(Some(RenderedEmail {
            to_name: user.name,
            to_email: user.email,
            subject: format!("Your Lyceum trial for {} ends soon", tenant.name),
            text,
            html,
        }))
    }
}
