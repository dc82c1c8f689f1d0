//! The job queue and the worker on both backends: concurrent workers never run a job twice at once,
//! failures retry with backoff then go dead with their error, panics are caught, a dead worker's lease
//! expires and its job runs again, and dedup keys hold.

use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock},
};

use diesel::prelude::*;
use lyceum_core::{
    db::{schema::jobs as jobs_table, types::JobId, types::TenantId, Db},
    email::Mailer,
    jobs::{self, Job},
    with_conn,
};
use lyceum_testkit::{db_tests, TestDb};
use lyceum_worker::{Context, JobMeta, Registry, Worker, WorkerOptions};

/// Runs seen by test handlers, by run id (each test uses its own): job id and the scope's tenant.
type Seen = Mutex<HashMap<String, Vec<(JobId, Option<TenantId>)>>>;

fn seen() -> &'static Seen {
    static SEEN: OnceLock<Seen> = OnceLock::new();
    SEEN.get_or_init(Default::default)
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Record {
    run: String,
    tenant: Option<TenantId>,
}

impl Job for Record {
    const KIND: &'static str = "test.record";
    fn tenant_id(&self) -> Option<TenantId> {
        self.tenant
    }

    async fn run(self, _ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        let tenant = meta.scope.as_ref().map(|s| s.tenant_id());
        seen().lock().unwrap().entry(self.run).or_default().push((meta.id, tenant));
        Ok(())
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct AlwaysFails;

impl Job for AlwaysFails {
    const KIND: &'static str = "test.fails";
    const MAX_ATTEMPTS: i32 = 2;
    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    async fn run(self, _ctx: Context, _meta: JobMeta) -> anyhow::Result<()> {
        anyhow::bail!("the remote service said no")
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Panics;

impl Job for Panics {
    const KIND: &'static str = "test.panics";
    const MAX_ATTEMPTS: i32 = 1;
    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    async fn run(self, _ctx: Context, _meta: JobMeta) -> anyhow::Result<()> {
        panic!("boom")
    }
}

fn worker(t: &TestDb, concurrency: usize) -> Worker {
    let config = t.config_arc();
    let ctx = Context::new(lyceum_core::Core::new(t.db.clone()), Mailer::from_config(&config).unwrap(), config);
    let mut registry = Registry::default();
    registry.add::<Record>().add::<AlwaysFails>().add::<Panics>();
    Worker::new(ctx, registry, WorkerOptions { concurrency, ..Default::default() })
}

async fn enqueue_platform<J: Job + Clone>(db: &Db, job: J, n: usize) {
    db.doors()
        .platform(move |tx| {
            for _ in 0..n {
                jobs::enqueue_platform(tx, &job)?;
            }
            Ok(())
        })
        .await
        .unwrap();
}

#[derive(Debug, Queryable)]
struct JobState {
    status: String,
    attempts: i32,
    last_error: Option<String>,
}

async fn job_states(db: &Db, kind: &'static str) -> Vec<JobState> {
    db.doors()
        .platform(move |tx| {
            Ok(with_conn!(tx, |c| jobs_table::table
                .filter(jobs_table::kind.eq(kind))
                .select((jobs_table::status, jobs_table::attempts, jobs_table::last_error))
                .load::<JobState>(c))?)
        })
        .await
        .unwrap()
}

/// Makes every queued job due now (instead of waiting out its backoff).
async fn make_due(db: &Db) {
    db.doors()
        .platform(|tx| {
            let now = lyceum_core::db::types::Timestamp::now();
            Ok(with_conn!(tx, |c| diesel::update(jobs_table::table.filter(jobs_table::status.eq("queued")))
                .set(jobs_table::run_at.eq(now))
                .execute(c))?)
        })
        .await
        .unwrap();
}

db_tests! {
    async fn concurrent_workers_run_each_job_exactly_once(t) {
        let run = uuid::Uuid::now_v7().to_string();
        enqueue_platform(&t.db, Record { run: run.clone(), tenant: None }, 60).await;
        let workers: Vec<Worker> = (0..3).map(|_| worker(&t, 4)).collect();
        let results = futures::future::join_all(workers.iter().map(|w| w.drain())).await;
        let total: usize = results.into_iter().map(|r| r.unwrap()).sum();
        assert_eq!(total, 60);
        let ids: Vec<JobId> = seen().lock().unwrap()[&run].iter().map(|(id, _)| *id).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((ids.len(), unique.len()), (60, 60), "a job ran twice");
        let stats = jobs::stats(&t.db).await.unwrap();
        assert_eq!((stats.queued, stats.running, stats.done), (0, 0, 60));
    }

    async fn failures_retry_with_backoff_then_die_with_the_error(t) {
        enqueue_platform(&t.db, AlwaysFails, 1).await;
        let w = worker(&t, 1);
        assert_eq!(w.drain().await.unwrap(), 1);
        let s = job_states(&t.db, AlwaysFails::KIND).await;
        assert_eq!((s[0].status.as_str(), s[0].attempts), ("queued", 1));
        // Backoff: not due again at once.
        assert_eq!(w.drain().await.unwrap(), 0);
        make_due(&t.db).await;
        assert_eq!(w.drain().await.unwrap(), 1);
        let s = job_states(&t.db, AlwaysFails::KIND).await;
        assert_eq!((s[0].status.as_str(), s[0].attempts), ("dead", 2));
        assert!(s[0].last_error.as_deref().unwrap().contains("the remote service said no"));
        assert_eq!(jobs::stats(&t.db).await.unwrap().dead, 1);
    }

    async fn panics_are_caught_and_recorded(t) {
        enqueue_platform(&t.db, Panics, 1).await;
        assert_eq!(worker(&t, 1).drain().await.unwrap(), 1);
        let s = job_states(&t.db, Panics::KIND).await;
        assert_eq!(s[0].status, "dead");
        assert!(s[0].last_error.as_deref().unwrap().contains("panicked: boom"), "{s:?}");
    }

    async fn a_dead_workers_job_runs_again_when_its_lease_expires(t) {
        let run = uuid::Uuid::now_v7().to_string();
        enqueue_platform(&t.db, Record { run: run.clone(), tenant: None }, 1).await;
        // A worker claims the job and dies: its lease is already over.
        let claimed = jobs::claim(&t.db, "ghost", 1, chrono::Duration::seconds(-1)).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(worker(&t, 1).drain().await.unwrap(), 1);
        assert_eq!(seen().lock().unwrap()[&run].len(), 1);
        let s = job_states(&t.db, Record::KIND).await;
        assert_eq!((s[0].status.as_str(), s[0].attempts), ("done", 2));
        // The dead worker's late report changes nothing.
        jobs::complete(&t.db, claimed[0].id, "ghost").await.unwrap();
        assert_eq!(jobs::stats(&t.db).await.unwrap().done, 1);
    }

    async fn unknown_kinds_fail_visibly(t) {
        t.db.doors().platform(|tx| {
            Ok(with_conn!(tx, |c| diesel::insert_into(jobs_table::table)
                .values((
                    jobs_table::id.eq(JobId::new()),
                    jobs_table::kind.eq("test.nobody-handles-this"),
                    jobs_table::queue.eq("default"),
                    jobs_table::payload.eq("{}"),
                    jobs_table::status.eq("queued"),
                    jobs_table::max_attempts.eq(1),
                    jobs_table::run_at.eq(lyceum_core::db::types::Timestamp::now()),
                    jobs_table::created_at.eq(lyceum_core::db::types::Timestamp::now()),
                    jobs_table::updated_at.eq(lyceum_core::db::types::Timestamp::now()),
                ))
                .execute(c))?)
        })
        .await
        .unwrap();
        worker(&t, 1).drain().await.unwrap();
        let s = job_states(&t.db, "test.nobody-handles-this").await;
        assert_eq!(s[0].status, "dead");
        assert!(s[0].last_error.as_deref().unwrap().contains("no handler"), "{s:?}");
    }

    async fn tenant_jobs_run_in_their_tenants_scope_and_dedup_keys_hold(t) {
        let outcome = lyceum_testkit::signup(&t.db, &lyceum_testkit::unique_slug("scoped")).await;
        let tenant = outcome.tenant.id;
        let scope = t.scope(tenant);
        let run = uuid::Uuid::now_v7().to_string();
        let job = Record { run: run.clone(), tenant: Some(tenant) };
        let welcome = lyceum_core::tenants::welcome::WelcomeEmail { tenant_id: tenant, user_id: outcome.user.id };
        let (first, dup, other_tenant) = t
            .db
            .doors()
            .write(&scope, move |tx| {
                jobs::enqueue(tx, &job)?;
                let dup = jobs::enqueue(tx, &welcome)?;
                let foreign = Record { run: "x".into(), tenant: Some(TenantId::new()) };
                Ok((true, dup, jobs::enqueue(tx, &foreign).is_err()))
            })
            .await
            .unwrap();
        assert!(first);
        assert!(dup.is_none(), "signup already queued this welcome email; the dedup key must hold");
        assert!(other_tenant, "a job for another tenant cannot be enqueued in this tenant's transaction");
        let ran = worker(&t, 2).drain().await.unwrap();
        assert_eq!(ran, 2);
        let runs = seen().lock().unwrap()[&run].clone();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].1, Some(tenant), "the worker rebuilt the scope from the job's tenant");
    }
}

#[test]
fn registry_lists_every_production_handler() {
    // Every job kind core declares (`const KIND: &'static str = "..."` in an `impl Job`) must have a
    // handler in the registry: a job added in core without one would sit in the queue and die.
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for line in text.lines() {
                    if let Some(rest) = line.trim().strip_prefix("const KIND: &'static str = \"") {
                        out.push(rest.trim_end_matches("\";").to_string());
                    }
                }
            }
        }
    }
    let mut declared = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/src"), &mut declared);
    declared.sort();
    assert!(declared.len() >= 20, "found only {declared:?}");
    let mut registered: Vec<String> = lyceum_worker::registry().kinds().map(|k| k.to_string()).collect();
    registered.sort();
    assert_eq!(registered, declared, "job kinds declared in core vs the registry the worker runs");
}

db_tests! {
    async fn a_schedule_fires_once_per_period_however_many_workers_tick(t) {
        let run = uuid::Uuid::now_v7().to_string();
        let run2 = run.clone();
        static RUN: OnceLock<Mutex<String>> = OnceLock::new();
        *RUN.get_or_init(Default::default).lock().unwrap() = run.clone();
        let make = || Record { run: RUN.get().unwrap().lock().unwrap().clone(), tenant: None };
        let every = chrono::Duration::hours(1);
        let schedules = vec![lyceum_core::jobs::schedules::Schedule::new("test.hourly", every, make)];
        let workers: Vec<Worker> = (0..4).map(|_| worker(&t, 2).with_schedules(schedules.clone())).collect();
        // Four workers tick at once, twice: one enqueue in all.
        for _ in 0..2 {
            let fired = futures::future::join_all(workers.iter().map(|w| w.tick_schedules())).await;
            let total: usize = fired.into_iter().map(|f| f.unwrap().len()).sum();
            assert!(total <= 1, "fired {total} times");
        }
        workers[0].drain().await.unwrap();
        assert_eq!(seen().lock().unwrap().get(&run2).map(Vec::len), Some(1), "the job ran once");
        let states = lyceum_core::jobs::schedules::states(&t.db).await.unwrap();
        let s = states.iter().find(|s| s.name == "test.hourly").unwrap();
        assert_eq!(s.every_seconds, 3600);
        assert!(s.last_job_id.is_some());
        // Due again (as if an hour passed): it fires once more.
        t.db.doors().platform(|tx| {
            use lyceum_core::db::schema::schedules;
            let past = lyceum_core::db::types::Timestamp::now() - chrono::Duration::seconds(1);
            with_conn!(tx, |c| diesel::update(schedules::table).set(schedules::next_run_at.eq(past)).execute(c))?;
            Ok(())
        })
        .await
        .unwrap();
        let fired = futures::future::join_all(workers.iter().map(|w| w.tick_schedules())).await;
        assert_eq!(fired.into_iter().map(|f| f.unwrap().len()).sum::<usize>(), 1);
    }

    async fn maintenance_purges_old_jobs_and_expired_sessions_and_keys(t) {
        use lyceum_core::db::schema::{idempotency_keys, sessions};
        let s = lyceum_testkit::signup(&t.db, &lyceum_testkit::unique_slug("maint")).await;
        let tenant = s.tenant.id;
        let scope = lyceum_core::TenantScope::for_test(tenant);
        let long_ago = lyceum_core::db::types::Timestamp::now() - chrono::Duration::days(40);
        // A job finished long ago; the owner's session ended long ago.
        enqueue_platform(&t.db, Record { run: uuid::Uuid::now_v7().to_string(), tenant: None }, 1).await;
        worker(&t, 1).drain().await.unwrap();
        t.db.doors().platform(move |tx| {
            with_conn!(tx, |c| diesel::update(jobs_table::table.filter(jobs_table::status.eq("done")))
                .set(jobs_table::finished_at.eq(Some(long_ago)))
                .execute(c))?;
            Ok(())
        })
        .await
        .unwrap();
        let counts = move |db: Db| async move {
            db.doors().read(&lyceum_core::TenantScope::for_test(tenant), move |tx| {
                let s: i64 = with_conn!(tx, |c| sessions::table.filter(sessions::tenant_id.eq(tenant)).count().get_result(c))?;
                let k: i64 = with_conn!(tx, |c| idempotency_keys::table.filter(idempotency_keys::tenant_id.eq(tenant)).count().get_result(c))?;
                Ok((s, k))
            })
            .await
            .unwrap()
        };
        t.db.doors().write(&scope, move |tx| {
            with_conn!(tx, |c| diesel::update(sessions::table.filter(sessions::tenant_id.eq(tenant)))
                .set(sessions::expires_at.eq(long_ago))
                .execute(c))?;
            with_conn!(tx, |c| diesel::insert_into(idempotency_keys::table)
                .values((
                    idempotency_keys::tenant_id.eq(tenant),
                    idempotency_keys::key.eq("old"),
                    idempotency_keys::request_hash.eq("h"),
                    idempotency_keys::state.eq("done"),
                    idempotency_keys::created_at.eq(long_ago),
                    idempotency_keys::expires_at.eq(long_ago),
                ))
                .execute(c))?;
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(counts(t.db.clone()).await, (1, 1));
        let purged = lyceum_core::maintenance::purge_finished_jobs(&t.db).await.unwrap();
        assert!(purged >= 1, "purged {purged}");
        let e = lyceum_core::maintenance::expire_tenant_data(&t.db, JobId::new()).await.unwrap();
        assert_eq!((e.sessions, e.idempotency_records), (1, 1));
        assert_eq!(counts(t.db.clone()).await, (0, 0));
        // Through the worker, as the schedules run it.
        let w = worker(&t, 1);
        let mut registry = Registry::default();
        registry
            .add::<lyceum_core::maintenance::PurgeFinishedJobs>()
            .add::<lyceum_core::maintenance::ExpireTenantData>()
            .add::<lyceum_core::enrollments::reminders::DueReminders>()
            .add::<lyceum_core::billing::reconcile::ReconcileBilling>()
            .add::<lyceum_core::billing::reconcile::CheckTrials>();
        let config = t.config_arc();
        let ctx = Context::new(lyceum_core::Core::new(t.db.clone()), Mailer::from_config(&config).unwrap(), config);
        let w2 = Worker::new(ctx, registry, WorkerOptions::default()).with_schedules(lyceum_core::maintenance::schedules());
        let fired = w2.tick_schedules().await.unwrap();
        assert_eq!(fired.len(), 5, "{fired:?}");
        assert_eq!(w2.drain().await.unwrap(), 5);
        let stats = jobs::stats(&t.db).await.unwrap();
        assert_eq!(stats.dead, 0, "{stats:?}");
        drop(w);
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Slow {
    run: String,
    millis: u64,
}

impl Job for Slow {
    const KIND: &'static str = "test.slow";
    fn tenant_id(&self) -> Option<TenantId> {
        None
    }

    async fn run(self, _ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        seen().lock().unwrap().entry(self.run.clone()).or_default().push((meta.id, None));
        tokio::time::sleep(std::time::Duration::from_millis(self.millis)).await;
        Ok(())
    }
}

fn slow_worker(t: &TestDb, options: WorkerOptions) -> Worker {
    let config = t.config_arc();
    let ctx = Context::new(lyceum_core::Core::new(t.db.clone()), Mailer::from_config(&config).unwrap(), config);
    let mut registry = Registry::default();
    registry.add::<Slow>();
    Worker::new(ctx, registry, options)
}

db_tests! {
    async fn a_long_job_keeps_its_lease_by_heartbeat(t) {
        let run = uuid::Uuid::now_v7().to_string();
        enqueue_platform(&t.db, Slow { run: run.clone(), millis: 1500 }, 1).await;
        let lease = std::time::Duration::from_millis(600);
        let a = slow_worker(&t, WorkerOptions { concurrency: 1, lease, ..Default::default() });
        let b = slow_worker(&t, WorkerOptions { concurrency: 1, lease, ..Default::default() });
        let running = tokio::spawn(async move { a.run_batch().await.unwrap() });
        // Another worker keeps trying to take it while it runs well past one lease.
        let mut stolen = 0;
        for _ in 0..14 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            stolen += b.run_batch().await.unwrap();
        }
        assert_eq!(running.await.unwrap(), 1);
        assert_eq!(stolen, 0, "the heartbeat kept the lease");
        assert_eq!(seen().lock().unwrap().get(&run).map(Vec::len), Some(1), "it ran once");
        assert_eq!(jobs::stats(&t.db).await.unwrap().done, 1);
    }

    async fn shutdown_releases_unfinished_jobs_after_the_grace_period(t) {
        let run = uuid::Uuid::now_v7().to_string();
        enqueue_platform(&t.db, Slow { run: run.clone(), millis: 60_000 }, 2).await;
        let w = slow_worker(&t, WorkerOptions {
            concurrency: 2,
            shutdown_grace: std::time::Duration::from_millis(200),
            ..Default::default()
        });
        let token = tokio_util::sync::CancellationToken::new();
        let stop = token.clone();
        let started = std::time::Instant::now();
        let handle = tokio::spawn(async move { w.run(stop).await });
        while seen().lock().unwrap().get(&run).map(Vec::len).unwrap_or(0) < 2 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        token.cancel();
        handle.await.unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "stopped within the grace period");
        // Both are back in the queue, due now, their attempt not used up.
        let stats = jobs::stats(&t.db).await.unwrap();
        assert_eq!((stats.queued, stats.running), (2, 0), "{stats:?}");
        let attempts: Vec<i32> = t
            .db
            .doors()
            .platform(|tx| Ok(with_conn!(tx, |c| jobs_table::table.select(jobs_table::attempts).load(c))?))
            .await
            .unwrap();
        assert_eq!(attempts, [0, 0]);
    }
}

db_tests! {
    async fn email_waits_out_an_smtp_outage_and_arrives_once(t) {
        let slug = lyceum_testkit::unique_slug("smtpdown");
        lyceum_testkit::signup(&t.db, &slug).await;
        let owner = format!("owner@{slug}.test");
        let with_smtp = |url: Option<String>| {
            let mut config = t.config();
            if url.is_some() {
                config.mail.smtp_url = url.map(Into::into);
            }
            let config = std::sync::Arc::new(config);
            let ctx = Context::new(lyceum_core::Core::new(t.db.clone()), Mailer::from_config(&config).unwrap(), config);
            Worker::new(ctx, lyceum_worker::registry(), WorkerOptions::default())
        };
        // The SMTP server is down (nothing listens there): the welcome email fails and waits to retry.
        let down = with_smtp(Some("smtp://127.0.0.1:1".into()));
        assert_eq!(down.drain().await.unwrap(), 1);
        let stats = jobs::stats(&t.db).await.unwrap();
        assert_eq!((stats.queued, stats.retrying, stats.done), (1, 1, 0), "{stats:?}");
        assert!(lyceum_testkit::Mailbox::from_env().messages_to(&owner).is_empty());
        // It is back: the retry delivers it, once.
        t.db.doors().platform(|tx| {
            let now = lyceum_core::db::types::Timestamp::now();
            with_conn!(tx, |c| diesel::update(jobs_table::table).set(jobs_table::run_at.eq(now)).execute(c))?;
            Ok(())
        })
        .await
        .unwrap();
        let up = with_smtp(None);
        assert_eq!(up.drain().await.unwrap(), 1);
        let mail = lyceum_testkit::Mailbox::from_env().wait_for(&owner, std::time::Duration::from_secs(10)).await;
        assert_eq!(mail.len(), 1, "delivered once");
        assert_eq!(jobs::stats(&t.db).await.unwrap().done, 1);
    }
}

db_tests! {
    async fn an_enqueue_in_another_process_wakes_an_idle_worker_at_once(t) {
        let run = uuid::Uuid::now_v7().to_string();
        let w = slow_worker(&t, WorkerOptions { idle_poll: std::time::Duration::from_secs(30), ..Default::default() });
        if t.backend == lyceum_testkit::Backend::Sqlite {
            // One process does everything on SQLite: no cross-process wake-up to listen for.
            assert!(jobs::spawn_wake_listener(&t.db, || {}).is_none());
            return;
        }
        let token = tokio_util::sync::CancellationToken::new();
        let stop = token.clone();
        let handle = tokio::spawn(async move { w.run(stop).await });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await; // idle now, polling every 30 s
        // Another connection (as another process would) enqueues.
        let other = Db::connect(&t.url, 1).await.unwrap().with_keyring(lyceum_testkit::keyring());
        let started = std::time::Instant::now();
        enqueue_platform(&other, Slow { run: run.clone(), millis: 0 }, 1).await;
        while seen().lock().unwrap().get(&run).is_none() {
            assert!(started.elapsed() < std::time::Duration::from_secs(5), "the idle worker was not woken");
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
        token.cancel();
        handle.await.unwrap();
    }
}
