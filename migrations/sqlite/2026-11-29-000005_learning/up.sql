-- (SQLite twin) Learning: enrollments, lesson progress, quiz attempts, certificates (signed with a per-tenant Ed25519
-- key), long-running operations (bulk enrollment) and the event outbox that outgoing webhooks read.
-- Deleting a user removes their learning records (erasure); courses that learners touched are archived,
-- never deleted, so enrollments keep their course.

CREATE TABLE enrollments (
    tenant_id          TEXT        NOT NULL REFERENCES tenants (id),
    id                 TEXT        NOT NULL,
    course_id          TEXT        NOT NULL,
    user_id            TEXT        NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('active', 'completed', 'dropped')),
    due_at             TEXT,
    -- Maintained by every progress write (the report aggregates these without touching progress rows).
    time_spent_seconds INTEGER      NOT NULL DEFAULT 0,
    score              INTEGER,
    enrolled_at        TEXT NOT NULL,
    completed_at       TEXT,
    dropped_at         TEXT,
    last_activity_at   TEXT,
    version            INTEGER      NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX enrollments_course_user_key ON enrollments (tenant_id, course_id, user_id);
CREATE INDEX enrollments_course_idx ON enrollments (tenant_id, course_id, id);
CREATE INDEX enrollments_user_idx ON enrollments (tenant_id, user_id, id);
CREATE INDEX enrollments_seats_idx ON enrollments (tenant_id, status, user_id);

CREATE TABLE lesson_progress (
    tenant_id          TEXT        NOT NULL,
    enrollment_id      TEXT        NOT NULL,
    lesson_id          TEXT        NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('started', 'completed')),
    score              INTEGER,
    passed             BOOLEAN,
    time_spent_seconds INTEGER     NOT NULL DEFAULT 0,
    started_at         TEXT NOT NULL,
    completed_at       TEXT,
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (tenant_id, enrollment_id, lesson_id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX lesson_progress_lesson_idx ON lesson_progress (tenant_id, lesson_id);

CREATE TABLE quiz_attempts (
    tenant_id      TEXT        NOT NULL,
    id             TEXT        NOT NULL,
    enrollment_id  TEXT        NOT NULL,
    lesson_id      TEXT        NOT NULL,
    attempt_number INTEGER     NOT NULL,
    answers        TEXT        NOT NULL,
    results        TEXT        NOT NULL,
    score          INTEGER     NOT NULL,
    passed         BOOLEAN     NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX quiz_attempts_number_key ON quiz_attempts (tenant_id, enrollment_id, lesson_id, attempt_number);
CREATE INDEX quiz_attempts_lesson_idx ON quiz_attempts (tenant_id, lesson_id);

CREATE TABLE signing_keys (
    tenant_id   TEXT        NOT NULL REFERENCES tenants (id),
    id          TEXT        NOT NULL,
    algorithm   TEXT        NOT NULL CHECK (algorithm = 'Ed25519'),
    public_key  TEXT        NOT NULL,
    private_key TEXT        NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

CREATE TABLE certificates (
    tenant_id      TEXT        NOT NULL,
    id             TEXT        NOT NULL,
    enrollment_id  TEXT        NOT NULL,
    course_id      TEXT        NOT NULL,
    user_id        TEXT        NOT NULL,
    code           TEXT        NOT NULL,
    key_id         TEXT        NOT NULL,
    credential     TEXT        NOT NULL,
    signature      TEXT        NOT NULL,
    issued_at      TEXT NOT NULL,
    revoked_at     TEXT,
    revoked_reason TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, key_id) REFERENCES signing_keys (tenant_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX certificates_enrollment_key ON certificates (tenant_id, enrollment_id);
CREATE UNIQUE INDEX certificates_code_key ON certificates (tenant_id, code);
CREATE INDEX certificates_course_idx ON certificates (tenant_id, course_id, id);
CREATE INDEX certificates_user_idx ON certificates (tenant_id, user_id, id);

CREATE TABLE operations (
    tenant_id   TEXT        NOT NULL REFERENCES tenants (id),
    id          TEXT        NOT NULL,
    kind        TEXT        NOT NULL,
    status      TEXT        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    target_id   TEXT,
    input       TEXT        NOT NULL,
    total       INTEGER     NOT NULL,
    processed   INTEGER     NOT NULL DEFAULT 0,
    succeeded   INTEGER     NOT NULL DEFAULT 0,
    failed      INTEGER     NOT NULL DEFAULT 0,
    skipped     INTEGER     NOT NULL DEFAULT 0,
    errors      TEXT        NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

CREATE TABLE events (
    tenant_id  TEXT        NOT NULL REFERENCES tenants (id),
    id         TEXT        NOT NULL,
    type       TEXT        NOT NULL,
    data       TEXT        NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX events_type_idx ON events (tenant_id, type, id);

