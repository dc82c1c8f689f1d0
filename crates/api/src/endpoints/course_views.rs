//! Shapes of courses, modules and lessons as integrators see them.

use chrono::{DateTime, Utc};
use lyceum_core::{
    courses::{
        content::{AssignmentContent, AssignmentInput, LatePolicy},
        Course, Lesson, Module, ModuleOutline, Outline,
    },
    db::types::Timestamp,
};
use poem_openapi::Object;

use poem_openapi::types::{Example, MaybeUndefined};

use super::views::{example_ids as ids, example_time, list_type};

/// A course. `modules` is present with `?include=outline`.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct CourseView {
    pub id: uuid::Uuid,
    /// Unique within the institution.
    pub slug: String,
    pub title: String,
    pub description: String,
    /// `draft`, `published` or `archived`. Learners see published courses only.
    pub status: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    /// The institution's own key for the course, if set.
    pub external_id: Option<String>,
    /// The modules with their lessons, in order (only with `?include=outline`).
    #[oai(skip_serializing_if_is_none)]
    pub modules: Option<Vec<ModuleOutlineView>>,
}

impl Example for CourseView {
    fn example() -> Self {
        CourseView {
            id: ids::COURSE,
            slug: "chemistry-101".into(),
            title: "Chemistry 101".into(),
            description: "Atoms, bonds and reactions.".into(),
            status: "published".into(),
            version: 12,
            created_at: example_time("2026-09-05T09:00:00Z"),
            updated_at: example_time("2026-10-01T16:30:00Z"),
            published_at: Some(example_time("2026-10-01T16:30:00Z")),
            archived_at: None,
            external_id: Some("CHEM-101".into()),
            modules: None,
        }
    }
}

impl From<&Course> for CourseView {
    fn from(c: &Course) -> Self {
        CourseView {
            id: c.id.as_uuid(),
            slug: c.slug.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            status: c.status.as_str().into(),
            version: c.version,
            created_at: c.created_at.into(),
            updated_at: c.updated_at.into(),
            published_at: c.published_at.map(Into::into),
            archived_at: c.archived_at.map(Into::into),
            external_id: c.external_id.clone(),
            modules: None,
        }
    }
}

impl From<&Outline> for CourseView {
    fn from(o: &Outline) -> Self {
        let mut v = CourseView::from(&o.course);
        v.modules = Some(o.modules.iter().map(ModuleOutlineView::from).collect());
        v
    }
}

list_type!(
    /// A page of courses.
    CourseList,
    CourseView
);

/// A module of a course.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ModuleView {
    pub id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub title: String,
    /// 1-based position within the course.
    pub position: i32,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Example for ModuleView {
    fn example() -> Self {
        ModuleView {
            id: ids::MODULE,
            course_id: ids::COURSE,
            title: "Atoms".into(),
            position: 1,
            version: 2,
            created_at: example_time("2026-09-05T09:10:00Z"),
            updated_at: example_time("2026-09-06T11:00:00Z"),
        }
    }
}

impl From<&Module> for ModuleView {
    fn from(m: &Module) -> Self {
        ModuleView {
            id: m.id.as_uuid(),
            course_id: m.course_id.as_uuid(),
            title: m.title.clone(),
            position: m.position,
            version: m.version,
            created_at: m.created_at.into(),
            updated_at: m.updated_at.into(),
        }
    }
}

/// A module with its lessons in order.
#[derive(Debug, Clone, Object)]
pub struct ModuleOutlineView {
    #[oai(flatten)]
    pub module: ModuleView,
    pub lessons: Vec<LessonView>,
}

impl From<&ModuleOutline> for ModuleOutlineView {
    fn from(m: &ModuleOutline) -> Self {
        ModuleOutlineView { module: (&m.module).into(), lessons: m.lessons.iter().map(LessonView::from).collect() }
    }
}

/// A module's lessons.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LessonListView {
    pub items: Vec<LessonView>,
}

impl Example for LessonListView {
    fn example() -> Self {
        LessonListView { items: vec![LessonView::example(), LessonView::quiz_example()] }
    }
}

/// A course's modules.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ModuleListView {
    pub items: Vec<ModuleView>,
}

impl Example for ModuleListView {
    fn example() -> Self {
        let second = ModuleView {
            id: uuid::uuid!("0193a4c3-1a06-7c9f-b2d3-5e7f90a1b2c5"),
            title: "Bonds".into(),
            position: 2,
            version: 1,
            ..ModuleView::example()
        };
        ModuleListView { items: vec![ModuleView::example(), second] }
    }
}

/// A quiz. Learners see the questions without their answers.
#[derive(Debug, Clone, Object)]
pub struct QuizView {
    /// Percentage needed to pass.
    pub passing_score: i32,
    pub max_attempts: Option<i32>,
    /// Questions: `{prompt, type, choices?, correct?, answer?, tolerance?, accepted?}`.
    pub questions: Vec<serde_json::Value>,
}

/// What happens to work handed in after an assignment's due date.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct LatePolicyView {
    /// Late work is taken at all (default true); otherwise a submission after the due date is 409
    /// `past_due`.
    #[serde(default = "yes")]
    #[oai(default = "yes")]
    pub accept_late: bool,
    /// Points taken off per started day late, as a percentage of the points possible (0-100, default 0).
    #[serde(default)]
    #[oai(default)]
    pub deduct_percent_per_day: f64,
    /// Late work is taken for at most this many days (0-365); absent or null: no limit.
    pub max_late_days: Option<i32>,
}

fn yes() -> bool {
    true
}

impl From<LatePolicyView> for LatePolicy {
    fn from(l: LatePolicyView) -> Self {
        LatePolicy {
            accept_late: l.accept_late,
            deduct_percent_per_day: l.deduct_percent_per_day,
            max_late_days: l.max_late_days,
        }
    }
}

/// An assignment's settings as sent: all required on create but `due_at`, `passing_score`,
/// `submission_types` (default `["text"]`), `allowed_file_types`, `max_attempts`, `late_policy` and
/// `rubric_id`; on an update the fields given replace the current ones (`null` clears `due_at`,
/// `max_attempts` and `rubric_id`).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct AssignmentSettings {
    /// Markdown, up to 100,000 characters.
    pub instructions: Option<String>,
    #[serde(default)]
    pub due_at: MaybeUndefined<DateTime<Utc>>,
    /// More than 0, at most 10,000 (hundredths kept).
    pub points_possible: Option<f64>,
    /// The percentage of the points possible a grade needs for the lesson to count as passed (0-100,
    /// default 0: any posted grade passes).
    pub passing_score: Option<i64>,
    /// What a submission may carry: `text`, `url`.
    pub submission_types: Option<Vec<String>>,
    /// File extensions a file submission may have (for example `pdf`); empty: any.
    pub allowed_file_types: Option<Vec<String>>,
    /// 1-100 submissions; null: no limit.
    #[serde(default)]
    pub max_attempts: MaybeUndefined<i64>,
    pub late_policy: Option<LatePolicyView>,
    /// A rubric of the same course to grade with.
    #[serde(default)]
    pub rubric_id: MaybeUndefined<uuid::Uuid>,
}

fn maybe<T, U>(m: MaybeUndefined<T>, f: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(f(v))),
    }
}

impl From<AssignmentSettings> for AssignmentInput {
    fn from(a: AssignmentSettings) -> Self {
        AssignmentInput {
            instructions: a.instructions,
            due_at: maybe(a.due_at, Timestamp),
            points_possible: a.points_possible,
            passing_score: a.passing_score,
            submission_types: a.submission_types,
            allowed_file_types: a.allowed_file_types,
            max_attempts: maybe(a.max_attempts, |m| m),
            late_policy: a.late_policy.map(Into::into),
            rubric_id: maybe(a.rubric_id, Into::into),
        }
    }
}

/// An assignment's settings.
#[derive(Debug, Clone, Object)]
pub struct AssignmentView {
    /// Markdown.
    pub instructions: String,
    pub due_at: Option<DateTime<Utc>>,
    pub points_possible: f64,
    /// The percentage of the points possible a grade needs to pass.
    pub passing_score: i32,
    pub submission_types: Vec<String>,
    pub allowed_file_types: Vec<String>,
    pub max_attempts: Option<i32>,
    pub late_policy: LatePolicyView,
    pub rubric_id: Option<uuid::Uuid>,
}

impl From<&AssignmentContent> for AssignmentView {
    fn from(a: &AssignmentContent) -> Self {
        AssignmentView {
            instructions: a.instructions.clone(),
            due_at: a.due_at.map(Into::into),
            points_possible: a.points_possible,
            passing_score: a.passing_score,
            submission_types: a.submission_types.clone(),
            allowed_file_types: a.allowed_file_types.clone(),
            max_attempts: a.max_attempts,
            late_policy: LatePolicyView {
                accept_late: a.late_policy.accept_late,
                deduct_percent_per_day: a.late_policy.deduct_percent_per_day,
                max_late_days: a.late_policy.max_late_days,
            },
            rubric_id: a.rubric_id.map(|r| r.as_uuid()),
        }
    }
}

/// A lesson. Which content fields are present depends on `kind`.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct LessonView {
    pub id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub module_id: uuid::Uuid,
    pub title: String,
    /// `text`, `video`, `file`, `quiz`, `assignment`, `lti` or `cmi5`.
    pub kind: String,
    /// 1-based position within the module.
    pub position: i32,
    /// Counts towards completing the course.
    pub required: bool,
    /// Markdown (text lessons).
    #[oai(skip_serializing_if_is_none)]
    pub body: Option<String>,
    /// http(s) URL (video and file lessons).
    #[oai(skip_serializing_if_is_none)]
    pub url: Option<String>,
    /// A file lesson's uploaded file: `GET /v1/files/{id}` gives its download URL.
    #[oai(skip_serializing_if_is_none)]
    pub file_id: Option<uuid::Uuid>,
    #[oai(skip_serializing_if_is_none)]
    pub duration_seconds: Option<i32>,
    #[oai(skip_serializing_if_is_none)]
    pub size_bytes: Option<i64>,
    #[oai(skip_serializing_if_is_none)]
    pub media_type: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub quiz: Option<QuizView>,
    #[oai(skip_serializing_if_is_none)]
    pub assignment: Option<AssignmentView>,
    /// An `lti` lesson's tool and launch settings.
    #[oai(skip_serializing_if_is_none)]
    pub lti: Option<LtiLessonView>,
    /// A `cmi5` lesson's assignable unit (from its imported package; launch it with
    /// `POST /v1/lessons/{id}/cmi5-launch`).
    #[oai(skip_serializing_if_is_none)]
    pub cmi5: Option<super::cmi5::Cmi5LessonView>,
    /// The assignment group a quiz or assignment counts in (gradebook).
    #[oai(skip_serializing_if_is_none)]
    pub assignment_group_id: Option<uuid::Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Example for LessonView {
    fn example() -> Self {
        LessonView {
            id: ids::LESSON,
            course_id: ids::COURSE,
            module_id: ids::MODULE,
            title: "What is an atom?".into(),
            kind: "text".into(),
            position: 1,
            required: true,
            body: Some("# Atoms\n\nEverything is made of them.".into()),
            url: None,
            file_id: None,
            duration_seconds: None,
            size_bytes: None,
            media_type: None,
            quiz: None,
            assignment: None,
            lti: None,
            cmi5: None,
            assignment_group_id: None,
            version: 3,
            created_at: example_time("2026-09-05T09:20:00Z"),
            updated_at: example_time("2026-09-12T15:45:00Z"),
        }
    }
}

impl LessonView {
    /// A quiz lesson as its author sees it (learners get the questions without the answers).
    fn quiz_example() -> Self {
        LessonView {
            id: ids::QUIZ,
            title: "Check your understanding".into(),
            kind: "quiz".into(),
            position: 2,
            body: None,
            quiz: Some(QuizView {
                passing_score: 70,
                max_attempts: Some(3),
                questions: vec![
                    serde_json::json!({"prompt": "Which particle has a negative charge?", "type": "single_choice",
                        "choices": ["proton", "neutron", "electron"], "correct": [2]}),
                    serde_json::json!({"prompt": "An atom is mostly empty space.", "type": "true_false",
                        "answer": true}),
                ],
            }),
            version: 1,
            ..LessonView::example()
        }
    }
}

impl From<&Lesson> for LessonView {
    fn from(l: &Lesson) -> Self {
        let c = &l.content;
        LessonView {
            id: l.id.as_uuid(),
            course_id: l.course_id.as_uuid(),
            module_id: l.module_id.as_uuid(),
            title: l.title.clone(),
            kind: l.kind.clone(),
            position: l.position,
            required: l.required,
            body: c.body.clone(),
            url: c.url.clone(),
            file_id: c.file_id.map(|f| f.as_uuid()),
            duration_seconds: c.duration_seconds,
            size_bytes: c.size_bytes,
            media_type: c.media_type.clone(),
            quiz: c.quiz.as_ref().map(|q| QuizView {
                passing_score: q.passing_score,
                max_attempts: q.max_attempts,
                questions: q.questions.clone(),
            }),
            assignment: c.assignment.as_ref().map(Into::into),
            lti: c.lti.as_ref().map(|l| LtiLessonView {
                tool_id: l.tool_id.as_uuid(),
                custom: l.custom.clone(),
                target_link_uri: l.target_link_uri.clone(),
            }),
            cmi5: c.cmi5.as_ref().map(Into::into),
            assignment_group_id: l.assignment_group_id.map(|g| g.as_uuid()),
            version: l.version,
            created_at: l.created_at.into(),
            updated_at: l.updated_at.into(),
        }
    }
}

/// An `lti` lesson's settings as sent: the tool (one of the institution's, `/v1/lti/tools`), custom
/// parameters for this lesson's launches (over the tool's own), and the tool's URL for this lesson
/// (absent: the tool's target link URI). On an update the fields given replace the current ones
/// (`null` clears `target_link_uri`).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct LtiLessonSettings {
    pub tool_id: Option<uuid::Uuid>,
    pub custom: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    pub target_link_uri: poem_openapi::types::MaybeUndefined<String>,
}

impl From<LtiLessonSettings> for lyceum_core::courses::content::LtiInput {
    fn from(l: LtiLessonSettings) -> Self {
        lyceum_core::courses::content::LtiInput {
            tool_id: l.tool_id.map(Into::into),
            custom: l.custom,
            target_link_uri: match l.target_link_uri {
                poem_openapi::types::MaybeUndefined::Undefined => None,
                poem_openapi::types::MaybeUndefined::Null => Some(None),
                poem_openapi::types::MaybeUndefined::Value(u) => Some(Some(u)),
            },
        }
    }
}

/// An `lti` lesson's tool and launch settings.
#[derive(Debug, Clone, Object)]
pub struct LtiLessonView {
    pub tool_id: uuid::Uuid,
    pub custom: std::collections::BTreeMap<String, String>,
    /// The tool's URL for this lesson; absent: the tool's target link URI.
    pub target_link_uri: Option<String>,
}
