//! Enrollments, progress and bulk operations as integrators see them.

use chrono::{DateTime, Utc};
use lyceum_core::{
    enrollments::{
        progress::{LessonProgress, ProgressReport},
        Enrollment, ProgressSummary,
    },
    operations::{Operation, RowFailure},
};
use poem_openapi::{types::Example, Object};

use super::super::views::{example_ids as ids, example_time, list_type};

/// Where a learner stands: the lessons that count (the required ones, or all when none is required).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ProgressSummaryView {
    pub completed_lessons: i32,
    pub total_lessons: i32,
    /// 0-100, rounded down.
    pub percent: i32,
    /// The first counted lesson not completed yet, in outline order; absent when all are done.
    pub next_lesson_id: Option<uuid::Uuid>,
    pub next_lesson_title: Option<String>,
}

impl Example for ProgressSummaryView {
    fn example() -> Self {
        ProgressSummaryView {
            completed_lessons: 1,
            total_lessons: 2,
            percent: 50,
            next_lesson_id: Some(ids::QUIZ),
            next_lesson_title: Some("Check your understanding".into()),
        }
    }
}

impl From<&ProgressSummary> for ProgressSummaryView {
    fn from(s: &ProgressSummary) -> Self {
        ProgressSummaryView {
            completed_lessons: s.completed_lessons,
            total_lessons: s.total_lessons,
            percent: s.percent,
            next_lesson_id: s.next_lesson_id.map(|l| l.as_uuid()),
            next_lesson_title: s.next_lesson_title.clone(),
        }
    }
}

/// A user's enrollment in a course.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct EnrollmentView {
    pub id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub course_title: String,
    pub user_id: uuid::Uuid,
    /// `active`, `completed` or `dropped`.
    pub status: String,
    pub due_at: Option<DateTime<Utc>>,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub dropped_at: Option<DateTime<Utc>>,
    pub last_activity_at: Option<DateTime<Utc>>,
    /// Sum of the time recorded on its lessons.
    pub time_spent_seconds: i64,
    /// Average of its scored lessons (quizzes count with their best attempt).
    pub score: Option<i32>,
    pub progress: ProgressSummaryView,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The institution's own key for the enrollment, if set.
    pub external_id: Option<String>,
}

impl Example for EnrollmentView {
    fn example() -> Self {
        EnrollmentView {
            id: ids::ENROLLMENT,
            course_id: ids::COURSE,
            course_title: "Chemistry 101".into(),
            user_id: ids::LEARNER,
            status: "active".into(),
            due_at: Some(example_time("2026-12-31T23:59:59Z")),
            enrolled_at: example_time("2026-10-02T08:00:00Z"),
            completed_at: None,
            dropped_at: None,
            last_activity_at: Some(example_time("2026-11-28T07:52:40Z")),
            time_spent_seconds: 1260,
            score: None,
            progress: ProgressSummaryView::example(),
            version: 4,
            created_at: example_time("2026-10-02T08:00:00Z"),
            updated_at: example_time("2026-11-28T07:52:40Z"),
            external_id: Some("CHEM-101-S-2026-0042".into()),
        }
    }
}

impl From<&Enrollment> for EnrollmentView {
    fn from(e: &Enrollment) -> Self {
        EnrollmentView {
            id: e.id.as_uuid(),
            course_id: e.course_id.as_uuid(),
            course_title: e.course_title.clone(),
            user_id: e.user_id.as_uuid(),
            status: e.status.as_str().into(),
            due_at: e.due_at.map(Into::into),
            enrolled_at: e.enrolled_at.into(),
            completed_at: e.completed_at.map(Into::into),
            dropped_at: e.dropped_at.map(Into::into),
            last_activity_at: e.last_activity_at.map(Into::into),
            time_spent_seconds: e.time_spent_seconds,
            score: e.score,
            progress: (&e.progress).into(),
            version: e.version,
            created_at: e.created_at.into(),
            updated_at: e.updated_at.into(),
            external_id: e.external_id.clone(),
        }
    }
}

list_type!(
    /// A page of enrollments.
    EnrollmentList,
    EnrollmentView
);

/// Progress on one lesson.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LessonProgressView {
    pub lesson_id: uuid::Uuid,
    pub title: String,
    /// `text`, `video`, `file` or `quiz`.
    pub kind: String,
    /// Counts towards completion.
    pub required: bool,
    /// `not_started`, `started` or `completed`.
    pub status: String,
    pub score: Option<i32>,
    /// Quizzes: whether an attempt passed.
    pub passed: Option<bool>,
    pub time_spent_seconds: i32,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl Example for LessonProgressView {
    fn example() -> Self {
        LessonProgressView {
            lesson_id: ids::LESSON,
            title: "What is an atom?".into(),
            kind: "text".into(),
            required: true,
            status: "completed".into(),
            score: None,
            passed: None,
            time_spent_seconds: 1260,
            started_at: Some(example_time("2026-11-27T19:30:00Z")),
            completed_at: Some(example_time("2026-11-28T07:52:40Z")),
        }
    }
}

impl From<&LessonProgress> for LessonProgressView {
    fn from(p: &LessonProgress) -> Self {
        LessonProgressView {
            lesson_id: p.lesson_id.as_uuid(),
            title: p.title.clone(),
            kind: p.kind.clone(),
            required: p.required,
            status: p.status.clone(),
            score: p.score,
            passed: p.passed,
            time_spent_seconds: p.time_spent_seconds,
            started_at: p.started_at.map(Into::into),
            completed_at: p.completed_at.map(Into::into),
        }
    }
}

/// An enrollment's progress over every lesson of its course, in outline order.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ProgressView {
    pub enrollment_id: uuid::Uuid,
    /// `active`, `completed` or `dropped`.
    pub enrollment_status: String,
    pub summary: ProgressSummaryView,
    pub lessons: Vec<LessonProgressView>,
}

impl Example for ProgressView {
    fn example() -> Self {
        let quiz = LessonProgressView {
            lesson_id: ids::QUIZ,
            title: "Check your understanding".into(),
            kind: "quiz".into(),
            status: "not_started".into(),
            time_spent_seconds: 0,
            started_at: None,
            completed_at: None,
            ..LessonProgressView::example()
        };
        ProgressView {
            enrollment_id: ids::ENROLLMENT,
            enrollment_status: "active".into(),
            summary: ProgressSummaryView::example(),
            lessons: vec![LessonProgressView::example(), quiz],
        }
    }
}

impl From<&ProgressReport> for ProgressView {
    fn from(r: &ProgressReport) -> Self {
        ProgressView {
            enrollment_id: r.enrollment_id.as_uuid(),
            enrollment_status: r.enrollment_status.as_str().into(),
            summary: (&r.summary).into(),
            lessons: r.lessons.iter().map(Into::into).collect(),
        }
    }
}

/// The lesson's progress after the write, and the enrollment (which may have just completed).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ProgressRecorded {
    pub lesson: LessonProgressView,
    pub enrollment: EnrollmentView,
}

impl Example for ProgressRecorded {
    fn example() -> Self {
        ProgressRecorded { lesson: LessonProgressView::example(), enrollment: EnrollmentView::example() }
    }
}

/// One row of a bulk request that failed.
#[derive(Debug, Clone, Object)]
pub struct RowFailureView {
    /// 0-based index in the request's list.
    pub row: i32,
    pub value: String,
    /// `invalid`, `user_not_found`, `user_disabled`, `seat_limit_reached`, `course_not_published`, ...
    pub code: String,
    pub message: String,
}

impl From<&RowFailure> for RowFailureView {
    fn from(f: &RowFailure) -> Self {
        RowFailureView { row: f.row, value: f.value.clone(), code: f.code.clone(), message: f.message.clone() }
    }
}

/// Work accepted by a request and carried out in the background. Poll until `status` is `succeeded`
/// or `failed`.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct OperationView {
    pub id: uuid::Uuid,
    /// `enrollment.bulk`, `users.import` or `users.data_export`.
    pub kind: String,
    /// `queued`, `running`, `succeeded` (every row handled; see `failed` and `errors`) or `failed`.
    pub status: String,
    /// The object worked on (the course of a bulk enrollment, the person of a data export).
    pub target_id: Option<uuid::Uuid>,
    pub total: i32,
    pub processed: i32,
    pub succeeded: i32,
    pub failed: i32,
    /// Rows that needed no change (already enrolled; already a user).
    pub skipped: i32,
    /// The failed rows, in row order (`row`: the index of a bulk enrollment's row; an import's CSV line).
    pub errors: Vec<RowFailureView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// What it produced: a data export's archive, a file (`GET /v1/files/{id}` for its download URL).
    pub result_id: Option<uuid::Uuid>,
}

impl Example for OperationView {
    fn example() -> Self {
        OperationView {
            id: ids::OPERATION,
            kind: "enrollment.bulk".into(),
            status: "succeeded".into(),
            target_id: Some(ids::COURSE),
            total: 3,
            processed: 3,
            succeeded: 1,
            failed: 1,
            skipped: 1,
            errors: vec![RowFailureView {
                row: 2,
                value: "nobody@acme.test".into(),
                code: "user_not_found".into(),
                message: "no user with this email in the institution".into(),
            }],
            created_at: example_time("2026-11-20T09:00:00Z"),
            updated_at: example_time("2026-11-20T09:00:01Z"),
            finished_at: Some(example_time("2026-11-20T09:00:01Z")),
            result_id: None,
        }
    }
}

impl From<&Operation> for OperationView {
    fn from(o: &Operation) -> Self {
        OperationView {
            id: o.id.as_uuid(),
            kind: o.kind.clone(),
            status: o.status.to_string(),
            target_id: o.target_id,
            total: o.total,
            processed: o.processed,
            succeeded: o.succeeded,
            failed: o.failed,
            skipped: o.skipped,
            errors: o.errors.iter().map(Into::into).collect(),
            created_at: o.created_at.into(),
            updated_at: o.updated_at.into(),
            finished_at: o.finished_at.map(Into::into),
            result_id: o.result_id,
        }
    }
}
