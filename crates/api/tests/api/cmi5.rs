//! cmi5 through the HTTP stack, on both backends: a package uploaded and imported as a course, and
//! a scripted AU that follows the cmi5 launch, fetch and statement rules (cmi5 §8-§10) driving it to
//! completion: content served under the launch's signed URL, the one-time fetch URL, `LMS.LaunchData`,
//! statements judged by the cmi5 rules, moveOn driving Lyceum progress, `satisfied`, `abandoned`
//! and `waived` statements by the LMS, and what an AU session's token may not do.

use std::io::Write;

use diesel::prelude::*;
use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::{
    files::{local, upload},
    learning::{enroll, learner},
    support::{Reply, Tenant, TestApp},
};

const STRUCTURE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://content.example.com/courses/lab-safety">
    <title><langstring lang="en-US">Lab safety</langstring></title>
    <description><langstring lang="en-US">Before the lab.</langstring></description>
  </course>
  <au id="https://content.example.com/aus/intro" moveOn="Completed">
    <title><langstring lang="en-US">Introduction</langstring></title>
    <url>intro/index.html</url>
  </au>
  <au id="https://content.example.com/aus/glossary" moveOn="NotApplicable">
    <title><langstring lang="en-US">Glossary</langstring></title>
    <url>glossary.html</url>
  </au>
  <block id="https://content.example.com/blocks/chemicals">
    <title><langstring lang="en-US">Chemicals</langstring></title>
    <au id="https://content.example.com/aus/acids-quiz" moveOn="CompletedAndPassed" masteryScore="0.8">
      <title><langstring lang="en-US">Acids quiz</langstring></title>
      <url>quiz/index.html?lang=en</url>
      <launchParameters>{"difficulty": 2}</launchParameters>
    </au>
  </block>
</courseStructure>"#;

/// A zip of `files`.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn package() -> Vec<u8> {
    zip_of(&[
        ("cmi5.xml", STRUCTURE.as_bytes()),
        ("intro/index.html", b"<!doctype html><title>Intro</title><script src=\"app.js\"></script>"),
        ("intro/app.js", b"console.log('au');"),
        ("glossary.html", b"<!doctype html><title>Glossary</title>"),
        ("quiz/index.html", b"<!doctype html><title>Quiz</title>"),
    ])
}

async fn import(app: &TestApp, t: &Tenant, zip: &[u8]) -> Reply {
    let up = upload(app, &t.owner_token, "course.zip", Some("application/zip"), zip).await;
    assert_eq!(up.status, 201, "{up:#?}");
    app.call("POST", "/v1/cmi5-packages", Some(&t.owner_token), Some(&json!({"file_id": up.body["id"]}))).await
}

/// The AU's side of a launch: what it read from the launch URL, and its auth-token once fetched.
struct Au {
    endpoint: String,
    fetch: String,
    actor: Value,
    registration: String,
    activity_id: String,
    content: String,
    session: String,
    auth: String,
}

async fn launch(app: &TestApp, token: &str, lesson: &str, body: Value) -> Au {
    let r = app.call("POST", &format!("/v1/lessons/{lesson}/cmi5-launch"), Some(token), Some(&body)).await;
    assert_eq!(r.status, 200, "{r:#?}");
    let url = reqwest::Url::parse(r.body["url"].as_str().unwrap()).unwrap();
    let q: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let mut content = url.clone();
    content.set_query(None);
    let au = Au {
        endpoint: local(&q["endpoint"]),
        fetch: local(&q["fetch"]),
        actor: serde_json::from_str(&q["actor"]).unwrap(),
        registration: q["registration"].clone(),
        activity_id: q["activityId"].clone(),
        content: local(content.as_str()),
        session: r.body["session_id"].as_str().unwrap().to_string(),
        auth: String::new(),
    };
    assert_eq!(au.registration, r.body["registration"].as_str().unwrap());
    assert_eq!(au.activity_id, r.body["activity_id"].as_str().unwrap());
    au
}

async fn fetch(app: &TestApp, au: &Au) -> Value {
    let r = TestApp::finish(app.client.post(&au.fetch).send().await).await;
    assert_eq!((r.status.as_u16(), r.header("content-type")), (200, Some("application/json")), "{r:#?}");
    r.body
}

async fn xapi(app: &TestApp, au: &Au, method: &str, path: &str, body: Option<&Value>) -> Reply {
    let path = format!("{}{}", au.endpoint.trim_end_matches('/'), path);
    let mut req = match method {
        "GET" => app.client.get(&path),
        "POST" => app.client.post(&path),
        "PUT" => app.client.put(&path),
        other => panic!("{other}"),
    };
    req = req.header("x-experience-api-version", "1.0.3").header("authorization", format!("Basic {}", au.auth));
    if let Some(b) = body {
        req = req.header("content-type", "application/json").body(b.to_string());
    }
    TestApp::finish(req.send().await).await
}

fn enc(v: &str) -> String {
    serde_urlencoded::to_string([("v", v)]).unwrap()[2..].to_string()
}

/// A statement of the AU, built on the contextTemplate of `LMS.LaunchData` as cmi5 §10.2.1 says.
fn statement(au: &Au, template: &Value, verb: &str, result: Option<Value>, moveon: bool) -> Value {
    let mut context = template.clone();
    context["registration"] = json!(au.registration);
    let mut category = vec![json!({"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"})];
    if moveon {
        category.push(json!({"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}));
    }
    context["contextActivities"]["category"] = json!(category);
    let mut s = json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "actor": au.actor,
        "verb": {"id": format!("http://adlnet.gov/expapi/verbs/{verb}"), "display": {"en-US": verb}},
        "object": {"id": au.activity_id, "objectType": "Activity"},
        "context": context,
        "timestamp": chrono::Utc::now().to_rfc3339(),
    });
    if let Some(r) = result {
        s["result"] = r;
    }
    s
}

/// Fetches the auth-token and reads `LMS.LaunchData`: the AU's start-up (cmi5 §8.2, §10).
async fn start(app: &TestApp, au: &mut Au) -> Value {
    let token = fetch(app, au).await;
    au.auth = token["auth-token"].as_str().expect("an auth-token").to_string();
    let again = fetch(app, au).await;
    assert_eq!(again["error-code"], "1", "the fetch URL works once: {again}");
    let path = format!(
        "/activities/state?activityId={}&agent={}&registration={}&stateId=LMS.LaunchData",
        enc(&au.activity_id),
        enc(&au.actor.to_string()),
        au.registration
    );
    let r = xapi(app, au, "GET", &path, None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.body
}

async fn send(app: &TestApp, au: &Au, s: &Value) -> Reply {
    xapi(app, au, "POST", "/statements", Some(s)).await
}

async fn statuses(app: &TestApp, token: &str, enrollment: &str) -> (Vec<String>, Value) {
    let p = app.call("GET", &format!("/v1/enrollments/{enrollment}/progress"), Some(token), None).await;
    assert_eq!(p.status, 200, "{p:#?}");
    let s = p.body["lessons"].as_array().unwrap().iter().map(|l| l["status"].as_str().unwrap().to_string()).collect();
    (s, p.body["enrollment_status"].clone())
}

/// The LMS's statements of a verb in the registration (read with an LRS credential of the institution).
async fn lms_statements(app: &TestApp, t: &Tenant, verb: &str, registration: &str) -> Vec<Value> {
    let c = app.call("POST", "/v1/lrs-credentials", Some(&t.owner_token), Some(&json!({"name": "reports"}))).await;
    let basic = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{}:{}", c.body["credential"]["key"].as_str().unwrap(), c.body["secret"].as_str().unwrap()),
    );
    let r = TestApp::finish(
        app.client
            .get(format!("/xapi/statements?verb={}&registration={registration}", enc(verb)))
            .header("x-experience-api-version", "1.0.3")
            .header("authorization", format!("Basic {basic}"))
            .send()
            .await,
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.body["statements"].as_array().unwrap().clone()
}

db_tests! {
    async fn a_cmi5_course_is_imported_launched_and_completed_by_its_au(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("cmi5").await;
        let owner = a.owner_token.clone();

        // Import: a draft course, one module per run of AUs under a top-level block.
        let imported = import(&app, &a, &package()).await;
        assert_eq!(imported.status, 201, "{imported:#?}");
        assert_eq!((imported.body["files"].as_i64(), imported.body["course"]["title"].as_str()), (Some(5), Some("Lab safety")));
        let course = imported.body["course"]["id"].as_str().unwrap().to_string();
        let lessons: Vec<String> =
            imported.body["lesson_ids"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect();
        let outline = app.call("GET", &format!("/v1/courses/{course}?include=outline"), Some(&owner), None).await;
        let modules = outline.body["modules"].as_array().unwrap();
        assert_eq!(modules.iter().map(|m| m["title"].as_str().unwrap()).collect::<Vec<_>>(), ["Lab safety", "Chemicals"], "{outline:#?}");
        let quiz = &modules[1]["lessons"][0];
        assert_eq!((quiz["kind"].as_str(), quiz["cmi5"]["move_on"].as_str(), quiz["cmi5"]["mastery_score"].as_f64()), (Some("cmi5"), Some("CompletedAndPassed"), Some(0.8)), "{quiz:#?}");
        assert_eq!(modules[0]["lessons"][1]["required"], false, "a NotApplicable AU does not count");
        // A cmi5 lesson comes only from a package, and stays one.
        let m = modules[0]["id"].as_str().unwrap();
        app.call("POST", &format!("/v1/modules/{m}/lessons"), Some(&owner), Some(&json!({"title": "x", "kind": "cmi5"}))).await.assert_problem(400, "validation_failed");
        app.call("PATCH", &format!("/v1/lessons/{}", lessons[0]), Some(&owner), Some(&json!({"kind": "text", "body": "x"}))).await.assert_problem(400, "validation_failed");
        let renamed = app.call("PATCH", &format!("/v1/lessons/{}", lessons[0]), Some(&owner), Some(&json!({"title": "Welcome"}))).await;
        assert_eq!((renamed.status.as_u16(), renamed.body["cmi5"]["move_on"].as_str()), (200, Some("Completed")), "{renamed:#?}");
        assert_eq!(app.call("POST", &format!("/v1/courses/{course}/publish"), Some(&owner), None).await.status, 200);

        let (ada, _, ada_tok) = learner(&app, &a, "ada").await;
        // Only an enrolled learner launches.
        app.call("POST", &format!("/v1/lessons/{}/cmi5-launch", lessons[0]), Some(&ada_tok), Some(&json!({}))).await.assert_problem(403, "not_enrolled");
        let e = enroll(&app, &a, &course, &ada).await["id"].as_str().unwrap().to_string();

        // Launch the introduction; its page and files come from the package under the signed URL.
        let mut intro = launch(&app, &ada_tok, &lessons[0], json!({"return_url": "https://learn.example.edu/lab"})).await;
        assert_eq!(intro.registration, e, "the registration is the enrollment");
        assert!(intro.content.ends_with("/intro/index.html"), "{}", intro.content);
        let page = TestApp::finish(app.client.get(&intro.content).send().await).await;
        assert_eq!((page.status.as_u16(), page.header("content-type")), (200, Some("text/html")), "{page:#?}");
        assert!(page.header("content-security-policy").unwrap().starts_with("sandbox allow-scripts"), "{page:#?}");
        let js = TestApp::finish(app.client.get(intro.content.replace("index.html", "app.js")).send().await).await;
        assert_eq!((js.status.as_u16(), js.text.as_str()), (200, "console.log('au');"));
        let forged = intro.content.replacen("/intro/", "/../cmi5.xml/", 1);
        assert!(TestApp::finish(app.client.get(&forged).send().await).await.status.as_u16() >= 400);
        let mut parts: Vec<&str> = intro.content.split('/').collect();
        let sig = parts.len() - 3;
        let bad_sig = "0".repeat(64);
        parts[sig] = &bad_sig;
        TestApp::finish(app.client.get(parts.join("/")).send().await).await.assert_problem(403, "signed_url_invalid");

        // The AU's start-up: the auth-token once, then LMS.LaunchData.
        let data = start(&app, &mut intro).await;
        assert_eq!((data["launchMode"].as_str(), data["moveOn"].as_str(), data["returnURL"].as_str()), (Some("Normal"), Some("Completed"), Some("https://learn.example.edu/lab")), "{data}");
        assert_eq!(data["contextTemplate"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"], json!(intro.session));
        assert_eq!(data["contextTemplate"]["contextActivities"]["grouping"][0]["id"], "https://content.example.com/aus/intro");
        let template = data["contextTemplate"].clone();
        // The AU must not change LMS.LaunchData, nor read others' statements.
        let put = format!("/activities/state?activityId={}&agent={}&registration={}&stateId=LMS.LaunchData", enc(&intro.activity_id), enc(&intro.actor.to_string()), intro.registration);
        xapi(&app, &intro, "PUT", &put, Some(&json!({}))).await.assert_problem(403, "cmi5_forbidden");
        xapi(&app, &intro, "GET", "/statements", None).await.assert_problem(403, "cmi5_forbidden");

        // The rules: initialized first; the session's actor and context; no LMS verbs.
        let done = json!({"completion": true, "duration": "PT30S"});
        send(&app, &intro, &statement(&intro, &template, "completed", Some(done.clone()), true)).await.assert_problem(403, "cmi5_rejected");
        let mut stranger = statement(&intro, &template, "initialized", None, false);
        stranger["actor"] = json!({"objectType": "Agent", "account": {"homePage": "https://elsewhere.example", "name": "x"}});
        send(&app, &intro, &stranger).await.assert_problem(403, "cmi5_rejected");
        let mut no_session = statement(&intro, &template, "initialized", None, false);
        no_session["context"]["extensions"] = json!({});
        send(&app, &intro, &no_session).await.assert_problem(403, "cmi5_rejected");
        let mut satisfied = statement(&intro, &template, "initialized", None, false);
        satisfied["verb"]["id"] = json!("https://w3id.org/xapi/adl/verbs/satisfied");
        send(&app, &intro, &satisfied).await.assert_problem(403, "cmi5_rejected");

        let r = send(&app, &intro, &statement(&intro, &template, "initialized", None, false)).await;
        assert_eq!(r.status, 200, "{r:#?}");
        send(&app, &intro, &statement(&intro, &template, "initialized", None, false)).await.assert_problem(403, "cmi5_rejected");
        // completed without its duration, or without the moveOn category, is refused.
        send(&app, &intro, &statement(&intro, &template, "completed", Some(json!({"completion": true})), true)).await.assert_problem(403, "cmi5_rejected");
        send(&app, &intro, &statement(&intro, &template, "completed", Some(done.clone()), false)).await.assert_problem(403, "cmi5_rejected");
        // A cmi5 allowed statement (any verb, the context template, no cmi5 category) is kept.
        let mut allowed = statement(&intro, &template, "experienced", None, false);
        allowed["context"]["contextActivities"].as_object_mut().unwrap().remove("category");
        allowed["object"]["id"] = json!("https://content.example.com/aus/intro/page-2");
        assert_eq!(send(&app, &intro, &allowed).await.status, 200);
        let (s, _) = statuses(&app, &ada_tok, &e).await;
        assert_eq!(s, ["started", "completed", "not_started"], "launching satisfied the NotApplicable glossary; initialized started the intro");
        let r = send(&app, &intro, &statement(&intro, &template, "completed", Some(done.clone()), true)).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(statuses(&app, &ada_tok, &e).await.0, ["completed", "completed", "not_started"], "moveOn Completed: the lesson is done");
        let r = send(&app, &intro, &statement(&intro, &template, "terminated", Some(json!({"duration": "PT40S"})), false)).await;
        assert_eq!(r.status, 200, "{r:#?}");
        send(&app, &intro, &statement(&intro, &template, "experienced", None, false)).await.assert_problem(403, "cmi5_rejected");

        // The quiz: a session left open is abandoned by the next launch.
        let mut quiz = launch(&app, &ada_tok, &lessons[2], json!({})).await;
        assert!(quiz.content.ends_with("/quiz/index.html"), "{}", quiz.content);
        let data = start(&app, &mut quiz).await;
        assert_eq!((data["masteryScore"].as_f64(), data["launchParameters"].as_str()), (Some(0.8), Some(r#"{"difficulty": 2}"#)));
        let template = data["contextTemplate"].clone();
        assert_eq!(send(&app, &quiz, &statement(&quiz, &template, "initialized", None, false)).await.status, 200);
        let mastery = |mut s: Value| {
            s["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] = json!(0.8);
            s
        };
        let low = json!({"success": true, "score": {"scaled": 0.5}, "duration": "PT1M"});
        send(&app, &quiz, &mastery(statement(&quiz, &template, "passed", Some(low), true))).await.assert_problem(403, "cmi5_rejected");
        let failed = json!({"success": false, "score": {"scaled": 0.5}, "duration": "PT1M"});
        assert_eq!(send(&app, &quiz, &mastery(statement(&quiz, &template, "failed", Some(failed), true))).await.status, 200);
        let high = json!({"success": true, "score": {"scaled": 0.9}, "duration": "PT2M"});
        send(&app, &quiz, &mastery(statement(&quiz, &template, "passed", Some(high.clone()), true))).await.assert_problem(403, "cmi5_rejected");
        let first = quiz.session.clone();
        let mut quiz = launch(&app, &ada_tok, &lessons[2], json!({})).await;
        let abandoned = lms_statements(&app, &a, "https://w3id.org/xapi/adl/verbs/abandoned", &e).await;
        assert_eq!(abandoned.len(), 1, "{abandoned:#?}");
        assert_eq!(abandoned[0]["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"], json!(first));
        assert!(abandoned[0]["result"]["duration"].as_str().unwrap().starts_with("PT"));

        // A new session: passed, then completed: CompletedAndPassed is met.
        let template = start(&app, &mut quiz).await["contextTemplate"].clone();
        assert_eq!(send(&app, &quiz, &statement(&quiz, &template, "initialized", None, false)).await.status, 200);
        let r = send(&app, &quiz, &mastery(statement(&quiz, &template, "passed", Some(high), true))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(statuses(&app, &ada_tok, &e).await.0[2], "started", "passed alone does not meet CompletedAndPassed");
        assert_eq!(send(&app, &quiz, &statement(&quiz, &template, "completed", Some(json!({"completion": true, "duration": "PT3M"})), true)).await.status, 200);
        let (s, status) = statuses(&app, &ada_tok, &e).await;
        assert_eq!((s, status), (vec!["completed".to_string(), "completed".into(), "completed".into()], json!("completed")));
        let p = app.call("GET", &format!("/v1/enrollments/{e}/progress"), Some(&ada_tok), None).await;
        assert_eq!(p.body["lessons"][2]["score"], 90, "{p:#?}");
        let sat = lms_statements(&app, &a, "https://w3id.org/xapi/adl/verbs/satisfied", &e).await;
        let types: Vec<&str> = sat.iter().filter_map(|s| s["object"]["definition"]["type"].as_str()).collect();
        assert_eq!(sat.len(), 2, "the block and the course, once each: {sat:#?}");
        assert!(types.contains(&"https://w3id.org/xapi/cmi5/activitytype/block") && types.contains(&"https://w3id.org/xapi/cmi5/activitytype/course"), "{sat:#?}");
        assert_eq!(lms_statements(&app, &a, "http://adlnet.gov/expapi/verbs/launched", &e).await.len(), 3);

        // Waivers: staff waive an AU once; it counts as satisfied.
        let (bob, _, bob_tok) = learner(&app, &a, "bob").await;
        let e2 = enroll(&app, &a, &course, &bob).await["id"].as_str().unwrap().to_string();
        let waive = json!({"lesson_id": lessons[0], "reason": "Tested Out"});
        app.call("POST", &format!("/v1/enrollments/{e2}/cmi5-waivers"), Some(&bob_tok), Some(&waive)).await.assert_problem(403, "forbidden");
        let r = app.call("POST", &format!("/v1/enrollments/{e2}/cmi5-waivers"), Some(&owner), Some(&waive)).await;
        assert_eq!(r.status, 204, "{r:#?}");
        app.call("POST", &format!("/v1/enrollments/{e2}/cmi5-waivers"), Some(&owner), Some(&waive)).await.assert_problem(409, "cmi5_already_waived");
        let waived = lms_statements(&app, &a, "https://w3id.org/xapi/adl/verbs/waived", &e2).await;
        assert_eq!(waived[0]["result"]["extensions"]["https://w3id.org/xapi/cmi5/result/extensions/reason"], "Tested Out");
        assert_eq!(statuses(&app, &bob_tok, &e2).await.0[0], "completed");

        // A session that expires open is abandoned by maintenance, with its statement.
        launch(&app, &bob_tok, &lessons[2], json!({})).await;
        let tenant: lyceum_core::db::types::TenantId = a.id.parse().unwrap();
        app.t.db.doors().write(&lyceum_core::TenantScope::for_test(tenant), |tx| {
            use lyceum_core::db::schema::cmi5_sessions as s;
            let t = tx.tenant();
            let past = lyceum_core::db::types::Timestamp(chrono::Utc::now() - chrono::Duration::hours(13));
            lyceum_core::with_conn!(tx, |c| diesel::update(t.scoped(s::table)).set(s::expires_at.eq(past)).execute(c))?;
            Ok(())
        }).await.unwrap();
        let swept = lyceum_core::maintenance::sweep_cmi5(&app.state.core, lyceum_core::db::types::JobId::new()).await.unwrap();
        assert_eq!(swept, (2, 0), "bob's open session and ada's last (it never sent terminated); ended ones stay");
        assert_eq!(lms_statements(&app, &a, "https://w3id.org/xapi/adl/verbs/abandoned", &e2).await.len(), 1);

        // Another institution's token reaches nothing here; its deleted course's package files go.
        let b = app.signup("cmi5b").await;
        let other = import(&app, &b, &package()).await;
        assert_eq!(other.status, 201);
        let b_scope = lyceum_core::TenantScope::for_test(b.id.parse().unwrap());
        let orphans = || lyceum_core::xapi::cmi5::import::sweep_orphans(&app.state.core, &b_scope, chrono::Duration::zero());
        assert_eq!(orphans().await.unwrap(), 0, "the package is in use");
        let gone = app.call("DELETE", &format!("/v1/courses/{}", other.body["course"]["id"].as_str().unwrap()), Some(&b.owner_token), None).await;
        assert_eq!(gone.status, 204, "{gone:#?}");
        assert_eq!(orphans().await.unwrap(), 1, "the deleted course's package files go");
        assert_eq!(orphans().await.unwrap(), 0);
        assert_eq!(TestApp::finish(app.client.get(&intro.content).send().await).await.status, 200, "A's package is untouched");
        let mut stolen = quiz;
        stolen.auth = "Y21pNTpseXVfbm90YXRva2Vu".into();
        assert_eq!(xapi(&app, &stolen, "GET", &format!("/statements?registration={e}"), None).await.status, 401);
    }

    async fn a_package_that_breaks_the_specification_is_refused_whole(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("cmi5bad").await;
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (zip_of(&[("index.html", b"<html>")]), "no cmi5.xml"),
            (zip_of(&[("cmi5.xml", STRUCTURE.as_bytes()), ("intro/index.html", b"x"), ("glossary.html", b"x")]), "quiz/index.html"),
            (zip_of(&[("cmi5.xml", STRUCTURE.replace("moveOn=\"Completed\"", "moveOn=\"Soon\"").as_bytes())]), "moveOn"),
            (zip_of(&[("cmi5.xml", STRUCTURE.as_bytes()), ("../escape.html", b"x")]), "unsafe name"),
        ];
        for (zip, what) in cases {
            let r = import(&app, &a, &zip).await;
            assert_eq!(r.status, 400, "{what}: {r:#?}");
            assert!(r.text.contains(what), "{what}: {}", r.text);
        }
        let courses = app.call("GET", "/v1/courses", Some(&a.owner_token), None).await;
        assert_eq!(courses.body["items"], json!([]), "nothing is left of a refused import");
        let text = upload(&app, &a.owner_token, "notes.txt", Some("text/plain"), b"just text").await;
        let r = app.call("POST", "/v1/cmi5-packages", Some(&a.owner_token), Some(&json!({"file_id": text.body["id"]}))).await;
        r.assert_problem(400, "validation_failed");
        let (_, _, tok) = learner(&app, &a, "cy").await;
        app.call("POST", "/v1/cmi5-packages", Some(&tok), Some(&json!({"file_id": text.body["id"]}))).await.assert_problem(403, "forbidden");
    }
}
