//! Rendering of the hosted pages: minijinja templates (compiled into the binary, HTML auto-escaped),
//! every string from one file (`strings.en.json`, through `t("key", name=value)`), the institution's
//! brand with colours chosen for contrast, and the security headers every page carries.

use std::{collections::HashMap, sync::LazyLock};

use base64::Engine;
use lyceum_core::tenants::Tenant;
use minijinja::{value::Kwargs, Environment, ErrorKind};
use poem::{
    http::{header, HeaderValue, StatusCode},
    Response,
};
use rand::RngCore;

macro_rules! templates {
    ($($name:literal),* $(,)?) => { &[$(($name, include_str!(concat!("templates/", $name)))),*] };
}

/// Every template, by name.
pub const TEMPLATES: &[(&str, &str)] = templates!(
    "layout.html",
    "macros.html",
    "sign_in.html",
    "password_reset_request.html",
    "set_password.html",
    "message.html",
    "courses.html",
    "billing.html",
    "certificate.html",
    "consent.html",
);

/// The pages' strings, by key: the one place to translate.
pub const STRINGS_SOURCE: &str = include_str!("strings.en.json");

static STRINGS: LazyLock<Result<HashMap<String, String>, String>> =
    LazyLock::new(|| serde_json::from_str(STRINGS_SOURCE).map_err(|e| format!("strings.en.json: {e}")));

fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The string `key` with its `{name}` placeholders filled (text, escaped where it is rendered). An
/// unknown key renders as the key itself, so a missing string shows up instead of failing the page
/// (a unit test checks that every key the templates and handlers use exists).
pub fn text(key: &str, args: &[(&str, String)]) -> String {
    match STRINGS.as_ref().ok().and_then(|s| s.get(key)) {
        Some(s) => fill(s, args),
        None => key.to_string(),
    }
}

fn t(key: &str, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let strings = STRINGS.as_ref().map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, e.clone()))?;
    let template = strings
        .get(key)
        .ok_or_else(|| minijinja::Error::new(ErrorKind::UndefinedError, format!("no page string {key:?}")))?;
    let mut args = Vec::new();
    for name in kwargs.args() {
        let value: minijinja::Value = kwargs.get(name)?;
        args.push((name, value.to_string()));
    }
    Ok(fill(template, &args))
}

static ENV: LazyLock<Result<Environment<'static>, minijinja::Error>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    env.add_function("t", t);
    Ok(env)
});

/// How a page looks: the institution's name and colour, with the text colour on it and the link
/// colour on white chosen to meet WCAG AA contrast (4.5:1) whatever colour the institution picked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageBrand {
    pub name: String,
    pub color: String,
    pub on_color: &'static str,
    pub link: String,
    /// An institution's page (false: Lyceum's own, e.g. an unknown institution).
    pub known: bool,
}

const DARK: &str = "#111827";
const DEFAULT_LINK: &str = "#1f4e79";

fn luminance(hex: &str) -> Option<f64> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let c = u8::from_str_radix(&hex[i..i + 2], 16).ok()? as f64 / 255.0;
        Some(if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// `hex` with every channel 10% darker (black stays black).
fn darker(hex: &str) -> String {
    let c = |i: usize| u8::from_str_radix(&hex[1 + i..3 + i], 16).unwrap_or(0) as f64 * 0.9;
    format!("#{:02x}{:02x}{:02x}", c(0) as u8, c(2) as u8, c(4) as u8)
}

/// WCAG contrast ratio of two `#rrggbb` colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    match (luminance(a), luminance(b)) {
        (Some(x), Some(y)) => (x.max(y) + 0.05) / (x.min(y) + 0.05),
        _ => 1.0,
    }
}

impl PageBrand {
    pub fn of(tenant: &Tenant) -> Self {
        let color = tenant.brand().color;
        Self::with(tenant.name.clone(), color, true)
    }

    /// Lyceum's own look, for pages that belong to no known institution.
    pub fn lyceum() -> Self {
        Self::with("Lyceum".into(), lyceum_core::email::templates::DEFAULT_COLOR.into(), false)
    }

    fn with(name: String, color: String, known: bool) -> Self {
        let mut color =
            if luminance(&color).is_some() { color } else { lyceum_core::email::templates::DEFAULT_COLOR.into() };
        let on_color = if contrast(&color, "#ffffff") >= 4.5 {
            "#ffffff"
        } else if contrast(&color, DARK) >= 4.5 {
            DARK
        } else {
            // A mid-tone that neither white nor dark text can sit on: darken it until white text can.
            while contrast(&color, "#ffffff") < 4.5 {
                color = darker(&color);
            }
            "#ffffff"
        };
        let link = if contrast(&color, "#ffffff") >= 4.5 { color.clone() } else { DEFAULT_LINK.into() };
        PageBrand { name, color, on_color, link, known }
    }
}

/// A page to send: its template, status, title and context.
pub struct Page {
    pub status: StatusCode,
    pub template: &'static str,
    pub title: String,
    pub brand: PageBrand,
    pub context: serde_json::Value,
    /// Where this page's forms may lead besides Lyceum itself (the institution's app after sign-in).
    pub form_target: Option<String>,
    pub cookies: Vec<String>,
    /// Whether search engines and link previews may use it (the public certificate page).
    pub public: bool,
    pub retry_after: Option<u64>,
}

impl Page {
    pub fn new(template: &'static str, title: String, brand: PageBrand, context: serde_json::Value) -> Self {
        Page {
            status: StatusCode::OK,
            template,
            title,
            brand,
            context,
            form_target: None,
            cookies: Vec::new(),
            public: false,
            retry_after: None,
        }
    }

    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn cookie(mut self, cookie: Option<String>) -> Self {
        self.cookies.extend(cookie);
        self
    }

    /// Renders the page with its headers. A template that fails to render (a bug) becomes a plain 500
    /// page, logged.
    pub fn into_response(self) -> Response {
        let nonce = {
            let mut bytes = [0u8; 18];
            rand::thread_rng().fill_bytes(&mut bytes);
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        };
        let mut ctx = match self.context {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        ctx.insert("title".into(), self.title.clone().into());
        ctx.insert("brand".into(), serde_json::to_value(&self.brand).unwrap_or_default());
        ctx.insert("nonce".into(), nonce.clone().into());
        ctx.entry("errors").or_insert_with(|| serde_json::json!([]));
        ctx.entry("ferr").or_insert_with(|| serde_json::json!({}));
        let rendered = ENV
            .as_ref()
            .map_err(|e| e.to_string())
            .and_then(|env| env.get_template(self.template).map_err(|e| e.to_string()))
            .and_then(|t| t.render(minijinja::Value::from_serialize(&ctx)).map_err(|e| format!("{e:#}")));
        let (status, body) = match rendered {
            Ok(body) => (self.status, body),
            Err(e) => {
                tracing::error!(template = self.template, error = %e, "a hosted page failed to render");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "<!doctype html><title>Error</title><p>Something went wrong.</p>".into(),
                )
            }
        };
        let form_action = match &self.form_target {
            Some(origin) => format!("'self' {origin}"),
            None => "'self'".into(),
        };
        let csp = format!(
            "default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self'; form-action {form_action}; \
             frame-ancestors 'none'; base-uri 'none'"
        );
        let mut resp = Response::builder()
            .status(status)
            .content_type("text/html; charset=utf-8")
            .header("content-security-policy", csp)
            .header("referrer-policy", "no-referrer")
            .header("x-frame-options", "DENY")
            .header("x-content-type-options", "nosniff")
            .header(header::CACHE_CONTROL, if self.public { "public, max-age=60" } else { "no-store" })
            .body(body);
        for c in self.cookies {
            if let Ok(v) = HeaderValue::from_str(&c) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        if let Some(s) = self.retry_after {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_every_string_key_exists() {
        let env = ENV.as_ref().unwrap();
        for (name, _) in TEMPLATES {
            env.get_template(name).unwrap();
        }
        let strings = STRINGS.as_ref().unwrap();
        // Every t("key") in the templates and every text("key") in the handlers names a string.
        let handlers = [
            include_str!("mod.rs"),
            include_str!("account.rs"),
            include_str!("signed_in.rs"),
            include_str!("certificate.rs"),
            include_str!("consent.rs"),
        ];
        let sources = TEMPLATES.iter().map(|(_, s)| *s).chain(handlers);
        let mut used = 0;
        for source in sources {
            for marker in ["t(\"", "text(\""] {
                for (at, _) in source.match_indices(marker) {
                    let before = source[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' || before == '.' {
                        continue; // another function whose name ends in `t` (`.at("...")`)
                    }
                    let key = source[at + marker.len()..].split('"').next().unwrap();
                    if key.ends_with('.') {
                        continue; // a prefix completed at run time (course statuses, below)
                    }
                    used += 1;
                    assert!(strings.contains_key(key), "no string {key:?} in strings.en.json");
                }
            }
        }
        assert!(used > 50, "{used} keys found: the scan is broken");
        for status in ["active", "completed", "dropped"] {
            assert!(strings.contains_key(&format!("courses.status.{status}")));
        }
    }

    #[test]
    fn brand_colours_keep_text_readable() {
        for color in ["#ffff00", "#1f4e79", "#777777", "#ffffff", "#000000", "#e11d48", "not a colour"] {
            let b = PageBrand::with("X".into(), color.into(), true);
            assert!(contrast(&b.color, b.on_color) >= 4.5, "{color}: text on the brand colour");
            assert!(contrast(&b.link, "#ffffff") >= 4.5, "{color}: links on white");
        }
    }

    #[test]
    fn pages_escape_what_people_typed_and_send_a_strict_policy() {
        let brand = PageBrand::with("Acme <b>".into(), "#1f4e79".into(), true);
        let page = Page::new(
            "message.html",
            "Hello <script>".into(),
            brand,
            serde_json::json!({"paragraphs": ["a <i>b</i>"]}),
        );
        let resp = page.into_response();
        let csp = resp.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(resp.headers().get("referrer-policy").unwrap(), "no-referrer");
        let body = futures::executor::block_on(resp.into_body().into_string()).unwrap();
        assert!(body.contains("Hello &lt;script&gt;") && !body.contains("<script>"), "{body}");
        assert!(body.contains("a &lt;i&gt;b&lt;&#x2f;i&gt;") && body.contains("Acme &lt;b&gt;"), "{body}");
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        assert!(body.contains(&format!("<style nonce=\"{nonce}\">")), "the style carries the policy's nonce");
    }
}
