//! Request ids: taken from `X-Request-Id` when the client sends a sensible one, else a new UUIDv7.
//! Available to the code serving the request (problem bodies quote it) through a task-local.

tokio::task_local! {
    static REQUEST_ID: String;
}

pub const HEADER: &str = "x-request-id";

/// The id of the request being served, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(|id| id.clone()).ok()
}

/// Accepts 1-128 visible ASCII characters; anything else is replaced by a fresh id.
pub fn from_header(value: Option<&str>) -> String {
    match value {
        Some(v) if !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()) => v.to_string(),
        _ => uuid::Uuid::now_v7().to_string(),
    }
}

/// Runs `fut` with `id` as the current request id.
pub async fn scope<F: std::future::Future>(id: String, fut: F) -> F::Output {
    REQUEST_ID.scope(id, fut).await
}

#[cfg(test)]
mod tests {
    use super::from_header;

    #[test]
    fn keeps_sane_ids_and_replaces_others() {
        assert_eq!(from_header(Some("abc-123")), "abc-123");
        for bad in [None, Some(""), Some("has space"), Some("é")] {
            assert_eq!(from_header(bad).len(), 36);
        }
        assert_eq!(from_header(Some(&"x".repeat(129))).len(), 36);
    }
}
