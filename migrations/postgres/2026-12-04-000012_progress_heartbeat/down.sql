DROP FUNCTION lyceum_progress_heartbeat(uuid, uuid, uuid, uuid, boolean, boolean, bigint, timestamptz, bigint, bigint);
