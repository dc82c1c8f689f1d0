//! Reports: `GET /v1/reports/courses/{id}` and `GET /v1/reports/courses/{id}/learners`.

mod views;

use lyceum_core::{enrollments::EnrollmentStatus, pagination::PageRequest, reports, Error};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, OpenApi,
};

pub(crate) use self::views::{CourseReportView, LearnerList};
use super::Tag;
use crate::{
    http::{auth::BearerAuth, problem::ApiError},
    AppState,
};

pub struct ReportsApi;

#[derive(ApiResponse)]
pub enum CourseReportResponse {
    /// The course's totals.
    #[oai(status = 200)]
    Ok(Json<CourseReportView>),
}

#[derive(ApiResponse)]
pub enum LearnerListResponse {
    /// A page of the course's learners, in enrollment order.
    #[oai(status = 200)]
    Ok(Json<LearnerList>),
}

#[OpenApi(tag = "Tag::Reports")]
impl ReportsApi {
    /// Report on a course
    ///
    /// Enrolled, active, completed and dropped counts, completion rate, average score, average time
    /// spent and overdue enrollments, computed with one aggregate query. Needs `enrollments:read`.
    #[oai(path = "/reports/courses/:id", method = "get", operation_id = "report_course_view")]
    async fn report_course_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<CourseReportResponse, ApiError> {
        let r = reports::course(&state.core, &auth.0, id.0.into()).await?;
        Ok(CourseReportResponse::Ok(Json((&r).into())))
    }

    /// Report on a course's learners
    ///
    /// Each learner with name, email, status, progress, score, time spent and due date; filter by
    /// `status`. Needs `enrollments:read`.
    #[oai(path = "/reports/courses/:id/learners", method = "get", operation_id = "report_course_learner_list")]
    async fn report_course_learner_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// `active`, `completed` or `dropped`.
        status: Query<Option<String>>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<LearnerListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let status = match status.0.as_deref() {
            None => None,
            Some(s) => Some(
                EnrollmentStatus::parse(s)
                    .ok_or_else(|| Error::invalid("status", "must be active, completed or dropped"))?,
            ),
        };
        let p = reports::course_learners(&state.core, &auth.0, id.0.into(), status, page).await?;
        Ok(LearnerListResponse::Ok(Json(LearnerList {
            items: p.items.iter().map(Into::into).collect(),
            next_cursor: p.next_cursor,
        })))
    }
}
