-- Billing: the platform's plan catalog, each tenant's mirror of its Stripe subscription, its Stripe
-- customers (webhooks arrive without a tenant: they are looked up by customer), and every Stripe event
-- received (its id is the idempotency key: a redelivery is a no-op).

-- A subscription that ends leaves the tenant read-only: `canceled`.
ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
ALTER TABLE tenants ADD CONSTRAINT tenants_status_check
    CHECK (status IN ('trialing', 'active', 'past_due', 'canceled', 'suspended', 'deleted'));
-- When the "your trial ends soon" email went out (once per trial).
ALTER TABLE tenants ADD COLUMN trial_reminded_at timestamptz;
CREATE INDEX tenants_trial_idx ON tenants (trial_ends_at) WHERE status = 'trialing';

CREATE TABLE plans (
    code            text    PRIMARY KEY,
    name            text    NOT NULL,
    description     text    NOT NULL,
    -- Price per seat and month, in the currency's minor unit; what Stripe charges comes from the price id.
    unit_amount     integer NOT NULL,
    currency        text    NOT NULL,
    -- Trial: the seats it includes; paid plans: the most seats a checkout may buy.
    seat_limit      integer NOT NULL CHECK (seat_limit >= 0),
    -- NULL: unlimited.
    max_courses     integer,
    -- JSON array of feature names (see crates/core/src/billing/plans.rs).
    features        text    NOT NULL,
    -- Bought through Checkout (enterprise is arranged with sales).
    self_serve      boolean NOT NULL,
    position        integer NOT NULL
);
INSERT INTO plans VALUES
    ('trial', 'Trial', 'Everything in Growth for 14 days, for up to 25 learners.', 0, 'usd', 25, NULL,
     '["api_keys","bulk_enrollment","certificates","reports","webhooks"]', false, 0),
    ('starter', 'Starter', 'For small teams: courses, certificates and reports.', 400, 'usd', 100, 20,
     '["api_keys","certificates","reports"]', true, 1),
    ('growth', 'Growth', 'For growing institutions: bulk enrollment and outgoing webhooks.', 800, 'usd', 5000, NULL,
     '["api_keys","bulk_enrollment","certificates","reports","webhooks"]', true, 2),
    ('enterprise', 'Enterprise', 'Unlimited courses and seats, invoicing and a support agreement.', 0, 'usd', 1000000,
     NULL, '["api_keys","bulk_enrollment","certificates","reports","webhooks"]', false, 3);

CREATE TABLE subscriptions (
    tenant_id              uuid        PRIMARY KEY REFERENCES tenants (id),
    stripe_customer_id     text,
    stripe_subscription_id text,
    -- Stripe's subscription status (incomplete, trialing, active, past_due, unpaid, canceled, ...), or
    -- 'none' before the first subscription.
    status                 text        NOT NULL,
    plan                   text,
    seats                  integer,
    current_period_end     timestamptz,
    cancel_at_period_end   boolean     NOT NULL DEFAULT false,
    -- Stripe's `created` time of the newest event applied (or the time of the last full read from
    -- Stripe): an older event never overwrites what a newer one wrote.
    last_event_at          timestamptz,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    version                bigint      NOT NULL DEFAULT 1
);

CREATE TABLE billing_customers (
    stripe_customer_id text PRIMARY KEY,
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    created_at         timestamptz NOT NULL
);
CREATE INDEX billing_customers_tenant_idx ON billing_customers (tenant_id);

CREATE TABLE stripe_events (
    id             text        PRIMARY KEY,
    type           text        NOT NULL,
    -- Stripe's `created` (seconds) of the event.
    stripe_created timestamptz NOT NULL,
    payload        text        NOT NULL,
    received_at    timestamptz NOT NULL,
    processed_at   timestamptz,
    tenant_id      uuid,
    -- applied | stale | ignored | unknown_customer
    outcome        text
);
CREATE INDEX stripe_events_received_idx ON stripe_events (received_at);
CREATE INDEX stripe_events_tenant_idx ON stripe_events (tenant_id, received_at);

ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON subscriptions
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
CREATE POLICY system_read ON subscriptions FOR SELECT
    USING (current_setting('lyceum.system', true) = 'on');
-- Webhook application looks a customer up before it knows the tenant: a system read.
ALTER TABLE billing_customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_customers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_customers
    USING (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('lyceum.tenant_id', true), '')::uuid);
CREATE POLICY system_read ON billing_customers FOR SELECT
    USING (current_setting('lyceum.system', true) = 'on');
