//! SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON: the result is then stored like a PUT, so
//! one set of rules decides what a resource may become. Accepts the dialects of the common provisioning
//! clients: operation names in any case (`Replace`), a `replace` or `add` without `path` whose value is
//! an object of attributes (Entra ID, Okta), and attribute names in any case.

use serde_json::{Map, Value};

use super::{
    filter::{self, PatchPath},
    ScimError,
};

pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MAX_OPERATIONS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Add,
    Remove,
    Replace,
}

fn key_of(obj: &Map<String, Value>, attr: &str) -> Option<String> {
    obj.keys().find(|k| k.eq_ignore_ascii_case(attr)).cloned()
}

/// `urn:...:User:name` → `name` (a key of a path-less value may carry its schema).
fn local(key: &str) -> &str {
    if key.to_ascii_lowercase().starts_with("urn:") {
        key.rsplit(':').next().unwrap_or(key)
    } else {
        key
    }
}

/// Applies a PatchOp request body to `doc`. `multi_valued` says which (lower-cased) attributes are
/// multi-valued: `add` appends to them.
pub fn apply(doc: &mut Value, body: &Value, multi_valued: &[&str]) -> Result<(), ScimError> {
    let schemas = filter::get_ci(body, "schemas").and_then(Value::as_array);
    if !schemas.is_some_and(|s| s.iter().any(|u| u.as_str().is_some_and(|u| u.eq_ignore_ascii_case(PATCH_OP)))) {
        return Err(ScimError::bad_request("invalidSyntax", format!("a PATCH body's schemas must contain {PATCH_OP}")));
    }
    let ops = filter::get_ci(body, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::bad_request("invalidSyntax", "a PATCH body needs `Operations`, a list"))?;
    if ops.is_empty() || ops.len() > MAX_OPERATIONS {
        return Err(ScimError::bad_request("invalidSyntax", format!("send 1-{MAX_OPERATIONS} operations")));
    }
    for (i, op) in ops.iter().enumerate() {
        let kind = match filter::get_ci(op, "op").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
            Some("add") => Kind::Add,
            Some("remove") => Kind::Remove,
            Some("replace") => Kind::Replace,
            _ => {
                return Err(ScimError::bad_request(
                    "invalidSyntax",
                    format!("operation {i}: `op` must be add, remove or replace"),
                ))
            }
        };
        let value = filter::get_ci(op, "value").cloned();
        match filter::get_ci(op, "path").and_then(Value::as_str).filter(|p| !p.trim().is_empty()) {
            Some(p) => {
                let path = filter::parse_path(p)?;
                apply_at(doc, kind, &path, value, multi_valued)?;
            }
            None => {
                if kind == Kind::Remove {
                    return Err(ScimError::bad_request("noTarget", format!("operation {i}: remove needs a path")));
                }
                let Some(Value::Object(attrs)) = value else {
                    return Err(ScimError::bad_request(
                        "invalidValue",
                        format!("operation {i}: without a path, the value must be an object of attributes"),
                    ));
                };
                for (k, v) in attrs {
                    let name = local(&k);
                    let path = match name.split_once('.') {
                        Some((a, s)) => PatchPath { attr: a.to_string(), filter: None, sub: Some(s.to_string()) },
                        None => PatchPath { attr: name.to_string(), filter: None, sub: None },
                    };
                    if path.attr.eq_ignore_ascii_case("schemas") {
                        continue;
                    }
                    apply_at(doc, kind, &path, Some(v), multi_valued)?;
                }
            }
        }
    }
    Ok(())
}

fn apply_at(
    doc: &mut Value,
    kind: Kind,
    path: &PatchPath,
    value: Option<Value>,
    multi_valued: &[&str],
) -> Result<(), ScimError> {
    let obj = doc.as_object_mut().ok_or_else(|| ScimError::internal("the resource is not an object"))?;
    let multi = multi_valued.iter().any(|m| m.eq_ignore_ascii_case(&path.attr));
    if kind != Kind::Remove && value.is_none() {
        return Err(ScimError::bad_request("invalidValue", format!("{} needs a value", path.attr)));
    }
    let key = key_of(obj, &path.attr).unwrap_or_else(|| path.attr.clone());
    match (&path.filter, &path.sub) {
        // Whole attribute.
        (None, None) => match kind {
            Kind::Remove => {
                obj.remove(&key);
            }
            Kind::Replace => {
                obj.insert(key, value.unwrap_or(Value::Null));
            }
            Kind::Add if multi => {
                let new = match value.unwrap_or(Value::Null) {
                    Value::Array(a) => a,
                    Value::Null => vec![],
                    one => vec![one],
                };
                let list = obj.entry(key).or_insert_with(|| Value::Array(vec![]));
                if !list.is_array() {
                    *list = Value::Array(vec![]);
                }
                let items = list.as_array_mut().expect("an array");
                for v in new {
                    if !items.contains(&v) {
                        items.push(v);
                    }
                }
            }
            Kind::Add => {
                let v = value.unwrap_or(Value::Null);
                match (obj.get_mut(&key), v) {
                    // Adding to a complex attribute merges its sub-attributes.
                    (Some(Value::Object(cur)), Value::Object(new)) => {
                        for (k, v) in new {
                            let k2 = key_of(cur, &k).unwrap_or(k);
                            cur.insert(k2, v);
                        }
                    }
                    (_, v) => {
                        obj.insert(key, v);
                    }
                }
            }
        },
        // A sub-attribute of a complex (single-valued, or every element of a multi-valued) attribute.
        (None, Some(sub)) => {
            let target = obj.entry(key).or_insert_with(|| Value::Object(Map::new()));
            let elems: Vec<&mut Value> = match target {
                Value::Array(a) => a.iter_mut().collect(),
                Value::Null => {
                    *target = Value::Object(Map::new());
                    vec![target]
                }
                other => vec![other],
            };
            for e in elems {
                set_sub(e, sub, kind, value.clone())?;
            }
        }
        // Elements of a multi-valued attribute chosen by a filter.
        (Some(f), sub) => {
            if !matches!(obj.get(&key), Some(Value::Array(_))) {
                if kind == Kind::Remove {
                    return Ok(());
                }
                if sub.is_none() {
                    return Err(ScimError::bad_request("noTarget", format!("{} has no values to filter", path.attr)));
                }
                obj.insert(key.clone(), Value::Array(vec![]));
            }
            let Some(Value::Array(items)) = obj.get_mut(&key) else {
                return Err(ScimError::internal("a list vanished"));
            };
            let hits: Vec<usize> = (0..items.len()).filter(|i| filter::matches(f, &items[*i])).collect();
            match (kind, sub) {
                (Kind::Remove, None) => {
                    for i in hits.into_iter().rev() {
                        items.remove(i);
                    }
                }
                (_, Some(sub)) => {
                    if hits.is_empty() && kind != Kind::Remove {
                        // Entra ID sends `emails[type eq "work"].value` for an email not yet set: create
                        // the element the filter describes.
                        let mut elem = Map::new();
                        collect_eqs(f, &mut elem);
                        let mut e = Value::Object(elem);
                        set_sub(&mut e, sub, kind, value)?;
                        items.push(e);
                    } else {
                        for i in hits {
                            set_sub(&mut items[i], sub, kind, value.clone())?;
                        }
                    }
                }
                (_, None) => {
                    if hits.is_empty() {
                        return Err(ScimError::bad_request("noTarget", format!("no value of {} matches", path.attr)));
                    }
                    let v = value.unwrap_or(Value::Null);
                    for i in hits {
                        items[i] = v.clone();
                    }
                }
            }
        }
    }
    Ok(())
}

/// The equalities of a value filter (`type eq "work"`), to build the element it describes.
fn collect_eqs(f: &filter::Filter, out: &mut Map<String, Value>) {
    match f {
        filter::Filter::Compare(p, filter::Op::Eq, v) if p.sub.is_none() => {
            out.insert(p.attr.clone(), v.clone());
        }
        filter::Filter::And(a, b) => {
            collect_eqs(a, out);
            collect_eqs(b, out);
        }
        _ => {}
    }
}

fn set_sub(elem: &mut Value, sub: &str, kind: Kind, value: Option<Value>) -> Result<(), ScimError> {
    let Value::Object(o) = elem else {
        return Err(ScimError::bad_request("invalidPath", format!("{sub} is a sub-attribute of a simple value")));
    };
    let key = key_of(o, sub).unwrap_or_else(|| sub.to_string());
    match kind {
        Kind::Remove => {
            o.remove(&key);
        }
        _ => {
            o.insert(key, value.unwrap_or(Value::Null));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn patch(doc: &mut Value, ops: Value) -> Result<(), ScimError> {
        apply(doc, &json!({"schemas": [PATCH_OP], "Operations": ops}), &["emails", "members"])
    }

    #[test]
    fn the_dialects_of_entra_and_okta_apply() {
        let mut u = json!({"userName": "a@b.c", "active": true, "emails": [{"value": "a@b.c", "type": "work", "primary": true}]});
        // Entra ID: capitalised op, a path with a value filter and sub-attribute, active as a string.
        patch(
            &mut u,
            json!([
                {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "new@b.c"},
                {"op": "Replace", "path": "active", "value": "False"},
            ]),
        )
        .unwrap();
        assert_eq!(u["emails"][0]["value"], "new@b.c");
        assert_eq!(u["active"], "False");
        // Okta: replace without path, the value an object of attributes.
        patch(
            &mut u,
            json!([{"op": "replace", "value": {"active": true, "displayName": "A B", "name.givenName": "A"}}]),
        )
        .unwrap();
        assert_eq!(
            (u["active"].clone(), u["displayName"].clone(), u["name"]["givenName"].clone()),
            (json!(true), json!("A B"), json!("A"))
        );
        // Add to a multi-valued attribute appends; remove by filter; remove a whole attribute.
        let mut g = json!({"displayName": "G", "members": [{"value": "1"}]});
        patch(&mut g, json!([{"op": "add", "path": "members", "value": [{"value": "2"}, {"value": "1"}]}])).unwrap();
        assert_eq!(g["members"], json!([{"value": "1"}, {"value": "2"}]));
        patch(&mut g, json!([{"op": "remove", "path": "members[value eq \"1\"]"}])).unwrap();
        assert_eq!(g["members"], json!([{"value": "2"}]));
        patch(&mut g, json!([{"op": "remove", "path": "members"}])).unwrap();
        assert!(g.get("members").is_none());
        // An Entra ID email that did not exist yet is created from the filter.
        let mut u = json!({"userName": "x"});
        patch(&mut u, json!([{"op": "add", "path": "emails[type eq \"work\"].value", "value": "x@y.z"}])).unwrap();
        assert_eq!(u["emails"], json!([{"type": "work", "value": "x@y.z"}]));
    }

    #[test]
    fn malformed_patches_are_refused_with_their_scim_type() {
        let mut d = json!({});
        let e = apply(&mut d, &json!({"Operations": []}), &[]).unwrap_err();
        assert_eq!(e.scim_type, Some("invalidSyntax"));
        let e = patch(&mut d, json!([{"op": "frobnicate", "path": "a"}])).unwrap_err();
        assert_eq!(e.scim_type, Some("invalidSyntax"));
        let e = patch(&mut d, json!([{"op": "remove"}])).unwrap_err();
        assert_eq!(e.scim_type, Some("noTarget"));
        let e = patch(&mut d, json!([{"op": "replace", "value": "x"}])).unwrap_err();
        assert_eq!(e.scim_type, Some("invalidValue"));
        let e = patch(&mut d, json!([{"op": "add", "path": "members[", "value": 1}])).unwrap_err();
        assert_eq!(e.scim_type, Some("invalidPath"));
    }
}
