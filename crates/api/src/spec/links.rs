//! OpenAPI links: how the id in one operation's response feeds the next operation (a created course's
//! `id` is the `{id}` of its modules, enrollments and reports). They document the resource graph for
//! integrators, and schemathesis' stateful phase follows them to test sequences on real objects. Only
//! single objects link (a list may be empty, so "its first item" is no link).

use serde_json::{json, Map, Value};

/// `(from operation, its status, to operation, [(parameter, runtime expression)])`.
type Link = (&'static str, u16, &'static str, &'static [(&'static str, &'static str)]);

const ID: &[(&str, &str)] = &[("id", "$response.body#/id")];

const LINKS: &[Link] = &[
    ("tenant_view", 200, "issuer_view", ID),
    ("user_create", 201, "user_view", ID),
    ("user_create", 201, "user_update", ID),
    ("user_create", 201, "user_delete", ID),
    ("user_create", 201, "user_invite", ID),
    ("user_create", 201, "user_enrollment_list", ID),
    ("api_key_create", 201, "api_key_revoke", ID),
    ("course_create", 201, "course_view", ID),
    ("course_create", 201, "course_update", ID),
    ("course_create", 201, "course_delete", ID),
    ("course_create", 201, "course_publish", ID),
    ("course_create", 201, "course_archive", ID),
    ("course_create", 201, "module_list", ID),
    ("course_create", 201, "module_create", ID),
    ("course_create", 201, "enrollment_list", ID),
    ("course_create", 201, "enrollment_create", ID),
    ("course_create", 201, "enrollment_bulk_create", ID),
    ("course_create", 201, "report_course_view", ID),
    ("course_create", 201, "report_course_learner_list", ID),
    ("module_create", 201, "module_update", ID),
    ("module_create", 201, "module_delete", ID),
    ("module_create", 201, "lesson_list", ID),
    ("module_create", 201, "lesson_create", ID),
    ("lesson_create", 201, "lesson_view", ID),
    ("lesson_create", 201, "lesson_update", ID),
    ("lesson_create", 201, "lesson_delete", ID),
    ("lesson_create", 201, "attempt_list", ID),
    ("lesson_create", 201, "attempt_create", ID),
    ("enrollment_create", 201, "enrollment_view", ID),
    ("enrollment_create", 201, "enrollment_update", ID),
    ("enrollment_create", 201, "enrollment_delete", ID),
    ("enrollment_create", 201, "progress_list", ID),
    (
        "enrollment_create",
        201,
        "progress_update",
        &[("id", "$response.body#/id"), ("lesson_id", "$response.body#/progress/next_lesson_id")],
    ),
    ("enrollment_bulk_create", 202, "operation_view", ID),
    ("certificate_verify", 200, "issuer_view", &[("id", "$response.body#/issuer_id")]),
    ("webhook_endpoint_create", 201, "webhook_endpoint_view", ID),
    ("webhook_endpoint_create", 201, "webhook_endpoint_delete", ID),
    ("webhook_endpoint_create", 201, "webhook_delivery_list", ID),
];

/// Adds [`LINKS`] to the responses they start from; answers the links that found no such response or
/// target (a renamed operation), which a test requires to be none.
pub(super) fn add(spec: &mut Value) -> Vec<String> {
    let mut unmatched = Vec::new();
    for (from, status, to, params) in LINKS {
        let target_params: Vec<String> = super::operation_mut(spec, to)
            .and_then(|op| op["parameters"].as_array())
            .map(|ps| {
                ps.iter().filter(|p| p["in"] == "path").filter_map(|p| p["name"].as_str().map(String::from)).collect()
            })
            .unwrap_or_default();
        if !params.iter().all(|(p, _)| target_params.iter().any(|t| t == p)) {
            unmatched.push(format!("{from} -> {to}"));
            continue;
        }
        let response = super::operation_mut(spec, from).and_then(|op| op["responses"].get_mut(status.to_string()));
        let Some(response) = response else {
            unmatched.push(format!("{from} {status} -> {to}"));
            continue;
        };
        let parameters: Map<String, Value> = params.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
        response["links"][*to] = json!({ "operationId": to, "parameters": parameters });
    }
    unmatched
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_link_joins_real_operations() {
        let mut spec: serde_json::Value = serde_json::from_str(&crate::api_service().spec()).unwrap();
        assert_eq!(super::add(&mut spec), Vec::<String>::new());
        let link = &spec["paths"]["/v1/courses"]["post"]["responses"]["201"]["links"]["module_create"];
        assert_eq!(link["parameters"]["id"], "$response.body#/id");
    }
}
