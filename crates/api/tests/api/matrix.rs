//! The cross-tenant matrix: every operation of the spec, called with tenant B's credential on tenant
//! A's objects, answers 404 (or, for lists and creates, only ever touches B) and changes nothing in A.
//! A coverage check fails when an operation of the spec is in neither the matrix nor the list of
//! operations that take no credential.

use std::collections::BTreeSet;

use lyceum_testkit::db_tests;
use serde_json::{json, Value};

use crate::support::{Tenant, TestApp};

/// Operations without a credential: they cannot act across tenants by construction (the tenant comes
/// from the body or a token that names it).
/// `certificate_verify` and `issuer_view` are public on purpose (anyone holding a code may check it); the
/// learning test checks what they reveal.
const NO_CREDENTIAL: &[&str] = &[
    "signup_create",
    "auth_login",
    "auth_password_reset",
    "auth_password_reset_confirm",
    "auth_sso_exchange",
    // The tenant comes from the path's slug (start) or from the state Lyceum minted (callback).
    "auth_sso_start",
    "auth_sso_callback",
    "invitation_accept",
    "certificate_verify",
    "issuer_view",
    "plan_list",
    // A signed URL is the credential and names its institution (the files tests show another
    // institution's credential, or any change to the URL, is refused).
    "file_download",
    "file_upload_content",
    // Stripe's: the tenant comes from the signed event (the billing tests cover it).
    "billing_stripe_webhook",
    // Public keys of the institution the path names (tools fetch them; the LTI tests check the set
    // holds that institution's public keys only).
    "lti_platform_jwks",
    // The tenant comes from the path and the launch from its one-time hint (the LTI tests show another
    // institution's endpoint refuses a launch it did not start).
    "lti_platform_authorize",
    "lti_platform_authorize_form",
];

#[derive(Debug)]
enum Expect {
    /// B gets 404 for A's object.
    NotFound,
    /// B gets 200 and the response mentions none of A's ids.
    OnlyOwn,
    /// B's request succeeds (2xx) but acts only inside B.
    ActsInOwnTenant,
    /// B's request is refused for B's own reasons (B has no terms to accept): a 4xx other than 404.
    RefusedInOwnTenant,
}

struct Case {
    op: &'static str,
    method: &'static str,
    path: String,
    body: Option<Value>,
    expect: Expect,
}

struct TenantA {
    t: Tenant,
    learner_id: String,
    invited_id: String,
    key_id: String,
    course_id: String,
    module_id: String,
    lesson_id: String,
    quiz_id: String,
    enrollment_id: String,
    certificate_id: String,
    operation_id: String,
    endpoint_id: String,
    provider_id: String,
    lti_tool_id: String,
    lrs_credential_id: String,
    group_id: String,
    assignment_id: String,
    rubric_id: String,
    assignment_group_id: String,
    submission_id: String,
    file_id: String,
}

impl TenantA {
    fn ids(&self) -> Vec<&str> {
        vec![
            &self.learner_id,
            &self.invited_id,
            &self.key_id,
            &self.course_id,
            &self.module_id,
            &self.lesson_id,
            &self.quiz_id,
            &self.enrollment_id,
            &self.certificate_id,
            &self.operation_id,
            &self.endpoint_id,
            &self.provider_id,
            &self.lti_tool_id,
            &self.lrs_credential_id,
            &self.group_id,
            &self.assignment_id,
            &self.rubric_id,
            &self.assignment_group_id,
            &self.submission_id,
            &self.file_id,
        ]
    }
}

async fn tenant_a(app: &TestApp) -> TenantA {
    let t = app.signup("a").await;
    let (learner_id, learner_token) = app.user_with_role(&t, "learner").await;
    let invited = app
        .call(
            "POST",
            "/v1/users",
            Some(&t.owner_token),
            Some(&json!({"email": format!("inv@{}.test", t.slug), "name": "Inv", "role": "learner"})),
        )
        .await;
    let key = app
        .call("POST", "/v1/api-keys", Some(&t.owner_token), Some(&json!({"name": "a-key", "scopes": ["users:read"]})))
        .await;
    let course = app.call("POST", "/v1/courses", Some(&t.owner_token), Some(&json!({"title": "A's course"}))).await;
    let course_id = course.body["id"].as_str().unwrap().to_string();
    let module = app
        .call(
            "POST",
            &format!("/v1/courses/{course_id}/modules"),
            Some(&t.owner_token),
            Some(&json!({"title": "A's module"})),
        )
        .await;
    let module_id = module.body["id"].as_str().unwrap().to_string();
    let lesson = app
        .call(
            "POST",
            &format!("/v1/modules/{module_id}/lessons"),
            Some(&t.owner_token),
            Some(&json!({"title": "A's lesson", "kind": "text", "body": "secret of A"})),
        )
        .await;
    let lesson_id = lesson.body["id"].as_str().unwrap().to_string();
    let quiz = app
        .call(
            "POST",
            &format!("/v1/modules/{module_id}/lessons"),
            Some(&t.owner_token),
            Some(&json!({"title": "A's quiz", "kind": "quiz", "passing_score": 50, "questions": [
                {"prompt": "A?", "type": "true_false", "answer": true}
            ]})),
        )
        .await;
    let quiz_id = quiz.body["id"].as_str().unwrap().to_string();
    let rubric = app
        .call(
            "POST",
            &format!("/v1/courses/{course_id}/rubrics"),
            Some(&t.owner_token),
            Some(&json!({"title": "A's rubric", "criteria": [{"description": "A's criterion", "levels": [
                {"description": "Good", "points": 5}, {"description": "Poor", "points": 1}]}]})),
        )
        .await;
    assert_eq!(rubric.status, 201, "{rubric:#?}");
    let rubric_id = rubric.body["id"].as_str().unwrap().to_string();
    let group = app
        .call(
            "POST",
            &format!("/v1/courses/{course_id}/assignment-groups"),
            Some(&t.owner_token),
            Some(&json!({"name": "A's essays", "weight": 50})),
        )
        .await;
    let assignment_group_id = group.body["id"].as_str().unwrap().to_string();
    let assignment = app
        .call(
            "POST",
            &format!("/v1/modules/{module_id}/lessons"),
            Some(&t.owner_token),
            Some(&json!({"title": "A's essay", "kind": "assignment", "required": false,
                "assignment_group_id": assignment_group_id, "assignment": {"instructions": "secret of A",
                "points_possible": 5, "rubric_id": rubric_id}})),
        )
        .await;
    assert_eq!(assignment.status, 201, "{assignment:#?}");
    let assignment_id = assignment.body["id"].as_str().unwrap().to_string();
    let r = app.call("POST", &format!("/v1/courses/{course_id}/publish"), Some(&t.owner_token), None).await;
    assert_eq!(r.status, 200, "{r:#?}");
    let enrollment = app
        .call(
            "POST",
            &format!("/v1/courses/{course_id}/enrollments"),
            Some(&t.owner_token),
            Some(&json!({"user_id": learner_id, "notify": false})),
        )
        .await;
    let enrollment_id = enrollment.body["id"].as_str().unwrap().to_string();
    let r = app
        .call(
            "PUT",
            &format!("/v1/enrollments/{enrollment_id}/progress/{lesson_id}"),
            Some(&learner_token),
            Some(&json!({"status": "completed"})),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    let r = app
        .call(
            "POST",
            &format!("/v1/lessons/{quiz_id}/attempts"),
            Some(&learner_token),
            Some(&json!({"answers": [{"question": 0, "value": true}]})),
        )
        .await;
    assert_eq!(r.body["passed"], true, "{r:#?}");
    let submission = app
        .call(
            "POST",
            &format!("/v1/lessons/{assignment_id}/submissions"),
            Some(&learner_token),
            Some(&json!({"body": "A's essay text"})),
        )
        .await;
    assert_eq!(submission.status, 201, "{submission:#?}");
    let submission_id = submission.body["id"].as_str().unwrap().to_string();
    let file = crate::files::upload(app, &learner_token, "a.pdf", None, crate::files::PDF).await;
    assert_eq!(file.status, 201, "{file:#?}");
    let file_id = file.body["id"].as_str().unwrap().to_string();
    let r = app
        .call(
            "PUT",
            &format!("/v1/submissions/{submission_id}/grade"),
            Some(&t.owner_token),
            Some(&json!({"points": 4})),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    let op = app
        .call(
            "POST",
            &format!("/v1/courses/{course_id}/enrollments/bulk"),
            Some(&t.owner_token),
            Some(&json!({"user_ids": [learner_id], "notify": false})),
        )
        .await;
    app.run_jobs().await;
    let certs = app.call("GET", "/v1/certificates", Some(&t.owner_token), None).await;
    let endpoint = app
        .call(
            "POST",
            "/v1/webhook-endpoints",
            Some(&t.owner_token),
            Some(&json!({"url": "https://a.example.org/hook", "events": ["certificate.revoked"]})),
        )
        .await;
    let provider = app
        .call(
            "POST",
            "/v1/identity-providers",
            Some(&t.owner_token),
            Some(&json!({"name": "A's IdP", "issuer": "https://idp.a.test", "client_id": "a", "client_secret": "a-secret"})),
        )
        .await;
    assert_eq!(provider.status, 201, "{provider:#?}");
    let lrs_credential = app
        .call("POST", "/v1/lrs-credentials", Some(&t.owner_token), Some(&json!({"name": "A's authoring tool"})))
        .await;
    assert_eq!(lrs_credential.status, 201, "{lrs_credential:#?}");
    let lti_tool = app
        .call(
            "POST",
            "/v1/lti/tools",
            Some(&t.owner_token),
            Some(&json!({"name": "A's tool", "login_url": "https://tool.a.test/login",
                         "target_link_uri": "https://tool.a.test/launch", "jwks_url": "https://tool.a.test/jwks"})),
        )
        .await;
    assert_eq!(lti_tool.status, 201, "{lti_tool:#?}");
    let group = app
        .call(
            "POST",
            "/v1/groups",
            Some(&t.owner_token),
            Some(&json!({"name": "A's cohort", "external_id": "A-1", "user_ids": [learner_id]})),
        )
        .await;
    assert_eq!(group.status, 201, "{group:#?}");
    let group_id = group.body["id"].as_str().unwrap().to_string();
    let r = app
        .call(
            "POST",
            &format!("/v1/groups/{group_id}/courses"),
            Some(&t.owner_token),
            Some(&json!({"course_id": course_id})),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    TenantA {
        group_id,
        assignment_id,
        rubric_id,
        assignment_group_id,
        submission_id,
        file_id,
        provider_id: provider.body["id"].as_str().unwrap().to_string(),
        lti_tool_id: lti_tool.body["id"].as_str().unwrap().to_string(),
        lrs_credential_id: lrs_credential.body["credential"]["id"].as_str().unwrap().to_string(),
        endpoint_id: endpoint.body["id"].as_str().unwrap().to_string(),
        learner_id,
        invited_id: invited.body["id"].as_str().unwrap().to_string(),
        key_id: key.body["id"].as_str().unwrap().to_string(),
        course_id,
        module_id,
        lesson_id,
        quiz_id,
        enrollment_id,
        certificate_id: certs.body["items"][0]["id"].as_str().expect("A has a certificate").to_string(),
        operation_id: op.body["id"].as_str().unwrap().to_string(),
        t,
    }
}

/// A case's request: JSON, or for operations that take another body (the CSV import: a JSON string
/// holds the CSV text) that body with its content type.
async fn send(app: &TestApp, c: &Case, credential: &str) -> crate::support::Reply {
    match (c.op, &c.body) {
        ("user_import", Some(Value::String(csv))) => {
            let req = app
                .client
                .post(&c.path)
                .header("authorization", format!("Bearer {credential}"))
                .header("content-type", "text/csv")
                .body(csv.clone());
            TestApp::finish(req.send().await).await
        }
        ("file_upload", Some(Value::String(name))) => {
            crate::files::upload(app, credential, name, None, crate::files::PDF).await
        }
        _ => app.call(c.method, &c.path, Some(credential), c.body.as_ref()).await,
    }
}

fn cases(a: &TenantA) -> Vec<Case> {
    let case = |op, method, path: String, body, expect| Case { op, method, path, body, expect };
    vec![
        case("tenant_view", "GET", "/v1/tenant".into(), None, Expect::OnlyOwn),
        case(
            "tenant_update",
            "PATCH",
            "/v1/tenant".into(),
            Some(json!({"name": "B renamed"})),
            Expect::ActsInOwnTenant,
        ),
        case("retention_get", "GET", "/v1/retention".into(), None, Expect::OnlyOwn),
        case(
            "retention_update",
            "PATCH",
            "/v1/retention".into(),
            Some(json!({"sessions": 3})),
            Expect::ActsInOwnTenant,
        ),
        case("me_view", "GET", "/v1/me".into(), None, Expect::OnlyOwn),
        case("me_data_export", "POST", "/v1/me/data-export".into(), None, Expect::ActsInOwnTenant),
        case("me_consents", "GET", "/v1/me/consents".into(), None, Expect::OnlyOwn),
        case(
            "me_consent_accept",
            "POST",
            "/v1/me/consents".into(),
            Some(json!({"accepted_terms_version": "1"})),
            Expect::RefusedInOwnTenant,
        ),
        case("user_data_export", "POST", format!("/v1/users/{}/data-export", a.learner_id), None, Expect::NotFound),
        case("user_erase", "POST", format!("/v1/users/{}/erase", a.learner_id), None, Expect::NotFound),
        case("user_consents", "GET", format!("/v1/users/{}/consents", a.learner_id), None, Expect::NotFound),
        case("user_list", "GET", "/v1/users".into(), None, Expect::OnlyOwn),
        case("user_list", "GET", format!("/v1/users?q={}", a.t.slug), None, Expect::OnlyOwn),
        case("user_view", "GET", format!("/v1/users/{}", a.learner_id), None, Expect::NotFound),
        case(
            "user_update",
            "PATCH",
            format!("/v1/users/{}", a.learner_id),
            Some(json!({"role": "admin"})),
            Expect::NotFound,
        ),
        case("user_delete", "DELETE", format!("/v1/users/{}", a.learner_id), None, Expect::NotFound),
        case("user_invite", "POST", format!("/v1/users/{}/invite", a.invited_id), None, Expect::NotFound),
        case(
            "user_create",
            "POST",
            "/v1/users".into(),
            Some(
                json!({"email": format!("owner.{}@{}.test", uuid::Uuid::now_v7().simple(), a.t.slug), "name": "Dup", "role": "learner", "send_invite": false}),
            ),
            Expect::ActsInOwnTenant,
        ),
        case(
            "user_import",
            "POST",
            "/v1/users/import?send_invites=false".into(),
            Some(Value::String(format!("{},Same address as A's owner\n", a.t.owner_email))),
            Expect::ActsInOwnTenant,
        ),
        case("api_key_list", "GET", "/v1/api-keys".into(), None, Expect::OnlyOwn),
        case("api_key_revoke", "DELETE", format!("/v1/api-keys/{}", a.key_id), None, Expect::NotFound),
        case(
            "api_key_create",
            "POST",
            "/v1/api-keys".into(),
            Some(json!({"name": "b-key", "scopes": ["users:read"]})),
            Expect::ActsInOwnTenant,
        ),
        case("audit_event_list", "GET", "/v1/audit-events".into(), None, Expect::OnlyOwn),
        case("course_list", "GET", "/v1/courses".into(), None, Expect::OnlyOwn),
        case(
            "course_create",
            "POST",
            "/v1/courses".into(),
            Some(json!({"title": "B's course"})),
            Expect::ActsInOwnTenant,
        ),
        case("course_view", "GET", format!("/v1/courses/{}", a.course_id), None, Expect::NotFound),
        case("course_view", "GET", format!("/v1/courses/{}?include=outline", a.course_id), None, Expect::NotFound),
        case(
            "course_update",
            "PATCH",
            format!("/v1/courses/{}", a.course_id),
            Some(json!({"title": "Taken"})),
            Expect::NotFound,
        ),
        case("course_delete", "DELETE", format!("/v1/courses/{}", a.course_id), None, Expect::NotFound),
        case("course_publish", "POST", format!("/v1/courses/{}/publish", a.course_id), None, Expect::NotFound),
        case("course_archive", "POST", format!("/v1/courses/{}/archive", a.course_id), None, Expect::NotFound),
        case("module_list", "GET", format!("/v1/courses/{}/modules", a.course_id), None, Expect::NotFound),
        case(
            "module_create",
            "POST",
            format!("/v1/courses/{}/modules", a.course_id),
            Some(json!({"title": "x"})),
            Expect::NotFound,
        ),
        case(
            "module_update",
            "PATCH",
            format!("/v1/modules/{}", a.module_id),
            Some(json!({"title": "x"})),
            Expect::NotFound,
        ),
        case("module_delete", "DELETE", format!("/v1/modules/{}", a.module_id), None, Expect::NotFound),
        case("lesson_list", "GET", format!("/v1/modules/{}/lessons", a.module_id), None, Expect::NotFound),
        case(
            "lesson_create",
            "POST",
            format!("/v1/modules/{}/lessons", a.module_id),
            Some(json!({"title": "x", "kind": "text", "body": "b"})),
            Expect::NotFound,
        ),
        case("lesson_view", "GET", format!("/v1/lessons/{}", a.lesson_id), None, Expect::NotFound),
        case(
            "lesson_update",
            "PATCH",
            format!("/v1/lessons/{}", a.lesson_id),
            Some(json!({"title": "x"})),
            Expect::NotFound,
        ),
        case("lesson_delete", "DELETE", format!("/v1/lessons/{}", a.lesson_id), None, Expect::NotFound),
        case("enrollment_list", "GET", format!("/v1/courses/{}/enrollments", a.course_id), None, Expect::NotFound),
        case(
            "enrollment_create",
            "POST",
            format!("/v1/courses/{}/enrollments", a.course_id),
            Some(json!({"user_id": a.learner_id})),
            Expect::NotFound,
        ),
        case(
            "enrollment_bulk_create",
            "POST",
            format!("/v1/courses/{}/enrollments/bulk", a.course_id),
            Some(json!({"user_ids": [a.learner_id]})),
            Expect::NotFound,
        ),
        case("operation_view", "GET", format!("/v1/operations/{}", a.operation_id), None, Expect::NotFound),
        case("enrollment_view", "GET", format!("/v1/enrollments/{}", a.enrollment_id), None, Expect::NotFound),
        case(
            "enrollment_update",
            "PATCH",
            format!("/v1/enrollments/{}", a.enrollment_id),
            Some(json!({"due_at": null})),
            Expect::NotFound,
        ),
        case("enrollment_delete", "DELETE", format!("/v1/enrollments/{}", a.enrollment_id), None, Expect::NotFound),
        case("user_enrollment_list", "GET", format!("/v1/users/{}/enrollments", a.learner_id), None, Expect::NotFound),
        case("me_enrollment_list", "GET", "/v1/me/enrollments".into(), None, Expect::OnlyOwn),
        case("progress_list", "GET", format!("/v1/enrollments/{}/progress", a.enrollment_id), None, Expect::NotFound),
        case(
            "progress_update",
            "PUT",
            format!("/v1/enrollments/{}/progress/{}", a.enrollment_id, a.lesson_id),
            Some(json!({"status": "started", "time_spent_seconds": 99})),
            Expect::NotFound,
        ),
        case(
            "attempt_create",
            "POST",
            format!("/v1/lessons/{}/attempts", a.quiz_id),
            Some(json!({"answers": [{"question": 0, "value": false}], "enrollment_id": a.enrollment_id})),
            Expect::NotFound,
        ),
        case(
            "attempt_list",
            "GET",
            format!("/v1/lessons/{}/attempts?enrollment_id={}", a.quiz_id, a.enrollment_id),
            None,
            Expect::NotFound,
        ),
        case("certificate_list", "GET", "/v1/certificates".into(), None, Expect::OnlyOwn),
        case(
            "certificate_list",
            "GET",
            format!("/v1/certificates?course_id={}&user_id={}", a.course_id, a.learner_id),
            None,
            Expect::OnlyOwn,
        ),
        case(
            "certificate_revoke",
            "POST",
            format!("/v1/certificates/{}/revoke", a.certificate_id),
            Some(json!({"reason": "B"})),
            Expect::NotFound,
        ),
        case("report_course_view", "GET", format!("/v1/reports/courses/{}", a.course_id), None, Expect::NotFound),
        case(
            "report_course_learner_list",
            "GET",
            format!("/v1/reports/courses/{}/learners", a.course_id),
            None,
            Expect::NotFound,
        ),
        case("billing_subscription_view", "GET", "/v1/billing/subscription".into(), None, Expect::OnlyOwn),
        case("billing_invoice_list", "GET", "/v1/billing/invoices".into(), None, Expect::OnlyOwn),
        case(
            "billing_checkout_create",
            "POST",
            "/v1/billing/checkout-session".into(),
            Some(json!({"plan": "growth", "seats": 3})),
            Expect::ActsInOwnTenant,
        ),
        case(
            "billing_portal_create",
            "POST",
            "/v1/billing/portal-session".into(),
            Some(json!({})),
            Expect::ActsInOwnTenant,
        ),
        case("webhook_endpoint_list", "GET", "/v1/webhook-endpoints".into(), None, Expect::OnlyOwn),
        case("lti_tool_list", "GET", "/v1/lti/tools".into(), None, Expect::OnlyOwn),
        case(
            "lti_tool_create",
            "POST",
            "/v1/lti/tools".into(),
            Some(json!({"name": "B's tool", "login_url": "https://tool.b.test/login",
                        "target_link_uri": "https://tool.b.test/launch", "jwks_url": "https://tool.b.test/jwks"})),
            Expect::ActsInOwnTenant,
        ),
        case("lti_tool_view", "GET", format!("/v1/lti/tools/{}", a.lti_tool_id), None, Expect::NotFound),
        case(
            "lti_tool_update",
            "PATCH",
            format!("/v1/lti/tools/{}", a.lti_tool_id),
            Some(json!({"enabled": false})),
            Expect::NotFound,
        ),
        case("lti_tool_delete", "DELETE", format!("/v1/lti/tools/{}", a.lti_tool_id), None, Expect::NotFound),
        case("lti_key_list", "GET", "/v1/lti/keys".into(), None, Expect::OnlyOwn),
        case("lti_key_rotate", "POST", "/v1/lti/keys/rotate".into(), None, Expect::ActsInOwnTenant),
        case("lti_lesson_launch", "POST", format!("/v1/lessons/{}/lti-launch", a.lesson_id), None, Expect::NotFound),
        case(
            "lti_module_deep_link",
            "POST",
            format!("/v1/modules/{}/lti-deep-link", a.module_id),
            Some(json!({"tool_id": a.lti_tool_id})),
            Expect::NotFound,
        ),
        case("lrs_credential_list", "GET", "/v1/lrs-credentials".into(), None, Expect::OnlyOwn),
        // A's uploaded file is not B's to import: refused as naming no file of B's.
        case(
            "cmi5_package_import",
            "POST",
            "/v1/cmi5-packages".into(),
            Some(json!({"file_id": a.file_id})),
            Expect::RefusedInOwnTenant,
        ),
        case(
            "cmi5_lesson_launch",
            "POST",
            format!("/v1/lessons/{}/cmi5-launch", a.lesson_id),
            Some(json!({})),
            Expect::NotFound,
        ),
        case(
            "cmi5_au_waive",
            "POST",
            format!("/v1/enrollments/{}/cmi5-waivers", a.enrollment_id),
            Some(json!({"lesson_id": a.lesson_id, "reason": "Administrative"})),
            Expect::NotFound,
        ),
        case(
            "lrs_credential_create",
            "POST",
            "/v1/lrs-credentials".into(),
            Some(json!({"name": "B's authoring tool"})),
            Expect::ActsInOwnTenant,
        ),
        case(
            "lrs_credential_revoke",
            "DELETE",
            format!("/v1/lrs-credentials/{}", a.lrs_credential_id),
            None,
            Expect::NotFound,
        ),
        case("identity_provider_list", "GET", "/v1/identity-providers".into(), None, Expect::OnlyOwn),
        case(
            "identity_provider_create",
            "POST",
            "/v1/identity-providers".into(),
            Some(
                json!({"name": "B's IdP", "issuer": "https://idp.b.test", "client_id": "b", "client_secret": "b-secret"}),
            ),
            Expect::ActsInOwnTenant,
        ),
        case(
            "identity_provider_view",
            "GET",
            format!("/v1/identity-providers/{}", a.provider_id),
            None,
            Expect::NotFound,
        ),
        case(
            "identity_provider_update",
            "PATCH",
            format!("/v1/identity-providers/{}", a.provider_id),
            Some(json!({"name": "Taken"})),
            Expect::NotFound,
        ),
        case(
            "identity_provider_delete",
            "DELETE",
            format!("/v1/identity-providers/{}", a.provider_id),
            None,
            Expect::NotFound,
        ),
        case(
            "webhook_endpoint_create",
            "POST",
            "/v1/webhook-endpoints".into(),
            Some(json!({"url": "https://b.example.org/hook", "events": ["certificate.revoked"]})),
            Expect::ActsInOwnTenant,
        ),
        case(
            "webhook_endpoint_view",
            "GET",
            format!("/v1/webhook-endpoints/{}", a.endpoint_id),
            None,
            Expect::NotFound,
        ),
        case(
            "webhook_endpoint_delete",
            "DELETE",
            format!("/v1/webhook-endpoints/{}", a.endpoint_id),
            None,
            Expect::NotFound,
        ),
        case(
            "webhook_delivery_list",
            "GET",
            format!("/v1/webhook-endpoints/{}/deliveries", a.endpoint_id),
            None,
            Expect::NotFound,
        ),
        case(
            "webhook_delivery_redeliver",
            "POST",
            format!("/v1/webhook-endpoints/{}/deliveries/{}/redeliver", a.endpoint_id, uuid::Uuid::now_v7()),
            None,
            Expect::NotFound,
        ),
        case("group_list", "GET", "/v1/groups?external_id=A-1".into(), None, Expect::OnlyOwn),
        case("group_create", "POST", "/v1/groups".into(), Some(json!({"name": "B's"})), Expect::ActsInOwnTenant),
        case("group_view", "GET", format!("/v1/groups/{}", a.group_id), None, Expect::NotFound),
        case(
            "group_update",
            "PATCH",
            format!("/v1/groups/{}", a.group_id),
            Some(json!({"name": "Taken"})),
            Expect::NotFound,
        ),
        case("group_delete", "DELETE", format!("/v1/groups/{}", a.group_id), None, Expect::NotFound),
        case("group_member_list", "GET", format!("/v1/groups/{}/members", a.group_id), None, Expect::NotFound),
        case(
            "group_member_add",
            "POST",
            format!("/v1/groups/{}/members", a.group_id),
            Some(json!({"user_ids": [a.learner_id]})),
            Expect::NotFound,
        ),
        case(
            "group_member_remove",
            "DELETE",
            format!("/v1/groups/{}/members/{}", a.group_id, a.learner_id),
            None,
            Expect::NotFound,
        ),
        case("group_course_list", "GET", format!("/v1/groups/{}/courses", a.group_id), None, Expect::NotFound),
        case(
            "group_course_enroll",
            "POST",
            format!("/v1/groups/{}/courses", a.group_id),
            Some(json!({"course_id": a.course_id})),
            Expect::NotFound,
        ),
        case(
            "group_course_unlink",
            "DELETE",
            format!("/v1/groups/{}/courses/{}", a.group_id, a.course_id),
            None,
            Expect::NotFound,
        ),
        case("course_staff_list", "GET", format!("/v1/courses/{}/staff", a.course_id), None, Expect::NotFound),
        case(
            "course_staff_add",
            "POST",
            format!("/v1/courses/{}/staff", a.course_id),
            Some(json!({"user_id": a.learner_id, "role": "teaching_assistant"})),
            Expect::NotFound,
        ),
        case(
            "course_staff_remove",
            "DELETE",
            format!("/v1/courses/{}/staff/{}", a.course_id, a.t.owner_id),
            None,
            Expect::NotFound,
        ),
        case("rubric_list", "GET", format!("/v1/courses/{}/rubrics", a.course_id), None, Expect::NotFound),
        case(
            "rubric_create",
            "POST",
            format!("/v1/courses/{}/rubrics", a.course_id),
            Some(
                json!({"title": "B's", "criteria": [{"description": "x", "levels": [{"description": "y", "points": 1}]}]}),
            ),
            Expect::NotFound,
        ),
        case("rubric_view", "GET", format!("/v1/rubrics/{}", a.rubric_id), None, Expect::NotFound),
        case(
            "rubric_update",
            "PATCH",
            format!("/v1/rubrics/{}", a.rubric_id),
            Some(json!({"title": "B's"})),
            Expect::NotFound,
        ),
        case("rubric_delete", "DELETE", format!("/v1/rubrics/{}", a.rubric_id), None, Expect::NotFound),
        case(
            "assignment_group_list",
            "GET",
            format!("/v1/courses/{}/assignment-groups", a.course_id),
            None,
            Expect::NotFound,
        ),
        case(
            "assignment_group_create",
            "POST",
            format!("/v1/courses/{}/assignment-groups", a.course_id),
            Some(json!({"name": "B's", "weight": 1})),
            Expect::NotFound,
        ),
        case(
            "assignment_group_update",
            "PATCH",
            format!("/v1/assignment-groups/{}", a.assignment_group_id),
            Some(json!({"weight": 99})),
            Expect::NotFound,
        ),
        case(
            "assignment_group_delete",
            "DELETE",
            format!("/v1/assignment-groups/{}", a.assignment_group_id),
            None,
            Expect::NotFound,
        ),
        case("grading_scale_view", "GET", format!("/v1/courses/{}/grading-scale", a.course_id), None, Expect::NotFound),
        case(
            "grading_scale_set",
            "PUT",
            format!("/v1/courses/{}/grading-scale", a.course_id),
            Some(json!({"scale": null})),
            Expect::NotFound,
        ),
        case(
            "submission_create",
            "POST",
            format!("/v1/lessons/{}/submissions", a.assignment_id),
            Some(json!({"body": "B's"})),
            Expect::NotFound,
        ),
        case("submission_list", "GET", format!("/v1/lessons/{}/submissions", a.assignment_id), None, Expect::NotFound),
        case("submission_view", "GET", format!("/v1/submissions/{}", a.submission_id), None, Expect::NotFound),
        case(
            "submission_grade",
            "PUT",
            format!("/v1/submissions/{}/grade", a.submission_id),
            Some(json!({"points": 0, "post": true})),
            Expect::NotFound,
        ),
        case(
            "submission_grade_history",
            "GET",
            format!("/v1/submissions/{}/grade-history", a.submission_id),
            None,
            Expect::NotFound,
        ),
        case("grades_post", "POST", format!("/v1/lessons/{}/grades/post", a.assignment_id), None, Expect::NotFound),
        case("gradebook_view", "GET", format!("/v1/courses/{}/gradebook", a.course_id), None, Expect::NotFound),
        case(
            "gradebook_export",
            "GET",
            format!("/v1/courses/{}/gradebook/export", a.course_id),
            None,
            Expect::NotFound,
        ),
        case(
            "file_upload_start",
            "POST",
            "/v1/files/uploads".into(),
            Some(json!({"filename": "b.pdf", "size": 10})),
            Expect::ActsInOwnTenant,
        ),
        case("file_upload", "POST", "/v1/files".into(), Some(json!("b.pdf")), Expect::ActsInOwnTenant),
        case("file_view", "GET", format!("/v1/files/{}", a.file_id), None, Expect::NotFound),
        case("auth_logout", "POST", "/v1/auth/logout".into(), None, Expect::ActsInOwnTenant),
    ]
}

/// Everything of A that B must not be able to change, as A sees it.
async fn snapshot(app: &TestApp, a: &TenantA) -> Vec<String> {
    let mut out = Vec::new();
    let outline = format!("/v1/courses/{}?include=outline", a.course_id);
    let progress = format!("/v1/enrollments/{}/progress", a.enrollment_id);
    let enrollments = format!("/v1/courses/{}/enrollments", a.course_id);
    let attempts = format!("/v1/lessons/{}/attempts?enrollment_id={}", a.quiz_id, a.enrollment_id);
    let operation = format!("/v1/operations/{}", a.operation_id);
    let group_members = format!("/v1/groups/{}/members", a.group_id);
    let group_courses = format!("/v1/groups/{}/courses", a.group_id);
    let gradebook = format!("/v1/courses/{}/gradebook", a.course_id);
    let submissions = format!("/v1/lessons/{}/submissions", a.assignment_id);
    let history = format!("/v1/submissions/{}/grade-history", a.submission_id);
    let rubrics = format!("/v1/courses/{}/rubrics", a.course_id);
    let staff = format!("/v1/courses/{}/staff", a.course_id);
    let groups = format!("/v1/courses/{}/assignment-groups", a.course_id);
    let scale = format!("/v1/courses/{}/grading-scale", a.course_id);
    let file = format!("/v1/files/{}", a.file_id);
    for path in [
        "/v1/users?limit=200",
        "/v1/api-keys?limit=200",
        "/v1/tenant",
        "/v1/courses?limit=200",
        outline.as_str(),
        progress.as_str(),
        enrollments.as_str(),
        attempts.as_str(),
        operation.as_str(),
        "/v1/certificates",
        "/v1/webhook-endpoints",
        "/v1/billing/subscription",
        "/v1/groups",
        group_members.as_str(),
        group_courses.as_str(),
        gradebook.as_str(),
        submissions.as_str(),
        history.as_str(),
        rubrics.as_str(),
        staff.as_str(),
        groups.as_str(),
        scale.as_str(),
        file.as_str(),
    ] {
        let r = app.call("GET", path, Some(&a.t.owner_token), None).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let mut v = r.body.clone();
        // last_used_at moves with A's own reads.
        if let Some(items) = v["items"].as_array_mut() {
            for i in items {
                i.as_object_mut().map(|o| o.remove("last_used_at"));
            }
        }
        // A file's signed URL is minted afresh for every read.
        if let Some(o) = v.as_object_mut() {
            o.remove("download_url");
            o.remove("download_expires_at");
        }
        out.push(v.to_string());
    }
    out
}

db_tests! {
    async fn tenant_b_can_neither_see_nor_change_tenant_a(t) {
        let (app, _stripe) = TestApp::with_fake_stripe(t).await;
        b_cannot_reach_a(&app).await;
    }
}

/// Issue 22, item 2: the same walls when the lag-tolerant reads go to a replica (here the server
/// itself, reached through the replica's pool as the runtime role).
#[tokio::test]
async fn tenant_b_can_neither_see_nor_change_tenant_a_through_the_replica() {
    let mut t = lyceum_testkit::TestDb::new(lyceum_testkit::Backend::Postgres).await;
    t.db = t.db.clone().with_replica(&t.url, 4, std::time::Duration::from_millis(100)).await.expect("the replica");
    let (app, _stripe) = TestApp::with_fake_stripe(t).await;
    b_cannot_reach_a(&app).await;
    let routed = app.t.db.replica_status().expect("a replica");
    assert!(routed.served >= 8, "the replica served {routed:?}");
    assert_eq!(routed.passed_over, 0);
}

/// Every operation, called by tenant B's owner and all-scopes key with tenant A's ids: never A's data,
/// never a change to A.
async fn b_cannot_reach_a(app: &TestApp) {
    let a = tenant_a(app).await;
    let before = snapshot(app, &a).await;
    let mut a_ids: Vec<String> = a.ids().into_iter().map(String::from).collect();
    a_ids.extend([a.t.id.clone(), a.t.owner_id.clone(), "secret of A".to_string()]);

    // B calls with an owner session (every permission) and with an all-scopes API key.
    let b = app.signup("b").await;
    let b_key = app
        .call(
            "POST",
            "/v1/api-keys",
            Some(&b.owner_token),
            Some(&json!({"name": "all", "scopes": ["tenant:read", "users:read", "users:write", "audit:read", "courses:read", "courses:write", "enrollments:read", "enrollments:write", "certificates:write", "webhooks:read", "webhooks:write", "grades:read", "grades:write"]})),
        )
        .await
        .body["key"]
        .as_str()
        .unwrap()
        .to_string();

    for credential in [b.owner_token.clone(), b_key] {
        for c in cases(&a) {
            let r = send(app, &c, &credential).await;
            match c.expect {
                Expect::NotFound if r.status == 403 => {
                    // The credential lacks the permission altogether: then a made-up id must get
                    // the same answer, or the 403 would tell A's objects apart.
                    let made_up = a
                        .ids()
                        .into_iter()
                        .fold(c.path.clone(), |p, id| p.replace(id, &uuid::Uuid::now_v7().to_string()));
                    let other = app.call(c.method, &made_up, Some(&credential), c.body.as_ref()).await;
                    assert_eq!(other.status, 403, "{} {}", c.op, made_up);
                }
                Expect::NotFound => r.assert_problem(404, "not_found"),
                Expect::OnlyOwn => {
                    // A key without a permission may get 403; it must never get A's data.
                    assert!(r.status == 200 || r.status == 403, "{} {}: {r:#?}", c.op, c.path);
                }
                Expect::ActsInOwnTenant => {
                    assert!(r.status.is_success() || r.status == 403, "{} {}: {r:#?}", c.op, c.path);
                }
                Expect::RefusedInOwnTenant => {
                    assert!(r.status.is_client_error() && r.status != 404, "{} {}: {r:#?}", c.op, c.path);
                }
            }
            for id in &a_ids {
                assert!(!r.text.contains(id.as_str()), "{} {} leaked {id} of tenant A: {}", c.op, c.path, r.text);
            }
        }
    }
    assert_eq!(snapshot(app, &a).await, before, "tenant A changed");
}

db_tests! {
    /// Every declared permission (and so every API key scope) guards at least one operation: a key that
    /// lacks it is refused somewhere with a problem naming it. A permission that guards nothing (as
    /// `tenant:read` once did) fails here.
    async fn every_permission_guards_an_operation(t) {
        use lyceum_core::identity::permissions::{grantable_scopes, Permission};
        let (app, _stripe) = TestApp::with_fake_stripe(t).await;
        let a = tenant_a(&app).await;
        let mut unguarded = Vec::new();
        for p in Permission::ALL {
            let scopes: Vec<&str> = grantable_scopes().filter(|s| s != p).map(Permission::name).collect();
            let r = app
                .call("POST", "/v1/api-keys", Some(&a.t.owner_token), Some(&json!({"name": "all but one", "scopes": scopes})))
                .await;
            assert_eq!(r.status, 201, "{r:#?}");
            let key = r.body["key"].as_str().unwrap().to_string();
            let wanted = format!("lacks the `{}` permission", p.name());
            let mut guarded = false;
            for c in cases(&a) {
                let r = send(&app, &c, &key).await;
                if r.status == 403 && r.body["detail"].as_str().is_some_and(|d| d.contains(&wanted)) {
                    guarded = true;
                    break;
                }
            }
            // SCIM's routes are outside the spec; they answer in SCIM's error format.
            let scim = app.call("GET", "/scim/v2/Users", Some(&key), None).await;
            if scim.status == 403 && scim.body["detail"].as_str().is_some_and(|d| d.contains(&wanted)) {
                guarded = true;
            }
            if !guarded {
                unguarded.push(p.name());
            }
        }
        assert!(unguarded.is_empty(), "permissions that guard no operation: {unguarded:?}");
    }
}

#[test]
fn every_operation_is_in_the_matrix() {
    let spec: Value = serde_json::from_str(&lyceum_api::spec_json()).unwrap();
    let mut ops = BTreeSet::new();
    for (_, item) in spec["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                ops.insert(id.to_string());
            }
        }
    }
    let dummy = TenantA {
        t: Tenant {
            slug: "x".into(),
            id: "x".into(),
            owner_email: "x".into(),
            owner_id: "x".into(),
            owner_token: "x".into(),
        },
        learner_id: "x".into(),
        invited_id: "x".into(),
        key_id: "x".into(),
        course_id: "x".into(),
        module_id: "x".into(),
        lesson_id: "x".into(),
        quiz_id: "x".into(),
        enrollment_id: "x".into(),
        provider_id: "x".into(),
        lti_tool_id: "x".into(),
        lrs_credential_id: "x".into(),
        group_id: "x".into(),
        assignment_id: "x".into(),
        rubric_id: "x".into(),
        assignment_group_id: "x".into(),
        submission_id: "x".into(),
        file_id: "x".into(),
        certificate_id: "x".into(),
        operation_id: "x".into(),
        endpoint_id: "x".into(),
    };
    let covered: BTreeSet<String> =
        cases(&dummy).iter().map(|c| c.op.to_string()).chain(NO_CREDENTIAL.iter().map(|s| s.to_string())).collect();
    let missing: Vec<_> = ops.difference(&covered).collect();
    assert!(missing.is_empty(), "operations missing from the cross-tenant matrix (tests/api/matrix.rs): {missing:?}");
    let stale: Vec<_> = covered.difference(&ops).collect();
    assert!(stale.is_empty(), "matrix names operations the spec does not have: {stale:?}");
}
