//! Which problems each operation can answer.
//!
//! Every handler returns the one `ApiError`, so poem-openapi documents all its statuses on every
//! operation. Here each operation keeps only the statuses that can happen to it, each response listing
//! the problem `code`s it can carry (in its description, and machine-readable as `x-problem-codes`).
//! Most follow from the operation's shape ([`by_shape`]): a credential, typed parameters, a JSON body,
//! `Idempotency-Key`, `If-Match`, a write. The rest are the domain's own answers, listed per operation
//! in [`SPECIFIC`]. The API test suite checks every response it receives against the result (status and
//! code), so a problem an operation answers but does not document fails a test.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

type Problems = BTreeMap<u16, BTreeSet<&'static str>>;

/// Statuses, each with the codes it can carry.
type Answers = &'static [(u16, &'static [&'static str])];

/// Problems beyond what the operation's shape implies, by operation id: the domain's own answers.
const SPECIFIC: &[(&str, Answers)] = &[
    ("signup_create", &[(409, &["slug_taken"])]),
    (
        "auth_login",
        &[(401, &["invalid_credentials"]), (403, &["tenant_suspended", "sso_required", "consent_required"])],
    ),
    ("auth_sso_exchange", &[(403, &["tenant_suspended", "consent_required"])]),
    ("auth_sso_start", &[(403, &["tenant_suspended"]), (502, &["identity_provider_unavailable"])]),
    (
        "auth_sso_callback",
        &[
            (402, &["seat_limit_reached"]),
            (
                403,
                &["tenant_suspended", "sso_domain_not_allowed", "sso_no_account", "sso_link_refused", "user_disabled"],
            ),
            (409, &["email_taken"]),
            (422, &["sso_denied", "sso_failed", "sso_invalid_token", "sso_email_unverified"]),
            (502, &["identity_provider_unavailable"]),
        ],
    ),
    ("tenant_update", &[(409, &["no_identity_provider"])]),
    ("invitation_accept", &[(403, &["tenant_suspended", "consent_required"])]),
    ("user_erase", &[(403, &["owner_required"]), (409, &["already_erased", "last_owner"])]),
    ("user_data_export", &[(409, &["user_erased"])]),
    ("me_data_export", &[(403, &["person_required"]), (409, &["user_erased"])]),
    ("me_consents", &[(403, &["person_required"])]),
    ("me_consent_accept", &[(403, &["person_required", "consent_required"])]),
    ("user_create", &[(403, &["owner_required"]), (409, &["email_taken", "external_id_taken"])]),
    (
        "user_update",
        &[(403, &["owner_required"]), (409, &["last_owner", "invitation_pending", "external_id_taken", "user_erased"])],
    ),
    ("group_create", &[(409, &["external_id_taken"])]),
    ("group_update", &[(409, &["external_id_taken"])]),
    ("group_course_enroll", &[(403, COURSE_EDIT), (409, &["course_not_published"])]),
    ("group_course_unlink", &[(403, COURSE_EDIT)]),
    ("user_delete", &[(403, &["owner_required"]), (409, &["last_owner"])]),
    ("user_invite", &[(409, &["not_invited"])]),
    ("api_key_create", &[(402, &["plan_feature_unavailable"])]),
    ("course_create", &[(402, &["course_limit_reached"]), (409, &["slug_taken", "external_id_taken"])]),
    ("course_update", &[(403, COURSE_EDIT), (409, &["slug_taken", "external_id_taken"])]),
    ("course_publish", &[(403, COURSE_EDIT), (409, &["course_empty"])]),
    ("course_archive", &[(403, COURSE_EDIT)]),
    ("course_delete", &[(403, COURSE_EDIT)]),
    ("module_create", &[(403, COURSE_EDIT)]),
    ("module_update", &[(403, COURSE_EDIT)]),
    ("module_delete", &[(403, COURSE_EDIT), (409, &["learner_records_exist"])]),
    ("lesson_create", &[(403, COURSE_EDIT), (409, &["file_in_use"])]),
    ("lesson_update", &[(403, COURSE_EDIT), (409, &["file_in_use"])]),
    ("lesson_delete", &[(403, COURSE_EDIT), (409, &["learner_records_exist"])]),
    ("course_staff_list", &[(403, &["not_course_staff"])]),
    (
        "course_staff_add",
        &[(403, &["not_course_staff", "not_course_instructor", "not_course_admin"]), (422, &["not_an_instructor"])],
    ),
    ("course_staff_remove", &[(403, &["not_course_staff", "not_course_instructor", "not_course_admin"])]),
    ("rubric_create", &[(403, COURSE_EDIT)]),
    ("rubric_update", &[(403, COURSE_EDIT)]),
    ("rubric_delete", &[(403, COURSE_EDIT), (409, &["rubric_in_use"])]),
    ("lti_tool_delete", &[(409, &["lti_tool_in_use"])]),
    ("lti_lesson_launch", &[(403, &["not_enrolled"]), (409, &["lesson_not_lti", "lti_tool_disabled"])]),
    (
        "cmi5_package_import",
        &[(402, &["course_limit_reached"]), (503, &["storage_unavailable", "storage_not_configured"])],
    ),
    ("cmi5_lesson_launch", &[(403, &["not_enrolled"]), (409, &["lesson_not_cmi5"])]),
    ("cmi5_au_waive", &[(409, &["lesson_not_cmi5", "cmi5_already_waived", "cmi5_already_satisfied"])]),
    ("lti_module_deep_link", &[(409, &["lti_deep_linking_off", "lti_tool_disabled"])]),
    ("lti_platform_authorize", &[(422, &["lti_invalid_request", "lti_launch_used", "lti_launch_expired"])]),
    ("lti_platform_authorize_form", &[(422, &["lti_invalid_request", "lti_launch_used", "lti_launch_expired"])]),
    ("assignment_group_create", &[(403, COURSE_EDIT), (409, &["too_many_groups"])]),
    ("assignment_group_update", &[(403, COURSE_EDIT)]),
    ("assignment_group_delete", &[(403, COURSE_EDIT)]),
    ("grading_scale_set", &[(403, COURSE_EDIT)]),
    (
        "submission_create",
        &[
            (403, &["not_enrolled", "not_a_user"]),
            (409, &["attempt_limit_reached", "past_due", "enrollment_dropped", "file_in_use"]),
            (422, &["not_an_assignment"]),
        ],
    ),
    ("submission_list", &[(403, &["not_course_staff"]), (422, &["not_an_assignment"])]),
    ("submission_grade", &[(403, &["not_course_staff"]), (409, &["file_in_use"])]),
    (
        "file_upload",
        &[
            (409, &["upload_expired"]),
            (413, &["file_too_large"]),
            (415, FILE_TYPE),
            (503, &["storage_unavailable", "storage_not_configured"]),
        ],
    ),
    ("file_upload_start", &[(413, &["file_too_large"]), (503, &["storage_unavailable", "storage_not_configured"])]),
    ("file_view", &[(503, &["storage_not_configured"])]),
    ("file_download", &[(403, SIGNED_URL), (503, &["storage_unavailable", "storage_not_configured"])]),
    (
        "file_upload_content",
        &[
            (403, SIGNED_URL),
            (409, &["file_already_uploaded", "upload_in_progress", "upload_expired"]),
            (413, &["file_too_large"]),
            (415, FILE_TYPE),
            (503, &["storage_unavailable", "storage_not_configured"]),
        ],
    ),
    ("grades_post", &[(403, &["not_course_staff"]), (422, &["not_an_assignment"])]),
    ("gradebook_view", &[(403, &["not_course_staff"])]),
    ("gradebook_export", &[(403, &["not_course_staff"])]),
    (
        "enrollment_create",
        &[
            (402, &["seat_limit_reached"]),
            (403, COURSE_EDIT),
            (409, &["already_enrolled", "course_not_published", "user_disabled", "external_id_taken"]),
        ],
    ),
    (
        "enrollment_bulk_create",
        &[(402, &["plan_feature_unavailable"]), (403, COURSE_EDIT), (409, &["course_not_published"])],
    ),
    ("enrollment_update", &[(402, &["seat_limit_reached"]), (403, COURSE_EDIT), (409, &["enrollment_completed"])]),
    ("enrollment_delete", &[(403, COURSE_EDIT)]),
    ("enrollment_list", &[(403, &["not_course_staff"])]),
    ("me_enrollment_list", &[(403, &["not_a_user"])]),
    ("progress_update", &[(409, &["enrollment_dropped", "quiz_not_passed", "assignment_not_graded"])]),
    (
        "attempt_create",
        &[(403, &["not_enrolled"]), (409, &["attempt_limit_reached", "enrollment_dropped"]), (422, &["not_a_quiz"])],
    ),
    ("attempt_list", &[(403, &["not_enrolled"]), (422, &["not_a_quiz"])]),
    ("report_course_view", &[(402, &["plan_feature_unavailable"]), (403, &["not_course_staff"])]),
    ("report_course_learner_list", &[(402, &["plan_feature_unavailable"]), (403, &["not_course_staff"])]),
    ("webhook_endpoint_create", &[(402, &["plan_feature_unavailable"]), (409, &["too_many_endpoints"])]),
    ("billing_checkout_create", STRIPE_CALL),
    ("billing_portal_create", STRIPE_CALL),
    ("billing_invoice_list", STRIPE_CALL),
    ("billing_subscription_view", &[(503, &["billing_not_configured"])]),
    ("billing_stripe_webhook", &[(503, &["billing_not_configured"])]),
];

/// A change to a course (or its enrollments) by someone whose course rights come from its staff: not on
/// it, or a teaching assistant.
const COURSE_EDIT: &[&str] = &["not_course_staff", "not_course_instructor"];

/// A signed URL that was changed, has expired, or was sent with another institution's credential.
const SIGNED_URL: &[&str] = &["signed_url_invalid", "signed_url_expired", "signed_url_other_institution"];

/// Bytes that are not what they claim to be, or an executable program.
const FILE_TYPE: &[&str] = &["content_type_mismatch", "file_type_forbidden"];

/// An operation that calls Stripe: Stripe's error, Stripe down or slow, or no Stripe configured.
const STRIPE_CALL: Answers = &[(502, &["stripe_error"]), (503, &["billing_not_configured", "stripe_unavailable"])];

/// Writes that go on working when the institution is read-only (its subscription ended): signing out,
/// and subscribing again.
const READ_ONLY_EXEMPT: &[&str] = &["auth_logout", "billing_checkout_create", "billing_portal_create"];

/// The problems every operation can answer, and those its shape implies.
fn by_shape(method: &str, op: &Value) -> Problems {
    let mut p = Problems::new();
    let mut add = |status: u16, codes: &[&'static str]| p.entry(status).or_default().extend(codes.iter().copied());
    // Every request is rate limited, passes admission control (a crowd beyond the process's turns is
    // shed with `overloaded`, as are password hashes beyond the hashing pool) and reaches the database,
    // and any path or query parameter holding a NUL character is refused (crate::http::input).
    add(400, &["validation_failed"]);
    add(429, &["rate_limited"]);
    add(500, &["internal_error"]);
    add(503, &["database_unavailable", "overloaded", "retry"]);

    let params: Vec<&Value> = op["parameters"].as_array().map(|a| a.iter().collect()).unwrap_or_default();
    let shared = |name: &str| params.iter().any(|p| p["$ref"] == format!("#/components/parameters/{name}"));
    let body = op.get("requestBody").is_some();
    if body {
        add(400, &["bad_request", "invalid_json"]);
        add(413, &["payload_too_large"]);
        add(415, &["unsupported_media_type"]);
    }
    if params.iter().any(|p| p["in"] == "path") {
        add(404, &["not_found"]);
    }
    if op.get("security").is_some() {
        add(401, &["unauthenticated"]);
        add(403, &["forbidden", "tenant_suspended"]);
        let id = op["operationId"].as_str().unwrap_or_default();
        if method != "get" && !READ_ONLY_EXEMPT.contains(&id) {
            add(402, &["subscription_required"]);
        }
    }
    if shared("IdempotencyKey") {
        add(409, &["idempotency_request_in_progress"]);
        add(422, &["idempotency_key_reused"]);
    }
    if shared("IfMatch") {
        add(412, &["precondition_failed"]);
    }
    p
}

/// Everything `operation_id` (a `method` operation shaped like `op`) can answer.
fn problems_of(method: &str, op: &Value) -> Problems {
    let mut p = by_shape(method, op);
    let id = op["operationId"].as_str().unwrap_or_default();
    for (_, specific) in SPECIFIC.iter().filter(|(o, _)| *o == id) {
        for (status, codes) in specific.iter() {
            p.entry(*status).or_default().extend(codes.iter().copied());
        }
    }
    p
}

/// Keeps on each operation only the problem responses it can answer, each naming its codes.
pub(super) fn document(spec: &mut Value) {
    for (method, op) in super::operations_mut(spec) {
        let problems = problems_of(method, op);
        let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else { continue };
        responses.retain(|status, _| {
            let code: u16 = status.parse().unwrap_or(0);
            code < 400 || problems.contains_key(&code)
        });
        for (status, codes) in &problems {
            let Some(resp) = responses.get_mut(&status.to_string()) else { continue };
            let list: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
            let described = format!("{} Codes: {}.", resp["description"].as_str().unwrap_or(""), list.join(", "));
            resp["description"] = json!(described.trim_start());
            resp["x-problem-codes"] = json!(codes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specific_problems_name_real_operations_and_problem_statuses() {
        let spec: Value = serde_json::from_str(&crate::api_service().spec()).unwrap();
        let ids: BTreeSet<&str> = spec["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values().filter_map(|op| op["operationId"].as_str()))
            .collect();
        for (id, problems) in SPECIFIC {
            assert!(ids.contains(id), "{id} is not an operation");
            for (status, codes) in problems.iter() {
                assert!((400..600).contains(status) && !codes.is_empty(), "{id}: {status} {codes:?}");
            }
        }
        for id in READ_ONLY_EXEMPT {
            assert!(ids.contains(id), "{id} is not an operation");
        }
    }

    #[test]
    fn shape_rules() {
        let get = json!({"operationId": "x_view", "security": [{}], "parameters": [
            {"in": "path", "name": "id", "schema": {"type": "string", "format": "uuid"}}]});
        let p = by_shape("get", &get);
        assert_eq!(p.keys().copied().collect::<Vec<_>>(), vec![400, 401, 403, 404, 429, 500, 503]);
        let public_code = json!({"operationId": "y_view", "parameters": [
            {"in": "path", "name": "code", "schema": {"type": "string"}}]});
        assert_eq!(by_shape("get", &public_code).keys().copied().collect::<Vec<_>>(), vec![400, 404, 429, 500, 503]);
        let create = json!({"operationId": "x_create", "security": [{}], "requestBody": {},
            "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}]});
        let p = by_shape("post", &create);
        assert_eq!(p.keys().copied().collect::<Vec<_>>(), vec![400, 401, 402, 403, 409, 413, 415, 422, 429, 500, 503]);
        assert!(p[&402].contains("subscription_required"));
        let logout = json!({"operationId": "auth_logout", "security": [{}]});
        assert!(!by_shape("post", &logout).contains_key(&402), "signing out works when read-only");
    }
}
