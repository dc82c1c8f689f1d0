//! The rules core validates, stated in the spec: lengths, ranges, patterns and the allowed values of
//! request fields and query parameters, so SDK users see them in their types (openapi-typescript makes
//! an enum a union of literals) and schemathesis generates data the server accepts.
//!
//! The values come from core's own constants, so the spec cannot drift from what core enforces. They
//! describe; core still validates (and answers 400 `validation_failed` naming the field). Responses
//! keep plain strings: new values may appear in `v1` (docs/api.md, versioning).

use lyceum_core::{
    certificates::MAX_REASON_CHARS,
    courses::{
        content::{KINDS, MAX_MARKDOWN_CHARS, MAX_QUESTIONS, MAX_URL_LEN},
        CourseStatus, MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS,
    },
    enrollments::{bulk::MAX_ROWS, progress::MAX_TIME_SPENT_SECONDS, EnrollmentStatus},
    identity::{
        api_keys::MAX_KEY_NAME_CHARS,
        password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS},
        permissions::grantable_scopes,
        Role, UserStatus,
    },
    pagination::MAX_LIMIT,
    tenants::signup::{MAX_NAME_CHARS, PUBLIC_SIGNUP_PLANS, SLUG_PATTERN},
    webhooks::{EVENT_TYPES, MAX_DESCRIPTION_CHARS as MAX_ENDPOINT_DESCRIPTION_CHARS},
};
use serde_json::{json, Value};

use crate::endpoints::billing::MAX_INVOICE_PAGE;

fn name() -> Value {
    json!({"minLength": 1, "maxLength": MAX_NAME_CHARS})
}

fn title() -> Value {
    json!({"minLength": 1, "maxLength": MAX_TITLE_CHARS})
}

fn password() -> Value {
    json!({"minLength": MIN_PASSWORD_CHARS, "maxLength": MAX_PASSWORD_CHARS})
}

fn one_of<'a>(values: impl IntoIterator<Item = &'a str>) -> Value {
    json!({ "enum": values.into_iter().collect::<Vec<_>>() })
}

/// A path on an institution's app (`tenants::links::check_app_paths`).
fn app_path() -> Value {
    json!({"pattern": "^/([A-Za-z0-9._~%!$&'()*+,;=:@-][A-Za-z0-9/._~%!$&'()*+,;=:@-]*)?$", "maxLength": 200})
}

fn roles() -> Value {
    one_of(Role::ALL.iter().map(|r| r.as_str()))
}

fn enrollment_statuses() -> Value {
    one_of(EnrollmentStatus::ALL.iter().map(|s| s.as_str()))
}

/// `(schema, property, constraints)`; an array property's constraints apply to the array, and those
/// under `items` to its items.
fn body_rules() -> Vec<(&'static str, &'static str, Value)> {
    let lesson = || {
        vec![
            ("title", title()),
            // cmi5 lessons come from a package import only: a client sends the other kinds.
            ("kind", one_of(KINDS.iter().copied().filter(|k| *k != "cmi5"))),
            ("position", json!({"minimum": 1})),
            ("body", json!({"maxLength": MAX_MARKDOWN_CHARS})),
            ("url", json!({"maxLength": MAX_URL_LEN})),
            ("duration_seconds", json!({"minimum": 1, "maximum": 86_400})),
            ("size_bytes", json!({"minimum": 0})),
            ("media_type", json!({"maxLength": 255})),
            ("passing_score", json!({"minimum": 0, "maximum": 100})),
            ("max_attempts", json!({"minimum": 1, "maximum": 100})),
            ("questions", json!({"maxItems": MAX_QUESTIONS})),
        ]
    };
    let mut rules = vec![
        ("SignupRequest", "institution_name", name()),
        ("SignupRequest", "slug", json!({"pattern": SLUG_PATTERN})),
        ("SignupRequest", "owner_name", name()),
        ("SignupRequest", "owner_email", json!({"format": "email"})),
        ("SignupRequest", "password", password()),
        ("SignupRequest", "plan", one_of(PUBLIC_SIGNUP_PLANS.iter().copied())),
        ("PasswordResetConfirm", "password", password()),
        ("AcceptInvitation", "name", name()),
        ("AcceptInvitation", "password", password()),
        ("UpdateTenant", "name", name()),
        ("UpdateTenant", "brand_color", json!({"pattern": "^#[0-9A-Fa-f]{6}$"})),
        ("UpdateTenant", "reply_to", json!({"format": "email", "maxLength": 254})),
        (
            "UpdateTenant",
            "app_url",
            json!({"format": "uri", "maxLength": 2000,
            "pattern": "^https://[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,4})?(/[A-Za-z0-9/._~%!$&'()*+,;=:@-]*)?$"}),
        ),
        ("AppPathsView", "invitation", app_path()),
        ("AppPathsView", "password_reset", app_path()),
        ("AppPathsView", "sign_in", app_path()),
        ("AppPathsView", "courses", app_path()),
        ("AppPathsView", "billing", app_path()),
        ("CreateUser", "email", json!({"format": "email"})),
        ("CreateUser", "name", name()),
        ("CreateUser", "role", roles()),
        ("CreateUser", "password", password()),
        ("UpdateUser", "name", name()),
        ("UpdateUser", "role", roles()),
        ("UpdateUser", "status", one_of([UserStatus::Active.as_str(), UserStatus::Disabled.as_str()])),
        ("CreateApiKey", "name", json!({"minLength": 1, "maxLength": MAX_KEY_NAME_CHARS})),
        ("CreateApiKey", "scopes", json!({"minItems": 1, "items": one_of(grantable_scopes().map(|p| p.name()))})),
        ("CreateCourse", "title", title()),
        ("CreateCourse", "slug", json!({"pattern": SLUG_PATTERN})),
        ("CreateCourse", "description", json!({"maxLength": MAX_DESCRIPTION_CHARS})),
        ("UpdateCourse", "title", title()),
        ("UpdateCourse", "slug", json!({"pattern": SLUG_PATTERN})),
        ("UpdateCourse", "description", json!({"maxLength": MAX_DESCRIPTION_CHARS})),
        ("CreateModule", "title", title()),
        ("CreateModule", "position", json!({"minimum": 1})),
        ("UpdateModule", "title", title()),
        ("UpdateModule", "position", json!({"minimum": 1})),
        ("UpdateEnrollment", "status", one_of([EnrollmentStatus::Active.as_str(), EnrollmentStatus::Dropped.as_str()])),
        ("BulkEnrollment", "user_ids", json!({"maxItems": MAX_ROWS})),
        ("BulkEnrollment", "emails", json!({"maxItems": MAX_ROWS})),
        ("RecordProgress", "status", one_of(["started", "completed"])),
        ("RecordProgress", "score", json!({"minimum": 0, "maximum": 100})),
        ("RecordProgress", "time_spent_seconds", json!({"minimum": 0, "maximum": MAX_TIME_SPENT_SECONDS})),
        ("RevokeCertificate", "reason", json!({"maxLength": MAX_REASON_CHARS})),
        ("CreateEndpoint", "url", json!({"maxLength": MAX_URL_LEN})),
        ("CreateEndpoint", "description", json!({"maxLength": MAX_ENDPOINT_DESCRIPTION_CHARS})),
        (
            "CreateEndpoint",
            "events",
            json!({"minItems": 1, "items": one_of(std::iter::once("*").chain(EVENT_TYPES.iter().copied()))}),
        ),
        ("CreateCheckoutSession", "seats", json!({"minimum": 1})),
        ("CreateCheckoutSession", "success_url", json!({"maxLength": MAX_URL_LEN})),
        ("CreateCheckoutSession", "cancel_url", json!({"maxLength": MAX_URL_LEN})),
        ("CreatePortalSession", "return_url", json!({"maxLength": MAX_URL_LEN})),
    ];
    for schema in ["CreateLesson", "UpdateLesson"] {
        rules.extend(lesson().into_iter().map(|(p, c)| (schema, p, c)));
    }
    rules
}

/// `(operation id, query parameter, schema constraints)`.
fn query_rules() -> Vec<(&'static str, &'static str, Value)> {
    let mut rules = vec![
        ("billing_invoice_list", "limit", json!({"minimum": 1, "maximum": MAX_INVOICE_PAGE})),
        ("course_list", "status", one_of(CourseStatus::ALL.iter().map(|s| s.as_str()))),
        ("course_view", "include", one_of(["outline"])),
        ("user_list", "role", roles()),
        ("user_list", "status", one_of(UserStatus::ALL.iter().map(|s| s.as_str()))),
    ];
    for op in ["enrollment_list", "me_enrollment_list", "user_enrollment_list", "report_course_learner_list"] {
        rules.push((op, "status", enrollment_statuses()));
    }
    rules
}

/// The shared page-size parameter's range.
pub(super) fn limit_range() -> Value {
    json!({"minimum": 1, "maximum": MAX_LIMIT})
}

fn merge(target: &mut Value, constraints: &Value) {
    if let (Some(t), Some(c)) = (target.as_object_mut(), constraints.as_object()) {
        for (k, v) in c {
            if k == "items" {
                merge(t.entry("items").or_insert_with(|| json!({})), v);
            } else {
                t.insert(k.clone(), v.clone());
            }
        }
        // An optional property may be `null` (see `mark_optional_nullable`); OpenAPI 3.0 wants that
        // `null` among the values of an enum too, or validators refuse it.
        if t.get("nullable") == Some(&json!(true)) {
            if let Some(values) = t.get_mut("enum").and_then(Value::as_array_mut) {
                if !values.contains(&Value::Null) {
                    values.push(Value::Null);
                }
            }
        }
    }
}

/// States every rule in `spec`; answers the rules that found nothing to apply to (a renamed schema,
/// property or parameter), which a test requires to be none.
pub(super) fn apply(spec: &mut Value) -> Vec<String> {
    let mut unmatched = Vec::new();
    for (schema, property, c) in body_rules() {
        match spec.pointer_mut(&format!("/components/schemas/{schema}/properties/{property}")) {
            Some(target) => merge(target, &c),
            None => unmatched.push(format!("{schema}.{property}")),
        }
    }
    for (op_id, param, c) in query_rules() {
        let params = super::operation_mut(spec, op_id).and_then(|op| op["parameters"].as_array_mut());
        let target = params.into_iter().flatten().find(|p| p["in"] == "query" && p["name"] == param);
        if let Some(p) = target {
            merge(&mut p["schema"], &c);
        } else {
            unmatched.push(format!("{op_id}?{param}"));
        }
    }
    unmatched
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_applies_to_something() {
        let mut spec: serde_json::Value = serde_json::from_str(&crate::api_service().spec()).unwrap();
        assert_eq!(super::apply(&mut spec), Vec::<String>::new());
        let role = &spec["components"]["schemas"]["CreateUser"]["properties"]["role"];
        assert_eq!(role["enum"], serde_json::json!(["owner", "admin", "instructor", "learner"]));
        let scopes = &spec["components"]["schemas"]["CreateApiKey"]["properties"]["scopes"];
        assert_eq!((scopes["type"].as_str(), scopes["items"]["type"].as_str()), (Some("array"), Some("string")));
        assert!(scopes["items"]["enum"].as_array().unwrap().iter().any(|s| s == "courses:read"));
    }
}
