//! Teaching: course staff, assignment groups, rubrics, submissions and their grades' history, and the
//! files uploaded for lessons, submissions and feedback.

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

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    files (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        uploader_type -> Text,
        uploader_id -> Nullable<Text>,
        filename -> Text,
        declared_type -> Nullable<Text>,
        content_type -> Nullable<Text>,
        size_bytes -> BigInt,
        sha256 -> Nullable<Text>,
        status -> Text,
        url_secret -> Text,
        attached_kind -> Nullable<Text>,
        attached_id -> Nullable<Uuid>,
        course_id -> Nullable<Uuid>,
        created_at -> UtcTimestamp,
        stored_at -> Nullable<UtcTimestamp>,
        expires_at -> Nullable<UtcTimestamp>,
        subject_id -> Nullable<Uuid>,
    }
}
