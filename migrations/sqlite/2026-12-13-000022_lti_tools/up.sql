-- (SQLite twin) LTI 1.3 Advantage platform (issue 19): the tools an institution registers, the
-- platform's keys, and lessons of kind `lti`. See the PostgreSQL migration for what each column holds.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE lti_tools (
    tenant_id       TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id              TEXT        NOT NULL,
    name            TEXT        NOT NULL,
    client_id       TEXT        NOT NULL,
    deployment_id   TEXT        NOT NULL,
    login_url       TEXT        NOT NULL,
    target_link_uri TEXT        NOT NULL,
    redirect_uris   TEXT        NOT NULL,
    jwks_url        TEXT,
    public_jwk      TEXT,
    scopes          TEXT        NOT NULL,
    deep_linking    BOOLEAN     NOT NULL,
    custom          TEXT        NOT NULL,
    enabled         BOOLEAN     NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER     NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (jwks_url IS NOT NULL OR public_jwk IS NOT NULL)
) WITHOUT ROWID;
CREATE UNIQUE INDEX lti_tools_client_key ON lti_tools (tenant_id, client_id);

CREATE TABLE lti_keys (
    tenant_id   TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          TEXT        NOT NULL,
    public_jwk  TEXT        NOT NULL,
    private_key TEXT        NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

-- `lti` joins the lesson kinds; an `lti` lesson names its tool (a tool in use cannot be deleted) and keeps
-- its launch settings (JSON). SQLite cannot change a CHECK in place: the table is rebuilt with foreign
-- keys off, outside diesel's transaction (metadata.toml) and inside this one: every row is kept.
CREATE TABLE lessons_new (
    tenant_id           TEXT        NOT NULL,
    id                  TEXT        NOT NULL,
    course_id           TEXT        NOT NULL,
    module_id           TEXT        NOT NULL,
    title               TEXT        NOT NULL,
    kind                TEXT        NOT NULL CHECK (kind IN ('text', 'video', 'file', 'quiz', 'assignment', 'lti')),
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
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, module_id) REFERENCES course_modules (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lti_tool_id) REFERENCES lti_tools (tenant_id, id),
    CHECK ((kind = 'lti') = (lti_tool_id IS NOT NULL))
) WITHOUT ROWID;
INSERT INTO lessons_new (tenant_id, id, course_id, module_id, title, kind, position, required, body, url,
                         duration_seconds, size_bytes, media_type, quiz, version, created_at, updated_at,
                         assignment, assignment_group_id, file_id)
    SELECT tenant_id, id, course_id, module_id, title, kind, position, required, body, url,
           duration_seconds, size_bytes, media_type, quiz, version, created_at, updated_at,
           assignment, assignment_group_id, file_id FROM lessons;
DROP TABLE lessons;
ALTER TABLE lessons_new RENAME TO lessons;
CREATE UNIQUE INDEX lessons_position_key ON lessons (tenant_id, module_id, position);
CREATE INDEX lessons_tenant_course_idx ON lessons (tenant_id, course_id);
CREATE INDEX lessons_assignment_group_idx ON lessons (tenant_id, assignment_group_id)
    WHERE assignment_group_id IS NOT NULL;
CREATE INDEX lessons_lti_tool_idx ON lessons (tenant_id, lti_tool_id) WHERE lti_tool_id IS NOT NULL;

-- Launches in flight (see the PostgreSQL migration).
CREATE TABLE lti_launches (
    tenant_id  TEXT        NOT NULL,
    id         TEXT        NOT NULL,
    tool_id    TEXT        NOT NULL,
    lesson_id  TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,
    hint_hash  TEXT        NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tool_id) REFERENCES lti_tools (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX lti_launches_hint_key ON lti_launches (tenant_id, hint_hash);
CREATE INDEX lti_launches_expires_idx ON lti_launches (tenant_id, expires_at);
CREATE INDEX lti_launches_user_idx ON lti_launches (tenant_id, user_id);

PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
