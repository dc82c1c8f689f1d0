//! The `/v1` operations, one file per resource.

mod api_keys;
mod assessments;
mod audit;
mod auth;
pub(crate) mod billing;
mod certificates;
mod cmi5;
mod course_views;
mod courses;
mod enrollments;
pub(crate) mod files;
mod groups;
mod identity_providers;
mod invitations;
mod lrs_credentials;
mod lti;
mod lti_launch;
mod privacy;
mod reports;
mod retention;
mod signup;
mod structure;
mod submissions;
mod teaching;
mod tenant;
mod users;
pub mod views;
mod webhooks;

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
    /// Learners in courses, and their progress.
    Enrollments,
    /// Quiz attempts, graded on the server.
    Quizzes,
    /// Course staff, rubrics, assignment groups, submissions, grades and gradebooks.
    Teaching,
    /// Certificates of completion, and their public verification.
    Certificates,
    /// Course and learner reports.
    Reports,
    /// Background work started by a request.
    Operations,
    /// A person's data: subject access exports, erasure, and consents to the institution's terms.
    Privacy,
    /// LTI 1.3 Advantage: the institution's tools, and Lyceum's platform keys and endpoints.
    #[oai(rename = "LTI")]
    Lti,
    /// The xAPI learning record store's credentials (the store itself is at `/xapi`).
    #[oai(rename = "xAPI")]
    Xapi,
    /// Outgoing webhooks: endpoints and deliveries.
    Webhooks,
    /// Plans, the subscription, checkout, invoices and Stripe's webhook.
    Billing,
}

pub type Api = (
    signup::SignupApi,
    (auth::AuthApi, identity_providers::IdentityProvidersApi),
    (tenant::TenantApi, retention::RetentionApi),
    (users::UsersApi, groups::GroupsApi),
    (users::MeApi, privacy::PrivacyApi),
    invitations::InvitationsApi,
    api_keys::ApiKeysApi,
    audit::AuditApi,
    courses::CoursesApi,
    structure::StructureApi,
    enrollments::EnrollmentsApi,
    (assessments::AssessmentsApi, teaching::TeachingApi, submissions::SubmissionsApi, files::FilesApi),
    certificates::CertificatesApi,
    reports::ReportsApi,
    (webhooks::WebhooksApi, lti::LtiApi, lti_launch::LtiLaunchApi, (lrs_credentials::LrsCredentialsApi, cmi5::Cmi5Api)),
    billing::BillingApi,
);

pub fn api() -> Api {
    (
        signup::SignupApi,
        (auth::AuthApi, identity_providers::IdentityProvidersApi),
        (tenant::TenantApi, retention::RetentionApi),
        (users::UsersApi, groups::GroupsApi),
        (users::MeApi, privacy::PrivacyApi),
        invitations::InvitationsApi,
        api_keys::ApiKeysApi,
        audit::AuditApi,
        courses::CoursesApi,
        structure::StructureApi,
        enrollments::EnrollmentsApi,
        (assessments::AssessmentsApi, teaching::TeachingApi, submissions::SubmissionsApi, files::FilesApi),
        certificates::CertificatesApi,
        reports::ReportsApi,
        (
            webhooks::WebhooksApi,
            lti::LtiApi,
            lti_launch::LtiLaunchApi,
            (lrs_credentials::LrsCredentialsApi, cmi5::Cmi5Api),
        ),
        billing::BillingApi,
    )
}
