ALTER TABLE tenants DROP COLUMN sso_required;
DROP TABLE sso_logins;
DROP TABLE user_identities;
DROP TABLE identity_providers;
