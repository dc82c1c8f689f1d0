//! Lesson progress and completion. Every write locks its enrollment first, so concurrent writes of one
//! learner run one after another and the enrollment turns `completed` exactly once: the write that
//! completes the last counted lesson flips it, emits `enrollment.completed` and enqueues the certificate
//! (whose job sends the completion email).

use crate::scope::Need;
use std::collections::HashSet;

use diesel::prelude::*;

use super::{
    check_access, counted, course_lessons, summarize, Enrollment, EnrollmentRow, EnrollmentStatus, ProgressSummary,
};
use crate::{
    audit,
    certificates::IssueCertificate,
    db::{
        schema::{enrollments, lesson_progress, lessons},
        types::{sql, CourseId, EnrollmentId, LessonId, TenantId, Timestamp},
        AnyConn, HasConn, TenantTx,
    },
    error::{Error, Result, Validator},
    events, jobs,
    scope::TenantScope,
    with_conn, Core,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = lesson_progress, treat_none_as_default_value = false)]
pub(crate) struct ProgressRow {
    pub tenant_id: TenantId,
    pub enrollment_id: EnrollmentId,
    pub lesson_id: LessonId,
    pub status: crate::db::status::ProgressStatus,
    pub score: Option<i32>,
    pub passed: Option<bool>,
    pub time_spent_seconds: i32,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

/// One lesson as a learner's progress shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LessonProgress {
    pub lesson_id: LessonId,
    pub title: String,
    pub kind: String,
    pub required: bool,
    /// `not_started`, `started` or `completed`.
    pub status: String,
    pub score: Option<i32>,
    /// Quizzes: whether an attempt passed.
    pub passed: Option<bool>,
    pub time_spent_seconds: i32,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
}

/// An enrollment's progress over every lesson of its course, in outline order.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProgressReport {
    pub enrollment_id: EnrollmentId,
    pub enrollment_status: EnrollmentStatus,
    pub summary: ProgressSummary,
    pub lessons: Vec<LessonProgress>,
}

/// What a client reports for one lesson.
#[derive(Debug, Clone, Default)]
pub struct ProgressInput {
    /// `started` or `completed`.
    pub status: String,
    pub score: Option<i64>,
    /// Total time on the lesson so far (not an increment), so a repeated PUT changes nothing.
    pub time_spent_seconds: Option<i64>,
}

pub const MAX_TIME_SPENT_SECONDS: i64 = 10_000_000;

/// Allowance for clocks and heartbeats: a report may run this far ahead of the time that really
/// elapsed since the previous one.
pub const TIME_SLACK_SECONDS: i64 = 30;

/// The time a report may record for a lesson: at most what it had plus the time that really elapsed
/// since it was last reported (since enrollment for the first report), plus [`TIME_SLACK_SECONDS`].
/// More is cut to that bound rather than refused, so an honest player with a fast clock loses nothing.
pub fn bounded_time(reported: i64, prior: i32, since: Timestamp, now: Timestamp) -> i32 {
    let elapsed = (now.0 - since.0).num_seconds().max(0);
    let bound = i64::from(prior).saturating_add(elapsed).saturating_add(TIME_SLACK_SECONDS);
    reported.min(bound).min(MAX_TIME_SPENT_SECONDS) as i32
}

pub(crate) fn get_progress(
    tx: &mut TenantTx<'_>,
    enrollment: EnrollmentId,
    lesson: LessonId,
) -> Result<Option<ProgressRow>> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(lesson_progress::table)
        .filter(lesson_progress::enrollment_id.eq(enrollment))
        .filter(lesson_progress::lesson_id.eq(lesson))
        .select(ProgressRow::as_select())
        .first(c)
        .optional())?)
}

/// Inserts or replaces a progress row (the caller holds the enrollment lock).
pub(crate) fn save_progress(tx: &mut TenantTx<'_>, row: &mut ProgressRow, exists: bool) -> Result<()> {
    let tenant = tx.tenant();
    if exists {
        with_conn!(tx, |c| diesel::update(
            tenant
                .scoped(lesson_progress::table)
                .filter(lesson_progress::enrollment_id.eq(row.enrollment_id))
                .filter(lesson_progress::lesson_id.eq(row.lesson_id))
        )
        .set((
            lesson_progress::status.eq(&row.status),
            lesson_progress::score.eq(row.score),
            lesson_progress::passed.eq(row.passed),
            lesson_progress::time_spent_seconds.eq(row.time_spent_seconds),
            lesson_progress::completed_at.eq(row.completed_at),
            lesson_progress::updated_at.eq(row.updated_at),
        ))
        .execute(c))?;
    } else {
        with_conn!(tx, |c| diesel::insert_into(lesson_progress::table).values(tenant.stamp(row)).execute(c))?;
    }
    // Completed by this write (every writer stamps `completed_at` with the write's own time then).
    if row.status == crate::db::status::ProgressStatus::Completed && row.completed_at == Some(row.updated_at) {
        crate::events::learned(
            tx,
            crate::events::Learned::LessonCompleted {
                enrollment: row.enrollment_id,
                lesson: row.lesson_id,
                score: row.score,
                passed: row.passed,
            },
        )?;
    }
    Ok(())
}

/// Recomputes the enrollment's totals from its progress rows, then completes it if every counted lesson
/// is done. Returns whether this call completed it.
pub(crate) fn after_progress(tx: &mut TenantTx<'_>, enrollment: &EnrollmentRow) -> Result<bool> {
    let tenant = tx.tenant();
    let rows: Vec<(LessonId, String, Option<i32>, i32)> = with_conn!(tx, |c| tenant
        .scoped(lesson_progress::table)
        .filter(lesson_progress::enrollment_id.eq(enrollment.id))
        .select((
            lesson_progress::lesson_id,
            lesson_progress::status,
            lesson_progress::score,
            lesson_progress::time_spent_seconds,
        ))
        .load(c))?;
    let time: i64 = rows.iter().map(|r| i64::from(r.3)).sum();
    let scores: Vec<i64> = rows.iter().filter_map(|r| r.2.map(i64::from)).collect();
    let score = (!scores.is_empty()).then(|| (scores.iter().sum::<i64>() / scores.len() as i64) as i32);
    let now = Timestamp::now();
    let target = tenant.scoped(enrollments::table).filter(enrollments::id.eq(enrollment.id));
    with_conn!(tx, |c| diesel::update(target)
        .set((
            enrollments::time_spent_seconds.eq(time),
            enrollments::score.eq(score),
            enrollments::last_activity_at.eq(Some(now)),
            enrollments::updated_at.eq(now),
            enrollments::version.eq(enrollments::version + 1),
        ))
        .execute(c))?;
    if enrollment.status != EnrollmentStatus::Active {
        return Ok(false);
    }
    let done: HashSet<LessonId> = rows.into_iter().filter(|r| r.1 == "completed").map(|r| r.0).collect();
    let lessons = course_lessons(tx, &[enrollment.course_id])?.remove(&enrollment.course_id).unwrap_or_default();
    complete_if_done(tx, enrollment, &lessons, &done)
}

/// The lesson, if it belongs to `course`: 404 when it does not exist, 400 on `lesson_id` when it is a
/// lesson of another course.
pub(crate) fn lesson_of_course(
    tx: &mut TenantTx<'_>,
    lesson: LessonId,
    course: CourseId,
) -> Result<(String, Option<String>)> {
    let tenant = tx.tenant();
    let row: Option<(CourseId, String, Option<String>)> = with_conn!(tx, |c| tenant
        .scoped(lessons::table)
        .filter(lessons::id.eq(lesson))
        .select((lessons::course_id, lessons::kind, lessons::quiz))
        .first(c)
        .optional())?;
    match row {
        None => Err(Error::NotFound { resource: "lesson" }),
        Some((c, _, _)) if c != course => {
            Err(Error::invalid("lesson_id", "is a lesson of another course than this enrollment's"))
        }
        Some((_, kind, quiz)) => Ok((kind, quiz)),
    }
}

/// What [`record`] reads in one statement: the enrollment (locked on PostgreSQL), its course's version
/// and title, and the lesson (if it exists). The learner's progress on the lesson is read by the next
/// statement, after the lock is held: under READ COMMITTED a row joined into the locking statement could
/// be older than the lock (PostgreSQL rechecks only the locked row), and two first writes would both
/// see no progress.
#[derive(QueryableByName, Debug)]
struct WriteContext {
    #[diesel(embed)]
    enrollment: EnrollmentRow,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    course_version: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    course_title: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<sql::Uuid>)]
    lesson_course_id: Option<CourseId>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    lesson_kind: Option<String>,
}

const WRITE_CONTEXT: &str = "SELECT e.tenant_id, e.id, e.course_id, e.user_id, e.status, e.due_at, \
     e.time_spent_seconds, e.score, e.enrolled_at, e.completed_at, e.dropped_at, e.last_activity_at, e.version, \
     e.created_at, e.updated_at, e.reminded_at, e.external_id, c.version AS course_version, c.title AS course_title, \
     l.course_id AS lesson_course_id, l.kind AS lesson_kind \
     FROM enrollments e \
     JOIN courses c ON c.tenant_id = e.tenant_id AND c.id = e.course_id \
     LEFT JOIN lessons l ON l.tenant_id = e.tenant_id AND l.id = {lesson} \
     WHERE e.tenant_id = {tenant} AND e.id = {enrollment}";

fn write_context(tx: &mut TenantTx<'_>, enrollment: EnrollmentId, lesson: LessonId) -> Result<WriteContext> {
    let tenant = tx.tenant();
    let rows: Vec<WriteContext> = match tx.conn() {
        AnyConn::Pg(c) => diesel::sql_query(
            WRITE_CONTEXT.replace("{tenant}", "$1").replace("{enrollment}", "$2").replace("{lesson}", "$3")
                + " FOR UPDATE OF e",
        )
        .bind::<sql::Uuid, _>(tenant.id())
        .bind::<sql::Uuid, _>(enrollment)
        .bind::<sql::Uuid, _>(lesson)
        .load(c)?,
        AnyConn::Sqlite(c) => diesel::sql_query(
            WRITE_CONTEXT.replace("{tenant}", "?1").replace("{enrollment}", "?2").replace("{lesson}", "?3"),
        )
        .bind::<sql::Uuid, _>(tenant.id())
        .bind::<sql::Uuid, _>(enrollment)
        .bind::<sql::Uuid, _>(lesson)
        .load(c)?,
    };
    rows.into_iter().next().ok_or(Error::NotFound { resource: "enrollment" })
}

/// Completes the enrollment if every counted lesson of `plan` is in `done` (the caller holds the
/// enrollment's lock): the one place an enrollment completes, with its audit event, its
/// `enrollment.completed` event and its certificate job. Returns whether this call completed it.
fn complete_if_done(
    tx: &mut TenantTx<'_>,
    enrollment: &EnrollmentRow,
    plan: &[super::OrderedLesson],
    done: &HashSet<LessonId>,
) -> Result<bool> {
    let summary = summarize(plan, done);
    if enrollment.status != EnrollmentStatus::Active
        || summary.total_lessons == 0
        || summary.completed_lessons < summary.total_lessons
    {
        return Ok(false);
    }
    let tenant = tx.tenant();
    let now = Timestamp::now();
    let target = tenant.scoped(enrollments::table).filter(enrollments::id.eq(enrollment.id));
    // Guarded by status: of two racing writers (SQLite readers, or anyone without the lock) one wins.
    let flipped = with_conn!(tx, |c| diesel::update(
        target.filter(enrollments::status.eq(crate::enrollments::EnrollmentStatus::Active))
    )
    .set((
        enrollments::status.eq(crate::enrollments::EnrollmentStatus::Completed),
        enrollments::completed_at.eq(Some(now))
    ))
    .execute(c))?;
    if flipped != 1 {
        return Ok(false);
    }
    audit::record(
        tx,
        "enrollment.completed",
        Some(("enrollment", enrollment.id.to_string())),
        serde_json::json!({ "course_id": enrollment.course_id, "user_id": enrollment.user_id }),
    )?;
    events::emit(
        tx,
        "enrollment.completed",
        serde_json::json!({
            "enrollment_id": enrollment.id,
            "course_id": enrollment.course_id,
            "user_id": enrollment.user_id,
            "completed_at": now,
        }),
    )?;
    jobs::enqueue(tx, &IssueCertificate { tenant_id: tenant.id(), enrollment_id: enrollment.id })?;
    Ok(true)
}

fn completed_set(tx: &mut TenantTx<'_>, enrollment: EnrollmentId) -> Result<HashSet<LessonId>> {
    let tenant = tx.tenant();
    let ids: Vec<LessonId> = with_conn!(tx, |c| tenant
        .scoped(lesson_progress::table)
        .filter(lesson_progress::enrollment_id.eq(enrollment))
        .filter(lesson_progress::status.eq(crate::db::status::ProgressStatus::Completed))
        .select(lesson_progress::lesson_id)
        .load(c))?;
    Ok(ids.into_iter().collect())
}

/// Records progress on one lesson. Idempotent: the same PUT twice leaves the same state. A completed
/// lesson stays completed; a quiz completes only by passing an attempt.
///
/// The hot path of the product (players report time every few seconds). On PostgreSQL a report that
/// completes nothing is written in a batch, one round trip and one commit for all the heartbeats
/// that arrive together (see [`heartbeat`]); otherwise it is written for few round
/// trips: one statement reads and locks the enrollment with its course and the lesson, one reads
/// the lesson's progress, one writes it, one updates the enrollment's totals (returning it), one reads
/// the completed lessons; the course's lesson plan comes from a cache keyed by the course version read.
pub async fn record(
    core: &Core,
    scope: &TenantScope,
    enrollment_id: EnrollmentId,
    lesson_id: LessonId,
    input: ProgressInput,
) -> Result<(LessonProgress, Enrollment)> {
    let mut v = Validator::new();
    let wanted = crate::db::status::ProgressStatus::parse(&input.status);
    if wanted.is_none() {
        v.push("status", "must be `started` or `completed`");
    }
    if input.score.is_some() {
        // Nobody awards a score by reporting progress: scores come from graded work only.
        v.push("score", "cannot be reported: a lesson's score comes from graded work (quiz attempts)");
    }
    if input.time_spent_seconds.is_some_and(|t| !(0..=MAX_TIME_SPENT_SECONDS).contains(&t)) {
        v.push("time_spent_seconds", format!("must be between 0 and {MAX_TIME_SPENT_SECONDS}"));
    }
    v.finish()?;
    let wants_completed = wanted == Some(crate::db::status::ProgressStatus::Completed);
    if let Some(done) =
        heartbeat(core, scope, enrollment_id, lesson_id, wants_completed, input.time_spent_seconds).await?
    {
        return Ok(done);
    }
    let plans = core.plans().clone();
    core.db
        .write(scope, Need::Identified, move |tx| {
            let ctx = write_context(tx, enrollment_id, lesson_id)?;
            let enrollment = &ctx.enrollment;
            check_access(tx, enrollment, true)?;
            if enrollment.status == EnrollmentStatus::Dropped {
                return Err(Error::Conflict {
                    code: "enrollment_dropped",
                    field: None,
                    message: "the enrollment was dropped; reactivate it before recording progress".into(),
                });
            }
            let kind = match (&ctx.lesson_course_id, &ctx.lesson_kind) {
                (None, _) | (_, None) => return Err(Error::NotFound { resource: "lesson" }),
                (Some(c), _) if *c != enrollment.course_id => {
                    return Err(Error::invalid("lesson_id", "is a lesson of another course than this enrollment's"))
                }
                (_, Some(kind)) => kind.clone(),
            };
            let prior = get_progress(tx, enrollment_id, lesson_id)?;
            let already_done = prior.as_ref().is_some_and(|p| p.status == crate::db::status::ProgressStatus::Completed);
            if kind == "quiz" && wants_completed && !already_done {
                return Err(Error::Conflict {
                    code: "quiz_not_passed",
                    field: Some("status"),
                    message: format!("a quiz completes when an attempt passes: POST /v1/lessons/{lesson_id}/attempts"),
                });
            }
            if kind == "assignment" && wants_completed && !already_done {
                return Err(Error::Conflict {
                    code: "assignment_not_graded",
                    field: Some("status"),
                    message: "an assignment completes when a passing grade is posted for a submission".into(),
                });
            }
            let now = Timestamp::now();
            let completing = wants_completed && !already_done;
            let prior_time = prior.as_ref().map(|p| p.time_spent_seconds).unwrap_or(0);
            let since = prior.as_ref().map(|p| p.updated_at).unwrap_or(enrollment.enrolled_at);
            let time = input.time_spent_seconds.map(|t| bounded_time(t, prior_time, since, now));
            let prior_score = prior.as_ref().and_then(|p| p.score);
            let mut row = ProgressRow {
                tenant_id: tx.tenant_id(),
                enrollment_id,
                lesson_id,
                status: if already_done || completing {
                    crate::db::status::ProgressStatus::Completed
                } else {
                    crate::db::status::ProgressStatus::Started
                },
                score: prior_score,
                passed: prior.as_ref().and_then(|p| p.passed),
                time_spent_seconds: time.unwrap_or(prior_time),
                started_at: prior.as_ref().map(|p| p.started_at).unwrap_or(now),
                completed_at: if completing { Some(now) } else { prior.as_ref().and_then(|p| p.completed_at) },
                updated_at: now,
            };
            save_progress(tx, &mut row, prior.is_some())?;
            // The enrollment's totals move by this lesson's change.
            let tenant = tx.tenant();
            let target = tenant.scoped(enrollments::table).filter(enrollments::id.eq(enrollment_id));
            let delta = i64::from(row.time_spent_seconds - prior_time);
            // Progress reports never change a score (attempts do), so the enrollment's stays.
            let score = enrollment.score;
            let mut updated: EnrollmentRow = with_conn!(tx, |c| diesel::update(target)
                .set((
                    enrollments::time_spent_seconds.eq(enrollments::time_spent_seconds + delta),
                    enrollments::score.eq(score),
                    enrollments::last_activity_at.eq(Some(now)),
                    enrollments::updated_at.eq(now),
                    enrollments::version.eq(enrollments::version + 1),
                ))
                .returning(EnrollmentRow::as_returning())
                .get_result(c))?;
            let plan = plans.get(tx, enrollment.course_id, ctx.course_version)?;
            let done = completed_set(tx, enrollment_id)?;
            if completing && complete_if_done(tx, &updated, &plan, &done)? {
                updated.status = EnrollmentStatus::Completed;
                updated.completed_at = Some(now);
            }
            written(&plan, &done, kind, &row, updated, ctx.course_title)
        })
        .await
}

/// What a progress write answers: the lesson's progress and the enrollment, placed in the course's plan.
fn written(
    plan: &[super::OrderedLesson],
    done: &HashSet<LessonId>,
    kind: String,
    row: &ProgressRow,
    enrollment: EnrollmentRow,
    course_title: String,
) -> Result<(LessonProgress, Enrollment)> {
    let lesson = plan.iter().find(|l| l.id == row.lesson_id);
    let required = lesson.is_some_and(|l| counted(plan).any(|c| c.id == l.id));
    let progress = LessonProgress {
        lesson_id: row.lesson_id,
        title: lesson.map(|l| l.title.clone()).unwrap_or_default(),
        kind,
        required,
        status: row.status.as_str().to_string(),
        score: row.score,
        passed: row.passed,
        time_spent_seconds: row.time_spent_seconds,
        started_at: Some(row.started_at),
        completed_at: row.completed_at,
    };
    let view = super::to_view(enrollment, course_title, summarize(plan, done))?;
    Ok((progress, view))
}

/// The common case of [`record`] on PostgreSQL: a report that completes nothing (a heartbeat), written
/// in a batch with the heartbeats that arrive alongside it (see [`super::heartbeats`]). `None` when the
/// write needs the transactional path (SQLite; completing a lesson; any error), in which case nothing
/// was changed.
async fn heartbeat(
    core: &Core,
    scope: &TenantScope,
    enrollment_id: EnrollmentId,
    lesson_id: LessonId,
    wants_completed: bool,
    time: Option<i64>,
) -> Result<Option<(LessonProgress, Enrollment)>> {
    // Who may write: the enrollment's learner, or anyone holding both enrollment permissions (see
    // `check_access`); everyone else takes the transactional path, which answers the right error.
    // Course-bounded staff (instructors) take the transactional path, which checks their course.
    let any = scope.teaching_as().is_none()
        && scope.permissions().contains(crate::scope::permissions::Permission::EnrollmentsRead)
        && scope.permissions().contains(crate::scope::permissions::Permission::EnrollmentsWrite);
    let beat = super::heartbeats::Beat {
        enrollment: enrollment_id,
        lesson: lesson_id,
        any,
        learner: scope.user_id(),
        completed: wants_completed,
        time,
    };
    let Some(beat) = super::heartbeats::write(core, scope, beat).await? else { return Ok(None) };
    let course = beat.enrollment.course_id;
    let plan = match core.plans().cached(scope.tenant_id(), course, beat.course_version) {
        Some(plan) => plan,
        None => {
            let (plans, version) = (core.plans().clone(), beat.course_version);
            core.db.read(scope, Need::Identified, move |tx| plans.get(tx, course, version)).await?
        }
    };
    let done: HashSet<LessonId> = beat
        .completed_lessons
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| id.parse().map_err(|e| Error::Internal(anyhow::anyhow!("lesson id {id:?}: {e}"))))
        .collect::<Result<_>>()?;
    let row = ProgressRow {
        tenant_id: scope.tenant_id(),
        enrollment_id,
        lesson_id,
        status: beat.progress_status,
        score: beat.progress_score,
        passed: beat.progress_passed,
        time_spent_seconds: beat.progress_time,
        started_at: beat.progress_started_at,
        completed_at: beat.progress_completed_at,
        updated_at: beat.enrollment.updated_at,
    };
    written(&plan, &done, beat.lesson_kind, &row, beat.enrollment, beat.course_title).map(Some)
}

/// Progress over every lesson of the enrollment's course (its learner, or `enrollments:read`).
pub async fn report(core: &Core, scope: &TenantScope, enrollment_id: EnrollmentId) -> Result<ProgressReport> {
    core.db
        .read(scope, Need::Identified, move |tx| {
            let enrollment = super::get_row(tx, enrollment_id)?;
            check_access(tx, &enrollment, false)?;
            let tenant = tx.tenant();
            let rows: Vec<ProgressRow> = with_conn!(tx, |c| tenant
                .scoped(lesson_progress::table)
                .filter(lesson_progress::enrollment_id.eq(enrollment_id))
                .select(ProgressRow::as_select())
                .load(c))?;
            let lessons =
                course_lessons(tx, &[enrollment.course_id])?.remove(&enrollment.course_id).unwrap_or_default();
            let done: HashSet<LessonId> = rows
                .iter()
                .filter(|r| r.status == crate::db::status::ProgressStatus::Completed)
                .map(|r| r.lesson_id)
                .collect();
            let summary = summarize(&lessons, &done);
            let counted_ids: HashSet<LessonId> = counted(&lessons).map(|l| l.id).collect();
            let items = lessons
                .iter()
                .map(|l| {
                    let p = rows.iter().find(|r| r.lesson_id == l.id);
                    LessonProgress {
                        lesson_id: l.id,
                        title: l.title.clone(),
                        kind: l.kind.clone(),
                        required: counted_ids.contains(&l.id),
                        status: p.map_or("not_started", |p| p.status.as_str()).to_string(),
                        score: p.and_then(|p| p.score),
                        passed: p.and_then(|p| p.passed),
                        time_spent_seconds: p.map(|p| p.time_spent_seconds).unwrap_or(0),
                        started_at: p.map(|p| p.started_at),
                        completed_at: p.and_then(|p| p.completed_at),
                    }
                })
                .collect();
            Ok(ProgressReport { enrollment_id, enrollment_status: enrollment.status, summary, lessons: items })
        })
        .await
}

crate::tenant_rows!(ProgressRow);
