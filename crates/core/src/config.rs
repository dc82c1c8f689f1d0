//! Configuration of every binary: `LYCEUM_*` environment variables over an optional `lyceum.toml`.

use std::{collections::BTreeMap, path::PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// Settings shared by the api, the worker and the CLI. Field names match the environment variables
/// without the `LYCEUM_` prefix (`database_url` <- `LYCEUM_DATABASE_URL`).
/// A setting that must never appear in logs or `Debug` output (keys, tokens, URLs with passwords). It
/// reads as a `str` where it is used; printing it shows `***`.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "Secret(\"\")" } else { "Secret(***)" })
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::ops::Deref for Secret {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `sqlite://PATH` (default `sqlite://lyceum.db`), `sqlite:///abs/path.db`, or `postgres://...`.
    pub database_url: Secret,
    /// PostgreSQL only: the role requests are served through (it must own nothing and may not bypass
    /// row-level security). Unset: Lyceum creates one with the owner of `database_url`, which must then be
    /// allowed to create roles.
    pub database_runtime_url: Option<Secret>,
    /// Largest number of pooled database connections per process.
    pub database_pool_size: usize,
    /// Address the API listens on.
    pub bind: String,
    /// `smtp://host:port` or `smtps://user:pass@host:port`; unset means mail goes to `outbox_dir`.
    pub smtp_url: Option<Secret>,
    /// Folder for mail when no SMTP server is configured (one `.eml` file per message).
    pub outbox_dir: PathBuf,
    /// Sender of every email.
    pub mail_from: String,
    /// Base URL that emails link to.
    pub public_url: String,
    /// `text` (default) or `json` log lines.
    pub log_format: String,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Seconds in-flight requests get to finish after SIGTERM/SIGINT.
    pub shutdown_grace_seconds: u64,
    /// Jobs one worker runs at once.
    pub worker_concurrency: usize,
    /// How long a worker holds a job without a heartbeat (it beats every third of this). A worker that
    /// died gives its jobs back after at most this long.
    pub worker_lease_seconds: u64,
    /// Requests a credential may make in a burst, then per second (token bucket).
    pub rate_limit_burst: u32,
    pub rate_limit_per_second: f64,
    /// Login, signup, password-reset and invitation requests one IP address may make in a burst, then per
    /// minute.
    pub auth_rate_limit_burst: u32,
    pub auth_rate_limit_per_minute: f64,
    /// Login and password-reset attempts for one account (institution + email) in a burst, then per minute.
    pub account_rate_limit_burst: u32,
    pub account_rate_limit_per_minute: f64,
    pub stripe_secret_key: Option<Secret>,
    pub stripe_webhook_secret: Option<Secret>,
    pub stripe_api_base: Option<String>,
    /// Stripe price id of each purchasable plan: `starter=price_123,growth=price_456`.
    pub stripe_prices: Option<String>,
    /// How long one Stripe API call may take before it fails as 503 `stripe_unavailable`.
    pub stripe_timeout_ms: u64,
    pub webhook_allow_private: bool,
    /// Cache course views, outlines and lists in memory (default on; off only to measure what it buys).
    pub catalog_cache: bool,
    /// When set, `/metrics` answers only requests with `Authorization: Bearer <this token>`.
    pub metrics_token: Option<Secret>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://lyceum.db".into(),
            database_runtime_url: None,
            database_pool_size: 16,
            bind: "127.0.0.1:8080".into(),
            smtp_url: None,
            outbox_dir: PathBuf::from("outbox"),
            mail_from: "Lyceum <no-reply@lyceum.localhost>".into(),
            public_url: "http://127.0.0.1:8080".into(),
            log_format: "text".into(),
            max_body_bytes: 1024 * 1024,
            shutdown_grace_seconds: 30,
            worker_concurrency: 4,
            worker_lease_seconds: 60,
            rate_limit_burst: 200,
            rate_limit_per_second: 20.0,
            auth_rate_limit_burst: 20,
            auth_rate_limit_per_minute: 20.0,
            account_rate_limit_burst: 10,
            account_rate_limit_per_minute: 2.0,
            stripe_secret_key: None,
            stripe_webhook_secret: None,
            stripe_api_base: None,
            stripe_prices: None,
            stripe_timeout_ms: 10_000,
            webhook_allow_private: false,
            catalog_cache: true,
            metrics_token: None,
        }
    }
}

const ENV_PREFIX: &str = "LYCEUM_";

/// Parses `LYCEUM_STRIPE_PRICES` (`starter=price_123,growth=price_456`).
pub fn parse_prices(text: &str) -> anyhow::Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (plan, price) =
            pair.split_once('=').ok_or_else(|| anyhow::anyhow!("stripe_prices: `{pair}` is not plan=price_id"))?;
        map.insert(plan.trim().to_string(), price.trim().to_string());
    }
    Ok(map)
}

impl Config {
    /// Reads `LYCEUM_CONFIG` (or `./lyceum.toml` when present), then lets `LYCEUM_*` variables override it.
    pub fn load() -> anyhow::Result<Self> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        let file = match env.get("LYCEUM_CONFIG") {
            Some(path) => Some(PathBuf::from(path)),
            None => Some(PathBuf::from("lyceum.toml")).filter(|p| p.exists()),
        };
        let text = match &file {
            Some(path) => {
                std::fs::read_to_string(path).with_context(|| format!("reading config file {}", path.display()))?
            }
            None => String::new(),
        };
        Self::from_sources(&text, &env).with_context(|| match file {
            Some(path) => format!("invalid configuration (file {})", path.display()),
            None => "invalid configuration".to_string(),
        })
    }

    /// Builds a config from a TOML text and an environment map: pure, so it is testable.
    pub fn from_sources(toml_text: &str, env: &BTreeMap<String, String>) -> anyhow::Result<Self> {
        let mut table: toml::Table = toml::from_str(toml_text).context("parsing TOML")?;
        for (key, value) in env {
            let Some(name) = key.strip_prefix(ENV_PREFIX) else {
                continue;
            };
            let name = name.to_ascii_lowercase();
            if name == "config" {
                continue;
            }
            let parsed = match name.as_str() {
                "database_pool_size"
                | "max_body_bytes"
                | "shutdown_grace_seconds"
                | "worker_concurrency"
                | "worker_lease_seconds"
                | "stripe_timeout_ms"
                | "rate_limit_burst"
                | "auth_rate_limit_burst"
                | "account_rate_limit_burst" => {
                    toml::Value::Integer(value.parse().with_context(|| format!("{key} must be a whole number"))?)
                }
                "rate_limit_per_second" | "auth_rate_limit_per_minute" | "account_rate_limit_per_minute" => {
                    toml::Value::Float(value.parse().with_context(|| format!("{key} must be a number"))?)
                }
                "webhook_allow_private" | "catalog_cache" => {
                    toml::Value::Boolean(matches!(value.as_str(), "1" | "true" | "yes" | "on"))
                }
                "database_url"
                | "database_runtime_url"
                | "metrics_token"
                | "bind"
                | "smtp_url"
                | "outbox_dir"
                | "mail_from"
                | "public_url"
                | "log_format"
                | "stripe_secret_key"
                | "stripe_webhook_secret"
                | "stripe_api_base"
                | "stripe_prices" => toml::Value::String(value.clone()),
                // Variables for other tools (LYCEUM_OPERATOR, LYCEUM_TEST_*) are not ours to reject.
                _ => continue,
            };
            if matches!(&parsed, toml::Value::String(s) if s.is_empty()) {
                table.remove(&name);
                continue;
            }
            table.insert(name, parsed);
        }
        let config: Config = toml::Value::Table(table).try_into().context("reading settings")?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        crate::db::DatabaseUrl::parse(&self.database_url)?;
        anyhow::ensure!(self.database_pool_size > 0, "database_pool_size must be at least 1");
        anyhow::ensure!(self.worker_concurrency > 0, "worker_concurrency must be at least 1");
        anyhow::ensure!(self.worker_lease_seconds >= 2, "worker_lease_seconds must be at least 2");
        anyhow::ensure!(self.stripe_timeout_ms > 0, "stripe_timeout_ms must be at least 1");
        parse_prices(self.stripe_prices.as_deref().unwrap_or(""))?;
        anyhow::ensure!(
            matches!(self.log_format.as_str(), "text" | "json"),
            "log_format must be `text` or `json`, not `{}`",
            self.log_format
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_apply_without_file_or_env() {
        let c = Config::from_sources("", &env(&[])).unwrap();
        assert_eq!(c.database_url.expose(), "sqlite://lyceum.db");
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert!(c.smtp_url.is_none());
    }

    /// Secrets never print (issue 16): `Debug` of the whole configuration shows none of them.
    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let c = Config::from_sources(
            "",
            &env(&[
                ("LYCEUM_DATABASE_URL", "postgres://owner:pg-pass-123@db/lyceum"),
                ("LYCEUM_STRIPE_SECRET_KEY", "sk_live_abcdef"),
                ("LYCEUM_STRIPE_WEBHOOK_SECRET", "whsec_xyz789"),
                ("LYCEUM_SMTP_URL", "smtps://mailer:smtp-pass-456@mail.test"),
                ("LYCEUM_METRICS_TOKEN", "metrics-tok-000"),
                ("LYCEUM_DATABASE_RUNTIME_URL", "postgres://rt:rt-pass-789@db/lyceum"),
            ]),
        )
        .unwrap();
        let shown = format!("{c:?} {c:#?}");
        for secret in
            ["pg-pass-123", "sk_live_abcdef", "whsec_xyz789", "smtp-pass-456", "metrics-tok-000", "rt-pass-789"]
        {
            assert!(!shown.contains(secret), "{secret} printed: {shown}");
        }
        assert_eq!(c.stripe_secret_key.as_deref(), Some("sk_live_abcdef"), "still usable");
    }

    #[test]
    fn environment_overrides_file() {
        let c = Config::from_sources(
            "bind = \"0.0.0.0:9000\"\nmail_from = \"a@b.test\"\n",
            &env(&[("LYCEUM_BIND", "127.0.0.1:1"), ("LYCEUM_WORKER_CONCURRENCY", "7"), ("HOME", "/root")]),
        )
        .unwrap();
        assert_eq!(c.bind, "127.0.0.1:1");
        assert_eq!(c.mail_from, "a@b.test");
        assert_eq!(c.worker_concurrency, 7);
    }

    #[test]
    fn bad_values_are_reported_by_name() {
        let err = Config::from_sources("", &env(&[("LYCEUM_WORKER_CONCURRENCY", "many")])).unwrap_err();
        assert!(format!("{err:#}").contains("LYCEUM_WORKER_CONCURRENCY"), "{err:#}");
        let err = Config::from_sources("colour = 1", &env(&[])).unwrap_err();
        assert!(format!("{err:#}").contains("colour"), "{err:#}");
        let err = Config::from_sources("", &env(&[("LYCEUM_DATABASE_URL", "mysql://x")])).unwrap_err();
        assert!(format!("{err:#}").contains("mysql"), "{err:#}");
    }
}
