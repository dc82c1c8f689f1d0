//! Keeping in-process caches coherent across processes. A change that must end cached state (a revoked
//! key, a disabled user, a suspended tenant) publishes an [`Invalidation`] inside its transaction; on
//! PostgreSQL that is a `NOTIFY`, delivered to every process only if the transaction commits. Each
//! process runs a listener (one dedicated connection) that applies what it hears to its own caches. On
//! SQLite there is one process, and the local eviction after commit is all there is.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::{
    courses::cache::CatalogCache,
    db::{
        types::{CourseId, TenantId, UserId},
        AnyConn, HasConn, TenantTx,
    },
    error::Result,
    identity::auth::AuthCache,
};

pub const CHANNEL: &str = "lyceum_invalidate";

/// Cached state to forget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalidation {
    /// One credential, by token hash.
    Credential(String),
    /// Every credential of a user.
    User(UserId),
    /// Every credential of a tenant.
    Tenant(TenantId),
    /// A course's cached view, outline and the tenant's catalog lists.
    Course(TenantId, CourseId),
}

impl Invalidation {
    fn encode(&self) -> String {
        match self {
            Invalidation::Credential(h) => format!("cred:{h}"),
            Invalidation::User(u) => format!("user:{u}"),
            Invalidation::Tenant(t) => format!("tenant:{t}"),
            Invalidation::Course(t, c) => format!("course:{t}:{c}"),
        }
    }

    fn decode(s: &str) -> Option<Self> {
        let (kind, value) = s.split_once(':')?;
        match kind {
            "cred" => Some(Invalidation::Credential(value.to_string())),
            "user" => value.parse().ok().map(Invalidation::User),
            "tenant" => value.parse().ok().map(Invalidation::Tenant),
            "course" => {
                let (t, c) = value.split_once(':')?;
                Some(Invalidation::Course(t.parse().ok()?, c.parse().ok()?))
            }
            _ => None,
        }
    }

    /// Forgets the state in this process.
    pub async fn apply(&self, auth: &AuthCache, catalog: &CatalogCache) {
        match self {
            Invalidation::Credential(h) => auth.evict_hash(h).await,
            Invalidation::User(u) => auth.evict_user(*u),
            Invalidation::Tenant(t) => {
                auth.evict_tenant(*t);
                catalog.invalidate_tenant(*t);
            }
            Invalidation::Course(t, c) => catalog.invalidate_course(*t, *c).await,
        }
    }
}

/// Tells every other process, when (and only if) the transaction commits.
pub fn publish(tx: &mut TenantTx<'_>, what: &Invalidation) -> Result<()> {
    if let AnyConn::Pg(c) = tx.conn() {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .bind::<diesel::sql_types::Text, _>(what.encode())
            .execute(c)?;
    }
    Ok(())
}

/// Stops the listener thread when the last `Core` holding it is dropped.
#[derive(Debug)]
pub(crate) struct ListenerGuard {
    stop: Arc<AtomicBool>,
}

impl Drop for ListenerGuard {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts the PostgreSQL listener for `url`, applying what it hears to `auth`. It reconnects after a
/// lost connection and then forgets every cached credential, since it may have missed notifications.
pub(crate) fn spawn_listener(url: String, auth: AuthCache, catalog: CatalogCache) -> ListenerGuard {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let runtime = tokio::runtime::Handle::try_current().ok();
    std::thread::Builder::new()
        .name("lyceum-invalidation".into())
        .spawn(move || {
            let mut first = true;
            while !flag.load(Ordering::Relaxed) {
                let mut conn = match PgConnection::establish(&url).and_then(|mut c| {
                    diesel::sql_query(format!("LISTEN {CHANNEL}"))
                        .execute(&mut c)
                        .map(|_| c)
                        .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))
                }) {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(error = %e, "cache invalidation listener cannot connect; retrying");
                        std::thread::sleep(Duration::from_secs(1));
                        continue;
                    }
                };
                if !first {
                    auth.clear();
                    catalog.clear();
                }
                first = false;
                'listen: while !flag.load(Ordering::Relaxed) {
                    let mut heard = Vec::new();
                    for n in conn.notifications_iter() {
                        match n {
                            Ok(n) => heard.extend(Invalidation::decode(&n.payload)),
                            Err(e) => {
                                tracing::warn!(error = %e, "cache invalidation listener lost its connection");
                                break 'listen;
                            }
                        }
                    }
                    for inv in heard {
                        match &runtime {
                            Some(rt) => rt.block_on(inv.apply(&auth, &catalog)),
                            None => futures::executor::block_on(inv.apply(&auth, &catalog)),
                        }
                    }
                    // Notices the connection dropping even when nothing is said.
                    if diesel::sql_query("SELECT 1").execute(&mut conn).is_err() {
                        break 'listen;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        })
        .expect("spawning the invalidation listener");
    ListenerGuard { stop }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for inv in [
            Invalidation::Credential("abc".into()),
            Invalidation::User(UserId::new()),
            Invalidation::Tenant(TenantId::new()),
            Invalidation::Course(TenantId::new(), CourseId::new()),
        ] {
            assert_eq!(Invalidation::decode(&inv.encode()), Some(inv));
        }
        assert_eq!(Invalidation::decode("nonsense"), None);
    }
}
