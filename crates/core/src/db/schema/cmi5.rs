//! cmi5 courses (issue 20): imported packages, launch sessions and each registration's outcomes.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    cmi5_packages (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        course_id -> Uuid,
        course_iri -> Text,
        structure -> Text,
        url_secret -> Text,
        files -> Integer,
        size_bytes -> BigInt,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    cmi5_sessions (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        enrollment_id -> Uuid,
        lesson_id -> Uuid,
        user_id -> Uuid,
        launch_mode -> Text,
        fetch_hash -> Text,
        token_hash -> Nullable<Text>,
        fetched_at -> Nullable<UtcTimestamp>,
        state -> Text,
        verbs -> Text,
        launched_at -> UtcTimestamp,
        last_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    cmi5_outcomes (tenant_id, enrollment_id, object_id) {
        tenant_id -> Uuid,
        enrollment_id -> Uuid,
        object_id -> Text,
        completed -> Bool,
        passed -> Bool,
        waived -> Bool,
        satisfied -> Bool,
        updated_at -> UtcTimestamp,
    }
}
