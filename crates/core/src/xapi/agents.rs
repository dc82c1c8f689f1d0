//! The identity of agents and groups: an agent, or an identified group, is its inverse functional
//! identifier (IFI: `mbox`, `mbox_sha1sum`, `openid` or `account`) together with its `objectType`
//! (xAPI 1.0.3 Data §2.4.2). [`key`] writes that identity as one string, which the statement
//! filters and the document resources key on.

use serde_json::{Map, Value};

/// The IFI properties, in the order [`key`] looks for them.
pub const IFIS: &[&str] = &["mbox", "mbox_sha1sum", "openid", "account"];

/// `Agent` or `Group`: the object type an actor-like value has (an absent `objectType` is an agent).
pub fn object_type(v: &Value) -> &str {
    match v.get("objectType").and_then(Value::as_str) {
        Some("Group") => "Group",
        _ => "Agent",
    }
}

/// The canonical identity of an agent or identified group (`Agent|mbox|mailto:a@example.com`);
/// `None` for an anonymous group. The value must have been validated.
pub fn key(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    ifi_key(o).map(|ifi| format!("{}|{ifi}", object_type(v)))
}

/// The IFI alone (`mbox|mailto:a@example.com`), without the object type.
fn ifi_key(o: &Map<String, Value>) -> Option<String> {
    for p in IFIS {
        match (o.get(*p), *p) {
            (Some(Value::Object(a)), "account") => {
                let home = a.get("homePage").and_then(Value::as_str).unwrap_or("");
                let name = a.get("name").and_then(Value::as_str).unwrap_or("");
                return Some(format!("account|{home}|{name}"));
            }
            (Some(Value::String(s)), p) => return Some(format!("{p}|{s}")),
            _ => {}
        }
    }
    None
}

/// The agent or group reduced to its identity, for `format=ids`: its `objectType` and IFI (an
/// anonymous group keeps its members, reduced the same way).
pub fn ids(v: &Value) -> Value {
    let Some(o) = v.as_object() else { return v.clone() };
    let mut out = Map::new();
    if let Some(t) = o.get("objectType") {
        out.insert("objectType".into(), t.clone());
    }
    for p in IFIS {
        if let Some(x) = o.get(*p) {
            out.insert((*p).into(), x.clone());
            return Value::Object(out);
        }
    }
    if let Some(Value::Array(members)) = o.get("member") {
        out.insert("member".into(), Value::Array(members.iter().map(ids).collect()));
    }
    Value::Object(out)
}

/// The members of a group (none for an agent).
pub fn members(v: &Value) -> &[Value] {
    v.get("member").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn keys() {
        assert_eq!(super::key(&json!({"mbox": "mailto:a@b.c"})).unwrap(), "Agent|mbox|mailto:a@b.c");
        assert_eq!(
            super::key(&json!({"objectType": "Group", "account": {"homePage": "http://x", "name": "n"}})).unwrap(),
            "Group|account|http://x|n"
        );
        assert_eq!(super::key(&json!({"objectType": "Group", "member": []})), None);
        assert_eq!(super::ids(&json!({"name": "A", "mbox": "mailto:a@b.c"})), json!({"mbox": "mailto:a@b.c"}));
    }
}
