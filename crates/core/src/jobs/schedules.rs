//! Schedules: periodic platform jobs that run once per period however many workers run. Every worker
//! calls [`tick`] now and then; a schedule fires only through an update that moves its `next_run_at`
//! forward and matches only while it is due, in the same transaction as the enqueue of its job, so one
//! worker wins each period (PostgreSQL's row lock and SQLite's write lock make the update atomic).

use std::sync::Arc;

use chrono::Duration;
use diesel::prelude::*;

use super::{enqueue_platform, Job};
use crate::{
    db::{
        schema::schedules,
        types::{JobId, Timestamp},
        Db, PlatformTx,
    },
    error::Result,
    with_conn,
};

type Enqueue = Arc<dyn Fn(&mut PlatformTx<'_>) -> Result<Option<JobId>> + Send + Sync>;

/// A named job to enqueue every `every`.
#[derive(Clone)]
pub struct Schedule {
    pub name: &'static str,
    pub every: Duration,
    enqueue: Enqueue,
}

impl std::fmt::Debug for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schedule").field("name", &self.name).field("every", &self.every).finish()
    }
}

impl Schedule {
    /// Enqueues `make()` (a platform job: its `tenant_id` is `None`) every `every`.
    pub fn new<J: Job>(name: &'static str, every: Duration, make: fn() -> J) -> Self {
        Schedule { name, every, enqueue: Arc::new(move |tx| enqueue_platform(tx, &make())) }
    }
}

/// Enqueues the job of every schedule that is due; returns the names that fired here.
pub async fn tick(db: &Db, list: &[Schedule]) -> Result<Vec<&'static str>> {
    let list = list.to_vec();
    db.platform(move |tx| {
        let now = Timestamp::now();
        let mut fired = Vec::new();
        for s in &list {
            let every = s.every.num_seconds().max(1) as i32;
            with_conn!(tx, |c| diesel::insert_into(schedules::table)
                .values((
                    schedules::name.eq(s.name),
                    schedules::every_seconds.eq(every),
                    schedules::next_run_at.eq(now),
                ))
                .on_conflict_do_nothing()
                .execute(c))?;
            let won = with_conn!(tx, |c| diesel::update(
                schedules::table.filter(schedules::name.eq(s.name)).filter(schedules::next_run_at.le(now))
            )
            .set((
                schedules::every_seconds.eq(every),
                schedules::next_run_at.eq(now + s.every),
                schedules::last_run_at.eq(Some(now)),
            ))
            .execute(c))?;
            if won == 1 {
                let job = (s.enqueue)(tx)?;
                with_conn!(tx, |c| diesel::update(schedules::table.filter(schedules::name.eq(s.name)))
                    .set(schedules::last_job_id.eq(job))
                    .execute(c))?;
                fired.push(s.name);
            }
        }
        Ok(fired)
    })
    .await
}

/// A schedule as stored, for operators.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = schedules)]
pub struct ScheduleState {
    pub name: String,
    pub every_seconds: i32,
    pub next_run_at: Timestamp,
    pub last_run_at: Option<Timestamp>,
    pub last_job_id: Option<JobId>,
}

pub async fn states(db: &Db) -> Result<Vec<ScheduleState>> {
    db.platform(|tx| {
        Ok(with_conn!(tx, |c| schedules::table
            .order(schedules::name.asc())
            .select(ScheduleState::as_select())
            .load(c))?)
    })
    .await
}
