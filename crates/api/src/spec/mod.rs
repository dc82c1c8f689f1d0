//! The OpenAPI document as checked in (`openapi/lyceum.json`) and served (`/openapi.json`).

mod constraints;
mod headers;
mod links;
mod problems;

use serde_json::Value;

/// Every operation of `spec` with its method (`get`, `post`, ...), for the corrections below.
fn operations_mut(spec: &mut Value) -> impl Iterator<Item = (&str, &mut Value)> {
    spec.get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.iter_mut().map(|(method, op)| (method.as_str(), op)))
}

/// The operation whose `operationId` is `id`.
fn operation_mut<'a>(spec: &'a mut Value, id: &str) -> Option<&'a mut Value> {
    operations_mut(spec).map(|(_, op)| op).find(|op| op["operationId"] == id)
}

/// The checked-in form of the spec (pretty JSON with a trailing newline).
///
/// What poem-openapi generates, with these corrections:
/// - a property that is not required may also be `null` (optional fields are answered as `null`, and
///   accepted as `null` meaning "absent" or, for PATCH, "clear"), so such properties are marked `nullable`
///   (a `$ref` is wrapped in `allOf` for that);
/// - shared parameters and the two security schemes are declared once (below);
/// - request fields and query parameters state the rules core validates ([`constraints`]);
/// - each operation lists only the problems it can answer, with their codes ([`problems`]);
/// - responses document the headers the server adds ([`headers`]) and link to the operations their
///   ids feed ([`links`]).
pub fn spec_json() -> String {
    let mut spec: Value = serde_json::from_str(&crate::api_service().spec()).expect("poem-openapi emits JSON");
    if let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) {
        for schema in schemas.values_mut() {
            mark_optional_nullable(schema);
        }
    }
    let unmatched = constraints::apply(&mut spec);
    debug_assert!(unmatched.is_empty(), "constraints that match nothing: {unmatched:?}");
    shared_parameters(&mut spec);
    two_security_schemes(&mut spec);
    problems::document(&mut spec);
    headers::document(&mut spec);
    let unlinked = links::add(&mut spec);
    debug_assert!(unlinked.is_empty(), "links that join nothing: {unlinked:?}");
    let mut s = serde_json::to_string_pretty(&spec).expect("a JSON value serializes");
    s.push('\n');
    s
}

/// The parameters every list and every write shares (page size, cursor, `Idempotency-Key`, `If-Match`)
/// are documented once, in `components/parameters`, and referenced by each operation.
fn shared_parameters(spec: &mut Value) {
    use serde_json::json;
    let shared = json!({
        "Limit": {"name": "limit", "in": "query", "required": false, "deprecated": false, "explode": true,
            "description": "Page size, 1-200 (default 50).", "schema": {"type": "integer", "format": "int64"}},
        "Cursor": {"name": "cursor", "in": "query", "required": false, "deprecated": false, "explode": true,
            "description": "`next_cursor` of the previous page (opaque; anything else is 400).",
            "schema": {"type": "string"}},
        "IdempotencyKey": {"name": "Idempotency-Key", "in": "header", "required": false, "deprecated": false,
            "explode": true, "schema": {"type": "string"},
            "description": "Makes a retry safe: the same key and body within 24 h replay the first response \
                instead of acting twice; the same key with another body is 422 `idempotency_key_reused`."},
        "IfMatch": {"name": "If-Match", "in": "header", "required": false, "deprecated": false, "explode": true,
            "schema": {"type": "string"},
            "description": "The `ETag` (version) you last saw: the write fails with 412 if the object changed \
                since."},
    });
    let page_size = shared["Limit"]["description"].clone();
    let mut shared = shared;
    if let Some(schema) = shared["Limit"]["schema"].as_object_mut() {
        for (k, v) in constraints::limit_range().as_object().into_iter().flatten() {
            schema.insert(k.clone(), v.clone());
        }
    }
    for (_, op) in operations_mut(spec) {
        let Some(params) = op.get_mut("parameters").and_then(|p| p.as_array_mut()) else { continue };
        for p in params.iter_mut() {
            let name = match (p["in"].as_str(), p["name"].as_str()) {
                (Some("query"), Some("limit")) if p["description"] == page_size => "Limit",
                (Some("query"), Some("cursor")) => "Cursor",
                (Some("header"), Some("Idempotency-Key")) => "IdempotencyKey",
                (Some("header"), Some("If-Match")) => "IfMatch",
                _ => continue,
            };
            *p = json!({ "$ref": format!("#/components/parameters/{name}") });
        }
    }
    spec["components"]["parameters"] = shared;
}

/// Sessions and API keys are both bearer tokens in `Authorization`; the spec names them as two schemes,
/// either of which an operation accepts (permissions decide what each may do).
fn two_security_schemes(spec: &mut Value) {
    use serde_json::json;
    spec["components"]["securitySchemes"] = json!({
        "SessionToken": {"type": "http", "scheme": "bearer", "bearerFormat": "lys_...",
            "description": "A session token from `POST /v1/auth/login` or signup, for a signed-in person: \
                `Authorization: Bearer lys_...`. Expires; ends at logout."},
        "ApiKey": {"type": "http", "scheme": "bearer", "bearerFormat": "lyc_live_...",
            "description": "An API key from `POST /v1/api-keys`, for integrations: `Authorization: Bearer \
                lyc_live_...`. Carries scopes; revoked keys stop working at once."},
    });
    for (_, op) in operations_mut(spec) {
        if op.get("security").is_some() {
            op["security"] = json!([{ "SessionToken": [] }, { "ApiKey": [] }]);
        }
    }
}

fn mark_optional_nullable(schema: &mut Value) {
    let required: Vec<String> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) else { return };
    for (name, prop) in props.iter_mut() {
        if required.contains(name) {
            continue;
        }
        if let Some(reference) = prop.get("$ref").cloned() {
            let mut wrapped = serde_json::json!({ "allOf": [{ "$ref": reference }], "nullable": true });
            if let Some(d) = prop.get("description") {
                wrapped["description"] = d.clone();
            }
            *prop = wrapped;
        } else if let Some(obj) = prop.as_object_mut() {
            obj.insert("nullable".into(), Value::Bool(true));
        }
    }
}
