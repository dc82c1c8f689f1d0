//! Column types that mean the same on both backends: UUIDs and UTC timestamps, plus typed ids.
//!
//! PostgreSQL stores `uuid` and `timestamptz`; SQLite stores canonical text (lower-case hyphenated UUIDs,
//! RFC 3339 UTC with microseconds, which sorts in time order).

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use diesel::{
    deserialize::{self, FromSql, FromSqlRow},
    expression::AsExpression,
    pg::Pg,
    serialize::{self, IsNull, Output, ToSql},
    sqlite::Sqlite,
};

/// SQL types used by `schema.rs`.
pub mod sql {
    /// `uuid` on PostgreSQL, `TEXT` on SQLite.
    #[derive(Debug, Clone, Copy, Default, diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(oid = 2950, array_oid = 2951))]
    #[diesel(sqlite_type(name = "Text"))]
    pub struct Uuid;

    /// `timestamptz` on PostgreSQL, RFC 3339 UTC `TEXT` on SQLite.
    #[derive(Debug, Clone, Copy, Default, diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(oid = 1184, array_oid = 1185))]
    #[diesel(sqlite_type(name = "Text"))]
    pub struct UtcTimestamp;
}

impl ToSql<sql::Uuid, Pg> for uuid::Uuid {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <uuid::Uuid as ToSql<diesel::sql_types::Uuid, Pg>>::to_sql(self, out)
    }
}

impl FromSql<sql::Uuid, Pg> for uuid::Uuid {
    fn from_sql(bytes: <Pg as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <uuid::Uuid as FromSql<diesel::sql_types::Uuid, Pg>>::from_sql(bytes)
    }
}

impl ToSql<sql::Uuid, Sqlite> for uuid::Uuid {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(self.hyphenated().to_string());
        Ok(IsNull::No)
    }
}

impl FromSql<sql::Uuid, Sqlite> for uuid::Uuid {
    fn from_sql(value: <Sqlite as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<diesel::sql_types::Text, Sqlite>>::from_sql(value)?;
        Ok(uuid::Uuid::parse_str(&text)?)
    }
}

/// A UTC instant, stored as `timestamptz` (PostgreSQL) or fixed-width RFC 3339 text (SQLite).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    AsExpression,
    FromSqlRow,
)]
#[diesel(sql_type = sql::UtcTimestamp)]
#[serde(transparent)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// Now, to the microsecond: PostgreSQL's precision, so what a write answers is what later reads
    /// return on either backend.
    pub fn now() -> Self {
        use chrono::SubsecRound;
        Self(Utc::now().trunc_subsecs(6))
    }
}

impl std::ops::Deref for Timestamp {
    type Target = DateTime<Utc>;
    fn deref(&self) -> &DateTime<Utc> {
        &self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Self(t)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(t: Timestamp) -> Self {
        t.0
    }
}

impl std::ops::Add<chrono::Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, d: chrono::Duration) -> Timestamp {
        Timestamp(self.0 + d)
    }
}

impl std::ops::Sub<chrono::Duration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, d: chrono::Duration) -> Timestamp {
        Timestamp(self.0 - d)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl ToSql<sql::UtcTimestamp, Pg> for Timestamp {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <DateTime<Utc> as ToSql<diesel::sql_types::Timestamptz, Pg>>::to_sql(&self.0, out)
    }
}

impl FromSql<sql::UtcTimestamp, Pg> for Timestamp {
    fn from_sql(bytes: <Pg as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <DateTime<Utc> as FromSql<diesel::sql_types::Timestamptz, Pg>>::from_sql(bytes).map(Timestamp)
    }
}

impl ToSql<sql::UtcTimestamp, Sqlite> for Timestamp {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(sqlite_timestamp(&self.0));
        Ok(IsNull::No)
    }
}

impl FromSql<sql::UtcTimestamp, Sqlite> for Timestamp {
    fn from_sql(value: <Sqlite as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<diesel::sql_types::Text, Sqlite>>::from_sql(value)?;
        if let Ok(t) = DateTime::parse_from_rfc3339(&text) {
            return Ok(Timestamp(t.with_timezone(&Utc)));
        }
        // SQLite's own CURRENT_TIMESTAMP form, should a default ever produce one.
        let naive = NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f")?;
        Ok(Timestamp(naive.and_utc()))
    }
}

/// The one text form timestamps take in SQLite: fixed width, so text order is time order.
pub fn sqlite_timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Declares a typed id: a UUIDv7 newtype that is its own column type on both backends, so one kind of id
/// cannot be passed where another is expected.
#[macro_export]
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = $crate::db::types::sql::Uuid)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }
            pub fn as_uuid(&self) -> uuid::Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl<DB> diesel::serialize::ToSql<$crate::db::types::sql::Uuid, DB> for $name
        where
            DB: diesel::backend::Backend,
            uuid::Uuid: diesel::serialize::ToSql<$crate::db::types::sql::Uuid, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<$crate::db::types::sql::Uuid, DB> for $name
        where
            DB: diesel::backend::Backend,
            uuid::Uuid: diesel::deserialize::FromSql<$crate::db::types::sql::Uuid, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                uuid::Uuid::from_sql(bytes).map(Self)
            }
        }
    };
}

typed_id!(
    /// Identifies an institution (a tenant).
    TenantId
);
typed_id!(
    /// Identifies a user within a tenant.
    UserId
);
typed_id!(
    /// Identifies a login session.
    SessionId
);
typed_id!(
    /// Identifies one support-staff action in the platform trail.
    OperatorActionId
);
typed_id!(
    /// Identifies a background job.
    JobId
);
typed_id!(
    /// Identifies a course.
    CourseId
);
typed_id!(
    /// Identifies a module of a course.
    ModuleId
);
typed_id!(
    /// Identifies a lesson.
    LessonId
);
typed_id!(
    /// Identifies an API key.
    ApiKeyId
);
typed_id!(
    /// Identifies an audit event.
    AuditEventId
);
typed_id!(
    /// Identifies an invitation or password-reset token.
    UserTokenId
);

typed_id!(
    /// Identifies an enrollment of a user in a course.
    EnrollmentId
);
typed_id!(
    /// Identifies a quiz attempt.
    AttemptId
);
typed_id!(
    /// Identifies an issued certificate.
    CertificateId
);
typed_id!(
    /// Identifies a tenant's signing key.
    SigningKeyId
);
typed_id!(
    /// Identifies one of a tenant's data keys (see `vault`).
    DataKeyId
);
typed_id!(
    /// Any row's id where its kind does not matter (the vault's sweeps over every secret column).
    RowId
);
typed_id!(
    /// Identifies a long-running operation (bulk enrollment).
    OperationId
);
typed_id!(
    /// Identifies a domain event in the outbox.
    EventId
);

typed_id!(
    /// Identifies a webhook endpoint.
    WebhookEndpointId
);
typed_id!(
    /// Identifies an institution's identity provider (single sign-on).
    IdentityProviderId
);
typed_id!(
    /// Identifies a single sign-on in flight (a redirect to an identity provider).
    SsoLoginId
);
typed_id!(
    /// Identifies an LTI tool registration.
    LtiToolId
);
typed_id!(
    /// Identifies one of an institution's LTI platform keys.
    LtiKeyId
);
typed_id!(
    /// Identifies an LTI launch in flight.
    LtiLaunchId
);
typed_id!(
    /// Identifies an OAuth 2.0 access token issued to an LTI tool.
    LtiAccessTokenId
);
typed_id!(
    /// Identifies an AGS line item (a tool's gradebook column in a course).
    LtiLineItemId
);
typed_id!(
    /// Identifies a deep-linking request in flight.
    LtiDeepLinkId
);
typed_id!(
    /// Identifies an LRS credential (xAPI HTTP Basic key and secret).
    XapiCredentialId
);
typed_id!(
    /// Identifies an xAPI statement (a client's UUID of any version; the LRS makes v7 ones).
    StatementId
);
typed_id!(
    /// Identifies an xAPI registration (one attempt of a learner at an activity).
    RegistrationId
);
typed_id!(
    /// Identifies an imported cmi5 course package.
    Cmi5PackageId
);
typed_id!(
    /// Identifies a cmi5 AU launch session (its `sessionid`).
    Cmi5SessionId
);
typed_id!(
    /// Identifies one delivery of an event to a webhook endpoint.
    WebhookDeliveryId
);

/// The one idiom for a status column's values: an enum with its stored text (`as_str`), `parse`, `ALL`,
/// and a column type of its own. Rows hold the enum, not a string: diesel decodes the stored text
/// through [`FromSql`], and a value the enum does not know fails the query (a 500 naming the column's
/// type and the value, never a silent default).
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[serde(rename_all = "snake_case")]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(bytes)?;
                Self::parse(&text)
                    .ok_or_else(|| format!("unknown {} {:?} in the database", stringify!($name), text).into())
            }
        }
    };
}
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_timestamps_sort_as_text_in_time_order() {
        let a = DateTime::parse_from_rfc3339("2026-01-02T03:04:05.000001Z").unwrap().with_timezone(&Utc);
        let b = DateTime::parse_from_rfc3339("2026-01-02T03:04:05.1Z").unwrap().with_timezone(&Utc);
        let c = DateTime::parse_from_rfc3339("2026-01-02T03:04:06Z").unwrap().with_timezone(&Utc);
        let (ta, tb, tc) = (sqlite_timestamp(&a), sqlite_timestamp(&b), sqlite_timestamp(&c));
        assert_eq!(ta, "2026-01-02T03:04:05.000001Z");
        assert!(ta < tb && tb < tc);
    }

    #[test]
    fn typed_ids_are_time_ordered_uuid_v7() {
        let a = TenantId::new();
        let b = TenantId::new();
        assert_eq!(a.0.get_version_num(), 7);
        assert!(a < b);
        assert_eq!(a.to_string().parse::<TenantId>().unwrap(), a);
    }
}
typed_id!(
    /// Identifies a group (cohort) of users.
    GroupId
);
typed_id!(
    /// Identifies an assignment group (a weighted category of a course's graded lessons).
    AssignmentGroupId
);
typed_id!(
    /// Identifies a rubric.
    RubricId
);
typed_id!(
    /// Identifies a learner's submission to an assignment.
    SubmissionId
);
typed_id!(
    /// Identifies one change of a grade.
    GradeChangeId
);
typed_id!(
    /// Identifies an uploaded file.
    FileId
);
typed_id!(
    /// Identifies one acceptance of an institution's terms and privacy notice.
    ConsentId
);
typed_id!(
    /// The id of whatever a file is attached to (a lesson's or a submission's id).
    AttachedId
);
