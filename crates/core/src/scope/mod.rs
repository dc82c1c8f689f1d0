//! `TenantScope`: who is acting, for which tenant, with which permissions, from where. The only door to
//! tenant data.
//!
//! A scope is built only by the paths that have established it: core's credential resolution (the
//! api), a job's stored tenant (the worker), an operator's explicit tenant (the CLI), signup (which
//! creates the tenant), and the test kit (feature `testkit`).

pub mod permissions;

use self::permissions::{Permission, Permissions, Role};
use crate::{
    db::types::{ApiKeyId, JobId, SessionId, TenantId, UserId},
    error::{Error, Result},
};

/// The party behind an operation, recorded in audit events.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    /// A signed-in user of the tenant.
    User { user_id: UserId, role: Role, session_id: Option<SessionId> },
    /// An integration, through one of the tenant's API keys.
    ApiKey { api_key_id: ApiKeyId },
    /// Support staff through the admin CLI.
    Operator { name: String },
    /// Lyceum itself (a background job).
    System { job_id: Option<JobId> },
    /// An anonymous caller (signup, login, password reset, invitation acceptance).
    Anonymous,
}

impl Actor {
    /// (`actor_type`, `actor_id`) as the audit trail stores them.
    pub fn audit_identity(&self) -> (&'static str, Option<String>) {
        match self {
            Actor::User { user_id, .. } => ("user", Some(user_id.to_string())),
            Actor::ApiKey { api_key_id } => ("api_key", Some(api_key_id.to_string())),
            Actor::Operator { name } => ("operator", Some(name.clone())),
            Actor::System { job_id } => ("system", job_id.map(|j| j.to_string())),
            Actor::Anonymous => ("anonymous", None),
        }
    }
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

/// Where a request came from, for the audit trail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub request_id: Option<String>,
    /// Why (support staff's `--reason`): added to every audit event of the operation.
    pub reason: Option<String>,
}

/// What a unit of work asks of its caller, checked by the transaction door before anything runs
/// (`db.write(scope, Need::from(Permission::CoursesWrite), |tx| ..)`): every door states it, so no
/// service can forget the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The actor must hold this permission.
    Permission(Permission),
    /// Any identified actor of the tenant (a user, an API key, a job, support staff); the service reads
    /// or changes only what belongs to that actor (its own profile, enrollments, sessions).
    Identified,
    /// No one in particular: the flows core runs for callers who have not signed in yet (signup, login,
    /// password reset, invitation acceptance, credential lookup, public certificate verification).
    Nobody,
}

impl From<Permission> for Need {
    fn from(p: Permission) -> Self {
        Need::Permission(p)
    }
}

/// Roles whose course-level rights (editing a course, its enrollments, grading) hold only in the
/// courses they are staff of.
fn bounded_by_courses(role: Role) -> bool {
    matches!(role, Role::Instructor | Role::Learner)
}

#[derive(Debug, Clone)]
pub struct TenantScope {
    tenant_id: TenantId,
    actor: Actor,
    origin: Origin,
    permissions: Permissions,
    meta: RequestMeta,
    /// The tenant's subscription (or trial) ended: it may read, and change nothing but its billing.
    read_only: bool,
    /// Course-level rights come from this user's course staff memberships (instructors and learners,
    /// and API keys created by one); `None`: the permissions hold institution-wide (owners, admins,
    /// their keys, jobs, support staff).
    teaching_as: Option<UserId>,
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

    pub fn permissions(&self) -> Permissions {
        self.permissions
    }

    pub fn meta(&self) -> &RequestMeta {
        &self.meta
    }

    /// The signed-in user, if the actor is one.
    pub fn user_id(&self) -> Option<UserId> {
        match &self.actor {
            Actor::User { user_id, .. } => Some(*user_id),
            _ => None,
        }
    }

    /// Whose course staff memberships bound this scope's course-level rights (see
    /// `identity::staff::authorize`); `None` when its permissions hold for every course.
    pub fn teaching_as(&self) -> Option<UserId> {
        self.teaching_as
    }

    /// The actor's role when it is a user.
    pub fn role(&self) -> Option<Role> {
        match &self.actor {
            Actor::User { role, .. } => Some(*role),
            _ => None,
        }
    }

    /// `Forbidden` (or `Unauthenticated`) unless this scope meets `need`.
    pub fn check(&self, need: Need) -> Result<()> {
        match need {
            Need::Permission(p) => self.require(p),
            Need::Identified if self.actor == Actor::Anonymous => Err(Error::Unauthenticated),
            Need::Identified | Need::Nobody => Ok(()),
        }
    }

    /// `Forbidden` unless the actor holds `p`.
    pub fn require(&self, p: Permission) -> Result<()> {
        if self.permissions.contains(p) {
            Ok(())
        } else {
            Err(Error::Forbidden {
                code: "forbidden",
                message: format!("this credential lacks the `{}` permission", p.name()),
            })
        }
    }

    /// Whether [`crate::db::Db::write`] refuses this scope's writes (see [`TenantScope::with_read_only`]).
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Marks a client's scope read-only because its tenant's subscription or trial ended (set by
    /// credential resolution from the tenant's status; jobs and operators are never read-only).
    pub fn with_read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }

    pub fn with_meta(mut self, meta: RequestMeta) -> Self {
        self.meta = meta;
        self
    }

    /// Built by core after it verified a user's session.
    pub(crate) fn for_user(tenant_id: TenantId, user_id: UserId, role: Role, session_id: Option<SessionId>) -> Self {
        Self {
            tenant_id,
            actor: Actor::User { user_id, role, session_id },
            origin: Origin::Api,
            permissions: Permissions::for_role(role),
            meta: RequestMeta::default(),
            read_only: false,
            teaching_as: bounded_by_courses(role).then_some(user_id),
        }
    }

    /// Built by core after it verified an API key.
    /// `creator` is the key's creator and their current role: a key made by someone whose rights are
    /// bounded by their courses is bounded by the same courses.
    pub(crate) fn for_api_key(
        tenant_id: TenantId,
        api_key_id: ApiKeyId,
        scopes: Permissions,
        creator: (UserId, Role),
    ) -> Self {
        Self {
            tenant_id,
            actor: Actor::ApiKey { api_key_id },
            origin: Origin::Api,
            permissions: scopes,
            meta: RequestMeta::default(),
            read_only: false,
            teaching_as: bounded_by_courses(creator.1).then_some(creator.0),
        }
    }

    /// Built by core for an anonymous request about a tenant the request named (login, signup, password
    /// reset, invitation acceptance, credential lookup). No permissions: core's anonymous flows do their
    /// own checks.
    pub(crate) fn anonymous(tenant_id: TenantId, meta: RequestMeta) -> Self {
        Self {
            tenant_id,
            actor: Actor::Anonymous,
            origin: Origin::Api,
            permissions: Permissions::NONE,
            meta,
            read_only: false,
            teaching_as: None,
        }
    }

    /// Built from the tenant a job was enqueued for (the worker gets it from `ClaimedJob::scope`).
    pub(crate) fn for_job(tenant_id: TenantId, job_id: JobId) -> Self {
        Self {
            tenant_id,
            actor: Actor::System { job_id: Some(job_id) },
            origin: Origin::Worker,
            permissions: Permissions::all(),
            meta: RequestMeta::default(),
            read_only: false,
            teaching_as: None,
        }
    }

    /// The system itself, outside any job: a process bringing data up to its release at start.
    pub(crate) fn for_system(tenant_id: TenantId) -> Self {
        Self {
            tenant_id,
            actor: Actor::System { job_id: None },
            origin: Origin::Worker,
            permissions: Permissions::all(),
            meta: RequestMeta::default(),
            read_only: false,
            teaching_as: None,
        }
    }

    /// Built by the admin CLI from an explicit tenant, naming the operator.
    pub(crate) fn for_operator(tenant_id: TenantId, operator: impl Into<String>) -> Self {
        Self {
            tenant_id,
            actor: Actor::Operator { name: operator.into() },
            origin: Origin::Cli,
            permissions: Permissions::all(),
            meta: RequestMeta::default(),
            read_only: false,
            teaching_as: None,
        }
    }

    /// For the test kit only (feature `testkit`): an operator's scope without an operator session.
    #[cfg(feature = "testkit")]
    pub fn for_test_operator(tenant_id: TenantId, operator: impl Into<String>) -> Self {
        Self::for_operator(tenant_id, operator)
    }

    /// For the test kit only (feature `testkit`): a system actor on `tenant_id` with every permission.
    #[cfg(feature = "testkit")]
    pub fn for_test(tenant_id: TenantId) -> Self {
        Self {
            tenant_id,
            actor: Actor::System { job_id: None },
            origin: Origin::Test,
            permissions: Permissions::all(),
            meta: RequestMeta::default(),
            read_only: false,
            teaching_as: None,
        }
    }
}
