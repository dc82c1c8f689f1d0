//! `GET /v1/tenant`: the caller's institution.

use lyceum_core::{enrollments, tenants};
use poem::web::Data;
use poem_openapi::{payload::Json, ApiResponse, OpenApi};

use super::{views::TenantView, Tag};
use crate::{
    http::{auth::BearerAuth, problem::ApiError},
    AppState,
};

pub struct TenantApi;

#[derive(ApiResponse)]
pub enum TenantResponse {
    /// The institution.
    #[oai(status = 200)]
    Ok(Json<TenantView>),
}

#[OpenApi(tag = "Tag::Tenant")]
impl TenantApi {
    /// View the current institution
    ///
    /// The institution the credential belongs to: name, status, plan, seat limit and seats used.
    #[oai(path = "/tenant", method = "get", operation_id = "tenant_view")]
    async fn tenant_view(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<TenantResponse, ApiError> {
        let (tenant, seats) =
            state.core.db.read(&auth.0, |tx| Ok((tenants::current(tx)?, enrollments::seats_used_tx(tx)?))).await?;
        let mut view = TenantView::from(tenant);
        view.seats_used = seats;
        Ok(TenantResponse::Ok(Json(view)))
    }
}
