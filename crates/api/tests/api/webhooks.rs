//! Outgoing webhooks through the API on both backends: a receiver that fails twice gets the event in
//! the end with one `webhook-id`, the signature verifies with an independent implementation (Python's
//! hmac), redelivery works, an endpoint failing for days is disabled and its owner emailed, and private
//! targets are refused.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use diesel::prelude::*;
use lyceum_core::{db::schema::jobs, db::types::Timestamp, with_conn};
use lyceum_testkit::{db_tests, Mailbox};
use poem::{
    handler, http::StatusCode, listener::TcpAcceptor, web::Data as PoemData, EndpointExt, Request, Route, Server,
};
use serde_json::{json, Value};

use crate::support::TestApp;

#[derive(Default)]
struct Receiver {
    /// (webhook-id, webhook-timestamp, webhook-signature, body) of every request.
    seen: Vec<(String, String, String, String)>,
    /// Requests still to answer with 500.
    fail: usize,
}

type Shared = Arc<Mutex<Receiver>>;

#[handler]
async fn receive(req: &Request, body: String, state: PoemData<&Shared>) -> StatusCode {
    let h = |n: &str| req.header(n).unwrap_or("").to_string();
    let mut r = state.0.lock().unwrap();
    r.seen.push((h("webhook-id"), h("webhook-timestamp"), h("webhook-signature"), body));
    if r.fail > 0 {
        r.fail -= 1;
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::NO_CONTENT
    }
}

/// A receiver on a free local port; returns its URL.
fn start_receiver(shared: Shared) -> String {
    let std = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    std.set_nonblocking(true).unwrap();
    let port = std.local_addr().unwrap().port();
    let acceptor = TcpAcceptor::from_std(std).unwrap();
    tokio::spawn(Server::new_with_acceptor(acceptor).run(Route::new().at("/hook", receive).data(shared)));
    format!("http://127.0.0.1:{port}/hook")
}

/// Makes every queued job due now (as if its backoff passed) and runs the queue.
async fn retry_now(app: &TestApp) {
    app.t
        .db
        .doors()
        .platform(|tx| {
            let now = Timestamp::now();
            with_conn!(tx, |c| diesel::update(jobs::table.filter(jobs::status.eq("queued")))
                .set(jobs::run_at.eq(now))
                .execute(c))?;
            Ok(())
        })
        .await
        .unwrap();
    app.run_jobs().await;
}

/// Python's standard library computes the Standard Webhooks signature: an implementation independent
/// of Lyceum's.
fn python_signature(secret: &str, id: &str, ts: &str, body: &str) -> String {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import base64,hashlib,hmac,os\n\
             key = base64.b64decode(os.environ['S'].removeprefix('whsec_'))\n\
             msg = (os.environ['I'] + '.' + os.environ['T'] + '.' + os.environ['B']).encode()\n\
             print('v1,' + base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode(), end='')",
        ])
        .env("S", secret)
        .env("I", id)
        .env("T", ts)
        .env("B", body)
        .output()
        .expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

db_tests! {
    async fn events_reach_a_failing_receiver_in_the_end_signed_and_with_one_id(t) {
        let app = TestApp::with_config(t, |c| c.webhooks.allow_private = true).await;
        let a = app.signup("hooks").await;
        let shared: Shared = Arc::default();
        shared.lock().unwrap().fail = 2;
        let url = start_receiver(shared.clone());
        let r = app
            .call("POST", "/v1/webhook-endpoints", Some(&a.owner_token), Some(&json!({"url": url, "events": ["user.created"]})))
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        let endpoint = r.body["id"].as_str().unwrap().to_string();
        let secret = r.body["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("whsec_"));
        let view = app.call("GET", &format!("/v1/webhook-endpoints/{endpoint}"), Some(&a.owner_token), None).await;
        assert!(view.body.get("secret").is_none(), "the secret is shown once: {view:#?}");

        // An event: a user is created. The receiver fails twice, then takes it.
        let (user_id, _) = app.user_with_role(&a, "learner").await;
        app.run_jobs().await;
        for _ in 0..4 {
            if shared.lock().unwrap().seen.len() >= 3 {
                break;
            }
            retry_now(&app).await;
        }
        let seen = shared.lock().unwrap().seen.clone();
        assert_eq!(seen.len(), 3, "two failures and a success");
        assert!(seen.iter().all(|s| s.0 == seen[0].0), "one webhook-id across retries");
        let (id, ts, sig, body) = seen[2].clone();
        let payload: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(payload["type"], "user.created");
        assert_eq!(payload["id"], id.as_str());
        assert_eq!(payload["data"]["user_id"], user_id.as_str());
        assert!(payload["data"].get("password_hash").is_none());
        assert_eq!(sig, python_signature(&secret, &id, &ts, &body), "signature verifies independently");
        assert!((chrono::Utc::now().timestamp() - ts.parse::<i64>().unwrap()).abs() < 60);

        let deliveries = app.call("GET", &format!("/v1/webhook-endpoints/{endpoint}/deliveries"), Some(&a.owner_token), None).await;
        let d = &deliveries.body["items"][0];
        assert_eq!((d["status"].as_str(), d["attempts"].as_i64(), d["last_status_code"].as_i64()), (Some("succeeded"), Some(3), Some(204)), "{deliveries:#?}");

        // Redelivery sends the same event again.
        let r = app
            .call("POST", &format!("/v1/webhook-endpoints/{endpoint}/deliveries/{}/redeliver", d["id"].as_str().unwrap()), Some(&a.owner_token), None)
            .await;
        assert_eq!(r.status, 202, "{r:#?}");
        app.run_jobs().await;
        let seen = shared.lock().unwrap().seen.clone();
        assert_eq!(seen.len(), 4);
        assert_eq!(seen[3].0, id);

        // Failing for days disables the endpoint and tells the owner; new events are not delivered.
        shared.lock().unwrap().fail = usize::MAX;
        app.t
            .db
            .doors()
            .write(&lyceum_core::TenantScope::for_test(a.id.parse().unwrap()), |tx| {
                use lyceum_core::db::schema::webhook_endpoints as we;
                let long_ago = Timestamp::now() - chrono::Duration::days(4);
                with_conn!(tx, |c| diesel::update(we::table).set(we::failing_since.eq(Some(long_ago))).execute(c))?;
                Ok(())
            })
            .await
            .unwrap();
        app.user_with_role(&a, "learner").await;
        app.run_jobs().await;
        let view = app.call("GET", &format!("/v1/webhook-endpoints/{endpoint}"), Some(&a.owner_token), None).await;
        assert_eq!(view.body["status"], "disabled", "{view:#?}");
        assert!(view.body["disabled_reason"].as_str().unwrap().contains("500"));
        let mail = Mailbox::from_env().wait_for(&a.owner_email, Duration::from_secs(10)).await;
        assert!(mail.iter().any(|m| m.contains("Webhook endpoint disabled")), "the owner is told");
        let before = shared.lock().unwrap().seen.len();
        app.user_with_role(&a, "learner").await;
        retry_now(&app).await;
        assert_eq!(shared.lock().unwrap().seen.len(), before, "a disabled endpoint gets nothing");
    }

    async fn bad_endpoints_are_refused(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("badhooks").await;
        let tok = Some(a.owner_token.as_str());
        for (body, field) in [
            (json!({"url": "http://127.0.0.1:9/hook", "events": ["user.created"]}), "url"),
            (json!({"url": "http://169.254.169.254/latest", "events": ["user.created"]}), "url"),
            (json!({"url": "ftp://example.org/", "events": ["user.created"]}), "url"),
            (json!({"url": "https://example.org/hook", "events": []}), "events"),
            (json!({"url": "https://example.org/hook", "events": ["user.exploded"]}), "events.0"),
        ] {
            let r = app.call("POST", "/v1/webhook-endpoints", tok, Some(&body)).await;
            r.assert_problem(400, "validation_failed");
            assert_eq!(r.error_fields(), [field], "{r:#?}");
        }
        // Learners may not manage webhooks.
        let (_, learner) = app.user_with_role(&a, "learner").await;
        app.call("GET", "/v1/webhook-endpoints", Some(&learner), None).await.assert_problem(403, "forbidden");
        let r = app.call("POST", "/v1/webhook-endpoints", tok, Some(&json!({"url": "https://example.org/hook", "events": ["*"]}))).await;
        assert_eq!(r.status, 201);
        let list = app.call("GET", "/v1/webhook-endpoints", tok, None).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
        let id = r.body["id"].as_str().unwrap();
        assert_eq!(app.call("DELETE", &format!("/v1/webhook-endpoints/{id}"), tok, None).await.status, 204);
        app.call("GET", &format!("/v1/webhook-endpoints/{id}"), tok, None).await.assert_problem(404, "not_found");
    }
}

/// Issue 15, finding 13: deliveries never go through a proxy (which would connect to addresses the
/// address check never saw), whatever `HTTP(S)_PROXY` says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_deliveries_ignore_proxy_settings() {
    // The proxy variables are process-wide: only safe in a process of its own, as nextest runs tests.
    if std::env::var_os("NEXTEST").is_none() {
        eprintln!("skipped: needs a test process of its own (run under cargo nextest)");
        return;
    }
    let proxy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    proxy.set_nonblocking(true).unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    for k in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
        std::env::set_var(k, &proxy_url);
    }
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");
    let t = lyceum_testkit::TestDb::new(lyceum_testkit::Backend::Sqlite).await;
    let app = TestApp::with_config(t, |c| c.webhooks.allow_private = true).await;
    let a = app.signup("noproxy").await;
    let shared: Shared = Arc::default();
    let url = start_receiver(shared.clone());
    let r = app
        .call(
            "POST",
            "/v1/webhook-endpoints",
            Some(&a.owner_token),
            Some(&json!({"url": url, "events": ["user.created"]})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    app.user_with_role(&a, "learner").await;
    app.run_jobs().await;
    assert_eq!(shared.lock().unwrap().seen.len(), 1, "delivered straight to the receiver");
    assert!(
        matches!(proxy.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the delivery went through the proxy"
    );
}
