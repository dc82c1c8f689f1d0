//! Running jobs: what a job gets to work with ([`JobContext`], [`JobMeta`]) and the [`Registry`] that
//! maps stored kinds to the code that runs them. Each job's run sits beside its payload
//! ([`super::Job::run`]); `maintenance::registry` lists every kind Lyceum has, and a test compares that
//! list with the kinds declared in core.

use std::{collections::HashMap, sync::Arc};

use futures::future::BoxFuture;

use super::{ClaimedJob, Job};
use crate::{config::Config, db::types::JobId, Core, TenantScope};

/// Where a job's email goes (the email layer's `Mailer`; a narrow interface so the job layer does not
/// depend on the email layer).
pub trait Outbox: Send + Sync + std::fmt::Debug {
    fn send(&self, message: lettre::Message) -> BoxFuture<'_, anyhow::Result<()>>;
}

/// What a running job may use: the process's core (database, caches, Stripe), its outbox and its
/// configuration. Cheap to clone.
#[derive(Clone, Debug)]
pub struct JobContext {
    pub core: Core,
    pub outbox: Arc<dyn Outbox>,
    pub config: Arc<Config>,
}

impl JobContext {
    pub fn new(core: Core, outbox: impl Outbox + 'static, config: Arc<Config>) -> Self {
        JobContext { core, outbox: Arc::new(outbox), config }
    }

    pub fn db(&self) -> &crate::db::Db {
        self.core.db()
    }
}

/// Facts about the running job, including the scope rebuilt from the tenant it was enqueued for.
#[derive(Debug, Clone)]
pub struct JobMeta {
    pub id: JobId,
    pub attempt: i32,
    pub scope: Option<TenantScope>,
}

impl JobMeta {
    /// The facts of a claimed job, with its tenant's scope.
    pub fn of(job: &ClaimedJob) -> Self {
        JobMeta { id: job.id, attempt: job.attempts, scope: job.scope() }
    }

    /// The job's tenant scope; an error for platform jobs, which have none.
    pub fn scope(&self) -> anyhow::Result<&TenantScope> {
        self.scope.as_ref().ok_or_else(|| anyhow::anyhow!("job {} has no tenant", self.id))
    }

    /// A Message-ID that stays the same across retries of this job.
    pub fn message_id(&self) -> String {
        format!("<job-{}@lyceum>", self.id)
    }
}

type Runner = Arc<dyn Fn(JobContext, ClaimedJob, JobMeta) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;

/// Maps job kinds to their runs.
#[derive(Clone, Default)]
pub struct Registry {
    runners: HashMap<&'static str, Runner>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.runners.keys()).finish()
    }
}

impl Registry {
    pub fn add<J: Job>(&mut self) -> &mut Self {
        self.runners.insert(
            J::KIND,
            Arc::new(|ctx, job, meta| {
                Box::pin(async move {
                    let payload: J = serde_json::from_str(&job.payload)
                        .map_err(|e| anyhow::anyhow!("payload of {} does not parse: {e}", J::KIND))?;
                    payload.run(ctx, meta).await
                })
            }),
        );
        self
    }

    /// Runs a claimed job: `None` when its kind is not registered here.
    pub fn run(&self, ctx: JobContext, job: ClaimedJob) -> Option<BoxFuture<'static, anyhow::Result<()>>> {
        let runner = self.runners.get(job.kind.as_str())?.clone();
        let meta = JobMeta::of(&job);
        Some(runner(ctx, job, meta))
    }

    pub fn kinds(&self) -> impl Iterator<Item = &&'static str> {
        self.runners.keys()
    }
}
