-- xAPI 1.0.3 learning record store per institution (issue 20): credentials, statements (stored as
-- their JSON, with the columns and reference rows the query parameters filter on), attachments,
-- activity definitions and the three document resources (state, activity profile, agent profile).

-- LRS credentials: HTTP Basic, the public key as user name and the secret (stored hashed; it names
-- its institution, like every Lyceum secret) as password. `can_write` false: read-only.
CREATE TABLE xapi_credentials (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    name         text        NOT NULL,
    key          text        NOT NULL,
    secret_hash  text        NOT NULL,
    can_write    boolean     NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX xapi_credentials_secret_key ON xapi_credentials (tenant_id, secret_hash);
CREATE UNIQUE INDEX xapi_credentials_key_key ON xapi_credentials (tenant_id, key);

-- Statements, as stored (with `stored`, `authority` and `version` set). `actor` is the actor's
-- canonical identifier; `voided` is set when a voiding statement names the row; `voids` is the
-- statement a voiding statement voids; `target` the statement any StatementRef object names (a
-- query's filters also match the statements that target a matching one).
CREATE TABLE xapi_statements (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    stored       timestamptz NOT NULL,
    verb_id      text        NOT NULL,
    actor        text        NOT NULL,
    registration uuid,
    voided       boolean     NOT NULL,
    voids        uuid,
    target       uuid,
    statement    text        NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX xapi_statements_stored_idx ON xapi_statements (tenant_id, stored, id);
CREATE INDEX xapi_statements_verb_idx ON xapi_statements (tenant_id, verb_id, stored);
CREATE INDEX xapi_statements_actor_idx ON xapi_statements (tenant_id, actor, stored);
CREATE INDEX xapi_statements_registration_idx ON xapi_statements (tenant_id, registration, stored)
    WHERE registration IS NOT NULL;
CREATE INDEX xapi_statements_voids_idx ON xapi_statements (tenant_id, voids) WHERE voids IS NOT NULL;
CREATE INDEX xapi_statements_target_idx ON xapi_statements (tenant_id, target) WHERE target IS NOT NULL;

-- What a statement refers to, for `agent`/`activity` and their `related_*` forms: `kind` is `agent`
-- or `activity`, `value` the canonical identifier, `related` false for the actor or object (the
-- direct filter), true for everything else the `related_*` forms add. `stored` repeats the
-- statement's, so a filter reads its index in order.
CREATE TABLE xapi_statement_refs (
    tenant_id    uuid        NOT NULL,
    statement_id uuid        NOT NULL,
    kind         text        NOT NULL,
    value        text        NOT NULL,
    related      boolean     NOT NULL,
    stored       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, statement_id, kind, value, related),
    FOREIGN KEY (tenant_id, statement_id) REFERENCES xapi_statements (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX xapi_statement_refs_value_idx ON xapi_statement_refs (tenant_id, kind, value, related, stored);

-- Attachment contents, by their SHA-256 (statements name them in `attachments[].sha2`).
CREATE TABLE xapi_attachments (
    tenant_id    uuid        NOT NULL,
    sha2         text        NOT NULL,
    content_type text        NOT NULL,
    content      bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, sha2)
);

-- The canonical definition of each activity statements named (the latest one given).
CREATE TABLE xapi_activities (
    tenant_id  uuid        NOT NULL,
    id         text        NOT NULL,
    definition text        NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- The document resources. `kind` is `state`, `activity_profile` or `agent_profile`; the parts a kind
-- does not use are '' (so the unique key holds). `etag` is the SHA-1 of the content, in hex.
CREATE TABLE xapi_documents (
    tenant_id    uuid        NOT NULL,
    kind         text        NOT NULL,
    activity_id  text        NOT NULL,
    agent        text        NOT NULL,
    registration text        NOT NULL,
    doc_id       text        NOT NULL,
    content_type text        NOT NULL,
    content      bytea       NOT NULL,
    etag         text        NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, kind, activity_id, agent, registration, doc_id)
);

ALTER TABLE xapi_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE xapi_credentials FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON xapi_credentials
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE xapi_statements ENABLE ROW LEVEL SECURITY;
ALTER TABLE xapi_statements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON xapi_statements
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE xapi_statement_refs ENABLE ROW LEVEL SECURITY;
ALTER TABLE xapi_statement_refs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON xapi_statement_refs
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE xapi_attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE xapi_attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON xapi_attachments
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE xapi_activities ENABLE ROW LEVEL SECURITY;
ALTER TABLE xapi_activities FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON xapi_activities
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
ALTER TABLE xapi_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE xapi_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON xapi_documents
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
