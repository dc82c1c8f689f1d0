//! Test-only helpers: a fresh, migrated database per test on either backend, and the SMTP sink's
//! mailbox. Dev-dependency only; nothing in production links it.
//!
//! - SQLite: a new file in a temporary folder.
//! - PostgreSQL: a database cloned from a migrated template (`LYCEUM_TEST_POSTGRES_URL` names a role
//!   that may create databases; `scripts/test` starts such a cluster). The template is built once per
//!   set of migrations, under an advisory lock, so parallel test processes share it.
#![recursion_limit = "256"]

mod mailbox;
mod postgres;
pub mod stripe;

use std::sync::Arc;

pub use lyceum_core;
use lyceum_core::{
    config::Config,
    db::{types::TenantId, Db},
    TenantScope,
};
pub use mailbox::Mailbox;
#[doc(hidden)]
pub use tokio as __tokio;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The key encryption key of every test database (base64 of 32 bytes): processes a test starts get it
/// as `LYCEUM_MASTER_KEY`.
pub const MASTER_KEY: &str = "bHljZXVtLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcyE=";

/// The keyring of [`MASTER_KEY`], for a second handle on a test database.
pub fn keyring() -> lyceum_core::vault::Keyring {
    lyceum_core::vault::Keyring::new(lyceum_core::vault::parse_key(MASTER_KEY).expect("a valid test key"), [])
}

/// A database that belongs to one test.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A fresh database with every migration applied.
    pub async fn new(backend: Backend) -> Self {
        let db = Self::unmigrated(backend).await;
        if backend == Backend::Sqlite {
            db.db.migrate().await.expect("migrating the test database");
        }
        db
    }

    /// A fresh database: empty on SQLite; on PostgreSQL, cloned from the migrated template unless
    /// `empty` is requested through [`TestDb::empty`].
    async fn unmigrated(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                let db = Db::connect(&url, 4).await.expect("opening the SQLite test database").with_keyring(keyring());
                TestDb { db, url, backend, _dir: Some(dir) }
            }
            Backend::Postgres => {
                let url = postgres::fresh_database(true).await;
                let db = Db::connect(&url, 4)
                    .await
                    .expect("connecting to the PostgreSQL test database")
                    .with_keyring(keyring());
                TestDb { db, url, backend, _dir: None }
            }
        }
    }

    /// A database with no tables at all (for readiness and migration tests).
    pub async fn empty(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => Self::unmigrated(backend).await,
            Backend::Postgres => {
                let url = postgres::fresh_database(false).await;
                let db = Db::connect(&url, 4)
                    .await
                    .expect("connecting to the PostgreSQL test database")
                    .with_keyring(keyring());
                TestDb { db, url, backend, _dir: None }
            }
        }
    }

    /// A configuration pointing at this database; mail goes to the SMTP sink when the test script
    /// started one (`LYCEUM_TEST_SMTP_URL`), else to an outbox folder in the temp dir.
    pub fn config(&self) -> Config {
        let mut config = Config::default();
        config.database.url = self.url.clone().into();
        config.database.pool_size = 4;
        config.keys.master_key = Some(MASTER_KEY.into());
        config.mail.smtp_url = std::env::var("LYCEUM_TEST_SMTP_URL").ok().filter(|s| !s.is_empty()).map(Into::into);
        config.mail.outbox_dir = std::env::temp_dir().join(format!("lyceum-outbox-{}", uuid::Uuid::now_v7()));
        // The test OpenID provider listens on loopback.
        config.sso.allow_private = true;
        config.lti.allow_private = true;
        // Files: SQLite runs keep them in a folder of their own (the embedded default); PostgreSQL runs in
        // the S3-compatible server the test script starts (`LYCEUM_TEST_S3_ENDPOINT`), when it did.
        let unique = uuid::Uuid::now_v7().simple().to_string();
        config.files.dir = std::env::temp_dir().join(format!("lyceum-files-{unique}"));
        if let (Backend::Postgres, Some(endpoint)) = (self.backend, s3_endpoint()) {
            config.files.storage_url = Some(format!("s3://{TEST_BUCKET}/{unique}"));
            config.files.s3_endpoint = Some(endpoint);
            config.files.s3_region = Some("us-east-1".into());
            config.files.s3_access_key_id = Some(TEST_S3_KEY.into());
            config.files.s3_secret_access_key = Some(TEST_S3_SECRET.into());
            config.files.s3_allow_http = true;
        }
        config
    }

    pub fn config_arc(&self) -> Arc<Config> {
        Arc::new(self.config())
    }

    /// A system scope on `tenant` (what a job would run with).
    pub fn scope(&self, tenant: TenantId) -> TenantScope {
        TenantScope::for_test(tenant)
    }
}

/// Signs up an institution with `slug` straight through core (owner `owner@<slug>.test`).
pub async fn signup(db: &Db, slug: &str) -> lyceum_core::tenants::SignupOutcome {
    lyceum_core::tenants::signup(
        db,
        lyceum_core::tenants::SignupInput {
            institution_name: format!("Institution {slug}"),
            slug: slug.to_string(),
            owner_name: "Owner".into(),
            owner_email: format!("owner@{slug}.test"),
            password: "correct horse battery".into(),
            plan: None,
        },
        lyceum_core::scope::RequestMeta::default(),
    )
    .await
    .expect("signup")
}

/// The bucket the test script creates in its S3-compatible server, and that server's credentials.
pub const TEST_BUCKET: &str = "lyceum-test";
pub const TEST_S3_KEY: &str = "lyceum-test-key";
pub const TEST_S3_SECRET: &str = "lyceum-test-secret";

/// The S3-compatible server the test script started (`LYCEUM_TEST_S3_ENDPOINT`), if any.
pub fn s3_endpoint() -> Option<String> {
    std::env::var("LYCEUM_TEST_S3_ENDPOINT").ok().filter(|s| !s.is_empty())
}

/// A slug no other test uses.
pub fn unique_slug(prefix: &str) -> String {
    let id = uuid::Uuid::now_v7().simple().to_string();
    format!("{prefix}-{}", &id[id.len() - 12..])
}

/// Runs each test body twice, on SQLite and on PostgreSQL, each with its own fresh database:
///
/// ```ignore
/// lyceum_testkit::db_tests! {
///     async fn signup_works(t) { let db = &t.db; /* ... */ }
/// }
/// ```
#[macro_export]
macro_rules! db_tests {
    ($($(#[$meta:meta])* async fn $name:ident($db:ident) $body:block)*) => {
        $(
            $(#[$meta])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                #[$crate::__tokio::test(flavor = "multi_thread", worker_threads = 2, crate = "lyceum_testkit::__tokio")]
                async fn sqlite() {
                    let $db = $crate::TestDb::new($crate::Backend::Sqlite).await;
                    $body
                }

                #[$crate::__tokio::test(flavor = "multi_thread", worker_threads = 2, crate = "lyceum_testkit::__tokio")]
                async fn postgres() {
                    let $db = $crate::TestDb::new($crate::Backend::Postgres).await;
                    $body
                }
            }
        )*
    };
}
