//! The xAPI learning record store through the HTTP stack, on both backends: credentials managed
//! through /v1, statements stored and queried with the specification's rules, voiding, documents
//! with their concurrency rules, attachments, read-only and revoked credentials, and isolation
//! between institutions. (The ADL conformance run is tests/xapi, from scripts/test.)

use base64::{engine::general_purpose::STANDARD, Engine};
use lyceum_testkit::db_tests;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::{
    learning::{enroll, learner, published_course, put_progress, RIGHT},
    support::{Reply, Tenant, TestApp},
};

/// An LRS credential: (key, secret).
type Cred = (String, String);

async fn credential(app: &TestApp, t: &Tenant, can_write: bool) -> Cred {
    let r = app
        .call(
            "POST",
            "/v1/lrs-credentials",
            Some(&t.owner_token),
            Some(&json!({"name": "Authoring tool", "can_write": can_write})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    assert!(r.body["endpoint"].as_str().unwrap().ends_with("/xapi/"), "{r:#?}");
    (r.body["credential"]["key"].as_str().unwrap().to_string(), r.body["secret"].as_str().unwrap().to_string())
}

/// A request to the LRS with the version header, `cred` as HTTP Basic, and optional headers.
async fn lrs(
    app: &TestApp,
    method: &str,
    path: &str,
    cred: &Cred,
    body: Option<(&str, Vec<u8>)>,
    headers: &[(&str, &str)],
) -> Reply {
    let mut req = match method {
        "GET" => app.client.get(path),
        "POST" => app.client.post(path),
        "PUT" => app.client.put(path),
        "DELETE" => app.client.delete(path),
        other => panic!("method {other}"),
    };
    req = req
        .header("x-experience-api-version", "1.0.3")
        .header("authorization", format!("Basic {}", STANDARD.encode(format!("{}:{}", cred.0, cred.1))));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some((ct, b)) = body {
        req = req.header("content-type", ct).body(b);
    }
    let r = TestApp::finish(req.send().await).await;
    assert_eq!(r.header("x-experience-api-version"), Some("1.0.3"), "{r:#?}");
    r
}

async fn post(app: &TestApp, cred: &Cred, v: &Value) -> Reply {
    lrs(app, "POST", "/xapi/statements", cred, Some(("application/json", v.to_string().into_bytes())), &[]).await
}

fn statement(mbox: &str, verb: &str, activity: &str) -> Value {
    json!({
        "actor": {"objectType": "Agent", "name": "Ada", "mbox": format!("mailto:{mbox}")},
        "verb": {"id": format!("http://adlnet.gov/expapi/verbs/{verb}"), "display": {"en-US": verb}},
        "object": {"id": activity, "definition": {"name": {"en-US": "Unit 1"}}},
        "context": {"contextActivities": {"parent": {"id": "http://example.com/course"}}},
    })
}

fn enc(v: &str) -> String {
    serde_urlencoded::to_string([("v", v)]).unwrap()[2..].to_string()
}

db_tests! {
    async fn an_institutions_lrs_stores_queries_and_voids_statements(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("xapi").await;
        let w = credential(&app, &a, true).await;
        let ro = credential(&app, &a, false).await;
        let list = app.call("GET", "/v1/lrs-credentials", Some(&a.owner_token), None).await;
        assert_eq!(list.body["items"].as_array().map(Vec::len), Some(2), "{list:#?}");
        let (_, learner) = app.user_with_role(&a, "learner").await;
        app.call("POST", "/v1/lrs-credentials", Some(&learner), Some(&json!({"name": "x"}))).await.assert_problem(403, "forbidden");

        // /about needs nothing; everything else needs the version header and a credential.
        let about = app.get("/xapi/about", None).await;
        assert_eq!((about.status.as_u16(), about.body["version"].clone()), (200, json!(["1.0.3"])), "{about:#?}");
        let no_version = TestApp::finish(app.client.get("/xapi/statements").header("authorization", "Basic eDp5").send().await).await;
        assert_eq!(no_version.status, 400, "{no_version:#?}");
        let bad = lrs(&app, "GET", "/xapi/statements", &(w.0.clone(), "lyl_wrong".into()), None, &[]).await;
        assert_eq!((bad.status.as_u16(), bad.header("www-authenticate")), (401, Some("Basic realm=\"xapi\"")), "{bad:#?}");

        // A batch is stored whole; the LRS fills in id, stored, authority, version and timestamp.
        let s1 = statement("ada@example.com", "attempted", "http://example.com/unit/1");
        let s2 = statement("bob@example.com", "completed", "http://example.com/unit/1");
        let r = post(&app, &w, &json!([s1, s2])).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let ids: Vec<String> = serde_json::from_value(r.body.clone()).unwrap();
        let got = lrs(&app, "GET", &format!("/xapi/statements?statementId={}", ids[0]), &ro, None, &[]).await;
        assert_eq!(got.status, 200, "{got:#?}");
        assert!(got.header("x-experience-api-consistent-through").is_some());
        assert_eq!(got.body["authority"]["account"]["name"].as_str(), Some(w.0.as_str()), "{got:#?}");
        assert_eq!((got.body["version"].as_str(), got.body["timestamp"].clone()), (Some("1.0.0"), got.body["stored"].clone()));
        assert_eq!(got.body["context"]["contextActivities"]["parent"], json!([{"id": "http://example.com/course"}]));

        // One bad statement refuses the batch: nothing of it is stored.
        let mut broken = statement("cy@example.com", "attempted", "http://example.com/unit/2");
        broken["actor"]["openid"] = json!("http://openid.example.com/cy");
        let fresh = statement("dee@example.com", "attempted", "http://example.com/unit/2");
        post(&app, &w, &json!([fresh, broken])).await.assert_problem(400, "validation_failed");
        let unit2 = lrs(&app, "GET", &format!("/xapi/statements?activity={}", enc("http://example.com/unit/2")), &w, None, &[]).await;
        assert_eq!(unit2.body["statements"], json!([]), "{unit2:#?}");

        // The same id with other content conflicts; the same statement again is accepted and ignored.
        let mut same = s1.clone();
        same["id"] = json!(ids[0]);
        let put = |body: Value| {
            let app = &app;
            let w = &w;
            let id = ids[0].clone();
            async move { lrs(app, "PUT", &format!("/xapi/statements?statementId={id}"), w, Some(("application/json", body.to_string().into_bytes())), &[]).await }
        };
        assert_eq!(put(same.clone()).await.status, 204);
        let mut other = same.clone();
        other["verb"]["id"] = json!("http://adlnet.gov/expapi/verbs/failed");
        put(other).await.assert_problem(409, "xapi_statement_exists");

        // Filters and paging: by agent and verb; one a page, `more` leads on.
        let ada = enc(&json!({"mbox": "mailto:ada@example.com"}).to_string());
        let q = lrs(&app, "GET", &format!("/xapi/statements?agent={ada}&verb={}", enc("http://adlnet.gov/expapi/verbs/attempted")), &w, None, &[]).await;
        assert_eq!(q.body["statements"].as_array().map(Vec::len), Some(1), "{q:#?}");
        assert_eq!(q.body["statements"][0]["id"].as_str(), Some(ids[0].as_str()));
        let page1 = lrs(&app, "GET", &format!("/xapi/statements?activity={}&limit=1", enc("http://example.com/unit/1")), &w, None, &[]).await;
        let more = page1.body["more"].as_str().unwrap().to_string();
        assert!(more.starts_with("/xapi/statements?"), "{page1:#?}");
        let page2 = lrs(&app, "GET", &more, &w, None, &[]).await;
        assert_eq!((page2.body["statements"].as_array().map(Vec::len), page2.body["more"].as_str()), (Some(1), Some("")), "{page2:#?}");
        assert_ne!(page1.body["statements"][0]["id"], page2.body["statements"][0]["id"]);

        // Voiding: the voided statement is read only as voided; the voiding one matches its filters.
        let void = json!({"actor": {"mbox": "mailto:admin@example.com"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
                          "object": {"objectType": "StatementRef", "id": ids[1]}});
        let vr = post(&app, &w, &void).await;
        assert_eq!(vr.status, 200, "{vr:#?}");
        lrs(&app, "GET", &format!("/xapi/statements?statementId={}", ids[1]), &w, None, &[]).await.assert_problem(404, "not_found");
        let voided = lrs(&app, "GET", &format!("/xapi/statements?voidedStatementId={}", ids[1]), &w, None, &[]).await;
        assert_eq!(voided.status, 200, "{voided:#?}");
        let bob = enc(&json!({"mbox": "mailto:bob@example.com"}).to_string());
        let by_bob = lrs(&app, "GET", &format!("/xapi/statements?agent={bob}"), &w, None, &[]).await;
        assert_eq!(by_bob.body["statements"][0]["id"], vr.body[0], "the voiding statement targets bob's: {by_bob:#?}");
        assert_eq!(by_bob.body["statements"].as_array().map(Vec::len), Some(1));

        // A read-only credential reads and never writes; a revoked one does nothing.
        let denied = post(&app, &ro, &statement("eve@example.com", "attempted", "http://example.com/unit/3")).await;
        denied.assert_problem(403, "lrs_read_only");
        let ro_id = list.body["items"][1]["id"].as_str().unwrap().to_string();
        let revoke = app.call("DELETE", &format!("/v1/lrs-credentials/{ro_id}"), Some(&a.owner_token), None).await;
        assert_eq!(revoke.status, 204, "{revoke:#?}");
        assert_eq!(lrs(&app, "GET", "/xapi/statements", &ro, None, &[]).await.status, 401);

        // Activities and agents.
        let act = lrs(&app, "GET", &format!("/xapi/activities?activityId={}", enc("http://example.com/unit/1")), &w, None, &[]).await;
        assert_eq!(act.body["definition"]["name"]["en-US"].as_str(), Some("Unit 1"), "{act:#?}");
        let person = lrs(&app, "GET", &format!("/xapi/agents?agent={ada}"), &w, None, &[]).await;
        assert_eq!(person.body, json!({"objectType": "Person", "mbox": ["mailto:ada@example.com"]}), "{person:#?}");
    }

    async fn documents_follow_the_concurrency_rules_and_attachments_travel_with_statements(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("xapidocs").await;
        let w = credential(&app, &a, true).await;
        let agent = enc(&json!({"mbox": "mailto:ada@example.com"}).to_string());
        let activity = enc("http://example.com/unit/1");
        let state = format!("/xapi/activities/state?activityId={activity}&agent={agent}&stateId=bookmark");
        let json_body = |v: Value| Some(("application/json", v.to_string().into_bytes()));

        // State: PUT, GET with its ETag, POST merges JSON objects.
        assert_eq!(lrs(&app, "PUT", &state, &w, json_body(json!({"page": 3})), &[]).await.status, 204);
        assert_eq!(lrs(&app, "POST", &state, &w, json_body(json!({"score": 7})), &[]).await.status, 204);
        let got = lrs(&app, "GET", &state, &w, None, &[]).await;
        assert_eq!(got.body, json!({"page": 3, "score": 7}), "{got:#?}");
        let etag = got.header("etag").unwrap().to_string();
        let ids = lrs(&app, "GET", &format!("/xapi/activities/state?activityId={activity}&agent={agent}"), &w, None, &[]).await;
        assert_eq!(ids.body, json!(["bookmark"]));
        // Merging into a document that is not JSON is refused.
        assert_eq!(lrs(&app, "PUT", &state, &w, Some(("text/plain", b"plain".to_vec())), &[]).await.status, 204);
        lrs(&app, "POST", &state, &w, json_body(json!({"x": 1})), &[]).await.assert_problem(400, "validation_failed");

        // Profiles: a PUT says what it expects to replace.
        let profile = format!("/xapi/activities/profile?activityId={activity}&profileId=settings");
        lrs(&app, "PUT", &profile, &w, json_body(json!({"a": 1})), &[]).await.assert_problem(400, "validation_failed");
        assert_eq!(lrs(&app, "PUT", &profile, &w, json_body(json!({"a": 1})), &[("if-none-match", "*")]).await.status, 204);
        lrs(&app, "PUT", &profile, &w, json_body(json!({"a": 2})), &[]).await.assert_problem(409, "xapi_document_exists");
        lrs(&app, "PUT", &profile, &w, json_body(json!({"a": 2})), &[("if-match", &etag)]).await.assert_problem(412, "precondition_failed");
        let current = lrs(&app, "GET", &profile, &w, None, &[]).await.header("etag").unwrap().to_string();
        assert_eq!(lrs(&app, "PUT", &profile, &w, json_body(json!({"a": 2})), &[("if-match", &current)]).await.status, 204);
        assert_eq!(lrs(&app, "GET", &profile, &w, None, &[]).await.body, json!({"a": 2}));

        // Another institution sees none of it.
        let b = app.signup("xapiother").await;
        let wb = credential(&app, &b, true).await;
        lrs(&app, "GET", &state, &wb, None, &[]).await.assert_problem(404, "not_found");
        let theirs = lrs(&app, "GET", &format!("/xapi/activities/state?activityId={activity}&agent={agent}"), &wb, None, &[]).await;
        assert_eq!(theirs.body, json!([]));

        // An attachment's content travels in multipart/mixed, both ways.
        let content = b"certificate of attendance".to_vec();
        let sha = hex::encode(Sha256::digest(&content));
        let mut s = statement("ada@example.com", "attended", "http://example.com/unit/1");
        s["attachments"] = json!([{"usageType": "http://example.com/usage/cert", "display": {"en-US": "Certificate"},
                                   "contentType": "text/plain", "length": content.len(), "sha2": sha}]);
        let mut body = format!("--B\r\nContent-Type: application/json\r\n\r\n{s}\r\n--B\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha}\r\n\r\n").into_bytes();
        body.extend_from_slice(&content);
        body.extend_from_slice(b"\r\n--B--\r\n");
        let stored = lrs(&app, "POST", "/xapi/statements", &w, Some(("multipart/mixed; boundary=B", body)), &[]).await;
        assert_eq!(stored.status, 200, "{stored:#?}");
        let id = stored.body[0].as_str().unwrap();
        let back = lrs(&app, "GET", &format!("/xapi/statements?statementId={id}&attachments=true"), &w, None, &[]).await;
        assert!(back.header("content-type").unwrap().starts_with("multipart/mixed; boundary="), "{back:#?}");
        assert!(back.text.contains(&format!("X-Experience-API-Hash: {sha}")) && back.text.contains("certificate of attendance"), "{back:#?}");
        // The other institution cannot read the statement.
        lrs(&app, "GET", &format!("/xapi/statements?statementId={id}"), &wb, None, &[]).await.assert_problem(404, "not_found");
        // A statement naming an attachment that was not sent is refused.
        let no_part = post(&app, &w, &s).await;
        no_part.assert_problem(400, "validation_failed");
    }

    async fn lyceums_own_learning_is_recorded_in_the_lrs_with_the_change(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("xapiown").await;
        let w = credential(&app, &a, false).await;
        let (course, lessons) = published_course(&app, &a).await;
        let (user, _, tok) = learner(&app, &a, "ada").await;
        let e = enroll(&app, &a, &course, &user).await;
        let e = e["id"].as_str().unwrap().to_string();
        let tok = Some(tok.as_str());
        let r = app.call("PUT", &put_progress(&e, &lessons[0]), tok, Some(&json!({"status": "completed"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let wrong: Value = json!([{"question": 0, "value": 1}]);
        let r = app.call("POST", &format!("/v1/lessons/{}/attempts", lessons[2]), tok, Some(&json!({"answers": wrong}))).await;
        assert_eq!(r.body["passed"], false, "{r:#?}");
        let right: Value = serde_json::from_str(RIGHT).unwrap();
        let r = app.call("POST", &format!("/v1/lessons/{}/attempts", lessons[2]), tok, Some(&json!({"answers": right}))).await;
        assert_eq!(r.body["passed"], true, "{r:#?}");
        let r = app.call("PUT", &put_progress(&e, &lessons[3]), tok, Some(&json!({"status": "completed"}))).await;
        assert_eq!(r.body["enrollment"]["status"], "completed", "{r:#?}");

        // Every fact is a statement by Lyceum about the learner (an account: their id, no name), in the
        // enrollment's registration, in the order it happened.
        let q = lrs(&app, "GET", &format!("/xapi/statements?registration={e}&ascending=true"), &w, None, &[]).await;
        let got: Vec<(String, String)> = q.body["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["verb"]["id"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), s["object"]["id"].as_str().unwrap().to_string()))
            .collect();
        let base = app.state.config.server.public_url.trim_end_matches('/').to_string();
        let course_iri = format!("{base}/xapi/activities/courses/{course}");
        let lesson_iri = |i: usize| format!("{base}/xapi/activities/lessons/{}", lessons[i]);
        assert_eq!(got, vec![
            ("registered".to_string(), course_iri.clone()),
            ("completed".to_string(), lesson_iri(0)),
            ("failed".to_string(), lesson_iri(2)),
            ("passed".to_string(), lesson_iri(2)),
            ("completed".to_string(), lesson_iri(2)),
            ("completed".to_string(), lesson_iri(3)),
            ("completed".to_string(), course_iri.clone()),
        ], "{q:#?}");
        let first = &q.body["statements"][0];
        assert_eq!(first["actor"], json!({"objectType": "Agent", "account": {"homePage": base, "name": user}}));
        assert_eq!(first["authority"]["name"], "Lyceum");
        assert_eq!(first["object"]["definition"]["name"]["und"], "Chemistry 101");
        let passed = &q.body["statements"][3];
        assert_eq!((passed["result"]["success"].as_bool(), passed["result"]["score"]["max"].as_i64()), (Some(true), Some(100)));
        assert_eq!(passed["context"]["contextActivities"]["parent"][0]["id"].as_str(), Some(course_iri.as_str()));
        // The learner's statements are found by their agent too.
        let agent = enc(&json!({"account": {"homePage": base, "name": user}}).to_string());
        let mine = lrs(&app, "GET", &format!("/xapi/statements?agent={agent}"), &w, None, &[]).await;
        assert_eq!(mine.body["statements"].as_array().map(Vec::len), Some(7), "{mine:#?}");

        // Reporting a completed lesson again records nothing new.
        let r = app.call("PUT", &put_progress(&e, &lessons[2]), tok, Some(&json!({"status": "completed"}))).await;
        assert_eq!(r.status, 200, "already completed: {r:#?}");
        let again = lrs(&app, "GET", &format!("/xapi/statements?registration={e}"), &w, None, &[]).await;
        assert_eq!(again.body["statements"].as_array().map(Vec::len), Some(7), "{again:#?}");

        // Content keeps a state document for the learner under their email, another for someone else.
        let rw = credential(&app, &a, true).await;
        let email = app.get(&format!("/v1/users/{user}"), Some(&a.owner_token)).await.body["email"].as_str().unwrap().to_string();
        let theirs = format!("/xapi/activities/state?activityId={}&agent={}&stateId=s", enc("http://example.com/a"),
            enc(&json!({"mbox": format!("mailto:{email}")}).to_string()));
        let others = format!("/xapi/activities/state?activityId={}&agent={}&stateId=s", enc("http://example.com/a"),
            enc(&json!({"mbox": "mailto:someone@example.com"}).to_string()));
        for path in [&theirs, &others] {
            assert_eq!(lrs(&app, "PUT", path, &rw, Some(("application/json", b"{}".to_vec())), &[]).await.status, 204);
        }

        // Erasing the learner removes their learning record from the LRS too.
        let r = app.call("POST", &format!("/v1/users/{user}/erase"), Some(&a.owner_token), Some(&json!({}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let gone = lrs(&app, "GET", &format!("/xapi/statements?registration={e}"), &w, None, &[]).await;
        assert_eq!(gone.body["statements"], json!([]), "{gone:#?}");
        assert_eq!(lrs(&app, "GET", &theirs, &rw, None, &[]).await.status, 404);
        assert_eq!(lrs(&app, "GET", &others, &rw, None, &[]).await.status, 200);
    }

    async fn an_lrs_credential_is_rate_limited_in_a_header_and_in_the_alternate_syntax(t) {
        let app = TestApp::with_config(t, |c| (c.limits.burst, c.limits.per_second) = (3, 0.001)).await;
        let a = app.signup("xapilimit").await;
        let w = credential(&app, &a, true).await;
        let codes: Vec<u16> = futures::future::join_all((0..4).map(|_| lrs(&app, "GET", "/xapi/statements", &w, None, &[])))
            .await
            .iter()
            .map(|r| r.status.as_u16())
            .collect();
        assert_eq!(codes.iter().filter(|c| **c == 429).count(), 1, "{codes:?}");
        // The same credential in the body of the alternate syntax draws from the same bucket.
        let auth = format!("Basic {}", STANDARD.encode(format!("{}:{}", w.0, w.1)));
        let form = serde_urlencoded::to_string([("Authorization", auth.as_str()), ("X-Experience-API-Version", "1.0.3")]).unwrap();
        let r = TestApp::finish(
            app.client.post("/xapi/statements?method=GET").header("content-type", "application/x-www-form-urlencoded").body(form).send().await,
        )
        .await;
        assert_eq!((r.status.as_u16(), r.header("retry-after").is_some()), (429, true), "{r:#?}");
    }
}
