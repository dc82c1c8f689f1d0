//! Layers without cycles (issue 16, item 4): core reads bottom-up, and a module never imports one of a
//! higher layer. The imports that still point upwards are listed below as debt; the list can only
//! shrink: a new upward import fails, and so does a listed one that is gone (remove it from the list).
//!
//! ```text
//! integrations   webhooks, email                              (5)
//! commerce       billing                                      (4)
//! learning       enrollments, assessments, certificates, reports (3)
//! catalog        courses                                      (2)
//! directory      tenants, identity                            (1)
//! foundation     db, scope, error, config, crypto, jobs, events, audit, invalidation, pagination,
//!                telemetry, idempotency, operations, core     (0)
//! operations     maintenance (schedules every layer's periodic work) (6)
//! ```

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

const LAYERS: &[(&str, u8)] = &[
    ("db", 0),
    ("scope", 0),
    ("error", 0),
    ("config", 0),
    ("crypto", 0),
    ("jobs", 0),
    ("events", 0),
    ("audit", 0),
    ("invalidation", 0),
    ("pagination", 0),
    ("telemetry", 0),
    ("idempotency", 0),
    ("operations", 0),
    ("core", 0),
    ("tenants", 1),
    ("identity", 1),
    ("courses", 2),
    ("enrollments", 3),
    ("assessments", 3),
    ("certificates", 3),
    ("reports", 3),
    ("billing", 4),
    ("webhooks", 5),
    ("email", 5),
    ("maintenance", 6),
];

/// Upward imports that exist today (module, imported module): the redesign's remaining work.
const DEBT: &[(&str, &str)] = &[
    ("certificates", "email"),
    ("core", "billing"),
    ("core", "courses"),
    ("core", "enrollments"),
    ("core", "identity"),
    ("courses", "billing"),
    ("enrollments", "billing"),
    ("enrollments", "email"),
    ("identity", "billing"),
    ("identity", "email"),
    ("invalidation", "courses"),
    ("invalidation", "identity"),
    ("operations", "courses"),
    ("reports", "billing"),
    ("tenants", "assessments"),
    ("tenants", "billing"),
    ("tenants", "certificates"),
    ("tenants", "courses"),
    ("tenants", "email"),
    ("tenants", "enrollments"),
    ("tenants", "webhooks"),
];

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn ident_at(s: &str) -> String {
    s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// The first path segment of every `crate::...` reference, including each item of `use crate::{...}`.
fn referenced_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(block) = rest.strip_prefix('{') {
            // Top-level items of the braced list.
            let (mut depth, mut start) = (0usize, 0usize);
            for (j, c) in block.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident_at(block[start..j].trim()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident_at(block[start..j].trim()));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident_at(rest));
        }
    }
    out
}

#[test]
fn no_module_imports_a_higher_layer() {
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &mut all);
    let mut found: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for path in &all {
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy().to_string();
        let module = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let own = *layer.get(module.as_str()).unwrap_or_else(|| panic!("module `{module}` has no layer in LAYERS"));
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for m in referenced_modules(code) {
            if let Some(&theirs) = layer.get(m.as_str()) {
                if theirs > own {
                    found.entry((module.clone(), m)).or_default().insert(rel.clone());
                }
            }
        }
    }
    let debt: BTreeSet<(String, String)> = DEBT.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let new: Vec<_> = found.iter().filter(|(k, _)| !debt.contains(*k)).collect();
    assert!(new.is_empty(), "upward imports (a lower layer importing a higher one): {new:?}");
    let paid: Vec<_> = debt.iter().filter(|k| !found.contains_key(*k)).collect();
    assert!(paid.is_empty(), "these upward imports are gone: remove them from DEBT in tests/layers.rs: {paid:?}");
}

#[test]
fn the_reference_scanner_sees_braced_and_plain_paths() {
    let text = "use crate::{db::{a, b}, error::Result, tenants};\nfn f() { crate::billing::x(); }";
    let seen: Vec<String> = referenced_modules(text).into_iter().collect();
    assert_eq!(seen, ["billing", "db", "error", "tenants"]);
}
