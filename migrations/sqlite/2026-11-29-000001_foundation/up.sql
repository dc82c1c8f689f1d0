-- Foundation: tenants, users, sessions and the job queue (SQLite twin of the PostgreSQL migration).
-- UUIDs and timestamps are canonical TEXT (see crates/core/src/db/types.rs). SQLite has no row-level
-- security: TenantScope in core is the wall here.

CREATE TABLE tenants (
    id            TEXT    PRIMARY KEY NOT NULL,
    slug          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'suspended', 'deleted')),
    plan          TEXT    NOT NULL,
    seat_limit    INTEGER NOT NULL CHECK (seat_limit >= 0),
    trial_ends_at TEXT,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);

CREATE TABLE users (
    tenant_id     TEXT    NOT NULL REFERENCES tenants (id),
    id            TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    email_lower   TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'instructor', 'learner')),
    status        TEXT    NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    password_hash TEXT,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX users_tenant_email_key ON users (tenant_id, email_lower);

CREATE TABLE sessions (
    tenant_id    TEXT NOT NULL,
    id           TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE UNIQUE INDEX sessions_tenant_token_key ON sessions (tenant_id, token_hash);
CREATE INDEX sessions_tenant_user_idx ON sessions (tenant_id, user_id);

CREATE TABLE jobs (
    id           TEXT    PRIMARY KEY NOT NULL,
    tenant_id    TEXT,
    kind         TEXT    NOT NULL,
    queue        TEXT    NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0,
    payload      TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       TEXT    NOT NULL,
    locked_until TEXT,
    locked_by    TEXT,
    last_error   TEXT,
    dedup_key    TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    finished_at  TEXT
);
CREATE INDEX jobs_claim_idx ON jobs (queue, priority DESC, run_at) WHERE status = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_status_idx ON jobs (status, updated_at);
CREATE UNIQUE INDEX jobs_dedup_key ON jobs (dedup_key) WHERE dedup_key IS NOT NULL AND status IN ('queued', 'running');
