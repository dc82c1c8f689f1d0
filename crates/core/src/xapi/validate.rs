//! The xAPI 1.0.3 data rules (Data §2.2-§2.6, §4): what makes a statement, and every object inside
//! it, well formed. A broken rule is a 400 naming the property (`actor.mbox`) and what is wrong.
//!
//! Object properties are case sensitive and closed: a property the specification does not define
//! for an object is refused, as is `null` anywhere but inside `extensions`.

use serde_json::{Map, Value};

use super::formats::{is_duration, is_iri, is_language_tag, is_uuid, parse_timestamp};
use crate::error::{Error, Result};

const STATEMENT: &[&str] = &[
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
];
const SUB_STATEMENT: &[&str] =
    &["objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"];
const AGENT: &[&str] = &["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"];
const GROUP: &[&str] = &["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member"];
const ACTIVITY: &[&str] = &["objectType", "id", "definition"];
const DEFINITION: &[&str] = &[
    "name",
    "description",
    "type",
    "moreInfo",
    "extensions",
    "interactionType",
    "correctResponsesPattern",
    "choices",
    "scale",
    "source",
    "target",
    "steps",
];
const INTERACTIONS: &[&str] = &[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];
const RESULT: &[&str] = &["score", "success", "completion", "response", "duration", "extensions"];
const SCORE: &[&str] = &["scaled", "raw", "min", "max"];
const CONTEXT: &[&str] = &[
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
];
const CONTEXT_ACTIVITIES: &[&str] = &["parent", "grouping", "category", "other"];
const ATTACHMENT: &[&str] = &["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"];

fn bad(path: &str, what: impl std::fmt::Display) -> Error {
    Error::invalid("statement", format!("{path}: {what}"))
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| bad(path, "must be a JSON object"))
}

/// Refuses properties outside `allowed` and `null` values.
fn closed(o: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<()> {
    for (k, v) in o {
        if !allowed.contains(&k.as_str()) {
            return Err(bad(path, format!("`{k}` is not a property of this object (properties are case sensitive)")));
        }
        if v.is_null() {
            return Err(bad(&format!("{path}.{k}"), "must not be null"));
        }
    }
    Ok(())
}

fn string<'a>(o: &'a Map<String, Value>, k: &str, path: &str) -> Result<Option<&'a str>> {
    match o.get(k) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(&format!("{path}.{k}"), "must be a string")),
    }
}

fn required<'a>(o: &'a Map<String, Value>, k: &str, path: &str) -> Result<&'a Value> {
    o.get(k).ok_or_else(|| bad(path, format!("`{k}` is required")))
}

fn iri(v: &Value, path: &str) -> Result<()> {
    match v.as_str() {
        Some(s) if is_iri(s) => Ok(()),
        _ => Err(bad(path, "must be an absolute IRI")),
    }
}

fn uuid_value(v: &Value, path: &str) -> Result<()> {
    match v.as_str() {
        Some(s) if is_uuid(s) => Ok(()),
        _ => Err(bad(path, "must be a UUID")),
    }
}

/// A language map: language tags to strings.
fn language_map(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    for (k, v) in o {
        if !is_language_tag(k) {
            return Err(bad(path, format!("`{k}` is not an RFC 5646 language tag")));
        }
        if !v.is_string() {
            return Err(bad(&format!("{path}.{k}"), "must be a string"));
        }
    }
    Ok(())
}

fn extensions(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    for k in o.keys() {
        if !is_iri(k) {
            return Err(bad(path, format!("the key `{k}` is not an absolute IRI")));
        }
    }
    Ok(())
}

fn timestamp(v: &Value, path: &str) -> Result<()> {
    match v.as_str() {
        Some(s) if parse_timestamp(s).is_some() => Ok(()),
        _ => Err(bad(path, "must be an ISO 8601 timestamp with a time zone")),
    }
}

/// An agent (`objectType` absent or `Agent`): exactly one IFI, each well formed.
pub fn agent(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    closed(o, AGENT, path)?;
    match o.get("objectType") {
        None => {}
        Some(Value::String(t)) if t == "Agent" => {}
        Some(_) => return Err(bad(&format!("{path}.objectType"), "must be `Agent`")),
    }
    string(o, "name", path)?;
    match ifis(o, path)? {
        1 => Ok(()),
        0 => Err(bad(path, "an agent needs one inverse functional identifier (mbox, mbox_sha1sum, openid or account)")),
        _ => Err(bad(path, "an agent must have exactly one inverse functional identifier")),
    }
}

/// Checks the IFIs present; returns how many there are.
fn ifis(o: &Map<String, Value>, path: &str) -> Result<usize> {
    let mut n = 0;
    if let Some(m) = string(o, "mbox", path)? {
        let addr = m.strip_prefix("mailto:").ok_or_else(|| bad(&format!("{path}.mbox"), "must be a mailto: IRI"))?;
        let ok = addr.split_once('@').is_some_and(|(l, d)| !l.is_empty() && !d.is_empty() && !addr.contains(' '));
        if !ok {
            return Err(bad(&format!("{path}.mbox"), "must be a mailto: IRI of an email address"));
        }
        n += 1;
    }
    if let Some(h) = string(o, "mbox_sha1sum", path)? {
        if h.len() != 40 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad(&format!("{path}.mbox_sha1sum"), "must be a SHA-1 hash in hex"));
        }
        n += 1;
    }
    if let Some(v) = o.get("openid") {
        iri(v, &format!("{path}.openid"))?;
        n += 1;
    }
    if let Some(a) = o.get("account") {
        let p = format!("{path}.account");
        let a = object(a, &p)?;
        closed(a, &["homePage", "name"], &p)?;
        iri(required(a, "homePage", &p)?, &format!("{p}.homePage"))?;
        if !required(a, "name", &p)?.is_string() {
            return Err(bad(&format!("{p}.name"), "must be a string"));
        }
        n += 1;
    }
    Ok(n)
}

/// A group (`objectType` `Group`): anonymous (no IFI, with `member`) or identified (one IFI);
/// members are agents.
pub fn group(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    closed(o, GROUP, path)?;
    if o.get("objectType").and_then(Value::as_str) != Some("Group") {
        return Err(bad(&format!("{path}.objectType"), "must be `Group`"));
    }
    string(o, "name", path)?;
    let n = ifis(o, path)?;
    if n > 1 {
        return Err(bad(path, "a group has at most one inverse functional identifier"));
    }
    match o.get("member") {
        None if n == 0 => Err(bad(path, "an anonymous group must list its `member`s")),
        None => Ok(()),
        Some(Value::Array(ms)) => {
            for (i, m) in ms.iter().enumerate() {
                agent(m, &format!("{path}.member[{i}]"))?;
            }
            Ok(())
        }
        Some(_) => Err(bad(&format!("{path}.member"), "must be an array of agents")),
    }
}

/// An agent or a group, by its `objectType`.
pub fn actor(v: &Value, path: &str) -> Result<()> {
    object(v, path)?;
    if v.get("objectType").and_then(Value::as_str) == Some("Group") {
        group(v, path)
    } else {
        agent(v, path)
    }
}

fn verb(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    closed(o, &["id", "display"], path)?;
    iri(required(o, "id", path)?, &format!("{path}.id"))?;
    if let Some(d) = o.get("display") {
        language_map(d, &format!("{path}.display"))?;
    }
    Ok(())
}

/// An activity (`objectType` absent or `Activity`).
pub fn activity(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    closed(o, ACTIVITY, path)?;
    if let Some(t) = o.get("objectType") {
        if t.as_str() != Some("Activity") {
            return Err(bad(&format!("{path}.objectType"), "must be `Activity`"));
        }
    }
    iri(required(o, "id", path)?, &format!("{path}.id"))?;
    if let Some(d) = o.get("definition") {
        definition(d, &format!("{path}.definition"))?;
    }
    Ok(())
}

fn definition(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    closed(o, DEFINITION, path)?;
    for k in ["name", "description"] {
        if let Some(m) = o.get(k) {
            language_map(m, &format!("{path}.{k}"))?;
        }
    }
    for k in ["type", "moreInfo"] {
        if let Some(t) = o.get(k) {
            iri(t, &format!("{path}.{k}"))?;
        }
    }
    if let Some(e) = o.get("extensions") {
        extensions(e, &format!("{path}.extensions"))?;
    }
    let interaction = match o.get("interactionType") {
        None => None,
        Some(Value::String(t)) if INTERACTIONS.contains(&t.as_str()) => Some(t.as_str()),
        Some(_) => {
            return Err(bad(&format!("{path}.interactionType"), format!("must be one of {}", INTERACTIONS.join(", "))))
        }
    };
    if let Some(c) = o.get("correctResponsesPattern") {
        let ok = c.as_array().is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            return Err(bad(&format!("{path}.correctResponsesPattern"), "must be an array of strings"));
        }
        if interaction.is_none() {
            return Err(bad(path, "`correctResponsesPattern` needs an `interactionType`"));
        }
    }
    for k in ["choices", "scale", "source", "target", "steps"] {
        let Some(list) = o.get(k) else { continue };
        let allowed = match interaction {
            Some("choice" | "sequencing") => k == "choices",
            Some("likert") => k == "scale",
            Some("matching") => k == "source" || k == "target",
            Some("performance") => k == "steps",
            _ => false,
        };
        if !allowed {
            return Err(bad(&format!("{path}.{k}"), "is not a component of this interaction type"));
        }
        let p = format!("{path}.{k}");
        let items = list.as_array().ok_or_else(|| bad(&p, "must be an array"))?;
        let mut seen = std::collections::HashSet::new();
        for (i, it) in items.iter().enumerate() {
            let ip = format!("{p}[{i}]");
            let io = object(it, &ip)?;
            closed(io, &["id", "description"], &ip)?;
            let id = required(io, "id", &ip)?.as_str().ok_or_else(|| bad(&format!("{ip}.id"), "must be a string"))?;
            if !seen.insert(id) {
                return Err(bad(&ip, format!("the id `{id}` appears twice")));
            }
            if let Some(d) = io.get("description") {
                language_map(d, &format!("{ip}.description"))?;
            }
        }
    }
    Ok(())
}

fn statement_ref(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    closed(o, &["objectType", "id"], path)?;
    if o.get("objectType").and_then(Value::as_str) != Some("StatementRef") {
        return Err(bad(&format!("{path}.objectType"), "must be `StatementRef`"));
    }
    uuid_value(required(o, "id", path)?, &format!("{path}.id"))
}

fn object_of(v: &Value, path: &str, sub: bool) -> Result<()> {
    object(v, path)?;
    match v.get("objectType") {
        None => activity(v, path),
        Some(Value::String(t)) => match t.as_str() {
            "Activity" => activity(v, path),
            "Agent" => agent(v, path),
            "Group" => group(v, path),
            "StatementRef" => statement_ref(v, path),
            "SubStatement" if !sub => statement_body(v, path, true),
            "SubStatement" => Err(bad(path, "a sub-statement cannot hold another sub-statement")),
            other => Err(bad(&format!("{path}.objectType"), format!("`{other}` is not an object type"))),
        },
        Some(_) => Err(bad(&format!("{path}.objectType"), "must be a string")),
    }
}

fn result(v: &Value, path: &str) -> Result<()> {
    let o = object(v, path)?;
    closed(o, RESULT, path)?;
    if let Some(s) = o.get("score") {
        let p = format!("{path}.score");
        let so = object(s, &p)?;
        closed(so, SCORE, &p)?;
        let num = |k: &str| -> Result<Option<f64>> {
            so.get(k).map(|x| x.as_f64().ok_or_else(|| bad(&format!("{p}.{k}"), "must be a number"))).transpose()
        };
        let (scaled, raw, min, max) = (num("scaled")?, num("raw")?, num("min")?, num("max")?);
        if scaled.is_some_and(|s| !(-1.0..=1.0).contains(&s)) {
            return Err(bad(&format!("{p}.scaled"), "must be between -1 and 1"));
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo >= hi {
                return Err(bad(&p, "`min` must be less than `max`"));
            }
        }
        if let Some(r) = raw {
            if min.is_some_and(|lo| r < lo) || max.is_some_and(|hi| r > hi) {
                return Err(bad(&format!("{p}.raw"), "must lie between `min` and `max`"));
            }
        }
    }
    for k in ["success", "completion"] {
        if o.get(k).is_some_and(|b| !b.is_boolean()) {
            return Err(bad(&format!("{path}.{k}"), "must be true or false"));
        }
    }
    string(o, "response", path)?;
    if let Some(d) = string(o, "duration", path)? {
        if !is_duration(d) {
            return Err(bad(&format!("{path}.duration"), "must be an ISO 8601 duration"));
        }
    }
    if let Some(e) = o.get("extensions") {
        extensions(e, &format!("{path}.extensions"))?;
    }
    Ok(())
}

fn context(v: &Value, path: &str, object_is_activity: bool) -> Result<()> {
    let o = object(v, path)?;
    closed(o, CONTEXT, path)?;
    if let Some(r) = o.get("registration") {
        uuid_value(r, &format!("{path}.registration"))?;
    }
    if let Some(i) = o.get("instructor") {
        actor(i, &format!("{path}.instructor"))?;
    }
    if let Some(t) = o.get("team") {
        group(t, &format!("{path}.team"))?;
    }
    if let Some(ca) = o.get("contextActivities") {
        let p = format!("{path}.contextActivities");
        let cao = object(ca, &p)?;
        closed(cao, CONTEXT_ACTIVITIES, &p)?;
        for (k, list) in cao {
            match list {
                Value::Array(items) => {
                    for (i, a) in items.iter().enumerate() {
                        activity(a, &format!("{p}.{k}[{i}]"))?;
                    }
                }
                one => activity(one, &format!("{p}.{k}"))?,
            }
        }
    }
    for k in ["revision", "platform"] {
        if string(o, k, path)?.is_some() && !object_is_activity {
            return Err(bad(&format!("{path}.{k}"), "is only allowed when the statement's object is an activity"));
        }
    }
    if let Some(l) = string(o, "language", path)? {
        if !is_language_tag(l) {
            return Err(bad(&format!("{path}.language"), "must be an RFC 5646 language tag"));
        }
    }
    if let Some(s) = o.get("statement") {
        statement_ref(s, &format!("{path}.statement"))?;
    }
    if let Some(e) = o.get("extensions") {
        extensions(e, &format!("{path}.extensions"))?;
    }
    Ok(())
}

fn attachments(v: &Value, path: &str) -> Result<()> {
    let items = v.as_array().ok_or_else(|| bad(path, "must be an array"))?;
    for (i, a) in items.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let o = object(a, &p)?;
        closed(o, ATTACHMENT, &p)?;
        iri(required(o, "usageType", &p)?, &format!("{p}.usageType"))?;
        language_map(required(o, "display", &p)?, &format!("{p}.display"))?;
        if let Some(d) = o.get("description") {
            language_map(d, &format!("{p}.description"))?;
        }
        if !required(o, "contentType", &p)?.is_string() {
            return Err(bad(&format!("{p}.contentType"), "must be a string"));
        }
        if required(o, "length", &p)?.as_u64().is_none() {
            return Err(bad(&format!("{p}.length"), "must be a whole number of octets"));
        }
        if !required(o, "sha2", &p)?.is_string() {
            return Err(bad(&format!("{p}.sha2"), "must be a string"));
        }
        if let Some(u) = o.get("fileUrl") {
            iri(u, &format!("{p}.fileUrl"))?;
        }
    }
    Ok(())
}

/// The parts a statement and a sub-statement share.
fn statement_body(v: &Value, path: &str, sub: bool) -> Result<()> {
    let o = object(v, path)?;
    closed(o, if sub { SUB_STATEMENT } else { STATEMENT }, path)?;
    actor(required(o, "actor", path)?, &format!("{path}.actor"))?;
    verb(required(o, "verb", path)?, &format!("{path}.verb"))?;
    let obj = required(o, "object", path)?;
    object_of(obj, &format!("{path}.object"), sub)?;
    if let Some(r) = o.get("result") {
        result(r, &format!("{path}.result"))?;
    }
    if let Some(c) = o.get("context") {
        let is_activity = matches!(obj.get("objectType").and_then(Value::as_str), None | Some("Activity"));
        context(c, &format!("{path}.context"), is_activity)?;
    }
    if let Some(t) = o.get("timestamp") {
        timestamp(t, &format!("{path}.timestamp"))?;
    }
    if let Some(a) = o.get("attachments") {
        attachments(a, &format!("{path}.attachments"))?;
    }
    Ok(())
}

/// A statement as a client sends it (Data §2).
pub fn statement(v: &Value) -> Result<()> {
    let path = "statement";
    let o = object(v, path)?;
    statement_body(v, path, false)?;
    if let Some(id) = o.get("id") {
        uuid_value(id, "statement.id")?;
    }
    if let Some(s) = o.get("stored") {
        timestamp(s, "statement.stored")?;
    }
    if let Some(a) = o.get("authority") {
        actor(a, "statement.authority")?;
        // A group as authority is an OAuth consumer and user: anonymous, with exactly two agents.
        if a.get("objectType").and_then(Value::as_str) == Some("Group")
            && (super::agents::key(a).is_some() || super::agents::members(a).len() != 2)
        {
            return Err(bad(
                "statement.authority",
                "a group as authority must be anonymous, with exactly two member agents",
            ));
        }
    }
    if let Some(ver) = o.get("version") {
        if !ver.as_str().is_some_and(super::accepts_version) {
            return Err(bad("statement.version", "must be a 1.0.x version"));
        }
    }
    if o.get("verb").and_then(|v| v.get("id")).and_then(Value::as_str) == Some(super::VOIDED)
        && o.get("object").and_then(|v| v.get("objectType")).and_then(Value::as_str) != Some("StatementRef")
    {
        return Err(bad("statement.object", "a voiding statement's object must be a StatementRef"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn ok(v: serde_json::Value) -> bool {
        super::statement(&v).is_ok()
    }

    fn base() -> serde_json::Value {
        json!({"actor": {"mbox": "mailto:a@example.com"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
               "object": {"id": "http://example.com/a"}})
    }

    #[test]
    fn statements() {
        assert!(ok(base()));
        let mut s = base();
        s["actor"]["openid"] = json!("http://openid.example.com/a");
        assert!(!ok(s), "two IFIs");
        let mut s = base();
        s["Actor"] = json!({});
        assert!(!ok(s), "case sensitive");
        let mut s = base();
        s["result"] = json!({"score": {"raw": 5, "min": 6, "max": 10}});
        assert!(!ok(s), "raw below min");
        let mut s = base();
        s["context"] = json!({"revision": "r", "registration": "9e6d1c2e-7b3a-4f1d-9c0e-1a2b3c4d5e6f"});
        assert!(ok(s.clone()));
        s["object"] = json!({"objectType": "Agent", "mbox": "mailto:b@example.com"});
        assert!(!ok(s), "revision with a non-activity object");
        let mut s = base();
        s["verb"]["display"] = json!({"not a tag!": "x"});
        assert!(!ok(s));
        let mut s = base();
        s["timestamp"] = json!("2013-05-18T05:32:34.804-00:00");
        assert!(!ok(s));
        let mut s = base();
        s["object"] = json!({"objectType": "SubStatement", "actor": {"mbox": "mailto:b@example.com"},
                            "verb": {"id": "http://x/v"}, "object": {"objectType": "SubStatement"}});
        assert!(!ok(s), "nested sub-statement");
    }
}
