//! LTI 1.3 platform: tool registrations and the platform's keys, on both backends. Registrations are
//! the institution's own (another institution neither sees nor changes them); the key set is public,
//! holds public keys only, and keeps a rotated key published.

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::support::{Tenant, TestApp};

const SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

pub(crate) fn tool() -> Value {
    json!({
        "name": "Coding Lab",
        "login_url": "https://lab.example.com/lti/login",
        "target_link_uri": "https://lab.example.com/lti/launch",
        "jwks_url": "https://lab.example.com/lti/jwks",
        "scopes": [SCORE, NRPS],
        "deep_linking": true,
        "custom": {"theme": "dark"},
    })
}

pub(crate) async fn register(app: &TestApp, a: &Tenant, body: &Value) -> Value {
    let r = app.call("POST", "/v1/lti/tools", Some(&a.owner_token), Some(body)).await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body
}

pub(crate) async fn jwks(app: &TestApp, tenant: &str) -> Vec<Value> {
    let r = app.get(&format!("/v1/lti/platforms/{tenant}/jwks"), None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.body["keys"].as_array().unwrap().clone()
}

db_tests! {
    async fn institutions_register_tools_and_get_what_the_tool_needs(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("lti").await;
        let created = register(&app, &a, &tool()).await;
        let id = created["id"].as_str().unwrap().to_string();
        let issuer = format!("http://127.0.0.1:8080/v1/lti/platforms/{}", a.id);
        let p = &created["platform"];
        assert_eq!(p["issuer"], issuer.as_str());
        assert_eq!(p["authorization_url"], format!("{issuer}/authorize"));
        assert_eq!(p["token_url"], format!("http://127.0.0.1:8080/lti/platforms/{}/token", a.id));
        assert_eq!(p["jwks_url"], format!("{issuer}/jwks"));
        let client_id = p["client_id"].as_str().unwrap();
        assert!(uuid::Uuid::parse_str(client_id).is_ok(), "{client_id}");
        assert!(!p["deployment_id"].as_str().unwrap().is_empty());
        assert_eq!(created["redirect_uris"], json!(["https://lab.example.com/lti/launch"]), "the target link URI by default");
        assert_eq!(created["scopes"], json!([SCORE, NRPS]));
        assert_eq!(created["custom"], json!({"theme": "dark"}));
        assert_eq!(created["enabled"], true);

        // Lyceum's key set: one RS256 public key, made with the first tool, no private parts.
        let keys = jwks(&app, &a.id).await;
        assert_eq!(keys.len(), 1, "{keys:?}");
        assert_eq!(keys[0]["kty"], "RSA");
        assert_eq!(keys[0]["alg"], "RS256");
        assert_eq!(keys[0]["use"], "sig");
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            assert!(keys[0].get(private).is_none(), "{private} published: {}", keys[0]);
        }
        let first_kid = keys[0]["kid"].as_str().unwrap().to_string();
        // A second tool shares the institution's key; its client id is its own.
        let second = register(&app, &a, &json!({
            "name": "Video", "login_url": "https://video.example.com/login",
            "target_link_uri": "https://video.example.com/launch",
            "redirect_uris": ["https://video.example.com/launch", "https://video.example.com/deep"],
            "public_jwk": keys[0].clone(),
        }))
        .await;
        assert_ne!(second["platform"]["client_id"], client_id);
        assert_ne!(second["platform"]["deployment_id"], p["deployment_id"]);
        let keys = jwks(&app, &a.id).await;
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0]["kid"], first_kid.as_str());

        let list = app.get("/v1/lti/tools", Some(&a.owner_token)).await;
        assert_eq!(list.status, 200);
        let names: Vec<&str> = list.body["items"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Coding Lab", "Video"]);

        // Changes with If-Match: a stale version is refused and changes nothing.
        let view = app.get(&format!("/v1/lti/tools/{id}"), Some(&a.owner_token)).await;
        let etag = view.header("etag").unwrap().to_string();
        let change = |etag: String, body: &'static str| {
            let req = app
                .client
                .patch(format!("/v1/lti/tools/{id}"))
                .header("authorization", format!("Bearer {}", a.owner_token))
                .header("if-match", etag)
                .header("content-type", "application/json")
                .body(body);
            async move { TestApp::finish(req.send().await).await }
        };
        let r = change(etag.clone(), r#"{"enabled": false, "scopes": [], "jwks_url": null, "public_jwk": null}"#).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["jwks_url"], "a tool without keys: {r:#?}");
        let r = change(etag.clone(), r#"{"enabled": false, "scopes": [], "name": "Coding Lab 2"}"#).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["enabled"], false);
        assert_eq!(r.body["scopes"], json!([]));
        assert_eq!(r.body["version"], 2);
        assert_eq!(r.body["platform"]["client_id"], client_id, "the client id never changes");
        change(etag, r#"{"name": "Stale"}"#).await.assert_problem(412, "precondition_failed");
        let now = app.get(&format!("/v1/lti/tools/{id}"), Some(&a.owner_token)).await;
        assert_eq!(now.body["name"], "Coding Lab 2");

        // Deleting: gone, and audited.
        let r = app.call("DELETE", &format!("/v1/lti/tools/{id}"), Some(&a.owner_token), None).await;
        assert_eq!(r.status, 204, "{r:#?}");
        app.get(&format!("/v1/lti/tools/{id}"), Some(&a.owner_token)).await.assert_problem(404, "not_found");
        for action in ["lti.tool_created", "lti.tool_updated", "lti.tool_deleted"] {
            let audit = app.get(&format!("/v1/audit-events?action={action}"), Some(&a.owner_token)).await;
            let items = audit.body["items"].as_array().unwrap();
            assert!(items.iter().any(|e| e["target_id"] == id.as_str()), "{action}: {audit:#?}");
        }
    }

    async fn a_registration_is_checked_field_by_field(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltibad").await;
        let mut with_private_key = tool();
        with_private_key["jwks_url"] = Value::Null;
        with_private_key["public_jwk"] = json!({"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "c2VjcmV0"});
        let cases = [
            (json!({"login_url": "ftp://lab.example.com/login"}), vec!["login_url"]),
            (json!({"target_link_uri": "https://lab.example.com/launch#frag"}), vec!["target_link_uri"]),
            (json!({"redirect_uris": ["not a url"]}), vec!["redirect_uris"]),
            (json!({"jwks_url": null}), vec!["jwks_url"]),
            (json!({"scopes": ["https://example.com/everything"]}), vec!["scopes"]),
            (json!({"custom": {"bad name": "x"}}), vec!["custom"]),
            (json!({"name": " "}), vec!["name"]),
        ];
        for (change, fields) in cases {
            let mut body = tool();
            for (k, v) in change.as_object().unwrap() {
                body[k] = v.clone();
            }
            let r = app.call("POST", "/v1/lti/tools", Some(&a.owner_token), Some(&body)).await;
            r.assert_problem(400, "validation_failed");
            assert_eq!(r.error_fields(), fields, "{change}: {r:#?}");
        }
        let r = app.call("POST", "/v1/lti/tools", Some(&a.owner_token), Some(&with_private_key)).await;
        r.assert_problem(400, "validation_failed");
        assert!(r.text.contains("public key only"), "{r:#?}");
        let r = app.call("POST", "/v1/lti/tools", Some(&a.owner_token), Some(&json!({"name": "x", "extra": 1}))).await;
        assert_eq!(r.status, 400, "{r:#?}");
        // Nothing was registered, and no key was made for it.
        let list = app.get("/v1/lti/tools", Some(&a.owner_token)).await;
        assert_eq!(list.body["items"], json!([]));
        assert_eq!(jwks(&app, &a.id).await, Vec::<Value>::new());
    }

    async fn tools_and_keys_are_the_institutions_own(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltia").await;
        let b = app.signup("ltib").await;
        let id = register(&app, &a, &tool()).await["id"].as_str().unwrap().to_string();
        register(&app, &b, &tool()).await;
        // Another institution's owner: not found, and nothing changes.
        let path = format!("/v1/lti/tools/{id}");
        app.get(&path, Some(&b.owner_token)).await.assert_problem(404, "not_found");
        app.call("PATCH", &path, Some(&b.owner_token), Some(&json!({"enabled": false}))).await.assert_problem(404, "not_found");
        app.call("DELETE", &path, Some(&b.owner_token), None).await.assert_problem(404, "not_found");
        let list = app.get("/v1/lti/tools", Some(&b.owner_token)).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
        assert_ne!(list.body["items"][0]["id"], id.as_str());
        assert_eq!(app.get(&path, Some(&a.owner_token)).await.body["enabled"], true);
        // Each institution signs with its own key.
        let (ka, kb) = (jwks(&app, &a.id).await, jwks(&app, &b.id).await);
        assert_ne!(ka[0]["kid"], kb[0]["kid"]);
        assert_ne!(ka[0]["n"], kb[0]["n"]);
        // Learners and instructors manage no tools.
        for role in ["learner", "instructor"] {
            let (_, token) = app.user_with_role(&a, role).await;
            app.get("/v1/lti/tools", Some(&token)).await.assert_problem(403, "forbidden");
            app.call("POST", "/v1/lti/tools", Some(&token), Some(&tool())).await.assert_problem(403, "forbidden");
            app.call("POST", "/v1/lti/keys/rotate", Some(&token), None).await.assert_problem(403, "forbidden");
        }
        // An unknown institution has no key set.
        let r = app.get(&format!("/v1/lti/platforms/{}/jwks", uuid::Uuid::new_v4()), None).await;
        r.assert_problem(404, "not_found");
    }

    async fn a_rotated_key_stays_published(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltikeys").await;
        register(&app, &a, &tool()).await;
        let before = jwks(&app, &a.id).await;
        let r = app.call("POST", "/v1/lti/keys/rotate", Some(&a.owner_token), None).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let new_kid = r.body["jwk"]["kid"].as_str().unwrap().to_string();
        assert_ne!(new_kid, before[0]["kid"].as_str().unwrap());
        let after = jwks(&app, &a.id).await;
        let kids: Vec<&str> = after.iter().map(|k| k["kid"].as_str().unwrap()).collect();
        assert_eq!(kids, [new_kid.as_str(), before[0]["kid"].as_str().unwrap()], "the new key first, the old one kept");
        let keys = app.get("/v1/lti/keys", Some(&a.owner_token)).await;
        let items = keys.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert!(items[0]["retired_at"].is_null());
        assert!(items[1]["retired_at"].is_string());
        let audit = app.get("/v1/audit-events?action=lti.key_rotated", Some(&a.owner_token)).await;
        assert_eq!(audit.body["items"][0]["target_id"], new_kid.as_str(), "{audit:#?}");
    }
}

async fn module_of(app: &TestApp, a: &Tenant) -> String {
    let course = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "With tools"}))).await;
    let course = course.body["id"].as_str().unwrap().to_string();
    let m = app
        .call("POST", &format!("/v1/courses/{course}/modules"), Some(&a.owner_token), Some(&json!({"title": "M"})))
        .await;
    assert_eq!(m.status, 201, "{m:#?}");
    m.body["id"].as_str().unwrap().to_string()
}

db_tests! {
    async fn lti_lessons_launch_one_of_the_institutions_tools(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltilesson").await;
        let b = app.signup("ltilessonb").await;
        let tool_id = register(&app, &a, &tool()).await["id"].as_str().unwrap().to_string();
        let foreign_tool = register(&app, &b, &tool()).await["id"].as_str().unwrap().to_string();
        let module = module_of(&app, &a).await;
        let lessons = format!("/v1/modules/{module}/lessons");

        let r = app.call("POST", &lessons, Some(&a.owner_token), Some(&json!({
            "title": "Lab 1", "kind": "lti",
            "lti": {"tool_id": tool_id, "custom": {"exercise": "1"}},
        }))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let lesson = r.body["id"].as_str().unwrap().to_string();
        assert_eq!(r.body["kind"], "lti");
        assert_eq!(r.body["lti"], json!({"tool_id": tool_id, "custom": {"exercise": "1"}, "target_link_uri": null}));

        // Only a tool of this institution; an lti lesson needs its settings, other kinds take none.
        let r = app.call("POST", &lessons, Some(&a.owner_token), Some(&json!({
            "title": "Theirs", "kind": "lti", "lti": {"tool_id": foreign_tool},
        }))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["lti.tool_id"]);
        let r = app.call("POST", &lessons, Some(&a.owner_token), Some(&json!({"title": "None", "kind": "lti"}))).await;
        assert_eq!(r.error_fields(), ["lti"], "{r:#?}");
        let r = app.call("POST", &lessons, Some(&a.owner_token), Some(&json!({
            "title": "Text", "kind": "text", "body": "x", "lti": {"tool_id": tool_id},
        }))).await;
        assert_eq!(r.error_fields(), ["lti"], "{r:#?}");
        let r = app.call("POST", &lessons, Some(&a.owner_token), Some(&json!({
            "title": "Bad", "kind": "lti", "lti": {"tool_id": tool_id, "custom": {"a b": "1"}, "target_link_uri": "ftp://x"},
        }))).await;
        assert_eq!(r.error_fields(), ["lti.custom", "lti.target_link_uri"], "{r:#?}");

        // An update merges: the tool stays when only the launch settings change.
        let r = app.call("PATCH", &format!("/v1/lessons/{lesson}"), Some(&a.owner_token), Some(&json!({
            "lti": {"target_link_uri": "https://lab.example.com/lti/launch?exercise=1"},
        }))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["lti"]["tool_id"], tool_id.as_str());
        assert_eq!(r.body["lti"]["custom"], json!({"exercise": "1"}));
        assert_eq!(r.body["lti"]["target_link_uri"], "https://lab.example.com/lti/launch?exercise=1");
        // Another institution cannot point A's lesson at its tool, nor see the lesson.
        let r = app.call("PATCH", &format!("/v1/lessons/{lesson}"), Some(&b.owner_token), Some(&json!({"lti": {"tool_id": foreign_tool}}))).await;
        r.assert_problem(404, "not_found");

        // A tool that lessons launch is kept until they stop using it.
        let r = app.call("DELETE", &format!("/v1/lti/tools/{tool_id}"), Some(&a.owner_token), None).await;
        r.assert_problem(409, "lti_tool_in_use");
        assert_eq!(app.get(&format!("/v1/lti/tools/{tool_id}"), Some(&a.owner_token)).await.status, 200);
        let r = app.call("PATCH", &format!("/v1/lessons/{lesson}"), Some(&a.owner_token), Some(&json!({"kind": "text", "body": "Gone to text"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert!(r.body.get("lti").is_none(), "{r:#?}");
        let r = app.call("DELETE", &format!("/v1/lti/tools/{tool_id}"), Some(&a.owner_token), None).await;
        assert_eq!(r.status, 204, "{r:#?}");
    }
}

/// A published course with an `lti` lesson of the tool, and a text lesson; a learner enrolled in it.
pub(crate) struct Launchable {
    pub tool_id: String,
    pub lesson: String,
    pub text_lesson: String,
    pub enrollment: String,
    pub learner_id: String,
    pub learner: String,
    pub course: String,
}

pub(crate) async fn launchable(app: &TestApp, a: &Tenant) -> Launchable {
    launchable_with(app, a, &tool()).await
}

pub(crate) async fn launchable_with(app: &TestApp, a: &Tenant, tool: &Value) -> Launchable {
    let tool_id = register(app, a, tool).await["id"].as_str().unwrap().to_string();
    let course = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": "Programming"}))).await;
    let course = course.body["id"].as_str().unwrap().to_string();
    let m = app
        .call("POST", &format!("/v1/courses/{course}/modules"), Some(&a.owner_token), Some(&json!({"title": "Labs"})))
        .await;
    let module = m.body["id"].as_str().unwrap().to_string();
    let lessons = format!("/v1/modules/{module}/lessons");
    let r = app
        .call(
            "POST",
            &lessons,
            Some(&a.owner_token),
            Some(&json!({
                "title": "Lab 1", "kind": "lti", "lti": {"tool_id": tool_id, "custom": {"exercise": "1"}},
            })),
        )
        .await;
    let lesson = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .call("POST", &lessons, Some(&a.owner_token), Some(&json!({"title": "Notes", "kind": "text", "body": "x"})))
        .await;
    let text_lesson = r.body["id"].as_str().unwrap().to_string();
    let r = app.call("POST", &format!("/v1/courses/{course}/publish"), Some(&a.owner_token), None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    let (learner_id, learner) = app.user_with_role(a, "learner").await;
    let r = app
        .call(
            "POST",
            &format!("/v1/courses/{course}/enrollments"),
            Some(&a.owner_token),
            Some(&json!({"user_id": learner_id})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    let enrollment = r.body["id"].as_str().unwrap().to_string();
    Launchable { tool_id, lesson, text_lesson, enrollment, learner_id, learner, course }
}

/// Starts a launch: the tool's login initiation URL's parameters.
pub(crate) async fn start(app: &TestApp, lesson: &str, token: &str) -> std::collections::HashMap<String, String> {
    let r = app.call("POST", &format!("/v1/lessons/{lesson}/lti-launch"), Some(token), None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let url = reqwest::Url::parse(r.body["url"].as_str().unwrap()).unwrap();
    assert_eq!(url.as_str().split('?').next().unwrap(), "https://lab.example.com/lti/login");
    url.query_pairs().into_owned().collect()
}

/// The tool's authentication request for a launch (what a conforming tool sends back).
pub(crate) fn auth_request(login: &std::collections::HashMap<String, String>, nonce: &str) -> Vec<(String, String)> {
    vec![
        ("scope".into(), "openid".into()),
        ("response_type".into(), "id_token".into()),
        ("response_mode".into(), "form_post".into()),
        ("prompt".into(), "none".into()),
        ("client_id".into(), login["client_id"].clone()),
        ("redirect_uri".into(), "https://lab.example.com/lti/launch".into()),
        ("login_hint".into(), login["login_hint"].clone()),
        ("lti_message_hint".into(), login["lti_message_hint"].clone()),
        ("state".into(), "tool-state-<1>".into()),
        ("nonce".into(), nonce.into()),
    ]
}

pub(crate) async fn authorize(app: &TestApp, tenant: &str, params: &[(String, String)]) -> crate::support::Reply {
    let query = serde_urlencoded::to_string(params).unwrap();
    app.get(&format!("/v1/lti/platforms/{tenant}/authorize?{query}"), None).await
}

pub(crate) fn form_field(html: &str, name: &str) -> String {
    let at = html.find(&format!(r#"name="{name}" value=""#)).unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

db_tests! {
    async fn a_learner_launches_a_tool_with_a_signed_id_token(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltilaunch").await;
        let l = launchable(&app, &a).await;
        let login = start(&app, &l.lesson, &l.learner).await;
        assert_eq!(login["iss"], format!("http://127.0.0.1:8080/v1/lti/platforms/{}", a.id));
        assert_eq!(login["login_hint"], l.learner_id);
        assert_eq!(login["target_link_uri"], "https://lab.example.com/lti/launch");
        assert!(login["lti_message_hint"].len() >= 40);
        let tool = app.get(&format!("/v1/lti/tools/{}", l.tool_id), Some(&a.owner_token)).await;
        assert_eq!(login["client_id"], tool.body["platform"]["client_id"].as_str().unwrap());
        assert_eq!(login["lti_deployment_id"], tool.body["platform"]["deployment_id"].as_str().unwrap());
        // The launch started the lesson.
        let progress = app.get(&format!("/v1/enrollments/{}/progress", l.enrollment), Some(&l.learner)).await;
        let lab = progress.body["lessons"].as_array().unwrap().iter().find(|x| x["lesson_id"] == l.lesson.as_str()).unwrap().clone();
        assert_eq!(lab["status"], "started", "{progress:#?}");

        let r = authorize(&app, &a.id, &auth_request(&login, "nonce-1")).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
        assert!(r.text.contains(r#"action="https://lab.example.com/lti/launch""#), "{}", r.text);
        assert_eq!(form_field(&r.text, "state"), "tool-state-<1>");
        let id_token = form_field(&r.text, "id_token");

        // The ID token verifies with the institution's published key, for the tool, with the LTI claims.
        let header = jsonwebtoken::decode_header(&id_token).unwrap();
        assert_eq!(header.alg, jsonwebtoken::Algorithm::RS256);
        let keys = jwks(&app, &a.id).await;
        let key = keys.iter().find(|k| k["kid"].as_str() == header.kid.as_deref()).expect("the token's kid is published");
        let decoding = jsonwebtoken::DecodingKey::from_rsa_components(key["n"].as_str().unwrap(), key["e"].as_str().unwrap()).unwrap();
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        v.set_audience(&[login["client_id"].as_str()]);
        v.set_issuer(&[login["iss"].as_str()]);
        let claims = jsonwebtoken::decode::<Value>(&id_token, &decoding, &v).unwrap().claims;
        const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim";
        assert_eq!(claims["sub"], l.learner_id.as_str());
        assert_eq!(claims["nonce"], "nonce-1");
        assert_eq!(claims[format!("{LTI}/message_type")], "LtiResourceLinkRequest");
        assert_eq!(claims[format!("{LTI}/version")], "1.3.0");
        assert_eq!(claims[format!("{LTI}/deployment_id")], login["lti_deployment_id"].as_str());
        assert_eq!(claims[format!("{LTI}/target_link_uri")], "https://lab.example.com/lti/launch");
        assert_eq!(claims[format!("{LTI}/resource_link")]["id"], l.lesson.as_str());
        assert_eq!(claims[format!("{LTI}/resource_link")]["title"], "Lab 1");
        assert_eq!(claims[format!("{LTI}/context")]["id"], l.course.as_str());
        assert_eq!(claims[format!("{LTI}/custom")], json!({"theme": "dark", "exercise": "1"}));
        let roles = claims[format!("{LTI}/roles")].as_array().unwrap();
        assert!(roles.contains(&json!("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner")), "{roles:?}");
        assert!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap() <= 300);

        // A launch is used once: a replay is refused.
        let again = authorize(&app, &a.id, &auth_request(&login, "nonce-2")).await;
        again.assert_problem(422, "lti_launch_used");
        let audit = app.get("/v1/audit-events?action=lti.launch", Some(&a.owner_token)).await;
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 1, "{audit:#?}");
    }

    async fn a_launch_refuses_what_is_not_its_own(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltiref").await;
        let b = app.signup("ltirefb").await;
        let l = launchable(&app, &a).await;
        // Each tampered request is refused and leaves the launch usable.
        let login = start(&app, &l.lesson, &l.learner).await;
        let good = auth_request(&login, "n");
        let tampered = |name: &str, value: &str| {
            good.iter().map(|(k, v)| (k.clone(), if k == name { value.to_string() } else { v.clone() })).collect::<Vec<_>>()
        };
        for (name, value) in [
            ("redirect_uri", "https://evil.example.com/lti/launch"),
            ("client_id", "someone-else"),
            ("login_hint", &l.enrollment),
            ("lti_message_hint", "guessed"),
            ("response_type", "code"),
            ("scope", "openid profile"),
            ("prompt", "login"),
            ("nonce", ""),
        ] {
            let r = authorize(&app, &a.id, &tampered(name, value)).await;
            r.assert_problem(422, "lti_invalid_request");
        }
        // Another institution's authorization endpoint knows nothing of A's launch.
        authorize(&app, &b.id, &good).await.assert_problem(422, "lti_invalid_request");
        // The form flavour works as the query one.
        let r = app
            .client
            .post(format!("/v1/lti/platforms/{}/authorize", a.id))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(&good).unwrap())
            .send()
            .await;
        let r = TestApp::finish(r).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert!(!form_field(&r.text, "id_token").is_empty());

        // Who may launch: not a learner outside the course; not a text lesson; not a disabled tool.
        let (_, outsider) = app.user_with_role(&a, "learner").await;
        app.call("POST", &format!("/v1/lessons/{}/lti-launch", l.lesson), Some(&outsider), None).await.assert_problem(403, "not_enrolled");
        app.call("POST", &format!("/v1/lessons/{}/lti-launch", l.text_lesson), Some(&l.learner), None).await.assert_problem(409, "lesson_not_lti");
        app.call("POST", &format!("/v1/lessons/{}/lti-launch", l.lesson), Some(&b.owner_token), None).await.assert_problem(404, "not_found");
        let r = app.call("PATCH", &format!("/v1/lti/tools/{}", l.tool_id), Some(&a.owner_token), Some(&json!({"enabled": false}))).await;
        assert_eq!(r.status, 200);
        app.call("POST", &format!("/v1/lessons/{}/lti-launch", l.lesson), Some(&l.learner), None).await.assert_problem(409, "lti_tool_disabled");
        // Staff launch too (as instructors, without an enrollment).
        let r = app.call("PATCH", &format!("/v1/lti/tools/{}", l.tool_id), Some(&a.owner_token), Some(&json!({"enabled": true}))).await;
        assert_eq!(r.status, 200);
        let login = start(&app, &l.lesson, &a.owner_token).await;
        assert_eq!(login["login_hint"], a.owner_id);
        // A teaching assistant of the course launches as one (the course's staff role, as NRPS says).
        let (ta, ta_tok) = app.user_with_role(&a, "instructor").await;
        let r = app.call("POST", &format!("/v1/courses/{}/staff", l.course), Some(&a.owner_token), Some(&json!({"user_id": ta, "role": "teaching_assistant"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let login = start(&app, &l.lesson, &ta_tok).await;
        let page = authorize(&app, &a.id, &auth_request(&login, "n-ta")).await;
        let token = form_field(&page.text, "id_token");
        let claims: Value = serde_json::from_slice(&base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, token.split('.').nth(1).unwrap()).unwrap()).unwrap();
        assert_eq!(claims["https://purl.imsglobal.org/spec/lti/claim/roles"], json!([
            "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty",
            "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
        ]));
    }
}

/// The real tool (tests/lti/tool.py, PyLTI1p3) as a browser sees it: its cookies are kept.
pub(crate) struct AtTool {
    pub base: String,
    pub http: reqwest::Client,
    cookies: std::collections::HashMap<String, String>,
}

impl AtTool {
    pub fn new() -> Self {
        let base = std::env::var("LYCEUM_TEST_LTI_TOOL_URL")
            .expect("LYCEUM_TEST_LTI_TOOL_URL is not set: run scripts/test, which starts the LTI tool");
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        AtTool { base, http, cookies: Default::default() }
    }

    fn keep(&mut self, resp: &reqwest::Response) {
        for set in resp.headers().get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            if let Some((k, v)) = pair.split_once('=') {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
    }

    fn cookie(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// Follows the login initiation URL: the tool's redirect to Lyceum's authorization endpoint.
    pub async fn login(&mut self, url: &str) -> String {
        let resp = self.http.get(url).header("cookie", self.cookie()).send().await.unwrap();
        self.keep(&resp);
        assert_eq!(resp.status(), 302, "{:?}", resp.text().await);
        resp.headers()["location"].to_str().unwrap().to_string()
    }

    /// Posts the form Lyceum answered to the tool's launch URL: (status, the tool's JSON).
    pub async fn launch(&mut self, id_token: &str, state: &str) -> (u16, Value) {
        self.launch_at("", id_token, state).await
    }

    /// Posts the form to `/launch{query}` (the tool's test switches: `?score=…&roster=…`).
    pub async fn launch_at(&mut self, query: &str, id_token: &str, state: &str) -> (u16, Value) {
        let resp = self
            .http
            .post(format!("{}/launch{query}", self.base))
            .header("cookie", self.cookie())
            .form(&[("id_token", id_token), ("state", state)])
            .send()
            .await
            .unwrap();
        (resp.status().as_u16(), resp.json().await.unwrap())
    }
}

db_tests! {
    async fn a_real_lti_tool_accepts_lyceums_launch(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ltireal").await;
        let mut at = AtTool::new();
        let base = at.base.clone();
        let l = launchable_with(&app, &a, &json!({
            "name": "PyLTI1p3 tool", "login_url": format!("{base}/login"), "target_link_uri": format!("{base}/launch"),
            "jwks_url": format!("{base}/jwks"), "custom": {"theme": "dark"},
        }))
        .await;
        // The tool's side of the registration: Lyceum's issuer, ids, endpoints and key set.
        let view = app.get(&format!("/v1/lti/tools/{}", l.tool_id), Some(&a.owner_token)).await;
        let p = &view.body["platform"];
        let r = at.http.post(format!("{base}/platforms")).json(&json!({
            "issuer": p["issuer"], "client_id": p["client_id"], "deployment_id": p["deployment_id"],
            "authorization_url": p["authorization_url"], "token_url": p["token_url"],
            "key_set": {"keys": jwks(&app, &a.id).await},
        })).send().await.unwrap();
        assert_eq!(r.status(), 200);

        let launch = |lesson: String, token: String| {
            let app = &app;
            async move {
                let r = app.call("POST", &format!("/v1/lessons/{lesson}/lti-launch"), Some(&token), None).await;
                assert_eq!(r.status, 200, "{r:#?}");
                r.body["url"].as_str().unwrap().to_string()
            }
        };
        // Lyceum -> the tool's login -> Lyceum's authorization endpoint -> the form post to the tool, which
        // validates the ID token with PyLTI1p3.
        let url = launch(l.lesson.clone(), l.learner.clone()).await;
        let authorize = at.login(&url).await;
        let path = authorize.strip_prefix("http://127.0.0.1:8080").expect("the tool redirects to Lyceum's issuer");
        let page = app.get(path, None).await;
        assert_eq!(page.status, 200, "{page:#?}");
        let (id_token, state) = (form_field(&page.text, "id_token"), form_field(&page.text, "state"));
        let (status, data) = at.launch(&id_token, &state).await;
        assert_eq!(status, 200, "the tool refused Lyceum's launch: {data}");
        const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim";
        assert_eq!(data["sub"], l.learner_id.as_str());
        assert_eq!(data[format!("{LTI}/resource_link")]["id"], l.lesson.as_str());
        assert_eq!(data[format!("{LTI}/custom")], json!({"theme": "dark", "exercise": "1"}));

        // The tool refuses what Lyceum did not sign: a changed payload, or a signature of another key.
        let url = launch(l.lesson.clone(), l.learner.clone()).await;
        let authorize = at.login(&url).await;
        let page = app.get(authorize.strip_prefix("http://127.0.0.1:8080").unwrap(), None).await;
        let (id_token, state) = (form_field(&page.text, "id_token"), form_field(&page.text, "state"));
        let parts: Vec<&str> = id_token.split('.').collect();
        let claims: Value = serde_json::from_slice(&base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, parts[1]).unwrap()).unwrap();
        let mut forged = claims.clone();
        forged["sub"] = json!(a.owner_id);
        let forged_payload = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, forged.to_string());
        let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        let (status, data) = at.launch(&tampered, &state).await;
        assert_eq!(status, 400, "a changed payload must be refused: {data}");
        let other = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let der = rsa::pkcs1::EncodeRsaPrivateKey::to_pkcs1_der(&other).unwrap();
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = jsonwebtoken::decode_header(&id_token).unwrap().kid;
        let resigned = jsonwebtoken::encode(&header, &claims, &jsonwebtoken::EncodingKey::from_rsa_der(der.as_bytes())).unwrap();
        let (status, data) = at.launch(&resigned, &state).await;
        assert_eq!(status, 400, "another key's signature must be refused: {data}");
        // The genuine token of that launch still passes.
        let (status, data) = at.launch(&id_token, &state).await;
        assert_eq!(status, 200, "{data}");
    }
}

db_tests! {
    async fn expired_launches_are_removed(t) {
        use diesel::prelude::*;
        use lyceum_core::{db::{schema::lti_launches, types::TenantId}, with_conn, TenantScope};
        let app = TestApp::new(t).await;
        let a = app.signup("ltiexp").await;
        let l = launchable(&app, &a).await;
        let old = start(&app, &l.lesson, &l.learner).await;
        let fresh = start(&app, &l.lesson, &l.learner).await;
        // The first launch expired two hours ago (its hint's hash names it).
        let ta: TenantId = a.id.parse().unwrap();
        let hint = old["lti_message_hint"].clone();
        let hashed = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(hint.as_bytes()))
        };
        let past = lyceum_core::db::types::Timestamp::now() - chrono::Duration::hours(2);
        app.t.db.doors().write(&TenantScope::for_test(ta), move |tx| {
            let n = with_conn!(tx, |c| diesel::update(lti_launches::table.filter(lti_launches::tenant_id.eq(ta)).filter(lti_launches::hint_hash.eq(hashed)))
                .set(lti_launches::expires_at.eq(past)).execute(c))?;
            assert_eq!(n, 1);
            Ok(())
        }).await.unwrap();
        authorize(&app, &a.id, &auth_request(&old, "n")).await.assert_problem(422, "lti_launch_expired");
        lyceum_core::maintenance::expire_tenant_data(&app.t.db, lyceum_core::db::types::JobId::new()).await.unwrap();
        // Gone: its hint names no launch any more; the fresh launch is kept and works.
        authorize(&app, &a.id, &auth_request(&old, "n")).await.assert_problem(422, "lti_invalid_request");
        assert_eq!(authorize(&app, &a.id, &auth_request(&fresh, "n")).await.status, 200);
    }
}
