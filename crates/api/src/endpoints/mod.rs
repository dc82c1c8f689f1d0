//! The `/v1` operations, one file per resource.

mod api_keys;
mod audit;
mod auth;
mod course_views;
mod courses;
mod invitations;
mod signup;
mod structure;
mod tenant;
mod users;
pub mod views;

use poem_openapi::Tags;

/// Groups of operations in the docs and SDKs.
#[derive(Tags)]
pub enum Tag {
    /// Creating an institution's workspace.
    Signup,
    /// Signing in and out, and passwords.
    Auth,
    /// The caller's institution.
    Tenant,
    /// People in the institution, their roles and invitations.
    Users,
    /// Keys for integrations.
    #[oai(rename = "API keys")]
    ApiKeys,
    /// The audit trail.
    Audit,
    /// Courses, their modules and lessons.
    Courses,
}

pub type Api = (
    signup::SignupApi,
    auth::AuthApi,
    tenant::TenantApi,
    users::UsersApi,
    users::MeApi,
    invitations::InvitationsApi,
    api_keys::ApiKeysApi,
    audit::AuditApi,
    courses::CoursesApi,
    structure::StructureApi,
);

pub fn api() -> Api {
    (
        signup::SignupApi,
        auth::AuthApi,
        tenant::TenantApi,
        users::UsersApi,
        users::MeApi,
        invitations::InvitationsApi,
        api_keys::ApiKeysApi,
        audit::AuditApi,
        courses::CoursesApi,
        structure::StructureApi,
    )
}
