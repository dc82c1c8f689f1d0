-- Privacy by design (issue 23): encryption at rest for stored secrets, and a tamper-evident audit trail.

-- Each institution's secrets (certificate signing keys, webhook signing secrets, identity providers'
-- client secrets, files' URL keys, PKCE verifiers of sign-ins in flight) are encrypted with one of its
-- data keys (XChaCha20-Poly1305). A data key is stored only wrapped (encrypted) by a key encryption key
-- from configuration (`LYCEUM_MASTER_KEY`), named here by its fingerprint. Rotating the key encryption
-- key re-wraps these rows; rotating data keys re-encrypts the secrets. Secrets written before this
-- release are sealed by the first process that starts on it (`vault::seal_legacy`).
CREATE TABLE data_keys (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    kek_id      text        NOT NULL,
    wrapped     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE data_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE data_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON data_keys
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);

-- Each institution's audit events form a hash chain in `seq` order: `content_hash` is SHA-256 of the
-- event's canonical form, `chain_hash` is SHA-256 over the previous event's `chain_hash`, this `seq` and
-- this `content_hash`. An erasure may redact an event's personal fields (`redacted_at`): its
-- `content_hash` then stands for the original content and the chain still verifies. Events written
-- before this release are chained, oldest first, by the first process that starts on it.
ALTER TABLE audit_events ADD COLUMN seq bigint;
ALTER TABLE audit_events ADD COLUMN content_hash text;
ALTER TABLE audit_events ADD COLUMN chain_hash text;
ALTER TABLE audit_events ADD COLUMN redacted_at timestamptz;
CREATE UNIQUE INDEX audit_events_seq_key ON audit_events (tenant_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX audit_events_unchained_idx ON audit_events (tenant_id, created_at, id) WHERE seq IS NULL;

-- The head of each chain (its row is locked by every append, which orders them), and where retention
-- cut it: events up to `base_seq` were removed, the last of them hashing to `base_hash`.
CREATE TABLE audit_chains (
    tenant_id  uuid        NOT NULL PRIMARY KEY,
    last_seq   bigint      NOT NULL CHECK (last_seq >= 0),
    last_hash  text        NOT NULL,
    base_seq   bigint      NOT NULL DEFAULT 0 CHECK (base_seq >= 0 AND base_seq <= last_seq),
    base_hash  text        NOT NULL,
    updated_at timestamptz NOT NULL
);
ALTER TABLE audit_chains ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chains FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_chains
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);

-- Starting a process on this release: which institutions still hold plaintext secrets or unchained
-- audit events (ids only; each is then fixed inside its own tenant scope). And which key encryption
-- keys the data keys need, so a process without them refuses to start instead of failing later.
CREATE FUNCTION lyceum_tenants_to_upgrade() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM signing_keys WHERE private_key NOT LIKE 'enc1:%'
          UNION SELECT tenant_id FROM webhook_endpoints WHERE secret NOT LIKE 'enc1:%'
          UNION SELECT tenant_id FROM identity_providers WHERE client_secret NOT LIKE 'enc1:%'
          UNION SELECT tenant_id FROM files WHERE url_secret NOT LIKE 'enc1:%'
          UNION SELECT tenant_id FROM sso_logins WHERE pkce_verifier NOT LIKE 'enc1:%'
          UNION SELECT tenant_id FROM audit_events WHERE seq IS NULL $$;
CREATE FUNCTION lyceum_data_key_keks() RETURNS TABLE (kek_id text, data_keys bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT kek_id, count(*) FROM data_keys GROUP BY kek_id ORDER BY kek_id $$;
-- `lyceum keys rotate`: the institutions with data keys.
CREATE FUNCTION lyceum_tenants_with_data_keys() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT tenant_id FROM data_keys ORDER BY tenant_id $$;
REVOKE EXECUTE ON FUNCTION lyceum_tenants_to_upgrade(), lyceum_data_key_keks(), lyceum_tenants_with_data_keys()
    FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('CREATE POLICY definer_read ON data_keys FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON signing_keys FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON webhook_endpoints FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON identity_providers FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON files FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON sso_logins FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON audit_events FOR SELECT TO %I USING (true)', current_user);
END
$$;
