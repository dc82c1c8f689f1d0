//! Course reports as integrators see them.

use chrono::{DateTime, Utc};
use lyceum_core::reports::{CourseReport, LearnerLine};

use crate::endpoints::enrollments::EnrollmentView;
use poem_openapi::{types::Example, Object};

use super::super::views::{example_ids as ids, example_time, list_type};

/// A course's totals.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct CourseReportView {
    pub course_id: uuid::Uuid,
    pub course_title: String,
    /// Every enrollment, dropped ones included.
    pub enrolled: i64,
    pub active: i64,
    pub completed: i64,
    pub dropped: i64,
    /// completed / (active + completed), from 0 to 1.
    pub completion_rate: f64,
    /// Average score of the enrollments that have one (dropped excluded).
    pub average_score: Option<f64>,
    /// Average time spent per enrollment (dropped excluded).
    pub average_time_spent_seconds: f64,
    /// Active enrollments past their due date.
    pub overdue: i64,
    pub generated_at: DateTime<Utc>,
}

impl Example for CourseReportView {
    fn example() -> Self {
        CourseReportView {
            course_id: ids::COURSE,
            course_title: "Chemistry 101".into(),
            enrolled: 120,
            active: 64,
            completed: 48,
            dropped: 8,
            completion_rate: 0.4286,
            average_score: Some(81.5),
            average_time_spent_seconds: 5420.0,
            overdue: 6,
            generated_at: example_time("2026-11-29T12:00:00Z"),
        }
    }
}

impl From<&CourseReport> for CourseReportView {
    fn from(r: &CourseReport) -> Self {
        CourseReportView {
            course_id: r.course_id.as_uuid(),
            course_title: r.course_title.clone(),
            enrolled: r.enrolled,
            active: r.active,
            completed: r.completed,
            dropped: r.dropped,
            completion_rate: r.completion_rate,
            average_score: r.average_score,
            average_time_spent_seconds: r.average_time_spent_seconds,
            overdue: r.overdue,
            generated_at: r.generated_at.into(),
        }
    }
}

/// One learner of a course with their enrollment and progress.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LearnerLineView {
    pub user_id: uuid::Uuid,
    pub name: String,
    pub email: String,
    pub enrollment: EnrollmentView,
}

impl Example for LearnerLineView {
    fn example() -> Self {
        LearnerLineView {
            user_id: ids::LEARNER,
            name: "Lee Learner".into(),
            email: "lee@acme.test".into(),
            enrollment: EnrollmentView::example(),
        }
    }
}

impl From<&LearnerLine> for LearnerLineView {
    fn from(l: &LearnerLine) -> Self {
        LearnerLineView {
            user_id: l.user_id.as_uuid(),
            name: l.name.clone(),
            email: l.email.clone(),
            enrollment: (&l.enrollment).into(),
        }
    }
}

list_type!(
    /// A page of a course's learners.
    LearnerList,
    LearnerLineView
);
