//! Loading and checking the configuration.
use super::*;

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn defaults_apply_without_file_or_env() {
    let c = Config::from_sources("", &env(&[])).unwrap();
    assert_eq!(c.database.url.expose(), "sqlite://lyceum.db");
    assert_eq!(c.server.bind, "127.0.0.1:8080");
    assert!(c.mail.smtp_url.is_none());
    assert_eq!(c.server.idle_timeout_seconds, Some(5));
    let never = Config::from_sources("", &env(&[("LYCEUM_HTTP_IDLE_TIMEOUT_SECONDS", "0")])).unwrap();
    assert_eq!(never.server.idle_timeout_seconds, None);
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
    for secret in ["pg-pass-123", "sk_live_abcdef", "whsec_xyz789", "smtp-pass-456", "metrics-tok-000", "rt-pass-789"] {
        assert!(!shown.contains(secret), "{secret} printed: {shown}");
    }
    assert_eq!(c.stripe.secret_key.as_deref(), Some("sk_live_abcdef"), "still usable");
}

#[test]
fn environment_overrides_file() {
    let c = Config::from_sources(
        "bind = \"0.0.0.0:9000\"\nmail_from = \"a@b.test\"\n",
        &env(&[("LYCEUM_BIND", "127.0.0.1:1"), ("LYCEUM_WORKER_CONCURRENCY", "7"), ("HOME", "/root")]),
    )
    .unwrap();
    assert_eq!(c.server.bind, "127.0.0.1:1");
    assert_eq!(c.mail.from, "a@b.test");
    assert_eq!(c.worker.concurrency, 7);
}

#[test]
fn master_keys_come_from_the_environment_and_never_print() {
    let key = crate::vault::generate_key();
    let c = Config::from_sources(
        "",
        &env(&[("LYCEUM_MASTER_KEY", &key), ("LYCEUM_PREVIOUS_MASTER_KEYS", "a,b"), ("LYCEUM_MASTER_KEY_FILE", "/k")]),
    )
    .unwrap();
    assert_eq!(c.keys.master_key.as_deref(), Some(key.as_str()));
    assert_eq!(c.keys.previous_master_keys.as_deref(), Some("a,b"));
    assert_eq!(c.keys.master_key_file.as_deref(), Some(std::path::Path::new("/k")));
    assert!(!format!("{c:?}").contains(&key));
    let ring = crate::vault::Keyring::from_config(&c.keys, false);
    assert!(ring.is_err(), "a previous key that is not a key is refused");
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

/// Issue 16, item 8: every documented flat key lands in its section.
#[test]
fn every_flat_key_lands_in_its_section() {
    let c = Config::from_sources(
        "mail_from = \"m@f.test\"\nworker_lease_seconds = 9\n",
        &env(&[
            ("LYCEUM_DATABASE_URL", "sqlite://x.db"),
            ("LYCEUM_DATABASE_RUNTIME_URL", "postgres://rt@h/d"),
            ("LYCEUM_DATABASE_POOL_SIZE", "3"),
            ("LYCEUM_BIND", "127.0.0.1:1"),
            ("LYCEUM_PUBLIC_URL", "https://p.test"),
            ("LYCEUM_MAX_BODY_BYTES", "11"),
            ("LYCEUM_SHUTDOWN_GRACE_SECONDS", "12"),
            ("LYCEUM_HTTP_IDLE_TIMEOUT_SECONDS", "16"),
            ("LYCEUM_SMTP_URL", "smtp://s.test:25"),
            ("LYCEUM_OUTBOX_DIR", "/tmp/o"),
            ("LYCEUM_WORKER_CONCURRENCY", "5"),
            ("LYCEUM_RATE_LIMIT_BURST", "6"),
            ("LYCEUM_RATE_LIMIT_PER_SECOND", "7.5"),
            ("LYCEUM_AUTH_RATE_LIMIT_BURST", "8"),
            ("LYCEUM_AUTH_RATE_LIMIT_PER_MINUTE", "9.5"),
            ("LYCEUM_ACCOUNT_RATE_LIMIT_BURST", "10"),
            ("LYCEUM_ACCOUNT_RATE_LIMIT_PER_MINUTE", "1.5"),
            ("LYCEUM_PASSWORD_HASH_THREADS", "3"),
            ("LYCEUM_PASSWORD_HASH_QUEUE", "14"),
            ("LYCEUM_PASSWORD_HASH_MAX_WAIT_MS", "15"),
            ("LYCEUM_STRIPE_SECRET_KEY", "sk_test_1"),
            ("LYCEUM_STRIPE_WEBHOOK_SECRET", "whsec_1"),
            ("LYCEUM_STRIPE_API_BASE", "http://stripe.test"),
            ("LYCEUM_STRIPE_PRICES", "starter=price_1"),
            ("LYCEUM_STRIPE_TIMEOUT_MS", "13"),
            ("LYCEUM_WEBHOOK_ALLOW_PRIVATE", "1"),
            ("LYCEUM_CATALOG_CACHE", "0"),
            ("LYCEUM_LOG_FORMAT", "json"),
            ("LYCEUM_METRICS_TOKEN", "tok"),
        ]),
    )
    .unwrap();
    assert_eq!(
        (c.database.url.expose(), c.database.runtime_url.as_deref(), c.database.pool_size),
        ("sqlite://x.db", Some("postgres://rt@h/d"), 3)
    );
    assert_eq!(
        (
            c.server.bind.as_str(),
            c.server.public_url.as_str(),
            c.server.max_body_bytes,
            c.server.shutdown_grace_seconds,
            c.server.idle_timeout_seconds
        ),
        ("127.0.0.1:1", "https://p.test", 11, 12, Some(16))
    );
    assert_eq!(
        (c.mail.smtp_url.as_deref(), c.mail.outbox_dir.to_str(), c.mail.from.as_str()),
        (Some("smtp://s.test:25"), Some("/tmp/o"), "m@f.test")
    );
    assert_eq!((c.worker.concurrency, c.worker.lease_seconds), (5, 9));
    let l = &c.limits;
    assert_eq!(
        (l.burst, l.per_second, l.auth_burst, l.auth_per_minute, l.account_burst, l.account_per_minute),
        (6, 7.5, 8, 9.5, 10, 1.5)
    );
    assert_eq!(l.password_hashing, HashingLimits { threads: 3, queue: 14, max_wait_ms: 15 });
    let s = &c.stripe;
    assert_eq!(
        (
            s.secret_key.as_deref(),
            s.webhook_secret.as_deref(),
            s.api_base.as_deref(),
            s.prices.as_deref(),
            s.timeout_ms
        ),
        (Some("sk_test_1"), Some("whsec_1"), Some("http://stripe.test"), Some("starter=price_1"), 13)
    );
    assert!(c.webhooks.allow_private);
    assert!(!c.cache.catalog);
    assert_eq!((c.observability.log_format.as_str(), c.observability.metrics_token.as_deref()), ("json", Some("tok")));
}

/// Issue 22, item 2: the replica's settings, and a replica refused without PostgreSQL.
#[test]
fn a_replica_needs_postgresql() {
    let c = Config::from_sources(
        "",
        &env(&[
            ("LYCEUM_DATABASE_URL", "postgres://o@primary/d"),
            ("LYCEUM_DATABASE_REPLICA_URL", "postgres://o@replica/d"),
            ("LYCEUM_DATABASE_REPLICA_MAX_WAIT_MS", "250"),
        ]),
    )
    .unwrap();
    assert_eq!(c.database.replica_url.as_deref(), Some("postgres://o@replica/d"));
    assert_eq!(c.database.replica_max_wait, std::time::Duration::from_millis(250));
    let err = Config::from_sources("", &env(&[("LYCEUM_DATABASE_REPLICA_URL", "postgres://o@replica/d")])).unwrap_err();
    assert!(format!("{err:#}").contains("database_replica_url needs PostgreSQL"), "{err:#}");
}
