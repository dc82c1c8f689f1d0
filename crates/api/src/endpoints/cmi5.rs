//! cmi5 courses: `POST /v1/cmi5-packages` (import a package uploaded as a file), `POST
//! /v1/lessons/{id}/cmi5-launch` (launch an AU) and `POST /v1/enrollments/{id}/cmi5-waivers` (waive
//! an AU for a learner). The AU's side (the fetch URL and the package's files) is served beside the
//! API (`crate::cmi5`), and its statements go to the LRS at `/xapi`.

use lyceum_core::xapi::cmi5::{import, launch, outcomes};
use poem::web::Data;
use poem_openapi::{param::Path, payload::Json, types::Example, ApiResponse, Object, OpenApi};

use super::{auth::NoContent, course_views::CourseView, Tag};
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct Cmi5Api;

/// A package to import.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct ImportCmi5Package {
    /// The package (a zip with `cmi5.xml` at its root), uploaded first with `POST /v1/files`.
    pub file_id: uuid::Uuid,
}

impl Example for ImportCmi5Package {
    fn example() -> Self {
        ImportCmi5Package { file_id: uuid::uuid!("0193c0de-5f1e-7a2b-8c3d-4e5f6a7b8c9d") }
    }
}

/// An imported package and the draft course it became.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Cmi5PackageView {
    pub package_id: uuid::Uuid,
    /// The draft course: each run of AUs under one top-level block is a module, each AU a `cmi5` lesson.
    pub course: CourseView,
    /// The lessons made, one per AU, in the package's order.
    pub lesson_ids: Vec<uuid::Uuid>,
    /// How many files the package holds, and their size unpacked.
    pub files: i64,
    pub size_bytes: i64,
}

impl Example for Cmi5PackageView {
    fn example() -> Self {
        Cmi5PackageView {
            package_id: uuid::uuid!("0193c0de-7a8b-7c9d-8e0f-1a2b3c4d5e6f"),
            course: CourseView::example(),
            lesson_ids: vec![super::views::example_ids::LESSON],
            files: 12,
            size_bytes: 483_201,
        }
    }
}

impl From<import::Imported> for Cmi5PackageView {
    fn from(i: import::Imported) -> Self {
        Cmi5PackageView {
            package_id: i.package_id.as_uuid(),
            course: (&i.course).into(),
            lesson_ids: i.lessons.iter().map(|l| l.as_uuid()).collect(),
            files: i.files as i64,
            size_bytes: i.size_bytes as i64,
        }
    }
}

/// How to launch.
#[derive(Debug, Clone, Default, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct Cmi5LaunchInput {
    /// `Normal` (the default: the AU records completion and success), `Browse` or `Review`.
    pub launch_mode: Option<String>,
    /// Where the AU sends the learner when it ends (`returnURL` of `LMS.LaunchData`).
    pub return_url: Option<String>,
}

impl Example for Cmi5LaunchInput {
    fn example() -> Self {
        Cmi5LaunchInput {
            launch_mode: Some("Normal".into()),
            return_url: Some("https://learn.example.edu/courses/chemistry".into()),
        }
    }
}

/// A launch, ready to open.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Cmi5LaunchView {
    /// The AU's URL with `endpoint`, `fetch`, `actor`, `registration` and `activityId` (cmi5 §8.1):
    /// open it in the browser.
    pub url: String,
    /// `OwnWindow`: open it in a new window or in place of the current page; `AnyWindow`: also in a frame.
    pub launch_method: String,
    pub launch_mode: String,
    /// The session's id (`sessionid` of its statements).
    pub session_id: uuid::Uuid,
    /// The registration: the learner's enrollment in the course.
    pub registration: uuid::Uuid,
    /// The AU's activity id (the object of its statements).
    pub activity_id: String,
    /// When the fetch URL, the auth-token and the content URL stop working.
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl Example for Cmi5LaunchView {
    fn example() -> Self {
        Cmi5LaunchView {
            url: "https://lyceum.example/cmi5/content/0193c0de-0000-7000-8000-000000000001/0193c0de-7a8b-7c9d-8e0f-1a2b3c4d5e6f/1765051200/5b1d.../index.html?endpoint=https%3A%2F%2Flyceum.example%2Fxapi%2F&fetch=https%3A%2F%2Flyceum.example%2Fcmi5%2Ffetch%2Flyf_...&actor=%7B...%7D&registration=0193c0de-3c4d-7e5f-8a6b-7c8d9e0f1a2b&activityId=https%3A%2F%2Flyceum.example%2Fxapi%2Factivities%2Fcmi5%2F0193c0de-7a8b-7c9d-8e0f-1a2b3c4d5e6f%2Faus%2F0".into(),
            launch_method: "AnyWindow".into(),
            launch_mode: "Normal".into(),
            session_id: uuid::uuid!("0193c0de-9a8b-7c6d-8e5f-4a3b2c1d0e9f"),
            registration: uuid::uuid!("0193c0de-3c4d-7e5f-8a6b-7c8d9e0f1a2b"),
            activity_id: "https://lyceum.example/xapi/activities/cmi5/0193c0de-7a8b-7c9d-8e0f-1a2b3c4d5e6f/aus/0".into(),
            expires_at: super::views::example_time("2026-12-06T21:00:00Z"),
        }
    }
}

/// An AU to waive for the enrollment's learner.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct Cmi5WaiverInput {
    /// A `cmi5` lesson of the enrollment's course.
    pub lesson_id: uuid::Uuid,
    /// Why (cmi5 §9.5.5.2): `Tested Out`, `Equivalent AU`, `Equivalent Outside Activity` or
    /// `Administrative` (any text of 1-200 characters is taken).
    pub reason: String,
}

impl Example for Cmi5WaiverInput {
    fn example() -> Self {
        Cmi5WaiverInput { lesson_id: super::views::example_ids::LESSON, reason: "Tested Out".into() }
    }
}

/// A `cmi5` lesson's AU (read-only: it comes from the imported package).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Cmi5LessonView {
    pub package_id: uuid::Uuid,
    /// The AU's id in the course structure.
    pub publisher_id: String,
    /// The activity id Lyceum generated for the AU.
    pub activity_id: String,
    /// A path within the package, or the AU's own absolute URL.
    pub url: String,
    /// `Passed`, `Completed`, `CompletedAndPassed`, `CompletedOrPassed` or `NotApplicable`.
    pub move_on: String,
    pub mastery_score: Option<f64>,
    /// `AnyWindow` or `OwnWindow`.
    pub launch_method: String,
    pub launch_parameters: Option<String>,
}

impl Example for Cmi5LessonView {
    fn example() -> Self {
        Cmi5LessonView {
            package_id: uuid::uuid!("0193c0de-7a8b-7c9d-8e0f-1a2b3c4d5e6f"),
            publisher_id: "https://content.example.com/safety/aus/quiz".into(),
            activity_id: "https://lyceum.example/xapi/activities/cmi5/0193c0de-7a8b-7c9d-8e0f-1a2b3c4d5e6f/aus/0"
                .into(),
            url: "quiz/index.html".into(),
            move_on: "CompletedAndPassed".into(),
            mastery_score: Some(0.8),
            launch_method: "AnyWindow".into(),
            launch_parameters: None,
        }
    }
}

impl From<&lyceum_core::courses::content::Cmi5Content> for Cmi5LessonView {
    fn from(c: &lyceum_core::courses::content::Cmi5Content) -> Self {
        Cmi5LessonView {
            package_id: c.package_id.as_uuid(),
            publisher_id: c.publisher_id.clone(),
            activity_id: c.activity_id.clone(),
            url: c.url.clone(),
            move_on: c.move_on.clone(),
            mastery_score: c.mastery_score,
            launch_method: c.launch_method.clone(),
            launch_parameters: c.launch_parameters.clone(),
        }
    }
}

#[derive(ApiResponse)]
pub enum PackageImported {
    /// Imported: the draft course.
    #[oai(status = 201)]
    Created(Json<Cmi5PackageView>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum Cmi5Launched {
    /// The launch is ready: open `url`.
    #[oai(status = 200)]
    Ok(Json<Cmi5LaunchView>, #[oai(header = "Cache-Control")] String),
}

#[OpenApi(tag = "Tag::Xapi")]
impl Cmi5Api {
    /// Import a cmi5 package
    ///
    /// Makes a draft course from a cmi5 course package (a zip with `cmi5.xml` at its root, cmi5 §14)
    /// uploaded with `POST /v1/files`: each AU becomes a `cmi5` lesson, each run of AUs under one
    /// top-level block a module; blocks, `moveOn` and the mastery scores are kept. The package's
    /// files are kept to serve the AUs. At most 10,000 files and 1 GiB unpacked. 400 for a package
    /// that breaks the specification (naming what), for example an AU whose relative URL names no
    /// file of the package. Staff who edit courses (`courses:write`).
    #[oai(path = "/cmi5-packages", method = "post", operation_id = "cmi5_package_import")]
    async fn cmi5_package_import(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of acting
        /// twice (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<ImportCmi5Package>,
    ) -> Result<PackageImported, ApiError> {
        let imported = import::import(&state.core, &auth.0, body.0.file_id.into()).await?;
        let course = imported.course.id;
        Ok(PackageImported::Created(Json(imported.into()), format!("/v1/courses/{course}")))
    }

    /// Launch a cmi5 AU
    ///
    /// For a learner enrolled in the course (the registration is the enrollment): abandons the
    /// registration's open sessions, writes `LMS.LaunchData` and the `launched` statement, and answers
    /// the launch URL with `endpoint`, `fetch`, `actor`, `registration` and `activityId` (cmi5 §8). The
    /// AU posts to the fetch URL once for its auth-token and sends its statements to `/xapi`; they
    /// drive the lesson's progress by the AU's `moveOn`. 409 `lesson_not_cmi5`; 403 `not_enrolled`.
    #[oai(path = "/lessons/:id/cmi5-launch", method = "post", operation_id = "cmi5_lesson_launch")]
    async fn cmi5_lesson_launch(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<Cmi5LaunchInput>,
    ) -> Result<Cmi5Launched, ApiError> {
        let l = launch::launch(&state.core, &auth.0, id.0.into(), body.0.launch_mode, body.0.return_url).await?;
        Ok(Cmi5Launched::Ok(
            Json(Cmi5LaunchView {
                url: l.url,
                launch_method: l.launch_method,
                launch_mode: l.launch_mode,
                session_id: l.session_id.as_uuid(),
                registration: l.registration.as_uuid(),
                activity_id: l.activity_id,
                expires_at: l.expires_at.into(),
            }),
            "no-store".into(),
        ))
    }

    /// Waive a cmi5 AU
    ///
    /// Marks an AU as met for the enrollment's learner by other means (cmi5 §9.3.7): a `waived`
    /// statement with the reason; the AU is then satisfied and its lesson completed. Staff who may act
    /// on the enrollment. 409 `cmi5_already_waived`, `cmi5_already_satisfied`.
    #[oai(path = "/enrollments/:id/cmi5-waivers", method = "post", operation_id = "cmi5_au_waive")]
    async fn cmi5_au_waive(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<Cmi5WaiverInput>,
    ) -> Result<NoContent, ApiError> {
        outcomes::waive(&state.core, &auth.0, id.0.into(), body.0.lesson_id.into(), &body.0.reason).await?;
        Ok(NoContent::Done)
    }
}
