DROP TABLE stripe_events;
DROP TABLE billing_customers;
DROP TABLE subscriptions;
DROP TABLE plans;
DROP INDEX tenants_trial_idx;
ALTER TABLE tenants DROP COLUMN trial_reminded_at;
UPDATE tenants SET status = 'suspended' WHERE status = 'canceled';
ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
ALTER TABLE tenants ADD CONSTRAINT tenants_status_check
    CHECK (status IN ('trialing', 'active', 'past_due', 'suspended', 'deleted'));
