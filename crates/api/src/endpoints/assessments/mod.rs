//! Quiz attempts: `POST/GET /v1/lessons/{id}/attempts`.

mod views;

use lyceum_core::{
    assessments::{self, AttemptInput},
    pagination::PageRequest,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::Example,
    ApiResponse, Object, OpenApi,
};

pub(crate) use self::views::{AttemptList, AttemptView};
use super::Tag;
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct AssessmentsApi;

/// Answers to a quiz, one object per answered question (unanswered questions count as wrong):
/// `{"question": 0, "choices": [1]}` for single/multiple choice, `{"question": 1, "value": ...}` for
/// true/false (boolean), numeric (number) and short text (string).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct SubmitAttempt {
    pub answers: Vec<serde_json::Value>,
    /// The enrollment to record the attempt on: learners leave it out (their own enrollment in the
    /// lesson's course is used); staff with `enrollments:write` name one.
    pub enrollment_id: Option<uuid::Uuid>,
}

impl Example for SubmitAttempt {
    fn example() -> Self {
        SubmitAttempt {
            answers: vec![
                serde_json::json!({"question": 0, "choices": [1]}),
                serde_json::json!({"question": 1, "value": 2.5}),
            ],
            enrollment_id: None,
        }
    }
}

#[derive(ApiResponse)]
pub enum AttemptCreated {
    /// Graded.
    #[oai(status = 201)]
    Created(Json<AttemptView>),
}

#[derive(ApiResponse)]
pub enum AttemptListResponse {
    /// Attempts, oldest first.
    #[oai(status = 200)]
    Ok(Json<AttemptList>),
}

#[OpenApi(tag = "Tag::Quizzes")]
impl AssessmentsApi {
    /// Submit a quiz attempt
    ///
    /// Grades the answers at once and returns the score (0-100, the share of questions right), whether it
    /// passed, and per question whether it was right (never the right answers). A pass completes the
    /// lesson. 422 `not_a_quiz` for another kind of lesson; 400 names each malformed answer
    /// (`answers.N.choices`); 409 `attempt_limit_reached` past the quiz's limit; 403 `not_enrolled` when
    /// the learner is not enrolled in the course.
    #[oai(path = "/lessons/:id/attempts", method = "post", operation_id = "attempt_create")]
    async fn attempt_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe: the same key and body within 24 h replay the first response instead of
        /// using another attempt (another body with the same key is 422).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<SubmitAttempt>,
    ) -> Result<AttemptCreated, ApiError> {
        let b = body.0;
        let a = assessments::submit(
            &state.core,
            &auth.0,
            id.0.into(),
            AttemptInput { answers: b.answers, enrollment_id: b.enrollment_id.map(Into::into) },
        )
        .await?;
        Ok(AttemptCreated::Created(Json((&a).into())))
    }

    /// List quiz attempts
    ///
    /// The caller's own attempts on the quiz, or with `enrollment_id` (and `enrollments:read`) those of
    /// any enrollment.
    #[oai(path = "/lessons/:id/attempts", method = "get", operation_id = "attempt_list")]
    async fn attempt_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Whose attempts (default: the caller's own).
        enrollment_id: Query<Option<uuid::Uuid>>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<AttemptListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let p = assessments::list(&state.core, &auth.0, id.0.into(), enrollment_id.0.map(Into::into), page).await?;
        Ok(AttemptListResponse::Ok(Json(AttemptList {
            items: p.items.iter().map(Into::into).collect(),
            next_cursor: p.next_cursor,
        })))
    }
}
