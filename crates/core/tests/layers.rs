//! Layers without cycles (issue 16, item 4): core reads bottom-up, and a module never imports one of a
//! higher layer. A new upward import fails this test (CI runs it with the rest of the suite).
//!
//! ```text
//! root           wiring (assembles Core from every layer's parts; wires event subscribers)  (7)
//! operations     maintenance (schedules every layer's periodic work), portability (a tenant's
//!                data as JSON lines: every table), retention (how long records are kept),
//!                privacy (a person's export, erasure and consent)                            (6)
//! integrations   webhooks, scim, lti (LTI 1.3 platform: tools, keys, launches)   (5)
//! commerce       billing (Stripe, the subscription mirror)                    (4)
//! learning       enrollments, assessments, certificates, reports              (3)
//! catalog        courses                                                      (2)
//! directory      tenants, identity, files (uploads; who may see one)           (1)
//! foundation     db, scope, error, config, crypto, net, jobs, events, audit, invalidation, pagination,
//!                telemetry, idempotency, operations, core, vault (secrets at rest), upgrade (data
//!                changes SQL cannot make, run at start), entitlements (what a plan allows, read
//!                by every layer), email (templates and the mailer; each message lives with the
//!                layer that sends it)                                         (0)
//! ```
//!
//! `Core` is foundation: it holds each layer's in-process state as a `Part` found by type, and each
//! layer defines the accessor to its own part, so the handle names no higher layer.

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
    ("entitlements", 0),
    ("email", 0),
    ("net", 0),
    ("vault", 0),
    ("upgrade", 0),
    ("ratelimit", 0),
    ("tenants", 1),
    ("identity", 1),
    ("files", 1),
    ("courses", 2),
    ("enrollments", 3),
    ("assessments", 3),
    ("certificates", 3),
    ("reports", 3),
    ("grading", 3),
    ("billing", 4),
    ("webhooks", 5),
    ("scim", 5),
    ("lti", 5),
    ("xapi", 5),
    ("maintenance", 6),
    ("portability", 6),
    ("retention", 6),
    ("privacy", 6),
    ("wiring", 7),
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
        // Code only: tests below `#[cfg(test)]` and comments (doc links are not imports) are skipped.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for m in referenced_modules(&code) {
            if let Some(&theirs) = layer.get(m.as_str()) {
                if theirs > own {
                    found.entry((module.clone(), m)).or_default().insert(rel.clone());
                }
            }
        }
    }
    // The one reference into the root: the event outbox reads its subscriber list there (a list the root
    // owns, so that `events` names no subscriber; the subscribers themselves are not imported).
    found.remove(&("events".to_string(), "wiring".to_string()));
    assert!(found.is_empty(), "upward imports (a lower layer importing a higher one): {found:?}");
}

#[test]
fn the_reference_scanner_sees_braced_and_plain_paths() {
    let text = "use crate::{db::{a, b}, error::Result, tenants};\nfn f() { crate::billing::x(); }";
    let seen: Vec<String> = referenced_modules(text).into_iter().collect();
    assert_eq!(seen, ["billing", "db", "error", "tenants"]);
}
