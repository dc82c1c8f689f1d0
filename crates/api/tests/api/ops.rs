//! Operational endpoints: health, readiness, metrics, docs, the spec, request ids and unknown routes.

use lyceum_testkit::{db_tests, unique_slug, Backend, TestDb};

use crate::support::{signup_body, TestApp};

db_tests! {
    async fn health_and_readiness(t) {
        let app = TestApp::new(t).await;
        let r = app.get("/healthz", None).await;
        assert_eq!((r.status.as_u16(), r.body["status"].as_str()), (200, Some("ok")));
        let r = app.get("/readyz", None).await;
        assert_eq!((r.status.as_u16(), r.body["status"].as_str()), (200, Some("ready")));
    }

    async fn metrics_count_requests_by_route_and_status(t) {
        let app = TestApp::new(t).await;
        assert_eq!(app.post_json("/v1/signup", &signup_body(&unique_slug("m"))).await.status, 201);
        app.get("/nowhere", None).await;
        let r = app.get("/metrics", None).await;
        assert_eq!(r.status, 200);
        assert!(r.header("content-type").unwrap().starts_with("text/plain"));
        let m = r.text;
        assert!(m.contains("lyceum_http_requests_total{route=\"signup_create\",status=\"201\"} 1"), "{m}");
        assert!(m.contains("lyceum_http_requests_total{route=\"unmatched\",status=\"404\"} 1"), "{m}");
        assert!(m.contains("lyceum_http_request_duration_seconds_count{route=\"signup_create\"} 1"), "{m}");
        assert!(m.contains("lyceum_http_request_duration_seconds_bucket{route=\"signup_create\",le=\"+Inf\"} 1"), "{m}");
        assert!(m.contains("lyceum_db_pool_connections{state=\"max\"} 4"), "{m}");
        assert!(m.contains("lyceum_jobs{status=\"queued\"} 1"), "{m}");
    }

    async fn request_ids_are_echoed_or_generated(t) {
        let app = TestApp::new(t).await;
        let r = app.client.get("/healthz").header("x-request-id", "support-ticket-42").send().await;
        assert_eq!(r.0.headers()["x-request-id"], "support-ticket-42");
        let r = app.client.get("/healthz").send().await;
        let id = r.0.headers()["x-request-id"].to_str().unwrap().to_string();
        assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 7);
    }

    async fn unknown_routes_and_methods_are_problems(t) {
        let app = TestApp::new(t).await;
        app.get("/v1/nothing-here", None).await.assert_problem(404, "not_found");
        let r = app.get("/v1/signup", None).await;
        r.assert_problem(405, "method_not_allowed");
    }

    async fn docs_and_spec_are_served(t) {
        let app = TestApp::new(t).await;
        let r = app.get("/docs", None).await;
        assert_eq!(r.status, 200);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(r.text.contains("swagger-ui"), "the docs page embeds Swagger UI");
        assert!(!r.text.contains("https://unpkg.com") && !r.text.contains("cdn.jsdelivr"), "docs must work offline");
        let r = app.get("/openapi.json", None).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.text, lyceum_api::spec_json());
    }
}

#[tokio::test]
async fn readiness_is_503_until_the_database_is_migrated() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = TestApp::new(TestDb::empty(backend).await).await;
        app.get("/readyz", None).await.assert_problem(503, "not_ready");
        app.t.db.migrate().await.unwrap();
        assert_eq!(app.get("/readyz", None).await.status, 200, "{backend:?}");
    }
}
