//! Billing: the public plan catalog (`GET /v1/plans`), the tenant's subscription and invoices, Stripe
//! Checkout and the customer portal, and Stripe's webhook (`POST /v1/billing/stripe/webhook`).

use chrono::{DateTime, Utc};
use lyceum_core::billing::{self, events, CheckoutInput, Plan};
use poem::{web::Data, Body};
use poem_openapi::{
    param::{Header, Query},
    payload::{Binary, Json},
    types::Example,
    ApiResponse, Object, OpenApi,
};

use super::{views::list_type, Tag};
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct BillingApi;

/// A subscription plan.
#[derive(Debug, Clone, Object)]
pub struct PlanView {
    /// `trial`, `starter`, `growth` or `enterprise`.
    pub code: String,
    pub name: String,
    pub description: String,
    /// Price per seat and month in the currency's minor unit (cents).
    pub unit_amount: i64,
    pub currency: String,
    /// Trial: the learners it includes. Paid plans: the most seats one checkout may buy.
    pub seat_limit: i32,
    /// Courses (not archived) the plan allows; absent: unlimited.
    pub max_courses: Option<i32>,
    /// `api_keys`, `bulk_enrollment`, `certificates`, `reports`, `webhooks`.
    pub features: Vec<String>,
    /// The largest file one upload may be, in bytes (`POST /v1/files`).
    pub max_upload_bytes: i64,
    /// Can be bought through `POST /v1/billing/checkout-session` on this server.
    pub purchasable: bool,
}

impl From<&Plan> for PlanView {
    fn from(p: &Plan) -> Self {
        PlanView {
            code: p.code.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            unit_amount: p.unit_amount,
            currency: p.currency.clone(),
            seat_limit: p.seat_limit,
            max_courses: p.max_courses,
            features: p.features.clone(),
            max_upload_bytes: p.max_upload_bytes,
            purchasable: p.purchasable,
        }
    }
}

/// The platform's plans.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct PlanList {
    pub items: Vec<PlanView>,
}

impl poem_openapi::types::Example for PlanList {
    fn example() -> Self {
        PlanList {
            items: vec![PlanView {
                code: "growth".into(),
                name: "Growth".into(),
                description: "For growing institutions: bulk enrollment and outgoing webhooks.".into(),
                unit_amount: 800,
                currency: "usd".into(),
                seat_limit: 5000,
                max_courses: None,
                features: ["api_keys", "bulk_enrollment", "certificates", "reports", "webhooks"]
                    .map(String::from)
                    .to_vec(),
                max_upload_bytes: 524_288_000,
                purchasable: true,
            }],
        }
    }
}

/// The institution's billing state, as Lyceum last heard it from Stripe.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct SubscriptionView {
    /// The institution's status: `trialing`, `active`, `past_due`, `canceled` (read-only) or `suspended`.
    pub status: String,
    /// Stripe's status of the subscription (`active`, `past_due`, `canceled`, ...), `none` before the first.
    pub subscription_status: String,
    pub plan: String,
    /// Learners with an active enrollment the institution may have.
    pub seat_limit: i32,
    pub seats_used: i64,
    /// Seats paid for.
    pub seats: Option<i32>,
    pub current_period_end: Option<DateTime<Utc>>,
    /// The subscription ends at `current_period_end`.
    pub cancel_at_period_end: bool,
    pub trial_ends_at: Option<DateTime<Utc>>,
    /// Writes are refused (402 `subscription_required`) until the institution subscribes again.
    pub read_only: bool,
    /// Stripe customer id (`cus_...`).
    pub customer_id: Option<String>,
    /// Stripe subscription id (`sub_...`).
    pub subscription_id: Option<String>,
}

impl poem_openapi::types::Example for SubscriptionView {
    fn example() -> Self {
        SubscriptionView {
            status: "active".into(),
            subscription_status: "active".into(),
            plan: "growth".into(),
            seat_limit: 150,
            seats_used: 87,
            seats: Some(150),
            current_period_end: Some(ts(1_767_225_600)),
            cancel_at_period_end: false,
            trial_ends_at: None,
            read_only: false,
            customer_id: Some("cus_QXg1o8vcGmoR32".into()),
            subscription_id: Some("sub_1Pgc6rB7WZ01zgkWNy0Cn5nw".into()),
        }
    }
}

/// What to buy.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateCheckoutSession {
    /// A purchasable plan's code (see `GET /v1/plans`).
    pub plan: String,
    /// Seats (learners with an active enrollment) to pay for: 1 to the plan's `seat_limit`.
    pub seats: i64,
    /// Where Stripe sends the buyer after paying (`{CHECKOUT_SESSION_ID}` is replaced by Stripe).
    pub success_url: Option<String>,
    /// Where Stripe sends the buyer who leaves checkout.
    pub cancel_url: Option<String>,
}

impl Example for CreateCheckoutSession {
    fn example() -> Self {
        CreateCheckoutSession {
            plan: "growth".into(),
            seats: 150,
            success_url: Some("https://lms.example.org/billing/done?session={CHECKOUT_SESSION_ID}".into()),
            cancel_url: Some("https://lms.example.org/billing".into()),
        }
    }
}

/// A Stripe Checkout Session to send the buyer to.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct CheckoutSessionView {
    /// `cs_...`
    pub id: String,
    /// Stripe's hosted checkout page.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

impl poem_openapi::types::Example for CheckoutSessionView {
    fn example() -> Self {
        CheckoutSessionView {
            id: "cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY".into(),
            url: "https://checkout.stripe.com/c/pay/cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY"
                .into(),
            expires_at: ts(1_764_662_400),
        }
    }
}

/// Where to return from the portal.
#[derive(Debug, Clone, Default, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreatePortalSession {
    /// Where the portal's "return" link leads (default: Lyceum's public URL).
    pub return_url: Option<String>,
}

impl poem_openapi::types::Example for CreatePortalSession {
    fn example() -> Self {
        CreatePortalSession { return_url: Some("https://lms.example.org/billing".into()) }
    }
}

/// A Stripe customer-portal session.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct PortalSessionView {
    /// Stripe's hosted portal page (payment methods, invoices, plan changes, cancellation).
    pub url: String,
}

impl poem_openapi::types::Example for PortalSessionView {
    fn example() -> Self {
        PortalSessionView { url: "https://billing.stripe.com/p/session/test_YWNjdF8xTHljZXVt".into() }
    }
}

/// One invoice.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct InvoiceView {
    /// `in_...`
    pub id: String,
    pub number: Option<String>,
    /// `draft`, `open`, `paid`, `uncollectible` or `void`.
    pub status: Option<String>,
    pub currency: String,
    /// Minor units (cents).
    pub amount_due: i64,
    pub amount_paid: i64,
    pub total: i64,
    pub created: DateTime<Utc>,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub hosted_invoice_url: Option<String>,
    pub invoice_pdf: Option<String>,
}

impl poem_openapi::types::Example for InvoiceView {
    fn example() -> Self {
        InvoiceView {
            id: "in_1QdZ4x2eZvKYlo2C8mJ0kTqP".into(),
            number: Some("ACME-0003".into()),
            status: Some("paid".into()),
            currency: "usd".into(),
            amount_due: 120000,
            amount_paid: 120000,
            total: 120000,
            created: super::views::example_time("2026-11-01T00:00:00Z"),
            period_start: super::views::example_time("2026-10-01T00:00:00Z"),
            period_end: super::views::example_time("2026-11-01T00:00:00Z"),
            hosted_invoice_url: Some("https://invoice.stripe.com/i/acct_1Nv0FGQ9RKHgCVdK/test_YWNjdF8x".into()),
            invoice_pdf: Some("https://pay.stripe.com/invoice/acct_1Nv0FGQ9RKHgCVdK/test_YWNjdF8x/pdf".into()),
        }
    }
}

fn ts(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

impl From<&billing::Invoice> for InvoiceView {
    fn from(i: &billing::Invoice) -> Self {
        InvoiceView {
            id: i.id.clone(),
            number: i.number.clone(),
            status: i.status.clone(),
            currency: i.currency.clone(),
            amount_due: i.amount_due,
            amount_paid: i.amount_paid,
            total: i.total,
            created: ts(i.created),
            period_start: ts(i.period_start),
            period_end: ts(i.period_end),
            hosted_invoice_url: i.hosted_invoice_url.clone(),
            invoice_pdf: i.invoice_pdf.clone(),
        }
    }
}

list_type!(
    /// A page of invoices, newest first.
    InvoiceList,
    InvoiceView
);

/// Largest page of invoices (Stripe's own limit).
pub const MAX_INVOICE_PAGE: i64 = 100;

/// Stripe's acknowledgement.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct WebhookReceipt {
    pub received: bool,
    /// True when this event id was received before (nothing was done again).
    pub duplicate: bool,
}

impl poem_openapi::types::Example for WebhookReceipt {
    fn example() -> Self {
        WebhookReceipt { received: true, duplicate: false }
    }
}

#[derive(ApiResponse)]
pub enum PlanListResponse {
    /// The plans, in display order.
    #[oai(status = 200)]
    Ok(Json<PlanList>),
}

#[derive(ApiResponse)]
pub enum SubscriptionResponse {
    /// The billing state.
    #[oai(status = 200)]
    Ok(Json<SubscriptionView>),
}

#[derive(ApiResponse)]
pub enum CheckoutCreated {
    /// Send the buyer to `url`.
    #[oai(status = 201)]
    Created(Json<CheckoutSessionView>),
}

#[derive(ApiResponse)]
pub enum PortalCreated {
    /// Send the owner to `url`.
    #[oai(status = 201)]
    Created(Json<PortalSessionView>),
}

#[derive(ApiResponse)]
pub enum InvoiceListResponse {
    /// A page of invoices.
    #[oai(status = 200)]
    Ok(Json<InvoiceList>),
}

#[derive(ApiResponse)]
pub enum WebhookResponse {
    /// Stored (or already stored); it is applied in the background.
    #[oai(status = 200)]
    Ok(Json<WebhookReceipt>),
}

#[OpenApi(tag = "Tag::Billing")]
impl BillingApi {
    /// List the plans
    ///
    /// Public (no credential): every plan with its price per seat, seat limit, course limit and
    /// features. `purchasable` plans can be bought through checkout on this server.
    #[oai(path = "/plans", method = "get", operation_id = "plan_list")]
    async fn plan_list(&self, state: Data<&AppState>) -> Result<PlanListResponse, ApiError> {
        let plans = billing::plans(&state.core).await?;
        Ok(PlanListResponse::Ok(Json(PlanList { items: plans.iter().map(Into::into).collect() })))
    }

    /// View the subscription
    ///
    /// The institution's status, plan, seats (limit, used, paid for), period end and Stripe ids, as
    /// Lyceum last heard from Stripe. Needs `billing:read` (owners and admins). 503
    /// `billing_not_configured` when the server has no Stripe key.
    #[oai(path = "/billing/subscription", method = "get", operation_id = "billing_subscription_view")]
    async fn billing_subscription_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<SubscriptionResponse, ApiError> {
        let s = billing::subscription(&state.core, &auth.0).await?;
        Ok(SubscriptionResponse::Ok(Json(SubscriptionView {
            status: s.status,
            subscription_status: s.subscription_status,
            plan: s.plan,
            seat_limit: s.seat_limit,
            seats_used: s.seats_used,
            seats: s.seats,
            current_period_end: s.current_period_end.map(Into::into),
            cancel_at_period_end: s.cancel_at_period_end,
            trial_ends_at: s.trial_ends_at.map(Into::into),
            read_only: s.read_only,
            customer_id: s.customer_id,
            subscription_id: s.subscription_id,
        })))
    }

    /// Start a checkout
    ///
    /// Creates the institution's Stripe customer (once) and a subscription-mode Stripe Checkout Session
    /// for the plan and number of seats; send the buyer to `url`. When payment succeeds, Stripe's
    /// webhook updates the subscription, plan and seat limit. Send an `Idempotency-Key` to make a retry
    /// return the same session. Needs `billing:write` (owners and admins); allowed while read-only.
    /// 502 when Stripe answers with an error, 503 when it cannot be reached: nothing was changed.
    #[oai(path = "/billing/checkout-session", method = "post", operation_id = "billing_checkout_create")]
    async fn billing_checkout_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        idempotency_key: Header<Option<String>>,
        body: JsonBody<CreateCheckoutSession>,
    ) -> Result<CheckoutCreated, ApiError> {
        let b = body.0;
        let input =
            CheckoutInput { plan: b.plan, seats: b.seats, success_url: b.success_url, cancel_url: b.cancel_url };
        let s = billing::checkout(&state.core, &auth.0, input, idempotency_key.0.as_deref()).await?;
        Ok(CheckoutCreated::Created(Json(CheckoutSessionView { id: s.id, url: s.url, expires_at: ts(s.expires_at) })))
    }

    /// Open the billing portal
    ///
    /// A Stripe customer-portal session where owners update payment methods, download invoices, change
    /// seats or cancel. Needs `billing:write`; allowed while read-only.
    #[oai(path = "/billing/portal-session", method = "post", operation_id = "billing_portal_create")]
    async fn billing_portal_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        idempotency_key: Header<Option<String>>,
        body: JsonBody<CreatePortalSession>,
    ) -> Result<PortalCreated, ApiError> {
        let url = billing::portal(&state.core, &auth.0, body.0.return_url, idempotency_key.0.as_deref()).await?;
        Ok(PortalCreated::Created(Json(PortalSessionView { url })))
    }

    /// List invoices
    ///
    /// The institution's Stripe invoices, newest first, read from Stripe. Needs `billing:read`.
    #[oai(path = "/billing/invoices", method = "get", operation_id = "billing_invoice_list")]
    async fn billing_invoice_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Page size, 1-100 (default 20).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<InvoiceListResponse, ApiError> {
        let limit = limit.0.unwrap_or(20);
        if !(1..=MAX_INVOICE_PAGE).contains(&limit) {
            let message = format!("must be between 1 and {MAX_INVOICE_PAGE}");
            return Err(lyceum_core::Error::invalid("limit", message).into());
        }
        let (items, next) = billing::invoices(&state.core, &auth.0, limit, cursor.0).await?;
        Ok(InvoiceListResponse::Ok(Json(InvoiceList {
            items: items.iter().map(Into::into).collect(),
            next_cursor: next,
        })))
    }

    /// Receive a Stripe event
    ///
    /// For Stripe only, not for integrators. Checks `Stripe-Signature` over the raw body (400 when it is
    /// missing, wrong or more than 300 s old), stores the event by id (a redelivery is a no-op) and
    /// applies it in the background, never letting an older event overwrite newer state.
    #[oai(path = "/billing/stripe/webhook", method = "post", operation_id = "billing_stripe_webhook")]
    async fn billing_stripe_webhook(
        &self,
        state: Data<&AppState>,
        /// `t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">`.
        #[oai(name = "Stripe-Signature")]
        signature: Header<Option<String>>,
        /// The event, exactly as Stripe sent it (JSON; at most 1 MiB).
        body: Binary<Body>,
    ) -> Result<WebhookResponse, ApiError> {
        // Nothing is read before this process is known to verify Stripe's events, and never more than
        // an event can be.
        events::ensure_receivable(&state.core)?;
        let limit = events::MAX_BODY_BYTES.min(state.config.server.max_body_bytes);
        let bytes = body
            .0
            .into_bytes_limit(limit)
            .await
            .map_err(|e| ApiError::from_problem(crate::http::json::unread(e, limit)))?;
        let r = events::receive(&state.core, signature.0.as_deref(), &bytes).await?;
        Ok(WebhookResponse::Ok(Json(WebhookReceipt { received: true, duplicate: r == events::Received::Duplicate })))
    }
}
