-- Reverting drops the data keys: secrets sealed under them can no longer be opened by an older release
-- either (it would read them as plaintext). Export first; revert only a database you can restore.
DROP POLICY definer_read ON data_keys;
DROP POLICY definer_read ON signing_keys;
DROP POLICY definer_read ON webhook_endpoints;
DROP POLICY definer_read ON identity_providers;
DROP POLICY definer_read ON files;
DROP POLICY definer_read ON sso_logins;
DROP POLICY definer_read ON audit_events;
DROP FUNCTION lyceum_tenants_with_data_keys();
DROP FUNCTION lyceum_data_key_keks();
DROP FUNCTION lyceum_tenants_to_upgrade();
DROP TABLE audit_chains;
DROP INDEX audit_events_unchained_idx;
DROP INDEX audit_events_seq_key;
ALTER TABLE audit_events DROP COLUMN redacted_at;
ALTER TABLE audit_events DROP COLUMN chain_hash;
ALTER TABLE audit_events DROP COLUMN content_hash;
ALTER TABLE audit_events DROP COLUMN seq;
DROP TABLE data_keys;
