-- A person's rights (issue 23); see the PostgreSQL migration.
ALTER TABLE users ADD COLUMN erased_at TEXT;
ALTER TABLE audit_events ADD COLUMN salt TEXT;
ALTER TABLE idempotency_keys ADD COLUMN actor TEXT;
CREATE INDEX idempotency_keys_actor_idx ON idempotency_keys (tenant_id, actor) WHERE actor IS NOT NULL;
ALTER TABLE files ADD COLUMN subject_id TEXT;
CREATE INDEX files_subject_idx ON files (tenant_id, subject_id) WHERE subject_id IS NOT NULL;
ALTER TABLE operations ADD COLUMN result_id TEXT;
CREATE INDEX audit_events_target_idx ON audit_events (tenant_id, target_id, id) WHERE target_id IS NOT NULL;
CREATE INDEX submissions_user_idx ON submissions (tenant_id, user_id, id);
CREATE INDEX files_uploader_idx ON files (tenant_id, uploader_id) WHERE uploader_id IS NOT NULL;
ALTER TABLE tenants ADD COLUMN terms_version TEXT;
ALTER TABLE tenants ADD COLUMN terms_url TEXT;
ALTER TABLE tenants ADD COLUMN privacy_notice_version TEXT;
ALTER TABLE tenants ADD COLUMN privacy_notice_url TEXT;
CREATE TABLE consents (
    tenant_id              TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                     TEXT NOT NULL,
    user_id                TEXT NOT NULL,
    terms_version          TEXT,
    privacy_notice_version TEXT,
    accepted_via           TEXT NOT NULL,
    ip                     TEXT,
    accepted_at            TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX consents_user_idx ON consents (tenant_id, user_id, accepted_at);
ALTER TABLE retention_settings ADD COLUMN stripe_events_days INTEGER;
ALTER TABLE retention_settings ADD COLUMN inactive_learners_days INTEGER;
ALTER TABLE retention_settings ADD COLUMN removed_stripe_events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE retention_settings ADD COLUMN removed_inactive_learners INTEGER NOT NULL DEFAULT 0;
CREATE INDEX users_inactive_idx ON users (tenant_id, role, status, last_login_at);
