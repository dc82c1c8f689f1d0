-- (SQLite twin) Courses, their ordered modules and ordered lessons. Positions are 1-based and gapless per parent; the
-- unique indexes make a duplicate impossible even if the code erred.

CREATE TABLE courses (
    tenant_id    TEXT        NOT NULL REFERENCES tenants (id),
    id           TEXT        NOT NULL,
    slug         TEXT        NOT NULL,
    title        TEXT        NOT NULL,
    description  TEXT        NOT NULL DEFAULT '',
    status       TEXT        NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    version      INTEGER     NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT,
    archived_at  TEXT,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX courses_tenant_slug_key ON courses (tenant_id, slug);
CREATE INDEX courses_tenant_status_idx ON courses (tenant_id, status, id);
CREATE INDEX courses_tenant_updated_idx ON courses (tenant_id, updated_at);

CREATE TABLE course_modules (
    tenant_id  TEXT        NOT NULL,
    id         TEXT        NOT NULL,
    course_id  TEXT        NOT NULL,
    title      TEXT        NOT NULL,
    position   INTEGER     NOT NULL,
    version    INTEGER     NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX course_modules_position_key ON course_modules (tenant_id, course_id, position);

CREATE TABLE lessons (
    tenant_id        TEXT        NOT NULL,
    id               TEXT        NOT NULL,
    course_id        TEXT        NOT NULL,
    module_id        TEXT        NOT NULL,
    title            TEXT        NOT NULL,
    kind             TEXT        NOT NULL CHECK (kind IN ('text', 'video', 'file', 'quiz')),
    position         INTEGER     NOT NULL,
    required         BOOLEAN     NOT NULL DEFAULT true,
    body             TEXT,
    url              TEXT,
    duration_seconds INTEGER,
    size_bytes       INTEGER,
    media_type       TEXT,
    quiz             TEXT,
    version          INTEGER     NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, module_id) REFERENCES course_modules (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX lessons_position_key ON lessons (tenant_id, module_id, position);
CREATE INDEX lessons_tenant_course_idx ON lessons (tenant_id, course_id);
