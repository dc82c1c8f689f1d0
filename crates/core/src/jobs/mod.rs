//! The job queue: the `Job` trait, transactional enqueue, and the queue operations the worker uses.
//!
//! A job is enqueued in the same transaction as the change that causes it, so both commit or neither
//! does. Workers claim jobs with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, an atomic update under
//! SQLite's write lock), retry failures with exponential backoff and jitter, and mark a job `dead` after
//! its last attempt. Every job must be safe to run twice (delivery is at least once).

mod queue;
mod run;
pub mod schedules;

use diesel::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

pub use self::queue::{
    backoff, claim, complete, fail, get, heartbeat, list, release, retry_dead, stats, ClaimedJob, FailOutcome,
    JobStatus, JobSummary, QueueStats,
};
pub use self::run::{JobContext, JobMeta, Outbox, Registry};
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
pub const WAKE_CHANNEL: &str = crate::db::listener::JOBS;

/// Stops the wake-up when dropped.
#[derive(Debug)]
pub struct WakeListener(tokio::task::AbortHandle);

impl Drop for WakeListener {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// On PostgreSQL, calls `wake` whenever any process enqueues a job (a worker then polls at once instead
/// of at its next idle poll), through the process's one listening connection; also after that
/// connection was lost, in case an enqueue was missed. `None` on SQLite, where one process does
/// everything, and outside a Tokio runtime.
pub fn spawn_wake_listener(db: &crate::db::Db, wake: impl Fn() + Send + 'static) -> Option<WakeListener> {
    use crate::db::listener::{Heard, JOBS};
    use tokio::sync::broadcast::error::RecvError;
    let runtime = tokio::runtime::Handle::try_current().ok()?;
    let mut heard = db.listen()?;
    let task = runtime.spawn(async move {
        loop {
            match heard.recv().await {
                Ok(Heard::Notice { channel: JOBS, .. }) | Ok(Heard::Reconnected) | Err(RecvError::Lagged(_)) => wake(),
                Ok(Heard::Notice { .. }) => {}
                Err(RecvError::Closed) => return,
            }
        }
    });
    Some(WakeListener(task.abort_handle()))
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

    /// What the job does, beside its payload. It must be safe to run more than once (a job whose worker
    /// died, or that failed after part of its work, runs again).
    fn run(self, ctx: JobContext, meta: JobMeta) -> impl std::future::Future<Output = anyhow::Result<()>> + Send;

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
    status: JobStatus,
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
        status: JobStatus::Queued,
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
