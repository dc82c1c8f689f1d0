//! Diesel's view of the tables in `migrations/` (identical on both backends by construction).

use crate::db::types::sql::{UtcTimestamp, Uuid};

mod cmi5;
mod cohorts;
mod lti;
mod privacy;
mod queue;
mod sso;
mod teaching;
mod xapi;
pub use cmi5::{cmi5_outcomes, cmi5_packages, cmi5_sessions};
pub use cohorts::{group_courses, group_enrollment_failures, group_members, groups};
pub use lti::{lti_access_tokens, lti_deep_links, lti_keys, lti_launches, lti_line_items, lti_scores, lti_tools};
pub use privacy::{audit_chains, consents, data_keys, retention_settings};
pub use queue::{invalidations, jobs, schedules};
pub use sso::{identity_providers, sso_logins, user_identities};
pub use teaching::{assignment_groups, course_staff, files, grade_changes, rubrics, submissions};
pub use xapi::{
    xapi_activities, xapi_attachments, xapi_credentials, xapi_documents, xapi_statement_refs, xapi_statements,
};

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    tenants (id) {
        id -> Uuid,
        slug -> Text,
        name -> Text,
        status -> Text,
        plan -> Text,
        seat_limit -> Integer,
        trial_ends_at -> Nullable<UtcTimestamp>,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        version -> BigInt,
        trial_reminded_at -> Nullable<UtcTimestamp>,
        brand_color -> Nullable<Text>,
        reply_to -> Nullable<Text>,
        suspended_from -> Nullable<Text>,
        app_url -> Nullable<Text>,
        app_paths -> Nullable<Text>,
        sso_required -> Bool,
        terms_version -> Nullable<Text>,
        terms_url -> Nullable<Text>,
        privacy_notice_version -> Nullable<Text>,
        privacy_notice_url -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    users (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        email -> Text,
        email_lower -> Text,
        name -> Text,
        role -> Text,
        status -> Text,
        password_hash -> Nullable<Text>,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        version -> BigInt,
        last_login_at -> Nullable<UtcTimestamp>,
        external_id -> Nullable<Text>,
        user_name -> Nullable<Text>,
        user_name_lower -> Nullable<Text>,
        erased_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    sessions (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        user_id -> Uuid,
        token_hash -> Text,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
        revoked_at -> Nullable<UtcTimestamp>,
        last_used_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    api_keys (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        scopes -> Text,
        created_by -> Nullable<Uuid>,
        created_at -> UtcTimestamp,
        last_used_at -> Nullable<UtcTimestamp>,
        revoked_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    user_tokens (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        user_id -> Uuid,
        purpose -> Text,
        token_hash -> Text,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
        used_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    audit_events (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        actor_type -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
        metadata -> Text,
        created_at -> UtcTimestamp,
        seq -> Nullable<BigInt>,
        content_hash -> Nullable<Text>,
        chain_hash -> Nullable<Text>,
        redacted_at -> Nullable<UtcTimestamp>,
        salt -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    idempotency_keys (tenant_id, owner, key) {
        tenant_id -> Uuid,
        owner -> Text,
        key -> Text,
        permissions -> Integer,
        request_hash -> Text,
        state -> Text,
        response_status -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Binary>,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
        actor -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    courses (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        slug -> Text,
        title -> Text,
        description -> Text,
        status -> Text,
        version -> BigInt,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        published_at -> Nullable<UtcTimestamp>,
        archived_at -> Nullable<UtcTimestamp>,
        external_id -> Nullable<Text>,
        grading_scale -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    course_modules (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        course_id -> Uuid,
        title -> Text,
        position -> Integer,
        version -> BigInt,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    lessons (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        course_id -> Uuid,
        module_id -> Uuid,
        title -> Text,
        kind -> Text,
        position -> Integer,
        required -> Bool,
        body -> Nullable<Text>,
        url -> Nullable<Text>,
        duration_seconds -> Nullable<Integer>,
        size_bytes -> Nullable<BigInt>,
        media_type -> Nullable<Text>,
        quiz -> Nullable<Text>,
        version -> BigInt,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        assignment -> Nullable<Text>,
        assignment_group_id -> Nullable<Uuid>,
        file_id -> Nullable<Uuid>,
        lti_tool_id -> Nullable<Uuid>,
        lti -> Nullable<Text>,
        cmi5 -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    enrollments (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        course_id -> Uuid,
        user_id -> Uuid,
        status -> Text,
        due_at -> Nullable<UtcTimestamp>,
        time_spent_seconds -> BigInt,
        score -> Nullable<Integer>,
        enrolled_at -> UtcTimestamp,
        completed_at -> Nullable<UtcTimestamp>,
        dropped_at -> Nullable<UtcTimestamp>,
        last_activity_at -> Nullable<UtcTimestamp>,
        version -> BigInt,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        reminded_at -> Nullable<UtcTimestamp>,
        external_id -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    lesson_progress (tenant_id, enrollment_id, lesson_id) {
        tenant_id -> Uuid,
        enrollment_id -> Uuid,
        lesson_id -> Uuid,
        status -> Text,
        score -> Nullable<Integer>,
        passed -> Nullable<Bool>,
        time_spent_seconds -> Integer,
        started_at -> UtcTimestamp,
        completed_at -> Nullable<UtcTimestamp>,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    quiz_attempts (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        enrollment_id -> Uuid,
        lesson_id -> Uuid,
        attempt_number -> Integer,
        answers -> Text,
        results -> Text,
        score -> Integer,
        passed -> Bool,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    signing_keys (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        algorithm -> Text,
        public_key -> Text,
        private_key -> Text,
        created_at -> UtcTimestamp,
        retired_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    certificates (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        enrollment_id -> Uuid,
        course_id -> Uuid,
        user_id -> Uuid,
        code -> Text,
        key_id -> Uuid,
        credential -> Text,
        signature -> Text,
        issued_at -> UtcTimestamp,
        revoked_at -> Nullable<UtcTimestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    operations (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        kind -> Text,
        status -> Text,
        target_id -> Nullable<Uuid>,
        input -> Text,
        total -> Integer,
        processed -> Integer,
        succeeded -> Integer,
        failed -> Integer,
        skipped -> Integer,
        errors -> Text,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        finished_at -> Nullable<UtcTimestamp>,
        result_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    events (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        #[sql_name = "type"]
        event_type -> Text,
        data -> Text,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    webhook_endpoints (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        url -> Text,
        description -> Text,
        events -> Text,
        secret -> Text,
        status -> Text,
        disabled_reason -> Nullable<Text>,
        failing_since -> Nullable<UtcTimestamp>,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    webhook_deliveries (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        endpoint_id -> Uuid,
        event_id -> Uuid,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        delivered_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    plans (code) {
        code -> Text,
        name -> Text,
        description -> Text,
        unit_amount -> Integer,
        currency -> Text,
        seat_limit -> Integer,
        max_courses -> Nullable<Integer>,
        features -> Text,
        self_serve -> Bool,
        position -> Integer,
        max_upload_bytes -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    subscriptions (tenant_id) {
        tenant_id -> Uuid,
        stripe_customer_id -> Nullable<Text>,
        stripe_subscription_id -> Nullable<Text>,
        status -> Text,
        plan -> Nullable<Text>,
        seats -> Nullable<Integer>,
        current_period_end -> Nullable<UtcTimestamp>,
        cancel_at_period_end -> Bool,
        last_event_at -> Nullable<UtcTimestamp>,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        version -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    billing_customers (stripe_customer_id) {
        stripe_customer_id -> Text,
        tenant_id -> Uuid,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    stripe_events (id) {
        id -> Text,
        #[sql_name = "type"]
        event_type -> Text,
        stripe_created -> UtcTimestamp,
        payload -> Text,
        received_at -> UtcTimestamp,
        processed_at -> Nullable<UtcTimestamp>,
        tenant_id -> Nullable<Uuid>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    operator_actions (id) {
        id -> Uuid,
        operator -> Text,
        action -> Text,
        command_line -> Text,
        tenant_slug -> Nullable<Text>,
        reason -> Nullable<Text>,
        outcome -> Text,
        error -> Nullable<Text>,
        started_at -> UtcTimestamp,
        finished_at -> Nullable<UtcTimestamp>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    plans,
    subscriptions,
    billing_customers,
    stripe_events,
    tenants,
    users,
    sessions,
    api_keys,
    user_tokens,
    audit_events,
    idempotency_keys,
    courses,
    course_modules,
    lessons,
    enrollments,
    lesson_progress,
    quiz_attempts,
    signing_keys,
    certificates,
    operations,
    events,
    jobs,
    schedules,
    webhook_endpoints,
    webhook_deliveries,
    identity_providers,
    user_identities,
    sso_logins,
    groups,
    group_members,
    group_courses,
    group_enrollment_failures,
    course_staff,
    assignment_groups,
    rubrics,
    submissions,
    grade_changes,
    files,
    data_keys,
    audit_chains,
    retention_settings,
    consents,
    lti_tools,
    lti_keys,
    lti_launches,
    lti_access_tokens,
    lti_line_items,
    lti_scores,
    lti_deep_links,
    xapi_credentials,
    xapi_statements,
    xapi_statement_refs,
    xapi_attachments,
    xapi_activities,
    xapi_documents,
    cmi5_packages,
    cmi5_sessions,
    cmi5_outcomes
);

pub use super::scoped::{PLATFORM_TABLES, TENANT_TABLES};
