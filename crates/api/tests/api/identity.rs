//! Identity through the API on both backends: login, logout, users and roles, invitations, password
//! reset, API keys, suspension, and the audit trail.

use std::time::Duration;

use lyceum_testkit::{db_tests, Mailbox};
use serde_json::json;

use crate::support::{token_in, TestApp, PASSWORD};

db_tests! {
    async fn login_logout_and_indistinguishable_failures(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("login").await;
        // Email matches case-insensitively.
        let token = app.login(&a.slug, &a.owner_email.to_uppercase(), PASSWORD).await;
        assert!(token.starts_with("lys_"));
        let me = app.call("GET", "/v1/me", Some(&token), None).await;
        assert_eq!(me.status, 200, "{me:#?}");
        assert_eq!(me.body["user"]["role"], "owner");
        assert!(me.body["user"]["last_login_at"].is_string());
        assert!(me.body["permissions"].as_array().unwrap().iter().any(|p| p == "users:write"));

        let failures = [
            json!({"tenant": a.slug, "email": a.owner_email, "password": "wrong password!!"}),
            json!({"tenant": a.slug, "email": "nobody@nowhere.test", "password": PASSWORD}),
            json!({"tenant": "no-such-tenant", "email": a.owner_email, "password": PASSWORD}),
            json!({"tenant": a.slug, "email": "not an email", "password": PASSWORD}),
        ];
        let mut bodies = Vec::new();
        for f in &failures {
            let r = app.post_json("/v1/auth/login", f).await;
            r.assert_problem(401, "invalid_credentials");
            bodies.push(r.body["detail"].clone());
        }
        assert!(bodies.windows(2).all(|w| w[0] == w[1]), "failures must not say which part was wrong");

        // Logout ends this session at once (even though lookups are cached), and only this one.
        assert_eq!(app.call("GET", "/v1/me", Some(&token), None).await.status, 200);
        assert_eq!(app.call("POST", "/v1/auth/logout", Some(&token), None).await.status, 204);
        app.call("GET", "/v1/me", Some(&token), None).await.assert_problem(401, "unauthenticated");
        assert_eq!(app.call("GET", "/v1/me", Some(&a.owner_token), None).await.status, 200);

        let audit = app.call("GET", "/v1/audit-events?action=auth.login_failed", Some(&a.owner_token), None).await;
        assert_eq!(audit.status, 200, "{audit:#?}");
        let items = audit.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "only the wrong password against a known user of this tenant: {items:?}");
        assert_eq!(items[0]["metadata"]["reason"], "wrong_password");
        assert!(items[0]["request_id"].is_string());
    }

    async fn roles_limit_what_users_may_do(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("roles").await;
        let (_, instructor) = app.user_with_role(&a, "instructor").await;
        let (learner_id, learner) = app.user_with_role(&a, "learner").await;
        let (_, admin) = app.user_with_role(&a, "admin").await;

        let new_user = json!({"email": "x@roles.test", "name": "X", "role": "learner", "send_invite": false});
        app.call("POST", "/v1/users", Some(&instructor), Some(&new_user)).await.assert_problem(403, "forbidden");
        assert_eq!(app.call("GET", "/v1/users", Some(&instructor), None).await.status, 200);
        app.call("GET", "/v1/users", Some(&learner), None).await.assert_problem(403, "forbidden");
        // Everyone may see and rename themselves.
        let me = app.call("GET", &format!("/v1/users/{learner_id}"), Some(&learner), None).await;
        assert_eq!(me.status, 200);
        let renamed = app.call("PATCH", &format!("/v1/users/{learner_id}"), Some(&learner), Some(&json!({"name": "Lin"}))).await;
        assert_eq!((renamed.status.as_u16(), renamed.body["name"].as_str()), (200, Some("Lin")), "{renamed:#?}");
        app.call("PATCH", &format!("/v1/users/{learner_id}"), Some(&learner), Some(&json!({"role": "admin"})))
            .await
            .assert_problem(403, "forbidden");
        // Admins manage users but cannot make owners.
        let owner_attempt = json!({"email": "o@roles.test", "name": "O", "role": "owner", "password": PASSWORD});
        app.call("POST", "/v1/users", Some(&admin), Some(&owner_attempt)).await.assert_problem(403, "owner_required");
        assert_eq!(app.call("POST", "/v1/users", Some(&a.owner_token), Some(&owner_attempt)).await.status, 201);
        app.call("POST", "/v1/users", Some(&a.owner_token), Some(&owner_attempt)).await.assert_problem(409, "email_taken");
        let bad = app
            .call("POST", "/v1/users", Some(&admin), Some(&json!({"email": "nope", "name": "", "role": "king", "password": "short"})))
            .await;
        bad.assert_problem(400, "validation_failed");
        let mut fields = bad.error_fields();
        fields.sort();
        assert_eq!(fields, vec!["email", "name", "password", "role"]);
    }

    async fn role_changes_and_disabling_apply_to_live_sessions_at_once(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("live").await;
        let (id, token) = app.user_with_role(&a, "instructor").await;
        assert_eq!(app.call("GET", "/v1/users", Some(&token), None).await.status, 200);
        let r = app.call("PATCH", &format!("/v1/users/{id}"), Some(&a.owner_token), Some(&json!({"role": "learner"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        app.call("GET", "/v1/users", Some(&token), None).await.assert_problem(403, "forbidden");
        let r = app.call("PATCH", &format!("/v1/users/{id}"), Some(&a.owner_token), Some(&json!({"status": "disabled"}))).await;
        assert_eq!(r.body["status"], "disabled");
        app.call("GET", "/v1/me", Some(&token), None).await.assert_problem(401, "unauthenticated");
        let r = app
            .post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": r.body["email"], "password": PASSWORD}))
            .await;
        r.assert_problem(401, "invalid_credentials");
    }

    async fn the_last_owner_stays_and_stale_writes_are_refused(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("owner").await;
        let me = format!("/v1/users/{}", a.owner_id);
        app.call("PATCH", &me, Some(&a.owner_token), Some(&json!({"role": "admin"}))).await.assert_problem(409, "last_owner");
        app.call("PATCH", &me, Some(&a.owner_token), Some(&json!({"status": "disabled"}))).await.assert_problem(409, "last_owner");
        app.call("DELETE", &me, Some(&a.owner_token), None).await.assert_problem(409, "last_owner");
        let (second, second_token) = app.user_with_role(&a, "owner").await;
        // ETag / If-Match: a stale version is 412 and changes nothing.
        let view = app.call("GET", &format!("/v1/users/{second}"), Some(&a.owner_token), None).await;
        let etag = view.header("etag").unwrap().to_string();
        assert_eq!(etag, format!("\"{}\"", view.body["version"]));
        let mut req = app.client.patch(format!("/v1/users/{second}")).header("authorization", format!("Bearer {}", a.owner_token));
        req = req.header("if-match", "\"999\"").header("content-type", "application/json").body(r#"{"name": "Stale"}"#);
        assert_eq!(req.send().await.0.status(), 412);
        // A malformed If-Match is a 400 problem naming the header (the extractor's), and changes nothing.
        let mut req = app.client.patch(format!("/v1/users/{second}")).header("authorization", format!("Bearer {}", a.owner_token));
        req = req.header("if-match", "three").header("content-type", "application/json").body(r#"{"name": "Bad"}"#);
        let bad = crate::support::TestApp::finish(req.send().await).await;
        bad.assert_problem(400, "validation_failed");
        assert_eq!(bad.error_fields(), vec!["If-Match".to_string()], "{bad:#?}");
        let unchanged = app.call("GET", &format!("/v1/users/{second}"), Some(&a.owner_token), None).await;
        assert_eq!(unchanged.header("etag"), Some(etag.as_str()), "nothing changed");
        let mut req = app.client.patch(format!("/v1/users/{second}")).header("authorization", format!("Bearer {}", a.owner_token));
        req = req.header("if-match", etag).header("content-type", "application/json").body(r#"{"name": "Fresh"}"#);
        assert_eq!(req.send().await.0.status(), 200);
        // With a second owner, the first may step down.
        let r = app.call("PATCH", &me, Some(&second_token), Some(&json!({"role": "admin"}))).await;
        assert_eq!((r.status.as_u16(), r.body["role"].as_str()), (200, Some("admin")));
        app.call("DELETE", &format!("/v1/users/{second}"), Some(&second_token), None).await.assert_problem(409, "last_owner");
    }

    async fn lists_paginate_and_filter(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("pages").await;
        for i in 0..4 {
            let body = json!({"email": format!("p{i}@pages.test"), "name": format!("Person {i}"), "role": "learner", "send_invite": false});
            assert_eq!(app.call("POST", "/v1/users", Some(&a.owner_token), Some(&body)).await.status, 201);
        }
        let mut seen = Vec::new();
        let mut url = "/v1/users?limit=2&role=learner".to_string();
        loop {
            let r = app.call("GET", &url, Some(&a.owner_token), None).await;
            assert_eq!(r.status, 200, "{r:#?}");
            seen.extend(r.body["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap().to_string()));
            match r.body["next_cursor"].as_str() {
                Some(c) => url = format!("/v1/users?limit=2&role=learner&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(seen, vec!["p0@pages.test", "p1@pages.test", "p2@pages.test", "p3@pages.test"]);
        let r = app.call("GET", "/v1/users?q=PERSON%202", Some(&a.owner_token), None).await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
        let r = app.call("GET", "/v1/users?q=100%25", Some(&a.owner_token), None).await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 0, "LIKE wildcards are escaped");
        app.call("GET", "/v1/users?limit=201", Some(&a.owner_token), None).await.assert_problem(400, "validation_failed");
        let r = app.call("GET", "/v1/users?cursor=bogus", Some(&a.owner_token), None).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["cursor"]);
        app.call("GET", "/v1/users?limit=ten", Some(&a.owner_token), None).await.assert_problem(400, "validation_failed");
        app.call("GET", "/v1/users?role=king", Some(&a.owner_token), None).await.assert_problem(400, "validation_failed");
    }

    async fn invitations_are_emailed_and_accepted_once(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("invite").await;
        let email = format!("invitee@{}.test", a.slug);
        let r = app
            .call("POST", "/v1/users", Some(&a.owner_token), Some(&json!({"email": email, "name": "Ivy", "role": "instructor"})))
            .await;
        assert_eq!((r.status.as_u16(), r.body["status"].as_str()), (201, Some("invited")));
        let id = r.body["id"].as_str().unwrap().to_string();
        app.run_jobs().await;
        let mail = Mailbox::from_env().wait_for(&email, Duration::from_secs(10)).await;
        assert_eq!(mail.len(), 1);
        let token = token_in(&mail[0], "lyi_");
        // An invited user cannot log in yet.
        app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": email, "password": PASSWORD}))
            .await
            .assert_problem(401, "invalid_credentials");
        let short = app.post_json(&format!("/v1/invitations/{token}/accept"), &json!({"password": "short"})).await;
        short.assert_problem(400, "validation_failed");
        let ok = app.post_json(&format!("/v1/invitations/{token}/accept"), &json!({"password": PASSWORD, "name": "Ivy I."})).await;
        assert_eq!(ok.status, 200, "{ok:#?}");
        assert_eq!((ok.body["user"]["status"].as_str(), ok.body["user"]["name"].as_str()), (Some("active"), Some("Ivy I.")));
        let session = ok.body["session"]["token"].as_str().unwrap();
        assert_eq!(app.call("GET", "/v1/me", Some(session), None).await.body["user"]["id"], id.as_str());
        let again = app.post_json(&format!("/v1/invitations/{token}/accept"), &json!({"password": PASSWORD})).await;
        again.assert_problem(400, "validation_failed");
        assert_eq!(again.error_fields(), vec!["token"]);
        app.post_json("/v1/invitations/lyi_garbage/accept", &json!({"password": PASSWORD}))
            .await
            .assert_problem(400, "validation_failed");
        app.login(&a.slug, &email, PASSWORD).await;
        app.call("POST", &format!("/v1/users/{id}/invite"), Some(&a.owner_token), None).await.assert_problem(409, "not_invited");
    }

    async fn password_reset_by_email_revokes_sessions(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("reset").await;
        let old_session = app.login(&a.slug, &a.owner_email, PASSWORD).await;
        for body in [
            json!({"tenant": a.slug, "email": a.owner_email}),
            json!({"tenant": a.slug, "email": "unknown@reset.test"}),
            json!({"tenant": "no-such-tenant", "email": a.owner_email}),
        ] {
            let r = app.post_json("/v1/auth/password-reset", &body).await;
            assert_eq!(r.status, 202, "{r:#?}");
        }
        app.run_jobs().await;
        let mail: Vec<String> = Mailbox::from_env()
            .wait_for(&a.owner_email, Duration::from_secs(10))
            .await
            .into_iter()
            .filter(|m| m.contains("Reset your Lyceum password"))
            .collect();
        assert_eq!(mail.len(), 1, "one reset email, to the known account only");
        assert!(Mailbox::from_env().messages_to("unknown@reset.test").is_empty());
        let token = token_in(&mail[0], "lyr_");
        let new_password = "a completely new passphrase";
        let r = app.post_json("/v1/auth/password-reset/confirm", &json!({"token": token, "password": new_password})).await;
        assert_eq!(r.status, 204, "{r:#?}");
        app.call("GET", "/v1/me", Some(&old_session), None).await.assert_problem(401, "unauthenticated");
        app.call("GET", "/v1/me", Some(&a.owner_token), None).await.assert_problem(401, "unauthenticated");
        app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": a.owner_email, "password": PASSWORD}))
            .await
            .assert_problem(401, "invalid_credentials");
        let fresh = app.login(&a.slug, &a.owner_email, new_password).await;
        let reuse = app.post_json("/v1/auth/password-reset/confirm", &json!({"token": token, "password": new_password})).await;
        reuse.assert_problem(400, "validation_failed");
        let audit = app.call("GET", "/v1/audit-events?action=auth.password_reset", Some(&fresh), None).await;
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 1, "{audit:#?}");
    }

    async fn api_keys_carry_scopes_and_stop_at_once_when_revoked(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("keys").await;
        let r = app
            .call("POST", "/v1/api-keys", Some(&a.owner_token), Some(&json!({"name": "LMS sync", "scopes": ["users:read", "courses:read"]})))
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        let key = r.body["key"].as_str().unwrap().to_string();
        let id = r.body["id"].as_str().unwrap().to_string();
        assert!(key.starts_with("lyc_live_") && key.starts_with(r.body["prefix"].as_str().unwrap()));
        assert_eq!(app.call("GET", "/v1/users", Some(&key), None).await.status, 200);
        let me = app.call("GET", "/v1/me", Some(&key), None).await;
        assert_eq!((me.body["actor_type"].as_str(), me.body["api_key_id"].as_str()), (Some("api_key"), Some(id.as_str())));
        let new_user = json!({"email": "k@keys.test", "name": "K", "role": "learner", "send_invite": false});
        app.call("POST", "/v1/users", Some(&key), Some(&new_user)).await.assert_problem(403, "forbidden");
        app.call("GET", "/v1/api-keys", Some(&key), None).await.assert_problem(403, "forbidden");
        let list = app.call("GET", "/v1/api-keys", Some(&a.owner_token), None).await;
        let item = &list.body["items"][0];
        assert_eq!(item["scopes"], json!(["users:read", "courses:read"]));
        assert!(item["last_used_at"].is_string(), "{item}");
        assert!(item.get("key").is_none() && !list.text.contains(&key), "the secret is never listed");
        let bad = app
            .call("POST", "/v1/api-keys", Some(&a.owner_token), Some(&json!({"name": "", "scopes": ["courses:read", "root"]})))
            .await;
        bad.assert_problem(400, "validation_failed");
        let mut fields = bad.error_fields();
        fields.sort();
        assert_eq!(fields, vec!["name", "scopes.1"]);
        let (_, instructor) = app.user_with_role(&a, "instructor").await;
        app.call("POST", "/v1/api-keys", Some(&instructor), Some(&json!({"name": "x", "scopes": ["courses:read"]})))
            .await
            .assert_problem(403, "forbidden");

        assert_eq!(app.call("DELETE", &format!("/v1/api-keys/{id}"), Some(&a.owner_token), None).await.status, 204);
        app.call("GET", "/v1/users", Some(&key), None).await.assert_problem(401, "unauthenticated");
        assert_eq!(app.call("DELETE", &format!("/v1/api-keys/{id}"), Some(&a.owner_token), None).await.status, 204);
        let list = app.call("GET", "/v1/api-keys", Some(&a.owner_token), None).await;
        assert!(list.body["items"][0]["revoked_at"].is_string());
        let audit = app.call("GET", "/v1/audit-events?action=api_key.revoked", Some(&a.owner_token), None).await;
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 1, "revoking twice records once");
    }

    async fn a_suspended_tenants_credentials_answer_403(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("susp").await;
        let key = app
            .call("POST", "/v1/api-keys", Some(&a.owner_token), Some(&json!({"name": "k", "scopes": ["users:read"]})))
            .await
            .body["key"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(app.call("GET", "/v1/me", Some(&a.owner_token), None).await.status, 200);
        let tenant_id: lyceum_core::db::types::TenantId = a.id.parse().unwrap();
        let scope = lyceum_core::TenantScope::for_test_operator(tenant_id, "support@lyceum");
        lyceum_core::tenants::set_status(&app.state.core, &scope, lyceum_core::tenants::TenantStatus::Suspended, "unpaid")
            .await
            .unwrap();
        app.call("GET", "/v1/me", Some(&a.owner_token), None).await.assert_problem(403, "tenant_suspended");
        app.call("GET", "/v1/users", Some(&key), None).await.assert_problem(403, "tenant_suspended");
        app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": a.owner_email, "password": PASSWORD}))
            .await
            .assert_problem(403, "tenant_suspended");
        lyceum_core::tenants::set_status(&app.state.core, &scope, lyceum_core::tenants::TenantStatus::Active, "paid")
            .await
            .unwrap();
        assert_eq!(app.call("GET", "/v1/me", Some(&a.owner_token), None).await.status, 200);
    }
}

db_tests! {
    async fn owners_rename_the_institution_others_may_not(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("rename").await;
        let before = app.call("GET", "/v1/tenant", Some(&a.owner_token), None).await;
        let version = before.body["version"].as_i64().unwrap();
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&serde_json::json!({"name": "  Acme University  "}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["name"], "Acme University");
        assert_eq!(r.body["version"], version + 1);
        assert_eq!(r.header("etag"), Some(format!("\"{}\"", version + 1).as_str()));
        let (_, learner) = app.user_with_role(&a, "learner").await;
        app.call("PATCH", "/v1/tenant", Some(&learner), Some(&serde_json::json!({"name": "Mine"})))
            .await
            .assert_problem(403, "forbidden");
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&serde_json::json!({"name": " "}))).await;
        assert_eq!(r.error_fields(), ["name"]);
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&serde_json::json!({"slug": "x"}))).await;
        r.assert_problem(400, "validation_failed");
        let stale = app
            .client
            .patch("/v1/tenant")
            .header("authorization", format!("Bearer {}", a.owner_token))
            .header("if-match", format!("\"{version}\""))
            .header("content-type", "application/json")
            .body(serde_json::json!({"name": "Stale"}).to_string())
            .send()
            .await;
        assert_eq!(stale.0.status(), 412);
        let now = app.call("GET", "/v1/tenant", Some(&a.owner_token), None).await;
        assert_eq!(now.body["name"], "Acme University", "nothing changed by the refused writes");
    }

    async fn emails_carry_the_institutions_branding(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("brand").await;
        let r = app
            .call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({"brand_color": "teal", "reply_to": "not an address"})))
            .await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), ["brand_color", "reply_to"]);
        let r = app
            .call(
                "PATCH",
                "/v1/tenant",
                Some(&a.owner_token),
                Some(&json!({"name": "Brand & Co", "brand_color": "#AA3300", "reply_to": "help@brand.test"})),
            )
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["branding"], json!({"color": "#aa3300", "reply_to": "help@brand.test"}));
        // An invitation: From names the institution, replies go to it, the HTML wears its colour.
        let email = format!("invitee@{}.test", a.slug);
        let created = app
            .call("POST", "/v1/users", Some(&a.owner_token), Some(&json!({"email": email, "name": "Ivy <Invitee>", "role": "learner", "send_invite": true})))
            .await;
        assert_eq!(created.status, 201, "{created:#?}");
        app.run_jobs().await;
        let mail = Mailbox::from_env().wait_for(&email, Duration::from_secs(10)).await;
        assert_eq!(mail.len(), 1);
        let m = Mailbox::decode_quoted_printable(&mail[0]);
        use base64::Engine;
        let sender = base64::engine::general_purpose::STANDARD.encode("Brand & Co via Lyceum");
        assert!(m.contains(&format!("From: =?utf-8?b?{sender}?= <")), "the sender names the institution: {m}");
        assert!(m.contains("Reply-To: help@brand.test"), "{m}");
        assert!(m.contains("background:#aa3300"), "{m}");
        assert!(m.contains("Ivy &lt;Invitee&gt;") && m.contains("Hello Ivy <Invitee>,"), "escaped in HTML only: {m}");
        assert!(m.contains("text/plain") && m.contains("text/html"), "{m}");
        // `null` restores the defaults.
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({"brand_color": null, "reply_to": null}))).await;
        assert_eq!(r.body["branding"], json!({"color": null, "reply_to": null}), "{r:#?}");
    }

    async fn users_are_imported_from_csv_as_an_operation(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("import").await;
        let csv = format!(
            "email,name,role\nnew.one@{s}.test,New One,learner\n{owner},Already Here,\nnot-an-email,Bad,\nnew.two@{s}.test,New Two,instructor\nNEW.ONE@{s}.test,Dup,\nboss@{s}.test,Boss,owner\n",
            s = a.slug,
            owner = a.owner_email
        );
        let post = |body: String, token: String| {
            let req = app
                .client
                .post("/v1/users/import")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "text/csv")
                .body(body);
            async move { TestApp::finish(req.send().await).await }
        };
        let r = post(csv.clone(), a.owner_token.clone()).await;
        assert_eq!(r.status, 202, "{r:#?}");
        assert_eq!(r.body["kind"], "users.import");
        let location = r.header("location").unwrap().to_string();
        app.run_jobs().await;
        let op = app.get(&location, Some(&a.owner_token)).await;
        assert_eq!(op.status, 200, "{op:#?}");
        assert_eq!(
            (op.body["status"].as_str(), op.body["total"].as_i64(), op.body["succeeded"].as_i64(), op.body["skipped"].as_i64(), op.body["failed"].as_i64()),
            (Some("succeeded"), Some(6), Some(2), Some(1), Some(3)),
            "{op:#?}"
        );
        let failures: Vec<(i64, &str)> =
            op.body["errors"].as_array().unwrap().iter().map(|e| (e["row"].as_i64().unwrap(), e["code"].as_str().unwrap())).collect();
        assert_eq!(failures, [(4, "invalid"), (6, "duplicate"), (7, "invalid")], "{op:#?}");
        let two = app.get(&format!("/v1/users?q=new.two@{}.test", a.slug), Some(&a.owner_token)).await;
        assert_eq!((two.body["items"][0]["status"].as_str(), two.body["items"][0]["role"].as_str()), (Some("invited"), Some("instructor")));
        let mail = Mailbox::from_env().wait_for(&format!("new.one@{}.test", a.slug), Duration::from_secs(10)).await;
        assert_eq!(mail.len(), 1, "an invitation for each new person");
        // Repeating the import changes nothing.
        let r = post(csv, a.owner_token.clone()).await;
        app.run_jobs().await;
        let again = app.get(r.header("location").unwrap(), Some(&a.owner_token)).await;
        assert_eq!((again.body["succeeded"].as_i64(), again.body["skipped"].as_i64()), (Some(0), Some(3)), "{again:#?}");

        post(String::new(), a.owner_token.clone()).await.assert_problem(400, "validation_failed");
        let (_, learner) = app.user_with_role(&a, "learner").await;
        post("x@y.test,X".into(), learner.clone()).await.assert_problem(403, "forbidden");
        app.get(&location, Some(&learner)).await.assert_problem(403, "forbidden");
    }

    async fn a_patch_leaves_absent_clearable_fields_as_they_are(t) {
        // Fields that `null` clears (brand colour, reply-to, app URL, external id, an identity provider's
        // create_role) stay as they are when a PATCH does not name them.
        let app = TestApp::new(t).await;
        let a = app.signup("patchnull").await;
        let owner = Some(a.owner_token.as_str());
        let r = app
            .call("PATCH", "/v1/tenant", owner, Some(&json!({"brand_color": "#123456", "reply_to": "help@patchnull.test"})))
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        let r = app.call("PATCH", "/v1/tenant", owner, Some(&json!({"name": "Renamed"}))).await;
        assert_eq!(
            (r.body["name"].as_str(), r.body["branding"]["color"].as_str(), r.body["branding"]["reply_to"].as_str()),
            (Some("Renamed"), Some("#123456"), Some("help@patchnull.test")),
            "{r:#?}"
        );
        let u = app
            .call("POST", "/v1/users", owner, Some(&json!({"email": "e@patchnull.test", "name": "E", "role": "learner", "external_id": "E-1"})))
            .await;
        let id = u.body["id"].as_str().unwrap();
        let r = app.call("PATCH", &format!("/v1/users/{id}"), owner, Some(&json!({"name": "Eve"}))).await;
        assert_eq!((r.body["name"].as_str(), r.body["external_id"].as_str()), (Some("Eve"), Some("E-1")), "{r:#?}");
        let p = app
            .call(
                "POST",
                "/v1/identity-providers",
                owner,
                Some(&json!({"name": "IdP", "issuer": "https://idp.patchnull.test", "client_id": "c", "client_secret": "s", "create_role": "learner"})),
            )
            .await;
        assert_eq!(p.status, 201, "{p:#?}");
        let pid = p.body["id"].as_str().unwrap();
        let r = app.call("PATCH", &format!("/v1/identity-providers/{pid}"), owner, Some(&json!({"name": "Renamed IdP"}))).await;
        assert_eq!((r.body["name"].as_str(), r.body["create_role"].as_str()), (Some("Renamed IdP"), Some("learner")), "{r:#?}");
    }
}
