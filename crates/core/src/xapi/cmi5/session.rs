//! An AU session on the LRS. The auth-token a launch's fetch URL hands out (cmi5 §8.2) is the
//! password of HTTP Basic with the user name `cmi5`; it works until the session expires and only
//! for that session's learner, registration and AU:
//!
//! - statements: written under the cmi5 rules below, read only within the session's registration;
//! - state documents: the learner's own, and `LMS.LaunchData` read-only (cmi5 §10.2.1);
//! - agent profile: the learner's own (`cmi5LearnerPreferences`, cmi5 §11); activity profiles: read.
//!
//! The rules (cmi5 §6.3, §7.1, §9), checked in the transaction that stores the batch, in timestamp
//! order; a batch that breaks one is refused whole (403 `cmi5_rejected`, saying which rule):
//! every statement carries the session's actor, registration, session id and publisher id grouping
//! (the context template); no voiding and none of the LMS's verbs (launched, satisfied, abandoned,
//! waived); `initialized` first, nothing after `terminated` or `abandoned`; each cmi5 defined verb at
//! most once per session, and one of `passed`/`failed`; `completed` and `passed` at most once per
//! registration, no `failed` after `passed`; `completed`, `passed` and `failed` only in `Normal`
//! launch mode; results as §9.5 says (success, completion, score, duration, the moveOn category)
//! and scores consistent with the masteryScore.

use std::sync::Arc;

use diesel::prelude::*;
use serde_json::{json, Value};

use super::{ext, verbs, LAUNCH_DATA};
use crate::{
    core::Core,
    courses::content::Cmi5Content,
    db::{
        schema::{cmi5_sessions, lessons, tenants, xapi_statements},
        scoped::same_tenant,
        types::{Cmi5SessionId, EnrollmentId, LessonId, StatementId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    identity::tokens::{self, TokenKind},
    scope::{Need, RequestMeta, TenantScope},
    tenants::TenantStatus,
    with_conn,
    xapi::{
        agents,
        credentials::Lrs,
        documents::{Kind, Set},
        VOIDED,
    },
};

/// The HTTP Basic user name of an AU session's auth-token.
pub const USER: &str = "cmi5";

/// An AU session, as its token authorizes it.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: Cmi5SessionId,
    pub enrollment: EnrollmentId,
    pub lesson: LessonId,
    pub user: UserId,
    /// The canonical identifier of the launched learner (the actor of every statement).
    pub actor_key: String,
    /// The registration (the enrollment's id).
    pub registration: String,
    pub launch_mode: String,
    pub au: Cmi5Content,
}

fn rejected(message: impl Into<String>) -> Error {
    Error::Forbidden { code: "cmi5_rejected", message: message.into() }
}

fn forbidden(message: &str) -> Error {
    Error::Forbidden { code: "cmi5_forbidden", message: message.into() }
}

/// The LRS access of the AU session whose auth-token `secret` is: 401 for anything unknown, or a
/// session that expired or was abandoned.
pub async fn authenticate(core: &Core, home: &str, secret: &str, meta: RequestMeta) -> Result<Lrs> {
    let (tenant, hash) = tokens::parse(TokenKind::Cmi5Session, secret).ok_or(Error::Unauthenticated)?;
    let scope = TenantScope::anonymous(tenant, RequestMeta::default());
    let home = home.trim_end_matches('/').to_string();
    let base = home.clone();
    let (session, status) = core
        .db
        .read(&scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            type Found = (Cmi5SessionId, EnrollmentId, LessonId, UserId, String, String, Timestamp, Option<String>);
            let row: Option<(Found, TenantStatus)> = with_conn!(tx, |c| t
                .scoped(cmi5_sessions::table)
                .inner_join(lessons::table.on(
                    same_tenant(lessons::table, cmi5_sessions::table).and(lessons::id.eq(cmi5_sessions::lesson_id))
                ))
                .inner_join(tenants::table.on(same_tenant(tenants::table, cmi5_sessions::table)))
                .filter(cmi5_sessions::token_hash.eq(hash))
                .select((
                    (
                        cmi5_sessions::id,
                        cmi5_sessions::enrollment_id,
                        cmi5_sessions::lesson_id,
                        cmi5_sessions::user_id,
                        cmi5_sessions::launch_mode,
                        cmi5_sessions::state,
                        cmi5_sessions::expires_at,
                        lessons::cmi5,
                    ),
                    tenants::status,
                ))
                .first(c)
                .optional())?;
            let ((id, enrollment, lesson, user, launch_mode, state, expires_at, au), status) =
                row.ok_or(Error::Unauthenticated)?;
            if expires_at < Timestamp::now() || state == "abandoned" {
                return Err(Error::Unauthenticated);
            }
            let au = Cmi5Content::from_column(lesson, au.as_deref())?.ok_or(Error::Unauthenticated)?;
            let actor = super::super::record::learner(&base, user);
            Ok((
                Session {
                    id,
                    enrollment,
                    lesson,
                    user,
                    actor_key: agents::key(&actor).unwrap_or_default(),
                    registration: enrollment.to_string(),
                    launch_mode,
                    au,
                },
                status,
            ))
        })
        .await?;
    if matches!(status, TenantStatus::Suspended | TenantStatus::Deleted) {
        return Err(Error::Forbidden {
            code: "tenant_suspended",
            message: "this institution is suspended; contact Lyceum support".into(),
        });
    }
    let scope = TenantScope::anonymous(tenant, meta).with_read_only(status == TenantStatus::Canceled);
    Ok(Lrs {
        scope,
        credential: None,
        can_write: true,
        authority: json!({ "objectType": "Agent", "name": "Lyceum", "account": { "homePage": home, "name": "lyceum" } }),
        session: Some(Arc::new(session)),
    })
}

/// Refuses a session's document access outside its learner (see the module).
pub fn guard_document(lrs: &Lrs, set: &Set, id: Option<&str>, write: bool) -> Result<()> {
    let Some(s) = &lrs.session else { return Ok(()) };
    match set.kind {
        Kind::ActivityProfile if write => Err(forbidden("an AU session may read activity profiles, not write them")),
        Kind::ActivityProfile => Ok(()),
        _ if set.agent != s.actor_key => {
            Err(forbidden("an AU session reaches the launched learner's documents only (its `actor`)"))
        }
        Kind::State if write && id.is_none() => Err(forbidden("an AU session deletes state documents one at a time")),
        Kind::State if write && id == Some(LAUNCH_DATA) => {
            Err(forbidden("the AU must not modify or delete LMS.LaunchData (cmi5 §10.2.1)"))
        }
        _ => Ok(()),
    }
}

/// Refuses a session's statement query outside its registration.
pub fn guard_query(lrs: &Lrs, registration: Option<&str>) -> Result<()> {
    let Some(s) = &lrs.session else { return Ok(()) };
    match registration {
        Some(r) if r.eq_ignore_ascii_case(&s.registration) => Ok(()),
        _ => Err(forbidden("an AU session queries statements of its registration only: give `registration`")),
    }
}

/// Whether a session may read this statement (one of its registration); always for a credential.
pub fn may_read(lrs: &Lrs, statement: &Value) -> bool {
    let Some(s) = &lrs.session else { return true };
    statement
        .pointer("/context/registration")
        .and_then(Value::as_str)
        .is_some_and(|r| r.eq_ignore_ascii_case(&s.registration))
}

/// What a batch of the session's statements changes (applied after it is stored).
#[derive(Debug, Default)]
pub(crate) struct Effects {
    pub state: Option<&'static str>,
    pub verbs: Vec<String>,
    pub completed: bool,
    pub passed: bool,
    pub started: bool,
    /// The scaled score of a `passed` or `failed` statement, and which.
    pub scored: Option<(Option<f64>, bool)>,
}

fn ids_of(list: Option<&Value>) -> Vec<&str> {
    match list {
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.get("id").and_then(Value::as_str)).collect(),
        Some(o @ Value::Object(_)) => o.get("id").and_then(Value::as_str).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn timestamp(s: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    s.get("timestamp")
        .and_then(Value::as_str)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .unwrap_or_default()
}

/// Checks a batch against the session's state and the cmi5 rules (see the module), in the
/// transaction that stores it; statements already stored (a retry) are not checked again.
pub(crate) fn check(tx: &mut TenantTx<'_>, s: &Session, batch: &[(StatementId, Value, Value)]) -> Result<Effects> {
    let t = tx.tenant();
    // Locks the session (PostgreSQL) so its statements are judged one batch at a time.
    let now = Timestamp::now();
    let (state, used): (String, String) =
        with_conn!(tx, |c| diesel::update(t.scoped(cmi5_sessions::table).filter(cmi5_sessions::id.eq(s.id)))
            .set(cmi5_sessions::last_at.eq(now))
            .returning((cmi5_sessions::state, cmi5_sessions::verbs))
            .get_result(c))?;
    let ids: Vec<StatementId> = batch.iter().map(|b| b.0).collect();
    let stored: Vec<StatementId> = with_conn!(tx, |c| t
        .scoped(xapi_statements::table)
        .filter(xapi_statements::id.eq_any(&ids))
        .select(xapi_statements::id)
        .load(c))?;
    let outcome = super::outcomes::get(tx, s.enrollment, &s.au.activity_id)?;
    let mut e = Effects { verbs: used.split_whitespace().map(str::to_owned).collect(), ..Effects::default() };
    let mut state = state;
    let mut order: Vec<&(StatementId, Value, Value)> = batch.iter().filter(|b| !stored.contains(&b.0)).collect();
    order.sort_by_key(|b| timestamp(&b.2));
    for (_, _, st) in order {
        let verb = st.pointer("/verb/id").and_then(Value::as_str).unwrap_or("");
        if st.get("actor").and_then(agents::key).as_deref() != Some(s.actor_key.as_str()) {
            return Err(rejected("the actor must be the launched learner (the launch URL's `actor`)"));
        }
        if verb == VOIDED {
            return Err(rejected("an AU may not void statements (cmi5 §6.3)"));
        }
        if [verbs::LAUNCHED, verbs::SATISFIED, verbs::ABANDONED, verbs::WAIVED].contains(&verb) {
            return Err(rejected(format!("{verb} statements are the LMS's (cmi5 §9.3)")));
        }
        let ctx = st.get("context");
        if ctx.and_then(|c| c.pointer("/extensions").and_then(|x| x.get(ext::SESSION_ID))).and_then(Value::as_str)
            != Some(s.id.to_string().as_str())
        {
            return Err(rejected(
                "statements of an AU session carry its session id in context.extensions (the contextTemplate of LMS.LaunchData)",
            ));
        }
        if !ctx
            .and_then(|c| c.get("registration"))
            .and_then(Value::as_str)
            .is_some_and(|r| r.eq_ignore_ascii_case(&s.registration))
        {
            return Err(rejected("context.registration must be the launch's registration"));
        }
        let activities = ctx.and_then(|c| c.get("contextActivities"));
        if !ids_of(activities.and_then(|a| a.get("grouping"))).contains(&s.au.publisher_id.as_str()) {
            return Err(rejected(
                "context.contextActivities.grouping must hold the AU's publisher id (the contextTemplate)",
            ));
        }
        match state.as_str() {
            "terminated" | "abandoned" => {
                return Err(rejected(format!("the session is {state}: it takes no more statements")))
            }
            "launched" if verb != verbs::INITIALIZED => {
                return Err(rejected("the first statement of an AU session is `initialized` (cmi5 §7.1.1)"))
            }
            _ => {}
        }
        let categories = ids_of(activities.and_then(|a| a.get("category")));
        if categories.contains(&ext::CATEGORY_CMI5) {
            defined(s, st, verb, &categories, &outcome, &mut e)?;
            e.verbs.push(verb.rsplit('/').next().unwrap_or(verb).to_string());
        }
        if verb == verbs::INITIALIZED {
            state = "initialized".into();
            e.state = Some("initialized");
            e.started = true;
        } else if verb == verbs::TERMINATED {
            state = "terminated".into();
            e.state = Some("terminated");
        }
    }
    Ok(e)
}

/// The rules of a cmi5 defined statement (cmi5 §9.3, §9.5).
fn defined(
    s: &Session,
    st: &Value,
    verb: &str,
    categories: &[&str],
    outcome: &super::outcomes::Outcome,
    e: &mut Effects,
) -> Result<()> {
    let word = verb.rsplit('/').next().unwrap_or(verb);
    if ![verbs::INITIALIZED, verbs::COMPLETED, verbs::PASSED, verbs::FAILED, verbs::TERMINATED].contains(&verb) {
        return Err(rejected(format!("{verb} is not a verb an AU uses in a cmi5 defined statement")));
    }
    if st.pointer("/object/id").and_then(Value::as_str) != Some(s.au.activity_id.as_str()) {
        return Err(rejected("the object of a cmi5 defined statement is the AU: the launch URL's `activityId`"));
    }
    if e.verbs.iter().any(|v| v == word) {
        return Err(rejected(format!("`{word}` was already sent in this session")));
    }
    let result = st.get("result");
    let success = result.and_then(|r| r.get("success"));
    let completion = result.and_then(|r| r.get("completion"));
    let score = result.and_then(|r| r.get("score"));
    let duration = result.and_then(|r| r.get("duration"));
    if (success.is_some() || completion.is_some()) != categories.contains(&ext::CATEGORY_MOVEON) {
        return Err(rejected(
            "the moveOn category goes with a result's success or completion, and only with them (cmi5 §9.6.2.2)",
        ));
    }
    if let Some(p) = result.and_then(|r| r.pointer("/extensions")).and_then(|x| x.get(ext::PROGRESS)) {
        if !p.as_i64().is_some_and(|p| (0..=100).contains(&p)) {
            return Err(rejected("the progress extension is an integer from 0 to 100"));
        }
    }
    let judged = verb == verbs::PASSED || verb == verbs::FAILED;
    if score.is_some() && !judged {
        return Err(rejected("only passed and failed statements carry a score (cmi5 §9.5.1)"));
    }
    if success.is_some() && !judged {
        return Err(rejected(format!("a `{word}` statement has no result.success (cmi5 §9.5.2)")));
    }
    if completion.is_some() && verb != verbs::COMPLETED {
        return Err(rejected(format!("a `{word}` statement has no result.completion (cmi5 §9.5.3)")));
    }
    if verb != verbs::INITIALIZED && duration.is_none() {
        return Err(rejected(format!("a `{word}` statement carries result.duration (cmi5 §9.5.4)")));
    }
    let normal = s.launch_mode == "Normal";
    if (verb == verbs::COMPLETED || judged) && !normal {
        return Err(rejected(format!("in {} mode an AU sends only initialized and terminated", s.launch_mode)));
    }
    if verb == verbs::COMPLETED {
        if outcome.completed || e.completed {
            return Err(rejected("the AU was already completed in this registration"));
        }
        if completion != Some(&Value::Bool(true)) {
            return Err(rejected("a completed statement has result.completion true"));
        }
        e.completed = true;
    }
    if judged {
        if e.verbs.iter().any(|v| v == "passed" || v == "failed") {
            return Err(rejected("an AU session has one passed or failed statement"));
        }
        if outcome.passed || e.passed {
            return Err(rejected("the AU was already passed in this registration"));
        }
        let passed = verb == verbs::PASSED;
        if success != Some(&Value::Bool(passed)) {
            return Err(rejected(format!("a {word} statement has result.success {passed}")));
        }
        let scaled = score.and_then(|x| x.get("scaled")).and_then(Value::as_f64);
        if let Some(m) = s.au.mastery_score {
            match scaled {
                Some(x) if passed && x < m => {
                    return Err(rejected(format!("a passed statement's scaled score is at least the masteryScore {m}")))
                }
                Some(x) if !passed && x >= m => {
                    return Err(rejected(format!("a failed statement's scaled score is below the masteryScore {m}")))
                }
                _ => {}
            }
            let given =
                st.pointer("/context/extensions").and_then(|x| x.get(ext::MASTERY_SCORE)).and_then(Value::as_f64);
            if given.is_none_or(|g| (g - m).abs() > 1e-9) {
                return Err(rejected(format!(
                    "passed and failed statements judged by the masteryScore carry it in context.extensions ({m})"
                )));
            }
        }
        e.passed |= passed;
        e.scored = Some((scaled, passed));
    }
    Ok(())
}

/// Stores what a checked batch changed: the session's state and verbs, the registration's outcome,
/// and the lesson progress and satisfaction they drive.
pub(crate) fn apply(tx: &mut TenantTx<'_>, s: &Session, e: Effects) -> Result<()> {
    let t = tx.tenant();
    let verbs = e.verbs.join(" ");
    match e.state {
        Some(state) => {
            with_conn!(tx, |c| diesel::update(t.scoped(cmi5_sessions::table).filter(cmi5_sessions::id.eq(s.id)))
                .set((cmi5_sessions::verbs.eq(&verbs), cmi5_sessions::state.eq(state)))
                .execute(c))?
        }
        None => with_conn!(tx, |c| diesel::update(t.scoped(cmi5_sessions::table).filter(cmi5_sessions::id.eq(s.id)))
            .set(cmi5_sessions::verbs.eq(&verbs))
            .execute(c))?,
    };
    super::outcomes::after_au_statements(tx, s, &e)
}
