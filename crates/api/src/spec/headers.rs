//! Response headers as the server sends them: `X-Request-Id` on every response, `Retry-After` on 429
//! (and on 503 `overloaded`),
//! the `RateLimit-*` trio on every response to a credentialed call, and `ETag` / `Location` spelled the
//! usual way (poem-openapi upper-cases header names) with what they mean. Reads that carry an `ETag`
//! also document `If-None-Match` and their `304 Not Modified`.

use serde_json::{json, Map, Value};

fn shared() -> Value {
    let int = json!({"type": "integer", "format": "int64"});
    json!({
        "X-Request-Id": {"description": "The request's id: the one the client sent in `X-Request-Id`, or a new \
            one. Also in problem bodies as `request_id`; quote it to support.", "required": true,
            "schema": {"type": "string"}},
        "Retry-After": {"description": "Seconds to wait before retrying.", "required": true, "schema": int},
        "Retry-After-Overloaded": {"description": "Seconds to wait before retrying; sent with `overloaded`.",
            "required": false, "schema": int},
        "RateLimit-Limit": {"description": "The credential's burst: requests it may make at once.",
            "required": false, "schema": int},
        "RateLimit-Remaining": {"description": "Requests left in the credential's bucket.", "required": false,
            "schema": int},
        "RateLimit-Reset": {"description": "Seconds until the bucket is full again.", "required": false,
            "schema": int},
    })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/headers/{name}") })
}

pub(super) fn document(spec: &mut Value) {
    spec["components"]["headers"] = shared();
    for (method, op) in super::operations_mut(spec) {
        let credentialed = op.get("security").is_some();
        if method == "get" {
            conditional(op);
        }
        let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else { continue };
        for (status, resp) in responses.iter_mut() {
            let mut headers = Map::new();
            for (name, mut h) in resp["headers"].as_object().cloned().unwrap_or_default() {
                let (name, description) = match name.to_ascii_lowercase().as_str() {
                    "etag" => ("ETag", "The object's version: send it back in `If-Match` to update safely."),
                    "location" => ("Location", "Where the created (or accepted) object can be read."),
                    // Documented once, as a shared header (below).
                    "retry-after" => continue,
                    _ => {
                        headers.insert(name, h);
                        continue;
                    }
                };
                h["description"] = json!(description);
                headers.insert(name.to_string(), h);
            }
            headers.insert("X-Request-Id".into(), reference("X-Request-Id"));
            if status == "429" {
                headers.insert("Retry-After".into(), reference("Retry-After"));
            }
            if status == "503" {
                headers.insert("Retry-After".into(), reference("Retry-After-Overloaded"));
            }
            if credentialed {
                for name in ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"] {
                    headers.insert(name.into(), reference(name));
                }
            }
            resp["headers"] = Value::Object(headers);
        }
    }
}

/// A read whose 200 carries an `ETag` also answers `If-None-Match` (see `http::conditional`).
fn conditional(op: &mut Value) {
    let tagged =
        op["responses"]["200"]["headers"].as_object().is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("etag")));
    if !tagged {
        return;
    }
    let parameter = json!({
        "name": "If-None-Match",
        "in": "header",
        "required": false,
        "description": "The `ETag` you hold (or a list of them): when it is still current the answer is 304 \
            with no body.",
        "schema": {"type": "string"},
    });
    match op.get_mut("parameters").and_then(Value::as_array_mut) {
        Some(parameters) => parameters.push(parameter),
        None => op["parameters"] = json!([parameter]),
    }
    let etag = op["responses"]["200"]["headers"]
        .as_object()
        .and_then(|h| h.iter().find(|(k, _)| k.eq_ignore_ascii_case("etag")).map(|(k, v)| (k.clone(), v.clone())));
    let mut headers = Map::new();
    if let Some((name, header)) = etag {
        headers.insert(name, header);
    }
    op["responses"]["304"] = json!({
        "description": "Not Modified: the `If-None-Match` tag is still current; no body.",
        "headers": headers,
    });
}
