//! The directory's groups (cohorts): their members, and the courses they are enrolled in.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    groups (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        name -> Text,
        external_id -> Nullable<Text>,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        version -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    group_members (tenant_id, group_id, user_id) {
        tenant_id -> Uuid,
        group_id -> Uuid,
        user_id -> Uuid,
        added_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    group_courses (tenant_id, group_id, course_id) {
        tenant_id -> Uuid,
        group_id -> Uuid,
        course_id -> Uuid,
        due_at -> Nullable<UtcTimestamp>,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    group_enrollment_failures (tenant_id, group_id, course_id, user_id) {
        tenant_id -> Uuid,
        group_id -> Uuid,
        course_id -> Uuid,
        user_id -> Uuid,
        code -> Text,
        message -> Text,
        failed_at -> UtcTimestamp,
    }
}
