-- The directory for student information systems and identity providers (issue 17, items 2-4):
-- external ids, SCIM user names, and groups (cohorts) whose members are enrolled in the group's courses.

-- A student information system's own key for a row, unique per institution where set.
ALTER TABLE users ADD COLUMN external_id text;
CREATE UNIQUE INDEX users_external_id_key ON users (tenant_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE courses ADD COLUMN external_id text;
CREATE UNIQUE INDEX courses_external_id_key ON courses (tenant_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE enrollments ADD COLUMN external_id text;
CREATE UNIQUE INDEX enrollments_external_id_key ON enrollments (tenant_id, external_id) WHERE external_id IS NOT NULL;

-- The SCIM `userName` when a provisioning client sends one that is not the email (Entra ID's user
-- principal name, say); unique per institution case-insensitively. NULL: the email is the user name.
ALTER TABLE users ADD COLUMN user_name text;
ALTER TABLE users ADD COLUMN user_name_lower text;
CREATE UNIQUE INDEX users_user_name_key ON users (tenant_id, user_name_lower) WHERE user_name_lower IS NOT NULL;

-- Groups (cohorts, classes, SCIM groups).
CREATE TABLE groups (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid        NOT NULL,
    name        text        NOT NULL,
    external_id text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX groups_external_id_key ON groups (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX groups_name_idx ON groups (tenant_id, lower(name));

CREATE TABLE group_members (
    tenant_id uuid        NOT NULL,
    group_id  uuid        NOT NULL,
    user_id   uuid        NOT NULL,
    added_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, group_id, user_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX group_members_user_idx ON group_members (tenant_id, user_id);

-- A group enrolled in a course: its members are enrolled, and so is everyone who joins it later.
CREATE TABLE group_courses (
    tenant_id  uuid        NOT NULL,
    group_id   uuid        NOT NULL,
    course_id  uuid        NOT NULL,
    due_at     timestamptz,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, group_id, course_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX group_courses_course_idx ON group_courses (tenant_id, course_id);

-- Members a group's course could not take (no seat left, user disabled, course not published): shown
-- with the group's courses until a later attempt enrols them or they leave the group.
CREATE TABLE group_enrollment_failures (
    tenant_id  uuid        NOT NULL,
    group_id   uuid        NOT NULL,
    course_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    code       text        NOT NULL,
    message    text        NOT NULL,
    failed_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, group_id, course_id, user_id),
    FOREIGN KEY (tenant_id, group_id, course_id) REFERENCES group_courses (tenant_id, group_id, course_id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id, user_id) REFERENCES group_members (tenant_id, group_id, user_id)
        ON DELETE CASCADE
);

ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON groups
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE group_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON group_members
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE group_courses ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_courses FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON group_courses
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE group_enrollment_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_enrollment_failures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON group_enrollment_failures
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);

-- The heartbeat function answers the enrollment's columns by name: it answers the new one too.
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
        e.updated_at, e.reminded_at, e.external_id, c_version, c_title, l_kind, p.status, p.score, p.passed,
        p.time_spent_seconds, p.started_at, p.completed_at, done;
END
$$;
