//! The platform's queues: jobs, periodic schedules and cache invalidations (no tenant's table).

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

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

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    schedules (name) {
        name -> Text,
        every_seconds -> Integer,
        next_run_at -> UtcTimestamp,
        last_run_at -> Nullable<UtcTimestamp>,
        last_job_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::UtcTimestamp;

    invalidations (seq) {
        seq -> BigInt,
        payload -> Text,
        created_at -> UtcTimestamp,
    }
}
