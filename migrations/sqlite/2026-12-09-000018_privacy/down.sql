-- Reverting drops the data keys: secrets sealed under them can no longer be opened by an older release
-- either (it would read them as plaintext). Export first; revert only a database you can restore.
DROP TABLE audit_chains;
DROP INDEX audit_events_unchained_idx;
DROP INDEX audit_events_seq_key;
ALTER TABLE audit_events DROP COLUMN redacted_at;
ALTER TABLE audit_events DROP COLUMN chain_hash;
ALTER TABLE audit_events DROP COLUMN content_hash;
ALTER TABLE audit_events DROP COLUMN seq;
DROP TABLE data_keys;
