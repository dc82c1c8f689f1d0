-- Back to plain tables: on a Citus coordinator every distributed and reference table is brought back to
-- the coordinator (undistribute_table keeps its rows, indexes, policies and grants); elsewhere nothing.
-- Foreign keys between them are set aside meanwhile, as in up.sql, and forced row-level security is
-- lifted while a table's rows are moved (the owner moves them, under no tenant) and forced again.
-- undistribute_table replaces each table, so the functions that return a table's rows (lyceum_tenants
-- and the like) would go with it: they are recreated afterwards, with their grants. The functions keep SET LOCAL, which
-- works the same on plain PostgreSQL.
DO $$
DECLARE
    tables text[];
    forced text[];
    t text;
    fk record;
    f record;
    g record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    -- One connection per worker for this transaction's DDL: Citus refuses DDL on a reference table after
    -- parallel DDL on distributed tables in the same transaction.
    SET LOCAL citus.multi_shard_modify_mode = 'sequential';
    SELECT coalesce(array_agg(logicalrelid::regclass::text), '{}') INTO tables FROM pg_dist_partition;
    CREATE TEMP TABLE lyceum_citus_fks ON COMMIT DROP AS
        SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
        FROM pg_constraint
        WHERE contype = 'f' AND (conrelid::regclass::text = ANY (tables) OR confrelid::regclass::text = ANY (tables));
    FOR fk IN SELECT * FROM lyceum_citus_fks LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', fk.tbl, fk.conname);
    END LOOP;
    CREATE TEMP TABLE lyceum_citus_functions ON COMMIT DROP AS
        SELECT DISTINCT p.oid::regprocedure::text AS sig, pg_get_functiondef(p.oid) AS def, p.proacl AS acl
        FROM pg_depend d
        JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
        JOIN pg_class c ON d.refclassid = 'pg_type'::regclass AND d.refobjid = c.reltype
        WHERE c.oid::regclass::text = ANY (tables);
    SELECT coalesce(array_agg(oid::regclass::text), '{}') INTO forced
        FROM pg_class WHERE relforcerowsecurity AND oid::regclass::text = ANY (tables);
    FOREACH t IN ARRAY forced LOOP
        EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t);
    END LOOP;
    FOREACH t IN ARRAY tables LOOP
        PERFORM undistribute_table(t);
    END LOOP;
    FOREACH t IN ARRAY forced LOOP
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
    FOR f IN SELECT * FROM lyceum_citus_functions LOOP
        EXECUTE f.def;
        IF f.acl IS NOT NULL THEN
            EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.sig);
            FOR g IN SELECT a.grantee, a.privilege_type FROM aclexplode(f.acl) a
                     WHERE a.grantee <> (SELECT proowner FROM pg_proc WHERE oid = f.sig::regprocedure) LOOP
                EXECUTE format('GRANT %s ON FUNCTION %s TO %s', g.privilege_type, f.sig,
                    CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(g.grantee::regrole::text) END);
            END LOOP;
        END IF;
    END LOOP;
    FOR fk IN SELECT * FROM lyceum_citus_fks LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', fk.tbl, fk.conname, fk.def);
    END LOOP;
END
$$;
