//! Job handlers: what each kind of job does when it runs, and the registry that maps kinds to them.

mod billing;
mod email;
mod learning;
mod maintenance;
mod webhooks;

use std::{collections::HashMap, future::Future, sync::Arc};

use futures::future::BoxFuture;
use lyceum_core::{
    config::Config,
    db::{types::JobId, Db},
    email::{Mailer, RenderedEmail},
    jobs::{ClaimedJob, Job},
    Core, TenantScope,
};

/// What handlers get to work with.
#[derive(Clone, Debug)]
pub struct Context {
    pub db: Db,
    /// The same database with the process's caches and Stripe billing (the api shares its own).
    pub core: Core,
    pub mailer: Mailer,
    pub config: Arc<Config>,
}

impl Context {
    pub fn new(core: Core, mailer: Mailer, config: Arc<Config>) -> Self {
        Context { db: core.db().clone(), core, mailer, config }
    }
}

/// Sends a rendered email; `None` (what it was about is gone) means nothing to send.
pub(crate) async fn send_if_any(ctx: &Context, meta: &JobMeta, rendered: Option<RenderedEmail>) -> anyhow::Result<()> {
    match rendered {
        Some(r) => ctx.mailer.send(r.to_message(&ctx.config.mail_from, &meta.message_id())?).await,
        None => Ok(()),
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
    /// The job's tenant scope; an error for platform jobs, which have none.
    pub fn scope(&self) -> anyhow::Result<&TenantScope> {
        self.scope.as_ref().ok_or_else(|| anyhow::anyhow!("job {} has no tenant", self.id))
    }

    /// A Message-ID that stays the same across retries of this job.
    pub fn message_id(&self) -> String {
        format!("<job-{}@lyceum>", self.id)
    }
}

/// A job kind the worker knows how to run. Handlers must be safe to run more than once.
pub trait Handler: Job {
    fn run(self, ctx: Context, meta: JobMeta) -> impl Future<Output = anyhow::Result<()>> + Send;
}

type Runner = Arc<dyn Fn(Context, ClaimedJob, JobMeta) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;

/// Maps job kinds to their handlers.
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
    pub fn add<H: Handler>(&mut self) -> &mut Self {
        self.runners.insert(
            H::KIND,
            Arc::new(|ctx, job, meta| {
                Box::pin(async move {
                    let payload: H = serde_json::from_str(&job.payload)
                        .map_err(|e| anyhow::anyhow!("payload of {} does not parse: {e}", H::KIND))?;
                    payload.run(ctx, meta).await
                })
            }),
        );
        self
    }

    pub(crate) fn get(&self, kind: &str) -> Option<&Runner> {
        self.runners.get(kind)
    }

    pub fn kinds(&self) -> impl Iterator<Item = &&'static str> {
        self.runners.keys()
    }
}

/// Every handler Lyceum has.
pub fn registry() -> Registry {
    let mut r = Registry::default();
    r.add::<lyceum_core::email::WelcomeEmail>()
        .add::<lyceum_core::email::InvitationEmail>()
        .add::<lyceum_core::identity::manage::PasswordResetLookup>()
        .add::<lyceum_core::email::PasswordResetEmail>()
        .add::<lyceum_core::email::EnrollmentEmail>()
        .add::<lyceum_core::email::CompletionEmail>()
        .add::<lyceum_core::certificates::IssueCertificate>()
        .add::<lyceum_core::enrollments::bulk::BulkEnroll>()
        .add::<lyceum_core::enrollments::reminders::DueReminders>()
        .add::<lyceum_core::email::DueReminderEmail>()
        .add::<lyceum_core::maintenance::PurgeFinishedJobs>()
        .add::<lyceum_core::maintenance::ExpireTenantData>()
        .add::<lyceum_core::webhooks::DeliverWebhook>()
        .add::<lyceum_core::webhooks::EndpointDisabledEmail>()
        .add::<lyceum_core::billing::events::ApplyStripeEvent>()
        .add::<lyceum_core::billing::events::PaymentFailedEmail>()
        .add::<lyceum_core::billing::reconcile::ReconcileBilling>()
        .add::<lyceum_core::billing::reconcile::SyncBilling>()
        .add::<lyceum_core::billing::reconcile::CheckTrials>()
        .add::<lyceum_core::billing::reconcile::TrialEndingEmail>();
    r
}
