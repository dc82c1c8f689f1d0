//! Seats: a distinct user with an active enrollment takes one; checks of concurrent enrollments are serialised on the tenant row.

use super::*;

/// Learners holding a seat: distinct users with an active enrollment.
pub fn seats_used_tx(tx: &mut TenantTx<'_>) -> Result<i64> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(enrollments::table)
        .filter(enrollments::status.eq("active"))
        .select(diesel::dsl::count(enrollments::user_id).aggregate_distinct())
        .first(c))?)
}

pub async fn seats_used(core: &Core, scope: &TenantScope) -> Result<i64> {
    core.db.read(scope, Need::Identified, seats_used_tx).await
}

/// Locks the tenant row (PostgreSQL) so seat checks of concurrent enrollments are serialised, and
/// returns the seat limit.
pub(super) fn lock_seats(tx: &mut TenantTx<'_>) -> Result<i32> {
    let tenant = tx.tenant();
    let q = tenant.scoped(tenants::table).select(tenants::seat_limit);
    Ok(match tx.conn() {
        AnyConn::Pg(c) => q.for_update().first(c),
        AnyConn::Sqlite(c) => q.first(c),
    }?)
}
