//! Upgrades keep data: a database with the previous release's schema (this release's migration
//! reverted) holding an institution, its owner's password, a session, an API key and an emailed
//! single-use code opens, migrates and keeps every row and credential, on SQLite and PostgreSQL.

use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::MigrationHarness;
use lyceum_core::{
    db::{PG_MIGRATIONS, SQLITE_MIGRATIONS},
    identity::{
        self, api_keys, manage, sessions,
        user_tokens::{self, Purpose},
    },
    tenants, Core,
};
use lyceum_testkit::{db_tests, signup, unique_slug, Backend, TestDb};

/// Reverts the newest migration as the owner, leaving the previous release's schema with the data.
fn revert_newest(t: &TestDb) -> String {
    match t.backend {
        Backend::Postgres => {
            let mut c = PgConnection::establish(&t.url).unwrap();
            c.revert_last_migration(PG_MIGRATIONS).unwrap().to_string()
        }
        Backend::Sqlite => {
            let mut c = SqliteConnection::establish(t.url.trim_start_matches("sqlite://")).unwrap();
            c.revert_last_migration(SQLITE_MIGRATIONS).unwrap().to_string()
        }
    }
}

db_tests! {
    async fn the_previous_release_keeps_every_row_and_credential(t) {
        let core = Core::new(t.db.clone());
        let slug = unique_slug("upgrade");
        let s = signup(&t.db, &slug).await;
        let owner = identity::authenticate(&core, &s.session.token, Default::default()).await.unwrap();
        let key = api_keys::create(&core, &owner, "sync", &["users:read".into(), "courses:read".into()]).await.unwrap();
        let before = t.db.doors().system_read(|tx| tenants::list_all(tx, None)).await.unwrap();
        let user = s.user.id;
        let (reset_code, _) = t
            .db
            .doors()
            .write(&t.scope(s.tenant.id), move |tx| user_tokens::mint(tx, user, Purpose::PasswordReset))
            .await
            .unwrap();

        let reverted = revert_newest(&t);
        assert!(!t.db.is_ready().await, "{reverted} is reverted: the schema is the previous release's");
        let applied = t.db.migrate().await.unwrap();
        assert_eq!(applied.len(), 1, "{applied:?}");
        assert!(t.db.is_ready().await);

        // A process of the new release (fresh caches) finds everything.
        let fresh = Core::new(t.db.clone());
        let after = t.db.doors().system_read(|tx| tenants::list_all(tx, None)).await.unwrap();
        assert_eq!(after, before);
        let again = identity::authenticate(&fresh, &s.session.token, Default::default()).await.unwrap();
        assert_eq!(again.user_id(), Some(s.user.id), "the session survives");
        let by_key = identity::authenticate(&fresh, &key.secret, Default::default()).await.unwrap();
        assert_eq!(by_key.permissions().names(), vec!["users:read", "courses:read"], "the API key survives");
        let (_, user) = sessions::login(
            &fresh,
            sessions::LoginInput { tenant: slug.clone(), email: s.user.email.clone(), password: "correct horse battery".into(), acceptance: Default::default() },
            Default::default(),
        )
        .await
        .unwrap();
        assert_eq!(user.id, s.user.id, "the password hash survives");
        manage::confirm_password_reset(&fresh, &reset_code, "a new and long passphrase", Default::default())
            .await
            .expect("an emailed code survives (SQLite rebuilds its table)");
    }
}
