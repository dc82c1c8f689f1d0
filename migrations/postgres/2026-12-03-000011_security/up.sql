-- Security hardening (issue 15).

-- Idempotency records belong to the credential that made the request (a hash of its token under its own
-- label), remember the permissions it held, and keep the response body sealed with a key derived from
-- the token. Records written before this release hold plaintext bodies (one-time secrets among them):
-- they are removed; they only served retries within 24 hours.
-- (Row-level security is forced on the owner too: lift it for this one statement.)
ALTER TABLE idempotency_keys NO FORCE ROW LEVEL SECURITY;
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN permissions integer NOT NULL DEFAULT 0;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (tenant_id, owner, key);

-- The platform-level trail of support staff's CLI actions. No reference to tenants: a record must
-- outlive the tenant it was about (purge).
CREATE TABLE operator_actions (
    id           uuid        PRIMARY KEY,
    operator     text        NOT NULL,
    action       text        NOT NULL,
    command_line text        NOT NULL,
    tenant_slug  text,
    reason       text,
    outcome      text        NOT NULL CHECK (outcome IN ('started', 'ok', 'error')),
    error        text,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz
);
CREATE INDEX operator_actions_started_idx ON operator_actions (started_at);
CREATE INDEX operator_actions_tenant_idx ON operator_actions (tenant_slug, started_at);

-- Cache invalidations for every process, written in the transaction that makes the change. On
-- PostgreSQL the NOTIFY carries only the sequence number (opaque); listeners read the rows. On SQLite
-- every process polls them.
CREATE TABLE invalidations (
    seq        bigserial   PRIMARY KEY,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX invalidations_created_idx ON invalidations (created_at);

-- Suspension remembers the status it interrupted; resuming restores it.
ALTER TABLE tenants ADD COLUMN suspended_from text;

-- Cross-tenant reads. They used to switch on with a setting (`lyceum.system`) that any session could
-- set, and then exposed users, sessions, API keys and audit events. Now the few paths that cross
-- tenants call narrow SECURITY DEFINER functions, owned by this (migrating) role, which alone may read
-- across tenants; the runtime role serving requests may only execute them.
DROP POLICY system_read ON tenants;
DROP POLICY system_read ON users;
DROP POLICY system_read ON sessions;
DROP POLICY system_read ON api_keys;
DROP POLICY system_read ON audit_events;
DROP POLICY system_read ON subscriptions;
DROP POLICY system_read ON billing_customers;
DO $$
BEGIN
    EXECUTE format('CREATE POLICY definer_read ON tenants FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON users FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON subscriptions FOR SELECT TO %I USING (true)', current_user);
    EXECUTE format('CREATE POLICY definer_read ON billing_customers FOR SELECT TO %I USING (true)', current_user);
END
$$;

-- Login, password reset and support staff: a tenant by its slug, or by id.
CREATE FUNCTION lyceum_tenant_by_slug(p_slug text) RETURNS SETOF tenants
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT * FROM tenants WHERE slug = p_slug $$;
CREATE FUNCTION lyceum_tenant_by_id(p_id uuid) RETURNS SETOF tenants
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT * FROM tenants WHERE id = p_id $$;
-- Support staff and the schedules that fan out per tenant: every tenant, optionally of one status.
CREATE FUNCTION lyceum_tenants(p_status text) RETURNS SETOF tenants
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT * FROM tenants WHERE p_status IS NULL OR status = p_status ORDER BY id $$;
-- Support staff's `user find`: which institutions have an account with this email (the accounts
-- themselves are then read inside each tenant's scope).
CREATE FUNCTION lyceum_user_tenants_by_email(p_email_lower text) RETURNS TABLE (tenant_id uuid, slug text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.tenant_id, t.slug FROM users u JOIN tenants t ON t.id = u.tenant_id
          WHERE u.email_lower = p_email_lower ORDER BY t.slug $$;
-- Stripe's events name a customer: whose it is.
CREATE FUNCTION lyceum_tenant_of_customer(p_customer text) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM billing_customers WHERE stripe_customer_id = p_customer $$;
-- The daily billing sync: tenants with a Stripe customer.
CREATE FUNCTION lyceum_billed_tenants() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM subscriptions WHERE stripe_customer_id IS NOT NULL ORDER BY tenant_id $$;
REVOKE EXECUTE ON FUNCTION lyceum_tenant_by_slug(text), lyceum_tenant_by_id(uuid), lyceum_tenants(text),
    lyceum_user_tenants_by_email(text), lyceum_tenant_of_customer(text), lyceum_billed_tenants() FROM PUBLIC;
