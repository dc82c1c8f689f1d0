-- (SQLite twin) LTI 1.3 Advantage platform (issue 19): the tools an institution registers and the
-- platform's keys. See the PostgreSQL migration for what each column holds.
CREATE TABLE lti_tools (
    tenant_id       TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id              TEXT        NOT NULL,
    name            TEXT        NOT NULL,
    client_id       TEXT        NOT NULL,
    deployment_id   TEXT        NOT NULL,
    login_url       TEXT        NOT NULL,
    target_link_uri TEXT        NOT NULL,
    redirect_uris   TEXT        NOT NULL,
    jwks_url        TEXT,
    public_jwk      TEXT,
    scopes          TEXT        NOT NULL,
    deep_linking    BOOLEAN     NOT NULL,
    custom          TEXT        NOT NULL,
    enabled         BOOLEAN     NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER     NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (jwks_url IS NOT NULL OR public_jwk IS NOT NULL)
) WITHOUT ROWID;
CREATE UNIQUE INDEX lti_tools_client_key ON lti_tools (tenant_id, client_id);

CREATE TABLE lti_keys (
    tenant_id   TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          TEXT        NOT NULL,
    public_jwk  TEXT        NOT NULL,
    private_key TEXT        NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
