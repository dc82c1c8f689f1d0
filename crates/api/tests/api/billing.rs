//! Billing end to end: the real async-stripe client against the test kit's fake Stripe, Stripe's
//! webhooks signed as Stripe signs them (delivered three times and out of order), the subscription
//! mirror, entitlements at the moment of the write, reconciliation, trials and Stripe failing.

use std::time::Duration;

use diesel::prelude::*;
use lyceum_core::{
    db::{
        schema::{plans, stripe_events, tenants},
        types::{TenantId, Timestamp},
    },
    with_conn, TenantScope,
};
use lyceum_testkit::{
    db_tests,
    stripe::{now, sign, Failure},
    Mailbox,
};
use serde_json::{json, Value};

use crate::support::{Tenant, TestApp, STRIPE_WEBHOOK_SECRET};

async fn checkout(app: &TestApp, token: &str, plan: &str, seats: i64, key: Option<&str>) -> crate::support::Reply {
    let mut req = app
        .client
        .post("/v1/billing/checkout-session")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(json!({"plan": plan, "seats": seats}).to_string());
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let resp = req.send().await;
    let status = resp.0.status();
    let headers = resp.0.headers().clone();
    let text = resp.0.into_body().into_string().await.unwrap();
    crate::support::Reply { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null), text }
}

/// Delivers an event and checks it was accepted.
async fn deliver(app: &TestApp, body: &str) -> bool {
    let r = app.stripe_webhook(body).await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.body["duplicate"].as_bool().unwrap()
}

async fn subscription(app: &TestApp, a: &Tenant) -> Value {
    let r = app.get("/v1/billing/subscription", Some(&a.owner_token)).await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.body
}

async fn publish_course(app: &TestApp, a: &Tenant) -> String {
    let c = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Billing 101"}))).await;
    assert_eq!(c.status, 201, "{c:#?}");
    let id = c.body["id"].as_str().unwrap().to_string();
    let m = app
        .call("POST", &format!("/v1/courses/{id}/modules"), Some(&a.owner_token), Some(&json!({"title": "M"})))
        .await;
    let mid = m.body["id"].as_str().unwrap();
    let l = app
        .call(
            "POST",
            &format!("/v1/modules/{mid}/lessons"),
            Some(&a.owner_token),
            Some(&json!({"title": "L", "kind": "text", "body": "hello"})),
        )
        .await;
    assert_eq!(l.status, 201, "{l:#?}");
    let p = app.call("POST", &format!("/v1/courses/{id}/publish"), Some(&a.owner_token), None).await;
    assert_eq!(p.status, 200, "{p:#?}");
    id
}

async fn enroll(app: &TestApp, a: &Tenant, course: &str) -> crate::support::Reply {
    let (user, _) = app.user_with_role(a, "learner").await;
    app.call(
        "POST",
        &format!("/v1/courses/{course}/enrollments"),
        Some(&a.owner_token),
        Some(&json!({"user_id": user, "notify": false})),
    )
    .await
}

async fn stored_events(app: &TestApp) -> i64 {
    app.t
        .db
        .doors()
        .platform(|tx| Ok(with_conn!(tx, |c| stripe_events::table.count().get_result::<i64>(c))?))
        .await
        .expect("database")
}

db_tests! {
    async fn plans_are_public_and_checkout_creates_the_customer_once(t) {
        let (app, fake) = TestApp::with_fake_stripe(t).await;
        let plans = app.get("/v1/plans", None).await;
        assert_eq!(plans.status, 200, "{plans:#?}");
        let codes: Vec<&str> = plans.body["items"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["trial", "starter", "growth", "enterprise"]);
        let purchasable: Vec<bool> =
            plans.body["items"].as_array().unwrap().iter().map(|p| p["purchasable"].as_bool().unwrap()).collect();
        assert_eq!(purchasable, [false, true, true, false]);

        let a = app.signup("bill").await;
        let s = subscription(&app, &a).await;
        assert_eq!((s["status"].as_str(), s["subscription_status"].as_str()), (Some("trialing"), Some("none")));

        // Learners and instructors may not buy.
        let (_, learner) = app.user_with_role(&a, "learner").await;
        assert_eq!(checkout(&app, &learner, "growth", 5, None).await.status, 403);
        assert_eq!(app.get("/v1/billing/subscription", Some(&learner)).await.status, 403);

        // Bad input: every problem at once, and Stripe is not called.
        let r = checkout(&app, &a.owner_token, "platinum", 0, None).await;
        assert_eq!(r.status, 400, "{r:#?}");
        r.assert_problem(400, "validation_failed");
        let fields: Vec<&str> = r.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["plan", "seats"], "{r:#?}");
        let r = checkout(&app, &a.owner_token, "enterprise", 5, None).await;
        assert_eq!(r.status, 400, "{r:#?}");
        let r = checkout(&app, &a.owner_token, "starter", 101, None).await;
        assert_eq!(r.body["errors"][0]["field"], "seats", "{r:#?}");
        assert!(fake.calls().is_empty(), "{:?}", fake.calls());

        // First checkout: one customer, one session (two Stripe calls, each with an idempotency key).
        let first = checkout(&app, &a.owner_token, "growth", 150, Some("buy-1")).await;
        assert_eq!(first.status, 201, "{first:#?}");
        assert!(first.body["url"].as_str().unwrap().starts_with("https://checkout.stripe.com/"), "{first:#?}");
        let calls = fake.calls();
        assert_eq!(calls.len(), 2, "{calls:?}");
        assert!(calls.iter().all(|c| c.idempotency_key.is_some()), "{calls:?}");
        let session = fake.session(first.body["id"].as_str().unwrap()).unwrap();
        assert_eq!(session["metadata"]["tenant_id"], a.id.as_str());
        assert_eq!(session["client_reference_id"], a.id.as_str());
        assert_eq!(session["mode"], "subscription");

        // A retry with the same key replays the first answer: no Stripe call at all.
        let again = checkout(&app, &a.owner_token, "growth", 150, Some("buy-1")).await;
        assert_eq!(again.body["id"], first.body["id"]);
        assert_eq!(fake.calls().len(), 2);

        // Another checkout reuses the customer: one call.
        let second = checkout(&app, &a.owner_token, "starter", 10, Some("buy-2")).await;
        assert_eq!(second.status, 201, "{second:#?}");
        assert_eq!(fake.count("POST", "/v1/customers"), 1);
        assert_eq!(fake.count("POST", "/v1/checkout/sessions"), 2);
        let customers = fake.customers();
        assert_eq!(customers.len(), 1);
        assert_eq!(customers[0]["metadata"]["tenant_id"], a.id.as_str());
        assert_eq!(subscription(&app, &a).await["customer_id"], customers[0]["id"]);

        // The portal: one call, for the same customer.
        let p = app.call("POST", "/v1/billing/portal-session", Some(&a.owner_token), Some(&json!({}))).await;
        assert_eq!(p.status, 201, "{p:#?}");
        assert!(p.body["url"].as_str().unwrap().starts_with("https://billing.stripe.com/"), "{p:#?}");
        assert_eq!(fake.count("POST", "/v1/customers"), 1);
    }

    async fn webhooks_drive_the_subscription_in_any_order_and_entitlements_follow(t) {
        let (app, fake) = TestApp::with_fake_stripe(t).await;
        let a = app.signup("hooks").await;
        let course = publish_course(&app, &a).await;
        let first = checkout(&app, &a.owner_token, "growth", 2, None).await;
        assert_eq!(first.status, 201, "{first:#?}");
        let (session, sub) = fake.complete_checkout(first.body["id"].as_str().unwrap());
        let sub_id = sub["id"].as_str().unwrap().to_string();
        let t0 = now() - 60;
        let (completed, _) = fake.event("checkout.session.completed", session.clone(), t0);
        let (created, _) = fake.event("customer.subscription.created", sub.clone(), t0);
        // Out of order and three times each: the subscription before the session, duplicates interleaved.
        assert!(!deliver(&app, &created).await);
        assert!(!deliver(&app, &completed).await);
        for _ in 0..2 {
            assert!(deliver(&app, &created).await);
            assert!(deliver(&app, &completed).await);
        }
        assert_eq!(stored_events(&app).await, 2);
        app.run_jobs().await;
        let s = subscription(&app, &a).await;
        assert_eq!(s["status"], "active", "{s:#}");
        assert_eq!(s["subscription_status"], "active");
        assert_eq!(s["plan"], "growth");
        assert_eq!(s["seat_limit"], 2);
        assert_eq!(s["seats"], 2);
        assert_eq!(s["subscription_id"], sub_id.as_str());
        assert!(s["current_period_end"].is_string(), "{s:#}");
        let tenant = app.get("/v1/tenant", Some(&a.owner_token)).await;
        assert_eq!((tenant.body["status"].as_str(), tenant.body["plan"].as_str()), (Some("active"), Some("growth")));

        // An older update (Stripe delivers out of order) changes nothing.
        let stale = fake.update_subscription(&sub_id, Some("past_due"), None);
        let (old, _) = fake.event("customer.subscription.updated", stale, t0 - 30);
        deliver(&app, &old).await;
        app.run_jobs().await;
        assert_eq!(subscription(&app, &a).await["subscription_status"], "active");
        fake.update_subscription(&sub_id, Some("active"), None);

        // Seats: two paid, the third learner is refused.
        assert_eq!(enroll(&app, &a, &course).await.status, 201);
        assert_eq!(enroll(&app, &a, &course).await.status, 201);
        let third = enroll(&app, &a, &course).await;
        assert_eq!(third.status, 402, "{third:#?}");
        third.assert_problem(402, "seat_limit_reached");

        // A downgrade below usage blocks new seats and removes nobody.
        let down = fake.update_subscription(&sub_id, None, Some(1));
        let (e, _) = fake.event("customer.subscription.updated", down, t0 + 10);
        deliver(&app, &e).await;
        app.run_jobs().await;
        let s = subscription(&app, &a).await;
        assert_eq!((s["seat_limit"].as_i64(), s["seats_used"].as_i64()), (Some(1), Some(2)), "{s:#}");
        assert_eq!(enroll(&app, &a, &course).await.status, 402);
        let list = app.get(&format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token)).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 2, "{list:#?}");

        // A failed payment: past_due, and the owner gets a dunning email through SMTP.
        let invoice = fake.add_invoice(&sub_id, "open");
        let (failed, _) = fake.event("invoice.payment_failed", invoice.clone(), t0 + 20);
        deliver(&app, &failed).await;
        deliver(&app, &failed).await;
        app.run_jobs().await;
        assert_eq!(subscription(&app, &a).await["status"], "past_due");
        let mail = Mailbox::from_env().wait_for(&a.owner_email, Duration::from_secs(10)).await;
        let dunning: Vec<String> = mail
            .iter()
            .map(|m| Mailbox::decode_quoted_printable(m))
            .filter(|m| m.contains("payment failed"))
            .collect();
        assert_eq!(dunning.len(), 1, "one dunning email per failed payment, even when redelivered");
        assert!(dunning[0].contains(invoice["hosted_invoice_url"].as_str().unwrap()), "{}", dunning[0]);

        // Paid after all: active again.
        let mut paid = invoice.clone();
        paid["status"] = json!("paid");
        let (ok, _) = fake.event("invoice.paid", paid, t0 + 30);
        deliver(&app, &ok).await;
        app.run_jobs().await;
        assert_eq!(subscription(&app, &a).await["status"], "active");

        // Canceled: read-only. Reads work, writes are refused, billing still works.
        let gone = fake.update_subscription(&sub_id, Some("canceled"), None);
        let (deleted, _) = fake.event("customer.subscription.deleted", gone.clone(), t0 + 40);
        deliver(&app, &deleted).await;
        app.run_jobs().await;
        let s = subscription(&app, &a).await;
        assert_eq!((s["status"].as_str(), s["read_only"].as_bool()), (Some("canceled"), Some(true)), "{s:#}");
        let write = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "New"}))).await;
        assert_eq!(write.status, 402, "{write:#?}");
        write.assert_problem(402, "subscription_required");
        assert_eq!(app.get("/v1/courses", Some(&a.owner_token)).await.status, 200);
        assert_eq!(app.get(&format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token)).await.status, 200);
        // A late `updated` of the canceled subscription cannot revive it.
        let mut revived = gone.clone();
        revived["status"] = json!("active");
        let (late, _) = fake.event("customer.subscription.updated", revived, t0 + 50);
        deliver(&app, &late).await;
        app.run_jobs().await;
        assert_eq!(subscription(&app, &a).await["status"], "canceled");
        // A write with an Idempotency-Key (the SDKs always send one) is refused the same way.
        let keyed = app
            .client
            .post("/v1/courses")
            .header("authorization", format!("Bearer {}", a.owner_token))
            .header("idempotency-key", "read-only-write")
            .content_type("application/json")
            .body(json!({"title": "New"}).to_string())
            .send()
            .await;
        keyed.assert_status(poem::http::StatusCode::PAYMENT_REQUIRED);
        // Subscribing again is allowed while read-only, with an Idempotency-Key too.
        let again = checkout(&app, &a.owner_token, "starter", 5, Some("resubscribe")).await;
        assert_eq!(again.status, 201, "{again:#?}");
        let replay = checkout(&app, &a.owner_token, "starter", 5, Some("resubscribe")).await;
        assert_eq!((replay.status.as_u16(), &replay.body["id"]), (201, &again.body["id"]), "{replay:#?}");
        let (session2, sub2) = fake.complete_checkout(again.body["id"].as_str().unwrap());
        let (e1, _) = fake.event("checkout.session.completed", session2, t0 + 60);
        let (e2, _) = fake.event("customer.subscription.created", sub2, t0 + 60);
        deliver(&app, &e1).await;
        deliver(&app, &e2).await;
        app.run_jobs().await;
        let s = subscription(&app, &a).await;
        assert_eq!((s["status"].as_str(), s["plan"].as_str(), s["seat_limit"].as_i64()), (Some("active"), Some("starter"), Some(5)));
        let write = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Back"}))).await;
        assert_eq!(write.status, 201, "{write:#?}");

        // Every change was audited, and integrators heard `subscription.updated`.
        let audit = app.get("/v1/audit-events?action=billing.subscription_changed", Some(&a.owner_token)).await;
        assert!(audit.body["items"].as_array().unwrap().len() >= 5, "{audit:#?}");

        // Invoices, newest first, paged through Stripe.
        for _ in 0..2 {
            fake.add_invoice(&sub_id, "paid");
        }
        let page1 = app.get("/v1/billing/invoices?limit=2", Some(&a.owner_token)).await;
        assert_eq!(page1.status, 200, "{page1:#?}");
        assert_eq!(page1.body["items"].as_array().unwrap().len(), 2);
        let cursor = page1.body["next_cursor"].as_str().unwrap();
        let page2 = app.get(&format!("/v1/billing/invoices?limit=2&cursor={cursor}"), Some(&a.owner_token)).await;
        assert_eq!(page2.body["items"].as_array().unwrap().len(), 1, "{page2:#?}");
        assert!(page2.body["next_cursor"].is_null());
        assert_eq!(page2.body["items"][0]["id"], invoice["id"]);
    }

    async fn bad_and_stale_signatures_are_refused_and_store_nothing(t) {
        let (app, fake) = TestApp::with_fake_stripe(t).await;
        let a = app.signup("sig").await;
        let (body, _) = fake.event("customer.subscription.updated", json!({"id": "sub_x", "customer": "cus_x", "status": "active", "metadata": {"tenant_id": a.id}}), now());
        let post = |sig: Option<String>, body: String| {
            let mut req = app.client.post("/v1/billing/stripe/webhook").header("content-type", "application/json").body(body);
            if let Some(s) = sig {
                req = req.header("stripe-signature", s);
            }
            async move {
                let resp = req.send().await;
                let status = resp.0.status();
                let text = resp.0.into_body().into_string().await.unwrap();
                (status.as_u16(), serde_json::from_str::<Value>(&text).unwrap_or(Value::Null))
            }
        };
        let cases = [
            ("missing", None, body.clone()),
            ("wrong secret", Some(sign("whsec_not_ours", &body, now())), body.clone()),
            ("stale", Some(sign(STRIPE_WEBHOOK_SECRET, &body, now() - 301)), body.clone()),
            ("from the future", Some(sign(STRIPE_WEBHOOK_SECRET, &body, now() + 400)), body.clone()),
            ("tampered body", Some(sign(STRIPE_WEBHOOK_SECRET, &body, now())), body.replace("active", "canceled")),
            ("garbage header", Some("v1=zz,t=abc".into()), body.clone()),
        ];
        for (name, sig, b) in cases {
            let (status, problem) = post(sig, b).await;
            assert_eq!(status, 400, "{name}: {problem:#}");
            assert_eq!(problem["code"], "validation_failed", "{name}");
            assert_eq!(problem["errors"][0]["field"], "Stripe-Signature", "{name}: {problem:#}");
        }
        // A signed body that is not an event.
        let junk = r#"{"hello": "world"}"#;
        let (status, problem) = post(Some(sign(STRIPE_WEBHOOK_SECRET, junk, now())), junk.into()).await;
        assert_eq!(status, 400, "{problem:#}");
        assert_eq!(stored_events(&app).await, 0);
        // Within the tolerance it is accepted.
        let (status, _) = post(Some(sign(STRIPE_WEBHOOK_SECRET, &body, now() - 200)), body.clone()).await;
        assert_eq!(status, 200);
        assert_eq!(stored_events(&app).await, 1);
    }

    async fn stripe_failing_gives_a_clear_problem_and_changes_nothing(t) {
        let (app, fake) = TestApp::with_fake_stripe(t).await;
        let a = app.signup("down").await;
        // Stripe answers 500 on the customer: 502, no customer recorded.
        fake.fail_next(Failure::Status(500));
        let r = checkout(&app, &a.owner_token, "growth", 3, Some("k1")).await;
        assert_eq!(r.status, 502, "{r:#?}");
        assert_eq!(r.body["code"], "stripe_error");
        assert!(subscription(&app, &a).await["customer_id"].is_null());
        // Stripe times out creating the session: 503; the customer exists once.
        fake.fail_next(Failure::Delay(Duration::from_millis(1600)));
        let mut calls_before = fake.calls().len();
        let r = checkout(&app, &a.owner_token, "growth", 3, Some("k1")).await;
        // The customer call was delayed past the 1.5 s timeout.
        assert_eq!(r.status, 503, "{r:#?}");
        assert_eq!(r.body["code"], "stripe_unavailable");
        assert!(fake.calls().len() > calls_before);
        // Let the stalled call finish on the fake's side (as Stripe would) before the retry.
        tokio::time::sleep(Duration::from_millis(300)).await;
        // The same request again (same Idempotency-Key: the 5xx was not stored) succeeds, and the
        // customer the timed-out call created is the one Stripe returns for the same key.
        calls_before = fake.calls().len();
        let r = checkout(&app, &a.owner_token, "growth", 3, Some("k1")).await;
        assert_eq!(r.status, 201, "{r:#?}");
        assert_eq!(fake.customers().len(), 1, "a retry never makes a second customer");
        assert_eq!(fake.calls().len() - calls_before, 2);
        // Stripe refuses the session (4xx from Stripe is still our 502: nothing the client sent is wrong).
        fake.fail_next(Failure::Status(400));
        let r = app.call("POST", "/v1/billing/portal-session", Some(&a.owner_token), Some(&json!({}))).await;
        assert_eq!(r.status, 502, "{r:#?}");
        // Stripe down entirely.
        drop(fake);
        let r = app.get("/v1/billing/invoices", Some(&a.owner_token)).await;
        assert_eq!(r.status, 503, "{r:#?}");
        r.assert_problem(503, "stripe_unavailable");
    }

    async fn reconciliation_heals_missed_webhooks(t) {
        let (app, fake) = TestApp::with_fake_stripe(t).await;
        let a = app.signup("heal").await;
        let b = app.signup("heal-other").await;
        let r = checkout(&app, &a.owner_token, "starter", 7, None).await;
        assert_eq!(r.status, 201, "{r:#?}");
        // The buyer pays, but no webhook ever arrives.
        let (_, sub) = fake.complete_checkout(r.body["id"].as_str().unwrap());
        assert_eq!(subscription(&app, &a).await["subscription_status"], "none");
        let before = fake.calls().len();
        let n = lyceum_core::billing::reconcile::fan_out(&app.state.core).await.unwrap();
        assert_eq!(n, 1, "only tenants with a Stripe customer are synced");
        app.run_jobs().await;
        let s = subscription(&app, &a).await;
        assert_eq!((s["status"].as_str(), s["plan"].as_str(), s["seat_limit"].as_i64()), (Some("active"), Some("starter"), Some(7)), "{s:#}");
        assert_eq!(s["subscription_id"], sub["id"]);
        assert_eq!(fake.calls().len() - before, 1, "one Stripe call per tenant");
        assert_eq!(subscription(&app, &b).await["status"], "trialing");
        // A webhook older than the read changes nothing.
        let mut old = sub.clone();
        old["status"] = json!("past_due");
        let (e, _) = fake.event("customer.subscription.updated", old, now() - 120);
        deliver(&app, &e).await;
        app.run_jobs().await;
        assert_eq!(subscription(&app, &a).await["status"], "active");
    }

    async fn trials_remind_once_then_end_read_only(t) {
        let (app, _fake) = TestApp::with_fake_stripe(t).await;
        let a = app.signup("trial").await;
        let tenant: TenantId = a.id.parse().unwrap();
        let scope = TenantScope::for_test(tenant);
        let set_trial_end = |days: i64| {
            let ends = Timestamp::from(chrono::Utc::now() + chrono::Duration::days(days));
            app.t.db.doors().write(&scope, move |tx| {
                with_conn!(tx, |c| diesel::update(tenants::table.filter(tenants::id.eq(tenant)))
                    .set(tenants::trial_ends_at.eq(ends))
                    .execute(c))?;
                Ok(())
            })
        };
        let job = lyceum_core::db::types::JobId::new();
        set_trial_end(2).await.unwrap();
        let r = lyceum_core::billing::reconcile::check_trials(&app.state.core, job).await.unwrap();
        assert_eq!(r.reminded, 1);
        let r = lyceum_core::billing::reconcile::check_trials(&app.state.core, job).await.unwrap();
        assert_eq!(r.reminded, 0, "one reminder per trial");
        app.run_jobs().await;
        let mail = Mailbox::from_env().wait_for(&a.owner_email, Duration::from_secs(10)).await;
        assert!(mail.iter().any(|m| Mailbox::decode_quoted_printable(m).contains("trial for")), "{mail:?}");
        assert_eq!(app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "x"}))).await.status, 201);

        set_trial_end(-1).await.unwrap();
        let r = lyceum_core::billing::reconcile::check_trials(&app.state.core, job).await.unwrap();
        assert_eq!(r.expired, 1);
        let s = subscription(&app, &a).await;
        assert_eq!((s["status"].as_str(), s["read_only"].as_bool()), (Some("canceled"), Some(true)));
        let w = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "y"}))).await;
        assert_eq!(w.status, 402, "{w:#?}");
        // Signing out still works while read-only.
        assert_eq!(app.call("POST", "/v1/auth/logout", Some(&a.owner_token), None).await.status, 204);
    }

    async fn plan_features_and_course_limits_are_enforced(t) {
        let app = TestApp::with_config(t, |c| c.webhooks.allow_private = true).await;
        let slug = lyceum_testkit::unique_slug("starter");
        let mut body = crate::support::signup_body(&slug);
        body["plan"] = json!("starter");
        let r = app.post_json("/v1/signup", &body).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["plan"], "a signup cannot choose a paid plan");
        body["plan"] = json!("trial");
        let r = app.post_json("/v1/signup", &body).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let token = r.body["session"]["token"].as_str().unwrap().to_string();
        // Support staff put it on the starter plan.
        let tenant = r.body["tenant"]["id"].as_str().unwrap().parse().unwrap();
        let operator = lyceum_core::TenantScope::for_test_operator(tenant, "test");
        lyceum_core::tenants::set_plan(&app.state.core, &operator, Some("starter".into()), None).await.unwrap();
        let hook = app
            .call(
                "POST",
                "/v1/webhook-endpoints",
                Some(&token),
                Some(&json!({"url": "http://127.0.0.1:9/hook", "events": ["*"]})),
            )
            .await;
        assert_eq!(hook.status, 402, "{hook:#?}");
        hook.assert_problem(402, "plan_feature_unavailable");
        for i in 0..20 {
            let c = app.call("POST", "/v1/courses", Some(&token), Some(&json!({"title": format!("Course {i}")}))).await;
            assert_eq!(c.status, 201, "{c:#?}");
        }
        let over = app.call("POST", "/v1/courses", Some(&token), Some(&json!({"title": "One too many"}))).await;
        assert_eq!(over.status, 402, "{over:#?}");
        over.assert_problem(402, "course_limit_reached");
        // Archiving one frees a place.
        let list = app.get("/v1/courses?limit=1", Some(&token)).await;
        let id = list.body["items"][0]["id"].as_str().unwrap();
        assert_eq!(app.call("POST", &format!("/v1/courses/{id}/archive"), Some(&token), None).await.status, 200);
        assert_eq!(app.call("POST", "/v1/courses", Some(&token), Some(&json!({"title": "Fits"}))).await.status, 201);

        // A plan without API keys and reports (support moved the institution to it).
        let tenant: TenantId = r.body["tenant"]["id"].as_str().unwrap().parse().unwrap();
        app.t
            .db
            .doors()
            .platform(|tx| {
                with_conn!(tx, |c| diesel::insert_into(plans::table)
                    .values((
                        plans::code.eq("bare"),
                        plans::name.eq("Bare"),
                        plans::description.eq("courses only"),
                        plans::unit_amount.eq(0),
                        plans::currency.eq("usd"),
                        plans::seat_limit.eq(10),
                        plans::features.eq("[]"),
                        plans::self_serve.eq(false),
                        plans::position.eq(9),
                    ))
                    .execute(c))?;
                Ok(())
            })
            .await
            .unwrap();
        app.t
            .db
            .doors()
            .write(&TenantScope::for_test(tenant), move |tx| {
                with_conn!(tx, |c| diesel::update(tenants::table.filter(tenants::id.eq(tenant)))
                    .set(tenants::plan.eq("bare"))
                    .execute(c))?;
                Ok(())
            })
            .await
            .unwrap();
        let key = app.call("POST", "/v1/api-keys", Some(&token), Some(&json!({"name": "sync", "scopes": ["courses:read"]}))).await;
        key.assert_problem(402, "plan_feature_unavailable");
        let report = app.get(&format!("/v1/reports/courses/{id}"), Some(&token)).await;
        report.assert_problem(402, "plan_feature_unavailable");
        assert!(report.body["detail"].as_str().unwrap().contains("Bare plan does not include reports"), "{report:#?}");
    }

    async fn without_stripe_billing_answers_503_and_the_rest_works(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("nostripe").await;
        for (method, path) in [
            ("GET", "/v1/billing/subscription"),
            ("POST", "/v1/billing/checkout-session"),
            ("POST", "/v1/billing/portal-session"),
            ("GET", "/v1/billing/invoices"),
        ] {
            let body = (method == "POST").then(|| json!({"plan": "growth", "seats": 1}));
            let body = if path.ends_with("portal-session") { Some(json!({})) } else { body };
            let r = app.call(method, path, Some(&a.owner_token), body.as_ref()).await;
            assert_eq!(r.status, 503, "{path}: {r:#?}");
            r.assert_problem(503, "billing_not_configured");
        }
        let r = app.post_raw("/v1/billing/stripe/webhook", "application/json", "{}").await;
        assert_eq!(r.status, 503, "{r:#?}");
        let plans = app.get("/v1/plans", None).await;
        assert_eq!(plans.status, 200);
        assert!(plans.body["items"].as_array().unwrap().iter().all(|p| p["purchasable"] == false));
        assert_eq!(app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Works"}))).await.status, 201);
    }
}
