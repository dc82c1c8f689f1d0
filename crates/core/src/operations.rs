//! Long-running operations: work accepted by a request (202) and carried out by a job, with progress a
//! client polls at `GET /v1/operations/{id}`: counts and a per-row error report.

use crate::scope::Need;
use diesel::prelude::*;

pub use crate::db::status::OperationStatus;
use crate::{
    db::{
        schema::operations,
        types::{OperationId, TenantId, Timestamp},
        AnyConn, HasConn, TenantTx,
    },
    error::{Error, Result},
    scope::permissions::Permission,
    scope::TenantScope,
    with_conn, Core,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = operations, treat_none_as_default_value = false)]
pub(crate) struct OperationRow {
    pub tenant_id: TenantId,
    pub id: OperationId,
    pub kind: String,
    pub status: OperationStatus,
    pub target_id: Option<uuid::Uuid>,
    pub input: String,
    pub total: i32,
    pub processed: i32,
    pub succeeded: i32,
    pub failed: i32,
    pub skipped: i32,
    pub errors: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub result_id: Option<uuid::Uuid>,
}

/// One row of the input that failed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RowFailure {
    /// 0-based index in the request's list.
    pub row: i32,
    /// The value given in that row.
    pub value: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Operation {
    pub id: OperationId,
    /// e.g. `enrollment.bulk`.
    pub kind: String,
    pub status: OperationStatus,
    /// The object the operation works on (the course of a bulk enrollment).
    pub target_id: Option<uuid::Uuid>,
    pub total: i32,
    pub processed: i32,
    pub succeeded: i32,
    pub failed: i32,
    /// Rows that needed no change (already enrolled).
    pub skipped: i32,
    pub errors: Vec<RowFailure>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    /// What the operation produced: a subject access export's archive (a file).
    pub result_id: Option<uuid::Uuid>,
}

impl TryFrom<OperationRow> for Operation {
    type Error = Error;
    fn try_from(r: OperationRow) -> Result<Self> {
        Ok(Operation {
            id: r.id,
            kind: r.kind,
            status: r.status,
            target_id: r.target_id,
            total: r.total,
            processed: r.processed,
            succeeded: r.succeeded,
            failed: r.failed,
            skipped: r.skipped,
            errors: serde_json::from_str(&r.errors).map_err(Error::internal)?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            finished_at: r.finished_at,
            result_id: r.result_id,
        })
    }
}

pub(crate) fn insert(tx: &mut TenantTx<'_>, row: &mut OperationRow) -> Result<()> {
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(operations::table).values(ours.stamp(row)).execute(c))?;
    Ok(())
}

/// The operation row, locked on PostgreSQL so two runs of its job never interleave.
pub(crate) fn lock(tx: &mut TenantTx<'_>, id: OperationId) -> Result<OperationRow> {
    let tenant = tx.tenant();
    let q = tenant.scoped(operations::table).filter(operations::id.eq(id));
    match tx.conn() {
        AnyConn::Pg(c) => q.select(OperationRow::as_select()).for_update().first(c),
        AnyConn::Sqlite(c) => q.select(OperationRow::as_select()).first(c),
    }
    .map_err(crate::error::not_found("operation"))
}

/// Records progress on a chunk of rows.
pub(crate) fn advance(
    tx: &mut TenantTx<'_>,
    row: &OperationRow,
    processed: i32,
    succeeded: i32,
    failed: i32,
    skipped: i32,
    new_errors: Vec<RowFailure>,
) -> Result<()> {
    let tenant = tx.tenant();
    let mut errors: Vec<RowFailure> = serde_json::from_str(&row.errors).map_err(Error::internal)?;
    errors.extend(new_errors);
    let processed = row.processed + processed;
    let done = processed >= row.total;
    let now = Timestamp::now();
    with_conn!(tx, |c| diesel::update(tenant.scoped(operations::table).filter(operations::id.eq(row.id)))
        .set((
            operations::status.eq(if done { OperationStatus::Succeeded } else { OperationStatus::Running }),
            operations::processed.eq(processed),
            operations::succeeded.eq(row.succeeded + succeeded),
            operations::failed.eq(row.failed + failed),
            operations::skipped.eq(row.skipped + skipped),
            operations::errors.eq(serde_json::to_string(&errors).map_err(Error::internal)?),
            operations::updated_at.eq(now),
            operations::finished_at.eq(done.then_some(now)),
        ))
        .execute(c))?;
    Ok(())
}

/// The kind of a user import (`identity::import`); other operations are enrollments'.
pub const USER_IMPORT: &str = "users.import";
/// The kind of a subject access export (`privacy::export`); its target is the person.
pub const DATA_EXPORT: &str = "users.data_export";

/// A queued or running operation of `kind` on `target`, if there is one.
pub(crate) fn in_flight(tx: &mut TenantTx<'_>, kind: &str, target: uuid::Uuid) -> Result<Option<OperationRow>> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(operations::table)
        .filter(operations::kind.eq(kind))
        .filter(operations::target_id.eq(crate::db::types::RowId(target)))
        .filter(operations::status.eq_any([OperationStatus::Queued, OperationStatus::Running]))
        .select(OperationRow::as_select())
        .first(c)
        .optional())?)
}

/// Ends an operation that could not finish: `failed`, with why.
pub(crate) fn fail(tx: &mut TenantTx<'_>, id: OperationId, why: &str) -> Result<()> {
    let tenant = tx.tenant();
    let now = Timestamp::now();
    let errors = vec![RowFailure { row: 0, value: String::new(), code: "failed".into(), message: why.into() }];
    with_conn!(tx, |c| diesel::update(tenant.scoped(operations::table).filter(operations::id.eq(id)))
        .set((
            operations::status.eq(OperationStatus::Failed),
            operations::errors.eq(serde_json::to_string(&errors).map_err(Error::internal)?),
            operations::updated_at.eq(now),
            operations::finished_at.eq(Some(now)),
        ))
        .execute(c))?;
    Ok(())
}

/// Records what an operation produced.
pub(crate) fn set_result(tx: &mut TenantTx<'_>, id: OperationId, result: uuid::Uuid) -> Result<()> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| diesel::update(tenant.scoped(operations::table).filter(operations::id.eq(id)))
        .set(operations::result_id.eq(Some(crate::db::types::RowId(result))))
        .execute(c))?;
    Ok(())
}

/// An operation of the caller's tenant: a bulk enrollment needs `enrollments:read` or
/// `enrollments:write`; a user import `users:read` or `users:write`; a subject access export
/// `users:write`, or being its person.
pub async fn view(core: &Core, scope: &TenantScope, id: OperationId) -> Result<Operation> {
    let perms = scope.permissions();
    let users = perms.contains(Permission::UsersRead) || perms.contains(Permission::UsersWrite);
    let enrollments = perms.contains(Permission::EnrollmentsRead) || perms.contains(Permission::EnrollmentsWrite);
    let me = scope.user_id().map(|u| u.0);
    let manages_people = perms.contains(Permission::UsersWrite);
    core.db
        .read(scope, Need::Identified, move |tx| {
            let tenant = tx.tenant();
            let row: OperationRow = with_conn!(tx, |c| tenant
                .scoped(operations::table)
                .filter(operations::id.eq(id))
                .select(OperationRow::as_select())
                .first(c))
            .map_err(crate::error::not_found("operation"))?;
            let allowed = match row.kind.as_str() {
                USER_IMPORT => users,
                // Someone else's export is not even acknowledged.
                DATA_EXPORT if !(manages_people || (me.is_some() && row.target_id == me)) => {
                    return Err(Error::NotFound { resource: "operation" })
                }
                DATA_EXPORT => true,
                _ => enrollments,
            };
            if !allowed {
                return Err(Error::Forbidden {
                    code: "forbidden",
                    message: "this operation needs users:read (imports) or enrollments:read (enrollments)".into(),
                });
            }
            row.try_into()
        })
        .await
}

crate::tenant_rows!(OperationRow);
