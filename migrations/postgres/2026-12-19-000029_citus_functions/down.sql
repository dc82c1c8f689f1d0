CREATE OR REPLACE FUNCTION lyceum_user_tenants_by_email(p_email_lower text) RETURNS TABLE (tenant_id uuid, slug text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.tenant_id, t.slug FROM users u JOIN tenants t ON t.id = u.tenant_id
          WHERE u.email_lower = p_email_lower ORDER BY t.slug $$;
