PRAGMA foreign_keys = OFF;
BEGIN;
DROP TABLE cmi5_outcomes;
DROP TABLE cmi5_sessions;
DROP TABLE cmi5_packages;
DELETE FROM lessons WHERE kind = 'cmi5';
CREATE TABLE lessons_old (
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
INSERT INTO lessons_old SELECT tenant_id, id, course_id, module_id, title, kind, position, required, body, url,
    duration_seconds, size_bytes, media_type, quiz, version, created_at, updated_at, assignment,
    assignment_group_id, file_id, lti_tool_id, lti FROM lessons;
DROP TABLE lessons;
ALTER TABLE lessons_old RENAME TO lessons;
CREATE UNIQUE INDEX lessons_position_key ON lessons (tenant_id, module_id, position);
CREATE INDEX lessons_tenant_course_idx ON lessons (tenant_id, course_id);
CREATE INDEX lessons_assignment_group_idx ON lessons (tenant_id, assignment_group_id)
    WHERE assignment_group_id IS NOT NULL;
CREATE INDEX lessons_lti_tool_idx ON lessons (tenant_id, lti_tool_id) WHERE lti_tool_id IS NOT NULL;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
