//! The `lyceum` binary against real databases: migrate, tenant list and tenant show, in human and JSON
//! form, and clear failures with non-zero exit codes.

use std::process::{Command, Output};

use lyceum_testkit::{db_tests, signup, unique_slug, Backend, TestDb};
use serde_json::Value;

fn lyceum(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lyceum"))
        .args(args)
        .env("LYCEUM_DATABASE_URL", url)
        .env("LYCEUM_MASTER_KEY", lyceum_testkit::MASTER_KEY)
        .env("LYCEUM_OPERATOR", "sam@support")
        .env_remove("LYCEUM_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("running lyceum")
}

/// `lyceum` with another key encryption key than the test databases'.
fn lyceum_with_key(url: &str, key: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lyceum"))
        .args(args)
        .env("LYCEUM_DATABASE_URL", url)
        .env("LYCEUM_MASTER_KEY", key)
        .env("LYCEUM_OPERATOR", "sam@support")
        .env_remove("LYCEUM_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("running lyceum")
}

fn ok(o: &Output) {
    assert!(o.status.success(), "exit {:?}\nstdout: {}\nstderr: {}", o.status, stdout(o), stderr(o));
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

db_tests! {
    async fn suspend_needs_confirmation_and_is_audited(t) {
        let slug = unique_slug("susp");
        signup(&t.db, &slug).await;
        let out = lyceum(&t.url, &["tenant", "suspend", &slug, "--reason", "unpaid invoices"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("pass --yes"), "{}", stderr(&out));
        assert_eq!(json(&lyceum(&t.url, &["tenant", "show", &slug, "--json"]))["status"], "trialing", "nothing changed");

        let out = lyceum(&t.url, &["tenant", "suspend", &slug, "--reason", "unpaid invoices", "--yes", "--json"]);
        ok(&out);
        assert_eq!(json(&out)["status"], "suspended");
        let events = json(&lyceum(&t.url, &["audit", "list", "--tenant", &slug, "--action", "tenant.status_changed", "--json"]));
        assert_eq!(events[0]["actor_type"], "operator");
        assert_eq!(events[0]["actor_id"], "sam@support");
        assert!(events[0]["metadata"]["reason"].as_str().unwrap().contains("unpaid invoices"), "{events:#}");
        ok(&lyceum(&t.url, &["tenant", "resume", &slug]));
        // Resuming restores what the suspension interrupted: a trial stays a trial.
        assert_eq!(json(&lyceum(&t.url, &["tenant", "show", &slug, "--json"]))["status"], "trialing");
        let out = lyceum(&t.url, &["tenant", "resume", &slug]);
        assert!(stderr(&out).contains("not suspended"), "{}", stderr(&out));
        let out = lyceum(&t.url, &["tenant", "suspend", "nobody-here", "--reason", "x", "--yes"]);
        assert!(stderr(&out).contains("no tenant has the slug `nobody-here`"), "{}", stderr(&out));
    }

    async fn users_are_found_disabled_enabled_and_signed_out(t) {
        let slug = unique_slug("usr");
        let s = signup(&t.db, &slug).await;
        let email = s.user.email.clone();
        let found = json(&lyceum(&t.url, &["user", "find", "--email", &email.to_uppercase(), "--json"]));
        assert_eq!(found.as_array().unwrap().len(), 1);
        assert_eq!(found[0]["tenant"], slug.as_str());
        assert_eq!(found[0]["user"]["role"], "owner");
        assert!(found[0]["user"].get("password_hash").is_none());

        // The only owner cannot be disabled: the same rule as the API.
        let out = lyceum(&t.url, &["user", "disable", "--tenant", &slug, "--email", &email, "--yes"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("last active owner"), "{}", stderr(&out));

        let out = lyceum(&t.url, &["user", "revoke-sessions", "--tenant", &slug, "--email", &email, "--yes", "--json"]);
        ok(&out);
        assert_eq!(json(&out)["sessions_revoked"], 1, "the signup session");
        ok(&lyceum(&t.url, &["user", "reset-password", "--tenant", &slug, "--email", &email]));
        let queued = json(&lyceum(&t.url, &["jobs", "list", "--status", "queued", "--json"]));
        let kinds: Vec<&str> = queued.as_array().unwrap().iter().map(|j| j["kind"].as_str().unwrap()).collect();
        assert!(kinds.contains(&"email.password_reset") && kinds.contains(&"email.welcome"), "{kinds:?}");
        let out = lyceum(&t.url, &["user", "disable", "--tenant", &slug, "--email", "ghost@nowhere.test", "--yes"]);
        assert_eq!(out.status.code(), Some(1));

        // A learner disabled and enabled again, each change audited with the operator and the reason.
        let core = lyceum_core::Core::new(t.db.clone());
        let scope = lyceum_core::TenantScope::for_test_operator(s.tenant.id, "test");
        let input = lyceum_core::identity::manage::CreateUserInput {
            email: format!("learner@{slug}.test"),
            name: "Lee Learner".into(),
            role: "learner".into(),
            password: Some("correct horse battery".into()),
            send_invite: false,
            external_id: None,
        };
        let learner = lyceum_core::identity::manage::create_user(&core, &scope, input).await.unwrap();
        let out = lyceum(&t.url, &["user", "disable", "--tenant", &slug, "--email", &learner.email, "--yes", "--reason", "left the school", "--json"]);
        ok(&out);
        assert_eq!(json(&out)["status"], "disabled", "{}", stdout(&out));
        let out = lyceum(&t.url, &["user", "enable", "--tenant", &slug, "--email", &learner.email, "--reason", "came back", "--json"]);
        ok(&out);
        assert_eq!(json(&out)["status"], "active", "{}", stdout(&out));
        let shown = json(&lyceum(&t.url, &["user", "show", "--tenant", &slug, "--email", &learner.email, "--json"]));
        assert_eq!(shown["status"], "active");
        let audit = json(&lyceum(&t.url, &["audit", "list", "--tenant", &slug, "--actor", "sam@support", "--json"]));
        let reasons: Vec<(&str, &str)> = audit
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "user.updated")
            .map(|e| (e["request_id"].as_str().unwrap(), e["metadata"]["reason"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(reasons, [("cli:sam@support", "left the school"), ("cli:sam@support", "came back")], "{audit:#}");
        // Suspending without saying why is refused and changes nothing.
        let out = lyceum(&t.url, &["tenant", "suspend", &slug, "--yes"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("--reason"), "{}", stderr(&out));
        assert_eq!(json(&lyceum(&t.url, &["tenant", "show", &slug, "--json"]))["status"], "trialing");
    }

    /// `lyceum user erase`: asks for the person's id as confirmation, erases them, and leaves their email
    /// in none of the operator trail's command lines (including its own and an earlier command's).
    async fn a_person_is_erased_by_support_staff(t) {
        let slug = unique_slug("era");
        let s = signup(&t.db, &slug).await;
        let core = lyceum_core::Core::new(t.db.clone());
        let scope = lyceum_core::TenantScope::for_test_operator(s.tenant.id, "test");
        let input = lyceum_core::identity::manage::CreateUserInput {
            email: format!("ernest.erasable@{slug}.test"),
            name: "Ernest Erasable".into(),
            role: "learner".into(),
            password: Some("correct horse battery".into()),
            send_invite: false,
            external_id: None,
        };
        let person = lyceum_core::identity::manage::create_user(&core, &scope, input).await.unwrap();
        ok(&lyceum(&t.url, &["user", "show", "--tenant", &slug, "--email", &person.email]));
        let out = lyceum(&t.url, &["user", "erase", "--tenant", &slug, "--email", &person.email]);
        assert_eq!(out.status.code(), Some(1), "no terminal, no --yes: nothing happens");
        let out = lyceum(&t.url, &["user", "erase", "--tenant", &slug, "--email", &person.email, "--yes", "--json"]);
        ok(&out);
        assert_eq!(json(&out)["user_id"], person.id.to_string());
        let shown = lyceum_core::identity::manage::view_user(&core, &scope, person.id).await.unwrap();
        assert_eq!((shown.status.as_str(), shown.name.as_str()), ("erased", "Erased user"));
        let trail = stdout(&lyceum(&t.url, &["audit", "operators", "--tenant", &slug, "--json"]));
        assert!(trail.contains("user erase") && trail.contains("user show"), "{trail}");
        assert!(!trail.to_lowercase().contains("ernest.erasable"), "the email is left in the operator trail: {trail}");
        let out = lyceum(&t.url, &["user", "erase", "--tenant", &slug, "--id", &person.id.to_string(), "--yes"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("already erased"), "{}", stderr(&out));
    }

    async fn api_keys_and_jobs(t) {
        let slug = unique_slug("keys");
        let s = signup(&t.db, &slug).await;
        let scope = lyceum_core::TenantScope::for_test_operator(s.tenant.id, "test");
        let core = lyceum_core::Core::new(t.db.clone());
        let key = lyceum_core::identity::api_keys::create(&core, &scope, "sync", &["courses:read".to_string()]).await.unwrap();
        let list = json(&lyceum(&t.url, &["api-key", "list", "--tenant", &slug, "--json"]));
        assert_eq!(list[0]["name"], "sync");
        assert!(list[0]["revoked_at"].is_null());
        let id = key.key.id.to_string();
        ok(&lyceum(&t.url, &["api-key", "revoke", "--tenant", &slug, &id, "--yes"]));
        let list = json(&lyceum(&t.url, &["api-key", "list", "--tenant", &slug, "--json"]));
        assert!(list[0]["revoked_at"].is_string());

        // Single sign-on: list, show, disable (support staff).
        let provider = lyceum_core::identity::sso::create(
            &core,
            &lyceum_core::config::Config::default(),
            &scope,
            lyceum_core::identity::sso::NewProvider {
                name: "Keys IdP".into(),
                issuer: "https://idp.keys.example".into(),
                client_id: "lyceum".into(),
                client_secret: "never-shown".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let pid = provider.id.to_string();
        let list = lyceum(&t.url, &["sso", "list", "--tenant", &slug]);
        ok(&list);
        assert!(stdout(&list).contains("Keys IdP") && !stdout(&list).contains("never-shown"), "{}", stdout(&list));
        let shown = json(&lyceum(&t.url, &["sso", "show", "--tenant", &slug, &pid, "--json"]));
        assert_eq!((shown["issuer"].as_str(), shown["enabled"].as_bool()), (Some("https://idp.keys.example"), Some(true)));
        assert!(!shown.to_string().contains("never-shown"));
        ok(&lyceum(&t.url, &["sso", "disable", "--tenant", &slug, &pid, "--yes"]));
        assert_eq!(json(&lyceum(&t.url, &["sso", "show", "--tenant", &slug, &pid, "--json"]))["enabled"], false);
        let out = lyceum(&t.url, &["sso", "show", "--tenant", &slug, "not-an-id"]);
        assert_eq!(out.status.code(), Some(1));

        // SCIM: a token holding the `scim` scope only, shown once.
        let minted = json(&lyceum(&t.url, &["scim", "token", "--tenant", &slug, "--name", "Entra provisioning", "--json"]));
        assert!(minted["scim_base_url"].as_str().unwrap().ends_with("/scim/v2"), "{minted}");
        assert_eq!(minted["key"]["scopes"], serde_json::json!(["scim"]));
        let secret = minted["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("lyc_live_"), "{minted}");
        let list = json(&lyceum(&t.url, &["api-key", "list", "--tenant", &slug, "--json"]));
        assert!(list.as_array().unwrap().iter().any(|k| k["name"] == "Entra provisioning"), "{list}");
        assert!(!list.to_string().contains(&secret));

        let stats = json(&lyceum(&t.url, &["jobs", "stats", "--json"]));
        assert_eq!(stats["queued"], 1);
        let jobs = json(&lyceum(&t.url, &["jobs", "list", "--json"]));
        let job = jobs[0]["id"].as_str().unwrap().to_string();
        let out = lyceum(&t.url, &["jobs", "retry", &job]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("not dead"), "{}", stderr(&out));
        let out = lyceum(&t.url, &["jobs", "retry-dead", "--yes", "--json"]);
        ok(&out);
        assert_eq!(json(&out)["requeued"], 0);
        let out = lyceum(&t.url, &["jobs", "list", "--status", "stuck"]);
        assert_eq!(out.status.code(), Some(1));
    }
}

db_tests! {
    async fn tenants_are_created_changed_deleted_and_purged(t) {
        let slug = unique_slug("ops");
        let out = lyceum(&t.url, &[
            "tenant", "create", "--name", "Ops College", "--slug", &slug, "--owner-name", "Olga", "--owner-email", "olga@ops.test", "--json",
        ]);
        ok(&out);
        let created = json(&out);
        assert_eq!((created["tenant"]["status"].as_str(), created["owner"]["status"].as_str()), (Some("trialing"), Some("invited")));
        let jobs = json(&lyceum(&t.url, &["jobs", "list", "--json"]));
        assert_eq!(jobs[0]["kind"], "email.invitation");
        let job = jobs[0]["id"].as_str().unwrap().to_string();
        let shown = json(&lyceum(&t.url, &["jobs", "show", &job, "--json"]));
        assert_eq!(shown["status"], "queued");
        let out = lyceum(&t.url, &["tenant", "create", "--name", "Ops", "--slug", &slug, "--owner-name", "O", "--owner-email", "o@x.test"]);
        assert!(stderr(&out).contains("already taken"), "{}", stderr(&out));

        ok(&lyceum(&t.url, &["tenant", "set-plan", &slug, "growth"]));
        let t2 = json(&lyceum(&t.url, &["tenant", "set-seats", &slug, "500", "--json"]));
        assert_eq!((t2["plan"].as_str(), t2["seat_limit"].as_i64()), (Some("growth"), Some(500)));
        let out = lyceum(&t.url, &["tenant", "set-plan", &slug, "platinum"]);
        assert!(stderr(&out).contains("plan: must be one of"), "{}", stderr(&out));
        let user = json(&lyceum(&t.url, &["user", "show", "--tenant", &slug, "--email", "OLGA@ops.test", "--json"]));
        assert_eq!(user["role"], "owner");

        let out = lyceum(&t.url, &["tenant", "purge", &slug, "--yes"]);
        assert!(stderr(&out).contains("delete it first"), "{}", stderr(&out));
        ok(&lyceum(&t.url, &["tenant", "delete", &slug, "--reason", "contract ended", "--yes"]));
        assert_eq!(json(&lyceum(&t.url, &["tenant", "show", &slug, "--json"]))["status"], "deleted");
        let out = lyceum(&t.url, &["tenant", "purge", &slug, "--yes"]);
        assert!(stderr(&out).contains("kept 30 days"), "{}", stderr(&out));
        let out = lyceum(&t.url, &["tenant", "purge", &slug, "--ignore-retention", "--yes", "--json"]);
        ok(&out);
        assert!(json(&out)["rows"].as_i64().unwrap() >= 4, "tenant, owner, job and audit events");
        let out = lyceum(&t.url, &["tenant", "show", &slug]);
        assert!(stderr(&out).contains("no tenant has the slug"), "{}", stderr(&out));
        assert_eq!(json(&lyceum(&t.url, &["jobs", "stats", "--json"]))["queued"], 0, "its jobs went too");
    }
}

db_tests! {
    async fn users_import_reports_every_row(t) {
        let slug = unique_slug("imp");
        let s = signup(&t.db, &slug).await;
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("people.csv");
        let owner = s.user.email.clone();
        std::fs::write(
            &csv,
            format!(
                "email,name,role\nlin@imp.test,Lin Learner,\nivy@imp.test,Ivy Instructor,instructor\nnot-an-email,Nobody,\n\
                 LIN@imp.test,Lin Again,\n{owner},Owner Again,learner\nking@imp.test,King,owner\nann@imp.test,\"Ann, the Admin\",admin\n"
            ),
        )
        .unwrap();
        let out = lyceum(&t.url, &["users", "import", "--tenant", &slug, csv.to_str().unwrap(), "--send-invites", "--json"]);
        ok(&out);
        let r = json(&out)["report"].clone();
        assert_eq!((r["created"].as_i64(), r["existing"].as_i64(), r["invalid"].as_i64()), (Some(3), Some(1), Some(3)), "{r}");
        let lines: Vec<(i64, &str)> =
            r["rows"].as_array().unwrap().iter().map(|x| (x["line"].as_i64().unwrap(), x["result"].as_str().unwrap())).collect();
        assert_eq!(lines, vec![(4, "invalid"), (5, "invalid"), (6, "exists"), (7, "invalid")]);
        let ann = json(&lyceum(&t.url, &["user", "show", "--tenant", &slug, "--email", "ann@imp.test", "--json"]));
        assert_eq!((ann["name"].as_str(), ann["role"].as_str(), ann["status"].as_str()), (Some("Ann, the Admin"), Some("admin"), Some("invited")));
        let stats = json(&lyceum(&t.url, &["jobs", "stats", "--json"]));
        assert_eq!(stats["queued"], 1 + 3, "welcome + one invitation per created user");
        // Running it again creates nothing.
        let again = json(&lyceum(&t.url, &["users", "import", "--tenant", &slug, csv.to_str().unwrap(), "--json"]))["report"].clone();
        assert_eq!((again["created"].as_i64(), again["existing"].as_i64()), (Some(0), Some(5)), "{again}");
    }

    async fn submission_show_gives_support_a_grade_dispute(t) {
        use lyceum_core::{courses, grading};
        let slug = unique_slug("dispute");
        let s = signup(&t.db, &slug).await;
        let files_dir = tempfile::tempdir().unwrap();
        let mut files_config = t.config().files;
        files_config.dir = files_dir.path().to_path_buf();
        files_config.storage_url = None;
        let core = lyceum_core::Core::new(t.db.clone()).with_storage(lyceum_core::files::Storage::from_config(&files_config).unwrap());
        let scope = lyceum_core::TenantScope::for_test_operator(s.tenant.id, "test");
        let course = courses::create(&core, &scope, courses::CourseInput { title: Some("Essays".into()), ..Default::default() })
            .await
            .unwrap();
        let module = courses::structure::add_module(&core, &scope, course.id, "Week 1", None).await.unwrap();
        let lesson = courses::structure::LessonInput {
            title: Some("Essay".into()),
            kind: Some("assignment".into()),
            required: None,
            content: courses::content::ContentInput {
                assignment: Some(courses::content::AssignmentInput {
                    instructions: Some("Write.".into()),
                    points_possible: Some(10.0),
                    submission_types: Some(vec!["text".into(), "file".into()]),
                    ..Default::default()
                }),
                ..Default::default()
            },
            assignment_group_id: None,
        };
        let lesson = courses::structure::add_lesson(&core, &scope, module.id, lesson, None).await.unwrap();
        courses::publish(&core, &scope, course.id).await.unwrap();
        let input = lyceum_core::enrollments::EnrollInput { user_id: s.user.id, due_at: None, notify: false, external_id: None };
        lyceum_core::enrollments::enroll(&core, &scope, course.id, input).await.unwrap();
        let learner = lyceum_core::identity::authenticate(&core, &s.session.token, Default::default()).await.unwrap();
        let new = lyceum_core::files::NewFile { filename: "essay.md".into(), content_type: None, size: None };
        let bytes = futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"# My essay\n"))]);
        let limit = lyceum_core::files::upload_limit(&core, &learner).await.unwrap();
        let file = lyceum_core::files::upload(&core, &learner, limit, new, bytes).await.unwrap();
        let input = grading::SubmissionInput { body: Some("My essay".into()), url: None, file_ids: vec![file.id] };
        let sub = grading::submit(&core, &learner, lesson.id, input).await.unwrap();
        for points in [4.0, 7.5] {
            let input = grading::GradeInput { points: Some(points), post: points > 5.0, ..Default::default() };
            grading::grade(&core, &scope, sub.id, input).await.unwrap();
        }
        let shown = json(&lyceum(&t.url, &["submission", "show", "--tenant", &slug, &sub.id.to_string(), "--json"]));
        assert_eq!((shown["submission"]["body"].as_str(), shown["submission"]["grade"]["points"].as_f64()), (Some("My essay"), Some(7.5)), "{shown}");
        let history = shown["grade_history"].as_array().unwrap();
        assert_eq!(history.len(), 2, "{shown}");
        let f = &shown["submission"]["files"][0];
        assert_eq!((f["filename"].as_str(), f["content_type"].as_str()), (Some("essay.md"), Some("text/markdown")), "{shown}");
        assert_eq!(f["sha256"].as_str(), file.sha256.as_deref());
        assert_eq!((history[0]["before"].as_str(), history[1]["actor_type"].as_str()), (Some("null"), Some("operator")), "{shown}");
        let text = stdout(&lyceum(&t.url, &["submission", "show", "--tenant", &slug, &sub.id.to_string()]));
        assert!(text.contains("grade: 7.5 / 10") && text.contains("posted") && text.contains("CHANGED"), "{text}");
        assert!(text.contains("essay.md") && text.contains(file.sha256.as_deref().unwrap()), "{text}");
        let out = lyceum(&t.url, &["submission", "show", "--tenant", &slug, "not-an-id"]);
        assert_eq!(out.status.code(), Some(1));
    }

    async fn an_export_imports_into_an_empty_database_with_nothing_lost(t) {
        let slug = unique_slug("exp");
        let s = signup(&t.db, &slug).await;
        let core = lyceum_core::Core::new(t.db.clone());
        let scope = lyceum_core::TenantScope::for_test_operator(s.tenant.id, "test");
        lyceum_core::identity::api_keys::create(&core, &scope, "sync", &["courses:read".to_string()]).await.unwrap();
        let course = lyceum_core::courses::create(&core, &scope, lyceum_core::courses::CourseInput { title: Some("Chemistry".into()), ..Default::default() })
            .await
            .unwrap();
        let module = lyceum_core::courses::structure::add_module(&core, &scope, course.id, "Atoms", None).await.unwrap();
        let quiz = lyceum_core::courses::structure::LessonInput {
            title: Some("Check".into()),
            kind: Some("quiz".into()),
            required: None,
            content: lyceum_core::courses::content::ContentInput {
                passing_score: Some(50),
                questions: Some(vec![serde_json::json!({"prompt": "H2O?", "type": "true_false", "answer": true})]),
                ..Default::default()
            },
            assignment_group_id: None,
        };
        let quiz = lyceum_core::courses::structure::add_lesson(&core, &scope, module.id, quiz, None).await.unwrap();
        // Learning records: an enrollment completed by a passed quiz, with its signed certificate.
        lyceum_core::courses::publish(&core, &scope, course.id).await.unwrap();
        let input = lyceum_core::enrollments::EnrollInput { user_id: s.user.id, due_at: None, notify: false, external_id: None };
        let enrollment = lyceum_core::enrollments::enroll(&core, &scope, course.id, input).await.unwrap();
        let attempt = lyceum_core::assessments::AttemptInput {
            answers: vec![serde_json::json!({"question": 0, "value": true})],
            enrollment_id: Some(enrollment.id),
        };
        assert!(lyceum_core::assessments::submit(&core, &scope, quiz.id, attempt).await.unwrap().passed);
        let cert = lyceum_core::certificates::issue(&t.db, &scope, "http://lyceum.test", enrollment.id)
            .await
            .unwrap()
            .expect("issued");
        // A webhook endpoint, and the link to the tenant's Stripe customer (made by a checkout).
        let hook = lyceum_core::webhooks::EndpointInput { url: "https://hooks.example.org/lyceum".into(), events: vec!["*".into()], description: None };
        let (_, hook_secret) = lyceum_core::webhooks::create_endpoint(&core, &scope, hook, false).await.unwrap();
        let fake = lyceum_testkit::stripe::FakeStripe::start(&[("price_growth", 800)]).await;
        let mut config = t.config();
        config.stripe.secret_key = Some("sk_test_cli".into());
        config.stripe.api_base = Some(fake.url.clone());
        config.stripe.prices = Some("growth=price_growth".into());
        let billed = lyceum_core::Core::new(t.db.clone()).with_billing(lyceum_core::billing::Billing::from_config(&config).unwrap());
        let input = lyceum_core::billing::CheckoutInput { plan: "growth".into(), seats: 3, success_url: None, cancel_url: None };
        lyceum_core::billing::checkout(&billed, &scope, input, None).await.unwrap();

        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first.jsonl");
        ok(&lyceum(&t.url, &["tenant", "export", &slug, "--out", first.to_str().unwrap()]));
        // Secrets travel sealed, with the data keys that open them wrapped by the key encryption key.
        let exported = std::fs::read_to_string(&first).unwrap();
        assert!(!exported.contains(&hook_secret) && exported.contains("\"secret\":\"enc1:"));
        assert!(exported.contains("\"type\":\"data_key\"") && exported.contains("\"type\":\"audit_chain\""));
        // A deployment with another key encryption key cannot open them, and says so before writing.
        let elsewhere = TestDb::new(t.backend).await;
        let other_key = lyceum_core::vault::generate_key();
        let out = lyceum_with_key(&elsewhere.url, &other_key, &["tenant", "import", first.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("key encryption key"), "{}", stderr(&out));
        assert!(json(&lyceum_with_key(&elsewhere.url, &other_key, &["tenant", "list", "--json"])).as_array().unwrap().is_empty());
        let target = TestDb::new(t.backend).await;
        let out = lyceum(&target.url, &["tenant", "import", first.to_str().unwrap(), "--json"]);
        ok(&out);
        let summary = json(&out)["summary"].clone();
        assert_eq!((summary["users"].as_i64(), summary["courses"].as_i64(), summary["lessons"].as_i64()), (Some(1), Some(1), Some(1)));
        let learning = ["enrollments", "lesson_progress", "quiz_attempts", "signing_keys", "certificates"].map(|k| summary[k].as_i64());
        assert_eq!(learning, [Some(1); 5], "{summary}");
        assert_eq!((summary["billing_records"].as_i64(), summary["webhook_endpoints"].as_i64()), (Some(2), Some(1)), "{summary}");
        let second = dir.path().join("second.jsonl");
        ok(&lyceum(&target.url, &["tenant", "export", &slug, "--out", second.to_str().unwrap()]));
        let a = std::fs::read_to_string(&first).unwrap();
        let b = std::fs::read_to_string(&second).unwrap();
        // The import adds one audit event (tenant.imported); everything else is identical.
        // (and moves the audit chain's head on by one link).
        let same = |text: &str| -> Vec<String> {
            text.lines().filter(|l| !l.contains("\"tenant.imported\"") && !l.contains("\"type\":\"audit_chain\"")).map(String::from).collect()
        };
        assert_eq!(same(&a), same(&b));
        // The audit trail moved whole: its chain verifies on the new database.
        let out = lyceum(&target.url, &["audit", "verify", &slug]);
        ok(&out);
        assert!(stdout(&out).contains("intact"), "{}", stdout(&out));
        // The owner can still sign in with the same password on the new database.
        let core2 = lyceum_core::Core::new(target.db.clone());
        let login = lyceum_core::identity::sessions::login(
            &core2,
            lyceum_core::identity::sessions::LoginInput { tenant: slug.clone(), email: s.user.email.clone(), password: "correct horse battery".into(), acceptance: Default::default() },
            Default::default(),
        )
        .await;
        assert!(login.is_ok(), "{login:?}");
        // The certificate still verifies on the new database (its signing key moved with it).
        let v = lyceum_core::certificates::verify(&core2, &cert.code, Default::default()).await.unwrap();
        assert!(v.valid && v.signature_valid, "{v:?}");
        // Importing it again is refused and changes nothing.
        let out = lyceum(&target.url, &["tenant", "import", first.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    }
}

#[test]
fn completions_are_printed() {
    let out = Command::new(env!("CARGO_BIN_EXE_lyceum")).args(["completions", "bash"]).output().unwrap();
    ok(&out);
    assert!(stdout(&out).contains("lyceum") && stdout(&out).contains("retry-dead"));
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

/// `billing show` and `billing sync` against the test kit's fake Stripe: a checkout was paid but no
/// webhook arrived; support syncs the institution from Stripe.
mod billing {
    use lyceum_core::{
        billing::{self, Billing, CheckoutInput},
        Core, TenantScope,
    };
    use lyceum_testkit::stripe::FakeStripe;

    use super::*;

    fn lyceum_with_stripe(url: &str, stripe: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_lyceum"))
            .args(args)
            .env("LYCEUM_DATABASE_URL", url)
            .env("LYCEUM_MASTER_KEY", lyceum_testkit::MASTER_KEY)
            .env("LYCEUM_OPERATOR", "sam@support")
            .env("LYCEUM_STRIPE_SECRET_KEY", "sk_test_cli")
            .env("LYCEUM_STRIPE_API_BASE", stripe)
            .env("LYCEUM_STRIPE_PRICES", "starter=price_starter,growth=price_growth")
            .env_remove("LYCEUM_CONFIG")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("running lyceum")
    }

    db_tests! {
        async fn billing_show_and_sync(t) {
            let fake = FakeStripe::start(&[("price_starter", 400), ("price_growth", 800)]).await;
            let slug = unique_slug("paid");
            let tenant = signup(&t.db, &slug).await.tenant;
            let mut config = t.config();
            config.stripe.secret_key = Some("sk_test_cli".into());
            config.stripe.api_base = Some(fake.url.clone());
            config.stripe.prices = Some("starter=price_starter,growth=price_growth".into());
            let core = Core::new(t.db.clone()).with_billing(Billing::from_config(&config).unwrap());
            let scope = TenantScope::for_test(tenant.id);
            let input = CheckoutInput { plan: "growth".into(), seats: 12, success_url: None, cancel_url: None };
            let session = billing::checkout(&core, &scope, input, None).await.unwrap();
            let (_, sub) = fake.complete_checkout(&session.id);

            // Before: trialing, the customer known, no subscription.
            let out = lyceum(&t.url, &["billing", "show", &slug, "--json"]);
            ok(&out);
            let shown = json(&out);
            assert_eq!(shown["billing"]["status"], "trialing");
            assert_eq!(shown["billing"]["subscription_status"], "none");
            assert!(shown["billing"]["customer_id"].as_str().unwrap().starts_with("cus_"));

            // Without Stripe configured, sync says so and exits non-zero.
            let out = lyceum(&t.url, &["billing", "sync", &slug, "--json"]);
            assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
            assert_eq!(json(&out)["error"]["code"], "billing_not_configured");

            let out = lyceum_with_stripe(&t.url, &fake.url, &["billing", "sync", &slug, "--reason", "ticket 42", "--json"]);
            ok(&out);
            let synced = json(&out);
            assert_eq!(synced["sync"]["outcome"], "applied");
            assert_eq!(synced["sync"]["subscription_id"], sub["id"]);
            assert_eq!(synced["billing"]["status"], "active");
            assert_eq!(synced["billing"]["plan"], "growth");
            assert_eq!(synced["billing"]["seat_limit"], 12);

            let out = lyceum(&t.url, &["billing", "show", &slug]);
            ok(&out);
            let text = stdout(&out);
            assert!(text.starts_with("STATUS") && text.contains("active") && text.contains("growth"), "{text}");
            assert!(text.contains(sub["id"].as_str().unwrap()), "{text}");

            // The sync is in the audit trail with the operator and the reason.
            let out = lyceum(&t.url, &["audit", "list", "--tenant", &slug, "--action", "billing.synced", "--json"]);
            ok(&out);
            let events = json(&out);
            let e = &events.as_array().unwrap()[0];
            assert_eq!(e["actor_id"], "sam@support", "{e:#}");
            assert_eq!(e["metadata"]["reason"], "ticket 42", "{e:#}");

            let out = lyceum(&t.url, &["billing", "show", "no-such-tenant"]);
            assert_eq!(out.status.code(), Some(1));
            assert!(stderr(&out).contains("no tenant has the slug `no-such-tenant`"), "{}", stderr(&out));
        }
    }
}

db_tests! {
    /// Issue 15, finding 11: every CLI action is attributed to its operator in a platform-level trail
    /// that outlives the tenant (export and purge included), and an operator's password reset is
    /// audited as the operator.
    async fn audit_verify_names_the_first_break_and_keys_rotate(t) {
        let slug = unique_slug("chain");
        let s = signup(&t.db, &slug).await;
        let core = lyceum_core::Core::new(t.db.clone());
        let scope = lyceum_core::TenantScope::for_test_operator(s.tenant.id, "test");
        for title in ["One", "Two", "Three"] {
            lyceum_core::courses::create(&core, &scope, lyceum_core::courses::CourseInput { title: Some(title.into()), ..Default::default() })
                .await
                .unwrap();
        }
        let out = lyceum(&t.url, &["audit", "verify", &slug, "--json"]);
        ok(&out);
        assert_eq!(json(&out)["intact"], true);
        let head = stdout(&lyceum(&t.url, &["audit", "head", &slug])).trim().to_string();
        ok(&lyceum(&t.url, &["audit", "verify", &slug, "--anchor", &head]));
        // Someone edits the second event in the database.
        let tenant = s.tenant.id;
        t.db.doors()
            .write(&lyceum_core::TenantScope::for_test(tenant), move |tx| {
                use diesel::prelude::*;
                use lyceum_core::db::schema::audit_events as ae;
                lyceum_core::with_conn!(tx, |c| diesel::update(ae::table.filter(ae::tenant_id.eq(tenant)).filter(ae::seq.eq(2)))
                    .set(ae::ip.eq("203.0.113.9"))
                    .execute(c))?;
                Ok(())
            })
            .await
            .unwrap();
        let out = lyceum(&t.url, &["audit", "verify", &slug]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("at seq 2 was edited"), "{}", stderr(&out));

        // Keys: status names the key; a rotation to a new key re-wraps every data key under it.
        let hook = lyceum_core::webhooks::EndpointInput { url: "https://hooks.example.org/x".into(), events: vec!["*".into()], description: None };
        lyceum_core::webhooks::create_endpoint(&core, &scope, hook, false).await.unwrap();
        let status = json(&lyceum(&t.url, &["keys", "status", "--json"]));
        let old_id = status["current"].as_str().unwrap().to_string();
        assert_eq!(status["data_keys_by_key_encryption_key"][0]["key_encryption_key"], old_id.as_str());
        let new_key = stdout(&Command::new(env!("CARGO_BIN_EXE_lyceum")).args(["keys", "generate"]).output().unwrap()).trim().to_string();
        assert_eq!(lyceum_core::vault::parse_key(&new_key).unwrap().len(), 32);
        let out = lyceum_with_key(&t.url, &new_key, &["keys", "status"]);
        ok(&out);
        assert!(stdout(&out).contains("NO"), "{}", stdout(&out));
        let out = lyceum_with_key(&t.url, &new_key, &["migrate"]);
        assert_eq!(out.status.code(), Some(1), "a process without the key refuses to start");
        assert!(stderr(&out).contains(&old_id), "{}", stderr(&out));
        let out = Command::new(env!("CARGO_BIN_EXE_lyceum"))
            .args(["keys", "rotate", "--json"])
            .env("LYCEUM_DATABASE_URL", &t.url)
            .env("LYCEUM_MASTER_KEY", &new_key)
            .env("LYCEUM_PREVIOUS_MASTER_KEYS", lyceum_testkit::MASTER_KEY)
            .env_remove("LYCEUM_CONFIG")
            .output()
            .unwrap();
        ok(&out);
        assert!(json(&out)["rotation"]["data_keys_rewrapped"].as_i64().unwrap() >= 1);
        ok(&lyceum_with_key(&t.url, &new_key, &["migrate"]));
        let status = json(&lyceum_with_key(&t.url, &new_key, &["keys", "status", "--json"]));
        let wrapping: Vec<&str> = status["data_keys_by_key_encryption_key"].as_array().unwrap().iter().map(|k| k["key_encryption_key"].as_str().unwrap()).collect();
        assert_eq!(wrapping, vec![status["current"].as_str().unwrap()]);
    }

    async fn support_actions_leave_a_trace(t) {
        let slug = unique_slug("trace");
        let s = signup(&t.db, &slug).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.jsonl");
        ok(&lyceum(&t.url, &["tenant", "export", &slug, "--out", file.to_str().unwrap()]));
        ok(&lyceum(&t.url, &["user", "reset-password", "--tenant", &slug, "--email", &s.user.email]));
        let events = json(&lyceum(&t.url, &["audit", "list", "--tenant", &slug, "--action", "auth.password_reset_requested", "--json"]));
        assert_eq!((events[0]["actor_type"].as_str(), events[0]["actor_id"].as_str()), (Some("operator"), Some("sam@support")), "{events:#}");
        ok(&lyceum(&t.url, &["tenant", "delete", &slug, "--reason", "closing", "--yes"]));
        ok(&lyceum(&t.url, &["tenant", "purge", &slug, "--ignore-retention", "--yes"]));
        let out = lyceum(&t.url, &["tenant", "purge", &slug, "--yes"]);
        assert_eq!(out.status.code(), Some(1), "purging twice fails");

        let trail = json(&lyceum(&t.url, &["audit", "operators", "--tenant", &slug, "--json"]));
        let actions: Vec<(&str, &str, &str)> = trail
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["action"].as_str().unwrap(), a["outcome"].as_str().unwrap(), a["operator"].as_str().unwrap()))
            .collect();
        assert_eq!(
            actions,
            vec![
                // The listing itself is an action too, still running while it reads the trail.
                ("audit operators", "started", "sam@support"),
                ("tenant purge", "error", "sam@support"),
                ("tenant purge", "ok", "sam@support"),
                ("tenant delete", "ok", "sam@support"),
                ("audit list", "ok", "sam@support"),
                ("user reset-password", "ok", "sam@support"),
                ("tenant export", "ok", "sam@support"),
            ],
            "newest first, surviving the purge: {trail:#}"
        );
        assert!(trail[3]["reason"] == "closing" && trail[6]["command_line"].as_str().unwrap().contains("--out"), "{trail:#}");
        assert!(trail[1]["error"].as_str().unwrap().contains("no tenant has the slug"), "{trail:#}");
    }
}

/// Issue 15, finding 15: the CLI on a database that was never migrated says so and names the command.
#[tokio::test]
async fn the_cli_on_an_unmigrated_database_names_lyceum_migrate() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let t = TestDb::empty(backend).await;
        let out = lyceum(&t.url, &["tenant", "list"]);
        assert_eq!(out.status.code(), Some(1), "{backend:?}");
        let err = stderr(&out);
        assert!(err.contains("not migrated") && err.contains("lyceum migrate"), "{backend:?}: {err}");
        assert!(!err.contains("no such table") && !err.contains("internal error"), "{err}");
        ok(&lyceum(&t.url, &["migrate"]));
        ok(&lyceum(&t.url, &["tenant", "list"]));
    }
}
