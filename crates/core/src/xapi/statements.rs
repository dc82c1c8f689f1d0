//! Storing and reading statements (xAPI 1.0.3 Data §2.3, Communication §2.1).
//!
//! A batch is stored all or nothing, in one transaction: each statement is validated, given its `id`
//! (when it has none), `stored`, `authority` (the credential's agent: the LRS vouches for who wrote
//! it), `version` (1.0.0 when absent) and `timestamp` (`stored` when absent). A statement whose id
//! is already stored is skipped when it is the same statement, and refused (409) when it differs.
//! A voiding statement voids its target unless the target is itself a voiding statement; a target
//! that arrives after its voiding statement is stored voided.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::prelude::*;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{agents, credentials::Lrs, formats, validate, VOIDED};
use crate::{
    core::Core,
    db::{
        schema::{xapi_activities, xapi_attachments, xapi_statement_refs, xapi_statements},
        types::{RegistrationId, StatementId, TenantId, Timestamp},
        TenantTx,
    },
    error::{Error, Result},
    scope::Need,
    with_conn,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = xapi_statements, treat_none_as_default_value = false)]
pub(crate) struct StatementRow {
    pub tenant_id: TenantId,
    pub id: StatementId,
    pub stored: Timestamp,
    pub verb_id: String,
    pub actor: String,
    pub registration: Option<RegistrationId>,
    pub voided: bool,
    pub voids: Option<StatementId>,
    pub target: Option<StatementId>,
    pub statement: String,
}

crate::tenant_rows!(StatementRow);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = xapi_statement_refs)]
struct RefRow {
    tenant_id: TenantId,
    statement_id: StatementId,
    kind: &'static str,
    value: String,
    related: bool,
    stored: Timestamp,
    /// The statement's verb, repeated: an agent-and-verb query reads only its references.
    verb_id: String,
}

crate::tenant_rows!(RefRow);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = xapi_attachments)]
struct AttachmentRow {
    tenant_id: TenantId,
    sha2: String,
    content_type: String,
    content: Vec<u8>,
    created_at: Timestamp,
}

crate::tenant_rows!(AttachmentRow);

/// An attachment's content, sent with its statements (a part of `multipart/mixed`).
#[derive(Debug, Clone)]
pub struct Part {
    pub content_type: String,
    /// The `X-Experience-API-Hash` the part declared.
    pub sha2: String,
    pub content: Vec<u8>,
}

/// The text form of `stored` and of the timestamps the LRS fills in.
pub fn format_time(t: &Timestamp) -> String {
    t.0.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Stores a batch (see the module); answers the statements' ids in order.
/// `put_id` is the `statementId` of a PUT: the statement's `id` must be absent or the same.
pub async fn store(
    core: &Core,
    lrs: &Lrs,
    batch: Vec<Value>,
    put_id: Option<StatementId>,
    parts: Vec<Part>,
) -> Result<Vec<StatementId>> {
    lrs.require_write()?;
    if batch.is_empty() {
        return Err(Error::invalid("statements", "the batch holds no statement"));
    }
    let now = Timestamp::now();
    let stored = format_time(&now);
    let mut ids = Vec::with_capacity(batch.len());
    let mut prepared = Vec::with_capacity(batch.len());
    let mut needed_parts: HashSet<String> = HashSet::new();
    let mut named_parts: HashSet<String> = HashSet::new();
    for (i, mut s) in batch.into_iter().enumerate() {
        validate::statement(&s).map_err(|e| match e {
            Error::Invalid { mut errors } => {
                for f in &mut errors {
                    f.message = format!("statement {i}: {}", f.message);
                }
                Error::Invalid { errors }
            }
            e => e,
        })?;
        let o = s.as_object_mut().expect("validated as an object");
        let id = match (o.get("id").and_then(Value::as_str), put_id) {
            (Some(id), Some(p)) if uuid::Uuid::parse_str(id).ok() != Some(p.0) => {
                return Err(Error::invalid("statementId", "differs from the statement's `id`"))
            }
            (Some(id), _) => uuid::Uuid::parse_str(id)
                .map(StatementId)
                .map_err(|_| Error::invalid("statement.id", "must be a UUID"))?,
            (None, Some(p)) => p,
            (None, None) => StatementId::new(),
        };
        if ids.contains(&id) {
            return Err(Error::invalid("statements", format!("the batch holds the id {id} twice")));
        }
        for a in o.get("attachments").and_then(Value::as_array).into_iter().flatten() {
            if let Some(h) = a.get("sha2").and_then(Value::as_str) {
                named_parts.insert(h.to_string());
                if a.get("fileUrl").is_none() {
                    needed_parts.insert(h.to_string());
                }
            }
        }
        normalize(o);
        super::signature::check(o, &parts)?;
        let given = Value::Object(o.clone());
        o.insert("id".into(), Value::String(id.to_string()));
        o.insert("stored".into(), Value::String(stored.clone()));
        o.insert("authority".into(), lrs.authority.clone());
        o.entry("version").or_insert_with(|| Value::String("1.0.0".into()));
        o.entry("timestamp").or_insert_with(|| Value::String(stored.clone()));
        ids.push(id);
        prepared.push((id, given, s));
    }
    // Every part is named by an attachment, and every attachment without a `fileUrl` has its part.
    let sent: HashSet<&str> = parts.iter().map(|p| p.sha2.as_str()).collect();
    if let Some(missing) = needed_parts.iter().find(|h| !sent.contains(h.as_str())) {
        return Err(Error::invalid("attachments", format!("no part was sent for the attachment with sha2 {missing}")));
    }
    if let Some(extra) = parts.iter().find(|p| !named_parts.contains(&p.sha2)) {
        return Err(Error::invalid("attachments", format!("the part with hash {} matches no attachment", extra.sha2)));
    }
    for p in &parts {
        if hex::encode(Sha256::digest(&p.content)) != p.sha2.to_ascii_lowercase() {
            return Err(Error::invalid("attachments", format!("the part declared as {} has another SHA-256", p.sha2)));
        }
    }
    let session = lrs.session.clone();
    core.db
        .write(&lrs.scope, Need::Nobody, move |tx| match session {
            // An AU session's statements follow the cmi5 rules, judged in this transaction.
            Some(s) => {
                let effects = super::cmi5::session::check(tx, &s, &prepared)?;
                write_batch(tx, now, prepared, parts)?;
                super::cmi5::session::apply(tx, &s, effects)
            }
            None => write_batch(tx, now, prepared, parts),
        })
        .await?;
    Ok(ids)
}

pub(crate) fn write_batch(
    tx: &mut TenantTx<'_>,
    now: Timestamp,
    batch: Vec<(StatementId, Value, Value)>,
    parts: Vec<Part>,
) -> Result<()> {
    let t = tx.tenant();
    let ids: Vec<StatementId> = batch.iter().map(|b| b.0).collect();
    let existing: Vec<(StatementId, String)> = with_conn!(tx, |c| t
        .scoped(xapi_statements::table)
        .filter(xapi_statements::id.eq_any(&ids))
        .select((xapi_statements::id, xapi_statements::statement))
        .load(c))?;
    let existing: HashMap<StatementId, String> = existing.into_iter().collect();
    // Targets of voiding statements already stored (a target may arrive after its voiding statement).
    let voided_early: HashSet<StatementId> = {
        let rows: Vec<Option<StatementId>> = with_conn!(tx, |c| t
            .scoped(xapi_statements::table)
            .filter(xapi_statements::voids.eq_any(&ids))
            .select(xapi_statements::voids)
            .load(c))?;
        rows.into_iter().flatten().collect()
    };
    let mut rows = Vec::new();
    let mut refs = Vec::new();
    let mut voiding = Vec::new();
    let mut definitions: BTreeMap<String, Value> = BTreeMap::new();
    for (id, given, full) in batch {
        if let Some(old) = existing.get(&id) {
            let old: Value = serde_json::from_str(old).map_err(Error::internal)?;
            if same_statement(&old, &given) {
                continue;
            }
            return Err(Error::Conflict {
                code: "xapi_statement_exists",
                field: Some("id"),
                message: format!("a different statement with the id {id} is stored"),
            });
        }
        let verb = full["verb"]["id"].as_str().unwrap_or_default().to_string();
        let target = (full["object"]["objectType"] == "StatementRef")
            .then(|| full["object"]["id"].as_str().and_then(|s| uuid::Uuid::parse_str(s).ok()).map(StatementId))
            .flatten();
        let voids = target.filter(|_| verb == VOIDED);
        if let Some(target) = voids {
            voiding.push(target);
        }
        let registration = full
            .pointer("/context/registration")
            .and_then(Value::as_str)
            .and_then(|r| uuid::Uuid::parse_str(r).ok())
            .map(RegistrationId);
        for (kind, value, related) in references(&full) {
            refs.push(RefRow {
                tenant_id: t.id(),
                statement_id: id,
                kind,
                value,
                related,
                stored: now,
                verb_id: verb.to_string(),
            });
        }
        collect_definitions(&full, &mut definitions);
        rows.push(StatementRow {
            tenant_id: t.id(),
            id,
            stored: now,
            actor: agents::key(&full["actor"]).unwrap_or_default(),
            verb_id: verb,
            registration,
            voided: voids.is_none() && voided_early.contains(&id),
            voids,
            target,
            statement: full.to_string(),
        });
    }
    if rows.is_empty() {
        return Ok(());
    }
    refs.sort_by(|a, b| (a.kind, &a.value, a.related).cmp(&(b.kind, &b.value, b.related)));
    refs.dedup_by(|a, b| {
        a.statement_id == b.statement_id && a.kind == b.kind && a.value == b.value && a.related == b.related
    });
    with_conn!(tx, |c| diesel::insert_into(xapi_statements::table).values(t.stamp_all(&mut rows)).execute(c))?;
    for chunk in refs.chunks_mut(500) {
        with_conn!(tx, |c| diesel::insert_into(xapi_statement_refs::table).values(t.stamp_all(chunk)).execute(c))?;
    }
    if !voiding.is_empty() {
        // A voiding statement never voids another voiding statement.
        with_conn!(tx, |c| diesel::update(
            t.scoped(xapi_statements::table)
                .filter(xapi_statements::id.eq_any(&voiding))
                .filter(xapi_statements::voids.is_null())
        )
        .set(xapi_statements::voided.eq(true))
        .execute(c))?;
    }
    save_definitions(tx, definitions, now)?;
    for p in parts {
        let mut row = AttachmentRow {
            tenant_id: t.id(),
            sha2: p.sha2.to_ascii_lowercase(),
            content_type: p.content_type,
            content: p.content,
            created_at: now,
        };
        with_conn!(tx, |c| diesel::insert_into(xapi_attachments::table)
            .values(t.stamp(&mut row))
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(())
}

/// Context activities are stored as arrays (Data §2.4.6.2: a single one is returned in an array),
/// in the statement and in its sub-statement.
pub(crate) fn normalize(o: &mut Map<String, Value>) {
    fn arrays(ctx: Option<&mut Value>) {
        if let Some(Value::Object(ca)) = ctx.and_then(|c| c.get_mut("contextActivities")) {
            for list in ca.values_mut() {
                if !list.is_array() {
                    *list = Value::Array(vec![list.take()]);
                }
            }
        }
    }
    arrays(o.get_mut("context"));
    if let Some(sub) =
        o.get_mut("object").filter(|v| v.get("objectType").and_then(Value::as_str) == Some("SubStatement"))
    {
        arrays(sub.get_mut("context"));
    }
}

/// Whether a stored statement is the one a client sends again: equal but for what the LRS added.
fn same_statement(stored: &Value, given: &Value) -> bool {
    let strip = |v: &Value, keep_timestamp: bool| -> Value {
        let mut o = v.as_object().cloned().unwrap_or_default();
        for k in ["id", "stored", "authority", "version"] {
            o.remove(k);
        }
        if !keep_timestamp {
            o.remove("timestamp");
        }
        Value::Object(o)
    };
    let has_ts = given.get("timestamp").is_some();
    let a = strip(stored, has_ts);
    let b = strip(given, has_ts);
    if has_ts {
        let ts = |v: &Value| v.get("timestamp").and_then(Value::as_str).and_then(formats::parse_timestamp);
        let (mut a, mut b) = (a, b);
        let same_time = ts(&a) == ts(&b);
        a.as_object_mut().map(|o| o.remove("timestamp"));
        b.as_object_mut().map(|o| o.remove("timestamp"));
        return same_time && a == b;
    }
    a == b
}

/// What a statement refers to: (`agent`/`activity`, canonical value, related?). The actor and the
/// object are direct; the rest (authority, instructor, team, group members, context activities, a
/// sub-statement's parts) only match the `related_*` filters.
pub(crate) fn references(s: &Value) -> Vec<(&'static str, String, bool)> {
    let mut out = Vec::new();
    let mut agent = |v: &Value, related: bool, out: &mut Vec<(&'static str, String, bool)>| {
        if let Some(k) = agents::key(v) {
            out.push(("agent", k, related));
        }
        for m in agents::members(v) {
            if let Some(k) = agents::key(m) {
                out.push(("agent", k, true));
            }
        }
    };
    agent(&s["actor"], false, &mut out);
    let object = &s["object"];
    match object.get("objectType").and_then(Value::as_str) {
        None | Some("Activity") => {
            if let Some(id) = object.get("id").and_then(Value::as_str) {
                out.push(("activity", id.to_string(), false));
            }
        }
        Some("Agent" | "Group") => agent(object, false, &mut out),
        Some("SubStatement") => {
            agent(&object["actor"], true, &mut out);
            match object["object"].get("objectType").and_then(Value::as_str) {
                None | Some("Activity") => {
                    if let Some(id) = object["object"].get("id").and_then(Value::as_str) {
                        out.push(("activity", id.to_string(), true));
                    }
                }
                Some("Agent" | "Group") => agent(&object["object"], true, &mut out),
                _ => {}
            }
            context_refs(&object["context"], &mut out, &mut agent);
        }
        _ => {}
    }
    if let Some(a) = s.get("authority") {
        agent(a, true, &mut out);
    }
    context_refs(&s["context"], &mut out, &mut agent);
    out
}

fn context_refs(
    ctx: &Value,
    out: &mut Vec<(&'static str, String, bool)>,
    agent: &mut impl FnMut(&Value, bool, &mut Vec<(&'static str, String, bool)>),
) {
    for k in ["instructor", "team"] {
        if let Some(a) = ctx.get(k) {
            agent(a, true, out);
        }
    }
    if let Some(Value::Object(ca)) = ctx.get("contextActivities") {
        for list in ca.values() {
            for a in one_or_many(list) {
                if let Some(id) = a.get("id").and_then(Value::as_str) {
                    out.push(("activity", id.to_string(), true));
                }
            }
        }
    }
}

fn one_or_many(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

/// The activities a statement defines (object, context activities, a sub-statement's).
fn collect_definitions(s: &Value, out: &mut BTreeMap<String, Value>) {
    let mut take = |a: &Value| {
        if let (Some(id), Some(def)) = (a.get("id").and_then(Value::as_str), a.get("definition")) {
            if a.get("objectType").and_then(Value::as_str).is_none_or(|t| t == "Activity") {
                let merged = match out.get(id) {
                    Some(known) => merge_definition(known, def),
                    None => def.clone(),
                };
                out.insert(id.to_string(), merged);
            }
        }
    };
    for st in [s, &s["object"]] {
        take(&st["object"]);
        if let Some(Value::Object(ca)) = st.pointer("/context/contextActivities") {
            for list in ca.values() {
                for a in one_or_many(list) {
                    take(a);
                }
            }
        }
    }
    take(&s["object"]);
}

/// Keeps the latest definition of each activity: the known ones merged with what arrived (a
/// property given replaces the stored one; language maps merge by language).
fn save_definitions(tx: &mut TenantTx<'_>, defs: BTreeMap<String, Value>, now: Timestamp) -> Result<()> {
    if defs.is_empty() {
        return Ok(());
    }
    let t = tx.tenant();
    let ids: Vec<&String> = defs.keys().collect();
    let known: Vec<(String, String)> = with_conn!(tx, |c| t
        .scoped(xapi_activities::table)
        .filter(xapi_activities::id.eq_any(&ids))
        .select((xapi_activities::id, xapi_activities::definition))
        .load(c))?;
    let known: HashMap<String, Value> =
        known.into_iter().filter_map(|(id, d)| serde_json::from_str(&d).ok().map(|d| (id, d))).collect();
    for (id, def) in defs {
        let merged = match known.get(&id) {
            Some(old) => merge_definition(old, &def),
            None => def,
        };
        if known.get(&id) == Some(&merged) {
            continue;
        }
        let text = merged.to_string();
        with_conn!(tx, |c| diesel::insert_into(xapi_activities::table)
            .values(t.stamp_columns(
                xapi_activities::table,
                (
                    xapi_activities::id.eq(&id),
                    xapi_activities::definition.eq(&text),
                    xapi_activities::updated_at.eq(now)
                )
            ))
            .on_conflict((xapi_activities::tenant_id, xapi_activities::id))
            .do_update()
            .set((xapi_activities::definition.eq(&text), xapi_activities::updated_at.eq(now)))
            .execute(c))?;
    }
    Ok(())
}

fn merge_definition(old: &Value, new: &Value) -> Value {
    let mut out: Map<String, Value> = old.as_object().cloned().unwrap_or_default();
    for (k, v) in new.as_object().into_iter().flatten() {
        match (out.get_mut(k), v) {
            (Some(Value::Object(a)), Value::Object(b)) if k == "name" || k == "description" => {
                for (lang, text) in b {
                    a.insert(lang.clone(), text.clone());
                }
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// One statement by id: `voided` false reads a statement that is not voided (`statementId`), true
/// one that is (`voidedStatementId`); 404 otherwise.
pub async fn get(core: &Core, lrs: &Lrs, id: StatementId, voided: bool) -> Result<Value> {
    let text: Option<String> = core
        .db
        .read(&lrs.scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t
                .scoped(xapi_statements::table)
                .filter(xapi_statements::id.eq(id))
                .filter(xapi_statements::voided.eq(voided))
                .select(xapi_statements::statement)
                .first(c)
                .optional())?)
        })
        .await?;
    let text = text.ok_or(Error::NotFound { resource: "statement" })?;
    let s: Value = serde_json::from_str(&text).map_err(Error::internal)?;
    if !super::cmi5::session::may_read(lrs, &s) {
        return Err(Error::NotFound { resource: "statement" });
    }
    Ok(s)
}

/// The attachments' contents the statements name, by SHA-256 (those the LRS holds).
pub async fn attachments(core: &Core, lrs: &Lrs, statements: &[Value]) -> Result<Vec<(String, String, Vec<u8>)>> {
    let mut wanted: Vec<String> = statements
        .iter()
        .flat_map(|s| s.get("attachments").and_then(Value::as_array).cloned().unwrap_or_default())
        .filter_map(|a| a.get("sha2").and_then(Value::as_str).map(str::to_ascii_lowercase))
        .collect();
    wanted.sort();
    wanted.dedup();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    core.db
        .read(&lrs.scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t
                .scoped(xapi_attachments::table)
                .filter(xapi_attachments::sha2.eq_any(&wanted))
                .select((xapi_attachments::sha2, xapi_attachments::content_type, xapi_attachments::content))
                .load(c))?)
        })
        .await
}
