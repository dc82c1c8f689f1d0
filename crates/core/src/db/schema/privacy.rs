//! Privacy: each institution's data keys (wrapped), the head of its audit trail's hash chain, its
//! retention settings, and the consents people gave to its terms and privacy notice.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    data_keys (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        kek_id -> Text,
        wrapped -> Text,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    audit_chains (tenant_id) {
        tenant_id -> Uuid,
        last_seq -> BigInt,
        last_hash -> Text,
        base_seq -> BigInt,
        base_hash -> Text,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    retention_settings (tenant_id) {
        tenant_id -> Uuid,
        audit_events_days -> Nullable<BigInt>,
        domain_events_days -> Nullable<BigInt>,
        webhook_deliveries_days -> Nullable<BigInt>,
        sessions_days -> Nullable<BigInt>,
        operations_days -> Nullable<BigInt>,
        updated_at -> Nullable<UtcTimestamp>,
        last_run_at -> Nullable<UtcTimestamp>,
        removed_audit_events -> BigInt,
        removed_domain_events -> BigInt,
        removed_webhook_deliveries -> BigInt,
        removed_sessions -> BigInt,
        removed_idempotency_records -> BigInt,
        removed_operations -> BigInt,
        stripe_events_days -> Nullable<BigInt>,
        inactive_learners_days -> Nullable<BigInt>,
        removed_stripe_events -> BigInt,
        removed_inactive_learners -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    consents (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        user_id -> Uuid,
        terms_version -> Nullable<Text>,
        privacy_notice_version -> Nullable<Text>,
        accepted_via -> Text,
        ip -> Nullable<Text>,
        accepted_at -> UtcTimestamp,
    }
}
