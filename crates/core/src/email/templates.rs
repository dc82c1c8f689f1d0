//! Email templates, rendered with minijinja: each message has `<name>.txt` and `<name>.html` (in
//! `templates/`), both extending the institution-branded layout `base.txt` / `base.html`. HTML output
//! is auto-escaped; plain text is not. Every template is compiled into the binary.

use std::sync::LazyLock;

use minijinja::{Environment, Value};

use super::RenderedEmail;
use crate::error::{Error, Result};

macro_rules! templates {
    ($($name:literal),* $(,)?) => { &[$(($name, include_str!(concat!("templates/", $name)))),*] };
}

/// Every template, by name.
pub const TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "base.txt",
    "welcome.html",
    "welcome.txt",
    "invitation.html",
    "invitation.txt",
    "password_reset.html",
    "password_reset.txt",
    "enrollment.html",
    "enrollment.txt",
    "due_reminder.html",
    "due_reminder.txt",
    "completion.html",
    "completion.txt",
    "webhook_disabled.html",
    "webhook_disabled.txt",
    "payment_failed.html",
    "payment_failed.txt",
    "trial_ending.html",
    "trial_ending.txt",
    "data_export.html",
    "data_export.txt",
);

static ENV: LazyLock<std::result::Result<Environment<'static>, minijinja::Error>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
});

/// Lyceum's colour where an institution chose none.
pub const DEFAULT_COLOR: &str = "#1f4e79";

/// How an institution's emails look and where replies go.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Brand {
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    pub reply_to: Option<String>,
}

/// Renders `template` (both parts) for one recipient. `context` is a JSON object; `brand`, `subject` and
/// `action` (a button/link: `(label, url)`) are added to it.
pub fn compose(
    brand: &Brand,
    to: (&str, &str),
    subject: String,
    template: &str,
    context: serde_json::Value,
    action: Option<(&str, &str)>,
) -> Result<RenderedEmail> {
    let env = ENV.as_ref().map_err(|e| Error::internal(anyhow::anyhow!("email templates: {e}")))?;
    let mut ctx = match context {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    ctx.insert("brand".into(), serde_json::to_value(brand).map_err(Error::internal)?);
    ctx.insert("subject".into(), subject.clone().into());
    if let Some((label, url)) = action {
        ctx.insert("action".into(), serde_json::json!({ "label": label, "url": url }));
    }
    let value = Value::from_serialize(&ctx);
    let render = |ext: &str| -> Result<String> {
        let name = format!("{template}.{ext}");
        env.get_template(&name)
            .and_then(|t| t.render(&value))
            .map_err(|e| Error::internal(anyhow::anyhow!("rendering email template {name}: {e}")))
    };
    Ok(RenderedEmail {
        to_name: to.0.to_string(),
        to_email: to.1.to_string(),
        subject,
        text: render("txt")?,
        html: render("html")?,
        sender_name: Some(brand.name.clone()),
        reply_to: brand.reply_to.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand() -> Brand {
        Brand { name: "Acme <University>".into(), color: "#aa3300".into(), reply_to: Some("help@acme.test".into()) }
    }

    #[test]
    fn every_template_compiles() {
        assert!(ENV.is_ok(), "{:?}", ENV.as_ref().err());
        let env = ENV.as_ref().unwrap();
        for (name, _) in TEMPLATES {
            env.get_template(name).unwrap();
        }
    }

    #[test]
    fn html_is_escaped_text_is_not_and_the_brand_shows() {
        let ctx = serde_json::json!({"name": "Ada <script>", "course": "Chem & Bio", "code": "abc"});
        let m = compose(
            &brand(),
            ("Ada", "ada@acme.test"),
            "Done".into(),
            "completion",
            ctx,
            Some(("Verify", "https://x/v?a=1&b=2")),
        )
        .unwrap();
        assert!(m.html.contains("Ada &lt;script&gt;") && !m.html.contains("<script>"), "{}", m.html);
        assert!(m.html.contains("Chem &amp; Bio"));
        assert!(m.html.contains("background:#aa3300"), "the institution's colour");
        assert!(m.html.contains("Acme &lt;University&gt;"));
        assert!(m.text.contains("Congratulations Ada <script>,") && m.text.contains("\"Chem & Bio\""), "{}", m.text);
        assert!(m.text.contains("Verify: https://x/v?a=1&b=2"), "{}", m.text);
        assert!(m.text.contains("Reply to reach help@acme.test"), "{}", m.text);
        assert_eq!(m.reply_to.as_deref(), Some("help@acme.test"));
    }
}
