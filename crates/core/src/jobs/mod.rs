//! The job queue: the `Job` trait, transactional enqueue, and the queue operations the worker uses.
//!
//! A job is enqueued in the same transaction as the change that causes it, so both commit or neither
//! does. Workers claim jobs with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, an atomic update under
//! SQLite's write lock), retry failures with exponential backoff and jitter, and mark a job `dead` after
//! its last attempt. Every job must be safe to run twice (delivery is at least once).

mod queue;
pub mod schedules;

use diesel::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

pub use self::queue::{
    backoff, claim, complete, fail, get, heartbeat, list, release, retry_dead, stats, ClaimedJob, FailOutcome,
    JobSummary, QueueStats,
};
use crate::{
    db::{
        schema::jobs,
        types::{JobId, TenantId, Timestamp},
        HasConn, PlatformTx, TenantTx,
    },
    error::{Error, Result},
    with_conn,
};

/// The PostgreSQL channel on which enqueues wake idle workers (see [`spawn_wake_listener`]).
pub const WAKE_CHANNEL: &str = "lyceum_jobs";

/// Stops the wake listener when dropped.
#[derive(Debug)]
pub struct WakeListener {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for WakeListener {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// On PostgreSQL, listens for enqueues made by any process and calls `wake` (a worker then polls at
/// once instead of at its next idle poll). `None` on SQLite, where one process does everything.
pub fn spawn_wake_listener(db: &crate::db::Db, wake: impl Fn() + Send + 'static) -> Option<WakeListener> {
    use diesel::Connection;
    use std::sync::atomic::Ordering;
    if db.backend() != crate::db::Backend::Postgres {
        return None;
    }
    let url = db.connection_string();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::Builder::new()
        .name("lyceum-job-wake".into())
        .spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let listening = diesel::PgConnection::establish(&url).ok().and_then(|mut c| {
                    diesel::sql_query(format!("LISTEN {WAKE_CHANNEL}")).execute(&mut c).ok().map(|_| c)
                });
                let Some(mut conn) = listening else {
                    std::thread::sleep(std::time::Duration::from_secs(1));
                    continue;
                };
                let mut idle_checks = 0u32;
                while !flag.load(Ordering::Relaxed) {
                    let mut heard = false;
                    for n in conn.notifications_iter() {
                        match n {
                            Ok(_) => heard = true,
                            Err(_) => break,
                        }
                    }
                    if heard {
                        wake();
                    }
                    // Notice a lost connection now and then, even when nothing is said.
                    idle_checks += 1;
                    if idle_checks.is_multiple_of(100) && diesel::sql_query("SELECT 1").execute(&mut conn).is_err() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
            }
        })
        .expect("spawning the job wake listener");
    Some(WakeListener { stop })
}

/// A kind of background work. The payload (the implementing type) is stored as JSON.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Stable name stored in the `kind` column; never rename one that may be queued.
    const KIND: &'static str;
    const QUEUE: &'static str = "default";
    /// Higher runs first.
    const PRIORITY: i32 = 0;
    const MAX_ATTEMPTS: i32 = 12;

    /// The tenant the job acts for (`None` for platform work); the worker runs it in that tenant's scope.
    fn tenant_id(&self) -> Option<TenantId>;

    /// Jobs with the same key exist at most once while queued or running.
    fn dedup_key(&self) -> Option<String> {
        None
    }
}

#[derive(Insertable)]
#[diesel(table_name = jobs)]
struct NewJob {
    id: JobId,
    tenant_id: Option<TenantId>,
    kind: &'static str,
    queue: &'static str,
    priority: i32,
    payload: String,
    status: &'static str,
    attempts: i32,
    max_attempts: i32,
    run_at: Timestamp,
    dedup_key: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

fn insert<J: Job>(tx: &mut impl HasConn, job: &J, run_at: Timestamp) -> Result<Option<JobId>> {
    let now = Timestamp::now();
    let row = NewJob {
        id: JobId::new(),
        tenant_id: job.tenant_id(),
        kind: J::KIND,
        queue: J::QUEUE,
        priority: J::PRIORITY,
        payload: serde_json::to_string(job).map_err(Error::internal)?,
        status: "queued",
        attempts: 0,
        max_attempts: J::MAX_ATTEMPTS,
        run_at,
        dedup_key: job.dedup_key(),
        created_at: now,
        updated_at: now,
    };
    let inserted =
        with_conn!(tx, |c| diesel::insert_into(jobs::table).values(&row).on_conflict_do_nothing().execute(c))?;
    // Wake idle workers in every process when (and only if) the transaction commits: PostgreSQL
    // delivers a NOTIFY at commit, and the effect wakes this process's worker. Once per transaction.
    if inserted == 1 && !std::mem::replace(&mut tx.effects().jobs_enqueued, true) {
        if let crate::db::AnyConn::Pg(c) = tx.conn() {
            diesel::sql_query(format!("NOTIFY {WAKE_CHANNEL}")).execute(c)?;
        }
    }
    Ok((inserted == 1).then_some(row.id))
}

/// Enqueues `job` in the caller's tenant transaction. Returns `None` when a job with the same dedup key
/// is already queued or running. A job for another tenant is refused: it would run in the wrong scope.
pub fn enqueue<J: Job>(tx: &mut TenantTx<'_>, job: &J) -> Result<Option<JobId>> {
    enqueue_at(tx, job, Timestamp::now())
}

/// [`enqueue`], to run no earlier than `run_at`.
pub fn enqueue_at<J: Job>(tx: &mut TenantTx<'_>, job: &J, run_at: Timestamp) -> Result<Option<JobId>> {
    if job.tenant_id() != Some(tx.tenant_id()) {
        return Err(Error::internal(anyhow::anyhow!(
            "job {} enqueued for tenant {:?} inside the scope of tenant {}",
            J::KIND,
            job.tenant_id(),
            tx.tenant_id()
        )));
    }
    insert(tx, job, run_at)
}

/// Enqueues a platform job (no tenant, or work that spans tenants) outside any tenant scope.
pub fn enqueue_platform<J: Job>(tx: &mut PlatformTx<'_>, job: &J) -> Result<Option<JobId>> {
    insert(tx, job, Timestamp::now())
}
