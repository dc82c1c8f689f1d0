//! Single sign-on: an institution's identity providers, the identities linked to its users, and
//! sign-ins in flight.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    identity_providers (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        name -> Text,
        issuer -> Text,
        client_id -> Text,
        client_secret -> Text,
        scopes -> Text,
        allowed_domains -> Text,
        return_urls -> Text,
        create_role -> Nullable<Text>,
        enabled -> Bool,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        version -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    user_identities (tenant_id, provider_id, subject) {
        tenant_id -> Uuid,
        provider_id -> Uuid,
        subject -> Text,
        user_id -> Uuid,
        created_at -> UtcTimestamp,
        last_login_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    sso_logins (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        provider_id -> Uuid,
        state_hash -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        return_to -> Text,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
        used_at -> Nullable<UtcTimestamp>,
    }
}
