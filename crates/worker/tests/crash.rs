//! The real `lyceum-worker` binary killed with SIGKILL in the middle of a batch of email jobs, then
//! started again: every job completes and every email arrives (none lost; at-least-once may send one
//! twice). The lease is short so the killed worker's jobs come back quickly.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use lyceum_core::{
    identity::bulk::{import_users, ImportRow},
    jobs, Core, TenantScope,
};
use lyceum_testkit::{db_tests, signup, unique_slug, Mailbox, TestDb};

fn start_worker(t: &TestDb) -> Child {
    let config = t.config();
    Command::new(env!("CARGO_BIN_EXE_lyceum-worker"))
        .env("LYCEUM_DATABASE_URL", &t.url)
        .env("LYCEUM_MASTER_KEY", lyceum_testkit::MASTER_KEY)
        .env("LYCEUM_SMTP_URL", config.mail.smtp_url.as_deref().unwrap_or_default())
        .env("LYCEUM_WORKER_LEASE_SECONDS", "2")
        .env("LYCEUM_WORKER_CONCURRENCY", "4")
        .env("RUST_LOG", "warn")
        .env_remove("LYCEUM_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting lyceum-worker")
}

db_tests! {
    async fn a_worker_killed_mid_batch_loses_no_job(t) {
        let slug = unique_slug("crash");
        let s = signup(&t.db, &slug).await;
        let core = Core::new(t.db.clone());
        let scope = TenantScope::for_test_operator(s.tenant.id, "test");
        let n = 120;
        let rows: Vec<ImportRow> = (0..n)
            .map(|i| ImportRow { line: i + 1, email: format!("crash{i}@{slug}.test"), name: format!("L {i}"), role: None })
            .collect();
        import_users(&core, &scope, rows, true, |_| {}).await.unwrap();
        let total = jobs::stats(&t.db).await.unwrap().queued;
        assert_eq!(total, n as i64 + 1, "one invitation per user and the welcome email");

        // Kill it once some, but not all, are done.
        let mut worker = start_worker(&t);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let st = jobs::stats(&t.db).await.unwrap();
            if st.done >= 10 {
                assert!(st.done < total, "the worker finished before it could be killed: {st:?}");
                break;
            }
            assert!(Instant::now() < deadline, "the worker made no progress");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        worker.kill().expect("SIGKILL");
        worker.wait().unwrap();
        let at_kill = jobs::stats(&t.db).await.unwrap();

        // A new worker takes over, including the jobs whose lease the dead one held.
        let mut worker = start_worker(&t);
        let deadline = Instant::now() + Duration::from_secs(90);
        let end = loop {
            let st = jobs::stats(&t.db).await.unwrap();
            // The worker's own schedules add two maintenance jobs: count ours as done when nothing is left.
            if st.done >= total && st.queued == 0 && st.running == 0 {
                break st;
            }
            assert!(Instant::now() < deadline, "not every job completed: {st:?} (at the kill: {at_kill:?})");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        worker.kill().ok();
        worker.wait().ok();
        assert_eq!((end.queued, end.running, end.dead), (0, 0, 0), "{end:?}");
        let mailbox = Mailbox::from_env();
        for i in 0..n {
            let to = format!("crash{i}@{slug}.test");
            assert!(!mailbox.wait_for(&to, Duration::from_secs(5)).await.is_empty(), "no invitation reached {to}");
        }
    }
}
