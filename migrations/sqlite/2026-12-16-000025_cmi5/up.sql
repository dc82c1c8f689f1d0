-- (SQLite twin) cmi5 courses (issue 20, item 4): imported packages, the `cmi5` lesson kind, launch sessions and
-- what each registration (an enrollment) has achieved per AU, block and course.

-- `cmi5` joins the lesson kinds; a `cmi5` lesson keeps its AU (JSON) in `cmi5`. SQLite cannot change
-- a CHECK in place: the table is rebuilt with foreign keys off, outside diesel's transaction
-- (metadata.toml) and inside this one: every row is kept.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE lessons_new (
    tenant_id           TEXT        NOT NULL,
    id                  TEXT        NOT NULL,
    course_id           TEXT        NOT NULL,
    module_id           TEXT        NOT NULL,
    title               TEXT        NOT NULL,
    kind                TEXT        NOT NULL CHECK (kind IN ('text', 'video', 'file', 'quiz', 'assignment', 'lti', 'cmi5')),
    position            INTEGER     NOT NULL,
    required            BOOLEAN     NOT NULL DEFAULT true,
    body                TEXT,
    url                 TEXT,
    duration_seconds    INTEGER,
    size_bytes          INTEGER,
    media_type          TEXT,
    quiz                TEXT,
    version             INTEGER     NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    assignment          TEXT,
    assignment_group_id TEXT,
    file_id             TEXT,
    lti_tool_id         TEXT,
    lti                 TEXT,
    cmi5                TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, module_id) REFERENCES course_modules (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lti_tool_id) REFERENCES lti_tools (tenant_id, id),
    CHECK ((kind = 'lti') = (lti_tool_id IS NOT NULL)),
    CHECK ((kind = 'cmi5') = (cmi5 IS NOT NULL))
) WITHOUT ROWID;
INSERT INTO lessons_new (tenant_id, id, course_id, module_id, title, kind, position, required, body, url,
                         duration_seconds, size_bytes, media_type, quiz, version, created_at, updated_at,
                         assignment, assignment_group_id, file_id, lti_tool_id, lti)
    SELECT tenant_id, id, course_id, module_id, title, kind, position, required, body, url,
           duration_seconds, size_bytes, media_type, quiz, version, created_at, updated_at,
           assignment, assignment_group_id, file_id, lti_tool_id, lti FROM lessons;
DROP TABLE lessons;
ALTER TABLE lessons_new RENAME TO lessons;
CREATE UNIQUE INDEX lessons_position_key ON lessons (tenant_id, module_id, position);
CREATE INDEX lessons_tenant_course_idx ON lessons (tenant_id, course_id);
CREATE INDEX lessons_assignment_group_idx ON lessons (tenant_id, assignment_group_id)
    WHERE assignment_group_id IS NOT NULL;
CREATE INDEX lessons_lti_tool_idx ON lessons (tenant_id, lti_tool_id) WHERE lti_tool_id IS NOT NULL;

-- An imported package: its course structure (JSON: blocks and AUs with the ids Lyceum generated)
-- and the key its content URLs are signed with. The package's files live in file storage under
-- `<tenant_id>/cmi5/<package id>/`.
CREATE TABLE cmi5_packages (
    tenant_id   TEXT        NOT NULL,
    id          TEXT        NOT NULL,
    course_id   TEXT        NOT NULL,
    course_iri  TEXT        NOT NULL,
    structure   TEXT        NOT NULL,
    url_secret  TEXT        NOT NULL,
    files       INTEGER     NOT NULL,
    size_bytes  BIGINT      NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX cmi5_packages_course_key ON cmi5_packages (tenant_id, course_id);

-- An AU launch session. `fetch_hash` is the one-time fetch URL's secret, `token_hash` the
-- auth-token it handed out (once); `state` is launched, initialized, terminated or abandoned;
-- `verbs` the cmi5 defined verbs the AU used in the session (space-separated).
CREATE TABLE cmi5_sessions (
    tenant_id     TEXT        NOT NULL,
    id            TEXT        NOT NULL,
    enrollment_id TEXT        NOT NULL,
    lesson_id     TEXT        NOT NULL,
    user_id       TEXT        NOT NULL,
    launch_mode   TEXT        NOT NULL,
    fetch_hash    TEXT        NOT NULL,
    token_hash    TEXT,
    fetched_at    TEXT,
    state         TEXT        NOT NULL,
    verbs         TEXT        NOT NULL,
    launched_at   TEXT NOT NULL,
    last_at       TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX cmi5_sessions_fetch_key ON cmi5_sessions (tenant_id, fetch_hash);
CREATE UNIQUE INDEX cmi5_sessions_token_key ON cmi5_sessions (tenant_id, token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX cmi5_sessions_enrollment_idx ON cmi5_sessions (tenant_id, enrollment_id, state);
CREATE INDEX cmi5_sessions_lesson_idx ON cmi5_sessions (tenant_id, lesson_id);
CREATE INDEX cmi5_sessions_user_idx ON cmi5_sessions (tenant_id, user_id);

-- What a registration achieved: per AU (completed, passed, waived, satisfied) and per block and
-- course (satisfied), keyed by the activity id Lyceum generated for it.
CREATE TABLE cmi5_outcomes (
    tenant_id     TEXT        NOT NULL,
    enrollment_id TEXT        NOT NULL,
    object_id     TEXT        NOT NULL,
    completed     BOOLEAN     NOT NULL,
    passed        BOOLEAN     NOT NULL,
    waived        BOOLEAN     NOT NULL,
    satisfied     BOOLEAN     NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, enrollment_id, object_id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
