//! How a course is taught: its staff (`GET/POST /v1/courses/{id}/staff`,
//! `DELETE /v1/courses/{id}/staff/{user_id}`), rubrics (`GET/POST /v1/courses/{id}/rubrics`,
//! `GET/PATCH/DELETE /v1/rubrics/{id}`), assignment groups (`GET/POST /v1/courses/{id}/assignment-groups`,
//! `PATCH/DELETE /v1/assignment-groups/{id}`) and letter-grade scale (`GET/PUT
//! /v1/courses/{id}/grading-scale`).

mod views;

use lyceum_core::{
    courses::{
        grading::{self, ScaleStep},
        rubrics::{self, Rubric},
    },
    identity::staff::{self, StaffRole},
    pagination::PageRequest,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, OpenApi,
};

use super::{auth::NoContent, views::etag, Tag};
use crate::{
    http::{auth::BearerAuth, if_match::IfMatch, json::JsonBody, problem::ApiError},
    AppState,
};

pub(crate) use self::views::*;

pub struct TeachingApi;

#[derive(ApiResponse)]
pub enum StaffListResponse {
    /// The course's staff in user id order.
    #[oai(status = 200)]
    Ok(Json<StaffList>),
}

#[derive(ApiResponse)]
pub enum StaffAdded {
    /// The person is on the course's staff, in the role asked.
    #[oai(status = 200)]
    Ok(Json<StaffMemberView>),
}

#[derive(ApiResponse)]
pub enum RubricListResponse {
    #[oai(status = 200)]
    Ok(Json<RubricList>),
}

#[derive(ApiResponse)]
pub enum RubricCreated {
    #[oai(status = 201)]
    Created(Json<RubricView>, #[oai(header = "Location")] String, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum RubricResponse {
    #[oai(status = 200)]
    Ok(Json<RubricView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum AssignmentGroupListResponse {
    #[oai(status = 200)]
    Ok(Json<AssignmentGroupList>),
}

#[derive(ApiResponse)]
pub enum AssignmentGroupCreated {
    #[oai(status = 201)]
    Created(Json<AssignmentGroupView>),
}

#[derive(ApiResponse)]
pub enum AssignmentGroupResponse {
    #[oai(status = 200)]
    Ok(Json<AssignmentGroupView>),
}

#[derive(ApiResponse)]
pub enum GradingScaleResponse {
    #[oai(status = 200)]
    Ok(Json<GradingScaleView>),
}

fn rubric_response(r: Rubric) -> RubricResponse {
    let tag = etag(r.version);
    RubricResponse::Ok(Json(r.into()), tag)
}

fn staff_role(s: &str) -> lyceum_core::Result<StaffRole> {
    StaffRole::parse(s)
        .ok_or_else(|| lyceum_core::Error::invalid("role", "must be `instructor` or `teaching_assistant`"))
}

#[OpenApi(tag = "Tag::Teaching")]
impl TeachingApi {
    /// List a course's staff
    ///
    /// Its instructors and teaching assistants. Needs `enrollments:read`, or being on the staff.
    #[oai(path = "/courses/:id/staff", method = "get", operation_id = "course_staff_list")]
    async fn course_staff_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<StaffListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let page = staff::list(&state.core, &auth.0, id.0.into(), page).await?;
        Ok(StaffListResponse::Ok(Json(page.map(StaffMemberView::from).into())))
    }

    /// Add to a course's staff
    ///
    /// Adds someone as `instructor` or `teaching_assistant`, or changes their part. Owners and admins
    /// add anyone; an instructor of the course adds teaching assistants (403 `not_course_admin`
    /// otherwise). An instructor must hold the instructor, admin or owner role (422 `not_an_instructor`).
    #[oai(path = "/courses/:id/staff", method = "post", operation_id = "course_staff_add")]
    async fn course_staff_add(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<AddStaffMember>,
    ) -> Result<StaffAdded, ApiError> {
        let role = staff_role(&body.0.role)?;
        let m = staff::add(&state.core, &auth.0, id.0.into(), body.0.user_id.into(), role).await?;
        Ok(StaffAdded::Ok(Json(m.into())))
    }

    /// Remove from a course's staff
    ///
    /// Owners and admins remove anyone; an instructor of the course removes teaching assistants.
    #[oai(path = "/courses/:id/staff/:user_id", method = "delete", operation_id = "course_staff_remove")]
    async fn course_staff_remove(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        user_id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        staff::remove(&state.core, &auth.0, id.0.into(), user_id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// List a course's rubrics
    ///
    /// Needs `courses:read`.
    #[oai(path = "/courses/:id/rubrics", method = "get", operation_id = "rubric_list")]
    async fn rubric_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<RubricListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let page = rubrics::list(&state.core, &auth.0, id.0.into(), page).await?;
        Ok(RubricListResponse::Ok(Json(page.map(RubricView::from).into())))
    }

    /// Create a rubric
    ///
    /// Criteria with levels (points per level) to grade a course's assignments with. Instructors of
    /// the course, admins and owners.
    #[oai(path = "/courses/:id/rubrics", method = "post", operation_id = "rubric_create")]
    async fn rubric_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<CreateRubric>,
    ) -> Result<RubricCreated, ApiError> {
        let b = body.0;
        let r = rubrics::create(&state.core, &auth.0, id.0.into(), b.title, criteria_in(b.criteria)).await?;
        let location = format!("/v1/rubrics/{}", r.id);
        let tag = etag(r.version);
        Ok(RubricCreated::Created(Json(r.into()), location, tag))
    }

    /// View a rubric
    ///
    /// Needs `courses:read`.
    #[oai(path = "/rubrics/:id", method = "get", operation_id = "rubric_view")]
    async fn rubric_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<RubricResponse, ApiError> {
        Ok(rubric_response(rubrics::view(&state.core, &auth.0, id.0.into()).await?))
    }

    /// Update a rubric
    ///
    /// Grades already given keep the levels (and points) they selected. With `If-Match`, a stale version
    /// is 412.
    #[oai(path = "/rubrics/:id", method = "patch", operation_id = "rubric_update")]
    async fn rubric_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `ETag` you last saw (412 if stale).
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateRubric>,
    ) -> Result<RubricResponse, ApiError> {
        let b = body.0;
        let r = rubrics::update(&state.core, &auth.0, id.0.into(), b.title, b.criteria.map(criteria_in), if_match.0)
            .await?;
        Ok(rubric_response(r))
    }

    /// Delete a rubric
    ///
    /// 409 `rubric_in_use` while an assignment uses it.
    #[oai(path = "/rubrics/:id", method = "delete", operation_id = "rubric_delete")]
    async fn rubric_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        rubrics::delete(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// List a course's assignment groups
    ///
    /// Needs `courses:read`.
    #[oai(path = "/courses/:id/assignment-groups", method = "get", operation_id = "assignment_group_list")]
    async fn assignment_group_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<AssignmentGroupListResponse, ApiError> {
        let items = grading::list_groups(&state.core, &auth.0, id.0.into()).await?;
        Ok(AssignmentGroupListResponse::Ok(Json(AssignmentGroupList {
            items: items.into_iter().map(Into::into).collect(),
        })))
    }

    /// Create an assignment group
    ///
    /// A weighted category of the course's quizzes and assignments (at most 50 per course: 409
    /// `too_many_groups`). Lessons join it with `assignment_group_id`.
    #[oai(path = "/courses/:id/assignment-groups", method = "post", operation_id = "assignment_group_create")]
    async fn assignment_group_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<CreateAssignmentGroup>,
    ) -> Result<AssignmentGroupCreated, ApiError> {
        let g = grading::create_group(&state.core, &auth.0, id.0.into(), body.0.name, body.0.weight).await?;
        Ok(AssignmentGroupCreated::Created(Json(g.into())))
    }

    /// Update an assignment group
    #[oai(path = "/assignment-groups/:id", method = "patch", operation_id = "assignment_group_update")]
    async fn assignment_group_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<UpdateAssignmentGroup>,
    ) -> Result<AssignmentGroupResponse, ApiError> {
        let g = grading::update_group(&state.core, &auth.0, id.0.into(), body.0.name, body.0.weight).await?;
        Ok(AssignmentGroupResponse::Ok(Json(g.into())))
    }

    /// Delete an assignment group
    ///
    /// Its lessons stay, in no group.
    #[oai(path = "/assignment-groups/:id", method = "delete", operation_id = "assignment_group_delete")]
    async fn assignment_group_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        grading::delete_group(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// View a course's grading scale
    ///
    /// The letters scores earn, highest first. Needs `courses:read`.
    #[oai(path = "/courses/:id/grading-scale", method = "get", operation_id = "grading_scale_view")]
    async fn grading_scale_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<GradingScaleResponse, ApiError> {
        let scale = grading::view_scale(&state.core, &auth.0, id.0.into()).await?;
        Ok(GradingScaleResponse::Ok(Json(GradingScaleView { scale: scale_view(scale) })))
    }

    /// Set a course's grading scale
    ///
    /// `null` restores the default. Instructors of the course, admins and owners.
    #[oai(path = "/courses/:id/grading-scale", method = "put", operation_id = "grading_scale_set")]
    async fn grading_scale_set(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<SetGradingScale>,
    ) -> Result<GradingScaleResponse, ApiError> {
        let scale = body
            .0
            .scale
            .map(|s| s.into_iter().map(|s| ScaleStep { letter: s.letter, min_score: s.min_score }).collect());
        let scale = grading::set_scale(&state.core, &auth.0, id.0.into(), scale).await?;
        Ok(GradingScaleResponse::Ok(Json(GradingScaleView { scale: scale_view(scale) })))
    }
}
