-- (SQLite twin) Outgoing webhooks: endpoints an integrator registers, and one delivery per (event, endpoint), created
-- in the transaction that wrote the event and sent by a job (signed per Standard Webhooks).
CREATE TABLE webhook_endpoints (
    tenant_id       TEXT        NOT NULL REFERENCES tenants (id),
    id              TEXT        NOT NULL,
    url             TEXT        NOT NULL,
    description     TEXT        NOT NULL DEFAULT '',
    events          TEXT        NOT NULL,
    secret          TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_reason TEXT,
    failing_since   TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX webhook_endpoints_status_idx ON webhook_endpoints (tenant_id, status);

CREATE TABLE webhook_deliveries (
    tenant_id        TEXT        NOT NULL,
    id               TEXT        NOT NULL,
    endpoint_id      TEXT        NOT NULL,
    event_id         TEXT        NOT NULL,
    event_type       TEXT        NOT NULL,
    payload          TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         INTEGER     NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    delivered_at     TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, id);
