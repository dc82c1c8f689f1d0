//! Progress heartbeats on PostgreSQL, written in batches: group commit (issue 21, item 1).
//!
//! A heartbeat (a progress report that completes nothing) is the product's hottest write. Each one
//! joins a queue; up to [`WRITERS`] writers run at once, each taking the heartbeats that queued while
//! it was busy (at most [`MAX_BATCH`], each enrollment at most once, of any institutions) and writing
//! them with `lyceum_progress_heartbeats`: one round trip, one transaction and one WAL flush for the
//! whole batch, three set-based statements per institution in it. Nothing waits for a batch to fill:
//! a lone heartbeat is written at once, and batches only grow when heartbeats arrive faster than the
//! database commits them.
//!
//! Measured (`bench/learning 10 "1"`, 16 connections, one institution): one writer wrote 5,285
//! heartbeats/s in batches of 8, two 4,861/s (batches of 4.5), four 3,832/s, eight 2,976/s; one
//! statement per heartbeat wrote 3,228/s. Two keep most of the gain and let one batch wait for a lock
//! (an enrollment a completing write holds) without stopping every heartbeat of the process.
//!
//! A heartbeat the function cannot write (see its migration) and every heartbeat of a batch that
//! failed as a whole come back as `None`: the caller takes the transactional path, which answers the
//! right error. Reports carry totals, not increments, so such a retry never counts time twice.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{
        atomic::{AtomicU64, Ordering},
        Mutex,
    },
};

use diesel::{prelude::*, sql_types};
use tokio::sync::oneshot;

use super::EnrollmentRow;
use crate::{
    db::types::{sql, EnrollmentId, LessonId, Timestamp, UserId},
    error::Result,
    scope::{Need, TenantScope},
    Core,
};

/// The most heartbeats one statement writes.
pub(crate) const MAX_BATCH: usize = 64;

/// Batches written at once (see the module's figures).
pub(crate) const WRITERS: usize = 2;

/// What `lyceum_progress_heartbeats` returns per element written (see its migration): the enrollment
/// after the write, its course's version and title, the lesson's kind and progress, and the lessons
/// completed so far.
#[derive(QueryableByName, Debug)]
pub(super) struct Heartbeat {
    #[diesel(sql_type = sql_types::BigInt)]
    ord: i64,
    #[diesel(embed)]
    pub enrollment: EnrollmentRow,
    #[diesel(sql_type = sql_types::BigInt)]
    pub course_version: i64,
    #[diesel(sql_type = sql_types::Text)]
    pub course_title: String,
    #[diesel(sql_type = sql_types::Text)]
    pub lesson_kind: String,
    #[diesel(sql_type = sql_types::Text)]
    pub progress_status: crate::db::status::ProgressStatus,
    #[diesel(sql_type = sql_types::Nullable<sql_types::Integer>)]
    pub progress_score: Option<i32>,
    #[diesel(sql_type = sql_types::Nullable<sql_types::Bool>)]
    pub progress_passed: Option<bool>,
    #[diesel(sql_type = sql_types::Integer)]
    pub progress_time: i32,
    #[diesel(sql_type = sql::UtcTimestamp)]
    pub progress_started_at: Timestamp,
    #[diesel(sql_type = sql_types::Nullable<sql::UtcTimestamp>)]
    pub progress_completed_at: Option<Timestamp>,
    #[diesel(sql_type = sql_types::Nullable<sql_types::Text>)]
    pub completed_lessons: Option<String>,
}

/// One heartbeat as reported.
#[derive(Debug, Clone, Copy)]
pub(super) struct Beat {
    pub enrollment: EnrollmentId,
    pub lesson: LessonId,
    /// Whether the caller may write any learner's progress (else only `learner`'s).
    pub any: bool,
    pub learner: Option<UserId>,
    /// The report says `completed` (written here only if the lesson already is).
    pub completed: bool,
    pub time: Option<i64>,
}

struct Pending {
    scope: TenantScope,
    beat: Beat,
    reply: oneshot::Sender<Option<Heartbeat>>,
}

#[derive(Default)]
struct Queue {
    waiting: VecDeque<Pending>,
    writers: usize,
}

/// The heartbeat queue of this process (a part of [`Core`]).
#[derive(Default)]
pub struct Heartbeats {
    queue: Mutex<Queue>,
    batches: AtomicU64,
    written: AtomicU64,
}

/// Figures for `/metrics`: statements run and heartbeats they wrote, since the process started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeartbeatStats {
    pub batches: u64,
    pub heartbeats: u64,
}

/// This process's heartbeat batches so far.
pub fn stats(core: &Core) -> HeartbeatStats {
    let h = core.heartbeats();
    HeartbeatStats { batches: h.batches.load(Ordering::Relaxed), heartbeats: h.written.load(Ordering::Relaxed) }
}

impl std::fmt::Debug for Heartbeats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Heartbeats").finish_non_exhaustive()
    }
}

/// Keeps nothing an invalidation ends.
impl crate::core::Part for Heartbeats {}

impl crate::Core {
    fn heartbeats(&self) -> &Heartbeats {
        self.part().expect("Core is assembled with the heartbeat queue")
    }
}

/// Writes `beat` in a batch. `Ok(None)`: not written, take the transactional path (always on SQLite).
pub(super) async fn write(core: &Core, scope: &TenantScope, beat: Beat) -> Result<Option<Heartbeat>> {
    if !core.db.pg_write_allowed(scope, Need::Identified)? {
        return Ok(None);
    }
    let (reply, answer) = oneshot::channel();
    let start = {
        let mut q = core.heartbeats().queue.lock().unwrap_or_else(|p| p.into_inner());
        q.waiting.push_back(Pending { scope: scope.clone(), beat, reply });
        let start = q.writers < WRITERS;
        if start {
            q.writers += 1;
        }
        start
    };
    if start {
        // A task of its own: a client that goes away does not cancel the others' writes.
        tokio::spawn(drain(core.clone()));
    }
    // A writer that panicked dropped its replies: the transactional path writes it instead.
    Ok(answer.await.ok().flatten())
}

/// Writes batches until the queue is empty.
async fn drain(core: Core) {
    loop {
        let batch = {
            let mut q = core.heartbeats().queue.lock().unwrap_or_else(|p| p.into_inner());
            let batch = take_batch(&mut q.waiting);
            if batch.is_empty() {
                q.writers -= 1;
                return;
            }
            batch
        };
        write_batch(&core, batch).await;
    }
}

/// The waiting heartbeats in order, each enrollment once, at most [`MAX_BATCH`]; the others (a second
/// report for an enrollment already in the batch) keep their place for the next batch.
fn take_batch(waiting: &mut VecDeque<Pending>) -> Vec<Pending> {
    let mut seen = HashSet::new();
    let mut batch = Vec::new();
    let mut rest = VecDeque::with_capacity(waiting.len());
    for p in waiting.drain(..) {
        if batch.len() < MAX_BATCH && seen.insert(p.beat.enrollment) {
            batch.push(p);
        } else {
            rest.push_back(p);
        }
    }
    *waiting = rest;
    batch
}

async fn write_batch(core: &Core, batch: Vec<Pending>) {
    let n = batch.len();
    let (mut scopes, mut beats, mut replies) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    for p in batch {
        scopes.push(p.scope);
        beats.push(p.beat);
        replies.push(p.reply);
    }
    let written = core
        .db
        .pg_batch(scopes, Need::Identified, move |c, scopes| {
            Ok(diesel::sql_query("SELECT * FROM lyceum_progress_heartbeats($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .bind::<sql_types::Array<sql::Uuid>, _>(scopes.iter().map(|s| s.tenant_id()).collect::<Vec<_>>())
                .bind::<sql_types::Array<sql::Uuid>, _>(beats.iter().map(|b| b.enrollment).collect::<Vec<_>>())
                .bind::<sql_types::Array<sql::Uuid>, _>(beats.iter().map(|b| b.lesson).collect::<Vec<_>>())
                .bind::<sql_types::Array<sql_types::Nullable<sql::Uuid>>, _>(
                    beats.iter().map(|b| b.learner).collect::<Vec<_>>(),
                )
                .bind::<sql_types::Array<sql_types::Bool>, _>(beats.iter().map(|b| b.any).collect::<Vec<_>>())
                .bind::<sql_types::Array<sql_types::Bool>, _>(beats.iter().map(|b| b.completed).collect::<Vec<_>>())
                .bind::<sql_types::Array<sql_types::Nullable<sql_types::BigInt>>, _>(
                    beats.iter().map(|b| b.time).collect::<Vec<_>>(),
                )
                .bind::<sql::UtcTimestamp, _>(Timestamp::now())
                .bind::<sql_types::BigInt, _>(super::progress::TIME_SLACK_SECONDS)
                .bind::<sql_types::BigInt, _>(super::progress::MAX_TIME_SPENT_SECONDS)
                .load::<Heartbeat>(c)?)
        })
        .await;
    let mut rows: HashMap<i64, Heartbeat> = match written {
        Ok(Some(rows)) => {
            let h = core.heartbeats();
            h.batches.fetch_add(1, Ordering::Relaxed);
            h.written.fetch_add(rows.len() as u64, Ordering::Relaxed);
            rows.into_iter().map(|r| (r.ord, r)).collect()
        }
        Ok(None) => HashMap::new(),
        Err(e) => {
            // Rolled back as a whole: each heartbeat takes the transactional path, which reports it.
            tracing::warn!(error = %e, heartbeats = n, "a heartbeat batch failed; writing them one by one");
            HashMap::new()
        }
    };
    for (i, reply) in replies.into_iter().enumerate() {
        let _ = reply.send(rows.remove(&(i as i64 + 1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::types::TenantId;

    fn pending(tenant: TenantId, enrollment: EnrollmentId) -> Pending {
        let beat =
            Beat { enrollment, lesson: LessonId::new(), any: true, learner: None, completed: false, time: Some(1) };
        Pending { scope: TenantScope::for_system(tenant), beat, reply: oneshot::channel().0 }
    }

    #[test]
    fn a_batch_takes_each_enrollment_once_and_the_rest_keep_their_order() {
        let (a, b) = (TenantId::new(), TenantId::new());
        let (e1, e2, e3) = (EnrollmentId::new(), EnrollmentId::new(), EnrollmentId::new());
        let mut q: VecDeque<Pending> =
            [pending(a, e1), pending(b, e2), pending(a, e1), pending(a, e3), pending(a, e1)].into_iter().collect();
        let batch = take_batch(&mut q);
        let got: Vec<_> = batch.iter().map(|p| (p.scope.tenant_id(), p.beat.enrollment)).collect();
        assert_eq!(got, vec![(a, e1), (b, e2), (a, e3)], "institutions mix; each enrollment once");
        assert_eq!(q.len(), 2, "the repeats wait for the next batches");
        assert_eq!(take_batch(&mut q).len(), 1);
        assert_eq!(take_batch(&mut q).len(), 1);
        assert!(take_batch(&mut q).is_empty());
    }

    #[test]
    fn a_batch_holds_at_most_max_batch() {
        let t = TenantId::new();
        let mut q: VecDeque<Pending> = (0..MAX_BATCH + 5).map(|_| pending(t, EnrollmentId::new())).collect();
        assert_eq!(take_batch(&mut q).len(), MAX_BATCH);
        assert_eq!(q.len(), 5);
    }
}
