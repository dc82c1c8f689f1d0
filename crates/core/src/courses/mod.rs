//! Courses: the catalog's hottest read path. A course has ordered modules, each with ordered lessons.
//! Staff (`courses:write`) see every course and full quizzes; everyone else with `courses:read` sees
//! published courses only, with quiz answers removed. Views, outlines and lists are cached per tenant and
//! audience (see [`cache`]), invalidated after every commit that changes them.

pub mod cache;
pub mod content;
pub mod grading;
pub(crate) mod imported;
mod input;
mod positions;
pub(crate) mod queries;
pub mod rubrics;
pub mod structure;

pub use self::queries::{archive, create, delete, list, outline, publish, update, view, CourseFilter, CourseInput};
pub use crate::db::status::CourseStatus;
use crate::{
    db::types::{AssignmentGroupId, CourseId, LessonId, ModuleId, Timestamp},
    error::Result,
    identity::permissions::Permission,
    scope::TenantScope,
};

/// Who is looking: it decides what a course looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Can edit courses: sees drafts, archived courses and quiz answers.
    Staff,
    /// Sees published courses only, and quizzes without answers.
    Learner,
}

impl Audience {
    pub fn of(scope: &TenantScope) -> Result<Audience> {
        scope.require(Permission::CoursesRead)?;
        Ok(if scope.permissions().contains(Permission::CoursesWrite) { Audience::Staff } else { Audience::Learner })
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Course {
    pub id: CourseId,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub status: CourseStatus,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub published_at: Option<Timestamp>,
    pub archived_at: Option<Timestamp>,
    /// The institution's own key for the course (a student information system's), unique per institution.
    pub external_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Module {
    pub id: ModuleId,
    pub course_id: CourseId,
    pub title: String,
    /// 1-based, gapless within the course.
    pub position: i32,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Lesson {
    pub id: LessonId,
    pub course_id: CourseId,
    pub module_id: ModuleId,
    pub title: String,
    /// `text`, `video`, `file`, `quiz` or `assignment`.
    pub kind: String,
    /// 1-based, gapless within the module.
    pub position: i32,
    /// Counts towards completion.
    pub required: bool,
    pub content: content::Content,
    /// The assignment group a graded lesson (quiz or assignment) counts in, in the gradebook.
    pub assignment_group_id: Option<AssignmentGroupId>,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Lesson {
    /// The lesson as `audience` may see it.
    pub fn for_audience(mut self, audience: Audience) -> Lesson {
        if audience == Audience::Learner {
            self.content.quiz = self.content.quiz.map(|q| q.for_learners());
        }
        self
    }
}

/// A module with its lessons, in order.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModuleOutline {
    pub module: Module,
    pub lessons: Vec<Lesson>,
}

/// A course with its whole structure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outline {
    pub course: Course,
    pub modules: Vec<ModuleOutline>,
}

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;

pub(crate) fn check_title(v: &mut crate::error::Validator, field: &str, title: &str) {
    let t = title.trim();
    if t.is_empty() {
        v.push(field, "must not be empty");
    } else if t.chars().count() > MAX_TITLE_CHARS {
        v.push(field, format!("must be at most {MAX_TITLE_CHARS} characters"));
    } else if crate::error::has_unsafe_chars(t) {
        v.push(field, crate::error::UNSAFE_CHARS_MESSAGE);
    }
}

pub(crate) use crate::error::not_found;
