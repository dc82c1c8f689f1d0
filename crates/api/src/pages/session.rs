//! The hosted pages' cookies: the CSRF token of their forms and the session of someone who signed in
//! on them. Both are `HttpOnly`; on an https deployment both are `Secure` with the `__Host-` prefix (no
//! other host or path can set or shadow them). The CSRF cookie is `SameSite=Strict`; the session is
//! `Lax`, so that a link in an email opens the signed-in page.
//!
//! A form is accepted when its `csrf` field equals the CSRF cookie (double submit: another site can
//! neither read the cookie nor set it) and the browser does not say the request came from elsewhere:
//! `Sec-Fetch-Site` other than `same-origin` or `none`, or an `Origin` other than this server's.
//! (Pages send `Referrer-Policy: no-referrer`, under which browsers post `Origin: null`: that says
//! nothing, and `Sec-Fetch-Site` decides.)

use base64::Engine;
use poem::Request;
use rand::RngCore;

#[derive(Debug, Clone, Copy)]
pub struct Cookies {
    secure: bool,
}

impl Cookies {
    pub fn new(public_url: &str) -> Self {
        Cookies { secure: public_url.starts_with("https://") }
    }

    fn name(&self, base: &str) -> String {
        if self.secure {
            format!("__Host-{base}")
        } else {
            base.to_string()
        }
    }

    fn attributes(&self, same_site: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("Path=/; HttpOnly; SameSite={same_site}{secure}")
    }

    /// The form token for a page: the browser's CSRF cookie, or a new one with the `Set-Cookie` to send.
    pub fn csrf(&self, req: &Request) -> (String, Option<String>) {
        let name = self.name("lyceum_csrf");
        match cookie(req, &name).filter(|v| v.len() >= 32) {
            Some(v) => (v, None),
            None => {
                let mut bytes = [0u8; 32];
                rand::thread_rng().fill_bytes(&mut bytes);
                let v = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
                let set = format!("{name}={v}; {}", self.attributes("Strict"));
                (v, Some(set))
            }
        }
    }

    /// Whether a posted form may be acted on (see the module's note).
    pub fn csrf_ok(&self, req: &Request, public_url: &str, submitted: Option<&str>) -> bool {
        let Some(cookie) = cookie(req, &self.name("lyceum_csrf")) else { return false };
        let Some(submitted) = submitted else { return false };
        let same = cookie.len() >= 32 && constant_time_eq(cookie.as_bytes(), submitted.as_bytes());
        let cross_site = req
            .header("sec-fetch-site")
            .is_some_and(|s| !s.eq_ignore_ascii_case("same-origin") && !s.eq_ignore_ascii_case("none"));
        let origin_ok = match req.header("origin") {
            None | Some("null") => true,
            Some(origin) => {
                let ours = public_origin(public_url);
                let host = req.header("host").map(|h| h.to_ascii_lowercase());
                Some(origin.to_ascii_lowercase()) == ours
                    || host.is_some_and(|h| {
                        let o = origin.to_ascii_lowercase();
                        o == format!("http://{h}") || o == format!("https://{h}")
                    })
            }
        };
        same && !cross_site && origin_ok
    }

    /// The session token of someone signed in on the hosted pages.
    pub fn session(&self, req: &Request) -> Option<String> {
        cookie(req, &self.name("lyceum_session")).filter(|v| v.starts_with("lys_"))
    }

    pub fn set_session(&self, token: &str) -> String {
        format!("{}={token}; {}", self.name("lyceum_session"), self.attributes("Lax"))
    }

    pub fn clear_session(&self) -> String {
        format!("{}=; Max-Age=0; {}", self.name("lyceum_session"), self.attributes("Lax"))
    }
}

fn public_origin(public_url: &str) -> Option<String> {
    let url = reqwest_free_origin(public_url)?;
    Some(url.to_ascii_lowercase())
}

/// `scheme://host[:port]` of an absolute URL, without a URL parser.
fn reqwest_free_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| format!("{scheme}://{authority}"))
}

/// The value of cookie `name` in the request (the first one).
fn cookie(req: &Request, name: &str) -> Option<String> {
    req.headers().get_all(poem::http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|header| {
        header.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.trim_matches('"').to_string())
        })
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(headers: &[(&str, &str)]) -> Request {
        let mut b = Request::builder();
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.finish()
    }

    #[test]
    fn a_form_needs_the_cookie_its_token_and_a_same_site_origin() {
        let c = Cookies::new("http://lyceum.test");
        let token = "a".repeat(43);
        let cookie = format!("other=1; lyceum_csrf={token}");
        let url = "http://lyceum.test";
        assert!(c.csrf_ok(&req(&[("cookie", &cookie)]), url, Some(&token)));
        assert!(c.csrf_ok(&req(&[("cookie", &cookie), ("origin", "http://lyceum.test")]), url, Some(&token)));
        assert!(!c.csrf_ok(&req(&[("cookie", &cookie)]), url, Some(&"b".repeat(43))), "wrong token");
        assert!(!c.csrf_ok(&req(&[("cookie", &cookie)]), url, None), "no token");
        assert!(!c.csrf_ok(&req(&[]), url, Some(&token)), "no cookie");
        assert!(!c.csrf_ok(&req(&[("cookie", &cookie), ("origin", "https://evil.test")]), url, Some(&token)));
        assert!(!c.csrf_ok(&req(&[("cookie", &cookie), ("sec-fetch-site", "cross-site")]), url, Some(&token)));
        assert!(!c.csrf_ok(&req(&[("cookie", &cookie), ("sec-fetch-site", "same-site")]), url, Some(&token)));
        let browser = [("cookie", cookie.as_str()), ("origin", "null"), ("sec-fetch-site", "same-origin")];
        assert!(c.csrf_ok(&req(&browser), url, Some(&token)), "what a browser sends under no-referrer");
        let short = "lyceum_csrf=abc";
        assert!(!c.csrf_ok(&req(&[("cookie", short)]), url, Some("abc")), "a planted short value");
    }

    #[test]
    fn https_deployments_get_host_only_secure_cookies() {
        let c = Cookies::new("https://lyceum.example");
        let (_, set) = c.csrf(&req(&[]));
        let set = set.unwrap();
        assert!(set.starts_with("__Host-lyceum_csrf=") && set.contains("; Secure") && set.contains("SameSite=Strict"));
        let s = c.set_session("lys_x");
        assert!(s.starts_with("__Host-lyceum_session=lys_x;") && s.contains("HttpOnly") && s.contains("SameSite=Lax"));
        let plain = Cookies::new("http://127.0.0.1:8080");
        assert!(!plain.set_session("lys_x").contains("Secure"));
    }
}
