//! Courses, modules and lessons through the API on both backends: lifecycle and visibility, the outline
//! in a fixed number of queries, ordering under moves and concurrency, bad input, caching and ETags.

use std::collections::BTreeSet;

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::support::{Tenant, TestApp};

async fn course(app: &TestApp, t: &Tenant, title: &str) -> String {
    let r = app.call("POST", "/v1/courses", Some(&t.owner_token), Some(&json!({"title": title}))).await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body["id"].as_str().unwrap().to_string()
}

async fn module(app: &TestApp, t: &Tenant, course: &str, title: &str) -> String {
    let r = app
        .call("POST", &format!("/v1/courses/{course}/modules"), Some(&t.owner_token), Some(&json!({"title": title})))
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body["id"].as_str().unwrap().to_string()
}

async fn text_lesson(app: &TestApp, t: &Tenant, module: &str, title: &str) -> String {
    let body = json!({"title": title, "kind": "text", "body": format!("# {title}")});
    let r = app.call("POST", &format!("/v1/modules/{module}/lessons"), Some(&t.owner_token), Some(&body)).await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body["id"].as_str().unwrap().to_string()
}

async fn outline(app: &TestApp, token: &str, course: &str) -> Value {
    let r = app.call("GET", &format!("/v1/courses/{course}?include=outline"), Some(token), None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.body
}

/// (module title, [lesson titles]) in order, checking positions are 1..n everywhere.
fn shape(outline: &Value) -> Vec<(String, Vec<String>)> {
    outline["modules"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, m)| {
            assert_eq!(m["position"], i as i64 + 1, "module positions are gapless: {outline}");
            let lessons = m["lessons"].as_array().unwrap();
            for (j, l) in lessons.iter().enumerate() {
                assert_eq!(l["position"], j as i64 + 1, "lesson positions are gapless: {outline}");
                assert_eq!(l["module_id"], m["id"]);
            }
            (
                m["title"].as_str().unwrap().to_string(),
                lessons.iter().map(|l| l["title"].as_str().unwrap().to_string()).collect(),
            )
        })
        .collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

db_tests! {
    async fn lifecycle_and_what_learners_see(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("course").await;
        let (_, learner) = app.user_with_role(&a, "learner").await;
        let r = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Intro to Chemistry", "description": "Atoms."}))).await;
        assert_eq!((r.status.as_u16(), r.body["status"].as_str()), (201, Some("draft")));
        assert!(r.body["slug"].as_str().unwrap().starts_with("intro-to-chemistry-"));
        assert_eq!(r.header("location"), Some(format!("/v1/courses/{}", r.body["id"].as_str().unwrap()).as_str()));
        let id = r.body["id"].as_str().unwrap().to_string();
        app.call("GET", &format!("/v1/courses/{id}"), Some(&learner), None).await.assert_problem(404, "not_found");
        app.call("POST", "/v1/courses", Some(&learner), Some(&json!({"title": "Mine"}))).await.assert_problem(403, "forbidden");
        app.call("POST", &format!("/v1/courses/{id}/publish"), Some(&a.owner_token), None).await.assert_problem(409, "course_empty");

        let m = module(&app, &a, &id, "Atoms").await;
        text_lesson(&app, &a, &m, "What is an atom?").await;
        let r = app.call("POST", &format!("/v1/courses/{id}/publish"), Some(&a.owner_token), None).await;
        assert_eq!((r.status.as_u16(), r.body["status"].as_str()), (200, Some("published")));
        assert!(r.body["published_at"].is_string());
        let seen = app.call("GET", &format!("/v1/courses/{id}"), Some(&learner), None).await;
        assert_eq!(seen.status, 200);
        let list = app.call("GET", "/v1/courses", Some(&learner), None).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);

        let r = app.call("POST", &format!("/v1/courses/{id}/archive"), Some(&a.owner_token), None).await;
        assert_eq!(r.body["status"], "archived");
        app.call("GET", &format!("/v1/courses/{id}"), Some(&learner), None).await.assert_problem(404, "not_found");
        assert!(app.call("GET", "/v1/courses", Some(&learner), None).await.body["items"].as_array().unwrap().is_empty());
        // Deleting a course that was published archives it; a draft is really deleted.
        assert_eq!(app.call("DELETE", &format!("/v1/courses/{id}"), Some(&a.owner_token), None).await.status, 204);
        assert_eq!(app.call("GET", &format!("/v1/courses/{id}"), Some(&a.owner_token), None).await.body["status"], "archived");
        let draft = course(&app, &a, "Scratch").await;
        assert_eq!(app.call("DELETE", &format!("/v1/courses/{draft}"), Some(&a.owner_token), None).await.status, 204);
        app.call("GET", &format!("/v1/courses/{draft}"), Some(&a.owner_token), None).await.assert_problem(404, "not_found");
    }

    async fn the_outline_takes_a_fixed_number_of_queries(t) {
        // The cache is off so every call reaches the database; the burst is so large that the shared
        // rate-limit bucket (PostgreSQL) is leased once, before the counting starts.
        let app = TestApp::with_config(t, |c| {
            c.cache.catalog = false;
            c.limits.burst = 1_000_000;
        })
        .await;
        let a = app.signup("outline").await;
        let id = course(&app, &a, "Big").await;
        let m = module(&app, &a, &id, "M1").await;
        text_lesson(&app, &a, &m, "L1").await;
        outline(&app, &a.owner_token, &id).await; // warm: credential cache
        let before = app.t.db.queries_executed();
        outline(&app, &a.owner_token, &id).await;
        let small = app.t.db.queries_executed() - before;
        for i in 2..=6 {
            let m = module(&app, &a, &id, &format!("M{i}")).await;
            for j in 1..=4 {
                text_lesson(&app, &a, &m, &format!("L{i}.{j}")).await;
            }
        }
        let before = app.t.db.queries_executed();
        let big = outline(&app, &a.owner_token, &id).await;
        let large = app.t.db.queries_executed() - before;
        assert_eq!(shape(&big).len(), 6);
        assert_eq!(large, small, "the outline of 6 modules and 21 lessons takes as many queries as 1 and 1");
        assert!(small <= 8, "{small} queries (transaction, tenant setting, course, modules, lessons)");
    }

    async fn moves_keep_positions_gapless(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("order").await;
        let id = course(&app, &a, "Order").await;
        let m1 = module(&app, &a, &id, "A").await;
        let m2 = module(&app, &a, &id, "B").await;
        let m3 = module(&app, &a, &id, "C").await;
        let l1 = text_lesson(&app, &a, &m1, "a1").await;
        text_lesson(&app, &a, &m1, "a2").await;
        text_lesson(&app, &a, &m2, "b1").await;
        // Insert at a position.
        let r = app.call("POST", &format!("/v1/courses/{id}/modules"), Some(&a.owner_token), Some(&json!({"title": "First", "position": 1}))).await;
        assert_eq!(r.body["position"], 1);
        assert_eq!(shape(&outline(&app, &a.owner_token, &id).await).iter().map(|m| m.0.clone()).collect::<Vec<_>>(), s(&["First", "A", "B", "C"]));
        // Move C to the front, then a lesson into another module.
        assert_eq!(app.call("PATCH", &format!("/v1/modules/{m3}"), Some(&a.owner_token), Some(&json!({"position": 1}))).await.status, 200);
        let r = app.call("PATCH", &format!("/v1/lessons/{l1}"), Some(&a.owner_token), Some(&json!({"module_id": m2, "position": 2}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let o = shape(&outline(&app, &a.owner_token, &id).await);
        assert_eq!(o, vec![
            ("C".into(), vec![]),
            ("First".into(), vec![]),
            ("A".into(), s(&["a2"])),
            ("B".into(), s(&["b1", "a1"])),
        ]);
        let r = app.call("PATCH", &format!("/v1/modules/{m1}"), Some(&a.owner_token), Some(&json!({"position": 9}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["position"]);
        // Deleting closes the gap.
        assert_eq!(app.call("DELETE", &format!("/v1/modules/{m1}"), Some(&a.owner_token), None).await.status, 204);
        let o = shape(&outline(&app, &a.owner_token, &id).await);
        assert_eq!(o.iter().map(|m| m.0.clone()).collect::<Vec<_>>(), s(&["C", "First", "B"]));
        // A lesson cannot move into another course.
        let other = course(&app, &a, "Other").await;
        let foreign = module(&app, &a, &other, "X").await;
        let r = app.call("PATCH", &format!("/v1/lessons/{l1}"), Some(&a.owner_token), Some(&json!({"module_id": foreign}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["module_id"]);
    }

    async fn concurrent_moves_never_leave_gaps_or_duplicates(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("race").await;
        let id = course(&app, &a, "Race").await;
        let mut modules = Vec::new();
        for i in 0..6 {
            modules.push(module(&app, &a, &id, &format!("M{i}")).await);
        }
        let moves = modules.iter().enumerate().map(|(i, m)| {
            let path = format!("/v1/modules/{m}");
            let body = json!({"position": (i * 7) % 6 + 1});
            let app = &app;
            let token = a.owner_token.clone();
            async move { app.call("PATCH", &path, Some(&token), Some(&body)).await.status.as_u16() }
        });
        let statuses = futures::future::join_all(moves).await;
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
        let o = shape(&outline(&app, &a.owner_token, &id).await);
        let titles: BTreeSet<String> = o.iter().map(|m| m.0.clone()).collect();
        assert_eq!(titles.len(), 6, "every module exactly once");
    }

    async fn bad_lessons_are_refused_by_field_and_nothing_is_written(t) {
        let app = TestApp::with_config(t, |c| c.server.max_body_bytes = 200_000).await;
        let a = app.signup("badl").await;
        let id = course(&app, &a, "Bad").await;
        let m = module(&app, &a, &id, "M").await;
        let path = format!("/v1/modules/{m}/lessons");
        let cases = [
            (json!({"title": "x", "kind": "podcast"}), vec!["kind"]),
            (json!({"title": "x", "kind": "video", "url": "ftp://files.test/v.mp4"}), vec!["url"]),
            (json!({"title": "x", "kind": "video", "url": "https://v.test/1", "duration_seconds": 0}), vec!["duration_seconds"]),
            (json!({"title": "x", "kind": "text", "body": "x".repeat(100_001)}), vec!["body"]),
            (json!({"title": "", "kind": "text"}), vec!["title", "body"]),
            (json!({"title": "q", "kind": "quiz", "passing_score": 80, "questions": [{"prompt": "2+2?", "type": "single_choice", "choices": ["3", "4"], "correct": [5]}]}), vec!["questions.0.correct"]),
            (json!({"title": "x", "kind": "text", "body": "b", "position": 3}), vec!["position"]),
        ];
        for (body, fields) in cases {
            let r = app.call("POST", &path, Some(&a.owner_token), Some(&body)).await;
            r.assert_problem(400, "validation_failed");
            assert_eq!(r.error_fields(), fields, "{body}");
        }
        let r = app.call("POST", &path, Some(&a.owner_token), Some(&json!({"title": "x", "kind": "text", "body": "y".repeat(300_000)}))).await;
        r.assert_problem(413, "payload_too_large");
        assert_eq!(r.error_fields(), vec!["body"]);
        app.call("POST", &path, Some(&a.owner_token), Some(&json!({"title": "x", "kind": "text", "body": "b", "colour": "red"})))
            .await
            .assert_problem(400, "validation_failed");
        assert!(shape(&outline(&app, &a.owner_token, &id).await)[0].1.is_empty(), "no lesson was written");
    }

    async fn learners_never_see_quiz_answers(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("quiz").await;
        let (_, learner) = app.user_with_role(&a, "learner").await;
        let id = course(&app, &a, "Quiz").await;
        let m = module(&app, &a, &id, "M").await;
        let quiz = json!({"title": "Check", "kind": "quiz", "passing_score": 80, "max_attempts": 3, "questions": [
            {"prompt": "2+2?", "type": "single_choice", "choices": ["3", "4"], "correct": [1]},
            {"prompt": "g?", "type": "numeric", "answer": 9.80665, "tolerance": 0.01},
            {"prompt": "Capital of France?", "type": "short_text", "accepted": ["Paris"]}]});
        let r = app.call("POST", &format!("/v1/modules/{m}/lessons"), Some(&a.owner_token), Some(&quiz)).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let lesson = r.body["id"].as_str().unwrap().to_string();
        assert_eq!(r.body["quiz"]["questions"][0]["correct"], json!([1]), "staff see answers");
        app.call("POST", &format!("/v1/courses/{id}/publish"), Some(&a.owner_token), None).await;
        for path in [format!("/v1/lessons/{lesson}"), format!("/v1/courses/{id}?include=outline"), format!("/v1/modules/{m}/lessons")] {
            let r = app.call("GET", &path, Some(&learner), None).await;
            assert_eq!(r.status, 200, "{path}");
            assert!(r.text.contains("2+2?"), "{path}: {}", r.text);
            for secret in ["correct", "9.80665", "tolerance", "Paris", "accepted"] {
                assert!(!r.text.contains(secret), "{path} leaks {secret}: {}", r.text);
            }
        }
    }

    async fn changes_are_visible_at_once_and_etags_guard_writes(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("cache").await;
        let id = course(&app, &a, "Before").await;
        let v1 = app.call("GET", &format!("/v1/courses/{id}"), Some(&a.owner_token), None).await;
        let etag = v1.header("etag").unwrap().to_string();
        app.call("GET", &format!("/v1/courses/{id}"), Some(&a.owner_token), None).await;
        let mut req = app.client.patch(format!("/v1/courses/{id}")).header("authorization", format!("Bearer {}", a.owner_token));
        req = req.header("if-match", etag.clone()).header("content-type", "application/json").body(r#"{"title": "After"}"#);
        assert_eq!(req.send().await.0.status(), 200);
        let v2 = app.call("GET", &format!("/v1/courses/{id}"), Some(&a.owner_token), None).await;
        assert_eq!(v2.body["title"], "After", "the cached view was invalidated");
        assert_ne!(v2.header("etag").unwrap(), etag);
        let list = app.call("GET", "/v1/courses?q=after", Some(&a.owner_token), None).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
        let mut req = app.client.patch(format!("/v1/courses/{id}")).header("authorization", format!("Bearer {}", a.owner_token));
        req = req.header("if-match", etag).header("content-type", "application/json").body(r#"{"title": "Stale"}"#);
        assert_eq!(req.send().await.0.status(), 412);
        // Adding a module changes the course's outline, hence its version.
        module(&app, &a, &id, "M").await;
        let v3 = app.call("GET", &format!("/v1/courses/{id}?include=outline"), Some(&a.owner_token), None).await;
        assert_eq!(v3.body["modules"].as_array().unwrap().len(), 1);
        assert!(v3.body["version"].as_i64() > v2.body["version"].as_i64());
        // On PostgreSQL this process also hears its own NOTIFYs, which may drop an entry once more: count
        // at least, not exactly.
        let metrics = app.get("/metrics", None).await.text;
        let count = |result: &str| -> u64 {
            let prefix = format!("lyceum_cache_requests_total{{cache=\"course_view\",result=\"{result}\"}} ");
            metrics.lines().find_map(|l| l.strip_prefix(&prefix)).and_then(|n| n.parse().ok()).unwrap_or(0)
        };
        assert!(count("miss") >= 2, "{metrics}");
        assert!(count("hit") + count("miss") == 3, "three views were read: {metrics}");
    }

    /// `If-None-Match` with the current `ETag` answers 304 with no body; a changed course, another tag
    /// or another tenant's credential gets what it would have got without it.
    async fn repeat_reads_answer_304_not_modified(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("notmod").await;
        let b = app.signup("notmod-other").await;
        let id = course(&app, &a, "Polled").await;
        let m = module(&app, &a, &id, "M").await;
        text_lesson(&app, &a, &m, "L").await;
        let path = format!("/v1/courses/{id}?include=outline");
        let get = |token: &str, tag: Option<&str>| {
            let mut req = app.client.get(&path).header("authorization", format!("Bearer {token}"));
            if let Some(tag) = tag {
                req = req.header("if-none-match", tag);
            }
            req.send()
        };
        let first = app.call("GET", &path, Some(&a.owner_token), None).await;
        let tag = first.header("etag").unwrap().to_string();

        for held in [tag.clone(), format!("W/{tag}"), format!("\"0\", {tag}"), "*".to_string()] {
            let r = get(&a.owner_token, Some(&held)).await;
            assert_eq!(r.0.status(), 304, "If-None-Match: {held}");
            assert_eq!(r.0.headers().get("etag").unwrap().to_str().unwrap(), tag);
            assert!(r.0.headers().get("x-request-id").is_some());
            assert!(r.0.into_body().into_bytes().await.unwrap().is_empty(), "a 304 has no body");
        }
        let other = get(&a.owner_token, Some("\"999\"")).await;
        assert_eq!(other.0.status(), 200, "another version gets the body");
        // The condition never turns someone else's 404 into a 304.
        assert_eq!(get(&b.owner_token, Some(&tag)).await.0.status(), 404);
        assert_eq!(get(&b.owner_token, Some("*")).await.0.status(), 404);
        // A write is not conditional on If-None-Match.
        let r = app
            .client
            .patch(format!("/v1/courses/{id}"))
            .header("authorization", format!("Bearer {}", a.owner_token))
            .header("if-none-match", tag.clone())
            .header("content-type", "application/json")
            .body(r#"{"title": "Changed"}"#)
            .send()
            .await;
        assert_eq!(r.0.status(), 200);
        let changed = get(&a.owner_token, Some(&tag)).await;
        assert_eq!(changed.0.status(), 200, "the course changed: the full outline again");
        assert_ne!(changed.0.headers().get("etag").unwrap().to_str().unwrap(), tag);
    }

    /// A client that accepts gzip gets cached outlines and lists compressed (once per cache entry), with
    /// `Vary: Accept-Encoding` and a weak `ETag`; conditional reads work with either representation.
    async fn cached_reads_go_out_gzipped_to_clients_that_accept_it(t) {
        use std::io::Read as _;
        let app = TestApp::new(t).await;
        let a = app.signup("gzip").await;
        let id = course(&app, &a, "Compressed").await;
        let m = module(&app, &a, &id, "M").await;
        for i in 0..12 {
            text_lesson(&app, &a, &m, &format!("Lesson number {i} of the compressed course")).await;
        }
        let path = format!("/v1/courses/{id}?include=outline");
        let get = |path: String, accept: Option<&'static str>, tag: Option<String>| {
            let mut req = app.client.get(path).header("authorization", format!("Bearer {}", a.owner_token));
            if let Some(accept) = accept {
                req = req.header("accept-encoding", accept);
            }
            if let Some(tag) = tag {
                req = req.header("if-none-match", tag);
            }
            req.send()
        };
        let plain = get(path.clone(), None, None).await;
        assert_eq!(plain.0.status(), 200);
        let strong = plain.0.headers().get("etag").unwrap().to_str().unwrap().to_string();
        assert!(!strong.starts_with("W/"));
        assert_eq!(plain.0.headers().get("vary").unwrap(), "accept-encoding");
        assert!(plain.0.headers().get("content-encoding").is_none());
        let plain = plain.0.into_body().into_vec().await.unwrap();
        assert!(plain.len() > 1024, "{} bytes", plain.len());

        for _ in 0..2 {
            let packed = get(path.clone(), Some("br, gzip;q=0.9"), None).await;
            assert_eq!(packed.0.status(), 200);
            assert_eq!(packed.0.headers().get("content-encoding").unwrap(), "gzip");
            assert_eq!(packed.0.headers().get("vary").unwrap(), "accept-encoding");
            assert_eq!(packed.0.headers().get("etag").unwrap().to_str().unwrap(), format!("W/{strong}"));
            let bytes = packed.0.into_body().into_vec().await.unwrap();
            assert!(bytes.len() * 3 < plain.len(), "{} of {} bytes", bytes.len(), plain.len());
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).unwrap();
            assert_eq!(out, plain, "the same JSON");
        }
        assert!(get(path.clone(), Some("gzip;q=0"), None).await.0.headers().get("content-encoding").is_none());
        for tag in [strong.clone(), format!("W/{strong}")] {
            assert_eq!(get(path.clone(), Some("gzip"), Some(tag.clone())).await.0.status(), 304, "{tag}");
            assert_eq!(get(path.clone(), None, Some(tag.clone())).await.0.status(), 304, "{tag}");
        }
        // The weak tag still works for a conditional write.
        let r = app.client.patch(format!("/v1/courses/{id}"))
            .header("authorization", format!("Bearer {}", a.owner_token))
            .header("if-match", format!("W/{strong}"))
            .header("content-type", "application/json")
            .body(r#"{"title": "Compressed, renamed"}"#)
            .send()
            .await;
        assert_eq!(r.0.status(), 200);
        // Lists too, once large enough.
        for i in 0..12 {
            course(&app, &a, &format!("Another course with a long enough title {i}")).await;
        }
        let list = get("/v1/courses?limit=200".into(), Some("gzip"), None).await;
        assert_eq!(list.0.headers().get("content-encoding").unwrap(), "gzip");
    }

    async fn lists_filter_and_paginate(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("clist").await;
        for title in ["Algebra", "Biology", "Chemistry", "Algorithms"] {
            course(&app, &a, title).await;
        }
        let r = app.call("GET", "/v1/courses?q=alg", Some(&a.owner_token), None).await;
        let titles: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap()).collect();
        assert_eq!(titles, vec!["Algebra", "Algorithms"]);
        let r = app.call("GET", "/v1/courses?limit=3", Some(&a.owner_token), None).await;
        let cursor = r.body["next_cursor"].as_str().unwrap().to_string();
        let r2 = app.call("GET", &format!("/v1/courses?limit=3&cursor={cursor}"), Some(&a.owner_token), None).await;
        assert_eq!(r2.body["items"][0]["title"], "Algorithms");
        assert!(r2.body["next_cursor"].is_null());
        assert_eq!(app.call("GET", "/v1/courses?status=published", Some(&a.owner_token), None).await.body["items"], json!([]));
        app.call("GET", "/v1/courses?status=gone", Some(&a.owner_token), None).await.assert_problem(400, "validation_failed");
        app.call("GET", "/v1/courses?limit=500", Some(&a.owner_token), None).await.assert_problem(400, "validation_failed");
        app.call("GET", "/v1/courses?cursor=xyz", Some(&a.owner_token), None).await.assert_problem(400, "validation_failed");
        let r = app.call("GET", "/v1/courses?updated_since=2999-01-01T00:00:00Z", Some(&a.owner_token), None).await;
        assert_eq!(r.body["items"], json!([]));
        let r = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Dup", "slug": "algebra-x"}))).await;
        assert_eq!(r.status, 201);
        app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Dup", "slug": "algebra-x"}))).await.assert_problem(409, "slug_taken");
        app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "  ", "slug": "-x"}))).await.assert_problem(400, "validation_failed");
    }
}
