-- Progress heartbeats in one round trip (issue 21, item 1).
--
-- Players report a learner's time on a lesson every few seconds: the product's hottest write. This
-- function does the common case of `PUT /v1/enrollments/{id}/progress/{lesson_id}` in one statement
-- (so in one round trip, BEGIN, tenant setting and COMMIT included): a report that cannot complete
-- anything. It sets the tenant for row-level security itself, locks the enrollment like the
-- transactional path does, and writes the lesson's progress and the enrollment's totals.
--
-- It returns no row, having changed nothing, whenever the report needs more than a heartbeat: the
-- enrollment or lesson is missing, belongs elsewhere or is not the caller's (`p_any` false and another
-- learner), the enrollment was dropped, or the report completes a lesson not yet completed. The caller
-- then takes the transactional path, which owns completion (exactly once, with its audit event, domain
-- event and certificate job), quizzes and every error. The time bound mirrors
-- `enrollments::progress::bounded_time`.
CREATE FUNCTION lyceum_progress_heartbeat(
    p_tenant     uuid,
    p_enrollment uuid,
    p_lesson     uuid,
    p_learner    uuid,
    p_any        boolean,
    p_completed  boolean,
    p_time       bigint,
    p_now        timestamptz,
    p_slack      bigint,
    p_max        bigint
) RETURNS TABLE (
    tenant_id             uuid,
    id                    uuid,
    course_id             uuid,
    user_id               uuid,
    status                text,
    due_at                timestamptz,
    time_spent_seconds    bigint,
    score                 integer,
    enrolled_at           timestamptz,
    completed_at          timestamptz,
    dropped_at            timestamptz,
    last_activity_at      timestamptz,
    version               bigint,
    created_at            timestamptz,
    updated_at            timestamptz,
    reminded_at           timestamptz,
    course_version        bigint,
    course_title          text,
    lesson_kind           text,
    progress_status       text,
    progress_score        integer,
    progress_passed       boolean,
    progress_time         integer,
    progress_started_at   timestamptz,
    progress_completed_at timestamptz,
    completed_lessons     text
)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    e          enrollments%ROWTYPE;
    p          lesson_progress%ROWTYPE;
    had_prior  boolean;
    prior_time integer;
    c_version  bigint;
    c_title    text;
    l_course   uuid;
    l_kind     text;
    t          integer;
    done       text;
BEGIN
    PERFORM set_config('lyceum.tenant_id', p_tenant::text, true);

    SELECT * INTO e FROM enrollments WHERE tenant_id = p_tenant AND id = p_enrollment FOR UPDATE;
    IF NOT FOUND OR e.status = 'dropped' OR NOT (p_any OR e.user_id = p_learner IS TRUE) THEN
        RETURN;
    END IF;
    SELECT course_id, kind INTO l_course, l_kind FROM lessons WHERE tenant_id = p_tenant AND id = p_lesson;
    IF NOT FOUND OR l_course <> e.course_id THEN
        RETURN;
    END IF;
    -- Read after the lock (a new snapshot per statement): a concurrent first write is seen here.
    SELECT * INTO p FROM lesson_progress
        WHERE tenant_id = p_tenant AND enrollment_id = p_enrollment AND lesson_id = p_lesson;
    had_prior := FOUND;
    IF p_completed AND NOT (had_prior AND p.status = 'completed') THEN
        RETURN;
    END IF;
    prior_time := CASE WHEN had_prior THEN p.time_spent_seconds ELSE 0 END;

    IF p_time IS NULL THEN
        t := prior_time;
    ELSE
        t := LEAST(
            p_time,
            prior_time
              + GREATEST(trunc(extract(epoch FROM p_now - CASE WHEN had_prior THEN p.updated_at ELSE e.enrolled_at END)), 0)::bigint
              + p_slack,
            p_max);
    END IF;

    IF had_prior THEN
        UPDATE lesson_progress SET time_spent_seconds = t, updated_at = p_now
            WHERE tenant_id = p_tenant AND enrollment_id = p_enrollment AND lesson_id = p_lesson
            RETURNING * INTO p;
    ELSE
        INSERT INTO lesson_progress
            (tenant_id, enrollment_id, lesson_id, status, score, passed, time_spent_seconds, started_at,
             completed_at, updated_at)
            VALUES (p_tenant, p_enrollment, p_lesson, 'started', NULL, NULL, t, p_now, NULL, p_now)
            RETURNING * INTO p;
    END IF;

    UPDATE enrollments
        SET time_spent_seconds = time_spent_seconds + (t - prior_time),
            last_activity_at = p_now,
            updated_at = p_now,
            version = version + 1
        WHERE tenant_id = p_tenant AND id = p_enrollment
        RETURNING * INTO e;

    SELECT version, title INTO c_version, c_title FROM courses WHERE tenant_id = p_tenant AND id = e.course_id;
    SELECT string_agg(lesson_id::text, ',') INTO done FROM lesson_progress
        WHERE tenant_id = p_tenant AND enrollment_id = p_enrollment AND status = 'completed';

    RETURN QUERY SELECT
        e.tenant_id, e.id, e.course_id, e.user_id, e.status, e.due_at, e.time_spent_seconds, e.score,
        e.enrolled_at, e.completed_at, e.dropped_at, e.last_activity_at, e.version, e.created_at,
        e.updated_at, e.reminded_at, c_version, c_title, l_kind, p.status, p.score, p.passed,
        p.time_spent_seconds, p.started_at, p.completed_at, done;
END
$$;
