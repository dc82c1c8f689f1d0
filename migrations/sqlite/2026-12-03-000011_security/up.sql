-- Security hardening (issue 15).

-- Idempotency records belong to the credential that made the request, remember the permissions it
-- held, and keep the response body sealed (see the PostgreSQL migration). Old records held plaintext
-- bodies and are dropped.
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    tenant_id        TEXT    NOT NULL REFERENCES tenants (id),
    owner            TEXT    NOT NULL DEFAULT '',
    key              TEXT    NOT NULL,
    permissions      INTEGER NOT NULL DEFAULT 0,
    request_hash     TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('in_progress', 'done')),
    response_status  INTEGER,
    response_headers TEXT,
    response_body    BLOB,
    created_at       TEXT    NOT NULL,
    expires_at       TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, owner, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_tenant_expiry_idx ON idempotency_keys (tenant_id, expires_at);

-- The platform-level trail of support staff's CLI actions (no reference to tenants: it outlives them).
CREATE TABLE operator_actions (
    id           TEXT PRIMARY KEY,
    operator     TEXT NOT NULL,
    action       TEXT NOT NULL,
    command_line TEXT NOT NULL,
    tenant_slug  TEXT,
    reason       TEXT,
    outcome      TEXT NOT NULL CHECK (outcome IN ('started', 'ok', 'error')),
    error        TEXT,
    started_at   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX operator_actions_started_idx ON operator_actions (started_at);
CREATE INDEX operator_actions_tenant_idx ON operator_actions (tenant_slug, started_at);

-- Cache invalidations for every process sharing this database file: written in the changing
-- transaction, polled by each process.
CREATE TABLE invalidations (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX invalidations_created_idx ON invalidations (created_at);

-- Suspension remembers the status it interrupted; resuming restores it.
ALTER TABLE tenants ADD COLUMN suspended_from TEXT;
