DROP TABLE stripe_events;
DROP TABLE billing_customers;
DROP TABLE subscriptions;
DROP TABLE plans;
DROP INDEX tenants_trial_idx;
ALTER TABLE tenants DROP COLUMN trial_reminded_at;
