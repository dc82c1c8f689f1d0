//! Outgoing webhooks: `GET/POST /v1/webhook-endpoints`, `GET/DELETE /v1/webhook-endpoints/{id}`,
//! `GET /v1/webhook-endpoints/{id}/deliveries` and `POST .../deliveries/{delivery_id}/redeliver`.

use chrono::{DateTime, Utc};
use lyceum_core::{
    pagination::PageRequest,
    webhooks::{self, Delivery, Endpoint, EndpointInput},
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::Example,
    ApiResponse, Object, OpenApi,
};

use super::{auth::NoContent, views::list_type, Tag};
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct WebhooksApi;

/// An endpoint to register.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateEndpoint {
    /// Where to POST events: http(s), not a private or loopback address.
    pub url: String,
    /// Event types to receive (`*` for all): `user.created`, `enrollment.created`, `enrollment.completed`,
    /// `enrollment.dropped`, `certificate.issued`, `certificate.revoked`, `subscription.updated`.
    pub events: Vec<String>,
    pub description: Option<String>,
}

impl Example for CreateEndpoint {
    fn example() -> Self {
        CreateEndpoint {
            url: "https://lms.example.org/hooks/lyceum".into(),
            events: vec!["enrollment.completed".into(), "certificate.issued".into()],
            description: Some("LMS sync".into()),
        }
    }
}

/// A webhook endpoint.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct EndpointView {
    pub id: uuid::Uuid,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    /// `active` or `disabled` (after failing for 3 days; redelivering enables it again).
    pub status: String,
    pub disabled_reason: Option<String>,
    /// When deliveries started failing (cleared by a success).
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The signing secret (`whsec_...`): only in the response that created the endpoint.
    #[oai(skip_serializing_if_is_none)]
    pub secret: Option<String>,
}

impl poem_openapi::types::Example for EndpointView {
    fn example() -> Self {
        EndpointView {
            id: super::views::example_ids::WEBHOOK_ENDPOINT,
            url: "https://lms.acme.test/hooks/lyceum".into(),
            description: "Grades sync".into(),
            events: vec!["enrollment.completed".into(), "certificate.issued".into()],
            status: "active".into(),
            disabled_reason: None,
            failing_since: None,
            created_at: super::views::example_time("2026-10-12T10:00:00Z"),
            updated_at: super::views::example_time("2026-10-12T10:00:00Z"),
            secret: None,
        }
    }
}

impl From<&Endpoint> for EndpointView {
    fn from(e: &Endpoint) -> Self {
        EndpointView {
            id: e.id.as_uuid(),
            url: e.url.clone(),
            description: e.description.clone(),
            events: e.events.clone(),
            status: e.status.to_string(),
            disabled_reason: e.disabled_reason.clone(),
            failing_since: e.failing_since.map(Into::into),
            created_at: e.created_at.into(),
            updated_at: e.updated_at.into(),
            secret: None,
        }
    }
}

/// One event sent (or to be sent) to an endpoint.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct DeliveryView {
    pub id: uuid::Uuid,
    pub endpoint_id: uuid::Uuid,
    /// The event's id: the `webhook-id` header, the same on every attempt.
    pub event_id: uuid::Uuid,
    pub event_type: String,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl poem_openapi::types::Example for DeliveryView {
    fn example() -> Self {
        DeliveryView {
            id: super::views::example_ids::DELIVERY,
            endpoint_id: super::views::example_ids::WEBHOOK_ENDPOINT,
            event_id: uuid::uuid!("0193b0aa-4d39-7fc0-a506-8192a3d4e5f8"),
            event_type: "certificate.issued".into(),
            status: "succeeded".into(),
            attempts: 2,
            last_status_code: Some(200),
            last_error: None,
            created_at: super::views::example_time("2026-11-29T10:15:01Z"),
            updated_at: super::views::example_time("2026-11-29T10:15:33Z"),
            delivered_at: Some(super::views::example_time("2026-11-29T10:15:33Z")),
        }
    }
}

impl From<&Delivery> for DeliveryView {
    fn from(d: &Delivery) -> Self {
        DeliveryView {
            id: d.id.as_uuid(),
            endpoint_id: d.endpoint_id.as_uuid(),
            event_id: d.event_id.as_uuid(),
            event_type: d.event_type.clone(),
            status: d.status.to_string(),
            attempts: d.attempts,
            last_status_code: d.last_status_code,
            last_error: d.last_error.clone(),
            created_at: d.created_at.into(),
            updated_at: d.updated_at.into(),
            delivered_at: d.delivered_at.map(Into::into),
        }
    }
}

list_type!(
    /// A page of webhook endpoints.
    EndpointList,
    EndpointView
);
list_type!(
    /// A page of deliveries, newest first.
    DeliveryList,
    DeliveryView
);

#[derive(ApiResponse)]
pub enum EndpointCreated {
    /// Created; `secret` is shown only here.
    #[oai(status = 201)]
    Created(Json<EndpointView>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum EndpointResponse {
    /// The endpoint.
    #[oai(status = 200)]
    Ok(Json<EndpointView>),
}

#[derive(ApiResponse)]
pub enum EndpointListResponse {
    /// A page of endpoints.
    #[oai(status = 200)]
    Ok(Json<EndpointList>),
}

#[derive(ApiResponse)]
pub enum DeliveryListResponse {
    /// A page of deliveries, newest first.
    #[oai(status = 200)]
    Ok(Json<DeliveryList>),
}

#[derive(ApiResponse)]
pub enum DeliveryAccepted {
    /// The delivery is queued again.
    #[oai(status = 202)]
    Accepted(Json<DeliveryView>),
}

#[OpenApi(tag = "Tag::Webhooks")]
impl WebhooksApi {
    /// List webhook endpoints
    ///
    /// Needs `webhooks:read`.
    #[oai(path = "/webhook-endpoints", method = "get", operation_id = "webhook_endpoint_list")]
    async fn webhook_endpoint_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<EndpointListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let p = webhooks::list_endpoints(&state.core, &auth.0, page).await?;
        Ok(EndpointListResponse::Ok(Json(EndpointList {
            items: p.items.iter().map(Into::into).collect(),
            next_cursor: p.next_cursor,
        })))
    }

    /// Register a webhook endpoint
    ///
    /// Events are POSTed as JSON `{"id", "type", "created_at", "data"}` and signed per Standard Webhooks:
    /// `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256>` of
    /// `id.timestamp.body`, keyed with the base64 part of the `whsec_` secret returned here (only here).
    /// Failed deliveries are retried with backoff for about three days. Needs `webhooks:write`.
    #[oai(path = "/webhook-endpoints", method = "post", operation_id = "webhook_endpoint_create")]
    async fn webhook_endpoint_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateEndpoint>,
    ) -> Result<EndpointCreated, ApiError> {
        let b = body.0;
        let (e, secret) = webhooks::create_endpoint(
            &state.core,
            &auth.0,
            EndpointInput { url: b.url, events: b.events, description: b.description },
            state.config.webhooks.allow_private,
        )
        .await?;
        let mut view = EndpointView::from(&e);
        view.secret = Some(secret);
        Ok(EndpointCreated::Created(Json(view), format!("/v1/webhook-endpoints/{}", e.id)))
    }

    /// View a webhook endpoint
    ///
    /// Needs `webhooks:read`. The secret is never shown again.
    #[oai(path = "/webhook-endpoints/:id", method = "get", operation_id = "webhook_endpoint_view")]
    async fn webhook_endpoint_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<EndpointResponse, ApiError> {
        let e = webhooks::view_endpoint(&state.core, &auth.0, id.0.into()).await?;
        Ok(EndpointResponse::Ok(Json((&e).into())))
    }

    /// Delete a webhook endpoint
    ///
    /// Stops deliveries at once and removes its delivery log. Needs `webhooks:write`.
    #[oai(path = "/webhook-endpoints/:id", method = "delete", operation_id = "webhook_endpoint_delete")]
    async fn webhook_endpoint_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        webhooks::delete_endpoint(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// List an endpoint's deliveries
    ///
    /// Newest first, with status, attempts and the last answer. Needs `webhooks:read`.
    #[oai(path = "/webhook-endpoints/:id/deliveries", method = "get", operation_id = "webhook_delivery_list")]
    async fn webhook_delivery_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<DeliveryListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let p = webhooks::list_deliveries(&state.core, &auth.0, id.0.into(), page).await?;
        Ok(DeliveryListResponse::Ok(Json(DeliveryList {
            items: p.items.iter().map(Into::into).collect(),
            next_cursor: p.next_cursor,
        })))
    }

    /// Redeliver
    ///
    /// Queues a delivery again (same `webhook-id`), e.g. after fixing the receiver; an endpoint disabled
    /// for failing is enabled again. Needs `webhooks:write`.
    #[oai(
        path = "/webhook-endpoints/:id/deliveries/:delivery_id/redeliver",
        method = "post",
        operation_id = "webhook_delivery_redeliver"
    )]
    async fn webhook_delivery_redeliver(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        delivery_id: Path<uuid::Uuid>,
        /// Makes a retry safe: the same key within 24 h replays the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
    ) -> Result<DeliveryAccepted, ApiError> {
        let d = webhooks::redeliver(&state.core, &auth.0, id.0.into(), delivery_id.0.into()).await?;
        Ok(DeliveryAccepted::Accepted(Json((&d).into())))
    }
}
