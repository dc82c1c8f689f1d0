//! PostgreSQL test databases: clones of a migrated template, one per test.

use std::{
    collections::hash_map::DefaultHasher,
    hash::{Hash, Hasher},
    path::Path,
};

use diesel::{Connection, PgConnection, RunQueryDsl};
use lyceum_core::db::Db;

const TEMPLATE_LOCK: i64 = 0x7465_7374_6b69;

fn admin_url() -> String {
    std::env::var("LYCEUM_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "LYCEUM_TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite needs a server. \
             Run `scripts/test`, which starts one, or point the variable at a role that may create databases."
        )
    })
}

/// The nodes of a Citus cluster to run the suite on (`LYCEUM_TEST_CITUS_NODES=host:port,...`, the
/// coordinator first, each with a `postgres` superuser that connects without a password, as
/// `scripts/citus` makes them). `LYCEUM_TEST_POSTGRES_URL` then names the coordinator. Every test
/// database exists on every node (the same name, cloned from the same template), with the extension
/// and the workers registered, so migration 000028 distributes its tables as it does in production.
fn citus_nodes() -> Option<Vec<String>> {
    let nodes = std::env::var("LYCEUM_TEST_CITUS_NODES").ok()?;
    let nodes: Vec<String> = nodes.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
    (!nodes.is_empty()).then_some(nodes)
}

fn node_conn(node: &str, database: &str) -> PgConnection {
    PgConnection::establish(&format!("postgres://postgres@{node}/{database}"))
        .unwrap_or_else(|e| panic!("connecting to the Citus node {node} ({database}): {e}"))
}

/// The role the tests connect as: the user of `LYCEUM_TEST_POSTGRES_URL`.
fn url_user(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let user = rest.split_once('@').map(|(u, _)| u).unwrap_or("postgres");
    user.split(':').next().unwrap_or(user).to_string()
}

/// Runs `sql` on `node`'s `postgres` database until it succeeds (for at most five seconds), first
/// ending any session still open in `busy` (a closing pool, or Citus' maintenance daemon, which holds
/// each database it serves and would stop it from being cloned or renamed).
fn on_node_retrying(node: &str, busy: &str, sql: &str) {
    let mut conn = node_conn(node, "postgres");
    let mut last = None;
    for _ in 0..50 {
        let _ = diesel::sql_query(format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{busy}' AND pid <> pg_backend_pid()"
        ))
        .execute(&mut conn);
        match diesel::sql_query(sql).execute(&mut conn) {
            Ok(_) => return,
            Err(e) => {
                last = Some(e);
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
    panic!("on the Citus node {node}: `{sql}` failed: {last:?}");
}

/// Creates `name` on every node: a clone of `template`, or a new database with the extension, its
/// shard count kept small for tests, and the workers registered with the coordinator.
fn citus_create(nodes: &[String], owner: &str, name: &str, template: Option<&str>) {
    // The workers first: the coordinator's copy refers to theirs.
    for node in nodes.iter().rev() {
        match template {
            Some(t) => on_node_retrying(node, t, &format!("CREATE DATABASE {name} OWNER {owner} TEMPLATE {t}")),
            None => on_node_retrying(node, name, &format!("CREATE DATABASE {name} OWNER {owner}")),
        }
    }
    if template.is_some() {
        return;
    }
    for node in nodes {
        diesel::sql_query("CREATE EXTENSION citus")
            .execute(&mut node_conn(node, name))
            .expect("CREATE EXTENSION citus");
    }
    let mut coordinator = node_conn(&nodes[0], name);
    let host_port = |node: &str| {
        let (host, port) = node.rsplit_once(':').expect("LYCEUM_TEST_CITUS_NODES holds host:port pairs");
        (host.to_string(), port.parse::<i32>().expect("a port"))
    };
    let (host, port) = host_port(&nodes[0]);
    let statements = std::iter::once(format!("ALTER DATABASE {name} SET citus.shard_count = 4"))
        .chain(std::iter::once(format!("SELECT citus_set_coordinator_host('{host}', {port})")))
        .chain(nodes[1..].iter().map(|n| {
            let (h, p) = host_port(n);
            format!("SELECT citus_add_node('{h}', {p})")
        }));
    for sql in statements {
        diesel::sql_query(&sql).execute(&mut coordinator).unwrap_or_else(|e| panic!("`{sql}`: {e}"));
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A name that changes whenever a PostgreSQL migration changes.
fn template_name() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/postgres");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    let mut h = DefaultHasher::new();
    for f in files {
        f.hash(&mut h);
        std::fs::read(&f).unwrap_or_default().hash(&mut h);
    }
    format!("lyceum_tpl_{:016x}", h.finish())
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn exists(conn: &mut PgConnection, name: &str) -> bool {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<N>(conn)
        .map(|r| r.n > 0)
        .unwrap_or(false)
}

/// Creates a database for one test: a clone of the migrated template, or empty.
pub async fn fresh_database(migrated: bool) -> String {
    let admin = admin_url();
    let name = format!("lyceum_test_{}", uuid::Uuid::now_v7().simple());
    if let Some(nodes) = citus_nodes() {
        let template = if migrated {
            let template = template_name();
            ensure_template(&admin, &template).await;
            Some(template)
        } else {
            None
        };
        let (owner, name2) = (url_user(&admin), name.clone());
        tokio::task::spawn_blocking(move || citus_create(&nodes, &owner, &name2, template.as_deref()))
            .await
            .expect("creating the test database on every Citus node");
        return with_database(&admin, &name);
    }
    if migrated {
        let template = template_name();
        ensure_template(&admin, &template).await;
        let admin2 = admin.clone();
        let (name2, template2) = (name.clone(), template.clone());
        tokio::task::spawn_blocking(move || {
            let mut conn = PgConnection::establish(&admin2).expect("connecting as the test admin");
            // The template may still show a closing connection for a moment after it was migrated.
            let mut last = None;
            for _ in 0..50 {
                match diesel::sql_query(format!("CREATE DATABASE {name2} TEMPLATE {template2}")).execute(&mut conn) {
                    Ok(_) => return,
                    Err(e) => {
                        last = Some(e);
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                }
            }
            panic!("cloning the template database failed: {last:?}");
        })
        .await
        .expect("creating the test database");
    } else {
        let (admin2, name2) = (admin.clone(), name.clone());
        tokio::task::spawn_blocking(move || {
            let mut conn = PgConnection::establish(&admin2).expect("connecting as the test admin");
            diesel::sql_query(format!("CREATE DATABASE {name2}")).execute(&mut conn).expect("creating a database");
        })
        .await
        .expect("creating the test database");
    }
    with_database(&admin, &name)
}

async fn ensure_template(admin: &str, template: &str) {
    let admin = admin.to_string();
    let template = template.to_string();
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut conn = PgConnection::establish(&admin).expect("connecting as the test admin");
        diesel::sql_query(format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})")).execute(&mut conn).expect("lock");
        if !exists(&mut conn, &template) {
            let building = format!("{template}_building");
            let citus = citus_nodes();
            if let Some(nodes) = &citus {
                for node in nodes {
                    on_node_retrying(node, &building, &format!("DROP DATABASE IF EXISTS {building}"));
                }
                citus_create(nodes, &url_user(&admin), &building, None);
            } else {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {building}")).execute(&mut conn);
                diesel::sql_query(format!("CREATE DATABASE {building}")).execute(&mut conn).expect("create template");
            }
            let building_url = with_database(&admin, &building);
            handle.block_on(async {
                let db = Db::connect(&building_url, 1)
                    .await
                    .expect("connecting to the template")
                    .with_keyring(crate::keyring());
                db.migrate().await.expect("migrating the template");
                drop(db);
            });
            // Renaming makes the finished template appear atomically (on Citus, on every node, the
            // coordinator last).
            let mut renamed = false;
            if let Some(nodes) = &citus {
                for node in nodes.iter().rev() {
                    on_node_retrying(node, &building, &format!("ALTER DATABASE {building} RENAME TO {template}"));
                }
                renamed = true;
            }
            for _ in 0..50 {
                if renamed {
                    break;
                }
                if diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {template}"))
                    .execute(&mut conn)
                    .is_ok()
                {
                    renamed = true;
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            assert!(renamed, "could not finish the template database");
        }
        diesel::sql_query(format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})")).execute(&mut conn).expect("unlock");
    })
    .await
    .expect("preparing the template database");
}

#[cfg(test)]
mod tests {
    use super::{url_user, with_database};

    #[test]
    fn the_role_is_the_urls_user() {
        assert_eq!(url_user("postgres://lyceum@127.0.0.1:5432/lyceum"), "lyceum");
        assert_eq!(url_user("postgres://app:secret@h/db"), "app");
        assert_eq!(url_user("postgres://h/db"), "postgres");
    }

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(with_database("postgres://u@h:5/postgres", "x"), "postgres://u@h:5/x");
        assert_eq!(
            with_database("postgres://u@h:5/postgres?sslmode=disable", "x"),
            "postgres://u@h:5/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h:5", "x"), "postgres://u@h:5/x");
    }
}
