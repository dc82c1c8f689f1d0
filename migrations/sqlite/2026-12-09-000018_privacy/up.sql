-- Privacy by design (issue 23); see the PostgreSQL migration for the meaning of each table and column.
CREATE TABLE data_keys (
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    kek_id     TEXT NOT NULL,
    wrapped    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

ALTER TABLE audit_events ADD COLUMN seq INTEGER;
ALTER TABLE audit_events ADD COLUMN content_hash TEXT;
ALTER TABLE audit_events ADD COLUMN chain_hash TEXT;
ALTER TABLE audit_events ADD COLUMN redacted_at TEXT;
CREATE UNIQUE INDEX audit_events_seq_key ON audit_events (tenant_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX audit_events_unchained_idx ON audit_events (tenant_id, created_at, id) WHERE seq IS NULL;

CREATE TABLE audit_chains (
    tenant_id  TEXT    NOT NULL PRIMARY KEY,
    last_seq   INTEGER NOT NULL CHECK (last_seq >= 0),
    last_hash  TEXT    NOT NULL,
    base_seq   INTEGER NOT NULL DEFAULT 0 CHECK (base_seq >= 0 AND base_seq <= last_seq),
    base_hash  TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) WITHOUT ROWID;
