//! Complete Stripe objects as the API (version 2026-09-30) returns them: every field a real object
//! has, with the values a subscription-mode integration sees. Their field sets were checked against
//! Stripe's published fixture set (`scripts/check-stripe-fake` compares them when that set is at
//! hand); async-stripe's strict parser reads each of them in the tests.

use serde_json::{json, Value};

fn null_address() -> Value {
    json!({"city": null, "country": null, "line1": null, "line2": null, "postal_code": null, "state": null})
}

pub fn customer(id: &str, name: Option<&str>, email: Option<&str>, metadata: Value, created: i64) -> Value {
    json!({
        "id": id,
        "object": "customer",
        "address": null,
        "balance": 0,
        "created": created,
        "currency": null,
        "customer_account": null,
        "default_source": null,
        "delinquent": false,
        "description": null,
        "discount": null,
        "email": email,
        "invoice_prefix": id.trim_start_matches("cus_").chars().take(8).collect::<String>().to_uppercase(),
        "invoice_settings": {
            "custom_fields": null,
            "default_payment_method": null,
            "footer": null,
            "rendering_options": null
        },
        "livemode": false,
        "metadata": metadata,
        "name": name,
        "next_invoice_sequence": 1,
        "phone": null,
        "preferred_locales": [],
        "shipping": null,
        "tax_exempt": "none",
        "test_clock": null
    })
}

#[allow(clippy::too_many_arguments)]
pub fn checkout_session(
    id: &str,
    customer: &str,
    client_reference_id: Option<&str>,
    metadata: Value,
    success_url: &str,
    cancel_url: Option<&str>,
    created: i64,
    status: &str,
    subscription: Option<&str>,
) -> Value {
    let complete = status == "complete";
    json!({
        "id": id,
        "object": "checkout.session",
        "adaptive_pricing": {"enabled": false},
        "after_expiration": null,
        "allow_promotion_codes": null,
        "amount_subtotal": 0,
        "amount_total": 0,
        "automatic_tax": {"enabled": false, "liability": null, "provider": null, "status": null},
        "billing_address_collection": null,
        "cancel_url": cancel_url,
        "client_reference_id": client_reference_id,
        "client_secret": null,
        "collected_information": null,
        "consent": null,
        "consent_collection": null,
        "created": created,
        "currency": "usd",
        "currency_conversion": null,
        "custom_fields": [],
        "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
        "customer": customer,
        "customer_account": null,
        "customer_creation": null,
        "customer_details": if complete {
            json!({"address": null_address(), "business_name": null, "email": "billing@example.org", "individual_name": null,
                   "name": null, "phone": null, "tax_exempt": "none", "tax_ids": []})
        } else { Value::Null },
        "customer_email": null,
        "discounts": [],
        "expires_at": created + 24 * 3600,
        "integration_identifier": null,
        "invoice": null,
        "invoice_creation": null,
        "livemode": false,
        "locale": null,
        "managed_payments": null,
        "metadata": metadata,
        "mode": "subscription",
        "origin_context": null,
        "payment_intent": null,
        "payment_link": null,
        "payment_method_collection": "always",
        "payment_method_configuration_details": null,
        "payment_method_options": {},
        "payment_method_types": ["card"],
        "payment_status": if complete { "paid" } else { "unpaid" },
        "permissions": null,
        "phone_number_collection": {"enabled": false},
        "recovered_from": null,
        "saved_payment_method_options": {"allow_redisplay_filters": ["always"], "payment_method_remove": null, "payment_method_save": null},
        "setup_intent": null,
        "shipping_address_collection": null,
        "shipping_cost": null,
        "shipping_options": [],
        "status": status,
        "submit_type": null,
        "subscription": subscription,
        "success_url": success_url,
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted_page",
        "url": if complete { Value::Null } else { json!(format!("https://checkout.stripe.com/c/pay/{id}")) },
        "wallet_options": null
    })
}

pub fn portal_session(id: &str, customer: &str, return_url: Option<&str>, created: i64) -> Value {
    json!({
        "id": id,
        "object": "billing_portal.session",
        "configuration": "bpc_1LyceumFakeConfiguration",
        "created": created,
        "customer": customer,
        "customer_account": null,
        "flow": null,
        "livemode": false,
        "locale": null,
        "on_behalf_of": null,
        "return_url": return_url,
        "url": format!("https://billing.stripe.com/p/session/{id}")
    })
}

pub fn price(id: &str, unit_amount: i64, created: i64) -> Value {
    json!({
        "id": id,
        "object": "price",
        "active": true,
        "billing_scheme": "per_unit",
        "created": created,
        "currency": "usd",
        "custom_unit_amount": null,
        "livemode": false,
        "lookup_key": null,
        "metadata": {},
        "nickname": null,
        "product": format!("prod_{}", id.trim_start_matches("price_")),
        "recurring": {"interval": "month", "interval_count": 1, "meter": null, "trial_period_days": null, "usage_type": "licensed"},
        "tax_behavior": "unspecified",
        "tiers_mode": null,
        "transform_quantity": null,
        "type": "recurring",
        "unit_amount": unit_amount,
        "unit_amount_decimal": unit_amount.to_string()
    })
}

pub fn plan(price_id: &str, unit_amount: i64, created: i64) -> Value {
    json!({
        "id": price_id,
        "object": "plan",
        "active": true,
        "aggregate_usage": null,
        "amount": unit_amount,
        "amount_decimal": unit_amount.to_string(),
        "billing_scheme": "per_unit",
        "created": created,
        "currency": "usd",
        "interval": "month",
        "interval_count": 1,
        "livemode": false,
        "metadata": {},
        "meter": null,
        "nickname": null,
        "product": format!("prod_{}", price_id.trim_start_matches("price_")),
        "tiers_mode": null,
        "transform_usage": null,
        "trial_period_days": null,
        "usage_type": "licensed"
    })
}

/// A subscription with one item (`quantity` seats of `price_id`).
#[allow(clippy::too_many_arguments)]
pub fn subscription(
    id: &str,
    item_id: &str,
    customer: &str,
    price_id: &str,
    unit_amount: i64,
    quantity: i64,
    status: &str,
    metadata: Value,
    created: i64,
    period_end: i64,
    cancel_at_period_end: bool,
) -> Value {
    let ended = matches!(status, "canceled" | "incomplete_expired");
    json!({
        "id": id,
        "object": "subscription",
        "application": null,
        "application_fee_percent": null,
        "automatic_tax": {"disabled_reason": null, "enabled": false, "liability": null},
        "billing_cycle_anchor": created,
        "billing_cycle_anchor_config": null,
        "billing_mode": {"flexible": null, "type": "classic"},
        "billing_schedules": [],
        "billing_thresholds": null,
        "cancel_at": if cancel_at_period_end { json!(period_end) } else { Value::Null },
        "cancel_at_period_end": cancel_at_period_end,
        "canceled_at": if ended { json!(created) } else { Value::Null },
        "cancellation_details": {"comment": null, "feedback": null, "reason": if ended { json!("cancellation_requested") } else { Value::Null }},
        "collection_method": "charge_automatically",
        "created": created,
        "currency": "usd",
        "customer": customer,
        "customer_account": null,
        "days_until_due": null,
        "default_payment_method": null,
        "default_source": null,
        "default_tax_rates": [],
        "description": null,
        "discounts": [],
        "ended_at": if ended { json!(created) } else { Value::Null },
        "invoice_settings": {"account_tax_ids": null, "custom_fields": null, "description": null, "footer": null, "issuer": {"type": "self"}},
        "items": {
            "object": "list",
            "data": [{
                "id": item_id,
                "object": "subscription_item",
                "billing_thresholds": null,
                "created": created,
                "current_period_end": period_end,
                "current_period_start": period_end - 30 * 24 * 3600,
                "discounts": [],
                "metadata": {},
                "plan": plan(price_id, unit_amount, created),
                "price": price(price_id, unit_amount, created),
                "quantity": quantity,
                "subscription": id,
                "tax_rates": []
            }],
            "has_more": false,
            "url": format!("/v1/subscription_items?subscription={id}")
        },
        "latest_invoice": null,
        "livemode": false,
        "managed_payments": null,
        "metadata": metadata,
        "next_pending_invoice_item_invoice": null,
        "on_behalf_of": null,
        "pause_collection": null,
        "payment_settings": {"payment_method_options": null, "payment_method_types": null, "save_default_payment_method": "off"},
        "pending_invoice_item_interval": null,
        "pending_setup_intent": null,
        "pending_update": null,
        "schedule": null,
        "start_date": created,
        "status": status,
        "test_clock": null,
        "transfer_data": null,
        "trial_end": null,
        "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
        "trial_start": null
    })
}

/// An invoice of a subscription.
pub fn invoice(id: &str, customer: &str, subscription: &str, amount: i64, status: &str, created: i64) -> Value {
    let paid = status == "paid";
    json!({
        "id": id,
        "object": "invoice",
        "account_country": "US",
        "account_name": "Lyceum",
        "account_tax_ids": null,
        "amount_due": amount,
        "amount_overpaid": 0,
        "amount_paid": if paid { amount } else { 0 },
        "amount_remaining": if paid { 0 } else { amount },
        "amount_shipping": 0,
        "application": null,
        "attempt_count": 1,
        "attempted": true,
        "auto_advance": !paid,
        "automatic_tax": {"disabled_reason": null, "enabled": false, "liability": null, "provider": null, "status": null},
        "automatically_finalizes_at": null,
        "billing_reason": "subscription_cycle",
        "collection_method": "charge_automatically",
        "created": created,
        "currency": "usd",
        "custom_fields": null,
        "customer": customer,
        "customer_account": null,
        "customer_address": null,
        "customer_email": "billing@example.org",
        "customer_name": null,
        "customer_phone": null,
        "customer_shipping": null,
        "customer_tax_exempt": "none",
        "customer_tax_ids": [],
        "default_payment_method": null,
        "default_source": null,
        "default_tax_rates": [],
        "description": null,
        "discounts": [],
        "due_date": null,
        "effective_at": created,
        "ending_balance": 0,
        "footer": null,
        "from_invoice": null,
        "hosted_invoice_url": format!("https://invoice.stripe.com/i/{id}"),
        "invoice_pdf": format!("https://pay.stripe.com/invoice/{id}/pdf"),
        "issuer": {"type": "self"},
        "last_finalization_error": null,
        "latest_revision": null,
        "lines": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/invoices/{id}/lines")},
        "livemode": false,
        "metadata": {},
        "next_payment_attempt": if paid { Value::Null } else { json!(created + 3 * 24 * 3600) },
        "number": format!("{}-0001", id.trim_start_matches("in_").chars().take(8).collect::<String>().to_uppercase()),
        "on_behalf_of": null,
        "parent": {
            "quote_details": null,
            "subscription_details": {"metadata": {}, "subscription": subscription},
            "type": "subscription_details"
        },
        "payment_settings": {"default_mandate": null, "payment_method_options": null, "payment_method_types": null},
        "period_end": created,
        "period_start": created - 30 * 24 * 3600,
        "post_payment_credit_notes_amount": 0,
        "pre_payment_credit_notes_amount": 0,
        "receipt_number": null,
        "rendering": null,
        "shipping_cost": null,
        "shipping_details": null,
        "starting_balance": 0,
        "statement_descriptor": null,
        "status": status,
        "status_transitions": {
            "finalized_at": created,
            "marked_uncollectible_at": null,
            "paid_at": if paid { json!(created) } else { Value::Null },
            "voided_at": null
        },
        "subscription": subscription,
        "subtotal": amount,
        "subtotal_excluding_tax": amount,
        "test_clock": null,
        "total": amount,
        "total_discount_amounts": [],
        "total_excluding_tax": amount,
        "total_pretax_credit_amounts": [],
        "total_taxes": [],
        "webhooks_delivered_at": created
    })
}

/// An event envelope around `object`.
pub fn event(id: &str, kind: &str, object: Value, created: i64) -> Value {
    json!({
        "id": id,
        "object": "event",
        "api_version": "2026-09-30.endive",
        "context": null,
        "created": created,
        "data": {"object": object, "previous_attributes": null},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind
    })
}

/// A list page.
pub fn list(url: &str, data: Vec<Value>, has_more: bool) -> Value {
    json!({"object": "list", "data": data, "has_more": has_more, "url": url})
}

/// Stripe's error body.
pub fn error(kind: &str, message: &str) -> Value {
    json!({"error": {"type": kind, "message": message}})
}
