-- Rate-limit buckets every API process shares (issue 22, item 3): a limit of N per credential means N
-- through a load balancer, whatever process answers. One row per bucket (a credential's, a client
-- address's or an account's; the key is a hash, never the credential), kept as the generic cell rate
-- algorithm's theoretical arrival time: `tat` is when the bucket will be full again, in epoch seconds
-- of the database's clock (one clock for every process). `granted` is what the last take got.
-- UNLOGGED: no WAL for a counter that is rewritten on every take and means nothing after a crash (the
-- buckets start full again). Not a tenant table: a bucket is keyed before any institution is known.
-- SQLite has no such table: a SQLite deployment is one process, which keeps its buckets in memory.
CREATE UNLOGGED TABLE rate_limit_buckets (
    key     text             PRIMARY KEY,
    tat     double precision NOT NULL,
    at      double precision NOT NULL,
    granted integer          NOT NULL
);
-- Maintenance removes buckets full for an hour.
CREATE INDEX rate_limit_buckets_tat_idx ON rate_limit_buckets (tat);
