//! Seats: a distinct user with an active enrollment takes one; checks of concurrent enrollments are serialised on the tenant row.

use super::*;

pub async fn seats_used(core: &Core, scope: &TenantScope) -> Result<i64> {
    core.db.read(scope, Need::Identified, crate::entitlements::seats_used).await
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
