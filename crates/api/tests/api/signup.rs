//! `POST /v1/signup` end to end: HTTP in; tenant, owner, session and job in the database; the welcome
//! email through the worker and real SMTP into the sink. And every kind of bad input: a clear 4xx,
//! nothing written.

use std::time::Duration;

use lyceum_core::{jobs, tenants};
use lyceum_testkit::{db_tests, unique_slug, Mailbox};
use serde_json::json;

use crate::support::{signup_body, TestApp};

async fn tenant_count(app: &TestApp) -> usize {
    app.t.db.doors().system_read(|tx| tenants::list_all(tx, None)).await.unwrap().len()
}

async fn queued_jobs(app: &TestApp) -> i64 {
    jobs::stats(&app.t.db).await.unwrap().queued
}

db_tests! {
    async fn signup_creates_tenant_owner_session_and_sends_welcome_email(t) {
        let app = TestApp::new(t).await;
        let slug = unique_slug("acme");
        let body = signup_body(&slug);
        let r = app.post_json("/v1/signup", &body).await;
        assert_eq!(r.status, 201, "{r:#?}");
        assert_eq!(r.header("location"), Some("/v1/tenant"));
        assert_eq!(r.body["tenant"]["slug"], slug);
        assert_eq!(r.body["tenant"]["status"], "trialing");
        assert_eq!(r.body["tenant"]["plan"], "trial");
        assert!(r.body["tenant"]["trial_ends_at"].is_string());
        assert_eq!(r.body["user"]["role"], "owner");
        assert_eq!(r.body["user"]["email"], body["owner_email"]);
        assert!(r.body["user"].get("password_hash").is_none());
        let token = r.body["session"]["token"].as_str().unwrap().to_string();
        assert!(token.starts_with("lys_") && token.len() > 60, "{token}");

        // The tenant exists, and its welcome email was enqueued in the same transaction.
        let s = slug.clone();
        let stored = app.t.db.doors().system_read(move |tx| tenants::find_by_slug(tx, &s)).await.unwrap();
        assert_eq!(stored.id.to_string(), r.body["tenant"]["id"].as_str().unwrap());
        assert_eq!(queued_jobs(&app).await, 1);

        // The session works.
        let me = app.get("/v1/tenant", Some(&token)).await;
        assert_eq!(me.status, 200, "{me:#?}");
        assert_eq!(me.body["slug"], slug);

        // The worker sends the welcome email over SMTP to the sink.
        assert_eq!(app.run_jobs().await, 1);
        let recipient = body["owner_email"].as_str().unwrap();
        let mail = Mailbox::from_env().wait_for(recipient, Duration::from_secs(10)).await;
        assert_eq!(mail.len(), 1, "exactly one welcome email to {recipient}");
        let m = &mail[0];
        assert!(m.contains("Subject: Welcome to Lyceum, Institution "), "{m}");
        assert!(m.contains("Message-ID: <job-"), "{m}");
        assert!(m.contains("text/plain") && m.contains("text/html"), "{m}");
        assert!(m.contains(&slug), "{m}");
        let stats = jobs::stats(&app.t.db).await.unwrap();
        assert_eq!((stats.queued, stats.done, stats.dead), (0, 1, 0));
    }

    async fn a_taken_slug_is_409_and_changes_nothing(t) {
        let app = TestApp::new(t).await;
        let slug = unique_slug("taken");
        assert_eq!(app.post_json("/v1/signup", &signup_body(&slug)).await.status, 201);
        let mut again = signup_body(&slug);
        again["owner_email"] = json!("someone.else@other.test");
        let r = app.post_json("/v1/signup", &again).await;
        r.assert_problem(409, "slug_taken");
        assert_eq!(r.error_fields(), vec!["slug"]);
        assert_eq!(tenant_count(&app).await, 1);
        assert_eq!(queued_jobs(&app).await, 1);
    }

    async fn every_invalid_field_is_reported_at_once(t) {
        let app = TestApp::new(t).await;
        let r = app
            .post_json(
                "/v1/signup",
                &json!({
                    "institution_name": "  ",
                    "slug": "-Bad_Slug",
                    "owner_name": "x".repeat(201),
                    "owner_email": "not-an-email",
                    "password": "short",
                    "plan": "platinum",
                }),
            )
            .await;
        r.assert_problem(400, "validation_failed");
        let mut fields = r.error_fields();
        fields.sort();
        assert_eq!(fields, vec!["institution_name", "owner_email", "owner_name", "password", "plan", "slug"]);
        assert_eq!(tenant_count(&app).await, 0);
        assert_eq!(queued_jobs(&app).await, 0);
    }

    async fn malformed_bodies_are_4xx_problems_naming_the_field(t) {
        let app = TestApp::with_config(t, |c| c.server.max_body_bytes = 2048).await;
        let slug = unique_slug("bad");

        let mut missing = signup_body(&slug);
        missing.as_object_mut().unwrap().remove("owner_email");
        let r = app.post_json("/v1/signup", &missing).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["owner_email"]);

        let mut wrong_type = signup_body(&slug);
        wrong_type["slug"] = json!(42);
        let r = app.post_json("/v1/signup", &wrong_type).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["slug"]);

        let mut null_field = signup_body(&slug);
        null_field["password"] = json!(null);
        let r = app.post_json("/v1/signup", &null_field).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["password"]);

        let mut unknown = signup_body(&slug);
        unknown["pasword"] = json!("typo");
        let r = app.post_json("/v1/signup", &unknown).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["pasword"]);

        let r = app.post_raw("/v1/signup", "application/json", r#"{"slug": "x", "#).await;
        r.assert_problem(400, "invalid_json");
        assert_eq!(r.error_fields(), vec!["body"]);

        for body in ["", "[]", "\"a string\"", "null"] {
            let r = app.post_raw("/v1/signup", "application/json", body).await;
            r.assert_problem(400, "validation_failed");
            assert_eq!(r.error_fields(), vec!["body"], "{body:?}");
        }

        let mut huge = signup_body(&slug);
        huge["institution_name"] = json!("x".repeat(4096));
        let r = app.post_json("/v1/signup", &huge).await;
        r.assert_problem(413, "payload_too_large");

        let r = app.post_raw("/v1/signup", "text/plain", signup_body(&slug).to_string()).await;
        r.assert_problem(415, "unsupported_media_type");

        assert_eq!(tenant_count(&app).await, 0);
        assert_eq!(queued_jobs(&app).await, 0);
    }

    async fn the_tenant_endpoint_needs_a_valid_session(t) {
        let app = TestApp::new(t).await;
        app.get("/v1/tenant", None).await.assert_problem(401, "unauthenticated");
        app.get("/v1/tenant", Some("lys_garbage")).await.assert_problem(401, "unauthenticated");
        // A well-formed token of a tenant that does not exist.
        let r = app.post_json("/v1/signup", &signup_body(&unique_slug("a"))).await;
        let token = r.body["session"]["token"].as_str().unwrap();
        let mut forged = token.to_string();
        forged.pop();
        forged.push(if token.ends_with('A') { 'B' } else { 'A' });
        app.get("/v1/tenant", Some(&forged)).await.assert_problem(401, "unauthenticated");
    }

    async fn each_session_sees_its_own_tenant(t) {
        let app = TestApp::new(t).await;
        let (sa, sb) = (unique_slug("a"), unique_slug("b"));
        let a = app.post_json("/v1/signup", &signup_body(&sa)).await;
        let b = app.post_json("/v1/signup", &signup_body(&sb)).await;
        let ta = a.body["session"]["token"].as_str().unwrap();
        let tb = b.body["session"]["token"].as_str().unwrap();
        assert_eq!(app.get("/v1/tenant", Some(ta)).await.body["slug"], sa);
        assert_eq!(app.get("/v1/tenant", Some(tb)).await.body["slug"], sb);
    }
}
