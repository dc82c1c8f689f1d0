//! Prints one of each object the fake Stripe serves, keyed by Stripe's object name, for
//! `scripts/check-stripe-fake` to compare with Stripe's published fixtures.

use lyceum_testkit::stripe::objects;
use serde_json::json;

fn main() {
    let t = 1_764_000_000;
    let sub = objects::subscription(
        "sub_1",
        "si_1",
        "cus_1",
        "price_1",
        800,
        3,
        "active",
        json!({"tenant_id": "t"}),
        t,
        t + 2_592_000,
        false,
    );
    let all = json!({
        "customer": objects::customer("cus_1", Some("Acme"), Some("a@acme.test"), json!({}), t),
        "checkout.session": objects::checkout_session("cs_test_1", "cus_1", Some("t"), json!({}), "https://x/ok", Some("https://x/no"), t, "open", None),
        "billing_portal.session": objects::portal_session("bps_1", "cus_1", Some("https://x"), t),
        "subscription": sub,
        "subscription_item": sub["items"]["data"][0],
        "price": objects::price("price_1", 800, t),
        "plan": objects::plan("price_1", 800, t),
        "invoice": objects::invoice("in_1", "cus_1", "sub_1", 2400, "open", t),
        "event": objects::event("evt_1", "plan.created", objects::plan("price_1", 800, t), t),
    });
    println!("{}", serde_json::to_string_pretty(&all).unwrap());
}
