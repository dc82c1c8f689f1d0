//! The Statement resource's query (xAPI 1.0.3 Communication §2.1.3): filters, order, paging with
//! `more`, and the three formats.
//!
//! Voided statements are never returned by a query (they are read by `voidedStatementId`).
//! `since`/`until` compare `stored`; results are newest first unless `ascending`; a page holds
//! `limit` statements (0 or absent: [`MAX_LIMIT`]); `more` continues after the last one, with the
//! same filters, and is empty on the last page.

use diesel::{prelude::*, sql_types::Bool};
use serde_json::{Map, Value};

use super::{agents, credentials::Lrs, formats, validate};
use crate::{
    core::Core,
    db::{
        schema::{xapi_statement_refs, xapi_statements},
        scoped::Tenant,
        types::{RegistrationId, StatementId, Timestamp},
        TenantTx,
    },
    error::{Error, Result},
    scope::Need,
    with_conn,
};

/// The most statements one page holds.
pub const MAX_LIMIT: i64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    Ids,
    #[default]
    Exact,
    Canonical,
}

/// A parsed statement query.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub agent: Option<String>,
    pub verb: Option<String>,
    pub activity: Option<String>,
    pub registration: Option<RegistrationId>,
    pub related_activities: bool,
    pub related_agents: bool,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub limit: i64,
    pub format: Format,
    pub attachments: bool,
    pub ascending: bool,
    /// Where the previous page ended: (`stored`, id).
    pub after: Option<(Timestamp, StatementId)>,
}

fn flag(v: &str, name: &str) -> Result<bool> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Error::invalid(name.to_string(), "must be true or false")),
    }
}

/// A timestamp parameter (`since`, `until`), to the microsecond the database keeps.
pub fn time(v: &str, name: &str) -> Result<Timestamp> {
    use chrono::SubsecRound;
    formats::parse_timestamp(v)
        .map(|t| Timestamp(t.with_timezone(&chrono::Utc).trunc_subsecs(6)))
        .ok_or_else(|| Error::invalid(name.to_string(), "must be an ISO 8601 timestamp with a time zone"))
}

/// The format parameter alone (also allowed with `statementId`).
pub fn parse_format(v: Option<&str>) -> Result<Format> {
    match v {
        None | Some("exact") => Ok(Format::Exact),
        Some("ids") => Ok(Format::Ids),
        Some("canonical") => Ok(Format::Canonical),
        Some(_) => Err(Error::invalid("format", "must be ids, exact or canonical")),
    }
}

/// An agent given as a query parameter (JSON): its canonical key.
pub fn agent_param(v: &str, name: &str) -> Result<(Value, String)> {
    let a: Value = serde_json::from_str(v).map_err(|_| Error::invalid(name.to_string(), "must be an agent as JSON"))?;
    validate::actor(&a, name)
        .map_err(|_| Error::invalid(name.to_string(), "is not a valid agent or identified group"))?;
    let key = agents::key(&a)
        .ok_or_else(|| Error::invalid(name.to_string(), "must have an inverse functional identifier"))?;
    Ok((a, key))
}

impl Query {
    /// Parses the parameters of `GET /statements` (without `statementId`/`voidedStatementId`).
    pub fn parse(params: &[(String, String)]) -> Result<Query> {
        let mut q = Query { limit: MAX_LIMIT, ..Query::default() };
        for (k, v) in params {
            match k.as_str() {
                "agent" => q.agent = Some(agent_param(v, "agent")?.1),
                "verb" => {
                    if !formats::is_iri(v) {
                        return Err(Error::invalid("verb", "must be an IRI"));
                    }
                    q.verb = Some(v.clone());
                }
                "activity" => {
                    if !formats::is_iri(v) {
                        return Err(Error::invalid("activity", "must be an IRI"));
                    }
                    q.activity = Some(v.clone());
                }
                "registration" => {
                    if !formats::is_uuid(v) {
                        return Err(Error::invalid("registration", "must be a UUID"));
                    }
                    q.registration = uuid::Uuid::parse_str(v).ok().map(RegistrationId);
                }
                "related_activities" => q.related_activities = flag(v, k)?,
                "related_agents" => q.related_agents = flag(v, k)?,
                "since" => q.since = Some(time(v, "since")?),
                "until" => q.until = Some(time(v, "until")?),
                "limit" => {
                    let l: i64 = v.parse().map_err(|_| Error::invalid("limit", "must be a whole number"))?;
                    if l < 0 {
                        return Err(Error::invalid("limit", "must not be negative"));
                    }
                    q.limit = if l == 0 { MAX_LIMIT } else { l.min(MAX_LIMIT) };
                }
                "format" => q.format = parse_format(Some(v))?,
                "attachments" => q.attachments = flag(v, k)?,
                "ascending" => q.ascending = flag(v, k)?,
                "more" => {
                    let (t, id) = v.split_once('_').ok_or_else(|| Error::invalid("more", "is not a page key"))?;
                    let t = chrono::DateTime::parse_from_rfc3339(t)
                        .map_err(|_| Error::invalid("more", "is not a page key"))?;
                    let id = uuid::Uuid::parse_str(id)
                        .map(StatementId)
                        .map_err(|_| Error::invalid("more", "is not a page key"))?;
                    q.after = Some((Timestamp(t.with_timezone(&chrono::Utc)), id));
                }
                other => return Err(Error::invalid(other.to_string(), "is not a parameter of the Statement resource")),
            }
        }
        Ok(q)
    }
}

type Cond<DB> = Box<dyn BoxableExpression<xapi_statements::table, DB, SqlType = Bool>>;

/// The filters of a query as one condition on `xapi_statements`, per backend.
trait Filters: diesel::backend::Backend + Sized {
    /// The query's `agent`, `verb`, `activity` and `registration` filters (`None`: there are none),
    /// or'ed with `id IN also` when `also` is not empty.
    fn condition(q: &Query, t: Tenant, also: &[StatementId]) -> Option<Cond<Self>>;
}

macro_rules! filters_for {
    ($db:ty) => {
        impl Filters for $db {
            fn condition(q: &Query, t: Tenant, also: &[StatementId]) -> Option<Cond<$db>> {
                let mut parts: Vec<Cond<$db>> = Vec::new();
                for (kind, value, related) in
                    [("agent", &q.agent, q.related_agents), ("activity", &q.activity, q.related_activities)]
                {
                    let Some(value) = value else { continue };
                    let mut refs = t
                        .scoped(xapi_statement_refs::table)
                        .filter(xapi_statement_refs::kind.eq(kind))
                        .filter(xapi_statement_refs::value.eq(value.clone()))
                        .into_boxed::<$db>();
                    if !related {
                        refs = refs.filter(xapi_statement_refs::related.eq(false));
                    }
                    // The references repeat the verb: the index then yields only what matches both.
                    if let Some(verb) = &q.verb {
                        refs = refs.filter(xapi_statement_refs::verb_id.eq(verb.clone()));
                    }
                    parts.push(Box::new(xapi_statements::id.eq_any(refs.select(xapi_statement_refs::statement_id))));
                }
                if let Some(verb) = &q.verb {
                    parts.push(Box::new(xapi_statements::verb_id.eq(verb.clone())));
                }
                if let Some(r) = q.registration {
                    parts.push(Box::new(xapi_statements::registration.eq(r).assume_not_null()));
                }
                let mut it = parts.into_iter();
                let first = it.next()?;
                let all: Cond<$db> = it.fold(first, |acc, p| Box::new(acc.and(p)));
                if also.is_empty() {
                    Some(all)
                } else {
                    Some(Box::new(all.or(xapi_statements::id.eq_any(also.to_vec()))))
                }
            }
        }
    };
}

filters_for!(diesel::pg::Pg);
filters_for!(diesel::sqlite::Sqlite);

fn condition<C: diesel::Connection>(_: &C, q: &Query, t: Tenant, also: &[StatementId]) -> Option<Cond<C::Backend>>
where
    C::Backend: Filters,
{
    <C::Backend as Filters>::condition(q, t, also)
}

/// The statements that target (by a StatementRef object, directly or through others) a statement
/// matching the query's filters: they match too (Communication §2.1.4), whatever they are about.
fn targeting(tx: &mut TenantTx<'_>, q: &Query) -> Result<Vec<StatementId>> {
    let t = tx.tenant();
    let mut frontier: Vec<StatementId> = with_conn!(tx, |c| {
        let Some(cond) = condition(c, q, t, &[]) else { return Ok(Vec::new()) };
        let referring = diesel::alias!(xapi_statements as referring);
        t.scoped(xapi_statements::table)
            .filter(cond)
            .filter(
                xapi_statements::id.eq_any(
                    referring
                        .filter(referring.field(xapi_statements::tenant_id).eq(t.id()))
                        .filter(referring.field(xapi_statements::target).is_not_null())
                        .select(referring.field(xapi_statements::target).assume_not_null()),
                ),
            )
            .select(xapi_statements::id)
            .load(c)
    })?;
    let mut found: Vec<StatementId> = Vec::new();
    // Chains of references are followed ten deep.
    for _ in 0..10 {
        if frontier.is_empty() {
            break;
        }
        let next: Vec<StatementId> = with_conn!(tx, |c| t
            .scoped(xapi_statements::table)
            .filter(xapi_statements::target.eq_any(&frontier))
            .select(xapi_statements::id)
            .load(c))?;
        frontier = next.into_iter().filter(|id| !found.contains(id)).collect();
        found.extend(frontier.iter().copied());
    }
    Ok(found)
}

/// One page of statements and the key of the next page, if there is one.
pub async fn run(core: &Core, lrs: &Lrs, q: Query) -> Result<(Vec<Value>, Option<String>)> {
    super::cmi5::session::guard_query(lrs, q.registration.map(|r| r.to_string()).as_deref())?;
    let limit = q.limit;
    let rows: Vec<(Timestamp, StatementId, String)> = core
        .db
        .read(&lrs.scope, Need::Nobody, move |tx| {
            let also = targeting(tx, &q)?;
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| {
                let mut s = t.scoped(xapi_statements::table).filter(xapi_statements::voided.eq(false)).into_boxed();
                if let Some(cond) = condition(c, &q, t, &also) {
                    s = s.filter(cond);
                }
                if let Some(since) = q.since {
                    s = s.filter(xapi_statements::stored.gt(since));
                }
                if let Some(until) = q.until {
                    s = s.filter(xapi_statements::stored.le(until));
                }
                if let Some((at, id)) = q.after {
                    s = if q.ascending {
                        s.filter(
                            xapi_statements::stored
                                .gt(at)
                                .or(xapi_statements::stored.eq(at).and(xapi_statements::id.gt(id))),
                        )
                    } else {
                        s.filter(
                            xapi_statements::stored
                                .lt(at)
                                .or(xapi_statements::stored.eq(at).and(xapi_statements::id.lt(id))),
                        )
                    };
                }
                s = if q.ascending {
                    s.order((xapi_statements::stored.asc(), xapi_statements::id.asc()))
                } else {
                    s.order((xapi_statements::stored.desc(), xapi_statements::id.desc()))
                };
                s.limit(q.limit + 1)
                    .select((xapi_statements::stored, xapi_statements::id, xapi_statements::statement))
                    .load(c)
            })?)
        })
        .await?;
    let more = rows.len() as i64 > limit;
    let page: Vec<_> = rows.into_iter().take(limit as usize).collect();
    let next = if more {
        page.last().map(|(at, id, _)| format!("{}_{id}", at.0.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)))
    } else {
        None
    };
    let statements = page
        .into_iter()
        .map(|(_, _, s)| serde_json::from_str(&s).map_err(Error::internal))
        .collect::<Result<Vec<Value>>>()?;
    Ok((statements, next))
}

/// A statement in the requested format: `exact` as stored; `ids` with agents, groups, activities
/// and verbs reduced to what identifies them; `canonical` with each language map reduced to the
/// caller's preferred language (`languages`, most preferred first; else the map's first entry).
pub fn format(s: &Value, f: Format, languages: &[String]) -> Value {
    match f {
        Format::Exact => s.clone(),
        Format::Ids => ids(s),
        Format::Canonical => canonical(s, languages),
    }
}

fn ids(s: &Value) -> Value {
    let mut out = s.clone();
    let Some(o) = out.as_object_mut() else { return out };
    for k in ["actor", "authority"] {
        if let Some(a) = o.get_mut(k) {
            *a = agents::ids(a);
        }
    }
    if let Some(v) = o.get_mut("verb") {
        *v = Value::Object(
            v.as_object().and_then(|m| m.get("id")).map(|id| ("id".to_string(), id.clone())).into_iter().collect(),
        );
    }
    if let Some(obj) = o.get_mut("object") {
        *obj = match obj.get("objectType").and_then(Value::as_str) {
            None | Some("Activity") => activity_ids(obj),
            Some("Agent" | "Group") => agents::ids(obj),
            Some("SubStatement") => ids(obj),
            _ => obj.clone(),
        };
    }
    if let Some(ctx) = o.get_mut("context").and_then(Value::as_object_mut) {
        for k in ["instructor", "team"] {
            if let Some(a) = ctx.get_mut(k) {
                *a = agents::ids(a);
            }
        }
        if let Some(Value::Object(ca)) = ctx.get_mut("contextActivities") {
            for list in ca.values_mut() {
                if let Value::Array(items) = list {
                    for a in items.iter_mut() {
                        *a = activity_ids(a);
                    }
                }
            }
        }
    }
    out
}

fn activity_ids(a: &Value) -> Value {
    let mut m = Map::new();
    if let Some(id) = a.get("id") {
        m.insert("id".into(), id.clone());
    }
    Value::Object(m)
}

fn canonical(v: &Value, languages: &[String]) -> Value {
    match v {
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, x) in o {
                let lang_map = matches!(k.as_str(), "display" | "name" | "description")
                    && x.as_object().is_some_and(|m| m.values().all(Value::is_string));
                let value = if lang_map {
                    pick_language(x, languages)
                } else if k == "extensions" {
                    x.clone()
                } else {
                    canonical(x, languages)
                };
                out.insert(k.clone(), value);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| canonical(x, languages)).collect()),
        other => other.clone(),
    }
}

fn pick_language(map: &Value, languages: &[String]) -> Value {
    let Some(m) = map.as_object() else { return map.clone() };
    let chosen = languages
        .iter()
        .find_map(|l| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(l)))
        .or_else(|| {
            languages.iter().find_map(|l| {
                let primary = l.split('-').next().unwrap_or(l);
                m.iter().find(|(k, _)| k.split('-').next().is_some_and(|p| p.eq_ignore_ascii_case(primary)))
            })
        })
        .or_else(|| m.iter().next());
    Value::Object(chosen.map(|(k, v)| (k.clone(), v.clone())).into_iter().collect())
}
