//! PostgreSQL roles: the role that owns the schema (and migrates) is not the role that serves requests.
//!
//! - `LYCEUM_DATABASE_URL` names the owner. With `LYCEUM_DATABASE_RUNTIME_URL` unset, Lyceum creates (once
//!   per database) a runtime role `<database>_runtime` that logs in, owns nothing, is no superuser, cannot
//!   bypass row-level security, create roles or databases, and gets only the grants it needs; its random
//!   password is kept in `lyceum_private.runtime_role`, a table of the owner's that the runtime role cannot
//!   read. Requests are served through that role; migrations run as the owner. The owner must be allowed
//!   to create roles (a managed PostgreSQL's main user is).
//! - With `LYCEUM_DATABASE_RUNTIME_URL` set, that role serves requests as given (the operator created it);
//!   migrations still grant it what it needs.
//!
//! Either way Lyceum refuses to serve through a superuser, a `BYPASSRLS` role or a role that owns tables
//! (any of which could switch row-level security off).

use anyhow::{bail, Context as _};
use diesel::{
    connection::SimpleConnection, sql_types::Text, Connection, OptionalExtension, PgConnection, QueryableByName,
    RunQueryDsl,
};

/// Serialises role preparation (and migrations) on one database.
const ROLE_LOCK: i64 = 0x4c79_6365_756d;

#[derive(QueryableByName)]
struct Str {
    #[diesel(sql_type = Text)]
    v: String,
}

#[derive(QueryableByName)]
struct Attrs {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    superuser: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    createrole: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    bypassrls: bool,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    owned: i64,
}

fn attrs(conn: &mut PgConnection) -> anyhow::Result<Attrs> {
    Ok(diesel::sql_query(
        "SELECT r.rolname::text AS name, r.rolsuper AS superuser, r.rolcreaterole AS createrole, \
         r.rolbypassrls AS bypassrls, \
         (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
           WHERE c.relowner = r.oid AND n.nspname = 'public') AS owned \
         FROM pg_roles r WHERE r.rolname = current_user",
    )
    .get_result(conn)?)
}

/// A PostgreSQL identifier, quoted.
fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A PostgreSQL string literal.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `url` with its user and password replaced.
pub(crate) fn with_credentials(url: &str, user: &str, password: &str) -> String {
    let scheme_end = url.find("://").map(|i| i + 3).unwrap_or(0);
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host = match authority.rfind('@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!("{}{}:{}@{}{}", &url[..scheme_end], enc(user), enc(password), host, &rest[authority_end..])
}

/// The user a PostgreSQL URL names, if any.
pub(crate) fn user_of(url: &str) -> Option<String> {
    let scheme_end = url.find("://")? + 3;
    let rest = &url[scheme_end..];
    let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
    let userinfo = &authority[..authority.rfind('@')?];
    let user = userinfo.split(':').next()?;
    (!user.is_empty()).then(|| user.to_string())
}

/// Refuses a serving connection whose role could switch row-level security off.
pub(crate) fn check_runtime(conn: &mut PgConnection) -> anyhow::Result<()> {
    let a = attrs(conn)?;
    if a.superuser || a.bypassrls {
        bail!(
            "refusing to serve requests as `{}`, a {} role: row-level security would not apply. Use a role \
             without SUPERUSER and BYPASSRLS (unset LYCEUM_DATABASE_RUNTIME_URL to let Lyceum create one)",
            a.name,
            if a.superuser { "superuser" } else { "BYPASSRLS" }
        );
    }
    if a.owned > 0 {
        bail!(
            "refusing to serve requests as `{}`: it owns {} table(s), and an owner can switch row-level security \
             off. Serve through a role that owns nothing (unset LYCEUM_DATABASE_RUNTIME_URL to let Lyceum create one)",
            a.name,
            a.owned
        );
    }
    Ok(())
}

/// The runtime role's name for the current database (`<database>_runtime`, made safe, at most 63 bytes).
fn runtime_role_name(conn: &mut PgConnection) -> anyhow::Result<String> {
    let db: Str = diesel::sql_query("SELECT current_database()::text AS v").get_result(conn)?;
    let mut base: String =
        db.v.to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
            .collect();
    base.truncate(63 - "_runtime".len());
    Ok(format!("{base}_runtime"))
}

/// Grants `role` what serving needs on this database (run as the owner, after every migration).
pub(crate) fn grant(conn: &mut PgConnection, role: &str) -> anyhow::Result<()> {
    let r = ident(role);
    let db: Str = diesel::sql_query("SELECT current_database()::text AS v").get_result(conn)?;
    conn.batch_execute(&format!(
        "GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {r};
         GRANT USAGE ON SCHEMA public TO {r};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r};
         GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r};
         GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {r};",
        db = ident(&db.v)
    ))?;
    // The migration bookkeeping is the owner's to change.
    let exists: Str =
        diesel::sql_query("SELECT coalesce(to_regclass('public.__diesel_schema_migrations')::text, '') AS v")
            .get_result(conn)?;
    if !exists.v.is_empty() {
        conn.batch_execute(&format!("REVOKE INSERT, UPDATE, DELETE ON __diesel_schema_migrations FROM {r}"))?;
    }
    Ok(())
}

/// The connection string requests are served through, preparing the runtime role when Lyceum manages it.
/// Blocking: call from a blocking task.
pub(crate) fn prepare(owner_url: &str, explicit_runtime: Option<&str>) -> anyhow::Result<(String, String)> {
    if let Some(runtime) = explicit_runtime {
        let role = user_of(runtime).context("LYCEUM_DATABASE_RUNTIME_URL must name its user")?;
        let mut conn = PgConnection::establish(runtime).context("connecting with LYCEUM_DATABASE_RUNTIME_URL")?;
        check_runtime(&mut conn)?;
        return Ok((runtime.to_string(), role));
    }
    let mut owner = PgConnection::establish(owner_url)?;
    let me = attrs(&mut owner)?;
    if !(me.createrole || me.superuser) {
        bail!(
            "the role `{}` of LYCEUM_DATABASE_URL may not create roles, so Lyceum cannot create the runtime role it \
             serves requests through. Either grant it CREATEROLE, or create a role that owns nothing (LOGIN \
             NOSUPERUSER NOBYPASSRLS) and name it in LYCEUM_DATABASE_RUNTIME_URL",
            me.name
        );
    }
    let (role, password) = owner.transaction(|c| -> anyhow::Result<(String, String)> {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({ROLE_LOCK})")).execute(c)?;
        c.batch_execute(
            "CREATE SCHEMA IF NOT EXISTS lyceum_private;
             REVOKE ALL ON SCHEMA lyceum_private FROM PUBLIC;
             CREATE TABLE IF NOT EXISTS lyceum_private.runtime_role (
                 role text PRIMARY KEY, password text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());",
        )?;
        #[derive(QueryableByName)]
        struct Stored {
            #[diesel(sql_type = Text)]
            role: String,
            #[diesel(sql_type = Text)]
            password: String,
        }
        let stored: Option<Stored> =
            diesel::sql_query("SELECT role, password FROM lyceum_private.runtime_role LIMIT 1")
                .get_result(c)
                .optional()?;
        let (role, password) = match stored {
            Some(s) => (s.role, s.password),
            None => {
                let role = runtime_role_name(c)?;
                let mut raw = [0u8; 24];
                rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut raw);
                let password = hex::encode(raw);
                diesel::sql_query("INSERT INTO lyceum_private.runtime_role (role, password) VALUES ($1, $2)")
                    .bind::<Text, _>(&role)
                    .bind::<Text, _>(&password)
                    .execute(c)?;
                (role, password)
            }
        };
        let exists: Str = diesel::sql_query("SELECT count(*)::text AS v FROM pg_roles WHERE rolname = $1")
            .bind::<Text, _>(&role)
            .get_result(c)?;
        if exists.v == "0" {
            c.batch_execute(&format!(
                "CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD {}",
                ident(&role),
                literal(&password)
            ))?;
        }
        grant(c, &role)?;
        Ok((role, password))
    })?;
    let runtime_url = with_credentials(owner_url, &role, &password);
    let mut conn = match PgConnection::establish(&runtime_url) {
        Ok(c) => c,
        Err(first) => {
            // The role exists but its password is not the stored one (a restored database, say): set it.
            // (Not done on every start: roles are shared by the whole cluster, and concurrent ALTERs of
            // one role conflict.)
            tracing::warn!(error = %first, role, "resetting the runtime role's password");
            owner.batch_execute(&format!("ALTER ROLE {} LOGIN PASSWORD {}", ident(&role), literal(&password)))?;
            PgConnection::establish(&runtime_url)
                .with_context(|| format!("connecting as the runtime role `{role}` Lyceum created"))?
        }
    };
    check_runtime(&mut conn)?;
    Ok((runtime_url, role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_replaced_and_users_read() {
        assert_eq!(
            with_credentials("postgres://owner:s3cret@db:5432/lyceum?sslmode=require", "lyceum_runtime", "p@ss"),
            "postgres://lyceum_runtime:p%40ss@db:5432/lyceum?sslmode=require"
        );
        assert_eq!(with_credentials("postgres://db/lyceum", "r", "p"), "postgres://r:p@db/lyceum");
        assert_eq!(user_of("postgres://owner:x@db/lyceum").as_deref(), Some("owner"));
        assert_eq!(user_of("postgres://db/lyceum"), None);
    }
}
