//! The Activities resource (the canonical definition of an activity, from the statements that
//! defined it) and the Agents resource (the Person object of an agent) (xAPI 1.0.3 Communication
//! §2.4, §2.5).

use diesel::prelude::*;
use serde_json::{json, Map, Value};

use super::{agents::IFIS, credentials::Lrs};
use crate::{core::Core, db::schema::xapi_activities, error::Result, scope::Need, with_conn};

/// The activity object: its id and the definition the LRS holds (none when it knows none).
pub async fn activity(core: &Core, lrs: &Lrs, id: String) -> Result<Value> {
    let key = id.clone();
    let def: Option<String> = core
        .db
        .read(&lrs.scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t
                .scoped(xapi_activities::table)
                .filter(xapi_activities::id.eq(key))
                .select(xapi_activities::definition)
                .first(c)
                .optional())?)
        })
        .await?;
    let mut out = json!({ "objectType": "Activity", "id": id });
    if let Some(d) = def.and_then(|d| serde_json::from_str::<Value>(&d).ok()) {
        out["definition"] = d;
    }
    Ok(out)
}

/// The Person object of an agent: every property as an array (Lyceum knows of no other identities
/// of the same person, so each holds the agent's own).
pub fn person(agent: &Value) -> Value {
    let mut p = Map::new();
    p.insert("objectType".into(), json!("Person"));
    for k in std::iter::once(&"name").chain(IFIS.iter()) {
        if let Some(v) = agent.get(*k) {
            p.insert((*k).to_string(), json!([v]));
        }
    }
    Value::Object(p)
}
