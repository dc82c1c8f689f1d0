//! Rate limits: token buckets kept in this process (see docs/api.md, "Rate limits").
//!
//! - Every request with a bearer credential draws from that credential's bucket (keyed by a hash of the
//!   token); responses carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
//! - The anonymous account endpoints (login, signup, password reset, invitation acceptance, the start of
//!   single sign-on, the sign-in code exchange) also draw from
//!   a stricter bucket per client IP, and login and password reset from one per account (institution +
//!   email), so guessing passwords gets 429 long before it gets anywhere.
//!
//! An exhausted bucket answers 429 `rate_limited` with `Retry-After`.

use std::{
    net::IpAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use lyceum_core::config::Config;
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

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
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
        }
    }

    /// Whether `key`'s bucket has no token left, without drawing one.
    fn exhausted(&self, key: &str, rule: Rule) -> Option<Decision> {
        let bucket = self.buckets.get(key)?;
        let b = bucket.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = Instant::now().saturating_duration_since(b.at).as_secs_f64();
        let tokens = (b.tokens + elapsed * rule.per_second).min(rule.burst);
        let per_second = rule.per_second.max(f64::MIN_POSITIVE);
        (tokens < 1.0).then(|| Decision {
            allowed: false,
            limit: rule.burst as u64,
            remaining: 0,
            reset: ((rule.burst - tokens) / per_second).ceil() as u64,
            retry_after: ((1.0 - tokens) / per_second).ceil().max(1.0) as u64,
        })
    }

    fn take(&self, key: String, rule: Rule) -> Decision {
        let now = Instant::now();
        let bucket = self.buckets.get_with(key, || Arc::new(Mutex::new(Bucket { tokens: rule.burst, at: now })));
        let mut b = bucket.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * rule.per_second).min(rule.burst);
        b.at = now;
        let allowed = b.tokens >= 1.0;
        if allowed {
            b.tokens -= 1.0;
        }
        let per_second = rule.per_second.max(f64::MIN_POSITIVE);
        Decision {
            allowed,
            limit: rule.burst as u64,
            remaining: b.tokens.floor().max(0.0) as u64,
            reset: ((rule.burst - b.tokens) / per_second).ceil() as u64,
            retry_after: if allowed { 0 } else { ((1.0 - b.tokens) / per_second).ceil().max(1.0) as u64 },
        }
    }
}

impl RateLimits {
    /// Gives back the token a request drew from `key`: for requests the server shed before looking
    /// at them (503 overloaded), which tested no password and must not lock the account out.
    fn refund(&self, key: &str, rule: Rule) {
        if let Some(bucket) = self.buckets.get(key) {
            let mut b = bucket.lock().unwrap_or_else(|p| p.into_inner());
            b.tokens = (b.tokens + 1.0).min(rule.burst);
        }
    }
}

impl RateLimits {
    /// A credential that arrived inside the body (xAPI's alternate request syntax), which the middleware
    /// could not see: refused while the client address is locked out after failed authentications,
    /// else drawn from the credential's bucket like a header. `Some` is the refusal.
    pub fn body_credential(&self, req: &Request, token: &str) -> Option<Decision> {
        if let Some(d) = self.exhausted(&format!("authfail:{}", client_ip(req)), self.auth_ip) {
            return Some(d);
        }
        Some(self.take(format!("cred:{}", fingerprint(token)), self.credential)).filter(|d| !d.allowed)
    }

    /// A failed authentication with a credential from the body: drawn from the address's bucket.
    pub fn body_credential_failed(&self, req: &Request) {
        self.take(format!("authfail:{}", client_ip(req)), self.auth_ip);
    }
}

impl RateLimits {
    /// The hosted pages' forms draw from the same buckets as the API's anonymous account endpoints: the
    /// client address's and, when the form names an account (institution + email), the account's.
    /// `Some` is the refusal.
    pub fn form_attempt(&self, req: &Request, account: Option<(&str, &str)>) -> Option<Decision> {
        let d = self.take(format!("ip:{}", client_ip(req)), self.auth_ip);
        if !d.allowed {
            return Some(d);
        }
        if let Some((tenant, email)) = account {
            let account = format!("{}\n{}", tenant.trim().to_lowercase(), email.trim().to_lowercase());
            let d = self.take(format!("acct:{}", fingerprint(&account)), self.account);
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

fn client_ip(req: &Request) -> String {
    match req.remote_addr().0 {
        poem::Addr::SocketAddr(a) => match a.ip() {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_else(|| v6.to_string()),
            ip => ip.to_string(),
        },
        _ => "unknown".into(),
    }
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
            let d = limits.take(key.clone(), limits.auth_ip);
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
                    let d = limits.take(key.clone(), limits.account);
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
        let decision = credential.map(|c| limits.take(format!("cred:{c}"), limits.credential));
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
            limits.take(key, limits.auth_ip);
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
        let d: Vec<bool> = (0..4).map(|_| limits.take("k".into(), rule).allowed).collect();
        assert_eq!(d, vec![true, true, true, false]);
        let refused = limits.take("k".into(), rule);
        assert!(!refused.allowed && refused.retry_after >= 1 && refused.retry_after <= 2, "{refused:?}");
        assert!(limits.take("other".into(), rule).allowed, "buckets are per key");
        let fast = Rule { burst: 1.0, per_second: 1000.0 };
        assert!(limits.take("f".into(), fast).allowed);
        std::thread::sleep(Duration::from_millis(5));
        assert!(limits.take("f".into(), fast).allowed, "refilled");
        // A refund gives the drawn token back, never beyond the burst.
        let slow = Rule { burst: 2.0, per_second: 0.001 };
        assert!(limits.take("r".into(), slow).allowed);
        assert!(limits.take("r".into(), slow).allowed);
        assert!(!limits.take("r".into(), slow).allowed);
        limits.refund("r", slow);
        assert!(limits.take("r".into(), slow).allowed, "refunded");
        limits.refund("r", slow);
        limits.refund("r", slow);
        limits.refund("r", slow);
        let d: Vec<bool> = (0..3).map(|_| limits.take("r".into(), slow).allowed).collect();
        assert_eq!(d, vec![true, true, false], "capped at the burst");
    }
}
