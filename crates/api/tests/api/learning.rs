//! Learning through the API on both backends: enrollments and seats, progress and completion (exactly
//! once, also under concurrent writes), quizzes graded on the server, signed certificates verified
//! publicly and independently, bulk enrollment as an operation, reports, and bad input.

use std::time::Duration;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use lyceum_core::{db::types::TenantId, events, TenantScope};
use lyceum_testkit::{db_tests, Mailbox};
use serde_json::{json, Value};

use crate::support::{Tenant, TestApp, PASSWORD};

/// A published course: module 1 with two text lessons (the second optional) and a quiz, module 2 with
/// one text lesson. Returns (course, [lesson ids in outline order]).
pub async fn published_course(app: &TestApp, t: &Tenant) -> (String, Vec<String>) {
    let tok = Some(t.owner_token.as_str());
    let course = app.call("POST", "/v1/courses", tok, Some(&json!({"title": "Chemistry 101"}))).await;
    let course = course.body["id"].as_str().unwrap().to_string();
    let m1 = app.call("POST", &format!("/v1/courses/{course}/modules"), tok, Some(&json!({"title": "Atoms"}))).await;
    let m2 = app.call("POST", &format!("/v1/courses/{course}/modules"), tok, Some(&json!({"title": "Bonds"}))).await;
    let (m1, m2) = (m1.body["id"].as_str().unwrap().to_string(), m2.body["id"].as_str().unwrap().to_string());
    let mut lessons = Vec::new();
    for (m, body) in [
        (&m1, json!({"title": "What is an atom", "kind": "text", "body": "# Atoms"})),
        (&m1, json!({"title": "Further reading", "kind": "text", "body": "optional", "required": false})),
        (
            &m1,
            json!({"title": "Atom quiz", "kind": "quiz", "passing_score": 60, "max_attempts": 3, "questions": [
                {"prompt": "Protons in carbon?", "type": "numeric", "answer": 6, "tolerance": 0},
                {"prompt": "Electrons are negative", "type": "true_false", "answer": true},
                {"prompt": "Noble gases", "type": "multiple_choice", "choices": ["He", "O", "Ne"], "correct": [0, 2]},
                {"prompt": "Symbol of gold?", "type": "short_text", "accepted": ["Au"]},
                {"prompt": "Lightest element", "type": "single_choice", "choices": ["H", "He"], "correct": [0]}
            ]}),
        ),
        (&m2, json!({"title": "Covalent bonds", "kind": "text", "body": "# Bonds"})),
    ] {
        let r = app.call("POST", &format!("/v1/modules/{m}/lessons"), tok, Some(&body)).await;
        assert_eq!(r.status, 201, "{r:#?}");
        lessons.push(r.body["id"].as_str().unwrap().to_string());
    }
    let r = app.call("POST", &format!("/v1/courses/{course}/publish"), tok, None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    (course, lessons)
}

/// A learner with a password, signed in: (id, email, token).
pub async fn learner(app: &TestApp, t: &Tenant, name: &str) -> (String, String, String) {
    let email = format!("{name}.{}@{}.test", uuid::Uuid::now_v7().simple(), t.slug);
    let r = app
        .call(
            "POST",
            "/v1/users",
            Some(&t.owner_token),
            Some(&json!({"email": email, "name": name, "role": "learner", "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    let id = r.body["id"].as_str().unwrap().to_string();
    let token = app.login(&t.slug, &email, PASSWORD).await;
    (id, email, token)
}

/// An invited learner without a password (cheap to create in numbers).
async fn invited(app: &TestApp, t: &Tenant, email: &str) -> String {
    let r = app
        .call(
            "POST",
            "/v1/users",
            Some(&t.owner_token),
            Some(&json!({"email": email, "name": "Bulk learner", "role": "learner", "send_invite": false})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body["id"].as_str().unwrap().to_string()
}

pub async fn enroll(app: &TestApp, t: &Tenant, course: &str, user: &str) -> Value {
    let r = app
        .call(
            "POST",
            &format!("/v1/courses/{course}/enrollments"),
            Some(&t.owner_token),
            Some(&json!({"user_id": user, "notify": false})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body
}

/// Moves an enrollment's start a day back, so progress reports may record that much time (time spent is
/// bounded by what really elapsed since enrollment).
pub async fn backdate(app: &TestApp, t: &Tenant, enrollment: &str) {
    use diesel::prelude::*;
    use lyceum_core::{
        db::schema::enrollments,
        db::types::{EnrollmentId, Timestamp},
        with_conn,
    };
    let scope = TenantScope::for_test(t.id.parse::<TenantId>().unwrap());
    let id: EnrollmentId = enrollment.parse().unwrap();
    app.state
        .core
        .db()
        .doors()
        .write(&scope, move |tx| {
            let day_ago = Timestamp(chrono::Utc::now() - chrono::Duration::days(1));
            let tenant = tx.tenant_id();
            with_conn!(tx, |c| diesel::update(
                enrollments::table.filter(enrollments::tenant_id.eq(tenant)).filter(enrollments::id.eq(id))
            )
            .set(enrollments::enrolled_at.eq(day_ago))
            .execute(c))?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn set_seats(app: &TestApp, t: &Tenant, seats: i32) {
    let scope = TenantScope::for_test_operator(t.id.parse::<TenantId>().unwrap(), "test");
    lyceum_core::tenants::set_plan(&app.state.core, &scope, None, Some(seats)).await.unwrap();
}

async fn events_of(app: &TestApp, t: &Tenant, kind: &str) -> Vec<Value> {
    let scope = TenantScope::for_test(t.id.parse::<TenantId>().unwrap());
    let kind = kind.to_string();
    app.state
        .core
        .db()
        .doors()
        .read(&scope, move |tx| events::list(tx, &kind, 1000))
        .await
        .unwrap()
        .into_iter()
        .map(|e| serde_json::from_str(&e.data).unwrap())
        .collect()
}

pub fn put_progress(enrollment: &str, lesson: &str) -> String {
    format!("/v1/enrollments/{enrollment}/progress/{lesson}")
}

pub const RIGHT: &str = r#"[{"question": 0, "value": 6}, {"question": 1, "value": true},
    {"question": 2, "choices": [2, 0]}, {"question": 3, "value": " au "}, {"question": 4, "choices": [0]}]"#;

db_tests! {
    async fn a_learner_is_enrolled_progresses_passes_the_quiz_and_gets_a_verifiable_certificate(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("learn").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (learner_id, email, tok) = learner(&app, &a, "Lea").await;

        // Enrol (with the enrollment email).
        let r = app
            .call("POST", &format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token), Some(&json!({"user_id": learner_id})))
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        let e = r.body["id"].as_str().unwrap().to_string();
        assert_eq!(r.header("location"), Some(format!("/v1/enrollments/{e}").as_str()));
        assert_eq!(r.body["status"], "active");
        assert_eq!(r.body["course_title"], "Chemistry 101");
        // The optional lesson does not count: 3 lessons to do, the first one next.
        assert_eq!(r.body["progress"], json!({"completed_lessons": 0, "total_lessons": 3, "percent": 0,
            "next_lesson_id": lessons[0], "next_lesson_title": "What is an atom"}));
        let tenant = app.call("GET", "/v1/tenant", Some(&a.owner_token), None).await;
        assert_eq!(tenant.body["seats_used"], 1);
        backdate(&app, &a, &e).await;

        // The learner sees it as theirs.
        let mine = app.call("GET", "/v1/me/enrollments", Some(&tok), None).await;
        assert_eq!(mine.status, 200, "{mine:#?}");
        assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);
        assert_eq!(mine.body["items"][0]["id"], e.as_str());

        // Progress is idempotent.
        for _ in 0..2 {
            let r = app
                .call("PUT", &put_progress(&e, &lessons[0]), Some(&tok), Some(&json!({"status": "completed", "time_spent_seconds": 300})))
                .await;
            assert_eq!(r.status, 200, "{r:#?}");
            assert_eq!(r.body["lesson"]["status"], "completed");
            assert_eq!(r.body["enrollment"]["progress"]["percent"], 33);
            assert_eq!(r.body["enrollment"]["progress"]["next_lesson_id"], lessons[2].as_str());
            assert_eq!(r.body["enrollment"]["time_spent_seconds"], 300);
        }
        // A quiz completes only through a passing attempt.
        let r = app.call("PUT", &put_progress(&e, &lessons[2]), Some(&tok), Some(&json!({"status": "completed"}))).await;
        r.assert_problem(409, "quiz_not_passed");

        // A failing attempt, then a passing one.
        let wrong = json!({"answers": [{"question": 0, "value": 5}, {"question": 1, "value": true}]});
        let r = app.call("POST", &format!("/v1/lessons/{}/attempts", lessons[2]), Some(&tok), Some(&wrong)).await;
        assert_eq!(r.status, 201, "{r:#?}");
        assert_eq!((r.body["score"].as_i64(), r.body["passed"].as_bool()), (Some(20), Some(false)));
        assert_eq!(r.body["attempt_number"], 1);
        assert_eq!(r.body["attempts_remaining"], 2);
        assert_eq!(r.body["results"][0], json!({"question": 0, "answered": true, "correct": false}));
        assert!(!r.text.contains("\"answer\"") && !r.text.contains("accepted"), "no answers leak: {}", r.text);
        let right: Value = json!({"answers": serde_json::from_str::<Value>(RIGHT).unwrap()});
        let r = app.call("POST", &format!("/v1/lessons/{}/attempts", lessons[2]), Some(&tok), Some(&right)).await;
        assert_eq!((r.body["score"].as_i64(), r.body["passed"].as_bool()), (Some(100), Some(true)), "{r:#?}");
        let attempts = app.call("GET", &format!("/v1/lessons/{}/attempts", lessons[2]), Some(&tok), None).await;
        assert_eq!(attempts.body["items"].as_array().unwrap().len(), 2, "attempts are kept");

        let progress = app.call("GET", &format!("/v1/enrollments/{e}/progress"), Some(&tok), None).await;
        assert_eq!(progress.status, 200, "{progress:#?}");
        let statuses: Vec<&str> = progress.body["lessons"].as_array().unwrap().iter().map(|l| l["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["completed", "not_started", "completed", "not_started"]);
        assert_eq!(progress.body["lessons"][2]["score"], 100);
        assert_eq!(progress.body["enrollment_status"], "active");

        // The last counted lesson completes the enrollment.
        let r = app
            .call("PUT", &put_progress(&e, &lessons[3]), Some(&tok), Some(&json!({"status": "completed", "time_spent_seconds": 60})))
            .await;
        assert_eq!(r.body["enrollment"]["status"], "completed", "{r:#?}");
        assert!(r.body["enrollment"]["completed_at"].is_string());
        assert_eq!(r.body["enrollment"]["progress"]["percent"], 100);
        assert_eq!(r.body["enrollment"]["score"], 100);
        assert_eq!(events_of(&app, &a, "enrollment.completed").await.len(), 1);
        // Once a seat-holder completes, the seat is free again.
        assert_eq!(app.call("GET", "/v1/tenant", Some(&a.owner_token), None).await.body["seats_used"], 0);

        // The worker issues the certificate and sends the emails.
        app.run_jobs().await;
        let certs = app.call("GET", "/v1/certificates", Some(&a.owner_token), None).await;
        assert_eq!(certs.status, 200, "{certs:#?}");
        let items = certs.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        let cert = &items[0];
        assert_eq!(cert["enrollment_id"], e.as_str());
        let code = cert["code"].as_str().unwrap().to_string();
        assert!(code.len() >= 40, "unguessable: {code}");
        let own = app.call("GET", "/v1/certificates", Some(&tok), None).await;
        assert_eq!(own.body["items"].as_array().unwrap().len(), 1, "a learner lists their own");
        assert_eq!(app.run_jobs().await, 0, "issuing is done once");
        assert_eq!(events_of(&app, &a, "certificate.issued").await.len(), 1);

        // Public verification, no credential.
        let v = app.call("GET", &format!("/v1/certificates/{code}"), None, None).await;
        assert_eq!(v.status, 200, "{v:#?}");
        assert_eq!((v.body["valid"].as_bool(), v.body["revoked"].as_bool()), (Some(true), Some(false)));
        assert_eq!(v.body["recipient_name"], "Lea");
        assert_eq!(v.body["course_title"], "Chemistry 101");
        let cred = &v.body["credential"];
        assert_eq!(cred["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));
        assert_eq!(cred["credentialSubject"]["achievement"]["name"], "Chemistry 101");
        assert_eq!(cred["issuer"]["name"], format!("Institution {}", a.slug));
        assert!(!v.text.contains(&email), "the recipient's email is hashed, not shown");

        // Check the signature independently: JWS over the credential with the published Ed25519 key.
        let issuer = app.call("GET", &format!("/v1/issuers/{}", a.id), None, None).await;
        assert_eq!(issuer.status, 200, "{issuer:#?}");
        assert!(cred["issuer"]["id"].as_str().unwrap().ends_with(&format!("/v1/issuers/{}", a.id)));
        let jwk = &issuer.body["keys"][0]["jwk"];
        assert_eq!((jwk["kty"].as_str(), jwk["crv"].as_str()), (Some("OKP"), Some("Ed25519")));
        let key = VerifyingKey::from_bytes(&B64.decode(jwk["x"].as_str().unwrap()).unwrap().try_into().unwrap()).unwrap();
        let jws = v.body["signature"].as_str().unwrap();
        let parts: Vec<&str> = jws.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: Value = serde_json::from_slice(&B64.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "EdDSA");
        assert_eq!(header["kid"], jwk["kid"]);
        let sig = Signature::from_slice(&B64.decode(parts[2]).unwrap()).unwrap();
        key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig).expect("signature verifies");
        let payload: Value = serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(&payload, cred, "the signed payload is the credential");
        let mut forged = parts.clone();
        let other = B64.encode(serde_json::to_vec(&json!({"name": "forged"})).unwrap());
        forged[1] = &other;
        assert!(key.verify(format!("{}.{}", forged[0], forged[1]).as_bytes(), &sig).is_err());

        // Unknown and malformed codes are 404.
        let mut other_code = code.clone();
        other_code.replace_range(0..4, if code.starts_with("AAAA") { "BBBB" } else { "AAAA" });
        app.call("GET", &format!("/v1/certificates/{other_code}"), None, None).await.assert_problem(404, "not_found");
        app.call("GET", "/v1/certificates/nope", None, None).await.assert_problem(404, "not_found");

        // Emails: enrolled, then completed with the verification link.
        let mail = Mailbox::from_env().wait_for(&email, Duration::from_secs(10)).await;
        let all = mail.iter().map(|m| Mailbox::decode_quoted_printable(m)).collect::<Vec<_>>().join("\n");
        assert!(all.contains("You are enrolled in Chemistry 101"), "{all}");
        assert!(all.contains("You completed Chemistry 101") && all.contains(&code), "{all}");

        // A learner may not revoke; an owner may, and verification then says so.
        let cert_id = cert["id"].as_str().unwrap();
        app.call("POST", &format!("/v1/certificates/{cert_id}/revoke"), Some(&tok), Some(&json!({"reason": "x"})))
            .await
            .assert_problem(403, "forbidden");
        let r = app
            .call("POST", &format!("/v1/certificates/{cert_id}/revoke"), Some(&a.owner_token), Some(&json!({"reason": "issued in error"})))
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert!(r.body["revoked_at"].is_string());
        let v = app.call("GET", &format!("/v1/certificates/{code}"), None, None).await;
        assert_eq!((v.body["valid"].as_bool(), v.body["revoked"].as_bool(), v.body["signature_valid"].as_bool()), (Some(false), Some(true), Some(true)));
        assert_eq!(v.body["revoked_reason"], "issued in error");

        // The course report.
        let report = app.call("GET", &format!("/v1/reports/courses/{course}"), Some(&a.owner_token), None).await;
        assert_eq!(report.status, 200, "{report:#?}");
        assert_eq!((report.body["enrolled"].as_i64(), report.body["completed"].as_i64()), (Some(1), Some(1)));
        assert_eq!(report.body["completion_rate"], 1.0);
        assert_eq!(report.body["average_score"], 100.0);
        assert_eq!(report.body["average_time_spent_seconds"], 360.0);
        let learners = app.call("GET", &format!("/v1/reports/courses/{course}/learners"), Some(&a.owner_token), None).await;
        assert_eq!(learners.body["items"][0]["email"], email.as_str());
        assert_eq!(learners.body["items"][0]["enrollment"]["status"], "completed");
        // Learners do not see reports.
        app.call("GET", &format!("/v1/reports/courses/{course}"), Some(&tok), None).await.assert_problem(403, "forbidden");
    }

    async fn seats_are_distinct_learners_with_an_active_enrollment(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("seats").await;
        let (course, _) = published_course(&app, &a).await;
        let (course2, _) = published_course(&app, &a).await;
        set_seats(&app, &a, 2).await;
        let u1 = invited(&app, &a, &format!("u1@{}.test", a.slug)).await;
        let u2 = invited(&app, &a, &format!("u2@{}.test", a.slug)).await;
        let u3 = invited(&app, &a, &format!("u3@{}.test", a.slug)).await;
        let e1 = enroll(&app, &a, &course, &u1).await;
        enroll(&app, &a, &course, &u2).await;
        // The same learner in a second course takes no new seat.
        enroll(&app, &a, &course2, &u1).await;
        let full = app
            .call("POST", &format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token), Some(&json!({"user_id": u3})))
            .await;
        full.assert_problem(402, "seat_limit_reached");
        let tenant = app.call("GET", "/v1/tenant", Some(&a.owner_token), None).await;
        assert_eq!((tenant.body["seat_limit"].as_i64(), tenant.body["seats_used"].as_i64()), (Some(2), Some(2)));
        // Dropping u2 (their only enrollment) frees a seat; dropping one of u1's two does not.
        let list = app.call("GET", &format!("/v1/users/{u2}/enrollments"), Some(&a.owner_token), None).await;
        let e2 = list.body["items"][0]["id"].as_str().unwrap().to_string();
        let r = app.call("DELETE", &format!("/v1/enrollments/{}", e1["id"].as_str().unwrap()), Some(&a.owner_token), None).await;
        assert_eq!(r.status, 204, "{r:#?}");
        app.call("POST", &format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token), Some(&json!({"user_id": u3})))
            .await
            .assert_problem(402, "seat_limit_reached");
        let r = app.call("DELETE", &format!("/v1/enrollments/{e2}"), Some(&a.owner_token), None).await;
        assert_eq!(r.status, 204);
        enroll(&app, &a, &course, &u3).await;
        // Reactivating u2 now finds no seat; a downgrade below usage keeps everyone enrolled.
        app.call("PATCH", &format!("/v1/enrollments/{e2}"), Some(&a.owner_token), Some(&json!({"status": "active"})))
            .await
            .assert_problem(402, "seat_limit_reached");
        set_seats(&app, &a, 1).await;
        let listed = app.call("GET", &format!("/v1/courses/{course}/enrollments?status=active"), Some(&a.owner_token), None).await;
        assert_eq!(listed.body["items"].as_array().unwrap().len(), 1, "{listed:#?}");
        assert_eq!(app.call("GET", "/v1/tenant", Some(&a.owner_token), None).await.body["seats_used"], 2);
        set_seats(&app, &a, 5).await;
        // Reactivation keeps the enrollment id; re-enrolling a dropped user reactivates it too.
        let r = app.call("PATCH", &format!("/v1/enrollments/{e2}"), Some(&a.owner_token), Some(&json!({"status": "active", "due_at": "2099-01-01T00:00:00Z"}))).await;
        assert_eq!((r.status.as_u16(), r.body["status"].as_str(), r.body["due_at"].as_str()), (200, Some("active"), Some("2099-01-01T00:00:00+00:00")), "{r:#?}");
        let r = app.call("PATCH", &format!("/v1/enrollments/{e2}"), Some(&a.owner_token), Some(&json!({"due_at": null}))).await;
        assert!(r.body["due_at"].is_null(), "{r:#?}");
        let again = enroll(&app, &a, &course, &u1).await;
        assert_eq!(again["id"], e1["id"]);
        app.call("POST", &format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token), Some(&json!({"user_id": u1})))
            .await
            .assert_problem(409, "already_enrolled");
    }

    async fn concurrent_progress_completes_the_enrollment_exactly_once(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("race").await;
        let tok = Some(a.owner_token.as_str());
        let course = app.call("POST", "/v1/courses", tok, Some(&json!({"title": "Race"}))).await.body["id"].as_str().unwrap().to_string();
        let m = app.call("POST", &format!("/v1/courses/{course}/modules"), tok, Some(&json!({"title": "M"}))).await.body["id"].as_str().unwrap().to_string();
        let mut lessons = Vec::new();
        for i in 0..6 {
            let r = app.call("POST", &format!("/v1/modules/{m}/lessons"), tok, Some(&json!({"title": format!("L{i}"), "kind": "text", "body": "x"}))).await;
            lessons.push(r.body["id"].as_str().unwrap().to_string());
        }
        app.call("POST", &format!("/v1/courses/{course}/publish"), tok, None).await;
        let (u, _, learner_tok) = learner(&app, &a, "Racer").await;
        let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
        // Every lesson completed at once, each twice.
        let body = json!({"status": "completed"});
        let calls = lessons.iter().chain(lessons.iter()).map(|l| {
            let path = put_progress(&e, l);
            let (app, body, tok) = (&app, &body, &learner_tok);
            async move { app.call("PUT", &path, Some(tok), Some(body)).await }
        });
        for r in futures::future::join_all(calls).await {
            assert_eq!(r.status, 200, "{r:#?}");
        }
        let view = app.call("GET", &format!("/v1/enrollments/{e}"), Some(&learner_tok), None).await;
        assert_eq!(view.body["status"], "completed", "{view:#?}");
        assert_eq!(events_of(&app, &a, "enrollment.completed").await.len(), 1, "completed exactly once");
        app.run_jobs().await;
        let certs = app.call("GET", &format!("/v1/certificates?user_id={u}"), tok, None).await;
        assert_eq!(certs.body["items"].as_array().unwrap().len(), 1);
    }

    async fn bulk_enrollment_reports_each_row_and_can_be_repeated(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("bulk").await;
        let (course, _) = published_course(&app, &a).await;
        set_seats(&app, &a, 10).await;
        let mut emails = Vec::new();
        for i in 0..12 {
            let email = format!("learner{i}@{}.test", a.slug);
            invited(&app, &a, &email).await;
            emails.push(email);
        }
        let (off, disabled, _) = learner(&app, &a, "Off").await;
        let r = app.call("PATCH", &format!("/v1/users/{off}"), Some(&a.owner_token), Some(&json!({"status": "disabled"}))).await;
        assert_eq!(r.body["status"], "disabled", "{r:#?}");
        // Rows: 12 valid (10 seats), a duplicate, an unknown email, a malformed one and a disabled user.
        let mut rows: Vec<Value> = emails.iter().map(|e| json!(e.to_uppercase())).collect();
        rows.insert(3, json!(emails[0]));
        rows.push(json!(format!("ghost@{}.test", a.slug)));
        rows.push(json!("not an email"));
        rows.push(json!(disabled));
        let body = json!({"emails": rows, "notify": false});
        let r = app.call("POST", &format!("/v1/courses/{course}/enrollments/bulk"), Some(&a.owner_token), Some(&body)).await;
        assert_eq!(r.status, 202, "{r:#?}");
        assert_eq!(r.body["status"], "queued");
        assert_eq!(r.body["total"], 16);
        let location = r.header("location").unwrap().to_string();
        app.run_jobs().await;
        let op = app.call("GET", &location, Some(&a.owner_token), None).await;
        assert_eq!(op.status, 200, "{op:#?}");
        assert_eq!(op.body["status"], "succeeded");
        assert_eq!(
            (op.body["processed"].as_i64(), op.body["succeeded"].as_i64(), op.body["skipped"].as_i64(), op.body["failed"].as_i64()),
            (Some(16), Some(10), Some(1), Some(5)),
            "{op:#?}"
        );
        let errors: Vec<(i64, &str)> = op.body["errors"].as_array().unwrap().iter().map(|e| (e["row"].as_i64().unwrap(), e["code"].as_str().unwrap())).collect();
        assert_eq!(errors, [(11, "seat_limit_reached"), (12, "seat_limit_reached"), (13, "user_not_found"), (14, "invalid"), (15, "user_disabled")]);
        let enrolled = app.call("GET", &format!("/v1/courses/{course}/enrollments?limit=200"), Some(&a.owner_token), None).await;
        assert_eq!(enrolled.body["items"].as_array().unwrap().len(), 10);

        // Re-running the same request changes nothing.
        let r = app.call("POST", &format!("/v1/courses/{course}/enrollments/bulk"), Some(&a.owner_token), Some(&body)).await;
        app.run_jobs().await;
        let op = app.call("GET", r.header("location").unwrap(), Some(&a.owner_token), None).await;
        assert_eq!((op.body["succeeded"].as_i64(), op.body["skipped"].as_i64()), (Some(0), Some(11)), "{op:#?}");
        let enrolled = app.call("GET", &format!("/v1/courses/{course}/enrollments?limit=200"), Some(&a.owner_token), None).await;
        assert_eq!(enrolled.body["items"].as_array().unwrap().len(), 10);

        // Broken requests as a whole are refused up front.
        let path = format!("/v1/courses/{course}/enrollments/bulk");
        for bad in [json!({"emails": []}), json!({"user_ids": ["x"], "emails": ["a@b.test"]}), json!({})] {
            let r = app.call("POST", &path, Some(&a.owner_token), Some(&bad)).await;
            r.assert_problem(400, "validation_failed");
        }
        let too_many: Vec<String> = (0..10_001).map(|i| format!("{i}")).collect();
        let r = app.call("POST", &path, Some(&a.owner_token), Some(&json!({"user_ids": too_many}))).await;
        assert_eq!(r.error_fields(), ["user_ids"], "{r:#?}");
    }

    async fn bad_learning_input_gets_clear_errors_and_changes_nothing(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("badlearn").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (other_course, other_lessons) = published_course(&app, &a).await;
        let (u, _, tok) = learner(&app, &a, "Bad").await;
        let (u2, _, tok2) = learner(&app, &a, "Other").await;
        let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
        let e2 = enroll(&app, &a, &other_course, &u2).await["id"].as_str().unwrap().to_string();
        let owner = Some(a.owner_token.as_str());

        // Enrolment.
        let draft = app.call("POST", "/v1/courses", owner, Some(&json!({"title": "Draft"}))).await.body["id"].as_str().unwrap().to_string();
        app.call("POST", &format!("/v1/courses/{draft}/enrollments"), owner, Some(&json!({"user_id": u})))
            .await
            .assert_problem(409, "course_not_published");
        app.call("POST", &format!("/v1/courses/{course}/enrollments"), owner, Some(&json!({"user_id": uuid::Uuid::now_v7()})))
            .await
            .assert_problem(404, "not_found");
        let r = app.call("POST", &format!("/v1/courses/{course}/enrollments"), owner, Some(&json!({"user_id": u2, "due_at": "2001-01-01T00:00:00Z"}))).await;
        assert_eq!(r.error_fields(), ["due_at"]);
        let r = app.call("POST", &format!("/v1/courses/{course}/enrollments"), owner, Some(&json!({"user_id": "nope"}))).await;
        assert_eq!((r.status.as_u16(), r.error_fields()), (400, vec!["user_id".to_string()]), "{r:#?}");
        // Learners cannot enrol others.
        app.call("POST", &format!("/v1/courses/{course}/enrollments"), Some(&tok), Some(&json!({"user_id": u2})))
            .await
            .assert_problem(403, "forbidden");

        // Progress.
        let r = app.call("PUT", &put_progress(&e, &other_lessons[0]), Some(&tok), Some(&json!({"status": "completed"}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["lesson_id"]);
        let r = app.call("PUT", &put_progress(&e, &lessons[0]), Some(&tok), Some(&json!({"status": "done", "score": 101, "time_spent_seconds": -1}))).await;
        assert_eq!(r.error_fields(), ["status", "score", "time_spent_seconds"]);
        app.call("PUT", &put_progress(&e, &uuid::Uuid::now_v7().to_string()), Some(&tok), Some(&json!({"status": "started"})))
            .await
            .assert_problem(404, "not_found");
        // Someone else's enrollment does not exist for a learner.
        app.call("PUT", &put_progress(&e2, &other_lessons[0]), Some(&tok), Some(&json!({"status": "started"})))
            .await
            .assert_problem(404, "not_found");
        app.call("GET", &format!("/v1/enrollments/{e2}"), Some(&tok), None).await.assert_problem(404, "not_found");
        app.call("GET", &format!("/v1/enrollments/{e2}/progress"), Some(&tok), None).await.assert_problem(404, "not_found");
        app.call("GET", &format!("/v1/users/{u2}/enrollments"), Some(&tok), None).await.assert_problem(403, "forbidden");

        // Attempts.
        let attempts = |l: &str| format!("/v1/lessons/{l}/attempts");
        app.call("POST", &attempts(&lessons[0]), Some(&tok), Some(&json!({"answers": []})))
            .await
            .assert_problem(422, "not_a_quiz");
        let r = app.call("POST", &attempts(&lessons[2]), Some(&tok), Some(&json!({"answers": [
            {"question": 2, "choices": [7]}, {"question": 0, "choices": [0]}, {"question": 9, "value": 1}
        ]}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["answers.0.choices", "answers.1.choices", "answers.2.question"]);
        // Not enrolled in that course.
        app.call("POST", &attempts(&other_lessons[2]), Some(&tok), Some(&json!({"answers": []})))
            .await
            .assert_problem(403, "not_enrolled");
        // The limit is three attempts.
        let wrong = json!({"answers": [{"question": 0, "value": 1}]});
        for n in 1..=3 {
            let r = app.call("POST", &attempts(&lessons[2]), Some(&tok), Some(&wrong)).await;
            assert_eq!((r.status.as_u16(), r.body["attempt_number"].as_i64()), (201, Some(n)), "{r:#?}");
        }
        app.call("POST", &attempts(&lessons[2]), Some(&tok), Some(&wrong)).await.assert_problem(409, "attempt_limit_reached");
        let listed = app.call("GET", &attempts(&lessons[2]), Some(&tok), None).await;
        assert_eq!(listed.body["items"].as_array().unwrap().len(), 3, "nothing half-applied: {listed:#?}");

        // A dropped enrollment takes no progress; a completed one cannot be dropped.
        app.call("DELETE", &format!("/v1/enrollments/{e}"), owner, None).await;
        app.call("PUT", &put_progress(&e, &lessons[0]), Some(&tok), Some(&json!({"status": "started"})))
            .await
            .assert_problem(409, "enrollment_dropped");
        let _ = tok2;
        let r = app.call("PATCH", &format!("/v1/enrollments/{e}"), owner, Some(&json!({"status": "completed"}))).await;
        assert_eq!(r.error_fields(), ["status"]);
        let r = app.call("PATCH", &format!("/v1/enrollments/{e}"), owner, Some(&json!({"due_at": "soon"}))).await;
        assert_eq!(r.status, 400, "{r:#?}");
        let r = app.call("PATCH", &format!("/v1/enrollments/{e}"), owner, Some(&json!({"status": "active"}))).await;
        let etag = r.header("etag").unwrap().to_string();
        let r = app
            .call("PATCH", &format!("/v1/enrollments/{e}"), owner, Some(&json!({"due_at": "2099-01-01T00:00:00Z"})))
            .await;
        assert_eq!(r.status, 200);
        let stale = app
            .client
            .patch(format!("/v1/enrollments/{e}"))
            .header("authorization", format!("Bearer {}", a.owner_token))
            .header("if-match", etag)
            .header("content-type", "application/json")
            .body(json!({"due_at": null}).to_string())
            .send()
            .await;
        assert_eq!(stale.0.status(), 412);
    }
}

db_tests! {
    async fn a_progress_write_is_a_few_statements_and_sees_structure_changes_at_once(t) {
        // A burst so large that the shared rate-limit bucket (PostgreSQL) is leased once, before counting.
        let app = TestApp::with_config(t, |c| c.limits.burst = 1_000_000).await;
        let a = app.signup("hot").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (u, _, tok) = learner(&app, &a, "Hot").await;
        let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
        let scope = TenantScope::for_test(a.id.parse::<TenantId>().unwrap());
        let write = |seconds: i64| {
            let input = lyceum_core::enrollments::progress::ProgressInput {
                status: "started".into(),
                score: None,
                time_spent_seconds: Some(seconds),
            };
            lyceum_core::enrollments::progress::record(
                &app.state.core,
                &scope,
                e.parse().unwrap(),
                lessons[0].parse().unwrap(),
                input,
            )
        };
        write(10).await.unwrap();
        let before = app.state.core.db().queries_executed();
        let (_, enrollment) = write(20).await.unwrap();
        let statements = app.state.core.db().queries_executed() - before;
        if app.state.core.db().backend() == lyceum_core::db::Backend::Postgres && !app.state.core.db().citus() {
            // A heartbeat is one statement (one round trip): no pool check, BEGIN or COMMIT around it.
            assert_eq!(statements, 1, "a progress heartbeat on PostgreSQL took {statements} statements");
        } else {
            // SQLite and Citus (no heartbeat batches there): the pool's check of the connection, BEGIN,
            // read+lock, read the lesson's progress, write it, update the enrollment, read the completed
            // lessons, COMMIT.
            assert!(statements <= 8, "a progress write took {statements} statements");
        }
        assert_eq!((enrollment.time_spent_seconds, enrollment.progress.total_lessons), (20, 3));

        // A lesson added to the course counts at once (the plan cache is keyed by course version).
        let outline = app.call("GET", &format!("/v1/courses/{course}?include=outline"), Some(&a.owner_token), None).await;
        let m2 = outline.body["modules"][1]["id"].as_str().unwrap().to_string();
        let r = app
            .call("POST", &format!("/v1/modules/{m2}/lessons"), Some(&a.owner_token), Some(&json!({"title": "New", "kind": "text", "body": "x"})))
            .await;
        assert_eq!(r.status, 201);
        let r = app.call("PUT", &put_progress(&e, &lessons[0]), Some(&tok), Some(&json!({"status": "completed"}))).await;
        assert_eq!(r.body["enrollment"]["progress"]["total_lessons"], 4, "{r:#?}");
        assert_eq!(r.body["enrollment"]["progress"]["completed_lessons"], 1);
        assert_eq!(r.body["enrollment"]["time_spent_seconds"], 20, "time is kept when not sent");
    }
}

db_tests! {
    /// Heartbeats (reports that complete nothing: one round trip on PostgreSQL) follow every rule of the
    /// transactional path: time bounded by what elapsed, a completed lesson stays completed, staff with
    /// enrollment rights may report for a learner, other learners may not, and a read-only institution
    /// writes nothing.
    async fn heartbeats_follow_the_rules_of_every_progress_write(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("beat").await;
        let (course, lessons) = published_course(&app, &a).await;
        let (u, _, tok) = learner(&app, &a, "Beat").await;
        let (_, _, other) = learner(&app, &a, "Nosy").await;
        let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
        let app = &app;
        let put = |tok: &str, lesson: &str, body: Value| {
            let (path, tok) = (put_progress(&e, lesson), tok.to_string());
            async move { app.call("PUT", &path, Some(&tok), Some(&body)).await }
        };

        let first = put(&tok, &lessons[0], json!({"status": "started", "time_spent_seconds": 5_000_000})).await;
        assert_eq!(first.status, 200, "{first:#?}");
        let bounded = first.body["lesson"]["time_spent_seconds"].as_i64().unwrap();
        assert!(bounded <= 40, "just enrolled, yet {bounded} s recorded");
        assert_eq!(first.body["lesson"]["status"], "started");
        assert_eq!(first.body["lesson"]["title"], "What is an atom", "{first:#?}");
        assert_eq!(first.body["enrollment"]["time_spent_seconds"], bounded);
        assert_eq!(first.body["enrollment"]["progress"]["completed_lessons"], 0);

        // Completing goes through the transactional path; a later report of `completed` is a heartbeat
        // that keeps it completed, and `started` does not undo it.
        let done = put(&tok, &lessons[0], json!({"status": "completed"})).await;
        assert_eq!(done.body["lesson"]["status"], "completed", "{done:#?}");
        let completed_at = done.body["lesson"]["completed_at"].clone();
        for status in ["completed", "started"] {
            let again = put(&tok, &lessons[0], json!({"status": status, "time_spent_seconds": 1})).await;
            assert_eq!(again.status, 200, "{again:#?}");
            assert_eq!(again.body["lesson"]["status"], "completed");
            assert_eq!(again.body["lesson"]["completed_at"], completed_at);
            assert_eq!(again.body["lesson"]["time_spent_seconds"], 1, "time is the total reported");
            assert_eq!(again.body["enrollment"]["time_spent_seconds"], 1, "the enrollment's total follows");
            assert_eq!(again.body["enrollment"]["progress"]["completed_lessons"], 1);
        }

        // Staff with enrollment rights report for the learner; another learner cannot see it.
        let staff = put(&a.owner_token, &lessons[1], json!({"status": "started", "time_spent_seconds": 2})).await;
        assert_eq!((staff.status.as_u16(), &staff.body["lesson"]["time_spent_seconds"]), (200, &json!(2)), "{staff:#?}");
        put(&other, &lessons[1], json!({"status": "started"})).await.assert_problem(404, "not_found");

        let report = app.get(&format!("/v1/enrollments/{e}/progress"), Some(&tok)).await;
        let times: Vec<i64> =
            report.body["lessons"].as_array().unwrap().iter().map(|l| l["time_spent_seconds"].as_i64().unwrap()).collect();
        assert_eq!(&times[..2], [1, 2], "{report:#?}");
        let enrollment = app.get(&format!("/v1/enrollments/{e}"), Some(&tok)).await;
        assert_eq!(enrollment.body["time_spent_seconds"], 3, "{enrollment:#?}");

        // A read-only institution (its subscription ended) takes no heartbeat either.
        let scope = TenantScope::for_test(a.id.parse::<TenantId>().unwrap()).with_read_only(true);
        let input = lyceum_core::enrollments::progress::ProgressInput {
            status: "started".into(),
            score: None,
            time_spent_seconds: Some(3),
        };
        let refused = lyceum_core::enrollments::progress::record(
            &app.state.core,
            &scope,
            e.parse().unwrap(),
            lessons[1].parse().unwrap(),
            input,
        )
        .await;
        assert!(
            matches!(refused, Err(lyceum_core::Error::LimitReached { code: "subscription_required", .. })),
            "{refused:?}"
        );
        let report = app.get(&format!("/v1/enrollments/{e}/progress"), Some(&tok)).await;
        assert_eq!(report.body["lessons"][1]["time_spent_seconds"], 2, "nothing was written");
    }
}

db_tests! {
    async fn a_learner_is_reminded_once_before_the_due_date(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("due").await;
        let (course, _) = published_course(&app, &a).await;
        let (u, email, _) = learner(&app, &a, "Due").await;
        let (u2, _, _) = learner(&app, &a, "Later").await;
        let soon = (chrono::Utc::now() + chrono::Duration::hours(10)).to_rfc3339();
        let later = (chrono::Utc::now() + chrono::Duration::days(5)).to_rfc3339();
        let body = |user: &str, due: &str| json!({"user_id": user, "due_at": due, "notify": false});
        let path = format!("/v1/courses/{course}/enrollments");
        let e = app.call("POST", &path, Some(&a.owner_token), Some(&body(&u, &soon))).await;
        assert_eq!(e.status, 201, "{e:#?}");
        let e2 = app.call("POST", &path, Some(&a.owner_token), Some(&body(&u2, &later))).await;
        let job = lyceum_core::db::types::JobId::new();
        let send = || lyceum_core::enrollments::reminders::send_due_reminders(app.state.core.db(), job);
        assert_eq!(send().await.unwrap(), 1, "only the enrollment due within a day");
        assert_eq!(send().await.unwrap(), 0, "once per due date");
        app.run_jobs().await;
        let mail = Mailbox::from_env().wait_for(&email, Duration::from_secs(10)).await;
        assert_eq!(mail.len(), 1);
        let text = Mailbox::decode_quoted_printable(&mail[0]);
        assert!(text.contains("Reminder: Chemistry 101 is due soon") && text.contains("0 of 3 lessons"), "{text}");
        // A new due date soon gets its own reminder.
        let id2 = e2.body["id"].as_str().unwrap();
        let r = app.call("PATCH", &format!("/v1/enrollments/{id2}"), Some(&a.owner_token), Some(&json!({"due_at": soon}))).await;
        assert_eq!(r.status, 200);
        assert_eq!(send().await.unwrap(), 1);
    }
}
