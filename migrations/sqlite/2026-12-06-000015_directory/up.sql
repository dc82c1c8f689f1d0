-- (SQLite twin) The directory for student information systems and identity providers (issue 17, items 2-4):
-- external ids, SCIM user names, and groups (cohorts) whose members are enrolled in the group's courses.

-- A student information system's own key for a row, unique per institution where set.
ALTER TABLE users ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX users_external_id_key ON users (tenant_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE courses ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX courses_external_id_key ON courses (tenant_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE enrollments ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX enrollments_external_id_key ON enrollments (tenant_id, external_id) WHERE external_id IS NOT NULL;

-- The SCIM `userName` when a provisioning client sends one that is not the email (Entra ID's user
-- principal name, say); unique per institution case-insensitively. NULL: the email is the user name.
ALTER TABLE users ADD COLUMN user_name TEXT;
ALTER TABLE users ADD COLUMN user_name_lower TEXT;
CREATE UNIQUE INDEX users_user_name_key ON users (tenant_id, user_name_lower) WHERE user_name_lower IS NOT NULL;

-- Groups (cohorts, classes, SCIM groups).
CREATE TABLE groups (
    tenant_id   TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    external_id TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER      NOT NULL,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX groups_external_id_key ON groups (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX groups_name_idx ON groups (tenant_id, lower(name));

CREATE TABLE group_members (
    tenant_id TEXT        NOT NULL,
    group_id  TEXT        NOT NULL,
    user_id   TEXT        NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id, user_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX group_members_user_idx ON group_members (tenant_id, user_id);

-- A group enrolled in a course: its members are enrolled, and so is everyone who joins it later.
CREATE TABLE group_courses (
    tenant_id  TEXT        NOT NULL,
    group_id   TEXT        NOT NULL,
    course_id  TEXT        NOT NULL,
    due_at     TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id, course_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX group_courses_course_idx ON group_courses (tenant_id, course_id);

-- Members a group's course could not take (no seat left, user disabled, course not published): shown
-- with the group's courses until a later attempt enrols them or they leave the group.
CREATE TABLE group_enrollment_failures (
    tenant_id  TEXT        NOT NULL,
    group_id   TEXT        NOT NULL,
    course_id  TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,
    code       TEXT        NOT NULL,
    message    TEXT        NOT NULL,
    failed_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id, course_id, user_id),
    FOREIGN KEY (tenant_id, group_id, course_id) REFERENCES group_courses (tenant_id, group_id, course_id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id, user_id) REFERENCES group_members (tenant_id, group_id, user_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

