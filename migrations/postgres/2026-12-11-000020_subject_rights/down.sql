DROP FUNCTION lyceum_retention_totals();
CREATE FUNCTION lyceum_retention_totals()
    RETURNS TABLE (a bigint, b bigint, c bigint, d bigint, e bigint, f bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT sum(removed_audit_events)::bigint, sum(removed_domain_events)::bigint,
                 sum(removed_webhook_deliveries)::bigint, sum(removed_sessions)::bigint,
                 sum(removed_idempotency_records)::bigint, sum(removed_operations)::bigint
          FROM retention_settings $$;
REVOKE EXECUTE ON FUNCTION lyceum_retention_totals() FROM PUBLIC;
DROP INDEX users_inactive_idx;
ALTER TABLE retention_settings DROP COLUMN removed_inactive_learners;
ALTER TABLE retention_settings DROP COLUMN removed_stripe_events;
ALTER TABLE retention_settings DROP COLUMN inactive_learners_days;
ALTER TABLE retention_settings DROP COLUMN stripe_events_days;
DROP TABLE consents;
ALTER TABLE tenants DROP COLUMN privacy_notice_url;
ALTER TABLE tenants DROP COLUMN privacy_notice_version;
ALTER TABLE tenants DROP COLUMN terms_url;
ALTER TABLE tenants DROP COLUMN terms_version;
DROP INDEX files_uploader_idx;
DROP INDEX submissions_user_idx;
DROP INDEX audit_events_target_idx;
ALTER TABLE operations DROP COLUMN result_id;
DROP INDEX idempotency_keys_actor_idx;
ALTER TABLE idempotency_keys DROP COLUMN actor;
ALTER TABLE users DROP COLUMN erased_at;
DROP INDEX files_subject_idx;
ALTER TABLE files DROP COLUMN subject_id;
ALTER TABLE audit_events DROP COLUMN salt;
