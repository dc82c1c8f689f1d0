//! Tenant tables are reached only through their scope (issue 16, item 2). Outside `db`, every mention of
//! a tenant table's Diesel handle (`courses::table`, an alias such as `ik::table`, the tenants registry)
//! in any crate's source must be one of:
//! - `tenant.scoped(T::table)`: reads, updates, deletes and subqueries start from the transaction's
//!   tenant (`db::scoped::Tenant` comes only from a `TenantTx`);
//! - `T::table.on(same_tenant(T::table, S::table)..)`: the right-hand side of a join tied to the scoped
//!   table's tenant (the tables named inside `same_tenant` are type witnesses);
//! - `insert_into(T::table).values(tenant.stamp(..))` (or `stamp_all`, `stamp_columns`): the rows carry
//!   the transaction's tenant whatever the caller put in them;
//! - `all.every_tenant(T::table)`: the named cross-tenant transactions (`SystemTx`, `PlatformTx`);
//! - `BoxableExpression<T::table, ..>`: a type naming the table a boxed condition applies to (the
//!   query it is used in starts from the scope like any other).
//!
//! On PostgreSQL, row-level security stands behind this; on SQLite this check is the wall.

use std::{collections::BTreeMap, path::Path};

use lyceum_core::db::schema::TENANT_TABLES;

/// Where a mention of a tenant table breaks the rule, as `file:line: excerpt`.
fn violations(file: &str, source: &str, tables: &[&str]) -> Vec<String> {
    // Aliases (`use schema::idempotency_keys as ik`) count as the table they name.
    let mut names: BTreeMap<String, String> = tables.iter().map(|t| (t.to_string(), t.to_string())).collect();
    let alias = regex::Regex::new(r"\b(\w+) as (\w+)\b").unwrap();
    for cap in alias.captures_iter(source) {
        if tables.contains(&&cap[1]) {
            names.insert(cap[2].to_string(), cap[1].to_string());
        }
    }
    // Comments out, then whitespace out (rustfmt may break a chain anywhere); keep a map to lines.
    let mut text = String::new();
    let mut line_of = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        for ch in code.chars().filter(|c| !c.is_whitespace()) {
            text.push(ch);
            line_of.push(n + 1);
        }
    }
    let mention = regex::Regex::new(r"(\w+)::table\b").unwrap();
    let witness = regex::Regex::new(r"same_tenant\((\w+::table,)?$").unwrap();
    let mut found = Vec::new();
    for m in mention.captures_iter(&text) {
        let whole = m.get(0).unwrap();
        if !names.contains_key(&m[1]) {
            continue;
        }
        let (before, after) = (&text[..whole.start()], &text[whole.end()..]);
        let ok = before.ends_with(".scoped(")
            || before.ends_with(".stamp_columns(")
            || before.ends_with(".every_tenant(")
            || before.ends_with("BoxableExpression<")
            || witness.is_match(before)
            || after.starts_with(&format!(".on(same_tenant({}::table,", &m[1]))
            || after.starts_with(&format!(".on(crate::db::scoped::same_tenant({}::table,", &m[1]))
            || (before.ends_with("insert_into(") && {
                let statement = &after[..after.find(";").unwrap_or(after.len())];
                statement.starts_with(").values(")
                    && [".stamp(", ".stamp_all(", ".stamp_columns("]
                        .iter()
                        .any(|s| statement[..statement.find(".execute(").unwrap_or(statement.len())].contains(s))
            });
        if !ok {
            let start = whole.start().saturating_sub(40);
            let end = (whole.end() + 40).min(text.len());
            found.push(format!("{file}:{}: …{}…", line_of[whole.start()], &text[start..end]));
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn tenant_tables_are_reached_only_through_their_scope() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let db_layer = crates.join("core/src/db");
    let mut files = Vec::new();
    for krate in ["core", "api", "worker", "cli"] {
        sources(&crates.join(krate).join("src"), &mut files);
    }
    files.retain(|f| !f.starts_with(&db_layer));
    assert!(files.len() > 50, "the scan found the sources ({} files)", files.len());
    let mut tables: Vec<&str> = TENANT_TABLES.to_vec();
    tables.push("tenants");
    let mut all = Vec::new();
    let mut mentions = 0;
    for f in &files {
        let source = std::fs::read_to_string(f).unwrap();
        mentions += tables.iter().map(|t| source.matches(&format!("{t}::table")).count()).sum::<usize>();
        let name = f.strip_prefix(&crates).unwrap().display().to_string();
        all.extend(violations(&name, &source, &tables));
    }
    assert!(mentions > 100, "the scan sees the queries ({mentions} mentions)");
    assert!(
        all.is_empty(),
        "tenant tables named outside their scope (use tx.tenant().scoped(..), .stamp(..), or every_tenant in a \
         cross-tenant transaction):\n{}",
        all.join("\n")
    );
}

#[test]
fn the_scan_flags_an_unscoped_query_and_accepts_the_scoped_forms() {
    let tables = ["courses", "users", "idempotency_keys", "tenants"];
    let bad = r#"
        use crate::db::schema::idempotency_keys as ik;
        fn a() { courses::table.filter(courses::id.eq(id)).first(c) }
        fn b() { diesel::update(users::table.find(id)).set(x).execute(c) }
        fn c() { diesel::insert_into(users::table).values(&row).execute(c) }
        fn d() { ik::table.count().get_result(c) }
        fn e() { t.scoped(courses::table).inner_join(users::table.on(users::id.eq(courses::owner))) }
        fn h() { t.scoped(courses::table).inner_join(users::table.on(users::tenant_id.eq(courses::tenant_id))) }
        fn f() { tenants::table.find(id) }
    "#;
    let found = violations("bad.rs", bad, &tables);
    assert_eq!(found.len(), 7, "{found:#?}");
    let good = r#"
        use crate::db::schema::idempotency_keys as ik;
        fn a() { t.scoped(courses::table).filter(courses::id.eq(id)).first(c) }
        fn b() { diesel::update(t.scoped(users::table).find(id)).set(x).execute(c) }
        fn c() { diesel::insert_into(users::table).values(t.stamp(row)).execute(c) }
        fn d() { t.scoped(ik::table).count().get_result(c) }
        fn e() {
            t.scoped(courses::table)
                .inner_join(users::table.on(same_tenant(users::table, courses::table).and(users::id.eq(courses::owner))))
        }
        fn f() { all.every_tenant(tenants::table).find(id) }
        fn g() { diesel::insert_into(ik::table).values(t.stamp_columns(ik::table, (ik::key.eq(k),))).execute(c) }
        // users::table in a comment is not code
    "#;
    assert_eq!(violations("good.rs", good, &tables), Vec::<String>::new());
}
