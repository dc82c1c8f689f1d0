-- A person's rights (issue 23): subject access exports, erasure, consent, and retention of Stripe's
-- events and of inactive learners.

-- When an erasure left the account as a pseudonym (its status is then `disabled`: the status's CHECK
-- constraint, which SQLite cannot alter in place, stays as it was).
ALTER TABLE users ADD COLUMN erased_at timestamptz;

-- Each audit event's random salt, part of its content hash; an erasure deletes it with the content.
ALTER TABLE audit_events ADD COLUMN salt text;

-- Who made an idempotent request (`user:<id>`, `api_key:<id>`), so erasing a person removes theirs.
ALTER TABLE idempotency_keys ADD COLUMN actor text;
CREATE INDEX idempotency_keys_actor_idx ON idempotency_keys (tenant_id, actor) WHERE actor IS NOT NULL;

-- A subject access export's archive is a file about one person (only they and staff who manage
-- people may fetch it).
ALTER TABLE files ADD COLUMN subject_id uuid;
CREATE INDEX files_subject_idx ON files (tenant_id, subject_id) WHERE subject_id IS NOT NULL;

-- What an operation produced (a subject access export's archive, a file).
ALTER TABLE operations ADD COLUMN result_id uuid;

-- Finding a person's rows: audit events about them, their submissions and uploads.
CREATE INDEX audit_events_target_idx ON audit_events (tenant_id, target_id, id) WHERE target_id IS NOT NULL;
CREATE INDEX submissions_user_idx ON submissions (tenant_id, user_id, id);
CREATE INDEX files_uploader_idx ON files (tenant_id, uploader_id) WHERE uploader_id IS NOT NULL;

-- The institution's current terms and privacy notice (a version each people accept, and where to read it).
ALTER TABLE tenants ADD COLUMN terms_version text;
ALTER TABLE tenants ADD COLUMN terms_url text;
ALTER TABLE tenants ADD COLUMN privacy_notice_version text;
ALTER TABLE tenants ADD COLUMN privacy_notice_url text;

-- Every acceptance: which versions, when, through which flow.
CREATE TABLE consents (
    tenant_id              uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                     uuid        NOT NULL,
    user_id                uuid        NOT NULL,
    terms_version          text,
    privacy_notice_version text,
    accepted_via           text        NOT NULL,
    ip                     text,
    accepted_at            timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consents_user_idx ON consents (tenant_id, user_id, accepted_at);
ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE consents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON consents
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);

-- Retention of Stripe's events (of this institution) and of learners inactive for long.
ALTER TABLE retention_settings ADD COLUMN stripe_events_days bigint CHECK (stripe_events_days > 0);
ALTER TABLE retention_settings ADD COLUMN inactive_learners_days bigint CHECK (inactive_learners_days > 0);
ALTER TABLE retention_settings ADD COLUMN removed_stripe_events bigint NOT NULL DEFAULT 0;
ALTER TABLE retention_settings ADD COLUMN removed_inactive_learners bigint NOT NULL DEFAULT 0;
CREATE INDEX users_inactive_idx ON users (tenant_id, role, status, last_login_at);

DROP FUNCTION lyceum_retention_totals();
CREATE FUNCTION lyceum_retention_totals()
    RETURNS TABLE (a bigint, b bigint, c bigint, d bigint, e bigint, f bigint, g bigint, h bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT sum(removed_audit_events)::bigint, sum(removed_domain_events)::bigint,
                 sum(removed_webhook_deliveries)::bigint, sum(removed_sessions)::bigint,
                 sum(removed_idempotency_records)::bigint, sum(removed_operations)::bigint,
                 sum(removed_stripe_events)::bigint, sum(removed_inactive_learners)::bigint
          FROM retention_settings $$;
REVOKE EXECUTE ON FUNCTION lyceum_retention_totals() FROM PUBLIC;
