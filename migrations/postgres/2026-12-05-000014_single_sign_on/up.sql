-- Single sign-on with OpenID Connect (issue 17, item 1).

-- An institution's identity providers. The client secret is write-only through the API.
CREATE TABLE identity_providers (
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id              uuid        NOT NULL,
    name            text        NOT NULL,
    issuer          text        NOT NULL,
    client_id       text        NOT NULL,
    client_secret   text        NOT NULL,
    -- Space-separated, `openid` always included.
    scopes          text        NOT NULL,
    -- JSON arrays: email domains whose people may sign in (empty: any), return URLs allowed after sign-in.
    allowed_domains text        NOT NULL,
    return_urls     text        NOT NULL,
    -- The role of people created on their first sign-in; NULL: nobody is created.
    create_role     text        CHECK (create_role IN ('admin', 'instructor', 'learner')),
    enabled         boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Who a provider's subject is, per institution.
CREATE TABLE user_identities (
    tenant_id     uuid        NOT NULL,
    provider_id   uuid        NOT NULL,
    subject       text        NOT NULL,
    user_id       uuid        NOT NULL,
    created_at    timestamptz NOT NULL,
    last_login_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, provider_id, subject),
    FOREIGN KEY (tenant_id, provider_id) REFERENCES identity_providers (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_identities_user_idx ON user_identities (tenant_id, user_id);

-- Sign-ins in flight: the state (hashed), nonce and PKCE verifier of each redirect to a provider.
CREATE TABLE sso_logins (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    provider_id   uuid        NOT NULL,
    state_hash    text        NOT NULL,
    nonce         text        NOT NULL,
    pkce_verifier text        NOT NULL,
    return_to     text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, provider_id) REFERENCES identity_providers (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX sso_logins_state_key ON sso_logins (tenant_id, state_hash);
CREATE INDEX sso_logins_expires_idx ON sso_logins (tenant_id, expires_at);

-- An institution may require single sign-on for everyone but its owners.
ALTER TABLE tenants ADD COLUMN sso_required boolean NOT NULL DEFAULT false;

ALTER TABLE identity_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity_providers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON identity_providers
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE user_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_identities
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE sso_logins ENABLE ROW LEVEL SECURITY;
ALTER TABLE sso_logins FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sso_logins
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
