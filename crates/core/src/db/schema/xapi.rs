//! The xAPI learning record store (issue 20): credentials, statements, attachments, activities and
//! documents.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    xapi_credentials (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        name -> Text,
        key -> Text,
        secret_hash -> Text,
        can_write -> Bool,
        created_at -> UtcTimestamp,
        last_used_at -> Nullable<UtcTimestamp>,
        revoked_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    xapi_statements (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        stored -> UtcTimestamp,
        verb_id -> Text,
        actor -> Text,
        registration -> Nullable<Uuid>,
        voided -> Bool,
        voids -> Nullable<Uuid>,
        target -> Nullable<Uuid>,
        statement -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    xapi_statement_refs (tenant_id, statement_id, kind, value, related) {
        tenant_id -> Uuid,
        statement_id -> Uuid,
        kind -> Text,
        value -> Text,
        related -> Bool,
        stored -> UtcTimestamp,
        verb_id -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    xapi_attachments (tenant_id, sha2) {
        tenant_id -> Uuid,
        sha2 -> Text,
        content_type -> Text,
        content -> Binary,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    xapi_activities (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Text,
        definition -> Text,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::{UtcTimestamp, Uuid};

    xapi_documents (tenant_id, kind, activity_id, agent, registration, doc_id) {
        tenant_id -> Uuid,
        kind -> Text,
        activity_id -> Text,
        agent -> Text,
        registration -> Text,
        doc_id -> Text,
        content_type -> Text,
        content -> Binary,
        etag -> Text,
        updated_at -> UtcTimestamp,
    }
}
