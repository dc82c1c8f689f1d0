ALTER TABLE lesson_progress RESET (fillfactor);
ALTER TABLE enrollments RESET (fillfactor);
DROP INDEX enrollments_course_idx;
CREATE INDEX enrollments_course_idx ON enrollments (tenant_id, course_id, id)
    INCLUDE (status, score, time_spent_seconds, due_at);
DROP FUNCTION lyceum_progress_heartbeat(uuid, uuid, uuid, uuid, boolean, boolean, bigint, timestamptz, bigint, bigint);
