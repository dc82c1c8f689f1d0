//! Queue operations for workers and operators: claim with a lease, complete, fail with backoff, stats.

use chrono::Duration;
use diesel::prelude::*;
use rand::Rng;

pub use crate::db::status::JobStatus;
use crate::db::HasConn;

use crate::{
    db::{
        schema::jobs,
        types::{JobId, TenantId, Timestamp},
        Db,
    },
    error::Result,
    with_conn,
};

/// A job a worker holds the lease of.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
#[non_exhaustive]
pub struct ClaimedJob {
    pub id: JobId,
    pub tenant_id: Option<TenantId>,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
}

impl ClaimedJob {
    /// The scope the job runs in: a system actor on the tenant it was enqueued for (`None` for platform
    /// jobs). Only a claimed job (built by core from the queue) yields one.
    pub fn scope(&self) -> Option<crate::TenantScope> {
        self.tenant_id.map(|t| crate::TenantScope::for_job(t, self.id))
    }
}

/// Delay before retry number `attempts + 1`: 2^attempts seconds, capped at an hour, times a jitter
/// factor in [0.5, 1.5) so that failures of many jobs do not retry in lockstep.
pub fn backoff(attempts: i32) -> Duration {
    let base = 2f64.powi(attempts.clamp(0, 12)).min(3600.0);
    let jitter = rand::thread_rng().gen_range(0.5..1.5);
    Duration::milliseconds((base * jitter * 1000.0) as i64)
}

/// Claims up to `limit` due jobs for `worker`, holding each for `lease`. Jobs whose lease ran out (their
/// worker died) are put back first, or marked dead if that was their last attempt.
pub async fn claim(db: &Db, worker: &str, limit: i64, lease: Duration) -> Result<Vec<ClaimedJob>> {
    let worker = worker.to_string();
    db.platform(move |tx| {
        let now = Timestamp::now();
        let until = now + lease;
        with_conn!(tx, |c| {
            // Leases that ran out: the worker holding them is gone.
            diesel::update(
                jobs::table
                    .filter(jobs::status.eq(JobStatus::Running))
                    .filter(jobs::locked_until.lt(now))
                    .filter(jobs::attempts.ge(jobs::max_attempts)),
            )
            .set((
                jobs::status.eq(JobStatus::Dead),
                jobs::last_error.eq("lease expired on the last attempt (worker stopped?)"),
                jobs::locked_until.eq(None::<Timestamp>),
                jobs::finished_at.eq(now),
                jobs::updated_at.eq(now),
            ))
            .execute(c)?;
            diesel::update(jobs::table.filter(jobs::status.eq(JobStatus::Running)).filter(jobs::locked_until.lt(now)))
                .set((
                    jobs::status.eq(JobStatus::Queued),
                    jobs::last_error.eq("lease expired (worker stopped?)"),
                    jobs::locked_until.eq(None::<Timestamp>),
                    jobs::locked_by.eq(None::<String>),
                    jobs::updated_at.eq(now),
                ))
                .execute(c)
        })?;
        let claimed = match tx.conn() {
            crate::db::AnyConn::Pg(c) => {
                let j2 = diesel::alias!(jobs as j2);
                let due = j2
                    .filter(j2.field(jobs::status).eq(JobStatus::Queued))
                    .filter(j2.field(jobs::run_at).le(now))
                    .order((j2.field(jobs::priority).desc(), j2.field(jobs::run_at).asc()))
                    .limit(limit)
                    .select(j2.field(jobs::id))
                    .for_update()
                    .skip_locked();
                diesel::update(jobs::table.filter(jobs::id.eq_any(due)))
                    .set((
                        jobs::status.eq(JobStatus::Running),
                        jobs::attempts.eq(jobs::attempts + 1),
                        jobs::locked_until.eq(until),
                        jobs::locked_by.eq(&worker),
                        jobs::updated_at.eq(now),
                    ))
                    .returning(ClaimedJob::as_returning())
                    .get_results(c)?
            }
            crate::db::AnyConn::Sqlite(c) => {
                // Under SQLite's write lock (the platform transaction is IMMEDIATE) this is atomic.
                let j2 = diesel::alias!(jobs as j2);
                let due = j2
                    .filter(j2.field(jobs::status).eq(JobStatus::Queued))
                    .filter(j2.field(jobs::run_at).le(now))
                    .order((j2.field(jobs::priority).desc(), j2.field(jobs::run_at).asc()))
                    .limit(limit)
                    .select(j2.field(jobs::id));
                diesel::update(jobs::table.filter(jobs::id.eq_any(due)))
                    .set((
                        jobs::status.eq(JobStatus::Running),
                        jobs::attempts.eq(jobs::attempts + 1),
                        jobs::locked_until.eq(until),
                        jobs::locked_by.eq(&worker),
                        jobs::updated_at.eq(now),
                    ))
                    .returning(ClaimedJob::as_returning())
                    .get_results(c)?
            }
        };
        Ok(claimed)
    })
    .await
}

/// Marks a job done, if `worker` still holds it.
pub async fn complete(db: &Db, id: JobId, worker: &str) -> Result<()> {
    let worker = worker.to_string();
    db.platform(move |tx| {
        let now = Timestamp::now();
        with_conn!(tx, |c| diesel::update(
            jobs::table
                .filter(jobs::id.eq(id))
                .filter(jobs::locked_by.eq(&worker))
                .filter(jobs::status.eq(JobStatus::Running))
        )
        .set((
            jobs::status.eq(JobStatus::Done),
            jobs::locked_until.eq(None::<Timestamp>),
            jobs::finished_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .execute(c))?;
        Ok(())
    })
    .await
}

/// Extends the lease of jobs `worker` is still running (the heartbeat): a job's lease expires only when
/// its worker stops beating, not when the job is merely long.
pub async fn heartbeat(db: &Db, ids: Vec<JobId>, worker: &str, lease: Duration) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let worker = worker.to_string();
    db.platform(move |tx| {
        let now = Timestamp::now();
        Ok(with_conn!(tx, |c| diesel::update(
            jobs::table
                .filter(jobs::id.eq_any(&ids))
                .filter(jobs::locked_by.eq(&worker))
                .filter(jobs::status.eq(JobStatus::Running))
        )
        .set((jobs::locked_until.eq(Some(now + lease)), jobs::updated_at.eq(now)))
        .execute(c))?)
    })
    .await
}

/// Gives jobs back to the queue without using up an attempt (a worker shutting down before it could
/// finish them): due at once, for any worker.
pub async fn release(db: &Db, ids: Vec<JobId>, worker: &str) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let worker = worker.to_string();
    db.platform(move |tx| {
        let now = Timestamp::now();
        Ok(with_conn!(tx, |c| diesel::update(
            jobs::table
                .filter(jobs::id.eq_any(&ids))
                .filter(jobs::locked_by.eq(&worker))
                .filter(jobs::status.eq(JobStatus::Running))
        )
        .set((
            jobs::status.eq(JobStatus::Queued),
            jobs::attempts.eq(jobs::attempts - 1),
            jobs::run_at.eq(now),
            jobs::locked_until.eq(None::<Timestamp>),
            jobs::locked_by.eq(None::<String>),
            jobs::last_error.eq("released by a worker shutting down"),
            jobs::updated_at.eq(now),
        ))
        .execute(c))?)
    })
    .await
}

/// What became of a failed job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOutcome {
    Retry { at: Timestamp },
    Dead,
}

/// Records a failure: requeued after [`backoff`], or `dead` when it was the last attempt.
pub async fn fail(db: &Db, job: &ClaimedJob, worker: &str, error: &str) -> Result<FailOutcome> {
    let (id, worker) = (job.id, worker.to_string());
    let error: String = error.chars().take(4000).collect();
    let outcome = if job.attempts >= job.max_attempts {
        FailOutcome::Dead
    } else {
        FailOutcome::Retry { at: Timestamp::now() + backoff(job.attempts) }
    };
    db.platform(move |tx| {
        let now = Timestamp::now();
        let target = jobs::table
            .filter(jobs::id.eq(id))
            .filter(jobs::locked_by.eq(worker))
            .filter(jobs::status.eq(JobStatus::Running));
        match outcome {
            FailOutcome::Dead => with_conn!(tx, |c| diesel::update(target)
                .set((
                    jobs::status.eq(JobStatus::Dead),
                    jobs::last_error.eq(&error),
                    jobs::locked_until.eq(None::<Timestamp>),
                    jobs::finished_at.eq(now),
                    jobs::updated_at.eq(now),
                ))
                .execute(c))?,
            FailOutcome::Retry { at } => with_conn!(tx, |c| diesel::update(target)
                .set((
                    jobs::status.eq(JobStatus::Queued),
                    jobs::last_error.eq(&error),
                    jobs::run_at.eq(at),
                    jobs::locked_until.eq(None::<Timestamp>),
                    jobs::locked_by.eq(None::<String>),
                    jobs::updated_at.eq(now),
                ))
                .execute(c))?,
        };
        Ok(outcome)
    })
    .await
}

/// Counts by status, and the age of the oldest due job.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct QueueStats {
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub dead: i64,
    /// Queued jobs that failed at least once and wait for their retry.
    pub retrying: i64,
    pub oldest_queued_at: Option<Timestamp>,
}

pub async fn stats(db: &Db) -> Result<QueueStats> {
    db.platform(|tx| {
        let rows: Vec<(JobStatus, i64)> = with_conn!(tx, |c| jobs::table
            .group_by(jobs::status)
            .select((jobs::status, diesel::dsl::count_star()))
            .load(c))?;
        let oldest: Option<Timestamp> = with_conn!(tx, |c| jobs::table
            .filter(jobs::status.eq(JobStatus::Queued))
            .select(jobs::run_at)
            .order(jobs::run_at.asc())
            .first(c)
            .optional())?;
        let retrying: i64 = with_conn!(tx, |c| jobs::table
            .filter(jobs::status.eq(JobStatus::Queued))
            .filter(jobs::attempts.gt(0))
            .count()
            .get_result(c))?;
        let mut s = QueueStats { oldest_queued_at: oldest, retrying, ..Default::default() };
        for (status, n) in rows {
            match status {
                JobStatus::Queued => s.queued = n,
                JobStatus::Running => s.running = n,
                JobStatus::Done => s.done = n,
                JobStatus::Dead => s.dead = n,
            }
        }
        Ok(s)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        for _ in 0..100 {
            let d1 = backoff(1).num_milliseconds();
            assert!((1000..3000).contains(&d1), "{d1}");
            let d5 = backoff(5).num_milliseconds();
            assert!((16_000..48_000).contains(&d5), "{d5}");
            let d_big = backoff(40).num_milliseconds();
            assert!(d_big < 5_400_000, "{d_big}");
        }
    }
}

/// A job as operators see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobSummary {
    pub id: JobId,
    pub tenant_id: Option<TenantId>,
    pub kind: String,
    pub queue: String,
    pub status: JobStatus,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: Timestamp,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

/// Jobs, newest first, optionally of one status (support staff).
pub async fn list(db: &Db, status: Option<JobStatus>, limit: i64) -> Result<Vec<JobSummary>> {
    db.platform(move |tx| {
        Ok(with_conn!(tx, |c| {
            let mut q = jobs::table.select(JobSummary::as_select()).order(jobs::id.desc()).limit(limit).into_boxed();
            if let Some(s) = status {
                q = q.filter(jobs::status.eq(s));
            }
            q.load(c)
        })?)
    })
    .await
}

/// Puts dead jobs (one, or all with `id = None`) back in the queue with fresh attempts; returns how many.
pub async fn retry_dead(db: &Db, id: Option<JobId>) -> Result<usize> {
    db.platform(move |tx| {
        let now = Timestamp::now();
        let n = with_conn!(tx, |c| {
            let mut q = diesel::update(jobs::table).filter(jobs::status.eq(JobStatus::Dead)).into_boxed();
            if let Some(id) = id {
                q = q.filter(jobs::id.eq(id));
            }
            q.set((
                jobs::status.eq(JobStatus::Queued),
                jobs::attempts.eq(0),
                jobs::run_at.eq(now),
                jobs::finished_at.eq(None::<Timestamp>),
                jobs::updated_at.eq(now),
            ))
            .execute(c)
        })?;
        Ok(n)
    })
    .await
}

/// One job (support staff).
pub async fn get(db: &Db, id: JobId) -> Result<Option<JobSummary>> {
    db.platform(move |tx| {
        Ok(with_conn!(tx, |c| jobs::table.filter(jobs::id.eq(id)).select(JobSummary::as_select()).first(c).optional())?)
    })
    .await
}
