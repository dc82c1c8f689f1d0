-- Teaching (issue 18): course staff, assignments with submissions, rubrics, grades with their history,
-- assignment groups and a letter-grade scale per course.

-- Course staff: who teaches (and grades) a course, beyond the institution's owners and admins.
CREATE TABLE course_staff (
    tenant_id uuid        NOT NULL,
    course_id uuid        NOT NULL,
    user_id   uuid        NOT NULL,
    role      text        NOT NULL CHECK (role IN ('instructor', 'teaching_assistant')),
    added_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, course_id, user_id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX course_staff_user_idx ON course_staff (tenant_id, user_id);

-- Assignment groups (quizzes, assignments, exams...) weigh a course's graded lessons.
CREATE TABLE assignment_groups (
    tenant_id  uuid             NOT NULL,
    id         uuid             NOT NULL,
    course_id  uuid             NOT NULL,
    name       text             NOT NULL,
    weight     double precision NOT NULL,
    position   integer          NOT NULL,
    created_at timestamptz      NOT NULL,
    updated_at timestamptz      NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX assignment_groups_course_idx ON assignment_groups (tenant_id, course_id, position);

-- Rubrics: criteria with levels (points per level), JSON; a course's own.
CREATE TABLE rubrics (
    tenant_id       uuid             NOT NULL,
    id              uuid             NOT NULL,
    course_id       uuid             NOT NULL,
    title           text             NOT NULL,
    criteria        text             NOT NULL,
    points_possible double precision NOT NULL,
    created_at      timestamptz      NOT NULL,
    updated_at      timestamptz      NOT NULL,
    version         bigint           NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX rubrics_course_idx ON rubrics (tenant_id, course_id);

-- An assignment lesson's settings (JSON), and the group any graded lesson counts in.
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check;
ALTER TABLE lessons ADD CONSTRAINT lessons_kind_check
    CHECK (kind IN ('text', 'video', 'file', 'quiz', 'assignment'));
ALTER TABLE lessons ADD COLUMN assignment text;
ALTER TABLE lessons ADD COLUMN assignment_group_id uuid;
CREATE INDEX lessons_assignment_group_idx ON lessons (tenant_id, assignment_group_id)
    WHERE assignment_group_id IS NOT NULL;
-- The letter-grade scale (JSON), NULL for the default.
ALTER TABLE courses ADD COLUMN grading_scale text;

-- What a learner handed in for an assignment, and its grade. The grade's every change is kept in
-- grade_changes.
CREATE TABLE submissions (
    tenant_id         uuid             NOT NULL,
    id                uuid             NOT NULL,
    enrollment_id     uuid             NOT NULL,
    lesson_id         uuid             NOT NULL,
    course_id         uuid             NOT NULL,
    user_id           uuid             NOT NULL,
    attempt_number    integer          NOT NULL,
    body              text,
    url               text,
    submitted_at      timestamptz      NOT NULL,
    seconds_late      bigint           NOT NULL,
    raw_points        double precision,
    late_penalty      double precision,
    points            double precision,
    rubric_assessment text,
    feedback          text,
    graded_by         text,
    graded_at         timestamptz,
    posted_at         timestamptz,
    grade_version     bigint           NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, enrollment_id, lesson_id, attempt_number),
    FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX submissions_lesson_idx ON submissions (tenant_id, lesson_id, id);
CREATE INDEX submissions_course_idx ON submissions (tenant_id, course_id, enrollment_id);

CREATE TABLE grade_changes (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    submission_id uuid        NOT NULL,
    actor_type    text        NOT NULL,
    actor_id      text,
    changed_at    timestamptz NOT NULL,
    before        text        NOT NULL,
    after         text        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX grade_changes_submission_idx ON grade_changes (tenant_id, submission_id, id);

ALTER TABLE course_staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE course_staff FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON course_staff
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE assignment_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignment_groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON assignment_groups
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE rubrics ENABLE ROW LEVEL SECURITY;
ALTER TABLE rubrics FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rubrics
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE submissions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON submissions
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE grade_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE grade_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON grade_changes
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
