//! Rate limits: token buckets (see docs/api.md, "Rate limits").
//!
//! - Every request with a bearer credential draws from that credential's bucket (keyed by a hash of the
//!   token); responses carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
//! - The anonymous account endpoints (login, signup, password reset, invitation acceptance, the start of
//!   single sign-on, the sign-in code exchange) also draw from
//!   a stricter bucket per client IP, and login and password reset from one per account (institution +
//!   email), so guessing passwords gets 429 long before it gets anywhere.
//!
//! An exhausted bucket answers 429 `rate_limited` with `Retry-After`.
//!
//! On PostgreSQL the buckets are shared by every API process ([`lyceum_core::ratelimit`]), so a limit
//! holds through a load balancer whatever process answers: a process takes a small lease of tokens
//! (a fiftieth of the burst, at least one) from the shared bucket in one statement and spends it from
//! memory for at most a second. Every admitted request was taken from the shared bucket, so processes
//! together never admit more than the limit; the leases they hold unspent make them refuse a little
//! early (at most a fiftieth of the burst per process). Failed authentications are counted in the
//! shared bucket too; a process refuses an address once it has seen that bucket empty. On SQLite (one
//! process) the buckets are the process's own.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use lyceum_core::{config::Config, db::Db};
use poem::{
    http::{HeaderValue, Method, StatusCode},
    Endpoint, IntoResponse, Middleware, Request, Response,
};
use sha2::{Digest, Sha256};

use crate::http::{credential, problem::Problem};

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rule {
    burst: f64,
    per_second: f64,
}

impl Rule {
    /// Tokens a process leases from a shared bucket at once: a fiftieth of the burst, 1 to 1,000.
    fn lease_size(self) -> u32 {
        (self.burst / 50.0).floor().clamp(1.0, 1000.0) as u32
    }

    fn per_second(self) -> f64 {
        self.per_second.max(f64::MIN_POSITIVE)
    }
}

/// How long a process may spend a lease: its tokens are not another process's meanwhile.
const LEASE_LIFE: Duration = Duration::from_secs(1);

#[derive(Debug)]
struct Bucket {
    /// In-process buckets: the tokens at `at`.
    tokens: f64,
    at: Instant,
    /// Shared buckets: tokens leased and not yet spent, usable until `lease_until`, and when the shared
    /// bucket is full again as this process last saw it (other processes may have taken more since).
    leased: u32,
    lease_until: Instant,
    full_at: Instant,
}

impl Bucket {
    fn full(rule: Rule, now: Instant) -> Self {
        Bucket { tokens: rule.burst, at: now, leased: 0, lease_until: now, full_at: now }
    }

    fn lease_left(&self, now: Instant) -> u32 {
        if now < self.lease_until {
            self.leased
        } else {
            0
        }
    }

    /// A shared bucket as this process knows it.
    fn shared_decision(&self, rule: Rule, now: Instant, allowed: bool) -> Decision {
        let full_in = self.full_at.saturating_duration_since(now).as_secs_f64();
        let shared_tokens = (rule.burst - full_in * rule.per_second()).max(0.0);
        Decision {
            allowed,
            limit: rule.burst as u64,
            remaining: shared_tokens.floor() as u64 + u64::from(self.lease_left(now)),
            reset: full_in.ceil() as u64,
            retry_after: if allowed {
                0
            } else {
                (full_in - (rule.burst - 1.0) / rule.per_second()).ceil().max(1.0) as u64
            },
        }
    }
}

/// The outcome of drawing one token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u64,
    pub remaining: u64,
    /// Seconds until the bucket is full again.
    pub reset: u64,
    /// Seconds until one token is available (when refused).
    pub retry_after: u64,
}

pub struct RateLimits {
    credential: Rule,
    auth_ip: Rule,
    account: Rule,
    buckets: moka::sync::Cache<String, Arc<Mutex<Bucket>>>,
    /// The database whose shared buckets count (PostgreSQL); `None`: this process's own.
    shared: Option<Db>,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits").field("credential", &self.credential).finish()
    }
}

impl RateLimits {
    pub fn from_config(c: &Config) -> Self {
        RateLimits {
            credential: Rule { burst: c.limits.burst as f64, per_second: c.limits.per_second },
            auth_ip: Rule { burst: c.limits.auth_burst as f64, per_second: c.limits.auth_per_minute / 60.0 },
            account: Rule { burst: c.limits.account_burst as f64, per_second: c.limits.account_per_minute / 60.0 },
            // Idle buckets are full again long before they are forgotten.
            buckets: moka::sync::Cache::builder().max_capacity(200_000).time_to_idle(Duration::from_secs(3600)).build(),
            shared: None,
        }
    }

    /// Counts in the buckets every process on `db` shares, when `db` is PostgreSQL.
    pub fn shared(mut self, db: &Db) -> Self {
        self.shared = (db.backend() == lyceum_core::db::Backend::Postgres).then(|| db.clone());
        self
    }

    fn bucket(&self, key: &str, rule: Rule, now: Instant) -> Arc<Mutex<Bucket>> {
        self.buckets.get_with_by_ref(key, || Arc::new(Mutex::new(Bucket::full(rule, now))))
    }

    /// Whether `key`'s bucket has no token left, without drawing one (shared buckets: as far as this
    /// process has seen).
    fn exhausted(&self, key: &str, rule: Rule) -> Option<Decision> {
        let bucket = self.buckets.get(key)?;
        let b = bucket.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if self.shared.is_some() {
            let d = b.shared_decision(rule, now, false);
            return (d.remaining == 0).then_some(d);
        }
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        let tokens = (b.tokens + elapsed * rule.per_second).min(rule.burst);
        (tokens < 1.0).then(|| Decision {
            allowed: false,
            limit: rule.burst as u64,
            remaining: 0,
            reset: ((rule.burst - tokens) / rule.per_second()).ceil() as u64,
            retry_after: ((1.0 - tokens) / rule.per_second()).ceil().max(1.0) as u64,
        })
    }

    async fn take(&self, key: String, rule: Rule) -> Decision {
        let Some(db) = &self.shared else {
            return self.take_local(&key, rule);
        };
        let bucket = self.bucket(&key, rule, Instant::now());
        {
            let mut b = bucket.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            if b.lease_left(now) > 0 {
                b.leased -= 1;
                return b.shared_decision(rule, now, true);
            }
        }
        let lease =
            lyceum_core::ratelimit::lease(db, &fingerprint(&key), rule.burst, rule.per_second(), rule.lease_size())
                .await;
        match lease {
            Ok(Some(lease)) => {
                let mut b = bucket.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                b.full_at = now + Duration::from_secs_f64(lease.full_in.clamp(0.0, 1e9));
                let allowed = lease.granted > 0;
                // A concurrent lease of this process may have left tokens: keep them.
                b.leased = b.lease_left(now) + lease.granted.saturating_sub(1);
                if allowed {
                    b.lease_until = now + LEASE_LIFE;
                }
                b.shared_decision(rule, now, allowed)
            }
            Ok(None) => self.take_local(&key, rule),
            Err(e) => {
                // The database is unreachable (a failover): this process limits on its own meanwhile.
                tracing::warn!(error = %e, "shared rate-limit bucket unavailable; limiting in this process");
                self.take_local(&key, rule)
            }
        }
    }

    fn take_local(&self, key: &str, rule: Rule) -> Decision {
        let now = Instant::now();
        let bucket = self.bucket(key, rule, now);
        let mut b = bucket.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * rule.per_second).min(rule.burst);
        b.at = now;
        let allowed = b.tokens >= 1.0;
        if allowed {
            b.tokens -= 1.0;
        }
        Decision {
            allowed,
            limit: rule.burst as u64,
            remaining: b.tokens.floor().max(0.0) as u64,
            reset: ((rule.burst - b.tokens) / rule.per_second()).ceil() as u64,
            retry_after: if allowed { 0 } else { ((1.0 - b.tokens) / rule.per_second()).ceil().max(1.0) as u64 },
        }
    }
}

impl RateLimits {
    /// Gives back the token a request drew from `key`: for requests the server shed before looking
    /// at them (503 overloaded), which tested no password and must not lock the account out. A shared
    /// bucket's token comes back to this process's lease.
    fn refund(&self, key: &str, rule: Rule) {
        if let Some(bucket) = self.buckets.get(key) {
            let mut b = bucket.lock().unwrap_or_else(|p| p.into_inner());
            if self.shared.is_some() {
                let now = Instant::now();
                b.leased = (b.lease_left(now) + 1).min(rule.lease_size());
                b.lease_until = now + LEASE_LIFE;
            } else {
                b.tokens = (b.tokens + 1.0).min(rule.burst);
            }
        }
    }
}

impl RateLimits {
    /// A credential that arrived inside the body (xAPI's alternate request syntax), which the middleware
    /// could not see: refused while the client address is locked out after failed authentications,
    /// else drawn from the credential's bucket like a header. `Some` is the refusal.
    pub async fn body_credential(&self, req: &Request, token: &str) -> Option<Decision> {
        if let Some(d) = self.exhausted(&format!("authfail:{}", client_ip(req)), self.auth_ip) {
            return Some(d);
        }
        Some(self.take(format!("cred:{}", fingerprint(token)), self.credential).await).filter(|d| !d.allowed)
    }

    /// A failed authentication with a credential from the body: drawn from the address's bucket.
    pub async fn body_credential_failed(&self, req: &Request) {
        self.take(format!("authfail:{}", client_ip(req)), self.auth_ip).await;
    }
}

impl RateLimits {
    /// The hosted pages' forms draw from the same buckets as the API's anonymous account endpoints: the
    /// client address's and, when the form names an account (institution + email), the account's.
    /// `Some` is the refusal.
    pub async fn form_attempt(&self, req: &Request, account: Option<(&str, &str)>) -> Option<Decision> {
        let d = self.take(format!("ip:{}", client_ip(req)), self.auth_ip).await;
        if !d.allowed {
            return Some(d);
        }
        if let Some((tenant, email)) = account {
            let account = format!("{}\n{}", tenant.trim().to_lowercase(), email.trim().to_lowercase());
            let d = self.take(format!("acct:{}", fingerprint(&account)), self.account).await;
            if !d.allowed {
                return Some(d);
            }
        }
        None
    }
}

fn fingerprint(s: &str) -> String {
    hex::encode(&Sha256::digest(s.as_bytes())[..16])
}

/// Anonymous account endpoints that get the per-IP limit; the bool says whether the body names an
/// account (tenant + email) that gets the per-account limit too.
fn account_endpoint(method: &Method, path: &str) -> Option<bool> {
    // Starting single sign-on records a sign-in in flight: anonymous writes, limited like sign-ins.
    if method == Method::GET && path.starts_with("/v1/auth/sso/") && path.ends_with("/start") {
        return Some(false);
    }
    if method != Method::POST {
        return None;
    }
    match path {
        "/v1/auth/login" | "/v1/auth/password-reset" => Some(true),
        "/v1/signup" | "/v1/auth/password-reset/confirm" | "/v1/auth/sso/exchange" => Some(false),
        p if p.starts_with("/v1/invitations/") => Some(false),
        _ => None,
    }
}

/// The client's address ([`crate::http::client`]: behind a trusted proxy, the one it names).
fn client_ip(req: &Request) -> String {
    let peer = match req.remote_addr().0 {
        poem::Addr::SocketAddr(a) => Some(a.ip()),
        _ => None,
    };
    crate::http::client::current()
        .or(peer.map(crate::http::client::canonical))
        .map_or_else(|| "unknown".into(), |ip| ip.to_string())
}

fn too_many(d: Decision, what: &str) -> Response {
    let mut resp = Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("too many requests {what}; retry in {} s", d.retry_after),
    )
    .into_response();
    resp.headers_mut().insert("retry-after", HeaderValue::from(d.retry_after));
    resp
}

fn set_headers(resp: &mut Response, d: Decision) {
    let h = resp.headers_mut();
    h.insert("ratelimit-limit", HeaderValue::from(d.limit));
    h.insert("ratelimit-remaining", HeaderValue::from(d.remaining));
    h.insert("ratelimit-reset", HeaderValue::from(d.reset));
}

pub struct RateLimit {
    pub limits: Arc<RateLimits>,
}

impl<E: Endpoint> Middleware<E> for RateLimit {
    type Output = RateLimitEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        RateLimitEndpoint { inner: ep, limits: self.limits.clone() }
    }
}

pub struct RateLimitEndpoint<E> {
    inner: E,
    limits: Arc<RateLimits>,
}

impl<E: Endpoint> Endpoint for RateLimitEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let limits = &self.limits;
        let mut drawn: Vec<(String, Rule)> = Vec::new();
        if let Some(names_account) = account_endpoint(req.method(), req.uri().path()) {
            let key = format!("ip:{}", client_ip(&req));
            let d = limits.take(key.clone(), limits.auth_ip).await;
            if !d.allowed {
                return Ok(too_many(d, "from this address"));
            }
            drawn.push((key, limits.auth_ip));
            if names_account {
                // Read the (small) body to find the account, then hand it on unchanged.
                let body = req.take_body().into_bytes_limit(crate::http::json::DEFAULT_LIMIT).await;
                let bytes = body.unwrap_or_default();
                let account = serde_json::from_slice::<serde_json::Value>(&bytes).ok().and_then(|v| {
                    let tenant = v.get("tenant")?.as_str()?.trim().to_lowercase();
                    let email = v.get("email")?.as_str()?.trim().to_lowercase();
                    Some(format!("{tenant}\n{email}"))
                });
                req.set_body(bytes);
                if let Some(account) = account {
                    let key = format!("acct:{}", fingerprint(&account));
                    let d = limits.take(key.clone(), limits.account).await;
                    if !d.allowed {
                        return Ok(too_many(d, "for this account"));
                    }
                    drawn.push((key, limits.account));
                }
            }
        }
        // Failed authentications draw from the client address's bucket (after the answer, below); once it
        // is empty, anything that presents a credential from there is refused before it is looked up.
        let presented = credential::presented(&req);
        let fail_key = presented.attempted().then(|| format!("authfail:{}", client_ip(&req)));
        if let Some(d) = fail_key.as_deref().and_then(|k| limits.exhausted(k, limits.auth_ip)) {
            return Ok(too_many(d, "after failed authentications from this address"));
        }
        // Bearer tokens and the LRS's Basic credentials alike: one bucket per credential.
        let credential = presented.bearer().or(presented.basic()).map(fingerprint);
        let decision = match credential {
            Some(c) => Some(limits.take(format!("cred:{c}"), limits.credential).await),
            None => None,
        };
        if let Some(d) = decision.filter(|d| !d.allowed) {
            let mut resp = too_many(d, "for this credential");
            set_headers(&mut resp, d);
            return Ok(resp);
        }
        let mut resp =
            self.inner.call(req).await.map(IntoResponse::into_response).unwrap_or_else(|e| e.into_response());
        if let Some(d) = decision {
            set_headers(&mut resp, d);
        }
        if crate::http::problem::is_shed(&resp) {
            // Nothing was tried, so it costs the sign-in buckets nothing and a learner who waits out
            // Retry-After is not then refused for this account.
            for (key, rule) in &drawn {
                limits.refund(key, *rule);
            }
        }
        if let (Some(key), StatusCode::UNAUTHORIZED) = (fail_key, resp.status()) {
            limits.take(key, limits.auth_ip).await;
        }
        Ok(resp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_refill_over_time() {
        let mut config = Config::default();
        (config.limits.burst, config.limits.per_second) = (3, 1000.0);
        let limits = RateLimits::from_config(&config);
        let rule = Rule { burst: 3.0, per_second: 0.5 };
        let d: Vec<bool> = (0..4).map(|_| limits.take_local("k", rule).allowed).collect();
        assert_eq!(d, vec![true, true, true, false]);
        let refused = limits.take_local("k", rule);
        assert!(!refused.allowed && refused.retry_after >= 1 && refused.retry_after <= 2, "{refused:?}");
        assert!(limits.take_local("other", rule).allowed, "buckets are per key");
        let fast = Rule { burst: 1.0, per_second: 1000.0 };
        assert!(limits.take_local("f", fast).allowed);
        std::thread::sleep(Duration::from_millis(5));
        assert!(limits.take_local("f", fast).allowed, "refilled");
        // A refund gives the drawn token back, never beyond the burst.
        let slow = Rule { burst: 2.0, per_second: 0.001 };
        assert!(limits.take_local("r", slow).allowed);
        assert!(limits.take_local("r", slow).allowed);
        assert!(!limits.take_local("r", slow).allowed);
        limits.refund("r", slow);
        assert!(limits.take_local("r", slow).allowed, "refunded");
        limits.refund("r", slow);
        limits.refund("r", slow);
        limits.refund("r", slow);
        let d: Vec<bool> = (0..3).map(|_| limits.take_local("r", slow).allowed).collect();
        assert_eq!(d, vec![true, true, false], "capped at the burst");
    }
}
