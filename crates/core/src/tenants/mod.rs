//! Tenants (institutions): the model, its queries, and signup, which creates one.

pub mod links;
pub mod settings;
pub mod signup;
pub mod welcome;

use crate::scope::permissions::Permission;
use crate::scope::Need;
use diesel::prelude::*;

pub use self::settings::{rename, update, Policies, PolicyChanges, TenantChanges};
pub use self::signup::{signup, validate_slug, SignupInput, SignupOutcome};
pub use crate::db::status::TenantStatus;
use crate::{
    db::{
        schema::tenants,
        types::{TenantId, Timestamp},
        AnyConn, HasConn, SystemTx, TenantTx,
    },
    error::{Error, Result},
    with_conn,
};

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = tenants)]
pub(crate) struct TenantRow {
    pub(crate) id: TenantId,
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) status: TenantStatus,
    pub(crate) plan: String,
    pub(crate) seat_limit: i32,
    pub(crate) trial_ends_at: Option<Timestamp>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
    #[serde(default)]
    pub(crate) brand_color: Option<String>,
    #[serde(default)]
    pub(crate) reply_to: Option<String>,
    #[serde(default)]
    pub(crate) trial_reminded_at: Option<Timestamp>,
    #[serde(default)]
    pub(crate) app_url: Option<String>,
    /// [`links::AppPaths`] as JSON.
    #[serde(default)]
    pub(crate) app_paths: Option<String>,
    #[serde(default)]
    pub(crate) sso_required: bool,
    #[serde(default)]
    pub(crate) terms_version: Option<String>,
    #[serde(default)]
    pub(crate) terms_url: Option<String>,
    #[serde(default)]
    pub(crate) privacy_notice_version: Option<String>,
    #[serde(default)]
    pub(crate) privacy_notice_url: Option<String>,
}

/// A tenant's own row is stamped with its id (the tenant creating itself).
impl crate::db::scoped::TenantRow for TenantRow {
    fn set_tenant(&mut self, tenant: TenantId) {
        self.id = tenant;
    }
}

/// An institution using Lyceum.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tenant {
    pub id: TenantId,
    pub slug: String,
    pub name: String,
    pub status: TenantStatus,
    pub plan: String,
    pub seat_limit: i32,
    pub trial_ends_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
    /// Colour of the institution's emails (`#rrggbb`); `None`: Lyceum's.
    pub brand_color: Option<String>,
    /// Where replies to the institution's emails go.
    pub reply_to: Option<String>,
    /// When the owner was told the trial ends soon (bookkeeping of the trial schedule).
    #[serde(skip)]
    pub trial_reminded_at: Option<Timestamp>,
    /// The institution's own front end (`https://...`): where its emails send people instead of
    /// Lyceum's hosted pages. `None`: the hosted pages.
    pub app_url: Option<String>,
    /// The path on `app_url` for each kind of link.
    pub app_paths: links::AppPaths,
    /// Everyone but the owners signs in through one of the institution's identity providers.
    pub sso_required: bool,
    /// The institution's terms and privacy notice people accept when they sign in ([`crate::privacy::consent`]).
    pub policies: Policies,
}

impl Tenant {
    /// How the institution's emails look and where replies go.
    pub fn brand(&self) -> crate::email::templates::Brand {
        crate::email::templates::Brand {
            name: self.name.clone(),
            color: self.brand_color.clone().unwrap_or_else(|| crate::email::templates::DEFAULT_COLOR.into()),
            reply_to: self.reply_to.clone(),
        }
    }
}

impl TryFrom<TenantRow> for Tenant {
    type Error = Error;
    fn try_from(r: TenantRow) -> Result<Self> {
        Ok(Tenant {
            id: r.id,
            slug: r.slug,
            name: r.name,
            status: r.status,
            plan: r.plan,
            seat_limit: r.seat_limit,
            trial_ends_at: r.trial_ends_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
            brand_color: r.brand_color,
            reply_to: r.reply_to,
            trial_reminded_at: r.trial_reminded_at,
            app_url: r.app_url,
            sso_required: r.sso_required,
            policies: Policies {
                terms_version: r.terms_version,
                terms_url: r.terms_url,
                privacy_notice_version: r.privacy_notice_version,
                privacy_notice_url: r.privacy_notice_url,
            },
            app_paths: match r.app_paths.as_deref() {
                None => links::AppPaths::default(),
                Some(json) => serde_json::from_str(json).map_err(|e| {
                    Error::Internal(anyhow::anyhow!("tenant {}: app_paths is not valid JSON: {e}", r.id))
                })?,
            },
        })
    }
}

fn not_found(e: diesel::result::Error) -> Error {
    match e {
        diesel::result::Error::NotFound => Error::NotFound { resource: "tenant" },
        other => other.into(),
    }
}

/// The scope's own tenant.
pub fn current(tx: &mut TenantTx<'_>) -> Result<Tenant> {
    let id = tx.tenant();
    let row: TenantRow =
        with_conn!(tx, |c| id.scoped(tenants::table).select(TenantRow::as_select()).first(c)).map_err(not_found)?;
    row.try_into()
}

pub(crate) fn insert(tx: &mut TenantTx<'_>, tenant: &Tenant) -> Result<()> {
    if tenant.id != tx.tenant_id() {
        return Err(Error::internal(anyhow::anyhow!("tenant insert outside its own scope")));
    }
    let row = TenantRow {
        id: tenant.id,
        slug: tenant.slug.clone(),
        name: tenant.name.clone(),
        status: tenant.status,
        plan: tenant.plan.clone(),
        seat_limit: tenant.seat_limit,
        trial_ends_at: tenant.trial_ends_at,
        created_at: tenant.created_at,
        updated_at: tenant.updated_at,
        version: tenant.version,
        brand_color: tenant.brand_color.clone(),
        reply_to: tenant.reply_to.clone(),
        trial_reminded_at: tenant.trial_reminded_at,
        app_url: tenant.app_url.clone(),
        app_paths: links::AppPaths::stored(&tenant.app_paths)?,
        sso_required: tenant.sso_required,
        terms_version: tenant.policies.terms_version.clone(),
        terms_url: tenant.policies.terms_url.clone(),
        privacy_notice_version: tenant.policies.privacy_notice_version.clone(),
        privacy_notice_url: tenant.policies.privacy_notice_url.clone(),
    };
    let mut row = row;
    let ours = tx.tenant();
    match with_conn!(tx, |c| diesel::insert_into(tenants::table).values(ours.stamp(&mut row)).execute(c)) {
        Ok(_) => Ok(()),
        // The id is fresh, so the only unique key that can collide is the slug; RLS hides other
        // tenants' rows from a pre-check, but not from the unique index.
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Err(Error::Conflict {
                code: "slug_taken",
                field: Some("slug"),
                message: format!("the slug `{}` is already taken", tenant.slug),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Cross-tenant read: a tenant by its slug (login, the CLI). `NotFound` when none has it.
pub fn find_by_slug(tx: &mut SystemTx<'_>, slug: &str) -> Result<Tenant> {
    let all = tx.all_tenants();
    let row: TenantRow = match tx.conn() {
        // Row-level security hides every tenant from the runtime role: the owner's narrow function reads it.
        AnyConn::Pg(c) => diesel::sql_query("SELECT * FROM lyceum_tenant_by_slug($1)")
            .bind::<diesel::sql_types::Text, _>(slug)
            .get_result(c),
        AnyConn::Sqlite(c) => {
            all.every_tenant(tenants::table).filter(tenants::slug.eq(slug)).select(TenantRow::as_select()).first(c)
        }
    }
    .map_err(not_found)?;
    row.try_into()
}

/// Support staff and login: the tenant with `slug` (404 when none), read across tenants.
pub async fn lookup(db: &crate::db::Db, slug: &str) -> Result<Tenant> {
    let slug = slug.to_string();
    db.system_read(move |tx| find_by_slug(tx, &slug)).await
}

/// Support staff: every tenant, oldest first, optionally of one status.
pub async fn all(db: &crate::db::Db, status: Option<TenantStatus>) -> Result<Vec<Tenant>> {
    db.system_read(move |tx| list_all(tx, status)).await
}

/// Cross-tenant read: a tenant by id, if it exists (Stripe events that name one).
pub fn find_by_id(tx: &mut SystemTx<'_>, id: TenantId) -> Result<Option<Tenant>> {
    let all = tx.all_tenants();
    let row: Option<TenantRow> = match tx.conn() {
        AnyConn::Pg(c) => diesel::sql_query("SELECT * FROM lyceum_tenant_by_id($1)")
            .bind::<crate::db::types::sql::Uuid, _>(id)
            .get_result(c)
            .optional()?,
        AnyConn::Sqlite(c) => all
            .every_tenant(tenants::table)
            .filter(tenants::id.eq(id))
            .select(TenantRow::as_select())
            .first(c)
            .optional()?,
    };
    row.map(Tenant::try_from).transpose()
}

/// Cross-tenant read for support staff: every tenant, oldest first, optionally filtered by status.
pub fn list_all(tx: &mut SystemTx<'_>, status: Option<TenantStatus>) -> Result<Vec<Tenant>> {
    let all = tx.all_tenants();
    let rows: Vec<TenantRow> = match tx.conn() {
        AnyConn::Pg(c) => diesel::sql_query("SELECT * FROM lyceum_tenants($1)")
            .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(status.map(|s| s.as_str()))
            .load(c)?,
        AnyConn::Sqlite(c) => {
            let mut q =
                all.every_tenant(tenants::table).select(TenantRow::as_select()).order(tenants::id.asc()).into_boxed();
            if let Some(s) = status {
                q = q.filter(tenants::status.eq(s));
            }
            q.load(c)?
        }
    };
    rows.into_iter().map(Tenant::try_from).collect()
}

/// Sets the scope's tenant's status (support staff: suspend, resume) with an audit event, and evicts
/// its credentials from this process's auth cache so the change applies to the next request.
pub async fn set_status(
    core: &crate::Core,
    scope: &crate::TenantScope,
    status: TenantStatus,
    reason: &str,
) -> Result<Tenant> {
    let reason = reason.to_string();
    let tenant = core
        .db
        .write(scope, Need::Identified, move |tx| {
            let id = tx.tenant();
            let before = current(tx)?;
            // Suspending remembers the status it interrupts, so resuming restores it.
            let suspended_from: Option<TenantStatus> = match (status, before.status) {
                (TenantStatus::Suspended, TenantStatus::Suspended) => {
                    with_conn!(tx, |c| id.scoped(tenants::table).select(tenants::suspended_from).first(c))?
                }
                (TenantStatus::Suspended, from) => Some(from),
                _ => None,
            };
            with_conn!(tx, |c| diesel::update(id.scoped(tenants::table))
                .set((
                    tenants::status.eq(status),
                    tenants::suspended_from.eq(suspended_from),
                    tenants::updated_at.eq(Timestamp::now()),
                    tenants::version.eq(tenants::version + 1),
                ))
                .execute(c))?;
            crate::invalidation::publish(tx, &crate::invalidation::Invalidation::Tenant(id.id()))?;
            crate::audit::record(
                tx,
                "tenant.status_changed",
                Some(("tenant", id.to_string())),
                serde_json::json!({ "from": before.status.as_str(), "to": status.as_str(), "reason": reason }),
            )?;
            current(tx)
        })
        .await?;
    Ok(tenant)
}

/// Ends a suspension (support staff), restoring the status the suspension interrupted (a trialing
/// institution is trialing again, a past-due one past due). 409 `not_suspended` otherwise.
pub async fn resume(core: &crate::Core, scope: &crate::TenantScope, reason: &str) -> Result<Tenant> {
    let from: (TenantStatus, Option<TenantStatus>) = core
        .db
        .read(scope, Need::Identified, move |tx| {
            let id = tx.tenant();
            Ok(with_conn!(tx, |c| id
                .scoped(tenants::table)
                .select((tenants::status, tenants::suspended_from))
                .first(c))?)
        })
        .await?;
    if from.0 != TenantStatus::Suspended {
        return Err(crate::Error::Conflict {
            code: "not_suspended",
            field: None,
            message: format!("the institution is {}, not suspended", from.0),
        });
    }
    let restore = match from.1 {
        Some(status) if status != TenantStatus::Suspended => status,
        _ => TenantStatus::Active,
    };
    set_status(core, scope, restore, reason).await
}

/// The scope's tenant and the seats it uses (`tenant:read`).
pub async fn view(core: &crate::Core, scope: &crate::TenantScope) -> Result<(Tenant, i64)> {
    scope.require(crate::identity::permissions::Permission::TenantRead)?;
    core.db.read(scope, Permission::TenantRead, |tx| Ok((current(tx)?, crate::entitlements::seats_used(tx)?))).await
}

/// Changes the scope's tenant's plan and/or seat limit (support staff), with an audit event.
pub async fn set_plan(
    core: &crate::Core,
    scope: &crate::TenantScope,
    plan: Option<String>,
    seat_limit: Option<i32>,
) -> Result<Tenant> {
    let mut v = crate::error::Validator::new();
    if let Some(p) = &plan {
        if !signup::SIGNUP_PLANS.contains(&p.as_str()) {
            v.push("plan", format!("must be one of: {}", signup::SIGNUP_PLANS.join(", ")));
        }
    }
    if seat_limit.is_some_and(|n| !(0..=1_000_000).contains(&n)) {
        v.push("seat_limit", "must be between 0 and 1000000");
    }
    v.finish()?;
    let tenant = core
        .db
        .write(scope, Need::Identified, move |tx| {
            let id = tx.tenant();
            let before = current(tx)?;
            let plan = plan.unwrap_or(before.plan.clone());
            let seats = seat_limit.unwrap_or(before.seat_limit);
            with_conn!(tx, |c| diesel::update(id.scoped(tenants::table))
                .set((
                    tenants::plan.eq(&plan),
                    tenants::seat_limit.eq(seats),
                    tenants::updated_at.eq(Timestamp::now()),
                    tenants::version.eq(tenants::version + 1),
                ))
                .execute(c))?;
            crate::audit::record(
                tx,
                "tenant.plan_changed",
                Some(("tenant", id.to_string())),
                serde_json::json!({ "plan": [before.plan, plan], "seat_limit": [before.seat_limit, seats] }),
            )?;
            current(tx)
        })
        .await?;
    Ok(tenant)
}

/// Days a deleted tenant's data is kept before `purge` may remove it.
pub const RETENTION_DAYS: i64 = 30;

/// Removes every row of a tenant deleted at least [`RETENTION_DAYS`] ago (or at once with
/// `ignore_retention`). Irreversible: support staff only, after an export.
pub async fn purge(core: &crate::Core, scope: &crate::TenantScope, ignore_retention: bool) -> Result<usize> {
    use crate::db::schema::{
        api_keys, audit_chains, audit_events, billing_customers, certificates, cmi5_outcomes, cmi5_packages,
        cmi5_sessions, course_modules, courses, data_keys, enrollments, events, files, idempotency_keys, jobs,
        lesson_progress, lessons, lti_access_tokens, lti_deep_links, lti_keys, lti_launches, lti_line_items,
        lti_scores, lti_tools, operations, quiz_attempts, retention_settings, sessions, signing_keys, subscriptions,
        user_tokens, users, webhook_deliveries, webhook_endpoints, xapi_activities, xapi_attachments, xapi_credentials,
        xapi_documents, xapi_statement_refs, xapi_statements,
    };
    // The files' bytes go first: if the process stops half-way, the rows are still there and purging
    // again finishes the job (the other order would leave objects that no row names).
    core.db.read(scope, Need::Identified, move |tx| purgeable(tx, ignore_retention)).await?;
    match core.storage() {
        Ok(storage) => {
            let objects = storage.delete_tenant(scope.tenant_id()).await?;
            tracing::info!(objects, tenant = %scope.tenant_id(), "purged tenant's files removed");
        }
        Err(_) => tracing::warn!(tenant = %scope.tenant_id(), "no file storage configured: the tenant's files stay"),
    }
    core.db
        .write(scope, Need::Identified, move |tx| {
            purgeable(tx, ignore_retention)?;
            let id = tx.tenant();
            let mut n = 0;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(certificates::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(files::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(signing_keys::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(cmi5_outcomes::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(cmi5_sessions::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(cmi5_packages::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(xapi_statement_refs::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(xapi_statements::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(xapi_attachments::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(xapi_activities::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(xapi_documents::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(xapi_credentials::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lti_scores::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lti_line_items::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lti_access_tokens::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lti_deep_links::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lti_launches::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lti_keys::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lti_tools::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(quiz_attempts::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lesson_progress::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(enrollments::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(operations::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(events::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(lessons::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(course_modules::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(courses::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(idempotency_keys::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(user_tokens::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(sessions::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(api_keys::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(users::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(audit_events::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(audit_chains::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(retention_settings::table)).execute(c))?;
            // Its data keys last: nothing sealed under them is left (crypto-shredding of any copy).
            n += with_conn!(tx, |c| diesel::delete(id.scoped(data_keys::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(jobs::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(webhook_deliveries::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(webhook_endpoints::table)).execute(c))?;
            // Stripe keeps the customer and its invoices; Lyceum forgets its side of the link.
            n += with_conn!(tx, |c| diesel::delete(id.scoped(subscriptions::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(billing_customers::table)).execute(c))?;
            n += with_conn!(tx, |c| diesel::delete(id.scoped(tenants::table)).execute(c))?;
            Ok(n)
        })
        .await
}

/// 409 unless the transaction's tenant is deleted and past its retention (or `ignore_retention`).
fn purgeable(tx: &mut TenantTx<'_>, ignore_retention: bool) -> Result<()> {
    let t = current(tx)?;
    if t.status != TenantStatus::Deleted {
        return Err(Error::Conflict {
            code: "tenant_not_deleted",
            field: None,
            message: format!(
                "`{}` is {}; delete it first (purge removes only deleted tenants)",
                t.slug,
                t.status.as_str()
            ),
        });
    }
    let age = Timestamp::now().0 - t.updated_at.0;
    if !ignore_retention && age < chrono::Duration::days(RETENTION_DAYS) {
        return Err(Error::Conflict {
            code: "retention_period",
            field: None,
            message: format!(
                "`{}` was deleted {} day(s) ago; its data is kept {RETENTION_DAYS} days",
                t.slug,
                age.num_days()
            ),
        });
    }
    Ok(())
}
