//! The Stripe client: what Lyceum asks of Stripe, through async-stripe, and how Stripe's failures become
//! core errors (502 when Stripe answered with an error, 503 when it could not be reached or timed out).
//! Every create carries an idempotency key, so a retried request never makes a second object.

use std::{collections::BTreeMap, time::Duration};

use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_billing::{
    billing_portal_session::CreateBillingPortalSession,
    invoice::ListInvoice,
    subscription::{ListSubscription, ListSubscriptionStatus, RetrieveSubscription},
};
use stripe_checkout::checkout_session::{CreateCheckoutSession, CreateCheckoutSessionLineItems};
use stripe_core::customer::CreateCustomer;

use crate::{
    config::Config,
    error::{Error, Result},
};

/// Billing's settings and its Stripe client. Absent (`None` in [`crate::Core::billing`]) when no
/// Stripe key is configured: billing endpoints then answer 503 `billing_not_configured`.
#[derive(Clone)]
pub struct Billing {
    client: Client,
    webhook_secret: Option<String>,
    /// plan code -> Stripe price id.
    prices: BTreeMap<String, String>,
    public_url: String,
}

impl std::fmt::Debug for Billing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Billing").field("prices", &self.prices).finish_non_exhaustive()
    }
}

/// The error every billing path gives when Stripe is not configured.
pub fn not_configured() -> Error {
    Error::Unavailable {
        code: "billing_not_configured",
        message: "billing is not configured on this Lyceum server (no Stripe key); everything else works".into(),
    }
}

pub use crate::config::parse_prices;

/// What Lyceum keeps of a Stripe subscription, from an event's JSON or from the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionState {
    pub id: String,
    pub customer: String,
    pub status: String,
    pub price_id: Option<String>,
    pub quantity: Option<i64>,
    pub current_period_end: Option<i64>,
    pub cancel_at_period_end: bool,
    pub metadata_plan: Option<String>,
}

impl SubscriptionState {
    /// From a `subscription` object in an event (`data.object`). Reads the period end from the first
    /// item (current API versions) or the subscription itself (older ones).
    pub fn from_json(o: &serde_json::Value) -> Option<Self> {
        let item = o.pointer("/items/data/0");
        Some(SubscriptionState {
            id: o.get("id")?.as_str()?.to_string(),
            customer: expandable_id(o.get("customer")?)?,
            status: o.get("status")?.as_str()?.to_string(),
            price_id: item.and_then(|i| i.pointer("/price/id")).and_then(|v| v.as_str()).map(String::from),
            quantity: item.and_then(|i| i.get("quantity")).and_then(|v| v.as_i64()),
            current_period_end: item
                .and_then(|i| i.get("current_period_end"))
                .or_else(|| o.get("current_period_end"))
                .and_then(|v| v.as_i64()),
            cancel_at_period_end: o.get("cancel_at_period_end").and_then(|v| v.as_bool()).unwrap_or(false),
            metadata_plan: o.pointer("/metadata/plan").and_then(|v| v.as_str()).map(String::from),
        })
    }

    fn from_stripe(s: &stripe_shared::Subscription) -> Self {
        let item = s.items.data.first();
        SubscriptionState {
            id: s.id.as_str().to_string(),
            customer: s.customer.id().as_str().to_string(),
            status: s.status.as_str().to_string(),
            price_id: item.map(|i| i.price.id.as_str().to_string()),
            quantity: item.and_then(|i| i.quantity).and_then(|q| i64::try_from(q).ok()),
            current_period_end: item.map(|i| i.current_period_end),
            cancel_at_period_end: s.cancel_at_period_end,
            metadata_plan: s.metadata.get("plan").cloned(),
        }
    }
}

/// An id field that Stripe may expand into an object.
pub fn expandable_id(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => o.get("id").and_then(|i| i.as_str()).map(String::from),
        _ => None,
    }
}

/// A Checkout Session as the API returns it to the client.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckoutSession {
    pub id: String,
    pub url: String,
    pub expires_at: i64,
}

/// One invoice of the tenant's Stripe customer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Invoice {
    pub id: String,
    pub number: Option<String>,
    pub status: Option<String>,
    pub currency: String,
    pub amount_due: i64,
    pub amount_paid: i64,
    pub total: i64,
    pub created: i64,
    pub period_start: i64,
    pub period_end: i64,
    pub hosted_invoice_url: Option<String>,
    pub invoice_pdf: Option<String>,
}

impl Billing {
    /// `None` when `stripe_secret_key` is unset.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Self>> {
        let Some(key) = config.stripe.secret_key.clone() else { return Ok(None) };
        let mut builder = ClientBuilder::new(key.expose())
            .request_strategy(RequestStrategy::Once)
            .timeout(Duration::from_millis(config.stripe.timeout_ms));
        if let Some(base) = &config.stripe.api_base {
            let base = if base.ends_with('/') { base.clone() } else { format!("{base}/") };
            builder = builder.url(base);
        }
        let client = builder.build().map_err(|e| anyhow::anyhow!("building the Stripe client: {e}"))?;
        Ok(Some(Billing {
            client,
            webhook_secret: config.stripe.webhook_secret.as_ref().map(|s| s.expose().to_string()),
            prices: parse_prices(config.stripe.prices.as_deref().unwrap_or(""))?,
            public_url: config.server.public_url.trim_end_matches('/').to_string(),
        }))
    }

    pub fn webhook_secret(&self) -> Option<&str> {
        self.webhook_secret.as_deref()
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The Stripe price of a plan, when one is configured.
    pub fn price_for(&self, plan: &str) -> Option<&str> {
        self.prices.get(plan).map(String::as_str)
    }

    /// The plan a Stripe price belongs to.
    pub fn plan_for_price(&self, price: &str) -> Option<&str> {
        self.prices.iter().find(|(_, p)| p.as_str() == price).map(|(plan, _)| plan.as_str())
    }

    fn idempotent(key: &str) -> Result<RequestStrategy> {
        let key = IdempotencyKey::new(key).map_err(|e| Error::internal(anyhow::anyhow!("idempotency key: {e:?}")))?;
        Ok(RequestStrategy::Idempotent(key))
    }

    /// Creates the tenant's customer. The key is derived from the tenant, so concurrent or retried
    /// calls get the same customer back from Stripe.
    pub async fn create_customer(
        &self,
        tenant_id: &str,
        slug: &str,
        name: &str,
        email: Option<&str>,
    ) -> Result<String> {
        let mut req = CreateCustomer::new().name(name).description(format!("Lyceum institution {slug}")).metadata(
            std::collections::HashMap::from([
                ("tenant_id".to_string(), tenant_id.to_string()),
                ("slug".to_string(), slug.to_string()),
            ]),
        );
        if let Some(e) = email {
            req = req.email(e);
        }
        let customer = req
            .customize()
            .request_strategy(Self::idempotent(&format!("lyceum-customer-{tenant_id}"))?)
            .send(&self.client)
            .await
            .map_err(stripe_error)?;
        Ok(customer.id.as_str().to_string())
    }

    /// A subscription-mode Checkout Session for `seats` of `price`, tagged with the tenant.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_checkout_session(
        &self,
        idempotency_key: &str,
        tenant_id: &str,
        plan: &str,
        customer: &str,
        price: &str,
        seats: i64,
        success_url: &str,
        cancel_url: &str,
    ) -> Result<CheckoutSession> {
        let metadata = std::collections::HashMap::from([
            ("tenant_id".to_string(), tenant_id.to_string()),
            ("plan".to_string(), plan.to_string()),
        ]);
        let mut item = CreateCheckoutSessionLineItems::new();
        item.price = Some(price.to_string());
        item.quantity = Some(seats as u64);
        let mut sub = stripe_checkout::checkout_session::CreateCheckoutSessionSubscriptionData::new();
        sub.metadata = Some(metadata.clone());
        let session = CreateCheckoutSession::new()
            .mode(stripe_shared::CheckoutSessionMode::Subscription)
            .customer(customer)
            .client_reference_id(tenant_id)
            .line_items(vec![item])
            .subscription_data(sub)
            .metadata(metadata)
            .success_url(success_url)
            .cancel_url(cancel_url)
            .customize()
            .request_strategy(Self::idempotent(idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(stripe_error)?;
        let url = session
            .url
            .ok_or_else(|| Error::internal(anyhow::anyhow!("Stripe returned a Checkout Session without a url")))?;
        Ok(CheckoutSession { id: session.id.as_str().to_string(), url, expires_at: session.expires_at })
    }

    /// A customer-portal session URL.
    pub async fn create_portal_session(
        &self,
        idempotency_key: &str,
        customer: &str,
        return_url: &str,
    ) -> Result<String> {
        let session = CreateBillingPortalSession::new()
            .customer(customer)
            .return_url(return_url)
            .customize()
            .request_strategy(Self::idempotent(idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(stripe_error)?;
        Ok(session.url)
    }

    pub async fn retrieve_subscription(&self, id: &str) -> Result<SubscriptionState> {
        let s = RetrieveSubscription::new(id).send(&self.client).await.map_err(stripe_error)?;
        Ok(SubscriptionState::from_stripe(&s))
    }

    /// The customer's newest subscription in any status (what a missed `checkout.session.completed`
    /// left unknown).
    pub async fn latest_subscription(&self, customer: &str) -> Result<Option<SubscriptionState>> {
        let list = ListSubscription::new()
            .customer(customer)
            .status(ListSubscriptionStatus::All)
            .limit(1)
            .send(&self.client)
            .await
            .map_err(stripe_error)?;
        Ok(list.data.first().map(SubscriptionState::from_stripe))
    }

    /// One page of the customer's invoices, newest first; `true` when there are more.
    pub async fn list_invoices(
        &self,
        customer: &str,
        limit: i64,
        starting_after: Option<&str>,
    ) -> Result<(Vec<Invoice>, bool)> {
        let mut req = ListInvoice::new().customer(customer).limit(limit);
        if let Some(after) = starting_after {
            req = req.starting_after(after);
        }
        let list = req.send(&self.client).await.map_err(stripe_error)?;
        let items = list
            .data
            .iter()
            .filter_map(|i| {
                Some(Invoice {
                    id: i.id.as_ref()?.as_str().to_string(),
                    number: i.number.clone(),
                    status: i.status.as_ref().map(|s| s.as_str().to_string()),
                    currency: i.currency.to_string(),
                    amount_due: i.amount_due,
                    amount_paid: i.amount_paid,
                    total: i.total,
                    created: i.created,
                    period_start: i.period_start,
                    period_end: i.period_end,
                    hosted_invoice_url: i.hosted_invoice_url.clone(),
                    invoice_pdf: i.invoice_pdf.clone(),
                })
            })
            .collect();
        Ok((items, list.has_more))
    }
}

/// Stripe's failures as core errors: nothing a client sent is wrong, so never a 4xx of ours.
fn stripe_error(e: StripeError) -> Error {
    match e {
        StripeError::Stripe(err, status) => {
            tracing::warn!(status, error = ?err, "Stripe answered with an error");
            let message = err.message.clone().unwrap_or_else(|| format!("Stripe answered {status}"));
            Error::Upstream {
                code: "stripe_error",
                message: format!("Stripe could not complete the request: {message}"),
            }
        }
        StripeError::Timeout => Error::Unavailable {
            code: "stripe_unavailable",
            message: "Stripe did not answer in time; nothing was changed, retry the request".into(),
        },
        StripeError::ClientError(msg) => {
            tracing::warn!(error = %msg, "Stripe could not be reached");
            Error::Unavailable {
                code: "stripe_unavailable",
                message: "Stripe could not be reached; nothing was changed, retry the request".into(),
            }
        }
        StripeError::JSONDeserialize(msg) => {
            Error::Upstream { code: "stripe_error", message: format!("Stripe's answer could not be read: {msg}") }
        }
        StripeError::ConfigError(msg) => Error::internal(anyhow::anyhow!("Stripe client configuration: {msg}")),
    }
}
