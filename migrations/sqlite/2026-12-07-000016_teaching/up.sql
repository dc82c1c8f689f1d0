-- (SQLite twin) Teaching (issue 18): course staff, assignments with submissions, rubrics, grades with their history,
-- assignment groups and a letter-grade scale per course.
PRAGMA foreign_keys = OFF;
BEGIN;

-- Course staff: who teaches (and grades) a course, beyond the institution's owners and admins.
CREATE TABLE course_staff (
    tenant_id TEXT        NOT NULL,
    course_id TEXT        NOT NULL,
    user_id   TEXT        NOT NULL,
    role      TEXT        NOT NULL CHECK (role IN ('instructor', 'teaching_assistant')),
    added_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, course_id, user_id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX course_staff_user_idx ON course_staff (tenant_id, user_id);

-- Assignment groups (quizzes, assignments, exams...) weigh a course's graded lessons.
CREATE TABLE assignment_groups (
    tenant_id  TEXT             NOT NULL,
    id         TEXT             NOT NULL,
    course_id  TEXT             NOT NULL,
    name       TEXT             NOT NULL,
    weight     REAL NOT NULL,
    position   INTEGER          NOT NULL,
    created_at TEXT      NOT NULL,
    updated_at TEXT      NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX assignment_groups_course_idx ON assignment_groups (tenant_id, course_id, position);

-- Rubrics: criteria with levels (points per level), JSON; a course's own.
CREATE TABLE rubrics (
    tenant_id       TEXT             NOT NULL,
    id              TEXT             NOT NULL,
    course_id       TEXT             NOT NULL,
    title           TEXT             NOT NULL,
    criteria        TEXT             NOT NULL,
    points_possible REAL NOT NULL,
    created_at      TEXT      NOT NULL,
    updated_at      TEXT      NOT NULL,
    version         INTEGER           NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX rubrics_course_idx ON rubrics (tenant_id, course_id);

-- An assignment lesson's settings (JSON), and the group any graded lesson counts in; `assignment`
-- joins the kinds. SQLite cannot change a CHECK in place, and other tables' rows refer to lessons
-- (ON DELETE CASCADE), so the table is rebuilt with foreign keys off (https://sqlite.org/lang_altertable.html#otheralter),
-- outside diesel's transaction (metadata.toml) and inside this one: every row is kept.
CREATE TABLE lessons_new (
    tenant_id           TEXT        NOT NULL,
    id                  TEXT        NOT NULL,
    course_id           TEXT        NOT NULL,
    module_id           TEXT        NOT NULL,
    title               TEXT        NOT NULL,
    kind                TEXT        NOT NULL CHECK (kind IN ('text', 'video', 'file', 'quiz', 'assignment')),
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
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, module_id) REFERENCES course_modules (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO lessons_new (tenant_id, id, course_id, module_id, title, kind, position, required, body, url,
                         duration_seconds, size_bytes, media_type, quiz, version, created_at, updated_at)
    SELECT tenant_id, id, course_id, module_id, title, kind, position, required, body, url,
           duration_seconds, size_bytes, media_type, quiz, version, created_at, updated_at FROM lessons;
DROP TABLE lessons;
ALTER TABLE lessons_new RENAME TO lessons;
CREATE UNIQUE INDEX lessons_position_key ON lessons (tenant_id, module_id, position);
CREATE INDEX lessons_tenant_course_idx ON lessons (tenant_id, course_id);
CREATE INDEX lessons_assignment_group_idx ON lessons (tenant_id, assignment_group_id)
    WHERE assignment_group_id IS NOT NULL;
-- The letter-grade scale (JSON), NULL for the default.
ALTER TABLE courses ADD COLUMN grading_scale TEXT;

-- What a learner handed in for an assignment, and its grade. The grade's every change is kept in
-- grade_changes.
CREATE TABLE submissions (
    tenant_id         TEXT             NOT NULL,
    id                TEXT             NOT NULL,
    enrollment_id     TEXT             NOT NULL,
    lesson_id         TEXT             NOT NULL,
    course_id         TEXT             NOT NULL,
    user_id           TEXT             NOT NULL,
    attempt_number    INTEGER          NOT NULL,
    body              TEXT,
    url               TEXT,
    submitted_at      TEXT      NOT NULL,
    seconds_late      INTEGER           NOT NULL,
    raw_points        REAL,
    late_penalty      REAL,
    points            REAL,
    rubric_assessment TEXT,
    feedback          TEXT,
    graded_by         TEXT,
    graded_at         TEXT,
    posted_at         TEXT,
    grade_version     INTEGER           NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, enrollment_id, lesson_id, attempt_number),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX submissions_lesson_idx ON submissions (tenant_id, lesson_id, id);
CREATE INDEX submissions_course_idx ON submissions (tenant_id, course_id, enrollment_id);

CREATE TABLE grade_changes (
    tenant_id     TEXT        NOT NULL,
    id            TEXT        NOT NULL,
    submission_id TEXT        NOT NULL,
    actor_type    TEXT        NOT NULL,
    actor_id      TEXT,
    changed_at    TEXT NOT NULL,
    before        TEXT        NOT NULL,
    after         TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX grade_changes_submission_idx ON grade_changes (tenant_id, submission_id, id);

PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
