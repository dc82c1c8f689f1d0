CREATE TABLE user_tokens_old (
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO user_tokens_old (tenant_id, id, user_id, purpose, token_hash, created_at, expires_at, used_at)
    SELECT tenant_id, id, user_id, purpose, token_hash, created_at, expires_at, used_at FROM user_tokens
    WHERE purpose <> 'sign_in';
DROP TABLE user_tokens;
ALTER TABLE user_tokens_old RENAME TO user_tokens;
CREATE UNIQUE INDEX user_tokens_tenant_hash_key ON user_tokens (tenant_id, token_hash);
CREATE INDEX user_tokens_tenant_user_idx ON user_tokens (tenant_id, user_id);
ALTER TABLE tenants DROP COLUMN app_paths;
ALTER TABLE tenants DROP COLUMN app_url;
