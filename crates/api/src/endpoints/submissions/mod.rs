//! Assignments' submissions and grades: `GET/POST /v1/lessons/{id}/submissions`,
//! `GET /v1/submissions/{id}`, `PUT /v1/submissions/{id}/grade`, `GET /v1/submissions/{id}/grade-history`,
//! `POST /v1/lessons/{id}/grades/post`; and the gradebook: `GET /v1/courses/{id}/gradebook` and its CSV
//! export `GET /v1/courses/{id}/gradebook/export`.

mod views;

use lyceum_core::{
    grading::{
        self,
        gradebook::{self, GradebookFilter},
        GradeInput, RubricSelection, SubmissionFilter, SubmissionInput,
    },
    pagination::PageRequest,
};
use poem::{web::Data, Body};
use poem_openapi::{
    param::{Path, Query},
    payload::{Binary, Json},
    ApiResponse, OpenApi,
};

use super::Tag;
use crate::{
    http::{auth::BearerAuth, if_match::IfMatch, json::JsonBody, problem::ApiError},
    AppState,
};

pub(crate) use self::views::*;

pub struct SubmissionsApi;

#[derive(ApiResponse)]
pub enum SubmissionCreated {
    /// Handed in.
    #[oai(status = 201)]
    Created(Json<SubmissionView>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum SubmissionListResponse {
    /// Submissions in the order they were made.
    #[oai(status = 200)]
    Ok(Json<SubmissionList>),
}

#[derive(ApiResponse)]
pub enum SubmissionResponse {
    #[oai(status = 200)]
    Ok(Json<SubmissionView>),
}

#[derive(ApiResponse)]
pub enum GradeChangeListResponse {
    #[oai(status = 200)]
    Ok(Json<GradeChangeList>),
}

#[derive(ApiResponse)]
pub enum GradesPostedResponse {
    #[oai(status = 200)]
    Ok(Json<GradesPosted>),
}

#[derive(ApiResponse)]
pub enum GradebookResponse {
    #[oai(status = 200)]
    Ok(Json<GradebookView>),
}

#[derive(ApiResponse)]
pub enum GradebookExport {
    /// The whole gradebook as CSV (UTF-8), one row per enrollment, streamed.
    #[oai(status = 200, content_type = "text/csv")]
    Ok(Binary<Body>, #[oai(header = "Content-Disposition")] String),
}

fn status_filter(s: Option<String>) -> lyceum_core::Result<Option<lyceum_core::enrollments::EnrollmentStatus>> {
    s.map(|s| {
        lyceum_core::enrollments::EnrollmentStatus::parse(&s)
            .ok_or_else(|| lyceum_core::Error::invalid("status", "must be `active`, `completed` or `dropped`"))
    })
    .transpose()
}

/// Rows per chunk of a CSV export (each chunk is one short read).
const EXPORT_CHUNK: i64 = 200;

#[OpenApi(tag = "Tag::Teaching")]
impl SubmissionsApi {
    /// Submit to an assignment
    ///
    /// As the signed-in learner enrolled in the lesson's course. Within the assignment's attempts (409
    /// `attempt_limit_reached`) and late policy (409 `past_due`); the submission types it allows.
    #[oai(path = "/lessons/:id/submissions", method = "post", operation_id = "submission_create")]
    async fn submission_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateSubmission>,
    ) -> Result<SubmissionCreated, ApiError> {
        let b = body.0;
        let file_ids = b.file_ids.unwrap_or_default().into_iter().map(Into::into).collect();
        let input = SubmissionInput { body: b.body, url: b.url, file_ids };
        let s = grading::submit(&state.core, &auth.0, id.0.into(), input).await?;
        let location = format!("/v1/submissions/{}", s.id);
        Ok(SubmissionCreated::Created(Json(SubmissionView::new(s, &state.config.server.public_url)), location))
    }

    /// List an assignment's submissions
    ///
    /// Staff of the course see everyone's, with filters; a learner sees their own (grades once posted).
    #[oai(path = "/lessons/:id/submissions", method = "get", operation_id = "submission_list")]
    async fn submission_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// `true`: only submissions without a grade; `false`: only graded ones.
        ungraded: Query<Option<bool>>,
        /// `true`: only late submissions; `false`: only those on time.
        late: Query<Option<bool>>,
        /// Only this learner's.
        user_id: Query<Option<uuid::Uuid>>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<SubmissionListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let filter = SubmissionFilter { ungraded: ungraded.0, late: late.0, user_id: user_id.0.map(Into::into) };
        let page = grading::list(&state.core, &auth.0, id.0.into(), filter, page).await?;
        let base = &state.config.server.public_url;
        Ok(SubmissionListResponse::Ok(Json(page.map(|s| SubmissionView::new(s, base)).into())))
    }

    /// View a submission
    ///
    /// Its learner (the grade once posted), or staff of the course.
    #[oai(path = "/submissions/:id", method = "get", operation_id = "submission_view")]
    async fn submission_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<SubmissionResponse, ApiError> {
        let s = grading::view(&state.core, &auth.0, id.0.into()).await?;
        Ok(SubmissionResponse::Ok(Json(SubmissionView::new(s, &state.config.server.public_url))))
    }

    /// Grade a submission
    ///
    /// Staff of the course (`grades:write` for every course). Points between 0 and the points
    /// possible, or a level for every criterion of the assignment's rubric; the late policy's penalty is
    /// taken off. Every change is kept (`grade-history`) and audited. With `If-Match` (the grade's
    /// `version`), a grade changed since is 412. A posted, passing grade completes the lesson.
    #[oai(path = "/submissions/:id/grade", method = "put", operation_id = "submission_grade")]
    async fn submission_grade(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The grade's `version` you last saw, quoted (412 if it changed since).
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<GradeSubmission>,
    ) -> Result<SubmissionResponse, ApiError> {
        let b = body.0;
        let input = GradeInput {
            points: b.points,
            rubric: b.rubric.map(|r| {
                r.into_iter()
                    .map(|s| RubricSelection {
                        criterion_id: s.criterion_id,
                        level_id: s.level_id,
                        criterion: String::new(),
                        level: String::new(),
                        points: 0.0,
                        comment: s.comment,
                    })
                    .collect()
            }),
            feedback: b.feedback,
            post: b.post,
            expected_version: if_match.0,
            feedback_file_ids: b.feedback_file_ids.unwrap_or_default().into_iter().map(Into::into).collect(),
        };
        let s = grading::grade(&state.core, &auth.0, id.0.into(), input).await?;
        Ok(SubmissionResponse::Ok(Json(SubmissionView::new(s, &state.config.server.public_url))))
    }

    /// A grade's history
    ///
    /// Every change of the submission's grade (who, when, before, after), oldest first. Staff of the
    /// course.
    #[oai(path = "/submissions/:id/grade-history", method = "get", operation_id = "submission_grade_history")]
    async fn submission_grade_history(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<GradeChangeListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let page = grading::history(&state.core, &auth.0, id.0.into(), page).await?;
        Ok(GradeChangeListResponse::Ok(Json(page.map(GradeChangeView::from).into())))
    }

    /// Post an assignment's grades
    ///
    /// Makes every graded, unposted grade of the assignment visible to its learner, at once; each
    /// posting is a grade change, and passing grades complete the lesson. Staff of the course.
    #[oai(path = "/lessons/:id/grades/post", method = "post", operation_id = "grades_post")]
    async fn grades_post(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<GradesPostedResponse, ApiError> {
        let n = grading::post(&state.core, &auth.0, id.0.into()).await?;
        Ok(GradesPostedResponse::Ok(Json(GradesPosted { posted: n as i64 })))
    }

    /// View a course's gradebook
    ///
    /// One column per quiz and assignment, one row per enrollment (paged), with current and final
    /// scores and letters. Staff of the course (`grades:read` for every course) see everyone and unposted
    /// grades; a learner sees their own row with posted grades.
    #[oai(path = "/courses/:id/gradebook", method = "get", operation_id = "gradebook_view")]
    async fn gradebook_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Only enrollments with this status: `active`, `completed` or `dropped`.
        status: Query<Option<String>>,
        /// Only this learner's row.
        user_id: Query<Option<uuid::Uuid>>,
        /// Rows per page, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<GradebookResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let filter = GradebookFilter { status: status_filter(status.0)?, user_id: user_id.0.map(Into::into) };
        let g = gradebook::view(&state.core, &auth.0, id.0.into(), filter, page).await?;
        Ok(GradebookResponse::Ok(Json(g.into())))
    }

    /// Export a course's gradebook
    ///
    /// Every row as CSV, streamed in chunks (memory stays flat however large the course). Staff of the
    /// course.
    #[oai(path = "/courses/:id/gradebook/export", method = "get", operation_id = "gradebook_export")]
    async fn gradebook_export(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<GradebookExport, ApiError> {
        let course: lyceum_core::db::types::CourseId = id.0.into();
        let columns = gradebook::export_setup(&state.core, &auth.0, course).await?;
        let header = csv_line(&gradebook::csv_header(&columns));
        let core = state.core.clone();
        let scope = auth.0.clone();
        // State: the cursor of the next chunk (`Some(None)`: the first), or `None` when done.
        let chunks = futures::stream::unfold(Some(None::<String>), move |cursor| {
            let (core, scope) = (core.clone(), scope.clone());
            async move {
                let cursor = cursor?;
                let page = match PageRequest::new(Some(EXPORT_CHUNK), cursor.as_deref()) {
                    Ok(p) => p,
                    Err(e) => return Some((Err(std::io::Error::other(e.to_string())), None)),
                };
                match gradebook::export_chunk(&core, &scope, course, page).await {
                    Ok((rows, next)) => {
                        let mut out = Vec::with_capacity(rows.len() * 128);
                        for r in &rows {
                            out.extend_from_slice(&csv_line(&gradebook::csv_record(r)));
                        }
                        Some((Ok(bytes::Bytes::from(out)), next.map(Some)))
                    }
                    Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
                }
            }
        });
        let body =
            futures::stream::once(async move { Ok::<_, std::io::Error>(bytes::Bytes::from(header)) }).chain(chunks);
        use futures::StreamExt;
        Ok(GradebookExport::Ok(
            Binary(Body::from_bytes_stream(body)),
            format!("attachment; filename=\"gradebook-{course}.csv\""),
        ))
    }
}

/// One CSV line (RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so that a
/// spreadsheet does not run it as a formula).
fn csv_line(fields: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    let safe: Vec<String> =
        fields.iter().map(|f| if f.starts_with(['=', '+', '-', '@']) { format!("'{f}") } else { f.clone() }).collect();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&safe);
    w.into_inner().unwrap_or_default()
}
