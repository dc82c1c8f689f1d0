-- Courses, their ordered modules and ordered lessons. Positions are 1-based and gapless per parent; the
-- unique indexes make a duplicate impossible even if the code erred.

CREATE TABLE courses (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    id           uuid        NOT NULL,
    slug         text        NOT NULL,
    title        text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    status       text        NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    version      bigint      NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    published_at timestamptz,
    archived_at  timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX courses_tenant_slug_key ON courses (tenant_id, slug);
CREATE INDEX courses_tenant_status_idx ON courses (tenant_id, status, id);
CREATE INDEX courses_tenant_updated_idx ON courses (tenant_id, updated_at);

CREATE TABLE course_modules (
    tenant_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    course_id  uuid        NOT NULL,
    title      text        NOT NULL,
    position   integer     NOT NULL,
    version    bigint      NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX course_modules_position_key ON course_modules (tenant_id, course_id, position);

CREATE TABLE lessons (
    tenant_id        uuid        NOT NULL,
    id               uuid        NOT NULL,
    course_id        uuid        NOT NULL,
    module_id        uuid        NOT NULL,
    title            text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('text', 'video', 'file', 'quiz')),
    position         integer     NOT NULL,
    required         boolean     NOT NULL DEFAULT true,
    body             text,
    url              text,
    duration_seconds integer,
    size_bytes       bigint,
    media_type       text,
    quiz             text,
    version          bigint      NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, module_id) REFERENCES course_modules (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX lessons_position_key ON lessons (tenant_id, module_id, position);
CREATE INDEX lessons_tenant_course_idx ON lessons (tenant_id, course_id);

ALTER TABLE courses ENABLE ROW LEVEL SECURITY;
ALTER TABLE courses FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON courses
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE course_modules ENABLE ROW LEVEL SECURITY;
ALTER TABLE course_modules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON course_modules
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE lessons ENABLE ROW LEVEL SECURITY;
ALTER TABLE lessons FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lessons
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
