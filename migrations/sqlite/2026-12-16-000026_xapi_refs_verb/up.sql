-- (SQLite twin) Each reference row repeats its statement's verb; the index over the references
-- carries the verb and the statement's id (see the PostgreSQL migration).
ALTER TABLE xapi_statement_refs ADD COLUMN verb_id TEXT NOT NULL DEFAULT '';
UPDATE xapi_statement_refs SET verb_id = (
    SELECT s.verb_id FROM xapi_statements s
    WHERE s.tenant_id = xapi_statement_refs.tenant_id AND s.id = xapi_statement_refs.statement_id);
DROP INDEX xapi_statement_refs_value_idx;
CREATE INDEX xapi_statement_refs_value_idx
    ON xapi_statement_refs (tenant_id, kind, value, related, verb_id, stored, statement_id);
