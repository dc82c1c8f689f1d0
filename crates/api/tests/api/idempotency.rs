//! Idempotency keys on POST: replay without a second effect, 422 on reuse with another body, one effect
//! under concurrency, per-tenant keys.

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::support::{Reply, TestApp};

async fn post_with_key(app: &TestApp, token: &str, key: &str, path: &str, body: &Value) -> Reply {
    let req = app
        .client
        .post(path)
        .header("authorization", format!("Bearer {token}"))
        .header("idempotency-key", key)
        .header("content-type", "application/json")
        .body(body.to_string());
    let resp = req.send().await.0;
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.into_body().into_string().await.unwrap();
    Reply { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null), text }
}

async fn user_count(app: &TestApp, token: &str) -> usize {
    app.call("GET", "/v1/users?limit=200", Some(token), None).await.body["items"].as_array().unwrap().len()
}

db_tests! {
    async fn a_retry_replays_the_first_response_without_a_second_effect(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("idem").await;
        let body = json!({"email": "once@idem.test", "name": "Once", "role": "learner", "send_invite": false});
        let first = post_with_key(&app, &a.owner_token, "key-1", "/v1/users", &body).await;
        assert_eq!(first.status, 201, "{first:#?}");
        assert!(first.header("idempotency-replayed").is_none());
        let again = post_with_key(&app, &a.owner_token, "key-1", "/v1/users", &body).await;
        assert_eq!(again.status, 201);
        assert_eq!(again.header("idempotency-replayed"), Some("true"));
        assert_eq!(again.text, first.text, "the same body, byte for byte");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(user_count(&app, &a.owner_token).await, 2, "owner + one user");

        let other = json!({"email": "twice@idem.test", "name": "Twice", "role": "learner", "send_invite": false});
        post_with_key(&app, &a.owner_token, "key-1", "/v1/users", &other).await.assert_problem(422, "idempotency_key_reused");
        // Client errors are stored too: the retry of a rejected request is rejected the same way.
        let bad = json!({"email": "nope", "name": "", "role": "learner"});
        let r1 = post_with_key(&app, &a.owner_token, "key-2", "/v1/users", &bad).await;
        r1.assert_problem(400, "validation_failed");
        let r2 = post_with_key(&app, &a.owner_token, "key-2", "/v1/users", &bad).await;
        assert_eq!((r2.status.as_u16(), r2.header("idempotency-replayed")), (400, Some("true")));
        assert_eq!(user_count(&app, &a.owner_token).await, 2);

        // Keys are per tenant: another institution's identical key is its own.
        let b = app.signup("idem").await;
        assert_eq!(post_with_key(&app, &b.owner_token, "key-1", "/v1/users", &body).await.status, 201);
        assert_eq!(user_count(&app, &b.owner_token).await, 2);

        let long = "k".repeat(256);
        let r = post_with_key(&app, &a.owner_token, &long, "/v1/users", &body).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["Idempotency-Key"]);
    }

    async fn concurrent_requests_with_one_key_have_one_effect(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("race").await;
        let mut statuses = Vec::new();
        for round in 0..5 {
            let key = format!("race-{round}");
            let body = json!({"email": format!("r{round}@race.test"), "name": "R", "role": "learner", "send_invite": false});
            let (x, y) = tokio::join!(
                post_with_key(&app, &a.owner_token, &key, "/v1/users", &body),
                post_with_key(&app, &a.owner_token, &key, "/v1/users", &body)
            );
            for r in [&x, &y] {
                assert!(
                    r.status == 201 || (r.status == 409 && r.body["code"] == "idempotency_request_in_progress"),
                    "{r:#?}"
                );
            }
            statuses.push((x.status.as_u16(), y.status.as_u16()));
        }
        assert_eq!(user_count(&app, &a.owner_token).await, 1 + 5, "one user per key: {statuses:?}");
    }
}
