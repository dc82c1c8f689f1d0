DROP INDEX audit_events_created_idx;
DROP INDEX operations_finished_idx;
DROP INDEX webhook_deliveries_updated_idx;
DROP INDEX events_created_idx;
DROP TABLE retention_settings;
