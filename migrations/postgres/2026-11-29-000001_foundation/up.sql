-- Foundation: tenants, users, sessions and the job queue.
-- Every tenant table carries tenant_id; its primary key and indexes start with it, and row-level security
-- (enabled and forced, so the owning role is held to it too) limits every query to the tenant named by the
-- transaction-local setting lyceum.tenant_id. lyceum.system = 'on' opens read-only access across tenants for
-- the few named cross-tenant paths in core (tenant listing for support staff, login by slug).

CREATE TABLE tenants (
    id            uuid        PRIMARY KEY,
    slug          text        NOT NULL,
    name          text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'suspended', 'deleted')),
    plan          text        NOT NULL,
    seat_limit    integer     NOT NULL CHECK (seat_limit >= 0),
    trial_ends_at timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);

CREATE TABLE users (
    tenant_id     uuid        NOT NULL REFERENCES tenants (id),
    id            uuid        NOT NULL,
    email         text        NOT NULL,
    email_lower   text        NOT NULL,
    name          text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('owner', 'admin', 'instructor', 'learner')),
    status        text        NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    password_hash text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_tenant_email_key ON users (tenant_id, email_lower);

CREATE TABLE sessions (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    token_hash   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX sessions_tenant_token_key ON sessions (tenant_id, token_hash);
CREATE INDEX sessions_tenant_user_idx ON sessions (tenant_id, user_id);

-- The job queue is platform infrastructure: workers claim across tenants, so it is not under RLS.
-- tenant_id (NULL for platform jobs) is what the worker builds the job's TenantScope from.
CREATE TABLE jobs (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid,
    kind         text        NOT NULL,
    queue        text        NOT NULL,
    priority     integer     NOT NULL DEFAULT 0,
    payload      text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     integer     NOT NULL DEFAULT 0,
    max_attempts integer     NOT NULL,
    run_at       timestamptz NOT NULL,
    locked_until timestamptz,
    locked_by    text,
    last_error   text,
    dedup_key    text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    finished_at  timestamptz
);
CREATE INDEX jobs_claim_idx ON jobs (queue, priority DESC, run_at) WHERE status = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_status_idx ON jobs (status, updated_at);
CREATE UNIQUE INDEX jobs_dedup_key ON jobs (dedup_key) WHERE dedup_key IS NOT NULL AND status IN ('queued', 'running');

-- Row-level security: the second wall behind TenantScope.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
CREATE POLICY system_read ON tenants FOR SELECT
    USING (current_setting('lyceum.system', true) = 'on');

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
CREATE POLICY system_read ON users FOR SELECT
    USING (current_setting('lyceum.system', true) = 'on');

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
CREATE POLICY system_read ON sessions FOR SELECT
    USING (current_setting('lyceum.system', true) = 'on');
