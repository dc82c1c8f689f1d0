//! What an outside security review found (issue 15), one test per finding, each named after it, on
//! SQLite and PostgreSQL.

use diesel::prelude::*;
use lyceum_core::{
    db::{schema::idempotency_keys, types::TenantId},
    with_conn, TenantScope,
};
use lyceum_testkit::{db_tests, Backend};
use serde_json::{json, Value};

use crate::{
    learning::{backdate, enroll, learner, published_course, put_progress, RIGHT},
    support::{Reply, TestApp, STRIPE_WEBHOOK_SECRET},
};

/// A POST with an `Idempotency-Key`, the Authorization header sent exactly as given.
async fn post_keyed(app: &TestApp, path: &str, authorization: &str, key: &str, body: &Value) -> Reply {
    let resp = app
        .client
        .post(path)
        .header("authorization", authorization)
        .header("idempotency-key", key)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await;
    let status = resp.0.status();
    let headers = resp.0.headers().clone();
    let text = resp.0.into_body().into_string().await.unwrap();
    Reply { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null), text }
}

async fn get_with(app: &TestApp, path: &str, authorization: &str) -> Reply {
    let resp = app.client.get(path).header("authorization", authorization).send().await;
    let status = resp.0.status();
    let headers = resp.0.headers().clone();
    let text = resp.0.into_body().into_string().await.unwrap();
    Reply { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null), text }
}

/// Every stored idempotent response body of a tenant, as bytes.
async fn stored_bodies(app: &TestApp, tenant: &str) -> Vec<Vec<u8>> {
    let scope = TenantScope::for_test(tenant.parse::<TenantId>().unwrap());
    app.state
        .core
        .db()
        .doors()
        .read(&scope, |tx| {
            let t = tx.tenant_id();
            let rows: Vec<Option<Vec<u8>>> = with_conn!(tx, |c| idempotency_keys::table
                .filter(idempotency_keys::tenant_id.eq(t))
                .select(idempotency_keys::response_body)
                .load(c))?;
            Ok(rows.into_iter().flatten().collect())
        })
        .await
        .unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

db_tests! {
    /// Finding 1: the Stripe webhook reads no body when billing is off, at most 1 MiB when it is on, and
    /// checks a bounded number of signatures with one HMAC.
    async fn stripe_webhook_body_and_signature_cost(t) {
        // Billing not configured: refused before the body is read.
        let off = TestApp::new(lyceum_testkit::TestDb::new(t.backend).await).await;
        let r = off.post_raw("/v1/billing/stripe/webhook", "application/json", "x".repeat(3 << 20)).await;
        r.assert_problem(503, "billing_not_configured");

        let (app, _stripe) = TestApp::with_fake_stripe(t).await;
        // More than an event can be: 413, by declared length and by what is actually sent.
        let big = format!("{{\"id\": \"evt_1\", \"pad\": \"{}\"}}", "x".repeat(2 << 20));
        let sig = lyceum_testkit::stripe::sign(STRIPE_WEBHOOK_SECRET, &big, lyceum_testkit::stripe::now());
        let resp = app
            .client
            .post("/v1/billing/stripe/webhook")
            .header("content-type", "application/json")
            .header("stripe-signature", sig)
            .body(big.clone())
            .send()
            .await;
        assert_eq!(resp.0.status(), 413);

        // Thousands of v1 entries are refused after the first few, without an HMAC each.
        let body = r#"{"id": "evt_sigs", "type": "invoice.paid", "created": 1}"#;
        let now = lyceum_testkit::stripe::now();
        let many = format!("t={now},{}", vec![format!("v1={}", "ab".repeat(32)); 8000].join(","));
        let r = app
            .client
            .post("/v1/billing/stripe/webhook")
            .header("content-type", "application/json")
            .header("stripe-signature", many)
            .body(body)
            .send()
            .await;
        assert_eq!(r.0.status(), 400);
        let text = r.0.into_body().into_string().await.unwrap();
        assert!(text.contains("Stripe-Signature"), "{text}");

        // Several well-formed candidates, one of them right, among malformed ones: accepted.
        let good = lyceum_testkit::stripe::sign(STRIPE_WEBHOOK_SECRET, body, now);
        let right = good.split(',').find_map(|p| p.strip_prefix("v1=")).unwrap().to_string();
        let mixed = format!("t={now},v1=zz,v1={},v1=nothex,v1={right}", "00".repeat(32));
        let r = app
            .client
            .post("/v1/billing/stripe/webhook")
            .header("content-type", "application/json")
            .header("stripe-signature", mixed)
            .body(body)
            .send()
            .await;
        assert_eq!(r.0.status(), 200);
    }

    /// Finding 2: a stored response is the caller's own. Another caller repeating an admin's request
    /// with the same key gets no replay (a learner: 403 as without a key); a demoted caller gets no
    /// replay either; the new API key's secret is not readable from the store.
    async fn idempotency_replays_never_bypass_authorization(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("idem").await;
        let (admin_id, admin) = app.user_with_role(&a, "admin").await;
        let (_, learner) = app.user_with_role(&a, "learner").await;
        let key_body = json!({"name": "ci", "scopes": ["users:write", "users:read"]});
        let hook_body = json!({"url": "https://hooks.example.org/x", "events": ["user.created"]});

        let first = post_keyed(&app, "/v1/api-keys", &format!("Bearer {admin}"), "k-1", &key_body).await;
        assert_eq!(first.status, 201, "{first:#?}");
        let secret = first.body["key"].as_str().unwrap().to_string();
        let hook = post_keyed(&app, "/v1/webhook-endpoints", &format!("Bearer {admin}"), "k-2", &hook_body).await;
        assert_eq!(hook.status, 201, "{hook:#?}");
        let hook_secret = hook.body["secret"].as_str().unwrap().to_string();

        // The learner repeats both: refused as if no key had been sent, and never shown the secrets.
        for (path, key, body) in [("/v1/api-keys", "k-1", &key_body), ("/v1/webhook-endpoints", "k-2", &hook_body)] {
            let r = post_keyed(&app, path, &format!("Bearer {learner}"), key, body).await;
            r.assert_problem(403, "forbidden");
            assert!(r.header("idempotency-replayed").is_none());
            assert!(!r.text.contains(&secret) && !r.text.contains(&hook_secret), "{r:#?}");
        }
        // Another admin with the same key and another body is not told the key is taken.
        let (_, admin2) = app.user_with_role(&a, "admin").await;
        let other = post_keyed(&app, "/v1/api-keys", &format!("Bearer {admin2}"), "k-1", &json!({"name": "x", "scopes": ["users:read"]})).await;
        assert_eq!(other.status, 201, "a key used by another caller is no oracle: {other:#?}");

        // The store never holds the secrets readably.
        for body in stored_bodies(&app, &a.id).await {
            assert!(!contains(&body, &secret) && !contains(&body, &hook_secret), "a one-time secret is stored in plaintext");
            assert!(!contains(&body, "\"key\""), "stored bodies are sealed");
        }
        // The admin's own retry gets the same answer.
        let again = post_keyed(&app, "/v1/api-keys", &format!("Bearer {admin}"), "k-1", &key_body).await;
        assert_eq!((again.status.as_u16(), again.header("idempotency-replayed")), (201, Some("true")));
        assert_eq!(again.body["key"], secret.as_str());

        // Demoted, the same session gets no replay.
        let r = app.call("PATCH", &format!("/v1/users/{admin_id}"), Some(&a.owner_token), Some(&json!({"role": "learner"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let r = post_keyed(&app, "/v1/api-keys", &format!("Bearer {admin}"), "k-1", &key_body).await;
        r.assert_problem(403, "forbidden");
        assert!(!r.text.contains(&secret));
    }

    /// Finding 3: `Authorization` is parsed once, case-insensitively, for every layer; failed
    /// authentications are limited per address; an unknown token opens no write transaction.
    async fn one_parser_for_authorization(t) {
        let backend = t.backend;
        let app = TestApp::with_config(t, |c| {
            c.limits.burst = 3;
            c.limits.per_second = 0.001;
            c.limits.auth_burst = 4;
            c.limits.auth_per_minute = 0.001;
        })
        .await;
        let a = app.signup("parse").await;
        // `BEARER` draws from the same bucket as `Bearer`, and the idempotency layer sees it.
        let upper = format!("BEARER {}", a.owner_token);
        let first = post_keyed(&app, "/v1/courses", &upper, "c-1", &json!({"title": "One"})).await;
        assert_eq!(first.status, 201, "{first:#?}");
        assert_eq!(first.header("ratelimit-remaining"), Some("2"));
        let replay = post_keyed(&app, "/v1/courses", &format!("bearer  {}", a.owner_token), "c-1", &json!({"title": "One"})).await;
        assert_eq!(replay.header("idempotency-replayed"), Some("true"), "{replay:#?}");
        assert_eq!(replay.body["id"], first.body["id"]);
        assert_eq!(get_with(&app, "/v1/courses", &upper).await.status, 200);
        get_with(&app, "/v1/courses", &upper).await.assert_problem(429, "rate_limited");

        // Failed authentications from one address: after the burst, refused before any lookup.
        for i in 0..4 {
            get_with(&app, "/v1/tenant", &format!("Bearer lys_unknown{i}")).await.assert_problem(401, "unauthenticated");
        }
        get_with(&app, "/v1/tenant", "Bearer lys_unknown9").await.assert_problem(429, "rate_limited");

        // An unknown (well-formed) token is answered while another connection holds the write lock.
        if backend == Backend::Sqlite {
            use diesel::Connection;
            let path = app.t.url.trim_start_matches("sqlite://").to_string();
            let mut holder = diesel::SqliteConnection::establish(&path).unwrap();
            diesel::sql_query("BEGIN IMMEDIATE").execute(&mut holder).unwrap();
            let forged = {
                let real = &a.owner_token;
                let mut chars: Vec<char> = real.chars().collect();
                let i = "lys_".len() + 3;
                chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
                chars.into_iter().collect::<String>()
            };
            let started = std::time::Instant::now();
            let r = lyceum_core::identity::authenticate(&app.state.core, &forged, Default::default()).await;
            assert!(matches!(r, Err(lyceum_core::Error::Unauthenticated)), "{r:?}");
            assert!(started.elapsed() < std::time::Duration::from_secs(4), "the lookup waited for the write lock");
            diesel::sql_query("ROLLBACK").execute(&mut holder).unwrap();
        }
    }

    /// Finding 4: an API key never does more than its creator may do now (narrowed at every use; a key
    /// of a disabled or deleted creator does nothing).
    async fn api_keys_never_outlive_their_creators_rights(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("keys").await;
        let mut keys = Vec::new();
        for _ in 0..3 {
            let (id, admin) = app.user_with_role(&a, "admin").await;
            let r = app
                .call("POST", "/v1/api-keys", Some(&admin), Some(&json!({"name": "sync", "scopes": ["users:write", "users:read", "courses:read"]})))
                .await;
            assert_eq!(r.status, 201, "{r:#?}");
            keys.push((id, r.body["key"].as_str().unwrap().to_string()));
        }
        let new_user = |n: usize| json!({"email": format!("u{n}@keys.test"), "name": "U", "role": "learner", "send_invite": false});
        for (i, (_, key)) in keys.iter().enumerate() {
            assert_eq!(app.call("POST", "/v1/users", Some(key), Some(&new_user(i))).await.status, 201);
        }
        let owner = Some(a.owner_token.as_str());
        // Demoted: the key keeps only what a learner may do.
        app.call("PATCH", &format!("/v1/users/{}", keys[0].0), owner, Some(&json!({"role": "learner"}))).await;
        app.call("POST", "/v1/users", Some(&keys[0].1), Some(&new_user(10))).await.assert_problem(403, "forbidden");
        app.call("GET", "/v1/users", Some(&keys[0].1), None).await.assert_problem(403, "forbidden");
        assert_eq!(app.call("GET", "/v1/courses", Some(&keys[0].1), None).await.status, 200);
        // Disabled, then deleted: the keys do nothing.
        app.call("PATCH", &format!("/v1/users/{}", keys[1].0), owner, Some(&json!({"status": "disabled"}))).await;
        app.call("GET", "/v1/courses", Some(&keys[1].1), None).await.assert_problem(401, "unauthenticated");
        assert_eq!(app.call("DELETE", &format!("/v1/users/{}", keys[2].0), owner, None).await.status, 204);
        app.call("GET", "/v1/courses", Some(&keys[2].1), None).await.assert_problem(401, "unauthenticated");
        // Promoted back: the key's own scopes again, never more.
        app.call("PATCH", &format!("/v1/users/{}", keys[0].0), owner, Some(&json!({"role": "admin"}))).await;
        assert_eq!(app.call("POST", "/v1/users", Some(&keys[0].1), Some(&new_user(11))).await.status, 201);
        app.call("GET", "/v1/tenant", Some(&keys[0].1), None).await.assert_problem(403, "forbidden");
    }

    /// Finding 5: what verification shows as verified comes from the signed credential; renames since
    /// issuance are reported apart; a suspended institution's certificates are not plainly valid.
    async fn certificate_verification_shows_only_signed_data(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("certs").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (u, _, tok) = learner(&app, &a, "Lee").await;
        let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
        backdate(&app, &a, &e).await;
        for l in [&lessons[0], &lessons[3]] {
            let r = app.call("PUT", &put_progress(&e, l), Some(&tok), Some(&json!({"status": "completed"}))).await;
            assert_eq!(r.status, 200, "{r:#?}");
        }
        let answers: Value = serde_json::from_str(RIGHT).unwrap();
        let r = app.call("POST", &format!("/v1/lessons/{}/attempts", lessons[2]), Some(&tok), Some(&json!({"answers": answers}))).await;
        assert_eq!(r.body["passed"], true, "{r:#?}");
        app.run_jobs().await;
        let certs = app.get("/v1/certificates", Some(&a.owner_token)).await;
        let code = certs.body["items"][0]["code"].as_str().unwrap().to_string();

        let owner = Some(a.owner_token.as_str());
        let r = app.call("PATCH", &format!("/v1/courses/{course}"), owner, Some(&json!({"title": "Doctor of Medicine"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        app.call("PATCH", &format!("/v1/users/{u}"), owner, Some(&json!({"name": "Someone Else"}))).await;
        app.call("PATCH", "/v1/tenant", owner, Some(&json!({"name": "Diploma Mill"}))).await;
        let v = app.get(&format!("/v1/certificates/{code}"), None).await;
        assert_eq!(v.status, 200, "{v:#?}");
        assert_eq!(v.body["valid"], true);
        assert_eq!(v.body["course_title"], "Chemistry 101");
        assert_eq!(v.body["recipient_name"], "Lee");
        assert_eq!(v.body["issuer"], format!("Institution {}", a.slug));
        assert!(!v.text.contains("Doctor of Medicine") && !v.text.contains("Diploma Mill") && !v.text.contains("Someone Else"));
        assert_eq!(v.body["changed_since_issuance"], json!(["recipient_name", "course_title", "issuer_name"]));
        assert_eq!(v.body["issuer_status"], "active");

        let scope = TenantScope::for_test_operator(a.id.parse::<TenantId>().unwrap(), "test");
        lyceum_core::tenants::set_status(&app.state.core, &scope, lyceum_core::tenants::TenantStatus::Suspended, "test")
            .await
            .unwrap();
        let v = app.get(&format!("/v1/certificates/{code}"), None).await;
        assert_eq!((v.body["valid"].as_bool(), v.body["issuer_status"].as_str()), (Some(false), Some("suspended")));
        assert_eq!(v.body["signature_valid"], true);
    }

    /// Finding 6: a NUL character (which PostgreSQL's text cannot hold) in a body field, a query or a
    /// path parameter is a 400 naming it, on both backends, for anonymous operations too.
    async fn input_postgres_cannot_store(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("nul").await;
        let tok = Some(a.owner_token.as_str());
        let r = app.call("POST", "/v1/courses", tok, Some(&json!({"title": "a\u{0}b"}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["title"]);
        let r = app.call("PATCH", "/v1/tenant", tok, Some(&json!({"name": "x", "reply_to": "a\u{0}@b.test"}))).await;
        assert_eq!(r.error_fields(), ["reply_to"], "{r:#?}");
        let r = app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": "o\u{0}@x.test", "password": "p"})).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["email"]);
        let r = app.post_json("/v1/signup", &json!({"institution_name": "N\u{0}", "slug": "nul-x", "owner_name": "O",
            "owner_email": "o@nul.test", "password": "correct horse battery"})).await;
        assert_eq!(r.error_fields(), ["institution_name"]);
        let r = app.get("/v1/courses?cursor=ab%00cd", tok).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["cursor"]);
        let r = app.get("/v1/users?q=%00", tok).await;
        assert_eq!(r.error_fields(), ["q"]);
        let r = app.get("/v1/certificates/ab%00cd", None).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["path"]);
        // Nothing was written.
        let list = app.get("/v1/courses", tok).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
    }

    /// Finding 7: `tenant:read` guards the institution's view.
    async fn tenant_read_is_enforced(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("tread").await;
        let r = app
            .call("POST", "/v1/api-keys", Some(&a.owner_token), Some(&json!({"name": "c", "scopes": ["courses:read"]})))
            .await;
        let key = r.body["key"].as_str().unwrap().to_string();
        let r = app.get("/v1/tenant", Some(&key)).await;
        r.assert_problem(403, "forbidden");
        assert!(r.body["detail"].as_str().unwrap().contains("tenant:read"));
        assert!(!r.text.contains("seat"), "{r:#?}");
        let r = app
            .call("POST", "/v1/api-keys", Some(&a.owner_token), Some(&json!({"name": "t", "scopes": ["tenant:read"]})))
            .await;
        let key = r.body["key"].as_str().unwrap().to_string();
        assert_eq!(app.get("/v1/tenant", Some(&key)).await.status, 200);
    }

    /// Finding 8: one request cannot produce an unbounded error: more answers than questions is one
    /// error, refused before grading; any problem lists at most 100 fields and counts the rest.
    async fn bounded_error_output(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("bound").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (u, _, tok) = learner(&app, &a, "Many").await;
        enroll(&app, &a, &course, &u).await;
        let answers: Vec<Value> = (0..200_000).map(|_| json!({})).collect();
        let r = app.call("POST", &format!("/v1/lessons/{}/attempts", lessons[2]), Some(&tok), Some(&json!({"answers": answers}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["answers"]);
        assert!(r.text.len() < 2_000, "{} bytes", r.text.len());

        // 150 malformed questions: 100 listed, 50 counted.
        let module = app.call("GET", &format!("/v1/courses/{course}/modules"), Some(&a.owner_token), None).await;
        let m = module.body["items"][0]["id"].as_str().unwrap().to_string();
        let questions: Vec<Value> = (0..150).map(|_| json!({"prompt": "", "type": "true_false", "answer": true})).collect();
        let r = app
            .call("POST", &format!("/v1/modules/{m}/lessons"), Some(&a.owner_token), Some(&json!({"title": "Q", "kind": "quiz", "passing_score": 50, "questions": questions})))
            .await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields().len(), 100);
        assert_eq!(r.body["errors_omitted"], 50);
        assert!(r.body["detail"].as_str().unwrap().len() < 1_000);
    }

    /// Finding 9: progress reports carry no score (scores come from graded work), and time spent is
    /// bounded by the time that really elapsed.
    async fn learners_cannot_award_themselves_scores(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("score").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (u, _, tok) = learner(&app, &a, "Greedy").await;
        let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
        let r = app.call("PUT", &put_progress(&e, &lessons[0]), Some(&tok), Some(&json!({"status": "completed", "score": 100}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["score"]);
        let r = app
            .call("PUT", &put_progress(&e, &lessons[0]), Some(&tok), Some(&json!({"status": "completed", "time_spent_seconds": 9_000_000})))
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        let recorded = r.body["lesson"]["time_spent_seconds"].as_i64().unwrap();
        assert!(recorded <= 40, "just enrolled, yet {recorded} s recorded");
        assert_eq!(r.body["enrollment"]["score"], Value::Null);
        let report = app.get(&format!("/v1/reports/courses/{course}"), Some(&a.owner_token)).await;
        assert_eq!(report.body["average_score"], Value::Null, "{report:#?}");
    }

    /// Finding 10: once learners have records on a lesson, removing it (or its module) is refused with
    /// a clear problem and their records stay.
    async fn learner_records_survive_course_edits(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("keep").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (u, _, tok) = learner(&app, &a, "Kept").await;
        let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
        let r = app.call("PUT", &put_progress(&e, &lessons[0]), Some(&tok), Some(&json!({"status": "completed"}))).await;
        assert_eq!(r.status, 200);
        let owner = Some(a.owner_token.as_str());
        app.call("DELETE", &format!("/v1/lessons/{}", lessons[0]), owner, None).await.assert_problem(409, "learner_records_exist");
        let modules = app.get(&format!("/v1/courses/{course}/modules"), owner).await;
        let m1 = modules.body["items"][0]["id"].as_str().unwrap().to_string();
        app.call("DELETE", &format!("/v1/modules/{m1}"), owner, None).await.assert_problem(409, "learner_records_exist");
        let progress = app.get(&format!("/v1/enrollments/{e}/progress"), Some(&tok)).await;
        assert_eq!(progress.body["lessons"][0]["status"], "completed", "{progress:#?}");
        // A lesson nobody touched can still go.
        assert_eq!(app.call("DELETE", &format!("/v1/lessons/{}", lessons[1]), owner, None).await.status, 204);
    }
}

db_tests! {
    /// Finding 15: a password reset does the same work (one enqueue, the same statements) whether the
    /// institution and the account exist or not; the lookup happens in the background.
    async fn password_reset_takes_the_same_work_for_known_and_unknown_emails(t) {
        // A burst so large that the shared rate-limit bucket (PostgreSQL) is leased once, before counting.
        let app = TestApp::with_config(t, |c| c.limits.burst = 1_000_000).await;
        let a = app.signup("same").await;
        let mut costs = Vec::new();
        for body in [
            json!({"tenant": a.slug, "email": a.owner_email}),
            json!({"tenant": a.slug, "email": "nobody@same.test"}),
            json!({"tenant": "no-such-institution", "email": a.owner_email}),
        ] {
            let before = app.state.core.db().queries_executed();
            let r = app.post_json("/v1/auth/password-reset", &body).await;
            assert_eq!(r.status, 202, "{r:#?}");
            costs.push(app.state.core.db().queries_executed() - before);
        }
        assert!(costs.iter().all(|c| *c == costs[0]), "statements per request differ: {costs:?}");
        app.run_jobs().await;
        let mail = lyceum_testkit::Mailbox::from_env().wait_for(&a.owner_email, std::time::Duration::from_secs(10)).await;
        assert_eq!(mail.iter().filter(|m| m.contains("Reset your Lyceum password")).count(), 1);
    }

    /// Finding 15: `/metrics` can require a token.
    async fn metrics_can_be_protected(t) {
        let app = TestApp::with_config(t, |c| c.observability.metrics_token = Some("scrape-s3cret".into())).await;
        assert_eq!(app.get("/metrics", None).await.status, 401);
        assert_eq!(app.get("/metrics", Some("wrong")).await.status, 401);
        let r = app.get("/metrics", Some("scrape-s3cret")).await;
        assert_eq!(r.status, 200);
        assert!(r.text.contains("lyceum_"), "{}", &r.text[..r.text.len().min(200)]);
    }

    /// Finding 15: names and titles refuse control and bidirectional-override characters.
    async fn names_refuse_control_and_bidi_characters(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("bidi").await;
        let tok = Some(a.owner_token.as_str());
        for (path, body, field) in [
            ("/v1/users", json!({"email": "x@bidi.test", "name": "Ad\u{202E}nimda", "role": "learner", "send_invite": false}), "name"),
            ("/v1/courses", json!({"title": "Safe\u{2066}course"}), "title"),
            ("/v1/api-keys", json!({"name": "key\u{200F}", "scopes": ["courses:read"]}), "name"),
            ("/v1/users", json!({"email": "y@bidi.test", "name": "Bell\u{7}", "role": "learner", "send_invite": false}), "name"),
        ] {
            let r = app.call("POST", path, tok, Some(&body)).await;
            r.assert_problem(400, "validation_failed");
            assert_eq!(r.error_fields(), [field], "{path}: {r:#?}");
        }
        let r = app.call("PATCH", "/v1/tenant", tok, Some(&json!({"name": "Evil\u{202D}Corp"}))).await;
        assert_eq!(r.error_fields(), ["name"], "{r:#?}");
        let mut body = crate::support::signup_body(&lyceum_testkit::unique_slug("bidi"));
        body["institution_name"] = json!("Uni\u{2067}versity");
        assert_eq!(app.post_json("/v1/signup", &body).await.error_fields(), ["institution_name"]);
    }

    /// Finding 15: the spec's scope enum is exactly what `POST /v1/api-keys` accepts, and a public signup
    /// cannot choose a paid plan.
    async fn the_spec_states_exactly_what_the_server_accepts(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("enum").await;
        let spec: Value = serde_json::from_str(&lyceum_api::spec_json()).unwrap();
        let scopes = spec["components"]["schemas"]["CreateApiKey"]["properties"]["scopes"]["items"]["enum"].clone();
        let listed: Vec<&str> = scopes.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert!(!listed.contains(&"api_keys:manage"), "{listed:?}");
        let r = app.call("POST", "/v1/api-keys", Some(&a.owner_token), Some(&json!({"name": "all", "scopes": listed}))).await;
        assert_eq!(r.status, 201, "every listed scope is accepted: {r:#?}");
        let plans = &spec["components"]["schemas"]["SignupRequest"]["properties"]["plan"]["enum"];
        assert_eq!(plans.as_array().unwrap().iter().filter(|p| !p.is_null()).collect::<Vec<_>>(), [&json!("trial")]);
        let mut body = crate::support::signup_body(&lyceum_testkit::unique_slug("paid"));
        body["plan"] = json!("growth");
        let r = app.post_json("/v1/signup", &body).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["plan"]);
    }
}
