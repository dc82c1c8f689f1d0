//! Single sign-on against a real OpenID provider (tests/oidc: oidc-provider, started by the test script):
//! the whole redirect flow, driven with an HTTP client through the provider's development login form,
//! on both backends. Every failure ends on a problem and signs no one in.

use std::collections::HashMap;

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::support::{Reply, Tenant, TestApp, PASSWORD};

const CALLBACK: &str = "http://127.0.0.1:8080/v1/auth/sso/callback";
const RETURN_TO: &str = "https://learn.acme.test/sso/done";

fn provider_url(rotating: bool) -> String {
    let var = if rotating { "LYCEUM_TEST_OIDC_ROTATING_URL" } else { "LYCEUM_TEST_OIDC_URL" };
    std::env::var(var)
        .unwrap_or_else(|_| panic!("{var} is not set: run scripts/test, which starts the OpenID providers"))
}

/// A browser at the identity provider: follows its redirects, keeps its cookies, fills its login form.
struct AtProvider {
    http: reqwest::Client,
    cookies: HashMap<String, String>,
}

impl AtProvider {
    fn new() -> Self {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        AtProvider { http, cookies: HashMap::new() }
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

    /// From the authorization URL to Lyceum's callback URL, signing in as `login`.
    async fn sign_in(&mut self, authorize: &str, login: &str) -> String {
        let mut url = authorize.to_string();
        for _ in 0..12 {
            if url.starts_with(CALLBACK) {
                return url;
            }
            let resp = self.http.get(&url).header("cookie", self.cookie()).send().await.unwrap();
            self.keep(&resp);
            if resp.status().is_redirection() {
                url = absolute(&url, resp.headers()["location"].to_str().unwrap());
                continue;
            }
            let page = resp.text().await.unwrap();
            assert!(page.contains("name=\"login\""), "the provider's login form, got: {page}");
            let action = page.split("action=\"").nth(1).unwrap().split('"').next().unwrap().replace("&#x2F;", "/");
            let resp = self
                .http
                .post(absolute(&url, &action))
                .header("cookie", self.cookie())
                .form(&[("prompt", "login"), ("login", login), ("password", "anything")])
                .send()
                .await
                .unwrap();
            self.keep(&resp);
            assert!(resp.status().is_redirection(), "{:?}", resp.text().await);
            url = absolute(&url, resp.headers()["location"].to_str().unwrap());
        }
        panic!("never got back to Lyceum; last at {url}");
    }
}

fn absolute(base: &str, location: &str) -> String {
    reqwest::Url::parse(base).unwrap().join(location).unwrap().to_string()
}

/// Lyceum's path of an absolute URL on its public address.
fn path_of(url: &str) -> String {
    url.strip_prefix("http://127.0.0.1:8080").unwrap_or_else(|| panic!("{url} is not Lyceum's")).to_string()
}

async fn provider(app: &TestApp, a: &Tenant, body: Value) -> String {
    let r = app.call("POST", "/v1/identity-providers", Some(&a.owner_token), Some(&body)).await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body["id"].as_str().unwrap().to_string()
}

fn settings(issuer: &str) -> Value {
    json!({
        "name": "Acme ID", "issuer": issuer, "client_id": "lyceum", "client_secret": "lyceum-test-secret",
        "return_urls": [RETURN_TO], "create_role": "learner", "allowed_domains": ["acme.test"],
    })
}

/// Starts a sign-in: the provider's authorization URL.
async fn start(app: &TestApp, a: &Tenant, provider: &str) -> String {
    let r = app
        .get(&format!("/v1/auth/sso/{}/start?provider={provider}&return_to={}", a.slug, urlencode(RETURN_TO)), None)
        .await;
    assert_eq!(r.status, 302, "{r:#?}");
    r.header("location").unwrap().to_string()
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).unwrap()[1..].to_string()
}

/// The whole flow for `login`: the callback's answer (a redirect to `return_to?code=`, or a problem).
async fn flow(app: &TestApp, a: &Tenant, provider: &str, login: &str) -> Reply {
    let authorize = start(app, a, provider).await;
    let callback = AtProvider::new().sign_in(&authorize, login).await;
    app.get(&path_of(&callback), None).await
}

/// Exchanges the code of a successful callback for a session; returns the signed-in user.
async fn session_of(app: &TestApp, callback: &Reply) -> (String, Value) {
    assert_eq!(callback.status, 302, "{callback:#?}");
    let to = callback.header("location").unwrap();
    assert!(to.starts_with(&format!("{RETURN_TO}?code=lyo_")), "{to}");
    let code = to.split("code=").nth(1).unwrap();
    let r = app.post_json("/v1/auth/sso/exchange", &json!({"code": code})).await;
    assert_eq!(r.status, 200, "{r:#?}");
    (r.body["token"].as_str().unwrap().to_string(), r.body["user"].clone())
}

db_tests! {
    async fn people_sign_in_with_the_institutions_provider(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("sso").await;
        let issuer = provider_url(false);
        let id = provider(&app, &a, settings(&issuer)).await;
        let view = app.get(&format!("/v1/identity-providers/{id}"), Some(&a.owner_token)).await;
        assert_eq!(view.body["redirect_uri"], CALLBACK);
        assert!(!view.text.contains("lyceum-test-secret"), "the secret is write-only: {}", view.text);
        assert_eq!(view.body["scopes"], json!(["openid", "email", "profile"]));

        // The authorization request: code flow, PKCE (S256), state and nonce.
        let authorize = start(&app, &a, &id).await;
        let q: HashMap<String, String> = reqwest::Url::parse(&authorize).unwrap().query_pairs().into_owned().collect();
        assert!(authorize.starts_with(&issuer), "{authorize}");
        assert_eq!((q["response_type"].as_str(), q["client_id"].as_str(), q["redirect_uri"].as_str()), ("code", "lyceum", CALLBACK));
        assert_eq!(q["code_challenge_method"], "S256");
        assert!(q["state"].starts_with("lyx_") && !q["nonce"].is_empty() && q["scope"].contains("openid"));

        // First sign-in: a new learner (allowed, a seat is free), signed in through a one-time code.
        let callback = AtProvider::new().sign_in(&authorize, "nia@acme.test").await;
        let r = app.get(&path_of(&callback), None).await;
        let (token, user) = session_of(&app, &r).await;
        assert_eq!((user["email"].as_str(), user["role"].as_str(), user["status"].as_str()), (Some("nia@acme.test"), Some("learner"), Some("active")));
        assert_eq!(app.get("/v1/me", Some(&token)).await.body["user"]["email"], "nia@acme.test");
        // The callback URL is single use.
        app.get(&path_of(&callback), None).await.assert_problem(400, "validation_failed");
        // Signing in again finds the same person by the provider's subject.
        let (_, again) = session_of(&app, &flow(&app, &a, &id, "nia@acme.test").await).await;
        assert_eq!(again["id"], user["id"]);

        // An existing account is linked by its verified email.
        let r = app
            .call("POST", "/v1/users", Some(&a.owner_token), Some(&json!({"email": "olga@acme.test", "name": "Olga", "role": "instructor", "password": PASSWORD})))
            .await;
        let olga = r.body["id"].as_str().unwrap().to_string();
        let (_, linked) = session_of(&app, &flow(&app, &a, &id, "olga@acme.test").await).await;
        assert_eq!((linked["id"].as_str(), linked["role"].as_str()), (Some(olga.as_str()), Some("instructor")));

        // Failures: each a problem, no one signed in.
        flow(&app, &a, &id, "eve@elsewhere.test").await.assert_problem(403, "sso_domain_not_allowed");
        // Whoever controls the provider's email claims cannot take over an owner.
        flow(&app, &a, &id, &a.owner_email).await.assert_problem(403, "sso_link_refused");
        flow(&app, &a, &id, "unverified.ann@acme.test").await.assert_problem(422, "sso_email_unverified");
        app.call("PATCH", &format!("/v1/users/{olga}"), Some(&a.owner_token), Some(&json!({"status": "disabled"}))).await;
        flow(&app, &a, &id, "olga@acme.test").await.assert_problem(403, "user_disabled");
        let r = app.call("PATCH", &format!("/v1/identity-providers/{id}"), Some(&a.owner_token), Some(&json!({"create_role": null}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        flow(&app, &a, &id, "newbie@acme.test").await.assert_problem(403, "sso_no_account");
        app.get("/v1/auth/sso/callback?state=lyx_garbage&code=x", None).await.assert_problem(400, "validation_failed");
        app.get("/v1/auth/sso/callback", None).await.assert_problem(400, "validation_failed");
        let evil = app
            .get(&format!("/v1/auth/sso/{}/start?provider={id}&return_to={}", a.slug, urlencode("https://evil.test/steal")), None)
            .await;
        evil.assert_problem(400, "validation_failed");
        assert_eq!(evil.error_fields(), vec!["return_to"]);
        app.get(&format!("/v1/auth/sso/{}/start?provider={}&return_to=x", a.slug, uuid::Uuid::now_v7()), None)
            .await
            .assert_problem(404, "not_found");
        app.post_json("/v1/auth/sso/exchange", &json!({"code": "lyo_nope"})).await.assert_problem(400, "validation_failed");
        // The provider refusing (the person cancels) comes back as an error with the state.
        let authorize = start(&app, &a, &id).await;
        let state = reqwest::Url::parse(&authorize).unwrap().query_pairs().find(|(k, _)| k == "state").unwrap().1.to_string();
        app.get(&format!("/v1/auth/sso/callback?state={state}&error=access_denied&error_description=cancelled"), None)
            .await
            .assert_problem(422, "sso_denied");
        // Another relying party's credentials at the same provider: the token exchange fails (the code was
        // issued to `lyceum`), and nothing is signed in.
        let other = provider(&app, &a, json!({"name": "Other", "issuer": issuer, "client_id": "lyceum-other",
            "client_secret": "other-secret", "return_urls": [RETURN_TO], "allowed_domains": ["acme.test"]})).await;
        let authorize = start(&app, &a, &other).await;
        let mut at = AtProvider::new();
        let callback = at.sign_in(&authorize.replace("client_id=lyceum-other", "client_id=lyceum"), "nia@acme.test").await;
        let r = app.get(&path_of(&callback), None).await;
        assert!(matches!(r.status.as_u16(), 422), "{r:#?}");

        // Requiring single sign-on: password sign-in now refused for everyone but the owners.
        let (_, email, _) = crate::learning::learner(&app, &a, "Pat").await;
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({"sso_required": true}))).await;
        assert_eq!((r.status.as_u16(), r.body["sso_required"].as_bool()), (200, Some(true)), "{r:#?}");
        app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": email, "password": PASSWORD}))
            .await
            .assert_problem(403, "sso_required");
        app.login(&a.slug, &a.owner_email, PASSWORD).await;

        // The trail records what happened.
        let audit = app.get("/v1/audit-events?action=auth.sso_login", Some(&a.owner_token)).await;
        let accounts: Vec<&str> = audit.body["items"].as_array().unwrap().iter().map(|e| e["metadata"]["account"].as_str().unwrap_or("")).collect();
        assert!(accounts.contains(&"created") && accounts.contains(&"known") && accounts.contains(&"linked"), "{accounts:?}");
    }

    async fn provider_settings_are_checked_and_managed_by_admins_only(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ssoadm").await;
        let bad = app
            .call("POST", "/v1/identity-providers", Some(&a.owner_token), Some(&json!({
                "name": "", "issuer": "ftp://idp", "client_id": "x", "client_secret": "y",
                "create_role": "owner", "return_urls": ["javascript:alert(1)"], "allowed_domains": ["not a domain"],
            })))
            .await;
        bad.assert_problem(400, "validation_failed");
        let mut fields = bad.error_fields();
        fields.sort();
        assert_eq!(fields, ["allowed_domains", "create_role", "issuer", "name", "return_urls"]);
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({"sso_required": true}))).await;
        r.assert_problem(409, "no_identity_provider");
        let (_, _, learner) = crate::learning::learner(&app, &a, "Lee").await;
        app.get("/v1/identity-providers", Some(&learner)).await.assert_problem(403, "forbidden");
        let id = provider(&app, &a, settings(&provider_url(false))).await;
        let listed = app.get("/v1/identity-providers", Some(&a.owner_token)).await;
        assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
        let r = app.call("PATCH", &format!("/v1/identity-providers/{id}"), Some(&a.owner_token), Some(&json!({"enabled": false}))).await;
        assert_eq!((r.status.as_u16(), r.body["enabled"].as_bool(), r.body["version"].as_i64()), (200, Some(false), Some(2)));
        app.get(&format!("/v1/auth/sso/{}/start?provider={id}&return_to={}", a.slug, urlencode(RETURN_TO)), None)
            .await
            .assert_problem(404, "not_found");
        let r = app.call("DELETE", &format!("/v1/identity-providers/{id}"), Some(&a.owner_token), None).await;
        assert_eq!(r.status, 204);
        app.get(&format!("/v1/identity-providers/{id}"), Some(&a.owner_token)).await.assert_problem(404, "not_found");
    }

    async fn a_provider_that_rotates_its_signing_key_keeps_working(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("ssorot").await;
        let issuer = provider_url(true);
        let id = provider(&app, &a, settings(&issuer)).await;
        let (_, first) = session_of(&app, &flow(&app, &a, &id, "rita@acme.test").await).await;
        // The provider replaces its key: Lyceum's cached keys lack the new one and fetch them again.
        let r = reqwest::Client::new().post(format!("{issuer}/-/rotate")).send().await.unwrap();
        assert_eq!(r.status(), 204);
        let (_, second) = session_of(&app, &flow(&app, &a, &id, "rita@acme.test").await).await;
        assert_eq!(first["id"], second["id"]);
    }

    async fn the_hosted_pages_offer_the_institutions_provider(t) {
        use crate::pages::{assert_page, link_in, Browser};
        let app = TestApp::new(t).await;
        let a = app.signup("ssopage").await;
        let id = provider(&app, &a, settings(&provider_url(false))).await;
        let mut b = Browser::default();
        let page = b.get(&app, &format!("/p/{}/sign-in", a.slug)).await;
        assert_page(&page, 200, "Sign in with Acme ID");
        let start = page.text.split("href=\"").find(|s| s.starts_with("/v1/auth/sso/")).unwrap().split('"').next().unwrap().replace("&amp;", "&");
        let r = app.get(&start, None).await;
        assert_eq!(r.status, 302, "{r:#?}");
        let callback = AtProvider::new().sign_in(r.header("location").unwrap(), "hana@acme.test").await;
        let back = app.get(&path_of(&callback), None).await;
        assert_eq!(back.status, 302, "{back:#?}");
        let to = path_of(back.header("location").unwrap());
        assert!(to.starts_with(&format!("/p/{}/sso?code=lyo_", a.slug)), "{to}");
        let landed = b.get(&app, &to).await;
        assert_eq!(landed.status, 303, "{landed:#?}");
        assert_page(&b.get(&app, &format!("/p/{}/courses", a.slug)).await, 200, "Your courses");
        assert_page(&b.get(&app, &to).await, 400, "This link no longer works");

        // An institution that requires single sign-on: invitations continue with the provider.
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({"sso_required": true}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let email = format!("ivan.{}@acme.test", a.slug);
        app.call("POST", "/v1/users", Some(&a.owner_token), Some(&json!({"email": email, "name": "Ivan", "role": "learner"}))).await;
        app.run_jobs().await;
        let mail = lyceum_testkit::Mailbox::from_env().wait_for(&email, std::time::Duration::from_secs(10)).await;
        let invitation = b.get(&app, &link_in(mail.last().unwrap(), "/invitation/lyi_")).await;
        assert_page(&invitation, 200, "Continue with Acme ID");
        assert!(!invitation.text.contains("type=\"password\""), "no password to choose: {}", invitation.text);
        let start = invitation.text.split("href=\"").find(|s| s.starts_with("/v1/auth/sso/")).unwrap().split('"').next().unwrap().replace("&amp;", "&");
        let r = app.get(&start, None).await;
        let callback = AtProvider::new().sign_in(r.header("location").unwrap(), &email).await;
        let back = app.get(&path_of(&callback), None).await;
        assert_eq!(back.status, 302, "{back:#?}");
        let users = app.get(&format!("/v1/users?q={email}"), Some(&a.owner_token)).await;
        assert_eq!(users.body["items"][0]["status"], "active", "the invitation is accepted by signing in");
        let _ = id;
    }

    async fn starting_single_sign_on_is_rate_limited_per_address(t) {
        let app = TestApp::with_config(t, |c| {
            c.limits.auth_burst = 3;
            c.limits.auth_per_minute = 1.0;
        })
        .await;
        let a = app.signup("ssorate").await; // draws one token from the address's bucket
        let id = provider(&app, &a, settings(&provider_url(false))).await;
        let path = format!("/v1/auth/sso/{}/start?provider={id}&return_to={}", a.slug, urlencode(RETURN_TO));
        let statuses = [app.get(&path, None).await.status.as_u16(), app.get(&path, None).await.status.as_u16()];
        assert_eq!(statuses, [302, 302]);
        let r = app.get(&path, None).await;
        r.assert_problem(429, "rate_limited");
        assert!(r.header("retry-after").is_some());
    }
}

db_tests! {
    async fn expired_sign_ins_in_flight_are_removed(t) {
        use diesel::prelude::*;
        use lyceum_core::{db::{schema::sso_logins, types::{TenantId, Timestamp}}, with_conn, TenantScope};
        let app = TestApp::new(t).await;
        let a = app.signup("ssoexp").await;
        let id = provider(&app, &a, settings(&provider_url(false))).await;
        start(&app, &a, &id).await;
        start(&app, &a, &id).await;
        let ta: TenantId = a.id.parse().unwrap();
        let count = || async {
            app.t.db.doors().write(&TenantScope::for_test(ta), move |tx| {
                Ok(with_conn!(tx, |c| sso_logins::table.filter(sso_logins::tenant_id.eq(ta)).count().get_result::<i64>(c))?)
            }).await.unwrap()
        };
        assert_eq!(count().await, 2);
        // One of them expired two hours ago (they hold a sealed PKCE verifier: nothing keeps them).
        let past = Timestamp::now() - chrono::Duration::hours(2);
        app.t.db.doors().write(&TenantScope::for_test(ta), move |tx| {
            let oldest: lyceum_core::db::types::SsoLoginId = with_conn!(tx, |c| sso_logins::table
                .filter(sso_logins::tenant_id.eq(ta)).order(sso_logins::id).select(sso_logins::id).first(c))?;
            let n = with_conn!(tx, |c| diesel::update(sso_logins::table.filter(sso_logins::tenant_id.eq(ta)).filter(sso_logins::id.eq(oldest)))
                .set(sso_logins::expires_at.eq(past)).execute(c))?;
            assert_eq!(n, 1);
            Ok(())
        }).await.unwrap();
        lyceum_core::maintenance::expire_tenant_data(&app.t.db, lyceum_core::db::types::JobId::new()).await.unwrap();
        assert_eq!(count().await, 1, "the expired one is gone, the fresh one kept");
    }
}
