//! The hosted pages (`/p/{slug}/...`) through the real app on both backends, as a browser uses them:
//! links taken from the emails the worker sent, cookies kept between requests, forms posted with their
//! CSRF token. Each flow ends in the database (the API sees the change).

use std::{collections::HashMap, time::Duration};

use lyceum_testkit::{db_tests, Mailbox};
use serde_json::json;

use crate::{
    learning::{enroll, learner},
    support::{Reply, TestApp, PASSWORD},
};

/// A cookie jar and the requests a browser makes.
#[derive(Default)]
pub(crate) struct Browser {
    pub(crate) cookies: HashMap<String, String>,
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep(&mut self, r: &Reply) {
        for set in r.headers.get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let (pair, attrs) = set.split_once(';').unwrap_or((set, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
    }

    pub(crate) async fn get(&mut self, app: &TestApp, path: &str) -> Reply {
        let r = TestApp::finish(app.client.get(path).header("cookie", self.cookie_header()).send().await).await;
        self.keep(&r);
        unescape(r)
    }

    async fn post(&mut self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = app
            .client
            .post(path)
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "http://localhost")
            .header("host", "localhost");
        let r = TestApp::finish(req.body(body).send().await).await;
        self.keep(&r);
        unescape(r)
    }

    /// Posts the form of the page `r` (its CSRF token included) to `path`.
    async fn submit(&mut self, app: &TestApp, page: &Reply, path: &str, fields: &[(&str, &str)]) -> Reply {
        let csrf = csrf_of(page);
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(app, path, &all).await
    }
}

/// The page's text with the one entity the templates use in URLs (`/` is escaped as `&#x2f;`) decoded.
fn unescape(mut r: Reply) -> Reply {
    r.text = r.text.replace("&#x2f;", "/");
    r
}

fn csrf_of(page: &Reply) -> String {
    let at = page.text.find("name=\"csrf\" value=\"").unwrap_or_else(|| panic!("no CSRF field in {}", page.text));
    page.text[at + 19..].split('"').next().unwrap().to_string()
}

/// The first link in an email that starts with `prefix` (e.g. `http://.../p/`), as a path.
pub(crate) fn link_in(mail: &str, marker: &str) -> String {
    let mail = Mailbox::decode_quoted_printable(mail);
    let at = mail.find(marker).unwrap_or_else(|| panic!("no link with {marker} in {mail}"));
    let start = mail[..at].rfind("http").unwrap();
    let url: String = mail[start..].chars().take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<').collect();
    let path_at = url.find("://").map(|i| i + 3).unwrap();
    url[path_at + url[path_at..].find('/').unwrap()..].to_string()
}

#[track_caller]
pub(crate) fn assert_page(r: &Reply, status: u16, contains: &str) {
    assert_eq!(r.status.as_u16(), status, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"), "a page, never JSON: {r:#?}");
    assert!(r.text.contains(contains), "{contains:?} not in {}", r.text);
    let csp = r.header("content-security-policy").unwrap_or("");
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
}

async fn invite(app: &TestApp, owner_token: &str, email: &str) -> String {
    let body = json!({"email": email, "name": "Ivy", "role": "learner"});
    let r = app.call("POST", "/v1/users", Some(owner_token), Some(&body)).await;
    assert_eq!(r.status, 201, "{r:#?}");
    app.run_jobs().await;
    let mail = Mailbox::from_env().wait_for(email, Duration::from_secs(10)).await;
    mail.last().unwrap().clone()
}

db_tests! {
    async fn an_invitation_is_accepted_on_its_page_and_the_person_is_signed_in(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("pginv").await;
        let email = format!("ivy@{}.test", a.slug);
        let mail = invite(&app, &a.owner_token, &email).await;
        let path = link_in(&mail, "/invitation/lyi_");
        assert!(path.starts_with(&format!("/p/{}/invitation/lyi_", a.slug)), "{path}");

        let mut b = Browser::default();
        let form = b.get(&app, &path).await;
        assert_page(&form, 200, &format!("Join Institution {}", a.slug));
        assert!(form.text.contains("<label for=\"password\">") && form.text.contains(&email), "{}", form.text);

        // No CSRF token, a foreign origin, or two different passwords: a page that says so; nothing changes.
        let r = b.post(&app, &path, &[("name", "Ivy"), ("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
        assert_page(&r, 403, "Please send the form again");
        let csrf = csrf_of(&form);
        let foreign = app
            .client
            .post(&path)
            .header("cookie", b.cookie_header())
            .header("origin", "https://evil.test")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string([("csrf", csrf.as_str()), ("password", PASSWORD), ("password_confirm", PASSWORD)]).unwrap())
            .send()
            .await;
        assert_page(&TestApp::finish(foreign).await, 403, "Please send the form again");
        let r = b.submit(&app, &form, &path, &[("name", "Ivy I."), ("password", PASSWORD), ("password_confirm", "something else entirely")]).await;
        assert_page(&r, 400, "The two passwords are not the same");
        assert!(r.text.contains("aria-invalid=\"true\""), "the field is marked: {}", r.text);
        let r = b.submit(&app, &form, &path, &[("name", "Ivy I."), ("password", "short"), ("password_confirm", "short")]).await;
        assert_page(&r, 400, "12");
        app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": email, "password": PASSWORD}))
            .await
            .assert_problem(401, "invalid_credentials");

        let done = b.submit(&app, &form, &path, &[("name", "Ivy I."), ("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
        assert_page(&done, 200, &format!("Welcome to Institution {}", a.slug));
        assert!(b.cookies.contains_key("lyceum_session"), "signed in on the hosted pages");
        let token = app.login(&a.slug, &email, PASSWORD).await;
        let me = app.get("/v1/me", Some(&token)).await;
        assert_eq!((me.body["user"]["name"].as_str(), me.body["user"]["status"].as_str()), (Some("Ivy I."), Some("active")));
        let courses = b.get(&app, &format!("/p/{}/courses", a.slug)).await;
        assert_page(&courses, 200, "Your courses");

        // Used once: the link now says what to do.
        let again = b.get(&app, &path).await;
        assert_page(&again, 400, "This link no longer works");
        assert_page(&b.get(&app, &format!("/p/{}/invitation/lyi_garbage", a.slug)).await, 400, "This link no longer works");
    }

    async fn a_password_is_reset_on_its_pages(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("pgreset").await;
        let old_session = a.owner_token.clone();
        let mut b = Browser::default();
        let form = b.get(&app, &format!("/p/{}/password-reset", a.slug)).await;
        assert_page(&form, 200, "Reset your password");
        let r = b.submit(&app, &form, &format!("/p/{}/password-reset", a.slug), &[("email", "not an email")]).await;
        assert_page(&r, 400, "Enter an email address");
        let sent = b.submit(&app, &form, &format!("/p/{}/password-reset", a.slug), &[("email", &a.owner_email)]).await;
        assert_page(&sent, 200, "Check your email");
        app.run_jobs().await;
        app.run_jobs().await;
        let mail = Mailbox::from_env().wait_for(&a.owner_email, Duration::from_secs(10)).await;
        let mail = mail.iter().find(|m| Mailbox::decode_quoted_printable(m).contains("lyr_")).expect("the reset email");
        let path = link_in(mail, "/password-reset/lyr_");

        let form = b.get(&app, &path).await;
        assert_page(&form, 200, "Choose a new password");
        let new_password = "a brand new long passphrase";
        let done = b.submit(&app, &form, &path, &[("password", new_password), ("password_confirm", new_password)]).await;
        assert_page(&done, 200, "Your password is changed");
        assert!(done.text.contains(&format!("/p/{}/sign-in", a.slug)), "it says where to go next");
        app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": a.owner_email, "password": PASSWORD}))
            .await
            .assert_problem(401, "invalid_credentials");
        app.login(&a.slug, &a.owner_email, new_password).await;
        assert_eq!(app.get("/v1/me", Some(&old_session)).await.status, 401, "every session ended");
        assert_page(&b.get(&app, &path).await, 400, "Ask for a new link");
    }

    async fn signing_in_on_the_hosted_page_shows_courses_or_hands_over_to_the_app(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("pgsign").await;
        let (course, _) = crate::learning::published_course(&app, &a).await;
        let (learner_id, email, _) = learner(&app, &a, "Lena").await;
        enroll(&app, &a, &course, &learner_id).await;

        let mut b = Browser::default();
        let courses = b.get(&app, &format!("/p/{}/courses", a.slug)).await;
        assert_eq!(courses.status, 303, "not signed in: to the sign-in page");
        let to = courses.header("location").unwrap().to_string();
        assert!(to.ends_with(&format!("/p/{}/sign-in?next=%2Fp%2F{}%2Fcourses", a.slug, a.slug)), "{to}");

        let sign_in = format!("/p/{}/sign-in", a.slug);
        let form = b.get(&app, &format!("{sign_in}?next=/p/{}/courses", a.slug)).await;
        assert_page(&form, 200, &format!("Sign in to Institution {}", a.slug));
        let wrong = b.submit(&app, &form, &sign_in, &[("email", &email), ("password", "not the password!")]).await;
        assert_page(&wrong, 400, "The email address or the password is not right");
        assert!(!b.cookies.contains_key("lyceum_session"));
        let ok = b.submit(&app, &form, &sign_in, &[("email", &email), ("password", PASSWORD), ("next", &format!("/p/{}/courses", a.slug))]).await;
        assert_eq!(ok.status, 303, "{ok:#?}");
        assert_eq!(ok.header("location"), Some(format!("/p/{}/courses", a.slug).as_str()));
        let courses = b.get(&app, &format!("/p/{}/courses", a.slug)).await;
        assert_page(&courses, 200, "Chemistry 101");
        assert!(courses.text.contains("In progress") && courses.text.contains("0 of 3 lessons done"), "{}", courses.text);
        // `next` never leads elsewhere.
        let evil = b.submit(&app, &form, &sign_in, &[("email", &email), ("password", PASSWORD), ("next", "//evil.test/x")]).await;
        assert_eq!(evil.header("location"), Some(format!("/p/{}/courses", a.slug).as_str()));
        // The session belongs to this institution only.
        let other = app.signup("pgsign2").await;
        assert_eq!(b.get(&app, &format!("/p/{}/courses", other.slug)).await.status, 303);

        let out = b.submit(&app, &courses, &format!("/p/{}/sign-out", a.slug), &[]).await;
        assert_page(&out, 200, "You are signed out");
        assert!(!b.cookies.contains_key("lyceum_session"));
        assert_eq!(b.get(&app, &format!("/p/{}/courses", a.slug)).await.status, 303);

        // With its own app, the institution gets people back with a one-time code, never a session.
        let bad = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({"app_url": "http://learn.acme.test"}))).await;
        bad.assert_problem(400, "validation_failed");
        assert_eq!(bad.error_fields(), vec!["app_url"]);
        let bad = app
            .call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({"app_paths": {"sign_in": "//evil.test"}})))
            .await;
        assert_eq!(bad.error_fields(), vec!["app_paths.sign_in"]);
        let r = app
            .call(
                "PATCH",
                "/v1/tenant",
                Some(&a.owner_token),
                Some(&json!({"app_url": "https://learn.acme.test/", "app_paths": {"sign_in": "/auth/lyceum"}})),
            )
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["app_links"]["app_url"], "https://learn.acme.test");
        assert_eq!(r.body["app_links"]["app_paths"]["sign_in"], "/auth/lyceum");
        let form = b.get(&app, &sign_in).await;
        assert!(form.header("content-security-policy").unwrap().contains("form-action 'self' https://learn.acme.test"));
        let ok = b.submit(&app, &form, &sign_in, &[("email", &email), ("password", PASSWORD)]).await;
        assert_eq!(ok.status, 303, "{ok:#?}");
        let to = ok.header("location").unwrap();
        assert!(to.starts_with("https://learn.acme.test/auth/lyceum?code=lyo_"), "{to}");
        assert!(!b.cookies.contains_key("lyceum_session"));
        let code = to.split("code=").nth(1).unwrap();
        let exchanged = app.post_json("/v1/auth/sso/exchange", &json!({"code": code})).await;
        assert_eq!(exchanged.status, 200, "{exchanged:#?}");
        let token = exchanged.body["token"].as_str().unwrap();
        assert_eq!(app.get("/v1/me", Some(token)).await.body["user"]["email"], email.as_str());
        let again = app.post_json("/v1/auth/sso/exchange", &json!({"code": code})).await;
        again.assert_problem(400, "validation_failed");
        assert_eq!(again.error_fields(), vec!["code"]);

        // Its emails now link to the app, with the code in the query.
        let invitee = format!("ivy@{}.test", a.slug);
        let mail = Mailbox::decode_quoted_printable(&invite(&app, &a.owner_token, &invitee).await);
        assert!(mail.contains("https://learn.acme.test/invitation?code=lyi_"), "{mail}");
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({"app_url": null, "app_paths": null}))).await;
        assert_eq!((r.body["app_links"]["app_url"].is_null(), r.body["app_links"]["app_paths"].clone()), (true, json!({
            "invitation": "/invitation", "password_reset": "/password-reset", "sign_in": "/sign-in",
            "courses": "/courses", "billing": "/billing",
        })));
    }

    async fn the_certificate_page_shows_the_verified_credential(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("pgcert").await;
        let tok = Some(a.owner_token.as_str());
        let course = app.call("POST", "/v1/courses", tok, Some(&json!({"title": "First aid"}))).await;
        let course = course.body["id"].as_str().unwrap().to_string();
        let m = app.call("POST", &format!("/v1/courses/{course}/modules"), tok, Some(&json!({"title": "Basics"}))).await;
        let m = m.body["id"].as_str().unwrap().to_string();
        let l = app
            .call("POST", &format!("/v1/modules/{m}/lessons"), tok, Some(&json!({"title": "Recovery position", "kind": "text", "body": "x"})))
            .await;
        let lesson = l.body["id"].as_str().unwrap().to_string();
        app.call("POST", &format!("/v1/courses/{course}/publish"), tok, None).await;
        let (learner_id, email, ltok) = learner(&app, &a, "Cora").await;
        let e = enroll(&app, &a, &course, &learner_id).await;
        let e = e["id"].as_str().unwrap();
        let r = app
            .call("PUT", &format!("/v1/enrollments/{e}/progress/{lesson}"), Some(&ltok), Some(&json!({"status": "completed"})))
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        app.run_jobs().await;
        app.run_jobs().await;
        let mail = Mailbox::from_env().wait_for(&email, Duration::from_secs(10)).await;
        let mail = mail
            .iter()
            .find(|m| Mailbox::decode_quoted_printable(m).contains("/certificates/"))
            .expect("the completion email");
        let path = link_in(mail, "/certificates/");
        assert!(path.starts_with(&format!("/p/{}/certificates/", a.slug)), "{path}");

        let mut b = Browser::default();
        let page = b.get(&app, &path).await;
        assert_page(&page, 200, "This certificate is valid.");
        for expected in ["Cora", "First aid", &format!("Institution {}", a.slug), "property=\"og:title\"", "property=\"og:description\""] {
            assert!(page.text.contains(expected), "{expected:?} in {}", page.text);
        }
        let code = path.rsplit('/').next().unwrap();
        let api = app.get(&format!("/v1/certificates/{code}"), None).await;
        let jws = b.get(&app, &format!("{path}/jws")).await;
        assert_eq!((jws.status.as_u16(), jws.header("content-type")), (200, Some("application/jose")));
        assert_eq!(jws.text, api.body["signature"].as_str().unwrap(), "the signed credential itself");
        assert!(page.text.contains(&format!("/v1/certificates/{code}")), "links to the JSON");

        // The issuer suspended: the page says the certificate cannot be confirmed now.
        let tenant: lyceum_core::db::types::TenantId = a.id.parse().unwrap();
        let support = app.t.scope(tenant);
        lyceum_core::tenants::set_status(&app.state.core, &support, lyceum_core::tenants::TenantStatus::Suspended, "test")
            .await
            .unwrap();
        let page = b.get(&app, &path).await;
        assert_page(&page, 200, "The issuing institution is not active.");
        lyceum_core::tenants::resume(&app.state.core, &support, "test").await.unwrap();
        assert_page(&b.get(&app, &path).await, 200, "This certificate is valid.");

        let cert_id = api.body["certificate_id"].as_str().or(api.body["id"].as_str()).map(str::to_string);
        let listed = app.get("/v1/certificates", tok).await;
        let cert_id = cert_id.unwrap_or_else(|| listed.body["items"][0]["id"].as_str().unwrap().to_string());
        let r = app.call("POST", &format!("/v1/certificates/{cert_id}/revoke"), tok, Some(&json!({"reason": "issued in error"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let page = b.get(&app, &path).await;
        assert_page(&page, 200, "This certificate was revoked.");
        assert!(page.text.contains("issued in error"));

        // Another institution's address, or an unknown code: not found, as a page.
        let other = app.signup("pgcert2").await;
        assert_page(&b.get(&app, &format!("/p/{}/certificates/{code}", other.slug)).await, 404, "Page not found");
        assert_page(&b.get(&app, &format!("/p/{}/certificates/nope", a.slug)).await, 404, "Page not found");
        assert_page(&b.get(&app, "/p/no-such-institution/sign-in").await, 404, "Page not found");
        assert_page(&b.get(&app, "/p/nowhere").await, 404, "Page not found");
    }

    async fn billing_pages_need_an_owner_and_say_when_billing_is_not_set_up(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("pgbill").await;
        let (_, email, _) = learner(&app, &a, "Bill").await;
        let mut b = Browser::default();
        let sign_in = format!("/p/{}/sign-in", a.slug);
        let form = b.get(&app, &sign_in).await;
        b.submit(&app, &form, &sign_in, &[("email", &a.owner_email), ("password", PASSWORD)]).await;
        assert_page(&b.get(&app, &format!("/p/{}/billing", a.slug)).await, 503, "Billing is not set up");
        let mut l = Browser::default();
        let form = l.get(&app, &sign_in).await;
        l.submit(&app, &form, &sign_in, &[("email", &email), ("password", PASSWORD)]).await;
        assert_page(&l.get(&app, &format!("/p/{}/billing", a.slug)).await, 403, "Only the owners and administrators");
    }

    async fn page_forms_share_the_apis_rate_limits(t) {
        let app = TestApp::with_config(t, |c| {
            c.limits.auth_burst = 3;
            c.limits.auth_per_minute = 1.0;
        })
        .await;
        let a = app.signup("pglimit").await;
        let mut b = Browser::default();
        let sign_in = format!("/p/{}/sign-in", a.slug);
        let form = b.get(&app, &sign_in).await;
        let mut statuses = Vec::new();
        for _ in 0..4 {
            let r = b.submit(&app, &form, &sign_in, &[("email", &a.owner_email), ("password", "wrong wrong wrong")]).await;
            statuses.push(r.status.as_u16());
            if r.status == 429 {
                assert_page(&r, 429, "Too many attempts");
                assert!(r.header("retry-after").is_some_and(|s| s.parse::<u64>().unwrap() > 0), "{r:#?}");
            }
        }
        // The signup drew one token from the same per-address bucket.
        assert_eq!(statuses, [400, 400, 429, 429]);
        let api = app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": a.owner_email, "password": PASSWORD})).await;
        api.assert_problem(429, "rate_limited");
    }

    async fn every_kind_of_email_links_to_a_page_that_answers(t) {
        use lyceum_core::{billing, enrollments::emails as enrolled, tenants::welcome::WelcomeEmail};
        let app = TestApp::new(t).await;
        let a = app.signup("pgmails").await;
        let (course, _) = crate::learning::published_course(&app, &a).await;
        let (learner_id, _, _) = learner(&app, &a, "Mia").await;
        let e = enroll(&app, &a, &course, &learner_id).await;
        let soon = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
        let r = app
            .call("PATCH", &format!("/v1/enrollments/{}", e["id"].as_str().unwrap()), Some(&a.owner_token), Some(&json!({"due_at": soon})))
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        let tenant: lyceum_core::db::types::TenantId = a.id.parse().unwrap();
        let owner: lyceum_core::db::types::UserId = a.owner_id.parse().unwrap();
        let enrollment: lyceum_core::db::types::EnrollmentId = e["id"].as_str().unwrap().parse().unwrap();
        let (db, scope, config) = (&app.t.db, app.t.scope(tenant), app.state.config.clone());
        let mails = vec![
            ("welcome", WelcomeEmail { tenant_id: tenant, user_id: owner }.render(db, &scope, &config).await.unwrap()),
            (
                "enrollment",
                enrolled::EnrollmentEmail { tenant_id: tenant, enrollment_id: enrollment }.render(db, &scope, &config).await.unwrap().unwrap(),
            ),
            (
                "due reminder",
                enrolled::DueReminderEmail { tenant_id: tenant, enrollment_id: enrollment }.render(db, &scope, &config).await.unwrap().unwrap(),
            ),
            (
                "trial ending",
                billing::reconcile::TrialEndingEmail { tenant_id: tenant, user_id: owner, trial_ends_at: lyceum_core::db::types::Timestamp::now() }
                    .render(db, &scope, &config)
                    .await
                    .unwrap()
                    .unwrap(),
            ),
            (
                "payment failed",
                billing::events::PaymentFailedEmail { tenant_id: tenant, user_id: owner, amount_due: 4000, currency: "usd".into(), invoice_url: None }
                    .render(db, &scope, &config)
                    .await
                    .unwrap()
                    .unwrap(),
            ),
        ];
        let public = config.server.public_url.trim_end_matches('/').to_string();
        for (kind, mail) in mails {
            let links: Vec<String> = mail
                .html
                .split("href=\"")
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&").replace("&#x2f;", "/"))
                .collect();
            assert!(!links.is_empty(), "{kind}: no link in {}", mail.html);
            for link in links {
                assert!(!link.contains("/v1/"), "{kind}: {link} is an API URL, not a page for people");
                let path = link.strip_prefix(&public).unwrap_or_else(|| panic!("{kind}: {link} is not on {public}"));
                assert!(mail.text.contains(&link), "{kind}: the text part has {link} too");
                let mut b = Browser::default();
                let mut r = b.get(&app, path).await;
                if r.status == 303 {
                    let to = r.header("location").unwrap().to_string();
                    let to = to.strip_prefix(&public).unwrap_or(&to).to_string();
                    assert!(to.starts_with(&format!("/p/{}/sign-in?next=", a.slug)), "{kind}: {to}");
                    r = b.get(&app, &to).await;
                }
                assert_eq!(r.status, 200, "{kind}: {link}: {}", r.text);
            }
        }
    }

    /// With published terms and a privacy notice, the hosted sign-in page asks for them (checkboxes,
    /// linked to the documents) only when the person has not accepted the current versions, and the
    /// invitation page asks up front; what is ticked is recorded.
    async fn the_hosted_pages_ask_for_the_current_terms(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("pgterms").await;
        let (learner_id, email, _) = learner(&app, &a, "Tia").await;
        let r = app.call("PATCH", "/v1/tenant", Some(&a.owner_token), Some(&json!({
            "terms_version": "4", "terms_url": "https://acme.test/terms", "privacy_notice_version": "p1"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");

        let mut b = Browser::default();
        let sign_in = format!("/p/{}/sign-in", a.slug);
        let form = b.get(&app, &sign_in).await;
        assert!(!form.text.contains("accepted_terms_version"), "no checkbox before it is needed");
        let asked = b.submit(&app, &form, &sign_in, &[("email", &email), ("password", PASSWORD)]).await;
        assert_page(&asked, 400, "I accept the terms of Institution");
        assert!(asked.text.contains("name=\"accepted_terms_version\" type=\"checkbox\" value=\"4\""), "{}", asked.text);
        assert!(asked.text.contains("name=\"accepted_privacy_notice_version\"") && asked.text.contains("https://acme.test/terms"));
        assert!(!b.cookies.contains_key("lyceum_session"));
        let ok = b.submit(&app, &asked, &sign_in, &[("email", &email), ("password", PASSWORD),
            ("accepted_terms_version", "4"), ("accepted_privacy_notice_version", "p1")]).await;
        assert_eq!(ok.status, 303, "{ok:#?}");
        let consents = app.call("GET", &format!("/v1/users/{learner_id}/consents"), Some(&a.owner_token), None).await;
        assert_eq!(consents.body["consents"][0]["accepted_via"], "login", "{consents:#?}");
        assert_eq!(consents.body["outstanding"], json!([]));

        // An invitation asks up front.
        let invited = format!("ina@{}.test", a.slug);
        let mail = invite(&app, &a.owner_token, &invited).await;
        let path = link_in(&mail, "/invitation/lyi_");
        let mut b = Browser::default();
        let form = b.get(&app, &path).await;
        assert!(form.text.contains("name=\"accepted_terms_version\""), "{}", form.text);
        let fields = [("password", PASSWORD), ("password_confirm", PASSWORD)];
        let r = b.submit(&app, &form, &path, &fields).await;
        assert_page(&r, 400, "I accept the terms of Institution");
        let done = b.submit(&app, &form, &path, &[("password", PASSWORD), ("password_confirm", PASSWORD),
            ("accepted_terms_version", "4"), ("accepted_privacy_notice_version", "p1")]).await;
        assert_page(&done, 200, &format!("Welcome to Institution {}", a.slug));
    }
}
