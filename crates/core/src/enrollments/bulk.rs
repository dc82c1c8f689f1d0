//! Bulk enrollment as an operation: the request stores its rows and enqueues a job in one transaction
//! and answers 202; the job enrols the rows in chunks, each chunk in one transaction together with the
//! operation's counters, so a crash resumes after the last committed chunk and nothing is done twice.
//! Rows that fail (unknown user, disabled user, no seat) are reported; the rest succeed. Rows already
//! enrolled are `skipped`, so re-running a request is harmless.

use crate::scope::Need;
use std::collections::HashMap;

use diesel::prelude::*;

use super::{enroll_batch, EnrollOptions, RowOutcome};
use crate::{
    audit,
    courses::queries::get_course,
    db::{
        schema::users,
        types::{CourseId, OperationId, TenantId, Timestamp, UserId},
        Db,
    },
    error::{Error, Result},
    identity::{normalize_email, permissions::Permission},
    jobs::{self, Job},
    operations::{self, Operation, OperationRow, RowFailure},
    scope::TenantScope,
    with_conn, Core,
};

/// Rows per request; larger lists go in several requests.
pub const MAX_ROWS: usize = 10_000;
/// Rows per transaction of the job.
pub const CHUNK: usize = 1_000;

/// Job payload: carry out a bulk-enrollment operation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BulkEnroll {
    pub tenant_id: TenantId,
    pub operation_id: OperationId,
}

impl Job for BulkEnroll {
    const KIND: &'static str = "enrollment.bulk";
    const QUEUE: &'static str = "bulk";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("enrollment.bulk:{}", self.operation_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        Ok(run(ctx.db(), meta.scope()?, self.operation_id).await?)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identify {
    UserIds,
    Emails,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct StoredInput {
    course_id: CourseId,
    by: Identify,
    values: Vec<String>,
    options: EnrollOptions,
}

/// A bulk request: either user ids or emails.
#[derive(Debug, Clone, Default)]
pub struct BulkInput {
    pub user_ids: Option<Vec<String>>,
    pub emails: Option<Vec<String>>,
    pub due_at: Option<Timestamp>,
    pub notify: bool,
}

/// Accepts a bulk enrollment: validates the request as a whole (the course exists and is published,
/// exactly one list of 1 to [`MAX_ROWS`] rows), stores it and enqueues its job.
pub async fn start(core: &Core, scope: &TenantScope, course_id: CourseId, input: BulkInput) -> Result<Operation> {
    scope.require(Permission::EnrollmentsWrite)?;
    let (by, values) = match (input.user_ids, input.emails) {
        (Some(ids), None) => (Identify::UserIds, ids),
        (None, Some(emails)) => (Identify::Emails, emails),
        _ => return Err(Error::invalid("user_ids", "send exactly one of `user_ids` or `emails`")),
    };
    let field = match by {
        Identify::UserIds => "user_ids",
        Identify::Emails => "emails",
    };
    if values.is_empty() || values.len() > MAX_ROWS {
        return Err(Error::invalid(field, format!("must list 1 to {MAX_ROWS} rows")));
    }
    if input.due_at.is_some_and(|d| d < Timestamp::now()) {
        return Err(Error::invalid("due_at", "must be in the future"));
    }
    core.db
        .write(scope, Permission::EnrollmentsWrite, move |tx| {
            crate::entitlements::require_feature(tx, crate::entitlements::Feature::BulkEnrollment)?;
            let course = get_course(tx, course_id)?;
            crate::identity::staff::authorize(tx, course_id, crate::identity::staff::CourseRight::Enroll)?;
            if course.status != crate::courses::CourseStatus::Published {
                return Err(Error::Conflict {
                    code: "course_not_published",
                    field: None,
                    message: format!(
                        "the course is {}; only published courses take enrollments",
                        course.status.as_str()
                    ),
                });
            }
            let now = Timestamp::now();
            let stored = StoredInput {
                course_id,
                by,
                options: EnrollOptions { due_at: input.due_at, notify: input.notify },
                values,
            };
            let mut row = OperationRow {
                tenant_id: tx.tenant_id(),
                id: OperationId::new(),
                kind: BulkEnroll::KIND.into(),
                status: crate::operations::OperationStatus::Queued,
                target_id: Some(course_id.0),
                total: stored.values.len() as i32,
                processed: 0,
                succeeded: 0,
                failed: 0,
                skipped: 0,
                errors: "[]".into(),
                input: serde_json::to_string(&stored).map_err(Error::internal)?,
                created_at: now,
                updated_at: now,
                finished_at: None,
                result_id: None,
            };
            operations::insert(tx, &mut row)?;
            audit::record(
                tx,
                "enrollment.bulk_requested",
                Some(("operation", row.id.to_string())),
                serde_json::json!({ "course_id": course_id, "rows": row.total }),
            )?;
            jobs::enqueue(tx, &BulkEnroll { tenant_id: tx.tenant_id(), operation_id: row.id })?;
            row.try_into()
        })
        .await
}

fn failure(row: usize, value: &str, code: &str, message: impl Into<String>) -> RowFailure {
    RowFailure { row: row as i32, value: value.chars().take(320).collect(), code: code.into(), message: message.into() }
}

/// Runs the operation to the end, one chunk per transaction. Safe to run again after a crash: it
/// resumes at the first row not yet committed.
pub async fn run(db: &Db, scope: &TenantScope, operation_id: OperationId) -> Result<()> {
    loop {
        let more = db
            .write(scope, Need::Identified, move |tx| {
                let op = operations::lock(tx, operation_id)?;
                if matches!(
                    op.status,
                    crate::operations::OperationStatus::Succeeded | crate::operations::OperationStatus::Failed
                ) {
                    return Ok(false);
                }
                let input: StoredInput = serde_json::from_str(&op.input).map_err(Error::internal)?;
                let start = op.processed as usize;
                let end = (start + CHUNK).min(input.values.len());
                let rows = &input.values[start..end];
                let mut failures = Vec::new();
                // Resolve each row to a user id, or record why it cannot be.
                let mut targets: Vec<(usize, UserId)> = Vec::with_capacity(rows.len());
                match input.by {
                    Identify::UserIds => {
                        for (i, v) in rows.iter().enumerate() {
                            match v.trim().parse::<UserId>() {
                                Ok(id) => targets.push((start + i, id)),
                                Err(_) => failures.push(failure(start + i, v, "invalid", "is not a user id (UUID)")),
                            }
                        }
                    }
                    Identify::Emails => {
                        let mut wanted: Vec<(usize, String)> = Vec::new();
                        for (i, v) in rows.iter().enumerate() {
                            match normalize_email(v) {
                                Ok((_, lower)) => wanted.push((start + i, lower)),
                                Err(m) => failures.push(failure(start + i, v, "invalid", m)),
                            }
                        }
                        let tenant = tx.tenant();
                        let mut by_email: HashMap<String, UserId> = HashMap::new();
                        for chunk in wanted.chunks(500) {
                            let emails: Vec<&str> = chunk.iter().map(|(_, e)| e.as_str()).collect();
                            let found: Vec<(String, UserId)> = with_conn!(tx, |c| tenant
                                .scoped(users::table)
                                .filter(users::email_lower.eq_any(&emails))
                                .select((users::email_lower, users::id))
                                .load(c))?;
                            by_email.extend(found);
                        }
                        for (row, email) in wanted {
                            match by_email.get(&email) {
                                Some(id) => targets.push((row, *id)),
                                None => failures.push(failure(
                                    row,
                                    &input.values[row],
                                    "user_not_found",
                                    "no user has this email; create or invite the user first",
                                )),
                            }
                        }
                    }
                }
                let ids: Vec<UserId> = targets.iter().map(|(_, id)| *id).collect();
                let (mut enrolled, mut skipped) = (0, 0);
                match enroll_batch(tx, input.course_id, &ids, input.options) {
                    Ok(outcomes) => {
                        for ((row, _), outcome) in targets.iter().zip(outcomes) {
                            match outcome {
                                RowOutcome::Enrolled(_) => enrolled += 1,
                                RowOutcome::Unchanged(_) => skipped += 1,
                                RowOutcome::Failed(e) => {
                                    failures.push(failure(*row, &input.values[*row], &e.code, e.message))
                                }
                            }
                        }
                    }
                    // The course itself refuses (deleted, unpublished meanwhile): every row of the chunk fails.
                    Err(e @ (Error::Conflict { .. } | Error::NotFound { .. })) => {
                        let code = e.code();
                        let message = e.to_string();
                        for (row, _) in &targets {
                            failures.push(failure(*row, &input.values[*row], code, message.clone()));
                        }
                    }
                    Err(e) => return Err(e),
                }
                failures.sort_by_key(|f| f.row);
                if enrolled > 0 {
                    audit::record(
                        tx,
                        "enrollment.bulk_created",
                        Some(("operation", operation_id.to_string())),
                        serde_json::json!({ "course_id": input.course_id, "enrolled": enrolled, "rows": [start, end] }),
                    )?;
                }
                let failed = failures.len() as i32;
                operations::advance(tx, &op, (end - start) as i32, enrolled, failed, skipped, failures)?;
                Ok(end < input.values.len())
            })
            .await?;
        if !more {
            return Ok(());
        }
    }
}
