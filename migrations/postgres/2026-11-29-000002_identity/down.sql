DROP TABLE audit_events;
DROP TABLE user_tokens;
DROP TABLE api_keys;
ALTER TABLE sessions DROP COLUMN last_used_at;
ALTER TABLE users DROP COLUMN last_login_at;
