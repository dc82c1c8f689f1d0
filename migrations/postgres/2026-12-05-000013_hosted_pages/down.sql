ALTER TABLE user_tokens NO FORCE ROW LEVEL SECURITY;
DELETE FROM user_tokens WHERE purpose = 'sign_in';
ALTER TABLE user_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check CHECK (purpose IN ('invitation', 'password_reset'));
ALTER TABLE tenants DROP COLUMN app_paths;
ALTER TABLE tenants DROP COLUMN app_url;
