DROP INDEX xapi_statement_refs_value_idx;
CREATE INDEX xapi_statement_refs_value_idx ON xapi_statement_refs (tenant_id, kind, value, related, stored);
ALTER TABLE xapi_statement_refs DROP COLUMN verb_id;
