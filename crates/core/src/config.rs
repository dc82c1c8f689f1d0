//! Configuration of every binary: `LYCEUM_*` environment variables over an optional `lyceum.toml`.

use std::{collections::BTreeMap, path::PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// Where a deployment is reached when nothing else is configured (`server.public_url`).
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

mod secret;
pub use secret::Secret;

/// The settings as written: one flat key per setting, the environment variable's name without the
/// `LYCEUM_` prefix, lower-cased (`database_url` <- `LYCEUM_DATABASE_URL`), in `lyceum.toml` too. This
/// is the documented surface; [`Config`] groups the same settings by concern.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Flat {
    /// `sqlite://PATH` (default `sqlite://lyceum.db`), `sqlite:///abs/path.db`, or `postgres://...`.
    pub database_url: Secret,
    /// PostgreSQL only: the role requests are served through (it must own nothing and may not bypass
    /// row-level security). Unset: Lyceum creates one with the owner of `database_url`, which must then be
    /// allowed to create roles.
    pub database_runtime_url: Option<Secret>,
    /// Largest number of pooled database connections per process.
    pub database_pool_size: usize,
    /// PostgreSQL only: a streaming replica (hosts and options; Lyceum connects as its runtime role)
    /// that serves lag-tolerant reads: reports, catalog lists, certificate verification, audit lists.
    pub database_replica_url: Option<Secret>,
    /// Longest a routed read waits for the replica to replay what the primary had written when the read
    /// began, before it runs on the primary instead.
    pub database_replica_max_wait_ms: u64,
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
    /// Seconds a client connection may stay open with nothing sent either way before the server closes
    /// it (0: never). Each open connection holds about 33 KB of buffers.
    pub http_idle_timeout_seconds: u64,
    /// Addresses or networks (`10.0.0.0/8,127.0.0.1`, comma-separated) of the reverse proxies or load
    /// balancers in front of the API: from these peers, the client's address is read from
    /// `X-Forwarded-For` (rate limits, audit). Unset: the peer is the client.
    pub trusted_proxies: Option<String>,
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
    /// Password hashes computed at once (0: one per core), hashes that may wait for one, and the longest
    /// wait before a waiting hash is shed (503 with `Retry-After`).
    pub password_hash_threads: usize,
    pub password_hash_queue: usize,
    pub password_hash_max_wait_ms: u64,
    /// Admission control: requests served at once (0: no limit), requests that may wait for a turn, and
    /// the longest wait before a waiting request is answered 503 `overloaded` with `Retry-After`.
    pub max_requests_in_flight: usize,
    pub request_queue: usize,
    pub request_queue_max_wait_ms: u64,
    pub stripe_secret_key: Option<Secret>,
    pub stripe_webhook_secret: Option<Secret>,
    pub stripe_api_base: Option<String>,
    /// Stripe price id of each purchasable plan: `starter=price_123,growth=price_456`.
    pub stripe_prices: Option<String>,
    /// How long one Stripe API call may take before it fails as 503 `stripe_unavailable`.
    pub stripe_timeout_ms: u64,
    pub webhook_allow_private: bool,
    /// Allow identity providers (single sign-on) on private and loopback addresses (tests, local development).
    pub sso_allow_private: bool,
    /// Allow LTI tools on private and loopback addresses (tests, local development).
    pub lti_allow_private: bool,
    /// Cache course views, outlines and lists in memory (default on; off only to measure what it buys).
    pub catalog_cache: bool,
    /// When set, `/metrics` answers only requests with `Authorization: Bearer <this token>`.
    pub metrics_token: Option<Secret>,
    /// Where uploaded files are kept when no `storage_url` is set: a folder on this machine.
    pub files_dir: PathBuf,
    /// `s3://bucket` or `s3://bucket/prefix`: S3-compatible object storage for uploaded files (unset: the
    /// local `files_dir`). Credentials and region come from the `s3_*` settings, else from the usual
    /// `AWS_*` environment variables.
    pub storage_url: Option<String>,
    pub s3_endpoint: Option<String>,
    pub s3_region: Option<String>,
    pub s3_access_key_id: Option<Secret>,
    pub s3_secret_access_key: Option<Secret>,
    /// Allow a plain-HTTP `s3_endpoint` (a server on this machine or a private network).
    pub s3_allow_http: bool,
    /// The largest upload the platform takes whatever the plan (each plan has its own, smaller or equal).
    pub max_upload_bytes: u64,
    /// How long a signed download URL works, in seconds.
    pub file_url_seconds: u64,
    /// The key encryption key for secrets stored at rest: base64 of 32 random bytes
    /// (`lyceum keys generate`). Unset: read from `master_key_file`.
    pub master_key: Option<Secret>,
    /// A file holding the key encryption key (base64). Unset: `lyceum-master.key` in the working
    /// directory, created on first start when missing.
    pub master_key_file: Option<PathBuf>,
    /// During a rotation: the key encryption keys being retired (comma-separated base64), to unwrap what
    /// they still wrap until `lyceum keys rotate` has re-wrapped it.
    pub previous_master_keys: Option<Secret>,
}

impl Default for Flat {
    fn default() -> Self {
        Self {
            database_url: "sqlite://lyceum.db".into(),
            database_runtime_url: None,
            database_pool_size: 16,
            database_replica_url: None,
            database_replica_max_wait_ms: 100,
            bind: "127.0.0.1:8080".into(),
            smtp_url: None,
            outbox_dir: PathBuf::from("outbox"),
            mail_from: "Lyceum <no-reply@lyceum.localhost>".into(),
            public_url: DEFAULT_PUBLIC_URL.into(),
            log_format: "text".into(),
            max_body_bytes: 1024 * 1024,
            shutdown_grace_seconds: 30,
            http_idle_timeout_seconds: 5,
            trusted_proxies: None,
            worker_concurrency: 4,
            worker_lease_seconds: 60,
            rate_limit_burst: 200,
            rate_limit_per_second: 20.0,
            auth_rate_limit_burst: 20,
            auth_rate_limit_per_minute: 20.0,
            account_rate_limit_burst: 10,
            account_rate_limit_per_minute: 2.0,
            password_hash_threads: 0,
            password_hash_queue: 64,
            password_hash_max_wait_ms: 5_000,
            max_requests_in_flight: 128,
            request_queue: 2_048,
            request_queue_max_wait_ms: 150,
            stripe_secret_key: None,
            stripe_webhook_secret: None,
            stripe_api_base: None,
            stripe_prices: None,
            stripe_timeout_ms: 10_000,
            webhook_allow_private: false,
            sso_allow_private: false,
            lti_allow_private: false,
            catalog_cache: true,
            metrics_token: None,
            files_dir: PathBuf::from("files"),
            storage_url: None,
            s3_endpoint: None,
            s3_region: None,
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_allow_http: false,
            max_upload_bytes: 1024 * 1024 * 1024,
            file_url_seconds: 300,
            master_key: None,
            master_key_file: None,
            previous_master_keys: None,
        }
    }
}

/// Settings shared by the api, the worker and the CLI, grouped by concern. Read from the flat keys of
/// the environment and `lyceum.toml` ([`Config::load`]); secrets are [`Secret`]s, which never print.
#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseConfig,
    pub server: ServerConfig,
    pub mail: MailConfig,
    pub worker: WorkerConfig,
    pub limits: LimitsConfig,
    pub stripe: StripeConfig,
    pub webhooks: WebhooksConfig,
    pub sso: SsoConfig,
    pub lti: LtiConfig,
    pub cache: CacheConfig,
    pub observability: ObservabilityConfig,
    pub files: FilesConfig,
    pub keys: KeysConfig,
}

/// The key encryption keys of secrets stored at rest (see `vault`).
#[derive(Debug, Clone, Default)]
pub struct KeysConfig {
    pub master_key: Option<Secret>,
    pub master_key_file: Option<PathBuf>,
    pub previous_master_keys: Option<Secret>,
}

#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` (default `sqlite://lyceum.db`), `sqlite:///abs/path.db`, or `postgres://...`.
    pub url: Secret,
    /// PostgreSQL only: the role requests are served through (see `LYCEUM_DATABASE_RUNTIME_URL`).
    pub runtime_url: Option<Secret>,
    /// Largest number of pooled database connections per process.
    pub pool_size: usize,
    /// PostgreSQL only: the streaming replica of lag-tolerant reads (see `LYCEUM_DATABASE_REPLICA_URL`).
    pub replica_url: Option<Secret>,
    /// Longest a routed read waits for the replica to catch up before it runs on the primary.
    pub replica_max_wait: std::time::Duration,
}

#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address the API listens on.
    pub bind: String,
    /// Base URL that emails link to.
    pub public_url: String,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Seconds in-flight requests and running jobs get to finish after SIGTERM/SIGINT.
    pub shutdown_grace_seconds: u64,
    /// Seconds an idle client connection stays open (`None`: until the client closes it).
    pub idle_timeout_seconds: Option<u64>,
    /// The reverse proxies whose `X-Forwarded-For` names the client (see `LYCEUM_TRUSTED_PROXIES`).
    pub trusted_proxies: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://host:port` or `smtps://user:pass@host:port`; unset means mail goes to `outbox_dir`.
    pub smtp_url: Option<Secret>,
    /// Folder for mail when no SMTP server is configured (one `.eml` file per message).
    pub outbox_dir: PathBuf,
    /// Sender of every email.
    pub from: String,
}

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Jobs one worker runs at once.
    pub concurrency: usize,
    /// How long a worker holds a job without a heartbeat (it beats every third of this).
    pub lease_seconds: u64,
}

/// Token buckets: per credential; per client address on the account endpoints; per account.
#[derive(Debug, Clone)]
pub struct LimitsConfig {
    /// Password hashing: threads, queue and longest wait (see [`crate::identity::password`]).
    pub password_hashing: HashingLimits,
    /// Requests at once, queued and waited for (see the api's `http::admission`).
    pub admission: AdmissionLimits,
    pub burst: u32,
    pub per_second: f64,
    pub auth_burst: u32,
    pub auth_per_minute: f64,
    pub account_burst: u32,
    pub account_per_minute: f64,
}

/// How much password hashing a process does at once (`LYCEUM_PASSWORD_HASH_*`; see
/// `identity::password`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashingLimits {
    /// Hashes at once; 0: one per available core.
    pub threads: usize,
    /// Hashes waiting for a thread; beyond this, new ones are shed at once.
    pub queue: usize,
    /// A hash that waited this long is shed when its turn comes.
    pub max_wait_ms: u64,
}

/// How many requests one API process serves at once (`LYCEUM_MAX_REQUESTS_IN_FLIGHT`,
/// `LYCEUM_REQUEST_QUEUE`, `LYCEUM_REQUEST_QUEUE_MAX_WAIT_MS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdmissionLimits {
    /// Requests served at once; 0 turns admission control off.
    pub in_flight: usize,
    /// Requests that may wait for a turn; beyond this, new ones are answered 503 at once.
    pub queue: usize,
    /// A request that waited this long without a turn is answered 503.
    pub max_wait_ms: u64,
}

impl Default for HashingLimits {
    fn default() -> Self {
        HashingLimits { threads: 0, queue: 64, max_wait_ms: 5_000 }
    }
}

#[derive(Debug, Clone)]
pub struct StripeConfig {
    pub secret_key: Option<Secret>,
    pub webhook_secret: Option<Secret>,
    pub api_base: Option<String>,
    /// Stripe price id of each purchasable plan: `starter=price_123,growth=price_456`.
    pub prices: Option<String>,
    /// How long one Stripe API call may take before it fails as 503 `stripe_unavailable`.
    pub timeout_ms: u64,
}

#[derive(Debug, Clone)]
pub struct SsoConfig {
    /// Allow identity providers whose issuer or endpoints are private or loopback addresses.
    pub allow_private: bool,
}

#[derive(Debug, Clone)]
pub struct LtiConfig {
    /// Allow LTI tools whose URLs are private or loopback addresses.
    pub allow_private: bool,
}

#[derive(Debug, Clone)]
pub struct WebhooksConfig {
    /// Allow deliveries to private and loopback addresses (tests, local development).
    pub allow_private: bool,
}

#[derive(Debug, Clone)]
pub struct CacheConfig {
    /// Cache course views, outlines and lists in memory (default on; off only to measure what it buys).
    pub catalog: bool,
}

/// Uploaded files: where they are kept, how large they may be, how long their download links work.
#[derive(Debug, Clone, PartialEq)]
pub struct FilesConfig {
    /// The local folder (the embedded default; used when `storage_url` is unset).
    pub dir: PathBuf,
    /// `s3://bucket[/prefix]`: S3-compatible object storage instead.
    pub storage_url: Option<String>,
    pub s3_endpoint: Option<String>,
    pub s3_region: Option<String>,
    pub s3_access_key_id: Option<Secret>,
    pub s3_secret_access_key: Option<Secret>,
    pub s3_allow_http: bool,
    /// The platform's ceiling on one upload (plans set their own limits below it).
    pub max_upload_bytes: u64,
    /// Lifetime of a signed download URL, in seconds.
    pub url_seconds: u64,
}

#[derive(Debug, Clone)]
pub struct ObservabilityConfig {
    /// `text` (default) or `json` log lines.
    pub log_format: String,
    /// When set, `/metrics` answers only requests with `Authorization: Bearer <this token>`.
    pub metrics_token: Option<Secret>,
}

impl From<Flat> for Config {
    fn from(f: Flat) -> Self {
        Config {
            database: DatabaseConfig {
                url: f.database_url,
                runtime_url: f.database_runtime_url,
                pool_size: f.database_pool_size,
                replica_url: f.database_replica_url,
                replica_max_wait: std::time::Duration::from_millis(f.database_replica_max_wait_ms),
            },
            server: ServerConfig {
                bind: f.bind,
                public_url: f.public_url,
                max_body_bytes: f.max_body_bytes,
                shutdown_grace_seconds: f.shutdown_grace_seconds,
                idle_timeout_seconds: (f.http_idle_timeout_seconds > 0).then_some(f.http_idle_timeout_seconds),
                trusted_proxies: f.trusted_proxies.filter(|p| !p.trim().is_empty()),
            },
            mail: MailConfig { smtp_url: f.smtp_url, outbox_dir: f.outbox_dir, from: f.mail_from },
            worker: WorkerConfig { concurrency: f.worker_concurrency, lease_seconds: f.worker_lease_seconds },
            limits: LimitsConfig {
                password_hashing: HashingLimits {
                    threads: f.password_hash_threads,
                    queue: f.password_hash_queue,
                    max_wait_ms: f.password_hash_max_wait_ms,
                },
                admission: AdmissionLimits {
                    in_flight: f.max_requests_in_flight,
                    queue: f.request_queue,
                    max_wait_ms: f.request_queue_max_wait_ms,
                },
                burst: f.rate_limit_burst,
                per_second: f.rate_limit_per_second,
                auth_burst: f.auth_rate_limit_burst,
                auth_per_minute: f.auth_rate_limit_per_minute,
                account_burst: f.account_rate_limit_burst,
                account_per_minute: f.account_rate_limit_per_minute,
            },
            stripe: StripeConfig {
                secret_key: f.stripe_secret_key,
                webhook_secret: f.stripe_webhook_secret,
                api_base: f.stripe_api_base,
                prices: f.stripe_prices,
                timeout_ms: f.stripe_timeout_ms,
            },
            webhooks: WebhooksConfig { allow_private: f.webhook_allow_private },
            sso: SsoConfig { allow_private: f.sso_allow_private },
            lti: LtiConfig { allow_private: f.lti_allow_private },
            cache: CacheConfig { catalog: f.catalog_cache },
            observability: ObservabilityConfig { log_format: f.log_format, metrics_token: f.metrics_token },
            files: FilesConfig {
                dir: f.files_dir,
                storage_url: f.storage_url,
                s3_endpoint: f.s3_endpoint,
                s3_region: f.s3_region,
                s3_access_key_id: f.s3_access_key_id,
                s3_secret_access_key: f.s3_secret_access_key,
                s3_allow_http: f.s3_allow_http,
                max_upload_bytes: f.max_upload_bytes,
                url_seconds: f.file_url_seconds,
            },
            keys: KeysConfig {
                master_key: f.master_key,
                master_key_file: f.master_key_file,
                previous_master_keys: f.previous_master_keys,
            },
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Flat::default().into()
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
                | "database_replica_max_wait_ms"
                | "max_body_bytes"
                | "shutdown_grace_seconds"
                | "http_idle_timeout_seconds"
                | "worker_concurrency"
                | "worker_lease_seconds"
                | "stripe_timeout_ms"
                | "rate_limit_burst"
                | "auth_rate_limit_burst"
                | "account_rate_limit_burst"
                | "password_hash_threads"
                | "password_hash_queue"
                | "password_hash_max_wait_ms"
                | "max_requests_in_flight"
                | "request_queue"
                | "request_queue_max_wait_ms"
                | "max_upload_bytes"
                | "file_url_seconds" => {
                    toml::Value::Integer(value.parse().with_context(|| format!("{key} must be a whole number"))?)
                }
                "rate_limit_per_second" | "auth_rate_limit_per_minute" | "account_rate_limit_per_minute" => {
                    toml::Value::Float(value.parse().with_context(|| format!("{key} must be a number"))?)
                }
                "webhook_allow_private"
                | "sso_allow_private"
                | "lti_allow_private"
                | "catalog_cache"
                | "s3_allow_http" => toml::Value::Boolean(matches!(value.as_str(), "1" | "true" | "yes" | "on")),
                "database_url"
                | "database_runtime_url"
                | "database_replica_url"
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
                | "stripe_prices"
                | "files_dir"
                | "storage_url"
                | "s3_endpoint"
                | "s3_region"
                | "s3_access_key_id"
                | "s3_secret_access_key"
                | "master_key"
                | "master_key_file"
                | "previous_master_keys" => toml::Value::String(value.clone()),
                // Variables for other tools (LYCEUM_OPERATOR, LYCEUM_TEST_*) are not ours to reject.
                _ => continue,
            };
            if matches!(&parsed, toml::Value::String(s) if s.is_empty()) {
                table.remove(&name);
                continue;
            }
            table.insert(name, parsed);
        }
        let flat: Flat = toml::Value::Table(table).try_into().context("reading settings")?;
        flat.validate()?;
        Ok(flat.into())
    }
}

impl Flat {
    fn validate(&self) -> anyhow::Result<()> {
        crate::db::DatabaseUrl::parse(&self.database_url)?;
        anyhow::ensure!(self.database_pool_size > 0, "database_pool_size must be at least 1");
        if let Some(replica) = &self.database_replica_url {
            let parsed = crate::db::DatabaseUrl::parse(replica)?;
            anyhow::ensure!(
                parsed.backend == crate::db::Backend::Postgres
                    && crate::db::DatabaseUrl::parse(&self.database_url)?.backend == crate::db::Backend::Postgres,
                "database_replica_url needs PostgreSQL for both database_url and database_replica_url"
            );
        }
        anyhow::ensure!(self.worker_concurrency > 0, "worker_concurrency must be at least 1");
        anyhow::ensure!(self.worker_lease_seconds >= 2, "worker_lease_seconds must be at least 2");
        anyhow::ensure!(self.stripe_timeout_ms > 0, "stripe_timeout_ms must be at least 1");
        parse_prices(self.stripe_prices.as_deref().unwrap_or(""))?;
        if let Some(url) = &self.storage_url {
            anyhow::ensure!(
                url.strip_prefix("s3://").is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/')),
                "storage_url must be s3://bucket or s3://bucket/prefix, not `{url}`"
            );
        }
        anyhow::ensure!(self.max_upload_bytes > 0, "max_upload_bytes must be at least 1");
        anyhow::ensure!(
            (10..=86_400).contains(&self.file_url_seconds),
            "file_url_seconds must be between 10 and 86400"
        );
        anyhow::ensure!(
            matches!(self.log_format.as_str(), "text" | "json"),
            "log_format must be `text` or `json`, not `{}`",
            self.log_format
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests;
