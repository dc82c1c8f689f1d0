//! Tenant isolation in the database layer: scoped transactions see only their tenant; on PostgreSQL,
//! row-level security hides tenant rows from unscoped queries and refuses cross-tenant writes.

use diesel::{prelude::*, sql_types::BigInt};
use lyceum_core::{
    db::{schema, HasConn, TenantTx},
    identity::users,
    tenants, with_conn,
};
use lyceum_testkit::{db_tests, signup, unique_slug, Backend, TestDb};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count_users_raw(tx: &mut impl HasConn) -> i64 {
    with_conn!(tx, |c| diesel::sql_query("SELECT count(*) AS n FROM users").get_result::<Count>(c)).unwrap().n
}

db_tests! {
    async fn scoped_transactions_see_only_their_tenant(t) {
        let a = signup(&t.db, &unique_slug("a")).await;
        let b = signup(&t.db, &unique_slug("b")).await;
        let scope_a = t.scope(a.tenant.id);
        let (tenant, n, other) = t
            .db
            .doors()
            .read(&scope_a, move |tx: &mut TenantTx<'_>| {
                let other = users::get(tx, b.user.id);
                Ok((tenants::current(tx)?, users::count(tx)?, other))
            })
            .await
            .unwrap();
        assert_eq!(tenant.id, a.tenant.id);
        assert_eq!(n, 1);
        assert!(matches!(other, Err(lyceum_core::Error::NotFound { .. })), "{other:?}");
    }

    async fn unscoped_raw_queries_see_no_tenant_rows_on_postgres(t) {
        let a = signup(&t.db, &unique_slug("a")).await;
        signup(&t.db, &unique_slug("b")).await;
        // Through the app's own pool, without a tenant set.
        let unscoped = t.db.doors().platform(|tx| Ok(count_users_raw(tx))).await.unwrap();
        // The same raw query inside tenant A's transaction.
        let scoped = t.db.doors().read(&t.scope(a.tenant.id), |tx| Ok(count_users_raw(tx))).await.unwrap();
        match t.backend {
            // Row-level security is the second wall: no tenant, no rows, even for a raw query.
            Backend::Postgres => assert_eq!((unscoped, scoped), (0, 1)),
            // SQLite has no RLS; TenantScope in core is the wall there.
            Backend::Sqlite => assert_eq!((unscoped, scoped), (2, 2)),
        }
    }

    async fn system_reads_span_tenants_but_cannot_write(t) {
        let a = signup(&t.db, &unique_slug("a")).await;
        let slug = a.tenant.slug.clone();
        let found = t.db.doors().system_read(move |tx| tenants::find_by_slug(tx, &slug)).await.unwrap();
        assert_eq!(found.id, a.tenant.id);
        let all = t.db.doors().system_read(|tx| tenants::list_all(tx, None)).await.unwrap();
        assert_eq!(all.len(), 1);
        if t.backend == Backend::Postgres {
            let write = t
                .db
                .doors()
                .system_read(|tx| Ok(with_conn!(tx, |c| diesel::sql_query("UPDATE tenants SET name = 'x'").execute(c))?))
                .await;
            assert!(write.is_err(), "a system read transaction must be read-only");
        }
    }

    async fn migrations_are_current_and_ready(t) {
        assert!(t.db.is_ready().await);
        let status = t.db.migration_status().await.unwrap();
        assert!(!status.is_empty() && status.iter().all(|m| m.applied));
        // Running them again changes nothing.
        assert!(t.db.migrate().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn writes_into_another_tenant_are_refused_on_postgres() {
    let t = TestDb::new(Backend::Postgres).await;
    let a = signup(&t.db, &unique_slug("a")).await;
    let b = signup(&t.db, &unique_slug("b")).await;
    let b_tenant = b.tenant.id;
    let result =
        t.db.doors()
            .write(&t.scope(a.tenant.id), move |tx| {
                let now = lyceum_core::db::types::Timestamp::now();
                Ok(with_conn!(tx, |c| diesel::insert_into(schema::users::table)
                    .values((
                        schema::users::tenant_id.eq(b_tenant),
                        schema::users::id.eq(lyceum_core::db::types::UserId::new()),
                        schema::users::email.eq("intruder@x.test"),
                        schema::users::email_lower.eq("intruder@x.test"),
                        schema::users::name.eq("Intruder"),
                        schema::users::role.eq("owner"),
                        schema::users::status.eq("active"),
                        schema::users::created_at.eq(now),
                        schema::users::updated_at.eq(now),
                    ))
                    .execute(c))?)
            })
            .await;
    let err = result.expect_err("RLS must refuse a row of another tenant");
    assert!(format!("{err:?}").contains("row-level security"), "{err:?}");
    let n = t.db.doors().read(&t.scope(b_tenant), users::count).await.unwrap();
    assert_eq!(n, 1, "tenant B still has only its owner");
}

#[tokio::test]
async fn an_empty_database_is_not_ready_until_migrated() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let t = TestDb::empty(backend).await;
        assert!(!t.db.is_ready().await, "{backend:?}");
        assert!(!t.db.migrate().await.unwrap().is_empty());
        assert!(t.db.is_ready().await, "{backend:?}");
    }
}

/// Whole-schema rule on PostgreSQL: every table with a `tenant_id NOT NULL` column is a declared tenant
/// table with row-level security enabled and forced, a policy, and an index that starts with tenant_id.
#[tokio::test]
async fn every_tenant_table_is_protected_by_rls_and_indexed() {
    let t = TestDb::new(Backend::Postgres).await;
    #[derive(QueryableByName, Debug)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        rls: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        forced: bool,
        #[diesel(sql_type = BigInt)]
        policies: i64,
        #[diesel(sql_type = BigInt)]
        leading_indexes: i64,
    }
    let rows: Vec<Row> =
        t.db.doors()
            .platform(|tx| {
                Ok(with_conn!(tx, |c| diesel::sql_query(
                    "SELECT c.relname::text AS table_name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                        (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname) AS policies,
                        (SELECT count(*) FROM pg_index i JOIN pg_attribute a
                            ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                          WHERE i.indrelid = c.oid AND a.attname = 'tenant_id') AS leading_indexes
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnotnull
                 WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1"
                )
                .load(c))?)
            })
            .await
            .unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.table_name.as_str()).collect();
    let mut declared = schema::TENANT_TABLES.to_vec();
    declared.sort();
    assert_eq!(names, declared, "tenant tables in the database vs schema::TENANT_TABLES");
    // Every other table is a declared platform table, with its reason.
    #[derive(QueryableByName, Debug)]
    struct Table {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
    }
    let all: Vec<Table> =
        t.db.doors()
            .platform(|tx| {
                Ok(with_conn!(tx, |c| diesel::sql_query(
                    "SELECT tablename::text AS table_name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
                .load(c))?)
            })
            .await
            .unwrap();
    for table in &all {
        let name = table.table_name.as_str();
        assert!(
            schema::TENANT_TABLES.contains(&name) || schema::PLATFORM_TABLES.iter().any(|(p, _)| *p == name),
            "table `{name}` is neither a tenant table nor a declared platform table (db/schema.rs)"
        );
    }
    for r in &rows {
        assert!(r.rls && r.forced, "{r:?}: RLS must be enabled and forced");
        assert!(r.policies > 0, "{r:?}: needs a policy");
        assert!(r.leading_indexes > 0, "{r:?}: needs an index starting with tenant_id");
    }
}

#[tokio::test]
async fn sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys() {
    let t = TestDb::new(Backend::Sqlite).await;
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = diesel::sql_types::Text)]
        journal_mode: String,
    }
    #[derive(QueryableByName)]
    struct Timeout {
        #[diesel(sql_type = BigInt)]
        timeout: i64,
    }
    #[derive(QueryableByName)]
    struct Fk {
        #[diesel(sql_type = BigInt)]
        foreign_keys: i64,
    }
    let (mode, timeout, fk) =
        t.db.doors()
            .platform(|tx| {
                Ok(with_conn!(tx, |c| {
                    let m = diesel::sql_query("PRAGMA journal_mode").get_result::<Mode>(c)?;
                    let b = diesel::sql_query("PRAGMA busy_timeout").get_result::<Timeout>(c)?;
                    let f = diesel::sql_query("PRAGMA foreign_keys").get_result::<Fk>(c)?;
                    Ok::<_, diesel::result::Error>((m.journal_mode, b.timeout, f.foreign_keys))
                })?)
            })
            .await
            .unwrap();
    assert_eq!((mode.as_str(), timeout, fk), ("wal", 5000, 1));
}

/// Issue 15, finding 14: on PostgreSQL the pool serves through a role that owns nothing, is no
/// superuser and cannot bypass row-level security; it cannot switch RLS off, has no cross-tenant switch
/// to flip, cannot read where its password is kept, and the invalidation channel carries nothing but a
/// number. Serving as a superuser or as the owner is refused.
#[tokio::test]
async fn postgres_roles_separate_the_owner_from_the_serving_role() {
    use lyceum_core::invalidation::{self, Invalidation};
    let t = TestDb::new(Backend::Postgres).await;
    let a = signup(&t.db, &unique_slug("a")).await;
    signup(&t.db, &unique_slug("b")).await;

    #[derive(QueryableByName, Debug)]
    struct Me {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        superuser: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        bypassrls: bool,
        #[diesel(sql_type = BigInt)]
        owned: i64,
    }
    let me: Me =
        t.db.doors()
            .platform(|tx| {
                Ok(with_conn!(tx, |c| diesel::sql_query(
                    "SELECT r.rolname::text AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
                        (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned
                 FROM pg_roles r WHERE r.rolname = current_user"
                )
                .get_result(c))?)
            })
            .await
            .unwrap();
    let owner = t.url.split("://").nth(1).unwrap().split(['@', ':']).next().unwrap().to_string();
    assert_ne!(me.name, owner, "requests must not be served as the owner");
    assert!(me.name.ends_with("_runtime") && !me.superuser && !me.bypassrls && me.owned == 0, "{me:?}");

    // The serving role cannot switch RLS off, flip a cross-tenant switch, or read the runtime secret.
    for sql in [
        "ALTER TABLE users DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE users NO FORCE ROW LEVEL SECURITY",
        "SELECT * FROM lyceum_private.runtime_role",
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('99999999999999')",
    ] {
        let r = t.db.doors().platform(move |tx| Ok(with_conn!(tx, |c| diesel::sql_query(sql).execute(c))?)).await;
        assert!(r.is_err(), "{sql} must be refused");
    }
    let seen =
        t.db.doors()
            .platform(|tx| {
                with_conn!(tx, |c| diesel::sql_query("SELECT set_config('lyceum.system', 'on', true)").execute(c))?;
                Ok(count_users_raw(tx))
            })
            .await
            .unwrap();
    assert_eq!(seen, 0, "no setting opens other tenants' rows");

    // The channel says only a number, never a credential hash.
    let mut listener = diesel::PgConnection::establish(&t.db.connection_string()).unwrap();
    diesel::sql_query("LISTEN lyceum_invalidate").execute(&mut listener).unwrap();
    let hash = "f".repeat(64);
    let h = hash.clone();
    t.db.doors()
        .write(&t.scope(a.tenant.id), move |tx| invalidation::publish(tx, &Invalidation::Credential(h)))
        .await
        .unwrap();
    let mut payloads = Vec::new();
    for _ in 0..50 {
        diesel::sql_query("SELECT 1").execute(&mut listener).unwrap();
        payloads.extend(listener.notifications_iter().filter_map(|n| n.ok()).map(|n| n.payload));
        if !payloads.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!payloads.is_empty(), "a notification arrives");
    assert!(payloads.iter().all(|p| p.parse::<i64>().is_ok() && !p.contains(&hash)), "{payloads:?}");

    // Serving as a superuser, or as the owner, is refused.
    let superuser = t.url.replacen(&format!("://{owner}@"), "://postgres@", 1);
    let err = lyceum_core::db::Db::open(&t.url, Some(&superuser), 1).await.unwrap_err();
    assert!(format!("{err:#}").contains("superuser"), "{err:#}");
    let err = lyceum_core::db::Db::open(&t.url, Some(&t.url), 1).await.unwrap_err();
    assert!(format!("{err:#}").contains("owns"), "{err:#}");
}

/// Records the effects of every committed transaction.
#[derive(Debug, Default)]
struct Recorder(std::sync::Mutex<Vec<lyceum_core::db::Effects>>);

impl lyceum_core::db::AfterCommit for Recorder {
    fn committed<'a>(&'a self, effects: &'a lyceum_core::db::Effects) -> futures::future::BoxFuture<'a, ()> {
        self.0.lock().unwrap().push(effects.clone());
        Box::pin(std::future::ready(()))
    }
}

db_tests! {
    /// Effects belong to the transaction (issue 16): invalidations and job wake-ups registered in it
    /// reach this process's listeners after it commits, and a rolled-back transaction has none.
    async fn committed_transactions_apply_their_effects_and_rolled_back_ones_none(t) {
        use lyceum_core::invalidation::{self, Invalidation};
        let a = signup(&t.db, &unique_slug("fx")).await;
        let recorder = std::sync::Arc::new(Recorder::default());
        let listener: std::sync::Arc<dyn lyceum_core::db::AfterCommit> = recorder.clone();
        t.db.on_commit(&listener);
        let user = a.user.id;
        let failed = t
            .db
            .doors()
            .write(&t.scope(a.tenant.id), move |tx| {
                invalidation::publish(tx, &Invalidation::User(user))?;
                Err::<(), _>(lyceum_core::Error::invalid("x", "rolled back on purpose"))
            })
            .await;
        assert!(failed.is_err());
        assert!(recorder.0.lock().unwrap().is_empty(), "a rolled-back transaction has no effects");
        t.db.doors().write(&t.scope(a.tenant.id), move |tx| invalidation::publish(tx, &Invalidation::User(user))).await.unwrap();
        let seen = recorder.0.lock().unwrap().clone();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].invalidations, vec![Invalidation::User(user)]);
        assert!(!seen[0].jobs_enqueued);
        drop(listener);
        drop(recorder);
        // Dropped listeners are forgotten.
        t.db.doors().write(&t.scope(a.tenant.id), move |tx| invalidation::publish(tx, &Invalidation::User(user))).await.unwrap();
    }
}

db_tests! {
    /// Types fail loudly (issue 16): a corrupt JSON column is an error when read back, never a silent
    /// default (a plan once read as having no features, an endpoint as subscribed to nothing). Status
    /// columns are guarded by CHECK constraints on both backends and decode with an error too.
    async fn corrupt_columns_are_errors_not_defaults(t) {
        let core = lyceum_core::Core::new(t.db.clone());
        assert!(!lyceum_core::billing::plans(&core).await.unwrap().is_empty());
        t.db.doors().platform(|tx| {
            Ok(with_conn!(tx, |c| diesel::update(schema::plans::table.filter(schema::plans::code.eq("trial")))
                .set(schema::plans::features.eq("{not json"))
                .execute(c))?)
        })
        .await
        .unwrap();
        let err = lyceum_core::billing::plans(&core).await.unwrap_err();
        assert!(format!("{err}").contains("corrupt data") && format!("{err}").contains("trial"), "{err}");

        // A status value the enum does not know fails the read (it cannot be written: CHECK
        // constraints), and one it knows decodes into the enum.
        let read = |text: &'static str| {
            t.db.doors().platform(move |tx| {
                let q = format!("SELECT '{text}' AS status");
                Ok(with_conn!(tx, |c| diesel::sql_query(q.clone()).load::<StatusOnly>(c))?)
            })
        };
        let ok = read("published").await.unwrap();
        assert_eq!(ok[0].status, lyceum_core::courses::CourseStatus::Published);
        let err = read("retired").await.unwrap_err();
        assert!(format!("{err:?}").contains("unknown CourseStatus \"retired\""), "{err:?}");
    }
}

#[derive(Debug, QueryableByName)]
struct StatusOnly {
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: lyceum_core::courses::CourseStatus,
}

db_tests! {
    /// Issue 16, item 7: one listening connection per process (per pool), shared by the caches'
    /// invalidation follower and the worker's wake-up, on every channel.
    async fn one_listening_connection_serves_every_subscriber(t) {
        if t.backend != Backend::Postgres {
            return; // SQLite has no LISTEN: the follower polls the invalidations table.
        }
        let core = lyceum_core::Core::new(t.db.clone());
        let woken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let w = woken.clone();
        let _wake = lyceum_core::jobs::spawn_wake_listener(&t.db, move || {
            w.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        })
        .expect("PostgreSQL has a wake listener");
        let dbname = t.url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
        let db = t.db.clone();
        let listening = || {
            let (dbname, db) = (dbname.clone(), db.clone());
            async move {
                db.doors()
                    .platform(move |tx| {
                        #[derive(QueryableByName)]
                        struct N {
                            #[diesel(sql_type = BigInt)]
                            n: i64,
                        }
                        Ok(with_conn!(tx, |c| diesel::sql_query(
                            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN %'"
                        )
                        .bind::<diesel::sql_types::Text, _>(&dbname)
                        .get_result::<N>(c))?
                        .n)
                    })
                    .await
                    .unwrap()
            }
        };
        let started = std::time::Instant::now();
        while listening().await < 1 {
            assert!(started.elapsed() < std::time::Duration::from_secs(5), "no listening connection");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(listening().await, 1, "the caches and the worker share one listening connection");
        // Another process's enqueue wakes this one through it.
        let other = lyceum_core::db::Db::connect(&t.url, 1).await.unwrap().with_keyring(lyceum_testkit::keyring());
        other
            .doors()
            .platform(|tx| {
                with_conn!(tx, |c| diesel::sql_query(format!("NOTIFY {}", lyceum_core::jobs::WAKE_CHANNEL)).execute(c))?;
                Ok(())
            })
            .await
            .unwrap();
        while woken.load(std::sync::atomic::Ordering::SeqCst) == 0 {
            assert!(started.elapsed() < std::time::Duration::from_secs(10), "the wake-up never came");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        drop(core);
    }
}
