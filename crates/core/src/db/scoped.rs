//! Tenant tables, declared once. Each declaration below makes the table
//! - a member of [`TENANT_TABLES`] (the tenancy tests compare it with the database and check that
//!   PostgreSQL's row-level security covers every member), and
//! - a [`TenantTable`]: queries start from [`Tenant::scoped`], which adds the tenant filter, and inserts
//!   pass their rows through [`Tenant::stamp`], which writes the transaction's tenant into them.
//!
//! A [`Tenant`] comes only from a [`super::TenantTx`], so the filter is always the transaction's own tenant:
//! on SQLite this is the wall that row-level security is on PostgreSQL. `crates/core/tests/scoping.rs`
//! fails when code outside `db` names a tenant table any other way (reads, updates, deletes, subqueries,
//! inserts), except as the right-hand side of a join tied to the scoped table's tenant, or through
//! [`AllTenants::every_tenant`] in the named cross-tenant transactions.

use diesel::{dsl, query_dsl::methods::FilterDsl, ExpressionMethods};

use super::{
    schema,
    types::{sql, TenantId},
};

/// A table whose rows belong to one tenant, and the column that says which (also the platform tables
/// that record a tenant per row, `jobs` and `stripe_events`: a tenant's transaction reaches its own
/// rows of them through [`Tenant::scoped`] too).
pub trait TenantTable: diesel::Table + Sized {
    /// The tenant column's SQL type (`Uuid`, or `Nullable<Uuid>` on the platform tables).
    type Tag: diesel::sql_types::SqlType + diesel::sql_types::SingleValue;
    type TenantColumn: diesel::Column<Table = Self>
        + diesel::Expression<SqlType = Self::Tag>
        + ExpressionMethods
        + Default;
}

/// The join condition "same tenant" between two tenant tables (`users::table.on(same_tenant(users::table,
/// enrollments::table).and(..))`): a joined table is tied to the scoped table's tenant.
pub fn same_tenant<A, B>(_a: A, _b: B) -> dsl::Eq<A::TenantColumn, B::TenantColumn>
where
    A: TenantTable,
    B: TenantTable,
    B::TenantColumn: diesel::expression::AsExpression<A::Tag>,
{
    A::TenantColumn::default().eq(B::TenantColumn::default())
}

/// `T` filtered to one tenant.
pub type Scoped<T> = dsl::Filter<T, dsl::Eq<<T as TenantTable>::TenantColumn, TenantId>>;

macro_rules! tenant_tables {
    ($($table:ident),* $(,)?) => {
        /// Tables whose rows belong to one tenant (`tenant_id NOT NULL`, RLS-protected on PostgreSQL).
        pub const TENANT_TABLES: &[&str] = &[$(stringify!($table)),*];
        $(impl TenantTable for schema::$table::table {
            type Tag = sql::Uuid;
            type TenantColumn = schema::$table::tenant_id;
        })*
    };
}

tenant_tables!(
    api_keys,
    assignment_groups,
    audit_chains,
    audit_events,
    billing_customers,
    certificates,
    cmi5_outcomes,
    cmi5_packages,
    cmi5_sessions,
    consents,
    course_modules,
    course_staff,
    courses,
    data_keys,
    enrollments,
    events,
    files,
    grade_changes,
    group_courses,
    group_enrollment_failures,
    group_members,
    groups,
    identity_providers,
    idempotency_keys,
    lesson_progress,
    lessons,
    lti_access_tokens,
    lti_deep_links,
    lti_keys,
    lti_launches,
    lti_line_items,
    lti_scores,
    lti_tools,
    operations,
    quiz_attempts,
    retention_settings,
    rubrics,
    sessions,
    signing_keys,
    sso_logins,
    submissions,
    subscriptions,
    webhook_deliveries,
    webhook_endpoints,
    user_identities,
    user_tokens,
    users,
    xapi_activities,
    xapi_attachments,
    xapi_credentials,
    xapi_documents,
    xapi_statement_refs,
    xapi_statements,
);

/// Tables outside tenant scoping, each with the reason it is one.
pub const PLATFORM_TABLES: &[(&str, &str)] = &[
    ("tenants", "the registry of tenants; RLS keyed on its own id"),
    ("jobs", "the queue; workers claim across tenants and rebuild a scope from tenant_id"),
    ("schedules", "periodic platform jobs; one row per schedule, not per tenant"),
    ("plans", "the platform's plan catalog, the same for every tenant"),
    ("stripe_events", "Stripe's events as received (deduplicated by id) before a job resolves their tenant"),
    ("operator_actions", "support staff's CLI actions; they must outlive the tenants they were about (purge)"),
    (
        "rate_limit_buckets",
        "rate limits every API process shares; keyed by hashed credentials and addresses, before any tenant is known",
    ),
    ("invalidations", "cache invalidations for every process; opaque to PostgreSQL's channel, polled on SQLite"),
    ("__diesel_schema_migrations", "migration bookkeeping"),
];

/// The registry of tenants is a platform table, but a tenant's transaction sees its own row only:
/// its "tenant column" is its id.
impl TenantTable for schema::tenants::table {
    type Tag = sql::Uuid;
    type TenantColumn = schema::tenants::id;
}

/// Platform tables that record the tenant of each row (nullable: platform work and unresolved events
/// have none). Not in [`TENANT_TABLES`]: workers and the Stripe receiver use them across tenants.
impl TenantTable for schema::jobs::table {
    type Tag = diesel::sql_types::Nullable<sql::Uuid>;
    type TenantColumn = schema::jobs::tenant_id;
}

impl TenantTable for schema::stripe_events::table {
    type Tag = diesel::sql_types::Nullable<sql::Uuid>;
    type TenantColumn = schema::stripe_events::tenant_id;
}

/// The tenant of one open transaction: obtained only from [`super::TenantTx::tenant`]. Copy it into
/// query bodies (`with_conn!` borrows the transaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenant(TenantId);

impl Tenant {
    pub(super) fn of(id: TenantId) -> Self {
        Tenant(id)
    }

    pub fn id(self) -> TenantId {
        self.0
    }

    /// `table` filtered to this tenant: where every read, update and delete of a tenant table starts.
    pub fn scoped<T>(self, table: T) -> Scoped<T>
    where
        T: TenantTable + FilterDsl<dsl::Eq<T::TenantColumn, TenantId>>,
        TenantId: diesel::expression::AsExpression<T::Tag>,
    {
        table.filter(T::TenantColumn::default().eq(self.0))
    }

    /// `row` with this tenant written into it, for an insert.
    pub fn stamp<R: TenantRow>(self, row: &mut R) -> &R {
        row.set_tenant(self.0);
        row
    }

    /// [`Tenant::stamp`] for an insert written as columns: this tenant's column, then `values`.
    pub fn stamp_columns<T: TenantTable, V>(self, _table: T, values: V) -> (dsl::Eq<T::TenantColumn, TenantId>, V)
    where
        TenantId: diesel::expression::AsExpression<T::Tag>,
    {
        (T::TenantColumn::default().eq(self.0), values)
    }

    /// [`Tenant::stamp`] for a batch, in place.
    pub fn stamp_all<R: TenantRow>(self, rows: &mut [R]) -> &[R] {
        for row in rows.iter_mut() {
            row.set_tenant(self.0);
        }
        rows
    }
}

impl std::fmt::Display for Tenant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A row of a tenant table, as inserted: [`Tenant::stamp`] writes its tenant.
pub trait TenantRow {
    fn set_tenant(&mut self, tenant: TenantId);
}

/// Implements [`TenantRow`] for insertable structs with a `tenant_id: TenantId` field.
#[macro_export]
macro_rules! tenant_rows {
    ($($row:ty),* $(,)?) => {$(
        impl $crate::db::scoped::TenantRow for $row {
            fn set_tenant(&mut self, tenant: $crate::db::types::TenantId) {
                self.tenant_id = tenant;
            }
        }
    )*};
}

/// Proof of a cross-tenant transaction ([`super::SystemTx`], [`super::PlatformTx`]): such transactions
/// name the tenant tables they read or sweep through [`AllTenants::every_tenant`], so each use is
/// visible (and checked) as deliberate. Obtained from `tx.all_tenants()`.
#[derive(Debug, Clone, Copy)]
pub struct AllTenants(());

impl AllTenants {
    pub(super) fn new() -> Self {
        AllTenants(())
    }

    pub fn every_tenant<T: diesel::Table>(self, table: T) -> T {
        table
    }

    /// One tenant's scope inside a cross-tenant transaction (support staff reading each tenant that
    /// has an account with an email; the platform listing one tenant's Stripe events).
    pub fn tenant(self, id: TenantId) -> Tenant {
        Tenant(id)
    }
}
