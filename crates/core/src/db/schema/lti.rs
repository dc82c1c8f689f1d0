//! LTI 1.3 Advantage: the tools an institution registers and the platform's signing keys.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    lti_tools (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        name -> Text,
        client_id -> Text,
        deployment_id -> Text,
        login_url -> Text,
        target_link_uri -> Text,
        redirect_uris -> Text,
        jwks_url -> Nullable<Text>,
        public_jwk -> Nullable<Text>,
        scopes -> Text,
        deep_linking -> Bool,
        custom -> Text,
        enabled -> Bool,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        version -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    lti_keys (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        public_jwk -> Text,
        private_key -> Text,
        created_at -> UtcTimestamp,
        retired_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    lti_launches (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        tool_id -> Uuid,
        lesson_id -> Uuid,
        user_id -> Uuid,
        hint_hash -> Text,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
        used_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    lti_access_tokens (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        tool_id -> Uuid,
        token_hash -> Text,
        jti -> Text,
        scopes -> Text,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    lti_line_items (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        tool_id -> Uuid,
        course_id -> Uuid,
        lesson_id -> Nullable<Uuid>,
        label -> Text,
        score_maximum -> Double,
        resource_id -> Nullable<Text>,
        tag -> Nullable<Text>,
        start_at -> Nullable<UtcTimestamp>,
        end_at -> Nullable<UtcTimestamp>,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    lti_scores (tenant_id, line_item_id, user_id) {
        tenant_id -> Uuid,
        line_item_id -> Uuid,
        user_id -> Uuid,
        score_given -> Nullable<Double>,
        score_maximum -> Nullable<Double>,
        comment -> Nullable<Text>,
        activity_progress -> Text,
        grading_progress -> Text,
        scored_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    lti_deep_links (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        tool_id -> Uuid,
        course_id -> Uuid,
        module_id -> Uuid,
        user_id -> Uuid,
        hint_hash -> Text,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
        used_at -> Nullable<UtcTimestamp>,
        returned_at -> Nullable<UtcTimestamp>,
    }
}
