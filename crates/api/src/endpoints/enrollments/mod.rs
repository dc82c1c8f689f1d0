//! Enrollments and progress: `GET/POST /v1/courses/{id}/enrollments`, `.../enrollments/bulk`,
//! `GET/PATCH/DELETE /v1/enrollments/{id}`, `GET /v1/users/{id}/enrollments`, `GET /v1/me/enrollments`,
//! `GET /v1/enrollments/{id}/progress`, `PUT /v1/enrollments/{id}/progress/{lesson_id}` and
//! `GET /v1/operations/{id}`.

mod views;

use chrono::{DateTime, Utc};
use lyceum_core::{
    enrollments::{
        self,
        bulk::{self, BulkInput},
        progress::{self, ProgressInput},
        EnrollInput, EnrollmentChanges, EnrollmentFilter, EnrollmentStatus,
    },
    operations,
    pagination::{Page, PageRequest},
    Error,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::{Example, MaybeUndefined},
    ApiResponse, Object, OpenApi,
};

pub(crate) use self::views::{EnrollmentList, EnrollmentView, OperationView, ProgressRecorded, ProgressView};
use super::{auth::NoContent, views::etag, Tag};
use crate::http::if_match::IfMatch;
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};
pub(crate) use OperationAccepted as Accepted;

pub struct EnrollmentsApi;

/// A user to enrol.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateEnrollment {
    pub user_id: uuid::Uuid,
    /// When the learner should have completed the course (in the future).
    pub due_at: Option<DateTime<Utc>>,
    /// Email the learner about the enrollment (default true).
    pub notify: Option<bool>,
    /// Your own key for the enrollment (a student information system's), unique in the institution.
    pub external_id: Option<String>,
}

impl Example for CreateEnrollment {
    fn example() -> Self {
        CreateEnrollment {
            user_id: uuid::Uuid::nil(),
            due_at: None,
            notify: Some(true),
            external_id: Some("CHEM-101-S-2026-0042".into()),
        }
    }
}

/// Many users to enrol: `user_ids` or `emails` (not both), up to 10,000 rows.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct BulkEnrollment {
    /// User ids (UUIDs). A row that is not a user id is reported, not fatal.
    pub user_ids: Option<Vec<String>>,
    /// Email addresses of existing users.
    pub emails: Option<Vec<String>>,
    pub due_at: Option<DateTime<Utc>>,
    /// Email each newly enrolled learner (default true).
    pub notify: Option<bool>,
}

impl Example for BulkEnrollment {
    fn example() -> Self {
        BulkEnrollment {
            user_ids: None,
            emails: Some(vec!["ada@acme.test".into(), "grace@acme.test".into()]),
            due_at: None,
            notify: Some(false),
        }
    }
}

/// Changes to an enrollment; absent fields stay as they are.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateEnrollment {
    /// A new due date, or `null` to clear it.
    #[serde(default)]
    pub due_at: MaybeUndefined<DateTime<Utc>>,
    /// `dropped` to drop, `active` to reactivate a dropped enrollment (needs a free seat).
    pub status: Option<String>,
}

impl poem_openapi::types::Example for UpdateEnrollment {
    fn example() -> Self {
        UpdateEnrollment {
            due_at: MaybeUndefined::Value("2027-01-31T17:00:00Z".parse().expect("a valid time")),
            status: None,
        }
    }
}

/// Progress on one lesson.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct RecordProgress {
    /// `started` or `completed`. A completed lesson stays completed; a quiz completes by passing an
    /// attempt.
    pub status: String,
    /// 0-100, for lessons scored outside Lyceum (quizzes score through their attempts).
    pub score: Option<i64>,
    /// Total time on the lesson so far, in seconds (not an increment: repeating the call is harmless).
    pub time_spent_seconds: Option<i64>,
}

impl Example for RecordProgress {
    fn example() -> Self {
        RecordProgress { status: "completed".into(), score: None, time_spent_seconds: Some(420) }
    }
}

#[derive(ApiResponse)]
pub enum EnrollmentResponse {
    /// The enrollment.
    #[oai(status = 200)]
    Ok(Json<EnrollmentView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum EnrollmentCreated {
    /// Enrolled.
    #[oai(status = 201)]
    Created(Json<EnrollmentView>, #[oai(header = "Location")] String, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum EnrollmentListResponse {
    /// A page of enrollments in creation order.
    #[oai(status = 200)]
    Ok(Json<EnrollmentList>),
}

#[derive(ApiResponse)]
pub(crate) enum OperationAccepted {
    /// Accepted: the operation runs in the background; poll its `Location`.
    #[oai(status = 202)]
    Accepted(Json<OperationView>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum OperationResponse {
    /// The operation and its progress.
    #[oai(status = 200)]
    Ok(Json<OperationView>),
}

#[derive(ApiResponse)]
pub enum ProgressResponse {
    /// Progress over every lesson of the course.
    #[oai(status = 200)]
    Ok(Json<ProgressView>),
}

#[derive(ApiResponse)]
pub enum ProgressRecordedResponse {
    /// Recorded.
    #[oai(status = 200)]
    Ok(Json<ProgressRecorded>),
}

fn parse_status(s: Option<&str>) -> Result<Option<EnrollmentStatus>, Error> {
    match s {
        None => Ok(None),
        Some(s) => EnrollmentStatus::parse(s)
            .map(Some)
            .ok_or_else(|| Error::invalid("status", "must be active, completed or dropped")),
    }
}

fn list_response(page: Page<enrollments::Enrollment>) -> EnrollmentListResponse {
    EnrollmentListResponse::Ok(Json(EnrollmentList {
        items: page.items.iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[OpenApi(tag = "Tag::Enrollments")]
impl EnrollmentsApi {
    /// List a course's enrollments
    ///
    /// In creation order; filter by `status`. Needs `enrollments:read`.
    #[oai(path = "/courses/:id/enrollments", method = "get", operation_id = "enrollment_list")]
    async fn enrollment_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// `active`, `completed` or `dropped`.
        status: Query<Option<String>>,
        /// Only the enrollment with this external id.
        external_id: Query<Option<String>>,
    ) -> Result<EnrollmentListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let filter = EnrollmentFilter {
            course_id: Some(id.0.into()),
            user_id: None,
            status: parse_status(status.0.as_deref())?,
            external_id: external_id.0,
        };
        Ok(list_response(enrollments::list(&state.core, &auth.0, filter, page).await?))
    }

    /// Enrol a user
    ///
    /// Enrols a user in a published course (409 `course_not_published` otherwise). A seat is a distinct
    /// user with an active enrollment: a new learner when every seat is taken is 402
    /// `seat_limit_reached`. Enrolling someone already enrolled is 409 `already_enrolled`; a dropped
    /// enrollment is reactivated with its progress. Needs `enrollments:write`.
    #[oai(path = "/courses/:id/enrollments", method = "post", operation_id = "enrollment_create")]
    async fn enrollment_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of acting
        /// twice (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateEnrollment>,
    ) -> Result<EnrollmentCreated, ApiError> {
        let b = body.0;
        let e = enrollments::enroll(
            &state.core,
            &auth.0,
            id.0.into(),
            EnrollInput {
                user_id: b.user_id.into(),
                due_at: b.due_at.map(Into::into),
                notify: b.notify.unwrap_or(true),
                external_id: b.external_id,
            },
        )
        .await?;
        Ok(EnrollmentCreated::Created(Json((&e).into()), format!("/v1/enrollments/{}", e.id), etag(e.version)))
    }

    /// Enrol many users
    ///
    /// Accepts up to 10,000 user ids or emails and answers 202 with an operation; a worker enrols them
    /// and `GET /v1/operations/{id}` reports progress and the rows that failed (unknown user, disabled
    /// user, no seat). Users already enrolled are `skipped`, so repeating a request is harmless. Needs
    /// `enrollments:write`.
    #[oai(path = "/courses/:id/enrollments/bulk", method = "post", operation_id = "enrollment_bulk_create")]
    async fn enrollment_bulk_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe (see `enrollment_create`).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<BulkEnrollment>,
    ) -> Result<OperationAccepted, ApiError> {
        let b = body.0;
        let op = bulk::start(
            &state.core,
            &auth.0,
            id.0.into(),
            BulkInput {
                user_ids: b.user_ids,
                emails: b.emails,
                due_at: b.due_at.map(Into::into),
                notify: b.notify.unwrap_or(true),
            },
        )
        .await?;
        Ok(OperationAccepted::Accepted(Json((&op).into()), format!("/v1/operations/{}", op.id)))
    }

    /// View an operation
    ///
    /// Progress of background work: a bulk enrollment (needs `enrollments:read` or `enrollments:write`)
    /// or a user import (`users:read` or `users:write`).
    #[oai(path = "/operations/:id", method = "get", operation_id = "operation_view", tag = "Tag::Operations")]
    async fn operation_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<OperationResponse, ApiError> {
        let op = operations::view(&state.core, &auth.0, id.0.into()).await?;
        Ok(OperationResponse::Ok(Json((&op).into())))
    }

    /// View an enrollment
    ///
    /// With its progress summary and next lesson. Its learner may view it; others need
    /// `enrollments:read`.
    #[oai(path = "/enrollments/:id", method = "get", operation_id = "enrollment_view")]
    async fn enrollment_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<EnrollmentResponse, ApiError> {
        let e = enrollments::view(&state.core, &auth.0, id.0.into()).await?;
        Ok(EnrollmentResponse::Ok(Json((&e).into()), etag(e.version)))
    }

    /// Update an enrollment
    ///
    /// Changes the due date (`null` clears it), drops (`status: dropped`) or reactivates
    /// (`status: active`, needs a free seat) an enrollment. A completed enrollment keeps its status (409
    /// `enrollment_completed`). With `If-Match`, a stale version is 412. Needs `enrollments:write`.
    #[oai(path = "/enrollments/:id", method = "patch", operation_id = "enrollment_update")]
    async fn enrollment_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `ETag` you last saw; the update fails with 412 if the enrollment changed since.
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateEnrollment>,
    ) -> Result<EnrollmentResponse, ApiError> {
        let expected = if_match.0;
        let b = body.0;
        let status = match b.status.as_deref() {
            None => None,
            Some("active") => Some(EnrollmentStatus::Active),
            Some("dropped") => Some(EnrollmentStatus::Dropped),
            Some(_) => return Err(Error::invalid("status", "must be `active` or `dropped`").into()),
        };
        let due_at = match b.due_at {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(d) => Some(Some(d.into())),
        };
        let e = enrollments::update(&state.core, &auth.0, id.0.into(), EnrollmentChanges { due_at, status }, expected)
            .await?;
        Ok(EnrollmentResponse::Ok(Json((&e).into()), etag(e.version)))
    }

    /// Drop an enrollment
    ///
    /// Drops the enrollment: its seat is freed when it was the learner's last active one; progress and
    /// attempts are kept, and `PATCH` with `status: active` brings it back. A completed enrollment
    /// cannot be dropped (409 `enrollment_completed`). Needs `enrollments:write`.
    #[oai(path = "/enrollments/:id", method = "delete", operation_id = "enrollment_delete")]
    async fn enrollment_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        enrollments::drop_enrollment(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// List a user's enrollments
    ///
    /// In creation order; filter by `status`. Users may list their own; others need
    /// `enrollments:read`.
    #[oai(path = "/users/:id/enrollments", method = "get", operation_id = "user_enrollment_list")]
    async fn user_enrollment_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// `active`, `completed` or `dropped`.
        status: Query<Option<String>>,
        /// Only the enrollment with this external id.
        external_id: Query<Option<String>>,
    ) -> Result<EnrollmentListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let filter = EnrollmentFilter {
            course_id: None,
            user_id: Some(id.0.into()),
            status: parse_status(status.0.as_deref())?,
            external_id: external_id.0,
        };
        Ok(list_response(enrollments::list(&state.core, &auth.0, filter, page).await?))
    }

    /// List my enrollments
    ///
    /// The signed-in user's enrollments, each with its progress percentage and the next lesson to take.
    /// Needs a user session (an API key has no enrollments of its own: 403 `not_a_user`).
    #[oai(path = "/me/enrollments", method = "get", operation_id = "me_enrollment_list")]
    async fn me_enrollment_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// `active`, `completed` or `dropped`.
        status: Query<Option<String>>,
    ) -> Result<EnrollmentListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let status = parse_status(status.0.as_deref())?;
        Ok(list_response(enrollments::list_mine(&state.core, &auth.0, status, page).await?))
    }

    /// View an enrollment's progress
    ///
    /// Every lesson of the course in outline order with its status (`not_started`, `started`,
    /// `completed`), score and time spent. Its learner may view it; others need `enrollments:read`.
    #[oai(path = "/enrollments/:id/progress", method = "get", operation_id = "progress_list")]
    async fn progress_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ProgressResponse, ApiError> {
        let r = progress::report(&state.core, &auth.0, id.0.into()).await?;
        Ok(ProgressResponse::Ok(Json((&r).into())))
    }

    /// Record progress on a lesson
    ///
    /// Idempotent: repeating the call leaves the same state. When the last counted lesson completes,
    /// the enrollment becomes `completed` (exactly once), and a certificate is issued in the background.
    /// A lesson of another course is 400; a quiz completes only by passing an attempt (409
    /// `quiz_not_passed`); a dropped enrollment is 409 `enrollment_dropped`. Its learner may record;
    /// others need `enrollments:write`.
    #[oai(path = "/enrollments/:id/progress/:lesson_id", method = "put", operation_id = "progress_update")]
    async fn progress_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        lesson_id: Path<uuid::Uuid>,
        body: JsonBody<RecordProgress>,
    ) -> Result<ProgressRecordedResponse, ApiError> {
        let b = body.0;
        let (lesson, enrollment) = progress::record(
            &state.core,
            &auth.0,
            id.0.into(),
            lesson_id.0.into(),
            ProgressInput { status: b.status, score: b.score, time_spent_seconds: b.time_spent_seconds },
        )
        .await?;
        Ok(ProgressRecordedResponse::Ok(Json(ProgressRecorded {
            lesson: (&lesson).into(),
            enrollment: (&enrollment).into(),
        })))
    }
}
