//! The `/v1` operations, one file per resource.

mod signup;
mod tenant;
pub mod views;

use poem_openapi::Tags;

/// Groups of operations in the docs and SDKs.
#[derive(Tags)]
pub enum Tag {
    /// Creating an institution's workspace.
    Signup,
    /// The caller's institution.
    Tenant,
}

pub type Api = (signup::SignupApi, tenant::TenantApi);

pub fn api() -> Api {
    (signup::SignupApi, tenant::TenantApi)
}
