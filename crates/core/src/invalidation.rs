//! Keeping in-process caches coherent across processes. A change that must end cached state (a revoked
//! key, a disabled user, a suspended tenant) publishes an [`Invalidation`] inside its transaction: a row
//! of the `invalidations` table, committed (or rolled back) with the change.
//!
//! - PostgreSQL: the same statement sends a `NOTIFY` whose payload is only the row's sequence number,
//!   so the channel carries nothing a listening role could use; each process's listener reads the rows
//!   it was told about (by number: sequence numbers can commit out of order) and applies them.
//! - SQLite: every process sharing the database file polls the table every [`POLL_INTERVAL`] (writers
//!   are serialised there, so rows commit in sequence order and "everything after the last seen" is
//!   exact). A revocation through the CLI reaches a running API within that interval.
//!
//! Rows older than [`KEEP`] are pruned by the listeners. The local eviction after commit (in the
//! process that made the change) stays immediate.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use diesel::{Connection, ExpressionMethods, PgConnection, QueryDsl, RunQueryDsl, SqliteConnection};

use crate::{
    courses::cache::CatalogCache,
    db::{
        schema::invalidations,
        types::{CourseId, TenantId, Timestamp, UserId},
        AnyConn, HasConn, TenantTx,
    },
    error::Result,
    identity::auth::AuthCache,
};

/// How often a process on SQLite looks for other processes' invalidations.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// How long published invalidations are kept (far longer than any listener lags).
pub const KEEP: Duration = Duration::from_secs(600);
const PRUNE_EVERY: Duration = Duration::from_secs(60);

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
    // This process forgets it right after the commit (an effect of the transaction).
    tx.effects().invalidations.push(what.clone());
    let payload = what.encode();
    match tx.conn() {
        AnyConn::Pg(c) => {
            // One round trip: the row, and a notification that names only its number.
            diesel::sql_query(
                "WITH i AS (INSERT INTO invalidations (payload, created_at) VALUES ($1, now()) RETURNING seq) \
                 SELECT pg_notify($2, (SELECT seq FROM i)::text)",
            )
            .bind::<diesel::sql_types::Text, _>(payload)
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .execute(c)?;
        }
        AnyConn::Sqlite(c) => {
            diesel::insert_into(invalidations::table)
                .values((invalidations::payload.eq(payload), invalidations::created_at.eq(Timestamp::now())))
                .execute(c)?;
        }
    }
    Ok(())
}

/// A `Core`'s caches, acting on the invalidations of every transaction this process commits.
#[derive(Debug)]
pub(crate) struct LocalCaches {
    pub(crate) auth: AuthCache,
    pub(crate) catalog: CatalogCache,
}

impl crate::db::AfterCommit for LocalCaches {
    fn committed<'a>(&'a self, effects: &'a crate::db::Effects) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(async move {
            for inv in &effects.invalidations {
                inv.apply(&self.auth, &self.catalog).await;
            }
        })
    }
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

/// Applies what was heard, on the runtime that started the listener when there is one.
fn apply_all(
    runtime: &Option<tokio::runtime::Handle>,
    heard: Vec<Invalidation>,
    auth: &AuthCache,
    catalog: &CatalogCache,
) {
    for inv in heard {
        match runtime {
            Some(rt) => rt.block_on(inv.apply(auth, catalog)),
            None => futures::executor::block_on(inv.apply(auth, catalog)),
        }
    }
}

fn cutoff() -> Timestamp {
    Timestamp(chrono::Utc::now() - chrono::Duration::from_std(KEEP).unwrap_or_default())
}

/// Starts the PostgreSQL listener for `url`, applying what it hears to the caches. It reconnects after a
/// lost connection and then forgets every cached credential, since it may have missed notifications.
pub(crate) fn spawn_listener(url: String, auth: AuthCache, catalog: CatalogCache) -> ListenerGuard {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let runtime = tokio::runtime::Handle::try_current().ok();
    std::thread::Builder::new()
        .name("lyceum-invalidation".into())
        .spawn(move || {
            let mut first = true;
            let mut pruned = Instant::now();
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
                    let mut seqs: Vec<i64> = Vec::new();
                    for n in conn.notifications_iter() {
                        match n {
                            Ok(n) => seqs.extend(n.payload.parse::<i64>().ok()),
                            Err(e) => {
                                tracing::warn!(error = %e, "cache invalidation listener lost its connection");
                                break 'listen;
                            }
                        }
                    }
                    if !seqs.is_empty() {
                        let rows: std::result::Result<Vec<String>, _> = invalidations::table
                            .filter(invalidations::seq.eq_any(&seqs))
                            .select(invalidations::payload)
                            .load(&mut conn);
                        match rows {
                            Ok(rows) => apply_all(
                                &runtime,
                                rows.iter().filter_map(|p| Invalidation::decode(p)).collect(),
                                &auth,
                                &catalog,
                            ),
                            Err(e) => {
                                tracing::warn!(error = %e, "cache invalidation listener cannot read invalidations");
                                break 'listen;
                            }
                        }
                    }
                    if pruned.elapsed() >= PRUNE_EVERY {
                        pruned = Instant::now();
                        let _ = diesel::delete(invalidations::table.filter(invalidations::created_at.lt(cutoff())))
                            .execute(&mut conn);
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

/// Starts the SQLite poller for the database file at `path`: every [`POLL_INTERVAL`] it applies the
/// invalidations other processes (and this one) committed since it last looked.
pub(crate) fn spawn_poller(path: String, auth: AuthCache, catalog: CatalogCache) -> ListenerGuard {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let runtime = tokio::runtime::Handle::try_current().ok();
    std::thread::Builder::new()
        .name("lyceum-invalidation".into())
        .spawn(move || {
            let mut last: Option<i64> = None;
            let mut pruned = Instant::now();
            let mut conn: Option<SqliteConnection> = None;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(POLL_INTERVAL);
                let c = match &mut conn {
                    Some(c) => c,
                    None => match SqliteConnection::establish(&path) {
                        Ok(mut c) => {
                            use diesel::connection::SimpleConnection;
                            let _ = c.batch_execute("PRAGMA busy_timeout = 5000;");
                            conn.insert(c)
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "cache invalidation poller cannot open the database");
                            continue;
                        }
                    },
                };
                let after = match last {
                    Some(l) => l,
                    None => {
                        // Start from what is there now: this process's caches are newer than it.
                        match invalidations::table.select(diesel::dsl::max(invalidations::seq)).first::<Option<i64>>(c)
                        {
                            Ok(max) => {
                                last = Some(max.unwrap_or(0));
                                continue;
                            }
                            // Not migrated yet (or unreadable): look again next time.
                            Err(_) => continue,
                        }
                    }
                };
                match invalidations::table
                    .filter(invalidations::seq.gt(after))
                    .order(invalidations::seq)
                    .select((invalidations::seq, invalidations::payload))
                    .load::<(i64, String)>(c)
                {
                    Ok(rows) => {
                        if let Some((seq, _)) = rows.last() {
                            last = Some(*seq);
                        }
                        apply_all(
                            &runtime,
                            rows.iter().filter_map(|(_, p)| Invalidation::decode(p)).collect(),
                            &auth,
                            &catalog,
                        );
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "cache invalidation poller cannot read invalidations");
                        conn = None;
                        continue;
                    }
                }
                if pruned.elapsed() >= PRUNE_EVERY {
                    pruned = Instant::now();
                    let _ =
                        diesel::delete(invalidations::table.filter(invalidations::created_at.lt(cutoff()))).execute(c);
                }
            }
        })
        .expect("spawning the invalidation poller");
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
