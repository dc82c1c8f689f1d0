//! Two API processes on one database, on PostgreSQL and on SQLite (issue 15, finding 12: the promise
//! holds for SQLite deployments too): a revocation, role change or course change in one takes effect
//! in the other within a second, although both cache.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use lyceum_api::AppState;
use poem::{test::TestClient, EndpointExt};
use serde_json::json;

use crate::support::TestApp;

async fn status(client: &TestClient<poem::endpoint::BoxEndpoint<'static>>, path: &str, token: &str) -> u16 {
    client.get(path).header("authorization", format!("Bearer {token}")).send().await.0.status().as_u16()
}

/// Polls until `path` answers `want` on the second instance; returns how long that took.
async fn until(
    client: &TestClient<poem::endpoint::BoxEndpoint<'static>>,
    path: &str,
    token: &str,
    want: u16,
) -> Duration {
    let started = Instant::now();
    loop {
        if status(client, path, token).await == want {
            return started.elapsed();
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{path} never answered {want} on the second instance");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

lyceum_testkit::db_tests! {
async fn a_second_instance_sees_revocations_within_a_second(t) {
    let one = TestApp::new(t).await;
    // The second instance, as another process: its own pool, Core (own caches) and listening connection
    // on the same database; nothing it learns comes from the first instance's memory.
    let db2 = lyceum_core::db::Db::connect(&one.t.url, 4).await.expect("a second pool").with_keyring(lyceum_testkit::keyring());
    let state2 = AppState::new(db2, Arc::new(one.t.config())).expect("app state");
    let two = TestClient::new(crate::contract::checked(lyceum_api::app(state2)).boxed());
    tokio::time::sleep(Duration::from_millis(300)).await; // listeners connected

    let a = one.signup("coh").await;
    let key = one
        .call("POST", "/v1/api-keys", Some(&a.owner_token), Some(&json!({"name": "k", "scopes": ["users:read"]})))
        .await;
    let (key_id, key) = (key.body["id"].as_str().unwrap().to_string(), key.body["key"].as_str().unwrap().to_string());
    let (user_id, user_token) = one.user_with_role(&a, "admin").await;
    // Warm the second instance's cache.
    assert_eq!(status(&two, "/v1/users", &key).await, 200);
    assert_eq!(status(&two, "/v1/users", &user_token).await, 200);

    assert_eq!(one.call("DELETE", &format!("/v1/api-keys/{key_id}"), Some(&a.owner_token), None).await.status, 204);
    let took = until(&two, "/v1/users", &key, 401).await;
    assert!(took < Duration::from_secs(1), "revoked key still accepted after {took:?}");

    let r = one
        .call("PATCH", &format!("/v1/users/{user_id}"), Some(&a.owner_token), Some(&json!({"role": "learner"})))
        .await;
    assert_eq!(r.status, 200);
    let took = until(&two, "/v1/users", &user_token, 403).await;
    assert!(took < Duration::from_secs(1), "old role still in force after {took:?}");

    // A course change made through the first instance reaches the second one's catalog cache.
    let course = one.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Old title"}))).await;
    let course_path = format!("/v1/courses/{}", course.body["id"].as_str().unwrap());
    let read_title = || async {
        let r = two.get(&course_path).header("authorization", format!("Bearer {}", a.owner_token)).send().await.0;
        let v: serde_json::Value = serde_json::from_str(&r.into_body().into_string().await.unwrap()).unwrap();
        v["title"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(read_title().await, "Old title");
    assert_eq!(read_title().await, "Old title"); // now cached in the second instance
    let r = one.call("PATCH", &course_path, Some(&a.owner_token), Some(&json!({"title": "New title"}))).await;
    assert_eq!(r.status, 200);
    let started = Instant::now();
    while read_title().await != "New title" {
        assert!(started.elapsed() < Duration::from_secs(5), "the second instance kept the old course");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "course update took {:?} to reach the second instance",
        started.elapsed()
    );

    assert_eq!(one.call("POST", "/v1/auth/logout", Some(&user_token), None).await.status, 204);
    let took = until(&two, "/v1/me", &user_token, 401).await;
    assert!(took < Duration::from_secs(1), "logged-out session still accepted after {took:?}");
}
}

/// Issue 22, item 3: on PostgreSQL a rate limit holds across processes. Requests of one credential
/// alternate between two instances (as a round-robin load balancer sends them); together they admit
/// the burst, not a burst each. A small burst (leases of one token) is exact; a large one (leases of
/// a fiftieth of the burst) admits at most the burst and refuses at most a fiftieth per process early.
#[tokio::test]
async fn a_rate_limit_holds_across_processes() {
    for (burst, lowest) in [(10u32, 10usize), (200, 188)] {
        let t = lyceum_testkit::TestDb::new(lyceum_testkit::Backend::Postgres).await;
        let tweak = move |c: &mut lyceum_core::config::Config| {
            c.limits.burst = burst;
            c.limits.per_second = 0.001;
        };
        let mut config2 = t.config();
        tweak(&mut config2);
        let one = TestApp::with_config(t, tweak).await;
        let db2 = lyceum_core::db::Db::connect(&one.t.url, 4)
            .await
            .expect("a second pool")
            .with_keyring(lyceum_testkit::keyring());
        let two = TestClient::new(
            crate::contract::checked(lyceum_api::app(AppState::new(db2, Arc::new(config2)).expect("app state")))
                .boxed(),
        );
        let a = one.signup("rlx").await;
        let mut admitted = 0;
        let mut refused_after_admitted = false;
        for i in 0..2 * burst as usize {
            let s = if i % 2 == 0 {
                one.call("GET", "/v1/me", Some(&a.owner_token), None).await.status.as_u16()
            } else {
                status(&two, "/v1/me", &a.owner_token).await
            };
            match s {
                200 => {
                    assert!(!refused_after_admitted || burst > 10, "admitted after a refusal with leases of one");
                    admitted += 1;
                }
                429 => refused_after_admitted = true,
                other => panic!("unexpected {other}"),
            }
        }
        assert!(
            (lowest..=burst as usize).contains(&admitted),
            "burst {burst}: two processes admitted {admitted} (want {lowest}..={burst})"
        );
    }
}
