-- Progress heartbeats in batches: group commit (issue 21, item 1).
--
-- `lyceum_progress_heartbeat` does one heartbeat per statement. Under load, many learners' players
-- report at once; the API queues the heartbeats that arrive while earlier ones are being written and
-- writes the queue with this function: one round trip, one transaction and one WAL flush for the
-- whole batch, and per institution in it three set-based statements instead of seven per heartbeat.
-- Each institution's statements run with its own tenant setting, so row-level security holds for
-- every row as it does for single writes.
--
-- The rules per heartbeat are exactly those of `lyceum_progress_heartbeat` (see its migration): an
-- element that needs more than a heartbeat (missing or foreign enrollment or lesson, not the caller's,
-- dropped, or completing a lesson not yet completed) gets no row and nothing is changed for it; the
-- caller takes the transactional path for it. Elements are numbered from 1 (`ord`) in the order given.
-- The enrollments of one call must be distinct (the caller splits batches so); the function refuses
-- a batch that repeats one.
CREATE FUNCTION lyceum_progress_heartbeats(
    p_tenants     uuid[],
    p_enrollments uuid[],
    p_lessons     uuid[],
    p_learners    uuid[],
    p_any         boolean[],
    p_completed   boolean[],
    p_times       bigint[],
    p_now         timestamptz,
    p_slack       bigint,
    p_max         bigint
) RETURNS TABLE (
    ord                   bigint,
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
    external_id           text,
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
-- Every call has the same shape: plan each statement once per connection. A batch is at most a few
-- dozen keys, so index lookups in nested loops are always the right plan, however large the tables.
SET plan_cache_mode = force_generic_plan
SET enable_hashjoin = off
SET enable_mergejoin = off
AS $$
#variable_conflict use_column
DECLARE
    g record;
    p_tenant uuid;
BEGIN
    -- Institutions in one order, and within each the enrollments by id (below), as every batch does:
    -- two batches never wait for each other in a cycle; single writes lock one enrollment.
    FOR g IN SELECT x.tenant, count(*) AS n, count(DISTINCT x.e) AS d
             FROM unnest(p_tenants, p_enrollments) AS x(tenant, e)
             GROUP BY x.tenant ORDER BY x.tenant
    LOOP
        IF g.n <> g.d THEN
            RAISE EXCEPTION 'lyceum_progress_heartbeats: a batch names an enrollment twice';
        END IF;
        p_tenant := g.tenant;
        PERFORM set_config('lyceum.tenant_id', p_tenant::text, true);

        PERFORM 1 FROM enrollments en
            WHERE en.tenant_id = p_tenant
              AND en.id IN (SELECT x.e FROM unnest(p_tenants, p_enrollments) AS x(tenant, e) WHERE x.tenant = p_tenant)
            ORDER BY en.id
            FOR UPDATE;

        -- One statement after the lock (so a new snapshot: a concurrent first write is seen here).
        RETURN QUERY
        WITH b AS (
            SELECT * FROM unnest(p_tenants, p_enrollments, p_lessons, p_learners, p_any, p_completed, p_times)
                WITH ORDINALITY AS b(tenant, e, l, u, a, c, t, n)
            WHERE b.tenant = p_tenant
        ), ctx AS (
            SELECT b.n, b.e, b.l, b.t, en.enrolled_at AS e_enrolled, co.version AS c_version, co.title AS c_title,
                   les.kind AS l_kind, p.enrollment_id IS NOT NULL AS had_prior,
                   coalesce(p.time_spent_seconds, 0) AS prior_time, p.updated_at AS p_updated
            FROM b
            JOIN enrollments en ON en.tenant_id = p_tenant AND en.id = b.e
            JOIN courses co ON co.tenant_id = p_tenant AND co.id = en.course_id
            JOIN lessons les ON les.tenant_id = p_tenant AND les.id = b.l AND les.course_id = en.course_id
            LEFT JOIN lesson_progress p ON p.tenant_id = p_tenant AND p.enrollment_id = b.e AND p.lesson_id = b.l
            WHERE en.status <> 'dropped'
              AND (b.a OR (en.user_id = b.u) IS TRUE)
              AND (NOT b.c OR (p.status = 'completed') IS TRUE)
        ), w AS (
            SELECT ctx.*,
                   (CASE WHEN ctx.t IS NULL THEN ctx.prior_time
                    ELSE LEAST(
                        ctx.t,
                        ctx.prior_time
                          + GREATEST(trunc(extract(epoch FROM p_now - CASE WHEN ctx.had_prior THEN ctx.p_updated ELSE ctx.e_enrolled END)), 0)::bigint
                          + p_slack,
                        p_max)
                    END)::integer AS new_t
            FROM ctx
        ), upd AS (
            UPDATE lesson_progress lp SET time_spent_seconds = w.new_t, updated_at = p_now
            FROM w
            WHERE w.had_prior AND lp.tenant_id = p_tenant AND lp.enrollment_id = w.e AND lp.lesson_id = w.l
            RETURNING lp.*
        ), ins AS (
            INSERT INTO lesson_progress AS lp
                (tenant_id, enrollment_id, lesson_id, status, score, passed, time_spent_seconds, started_at,
                 completed_at, updated_at)
            SELECT p_tenant, w.e, w.l, 'started', NULL, NULL, w.new_t, p_now, NULL, p_now FROM w WHERE NOT w.had_prior
            RETURNING lp.*
        ), prog AS (
            SELECT * FROM upd UNION ALL SELECT * FROM ins
        ), enr AS (
            UPDATE enrollments en
                SET time_spent_seconds = en.time_spent_seconds + (w.new_t - w.prior_time),
                    last_activity_at = p_now,
                    updated_at = p_now,
                    version = en.version + 1
            FROM w
            WHERE en.tenant_id = p_tenant AND en.id = w.e
            RETURNING en.*
        ), done AS (
            -- A heartbeat never completes a lesson: the snapshot's completed lessons are the answer.
            SELECT lp.enrollment_id, string_agg(lp.lesson_id::text, ',') AS lessons
            FROM lesson_progress lp
            WHERE lp.tenant_id = p_tenant AND lp.enrollment_id IN (SELECT w.e FROM w) AND lp.status = 'completed'
            GROUP BY lp.enrollment_id
        )
        SELECT w.n, enr.tenant_id, enr.id, enr.course_id, enr.user_id, enr.status, enr.due_at, enr.time_spent_seconds,
               enr.score, enr.enrolled_at, enr.completed_at, enr.dropped_at, enr.last_activity_at, enr.version,
               enr.created_at, enr.updated_at, enr.reminded_at, enr.external_id, w.c_version, w.c_title, w.l_kind,
               prog.status, prog.score, prog.passed, prog.time_spent_seconds, prog.started_at, prog.completed_at,
               done.lessons
        FROM w
        JOIN enr ON enr.id = w.e
        JOIN prog ON prog.enrollment_id = w.e AND prog.lesson_id = w.l
        LEFT JOIN done ON done.enrollment_id = w.e;
    END LOOP;
END
$$;
