//! LTI 1.3 platform: tool registrations and the platform's keys, on both backends. Registrations are
//! the institution's own (another institution neither sees nor changes them); the key set is public,
//! holds public keys only, and keeps a rotated key published.

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::support::{Tenant, TestApp};

const SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

fn tool() -> Value {
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

async fn register(app: &TestApp, a: &Tenant, body: &Value) -> Value {
    let r = app.call("POST", "/v1/lti/tools", Some(&a.owner_token), Some(body)).await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body
}

async fn jwks(app: &TestApp, tenant: &str) -> Vec<Value> {
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
        assert_eq!(p["token_url"], format!("{issuer}/token"));
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
