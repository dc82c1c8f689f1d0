//! Rate limits: per credential with RateLimit-* headers, and per IP and per account on login.

use lyceum_testkit::db_tests;
use serde_json::json;

use crate::support::{Reply, TestApp, PASSWORD};

db_tests! {
    async fn each_credential_has_its_own_bucket(t) {
        let app = TestApp::with_config(t, |c| {
            c.limits.burst = 3;
            c.limits.per_second = 0.01;
        })
        .await;
        let a = app.signup("rl").await;
        let b = app.signup("rl").await;
        for expected_remaining in [2, 1, 0] {
            let r = app.call("GET", "/v1/me", Some(&a.owner_token), None).await;
            assert_eq!(r.status, 200);
            assert_eq!(r.header("ratelimit-limit"), Some("3"));
            assert_eq!(r.header("ratelimit-remaining"), Some(expected_remaining.to_string().as_str()));
            assert!(r.header("ratelimit-reset").unwrap().parse::<u64>().unwrap() > 0);
        }
        let r = app.call("GET", "/v1/me", Some(&a.owner_token), None).await;
        r.assert_problem(429, "rate_limited");
        let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
        assert!(retry >= 1, "{retry}");
        assert_eq!(app.call("GET", "/v1/me", Some(&b.owner_token), None).await.status, 200, "other credentials are unaffected");
    }

    async fn login_is_limited_per_account_and_per_address(t) {
        let app = TestApp::with_config(t, |c| {
            c.limits.account_burst = 3;
            c.limits.account_per_minute = 0.1;
            c.limits.auth_burst = 8;
            c.limits.auth_per_minute = 0.1;
        })
        .await;
        let a = app.signup("guess").await;
        let wrong = json!({"tenant": a.slug, "email": a.owner_email, "password": "guess guess guess"});
        for _ in 0..3 {
            app.post_json("/v1/auth/login", &wrong).await.assert_problem(401, "invalid_credentials");
        }
        // The account's bucket is empty: even the right password waits.
        let right = json!({"tenant": a.slug, "email": a.owner_email.to_uppercase(), "password": PASSWORD});
        let r = app.post_json("/v1/auth/login", &right).await;
        r.assert_problem(429, "rate_limited");
        assert!(r.header("retry-after").is_some());
        // Another account from the same address still may, until the address's bucket is empty.
        let other = json!({"tenant": a.slug, "email": "other@guess.test", "password": "guess guess guess"});
        let mut statuses = Vec::new();
        for _ in 0..4 {
            statuses.push(app.post_json("/v1/auth/login", &other).await.status.as_u16());
        }
        // 1 signup + 4 logins so far drew from the address's 8; three more 401s, then 429.
        assert_eq!(statuses, vec![401, 401, 401, 429]);
    }

    /// Issue 21, item 5: a sign-in storm beyond what the cores can hash is shed at once with 503
    /// `overloaded` and `Retry-After`, never queued without bound (memory stays at the pool's hashes)
    /// and never a 500 or a timeout; what was admitted signs in. (Each test runs in its own process
    /// under nextest, so this app's small pool is the process's.)
    async fn a_sign_in_storm_beyond_the_hashing_pool_is_shed_with_retry_after(t) {
        let app = TestApp::with_config(t, |c| {
            c.limits.password_hashing =
                lyceum_core::identity::password::HashingLimits { threads: 1, queue: 1, max_wait_ms: 60_000 };
            c.limits.auth_burst = 1_000;
            c.limits.account_burst = 1_000;
        })
        .await;
        let a = app.signup("storm").await;
        let body = json!({"tenant": a.slug, "email": a.owner_email, "password": PASSWORD});
        let replies = futures::future::join_all((0..40).map(|_| app.post_json("/v1/auth/login", &body))).await;
        let (ok, shed) = admitted_and_shed(&replies);
        assert!(ok >= 1 && shed >= 1, "admitted {ok}, shed {shed}");
        let stats = lyceum_core::identity::password::stats();
        assert_eq!((stats.threads, stats.queued), (1, 0), "{stats:?}");
        assert!(stats.shed >= shed, "{stats:?}");
        // Once the storm has passed, signing in works again.
        assert_eq!(app.post_json("/v1/auth/login", &body).await.status, 200);
    }

    /// Issue 21, item 4: a crowd beyond the process's turns waits a bounded time in a bounded queue, and
    /// the rest is answered 503 `overloaded` with `Retry-After` at once (never a timeout or a 500); the
    /// probes are never queued; `/metrics` counts what was shed; once the crowd has passed, every
    /// request is served.
    async fn a_crowd_beyond_the_admission_limit_is_shed_with_retry_after(t) {
        let app = TestApp::with_config(t, |c| {
            c.limits.admission = lyceum_core::config::AdmissionLimits { in_flight: 2, queue: 2, max_wait_ms: 1 };
            c.limits.burst = 100_000;
        })
        .await;
        let a = app.signup("crowd").await;
        let tok = Some(a.owner_token.as_str());
        // A list the catalog cache does not answer: every request waits on the database, so the crowd is
        // in flight at once (a cached answer completes before the next request starts).
        let replies = futures::future::join_all((0..60).map(|_| app.call("GET", "/v1/users", tok, None))).await;
        let (ok, shed) = admitted_and_shed(&replies);
        assert!(ok >= 2 && shed >= 1, "admitted {ok}, shed {shed}");
        assert_eq!(app.call("GET", "/healthz", None, None).await.status, 200);
        let metrics = app.call("GET", "/metrics", None, None).await.text;
        assert!(metrics.contains("lyceum_http_requests_in_flight_limit 2"), "{metrics}");
        let counted = metrics
            .lines()
            .find_map(|l| l.strip_prefix("lyceum_http_admissions_total{outcome=\"shed\"} "))
            .and_then(|n| n.trim().parse::<u64>().ok());
        assert_eq!(counted, Some(shed), "{metrics}");
        for _ in 0..5 {
            assert_eq!(app.call("GET", "/v1/courses", tok, None).await.status, 200);
        }
    }
}

/// Counts a crowd's answers: each is 200, or 503 `overloaded` with a `Retry-After` of 1-60 s (anything
/// else fails the test).
fn admitted_and_shed(replies: &[Reply]) -> (u64, u64) {
    let (mut ok, mut shed) = (0, 0);
    for r in replies {
        match r.status.as_u16() {
            200 => ok += 1,
            503 => {
                r.assert_problem(503, "overloaded");
                let wait: u64 = r.header("retry-after").expect("Retry-After").parse().unwrap();
                assert!((1..=60).contains(&wait), "{wait}");
                shed += 1;
            }
            other => panic!("a request answered {other}: {}", r.text),
        }
    }
    (ok, shed)
}
