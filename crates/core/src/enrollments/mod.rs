//! Enrollments: a user in a course, with due date, status (`active`, `completed`, `dropped`) and the
//! progress summary every view carries. A seat is a distinct user with an active enrollment; enrolling
//! a new learner when every seat is taken is 402 `seat_limit_reached`. Enrolling is written once for one
//! user and for thousands ([`enroll_batch`], used by the bulk operation), so both follow the same rules.

pub mod bulk;
mod changes;
pub mod emails;
mod enroll;
pub mod groups;
pub mod heartbeats;
mod listing;
pub mod plan;
pub mod progress;
pub mod reminders;
mod seats;
mod summary;

use crate::identity::staff::CourseRight;
use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

pub use crate::db::status::EnrollmentStatus;
use crate::{
    audit,
    courses::{queries::get_course, CourseStatus},
    db::{
        schema::{course_modules, courses, enrollments, lesson_progress, lessons, tenants, users},
        types::{CourseId, EnrollmentId, LessonId, TenantId, Timestamp, UserId},
        AnyConn, HasConn, TenantTx,
    },
    enrollments::emails::EnrollmentEmail,
    error::{Error, Result},
    events,
    identity::{
        permissions::Permission,
        users::{UserRow, UserStatus},
    },
    jobs,
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn, Core,
};

pub(crate) use self::summary::*;
pub use self::{changes::*, enroll::*, listing::*, seats::*};
use crate::scope::Need;

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = enrollments, treat_none_as_default_value = false)]
pub(crate) struct EnrollmentRow {
    pub tenant_id: TenantId,
    pub id: EnrollmentId,
    pub course_id: CourseId,
    pub user_id: UserId,
    pub status: EnrollmentStatus,
    pub due_at: Option<Timestamp>,
    pub time_spent_seconds: i64,
    pub score: Option<i32>,
    pub enrolled_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub dropped_at: Option<Timestamp>,
    pub last_activity_at: Option<Timestamp>,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When the reminder for the current due date went out (cleared when the due date changes).
    pub reminded_at: Option<Timestamp>,
    /// The institution's own key for the enrollment (a student information system's).
    pub external_id: Option<String>,
}

/// Where a learner stands in the course: lessons that count (the required ones, or all when none is
/// marked required), how many are done, and the first one still to do.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ProgressSummary {
    pub completed_lessons: i32,
    pub total_lessons: i32,
    /// 0-100, rounded down.
    pub percent: i32,
    pub next_lesson_id: Option<LessonId>,
    pub next_lesson_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Enrollment {
    pub id: EnrollmentId,
    pub course_id: CourseId,
    pub course_title: String,
    pub user_id: UserId,
    pub status: EnrollmentStatus,
    pub due_at: Option<Timestamp>,
    pub enrolled_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub dropped_at: Option<Timestamp>,
    pub last_activity_at: Option<Timestamp>,
    /// Sum of the time recorded on its lessons.
    pub time_spent_seconds: i64,
    /// Average of its scored lessons (quizzes: best attempt).
    pub score: Option<i32>,
    pub progress: ProgressSummary,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The institution's own key for the enrollment, unique per institution.
    pub external_id: Option<String>,
}

pub(crate) fn not_found(e: diesel::result::Error) -> Error {
    match e {
        diesel::result::Error::NotFound => Error::NotFound { resource: "enrollment" },
        other => other.into(),
    }
}

pub(crate) fn get_row(tx: &mut TenantTx<'_>, id: EnrollmentId) -> Result<EnrollmentRow> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| tenant
        .scoped(enrollments::table)
        .filter(enrollments::id.eq(id))
        .select(EnrollmentRow::as_select())
        .first(c))
    .map_err(not_found)
}

/// The enrollment row, locked until the transaction ends on PostgreSQL: progress writes, attempts and
/// status changes of one enrollment run one after the other, so completion is decided exactly once.
pub(crate) fn lock_row(tx: &mut TenantTx<'_>, id: EnrollmentId) -> Result<EnrollmentRow> {
    let tenant = tx.tenant();
    let q = tenant.scoped(enrollments::table).filter(enrollments::id.eq(id));
    match tx.conn() {
        AnyConn::Pg(c) => q.select(EnrollmentRow::as_select()).for_update().first(c),
        AnyConn::Sqlite(c) => q.select(EnrollmentRow::as_select()).first(c),
    }
    .map_err(not_found)
}

pub(crate) fn view_one(tx: &mut TenantTx<'_>, id: EnrollmentId) -> Result<Enrollment> {
    let row = get_row(tx, id)?;
    Ok(hydrate(tx, vec![row])?.remove(0))
}

/// Who may look at an enrollment: its own learner, a holder of `enrollments:read` for every course, or
/// the staff of its course (see `identity::staff`); acting on it (`write`) needs `enrollments:write`
/// (or being an instructor of the course). Anyone else gets 404, as for an enrollment that does not exist.
pub(crate) fn check_access(tx: &mut TenantTx<'_>, row: &EnrollmentRow, write: bool) -> Result<()> {
    let scope = tx.scope();
    if scope.user_id() == Some(row.user_id) {
        return Ok(());
    }
    if scope.teaching_as().is_none() && !scope.permissions().contains(Permission::EnrollmentsRead) {
        return Err(Error::NotFound { resource: "enrollment" });
    }
    // Someone whose course rights come from staff memberships, on no staff of this course: as if it
    // did not exist.
    if let Some(user) = scope.teaching_as() {
        if crate::identity::staff::role_in(tx, row.course_id, user)?.is_none() {
            return Err(Error::NotFound { resource: "enrollment" });
        }
    }
    let right = if write { CourseRight::Enroll } else { CourseRight::ViewEnrollments };
    crate::identity::staff::authorize(tx, row.course_id, right)
}

crate::tenant_rows!(EnrollmentRow);
