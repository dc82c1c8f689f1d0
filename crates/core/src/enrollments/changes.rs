//! Changing an enrollment (due date, status) and dropping it.

use super::*;

/// Changes to an enrollment; absent fields stay.
#[derive(Debug, Clone, Default)]
pub struct EnrollmentChanges {
    /// `Some(None)` clears the due date.
    pub due_at: Option<Option<Timestamp>>,
    /// `active` (reactivate a dropped enrollment) or `dropped`.
    pub status: Option<EnrollmentStatus>,
}

/// Changes the due date or drops/reactivates an enrollment (`enrollments:write`). A completed enrollment
/// keeps its status (409 `enrollment_completed`); reactivating needs a free seat.
pub async fn update(
    core: &Core,
    scope: &TenantScope,
    id: EnrollmentId,
    changes: EnrollmentChanges,
    expected_version: Option<i64>,
) -> Result<Enrollment> {
    scope.require(Permission::EnrollmentsWrite)?;
    if let Some(d) = changes.due_at {
        check_due(d)?;
    }
    if changes.status == Some(EnrollmentStatus::Completed) {
        return Err(Error::invalid(
            "status",
            "must be `active` or `dropped`; an enrollment completes when its lessons are done",
        ));
    }
    core.db
        .write(scope, Permission::EnrollmentsWrite, move |tx| {
            let row = lock_row(tx, id)?;
            check_access(tx, &row, true)?;
            if let Some(v) = expected_version.filter(|v| *v != row.version) {
                return Err(Error::PreconditionFailed {
                    message: format!("the enrollment changed since version {v} (now {}); fetch it again", row.version),
                });
            }
            let tenant = tx.tenant();
            let current = row.status;
            let now = Timestamp::now();
            let target = tenant.scoped(enrollments::table).filter(enrollments::id.eq(id));
            match (current, changes.status) {
                (_, None) => {}
                (a, Some(b)) if a == b => {}
                (EnrollmentStatus::Completed, Some(_)) => {
                    return Err(Error::Conflict {
                        code: "enrollment_completed",
                        field: Some("status"),
                        message: "a completed enrollment cannot be dropped or reactivated".into(),
                    })
                }
                (EnrollmentStatus::Active, Some(_)) => {
                    with_conn!(tx, |c| diesel::update(target)
                        .set((
                            enrollments::status.eq(crate::enrollments::EnrollmentStatus::Dropped),
                            enrollments::dropped_at.eq(Some(now))
                        ))
                        .execute(c))?;
                    audit::record(
                        tx,
                        "enrollment.dropped",
                        Some(("enrollment", id.to_string())),
                        serde_json::json!({}),
                    )?;
                    events::emit(tx, "enrollment.dropped", serde_json::json!({ "enrollment_id": id }))?;
                }
                (EnrollmentStatus::Dropped, Some(_)) => {
                    let opts = EnrollOptions { due_at: row.due_at, notify: false };
                    if let RowOutcome::Failed(e) = enroll_batch(tx, row.course_id, &[row.user_id], opts)?.remove(0) {
                        return Err(e.into_error());
                    }
                    audit::record(
                        tx,
                        "enrollment.reactivated",
                        Some(("enrollment", id.to_string())),
                        serde_json::json!({}),
                    )?;
                }
            }
            if let Some(due) = changes.due_at {
                with_conn!(tx, |c| diesel::update(target)
                    .set((enrollments::due_at.eq(due), enrollments::reminded_at.eq(None::<Timestamp>)))
                    .execute(c))?;
                audit::record(
                    tx,
                    "enrollment.updated",
                    Some(("enrollment", id.to_string())),
                    serde_json::json!({ "due_at": due }),
                )?;
            }
            with_conn!(tx, |c| diesel::update(target)
                .set((enrollments::version.eq(enrollments::version + 1), enrollments::updated_at.eq(now)))
                .execute(c))?;
            view_one(tx, id)
        })
        .await
}

/// Drops an enrollment (frees its seat when it was the learner's last active one). Progress is kept.
pub async fn drop_enrollment(core: &Core, scope: &TenantScope, id: EnrollmentId) -> Result<()> {
    update(core, scope, id, EnrollmentChanges { due_at: None, status: Some(EnrollmentStatus::Dropped) }, None)
        .await
        .map(|_| ())
}
