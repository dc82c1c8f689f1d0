-- Support's `lyceum user find` (every institution where an email has an account) on Citus: a SQL
-- function's parameter cannot reach a query over a distributed table ("could not create distributed
-- plan"), a PL/pgSQL one's can. Same answer everywhere.
CREATE OR REPLACE FUNCTION lyceum_user_tenants_by_email(p_email_lower text) RETURNS TABLE (tenant_id uuid, slug text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    RETURN QUERY SELECT u.tenant_id, t.slug FROM users u JOIN tenants t ON t.id = u.tenant_id
        WHERE u.email_lower = p_email_lower ORDER BY t.slug;
END
$$;
