DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    tenant_id        TEXT    NOT NULL REFERENCES tenants (id),
    key              TEXT    NOT NULL,
    request_hash     TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('in_progress', 'done')),
    response_status  INTEGER,
    response_headers TEXT,
    response_body    BLOB,
    created_at       TEXT    NOT NULL,
    expires_at       TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_tenant_expiry_idx ON idempotency_keys (tenant_id, expires_at);
DROP TABLE invalidations;
DROP TABLE operator_actions;
ALTER TABLE tenants DROP COLUMN suspended_from;
