//! The one parser of `Authorization`. RFC 9110 §11.6.2: `credentials = auth-scheme [ 1*SP token68 ]`,
//! the scheme compared case-insensitively. The first middleware parses the header once and puts the
//! result into the request's data; the rate limiter, the idempotency layer and the authentication scheme
//! all read that result, so no layer can see a credential another layer missed.

use poem::{Endpoint, Middleware, Request};

/// What the request's `Authorization` header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    /// No `Authorization` header.
    None,
    /// `Bearer <token68>` (scheme in any case).
    Bearer(String),
    /// `Basic <token68>` (scheme in any case): the credentials of the xAPI learning record store.
    Basic(String),
    /// Another scheme, several headers, or a malformed value: never a credential.
    Unusable,
}

impl Presented {
    /// The bearer token, if one was presented.
    pub fn bearer(&self) -> Option<&str> {
        match self {
            Presented::Bearer(t) => Some(t),
            _ => None,
        }
    }

    /// The token of `Basic`, if that was presented.
    pub fn basic(&self) -> Option<&str> {
        match self {
            Presented::Basic(t) => Some(t),
            _ => None,
        }
    }

    /// Whether the request tried to present a credential at all.
    pub fn attempted(&self) -> bool {
        !matches!(self, Presented::None)
    }
}

fn is_token68(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
}

/// Parses the header's value(s).
pub fn parse(req: &Request) -> Presented {
    let mut values = req.headers().get_all(poem::http::header::AUTHORIZATION).iter();
    let Some(value) = values.next() else { return Presented::None };
    if values.next().is_some() {
        return Presented::Unusable;
    }
    let Ok(value) = value.to_str() else { return Presented::Unusable };
    parse_value(value)
}

/// Parses one `Authorization` value.
pub fn parse_value(value: &str) -> Presented {
    let value = value.trim_matches([' ', '\t']);
    let Some((scheme, rest)) = value.split_once(' ') else { return Presented::Unusable };
    let token = rest.trim_start_matches(' ');
    if scheme.eq_ignore_ascii_case("bearer") && is_token68(token) {
        Presented::Bearer(token.to_string())
    } else if scheme.eq_ignore_ascii_case("basic") && is_token68(token) {
        Presented::Basic(token.to_string())
    } else {
        Presented::Unusable
    }
}

/// The request's parsed credential (parsed now if no middleware did it yet).
pub fn presented(req: &Request) -> Presented {
    req.data::<Presented>().cloned().unwrap_or_else(|| parse(req))
}

/// The middleware that parses `Authorization` once per request.
pub struct ParseAuthorization;

impl<E: Endpoint> Middleware<E> for ParseAuthorization {
    type Output = ParseAuthorizationEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        ParseAuthorizationEndpoint { inner: ep }
    }
}

pub struct ParseAuthorizationEndpoint<E> {
    inner: E,
}

impl<E: Endpoint> Endpoint for ParseAuthorizationEndpoint<E> {
    type Output = E::Output;

    async fn call(&self, mut req: Request) -> poem::Result<Self::Output> {
        let parsed = parse(&req);
        req.set_data(parsed);
        self.inner.call(req).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_is_case_insensitive_and_the_token_exact() {
        for v in ["Bearer abc", "bearer abc", "BEARER abc", "BeArEr   abc", " Bearer abc "] {
            assert_eq!(parse_value(v), Presented::Bearer("abc".into()), "{v:?}");
        }
        assert_eq!(parse_value("Bearer a_b-c.d~e+f/g=="), Presented::Bearer("a_b-c.d~e+f/g==".into()));
        assert_eq!(parse_value("basic dTpw"), Presented::Basic("dTpw".into()));
        assert_eq!(parse_value("Basic abc").bearer(), None, "Basic is never a bearer token");
        for v in [
            "Basic",
            "Basic a b",
            "Bearer",
            "Bearer ",
            "Bearerabc",
            "Bearer a b",
            "Bearer a\tb",
            "Token abc",
            "Bearer ===",
        ] {
            assert_eq!(parse_value(v), Presented::Unusable, "{v:?}");
        }
    }
}
