//! `TenantScope`: who is acting, for which tenant, from where. The only door to tenant data.
//!
//! A scope is built only by the paths that have established it: core's credential resolution (the
//! api), a job's stored tenant (the worker), an operator's explicit `--tenant` (the CLI), signup (which
//! creates the tenant), and the test kit.

use crate::db::types::{JobId, SessionId, TenantId, UserId};

/// The party behind an operation, recorded in audit events and available to permission checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    /// A signed-in user of the tenant.
    User { user_id: UserId, session_id: Option<SessionId> },
    /// Support staff through the admin CLI.
    Operator { name: String },
    /// Lyceum itself (a background job).
    System { job_id: Option<JobId> },
    /// An anonymous caller creating a tenant through signup.
    Signup,
}

/// The process the operation came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Api,
    Worker,
    Cli,
    Test,
}

#[derive(Debug, Clone)]
pub struct TenantScope {
    tenant_id: TenantId,
    actor: Actor,
    origin: Origin,
}

impl TenantScope {
    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Built by core after it verified a credential of `tenant_id`.
    pub(crate) fn for_user(tenant_id: TenantId, user_id: UserId, session_id: Option<SessionId>) -> Self {
        Self { tenant_id, actor: Actor::User { user_id, session_id }, origin: Origin::Api }
    }

    /// Built by core to resolve a credential that names its tenant, before the user is known.
    pub(crate) fn for_credential_lookup(tenant_id: TenantId) -> Self {
        Self { tenant_id, actor: Actor::System { job_id: None }, origin: Origin::Api }
    }

    /// Built by signup for the tenant it is creating.
    pub(crate) fn for_signup(tenant_id: TenantId) -> Self {
        Self { tenant_id, actor: Actor::Signup, origin: Origin::Api }
    }

    /// Built by the worker from the tenant a job was enqueued for.
    pub fn for_job(tenant_id: TenantId, job_id: JobId) -> Self {
        Self { tenant_id, actor: Actor::System { job_id: Some(job_id) }, origin: Origin::Worker }
    }

    /// Built by the admin CLI from an explicit tenant, naming the operator.
    pub fn for_operator(tenant_id: TenantId, operator: impl Into<String>) -> Self {
        Self { tenant_id, actor: Actor::Operator { name: operator.into() }, origin: Origin::Cli }
    }

    /// For the test kit only (feature `testkit`): a system actor on `tenant_id`.
    #[cfg(feature = "testkit")]
    pub fn for_test(tenant_id: TenantId) -> Self {
        Self { tenant_id, actor: Actor::System { job_id: None }, origin: Origin::Test }
    }
}
