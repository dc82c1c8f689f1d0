-- Learning: enrollments, lesson progress, quiz attempts, certificates (signed with a per-tenant Ed25519
-- key), long-running operations (bulk enrollment) and the event outbox that outgoing webhooks read.
-- Deleting a user removes their learning records (erasure); courses that learners touched are archived,
-- never deleted, so enrollments keep their course.

CREATE TABLE enrollments (
    tenant_id          uuid        NOT NULL REFERENCES tenants (id),
    id                 uuid        NOT NULL,
    course_id          uuid        NOT NULL,
    user_id            uuid        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('active', 'completed', 'dropped')),
    due_at             timestamptz,
    -- Maintained by every progress write (the report aggregates these without touching progress rows).
    time_spent_seconds bigint      NOT NULL DEFAULT 0,
    score              integer,
    enrolled_at        timestamptz NOT NULL,
    completed_at       timestamptz,
    dropped_at         timestamptz,
    last_activity_at   timestamptz,
    version            bigint      NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX enrollments_course_user_key ON enrollments (tenant_id, course_id, user_id);
CREATE INDEX enrollments_course_idx ON enrollments (tenant_id, course_id, id)
    INCLUDE (status, score, time_spent_seconds, due_at);
CREATE INDEX enrollments_user_idx ON enrollments (tenant_id, user_id, id);
CREATE INDEX enrollments_seats_idx ON enrollments (tenant_id, status, user_id);

CREATE TABLE lesson_progress (
    tenant_id          uuid        NOT NULL,
    enrollment_id      uuid        NOT NULL,
    lesson_id          uuid        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('started', 'completed')),
    score              integer,
    passed             boolean,
    time_spent_seconds integer     NOT NULL DEFAULT 0,
    started_at         timestamptz NOT NULL,
    completed_at       timestamptz,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, enrollment_id, lesson_id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX lesson_progress_lesson_idx ON lesson_progress (tenant_id, lesson_id);

CREATE TABLE quiz_attempts (
    tenant_id      uuid        NOT NULL,
    id             uuid        NOT NULL,
    enrollment_id  uuid        NOT NULL,
    lesson_id      uuid        NOT NULL,
    attempt_number integer     NOT NULL,
    answers        text        NOT NULL,
    results        text        NOT NULL,
    score          integer     NOT NULL,
    passed         boolean     NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX quiz_attempts_number_key ON quiz_attempts (tenant_id, enrollment_id, lesson_id, attempt_number);
CREATE INDEX quiz_attempts_lesson_idx ON quiz_attempts (tenant_id, lesson_id);

CREATE TABLE signing_keys (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    id          uuid        NOT NULL,
    algorithm   text        NOT NULL CHECK (algorithm = 'Ed25519'),
    public_key  text        NOT NULL,
    private_key text        NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE certificates (
    tenant_id      uuid        NOT NULL,
    id             uuid        NOT NULL,
    enrollment_id  uuid        NOT NULL,
    course_id      uuid        NOT NULL,
    user_id        uuid        NOT NULL,
    code           text        NOT NULL,
    key_id         uuid        NOT NULL,
    credential     text        NOT NULL,
    signature      text        NOT NULL,
    issued_at      timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, key_id) REFERENCES signing_keys (tenant_id, id)
);
CREATE UNIQUE INDEX certificates_enrollment_key ON certificates (tenant_id, enrollment_id);
CREATE UNIQUE INDEX certificates_code_key ON certificates (tenant_id, code);
CREATE INDEX certificates_course_idx ON certificates (tenant_id, course_id, id);
CREATE INDEX certificates_user_idx ON certificates (tenant_id, user_id, id);

CREATE TABLE operations (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    id          uuid        NOT NULL,
    kind        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    target_id   uuid,
    input       text        NOT NULL,
    total       integer     NOT NULL,
    processed   integer     NOT NULL DEFAULT 0,
    succeeded   integer     NOT NULL DEFAULT 0,
    failed      integer     NOT NULL DEFAULT 0,
    skipped     integer     NOT NULL DEFAULT 0,
    errors      text        NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    finished_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE events (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    id         uuid        NOT NULL,
    type       text        NOT NULL,
    data       text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX events_type_idx ON events (tenant_id, type, id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['enrollments', 'lesson_progress', 'quiz_attempts', 'signing_keys', 'certificates',
                             'operations', 'events']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
            USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
            WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)$p$, t);
    END LOOP;
END $$;
