-- (SQLite twin) Periodic jobs. A worker enqueues a schedule's job only by moving its `next_run_at` forward with an
-- update that matches only while the schedule is due, in the same transaction as the enqueue: of any
-- number of workers, one wins each period.
CREATE TABLE schedules (
    name          TEXT        PRIMARY KEY,
    every_seconds INTEGER     NOT NULL CHECK (every_seconds > 0),
    next_run_at   TEXT NOT NULL,
    last_run_at   TEXT,
    last_job_id   TEXT
);
