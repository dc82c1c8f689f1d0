//! The shapes of submissions, grades and the gradebook as integrators see them.

use chrono::{DateTime, Utc};
use lyceum_core::grading::{gradebook::Gradebook, Grade, GradeChange, Submission};
use poem_openapi::{types::Example, Object};

use super::super::{
    files::FileView,
    teaching::{scale_view, AssignmentGroupView, ScaleStepView, EXAMPLE_GROUP, EXAMPLE_INSTRUCTOR},
    views::{example_ids, example_time, list_type},
};

pub(crate) const EXAMPLE_SUBMISSION: uuid::Uuid = uuid::uuid!("0193c2c0-3c4d-7e5f-8a6b-7c8d9e0f1a2b");
pub(crate) const EXAMPLE_ASSIGNMENT: uuid::Uuid = uuid::uuid!("0193a4c3-2b18-7dae-93e4-6f8091b2c3d7");

/// Work to hand in: text, a URL, or both, as the assignment allows.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateSubmission {
    /// Text (Markdown), up to 200,000 characters.
    pub body: Option<String>,
    /// An http(s) URL.
    pub url: Option<String>,
    /// Files you uploaded (`POST /v1/files`), up to 20, of the types the assignment allows.
    #[oai(skip_serializing_if_is_none)]
    pub file_ids: Option<Vec<uuid::Uuid>>,
}

impl Example for CreateSubmission {
    fn example() -> Self {
        CreateSubmission { body: Some("My essay on atoms...".into()), url: None, file_ids: None }
    }
}

/// One criterion's level chosen in a rubric grade.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct RubricSelectionInput {
    pub criterion_id: String,
    pub level_id: String,
    /// A comment on this criterion.
    pub comment: Option<String>,
}

/// A grade to give: `points`, or a level for every criterion of the assignment's rubric (their
/// points add up to the grade). A late penalty from the assignment's late policy is taken off.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct GradeSubmission {
    /// 0 to the assignment's points possible.
    pub points: Option<f64>,
    pub rubric: Option<Vec<RubricSelectionInput>>,
    /// Feedback for the learner (Markdown, up to 20,000 characters).
    pub feedback: Option<String>,
    /// Post the grade to the learner now (default false: it waits for `POST /v1/lessons/{id}/grades/post`).
    #[serde(default)]
    #[oai(default)]
    pub post: bool,
    /// Files you uploaded (`POST /v1/files`) to return with the grade, added to those returned before.
    #[oai(skip_serializing_if_is_none)]
    pub feedback_file_ids: Option<Vec<uuid::Uuid>>,
}

impl Example for GradeSubmission {
    fn example() -> Self {
        GradeSubmission {
            points: None,
            rubric: Some(vec![RubricSelectionInput {
                criterion_id: "c1".into(),
                level_id: "l2".into(),
                comment: Some("Good evidence; the claim could be sharper.".into()),
            }]),
            feedback: Some("Well argued overall.".into()),
            post: false,
            feedback_file_ids: None,
        }
    }
}

/// One criterion's level in a rubric grade, as it was when chosen.
#[derive(Debug, Clone, Object)]
pub struct RubricSelectionView {
    pub criterion_id: String,
    pub level_id: String,
    pub criterion: String,
    pub level: String,
    pub points: f64,
    pub comment: Option<String>,
}

/// A grade.
#[derive(Debug, Clone, Object)]
pub struct GradeView {
    /// Awarded, after the late penalty.
    pub points: f64,
    pub raw_points: f64,
    pub late_penalty: f64,
    pub points_possible: f64,
    /// `points` as a percentage of `points_possible`.
    pub score: f64,
    /// `score` reaches the assignment's passing score.
    pub passed: bool,
    pub rubric_assessment: Option<Vec<RubricSelectionView>>,
    pub feedback: Option<String>,
    /// `user:<id>`, `api_key:<id>`, `operator:<name>`.
    pub graded_by: String,
    pub graded_at: DateTime<Utc>,
    /// When the learner could first see it; null: not posted yet.
    pub posted_at: Option<DateTime<Utc>>,
    /// Increases with every change of the grade (send it as `If-Match` to regrade safely).
    pub version: i64,
    /// Files returned with the grade, with download URLs for the reader.
    pub feedback_files: Vec<FileView>,
}

impl GradeView {
    fn new(g: Grade, base: &str) -> Self {
        GradeView {
            points: g.points,
            raw_points: g.raw_points,
            late_penalty: g.late_penalty,
            points_possible: g.points_possible,
            score: g.score,
            passed: g.passed,
            rubric_assessment: g.rubric_assessment.map(|r| {
                r.into_iter()
                    .map(|s| RubricSelectionView {
                        criterion_id: s.criterion_id,
                        level_id: s.level_id,
                        criterion: s.criterion,
                        level: s.level,
                        points: s.points,
                        comment: s.comment,
                    })
                    .collect()
            }),
            feedback: g.feedback,
            graded_by: g.graded_by,
            graded_at: g.graded_at.into(),
            posted_at: g.posted_at.map(Into::into),
            version: g.version,
            feedback_files: g.feedback_files.into_iter().map(|f| FileView::new(f, base)).collect(),
        }
    }
}

/// A learner's submission to an assignment.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct SubmissionView {
    pub id: uuid::Uuid,
    pub enrollment_id: uuid::Uuid,
    pub lesson_id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    /// 1 for the first submission.
    pub attempt_number: i32,
    pub body: Option<String>,
    pub url: Option<String>,
    pub submitted_at: DateTime<Utc>,
    /// Handed in after the due date.
    pub late: bool,
    pub seconds_late: i64,
    /// `submitted`, `graded` (staff only: not posted yet) or `posted`.
    pub state: String,
    /// Staff see it once graded; the learner once posted.
    pub grade: Option<GradeView>,
    /// Submissions the learner has left (null: no limit).
    pub attempts_remaining: Option<i32>,
    /// The files handed in, with download URLs for the reader.
    pub files: Vec<FileView>,
}

impl Example for SubmissionView {
    fn example() -> Self {
        SubmissionView {
            id: EXAMPLE_SUBMISSION,
            enrollment_id: example_ids::ENROLLMENT,
            lesson_id: EXAMPLE_ASSIGNMENT,
            course_id: example_ids::COURSE,
            user_id: example_ids::LEARNER,
            attempt_number: 1,
            body: Some("My essay on atoms...".into()),
            url: None,
            submitted_at: example_time("2026-12-10T16:30:00Z"),
            late: false,
            seconds_late: 0,
            state: "posted".into(),
            grade: Some(GradeView {
                points: 6.0,
                raw_points: 6.0,
                late_penalty: 0.0,
                points_possible: 10.0,
                score: 60.0,
                passed: true,
                rubric_assessment: None,
                feedback: Some("Well argued overall.".into()),
                graded_by: format!("user:{}", EXAMPLE_INSTRUCTOR),
                graded_at: example_time("2026-12-12T10:00:00Z"),
                posted_at: Some(example_time("2026-12-12T10:05:00Z")),
                version: 2,
                feedback_files: vec![],
            }),
            attempts_remaining: Some(2),
            files: vec![FileView::example()],
        }
    }
}

impl SubmissionView {
    /// The view of `s`, its files' signed URLs absolute under `base` (the server's public URL).
    pub(crate) fn new(s: Submission, base: &str) -> Self {
        SubmissionView {
            id: s.id.as_uuid(),
            enrollment_id: s.enrollment_id.as_uuid(),
            lesson_id: s.lesson_id.as_uuid(),
            course_id: s.course_id.as_uuid(),
            user_id: s.user_id.as_uuid(),
            attempt_number: s.attempt_number,
            body: s.body,
            url: s.url,
            submitted_at: s.submitted_at.into(),
            late: s.late,
            seconds_late: s.seconds_late,
            state: s.state.into(),
            grade: s.grade.map(|g| GradeView::new(g, base)),
            attempts_remaining: s.attempts_remaining,
            files: s.files.into_iter().map(|f| FileView::new(f, base)).collect(),
        }
    }
}

list_type!(
    /// A page of submissions.
    SubmissionList,
    SubmissionView
);

/// One change of a grade.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GradeChangeView {
    pub id: uuid::Uuid,
    pub submission_id: uuid::Uuid,
    /// `user`, `api_key`, `operator` or `system`.
    pub actor_type: String,
    pub actor_id: Option<String>,
    pub changed_at: DateTime<Utc>,
    /// The grade before (null for the first grade).
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

impl Example for GradeChangeView {
    fn example() -> Self {
        GradeChangeView {
            id: uuid::uuid!("0193c2c1-4d5e-7f6a-9b7c-8d9e0f1a2b3c"),
            submission_id: EXAMPLE_SUBMISSION,
            actor_type: "user".into(),
            actor_id: Some(EXAMPLE_INSTRUCTOR.to_string()),
            changed_at: example_time("2026-12-12T10:00:00Z"),
            before: serde_json::Value::Null,
            after: serde_json::json!({"points": 6.0, "raw_points": 6.0, "late_penalty": 0.0,
                "rubric_assessment": null, "feedback": "Well argued overall.", "posted_at": null}),
        }
    }
}

impl From<GradeChange> for GradeChangeView {
    fn from(c: GradeChange) -> Self {
        GradeChangeView {
            id: c.id.as_uuid(),
            submission_id: c.submission_id.as_uuid(),
            actor_type: c.actor_type,
            actor_id: c.actor_id,
            changed_at: c.changed_at.into(),
            before: serde_json::from_str(&c.before).unwrap_or(serde_json::Value::Null),
            after: serde_json::from_str(&c.after).unwrap_or(serde_json::Value::Null),
        }
    }
}

list_type!(
    /// A page of a grade's changes, oldest first.
    GradeChangeList,
    GradeChangeView
);

/// What posting grades did.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GradesPosted {
    /// Grades now visible to their learners.
    pub posted: i64,
}

impl Example for GradesPosted {
    fn example() -> Self {
        GradesPosted { posted: 24 }
    }
}

/// A graded lesson: a column of the gradebook.
#[derive(Debug, Clone, Object)]
pub struct GradebookColumnView {
    pub lesson_id: uuid::Uuid,
    pub title: String,
    /// `quiz` (worth 100 points: its best attempt's percentage), `assignment`, or `lti` (a tool's
    /// lesson with an AGS line item: worth the line item's maximum, scored by the tool's scores).
    pub kind: String,
    pub points_possible: f64,
    pub assignment_group_id: Option<uuid::Uuid>,
    pub due_at: Option<DateTime<Utc>>,
}

/// One learner's result on one column.
#[derive(Debug, Clone, Object)]
pub struct GradebookCellView {
    pub lesson_id: uuid::Uuid,
    pub points: Option<f64>,
    /// Percentage of the column's points possible.
    pub score: Option<f64>,
    /// `graded`, `submitted` (waiting for a grade) or `missing`.
    pub state: String,
    /// The learner can see the grade.
    pub posted: bool,
}

/// One learner's line of the gradebook.
#[derive(Debug, Clone, Object)]
pub struct GradebookRowView {
    pub enrollment_id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    pub name: String,
    pub email: String,
    pub status: String,
    pub cells: Vec<GradebookCellView>,
    /// Over what has been graded (null: nothing yet).
    pub current_score: Option<f64>,
    pub current_grade: Option<String>,
    /// Counting what has not been graded as zero.
    pub final_score: f64,
    pub final_grade: Option<String>,
}

/// A page of a course's gradebook.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GradebookView {
    pub course_id: uuid::Uuid,
    pub columns: Vec<GradebookColumnView>,
    pub groups: Vec<AssignmentGroupView>,
    pub scale: Vec<ScaleStepView>,
    pub rows: Vec<GradebookRowView>,
    /// Pass as `cursor` for the next page of rows; null on the last page.
    pub next_cursor: Option<String>,
}

impl Example for GradebookView {
    fn example() -> Self {
        GradebookView {
            course_id: example_ids::COURSE,
            columns: vec![GradebookColumnView {
                lesson_id: EXAMPLE_ASSIGNMENT,
                title: "Essay: what is an atom?".into(),
                kind: "assignment".into(),
                points_possible: 10.0,
                assignment_group_id: Some(EXAMPLE_GROUP),
                due_at: Some(example_time("2026-12-11T17:00:00Z")),
            }],
            groups: vec![AssignmentGroupView::example()],
            scale: scale_view(lyceum_core::courses::grading::default_scale()),
            rows: vec![GradebookRowView {
                enrollment_id: example_ids::ENROLLMENT,
                user_id: example_ids::LEARNER,
                name: "Lee Learner".into(),
                email: "lee@acme.test".into(),
                status: "active".into(),
                cells: vec![GradebookCellView {
                    lesson_id: EXAMPLE_ASSIGNMENT,
                    points: Some(6.0),
                    score: Some(60.0),
                    state: "graded".into(),
                    posted: true,
                }],
                current_score: Some(60.0),
                current_grade: Some("D".into()),
                final_score: 60.0,
                final_grade: Some("D".into()),
            }],
            next_cursor: None,
        }
    }
}

impl From<Gradebook> for GradebookView {
    fn from(g: Gradebook) -> Self {
        GradebookView {
            course_id: g.course_id.as_uuid(),
            columns: g
                .columns
                .into_iter()
                .map(|c| GradebookColumnView {
                    lesson_id: c.lesson_id.as_uuid(),
                    title: c.title,
                    kind: c.kind,
                    points_possible: c.points_possible,
                    assignment_group_id: c.assignment_group_id.map(|g| g.as_uuid()),
                    due_at: c.due_at.map(Into::into),
                })
                .collect(),
            groups: g.groups.into_iter().map(Into::into).collect(),
            scale: scale_view(g.scale),
            rows: g
                .rows
                .into_iter()
                .map(|r| GradebookRowView {
                    enrollment_id: r.enrollment_id.as_uuid(),
                    user_id: r.user_id.as_uuid(),
                    name: r.name,
                    email: r.email,
                    status: r.status.as_str().into(),
                    cells: r
                        .cells
                        .into_iter()
                        .map(|c| GradebookCellView {
                            lesson_id: c.lesson_id.as_uuid(),
                            points: c.points,
                            score: c.score,
                            state: c.state.into(),
                            posted: c.posted,
                        })
                        .collect(),
                    current_score: r.current_score,
                    current_grade: r.current_grade,
                    final_score: r.final_score,
                    final_grade: r.final_grade,
                })
                .collect(),
            next_cursor: g.next_cursor,
        }
    }
}
