//! Teaching: course staff, assignment groups, rubrics, submissions and their grades' history.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    course_staff (tenant_id, course_id, user_id) {
        tenant_id -> Uuid,
        course_id -> Uuid,
        user_id -> Uuid,
        role -> Text,
        added_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    assignment_groups (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        course_id -> Uuid,
        name -> Text,
        weight -> Double,
        position -> Integer,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    rubrics (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        course_id -> Uuid,
        title -> Text,
        criteria -> Text,
        points_possible -> Double,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        version -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    submissions (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        enrollment_id -> Uuid,
        lesson_id -> Uuid,
        course_id -> Uuid,
        user_id -> Uuid,
        attempt_number -> Integer,
        body -> Nullable<Text>,
        url -> Nullable<Text>,
        submitted_at -> UtcTimestamp,
        seconds_late -> BigInt,
        raw_points -> Nullable<Double>,
        late_penalty -> Nullable<Double>,
        points -> Nullable<Double>,
        rubric_assessment -> Nullable<Text>,
        feedback -> Nullable<Text>,
        graded_by -> Nullable<Text>,
        graded_at -> Nullable<UtcTimestamp>,
        posted_at -> Nullable<UtcTimestamp>,
        grade_version -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    grade_changes (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        submission_id -> Uuid,
        actor_type -> Text,
        actor_id -> Nullable<Text>,
        changed_at -> UtcTimestamp,
        before -> Text,
        after -> Text,
    }
}
