DROP FUNCTION lyceum_progress_heartbeats(uuid[], uuid[], uuid[], uuid[], boolean[], boolean[], bigint[], timestamptz, bigint, bigint);
