//! `TestApp`: the poem app over a test database, a worker wired to the SMTP sink, and request helpers.

use std::sync::Arc;

use lyceum_api::{app, AppState};
use lyceum_core::{config::Config, email::Mailer};
use lyceum_testkit::{stripe::FakeStripe, TestDb};
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
        let state = AppState::new(t.db.clone(), Arc::new(config)).expect("app state");
        let client = TestClient::new(crate::contract::checked(app(state.clone())).boxed());
        TestApp { t, state, client }
    }

    /// An app whose Stripe is a fresh fake (prices `price_starter` 400 and `price_growth` 800 cents).
    pub async fn with_fake_stripe(t: TestDb) -> (Self, FakeStripe) {
        let fake = FakeStripe::start(&[("price_starter", 400), ("price_growth", 800)]).await;
        let url = fake.url.clone();
        let app = Self::with_config(t, move |c| {
            c.stripe.secret_key = Some("sk_test_lyceum".into());
            c.stripe.webhook_secret = Some(STRIPE_WEBHOOK_SECRET.into());
            c.stripe.api_base = Some(url);
            c.stripe.prices = Some("starter=price_starter,growth=price_growth".into());
            c.stripe.timeout_ms = 1500;
        })
        .await;
        (app, fake)
    }

    /// Delivers a Stripe event body to the webhook, signed now (as Stripe does).
    pub async fn stripe_webhook(&self, body: &str) -> Reply {
        let sig = lyceum_testkit::stripe::sign(STRIPE_WEBHOOK_SECRET, body, lyceum_testkit::stripe::now());
        let req = self
            .client
            .post("/v1/billing/stripe/webhook")
            .header("content-type", "application/json; charset=utf-8")
            .header("stripe-signature", sig)
            .body(body.to_string());
        Self::finish(req.send().await).await
    }

    pub async fn finish(resp: poem::test::TestResponse) -> Reply {
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

    /// Any request, with an optional bearer token and JSON body.
    pub async fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        let mut req = match method {
            "GET" => self.client.get(path),
            "POST" => self.client.post(path),
            "PATCH" => self.client.patch(path),
            "PUT" => self.client.put(path),
            "DELETE" => self.client.delete(path),
            other => panic!("method {other}"),
        };
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b.to_string());
        }
        Self::finish(req.send().await).await
    }

    /// Signs up a fresh institution; returns (slug, owner email, owner token, tenant id).
    pub async fn signup(&self, prefix: &str) -> Tenant {
        let slug = lyceum_testkit::unique_slug(prefix);
        let body = signup_body(&slug);
        let r = self.post_json("/v1/signup", &body).await;
        assert_eq!(r.status, 201, "{r:#?}");
        Tenant {
            slug,
            owner_email: body["owner_email"].as_str().unwrap().to_string(),
            owner_token: r.body["session"]["token"].as_str().unwrap().to_string(),
            owner_id: r.body["user"]["id"].as_str().unwrap().to_string(),
            id: r.body["tenant"]["id"].as_str().unwrap().to_string(),
        }
    }

    /// Creates a user with a password through the API and signs them in; returns (user id, token).
    pub async fn user_with_role(&self, t: &Tenant, role: &str) -> (String, String) {
        let email = format!("{role}.{}@{}.test", uuid::Uuid::now_v7().simple(), t.slug);
        let r = self
            .call(
                "POST",
                "/v1/users",
                Some(&t.owner_token),
                Some(&serde_json::json!({"email": email, "name": format!("A {role}"), "role": role, "password": PASSWORD})),
            )
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        let id = r.body["id"].as_str().unwrap().to_string();
        (id, self.login(&t.slug, &email, PASSWORD).await)
    }

    pub async fn login(&self, slug: &str, email: &str, password: &str) -> String {
        let r = self
            .post_json("/v1/auth/login", &serde_json::json!({"tenant": slug, "email": email, "password": password}))
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        r.body["token"].as_str().unwrap().to_string()
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
        let ctx = Context::new(self.state.core.clone(), Mailer::from_config(&config).expect("mailer"), config);
        Worker::new(ctx, registry(), WorkerOptions::default())
    }

    /// Runs every due job to completion; returns how many ran.
    pub async fn run_jobs(&self) -> usize {
        self.worker().drain().await.expect("running jobs")
    }
}

pub const PASSWORD: &str = "correct horse battery";
pub const STRIPE_WEBHOOK_SECRET: &str = "whsec_test_lyceum_0123456789";

/// An institution created through the API.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub slug: String,
    pub id: String,
    pub owner_email: String,
    pub owner_id: String,
    pub owner_token: String,
}

/// Finds the first token with `prefix` (e.g. `lyi_`) in an email.
pub fn token_in(mail: &str, prefix: &str) -> String {
    let mail = lyceum_testkit::Mailbox::decode_quoted_printable(mail);
    let start = mail.find(prefix).unwrap_or_else(|| panic!("no {prefix} token in {mail}"));
    mail[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
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
