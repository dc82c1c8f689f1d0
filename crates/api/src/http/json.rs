//! `JsonBody<T>`: the JSON request body extractor. Unlike poem-openapi's `Json`, a body that is not
//! valid JSON, misses a field, has a field of the wrong type or an unknown field, or exceeds the size
//! limit is answered with a problem that names the field.

use poem::{http::StatusCode, Request, RequestBody};
use poem_openapi::{
    impl_apirequest_for_payload,
    payload::{ParsePayload, Payload},
    registry::{MetaSchemaRef, Registry},
    types::Type,
};
use serde::de::DeserializeOwned;

use crate::http::problem::{BodyRejected, Problem, ProblemField};

/// Largest body any JSON operation reads; the server's configured limit may be lower.
pub const DEFAULT_LIMIT: usize = 1024 * 1024;

/// The request-size limit in force, put into request data by the app.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<T: Type> Payload for JsonBody<T> {
    const CONTENT_TYPE: &'static str = "application/json";

    fn check_content_type(content_type: &str) -> bool {
        let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Type + DeserializeOwned + Send> ParsePayload for JsonBody<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let limit = request.data::<BodyLimit>().map(|l| l.0).unwrap_or(DEFAULT_LIMIT);
        let bytes = body.take()?.into_bytes_limit(limit).await.map_err(|e| BodyRejected(Box::new(unread(e, limit))))?;
        parse(&bytes).map(JsonBody).map_err(Into::into)
    }
}

impl_apirequest_for_payload!(JsonBody<T>, T: Type + DeserializeOwned + Send);

/// The problem of a body that could not be read within `limit` bytes: 413 `payload_too_large` when it
/// is larger, else 400 `bad_request`. Every reader of request bodies answers with this.
pub fn unread(err: poem::error::ReadBodyError, limit: usize) -> Problem {
    match err {
        poem::error::ReadBodyError::PayloadTooLarge => Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the request body is larger than {limit} bytes"),
        )
        .with_errors(vec![ProblemField { field: "body".into(), message: format!("must be at most {limit} bytes") }]),
        other => Problem::new(StatusCode::BAD_REQUEST, "bad_request", format!("could not read the body: {other}")),
    }
}

fn reject(status: StatusCode, code: &str, detail: String, errors: Vec<ProblemField>) -> BodyRejected {
    BodyRejected(Box::new(Problem::new(status, code, detail).with_errors(errors)))
}

/// Parses `bytes`, describing a failure by field.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, BodyRejected> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(reject(
            StatusCode::BAD_REQUEST,
            "validation_failed",
            "the request body is empty; send a JSON object".into(),
            vec![ProblemField { field: "body".into(), message: "must be a JSON object".into() }],
        ));
    }
    if let Some(field) = nul_field(bytes) {
        return Err(reject(
            StatusCode::BAD_REQUEST,
            "validation_failed",
            format!("{field}: {NUL_MESSAGE}"),
            vec![ProblemField { field, message: NUL_MESSAGE.into() }],
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(de);
    let err = match result {
        Ok(v) => return Ok(v),
        Err(err) => err,
    };
    let path = err.path().to_string();
    let inner = err.into_inner();
    use serde_json::error::Category;
    match inner.classify() {
        Category::Syntax | Category::Eof | Category::Io => Err(reject(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the body is not valid JSON: {inner}"),
            vec![ProblemField { field: "body".into(), message: format!("not valid JSON: {inner}") }],
        )),
        Category::Data => {
            let message = strip_position(&inner.to_string());
            let (field, message) = field_of(&path, &message);
            Err(reject(
                StatusCode::BAD_REQUEST,
                "validation_failed",
                format!("{field}: {message}"),
                vec![ProblemField { field, message }],
            ))
        }
    }
}

/// What a field holding a NUL character is told: PostgreSQL cannot store one in text, so no backend
/// accepts it.
pub const NUL_MESSAGE: &str = "must not contain the NUL character (\\u0000)";

/// The path of the first string (value or key) holding a NUL character, if any. Bodies without the
/// escape `\u0000` (the only way JSON can carry a NUL) are not walked at all.
fn nul_field(bytes: &[u8]) -> Option<String> {
    if !bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    fn walk(v: &serde_json::Value, path: &str) -> Option<String> {
        let join = |name: &str| if path.is_empty() { name.to_string() } else { format!("{path}.{name}") };
        match v {
            serde_json::Value::String(s) if s.contains('\0') => {
                Some(if path.is_empty() { "body".into() } else { path.into() })
            }
            serde_json::Value::Array(items) => {
                items.iter().enumerate().find_map(|(i, x)| walk(x, &join(&i.to_string())))
            }
            serde_json::Value::Object(map) => map.iter().find_map(|(k, x)| {
                if k.contains('\0') {
                    Some(if path.is_empty() { "body".into() } else { path.to_string() })
                } else {
                    walk(x, &join(k))
                }
            }),
            _ => None,
        }
    }
    walk(&value, "")
}

/// serde_json appends " at line L column C"; the field name says more to a client.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Names the field for serde's messages: a missing or unknown field is reported at its parent's path.
fn field_of(path: &str, message: &str) -> (String, String) {
    let join = |name: &str| {
        if path == "." || path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_string);
    if let Some(name) = message.strip_prefix("missing field ").and_then(quoted) {
        return (join(&name), "is required".into());
    }
    if let Some(name) = message.strip_prefix("unknown field ").and_then(quoted) {
        let expected = message.split_once(", expected ").map(|(_, e)| format!(" (expected {e})")).unwrap_or_default();
        // serde_path_to_error already ends the path with the unknown field itself.
        let field = if path == "." || path.is_empty() { name } else { path.to_string() };
        return (field, format!("is not a known field{expected}"));
    }
    // A top-level array is reported inside it ("[0]"), but what is wrong is the body itself.
    let field =
        if path == "." || path.is_empty() || path.starts_with('[') { "body".to_string() } else { path.to_string() };
    (field, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Req {
        name: String,
        count: u32,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        flag: bool,
    }

    fn fields(body: &str) -> Vec<(String, String)> {
        let err = parse::<Req>(body.as_bytes()).unwrap_err();
        err.0.errors.into_iter().map(|e| (e.field, e.message)).collect()
    }

    #[test]
    fn names_the_field() {
        assert_eq!(fields(r#"{"count": 1}"#), vec![("name".into(), "is required".into())]);
        assert_eq!(fields(r#"{"name": "a", "count": "x"}"#)[0].0, "count");
        assert_eq!(fields(r#"{"name": "a", "count": 1, "inner": {}}"#)[0].0, "inner.flag");
        assert_eq!(fields(r#"{"name": "a", "count": 1, "colour": 1}"#)[0].0, "colour");
        assert_eq!(fields(r#"{"name": "a", "#)[0].0, "body");
        assert_eq!(fields("")[0].0, "body");
        assert_eq!(fields("[1]")[0].0, "body");
    }

    #[test]
    fn a_nul_character_is_refused_by_field() {
        assert_eq!(fields(r#"{"name": "a\u0000b", "count": 1}"#), vec![("name".into(), NUL_MESSAGE.into())]);
        assert_eq!(fields(r#"{"name": "a", "count": 1, "inner": {"x": ["ok", "\u0000"]}}"#)[0].0, "inner.x.1");
        assert!(parse::<Req>(br#"{"name": "a\\u0000", "count": 1}"#).is_ok(), "an escaped backslash is no NUL");
    }
}
