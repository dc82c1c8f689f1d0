-- LTI Advantage services (issue 19): OAuth 2.0 access tokens for tools, Assignment and Grade Services
-- line items and scores, and deep-linking requests in flight.

-- Access tokens a tool obtained at the token endpoint with a client assertion signed by its key
-- (Security Framework 1.0 §4.1). Stored hashed, with the scopes granted and the assertion's `jti`:
-- the unique key refuses a replayed assertion for as long as the row is kept (past its expiry by the
-- retention run's margin, longer than any assertion Lyceum accepts may live).
CREATE TABLE lti_access_tokens (
    tenant_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    tool_id    uuid        NOT NULL,
    token_hash text        NOT NULL,
    jti        text        NOT NULL,
    scopes     text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tool_id) REFERENCES lti_tools (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX lti_access_tokens_hash_key ON lti_access_tokens (tenant_id, token_hash);
CREATE UNIQUE INDEX lti_access_tokens_jti_key ON lti_access_tokens (tenant_id, tool_id, jti);
CREATE INDEX lti_access_tokens_expires_idx ON lti_access_tokens (tenant_id, expires_at);

-- AGS line items: a gradebook column of a tool in a course (the context). One bound to a lesson
-- (`lesson_id`, the resource link) feeds that lesson's progress; the tool sees and changes its own only.
CREATE TABLE lti_line_items (
    tenant_id     uuid             NOT NULL,
    id            uuid             NOT NULL,
    tool_id       uuid             NOT NULL,
    course_id     uuid             NOT NULL,
    lesson_id     uuid,
    label         text             NOT NULL,
    score_maximum double precision NOT NULL CHECK (score_maximum > 0),
    resource_id   text,
    tag           text,
    start_at      timestamptz,
    end_at        timestamptz,
    created_at    timestamptz      NOT NULL,
    updated_at    timestamptz      NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tool_id) REFERENCES lti_tools (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX lti_line_items_course_idx ON lti_line_items (tenant_id, course_id, tool_id);
CREATE INDEX lti_line_items_lesson_idx ON lti_line_items (tenant_id, lesson_id) WHERE lesson_id IS NOT NULL;

-- AGS scores: the latest score a tool published for a learner on a line item (its `timestamp` orders
-- them: an older one never replaces a newer one).
CREATE TABLE lti_scores (
    tenant_id         uuid             NOT NULL,
    line_item_id      uuid             NOT NULL,
    user_id           uuid             NOT NULL,
    score_given       double precision,
    score_maximum     double precision,
    comment           text,
    activity_progress text             NOT NULL,
    grading_progress  text             NOT NULL,
    scored_at         timestamptz      NOT NULL,
    updated_at        timestamptz      NOT NULL,
    PRIMARY KEY (tenant_id, line_item_id, user_id),
    FOREIGN KEY (tenant_id, line_item_id) REFERENCES lti_line_items (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX lti_scores_user_idx ON lti_scores (tenant_id, user_id);

-- Deep-linking requests in flight: staff asked a tool for content to add to a module; the tool's
-- authentication request comes back with the hint (hashed), then its signed response with `data`.
CREATE TABLE lti_deep_links (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    tool_id     uuid        NOT NULL,
    course_id   uuid        NOT NULL,
    module_id   uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    hint_hash   text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    returned_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tool_id) REFERENCES lti_tools (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, course_id) REFERENCES courses (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, module_id) REFERENCES course_modules (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX lti_deep_links_hint_key ON lti_deep_links (tenant_id, hint_hash);
CREATE INDEX lti_deep_links_expires_idx ON lti_deep_links (tenant_id, expires_at);
CREATE INDEX lti_deep_links_user_idx ON lti_deep_links (tenant_id, user_id);

ALTER TABLE lti_access_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_access_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lti_access_tokens
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE lti_line_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_line_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lti_line_items
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE lti_scores ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_scores FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lti_scores
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE lti_deep_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_deep_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lti_deep_links
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
