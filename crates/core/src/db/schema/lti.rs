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
