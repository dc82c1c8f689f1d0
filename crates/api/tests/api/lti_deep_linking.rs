//! Deep Linking 2.0 on both backends: staff ask a tool for content for a module; the tool's signed
//! answer becomes `lti` lessons (with their line items) once, and nothing else is taken: another key's
//! signature, another request's `data`, a replay, a tool without deep linking, a learner. The last test
//! runs the round trip with the real PyLTI1p3 tool.

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::{
    lti::{form_field, register, AtTool},
    lti_services::{claims_of, served, service, token_form, token_request, ToolKey},
    support::{Reply, Tenant, TestApp},
};

const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim";
const DL: &str = "https://purl.imsglobal.org/spec/lti-dl/claim";
const AGS_LINEITEM: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";

/// A course with a module (and a first text lesson); returns (course, module).
async fn module(app: &TestApp, a: &Tenant) -> (String, String) {
    let course = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Labs"}))).await;
    let course = course.body["id"].as_str().unwrap().to_string();
    let m = app
        .call("POST", &format!("/v1/courses/{course}/modules"), Some(&a.owner_token), Some(&json!({"title": "Week 1"})))
        .await;
    let module = m.body["id"].as_str().unwrap().to_string();
    let r = app
        .call(
            "POST",
            &format!("/v1/modules/{module}/lessons"),
            Some(&a.owner_token),
            Some(&json!({"title": "Intro", "kind": "text", "body": "x"})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    (course, module)
}

/// Starts a deep-linking request and answers the tool's authentication request: (the login
/// parameters, the ID token's claims).
async fn ask(app: &TestApp, a: &Tenant, module: &str, tool: &str, token: &str) -> (Vec<(String, String)>, Value) {
    let r = app
        .call("POST", &format!("/v1/modules/{module}/lti-deep-link"), Some(token), Some(&json!({"tool_id": tool})))
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    let url = reqwest::Url::parse(r.body["url"].as_str().unwrap()).unwrap();
    let login: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let params: Vec<(String, String)> = vec![
        ("scope".into(), "openid".into()),
        ("response_type".into(), "id_token".into()),
        ("response_mode".into(), "form_post".into()),
        ("prompt".into(), "none".into()),
        ("client_id".into(), login["client_id"].clone()),
        ("redirect_uri".into(), login["target_link_uri"].clone()),
        ("login_hint".into(), login["login_hint"].clone()),
        ("lti_message_hint".into(), login["lti_message_hint"].clone()),
        ("state".into(), "s".into()),
        ("nonce".into(), "n".into()),
    ];
    let page = app
        .get(&format!("/v1/lti/platforms/{}/authorize?{}", a.id, serde_urlencoded::to_string(&params).unwrap()), None)
        .await;
    assert_eq!(page.status, 200, "{page:#?}");
    (params, claims_of(&form_field(&page.text, "id_token")))
}

async fn answer(app: &TestApp, return_url: &str, jwt: &str) -> Reply {
    let path = return_url.strip_prefix("http://127.0.0.1:8080").unwrap_or(return_url);
    let r = app
        .client
        .post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string([("JWT", jwt)]).unwrap())
        .send()
        .await;
    TestApp::finish(r).await
}

fn response(request: &Value, client_id: &str, items: Value) -> Value {
    json!({
        "iss": client_id, "aud": request["iss"], "iat": chrono::Utc::now().timestamp(),
        "exp": chrono::Utc::now().timestamp() + 300, "nonce": "tool-nonce",
        format!("{LTI}/message_type"): "LtiDeepLinkingResponse",
        format!("{LTI}/version"): "1.3.0",
        format!("{LTI}/deployment_id"): request[format!("{LTI}/deployment_id")],
        format!("{DL}/data"): request[format!("{DL}/deep_linking_settings")]["data"],
        format!("{DL}/content_items"): items,
        format!("{DL}/msg"): "Two exercises added",
    })
}

async fn lessons_of(app: &TestApp, a: &Tenant, module: &str) -> Vec<Value> {
    let r = app.get(&format!("/v1/modules/{module}/lessons"), Some(&a.owner_token)).await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.body.as_array().or_else(|| r.body["items"].as_array()).unwrap().clone()
}

db_tests! {
    async fn a_tools_deep_linking_answer_becomes_lessons_once(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltidl").await;
        let key = ToolKey::new("dl-1");
        let tool = register(&app, &a, &json!({
            "name": "Exercise bank", "login_url": "https://bank.example.com/login",
            "target_link_uri": "https://bank.example.com/launch", "public_jwk": key.jwk,
            "deep_linking": true, "scopes": [AGS_LINEITEM],
        }))
        .await;
        let (tool_id, client_id) = (tool["id"].as_str().unwrap().to_string(), tool["platform"]["client_id"].as_str().unwrap().to_string());
        let (course, module) = module(&app, &a).await;

        let (params, request) = ask(&app, &a, &module, &tool_id, &a.owner_token).await;
        assert_eq!(request[format!("{LTI}/message_type")], "LtiDeepLinkingRequest");
        assert_eq!(request[format!("{LTI}/context")]["id"], course.as_str());
        assert!(request.get(format!("{LTI}/resource_link")).is_none());
        let settings = &request[format!("{DL}/deep_linking_settings")];
        let return_url = settings["deep_link_return_url"].as_str().unwrap().to_string();
        assert!(return_url.starts_with(&format!("http://127.0.0.1:8080/lti/platforms/{}/deep-links/", a.id)), "{return_url}");
        assert_eq!(settings["accept_types"], json!(["ltiResourceLink"]));
        assert_eq!(settings["title"], "Week 1");
        // The hint is used once.
        let again = app.get(&format!("/v1/lti/platforms/{}/authorize?{}", a.id, serde_urlencoded::to_string(&params).unwrap()), None).await;
        again.assert_problem(422, "lti_launch_used");

        let items = json!([
            {"type": "ltiResourceLink", "title": "Exercise 1", "url": "https://bank.example.com/launch",
             "custom": {"exercise": "1"}, "lineItem": {"scoreMaximum": 10, "label": "Exercise 1 score", "resourceId": "ex-1"}},
            {"type": "link", "url": "https://bank.example.com/readme", "title": "Read me"},
            {"type": "ltiResourceLink", "title": "Exercise 2", "custom": {"exercise": "2"}},
        ]);
        // Refused, and nothing made: another key's signature; another request's data; a bad item.
        let impostor = ToolKey::new("dl-1");
        answer(&app, &return_url, &impostor.sign(&response(&request, &client_id, items.clone()))).await.assert_problem(422, "lti_invalid_request");
        let mut other = response(&request, &client_id, items.clone());
        other[format!("{DL}/data")] = json!(uuid::Uuid::new_v4().to_string());
        answer(&app, &return_url, &key.sign(&other)).await.assert_problem(422, "lti_invalid_request");
        let mut wrong_type = response(&request, &client_id, items.clone());
        wrong_type[format!("{LTI}/message_type")] = json!("LtiResourceLinkRequest");
        answer(&app, &return_url, &key.sign(&wrong_type)).await.assert_problem(422, "lti_invalid_request");
        let bad = response(&request, &client_id, json!([{"type": "ltiResourceLink", "title": "X", "url": "ftp://nope", "lineItem": {"scoreMaximum": -1}}]));
        answer(&app, &return_url, &key.sign(&bad)).await.assert_problem(422, "lti_invalid_request");
        assert_eq!(lessons_of(&app, &a, &module).await.len(), 1, "nothing was added");

        // The genuine answer: two lessons at the end of the module, the first with its line item.
        let done = answer(&app, &return_url, &key.sign(&response(&request, &client_id, items.clone()))).await;
        assert_eq!(done.status, 200, "{done:#?}");
        assert!(done.text.contains("2 lessons were added") && done.text.contains("Exercise 2") && done.text.contains("Two exercises added"), "{}", done.text);
        let lessons = lessons_of(&app, &a, &module).await;
        let titles: Vec<&str> = lessons.iter().map(|l| l["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["Intro", "Exercise 1", "Exercise 2"]);
        assert_eq!(lessons[1]["kind"], "lti");
        assert_eq!(lessons[1]["lti"]["tool_id"], tool_id.as_str());
        assert_eq!(lessons[1]["lti"]["custom"], json!({"exercise": "1"}));
        assert_eq!(lessons[1]["lti"]["target_link_uri"], "https://bank.example.com/launch");
        // Its line item is the tool's, bound to the lesson.
        let now = chrono::Utc::now().timestamp();
        let token_url = format!("http://127.0.0.1:8080/lti/platforms/{}/token", a.id);
        let assertion = key.sign(&json!({"iss": client_id, "sub": client_id, "aud": token_url, "iat": now, "exp": now + 60, "jti": "dl"}));
        let r = token_request(&app, &a.id, &token_form(&assertion, AGS_LINEITEM)).await;
        let token = r.body["access_token"].as_str().unwrap().to_string();
        let items_url = format!("/lti/platforms/{}/contexts/{course}/lineitems", a.id);
        let listed = service(&app, "GET", &items_url, &token, None).await;
        assert_eq!(listed.status, 200, "{listed:#?}");
        assert_eq!(listed.body.as_array().unwrap().len(), 1, "{listed:#?}");
        assert_eq!(listed.body[0]["resourceLinkId"], lessons[1]["id"]);
        assert_eq!(listed.body[0]["scoreMaximum"], 10.0);
        assert_eq!(listed.body[0]["resourceId"], "ex-1");
        // Once only.
        answer(&app, &return_url, &key.sign(&response(&request, &client_id, items))).await.assert_problem(422, "lti_launch_used");
        assert_eq!(lessons_of(&app, &a, &module).await.len(), 3);
        let audit = app.get("/v1/audit-events?action=lti.deep_link_returned", Some(&a.owner_token)).await;
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 1);

        // Who may ask, and with which tool.
        let (_, learner) = app.user_with_role(&a, "learner").await;
        app.call("POST", &format!("/v1/modules/{module}/lti-deep-link"), Some(&learner), Some(&json!({"tool_id": tool_id}))).await.assert_problem(403, "forbidden");
        let plain = register(&app, &a, &json!({
            "name": "Plain", "login_url": "https://plain.example.com/login", "target_link_uri": "https://plain.example.com/launch",
            "public_jwk": key.jwk,
        })).await;
        app.call("POST", &format!("/v1/modules/{module}/lti-deep-link"), Some(&a.owner_token), Some(&json!({"tool_id": plain["id"]}))).await.assert_problem(409, "lti_deep_linking_off");
        let b = app.signup("ltidlb").await;
        app.call("POST", &format!("/v1/modules/{module}/lti-deep-link"), Some(&b.owner_token), Some(&json!({"tool_id": tool_id}))).await.assert_problem(404, "not_found");
        let unknown = format!("http://127.0.0.1:8080/lti/platforms/{}/deep-links/{}", a.id, uuid::Uuid::new_v4());
        answer(&app, &unknown, "x.y.z").await.assert_problem(404, "not_found");
    }
}

db_tests! {
    async fn the_real_tool_adds_content_by_deep_linking(t) {
        let (app, lyceum, server) = served(t).await;
        let a = app.signup("ltipydl").await;
        let mut at = AtTool::new();
        let base = at.base.clone();
        let tool = register(&app, &a, &json!({
            "name": "PyLTI1p3 tool", "login_url": format!("{base}/login"), "target_link_uri": format!("{base}/launch"),
            "jwks_url": format!("{base}/jwks"), "deep_linking": true,
        }))
        .await;
        let (tool_id, p) = (tool["id"].as_str().unwrap().to_string(), tool["platform"].clone());
        let keys = app.get(&format!("/v1/lti/platforms/{}/jwks", a.id), None).await;
        let r = at.http.post(format!("{base}/platforms")).json(&json!({
            "issuer": p["issuer"], "client_id": p["client_id"], "deployment_id": p["deployment_id"],
            "authorization_url": p["authorization_url"], "token_url": p["token_url"], "key_set": keys.body,
        })).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let (_, module) = module(&app, &a).await;

        let r = app.call("POST", &format!("/v1/modules/{module}/lti-deep-link"), Some(&a.owner_token), Some(&json!({"tool_id": tool_id}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let authorize = at.login(r.body["url"].as_str().unwrap()).await;
        let page = app.get(authorize.strip_prefix(&lyceum).expect("the tool redirects to Lyceum"), None).await;
        assert_eq!(page.status, 200, "{page:#?}");
        let (status, data) = at.launch(&form_field(&page.text, "id_token"), &form_field(&page.text, "state")).await;
        assert_eq!(status, 200, "the tool refused the deep-linking request: {data}");
        let dl = &data["_deep_link"];
        let done = answer(&app, dl["return_url"].as_str().unwrap().strip_prefix(&lyceum).unwrap(), dl["jwt"].as_str().unwrap()).await;
        assert_eq!(done.status, 200, "{done:#?}");
        let lessons = lessons_of(&app, &a, &module).await;
        let titles: Vec<&str> = lessons.iter().map(|l| l["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["Intro", "Exercise 1", "Exercise 2"]);
        assert_eq!(lessons[2]["lti"]["custom"], json!({"exercise": "2"}));
        server.abort();
    }
}
