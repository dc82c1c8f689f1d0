-- A statement query by agent (or activity) and verb, the LRS's commonest, answered from one index
-- (issue 20's figure): each reference row repeats its statement's verb, and the index over the
-- references carries the verb and the statement's id, so the query reads only the references of that
-- agent with that verb (not every statement of the agent) before it fetches the statements.
ALTER TABLE xapi_statement_refs ADD COLUMN verb_id text NOT NULL DEFAULT '';
UPDATE xapi_statement_refs r SET verb_id = s.verb_id
    FROM xapi_statements s WHERE s.tenant_id = r.tenant_id AND s.id = r.statement_id;
DROP INDEX xapi_statement_refs_value_idx;
CREATE INDEX xapi_statement_refs_value_idx
    ON xapi_statement_refs (tenant_id, kind, value, related, verb_id, stored) INCLUDE (statement_id);
