-- (SQLite twin) xAPI 1.0.3 learning record store per institution (issue 20): credentials, statements (stored as
-- their JSON, with the columns and reference rows the query parameters filter on), attachments,
-- activity definitions and the three document resources (state, activity profile, agent profile).

-- LRS credentials: HTTP Basic, the public key as user name and the secret (stored hashed; it names
-- its institution, like every Lyceum secret) as password. `can_write` false: read-only.
CREATE TABLE xapi_credentials (
    tenant_id    TEXT        NOT NULL,
    id           TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    key          TEXT        NOT NULL,
    secret_hash  TEXT        NOT NULL,
    can_write    BOOLEAN     NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX xapi_credentials_secret_key ON xapi_credentials (tenant_id, secret_hash);
CREATE UNIQUE INDEX xapi_credentials_key_key ON xapi_credentials (tenant_id, key);

-- Statements, as stored (with `stored`, `authority` and `version` set). `actor` is the actor's
-- canonical identifier; `voided` is set when a voiding statement names the row; `voids` is the
-- statement a voiding statement voids; `target` the statement any StatementRef object names (a
-- query's filters also match the statements that target a matching one).
CREATE TABLE xapi_statements (
    tenant_id    TEXT        NOT NULL,
    id           TEXT        NOT NULL,
    stored       TEXT NOT NULL,
    verb_id      TEXT        NOT NULL,
    actor        TEXT        NOT NULL,
    registration TEXT,
    voided       BOOLEAN     NOT NULL,
    voids        TEXT,
    target       TEXT,
    statement    TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
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
    tenant_id    TEXT        NOT NULL,
    statement_id TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    value        TEXT        NOT NULL,
    related      BOOLEAN     NOT NULL,
    stored       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, statement_id, kind, value, related),
    FOREIGN KEY (tenant_id, statement_id) REFERENCES xapi_statements (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX xapi_statement_refs_value_idx ON xapi_statement_refs (tenant_id, kind, value, related, stored);

-- Attachment contents, by their SHA-256 (statements name them in `attachments[].sha2`).
CREATE TABLE xapi_attachments (
    tenant_id    TEXT        NOT NULL,
    sha2         TEXT        NOT NULL,
    content_type TEXT        NOT NULL,
    content      BLOB       NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, sha2)
) WITHOUT ROWID;

-- The canonical definition of each activity statements named (the latest one given).
CREATE TABLE xapi_activities (
    tenant_id  TEXT        NOT NULL,
    id         TEXT        NOT NULL,
    definition TEXT        NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

-- The document resources. `kind` is `state`, `activity_profile` or `agent_profile`; the parts a kind
-- does not use are '' (so the unique key holds). `etag` is the SHA-1 of the content, in hex.
CREATE TABLE xapi_documents (
    tenant_id    TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    activity_id  TEXT        NOT NULL,
    agent        TEXT        NOT NULL,
    registration TEXT        NOT NULL,
    doc_id       TEXT        NOT NULL,
    content_type TEXT        NOT NULL,
    content      BLOB       NOT NULL,
    etag         TEXT        NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, kind, activity_id, agent, registration, doc_id)
) WITHOUT ROWID;
