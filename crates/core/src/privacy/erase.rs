//! Erasure of a person (issue 23, item 2): `POST /v1/users/{id}/erase` and `lyceum user erase`. One
//! transaction removes or pseudonymises everything that identifies them; what it cannot reach is
//! named in `docs/privacy.md`.
//!
//! - **Their account** stays as a pseudonym (`erased-<id>@erased.invalid`, "Erased user", status
//!   `erased`: stored as `disabled` with `erased_at`): enrollments, progress, attempts and grades keep pointing at it, so every aggregate
//!   (completion rates, course reports, gradebooks' statistics) stays what it was. It can never sign
//!   in or be changed again. Its password hash, external id, user name, sessions, one-time codes,
//!   single sign-on links, idempotency records and the API keys it created go.
//! - **Their learning**: active enrollments are dropped (the seat is freed); submissions lose their
//!   text, link and files (grades stay); certificates are signed again without their name
//!   ([`crate::certificates`]), so a code still verifies.
//! - **Copies**: the audit trail (events they did lose their IP address; every event mentioning them
//!   is scrubbed and marked `redacted_at`, which the hash chain allows for), domain events, webhook
//!   deliveries, operations' input and reports, jobs, Stripe's events, support staff's command lines,
//!   grade histories, quiz answers, feedback and file names have the person's [`Terms`] replaced.
//! - An `user.erased` audit event and domain event (for the institution's other systems) name only
//!   the pseudonymous id.

use diesel::prelude::*;

use super::{Terms, REDACTED};
use crate::{
    audit,
    db::{
        schema::{
            api_keys, audit_events, consents, enrollments, events, files, grade_changes, idempotency_keys, jobs,
            operations, operator_actions, quiz_attempts, sessions, stripe_events, submissions, tenants,
            user_identities, user_tokens, users, webhook_deliveries,
        },
        types::{
            AttachedId, AttemptId, AuditEventId, EventId, FileId, GradeChangeId, JobId, OperationId, OperatorActionId,
            SubmissionId, Timestamp, UserId, WebhookDeliveryId,
        },
        TenantTx,
    },
    enrollments::EnrollmentStatus,
    error::{Error, Result},
    events as domain_events,
    identity::{
        manage::require_owner_for,
        users::{self as people, Role, UserStatus},
    },
    invalidation::{self, Invalidation},
    scope::{permissions::Permission, TenantScope},
    with_conn, Core,
};

diesel::define_sql_function!(
    fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>
);

/// `lower(column)` matches one of a pass's eight patterns ([`Terms::like_passes`]).
macro_rules! mentions {
    ($col:expr, $p:expr) => {
        lower($col.nullable())
            .like(&$p[0])
            .escape('\\')
            .or(lower($col.nullable()).like(&$p[1]).escape('\\'))
            .or(lower($col.nullable()).like(&$p[2]).escape('\\'))
            .or(lower($col.nullable()).like(&$p[3]).escape('\\'))
            .or(lower($col.nullable()).like(&$p[4]).escape('\\'))
            .or(lower($col.nullable()).like(&$p[5]).escape('\\'))
            .or(lower($col.nullable()).like(&$p[6]).escape('\\'))
            .or(lower($col.nullable()).like(&$p[7]).escape('\\'))
    };
}

/// Replaces the terms in one text column of the rows of `$base` that mention them; counts the rows.
macro_rules! scrub_column {
    ($tx:expr, $terms:expr, $base:expr, $key:expr, $Key:ty, $col:expr) => {{
        let mut changed = 0usize;
        for p in $terms.like_passes() {
            let rows: Vec<($Key, Option<String>)> =
                with_conn!($tx, |c| $base.filter(mentions!($col, p)).select(($key, $col.nullable())).load(c))?;
            for (k, text) in rows {
                if let Some(new) = text.as_deref().and_then(|t| $terms.scrub_json(t)) {
                    with_conn!($tx, |c| diesel::update($base.filter($key.eq(k))).set($col.eq(new)).execute(c))?;
                    changed += 1;
                }
            }
        }
        changed
    }};
}

/// What an erasure changed, per kind of record.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Erasure {
    pub user_id: UserId,
    pub erased_at: Timestamp,
    pub sessions_ended: usize,
    /// One-time codes, single sign-on links and idempotency records.
    pub credentials_removed: usize,
    pub api_keys_revoked: usize,
    pub enrollments_dropped: usize,
    pub submissions_cleared: usize,
    pub files_removed: usize,
    pub certificates_reissued: usize,
    pub audit_events_redacted: usize,
    pub domain_events_redacted: usize,
    pub webhook_deliveries_redacted: usize,
    /// Operations, jobs, Stripe's events, support staff's actions, grade histories, quiz answers,
    /// feedback, file names and the institution's settings.
    pub other_records_redacted: usize,
}

/// The address an erased person's account keeps (unique per account, deliverable nowhere).
pub fn pseudonym(id: UserId) -> String {
    format!("erased-{}@erased.invalid", id.0.simple())
}

/// The name an erased person's account keeps.
pub const ERASED_NAME: &str = "Erased user";

/// Erases a person of the scope's institution (`users:write`; an owner or an admin only by an
/// owner; never the last active owner). Their uploaded files' bytes go after the commit.
pub async fn erase(core: &Core, scope: &TenantScope, id: UserId) -> Result<Erasure> {
    scope.require(Permission::UsersWrite)?;
    let scope2 = scope.clone();
    let erasure =
        core.db.write_even_if_read_only(scope, Permission::UsersWrite, move |tx| erase_in(tx, &scope2, id)).await?;
    if erasure.files_removed > 0 && core.storage().is_ok() {
        // The rows are marked for the sweep; remove the bytes now rather than within the hour.
        if let Err(e) = crate::files::sweep(core, scope).await {
            tracing::warn!(error = %e, "erased files are left to the hourly sweep");
        }
    }
    Ok(erasure)
}

/// The erasure itself, in the caller's transaction (also used by retention for inactive learners).
pub(crate) fn erase_in(tx: &mut TenantTx<'_>, scope: &TenantScope, id: UserId) -> Result<Erasure> {
    let user = people::get(tx, id)?;
    if user.status == UserStatus::Erased {
        return Err(Error::Conflict {
            code: "already_erased",
            field: None,
            message: "this person was already erased".into(),
        });
    }
    if matches!(user.role, Role::Owner | Role::Admin) {
        require_owner_for(scope, "erase an owner or an admin")?;
    }
    if user.role == Role::Owner && user.status == UserStatus::Active && people::other_active_owners(tx, id)? == 0 {
        return Err(Error::Conflict {
            code: "last_owner",
            field: None,
            message: "the last active owner cannot be erased; make another user owner first".into(),
        });
    }
    let t = tx.tenant();
    let now = Timestamp::now();
    let subjects: Vec<String> = with_conn!(tx, |c| t
        .scoped(user_identities::table)
        .filter(user_identities::user_id.eq(id))
        .select(user_identities::subject)
        .load(c))?;
    let mut words = vec![user.email.as_str(), user.name.as_str()];
    words.extend(user.user_name.as_deref());
    words.extend(user.external_id.as_deref());
    words.extend(subjects.iter().map(String::as_str));
    let terms = Terms::new(words);
    let who = id.to_string();
    let alias = pseudonym(id);

    with_conn!(tx, |c| diesel::update(t.scoped(users::table).filter(users::id.eq(id)))
        .set((
            users::email.eq(&alias),
            users::email_lower.eq(&alias),
            users::name.eq(ERASED_NAME),
            users::status.eq(UserStatus::Disabled),
            users::erased_at.eq(Some(now)),
            users::password_hash.eq(None::<String>),
            users::external_id.eq(None::<String>),
            users::user_name.eq(None::<String>),
            users::user_name_lower.eq(None::<String>),
            users::last_login_at.eq(None::<Timestamp>),
            users::updated_at.eq(now),
            users::version.eq(users::version + 1),
        ))
        .execute(c))?;
    let sessions_ended =
        with_conn!(tx, |c| diesel::delete(t.scoped(sessions::table).filter(sessions::user_id.eq(id))).execute(c))?;
    let mut credentials_removed =
        with_conn!(tx, |c| diesel::delete(t.scoped(user_tokens::table).filter(user_tokens::user_id.eq(id)))
            .execute(c))?;
    credentials_removed +=
        with_conn!(tx, |c| diesel::delete(t.scoped(user_identities::table).filter(user_identities::user_id.eq(id)))
            .execute(c))?;
    credentials_removed += with_conn!(tx, |c| diesel::delete(
        t.scoped(idempotency_keys::table).filter(idempotency_keys::actor.eq(format!("user:{who}")))
    )
    .execute(c))?;
    let api_keys_revoked = with_conn!(tx, |c| diesel::update(
        t.scoped(api_keys::table).filter(api_keys::created_by.eq(id)).filter(api_keys::revoked_at.is_null())
    )
    .set(api_keys::revoked_at.eq(now))
    .execute(c))?;
    with_conn!(tx, |c| diesel::update(t.scoped(consents::table).filter(consents::user_id.eq(id)))
        .set(consents::ip.eq(None::<String>))
        .execute(c))?;

    // Their learning record: every statement naming them (Lyceum's, and content's that used their email).
    crate::xapi::record::erase_learner(tx, id, &user.email)?;

    let enrollments_dropped = with_conn!(tx, |c| diesel::update(
        t.scoped(enrollments::table)
            .filter(enrollments::user_id.eq(id))
            .filter(enrollments::status.eq(EnrollmentStatus::Active))
    )
    .set((
        enrollments::status.eq(EnrollmentStatus::Dropped),
        enrollments::dropped_at.eq(now),
        enrollments::updated_at.eq(now),
        enrollments::version.eq(enrollments::version + 1),
    ))
    .execute(c))?;
    let submission_ids: Vec<SubmissionId> = with_conn!(tx, |c| t
        .scoped(submissions::table)
        .filter(submissions::user_id.eq(id))
        .select(submissions::id)
        .load(c))?;
    let submissions_cleared =
        with_conn!(tx, |c| diesel::update(t.scoped(submissions::table).filter(submissions::user_id.eq(id)))
            .set((submissions::body.eq(None::<String>), submissions::url.eq(None::<String>)))
            .execute(c))?;
    // Their files (handed in, returned with their grades, uploaded and never attached, or exports of
    // their data) become stale uploads (`pending`, expired), which the sweep removes bytes first,
    // then rows.
    let mut file_ids: Vec<FileId> = Vec::new();
    for chunk in submission_ids.chunks(500) {
        let ids: Vec<AttachedId> = chunk.iter().map(|s| AttachedId(s.0)).collect();
        file_ids.extend(with_conn!(tx, |c| t
            .scoped(files::table)
            .filter(files::attached_kind.eq_any(["submission", "feedback"]))
            .filter(files::attached_id.eq_any(ids))
            .select(files::id)
            .load::<FileId>(c))?);
    }
    file_ids.extend(with_conn!(tx, |c| t
        .scoped(files::table)
        .filter(files::uploader_type.eq("user"))
        .filter(files::uploader_id.eq(&who))
        .filter(files::attached_kind.is_null())
        .select(files::id)
        .load::<FileId>(c))?);
    file_ids.extend(with_conn!(tx, |c| t
        .scoped(files::table)
        .filter(files::subject_id.eq(id))
        .select(files::id)
        .load::<FileId>(c))?);
    for chunk in file_ids.chunks(500) {
        with_conn!(tx, |c| diesel::update(t.scoped(files::table).filter(files::id.eq_any(chunk)))
            .set((
                files::status.eq("pending"),
                files::filename.eq(REDACTED),
                files::attached_kind.eq(None::<String>),
                files::attached_id.eq(None::<AttachedId>),
                files::course_id.eq(None::<crate::db::types::CourseId>),
                files::subject_id.eq(None::<UserId>),
                files::expires_at.eq(now - chrono::Duration::seconds(1)),
            ))
            .execute(c))?;
    }
    let certificates_reissued = crate::certificates::anonymise(tx, id)?;

    let audit_events_redacted = redact_audit(tx, &terms, &who, now)?;
    let domain_events_redacted = scrub_column!(tx, terms, t.scoped(events::table), events::id, EventId, events::data);
    let mut webhook_deliveries_redacted = scrub_column!(
        tx,
        terms,
        t.scoped(webhook_deliveries::table),
        webhook_deliveries::id,
        WebhookDeliveryId,
        webhook_deliveries::payload
    );
    webhook_deliveries_redacted += scrub_column!(
        tx,
        terms,
        t.scoped(webhook_deliveries::table),
        webhook_deliveries::id,
        WebhookDeliveryId,
        webhook_deliveries::last_error
    );
    let mut other = 0;
    other += scrub_column!(tx, terms, t.scoped(operations::table), operations::id, OperationId, operations::input);
    other += scrub_column!(tx, terms, t.scoped(operations::table), operations::id, OperationId, operations::errors);
    other += scrub_column!(
        tx,
        terms,
        t.scoped(grade_changes::table),
        grade_changes::id,
        GradeChangeId,
        grade_changes::before
    );
    other += scrub_column!(
        tx,
        terms,
        t.scoped(grade_changes::table),
        grade_changes::id,
        GradeChangeId,
        grade_changes::after
    );
    other +=
        scrub_column!(tx, terms, t.scoped(quiz_attempts::table), quiz_attempts::id, AttemptId, quiz_attempts::answers);
    other +=
        scrub_column!(tx, terms, t.scoped(submissions::table), submissions::id, SubmissionId, submissions::feedback);
    other += scrub_column!(tx, terms, t.scoped(files::table), files::id, FileId, files::filename);
    other += scrub_column!(tx, terms, t.scoped(jobs::table), jobs::id, JobId, jobs::payload);
    other += scrub_column!(tx, terms, t.scoped(jobs::table), jobs::id, JobId, jobs::last_error);
    // A password-reset lookup is queued before its tenant is known: it names the institution's slug.
    let slug = crate::tenants::current(tx)?.slug;
    other += scrub_column!(
        tx,
        terms,
        jobs::table.filter(jobs::tenant_id.is_null()).filter(jobs::payload.like(format!("%\"{slug}\"%"))),
        jobs::id,
        JobId,
        jobs::payload
    );
    other +=
        scrub_column!(tx, terms, t.scoped(stripe_events::table), stripe_events::id, String, stripe_events::payload);
    let ops = || operator_actions::table.filter(operator_actions::tenant_slug.eq(slug.clone()));
    other += scrub_column!(tx, terms, ops(), operator_actions::id, OperatorActionId, operator_actions::command_line);
    other += scrub_column!(tx, terms, ops(), operator_actions::id, OperatorActionId, operator_actions::reason);
    other += scrub_column!(tx, terms, ops(), operator_actions::id, OperatorActionId, operator_actions::error);
    other += with_conn!(tx, |c| diesel::update(
        t.scoped(tenants::table).filter(lower(tenants::reply_to).eq(Some(user.email.to_lowercase())))
    )
    .set(tenants::reply_to.eq(None::<String>))
    .execute(c))?;

    invalidation::publish(tx, &Invalidation::User(id))?;
    let erasure = Erasure {
        user_id: id,
        erased_at: now,
        sessions_ended,
        credentials_removed,
        api_keys_revoked,
        enrollments_dropped,
        submissions_cleared,
        files_removed: file_ids.len(),
        certificates_reissued,
        audit_events_redacted,
        domain_events_redacted,
        webhook_deliveries_redacted,
        other_records_redacted: other,
    };
    audit::record(
        tx,
        "user.erased",
        Some(("user", who.clone())),
        serde_json::to_value(&erasure).map_err(Error::internal)?,
    )?;
    domain_events::emit(tx, "user.erased", serde_json::json!({ "id": id, "erased_at": now }))?;
    Ok(erasure)
}

/// Audit events: those the person did lose their IP address; any mentioning them (by id as the
/// target, or by their terms) is scrubbed. Each changed event is marked `redacted_at`, so the chain
/// checks its link but no longer its content, and loses its salt, so its old `content_hash` cannot
/// confirm a guess of what was removed.
fn redact_audit(tx: &mut TenantTx<'_>, terms: &Terms, who: &str, now: Timestamp) -> Result<usize> {
    let t = tx.tenant();
    type Row = (AuditEventId, String, Option<String>, String, Option<String>);
    let select =
        (audit_events::id, audit_events::actor_type, audit_events::actor_id, audit_events::metadata, audit_events::ip);
    let mut rows: Vec<Row> = with_conn!(tx, |c| t
        .scoped(audit_events::table)
        .filter(audit_events::actor_id.eq(who).or(audit_events::target_id.eq(who)))
        .select(select)
        .load(c))?;
    for p in terms.like_passes() {
        rows.extend(with_conn!(tx, |c| t
            .scoped(audit_events::table)
            .filter(mentions!(audit_events::metadata, p))
            .select(select)
            .load::<Row>(c))?);
    }
    rows.sort_by_key(|r| r.0);
    rows.dedup_by_key(|r| r.0);
    let mut n = 0;
    for (event, actor_type, actor_id, metadata, ip) in rows {
        let theirs = actor_type == "user" && actor_id.as_deref() == Some(who);
        let new_metadata = terms.scrub_json(&metadata);
        let drop_ip = theirs && ip.is_some();
        if new_metadata.is_none() && !drop_ip {
            continue;
        }
        let metadata = new_metadata.unwrap_or(metadata);
        let ip = if theirs { None } else { ip };
        with_conn!(tx, |c| diesel::update(t.scoped(audit_events::table).filter(audit_events::id.eq(event)))
            .set((
                audit_events::metadata.eq(&metadata),
                audit_events::ip.eq(&ip),
                audit_events::redacted_at.eq(now),
                audit_events::salt.eq(None::<String>),
            ))
            .execute(c))?;
        n += 1;
    }
    Ok(n)
}
