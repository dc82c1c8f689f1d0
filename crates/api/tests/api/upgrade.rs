//! Upgrades keep data, on a populated database: an institution with sign-ins, API keys, a course, an
//! enrollment completed through a quiz, a certificate, a webhook endpoint with deliveries, jobs, events
//! its audit trail and a pending invitation is taken back to the previous release's schema (this release's migrations
//! reverted), migrated again, and must keep every row of every tenant table and every credential.

use diesel::{prelude::*, sql_types::BigInt, Connection, PgConnection, SqliteConnection};
use diesel_migrations::MigrationHarness;
use lyceum_core::{
    db::{schema::TENANT_TABLES, types::TenantId, PG_MIGRATIONS, SQLITE_MIGRATIONS},
    with_conn, TenantScope,
};
use lyceum_testkit::{db_tests, Backend};
use serde_json::{json, Value};

use crate::{
    learning::{backdate, enroll, learner, published_course, put_progress, RIGHT},
    support::{TestApp, PASSWORD},
};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rows of `tenant` in every tenant table (read in its scope, so row-level security lets them through).
async fn counts(app: &TestApp, tenant: TenantId) -> Vec<(String, i64)> {
    let scope = TenantScope::for_test(tenant);
    app.t
        .db
        .doors()
        .read(&scope, move |tx| {
            let mut out = Vec::new();
            // Data keys and chain heads are written by this release's `000018_privacy`: reverting past it
            // drops them (the older schema has no place for them), so they are not the older rows kept.
            for table in TENANT_TABLES.iter().filter(|t| !["data_keys", "audit_chains"].contains(t)) {
                let sql = format!("SELECT count(*) AS n FROM {table} WHERE tenant_id = '{}'", tx.tenant_id());
                let n = with_conn!(tx, |c| diesel::sql_query(&sql).get_result::<Count>(c))?.n;
                out.push((table.to_string(), n));
            }
            Ok(out)
        })
        .await
        .unwrap()
}

/// The last migration of the previous release (the first release): everything after it is this release's.
const PREVIOUS_RELEASE: &str = "20261201000010";
/// The last migration of the release before this one (stop 36): what it wrote must come through this
/// release's migrations (`000024_xapi`, `000025_cmi5` which rebuilds SQLite's lessons), and progress
/// heartbeats then still work.
const LAST_RELEASE: &str = "20261214000023";
/// The last migration before teaching (course staff, submissions, files): what a database written before
/// it holds must come through `000016_teaching` (which rebuilds SQLite's lessons) and `000017_files`.
const BEFORE_TEACHING: &str = "20261206000015";

/// Reverts this release's migrations, newest first; returns how many.
fn back_to_previous_release<C, S>(conn: &mut C, migrations: impl Fn() -> S) -> usize
where
    C: MigrationHarness<<C as Connection>::Backend> + Connection,
    S: diesel::migration::MigrationSource<<C as Connection>::Backend>,
{
    back_to(conn, migrations, PREVIOUS_RELEASE)
}

/// Reverts the migrations after `version`, newest first; returns how many.
fn back_to<C, S>(conn: &mut C, migrations: impl Fn() -> S, version: &str) -> usize
where
    C: MigrationHarness<<C as Connection>::Backend> + Connection,
    S: diesel::migration::MigrationSource<<C as Connection>::Backend>,
{
    let mut reverted = 0;
    loop {
        let applied = conn.applied_migrations().unwrap();
        let newest = applied.iter().map(|v| v.to_string()).max().unwrap();
        if newest.as_str() <= version {
            return reverted;
        }
        conn.revert_last_migration(migrations()).unwrap();
        reverted += 1;
    }
}

db_tests! {
    async fn a_populated_database_of_the_previous_release_migrates_without_loss(t) {
        let app = TestApp::with_config(t, |c| c.webhooks.allow_private = true).await;
        let a = app.signup("upg").await;
        let tenant: TenantId = a.id.parse().unwrap();
        let owner = Some(a.owner_token.as_str());
        let key = app.call("POST", "/v1/api-keys", owner, Some(&json!({"name": "sync", "scopes": ["courses:read"]}))).await;
        let key = key.body["key"].as_str().unwrap().to_string();
        let hook = app
            .call("POST", "/v1/webhook-endpoints", owner, Some(&json!({"url": "http://127.0.0.1:9/hook", "events": ["*"]})))
            .await;
        assert_eq!(hook.status, 201, "{hook:#?}");
        let (course, lessons) = published_course(&app, &a).await;
        let (u, email, tok) = learner(&app, &a, "Up").await;
        let e = enroll(&app, &a, &course, &u).await["id"].as_str().unwrap().to_string();
        backdate(&app, &a, &e).await;
        for l in [&lessons[0], &lessons[3]] {
            assert_eq!(app.call("PUT", &put_progress(&e, l), Some(&tok), Some(&json!({"status": "completed", "time_spent_seconds": 60}))).await.status, 200);
        }
        let answers: Value = serde_json::from_str(RIGHT).unwrap();
        let r = app.call("POST", &format!("/v1/lessons/{}/attempts", lessons[2]), Some(&tok), Some(&json!({"answers": answers}))).await;
        assert_eq!(r.body["passed"], true);
        // A pending invitation: its emailed code lives in user_tokens, which SQLite rebuilds on the way up.
        let invited = app
            .call("POST", "/v1/users", owner, Some(&json!({"email": format!("pending@{}.test", a.slug), "name": "Pending", "role": "learner"})))
            .await;
        assert_eq!(invited.status, 201, "{invited:#?}");
        app.run_jobs().await;
        let certs = app.get("/v1/certificates", owner).await;
        let code = certs.body["items"][0]["code"].as_str().unwrap().to_string();
        // One idempotent request: its record is the one thing the migration drops (it held plaintext).
        let r = app.client.post("/v1/courses").header("authorization", format!("Bearer {}", a.owner_token))
            .header("idempotency-key", "k").header("content-type", "application/json").body(r#"{"title":"Idem"}"#).send().await;
        assert_eq!(r.0.status(), 201);

        // Data of the tables the releases since the first one added: a group with a member and a course,
        // and an identity provider.
        let group = app.call("POST", "/v1/groups", owner, Some(&json!({"name": "Cohort", "user_ids": [u]}))).await;
        assert_eq!(group.status, 201, "{group:#?}");
        let group = group.body["id"].as_str().unwrap().to_string();
        let r = app.call("POST", &format!("/v1/groups/{group}/courses"), owner, Some(&json!({"course_id": course}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let idp = app.call("POST", "/v1/identity-providers", owner, Some(&json!({"name": "IdP", "issuer": "https://idp.upg.test",
            "client_id": "c", "client_secret": "s"}))).await;
        assert_eq!(idp.status, 201, "{idp:#?}");
        let idp = idp.body["id"].as_str().unwrap().to_string();

        // The last release's LTI data: a tool, the institution's platform key (sealed), an `lti` lesson
        // and a launch in flight (started by staff, so no learner record stops the lesson's removal below).
        let tool = app.call("POST", "/v1/lti/tools", owner, Some(&json!({"name": "Lab", "login_url": "https://lab.upg.test/login",
            "target_link_uri": "https://lab.upg.test/launch", "jwks_url": "https://lab.upg.test/jwks", "deep_linking": true}))).await;
        assert_eq!(tool.status, 201, "{tool:#?}");
        let tool_id = tool.body["id"].as_str().unwrap().to_string();
        let module = app.get(&format!("/v1/lessons/{}", lessons[0]), owner).await.body["module_id"].as_str().unwrap().to_string();
        let lab = app.call("POST", &format!("/v1/modules/{module}/lessons"), owner,
            Some(&json!({"title": "Lab", "kind": "lti", "lti": {"tool_id": tool_id}}))).await;
        assert_eq!(lab.status, 201, "{lab:#?}");
        let lab = lab.body["id"].as_str().unwrap().to_string();
        let launch = app.call("POST", &format!("/v1/lessons/{lab}/lti-launch"), owner, None).await;
        assert_eq!(launch.status, 200, "{launch:#?}");
        let login: std::collections::HashMap<String, String> =
            reqwest::Url::parse(launch.body["url"].as_str().unwrap()).unwrap().query_pairs().into_owned().collect();
        let kid = app.get(&format!("/v1/lti/platforms/{}/jwks", a.id), None).await.body["keys"][0]["kid"].clone();
        // And a deep-linking request in flight (`000023`).
        let dl = app.call("POST", &format!("/v1/modules/{module}/lti-deep-link"), owner, Some(&json!({"tool_id": tool_id}))).await;
        assert_eq!(dl.status, 200, "{dl:#?}");

        // The learning record store (`000024`) is this release's: a database the last release wrote has
        // no statements (the learning above wrote some), so they go first.
        app.t.db.doors().write(&TenantScope::for_test(tenant), move |tx| {
            use lyceum_core::db::schema::{xapi_activities as a, xapi_statement_refs as r, xapi_statements as s};
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::delete(t.scoped(r::table)).execute(c))?;
            with_conn!(tx, |c| diesel::delete(t.scoped(s::table)).execute(c))?;
            with_conn!(tx, |c| diesel::delete(t.scoped(a::table)).execute(c))?;
            Ok(())
        }).await.unwrap();
        // First, a database as the last release left it, through this release's migrations: every row
        // is kept, and a heartbeat afterwards is written (through the batch function on PostgreSQL).
        let before = counts(&app, tenant).await;
        for table in ["lti_tools", "lti_keys", "lti_launches", "lti_deep_links", "sessions", "api_keys", "enrollments", "certificates"] {
            assert!(before.iter().any(|(t, n)| t == table && *n > 0), "{table} is empty before the upgrade: {before:?}");
        }
        let reverted = match app.t.backend {
            Backend::Postgres => back_to(&mut PgConnection::establish(&app.t.url).unwrap(), || PG_MIGRATIONS, LAST_RELEASE),
            Backend::Sqlite => back_to(
                &mut SqliteConnection::establish(app.t.url.trim_start_matches("sqlite://")).unwrap(),
                || SQLITE_MIGRATIONS,
                LAST_RELEASE,
            ),
        };
        assert!(reverted >= 1, "this release has migrations");
        assert_eq!(app.t.db.migrate().await.unwrap().len(), reverted);
        assert_eq!(counts(&app, tenant).await, before, "every row is kept through this release's migrations");
        // The platform key is the same and still opens: the launch in flight completes, signed by it.
        let jwks = app.get(&format!("/v1/lti/platforms/{}/jwks", a.id), None).await;
        assert_eq!(jwks.body["keys"].as_array().unwrap().len(), 1);
        assert_eq!(jwks.body["keys"][0]["kid"], kid);
        let auth: Vec<(&str, &str)> = vec![
            ("scope", "openid"), ("response_type", "id_token"), ("response_mode", "form_post"), ("prompt", "none"),
            ("client_id", &login["client_id"]), ("redirect_uri", "https://lab.upg.test/launch"),
            ("login_hint", &login["login_hint"]), ("lti_message_hint", &login["lti_message_hint"]), ("nonce", "n"),
        ];
        let page = app.get(&format!("/v1/lti/platforms/{}/authorize?{}", a.id, serde_urlencoded::to_string(&auth).unwrap()), None).await;
        assert_eq!(page.status, 200, "the launch in flight survives: {page:#?}");
        let id_token = page.text.split(r#"name="id_token" value=""#).nth(1).unwrap().split('"').next().unwrap().to_string();
        assert_eq!(jsonwebtoken::decode_header(&id_token).unwrap().kid, kid.as_str().map(str::to_string));
        let platform_key = &jwks.body["keys"][0];
        let decoding = jsonwebtoken::DecodingKey::from_rsa_components(
            platform_key["n"].as_str().unwrap(),
            platform_key["e"].as_str().unwrap(),
        )
        .unwrap();
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        v.set_audience(&[login["client_id"].as_str()]);
        assert!(jsonwebtoken::decode::<Value>(&id_token, &decoding, &v).is_ok(), "signed by the kept key");
        let beat = app.call("PUT", &put_progress(&e, &lessons[0]), Some(&tok), Some(&json!({"status": "started", "time_spent_seconds": 61}))).await;
        assert_eq!((beat.status.as_u16(), &beat.body["lesson"]["status"]), (200, &json!("completed")), "{beat:#?}");
        assert_eq!(beat.body["lesson"]["time_spent_seconds"], 61);
        let me = app.get("/v1/me", Some(&tok)).await;
        assert_eq!(me.status, 200, "sessions survive: {me:#?}");
        let listed = app.get("/v1/courses", Some(&key)).await;
        assert_eq!(listed.status, 200, "API keys survive: {listed:#?}");
        let v = app.get(&format!("/v1/certificates/{code}"), None).await;
        assert_eq!((v.body["valid"].as_bool(), v.body["signature_valid"].as_bool()), (Some(true), Some(true)), "{v:#?}");

        // The LTI tables (`000022`) go with the revert before teaching: empty them first.
        assert_eq!(app.call("DELETE", &format!("/v1/lessons/{lab}"), owner, None).await.status, 204);
        assert_eq!(app.call("DELETE", &format!("/v1/lti/tools/{tool_id}"), owner, None).await.status, 204);
        app.t.db.doors().write(&TenantScope::for_test(tenant), move |tx| {
            let t = tx.tenant_id();
            with_conn!(tx, |c| diesel::delete(lyceum_core::db::schema::lti_keys::table.filter(lyceum_core::db::schema::lti_keys::tenant_id.eq(t))).execute(c))?;
            Ok(())
        }).await.unwrap();
        // Then a database as it was before teaching, with every table it had in use, through this
        // release's teaching and files migrations: every row is kept.
        let before = counts(&app, tenant).await;
        for table in ["groups", "group_members", "group_courses", "identity_providers", "idempotency_keys"] {
            assert!(before.iter().any(|(t, n)| t == table && *n > 0), "{table} is empty before the upgrade: {before:?}");
        }
        let reverted = match app.t.backend {
            Backend::Postgres => back_to(&mut PgConnection::establish(&app.t.url).unwrap(), || PG_MIGRATIONS, BEFORE_TEACHING),
            Backend::Sqlite => back_to(
                &mut SqliteConnection::establish(app.t.url.trim_start_matches("sqlite://")).unwrap(),
                || SQLITE_MIGRATIONS,
                BEFORE_TEACHING,
            ),
        };
        assert!(reverted >= 2, "teaching and files");
        assert_eq!(app.t.db.migrate().await.unwrap().len(), reverted);
        assert_eq!(counts(&app, tenant).await, before, "every row is kept through teaching and files");
        // The tables the first release did not have go with the revert below: empty them first.
        assert_eq!(app.call("DELETE", &format!("/v1/groups/{group}"), owner, None).await.status, 204);
        assert_eq!(app.call("DELETE", &format!("/v1/identity-providers/{idp}"), owner, None).await.status, 204);

        let before = counts(&app, tenant).await;
        for table in ["users", "sessions", "api_keys", "courses", "lessons", "enrollments", "lesson_progress",
            "quiz_attempts", "certificates", "signing_keys", "events", "audit_events", "webhook_endpoints",
            "webhook_deliveries", "idempotency_keys", "user_tokens"] {
            assert!(before.iter().any(|(t, n)| t == table && *n > 0), "{table} is empty before the upgrade: {before:?}");
        }

        // Back to the previous release's schema, with the data, then forward again.
        let reverted = match app.t.backend {
            Backend::Postgres => back_to_previous_release(&mut PgConnection::establish(&app.t.url).unwrap(), || PG_MIGRATIONS),
            Backend::Sqlite => back_to_previous_release(
                &mut SqliteConnection::establish(app.t.url.trim_start_matches("sqlite://")).unwrap(),
                || SQLITE_MIGRATIONS,
            ),
        };
        assert!(reverted >= 1, "this release has migrations");
        assert!(!app.t.db.is_ready().await);
        assert_eq!(app.t.db.migrate().await.unwrap().len(), reverted);

        let after = counts(&app, tenant).await;
        let expected: Vec<(String, i64)> =
            before.iter().map(|(t, n)| (t.clone(), if t == "idempotency_keys" { 0 } else { *n })).collect();
        assert_eq!(after, expected, "every row but the plaintext idempotency records is kept");
        // The first process of this release chains the audit events the previous one wrote (their chain
        // columns did not exist), oldest first, and the chain then verifies.
        let done = lyceum_core::upgrade::run(&app.t.db).await.unwrap();
        assert!(done.audit_events_chained as i64 >= before.iter().find(|(t, _)| t == "audit_events").unwrap().1, "{done:?}");
        let scope = lyceum_core::TenantScope::for_test(tenant);
        let v = lyceum_core::audit::chain::verify(&app.t.db, &scope, None).await.unwrap();
        assert!(v.intact(), "{v:?}");

        // A process of the new release (its own, empty caches): every credential still works.
        let state = lyceum_api::AppState::new(app.t.db.clone(), std::sync::Arc::new(app.t.config())).unwrap();
        let fresh = poem::test::TestClient::new(lyceum_api::app(state));
        let status = |r: poem::test::TestResponse| r.0.status().as_u16();
        assert_eq!(status(fresh.get("/v1/me").header("authorization", format!("Bearer {tok}")).send().await), 200, "sessions survive");
        assert_eq!(status(fresh.get("/v1/courses").header("authorization", format!("Bearer {key}")).send().await), 200, "API keys survive");
        let login = fresh.post("/v1/auth/login").header("content-type", "application/json")
            .body(json!({"tenant": a.slug, "email": email, "password": PASSWORD}).to_string()).send().await;
        assert_eq!(status(login), 200, "passwords survive");
        let v = fresh.get(format!("/v1/certificates/{code}")).send().await;
        let v: Value = serde_json::from_str(&v.0.into_body().into_string().await.unwrap()).unwrap();
        assert_eq!((v["valid"].as_bool(), v["signature_valid"].as_bool()), (Some(true), Some(true)), "{v:#}");
    }
}
