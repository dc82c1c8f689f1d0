-- Shared rate-limit buckets live on PostgreSQL only (see the PostgreSQL migration): a SQLite deployment
-- is one process, which keeps its buckets in memory. This step keeps both backends' migration lists alike.
SELECT 1;
