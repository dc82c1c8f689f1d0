-- cmi5 courses (issue 20, item 4): imported packages, the `cmi5` lesson kind, launch sessions and
-- what each registration (an enrollment) has achieved per AU, block and course.

-- A `cmi5` lesson's settings (JSON: the package, the AU's publisher id and the activity id Lyceum
-- generated for it, its URL, moveOn, masteryScore, launchMethod, launchParameters, entitlementKey).
ALTER TABLE lessons ADD COLUMN cmi5 text;
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check;
ALTER TABLE lessons ADD CONSTRAINT lessons_kind_check
    CHECK (kind IN ('text', 'video', 'file', 'quiz', 'assignment', 'lti', 'cmi5'));
ALTER TABLE lessons ADD CONSTRAINT lessons_cmi5_check CHECK ((kind = 'cmi5') = (cmi5 IS NOT NULL));

-- An imported package: its course structure (JSON: blocks and AUs with the ids Lyceum generated)
-- and the key its content URLs are signed with. The package's files live in file storage under
-- `<tenant_id>/cmi5/<package id>/`.
CREATE TABLE cmi5_packages (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    course_id   uuid        NOT NULL,
    course_iri  text        NOT NULL,
    structure   text        NOT NULL,
    url_secret  text        NOT NULL,
    files       integer     NOT NULL,
    size_bytes  bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX cmi5_packages_course_key ON cmi5_packages (tenant_id, course_id);

-- An AU launch session. `fetch_hash` is the one-time fetch URL's secret, `token_hash` the
-- auth-token it handed out (once); `state` is launched, initialized, terminated or abandoned;
-- `verbs` the cmi5 defined verbs the AU used in the session (space-separated).
CREATE TABLE cmi5_sessions (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    enrollment_id uuid        NOT NULL,
    lesson_id     uuid        NOT NULL,
    user_id       uuid        NOT NULL,
    launch_mode   text        NOT NULL,
    fetch_hash    text        NOT NULL,
    token_hash    text,
    fetched_at    timestamptz,
    state         text        NOT NULL,
    verbs         text        NOT NULL,
    launched_at   timestamptz NOT NULL,
    last_at       timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX cmi5_sessions_fetch_key ON cmi5_sessions (tenant_id, fetch_hash);
CREATE UNIQUE INDEX cmi5_sessions_token_key ON cmi5_sessions (tenant_id, token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX cmi5_sessions_enrollment_idx ON cmi5_sessions (tenant_id, enrollment_id, state);
CREATE INDEX cmi5_sessions_lesson_idx ON cmi5_sessions (tenant_id, lesson_id);
CREATE INDEX cmi5_sessions_user_idx ON cmi5_sessions (tenant_id, user_id);

-- What a registration achieved: per AU (completed, passed, waived, satisfied) and per block and
-- course (satisfied), keyed by the activity id Lyceum generated for it.
CREATE TABLE cmi5_outcomes (
    tenant_id     uuid        NOT NULL,
    enrollment_id uuid        NOT NULL,
    object_id     text        NOT NULL,
    completed     boolean     NOT NULL,
    passed        boolean     NOT NULL,
    waived        boolean     NOT NULL,
    satisfied     boolean     NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, enrollment_id, object_id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE cmi5_packages ENABLE ROW LEVEL SECURITY;
ALTER TABLE cmi5_packages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cmi5_packages
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE cmi5_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE cmi5_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cmi5_sessions
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE cmi5_outcomes ENABLE ROW LEVEL SECURITY;
ALTER TABLE cmi5_outcomes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cmi5_outcomes
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
