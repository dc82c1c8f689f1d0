-- Retention (issue 23); see the PostgreSQL migration.
CREATE TABLE retention_settings (
    tenant_id                   TEXT    NOT NULL PRIMARY KEY,
    audit_events_days           INTEGER CHECK (audit_events_days > 0),
    domain_events_days          INTEGER CHECK (domain_events_days > 0),
    webhook_deliveries_days     INTEGER CHECK (webhook_deliveries_days > 0),
    sessions_days               INTEGER CHECK (sessions_days > 0),
    operations_days             INTEGER CHECK (operations_days > 0),
    updated_at                  TEXT,
    last_run_at                 TEXT,
    removed_audit_events        INTEGER NOT NULL DEFAULT 0,
    removed_domain_events       INTEGER NOT NULL DEFAULT 0,
    removed_webhook_deliveries  INTEGER NOT NULL DEFAULT 0,
    removed_sessions            INTEGER NOT NULL DEFAULT 0,
    removed_idempotency_records INTEGER NOT NULL DEFAULT 0,
    removed_operations          INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX events_created_idx ON events (tenant_id, created_at);
CREATE INDEX webhook_deliveries_updated_idx ON webhook_deliveries (tenant_id, updated_at) WHERE status <> 'pending';
CREATE INDEX operations_finished_idx ON operations (tenant_id, finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX audit_events_created_idx ON audit_events (tenant_id, created_at);
