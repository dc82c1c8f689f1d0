//! A person's rights (issue 23) on both backends, through the HTTP API: erasure leaves the person's
//! email and name nowhere in the database while reports, certificates and the audit chain stay whole;
//! a subject access export is one archive of their data, downloadable by them and by staff only, and
//! announced by email; sign-in needs the institution's current terms and privacy notice accepted,
//! once per version; retention erases learners inactive past the institution's period.

use std::{io::Read, time::Duration};

use diesel::prelude::*;
use lyceum_core::{
    audit::chain,
    db::{types::TenantId, AnyConn, HasConn},
    TenantScope,
};
use lyceum_testkit::{db_tests, Mailbox};
use serde_json::{json, Value};

use crate::{
    learning::put_progress,
    support::{Tenant, TestApp, PASSWORD},
};

/// A course of one required text lesson, published: (course, lesson).
async fn one_lesson_course(app: &TestApp, t: &Tenant) -> (String, String) {
    let tok = Some(t.owner_token.as_str());
    let c = app.call("POST", "/v1/courses", tok, Some(&json!({"title": "Ethics 100"}))).await;
    let course = c.body["id"].as_str().unwrap().to_string();
    let m = app.call("POST", &format!("/v1/courses/{course}/modules"), tok, Some(&json!({"title": "Basics"}))).await;
    let m = m.body["id"].as_str().unwrap().to_string();
    let l = app
        .call(
            "POST",
            &format!("/v1/modules/{m}/lessons"),
            tok,
            Some(&json!({"title": "Read", "kind": "text", "body": "#"})),
        )
        .await;
    let lesson = l.body["id"].as_str().unwrap().to_string();
    assert_eq!(app.call("POST", &format!("/v1/courses/{course}/publish"), tok, None).await.status, 200);
    (course, lesson)
}

/// Creates a person through the API with an `Idempotency-Key` (so a stored response mentions them).
async fn person(app: &TestApp, t: &Tenant, email: &str, name: &str) -> String {
    let body = json!({"email": email, "name": name, "role": "learner", "password": PASSWORD});
    let resp = app
        .client
        .post("/v1/users")
        .header("authorization", format!("Bearer {}", t.owner_token))
        .header("content-type", "application/json")
        .header("idempotency-key", "create-the-person")
        .body(body.to_string())
        .send()
        .await;
    let r = TestApp::finish(resp).await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.body["id"].as_str().unwrap().to_string()
}

/// Every `table.column` (or table, on PostgreSQL) of the database whose text holds `needle`
/// (case-insensitively), as the tenant's transaction sees it (its rows and the platform's).
async fn mentions(app: &TestApp, tenant: TenantId, needle: &str) -> Vec<String> {
    let needle = format!("%{}%", needle.to_lowercase());
    app.t
        .db
        .doors()
        .read(&TenantScope::for_test(tenant), move |tx| {
            #[derive(QueryableByName)]
            struct Name {
                #[diesel(sql_type = diesel::sql_types::Text)]
                name: String,
            }
            #[derive(QueryableByName)]
            struct Count {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let mut hits = Vec::new();
            match tx.conn() {
                AnyConn::Pg(c) => {
                    let tables: Vec<Name> = diesel::sql_query(
                        "SELECT table_name::text AS name FROM information_schema.tables \
                         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                    )
                    .load(c)?;
                    assert!(tables.len() > 30, "the scan sees the schema");
                    for t in tables {
                        let q = format!("SELECT count(*) AS n FROM \"{0}\" x WHERE lower(x::text) LIKE $1", t.name);
                        let n: Count =
                            diesel::sql_query(q).bind::<diesel::sql_types::Text, _>(&needle).get_result(c)?;
                        if n.n > 0 {
                            hits.push(t.name);
                        }
                    }
                }
                AnyConn::Sqlite(c) => {
                    let tables: Vec<Name> =
                        diesel::sql_query("SELECT name FROM sqlite_master WHERE type = 'table'").load(c)?;
                    assert!(tables.len() > 30, "the scan sees the schema");
                    for t in tables {
                        let cols: Vec<Name> =
                            diesel::sql_query(format!("SELECT name FROM pragma_table_info('{}')", t.name)).load(c)?;
                        for col in cols {
                            let q = format!(
                                "SELECT count(*) AS n FROM \"{}\" WHERE lower(CAST(\"{}\" AS TEXT)) LIKE ?",
                                t.name, col.name
                            );
                            let n: Count =
                                diesel::sql_query(q).bind::<diesel::sql_types::Text, _>(&needle).get_result(c)?;
                            if n.n > 0 {
                                hits.push(format!("{}.{}", t.name, col.name));
                            }
                        }
                    }
                }
            }
            Ok(hits)
        })
        .await
        .unwrap()
}

async fn operation_done(app: &TestApp, token: &str, id: &str) -> Value {
    app.run_jobs().await;
    let op = app.call("GET", &format!("/v1/operations/{id}"), Some(token), None).await;
    assert_eq!(op.status, 200, "{op:#?}");
    op.body
}

/// The archive's documents by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().unwrap().to_string(), data);
    }
    out
}

db_tests! {
    /// Everything about a person who signed in, learned, got a certificate, was imported, asked for a
    /// password reset and was announced to a webhook: after `POST /v1/users/{id}/erase` their email and
    /// name are in no table, yet the report still counts their completion, the certificate verifies
    /// without naming them, the audit chain verifies, and the account can never sign in again.
    async fn erasure_leaves_the_person_nowhere(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("erase").await;
        let tenant: TenantId = a.id.parse().unwrap();
        let owner = Some(a.owner_token.as_str());
        let r = app.call("POST", "/v1/webhook-endpoints", owner, Some(&json!({"url": "https://example.org/h", "events": ["*"]}))).await;
        assert_eq!(r.status, 201, "{r:#?}");
        let email = format!("Erin.Erasure.{}@{}.test", uuid::Uuid::now_v7().simple(), a.slug);
        let name = "Erin Quintessa Erasure";
        let id = person(&app, &a, &email, name).await;
        let r = app.call("PATCH", &format!("/v1/users/{id}"), owner, Some(&json!({"name": format!("{name} Jr")}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let r = app.call("PATCH", &format!("/v1/users/{id}"), owner, Some(&json!({"name": name}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let token = app.login(&a.slug, &email, PASSWORD).await;
        let (course, lesson) = one_lesson_course(&app, &a).await;
        let e = crate::learning::enroll(&app, &a, &course, &id).await["id"].as_str().unwrap().to_string();
        crate::learning::backdate(&app, &a, &e).await;
        let r = app.call("PUT", &put_progress(&e, &lesson), Some(&token), Some(&json!({"status": "completed"}))).await;
        assert_eq!(r.body["enrollment"]["status"], "completed", "{r:#?}");
        let csv = format!("email,name\n{email},{name}\n");
        let r = app.client.post("/v1/users/import").header("authorization", format!("Bearer {}", a.owner_token))
            .header("content-type", "text/csv").body(csv).send().await;
        assert_eq!(TestApp::finish(r).await.status, 202);
        let r = app.post_json("/v1/auth/password-reset", &json!({"tenant": a.slug, "email": email})).await;
        assert_eq!(r.status, 202, "{r:#?}");
        app.run_jobs().await;
        let certs = app.call("GET", &format!("/v1/certificates?user_id={id}"), owner, None).await;
        let code = certs.body["items"][0]["code"].as_str().expect("a certificate").to_string();
        // An export of their data exists too (a file about them, with their name in it).
        let r = app.call("POST", &format!("/v1/users/{id}/data-export"), owner, None).await;
        assert_eq!(r.status, 202, "{r:#?}");
        let archive = operation_done(&app, &a.owner_token, r.body["id"].as_str().unwrap()).await["result_id"]
            .as_str().expect("an archive").to_string();
        let report = app.call("GET", &format!("/v1/reports/courses/{course}"), owner, None).await;
        assert_eq!(report.status, 200, "{report:#?}");
        for needle in [email.as_str(), name] {
            assert!(!mentions(&app, tenant, needle).await.is_empty(), "the scan finds {needle} before");
        }

        let r = app.call("POST", &format!("/v1/users/{id}/erase"), owner, None).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert!(r.body["audit_events_redacted"].as_u64().unwrap() >= 2, "{r:#?}");
        assert!(r.body["domain_events_redacted"].as_u64().unwrap() >= 1, "{r:#?}");
        assert!(r.body["webhook_deliveries_redacted"].as_u64().unwrap() >= 1, "{r:#?}");
        assert_eq!(r.body["certificates_reissued"], 1);
        assert_eq!(r.body["files_removed"], 1, "the export of their data");
        assert!(r.body["sessions_ended"].as_u64().unwrap() >= 1);
        app.run_jobs().await;

        for needle in [email.as_str(), name] {
            let left = mentions(&app, tenant, needle).await;
            assert!(left.is_empty(), "{needle} is still in {left:?}");
        }
        // What stays: the pseudonym, the report's figures, a certificate that verifies, the chain.
        let u = app.call("GET", &format!("/v1/users/{id}"), owner, None).await;
        assert_eq!((u.body["status"].as_str(), u.body["name"].as_str()), (Some("erased"), Some("Erased user")));
        let after = app.call("GET", &format!("/v1/reports/courses/{course}"), owner, None).await;
        for k in ["enrolled", "completed", "completion_rate", "average_score"] {
            assert_eq!(after.body[k], report.body[k], "{k}: {after:#?}");
        }
        let v = app.get(&format!("/v1/certificates/{code}"), None).await;
        assert_eq!((v.body["valid"].as_bool(), v.body["signature_valid"].as_bool()), (Some(true), Some(true)), "{v:#?}");
        assert_eq!(v.body["recipient_name"], "");
        let scope = TenantScope::for_test(tenant);
        let verified = chain::verify(&app.t.db, &scope, None).await.unwrap();
        assert!(verified.intact() && verified.redacted >= 2, "{verified:?}");
        let salted: i64 = app.t.db.doors().read(&scope, move |tx| {
            use lyceum_core::{db::schema::audit_events as ae, with_conn};
            Ok(with_conn!(tx, |c| ae::table.filter(ae::tenant_id.eq(tenant)).filter(ae::redacted_at.is_not_null())
                .filter(ae::salt.is_not_null()).count().get_result(c))?)
        }).await.unwrap();
        assert_eq!(salted, 0, "a redacted event keeps no salt to test guesses against");
        assert_eq!(app.call("GET", &format!("/v1/files/{archive}"), owner, None).await.status, 404, "the archive is gone");
        // Never again: no sign-in, no change, no second erasure, no export.
        assert_eq!(app.call("GET", "/v1/me", Some(&token), None).await.status, 401);
        let r = app.post_json("/v1/auth/login", &json!({"tenant": a.slug, "email": email, "password": PASSWORD})).await;
        r.assert_problem(401, "invalid_credentials");
        app.call("PATCH", &format!("/v1/users/{id}"), owner, Some(&json!({"status": "active"}))).await.assert_problem(409, "user_erased");
        app.call("POST", &format!("/v1/users/{id}/erase"), owner, None).await.assert_problem(409, "already_erased");
        app.call("POST", &format!("/v1/users/{id}/data-export"), owner, None).await.assert_problem(409, "user_erased");
        // Only staff who manage people erase; the last owner cannot be erased.
        let (_, learner_token) = app.user_with_role(&a, "learner").await;
        let r = app.call("POST", &format!("/v1/users/{}/erase", a.owner_id), Some(&learner_token), None).await;
        assert_eq!(r.status, 403, "{r:#?}");
        app.call("POST", &format!("/v1/users/{}/erase", a.owner_id), owner, None).await.assert_problem(409, "last_owner");
    }

    /// `POST /v1/me/data-export`: an operation whose archive holds the person's profile, enrollments,
    /// progress, certificates and audit trail; they are emailed a working link; only they and staff
    /// who manage people can fetch it; another learner cannot see the operation.
    async fn a_person_exports_their_data(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("export").await;
        let (course, lesson) = one_lesson_course(&app, &a).await;
        let (id, email, token) = crate::learning::learner(&app, &a, "Xavier").await;
        let e = crate::learning::enroll(&app, &a, &course, &id).await["id"].as_str().unwrap().to_string();
        crate::learning::backdate(&app, &a, &e).await;
        let r = app.call("PUT", &put_progress(&e, &lesson), Some(&token), Some(&json!({"status": "completed"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        app.run_jobs().await;

        let r = app.call("POST", "/v1/me/data-export", Some(&token), None).await;
        assert_eq!(r.status, 202, "{r:#?}");
        assert_eq!((r.body["kind"].as_str(), r.body["target_id"].as_str()), (Some("users.data_export"), Some(id.as_str())));
        let op_id = r.body["id"].as_str().unwrap().to_string();
        let again = app.call("POST", "/v1/me/data-export", Some(&token), None).await;
        assert_eq!(again.body["id"], op_id.as_str(), "one export at a time");
        let op = operation_done(&app, &token, &op_id).await;
        assert_eq!(op["status"], "succeeded", "{op:#?}");
        let file = op["result_id"].as_str().expect("the archive").to_string();

        let f = app.call("GET", &format!("/v1/files/{file}"), Some(&token), None).await;
        assert_eq!(f.status, 200, "{f:#?}");
        let url = f.body["download_url"].as_str().unwrap().to_string();
        let resp = app.client.get(crate::files::local(&url)).send().await;
        assert_eq!(resp.0.status(), 200);
        let docs = unzip(&resp.0.into_body().into_vec().await.unwrap());
        for name in ["README.txt", "profile.json", "enrollments.json", "progress.json", "quiz_attempts.json",
                     "submissions.json", "certificates.json", "audit_events.json", "emails.json"] {
            assert!(docs.contains_key(name), "{name} missing from {:?}", docs.keys());
        }
        let doc = |n: &str| serde_json::from_slice::<Value>(&docs[n]).unwrap();
        assert_eq!(doc("profile.json")["account"]["email"], email.as_str());
        assert_eq!(doc("enrollments.json")[0]["course_title"], "Ethics 100");
        assert_eq!(doc("progress.json")[0]["status"], "completed");
        assert_eq!(doc("certificates.json").as_array().unwrap().len(), 1);
        let actions: Vec<String> = doc("audit_events.json").as_array().unwrap().iter()
            .map(|e| e["action"].as_str().unwrap().to_string()).collect();
        assert!(actions.contains(&"auth.login".to_string()) && actions.contains(&"user.created".to_string()), "{actions:?}");
        assert!(doc("emails.json").as_array().unwrap().iter().any(|m| m["email"] == "completion"), "{:?}", doc("emails.json"));

        // The email's link works without a credential.
        let mail = Mailbox::from_env().wait_for(&email, Duration::from_secs(10)).await;
        let text = mail.iter().map(|m| Mailbox::decode_quoted_printable(m)).find(|m| m.contains("data export is ready"))
            .expect("the export email");
        let start = text.find("/v1/files/").expect("a link");
        let link: String = text[start..].chars().take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<').collect();
        let resp = app.client.get(link.replace("&amp;", "&")).send().await;
        assert_eq!(resp.0.status(), 200, "the emailed link downloads the archive");

        // Others: a learner sees neither the operation nor the file; staff who manage people do.
        let (_, other) = app.user_with_role(&a, "learner").await;
        assert_eq!(app.call("GET", &format!("/v1/operations/{op_id}"), Some(&other), None).await.status, 404);
        assert_eq!(app.call("GET", &format!("/v1/files/{file}"), Some(&other), None).await.status, 404);
        assert_eq!(app.call("POST", &format!("/v1/users/{id}/data-export"), Some(&other), None).await.status, 403);
        assert_eq!(app.call("GET", &format!("/v1/files/{file}"), Some(&a.owner_token), None).await.status, 200);
        let r = app.call("POST", &format!("/v1/users/{id}/data-export"), Some(&a.owner_token), None).await;
        assert_eq!(r.status, 202, "{r:#?}");
        let op = operation_done(&app, &a.owner_token, r.body["id"].as_str().unwrap()).await;
        assert_eq!(op["status"], "succeeded", "{op:#?}");
    }

    /// Once the institution publishes terms and a privacy notice, a person signs in only after
    /// accepting the current versions, once per version; acceptances are recorded and readable.
    async fn sign_in_needs_the_current_terms_accepted_once(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("consent").await;
        let owner = Some(a.owner_token.as_str());
        let (id, email, _) = crate::learning::learner(&app, &a, "Cora").await;
        let r = app.call("PATCH", "/v1/tenant", owner, Some(&json!({
            "terms_version": "1", "terms_url": "https://acme.test/terms", "privacy_notice_version": "2026-09"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["policies"]["terms_version"], "1");
        app.call("PATCH", "/v1/tenant", owner, Some(&json!({"terms_url": "javascript:alert(1)"}))).await
            .assert_problem(400, "validation_failed");

        let login = |extra: Value| {
            let mut body = json!({"tenant": a.slug, "email": email, "password": PASSWORD});
            body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            let app = &app;
            async move { app.post_json("/v1/auth/login", &body).await }
        };
        let r = login(json!({})).await;
        r.assert_problem(403, "consent_required");
        let docs: Vec<(String, String)> = r.body["documents"].as_array().unwrap().iter()
            .map(|d| (d["document"].as_str().unwrap().into(), d["version"].as_str().unwrap().into())).collect();
        assert_eq!(docs, [("terms".into(), "1".into()), ("privacy_notice".into(), "2026-09".into())]);
        assert_eq!(r.body["documents"][0]["url"], "https://acme.test/terms");
        login(json!({"accepted_terms_version": "0", "accepted_privacy_notice_version": "2026-09"})).await
            .assert_problem(400, "validation_failed");
        login(json!({"accepted_terms_version": "1"})).await.assert_problem(403, "consent_required");
        let r = login(json!({"accepted_terms_version": "1", "accepted_privacy_notice_version": "2026-09"})).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let token = r.body["token"].as_str().unwrap().to_string();
        assert_eq!(login(json!({})).await.status, 200, "accepted once, not again");

        // A new version of the terms: accepted through the API while signed in.
        let r = app.call("PATCH", "/v1/tenant", owner, Some(&json!({"terms_version": "2"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        login(json!({})).await.assert_problem(403, "consent_required");
        let mine = app.call("GET", "/v1/me/consents", Some(&token), None).await;
        assert_eq!(mine.body["outstanding"][0]["version"], "2", "{mine:#?}");
        let r = app.call("POST", "/v1/me/consents", Some(&token), Some(&json!({"accepted_terms_version": "2"}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!(r.body["outstanding"], json!([]));
        assert_eq!(login(json!({})).await.status, 200);
        let theirs = app.call("GET", &format!("/v1/users/{id}/consents"), owner, None).await;
        let consents = theirs.body["consents"].as_array().unwrap();
        assert_eq!(consents.len(), 2, "{theirs:#?}");
        assert_eq!((consents[0]["terms_version"].as_str(), consents[0]["accepted_via"].as_str()), (Some("2"), Some("api")));
        assert_eq!(consents[1]["accepted_via"], "login");
        assert_eq!(app.call("GET", &format!("/v1/users/{id}/consents"), Some(&token), None).await.status, 200);
    }

    /// An institution that sets an `inactive_learners` period has its learners who neither signed in
    /// nor learned for that long erased by the hourly job (staff and active learners stay), and
    /// Stripe's applied events about it removed after `stripe_events` days; both are counted.
    async fn retention_erases_inactive_learners_and_old_stripe_events(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("inactive").await;
        let tenant: TenantId = a.id.parse().unwrap();
        let owner = Some(a.owner_token.as_str());
        app.call("PATCH", "/v1/retention", owner, Some(&json!({"inactive_learners": 30}))).await
            .assert_problem(400, "validation_failed");
        let r = app.call("PATCH", "/v1/retention", owner, Some(&json!({"inactive_learners": 365, "stripe_events": 30}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let (gone, gone_email, _) = crate::learning::learner(&app, &a, "Olga").await;
        let (stays, _, _) = crate::learning::learner(&app, &a, "Fred").await;
        let (staff, _) = app.user_with_role(&a, "instructor").await;
        let long_ago = lyceum_core::db::types::Timestamp(chrono::Utc::now() - chrono::Duration::days(400));
        let now = lyceum_core::db::types::Timestamp::now();
        let old: Vec<lyceum_core::db::types::UserId> = vec![gone.parse().unwrap(), staff.parse().unwrap()];
        app.t.db.doors().write(&TenantScope::for_test(tenant), move |tx| {
            use lyceum_core::{db::schema::{stripe_events, users}, with_conn};
            with_conn!(tx, |c| diesel::update(users::table.filter(users::tenant_id.eq(tenant)).filter(users::id.eq_any(&old)))
                .set((users::created_at.eq(long_ago), users::last_login_at.eq(Some(long_ago)))).execute(c))?;
            for (id, at) in [("evt_old_1", long_ago), ("evt_new_1", now)] {
                with_conn!(tx, |c| diesel::insert_into(stripe_events::table).values((
                    stripe_events::id.eq(format!("{id}_{tenant}")), stripe_events::event_type.eq("invoice.paid"),
                    stripe_events::stripe_created.eq(at), stripe_events::payload.eq("{}"),
                    stripe_events::received_at.eq(at), stripe_events::processed_at.eq(Some(at)),
                    stripe_events::tenant_id.eq(Some(tenant)), stripe_events::outcome.eq(Some("applied")),
                )).execute(c))?;
            }
            Ok(())
        }).await.unwrap();

        let removed = lyceum_core::maintenance::expire_tenant_data(&app.t.db, lyceum_core::db::types::JobId::new()).await.unwrap();
        assert_eq!((removed.inactive_learners, removed.stripe_events), (1, 1), "{removed:?}");
        let status = |id: String| {
            let (app, token) = (&app, a.owner_token.clone());
            async move { app.call("GET", &format!("/v1/users/{id}"), Some(&token), None).await.body["status"].clone() }
        };
        assert_eq!(status(gone.clone()).await, "erased");
        assert_eq!(status(stays).await, "active");
        assert_eq!(status(staff).await, "active", "only learners are erased for inactivity");
        assert!(mentions(&app, tenant, &gone_email).await.is_empty());
        let r = app.get("/v1/retention", owner).await;
        let by_name = |n: &str| r.body["categories"].as_array().unwrap().iter().find(|c| c["category"] == n).unwrap().clone();
        assert_eq!(by_name("inactive_learners")["removed"], 1);
        assert_eq!(by_name("stripe_events")["removed"], 1);
        let again = lyceum_core::maintenance::expire_tenant_data(&app.t.db, lyceum_core::db::types::JobId::new()).await.unwrap();
        assert_eq!(again.inactive_learners, 0, "an erased learner is not erased twice");
    }
}
