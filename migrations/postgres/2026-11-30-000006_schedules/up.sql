-- Periodic jobs. A worker enqueues a schedule's job only by moving its `next_run_at` forward with an
-- update that matches only while the schedule is due, in the same transaction as the enqueue: of any
-- number of workers, one wins each period.
CREATE TABLE schedules (
    name          text        PRIMARY KEY,
    every_seconds integer     NOT NULL CHECK (every_seconds > 0),
    next_run_at   timestamptz NOT NULL,
    last_run_at   timestamptz,
    last_job_id   uuid
);
