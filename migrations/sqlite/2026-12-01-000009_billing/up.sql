-- (SQLite twin) Billing: plan catalog, subscription mirror, customer map, received Stripe events.
-- SQLite cannot change a CHECK constraint in place, so `tenants` is rebuilt with the documented
-- procedure (https://sqlite.org/lang_altertable.html#otheralter): foreign keys off, outside a
-- transaction of diesel's (metadata.toml), inside our own.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE tenants_new (
    id                TEXT    PRIMARY KEY NOT NULL,
    slug              TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'canceled', 'suspended', 'deleted')),
    plan              TEXT    NOT NULL,
    seat_limit        INTEGER NOT NULL CHECK (seat_limit >= 0),
    trial_ends_at     TEXT,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    trial_reminded_at TEXT
);
INSERT INTO tenants_new (id, slug, name, status, plan, seat_limit, trial_ends_at, created_at, updated_at, version)
    SELECT id, slug, name, status, plan, seat_limit, trial_ends_at, created_at, updated_at, version FROM tenants;
DROP TABLE tenants;
ALTER TABLE tenants_new RENAME TO tenants;
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);
CREATE INDEX tenants_trial_idx ON tenants (trial_ends_at) WHERE status = 'trialing';

CREATE TABLE plans (
    code            TEXT    PRIMARY KEY NOT NULL,
    name            TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    -- Price per seat and month, in the currency's minor unit; what Stripe charges comes from the price id.
    unit_amount     INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    -- Trial: the seats it includes; paid plans: the most seats a checkout may buy.
    seat_limit      INTEGER NOT NULL CHECK (seat_limit >= 0),
    -- NULL: unlimited.
    max_courses     INTEGER,
    -- JSON array of feature names (see crates/core/src/billing/plans.rs).
    features        TEXT    NOT NULL,
    -- Bought through Checkout (enterprise is arranged with sales).
    self_serve      BOOLEAN NOT NULL,
    position        INTEGER NOT NULL
);
INSERT INTO plans VALUES
    ('trial', 'Trial', 'Everything in Growth for 14 days, for up to 25 learners.', 0, 'usd', 25, NULL,
     '["api_keys","bulk_enrollment","certificates","reports","webhooks"]', 0, 0),
    ('starter', 'Starter', 'For small teams: courses, certificates and reports.', 400, 'usd', 100, 20,
     '["api_keys","certificates","reports"]', 1, 1),
    ('growth', 'Growth', 'For growing institutions: bulk enrollment and outgoing webhooks.', 800, 'usd', 5000, NULL,
     '["api_keys","bulk_enrollment","certificates","reports","webhooks"]', 1, 2),
    ('enterprise', 'Enterprise', 'Unlimited courses and seats, invoicing and a support agreement.', 0, 'usd', 1000000,
     NULL, '["api_keys","bulk_enrollment","certificates","reports","webhooks"]', 0, 3);

CREATE TABLE subscriptions (
    tenant_id              TEXT        PRIMARY KEY NOT NULL REFERENCES tenants (id),
    stripe_customer_id     TEXT,
    stripe_subscription_id TEXT,
    -- Stripe's subscription status (incomplete, trialing, active, past_due, unpaid, canceled, ...), or
    -- 'none' before the first subscription.
    status                 TEXT        NOT NULL,
    plan                   TEXT,
    seats                  INTEGER,
    current_period_end     TEXT,
    cancel_at_period_end   BOOLEAN     NOT NULL DEFAULT false,
    -- Stripe's `created` time of the newest event applied (or the time of the last full read from
    -- Stripe): an older event never overwrites what a newer one wrote.
    last_event_at          TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    version                INTEGER      NOT NULL DEFAULT 1
);

CREATE TABLE billing_customers (
    stripe_customer_id TEXT PRIMARY KEY NOT NULL,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    created_at         TEXT NOT NULL
);
CREATE INDEX billing_customers_tenant_idx ON billing_customers (tenant_id);

CREATE TABLE stripe_events (
    id             TEXT        PRIMARY KEY NOT NULL,
    type           TEXT        NOT NULL,
    -- Stripe's `created` (seconds) of the event.
    stripe_created TEXT NOT NULL,
    payload        TEXT        NOT NULL,
    received_at    TEXT NOT NULL,
    processed_at   TEXT,
    tenant_id      TEXT,
    -- applied | stale | ignored | unknown_customer
    outcome        TEXT
);
CREATE INDEX stripe_events_received_idx ON stripe_events (received_at);
CREATE INDEX stripe_events_tenant_idx ON stripe_events (tenant_id, received_at);

PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
