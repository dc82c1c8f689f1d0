//! Modules and lessons: `GET/POST /v1/courses/{id}/modules`, `PATCH/DELETE /v1/modules/{id}`,
//! `GET/POST /v1/modules/{id}/lessons`, `GET/PATCH/DELETE /v1/lessons/{id}`. Reordering is a `PATCH`
//! with `position` (and, for a lesson, `module_id` to move it to another module of the course).

use lyceum_core::courses::{
    content::ContentInput,
    structure::{self, LessonInput},
};
use poem::web::Data;
use poem_openapi::{
    param::Path,
    payload::Json,
    types::{Example, MaybeUndefined},
    ApiResponse, Object, OpenApi,
};

use super::{
    auth::NoContent,
    course_views::{AssignmentSettings, LessonListView, LessonView, LtiLessonSettings, ModuleListView, ModuleView},
    views::etag,
    Tag,
};
use crate::http::if_match::IfMatch;
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct StructureApi;

/// A module to add.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateModule {
    /// 1-200 characters.
    pub title: String,
    /// 1-based position; the end when absent. Later modules move down.
    pub position: Option<i64>,
}

impl poem_openapi::types::Example for CreateModule {
    fn example() -> Self {
        CreateModule { title: "Atoms".into(), position: None }
    }
}

/// Changes to a module: rename and/or move.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateModule {
    pub title: Option<String>,
    /// New 1-based position within the course.
    pub position: Option<i64>,
}

impl poem_openapi::types::Example for UpdateModule {
    fn example() -> Self {
        UpdateModule { title: Some("Atoms and ions".into()), position: Some(1) }
    }
}

/// A lesson to add. `kind` decides which content fields apply: `text` needs `body` (Markdown);
/// `video` needs `url` (and may give `duration_seconds`); `file` needs `url` (and may give `size_bytes`,
/// `media_type`); `quiz` needs `passing_score` and `questions` (and may give `max_attempts`);
/// `assignment` needs `assignment`; `lti` needs `lti` with the `tool_id` of one of the institution's
/// LTI tools.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateLesson {
    pub title: String,
    /// `text`, `video`, `file`, `quiz`, `assignment` or `lti`.
    pub kind: String,
    /// Counts towards completion (default true).
    pub required: Option<bool>,
    /// 1-based position within the module; the end when absent.
    pub position: Option<i64>,
    /// Markdown, up to 100,000 characters.
    pub body: Option<String>,
    /// An http(s) URL.
    pub url: Option<String>,
    /// A `file` lesson's uploaded file (`POST /v1/files`), instead of a `url`: its size and media type
    /// are the file's.
    #[oai(skip_serializing_if_is_none)]
    pub file_id: Option<uuid::Uuid>,
    pub duration_seconds: Option<i64>,
    pub size_bytes: Option<i64>,
    pub media_type: Option<String>,
    /// 0-100.
    pub passing_score: Option<i64>,
    pub max_attempts: Option<i64>,
    /// `{prompt, type: single_choice|multiple_choice|true_false|numeric|short_text, choices?, correct?,
    /// answer?, tolerance?, accepted?}`.
    pub questions: Option<Vec<serde_json::Value>>,
    /// An assignment's settings (kind `assignment`).
    #[oai(skip_serializing_if_is_none)]
    pub assignment: Option<AssignmentSettings>,
    /// An `lti` lesson's tool and launch settings (kind `lti`).
    #[oai(skip_serializing_if_is_none)]
    pub lti: Option<LtiLessonSettings>,
    /// The assignment group (of the same course) a quiz or assignment counts in.
    pub assignment_group_id: Option<uuid::Uuid>,
}

impl Example for CreateLesson {
    fn example() -> Self {
        CreateLesson {
            title: "What is an atom?".into(),
            kind: "text".into(),
            required: None,
            position: None,
            body: Some("# Atoms\n\nEverything is made of them.".into()),
            url: None,
            file_id: None,
            duration_seconds: None,
            size_bytes: None,
            media_type: None,
            passing_score: None,
            max_attempts: None,
            questions: None,
            assignment: None,
            lti: None,
            assignment_group_id: None,
        }
    }
}

/// Changes to a lesson; absent fields stay. Content is revalidated for the resulting kind. `module_id`
/// and/or `position` move it (within the same course).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateLesson {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub required: Option<bool>,
    /// Move to this module of the same course.
    pub module_id: Option<uuid::Uuid>,
    /// New 1-based position within its (new) module.
    pub position: Option<i64>,
    pub body: Option<String>,
    pub url: Option<String>,
    /// An uploaded file for a `file` lesson (replaces its `url`, and the other way round).
    #[oai(skip_serializing_if_is_none)]
    pub file_id: Option<uuid::Uuid>,
    pub duration_seconds: Option<i64>,
    pub size_bytes: Option<i64>,
    pub media_type: Option<String>,
    pub passing_score: Option<i64>,
    pub max_attempts: Option<i64>,
    pub questions: Option<Vec<serde_json::Value>>,
    /// Assignment settings to change (the fields given replace the current ones).
    #[oai(skip_serializing_if_is_none)]
    pub assignment: Option<AssignmentSettings>,
    /// An `lti` lesson's tool and launch settings (kind `lti`).
    #[oai(skip_serializing_if_is_none)]
    pub lti: Option<LtiLessonSettings>,
    /// `null` takes the lesson out of its assignment group.
    #[serde(default)]
    pub assignment_group_id: MaybeUndefined<uuid::Uuid>,
}

impl poem_openapi::types::Example for UpdateLesson {
    fn example() -> Self {
        UpdateLesson {
            title: Some("Protons, neutrons and electrons".into()),
            kind: None,
            required: Some(true),
            module_id: None,
            position: Some(2),
            body: Some("# The parts of an atom".into()),
            url: None,
            file_id: None,
            duration_seconds: None,
            size_bytes: None,
            media_type: None,
            passing_score: None,
            max_attempts: None,
            questions: None,
            assignment: None,
            lti: None,
            assignment_group_id: MaybeUndefined::Undefined,
        }
    }
}

#[derive(ApiResponse)]
pub enum ModuleResponse {
    /// The module.
    #[oai(status = 200)]
    Ok(Json<ModuleView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum ModuleCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<ModuleView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum LessonResponse {
    /// The lesson.
    #[oai(status = 200)]
    Ok(Json<LessonView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum LessonCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<LessonView>, #[oai(header = "Location")] String, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum ModuleListResponse {
    /// The course's modules in order.
    #[oai(status = 200)]
    Ok(Json<ModuleListView>),
}

#[derive(ApiResponse)]
pub enum LessonListResponse {
    /// The module's lessons in order.
    #[oai(status = 200)]
    Ok(Json<LessonListView>),
}

#[allow(clippy::too_many_arguments)]
fn content_of(
    body: Option<String>,
    url: Option<String>,
    file_id: Option<uuid::Uuid>,
    duration_seconds: Option<i64>,
    size_bytes: Option<i64>,
    media_type: Option<String>,
    passing_score: Option<i64>,
    max_attempts: Option<i64>,
    questions: Option<Vec<serde_json::Value>>,
    assignment: Option<AssignmentSettings>,
    lti: Option<LtiLessonSettings>,
) -> ContentInput {
    ContentInput {
        body,
        url,
        file_id: file_id.map(Into::into),
        duration_seconds,
        size_bytes,
        media_type,
        passing_score,
        max_attempts,
        questions,
        assignment: assignment.map(Into::into),
        lti: lti.map(Into::into),
    }
}

#[OpenApi(tag = "Tag::Courses")]
impl StructureApi {
    /// List a course's modules
    ///
    /// In order. Learners see modules of published courses only.
    #[oai(path = "/courses/:id/modules", method = "get", operation_id = "module_list")]
    async fn module_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ModuleListResponse, ApiError> {
        let modules = structure::list_modules(&state.core, &auth.0, id.0.into()).await?;
        Ok(ModuleListResponse::Ok(Json(ModuleListView { items: modules.iter().map(ModuleView::from).collect() })))
    }

    /// Add a module
    ///
    /// At `position` (1-based) or at the end; later modules move down. Needs `courses:write`.
    #[oai(path = "/courses/:id/modules", method = "post", operation_id = "module_create")]
    async fn module_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe (see `course_create`).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateModule>,
    ) -> Result<ModuleCreated, ApiError> {
        let m = structure::add_module(&state.core, &auth.0, id.0.into(), &body.0.title, body.0.position).await?;
        Ok(ModuleCreated::Created(Json((&m).into()), etag(m.version)))
    }

    /// Update a module
    ///
    /// Renames it and/or moves it to `position`; the others shift so positions stay 1..n.
    #[oai(path = "/modules/:id", method = "patch", operation_id = "module_update")]
    async fn module_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `ETag` you last saw (412 if stale).
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateModule>,
    ) -> Result<ModuleResponse, ApiError> {
        let expected = if_match.0;
        let m = structure::update_module(&state.core, &auth.0, id.0.into(), body.0.title, body.0.position, expected)
            .await?;
        Ok(ModuleResponse::Ok(Json((&m).into()), etag(m.version)))
    }

    /// Delete a module
    ///
    /// With its lessons; the modules after it move up.
    #[oai(path = "/modules/:id", method = "delete", operation_id = "module_delete")]
    async fn module_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        structure::delete_module(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// List a module's lessons
    ///
    /// In order. Learners see lessons of published courses only, and quizzes without answers.
    #[oai(path = "/modules/:id/lessons", method = "get", operation_id = "lesson_list")]
    async fn lesson_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<LessonListResponse, ApiError> {
        let lessons = structure::list_lessons(&state.core, &auth.0, id.0.into()).await?;
        Ok(LessonListResponse::Ok(Json(LessonListView { items: lessons.iter().map(LessonView::from).collect() })))
    }

    /// Add a lesson
    ///
    /// At `position` (1-based) or at the end of the module. Every content problem is reported by field.
    #[oai(path = "/modules/:id/lessons", method = "post", operation_id = "lesson_create")]
    async fn lesson_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe (see `course_create`).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateLesson>,
    ) -> Result<LessonCreated, ApiError> {
        let b = body.0;
        let input = LessonInput {
            title: Some(b.title),
            kind: Some(b.kind),
            required: b.required,
            content: content_of(
                b.body,
                b.url,
                b.file_id,
                b.duration_seconds,
                b.size_bytes,
                b.media_type,
                b.passing_score,
                b.max_attempts,
                b.questions,
                b.assignment,
                b.lti,
            ),
            assignment_group_id: b.assignment_group_id.map(|g| Some(g.into())),
        };
        let l = structure::add_lesson(&state.core, &auth.0, id.0.into(), input, b.position).await?;
        Ok(LessonCreated::Created(Json((&l).into()), format!("/v1/lessons/{}", l.id), etag(l.version)))
    }

    /// View a lesson
    ///
    /// Learners see lessons of published courses only, and quizzes without answers.
    #[oai(path = "/lessons/:id", method = "get", operation_id = "lesson_view")]
    async fn lesson_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<LessonResponse, ApiError> {
        let l = structure::view_lesson(&state.core, &auth.0, id.0.into()).await?;
        Ok(LessonResponse::Ok(Json((&l).into()), etag(l.version)))
    }

    /// Update or move a lesson
    ///
    /// Changes fields (content revalidated for the resulting kind) and/or moves it with `module_id`
    /// and `position`. With `If-Match`, a stale version answers 412.
    #[oai(path = "/lessons/:id", method = "patch", operation_id = "lesson_update")]
    async fn lesson_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `ETag` you last saw (412 if stale).
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateLesson>,
    ) -> Result<LessonResponse, ApiError> {
        let expected = if_match.0;
        let b = body.0;
        let move_to =
            (b.module_id.is_some() || b.position.is_some()).then(|| (b.module_id.map(Into::into), b.position));
        let input = LessonInput {
            title: b.title,
            kind: b.kind,
            required: b.required,
            content: content_of(
                b.body,
                b.url,
                b.file_id,
                b.duration_seconds,
                b.size_bytes,
                b.media_type,
                b.passing_score,
                b.max_attempts,
                b.questions,
                b.assignment,
                b.lti,
            ),
            assignment_group_id: match b.assignment_group_id {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(g) => Some(Some(g.into())),
            },
        };
        let l = structure::update_lesson(&state.core, &auth.0, id.0.into(), input, move_to, expected).await?;
        Ok(LessonResponse::Ok(Json((&l).into()), etag(l.version)))
    }

    /// Delete a lesson
    ///
    /// The lessons after it move up.
    #[oai(path = "/lessons/:id", method = "delete", operation_id = "lesson_delete")]
    async fn lesson_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        structure::delete_lesson(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }
}
