//! How long each institution keeps its records (issue 23, item 3). Each [`Category`] has a platform
//! default and minimum; an institution may keep records longer, or as short as the minimum
//! (`GET/PATCH /v1/retention`). The hourly maintenance job ([`enforce`], through
//! `maintenance::expire_tenant_data`) removes what is past its time in every institution, counts it per
//! category (shown in `GET /v1/retention` and in `/metrics` as `lyceum_retention_removed_total`), and
//! cuts the audit chain so that what is left still verifies.
//!
//! Inactive learners are off unless an institution sets a period: then learners who have neither
//! signed in nor learned for that long are erased ([`crate::privacy::erase`]), a bounded number per
//! institution per run, each in its own transaction ([`inactive_learners`], [`count_erased`]).

use chrono::Duration;
use diesel::prelude::*;

use crate::{
    audit,
    db::{
        schema::{
            enrollments, events, idempotency_keys, lti_access_tokens, lti_deep_links, lti_launches, operations,
            retention_settings, sessions, sso_logins, stripe_events, users, webhook_deliveries,
        },
        types::{TenantId, Timestamp, UserId},
        AnyConn, Db, HasConn, TenantTx,
    },
    error::{Result, Validator},
    scope::{permissions::Permission, TenantScope},
    webhooks::DeliveryStatus,
    with_conn, Core,
};

/// A kind of record with a retention period, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Category {
    pub name: &'static str,
    pub default_days: i64,
    pub minimum_days: i64,
    pub maximum_days: i64,
    /// What "older than" is measured from.
    pub measured_from: &'static str,
}

/// Every category, in the order the API shows them.
pub const CATEGORIES: [Category; 8] = [
    // Auditors ask for a year at least; two by default.
    Category {
        name: "audit_events",
        default_days: 730,
        minimum_days: 365,
        maximum_days: 3650,
        measured_from: "when the event was recorded",
    },
    // Domain events feed webhooks; a delivery retries for up to 3 days, so a week at least.
    Category {
        name: "domain_events",
        default_days: 30,
        minimum_days: 7,
        maximum_days: 3650,
        measured_from: "when the event happened",
    },
    Category {
        name: "webhook_deliveries",
        default_days: 30,
        minimum_days: 7,
        maximum_days: 3650,
        measured_from: "the delivery's last attempt (pending deliveries are kept)",
    },
    Category {
        name: "sessions",
        default_days: 7,
        minimum_days: 1,
        maximum_days: 365,
        measured_from: "when the session expired or was revoked",
    },
    // A retried request must find its record for 24 hours; it is of no use after that.
    Category {
        name: "idempotency_records",
        default_days: 1,
        minimum_days: 1,
        maximum_days: 1,
        measured_from: "when the request was made",
    },
    Category {
        name: "operations",
        default_days: 90,
        minimum_days: 7,
        maximum_days: 3650,
        measured_from: "when the operation finished (running ones are kept)",
    },
    // Stripe's events about the institution's subscription, once applied; Stripe keeps its own copy.
    Category {
        name: "stripe_events",
        default_days: 90,
        minimum_days: 30,
        maximum_days: 3650,
        measured_from: "when Lyceum received the event (unapplied events are kept)",
    },
    // Off (0) unless the institution sets a period.
    Category {
        name: "inactive_learners",
        default_days: 0,
        minimum_days: 180,
        maximum_days: 3650,
        measured_from: "the learner's last sign-in or learning activity (0: learners are never erased for \
                        inactivity)",
    },
];

/// Learners erased for inactivity per institution per hourly run (the rest wait for the next run).
pub const INACTIVE_PER_RUN: i64 = 100;

#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = retention_settings, treat_none_as_null = true)]
struct SettingsRow {
    /// Never changed by an update (Citus refuses to change a distribution column, even to itself).
    #[diesel(skip_update)]
    tenant_id: TenantId,
    audit_events_days: Option<i64>,
    domain_events_days: Option<i64>,
    webhook_deliveries_days: Option<i64>,
    sessions_days: Option<i64>,
    operations_days: Option<i64>,
    stripe_events_days: Option<i64>,
    inactive_learners_days: Option<i64>,
    updated_at: Option<Timestamp>,
    last_run_at: Option<Timestamp>,
    removed_audit_events: i64,
    removed_domain_events: i64,
    removed_webhook_deliveries: i64,
    removed_sessions: i64,
    removed_idempotency_records: i64,
    removed_operations: i64,
    removed_stripe_events: i64,
    removed_inactive_learners: i64,
}

crate::tenant_rows!(SettingsRow);

impl SettingsRow {
    fn chosen(&self, name: &str) -> Option<i64> {
        match name {
            "audit_events" => self.audit_events_days,
            "domain_events" => self.domain_events_days,
            "webhook_deliveries" => self.webhook_deliveries_days,
            "sessions" => self.sessions_days,
            "operations" => self.operations_days,
            "stripe_events" => self.stripe_events_days,
            "inactive_learners" => self.inactive_learners_days,
            _ => None,
        }
    }

    fn chosen_mut(&mut self, name: &str) -> Option<&mut Option<i64>> {
        match name {
            "audit_events" => Some(&mut self.audit_events_days),
            "domain_events" => Some(&mut self.domain_events_days),
            "webhook_deliveries" => Some(&mut self.webhook_deliveries_days),
            "sessions" => Some(&mut self.sessions_days),
            "operations" => Some(&mut self.operations_days),
            "stripe_events" => Some(&mut self.stripe_events_days),
            "inactive_learners" => Some(&mut self.inactive_learners_days),
            _ => None,
        }
    }

    fn days(&self, c: &Category) -> i64 {
        match self.chosen(c.name) {
            // A category off by default stays off until chosen.
            None if c.default_days == 0 => 0,
            chosen => chosen.unwrap_or(c.default_days).clamp(c.minimum_days, c.maximum_days),
        }
    }

    fn add(&mut self, removed: &Removed) {
        self.removed_audit_events += removed.audit_events as i64;
        self.removed_domain_events += removed.domain_events as i64;
        self.removed_webhook_deliveries += removed.webhook_deliveries as i64;
        self.removed_sessions += removed.sessions as i64;
        self.removed_idempotency_records += removed.idempotency_records as i64;
        self.removed_operations += removed.operations as i64;
        self.removed_stripe_events += removed.stripe_events as i64;
        self.removed_inactive_learners += removed.inactive_learners as i64;
    }

    fn removed(&self, name: &str) -> i64 {
        match name {
            "audit_events" => self.removed_audit_events,
            "domain_events" => self.removed_domain_events,
            "webhook_deliveries" => self.removed_webhook_deliveries,
            "sessions" => self.removed_sessions,
            "idempotency_records" => self.removed_idempotency_records,
            "stripe_events" => self.removed_stripe_events,
            "inactive_learners" => self.removed_inactive_learners,
            _ => self.removed_operations,
        }
    }
}

/// Records removed, per category.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    pub audit_events: usize,
    pub domain_events: usize,
    pub webhook_deliveries: usize,
    pub sessions: usize,
    pub idempotency_records: usize,
    pub operations: usize,
    pub stripe_events: usize,
    pub inactive_learners: usize,
}

impl Removed {
    pub fn total(&self) -> usize {
        self.by_category().iter().map(|(_, n)| n).sum()
    }

    /// (category, count) pairs in [`CATEGORIES`] order.
    pub fn by_category(&self) -> [(&'static str, usize); 8] {
        [
            ("audit_events", self.audit_events),
            ("domain_events", self.domain_events),
            ("webhook_deliveries", self.webhook_deliveries),
            ("sessions", self.sessions),
            ("idempotency_records", self.idempotency_records),
            ("operations", self.operations),
            ("stripe_events", self.stripe_events),
            ("inactive_learners", self.inactive_learners),
        ]
    }

    /// Adds another run's counts.
    pub fn add(&mut self, other: &Removed) {
        self.audit_events += other.audit_events;
        self.domain_events += other.domain_events;
        self.webhook_deliveries += other.webhook_deliveries;
        self.sessions += other.sessions;
        self.idempotency_records += other.idempotency_records;
        self.operations += other.operations;
        self.stripe_events += other.stripe_events;
        self.inactive_learners += other.inactive_learners;
    }
}

/// One category as an institution sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CategoryPolicy {
    pub category: Category,
    /// What applies: the institution's choice, else the default.
    pub days: i64,
    /// Whether the institution chose it.
    pub chosen: bool,
    /// Records removed since the institution's first retention run.
    pub removed: i64,
}

/// The institution's retention policy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Policy {
    pub categories: Vec<CategoryPolicy>,
    pub updated_at: Option<Timestamp>,
    pub last_run_at: Option<Timestamp>,
}

fn load(tx: &mut TenantTx<'_>) -> Result<SettingsRow> {
    let t = tx.tenant();
    let row: Option<SettingsRow> =
        with_conn!(tx, |c| t.scoped(retention_settings::table).select(SettingsRow::as_select()).first(c).optional())?;
    Ok(row.unwrap_or(SettingsRow { tenant_id: tx.tenant_id(), ..Default::default() }))
}

fn save(tx: &mut TenantTx<'_>, row: &SettingsRow) -> Result<()> {
    let (mut row, mut update) = (row.clone(), row.clone());
    let t = tx.tenant();
    t.stamp(&mut update);
    with_conn!(tx, |c| diesel::insert_into(retention_settings::table)
        .values(t.stamp(&mut row))
        .on_conflict(retention_settings::tenant_id)
        .do_update()
        .set(&update)
        .execute(c))?;
    Ok(())
}

fn policy(row: &SettingsRow) -> Policy {
    Policy {
        categories: CATEGORIES
            .iter()
            .map(|c| CategoryPolicy {
                category: *c,
                days: row.days(c),
                chosen: row.chosen(c.name).is_some(),
                removed: row.removed(c.name),
            })
            .collect(),
        updated_at: row.updated_at,
        last_run_at: row.last_run_at,
    }
}

/// The scope's institution's policy (`tenant:write`: owners and admins).
pub async fn get(core: &Core, scope: &TenantScope) -> Result<Policy> {
    core.db.read(scope, Permission::TenantWrite, |tx| Ok(policy(&load(tx)?))).await
}

/// Sets the named categories' periods, in days (`tenant:write`). A period outside the category's
/// minimum and maximum is a 400 naming the field; `None` for a category goes back to its default.
pub async fn update(core: &Core, scope: &TenantScope, changes: Vec<(String, Option<i64>)>) -> Result<Policy> {
    let mut v = Validator::new();
    for (name, days) in &changes {
        match CATEGORIES.iter().find(|c| c.name == name) {
            None => v.push(name, "is not a retention category"),
            Some(c) if c.minimum_days == c.maximum_days => {
                v.push(name, format!("is fixed at {} day(s) for every institution", c.minimum_days))
            }
            Some(c) => {
                if let Some(d) = days {
                    if *d < c.minimum_days || *d > c.maximum_days {
                        v.push(
                            name,
                            format!(
                                "must be between {} and {} days (the platform's minimum and maximum)",
                                c.minimum_days, c.maximum_days
                            ),
                        );
                    }
                }
            }
        }
    }
    v.finish()?;
    core.db
        .write(scope, Permission::TenantWrite, move |tx| {
            let mut row = load(tx)?;
            let mut changed = serde_json::Map::new();
            for (name, days) in &changes {
                if let Some(slot) = row.chosen_mut(name) {
                    if *slot != *days {
                        changed.insert(name.clone(), serde_json::json!({ "from": *slot, "to": days }));
                        *slot = *days;
                    }
                }
            }
            if !changed.is_empty() {
                row.updated_at = Some(Timestamp::now());
                save(tx, &row)?;
                audit::record(
                    tx,
                    "retention.updated",
                    Some(("tenant", tx.tenant_id().to_string())),
                    serde_json::json!({ "changes": changed }),
                )?;
            }
            Ok(policy(&row))
        })
        .await
}

/// Removes the transaction's tenant's records that are past their period, and counts them.
pub(crate) fn enforce(tx: &mut TenantTx<'_>) -> Result<Removed> {
    let mut row = load(tx)?;
    let now = Timestamp::now();
    let cutoff = |name: &str| {
        let c = CATEGORIES.iter().find(|c| c.name == name).expect("a known category");
        now - Duration::days(row.days(c))
    };
    let (audit_cut, events_cut, deliveries_cut, sessions_cut, idem_cut, ops_cut, stripe_cut) = (
        cutoff("audit_events"),
        cutoff("domain_events"),
        cutoff("webhook_deliveries"),
        cutoff("sessions"),
        cutoff("idempotency_records"),
        cutoff("operations"),
        cutoff("stripe_events"),
    );
    let t = tx.tenant();
    let mut removed = Removed { audit_events: audit::chain::cut(tx, audit_cut)?, ..Default::default() };
    removed.domain_events =
        with_conn!(tx, |c| diesel::delete(t.scoped(events::table).filter(events::created_at.lt(events_cut)))
            .execute(c))?;
    removed.webhook_deliveries = with_conn!(tx, |c| diesel::delete(
        t.scoped(webhook_deliveries::table)
            .filter(webhook_deliveries::status.ne(DeliveryStatus::Pending))
            .filter(webhook_deliveries::updated_at.lt(deliveries_cut))
    )
    .execute(c))?;
    removed.sessions = with_conn!(tx, |c| diesel::delete(
        t.scoped(sessions::table)
            .filter(sessions::expires_at.lt(sessions_cut).or(sessions::revoked_at.lt(sessions_cut)))
    )
    .execute(c))?;
    removed.idempotency_records = with_conn!(tx, |c| diesel::delete(
        t.scoped(idempotency_keys::table)
            .filter(idempotency_keys::expires_at.lt(now).or(idempotency_keys::created_at.lt(idem_cut)))
    )
    .execute(c))?;
    removed.operations = with_conn!(tx, |c| diesel::delete(
        t.scoped(operations::table)
            .filter(operations::finished_at.is_not_null())
            .filter(operations::finished_at.lt(ops_cut))
    )
    .execute(c))?;
    removed.stripe_events = with_conn!(tx, |c| diesel::delete(
        t.scoped(stripe_events::table)
            .filter(stripe_events::processed_at.is_not_null())
            .filter(stripe_events::received_at.lt(stripe_cut))
    )
    .execute(c))?;
    // LTI launches are single-use and valid minutes: those expired over an hour ago go (transient, like
    // sessions in flight; not counted).
    let launches_cut = now - Duration::hours(1);
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::delete(
        t.scoped(lti_launches::table).filter(lti_launches::expires_at.lt(launches_cut))
    )
    .execute(c))?;
    // So do deep-linking requests, and tools' access tokens (valid an hour; kept an hour past expiry,
    // longer than any client assertion lives, so a replayed assertion still meets its `jti`).
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::delete(
        t.scoped(lti_deep_links::table).filter(lti_deep_links::expires_at.lt(launches_cut))
    )
    .execute(c))?;
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::delete(
        t.scoped(lti_access_tokens::table).filter(lti_access_tokens::expires_at.lt(launches_cut))
    )
    .execute(c))?;
    // Single sign-on attempts in flight (valid minutes, used once; they hold a sealed PKCE verifier).
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::delete(t.scoped(sso_logins::table).filter(sso_logins::expires_at.lt(launches_cut)))
        .execute(c))?;
    if removed.total() > 0 || row.last_run_at.is_none() {
        row.add(&removed);
        row.last_run_at = Some(now);
        save(tx, &row)?;
    }
    Ok(removed)
}

/// Up to [`INACTIVE_PER_RUN`] learners of the transaction's tenant who have neither signed in nor
/// learned for the institution's `inactive_learners` period (none when it is off), oldest first.
pub(crate) fn inactive_learners(tx: &mut TenantTx<'_>) -> Result<Vec<UserId>> {
    let row = load(tx)?;
    let c = CATEGORIES.iter().find(|c| c.name == "inactive_learners").expect("a known category");
    let days = row.days(c);
    if days == 0 {
        return Ok(Vec::new());
    }
    let cut = Timestamp::now() - Duration::days(days);
    let t = tx.tenant();
    let recent: Vec<UserId> = with_conn!(tx, |c| t
        .scoped(enrollments::table)
        .filter(enrollments::last_activity_at.ge(cut))
        .select(enrollments::user_id)
        .distinct()
        .load(c))?;
    let candidates: Vec<UserId> = with_conn!(tx, |c| t
        .scoped(users::table)
        .filter(users::role.eq(crate::identity::users::Role::Learner))
        .filter(users::erased_at.is_null())
        .filter(users::last_login_at.lt(cut).or(users::last_login_at.is_null().and(users::created_at.lt(cut))))
        .order(users::created_at.asc())
        .select(users::id)
        .limit(INACTIVE_PER_RUN + recent.len() as i64)
        .load(c))?;
    Ok(candidates.into_iter().filter(|u| !recent.contains(u)).take(INACTIVE_PER_RUN as usize).collect())
}

/// Counts learners erased for inactivity in the institution's totals.
pub(crate) fn count_erased(tx: &mut TenantTx<'_>, n: usize) -> Result<()> {
    let mut row = load(tx)?;
    row.add(&Removed { inactive_learners: n, ..Default::default() });
    row.last_run_at = Some(Timestamp::now());
    save(tx, &row)
}

/// Records removed by retention in every institution, per category (for `/metrics`).
pub async fn totals(db: &Db) -> Result<Removed> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        a: Option<i64>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        b: Option<i64>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        c: Option<i64>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        d: Option<i64>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        e: Option<i64>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        f: Option<i64>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        g: Option<i64>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        h: Option<i64>,
    }
    db.system_read(|tx| {
        let r: Row = match tx.conn() {
            // Row-level security hides every institution's row from the runtime role: the owner's
            // narrow function adds them up.
            AnyConn::Pg(c) => diesel::sql_query("SELECT * FROM lyceum_retention_totals()").get_result(c)?,
            AnyConn::Sqlite(c) => diesel::sql_query(
                "SELECT sum(removed_audit_events) AS a, sum(removed_domain_events) AS b, \
                 sum(removed_webhook_deliveries) AS c, sum(removed_sessions) AS d, \
                 sum(removed_idempotency_records) AS e, sum(removed_operations) AS f, \
                 sum(removed_stripe_events) AS g, sum(removed_inactive_learners) AS h FROM retention_settings",
            )
            .get_result(c)?,
        };
        let n = |x: Option<i64>| x.unwrap_or(0).max(0) as usize;
        Ok(Removed {
            audit_events: n(r.a),
            domain_events: n(r.b),
            webhook_deliveries: n(r.c),
            sessions: n(r.d),
            idempotency_records: n(r.e),
            operations: n(r.f),
            stripe_events: n(r.g),
            inactive_learners: n(r.h),
        })
    })
    .await
}
