//! The worker loop: claim a batch, run each job under a timeout with panics caught, record the outcome.

use std::{
    collections::HashSet,
    panic::AssertUnwindSafe,
    sync::{Arc, Mutex},
    time::Duration,
};

use futures::FutureExt;
use lyceum_core::{
    db::types::JobId,
    jobs::{
        self,
        schedules::{self, Schedule},
        ClaimedJob, FailOutcome,
    },
};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::{Context, Registry};

#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Jobs claimed and run at once.
    pub concurrency: usize,
    /// How long a claimed job is held without a heartbeat before another worker may take it over; the
    /// worker beats every third of it while the job runs.
    pub lease: Duration,
    /// Longest a job may run.
    pub job_timeout: Duration,
    /// On shutdown, how long the jobs in hand get to finish before they are released to the queue.
    pub shutdown_grace: Duration,
    /// Sleep between polls when the queue is empty (a wake-up cuts it short).
    pub idle_poll: Duration,
    /// How often the worker checks the schedules (each fires once per period whatever the workers).
    pub schedule_tick: Duration,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        Self {
            concurrency: 4,
            lease: Duration::from_secs(60),
            job_timeout: Duration::from_secs(600),
            shutdown_grace: Duration::from_secs(30),
            idle_poll: Duration::from_secs(1),
            schedule_tick: Duration::from_secs(10),
        }
    }
}

impl WorkerOptions {
    pub fn from_config(config: &lyceum_core::config::Config) -> Self {
        WorkerOptions {
            concurrency: config.worker.concurrency,
            lease: Duration::from_secs(config.worker.lease_seconds),
            shutdown_grace: Duration::from_secs(config.server.shutdown_grace_seconds),
            ..Default::default()
        }
    }
}

/// One worker: any number may run against one database, in one process or many.
#[derive(Clone)]
pub struct Worker {
    ctx: Context,
    registry: Arc<Registry>,
    options: WorkerOptions,
    id: String,
    wake: Arc<Notify>,
    schedules: Arc<Vec<Schedule>>,
}

/// Wakes a worker when a transaction of this process that enqueued jobs commits.
#[derive(Debug)]
struct WakeOnEnqueue(Arc<Notify>);

impl lyceum_core::db::AfterCommit for WakeOnEnqueue {
    fn committed<'a>(&'a self, effects: &'a lyceum_core::db::Effects) -> futures::future::BoxFuture<'a, ()> {
        if effects.jobs_enqueued {
            self.0.notify_one();
        }
        Box::pin(std::future::ready(()))
    }
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("id", &self.id).field("options", &self.options).finish()
    }
}

impl Worker {
    pub fn new(ctx: Context, registry: Registry, options: WorkerOptions) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        let id = format!("{host}:{}:{}", std::process::id(), uuid::Uuid::now_v7().simple());
        Self {
            ctx,
            registry: Arc::new(registry),
            options,
            id,
            wake: Arc::new(Notify::new()),
            schedules: Arc::new(Vec::new()),
        }
    }

    /// The periodic jobs this worker ticks (production: `lyceum_core::maintenance::schedules()`).
    pub fn with_schedules(mut self, schedules: Vec<Schedule>) -> Self {
        self.schedules = Arc::new(schedules);
        self
    }

    /// Enqueues the schedules that are due (one worker wins each period).
    pub async fn tick_schedules(&self) -> lyceum_core::Result<Vec<&'static str>> {
        schedules::tick(self.ctx.db(), &self.schedules).await
    }

    /// A handle that makes an idle worker poll at once (the api pokes it after enqueueing).
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Runs until `shutdown` is cancelled. The jobs in hand get `shutdown_grace` to finish; those still
    /// running then are released to the queue (their attempt not counted) and the worker returns.
    pub async fn run(&self, shutdown: CancellationToken) {
        tracing::info!(worker = %self.id, kinds = ?self.registry, "worker started");
        // Enqueues committed in this process wake this worker right after their commit (an effect of the
        // transaction: no caller has to remember it).
        let on_commit: Arc<dyn lyceum_core::db::AfterCommit> = Arc::new(WakeOnEnqueue(self.wake.clone()));
        self.ctx.db().on_commit(&on_commit);
        // Enqueues in other processes wake this worker at once (PostgreSQL NOTIFY at their commit).
        let wake = self.wake.clone();
        let _listener = jobs::spawn_wake_listener(self.ctx.db(), move || wake.notify_one());
        let mut next_tick = std::time::Instant::now();
        while !shutdown.is_cancelled() {
            if !self.schedules.is_empty() && std::time::Instant::now() >= next_tick {
                next_tick = std::time::Instant::now() + self.options.schedule_tick;
                match self.tick_schedules().await {
                    Ok(fired) if !fired.is_empty() => tracing::info!(?fired, "schedules fired"),
                    Ok(_) => {}
                    Err(err) => tracing::warn!(error = %err, "checking schedules failed; retrying"),
                }
            }
            let ran = match self.run_batch_until(Some(&shutdown)).await {
                Ok(n) => n,
                Err(err) => {
                    tracing::warn!(error = %err, "claiming jobs failed; retrying");
                    0
                }
            };
            if ran < self.options.concurrency {
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = self.wake.notified() => {}
                    _ = tokio::time::sleep(self.options.idle_poll) => {}
                }
            }
        }
        tracing::info!(worker = %self.id, "worker stopped");
    }

    /// Runs batches until no job is due; returns how many jobs ran. Tests use this to drive the queue.
    pub async fn drain(&self) -> lyceum_core::Result<usize> {
        let mut total = 0;
        loop {
            let n = self.run_batch().await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Claims up to `concurrency` due jobs and runs them concurrently; returns how many it claimed.
    pub async fn run_batch(&self) -> lyceum_core::Result<usize> {
        self.run_batch_until(None).await
    }

    async fn run_batch_until(&self, shutdown: Option<&CancellationToken>) -> lyceum_core::Result<usize> {
        let lease = chrono::Duration::from_std(self.options.lease).unwrap_or(chrono::Duration::minutes(1));
        let batch = jobs::claim(self.ctx.db(), &self.id, self.options.concurrency as i64, lease).await?;
        let n = batch.len();
        if n == 0 {
            return Ok(0);
        }
        let held: Arc<Mutex<HashSet<JobId>>> = Arc::new(Mutex::new(batch.iter().map(|j| j.id).collect()));
        let work = futures::future::join_all(batch.into_iter().map(|job| {
            let held = held.clone();
            async move {
                let id = job.id;
                self.execute(job).await;
                held.lock().expect("held jobs").remove(&id);
            }
        }));
        // The heartbeat: while jobs run, their leases keep moving forward.
        let beat = async {
            loop {
                tokio::time::sleep(self.options.lease / 3).await;
                let ids: Vec<JobId> = held.lock().expect("held jobs").iter().copied().collect();
                if let Err(err) = jobs::heartbeat(self.ctx.db(), ids, &self.id, lease).await {
                    tracing::warn!(error = %err, "heartbeat failed; the leases may expire");
                }
            }
        };
        let deadline = async {
            match shutdown {
                Some(s) => {
                    s.cancelled().await;
                    tokio::time::sleep(self.options.shutdown_grace).await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = work => {}
            _ = beat => {}
            _ = deadline => {
                let ids: Vec<JobId> = held.lock().expect("held jobs").iter().copied().collect();
                let released = jobs::release(self.ctx.db(), ids, &self.id).await?;
                tracing::warn!(released, "shutdown grace over: unfinished jobs released to the queue");
            }
        }
        Ok(n)
    }

    async fn execute(&self, job: ClaimedJob) {
        let span = tracing::info_span!("job", id = %job.id, kind = %job.kind, attempt = job.attempts);
        let started = std::time::Instant::now();
        let result = match self.registry.run(self.ctx.clone(), job.clone()) {
            None => Err(format!("no handler for job kind `{}`", job.kind)),
            Some(fut) => {
                let fut = fut.instrument(span.clone());
                let limit = self.options.job_timeout;
                match tokio::time::timeout(limit, AssertUnwindSafe(fut).catch_unwind()).await {
                    Err(_) => Err(format!("timed out after {limit:?}")),
                    Ok(Err(panic)) => Err(format!("panicked: {}", panic_message(&panic))),
                    Ok(Ok(Err(err))) => Err(format!("{err:#}")),
                    Ok(Ok(Ok(()))) => Ok(()),
                }
            }
        };
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let recorded = match &result {
            Ok(()) => {
                tracing::info!(parent: &span, elapsed_ms, "job done");
                jobs::complete(self.ctx.db(), job.id, &self.id).await
            }
            Err(error) => match jobs::fail(self.ctx.db(), &job, &self.id, error).await {
                Ok(FailOutcome::Retry { at }) => {
                    tracing::warn!(parent: &span, %error, retry_at = %at, "job failed; will retry");
                    Ok(())
                }
                Ok(FailOutcome::Dead) => {
                    tracing::error!(parent: &span, %error, "job failed on its last attempt; now dead");
                    Ok(())
                }
                Err(e) => Err(e),
            },
        };
        if let Err(err) = recorded {
            // The lease will expire and the job will run again: at-least-once.
            tracing::error!(parent: &span, error = %err, "could not record the job's outcome");
        }
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".into()
    }
}
