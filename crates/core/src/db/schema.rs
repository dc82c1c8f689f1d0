//! Diesel's view of the tables in `migrations/` (identical on both backends by construction).

use crate::db::types::sql::{UtcTimestamp, Uuid};

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
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    idempotency_keys (tenant_id, key) {
        tenant_id -> Uuid,
        key -> Text,
        request_hash -> Text,
        state -> Text,
        response_status -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Binary>,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
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
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::{UtcTimestamp, Uuid};

    jobs (id) {
        id -> Uuid,
        tenant_id -> Nullable<Uuid>,
        kind -> Text,
        queue -> Text,
        priority -> Integer,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        run_at -> UtcTimestamp,
        locked_until -> Nullable<UtcTimestamp>,
        locked_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        dedup_key -> Nullable<Text>,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        finished_at -> Nullable<UtcTimestamp>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
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
    jobs
);

/// Tables whose rows belong to one tenant (`tenant_id NOT NULL`, RLS-protected on PostgreSQL).
pub const TENANT_TABLES: &[&str] = &[
    "api_keys",
    "audit_events",
    "course_modules",
    "courses",
    "idempotency_keys",
    "lessons",
    "sessions",
    "user_tokens",
    "users",
];
/// Tables outside tenant scoping, each with the reason it is one.
pub const PLATFORM_TABLES: &[(&str, &str)] = &[
    ("tenants", "the registry of tenants; RLS keyed on its own id"),
    ("jobs", "the queue; workers claim across tenants and rebuild a scope from tenant_id"),
    ("__diesel_schema_migrations", "migration bookkeeping"),
];
