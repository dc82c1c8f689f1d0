-- Progress heartbeats in one round trip (issue 21, item 1) is a PostgreSQL function; SQLite keeps the
-- transactional path (an in-process database has no round trips to save). This migration keeps the two
-- backends' migration lists the same.
SELECT 1;
