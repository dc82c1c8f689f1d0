//! Certificates: `GET /v1/certificates`, `POST /v1/certificates/{id}/revoke`, and the public
//! `GET /v1/certificates/{code}` and `GET /v1/issuers/{id}`.

mod views;

use lyceum_core::{
    certificates::{self, CertificateFilter},
    pagination::PageRequest,
};
use poem::web::{Data, RemoteAddr};
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};

pub(crate) use self::views::{CertificateList, CertificateView, IssuerView, VerificationView};
use super::Tag;
use crate::{
    http::{
        auth::{meta_from, BearerAuth},
        json::JsonBody,
        problem::ApiError,
    },
    AppState,
};

pub struct CertificatesApi;

/// Why a certificate is revoked.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct RevokeCertificate {
    /// Up to 500 characters; shown to whoever verifies the code.
    pub reason: Option<String>,
}

impl poem_openapi::types::Example for RevokeCertificate {
    fn example() -> Self {
        RevokeCertificate { reason: Some("issued to the wrong person".into()) }
    }
}

#[derive(ApiResponse)]
pub enum CertificateListResponse {
    /// A page of certificates, oldest first.
    #[oai(status = 200)]
    Ok(Json<CertificateList>),
}

#[derive(ApiResponse)]
pub enum CertificateResponse {
    /// The certificate.
    #[oai(status = 200)]
    Ok(Json<CertificateView>),
}

#[derive(ApiResponse)]
pub enum VerificationResponse {
    /// What the code certifies, and whether it is still valid.
    #[oai(status = 200)]
    Ok(Json<VerificationView>),
}

#[derive(ApiResponse)]
pub enum IssuerResponse {
    /// The issuer and its public keys.
    #[oai(status = 200)]
    Ok(Json<IssuerView>),
}

#[OpenApi(tag = "Tag::Certificates")]
impl CertificatesApi {
    /// List certificates
    ///
    /// The institution's issued certificates, filterable by `course_id` and `user_id`. Needs
    /// `enrollments:read`; a learner sees their own.
    #[oai(path = "/certificates", method = "get", operation_id = "certificate_list")]
    async fn certificate_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        course_id: Query<Option<uuid::Uuid>>,
        user_id: Query<Option<uuid::Uuid>>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<CertificateListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let filter = CertificateFilter { course_id: course_id.0.map(Into::into), user_id: user_id.0.map(Into::into) };
        let p = certificates::list(&state.core, &auth.0, filter, page).await?;
        Ok(CertificateListResponse::Ok(Json(CertificateList {
            items: p.items.iter().map(Into::into).collect(),
            next_cursor: p.next_cursor,
        })))
    }

    /// Verify a certificate
    ///
    /// Public (no credential): checks a certificate's code. `valid` is true when the signature verifies
    /// with the issuer's key and the certificate is not revoked. The response carries the credential,
    /// its JWS signature and the public key, so the check can be repeated offline. Unknown code: 404.
    #[oai(path = "/certificates/:code", method = "get", operation_id = "certificate_verify")]
    async fn certificate_verify(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        /// The certificate's public code.
        code: Path<String>,
    ) -> Result<VerificationResponse, ApiError> {
        let v = certificates::verify(&state.core, &code.0, meta_from(remote)).await?;
        Ok(VerificationResponse::Ok(Json((&v).into())))
    }

    /// Revoke a certificate
    ///
    /// Marks the certificate revoked (verification then says `valid: false`, with the reason). Revoking
    /// again changes nothing. Needs `certificates:write` (owners and admins).
    #[oai(path = "/certificates/:id/revoke", method = "post", operation_id = "certificate_revoke")]
    async fn certificate_revoke(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<RevokeCertificate>,
    ) -> Result<CertificateResponse, ApiError> {
        let c = certificates::revoke(&state.core, &auth.0, id.0.into(), body.0.reason).await?;
        Ok(CertificateResponse::Ok(Json((&c).into())))
    }

    /// View a certificate issuer
    ///
    /// Public (no credential): an institution as the issuer of certificates, with every Ed25519 key it
    /// has signed with (as JWKs), to check certificate signatures offline. The credential's
    /// `issuer.id` is this URL.
    #[oai(path = "/issuers/:id", method = "get", operation_id = "issuer_view")]
    async fn issuer_view(
        &self,
        state: Data<&AppState>,
        remote: &RemoteAddr,
        id: Path<uuid::Uuid>,
    ) -> Result<IssuerResponse, ApiError> {
        let i = certificates::issuer(&state.core, id.0.into(), meta_from(remote)).await?;
        Ok(IssuerResponse::Ok(Json((&i).into())))
    }
}
