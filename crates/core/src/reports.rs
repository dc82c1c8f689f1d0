//! Reports for staff (`enrollments:read`): a course's totals from one aggregate query over its
//! enrollments (whose time and score totals every progress write keeps current), and a per-learner
//! page of the same course.

use crate::identity::staff::{authorize, CourseRight};
use crate::scope::Need;
use std::collections::HashMap;

use diesel::{prelude::*, sql_types::BigInt};

use crate::{
    courses::queries::get_course,
    db::{
        schema::users,
        types::{sql, CourseId, Timestamp, UserId},
        AnyConn, HasConn,
    },
    enrollments::{self, Enrollment, EnrollmentFilter, EnrollmentStatus},
    error::Result,
    identity::permissions::Permission,
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn, Core,
};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CourseReport {
    pub course_id: CourseId,
    pub course_title: String,
    /// Every enrollment ever made, dropped ones included.
    pub enrolled: i64,
    pub active: i64,
    pub completed: i64,
    pub dropped: i64,
    /// completed / (active + completed), 0-1; 0 when nobody is enrolled.
    pub completion_rate: f64,
    /// Average score of the enrollments that have one (dropped excluded).
    pub average_score: Option<f64>,
    /// Average time spent per enrollment (dropped excluded).
    pub average_time_spent_seconds: f64,
    /// Active enrollments past their due date.
    pub overdue: i64,
    pub generated_at: Timestamp,
}

#[derive(QueryableByName, Debug)]
struct StatusTotals {
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: EnrollmentStatus,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    time_total: i64,
    #[diesel(sql_type = BigInt)]
    score_total: i64,
    #[diesel(sql_type = BigInt)]
    scored: i64,
    #[diesel(sql_type = BigInt)]
    overdue: i64,
}

const TOTALS: &str = "SELECT status, CAST(COUNT(*) AS BIGINT) AS n, \
     CAST(COALESCE(SUM(time_spent_seconds), 0) AS BIGINT) AS time_total, \
     CAST(COALESCE(SUM(score), 0) AS BIGINT) AS score_total, CAST(COUNT(score) AS BIGINT) AS scored, \
     CAST(COALESCE(SUM(CASE WHEN due_at < {now} THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue \
     FROM enrollments WHERE tenant_id = {tenant} AND course_id = {course} GROUP BY status";

/// What a course report asks of the caller at the door: `enrollments:read`, unless the scope's course
/// rights come from staff memberships (checked per course by `identity::staff::authorize`).
fn reports_need(scope: &TenantScope) -> Need {
    match scope.teaching_as() {
        None => Permission::EnrollmentsRead.into(),
        Some(_) => Need::Identified,
    }
}

/// The course's totals (`enrollments:read`, or staff of the course).
pub async fn course(core: &Core, scope: &TenantScope, course_id: CourseId) -> Result<CourseReport> {
    core.db
        .read_replica(scope, reports_need(scope), move |tx| {
            crate::entitlements::require_feature(tx, crate::entitlements::Feature::Reports)?;
            let course = get_course(tx, course_id)?;
            authorize(tx, course_id, CourseRight::ViewEnrollments)?;
            let tenant = tx.tenant();
            let now = Timestamp::now();
            let rows: Vec<StatusTotals> = match tx.conn() {
                AnyConn::Pg(c) => {
                    diesel::sql_query(TOTALS.replace("{now}", "$1").replace("{tenant}", "$2").replace("{course}", "$3"))
                        .bind::<sql::UtcTimestamp, _>(now)
                        .bind::<sql::Uuid, _>(tenant.id())
                        .bind::<sql::Uuid, _>(course_id)
                        .load(c)?
                }
                AnyConn::Sqlite(c) => {
                    diesel::sql_query(TOTALS.replace("{now}", "?").replace("{tenant}", "?").replace("{course}", "?"))
                        .bind::<sql::UtcTimestamp, _>(now)
                        .bind::<sql::Uuid, _>(tenant.id())
                        .bind::<sql::Uuid, _>(course_id)
                        .load(c)?
                }
            };
            let by: HashMap<EnrollmentStatus, &StatusTotals> = rows.iter().map(|r| (r.status, r)).collect();
            let get = |s: EnrollmentStatus| by.get(&s).map(|r| r.n).unwrap_or(0);
            let (active, completed, dropped) =
                (get(EnrollmentStatus::Active), get(EnrollmentStatus::Completed), get(EnrollmentStatus::Dropped));
            let live: Vec<&&StatusTotals> =
                [EnrollmentStatus::Active, EnrollmentStatus::Completed].iter().filter_map(|s| by.get(s)).collect();
            let live_n: i64 = live.iter().map(|r| r.n).sum();
            let time: i64 = live.iter().map(|r| r.time_total).sum();
            let (score_sum, scored): (i64, i64) =
                live.iter().fold((0, 0), |a, r| (a.0 + r.score_total, a.1 + r.scored));
            Ok(CourseReport {
                course_id,
                course_title: course.title,
                enrolled: active + completed + dropped,
                active,
                completed,
                dropped,
                completion_rate: if live_n == 0 { 0.0 } else { completed as f64 / live_n as f64 },
                average_score: (scored > 0).then(|| score_sum as f64 / scored as f64),
                average_time_spent_seconds: if live_n == 0 { 0.0 } else { time as f64 / live_n as f64 },
                overdue: by.get(&EnrollmentStatus::Active).map(|r| r.overdue).unwrap_or(0),
                generated_at: now,
            })
        })
        .await
}

/// One learner's line in a course report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LearnerLine {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub enrollment: Enrollment,
}

/// The course's learners with their progress, in enrollment order (`enrollments:read`).
pub async fn course_learners(
    core: &Core,
    scope: &TenantScope,
    course_id: CourseId,
    status: Option<EnrollmentStatus>,
    page: PageRequest,
) -> Result<Page<LearnerLine>> {
    core.db
        .read_replica(scope, reports_need(scope), move |tx| {
            crate::entitlements::require_feature(tx, crate::entitlements::Feature::Reports)?;
            get_course(tx, course_id)?;
            authorize(tx, course_id, CourseRight::ViewEnrollments)?;
            let filter = EnrollmentFilter { course_id: Some(course_id), user_id: None, status, external_id: None };
            let rows = enrollments::list_rows(tx, &filter, None, page)?;
            let page = Page::from_rows(rows, page, |r| r.id.0);
            let items = enrollments::hydrate(tx, page.items)?;
            let ids: Vec<UserId> = items.iter().map(|e| e.user_id).collect();
            let tenant = tx.tenant();
            let people: HashMap<UserId, (String, String)> = with_conn!(tx, |c| tenant
                .scoped(users::table)
                .filter(users::id.eq_any(&ids))
                .select((users::id, users::name, users::email))
                .load::<(UserId, String, String)>(c))?
            .into_iter()
            .map(|(id, name, email)| (id, (name, email)))
            .collect();
            let items = items
                .into_iter()
                .map(|e| {
                    let (name, email) = people.get(&e.user_id).cloned().unwrap_or_default();
                    LearnerLine { user_id: e.user_id, name, email, enrollment: e }
                })
                .collect();
            Ok(Page { items, next_cursor: page.next_cursor })
        })
        .await
}
