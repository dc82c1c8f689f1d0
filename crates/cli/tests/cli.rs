//! The `lyceum` binary against real databases: migrate, tenant list and tenant show, in human and JSON
//! form, and clear failures with non-zero exit codes.

use std::process::{Command, Output};

use lyceum_testkit::{db_tests, signup, unique_slug, Backend, TestDb};
use serde_json::Value;

fn lyceum(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lyceum"))
        .args(args)
        .env("LYCEUM_DATABASE_URL", url)
        .env_remove("LYCEUM_CONFIG")
        .output()
        .expect("running lyceum")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

db_tests! {
    async fn tenant_list_and_show(t) {
        let (a, b) = (unique_slug("alpha"), unique_slug("beta"));
        signup(&t.db, &a).await;
        signup(&t.db, &b).await;

        let out = lyceum(&t.url, &["tenant", "list", "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let list = json(&out);
        let slugs: Vec<&str> = list.as_array().unwrap().iter().map(|x| x["slug"].as_str().unwrap()).collect();
        assert_eq!(slugs, vec![a.as_str(), b.as_str()], "oldest first");
        assert_eq!(list[0]["status"], "trialing");
        assert!(list[0]["id"].is_string() && list[0]["created_at"].is_string());

        let out = lyceum(&t.url, &["tenant", "list"]);
        let text = stdout(&out);
        assert!(text.starts_with("SLUG"), "{text}");
        assert!(text.contains(&a) && text.contains(&b), "{text}");

        let out = lyceum(&t.url, &["tenant", "list", "--status", "suspended", "--json"]);
        assert_eq!(json(&out), serde_json::json!([]));

        let out = lyceum(&t.url, &["tenant", "show", &b, "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let shown = json(&out);
        assert_eq!(shown["slug"], b.as_str());
        assert_eq!(shown["name"], format!("Institution {b}"));
        assert_eq!(shown["seat_limit"], 25);

        let out = lyceum(&t.url, &["tenant", "show", &a]);
        assert!(stdout(&out).contains(&format!("Institution {a}")));
    }

    async fn errors_name_the_problem_and_exit_non_zero(t) {
        let out = lyceum(&t.url, &["tenant", "show", "no-such-tenant"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("no tenant has the slug `no-such-tenant`"), "{}", stderr(&out));

        let out = lyceum(&t.url, &["tenant", "show", "no-such-tenant", "--json"]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(json(&out)["error"]["code"], "not_found");

        let out = lyceum(&t.url, &["tenant", "list", "--status", "sleepy"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("unknown status `sleepy`"), "{}", stderr(&out));
    }
}

#[tokio::test]
async fn migrate_applies_then_reports_status() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let t = TestDb::empty(backend).await;
        let out = lyceum(&t.url, &["migrate", "--status", "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let before = json(&out);
        assert!(before["migrations"].as_array().unwrap().iter().all(|m| m["applied"] == false), "{before}");

        let out = lyceum(&t.url, &["migrate", "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let applied = json(&out);
        assert!(!applied["applied_now"].as_array().unwrap().is_empty());
        assert!(applied["migrations"].as_array().unwrap().iter().all(|m| m["applied"] == true));
        assert!(t.db.is_ready().await, "{backend:?}");

        let out = lyceum(&t.url, &["migrate"]);
        assert!(stdout(&out).contains("0 migration(s) applied now"), "{}", stdout(&out));
    }
}

#[test]
fn a_bad_database_url_is_a_clear_error() {
    let out = lyceum("mysql://nope", &["tenant", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unsupported database URL"), "{}", stderr(&out));
}
