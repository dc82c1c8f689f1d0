//! Keeping in-process caches coherent across processes. A change that must end cached state (a revoked
//! key, a disabled user, a suspended tenant) publishes an [`Invalidation`] inside its transaction: a row
//! of the `invalidations` table, committed (or rolled back) with the change.
//!
//! - PostgreSQL: the same statement sends a `NOTIFY` whose payload is only the row's sequence number,
//!   so the channel carries nothing a listening role could use; each process hears it on its one
//!   listening connection (`db::listener`) and reads the rows it was told about (by number: sequence
//!   numbers can commit out of order) and applies them.
//! - SQLite: every process sharing the database file polls the table every [`POLL_INTERVAL`] (writers
//!   are serialised there, so rows commit in sequence order and "everything after the last seen" is
//!   exact). A revocation through the CLI reaches a running API within that interval.
//!
//! Rows older than [`KEEP`] are pruned by the followers. The local eviction after commit (in the
//! process that made the change) stays immediate.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use diesel::{
    connection::SimpleConnection, Connection, ExpressionMethods, PgConnection, QueryDsl, RunQueryDsl, SqliteConnection,
};
use tokio::sync::broadcast::{
    self,
    error::{RecvError, TryRecvError},
};

use crate::{
    core::Forgetters,
    db::{
        listener::{self, Heard},
        schema::invalidations,
        types::{CourseId, TenantId, Timestamp, UserId},
        AnyConn, Backend, Db, HasConn, TenantTx,
    },
    error::Result,
};

/// How often a process on SQLite looks for other processes' invalidations.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// How long published invalidations are kept (far longer than any listener lags).
pub const KEEP: Duration = Duration::from_secs(600);
const PRUNE_EVERY: Duration = Duration::from_secs(60);

pub const CHANNEL: &str = listener::INVALIDATE;

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

/// Asks every part of a `Core` to forget what `what` ends.
pub(crate) async fn forget(parts: &Forgetters, what: &Invalidation) {
    for part in parts.iter() {
        part.forget(what).await;
    }
}

fn forget_all(parts: &Forgetters) {
    for part in parts.iter() {
        part.forget_all();
    }
}

/// A `Core`'s parts, acting on the invalidations of every transaction this process commits.
pub(crate) struct LocalParts(pub(crate) Forgetters);

impl std::fmt::Debug for LocalParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LocalParts").field(&self.0.len()).finish()
    }
}

impl crate::db::AfterCommit for LocalParts {
    fn committed<'a>(&'a self, effects: &'a crate::db::Effects) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(async move {
            for inv in &effects.invalidations {
                forget(&self.0, inv).await;
            }
        })
    }
}

/// Stops following when the last `Core` holding it is dropped.
#[derive(Debug)]
pub(crate) struct ListenerGuard(tokio::task::AbortHandle);

impl Drop for ListenerGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn cutoff() -> Timestamp {
    Timestamp(chrono::Utc::now() - chrono::Duration::from_std(KEEP).unwrap_or_default())
}

/// Starts following other processes' invalidations, applying them to these parts: on PostgreSQL from
/// the process's listening connection (after a lost connection every cached credential and course is
/// forgotten, since notifications may have been missed), on SQLite by polling every [`POLL_INTERVAL`].
/// Both read the rows on a connection of their own and prune old ones every minute. `None` outside a Tokio runtime.
pub(crate) fn follow(db: &Db, parts: Forgetters) -> Option<ListenerGuard> {
    let runtime = tokio::runtime::Handle::try_current().ok()?;
    let link = Link { conninfo: db.connection_string(), backend: db.backend(), conn: Arc::default() };
    let follower = Follower { link, parts };
    let task = match db.listen() {
        Some(heard) => runtime.spawn(follower.notifications(heard)),
        None => runtime.spawn(follower.poll()),
    };
    Some(ListenerGuard(task.abort_handle()))
}

struct Follower {
    link: Link,
    parts: Forgetters,
}

/// The follower's own connection (not the pool's: its reads are nobody's request, and a test that
/// counts a request's queries must not see them), opened on first use and again after an error.
#[derive(Clone)]
struct Link {
    conninfo: String,
    backend: Backend,
    conn: Arc<Mutex<Option<OwnConn>>>,
}

enum OwnConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

impl Link {
    /// Runs `f` on the connection, off the async threads.
    async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(AnyConn<'_>) -> diesel::QueryResult<R> + Send + 'static,
    ) -> std::result::Result<R, String> {
        let link = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut slot = link.conn.lock().unwrap_or_else(|p| p.into_inner());
            if slot.is_none() {
                *slot = Some(match link.backend {
                    Backend::Postgres => {
                        OwnConn::Pg(PgConnection::establish(&link.conninfo).map_err(|e| e.to_string())?)
                    }
                    Backend::Sqlite => {
                        let mut c = SqliteConnection::establish(&link.conninfo).map_err(|e| e.to_string())?;
                        c.batch_execute("PRAGMA busy_timeout = 5000;").map_err(|e| e.to_string())?;
                        OwnConn::Sqlite(c)
                    }
                });
            }
            let result = match slot.as_mut().expect("connected above") {
                OwnConn::Pg(c) => f(AnyConn::Pg(c)),
                OwnConn::Sqlite(c) => f(AnyConn::Sqlite(c)),
            };
            if result.is_err() {
                *slot = None;
            }
            result.map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }
}

/// Runs one query body on a follower connection of either backend.
macro_rules! on {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            AnyConn::Pg($c) => $body,
            AnyConn::Sqlite($c) => $body,
        }
    };
}

impl Follower {
    async fn notifications(self, mut heard: broadcast::Receiver<Heard>) {
        let mut prune = tokio::time::interval(PRUNE_EVERY);
        loop {
            tokio::select! {
                first = heard.recv() => {
                    let mut seqs = Vec::new();
                    let mut lost = false;
                    let mut next = Some(first);
                    while let Some(h) = next.take() {
                        match h {
                            Ok(Heard::Notice { channel: listener::INVALIDATE, payload }) => seqs.extend(payload.parse::<i64>().ok()),
                            Ok(Heard::Notice { .. }) => {}
                            Ok(Heard::Reconnected) | Err(RecvError::Lagged(_)) => lost = true,
                            Err(RecvError::Closed) => return,
                        }
                        next = match heard.try_recv() {
                            Ok(h) => Some(Ok(h)),
                            Err(TryRecvError::Lagged(n)) => Some(Err(RecvError::Lagged(n))),
                            Err(TryRecvError::Empty) => None,
                            Err(TryRecvError::Closed) => Some(Err(RecvError::Closed)),
                        };
                    }
                    if lost {
                        forget_all(&self.parts);
                    }
                    if !seqs.is_empty() {
                        let read = self.link.run(move |conn| {
                            on!(conn, |c| invalidations::table
                                .filter(invalidations::seq.eq_any(&seqs))
                                .select(invalidations::payload)
                                .load::<String>(c))
                        });
                        match read.await {
                            Ok(rows) => self.apply(rows.iter().map(String::as_str)).await,
                            Err(e) => {
                                tracing::warn!(error = %e, "cannot read invalidations; forgetting every cached entry");
                                forget_all(&self.parts);
                            }
                        }
                    }
                }
                _ = prune.tick() => self.prune().await,
            }
        }
    }

    async fn poll(self) {
        let mut last: Option<i64> = None;
        let mut tick = tokio::time::interval(POLL_INTERVAL);
        let mut pruned = Instant::now();
        loop {
            tick.tick().await;
            let after = last;
            let read = self.link.run(move |conn| {
                Ok(match after {
                    // Start from what is there now: this process's caches are newer than it.
                    None => on!(conn, |c| invalidations::table
                        .select(diesel::dsl::max(invalidations::seq))
                        .first::<Option<i64>>(c))?
                    .map(|max| vec![(max, String::new())])
                    .unwrap_or_else(|| vec![(0, String::new())]),
                    Some(after) => on!(conn, |c| invalidations::table
                        .filter(invalidations::seq.gt(after))
                        .order(invalidations::seq)
                        .select((invalidations::seq, invalidations::payload))
                        .load::<(i64, String)>(c))?,
                })
            });
            match read.await {
                Ok(rows) => {
                    if let Some((seq, _)) = rows.last() {
                        last = Some(*seq);
                    }
                    if after.is_some() {
                        self.apply(rows.iter().map(|(_, p)| p.as_str())).await;
                    }
                }
                // Not migrated yet, or busy: look again at the next tick.
                Err(e) => tracing::debug!(error = %e, "cannot poll invalidations"),
            }
            if pruned.elapsed() >= PRUNE_EVERY {
                pruned = Instant::now();
                self.prune().await;
            }
        }
    }

    async fn apply(&self, payloads: impl Iterator<Item = &str>) {
        for inv in payloads.filter_map(Invalidation::decode) {
            forget(&self.parts, &inv).await;
        }
    }

    async fn prune(&self) {
        let pruned = self
            .link
            .run(|conn| {
                on!(conn, |c| diesel::delete(invalidations::table.filter(invalidations::created_at.lt(cutoff())))
                    .execute(c))
            })
            .await;
        if let Err(e) = pruned {
            tracing::debug!(error = %e, "cannot prune invalidations");
        }
    }
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
