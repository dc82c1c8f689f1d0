-- (SQLite twin) LTI Advantage services (issue 19); see the PostgreSQL migration for what each column holds.

-- Access tokens a tool obtained at the token endpoint with a client assertion signed by its key
-- (Security Framework 1.0 §4.1). Stored hashed, with the scopes granted and the assertion's `jti`:
-- the unique key refuses a replayed assertion for as long as the row is kept (past its expiry by the
-- retention run's margin, longer than any assertion Lyceum accepts may live).
CREATE TABLE lti_access_tokens (
    tenant_id  TEXT        NOT NULL,
    id         TEXT        NOT NULL,
    tool_id    TEXT        NOT NULL,
    token_hash TEXT        NOT NULL,
    jti        TEXT        NOT NULL,
    scopes     TEXT        NOT NULL,
    created_at TEXT        NOT NULL,
    expires_at TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tool_id) REFERENCES lti_tools (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX lti_access_tokens_hash_key ON lti_access_tokens (tenant_id, token_hash);
CREATE UNIQUE INDEX lti_access_tokens_jti_key ON lti_access_tokens (tenant_id, tool_id, jti);
CREATE INDEX lti_access_tokens_expires_idx ON lti_access_tokens (tenant_id, expires_at);

-- AGS line items: a gradebook column of a tool in a course (the context). One bound to a lesson
-- (`lesson_id`, the resource link) feeds that lesson's progress; the tool sees and changes its own only.
CREATE TABLE lti_line_items (
    tenant_id     TEXT             NOT NULL,
    id            TEXT             NOT NULL,
    tool_id       TEXT             NOT NULL,
    course_id     TEXT             NOT NULL,
    lesson_id     TEXT,
    label         TEXT             NOT NULL,
    score_maximum REAL             NOT NULL CHECK (score_maximum > 0),
    resource_id   TEXT,
    tag           TEXT,
    start_at      TEXT,
    end_at        TEXT,
    created_at    TEXT             NOT NULL,
    updated_at    TEXT             NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tool_id) REFERENCES lti_tools (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX lti_line_items_course_idx ON lti_line_items (tenant_id, course_id, tool_id);
CREATE INDEX lti_line_items_lesson_idx ON lti_line_items (tenant_id, lesson_id);

-- AGS scores: the latest score a tool published for a learner on a line item (its `timestamp` orders
-- them: an older one never replaces a newer one).
CREATE TABLE lti_scores (
    tenant_id         TEXT             NOT NULL,
    line_item_id      TEXT             NOT NULL,
    user_id           TEXT             NOT NULL,
    score_given       REAL,
    score_maximum     REAL,
    comment           TEXT,
    activity_progress TEXT             NOT NULL,
    grading_progress  TEXT             NOT NULL,
    scored_at         TEXT             NOT NULL,
    updated_at        TEXT             NOT NULL,
    PRIMARY KEY (tenant_id, line_item_id, user_id),
    FOREIGN KEY (tenant_id, line_item_id) REFERENCES lti_line_items (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX lti_scores_user_idx ON lti_scores (tenant_id, user_id);

-- Deep-linking requests in flight: staff asked a tool for content to add to a module; the tool's
-- authentication request comes back with the hint (hashed), then its signed response with `data`.
CREATE TABLE lti_deep_links (
    tenant_id   TEXT        NOT NULL,
    id          TEXT        NOT NULL,
    tool_id     TEXT        NOT NULL,
    course_id   TEXT        NOT NULL,
    module_id   TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    hint_hash   TEXT        NOT NULL,
    created_at  TEXT        NOT NULL,
    expires_at  TEXT        NOT NULL,
    used_at     TEXT,
    returned_at TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tool_id) REFERENCES lti_tools (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, module_id) REFERENCES course_modules (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX lti_deep_links_hint_key ON lti_deep_links (tenant_id, hint_hash);
CREATE INDEX lti_deep_links_expires_idx ON lti_deep_links (tenant_id, expires_at);
CREATE INDEX lti_deep_links_user_idx ON lti_deep_links (tenant_id, user_id);
