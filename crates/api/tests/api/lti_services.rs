//! LTI Advantage services on both backends: the token endpoint (JWT client assertions, replays,
//! wrong keys and audiences refused with OAuth's errors), Assignment and Grade Services (line items,
//! scores that complete a lesson, results) and Names and Role Provisioning Services (members, paging
//! with `Link`, role filters); every token bound to its tool and institution. The last test drives the
//! real PyLTI1p3 tool against Lyceum served on a port: it posts a score and reads the roster itself.

use std::collections::HashMap;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use lyceum_testkit::db_tests;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};

use crate::{
    lti::{auth_request, authorize, form_field, launchable_with, start, AtTool, Launchable},
    support::{Reply, Tenant, TestApp},
};

const AGS_LINEITEM: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
const AGS_RESULT: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
const AGS_SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const ASSERTION: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A tool's own key pair, as a tool keeps it.
pub(crate) struct ToolKey {
    kid: String,
    der: Vec<u8>,
    pub jwk: Value,
}

impl ToolKey {
    pub fn new(kid: &str) -> Self {
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let der = rsa::pkcs1::EncodeRsaPrivateKey::to_pkcs1_der(&key).unwrap().as_bytes().to_vec();
        let jwk = json!({
            "kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
            "n": B64.encode(key.n().to_bytes_be()), "e": B64.encode(key.e().to_bytes_be()),
        });
        ToolKey { kid: kid.into(), der, jwk }
    }

    pub fn sign(&self, claims: &Value) -> String {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &jsonwebtoken::EncodingKey::from_rsa_der(&self.der)).unwrap()
    }

    /// A client assertion (RFC 7523) for the token endpoint.
    pub fn assertion(&self, client_id: &str, aud: &str, jti: &str) -> String {
        let now = chrono::Utc::now().timestamp();
        self.sign(&json!({"iss": client_id, "sub": client_id, "aud": aud, "iat": now, "exp": now + 60, "jti": jti}))
    }
}

pub(crate) fn token_form(assertion: &str, scope: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "client_credentials".into()),
        ("client_assertion_type", ASSERTION.into()),
        ("client_assertion", assertion.into()),
        ("scope", scope.into()),
    ]
}

pub(crate) async fn token_request(app: &TestApp, tenant: &str, form: &[(&str, String)]) -> Reply {
    let req = app
        .client
        .post(format!("/lti/platforms/{tenant}/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(form).unwrap());
    TestApp::finish(req.send().await).await
}

#[track_caller]
fn assert_oauth_error(r: &Reply, status: u16, error: &str) {
    assert_eq!(r.status.as_u16(), status, "{r:#?}");
    assert_eq!(r.body["error"], error, "{r:#?}");
    assert!(!r.body["error_description"].as_str().unwrap_or("").is_empty(), "{r:#?}");
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

/// A service call with a bearer token; `body` is sent with `media` as its type.
pub(crate) async fn service(
    app: &TestApp,
    method: &str,
    url: &str,
    token: &str,
    body: Option<(&str, &Value)>,
) -> Reply {
    let path = url.strip_prefix("http://127.0.0.1:8080").unwrap_or(url);
    let mut req = match method {
        "GET" => app.client.get(path),
        "POST" => app.client.post(path),
        "PUT" => app.client.put(path),
        "DELETE" => app.client.delete(path),
        m => panic!("{m}"),
    };
    req = req.header("authorization", format!("Bearer {token}"));
    if let Some((media, b)) = body {
        req = req.header("content-type", media).body(b.to_string());
    }
    TestApp::finish(req.send().await).await
}

/// A registered tool with its own key (all five service scopes), an `lti` lesson and one learner.
async fn setup(app: &TestApp, a: &Tenant, key: &ToolKey) -> (Launchable, String, String) {
    let l = launchable_with(
        app,
        a,
        &json!({
            "name": "Coding Lab", "login_url": "https://lab.example.com/lti/login",
            "target_link_uri": "https://lab.example.com/lti/launch", "public_jwk": key.jwk,
            "scopes": [AGS_LINEITEM, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly", AGS_RESULT, AGS_SCORE, NRPS],
        }),
    )
    .await;
    let view = app.get(&format!("/v1/lti/tools/{}", l.tool_id), Some(&a.owner_token)).await;
    let p = &view.body["platform"];
    (l, p["client_id"].as_str().unwrap().to_string(), p["token_url"].as_str().unwrap().to_string())
}

pub(crate) fn claims_of(id_token: &str) -> Value {
    serde_json::from_slice(&B64.decode(id_token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

async fn enroll(app: &TestApp, a: &Tenant, course: &str) -> (String, String) {
    let (id, token) = app.user_with_role(a, "learner").await;
    let r = app
        .call("POST", &format!("/v1/courses/{course}/enrollments"), Some(&a.owner_token), Some(&json!({"user_id": id})))
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    (id, token)
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

db_tests! {
    async fn the_token_endpoint_takes_only_a_tools_own_fresh_assertion(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltitok").await;
        let b = app.signup("ltitokb").await;
        let key = ToolKey::new("lab-1");
        let (_, client_id, token_url) = setup(&app, &a, &key).await;
        assert_eq!(token_url, format!("http://127.0.0.1:8080/lti/platforms/{}/token", a.id));

        let assertion = key.assertion(&client_id, &token_url, "jti-1");
        let r = token_request(&app, &a.id, &token_form(&assertion, &format!("{AGS_SCORE} {NRPS} https://example.com/other"))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
        assert_eq!(r.body["token_type"], "Bearer");
        assert_eq!(r.body["expires_in"], 3600);
        assert_eq!(r.body["scope"], format!("{AGS_SCORE} {NRPS}"), "only allowed scopes are granted");
        assert!(r.body["access_token"].as_str().unwrap().len() >= 40);

        // The same assertion again: its `jti` was used.
        assert_oauth_error(&token_request(&app, &a.id, &token_form(&assertion, AGS_SCORE)).await, 401, "invalid_client");
        // The issuer is an accepted audience too; another audience is not.
        let r = token_request(&app, &a.id, &token_form(&key.assertion(&client_id, &format!("http://127.0.0.1:8080/v1/lti/platforms/{}", a.id), "jti-2"), AGS_SCORE)).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let wrong_aud = key.assertion(&client_id, "https://elsewhere.example.com/token", "jti-3");
        assert_oauth_error(&token_request(&app, &a.id, &token_form(&wrong_aud, AGS_SCORE)).await, 401, "invalid_client");
        // Signed by another key under the registered kid.
        let impostor = ToolKey::new("lab-1");
        let forged = impostor.assertion(&client_id, &token_url, "jti-4");
        assert_oauth_error(&token_request(&app, &a.id, &token_form(&forged, AGS_SCORE)).await, 401, "invalid_client");
        // Expired; living too long; without a jti; HS256 or `none`.
        let at = chrono::Utc::now().timestamp();
        let claims = |iat: i64, exp: i64, jti: Option<&str>| {
            let mut c = json!({"iss": client_id, "sub": client_id, "aud": token_url, "iat": iat, "exp": exp});
            if let Some(j) = jti { c["jti"] = json!(j); }
            c
        };
        for bad in [
            key.sign(&claims(at - 600, at - 300, Some("jti-5"))),
            key.sign(&claims(at, at + 7200, Some("jti-6"))),
            key.sign(&claims(at, at + 60, None)),
            jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims(at, at + 60, Some("jti-7")), &jsonwebtoken::EncodingKey::from_secret(b"secret")).unwrap(),
            format!("{}.{}.", B64.encode(r#"{"alg":"none"}"#), B64.encode(claims(at, at + 60, Some("jti-8")).to_string())),
        ] {
            assert_oauth_error(&token_request(&app, &a.id, &token_form(&bad, AGS_SCORE)).await, 401, "invalid_client");
        }
        // OAuth's other errors.
        let fresh = || key.assertion(&client_id, &token_url, &uuid::Uuid::new_v4().to_string());
        let mut form = token_form(&fresh(), AGS_SCORE);
        form[0].1 = "authorization_code".into();
        assert_oauth_error(&token_request(&app, &a.id, &form).await, 400, "unsupported_grant_type");
        assert_oauth_error(&token_request(&app, &a.id, &token_form(&fresh(), "https://example.com/everything")).await, 400, "invalid_scope");
        assert_oauth_error(&token_request(&app, &a.id, &token_form(&fresh(), "")).await, 400, "invalid_scope");
        let mut form = token_form(&fresh(), AGS_SCORE);
        form[1].1 = "password".into();
        assert_oauth_error(&token_request(&app, &a.id, &form).await, 400, "invalid_request");
        let r = app.client.post(format!("/lti/platforms/{}/token", a.id)).header("content-type", "application/json").body("{}").send().await;
        assert_oauth_error(&TestApp::finish(r).await, 400, "invalid_request");
        // Another institution's token endpoint knows nothing of A's tool.
        let assertion = key.assertion(&client_id, &format!("http://127.0.0.1:8080/lti/platforms/{}/token", b.id), "jti-9");
        assert_oauth_error(&token_request(&app, &b.id, &token_form(&assertion, AGS_SCORE)).await, 401, "invalid_client");
        // A disabled tool gets nothing.
        let tools = app.get("/v1/lti/tools", Some(&a.owner_token)).await;
        let id = tools.body["items"][0]["id"].as_str().unwrap().to_string();
        let r = app.call("PATCH", &format!("/v1/lti/tools/{id}"), Some(&a.owner_token), Some(&json!({"enabled": false}))).await;
        assert_eq!(r.status, 200);
        assert_oauth_error(&token_request(&app, &a.id, &token_form(&fresh(), AGS_SCORE)).await, 401, "invalid_client");
        let audit = app.get("/v1/audit-events?action=lti.token_issued", Some(&a.owner_token)).await;
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 2, "{audit:#?}");
    }

    async fn a_tools_score_completes_the_lesson_and_its_roster_pages(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltiags").await;
        let b = app.signup("ltiagsb").await;
        let key = ToolKey::new("lab-1");
        let (l, client_id, token_url) = setup(&app, &a, &key).await;
        let scopes = format!("{AGS_LINEITEM} {AGS_RESULT} {AGS_SCORE} {NRPS}");
        let r = token_request(&app, &a.id, &token_form(&key.assertion(&client_id, &token_url, "j1"), &scopes)).await;
        let token = r.body["access_token"].as_str().unwrap().to_string();

        // The launch carries the service claims; its line item is made on the first launch.
        let login = start(&app, &l.lesson, &l.learner).await;
        let page = authorize(&app, &a.id, &auth_request(&login, "n")).await;
        let claims = claims_of(&form_field(&page.text, "id_token"));
        let base = format!("http://127.0.0.1:8080/lti/platforms/{}/contexts/{}", a.id, l.course);
        let ags = &claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"];
        assert_eq!(ags["lineitems"], format!("{base}/lineitems"));
        let lineitem = ags["lineitem"].as_str().expect("the resource link's line item").to_string();
        assert!(ags["scope"].as_array().unwrap().contains(&json!(AGS_SCORE)), "{ags}");
        let nrps = &claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"];
        assert_eq!(nrps["context_memberships_url"], format!("{base}/memberships"));
        assert_eq!(nrps["service_versions"], json!(["2.0"]));

        let items = service(&app, "GET", &format!("{base}/lineitems"), &token, None).await;
        assert_eq!(items.status, 200, "{items:#?}");
        assert_eq!(items.header("content-type"), Some("application/vnd.ims.lis.v2.lineitemcontainer+json"));
        assert_eq!(items.body, json!([{"id": lineitem, "label": "Lab 1", "scoreMaximum": 100.0, "resourceLinkId": l.lesson}]));

        // A fully graded, completed score: the lesson is completed with its percentage.
        let score = |user: &str, given: f64, at: &str, activity: &str| json!({
            "userId": user, "scoreGiven": given, "scoreMaximum": 10, "comment": "Well done",
            "timestamp": at, "activityProgress": activity, "gradingProgress": "FullyGraded",
        });
        let first = now();
        let r = service(&app, "POST", &format!("{lineitem}/scores"), &token, Some(("application/vnd.ims.lis.v1.score+json", &score(&l.learner_id, 8.0, &first, "Completed")))).await;
        assert_eq!(r.status, 204, "{r:#?}");
        let progress = app.get(&format!("/v1/enrollments/{}/progress", l.enrollment), Some(&l.learner)).await;
        let lab = progress.body["lessons"].as_array().unwrap().iter().find(|x| x["lesson_id"] == l.lesson.as_str()).unwrap().clone();
        assert_eq!(lab["status"], "completed", "{progress:#?}");
        assert_eq!(lab["score"], 80, "{progress:#?}");
        // An older score is refused and changes nothing; an unknown learner or a malformed score is a 400.
        let older = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
        service(&app, "POST", &format!("{lineitem}/scores"), &token, Some(("application/vnd.ims.lis.v1.score+json", &score(&l.learner_id, 1.0, &older, "Completed")))).await.assert_problem(409, "lti_score_outdated");
        let (stranger, _) = app.user_with_role(&a, "learner").await;
        let r = service(&app, "POST", &format!("{lineitem}/scores"), &token, Some(("application/vnd.ims.lis.v1.score+json", &score(&stranger, 1.0, &now(), "Completed")))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["userId"]);
        let r = service(&app, "POST", &format!("{lineitem}/scores"), &token, Some(("application/vnd.ims.lis.v1.score+json", &json!({"userId": l.learner_id, "scoreGiven": -1, "activityProgress": "Done"})))).await;
        r.assert_problem(400, "validation_failed");
        let mut fields = r.error_fields();
        fields.sort();
        assert_eq!(fields, ["activityProgress", "gradingProgress", "scoreGiven", "timestamp"]);
        let r = service(&app, "POST", &format!("{lineitem}/scores"), &token, Some(("text/plain", &score(&l.learner_id, 1.0, &now(), "Completed")))).await;
        r.assert_problem(415, "unsupported_media_type");
        // Results: on the line item's own maximum.
        let results = service(&app, "GET", &format!("{lineitem}/results"), &token, None).await;
        assert_eq!(results.status, 200, "{results:#?}");
        assert_eq!(results.header("content-type"), Some("application/vnd.ims.lis.v2.resultcontainer+json"));
        assert_eq!(results.body, json!([{
            "id": format!("{lineitem}/results/{}", l.learner_id), "scoreOf": lineitem, "userId": l.learner_id,
            "resultScore": 80.0, "resultMaximum": 100.0, "comment": "Well done",
        }]));

        // The gradebook has the tool's lesson as a column worth its line item's maximum.
        let book = app.get(&format!("/v1/courses/{}/gradebook", l.course), Some(&a.owner_token)).await;
        assert_eq!(book.status, 200, "{book:#?}");
        let columns = book.body["columns"].as_array().unwrap();
        assert_eq!(columns.len(), 1, "the text lesson is no column: {book:#?}");
        assert_eq!((columns[0]["kind"].as_str(), columns[0]["points_possible"].as_f64()), (Some("lti"), Some(100.0)));
        let row = book.body["rows"].as_array().unwrap().iter().find(|r| r["user_id"] == l.learner_id.as_str()).unwrap().clone();
        assert_eq!((row["cells"][0]["points"].as_f64(), row["current_score"].as_f64()), (Some(80.0), Some(80.0)), "{row:#?}");

        // The tool's own line items: create, filter, replace, delete.
        let extra = json!({"label": "Bonus", "scoreMaximum": 20, "tag": "bonus", "resourceId": "ex-7"});
        let r = service(&app, "POST", &format!("{base}/lineitems"), &token, Some(("application/vnd.ims.lis.v2.lineitem+json", &extra))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let url = r.body["id"].as_str().unwrap().to_string();
        assert_eq!(r.header("location"), Some(url.as_str()));
        let tagged = service(&app, "GET", &format!("{base}/lineitems?tag=bonus"), &token, None).await;
        assert_eq!(tagged.body.as_array().unwrap().len(), 1);
        assert_eq!(tagged.body[0]["resourceId"], "ex-7");
        let by_link = service(&app, "GET", &format!("{base}/lineitems?resource_link_id={}", l.lesson), &token, None).await;
        assert_eq!(by_link.body.as_array().unwrap().len(), 1);
        assert_eq!(by_link.body[0]["id"], lineitem.as_str());
        let r = service(&app, "PUT", &url, &token, Some(("application/vnd.ims.lis.v2.lineitem+json", &json!({"label": "Bonus round", "scoreMaximum": 25})))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["label"], "Bonus round");
        assert!(r.body.get("tag").is_none());
        let r = service(&app, "POST", &format!("{base}/lineitems"), &token, Some(("application/vnd.ims.lis.v2.lineitem+json", &json!({"label": "", "scoreMaximum": 0, "resourceLinkId": l.text_lesson})))).await;
        r.assert_problem(400, "validation_failed");
        let mut fields = r.error_fields();
        fields.sort();
        assert_eq!(fields, ["label", "resourceLinkId", "scoreMaximum"]);
        assert_eq!(service(&app, "DELETE", &url, &token, None).await.status, 204);
        service(&app, "GET", &url, &token, None).await.assert_problem(404, "not_found");

        // NRPS: every learner, a page at a time, with `Link: rel="next"`.
        for _ in 0..2 {
            enroll(&app, &a, &l.course).await;
        }
        let mut seen = Vec::new();
        let mut next = Some(format!("{base}/memberships?limit=2"));
        let mut pages = 0;
        while let Some(url) = next {
            let r = service(&app, "GET", &url, &token, None).await;
            assert_eq!(r.status, 200, "{r:#?}");
            assert_eq!(r.header("content-type"), Some("application/vnd.ims.lti-nrps.v2.membershipcontainer+json"));
            assert_eq!(r.body["context"]["id"], l.course.as_str());
            for m in r.body["members"].as_array().unwrap() {
                assert_eq!(m["roles"], json!(["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]));
                assert_eq!(m["status"], "Active");
                seen.push(m["user_id"].as_str().unwrap().to_string());
            }
            next = r.header("link").map(|l| l.split('<').nth(1).unwrap().split('>').next().unwrap().to_string());
            pages += 1;
        }
        assert_eq!(pages, 2);
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert!(seen.contains(&l.learner_id));
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen, sorted);
        let learners = service(&app, "GET", &format!("{base}/memberships?role=Learner"), &token, None).await;
        assert_eq!(learners.body["members"].as_array().unwrap().len(), 3);
        let staff = service(&app, "GET", &format!("{base}/memberships?role=http%3A%2F%2Fpurl.imsglobal.org%2Fvocab%2Flis%2Fv2%2Fmembership%23Instructor"), &token, None).await;
        assert_eq!(staff.body["members"], json!([]));
        service(&app, "GET", &format!("{base}/memberships?limit=0"), &token, None).await.assert_problem(400, "validation_failed");

        // Tokens are bound: without one, a scope not granted, another institution, a context without the tool.
        let r = service(&app, "GET", &format!("{base}/memberships"), "nonsense", None).await;
        r.assert_problem(401, "unauthenticated");
        assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
        let r = token_request(&app, &a.id, &token_form(&key.assertion(&client_id, &token_url, "j2"), AGS_SCORE)).await;
        let score_only = r.body["access_token"].as_str().unwrap().to_string();
        service(&app, "GET", &format!("{base}/memberships"), &score_only, None).await.assert_problem(403, "lti_scope_missing");
        service(&app, "GET", &format!("{base}/lineitems"), &score_only, None).await.assert_problem(403, "lti_scope_missing");
        let theirs = base.replace(&a.id, &b.id);
        service(&app, "GET", &format!("{theirs}/memberships"), &token, None).await.assert_problem(401, "unauthenticated");
        let other = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Other"}))).await;
        let other_base = base.replace(&l.course, other.body["id"].as_str().unwrap());
        service(&app, "GET", &format!("{other_base}/memberships"), &token, None).await.assert_problem(404, "not_found");
        service(&app, "GET", &format!("{other_base}/lineitems"), &token, None).await.assert_problem(404, "not_found");
        service(&app, "POST", &format!("{base}/memberships"), &token, None).await.assert_problem(405, "method_not_allowed");
    }
}

/// Lyceum served on a real port (the tool calls back): the app, its base URL, and the server task.
pub(crate) async fn served(t: lyceum_testkit::TestDb) -> (TestApp, String, tokio::task::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let public = url.clone();
    let app = TestApp::with_config(t, move |c| c.server.public_url = public).await;
    let endpoint = lyceum_api::app(app.state.clone());
    let acceptor = poem::listener::TcpAcceptor::from_std(listener).unwrap();
    let server = tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor).run(endpoint).await;
    });
    (app, url, server)
}

db_tests! {
    async fn the_real_tool_posts_a_score_and_reads_the_roster(t) {
        let (app, lyceum, server) = served(t).await;
        let a = app.signup("ltipyags").await;
        let mut at = AtTool::new();
        let tool = at.base.clone();
        let l = launchable_with(&app, &a, &json!({
            "name": "PyLTI1p3 tool", "login_url": format!("{tool}/login"), "target_link_uri": format!("{tool}/launch"),
            "jwks_url": format!("{tool}/jwks"),
            "scopes": [AGS_LINEITEM, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly", AGS_RESULT, AGS_SCORE, NRPS],
        }))
        .await;
        let (second, _) = enroll(&app, &a, &l.course).await;
        let view = app.get(&format!("/v1/lti/tools/{}", l.tool_id), Some(&a.owner_token)).await;
        let p = &view.body["platform"];
        let keys = app.get(&format!("/v1/lti/platforms/{}/jwks", a.id), None).await;
        let r = at.http.post(format!("{tool}/platforms")).json(&json!({
            "issuer": p["issuer"], "client_id": p["client_id"], "deployment_id": p["deployment_id"],
            "authorization_url": p["authorization_url"], "token_url": p["token_url"], "key_set": keys.body,
        })).send().await.unwrap();
        assert_eq!(r.status(), 200);

        let r = app.call("POST", &format!("/v1/lessons/{}/lti-launch", l.lesson), Some(&l.learner), None).await;
        let authorize_url = at.login(r.body["url"].as_str().unwrap()).await;
        let page = app.get(authorize_url.strip_prefix(&lyceum).expect("the tool redirects to Lyceum"), None).await;
        let (id_token, state) = (form_field(&page.text, "id_token"), form_field(&page.text, "state"));
        // The tool validates the launch, then (PyLTI1p3's service connector: a token from Lyceum's token
        // endpoint with its signed client assertion) posts 7 of 10 and reads the roster one person a page.
        let (status, data) = at.launch_at("?score=7&max=10&roster=1", &id_token, &state).await;
        assert_eq!(status, 200, "the tool's services failed: {data}");
        let items = data["_lineitems"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{data}");
        assert_eq!(items[0]["resourceLinkId"], l.lesson.as_str());
        let members: HashMap<String, Value> =
            data["_members"].as_array().unwrap().iter().map(|m| (m["user_id"].as_str().unwrap().to_string(), m.clone())).collect();
        assert_eq!(members.len(), 2, "{data}");
        assert!(members.contains_key(&l.learner_id) && members.contains_key(&second));
        assert_eq!(data["_pages"], 2, "one person a page: {data}");

        let progress = app.get(&format!("/v1/enrollments/{}/progress", l.enrollment), Some(&l.learner)).await;
        let lab = progress.body["lessons"].as_array().unwrap().iter().find(|x| x["lesson_id"] == l.lesson.as_str()).unwrap().clone();
        assert_eq!(lab["status"], "completed", "{progress:#?}");
        assert_eq!(lab["score"], 70);
        server.abort();
    }
}
