-- Retention (issue 23): each institution's chosen periods, in days (NULL: the platform default; see
-- `retention::CATEGORIES` for defaults and minimums), when the hourly job last removed anything, and how
-- many records it has removed per category (shown to the institution and in /metrics).
CREATE TABLE retention_settings (
    tenant_id                   uuid        NOT NULL PRIMARY KEY,
    audit_events_days           bigint      CHECK (audit_events_days > 0),
    domain_events_days          bigint      CHECK (domain_events_days > 0),
    webhook_deliveries_days     bigint      CHECK (webhook_deliveries_days > 0),
    sessions_days               bigint      CHECK (sessions_days > 0),
    operations_days             bigint      CHECK (operations_days > 0),
    updated_at                  timestamptz,
    last_run_at                 timestamptz,
    removed_audit_events        bigint      NOT NULL DEFAULT 0,
    removed_domain_events       bigint      NOT NULL DEFAULT 0,
    removed_webhook_deliveries  bigint      NOT NULL DEFAULT 0,
    removed_sessions            bigint      NOT NULL DEFAULT 0,
    removed_idempotency_records bigint      NOT NULL DEFAULT 0,
    removed_operations          bigint      NOT NULL DEFAULT 0
);
ALTER TABLE retention_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE retention_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON retention_settings
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
-- Retention's indexes: what each hourly run deletes by time.
CREATE INDEX events_created_idx ON events (tenant_id, created_at);
CREATE INDEX webhook_deliveries_updated_idx ON webhook_deliveries (tenant_id, updated_at) WHERE status <> 'pending';
CREATE INDEX operations_finished_idx ON operations (tenant_id, finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX audit_events_created_idx ON audit_events (tenant_id, created_at);

-- /metrics: the records removed in every institution (sums only).
CREATE FUNCTION lyceum_retention_totals()
    RETURNS TABLE (a bigint, b bigint, c bigint, d bigint, e bigint, f bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT sum(removed_audit_events)::bigint, sum(removed_domain_events)::bigint,
                 sum(removed_webhook_deliveries)::bigint, sum(removed_sessions)::bigint,
                 sum(removed_idempotency_records)::bigint, sum(removed_operations)::bigint
          FROM retention_settings $$;
REVOKE EXECUTE ON FUNCTION lyceum_retention_totals() FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('CREATE POLICY definer_read ON retention_settings FOR SELECT TO %I USING (true)', current_user);
END
$$;
