-- (SQLite twin) Single sign-on with OpenID Connect (issue 17, item 1).

-- An institution's identity providers. The client secret is write-only through the API.
CREATE TABLE identity_providers (
    tenant_id       TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id              TEXT        NOT NULL,
    name            TEXT        NOT NULL,
    issuer          TEXT        NOT NULL,
    client_id       TEXT        NOT NULL,
    client_secret   TEXT        NOT NULL,
    -- Space-separated, `openid` always included.
    scopes          TEXT        NOT NULL,
    -- JSON arrays: email domains whose people may sign in (empty: any), return URLs allowed after sign-in.
    allowed_domains TEXT        NOT NULL,
    return_urls     TEXT        NOT NULL,
    -- The role of people created on their first sign-in; NULL: nobody is created.
    create_role     TEXT        CHECK (create_role IN ('admin', 'instructor', 'learner')),
    enabled         BOOLEAN     NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER      NOT NULL,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

-- Who a provider's subject is, per institution.
CREATE TABLE user_identities (
    tenant_id     TEXT        NOT NULL,
    provider_id   TEXT        NOT NULL,
    subject       TEXT        NOT NULL,
    user_id       TEXT        NOT NULL,
    created_at    TEXT NOT NULL,
    last_login_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, provider_id, subject),
    FOREIGN KEY (tenant_id, provider_id) REFERENCES identity_providers (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_identities_user_idx ON user_identities (tenant_id, user_id);

-- Sign-ins in flight: the state (hashed), nonce and PKCE verifier of each redirect to a provider.
CREATE TABLE sso_logins (
    tenant_id     TEXT        NOT NULL,
    id            TEXT        NOT NULL,
    provider_id   TEXT        NOT NULL,
    state_hash    TEXT        NOT NULL,
    nonce         TEXT        NOT NULL,
    pkce_verifier TEXT        NOT NULL,
    return_to     TEXT        NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    used_at       TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, provider_id) REFERENCES identity_providers (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX sso_logins_state_key ON sso_logins (tenant_id, state_hash);
CREATE INDEX sso_logins_expires_idx ON sso_logins (tenant_id, expires_at);

-- An institution may require single sign-on for everyone but its owners.
ALTER TABLE tenants ADD COLUMN sso_required BOOLEAN NOT NULL DEFAULT false;
