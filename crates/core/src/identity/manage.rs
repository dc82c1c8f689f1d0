//! User management flows: create (with an invitation or an initial password), update, delete, accept an
//! invitation, request and confirm a password reset. Each is one transaction with its audit event and
//! its email job; the auth caches forget a changed user when the transaction commits.

use crate::db::types::TenantId;
use crate::scope::Need;
use crate::{
    audit,
    core::Core,
    error::{check_external_id, Error, Result, Validator},
    identity::emails::{InvitationEmail, PasswordResetEmail},
    identity::{
        normalize_email, password,
        permissions::Permission,
        sessions::{self, SessionToken},
        user_tokens::{self, Purpose},
        users::{self, NewUser, Role, User, UserChanges, UserStatus},
    },
    invalidation::{self, Invalidation},
    jobs,
    scope::{RequestMeta, TenantScope},
    tenants,
};

pub use crate::db::types::UserId;

async fn hash_password(pw: String) -> Result<String> {
    password::hash(&pw).await
}

use crate::tenants::signup::check_name;

fn parse_role(v: &mut Validator, field: &str, role: &str) -> Option<Role> {
    let r = Role::parse(role);
    if r.is_none() {
        v.push(field, "must be one of: owner, admin, instructor, learner");
    }
    r
}

/// Only owners may grant the owner role or change an owner.
pub(crate) fn require_owner_for(scope: &TenantScope, what: &str) -> Result<()> {
    if scope.role() == Some(Role::Owner)
        || matches!(scope.actor(), crate::Actor::Operator { .. } | crate::Actor::System { .. })
    {
        Ok(())
    } else {
        Err(Error::Forbidden { code: "owner_required", message: format!("only an owner can {what}") })
    }
}

#[derive(Debug, Clone)]
pub struct CreateUserInput {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: Option<String>,
    pub send_invite: bool,
    pub external_id: Option<String>,
}

/// Creates a user. With a password the user is `active`; without one, `invited`, and `send_invite`
/// emails a single-use invitation.
pub async fn create_user(core: &Core, scope: &TenantScope, input: CreateUserInput) -> Result<User> {
    scope.require(Permission::UsersWrite)?;
    let mut v = Validator::new();
    let email = match normalize_email(&input.email) {
        Ok((e, _)) => e,
        Err(m) => {
            v.push("email", m);
            String::new()
        }
    };
    check_name(&mut v, "name", &input.name);
    let role = parse_role(&mut v, "role", &input.role);
    let external_id = input.external_id.as_deref().map(|x| check_external_id(&mut v, x));
    if let Some(pw) = &input.password {
        if let Err(m) = password::check_policy(pw) {
            v.push("password", m);
        }
    }
    v.finish()?;
    let role = role.unwrap_or(Role::Learner);
    if role == Role::Owner {
        require_owner_for(scope, "grant the owner role")?;
    }
    let password_hash = match input.password {
        Some(pw) => Some(hash_password(pw).await?),
        None => None,
    };
    let status = if password_hash.is_some() { UserStatus::Active } else { UserStatus::Invited };
    let new = NewUser {
        email,
        name: input.name.trim().to_string(),
        role,
        status,
        password_hash,
        external_id,
        user_name: None,
    };
    let send_invite = input.send_invite && status == UserStatus::Invited;
    core.db
        .write(scope, Permission::UsersWrite, move |tx| {
            let user = users::insert(tx, new)?;
            if send_invite {
                jobs::enqueue(tx, &InvitationEmail { tenant_id: tx.tenant_id(), user_id: user.id })?;
            }
            audit::record(
                tx,
                "user.created",
                Some(("user", user.id.to_string())),
                serde_json::json!({ "role": user.role.as_str(), "invited": send_invite }),
            )?;
            crate::events::emit(tx, "user.created", user_event(&user))?;
            Ok(user)
        })
        .await
}

/// The `data` of a `user.created` event (never the password hash).
pub(crate) fn user_event(u: &User) -> serde_json::Value {
    serde_json::json!({
        "user_id": u.id, "email": u.email, "name": u.name, "role": u.role.as_str(), "status": u.status.as_str(),
        "created_at": u.created_at,
    })
}

/// Sends (again) an invitation to a user who has not accepted one yet.
pub async fn resend_invitation(core: &Core, scope: &TenantScope, id: UserId) -> Result<()> {
    core.db
        .write(scope, Permission::UsersWrite, move |tx| {
            let user = users::get(tx, id)?;
            if user.status != UserStatus::Invited {
                return Err(Error::Conflict {
                    code: "not_invited",
                    field: None,
                    message: "this user has already accepted an invitation".into(),
                });
            }
            jobs::enqueue(tx, &InvitationEmail { tenant_id: tx.tenant_id(), user_id: id })?;
            audit::record(tx, "user.invited", Some(("user", id.to_string())), serde_json::json!({}))
        })
        .await
}

#[derive(Debug, Clone, Default)]
pub struct UpdateUserInput {
    pub name: Option<String>,
    pub role: Option<String>,
    pub status: Option<String>,
    /// `Some(None)` clears it.
    pub external_id: Option<Option<String>>,
}

/// Changes a user's name, role or status. Users may rename themselves; anything else needs
/// `users:write`. The last active owner can be neither demoted nor disabled.
pub async fn update_user(
    core: &Core,
    scope: &TenantScope,
    id: UserId,
    input: UpdateUserInput,
    expected_version: Option<i64>,
) -> Result<User> {
    let only_own_name =
        scope.user_id() == Some(id) && input.role.is_none() && input.status.is_none() && input.external_id.is_none();
    if !only_own_name {
        scope.require(Permission::UsersWrite)?;
    }
    let mut v = Validator::new();
    if let Some(n) = &input.name {
        check_name(&mut v, "name", n);
    }
    let role = input.role.as_deref().and_then(|r| parse_role(&mut v, "role", r));
    let status = match input.status.as_deref() {
        None => None,
        Some("active") => Some(UserStatus::Active),
        Some("disabled") => Some(UserStatus::Disabled),
        Some(_) => {
            v.push("status", "must be `active` or `disabled`");
            None
        }
    };
    let external_id = input.external_id.map(|x| x.map(|x| check_external_id(&mut v, &x)));
    v.finish()?;
    let changes =
        UserChanges { name: input.name.map(|n| n.trim().to_string()), role, status, external_id, ..Default::default() };
    let scope2 = scope.clone();
    core.db
        .write(scope, Need::Identified, move |tx| {
            let current = users::get(tx, id)?;
            let role_changes = changes.role.is_some_and(|r| r != current.role);
            let status_changes = changes.status.is_some_and(|s| s != current.status);
            if (role_changes && (current.role == Role::Owner || changes.role == Some(Role::Owner)))
                || (status_changes && current.role == Role::Owner)
            {
                require_owner_for(&scope2, "change an owner or grant the owner role")?;
            }
            let loses_ownership = current.role == Role::Owner
                && ((role_changes && changes.role != Some(Role::Owner))
                    || changes.status == Some(UserStatus::Disabled));
            if loses_ownership && current.status == UserStatus::Active && users::other_active_owners(tx, id)? == 0 {
                return Err(Error::Conflict {
                    code: "last_owner",
                    field: Some(if role_changes { "role" } else { "status" }),
                    message: "the last active owner cannot be demoted or disabled; make another user owner first"
                        .into(),
                });
            }
            if status_changes && current.status == UserStatus::Invited {
                return Err(Error::Conflict {
                    code: "invitation_pending",
                    field: Some("status"),
                    message: "an invited user becomes active by accepting the invitation".into(),
                });
            }
            let user = users::apply_changes(tx, id, &changes, expected_version)?;
            let mut diff = serde_json::Map::new();
            if current.name != user.name {
                diff.insert("name".into(), serde_json::json!([current.name, user.name]));
            }
            if current.role != user.role {
                diff.insert("role".into(), serde_json::json!([current.role.as_str(), user.role.as_str()]));
            }
            if current.status != user.status {
                diff.insert("status".into(), serde_json::json!([current.status.as_str(), user.status.as_str()]));
            }
            if current.external_id != user.external_id {
                diff.insert("external_id".into(), serde_json::json!([current.external_id, user.external_id]));
            }
            audit::record(tx, "user.updated", Some(("user", id.to_string())), serde_json::Value::Object(diff))?;
            if role_changes || status_changes {
                invalidation::publish(tx, &Invalidation::User(id))?;
            }
            Ok(user)
        })
        .await
}

/// Deletes a user; their sessions end at once. The last active owner cannot be deleted.
pub async fn delete_user(core: &Core, scope: &TenantScope, id: UserId) -> Result<()> {
    scope.require(Permission::UsersWrite)?;
    let scope2 = scope.clone();
    core.db
        .write(scope, Permission::UsersWrite, move |tx| {
            let current = users::get(tx, id)?;
            if current.role == Role::Owner {
                require_owner_for(&scope2, "delete an owner")?;
                if users::other_active_owners(tx, id)? == 0 {
                    return Err(Error::Conflict {
                        code: "last_owner",
                        field: None,
                        message: "the last active owner cannot be deleted; make another user owner first".into(),
                    });
                }
            }
            users::delete(tx, id)?;
            invalidation::publish(tx, &Invalidation::User(id))?;
            audit::record(
                tx,
                "user.deleted",
                Some(("user", id.to_string())),
                serde_json::json!({ "email": current.email, "role": current.role.as_str() }),
            )
        })
        .await?;
    Ok(())
}

/// The person a still-valid single-use code is for (an invitation or a password reset), for the hosted
/// pages, which show their form only for a code that still works. Uses nothing: the code stays valid.
/// An unknown, used or expired code is `invalid` (field `token`).
pub async fn code_holder(core: &Core, purpose: Purpose, code: &str, meta: RequestMeta) -> Result<(TenantId, User)> {
    let tenant = user_tokens::tenant_of(purpose, code)?;
    let scope = TenantScope::anonymous(tenant, meta);
    let code = code.to_string();
    core.db
        .read(&scope, Need::Nobody, move |tx| {
            let user = user_tokens::peek(tx, purpose, &code)?;
            Ok((tx.tenant_id(), users::get(tx, user)?))
        })
        .await
}

/// An invited user sets a password with the emailed token; returns a session for them.
pub async fn accept_invitation(
    core: &Core,
    token: &str,
    new_password: &str,
    name: Option<String>,
    acceptance: super::consent::Acceptance,
    meta: RequestMeta,
) -> Result<(User, SessionToken)> {
    let mut v = Validator::new();
    if let Err(m) = password::check_policy(new_password) {
        v.push("password", m);
    }
    if let Some(n) = &name {
        check_name(&mut v, "name", n);
    }
    let tenant = user_tokens::tenant_of(Purpose::Invitation, token);
    if let Err(Error::Invalid { errors }) = &tenant {
        for e in errors {
            v.push(&e.field, &e.message);
        }
    }
    v.finish()?;
    let tenant = tenant?;
    let hash = hash_password(new_password.to_string()).await?;
    let token = token.to_string();
    let scope = TenantScope::anonymous(tenant, meta);
    core.db
        .write(&scope, Need::Nobody, move |tx| {
            let current_tenant = tenants::current(tx)?;
            if matches!(current_tenant.status, tenants::TenantStatus::Suspended | tenants::TenantStatus::Deleted) {
                return Err(Error::Forbidden {
                    code: "tenant_suspended",
                    message: "this institution is suspended".into(),
                });
            }
            let user_id = user_tokens::consume(tx, Purpose::Invitation, &token)?;
            let user = users::get(tx, user_id)?;
            if user.status != UserStatus::Invited {
                return Err(Error::invalid("token", "this invitation was already accepted"));
            }
            let changes = UserChanges {
                name: name.map(|n| n.trim().to_string()),
                status: Some(UserStatus::Active),
                password_hash: Some(hash),
                ..Default::default()
            };
            let user = users::apply_changes(tx, user_id, &changes, None)?;
            super::consent::settle(tx, user_id, &acceptance, "invitation")?;
            let session = sessions::create(tx, user_id)?;
            audit::record(tx, "user.invitation_accepted", Some(("user", user_id.to_string())), serde_json::json!({}))?;
            Ok((user, session))
        })
        .await
}

/// Job payload: find the account a password reset was asked for and, if there is one, send it the
/// email. The request itself only enqueues this (one insert, whatever the account), so the answer takes
/// the same time for known and unknown emails and institutions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PasswordResetLookup {
    pub tenant_slug: String,
    /// Lower-cased.
    pub email: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl crate::jobs::Job for PasswordResetLookup {
    const KIND: &'static str = "auth.password_reset_lookup";
    const QUEUE: &'static str = "email";
    const PRIORITY: i32 = 10;

    fn tenant_id(&self) -> Option<crate::db::types::TenantId> {
        None
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        let _ = meta;
        lookup_password_reset(&ctx.core, self).await?;
        Ok(())
    }
}

/// Starts a password reset. Always succeeds from the caller's view (no account enumeration, by answer
/// or by timing): it enqueues a [`PasswordResetLookup`], the same single insert for every request with
/// a well-formed email. A known, active or invited account then gets an email with a one-hour,
/// single-use token.
pub async fn request_password_reset(core: &Core, tenant_slug: &str, email: &str, meta: RequestMeta) -> Result<()> {
    let slug = tenant_slug.trim().to_lowercase();
    let Ok((_, email_lower)) = normalize_email(email) else { return Ok(()) };
    let job = PasswordResetLookup { tenant_slug: slug, email: email_lower, ip: meta.ip, request_id: meta.request_id };
    core.db.platform(move |tx| crate::jobs::enqueue_platform(tx, &job).map(|_| ())).await
}

/// Runs a [`PasswordResetLookup`]: enqueues the reset email for a known account that is not disabled.
pub async fn lookup_password_reset(core: &Core, job: PasswordResetLookup) -> Result<()> {
    let PasswordResetLookup { tenant_slug: slug, email: email_lower, ip, request_id } = job;
    let tenant = match core.db.system_read(move |tx| tenants::find_by_slug(tx, &slug)).await {
        Ok(t) => t,
        Err(Error::NotFound { .. }) => return Ok(()),
        Err(e) => return Err(e),
    };
    let scope = TenantScope::anonymous(tenant.id, RequestMeta { ip, request_id, reason: None });
    core.db
        .write(&scope, Need::Nobody, move |tx| {
            let Some((user, _)) = users::find_for_login(tx, &email_lower)? else { return Ok(()) };
            if user.status == UserStatus::Disabled {
                return Ok(());
            }
            jobs::enqueue(tx, &PasswordResetEmail { tenant_id: tx.tenant_id(), user_id: user.id })?;
            audit::record(
                tx,
                "auth.password_reset_requested",
                Some(("user", user.id.to_string())),
                serde_json::json!({}),
            )
        })
        .await
}

/// Support staff send an account a password-reset email (`users:write`; the CLI's operator scope). Unlike
/// the anonymous request, the operator is told whether the account exists, and the audit event names
/// the operator. Returns false for an unknown or disabled account.
pub async fn send_password_reset(core: &Core, scope: &TenantScope, email: &str) -> Result<bool> {
    scope.require(crate::identity::permissions::Permission::UsersWrite)?;
    let (_, email_lower) = normalize_email(email).map_err(|m| Error::invalid("email", m))?;
    core.db
        .write(scope, Permission::UsersWrite, move |tx| {
            let Some((user, _)) = users::find_for_login(tx, &email_lower)? else { return Ok(false) };
            if user.status == UserStatus::Disabled {
                return Ok(false);
            }
            jobs::enqueue(tx, &PasswordResetEmail { tenant_id: tx.tenant_id(), user_id: user.id })?;
            audit::record(
                tx,
                "auth.password_reset_requested",
                Some(("user", user.id.to_string())),
                serde_json::json!({}),
            )?;
            Ok(true)
        })
        .await
}

/// Sets a new password with a reset token and ends every session of the user.
pub async fn confirm_password_reset(core: &Core, token: &str, new_password: &str, meta: RequestMeta) -> Result<()> {
    let mut v = Validator::new();
    if let Err(m) = password::check_policy(new_password) {
        v.push("password", m);
    }
    let tenant = user_tokens::tenant_of(Purpose::PasswordReset, token);
    if let Err(Error::Invalid { errors }) = &tenant {
        for e in errors {
            v.push(&e.field, &e.message);
        }
    }
    v.finish()?;
    let tenant = tenant?;
    let hash = hash_password(new_password.to_string()).await?;
    let token = token.to_string();
    let scope = TenantScope::anonymous(tenant, meta);
    core.db
        .write(&scope, Need::Nobody, move |tx| {
            let user_id = user_tokens::consume(tx, Purpose::PasswordReset, &token)?;
            let user = users::get(tx, user_id)?;
            let status = if user.status == UserStatus::Invited { Some(UserStatus::Active) } else { None };
            if user.status == UserStatus::Disabled {
                return Err(Error::invalid("token", "is not valid: the account is disabled"));
            }
            let changes = UserChanges { password_hash: Some(hash), status, ..Default::default() };
            users::apply_changes(tx, user_id, &changes, None)?;
            let revoked = sessions::revoke_all_for_user(tx, user_id)?;
            audit::record(
                tx,
                "auth.password_reset",
                Some(("user", user_id.to_string())),
                serde_json::json!({ "sessions_revoked": revoked }),
            )?;
            Ok(())
        })
        .await
}

/// Users of the scope's tenant; needs `users:read`.
pub async fn list_users(
    core: &Core,
    scope: &TenantScope,
    filter: users::UserFilter,
    page: crate::pagination::PageRequest,
) -> Result<crate::pagination::Page<User>> {
    core.db.read(scope, Permission::UsersRead, move |tx| users::list(tx, filter, page)).await
}

/// One user; anyone may see themselves, others need `users:read`.
pub async fn view_user(core: &Core, scope: &TenantScope, id: UserId) -> Result<User> {
    if scope.user_id() != Some(id) {
        scope.require(Permission::UsersRead)?;
    }
    core.db.read(scope, Need::Identified, move |tx| users::get(tx, id)).await
}

/// Ends every session of a user (support staff, or an admin after a lost device).
pub async fn revoke_sessions(core: &Core, scope: &TenantScope, id: UserId) -> Result<usize> {
    let n = core
        .db
        .write(scope, Permission::UsersWrite, move |tx| {
            users::get(tx, id)?;
            let n = sessions::revoke_all_for_user(tx, id)?;
            audit::record(
                tx,
                "user.sessions_revoked",
                Some(("user", id.to_string())),
                serde_json::json!({ "sessions": n }),
            )?;
            Ok(n)
        })
        .await?;
    Ok(n)
}

/// A user of the scope's tenant by email (case-insensitive).
pub async fn find_user_by_email(core: &Core, scope: &TenantScope, email: &str) -> Result<User> {
    scope.require(Permission::UsersRead)?;
    let email = normalize_email(email).map(|(_, l)| l).map_err(|m| Error::invalid("email", m))?;
    core.db
        .read(scope, Permission::UsersRead, move |tx| users::find_for_login(tx, &email))
        .await?
        .map(|(u, _)| u)
        .ok_or(Error::NotFound { resource: "user" })
}
