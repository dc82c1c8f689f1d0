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

diesel::allow_tables_to_appear_in_same_query!(tenants, users, sessions, jobs);

/// Tables whose rows belong to one tenant (`tenant_id NOT NULL`, RLS-protected on PostgreSQL).
pub const TENANT_TABLES: &[&str] = &["users", "sessions"];
/// Tables outside tenant scoping, each with the reason it is one.
pub const PLATFORM_TABLES: &[(&str, &str)] = &[
    ("tenants", "the registry of tenants; RLS keyed on its own id"),
    ("jobs", "the queue; workers claim across tenants and rebuild a scope from tenant_id"),
    ("__diesel_schema_migrations", "migration bookkeeping"),
];
