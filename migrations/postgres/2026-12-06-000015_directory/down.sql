DROP FUNCTION lyceum_progress_heartbeat(uuid, uuid, uuid, uuid, boolean, boolean, bigint, timestamptz, bigint, bigint);
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
-- Every call has the same shape: plan each statement once per connection, not per call.
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
    ctx        record;
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

    -- The enrollment (locked), its course and the lesson, in one statement.
    SELECT en AS erow, c.version, c.title, l.course_id, l.kind INTO ctx
        FROM enrollments en
        JOIN courses c ON c.tenant_id = en.tenant_id AND c.id = en.course_id
        LEFT JOIN lessons l ON l.tenant_id = en.tenant_id AND l.id = p_lesson
        WHERE en.tenant_id = p_tenant AND en.id = p_enrollment
        FOR UPDATE OF en;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    e := ctx.erow;
    c_version := ctx.version;
    c_title := ctx.title;
    l_course := ctx.course_id;
    l_kind := ctx.kind;
    IF e.status = 'dropped' OR NOT (p_any OR e.user_id = p_learner IS TRUE)
       OR l_course IS DISTINCT FROM e.course_id THEN
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

    SELECT string_agg(lesson_id::text, ',') INTO done FROM lesson_progress
        WHERE tenant_id = p_tenant AND enrollment_id = p_enrollment AND status = 'completed';

    RETURN QUERY SELECT
        e.tenant_id, e.id, e.course_id, e.user_id, e.status, e.due_at, e.time_spent_seconds, e.score,
        e.enrolled_at, e.completed_at, e.dropped_at, e.last_activity_at, e.version, e.created_at,
        e.updated_at, e.reminded_at, c_version, c_title, l_kind, p.status, p.score, p.passed,
        p.time_spent_seconds, p.started_at, p.completed_at, done;
END
$$;
DROP TABLE group_enrollment_failures;
DROP TABLE group_courses;
DROP TABLE group_members;
DROP TABLE groups;
DROP INDEX users_user_name_key;
ALTER TABLE users DROP COLUMN user_name_lower;
ALTER TABLE users DROP COLUMN user_name;
DROP INDEX enrollments_external_id_key;
ALTER TABLE enrollments DROP COLUMN external_id;
DROP INDEX courses_external_id_key;
ALTER TABLE courses DROP COLUMN external_id;
DROP INDEX users_external_id_key;
ALTER TABLE users DROP COLUMN external_id;
