//! A fake Stripe API on a local port, for the real async-stripe client (`LYCEUM_STRIPE_API_BASE`). It
//! keeps customers, Checkout and portal sessions, subscriptions and invoices in memory, answers with
//! complete Stripe objects ([`objects`]), honours `Idempotency-Key` (a repeated key returns the first
//! answer and creates nothing), records every call, and can fail or stall the next requests on demand.
//! It also builds and signs webhook events as Stripe sends them.

pub mod objects;

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
    time::Duration,
};

use hmac::{Hmac, Mac};
use poem::{
    handler, http::StatusCode, listener::TcpListener, web::Data, Body, EndpointExt, Request, Response, Route, Server,
};
use serde_json::{json, Value};
use sha2::Sha256;

/// One request the fake received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub idempotency_key: Option<String>,
}

/// What the next request gets instead of an answer.
#[derive(Debug, Clone)]
pub enum Failure {
    /// A Stripe error body with this status.
    Status(u16),
    /// Wait this long, then answer normally.
    Delay(Duration),
}

#[derive(Default)]
struct State {
    customers: HashMap<String, Value>,
    sessions: HashMap<String, Value>,
    subscriptions: HashMap<String, Value>,
    invoices: Vec<Value>,
    idempotent: HashMap<String, (u16, Value)>,
    calls: Vec<Call>,
    failures: VecDeque<Failure>,
    /// price id -> unit amount.
    prices: HashMap<String, i64>,
    seq: u64,
}

impl State {
    fn id(&mut self, prefix: &str) -> String {
        self.seq += 1;
        format!("{prefix}_fake{:016}{}", self.seq, &uuid::Uuid::new_v4().simple().to_string()[..8])
    }
}

/// The running fake. Dropping it stops the server.
pub struct FakeStripe {
    /// Base URL for the client (`LYCEUM_STRIPE_API_BASE`).
    pub url: String,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// `Stripe-Signature` for `body` at unix time `t`.
pub fn sign(secret: &str, body: &str, t: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

impl FakeStripe {
    /// Starts the fake with the given prices (id -> unit amount in cents).
    pub async fn start(prices: &[(&str, i64)]) -> FakeStripe {
        let state = Arc::new(Mutex::new(State {
            prices: prices.iter().map(|(p, a)| (p.to_string(), *a)).collect(),
            ..State::default()
        }));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding the fake Stripe");
        let addr = listener.local_addr().expect("address");
        drop(listener);
        let app = Route::new().at("/*path", handle).data(state.clone());
        let task = tokio::spawn(async move {
            let _ = Server::new(TcpListener::bind(addr.to_string())).run(app).await;
        });
        // Wait until it accepts connections.
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(addr).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        FakeStripe { url: format!("http://{addr}/"), state, task }
    }

    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    /// Calls whose path starts with `prefix` (e.g. `POST /v1/customers`).
    pub fn count(&self, method: &str, prefix: &str) -> usize {
        self.calls().iter().filter(|c| c.method == method && c.path.starts_with(prefix)).count()
    }

    pub fn fail_next(&self, failure: Failure) {
        self.state.lock().unwrap().failures.push_back(failure);
    }

    pub fn customers(&self) -> Vec<Value> {
        self.state.lock().unwrap().customers.values().cloned().collect()
    }

    pub fn session(&self, id: &str) -> Option<Value> {
        self.state.lock().unwrap().sessions.get(id).map(public)
    }

    pub fn subscription(&self, id: &str) -> Option<Value> {
        self.state.lock().unwrap().subscriptions.get(id).cloned()
    }

    /// The buyer pays: the session's subscription is created (status `active`) and the session
    /// completes. Returns (completed session, subscription).
    pub fn complete_checkout(&self, session_id: &str) -> (Value, Value) {
        let mut s = self.state.lock().unwrap();
        let session = s.sessions.get(session_id).cloned().expect("no such session");
        let line = session["_line"].clone();
        let (price, quantity) = (line["price"].as_str().unwrap().to_string(), line["quantity"].as_i64().unwrap());
        let amount = s.prices.get(&price).copied().unwrap_or(1000);
        let (sub_id, item_id) = (s.id("sub"), s.id("si"));
        let customer = session["customer"].as_str().unwrap().to_string();
        let metadata = session["_subscription_metadata"].clone();
        let created = now();
        let sub = objects::subscription(
            &sub_id,
            &item_id,
            &customer,
            &price,
            amount,
            quantity,
            "active",
            metadata,
            created,
            created + 30 * 24 * 3600,
            false,
        );
        s.subscriptions.insert(sub_id.clone(), sub.clone());
        let completed = objects::checkout_session(
            session_id,
            &customer,
            session["client_reference_id"].as_str(),
            session["metadata"].clone(),
            session["success_url"].as_str().unwrap_or(""),
            session["cancel_url"].as_str(),
            session["created"].as_i64().unwrap(),
            "complete",
            Some(&sub_id),
        );
        s.sessions.insert(session_id.to_string(), with_private(completed.clone(), &session));
        (completed, sub)
    }

    /// Changes a subscription (as the portal or Stripe's dunning would) and returns it.
    pub fn update_subscription(&self, id: &str, status: Option<&str>, quantity: Option<i64>) -> Value {
        let mut s = self.state.lock().unwrap();
        let sub = s.subscriptions.get_mut(id).expect("no such subscription");
        if let Some(st) = status {
            sub["status"] = json!(st);
            if st == "canceled" {
                sub["canceled_at"] = json!(now());
                sub["ended_at"] = json!(now());
            }
        }
        if let Some(q) = quantity {
            sub["items"]["data"][0]["quantity"] = json!(q);
        }
        sub.clone()
    }

    /// Adds an invoice for a subscription and returns it.
    pub fn add_invoice(&self, subscription: &str, status: &str) -> Value {
        let mut s = self.state.lock().unwrap();
        let sub = s.subscriptions.get(subscription).cloned().expect("no such subscription");
        let amount = sub["items"]["data"][0]["price"]["unit_amount"].as_i64().unwrap_or(0)
            * sub["items"]["data"][0]["quantity"].as_i64().unwrap_or(1);
        let id = s.id("in");
        let created = now() + s.invoices.len() as i64;
        let inv = objects::invoice(&id, sub["customer"].as_str().unwrap(), subscription, amount, status, created);
        s.invoices.push(inv.clone());
        inv
    }

    /// An event around `object`, created at `created`; returns (body, event id).
    pub fn event(&self, kind: &str, object: Value, created: i64) -> (String, String) {
        let id = self.state.lock().unwrap().id("evt");
        (objects::event(&id, kind, object, created).to_string(), id)
    }
}

/// Keeps the fake's bookkeeping (`_line`, `_subscription_metadata`) on a stored session.
fn with_private(mut public: Value, stored: &Value) -> Value {
    for k in ["_line", "_subscription_metadata"] {
        public[k] = stored[k].clone();
    }
    public
}

fn public(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.retain(|k, _| !k.starts_with('_'));
    }
    v
}

/// Form fields as Stripe's clients send them (`metadata[tenant_id]=...`, `line_items[0][price]=...`).
fn form(body: &[u8]) -> HashMap<String, String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default().into_iter().collect()
}

fn metadata(f: &HashMap<String, String>, prefix: &str) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in f {
        if let Some(key) = k.strip_prefix(prefix).and_then(|r| r.strip_prefix('[')).and_then(|r| r.strip_suffix(']')) {
            m.insert(key.to_string(), json!(v));
        }
    }
    Value::Object(m)
}

fn answer(status: u16, body: &Value) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .content_type("application/json")
        .header("request-id", format!("req_{}", uuid::Uuid::new_v4().simple()))
        .body(body.to_string())
}

#[handler]
async fn handle(req: &Request, body: Body, state: Data<&Arc<Mutex<State>>>) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let query: HashMap<String, String> = req
        .uri()
        .query()
        .map(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default().into_iter().collect())
        .unwrap_or_default();
    let key = req.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).map(String::from);
    let body = body.into_vec().await.unwrap_or_default();
    let failure = {
        let mut s = state.lock().unwrap();
        s.calls.push(Call { method: method.clone(), path: path.clone(), idempotency_key: key.clone() });
        s.failures.pop_front()
    };
    match failure {
        Some(Failure::Status(code)) => {
            return answer(code, &objects::error("api_error", "the fake Stripe was told to fail this request"))
        }
        Some(Failure::Delay(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    let mut s = state.lock().unwrap();
    if method == "POST" {
        if let Some(k) = &key {
            if let Some((status, body)) = s.idempotent.get(k) {
                return answer(*status, body);
            }
        }
    }
    let f = form(&body);
    let (status, out) = route(&mut s, &method, &path, &f, &query);
    if method == "POST" && status < 500 {
        if let Some(k) = key {
            s.idempotent.insert(k, (status, out.clone()));
        }
    }
    answer(status, &out)
}

fn not_found(what: &str) -> (u16, Value) {
    (404, objects::error("invalid_request_error", &format!("No such {what}")))
}

fn route(
    s: &mut State,
    method: &str,
    path: &str,
    f: &HashMap<String, String>,
    q: &HashMap<String, String>,
) -> (u16, Value) {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, parts.as_slice()) {
        // The fake's own: what it was asked (for bench scripts running it as a process).
        ("GET", ["_fake", "calls"]) => {
            let calls: Vec<Value> = s
                .calls
                .iter()
                .filter(|c| !c.path.starts_with("/_fake"))
                .map(|c| json!({"method": c.method, "path": c.path, "idempotency_key": c.idempotency_key}))
                .collect();
            (200, json!(calls))
        }
        ("POST", ["v1", "customers"]) => {
            let id = s.id("cus");
            let c = objects::customer(
                &id,
                f.get("name").map(String::as_str),
                f.get("email").map(String::as_str),
                metadata(f, "metadata"),
                now(),
            );
            s.customers.insert(id, c.clone());
            (200, c)
        }
        ("POST", ["v1", "checkout", "sessions"]) => {
            let Some(customer) = f.get("customer") else {
                return (400, objects::error("invalid_request_error", "customer is required here"));
            };
            if !s.customers.contains_key(customer) {
                return not_found(&format!("customer: '{customer}'"));
            }
            let (Some(price), Some(quantity)) = (f.get("line_items[0][price]"), f.get("line_items[0][quantity]"))
            else {
                return (
                    400,
                    objects::error("invalid_request_error", "line_items[0][price] and [quantity] are required"),
                );
            };
            if !s.prices.contains_key(price) {
                return not_found(&format!("price: '{price}'"));
            }
            if f.get("mode").map(String::as_str) != Some("subscription") {
                return (400, objects::error("invalid_request_error", "this fake only does mode=subscription"));
            }
            let id = format!("cs_test_{}", uuid::Uuid::new_v4().simple());
            let session = objects::checkout_session(
                &id,
                customer,
                f.get("client_reference_id").map(String::as_str),
                metadata(f, "metadata"),
                f.get("success_url").map(String::as_str).unwrap_or(""),
                f.get("cancel_url").map(String::as_str),
                now(),
                "open",
                None,
            );
            let mut stored = session.clone();
            stored["_line"] = json!({"price": price, "quantity": quantity.parse::<i64>().unwrap_or(1)});
            stored["_subscription_metadata"] = metadata(f, "subscription_data[metadata]");
            s.sessions.insert(id, stored);
            (200, session)
        }
        ("POST", ["v1", "billing_portal", "sessions"]) => {
            let Some(customer) = f.get("customer") else {
                return (400, objects::error("invalid_request_error", "customer is required"));
            };
            if !s.customers.contains_key(customer) {
                return not_found(&format!("customer: '{customer}'"));
            }
            let id = s.id("bps");
            (200, objects::portal_session(&id, customer, f.get("return_url").map(String::as_str), now()))
        }
        ("GET", ["v1", "subscriptions", id]) => match s.subscriptions.get(*id) {
            Some(sub) => (200, sub.clone()),
            None => not_found(&format!("subscription: '{id}'")),
        },
        ("GET", ["v1", "subscriptions"]) => {
            let mut subs: Vec<Value> = s
                .subscriptions
                .values()
                .filter(|v| q.get("customer").is_none_or(|c| v["customer"] == json!(c)))
                .cloned()
                .collect();
            subs.sort_by_key(|v| std::cmp::Reverse((v["created"].as_i64(), v["id"].as_str().map(String::from))));
            let limit = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10usize);
            let more = subs.len() > limit;
            subs.truncate(limit);
            (200, objects::list("/v1/subscriptions", subs, more))
        }
        ("GET", ["v1", "invoices"]) => {
            let mut list: Vec<Value> = s
                .invoices
                .iter()
                .filter(|v| q.get("customer").is_none_or(|c| v["customer"] == json!(c)))
                .cloned()
                .collect();
            list.sort_by_key(|v| std::cmp::Reverse(v["created"].as_i64()));
            if let Some(after) = q.get("starting_after") {
                match list.iter().position(|v| v["id"] == json!(after)) {
                    Some(i) => list.drain(..=i).for_each(drop),
                    None => return not_found(&format!("invoice: '{after}'")),
                }
            }
            let limit = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10usize);
            let more = list.len() > limit;
            list.truncate(limit);
            (200, objects::list("/v1/invoices", list.iter().map(public).collect(), more))
        }
        _ => (404, objects::error("invalid_request_error", &format!("Unrecognized request URL ({method}: {path})"))),
    }
}
