-- Progress heartbeats in batches (issue 21, item 1) is a PostgreSQL function; SQLite keeps the
-- transactional path. This migration keeps the two backends' migration lists the same.
SELECT 1;
