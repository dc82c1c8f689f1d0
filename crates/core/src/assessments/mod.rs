//! Quiz attempts: answers are checked for shape against the quiz, graded on the server, kept, and
//! folded into the lesson's progress (best score; a pass completes the lesson). The attempt limit is
//! enforced under the enrollment's lock, and a unique index on the attempt number backs it.

pub mod grading;

use crate::scope::Need;
use diesel::prelude::*;
use serde_json::Value;

pub use self::grading::{grade, Graded, QuestionResult};
use crate::{
    courses::content::QuizContent,
    db::{
        schema::{enrollments, quiz_attempts},
        types::{AttemptId, EnrollmentId, LessonId, TenantId, Timestamp},
        TenantTx,
    },
    enrollments::{
        check_access, get_row as get_enrollment, lock_row,
        progress::{after_progress, get_progress, lesson_of_course, save_progress, ProgressRow},
        EnrollmentStatus,
    },
    error::{Error, Result},
    identity::permissions::Permission,
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn, Core,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = quiz_attempts)]
pub(crate) struct AttemptRow {
    pub tenant_id: TenantId,
    pub id: AttemptId,
    pub enrollment_id: EnrollmentId,
    pub lesson_id: LessonId,
    pub attempt_number: i32,
    pub answers: String,
    pub results: String,
    pub score: i32,
    pub passed: bool,
    pub created_at: Timestamp,
}

/// A graded attempt.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Attempt {
    pub id: AttemptId,
    pub enrollment_id: EnrollmentId,
    pub lesson_id: LessonId,
    /// 1 for the first attempt.
    pub attempt_number: i32,
    /// 0-100: the share of questions answered correctly.
    pub score: i32,
    pub passed: bool,
    pub passing_score: i32,
    pub correct_count: i32,
    pub question_count: i32,
    /// Per question: whether the answer was right (never the right answer itself).
    pub results: Vec<QuestionResult>,
    /// `None` when the quiz has no limit.
    pub attempts_remaining: Option<i32>,
    pub created_at: Timestamp,
}

impl AttemptRow {
    fn into_attempt(self, quiz: &QuizContent, attempts_so_far: i32) -> Result<Attempt> {
        let results: Vec<QuestionResult> = serde_json::from_str(&self.results)
            .map_err(|e| crate::error::corrupt(format!("attempt {} has unreadable results: {e}", self.id)))?;
        Ok(Attempt {
            id: self.id,
            enrollment_id: self.enrollment_id,
            lesson_id: self.lesson_id,
            attempt_number: self.attempt_number,
            score: self.score,
            passed: self.passed,
            passing_score: quiz.passing_score,
            correct_count: results.iter().filter(|r| r.correct).count() as i32,
            question_count: results.len() as i32,
            results,
            attempts_remaining: quiz.max_attempts.map(|m| (m - attempts_so_far).max(0)),
            created_at: self.created_at,
        })
    }
}

/// Input of [`submit`].
#[derive(Debug, Clone)]
pub struct AttemptInput {
    /// `[{"question": 0, "choices": [1]}, {"question": 1, "value": 3.14}, ...]`
    pub answers: Vec<Value>,
    /// The enrollment to record the attempt on. Learners leave it out (their own enrollment in the
    /// lesson's course is used); staff with `enrollments:write` name one.
    pub enrollment_id: Option<EnrollmentId>,
}

/// Resolves the enrollment an attempt is for and checks the caller may act on it.
fn enrollment_for(
    tx: &mut TenantTx<'_>,
    scope: &TenantScope,
    lesson: LessonId,
    course_of_lesson: impl FnOnce(&mut TenantTx<'_>) -> Result<crate::db::types::CourseId>,
    explicit: Option<EnrollmentId>,
) -> Result<EnrollmentId> {
    if let Some(id) = explicit {
        let row = get_enrollment(tx, id)?;
        check_access(tx, &row, true)?;
        return Ok(id);
    }
    let Some(me) = scope.user_id() else {
        return Err(Error::invalid("enrollment_id", "is required when the caller is not a learner"));
    };
    let course = course_of_lesson(tx)?;
    let tenant = tx.tenant();
    let id: Option<EnrollmentId> = with_conn!(tx, |c| tenant
        .scoped(enrollments::table)
        .filter(enrollments::course_id.eq(course))
        .filter(enrollments::user_id.eq(me))
        .select(enrollments::id)
        .first(c)
        .optional())?;
    id.ok_or_else(|| Error::Forbidden {
        code: "not_enrolled",
        message: format!("you are not enrolled in the course of lesson {lesson}"),
    })
}

fn lesson_course(tx: &mut TenantTx<'_>, lesson: LessonId) -> Result<crate::db::types::CourseId> {
    use crate::db::schema::lessons;
    let tenant = tx.tenant();
    with_conn!(tx, |c| tenant.scoped(lessons::table).filter(lessons::id.eq(lesson)).select(lessons::course_id).first(c))
        .map_err(crate::error::not_found("lesson"))
}

fn quiz_of(kind: &str, quiz: Option<String>, lesson: LessonId) -> Result<QuizContent> {
    if kind != "quiz" {
        return Err(Error::Unprocessable {
            code: "not_a_quiz",
            message: format!("lesson {lesson} is a `{kind}` lesson; only quizzes take attempts"),
        });
    }
    quiz.and_then(|q| serde_json::from_str(&q).ok())
        .ok_or_else(|| Error::internal(anyhow::anyhow!("quiz lesson {lesson} has no readable quiz")))
}

fn attempts_count(tx: &mut TenantTx<'_>, enrollment: EnrollmentId, lesson: LessonId) -> Result<i64> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(quiz_attempts::table)
        .filter(quiz_attempts::enrollment_id.eq(enrollment))
        .filter(quiz_attempts::lesson_id.eq(lesson))
        .count()
        .get_result(c))?)
}

/// Grades and records an attempt. 422 `not_a_quiz` for another kind of lesson, 400 naming each
/// malformed answer, 409 `attempt_limit_reached` past the quiz's limit, 409 `enrollment_dropped`.
pub async fn submit(core: &Core, scope: &TenantScope, lesson_id: LessonId, input: AttemptInput) -> Result<Attempt> {
    let scope2 = scope.clone();
    core.db
        .write(scope, Need::Identified, move |tx| {
            let enrollment_id =
                enrollment_for(tx, &scope2, lesson_id, |tx| lesson_course(tx, lesson_id), input.enrollment_id)?;
            let enrollment = lock_row(tx, enrollment_id)?;
            let (kind, quiz) = lesson_of_course(tx, lesson_id, enrollment.course_id)?;
            let quiz = quiz_of(&kind, quiz, lesson_id)?;
            if enrollment.status == EnrollmentStatus::Dropped {
                return Err(Error::Conflict {
                    code: "enrollment_dropped",
                    field: None,
                    message: "the enrollment was dropped; reactivate it first".into(),
                });
            }
            let graded = grade(&quiz, &input.answers)?;
            let before = attempts_count(tx, enrollment_id, lesson_id)? as i32;
            if let Some(max) = quiz.max_attempts.filter(|m| before >= *m) {
                return Err(Error::Conflict {
                    code: "attempt_limit_reached",
                    field: None,
                    message: format!("this quiz allows {max} attempts and all have been used"),
                });
            }
            let now = Timestamp::now();
            let mut row = AttemptRow {
                tenant_id: tx.tenant_id(),
                id: AttemptId::new(),
                enrollment_id,
                lesson_id,
                attempt_number: before + 1,
                answers: serde_json::to_string(&input.answers).map_err(Error::internal)?,
                results: serde_json::to_string(&graded.results).map_err(Error::internal)?,
                score: graded.score,
                passed: graded.score >= quiz.passing_score,
                created_at: now,
            };
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(quiz_attempts::table).values(ours.stamp(&mut row)).execute(c))?;
            // Fold into progress: best score so far; passing once completes the lesson for good.
            let prior = get_progress(tx, enrollment_id, lesson_id)?;
            let passed = row.passed || prior.as_ref().and_then(|p| p.passed).unwrap_or(false);
            let mut progress = ProgressRow {
                tenant_id: tx.tenant_id(),
                enrollment_id,
                lesson_id,
                status: if passed {
                    crate::db::status::ProgressStatus::Completed
                } else {
                    crate::db::status::ProgressStatus::Started
                },
                score: Some(prior.as_ref().and_then(|p| p.score).map_or(row.score, |s| s.max(row.score))),
                passed: Some(passed),
                time_spent_seconds: prior.as_ref().map(|p| p.time_spent_seconds).unwrap_or(0),
                started_at: prior.as_ref().map(|p| p.started_at).unwrap_or(now),
                completed_at: prior.as_ref().and_then(|p| p.completed_at).or(passed.then_some(now)),
                updated_at: now,
            };
            crate::events::learned(
                tx,
                crate::events::Learned::QuizAttempted {
                    enrollment: enrollment_id,
                    lesson: lesson_id,
                    score: row.score,
                    passed: row.passed,
                },
            )?;
            save_progress(tx, &mut progress, prior.is_some())?;
            after_progress(tx, &enrollment)?;
            row.into_attempt(&quiz, before + 1)
        })
        .await
}

/// Attempts on a quiz: the caller's own, or (with `enrollments:read`) those of `enrollment_id`.
pub async fn list(
    core: &Core,
    scope: &TenantScope,
    lesson_id: LessonId,
    enrollment_id: Option<EnrollmentId>,
    page: PageRequest,
) -> Result<Page<Attempt>> {
    let scope2 = scope.clone();
    core.db
        .read(scope, Need::Identified, move |tx| {
            let enrollment_id = match enrollment_id {
                Some(id) => {
                    let row = get_enrollment(tx, id)?;
                    check_access(tx, &row, false)?;
                    id
                }
                None if scope2.user_id().is_none() => {
                    scope2.require(Permission::EnrollmentsRead)?;
                    return Err(Error::invalid("enrollment_id", "is required when the caller is not a learner"));
                }
                None => enrollment_for(tx, &scope2, lesson_id, |tx| lesson_course(tx, lesson_id), None)?,
            };
            let course = get_enrollment(tx, enrollment_id)?.course_id;
            let (kind, quiz) = lesson_of_course(tx, lesson_id, course)?;
            let quiz = quiz_of(&kind, quiz, lesson_id)?;
            let total = attempts_count(tx, enrollment_id, lesson_id)? as i32;
            let tenant = tx.tenant();
            let rows: Vec<AttemptRow> = with_conn!(tx, |c| {
                let mut q = tenant
                    .scoped(quiz_attempts::table)
                    .filter(quiz_attempts::enrollment_id.eq(enrollment_id))
                    .filter(quiz_attempts::lesson_id.eq(lesson_id))
                    .order(quiz_attempts::id.asc())
                    .limit(page.limit + 1)
                    .select(AttemptRow::as_select())
                    .into_boxed();
                if let Some(after) = page.after {
                    q = q.filter(quiz_attempts::id.gt(AttemptId(after)));
                }
                q.load(c)
            })?;
            let page = Page::from_rows(rows, page, |r| r.id.0);
            page.try_map(|r| r.into_attempt(&quiz, total))
        })
        .await
}

crate::tenant_rows!(AttemptRow);
