//! `GET/PATCH /v1/retention`: how long the institution keeps its records.

use chrono::{DateTime, Utc};
use lyceum_core::retention;
use poem::web::Data;
use poem_openapi::{payload::Json, types::MaybeUndefined, ApiResponse, Object, OpenApi};

use super::Tag;
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct RetentionApi;

/// One kind of record and how long it is kept.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct RetentionCategoryView {
    /// `audit_events`, `domain_events`, `webhook_deliveries`, `sessions`, `idempotency_records`,
    /// `operations`, `stripe_events` or `inactive_learners` (0 days: off).
    pub category: String,
    /// The period that applies, in days: the institution's choice, else the default.
    pub days: i64,
    /// Whether the institution chose `days` (else it is the default).
    pub chosen: bool,
    pub default_days: i64,
    /// The shortest period the platform allows.
    pub minimum_days: i64,
    /// The longest period the platform allows (equal to the minimum: fixed for every institution).
    pub maximum_days: i64,
    /// What "older than `days`" is measured from.
    pub measured_from: String,
    /// Records of this kind removed since the institution's first retention run.
    pub removed: i64,
}

impl poem_openapi::types::Example for RetentionCategoryView {
    fn example() -> Self {
        RetentionCategoryView {
            category: "audit_events".into(),
            days: 1095,
            chosen: true,
            default_days: 730,
            minimum_days: 365,
            maximum_days: 3650,
            measured_from: "when the event was recorded".into(),
            removed: 1532,
        }
    }
}

/// The institution's retention policy. An hourly job removes what is past its period; audit events go
/// from the start of the institution's hash chain, so what is left still verifies.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct RetentionView {
    pub categories: Vec<RetentionCategoryView>,
    /// When the institution last changed it (`null`: never, the defaults apply).
    pub updated_at: Option<DateTime<Utc>>,
    /// When the hourly job last removed records (`null`: not yet).
    pub last_run_at: Option<DateTime<Utc>>,
}

impl poem_openapi::types::Example for RetentionView {
    fn example() -> Self {
        RetentionView {
            categories: vec![RetentionCategoryView::example()],
            updated_at: Some(super::views::example_time("2026-12-01T10:00:00Z")),
            last_run_at: Some(super::views::example_time("2026-12-09T03:00:00Z")),
        }
    }
}

impl From<retention::Policy> for RetentionView {
    fn from(p: retention::Policy) -> Self {
        RetentionView {
            categories: p
                .categories
                .into_iter()
                .map(|c| RetentionCategoryView {
                    category: c.category.name.into(),
                    days: c.days,
                    chosen: c.chosen,
                    default_days: c.category.default_days,
                    minimum_days: c.category.minimum_days,
                    maximum_days: c.category.maximum_days,
                    measured_from: c.category.measured_from.into(),
                    removed: c.removed,
                })
                .collect(),
            updated_at: p.updated_at.map(Into::into),
            last_run_at: p.last_run_at.map(Into::into),
        }
    }
}

/// New periods, in days, for the categories named; `null` goes back to the default. Each must lie within
/// the category's minimum and maximum (`GET /v1/retention`).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateRetention {
    #[serde(default)]
    pub audit_events: MaybeUndefined<i64>,
    #[serde(default)]
    pub domain_events: MaybeUndefined<i64>,
    #[serde(default)]
    pub webhook_deliveries: MaybeUndefined<i64>,
    #[serde(default)]
    pub sessions: MaybeUndefined<i64>,
    /// Fixed at 1 day (a retried request must find its record for 24 hours): any value is refused.
    #[serde(default)]
    pub idempotency_records: MaybeUndefined<i64>,
    #[serde(default)]
    pub operations: MaybeUndefined<i64>,
    #[serde(default)]
    pub stripe_events: MaybeUndefined<i64>,
    /// Learners who have neither signed in nor learned for this many days are erased (`null`: off,
    /// the default).
    #[serde(default)]
    pub inactive_learners: MaybeUndefined<i64>,
}

impl poem_openapi::types::Example for UpdateRetention {
    fn example() -> Self {
        UpdateRetention {
            audit_events: MaybeUndefined::Value(1095),
            domain_events: MaybeUndefined::Undefined,
            webhook_deliveries: MaybeUndefined::Value(14),
            sessions: MaybeUndefined::Null,
            idempotency_records: MaybeUndefined::Undefined,
            operations: MaybeUndefined::Undefined,
            stripe_events: MaybeUndefined::Undefined,
            inactive_learners: MaybeUndefined::Value(730),
        }
    }
}

#[derive(ApiResponse)]
pub enum RetentionResponse {
    /// The policy.
    #[oai(status = 200)]
    Ok(Json<RetentionView>),
}

#[OpenApi(tag = "Tag::Tenant")]
impl RetentionApi {
    /// Show the retention policy
    ///
    /// How long each kind of record is kept, the platform's limits, and how many records the hourly job
    /// has removed. Needs `tenant:write` (owners and admins).
    #[oai(path = "/retention", method = "get", operation_id = "retention_get")]
    async fn retention_get(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<RetentionResponse, ApiError> {
        Ok(RetentionResponse::Ok(Json(retention::get(&state.core, &auth.0).await?.into())))
    }

    /// Change the retention policy
    ///
    /// Sets the periods of the categories named (in days; `null`: the default). A period outside the
    /// platform's minimum and maximum is 400 `validation_failed` naming the field. Recorded in the audit
    /// trail. Needs `tenant:write`.
    #[oai(path = "/retention", method = "patch", operation_id = "retention_update")]
    async fn retention_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: JsonBody<UpdateRetention>,
    ) -> Result<RetentionResponse, ApiError> {
        let b = body.0;
        let mut changes = Vec::new();
        for (name, value) in [
            ("audit_events", b.audit_events),
            ("domain_events", b.domain_events),
            ("webhook_deliveries", b.webhook_deliveries),
            ("sessions", b.sessions),
            ("idempotency_records", b.idempotency_records),
            ("operations", b.operations),
            ("stripe_events", b.stripe_events),
            ("inactive_learners", b.inactive_learners),
        ] {
            match value {
                MaybeUndefined::Undefined => {}
                MaybeUndefined::Null => changes.push((name.to_string(), None)),
                MaybeUndefined::Value(d) => changes.push((name.to_string(), Some(d))),
            }
        }
        Ok(RetentionResponse::Ok(Json(retention::update(&state.core, &auth.0, changes).await?.into())))
    }
}
