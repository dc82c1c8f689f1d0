//! Conditional reads (RFC 9110 §13.1.2): a `GET` or `HEAD` whose `If-None-Match` names the `ETag` the
//! response would carry is answered `304 Not Modified`, with the response's headers and no body. A
//! client polling an outline it already holds gets a few hundred bytes instead of the whole structure;
//! the outline itself comes from the catalog cache, whose rendered bytes are shared, so nothing is
//! rendered for it either.
//!
//! The check runs after the handler, so it only ever confirms what the caller was allowed to read: a
//! request that would have failed (401, 403, 404) still fails the same way.

use poem::{
    http::{header, Method, StatusCode},
    Endpoint, IntoResponse, Middleware, Request, Response,
};

/// The middleware (see the module documentation).
pub struct NotModified;

impl<E: Endpoint> Middleware<E> for NotModified {
    type Output = NotModifiedEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        NotModifiedEndpoint(ep)
    }
}

pub struct NotModifiedEndpoint<E>(E);

impl<E: Endpoint> Endpoint for NotModifiedEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let condition = matches!(*req.method(), Method::GET | Method::HEAD)
            .then(|| req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned))
            .flatten();
        let resp = self.0.call(req).await?.into_response();
        let Some(condition) = condition else { return Ok(resp) };
        if resp.status() != StatusCode::OK {
            return Ok(resp);
        }
        let Some(tag) = resp.headers().get(header::ETAG).and_then(|v| v.to_str().ok()) else { return Ok(resp) };
        if !matches(&condition, tag) {
            return Ok(resp);
        }
        let mut not_modified = Response::builder().status(StatusCode::NOT_MODIFIED).finish();
        for (name, value) in resp.headers() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                not_modified.headers_mut().append(name.clone(), value.clone());
            }
        }
        Ok(not_modified)
    }
}

/// Whether `If-None-Match: field` names `etag` (or is `*`), by weak comparison: `W/"3"` and `"3"` are
/// the same version. A malformed field matches nothing, so the full response is sent.
pub fn matches(field: &str, etag: &str) -> bool {
    let field = field.trim();
    if field == "*" {
        return true;
    }
    let Some(current) = entity_tags(etag).and_then(|tags| tags.into_iter().next()) else { return false };
    entity_tags(field).is_some_and(|tags| tags.contains(&current))
}

/// The opaque parts of a comma-separated list of entity tags (`"a", W/"b"`), or `None` if malformed.
fn entity_tags(list: &str) -> Option<Vec<&str>> {
    let mut tags = Vec::new();
    let mut rest = list.trim_start();
    while !rest.is_empty() {
        rest = rest.strip_prefix("W/").unwrap_or(rest);
        let quoted = rest.strip_prefix('"')?;
        let end = quoted.find('"')?;
        tags.push(&quoted[..end]);
        rest = quoted[end + 1..].trim_start();
        if let Some(next) = rest.strip_prefix(',') {
            rest = next.trim_start();
        } else if !rest.is_empty() {
            return None;
        }
    }
    Some(tags)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn weak_comparison_over_a_list() {
        assert!(matches("\"3\"", "\"3\""));
        assert!(matches("W/\"3\"", "\"3\""));
        assert!(matches("\"3\"", "W/\"3\""));
        assert!(matches("\"1\", W/\"3\" ,\"7\"", "\"3\""));
        assert!(matches("*", "\"3\""));
        assert!(!matches("\"4\"", "\"3\""));
        assert!(!matches("\"33\"", "\"3\""));
        assert!(!matches("3", "\"3\""), "unquoted is malformed");
        assert!(!matches("\"3", "\"3\""));
        assert!(!matches("\"3\" \"4\"", "\"3\""), "tags are separated by commas");
        assert!(!matches("", "\"3\""));
    }
}
