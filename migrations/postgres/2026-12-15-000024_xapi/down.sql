DROP TABLE xapi_documents;
DROP TABLE xapi_activities;
DROP TABLE xapi_attachments;
DROP TABLE xapi_statement_refs;
DROP TABLE xapi_statements;
DROP TABLE xapi_credentials;
