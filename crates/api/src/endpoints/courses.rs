//! Courses: `GET/POST /v1/courses`, `GET/PATCH/DELETE /v1/courses/{id}`, `POST .../publish` and
//! `.../archive`.

use chrono::{DateTime, Utc};
use lyceum_core::{
    courses::{self, CourseFilter, CourseInput, CourseStatus},
    pagination::PageRequest,
    Error,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::{Example, MaybeUndefined},
    ApiResponse, Object, OpenApi,
};

use super::{
    auth::NoContent,
    course_views::{CourseList, CourseView},
    views::etag,
    Tag,
};
use crate::http::if_match::IfMatch;
use crate::{
    http::{
        auth::BearerAuth,
        json::JsonBody,
        problem::ApiError,
        rendered::{render, Coding, RenderedJson},
    },
    AppState,
};

pub struct CoursesApi;

/// A course to create (as a draft).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateCourse {
    /// 1-200 characters.
    pub title: String,
    /// Up to 10,000 characters.
    pub description: Option<String>,
    /// Unique within the institution (`^[a-z0-9][a-z0-9-]{1,62}$`); made from the title when absent.
    pub slug: Option<String>,
    /// Your own key for the course (a student information system's), unique in the institution.
    pub external_id: Option<String>,
}

impl Example for CreateCourse {
    fn example() -> Self {
        CreateCourse {
            title: "Intro to Chemistry".into(),
            description: Some("Atoms, bonds and reactions.".into()),
            slug: None,
            external_id: Some("CHEM-101".into()),
        }
    }
}

/// Changes to a course; absent fields stay as they are.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateCourse {
    pub title: Option<String>,
    pub description: Option<String>,
    pub slug: Option<String>,
    /// `null` clears it.
    #[serde(default)]
    pub external_id: MaybeUndefined<String>,
}

impl poem_openapi::types::Example for UpdateCourse {
    fn example() -> Self {
        UpdateCourse {
            title: Some("Chemistry 101 (2027)".into()),
            description: Some("Atoms, bonds and reactions.".into()),
            slug: None,
            external_id: MaybeUndefined::Undefined,
        }
    }
}

#[derive(ApiResponse)]
pub enum CourseResponse {
    /// The course.
    #[oai(status = 200)]
    Ok(RenderedJson<CourseView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum CourseCreated {
    /// Created (as a draft).
    #[oai(status = 201)]
    Created(Json<CourseView>, #[oai(header = "Location")] String, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum CourseListResponse {
    /// A page of courses in creation order.
    #[oai(status = 200)]
    Ok(RenderedJson<CourseList>),
}

fn course_response(c: &courses::Course) -> CourseResponse {
    CourseResponse::Ok(RenderedJson::render(&CourseView::from(c)), etag(c.version))
}

#[OpenApi(tag = "Tag::Courses")]
impl CoursesApi {
    /// List courses
    ///
    /// The catalog in creation order. Learners see published courses only. Filters: `status`, `q` (part
    /// of the title, case-insensitive), `updated_since`. Needs `courses:read`.
    #[oai(path = "/courses", method = "get", operation_id = "course_list")]
    async fn course_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        req: &poem::Request,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// `draft`, `published` or `archived`.
        status: Query<Option<String>>,
        /// Part of the title (case-insensitive).
        q: Query<Option<String>>,
        /// Only courses changed at or after this time (RFC 3339).
        updated_since: Query<Option<DateTime<Utc>>>,
        /// Only the course with this external id.
        external_id: Query<Option<String>>,
    ) -> Result<CourseListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let status = match status.0.as_deref() {
            None => None,
            Some(s) => Some(
                CourseStatus::parse(s)
                    .ok_or_else(|| Error::invalid("status", "must be draft, published or archived"))?,
            ),
        };
        let filter = CourseFilter {
            status,
            q: q.0.filter(|s| !s.is_empty()),
            updated_since: updated_since.0.map(Into::into),
            external_id: external_id.0,
        };
        let page = courses::list(&state.core, &auth.0, filter, page).await?;
        let body = RenderedJson::cached(&page, Coding::of(req), |p| {
            render(&CourseList {
                items: p.items.iter().map(CourseView::from).collect(),
                next_cursor: p.next_cursor.clone(),
            })
        });
        Ok(CourseListResponse::Ok(body))
    }

    /// Create a course
    ///
    /// Creates a draft course. Needs `courses:write`. 409 `slug_taken` if another course has the slug.
    #[oai(path = "/courses", method = "post", operation_id = "course_create")]
    async fn course_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of acting
        /// twice (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateCourse>,
    ) -> Result<CourseCreated, ApiError> {
        let b = body.0;
        let c = courses::create(
            &state.core,
            &auth.0,
            CourseInput {
                title: Some(b.title),
                description: b.description,
                slug: b.slug,
                external_id: b.external_id.map(Some),
            },
        )
        .await?;
        Ok(CourseCreated::Created(Json((&c).into()), format!("/v1/courses/{}", c.id), etag(c.version)))
    }

    /// View a course
    ///
    /// With `?include=outline`, the response also holds the modules and their lessons in order (one
    /// call for the whole structure). Learners see published courses only, and quizzes without answers.
    #[oai(path = "/courses/:id", method = "get", operation_id = "course_view")]
    async fn course_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
        /// `outline` to include modules and lessons.
        include: Query<Option<String>>,
    ) -> Result<CourseResponse, ApiError> {
        let coding = Coding::of(req);
        // A compressed body is another representation of the same version: its ETag is weak.
        let tagged = |body: RenderedJson<CourseView>, version: i64| {
            let tag = if body.is_gzip() { format!("W/{}", etag(version)) } else { etag(version) };
            CourseResponse::Ok(body, tag)
        };
        match include.0.as_deref() {
            None => {
                let c = courses::view(&state.core, &auth.0, id.0.into()).await?;
                let body = RenderedJson::cached(&c, coding, |c| render(&CourseView::from(c)));
                Ok(tagged(body, c.version))
            }
            Some("outline") => {
                let o = courses::outline(&state.core, &auth.0, id.0.into()).await?;
                let body = RenderedJson::cached(&o, coding, |o| render(&CourseView::from(o)));
                Ok(tagged(body, o.course.version))
            }
            Some(_) => Err(Error::invalid("include", "must be `outline`").into()),
        }
    }

    /// Update a course
    ///
    /// Changes title, description or slug. With `If-Match`, a stale version answers 412.
    #[oai(path = "/courses/:id", method = "patch", operation_id = "course_update")]
    async fn course_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `ETag` you last saw; the update fails with 412 if the course changed since.
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateCourse>,
    ) -> Result<CourseResponse, ApiError> {
        let expected = if_match.0;
        let b = body.0;
        let c = courses::update(
            &state.core,
            &auth.0,
            id.0.into(),
            CourseInput {
                title: b.title,
                description: b.description,
                slug: b.slug,
                external_id: match b.external_id {
                    MaybeUndefined::Undefined => None,
                    MaybeUndefined::Null => Some(None),
                    MaybeUndefined::Value(x) => Some(Some(x)),
                },
            },
            expected,
        )
        .await?;
        Ok(course_response(&c))
    }

    /// Delete a course
    ///
    /// Deletes a draft that was never published, with its modules and lessons. A course that was ever
    /// published is archived instead, so learners' records stay.
    #[oai(path = "/courses/:id", method = "delete", operation_id = "course_delete")]
    async fn course_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        courses::delete(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// Publish a course
    ///
    /// Makes the course visible to learners. It needs at least one lesson (409 `course_empty`).
    #[oai(path = "/courses/:id/publish", method = "post", operation_id = "course_publish")]
    async fn course_publish(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe (see `course_create`).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
    ) -> Result<CourseResponse, ApiError> {
        let c = courses::publish(&state.core, &auth.0, id.0.into()).await?;
        Ok(course_response(&c))
    }

    /// Archive a course
    ///
    /// Hides the course from learners; nothing is deleted.
    #[oai(path = "/courses/:id/archive", method = "post", operation_id = "course_archive")]
    async fn course_archive(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe (see `course_create`).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
    ) -> Result<CourseResponse, ApiError> {
        let c = courses::archive(&state.core, &auth.0, id.0.into()).await?;
        Ok(course_response(&c))
    }
}
