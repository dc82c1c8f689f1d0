//! Groups (cohorts) and external ids through the API, on both backends: a group enrolled in a course
//! enrols its members, and everyone who joins later, by the rules of every enrollment; who could not be
//! enrolled is listed with the reason, never dropped silently.

use lyceum_core::{db::types::TenantId, TenantScope};
use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::{
    learning::published_course,
    support::{Tenant, TestApp},
};

async fn set_seats(app: &TestApp, t: &Tenant, seats: i32) {
    let scope = TenantScope::for_test_operator(t.id.parse::<TenantId>().unwrap(), "test");
    lyceum_core::tenants::set_plan(&app.state.core, &scope, None, Some(seats)).await.unwrap();
}

async fn learner(app: &TestApp, t: &Tenant, n: &str, external_id: Option<&str>) -> String {
    let mut body = json!({"email": format!("{n}@{}.test", t.slug), "name": n, "role": "learner", "send_invite": false});
    if let Some(x) = external_id {
        body["external_id"] = json!(x);
    }
    let r = app.call("POST", "/v1/users", Some(&t.owner_token), Some(&body)).await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body["id"].as_str().unwrap().to_string()
}

async fn enrolled_users(app: &TestApp, t: &Tenant, course: &str) -> Vec<String> {
    let r = app.call("GET", &format!("/v1/courses/{course}/enrollments?limit=200"), Some(&t.owner_token), None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    let mut ids: Vec<String> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] != "dropped")
        .map(|e| e["user_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

db_tests! {
    async fn external_ids_on_users_are_unique_per_institution_and_filterable(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("extid").await;
        let b = app.signup("extid-b").await;
        let lee = learner(&app, &a, "lee", Some("S-001")).await;
        let r = app.call("GET", "/v1/users?external_id=S-001", Some(&a.owner_token), None).await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{r:#?}");
        assert_eq!((r.body["items"][0]["id"].as_str(), r.body["items"][0]["external_id"].as_str()), (Some(lee.as_str()), Some("S-001")));
        // Another user of A cannot take it; B's users can (its own key space).
        let dup = app
            .call("POST", "/v1/users", Some(&a.owner_token), Some(&json!({"email": format!("x@{}.test", a.slug), "name": "X", "role": "learner", "external_id": "S-001"})))
            .await;
        dup.assert_problem(409, "external_id_taken");
        assert_eq!(app.call("GET", "/v1/users?limit=200", Some(&a.owner_token), None).await.body["items"].as_array().unwrap().len(), 2, "nothing half-written");
        learner(&app, &b, "bee", Some("S-001")).await;
        let r = app.call("GET", "/v1/users?external_id=S-001", Some(&b.owner_token), None).await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
        assert_ne!(r.body["items"][0]["id"].as_str(), Some(lee.as_str()));
        // Changed and cleared through PATCH; a bad one is 400 naming the field.
        let r = app.call("PATCH", &format!("/v1/users/{lee}"), Some(&a.owner_token), Some(&json!({"external_id": "S-002"}))).await;
        assert_eq!(r.body["external_id"], "S-002", "{r:#?}");
        let r = app.call("PATCH", &format!("/v1/users/{lee}"), Some(&a.owner_token), Some(&json!({"external_id": "x".repeat(201)}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["external_id"]);
        let r = app.call("PATCH", &format!("/v1/users/{lee}"), Some(&a.owner_token), Some(&json!({"external_id": null}))).await;
        assert_eq!(r.body["external_id"], Value::Null, "{r:#?}");
        assert_eq!(app.call("GET", "/v1/users?external_id=S-002", Some(&a.owner_token), None).await.body["items"], json!([]));
        // A learner cannot set their own external id (that is the institution's key).
        let (me, tok) = app.user_with_role(&a, "learner").await;
        app.call("PATCH", &format!("/v1/users/{me}"), Some(&tok), Some(&json!({"external_id": "mine"}))).await.assert_problem(403, "forbidden");
    }

    async fn courses_and_enrollments_carry_external_ids_too(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("extid-c").await;
        let owner = Some(a.owner_token.as_str());
        let c = app.call("POST", "/v1/courses", owner, Some(&json!({"title": "Chemistry", "external_id": "CHEM-101"}))).await;
        assert_eq!((c.status.as_u16(), c.body["external_id"].as_str()), (201, Some("CHEM-101")), "{c:#?}");
        let cid = c.body["id"].as_str().unwrap().to_string();
        app.call("POST", "/v1/courses", owner, Some(&json!({"title": "Other", "external_id": "CHEM-101"}))).await.assert_problem(409, "external_id_taken");
        let found = app.call("GET", "/v1/courses?external_id=CHEM-101", owner, None).await;
        assert_eq!(found.body["items"].as_array().map(Vec::len), Some(1), "{found:#?}");
        assert_eq!(found.body["items"][0]["id"].as_str(), Some(cid.as_str()));
        // The catalog's cache keeps filters apart: another external id finds nothing.
        assert_eq!(app.call("GET", "/v1/courses?external_id=BIO-1", owner, None).await.body["items"], json!([]));
        let r = app.call("PATCH", &format!("/v1/courses/{cid}"), owner, Some(&json!({"external_id": "CHEM-102"}))).await;
        assert_eq!(r.body["external_id"], "CHEM-102", "{r:#?}");
        assert_eq!(app.call("GET", "/v1/courses?external_id=CHEM-101", owner, None).await.body["items"], json!([]));
        let r = app.call("PATCH", &format!("/v1/courses/{cid}"), owner, Some(&json!({"title": "Chemistry I"}))).await;
        assert_eq!(r.body["external_id"], "CHEM-102", "an absent external id stays: {r:#?}");

        let (course, _) = published_course(&app, &a).await;
        let u1 = learner(&app, &a, "e1", None).await;
        let u2 = learner(&app, &a, "e2", None).await;
        let e = app.call("POST", &format!("/v1/courses/{course}/enrollments"), owner, Some(&json!({"user_id": u1, "notify": false, "external_id": "ENR-1"}))).await;
        assert_eq!((e.status.as_u16(), e.body["external_id"].as_str()), (201, Some("ENR-1")), "{e:#?}");
        let dup = app.call("POST", &format!("/v1/courses/{course}/enrollments"), owner, Some(&json!({"user_id": u2, "notify": false, "external_id": "ENR-1"}))).await;
        dup.assert_problem(409, "external_id_taken");
        assert_eq!(enrolled_users(&app, &a, &course).await, vec![u1.clone()], "the refused enrollment was not half-made");
        let found = app.call("GET", &format!("/v1/courses/{course}/enrollments?external_id=ENR-1"), owner, None).await;
        assert_eq!(found.body["items"][0]["user_id"].as_str(), Some(u1.as_str()), "{found:#?}");
        let found = app.call("GET", &format!("/v1/users/{u1}/enrollments?external_id=ENR-1"), owner, None).await;
        assert_eq!(found.body["items"].as_array().map(Vec::len), Some(1), "{found:#?}");
    }

    async fn a_group_enrols_its_members_and_later_joiners_within_the_rules(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("groups").await;
        let (course, _) = published_course(&app, &a).await;
        let u1 = learner(&app, &a, "u1", None).await;
        let u2 = learner(&app, &a, "u2", None).await;
        let u3 = learner(&app, &a, "u3", None).await;
        let u4 = learner(&app, &a, "u4", None).await;
        let owner = Some(a.owner_token.as_str());

        let g = app.call("POST", "/v1/groups", owner, Some(&json!({"name": "Class of 2028", "external_id": "SEC-1", "user_ids": [u1, u2]}))).await;
        assert_eq!(g.status, 201, "{g:#?}");
        assert_eq!(g.body["member_count"], 2);
        let gid = g.body["id"].as_str().unwrap().to_string();
        app.call("POST", "/v1/groups", owner, Some(&json!({"name": "Other", "external_id": "SEC-1"}))).await.assert_problem(409, "external_id_taken");
        let found = app.call("GET", "/v1/groups?external_id=SEC-1", owner, None).await;
        assert_eq!(found.body["items"][0]["id"].as_str(), Some(gid.as_str()), "{found:#?}");
        let found = app.call("GET", "/v1/groups?name=class%20OF%202028", owner, None).await;
        assert_eq!(found.body["items"].as_array().unwrap().len(), 1, "{found:#?}");
        app.call("POST", "/v1/groups", owner, Some(&json!({"name": "Ghosts", "user_ids": [uuid::Uuid::now_v7()]}))).await.assert_problem(400, "validation_failed");
        assert_eq!(app.call("GET", "/v1/groups", owner, None).await.body["items"].as_array().unwrap().len(), 1, "the refused group was not half-created");

        // Enrolling the group enrols both members.
        let link = app.call("POST", &format!("/v1/groups/{gid}/courses"), owner, Some(&json!({"course_id": course, "due_at": "2031-01-31T17:00:00Z"}))).await;
        assert_eq!(link.status, 200, "{link:#?}");
        assert_eq!((link.body["enrolled"].as_i64(), link.body["not_enrolled"].as_array().map(Vec::len)), (Some(2), Some(0)), "{link:#?}");
        assert_eq!(enrolled_users(&app, &a, &course).await, sorted(vec![u1.clone(), u2.clone()]));

        // A later member is enrolled in the same transaction; one already enrolled stays as they are.
        let added = app.call("POST", &format!("/v1/groups/{gid}/members"), owner, Some(&json!({"user_ids": [u3, u1]}))).await;
        assert_eq!(added.status, 200, "{added:#?}");
        assert_eq!((added.body["added"].clone(), added.body["unchanged"].clone()), (json!([u3]), json!([u1])));
        assert_eq!(enrolled_users(&app, &a, &course).await, sorted(vec![u1.clone(), u2.clone(), u3.clone()]));
        let e = app.call("GET", &format!("/v1/courses/{course}/enrollments?limit=200"), owner, None).await;
        let e3 = e.body["items"].as_array().unwrap().iter().find(|e| e["user_id"] == u3.as_str()).unwrap().clone();
        assert!(e3["due_at"].as_str().unwrap().starts_with("2031-01-31T17:00:00"), "{e3:#}");

        // No seat left: the next member is not enrolled, and the group's course says so.
        set_seats(&app, &a, 3).await;
        let added = app.call("POST", &format!("/v1/groups/{gid}/members"), owner, Some(&json!({"user_ids": [u4]}))).await;
        assert_eq!(added.status, 200, "adding the member is not refused: {added:#?}");
        assert_eq!(enrolled_users(&app, &a, &course).await.len(), 3);
        let courses = app.call("GET", &format!("/v1/groups/{gid}/courses"), owner, None).await;
        let c = &courses.body["items"][0];
        assert_eq!((c["enrolled"].as_i64(), c["not_enrolled"][0]["user_id"].as_str(), c["not_enrolled"][0]["code"].as_str()), (Some(3), Some(u4.as_str()), Some("seat_limit_reached")), "{courses:#?}");
        // With a seat more, enrolling the group again retries and clears the failure.
        set_seats(&app, &a, 4).await;
        let link = app.call("POST", &format!("/v1/groups/{gid}/courses"), owner, Some(&json!({"course_id": course}))).await;
        assert_eq!((link.body["enrolled"].as_i64(), link.body["not_enrolled"].clone()), (Some(4), json!([])), "{link:#?}");

        // Leaving the group keeps the enrollment; members list; learners see no groups.
        let r = app.call("DELETE", &format!("/v1/groups/{gid}/members/{u4}"), owner, None).await;
        assert_eq!(r.status, 204, "{r:#?}");
        app.call("DELETE", &format!("/v1/groups/{gid}/members/{u4}"), owner, None).await.assert_problem(404, "not_found");
        assert_eq!(enrolled_users(&app, &a, &course).await.len(), 4);
        let members = app.call("GET", &format!("/v1/groups/{gid}/members?limit=2"), owner, None).await;
        assert_eq!(members.body["items"].as_array().unwrap().len(), 2, "{members:#?}");
        let next = members.body["next_cursor"].as_str().expect("a second page");
        let rest = app.call("GET", &format!("/v1/groups/{gid}/members?limit=2&cursor={next}"), owner, None).await;
        assert_eq!(rest.body["items"].as_array().unwrap().len(), 1, "{rest:#?}");
        let (_, learner_tok) = app.user_with_role(&a, "learner").await;
        app.call("GET", "/v1/groups", Some(&learner_tok), None).await.assert_problem(403, "forbidden");
        app.call("POST", &format!("/v1/groups/{gid}/members"), Some(&learner_tok), Some(&json!({"user_ids": [u4]}))).await.assert_problem(403, "forbidden");

        // A draft course cannot be linked; unlinking stops later enrolments.
        let draft = app.call("POST", "/v1/courses", owner, Some(&json!({"title": "Draft"}))).await;
        let draft = draft.body["id"].as_str().unwrap();
        app.call("POST", &format!("/v1/groups/{gid}/courses"), owner, Some(&json!({"course_id": draft}))).await.assert_problem(409, "course_not_published");
        let r = app.call("DELETE", &format!("/v1/groups/{gid}/courses/{course}"), owner, None).await;
        assert_eq!(r.status, 204, "{r:#?}");
        let u5 = learner(&app, &a, "u5", None).await;
        app.call("POST", &format!("/v1/groups/{gid}/members"), owner, Some(&json!({"user_ids": [u5]}))).await;
        assert!(!enrolled_users(&app, &a, &course).await.contains(&u5));

        // Rename with If-Match; a stale version is 412; deleting keeps the enrollments.
        let g = app.call("GET", &format!("/v1/groups/{gid}"), owner, None).await;
        let tag = g.header("etag").unwrap().to_string();
        let ok = app.client.patch(format!("/v1/groups/{gid}")).header("Authorization", format!("Bearer {}", a.owner_token)).header("If-Match", tag.clone()).body_json(&json!({"name": "Class of 2028 (spring)"})).send().await;
        ok.assert_status_is_ok();
        let stale = app.client.patch(format!("/v1/groups/{gid}")).header("Authorization", format!("Bearer {}", a.owner_token)).header("If-Match", tag).body_json(&json!({"name": "x"})).send().await;
        stale.assert_status(poem::http::StatusCode::PRECONDITION_FAILED);
        let r = app.call("DELETE", &format!("/v1/groups/{gid}"), owner, None).await;
        assert_eq!(r.status, 204);
        app.call("GET", &format!("/v1/groups/{gid}"), owner, None).await.assert_problem(404, "not_found");
        assert_eq!(enrolled_users(&app, &a, &course).await.len(), 4);
    }
}
