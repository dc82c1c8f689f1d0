//! `TestApp`: the poem app over a test database, a worker wired to the SMTP sink, and request helpers.

use std::sync::Arc;

use lyceum_api::{app, AppState};
use lyceum_core::{config::Config, email::Mailer};
use lyceum_testkit::TestDb;
use lyceum_worker::{registry, Context, Worker, WorkerOptions};
use poem::{
    endpoint::BoxEndpoint,
    http::{HeaderMap, StatusCode},
    test::TestClient,
    EndpointExt,
};
use serde_json::Value;

pub struct TestApp {
    pub t: TestDb,
    pub state: AppState,
    pub client: TestClient<BoxEndpoint<'static>>,
}

/// A response read to the end.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `field`s named in a problem's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["field"].as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{self:#?}");
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "{self:#?}");
        assert_eq!(self.body["status"], status, "{self:#?}");
        assert_eq!(self.body["code"], code, "{self:#?}");
        assert!(!self.body["title"].as_str().unwrap_or("").is_empty(), "{self:#?}");
        assert!(!self.body["detail"].as_str().unwrap_or("").is_empty(), "{self:#?}");
        assert_eq!(self.body["type"], format!("urn:lyceum:problem:{code}"), "{self:#?}");
        let rid = self.body["request_id"].as_str().unwrap_or("");
        assert!(!rid.is_empty() && Some(rid) == self.header("x-request-id"), "{self:#?}");
    }
}

impl TestApp {
    pub async fn new(t: TestDb) -> Self {
        Self::with_config(t, |_| {}).await
    }

    pub async fn with_config(t: TestDb, tweak: impl FnOnce(&mut Config)) -> Self {
        let mut config = t.config();
        tweak(&mut config);
        let state = AppState::new(t.db.clone(), Arc::new(config));
        let client = TestClient::new(app(state.clone()).boxed());
        TestApp { t, state, client }
    }

    async fn finish(resp: poem::test::TestResponse) -> Reply {
        let status = resp.0.status();
        let headers = resp.0.headers().clone();
        let text = resp.0.into_body().into_string().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = self.client.get(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        Self::finish(req.send().await).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.post_raw(path, "application/json", body.to_string()).await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<String>) -> Reply {
        let req = self.client.post(path).header("content-type", content_type).body(body.into());
        Self::finish(req.send().await).await
    }

    /// A worker over the same database; mail goes to the SMTP sink.
    pub fn worker(&self) -> Worker {
        let config = self.state.config.clone();
        let ctx = Context { db: self.t.db.clone(), mailer: Mailer::from_config(&config).expect("mailer"), config };
        Worker::new(ctx, registry(), WorkerOptions::default())
    }

    /// Runs every due job to completion; returns how many ran.
    pub async fn run_jobs(&self) -> usize {
        self.worker().drain().await.expect("running jobs")
    }
}

/// A valid signup body for `slug`, sending mail to a recipient no other test uses.
pub fn signup_body(slug: &str) -> Value {
    serde_json::json!({
        "institution_name": format!("Institution {slug}"),
        "slug": slug,
        "owner_name": "Ada Admin",
        "owner_email": format!("ada.{slug}@acme.test"),
        "password": "correct horse battery",
    })
}
