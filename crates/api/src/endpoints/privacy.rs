//! A person's data: `POST /v1/users/{id}/data-export` and `POST /v1/me/data-export` (subject access),
//! `POST /v1/users/{id}/erase` (erasure), and consents to the institution's terms and privacy notice
//! (`GET /v1/users/{id}/consents`, `GET/POST /v1/me/consents`).

use chrono::{DateTime, Utc};
use lyceum_core::{identity::consent, privacy};
use poem::web::Data;
use poem_openapi::{param::Path, payload::Json, types::Example, ApiResponse, Object, OpenApi};

use super::{enrollments::OperationView, tenant::PoliciesView, views::example_ids as ids, Tag};
use crate::{
    http::{auth::BearerAuth, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct PrivacyApi;

/// What an erasure changed, per kind of record.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ErasureView {
    /// The person's id: their account stays as a pseudonym (`status: erased`) so reports stay whole.
    pub user_id: uuid::Uuid,
    pub erased_at: DateTime<Utc>,
    pub sessions_ended: u64,
    /// One-time codes, single sign-on links and idempotency records.
    pub credentials_removed: u64,
    pub api_keys_revoked: u64,
    /// Active enrollments, dropped (their seats are freed).
    pub enrollments_dropped: u64,
    /// Submissions whose text and link were removed (their grades stay).
    pub submissions_cleared: u64,
    pub files_removed: u64,
    /// Certificates signed again without the person's name (they still verify).
    pub certificates_reissued: u64,
    pub audit_events_redacted: u64,
    pub domain_events_redacted: u64,
    pub webhook_deliveries_redacted: u64,
    /// Operations, jobs, Stripe's events, support staff's actions, grade histories, quiz answers,
    /// feedback, file names and the institution's settings.
    pub other_records_redacted: u64,
}

impl Example for ErasureView {
    fn example() -> Self {
        ErasureView {
            user_id: ids::LEARNER,
            erased_at: super::views::example_time("2026-12-11T10:00:00Z"),
            sessions_ended: 2,
            credentials_removed: 1,
            api_keys_revoked: 0,
            enrollments_dropped: 1,
            submissions_cleared: 3,
            files_removed: 2,
            certificates_reissued: 1,
            audit_events_redacted: 14,
            domain_events_redacted: 6,
            webhook_deliveries_redacted: 6,
            other_records_redacted: 2,
        }
    }
}

impl From<privacy::Erasure> for ErasureView {
    fn from(e: privacy::Erasure) -> Self {
        let n = |x: usize| x as u64;
        ErasureView {
            user_id: e.user_id.as_uuid(),
            erased_at: e.erased_at.into(),
            sessions_ended: n(e.sessions_ended),
            credentials_removed: n(e.credentials_removed),
            api_keys_revoked: n(e.api_keys_revoked),
            enrollments_dropped: n(e.enrollments_dropped),
            submissions_cleared: n(e.submissions_cleared),
            files_removed: n(e.files_removed),
            certificates_reissued: n(e.certificates_reissued),
            audit_events_redacted: n(e.audit_events_redacted),
            domain_events_redacted: n(e.domain_events_redacted),
            webhook_deliveries_redacted: n(e.webhook_deliveries_redacted),
            other_records_redacted: n(e.other_records_redacted),
        }
    }
}

/// One acceptance of the institution's documents.
#[derive(Debug, Clone, Object)]
pub struct ConsentView {
    pub id: uuid::Uuid,
    pub terms_version: Option<String>,
    pub privacy_notice_version: Option<String>,
    /// `login`, `hosted_sign_in`, `sign_in_code`, `invitation` or `api`.
    pub accepted_via: String,
    pub accepted_at: DateTime<Utc>,
}

/// A document the person has yet to accept.
#[derive(Debug, Clone, Object)]
pub struct OutstandingDocument {
    /// `terms` or `privacy_notice`.
    pub document: String,
    pub version: String,
    pub url: Option<String>,
}

/// What a person accepted, and what they still must accept before they next sign in.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ConsentStatusView {
    pub user_id: uuid::Uuid,
    /// The institution's current documents.
    pub policies: PoliciesView,
    /// Current documents not accepted yet (empty when all are).
    pub outstanding: Vec<OutstandingDocument>,
    /// Every acceptance, newest first.
    pub consents: Vec<ConsentView>,
}

impl Example for ConsentStatusView {
    fn example() -> Self {
        ConsentStatusView {
            user_id: ids::LEARNER,
            policies: PoliciesView::example(),
            outstanding: vec![OutstandingDocument {
                document: "privacy_notice".into(),
                version: "2026-09".into(),
                url: Some("https://acme.test/privacy".into()),
            }],
            consents: vec![ConsentView {
                id: ids::AUDIT_EVENT,
                terms_version: Some("3".into()),
                privacy_notice_version: Some("2025-01".into()),
                accepted_via: "login".into(),
                accepted_at: super::views::example_time("2026-02-01T08:00:00Z"),
            }],
        }
    }
}

fn status_view(user: uuid::Uuid, s: consent::ConsentStatus) -> ConsentStatusView {
    ConsentStatusView {
        user_id: user,
        policies: s.policies.into(),
        outstanding: s
            .outstanding
            .into_iter()
            .map(|d| OutstandingDocument { document: d.document.into(), version: d.version, url: d.url })
            .collect(),
        consents: s
            .consents
            .into_iter()
            .map(|c| ConsentView {
                id: c.id.as_uuid(),
                terms_version: c.terms_version,
                privacy_notice_version: c.privacy_notice_version,
                accepted_via: c.accepted_via,
                accepted_at: c.accepted_at.into(),
            })
            .collect(),
    }
}

/// The versions the signed-in person accepts: each must be the institution's current one.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct AcceptPolicies {
    pub accepted_terms_version: Option<String>,
    pub accepted_privacy_notice_version: Option<String>,
}

impl Example for AcceptPolicies {
    fn example() -> Self {
        AcceptPolicies {
            accepted_terms_version: Some("3".into()),
            accepted_privacy_notice_version: Some("2026-09".into()),
        }
    }
}

#[derive(ApiResponse)]
pub enum ErasureResponse {
    /// Erased: nothing identifies the person any more.
    #[oai(status = 200)]
    Ok(Json<ErasureView>),
}

#[derive(ApiResponse)]
pub enum ConsentResponse {
    /// The person's consents.
    #[oai(status = 200)]
    Ok(Json<ConsentStatusView>),
}

fn accepted(op: lyceum_core::operations::Operation) -> super::enrollments::Accepted {
    let view = OperationView::from(&op);
    super::enrollments::Accepted::Accepted(Json(view), format!("/v1/operations/{}", op.id))
}

#[OpenApi(tag = "Tag::Privacy")]
impl PrivacyApi {
    /// Export a person's data
    ///
    /// Starts a subject access export: an operation (202, `kind: users.data_export`) whose worker
    /// writes one zip archive of everything Lyceum holds about the person (profile, enrollments,
    /// progress, quiz attempts, submissions and their files, certificates, the audit events about
    /// them, the emails sent to them). When it succeeds, the operation's `result_id` is the archive's
    /// file: `GET /v1/files/{id}` gives a short-lived download URL; the person is emailed a link that
    /// works for 24 hours; the archive is deleted after 7 days. A request while an export of the same
    /// person runs answers that one. Needs `users:write`.
    #[oai(path = "/users/:id/data-export", method = "post", operation_id = "user_data_export")]
    async fn user_data_export(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        id: Path<uuid::Uuid>,
    ) -> Result<super::enrollments::Accepted, ApiError> {
        Ok(accepted(privacy::request(&state.core, &auth.0, id.0.into()).await?))
    }

    /// Export my data
    ///
    /// The signed-in person's own subject access export (see `POST /v1/users/{id}/data-export`).
    #[oai(path = "/me/data-export", method = "post", operation_id = "me_data_export")]
    async fn me_data_export(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
    ) -> Result<super::enrollments::Accepted, ApiError> {
        let Some(me) = auth.0.user_id() else {
            return Err(lyceum_core::Error::Forbidden {
                code: "person_required",
                message: "an API key has no data of its own; use POST /v1/users/{id}/data-export".into(),
            }
            .into());
        };
        Ok(accepted(privacy::request(&state.core, &auth.0, me).await?))
    }

    /// Erase a person
    ///
    /// Removes or pseudonymises everything that identifies the person, in one transaction: their
    /// account becomes `erased` (a pseudonym that keeps reports whole and can never sign in again);
    /// sessions, codes, single sign-on links and their API keys go; active enrollments are dropped;
    /// submissions lose their text and files (grades stay); certificates are signed again without
    /// their name; audit events, domain events, webhook deliveries, operations, jobs and support
    /// staff's records lose every mention of their email and name. `docs/privacy.md` lists what
    /// survives and why. Needs `users:write` (an owner to erase an owner or an admin); the last active
    /// owner cannot be erased (409 `last_owner`); an erased person again is 409 `already_erased`.
    #[oai(path = "/users/:id/erase", method = "post", operation_id = "user_erase")]
    async fn user_erase(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        id: Path<uuid::Uuid>,
    ) -> Result<ErasureResponse, ApiError> {
        Ok(ErasureResponse::Ok(Json(privacy::erase(&state.core, &auth.0, id.0.into()).await?.into())))
    }

    /// A person's consents
    ///
    /// Which versions of the institution's terms and privacy notice the person accepted, when and
    /// how, and what they have yet to accept. Needs `users:read` (or being the person).
    #[oai(path = "/users/:id/consents", method = "get", operation_id = "user_consents")]
    async fn user_consents(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ConsentResponse, ApiError> {
        let s = consent::view(&state.core, &auth.0, id.0.into()).await?;
        Ok(ConsentResponse::Ok(Json(status_view(id.0, s))))
    }

    /// My consents
    ///
    /// The signed-in person's consents (see `GET /v1/users/{id}/consents`).
    #[oai(path = "/me/consents", method = "get", operation_id = "me_consents")]
    async fn me_consents(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<ConsentResponse, ApiError> {
        let me = auth.0.user_id().ok_or_else(person_required)?;
        let s = consent::view(&state.core, &auth.0, me).await?;
        Ok(ConsentResponse::Ok(Json(status_view(me.as_uuid(), s))))
    }

    /// Accept the institution's terms
    ///
    /// Records that the signed-in person accepts the named versions (each must be the institution's
    /// current one: 400 otherwise). Sign-in flows take the same fields.
    #[oai(path = "/me/consents", method = "post", operation_id = "me_consent_accept")]
    async fn me_consent_accept(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: JsonBody<AcceptPolicies>,
    ) -> Result<ConsentResponse, ApiError> {
        let me = auth.0.user_id().ok_or_else(person_required)?;
        let b = body.0;
        let given = consent::Acceptance {
            terms_version: b.accepted_terms_version,
            privacy_notice_version: b.accepted_privacy_notice_version,
        };
        let s = consent::accept(&state.core, &auth.0, given).await?;
        Ok(ConsentResponse::Ok(Json(status_view(me.as_uuid(), s))))
    }
}

fn person_required() -> ApiError {
    lyceum_core::Error::Forbidden { code: "person_required", message: "only a signed-in person has consents".into() }
        .into()
}
