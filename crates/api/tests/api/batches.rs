//! Progress heartbeats under concurrency (issue 21): on PostgreSQL the heartbeats that arrive together
//! are written in batches (one statement for many learners, of any institutions); every report still
//! gets its own answer, refusals stay per report, and each enrollment's total stays the sum of its
//! lessons'.

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::{
    learning::{backdate, enroll, learner, published_course, put_progress},
    support::TestApp,
};

db_tests! {
    async fn a_burst_of_heartbeats_is_written_in_batches_and_every_total_adds_up(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("burst").await;
        let b = app.signup("burst-other").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (course_b, lessons_b) = published_course(&app, &b).await;
        let mut people = Vec::new();
        for i in 0..10 {
            let (u, _, tok) = learner(&app, &a, &format!("Burst{i}")).await;
            let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
            backdate(&app, &a, &e).await;
            people.push((e, tok));
        }
        let (ub, _, tok_b) = learner(&app, &b, "Elsewhere").await;
        let e_b = enroll(&app, &b, &course_b, &ub).await["id"].as_str().unwrap().to_string();
        backdate(&app, &b, &e_b).await;

        // (path, token, body, expected status): three lessons per learner, the first one twice; the
        // other institution's learner on their own enrollment and on one of ours; a learner on another's.
        let mut calls: Vec<(String, String, Value, u16)> = Vec::new();
        for (i, (e, tok)) in people.iter().enumerate() {
            let i = i as i64;
            for (lesson, seconds) in [(0, 10 + i), (1, 10 + i), (3, 10 + i), (0, 20 + i)] {
                let body = json!({"status": "started", "time_spent_seconds": seconds});
                calls.push((put_progress(e, &lessons[lesson]), tok.clone(), body, 200));
            }
        }
        let beat = json!({"status": "started", "time_spent_seconds": 7});
        calls.push((put_progress(&e_b, &lessons_b[0]), tok_b.clone(), beat.clone(), 200));
        calls.push((put_progress(&people[0].0, &lessons[1]), tok_b.clone(), beat.clone(), 404));
        calls.push((put_progress(&people[1].0, &lessons[1]), people[0].1.clone(), beat.clone(), 404));

        let before = lyceum_core::enrollments::heartbeats::stats(&app.state.core);
        let app_ref = &app;
        let answers = futures::future::join_all(calls.iter().map(|(path, tok, body, _)| async move {
            app_ref.call("PUT", path, Some(tok), Some(body)).await
        }))
        .await;
        for ((path, _, body, expected), r) in calls.iter().zip(&answers) {
            assert_eq!(r.status.as_u16(), *expected, "PUT {path} {body}: {r:#?}");
            if *expected == 200 {
                let sent = body["time_spent_seconds"].as_i64().unwrap();
                assert_eq!(r.body["lesson"]["time_spent_seconds"], sent, "each report gets its own answer: {r:#?}");
            }
        }
        let after = lyceum_core::enrollments::heartbeats::stats(&app.state.core);
        let db = app.state.core.db();
        if db.citus() {
            // Citus cannot plan a batch across institutions: every report took its transactional path.
            assert_eq!(after.heartbeats - before.heartbeats, 0, "no heartbeat is batched on Citus");
        } else if db.backend() == lyceum_core::db::Backend::Postgres {
            let (batches, written) = (after.batches - before.batches, after.heartbeats - before.heartbeats);
            assert_eq!(written, 41, "every accepted report was a heartbeat");
            assert!(batches < written, "{written} heartbeats arriving together took {batches} statements");
        }

        for (i, (e, tok)) in people.iter().enumerate() {
            let i = i as i64;
            let report = app.get(&format!("/v1/enrollments/{e}/progress"), Some(tok)).await;
            let time = |lesson: &str| {
                report.body["lessons"].as_array().unwrap().iter().find(|l| l["lesson_id"] == lesson).unwrap()
                    ["time_spent_seconds"]
                    .as_i64()
                    .unwrap()
            };
            let (first, second, fourth) = (time(&lessons[0]), time(&lessons[1]), time(&lessons[3]));
            assert!(first == 10 + i || first == 20 + i, "the first lesson holds one of its two reports: {first}");
            assert_eq!((second, fourth), (10 + i, 10 + i));
            let enrollment = app.get(&format!("/v1/enrollments/{e}"), Some(tok)).await;
            assert_eq!(
                enrollment.body["time_spent_seconds"].as_i64().unwrap(),
                first + second + fourth,
                "the enrollment's total is its lessons' sum: {enrollment:#?}"
            );
        }
        let theirs = app.get(&format!("/v1/enrollments/{e_b}"), Some(&tok_b)).await;
        assert_eq!(theirs.body["time_spent_seconds"], 7, "{theirs:#?}");
        let untouched = app.get(&format!("/v1/enrollments/{}/progress", people[0].0), Some(&people[0].1)).await;
        assert_eq!(untouched.status, 200);
    }
}
