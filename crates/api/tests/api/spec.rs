//! The served spec equals the checked-in `openapi/lyceum.json`; `UPDATE_OPENAPI=1` rewrites the file.

use std::path::Path;

#[test]
fn checked_in_spec_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/lyceum.json");
    let served = lyceum_api::spec_json();
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &served).expect("writing openapi/lyceum.json");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == served,
        "openapi/lyceum.json differs from the spec the code serves; review the change and run \
         `UPDATE_OPENAPI=1 cargo test -p lyceum-api --test api spec` to rewrite it"
    );
}

#[test]
fn spec_declares_problem_responses_and_the_bearer_scheme() {
    let spec: serde_json::Value = serde_json::from_str(&lyceum_api::spec_json()).unwrap();
    assert!(spec["paths"]["/v1/signup"]["post"].is_object(), "paths carry the /v1 prefix");
    assert_eq!(spec["paths"]["/v1/signup"]["post"]["operationId"], "signup_create");
    let bad = &spec["paths"]["/v1/signup"]["post"]["responses"]["400"]["content"];
    assert!(bad["application/problem+json"].is_object(), "{bad}");
    for scheme in ["SessionToken", "ApiKey"] {
        assert_eq!(spec["components"]["securitySchemes"][scheme]["scheme"], "bearer", "{scheme}");
    }
    // Every credentialed operation accepts either scheme; public ones declare none.
    let course_create = &spec["paths"]["/v1/courses"]["post"];
    assert_eq!(course_create["security"], serde_json::json!([{"SessionToken": []}, {"ApiKey": []}]));
    assert!(spec["paths"]["/v1/signup"]["post"]["security"].is_null());
    // Shared parameters are documented once and referenced.
    let params = course_create["parameters"].as_array().unwrap();
    assert!(params.contains(&serde_json::json!({"$ref": "#/components/parameters/IdempotencyKey"})), "{params:?}");
    let list = spec["paths"]["/v1/courses"]["get"]["parameters"].as_array().unwrap();
    for p in ["Limit", "Cursor"] {
        assert!(list.contains(&serde_json::json!({"$ref": format!("#/components/parameters/{p}")})), "{list:?}");
        assert!(spec["components"]["parameters"][p].is_object());
    }
}

/// Every JSON request body and every JSON success response has an example integrators can copy.
#[test]
fn every_json_body_has_an_example() {
    let spec: serde_json::Value = serde_json::from_str(&lyceum_api::spec_json()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let has_example = |media: &serde_json::Value| {
        let schema = &media["schema"];
        let name = schema["$ref"].as_str().map(|r| r.trim_start_matches("#/components/schemas/"));
        media.get("example").is_some() || name.is_some_and(|n| schemas[n].get("example").is_some())
    };
    let mut missing = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = format!("{method} {path} ({})", op["operationId"]);
            for (ct, media) in op["requestBody"]["content"].as_object().into_iter().flatten() {
                if ct.starts_with("application/json") && !has_example(media) {
                    missing.push(format!("{id}: request body"));
                }
            }
            for (status, resp) in op["responses"].as_object().unwrap() {
                if !status.starts_with('2') {
                    continue;
                }
                for (ct, media) in resp["content"].as_object().into_iter().flatten() {
                    if ct.starts_with("application/json") && !has_example(media) {
                        missing.push(format!("{id}: {status} response"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "bodies without an example:\n{}", missing.join("\n"));
}

/// Each operation documents only the problems it can answer, naming their codes
/// (the suite checks every response against this: see `contract.rs`).
#[test]
fn problems_are_documented_per_operation_with_their_codes() {
    let spec: serde_json::Value = serde_json::from_str(&lyceum_api::spec_json()).unwrap();
    let statuses = |path: &str, method: &str| -> Vec<String> {
        spec["paths"][path][method]["responses"].as_object().unwrap().keys().cloned().collect()
    };
    // Even without parameters, a NUL character in the query is refused (400).
    assert_eq!(statuses("/v1/plans", "get"), ["200", "400", "429", "500", "503"], "public, no input");
    let view = statuses("/v1/courses/{id}", "get");
    for absent in ["402", "409", "412", "413", "415", "422"] {
        assert!(!view.contains(&absent.to_string()), "course_view cannot answer {absent}: {view:?}");
    }
    let enroll = &spec["paths"]["/v1/courses/{id}/enrollments"]["post"]["responses"];
    assert_eq!(
        enroll["409"]["x-problem-codes"],
        serde_json::json!([
            "already_enrolled",
            "course_not_published",
            "external_id_taken",
            "idempotency_request_in_progress",
            "user_disabled"
        ])
    );
    assert!(enroll["402"]["description"].as_str().unwrap().contains("`seat_limit_reached`"));
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for status in ["429", "500", "503"] {
                assert!(responses.contains_key(status), "{method} {path} lacks {status}");
            }
            for (status, r) in responses.iter().filter(|(s, _)| s.as_str() >= "400") {
                let codes = r["x-problem-codes"].as_array();
                assert!(codes.is_some_and(|c| !c.is_empty()), "{method} {path} {status} names no code");
            }
        }
    }
}

/// Response headers are documented as sent: a request id everywhere, `Retry-After` on 429, rate-limit
/// headers on credentialed calls, `ETag` spelled as usual.
#[test]
fn response_headers_are_documented() {
    let spec: serde_json::Value = serde_json::from_str(&lyceum_api::spec_json()).unwrap();
    let view = &spec["paths"]["/v1/courses/{id}"]["get"]["responses"];
    assert_eq!(view["200"]["headers"]["ETag"]["required"], true, "{:#}", view["200"]["headers"]);
    assert!(view["200"]["headers"]["ETAG"].is_null());
    assert_eq!(view["429"]["headers"]["Retry-After"]["$ref"], "#/components/headers/Retry-After");
    assert!(view["200"]["headers"]["RateLimit-Remaining"].is_object());
    assert!(spec["paths"]["/v1/plans"]["get"]["responses"]["200"]["headers"]["RateLimit-Remaining"].is_null());
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, r) in op["responses"].as_object().unwrap() {
                assert!(r["headers"]["X-Request-Id"].is_object(), "{method} {path} {status}");
            }
        }
    }
}
