-- Citus (issue 22, item 5). On a Citus coordinator (the citus extension installed in this database, see
-- scripts/citus), every tenant table is distributed by tenant_id, all co-located with users: a tenant's
-- rows of every table live in one shard group, so a tenant's transaction runs on a single worker and
-- keeps its foreign keys (every one of them already includes tenant_id). Elsewhere this does nothing.
-- Platform tables:
--   tenants, plans: reference tables (on every node; tenant tables' foreign keys to tenants stay);
--   billing_customers: a reference table too: Stripe's events name a customer before any tenant is known,
--     and its primary key is Stripe's customer id (one small row per tenant);
--   jobs, schedules, stripe_events, operator_actions, rate_limit_buckets, invalidations: coordinator-local
--     (left as they are): the queue's FOR UPDATE SKIP LOCKED claim, LISTEN/NOTIFY and the shared rate
--     limits need one node's locks, and none of them is joined with a tenant table.
-- Row-level security stays forced: Citus creates each table's policies on its shards, and the tenant
-- setting reaches the workers (SET LOCAL with citus.propagate_set_commands = 'local').
-- Every PostgreSQL: the functions that set the tenant for their statements do it with SET LOCAL, which
-- Citus sends on to the workers (set_config() would stay on the coordinator). Same effect elsewhere.
DO $$
DECLARE
    f oid;
BEGIN
    FOR f IN
        SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosrc LIKE '%set_config(''lyceum.tenant_id''%'
    LOOP
        EXECUTE replace(pg_get_functiondef(f),
            'PERFORM set_config(''lyceum.tenant_id'', p_tenant::text, true);',
            'EXECUTE format(''SET LOCAL lyceum.tenant_id = %L'', p_tenant);');
    END LOOP;
    IF EXISTS (
        SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosrc LIKE '%set_config(''lyceum.tenant_id''%'
    ) THEN
        RAISE EXCEPTION 'a function still sets lyceum.tenant_id with set_config()';
    END IF;
END
$$;

DO $$
DECLARE
    tenant_tables text[] := ARRAY[
        'api_keys', 'assignment_groups', 'audit_chains', 'audit_events', 'certificates',
        'cmi5_outcomes', 'cmi5_packages', 'cmi5_sessions', 'consents', 'course_modules',
        'course_staff', 'courses', 'data_keys', 'enrollments', 'events', 'files', 'grade_changes',
        'group_courses', 'group_enrollment_failures', 'group_members', 'groups',
        'identity_providers', 'idempotency_keys', 'lesson_progress', 'lessons', 'lti_access_tokens',
        'lti_deep_links', 'lti_keys', 'lti_launches', 'lti_line_items', 'lti_scores', 'lti_tools',
        'operations', 'quiz_attempts', 'retention_settings', 'rubrics', 'sessions', 'signing_keys',
        'sso_logins', 'submissions', 'subscriptions', 'webhook_deliveries', 'webhook_endpoints',
        'user_identities', 'user_tokens', 'users', 'xapi_activities', 'xapi_attachments',
        'xapi_credentials', 'xapi_documents', 'xapi_statement_refs', 'xapi_statements'
    ];
    t text;
    fk record;
    forced text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    -- One connection per worker for this transaction's DDL: Citus refuses DDL on a reference table after
    -- parallel DDL on distributed tables in the same transaction.
    SET LOCAL citus.multi_shard_modify_mode = 'sequential';
    -- A database with rows (an upgrade onto Citus): Citus copies them into the shards as the owner,
    -- which forced row-level security would stop ("COPY FROM not supported with row-level security").
    -- Forcing is lifted for the move and restored at the end, inside this migration's transaction.
    SELECT coalesce(array_agg(oid::regclass::text), '{}') INTO forced FROM pg_class
        WHERE relforcerowsecurity AND oid::regclass::text = ANY (tenant_tables || ARRAY['tenants', 'plans', 'billing_customers']);
    FOREACH t IN ARRAY forced LOOP
        EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t);
    END LOOP;
    -- Foreign keys between tenant tables are set aside while the tables are distributed one by one,
    -- then restored (Citus checks that both sides are co-located).
    CREATE TEMP TABLE lyceum_citus_fks ON COMMIT DROP AS
        SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
        FROM pg_constraint
        WHERE contype = 'f' AND conrelid::regclass::text = ANY (tenant_tables)
          AND confrelid::regclass::text = ANY (tenant_tables);
    FOR fk IN SELECT * FROM lyceum_citus_fks LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', fk.tbl, fk.conname);
    END LOOP;
    PERFORM create_reference_table('tenants');
    PERFORM create_reference_table('plans');
    PERFORM create_reference_table('billing_customers');
    PERFORM create_distributed_table('users', 'tenant_id');
    FOREACH t IN ARRAY tenant_tables LOOP
        IF t <> 'users' THEN
            PERFORM create_distributed_table(t, 'tenant_id', colocate_with => 'users');
        END IF;
    END LOOP;
    FOR fk IN SELECT * FROM lyceum_citus_fks LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', fk.tbl, fk.conname, fk.def);
    END LOOP;
    FOREACH t IN ARRAY forced LOOP
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
END
$$;
