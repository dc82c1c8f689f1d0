//! `GET /v1/audit-events`: who did what, when, from where.

use chrono::{DateTime, Utc};
use lyceum_core::{
    audit::{self, AuditFilter},
    pagination::PageRequest,
};
use poem::web::Data;
use poem_openapi::{param::Query, payload::Json, ApiResponse, Object, OpenApi};

use super::{views::list_type, Tag};
use crate::{
    http::{auth::BearerAuth, problem::ApiError},
    AppState,
};

pub struct AuditApi;

/// One recorded action.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct AuditEventView {
    pub id: uuid::Uuid,
    /// `user`, `api_key`, `operator` (support staff), `system` or `anonymous`.
    pub actor_type: String,
    pub actor_id: Option<String>,
    /// e.g. `auth.login`, `auth.login_failed`, `user.created`, `user.updated`, `api_key.revoked`.
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    /// Details of the action.
    pub metadata: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

impl poem_openapi::types::Example for AuditEventView {
    fn example() -> Self {
        use super::views::example_ids as ids;
        AuditEventView {
            id: ids::AUDIT_EVENT,
            actor_type: "user".into(),
            actor_id: Some(ids::OWNER.to_string()),
            action: "user.updated".into(),
            target_type: Some("user".into()),
            target_id: Some(ids::LEARNER.to_string()),
            ip: Some("203.0.113.7".into()),
            request_id: Some("0193b0ac-a39d-7f00-8a11-0b2c3d4e5f60".into()),
            metadata: serde_json::json!({"changes": {"role": {"from": "learner", "to": "instructor"}}}),
            created_at: super::views::example_time("2026-11-29T09:12:44Z"),
        }
    }
}

impl From<audit::AuditEvent> for AuditEventView {
    fn from(e: audit::AuditEvent) -> Self {
        AuditEventView {
            id: e.id.as_uuid(),
            actor_type: e.actor_type,
            actor_id: e.actor_id,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            ip: e.ip,
            request_id: e.request_id,
            metadata: serde_json::from_str(&e.metadata).unwrap_or(serde_json::Value::Null),
            created_at: e.created_at.into(),
        }
    }
}

list_type!(
    /// A page of audit events.
    AuditEventList,
    AuditEventView
);

#[derive(ApiResponse)]
pub enum AuditListResponse {
    /// A page of events, oldest first.
    #[oai(status = 200)]
    Ok(Json<AuditEventList>),
}

#[OpenApi(tag = "Tag::Audit")]
impl AuditApi {
    /// List audit events
    ///
    /// The institution's audit trail, oldest first, filtered by `action`, `actor_id` and `since`. Needs
    /// `audit:read`.
    #[oai(path = "/audit-events", method = "get", operation_id = "audit_event_list")]
    async fn audit_event_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Only this action, e.g. `auth.login_failed`.
        action: Query<Option<String>>,
        /// Only this actor (a user or API key id, or an operator's name).
        actor_id: Query<Option<String>>,
        /// Only events at or after this time (RFC 3339).
        since: Query<Option<DateTime<Utc>>>,
    ) -> Result<AuditListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let filter = AuditFilter {
            action: action.0.filter(|s| !s.is_empty()),
            actor_id: actor_id.0.filter(|s| !s.is_empty()),
            since: since.0.map(Into::into),
        };
        let page = audit::list_events(&state.core, &auth.0, filter, page).await?;
        Ok(AuditListResponse::Ok(Json(page.map(AuditEventView::from).into())))
    }
}
