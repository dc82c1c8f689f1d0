-- LTI 1.3 Advantage platform (issue 19): the tools an institution registers, the platform's keys, and
-- lessons of kind `lti`.

-- A tool registration. Lyceum issues the client id and the deployment id; the tool's login initiation
-- URL, target link URI and redirect URIs come from the tool; its keys from its JWKS URL or one public
-- key (a JWK). `scopes` (JSON list) are the LTI Advantage service scopes the tool may obtain tokens for;
-- `custom` (JSON object) the custom parameters sent with every launch of the tool.
CREATE TABLE lti_tools (
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id              uuid        NOT NULL,
    name            text        NOT NULL,
    client_id       text        NOT NULL,
    deployment_id   text        NOT NULL,
    login_url       text        NOT NULL,
    target_link_uri text        NOT NULL,
    redirect_uris   text        NOT NULL,
    jwks_url        text,
    public_jwk      text,
    scopes          text        NOT NULL,
    deep_linking    boolean     NOT NULL,
    custom          text        NOT NULL,
    enabled         boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (jwks_url IS NOT NULL OR public_jwk IS NOT NULL)
);
CREATE UNIQUE INDEX lti_tools_client_key ON lti_tools (tenant_id, client_id);

-- The platform's RS256 signing keys per institution (LTI's Security Framework requires RSA). The newest
-- key not retired signs; retired keys stay published for a while so messages signed just before a
-- rotation still verify. The private key (PKCS#1 DER, base64) is sealed by the vault.
CREATE TABLE lti_keys (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid        NOT NULL,
    public_jwk  text        NOT NULL,
    private_key text        NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz,
    PRIMARY KEY (tenant_id, id)
);

ALTER TABLE lti_tools ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_tools FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lti_tools
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE lti_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lti_keys
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);

-- `lti` joins the lesson kinds. An `lti` lesson names its tool (a tool in use cannot be deleted: disable
-- it instead) and keeps its launch settings as JSON (`custom` parameters, a `target_link_uri` that
-- deep linking chose).
ALTER TABLE lessons ADD COLUMN lti_tool_id uuid;
ALTER TABLE lessons ADD COLUMN lti text;
ALTER TABLE lessons ADD CONSTRAINT lessons_lti_tool_fkey
    FOREIGN KEY (tenant_id, lti_tool_id) REFERENCES lti_tools (tenant_id, id);
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check;
ALTER TABLE lessons ADD CONSTRAINT lessons_kind_check
    CHECK (kind IN ('text', 'video', 'file', 'quiz', 'assignment', 'lti'));
ALTER TABLE lessons ADD CONSTRAINT lessons_lti_tool_check CHECK ((kind = 'lti') = (lti_tool_id IS NOT NULL));
CREATE INDEX lessons_lti_tool_idx ON lessons (tenant_id, lti_tool_id) WHERE lti_tool_id IS NOT NULL;

-- Launches in flight: a person started an `lti` lesson; the tool's authentication request must come
-- back with the launch's hint (`lti_message_hint`, stored hashed) within minutes, once.
CREATE TABLE lti_launches (
    tenant_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    tool_id    uuid        NOT NULL,
    lesson_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    hint_hash  text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tool_id) REFERENCES lti_tools (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, lesson_id) REFERENCES lessons (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX lti_launches_hint_key ON lti_launches (tenant_id, hint_hash);
CREATE INDEX lti_launches_expires_idx ON lti_launches (tenant_id, expires_at);
CREATE INDEX lti_launches_user_idx ON lti_launches (tenant_id, user_id);
ALTER TABLE lti_launches ENABLE ROW LEVEL SECURITY;
ALTER TABLE lti_launches FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lti_launches
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
