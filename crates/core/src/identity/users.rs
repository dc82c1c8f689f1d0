//! Users of a tenant: the model, roles and statuses, and the tenant-scoped queries.

use diesel::prelude::*;

pub use crate::db::status::UserStatus;
use crate::{
    db::HasConn,
    db::{
        schema::users,
        types::{TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    pagination::{Page, PageRequest},
    with_conn,
};

pub use crate::scope::permissions::Role;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = users)]
pub(crate) struct UserRow {
    pub(crate) tenant_id: TenantId,
    pub(crate) id: UserId,
    pub(crate) email: String,
    pub(crate) email_lower: String,
    pub(crate) name: String,
    pub(crate) role: Role,
    pub(crate) status: UserStatus,
    pub(crate) password_hash: Option<String>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
    pub(crate) last_login_at: Option<Timestamp>,
    pub(crate) external_id: Option<String>,
    pub(crate) user_name: Option<String>,
    pub(crate) user_name_lower: Option<String>,
    /// Set by an erasure; the stored status is then `disabled` and the person's is `erased`.
    #[serde(default)]
    pub(crate) erased_at: Option<Timestamp>,
}

/// A person in a tenant. The password hash never leaves core.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct User {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
    pub last_login_at: Option<Timestamp>,
    /// The institution's own key for the person (a student information system's), unique per institution.
    pub external_id: Option<String>,
    /// The SCIM `userName` when a provisioning client set one other than the email.
    pub user_name: Option<String>,
}

impl User {
    /// The SCIM `userName`: the one a provisioning client set, else the email.
    pub fn scim_user_name(&self) -> &str {
        self.user_name.as_deref().unwrap_or(&self.email)
    }
}

impl TryFrom<UserRow> for User {
    type Error = Error;
    fn try_from(r: UserRow) -> Result<Self> {
        Ok(User {
            id: r.id,
            tenant_id: r.tenant_id,
            role: r.role,
            status: if r.erased_at.is_some() { UserStatus::Erased } else { r.status },
            email: r.email,
            name: r.name,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
            last_login_at: r.last_login_at,
            external_id: r.external_id,
            user_name: r.user_name,
        })
    }
}

/// A user to create; `email` is already validated (see [`crate::identity::normalize_email`]).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub password_hash: Option<String>,
    pub external_id: Option<String>,
    /// The SCIM `userName`, when it is not the email.
    pub user_name: Option<String>,
}

/// The error a unique index's violation means, by the index's name in the database's message.
pub(crate) fn taken(e: diesel::result::Error, email: &str) -> Error {
    match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, info) => {
            let what = format!("{} {}", info.constraint_name().unwrap_or_default(), info.message());
            if what.contains("external_id") {
                Error::Conflict {
                    code: "external_id_taken",
                    field: Some("external_id"),
                    message: "another user of the institution has this external id".into(),
                }
            } else if what.contains("user_name") {
                Error::Conflict {
                    code: "user_name_taken",
                    field: Some("user_name"),
                    message: "another user of the institution has this user name".into(),
                }
            } else {
                Error::Conflict {
                    code: "email_taken",
                    field: Some("email"),
                    message: format!("a user with the email `{email}` already exists"),
                }
            }
        }
        other => other.into(),
    }
}

/// Inserts a user into the scope's tenant; a taken email (case-insensitively) is a 409 on `email`.
pub fn insert(tx: &mut TenantTx<'_>, new: NewUser) -> Result<User> {
    let now = Timestamp::now();
    let mut row = UserRow {
        tenant_id: tx.tenant_id(),
        id: UserId::new(),
        email_lower: new.email.to_lowercase(),
        email: new.email,
        name: new.name,
        role: new.role,
        status: new.status,
        password_hash: new.password_hash,
        created_at: now,
        updated_at: now,
        version: 1,
        last_login_at: None,
        user_name_lower: new.user_name.as_deref().map(str::to_lowercase),
        erased_at: None,
        user_name: new.user_name,
        external_id: new.external_id,
    };
    let ours = tx.tenant();
    let result = with_conn!(tx, |c| diesel::insert_into(users::table).values(ours.stamp(&mut row)).execute(c));
    match result {
        Ok(_) => row.try_into(),
        Err(e) => Err(taken(e, &row.email)),
    }
}

/// One user of the scope's tenant.
pub fn get(tx: &mut TenantTx<'_>, id: UserId) -> Result<User> {
    let tenant = tx.tenant();
    let row: UserRow =
        with_conn!(tx, |c| tenant.scoped(users::table).filter(users::id.eq(id)).select(UserRow::as_select()).first(c))
            .map_err(|e| match e {
                diesel::result::Error::NotFound => Error::NotFound { resource: "user" },
                other => other.into(),
            })?;
    row.try_into()
}

/// Number of users in the scope's tenant.
pub fn count(tx: &mut TenantTx<'_>) -> Result<i64> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant.scoped(users::table).count().get_result(c))?)
}

/// Login lookup: the user with this (lower-cased) email and their password hash, if any.
pub fn find_for_login(tx: &mut TenantTx<'_>, email_lower: &str) -> Result<Option<(User, Option<String>)>> {
    let tenant = tx.tenant();
    let row: Option<UserRow> = with_conn!(tx, |c| tenant
        .scoped(users::table)
        .filter(users::email_lower.eq(email_lower))
        .select(UserRow::as_select())
        .first(c)
        .optional())?;
    match row {
        None => Ok(None),
        Some(r) => {
            let hash = r.password_hash.clone();
            Ok(Some((r.try_into()?, hash)))
        }
    }
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);
pub(crate) use lower as lower_text;

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    /// Case-insensitive substring of the name or email.
    pub q: Option<String>,
    /// Exactly this external id.
    pub external_id: Option<String>,
    /// This email, case-insensitively.
    pub email: Option<String>,
    /// This SCIM `userName` (the email where none was set), case-insensitively.
    pub user_name: Option<String>,
}

/// Escapes LIKE wildcards so a search for `50%` means the text `50%`.
pub(crate) fn like_pattern(q: &str) -> String {
    let escaped = q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The scope's tenant's users in id (creation) order.
pub fn list(tx: &mut TenantTx<'_>, filter: UserFilter, page: PageRequest) -> Result<Page<User>> {
    let tenant = tx.tenant();
    let rows: Vec<UserRow> = with_conn!(tx, |c| {
        let mut q = tenant
            .scoped(users::table)
            .select(UserRow::as_select())
            .order(users::id.asc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(after) = page.after {
            q = q.filter(users::id.gt(UserId(after)));
        }
        if let Some(r) = filter.role {
            q = q.filter(users::role.eq(r.as_str()));
        }
        match filter.status {
            None => {}
            Some(UserStatus::Erased) => q = q.filter(users::erased_at.is_not_null()),
            Some(s) => q = q.filter(users::status.eq(s.as_str())).filter(users::erased_at.is_null()),
        }
        if let Some(x) = &filter.external_id {
            q = q.filter(users::external_id.eq(x));
        }
        if let Some(e) = &filter.email {
            q = q.filter(users::email_lower.eq(e.to_lowercase()));
        }
        if let Some(n) = &filter.user_name {
            let n = n.to_lowercase();
            q = q.filter(
                users::user_name_lower.eq(n.clone()).or(users::user_name_lower.is_null().and(users::email_lower.eq(n))),
            );
        }
        if let Some(text) = &filter.q {
            let pattern = like_pattern(text);
            q = q.filter(
                users::email_lower.like(pattern.clone()).escape('\\').or(lower(users::name).like(pattern).escape('\\')),
            );
        }
        q.load(c)
    })?;
    let users = rows.into_iter().map(User::try_from).collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(users, page, |u| u.id.0))
}

/// Active owners of the scope's tenant other than `except`. On PostgreSQL the owner rows are locked, so
/// two concurrent demotions cannot both pass the last-owner check (SQLite serialises writers anyway).
pub fn other_active_owners(tx: &mut TenantTx<'_>, except: UserId) -> Result<i64> {
    let tenant = tx.tenant();
    let q = tenant
        .scoped(users::table)
        .filter(users::role.eq(crate::identity::Role::Owner))
        .filter(users::status.eq(crate::identity::users::UserStatus::Active))
        .filter(users::id.ne(except))
        .select(users::id);
    let ids: Vec<UserId> = match tx.conn() {
        crate::db::AnyConn::Pg(c) => q.for_update().load(c)?,
        crate::db::AnyConn::Sqlite(c) => q.load(c)?,
    };
    Ok(ids.len() as i64)
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    pub password_hash: Option<String>,
    /// A new email (already normalised).
    pub email: Option<String>,
    /// `Some(None)` clears the external id.
    pub external_id: Option<Option<String>>,
    /// `Some(None)`: the email is the user name again.
    pub user_name: Option<Option<String>>,
}

/// Applies `changes`, bumping `version`; `expected_version` gives optimistic concurrency (412 when stale).
pub fn apply_changes(
    tx: &mut TenantTx<'_>,
    id: UserId,
    changes: &UserChanges,
    expected_version: Option<i64>,
) -> Result<User> {
    let current = get(tx, id)?;
    if current.status == UserStatus::Erased {
        return Err(Error::Conflict {
            code: "user_erased",
            field: None,
            message: "this person was erased; their account cannot change".into(),
        });
    }
    if let Some(v) = expected_version {
        if v != current.version {
            return Err(Error::PreconditionFailed {
                message: format!("the user changed since version {v} (now {}); fetch it again", current.version),
            });
        }
    }
    let tenant = tx.tenant();
    let now = Timestamp::now();
    let target = tenant.scoped(users::table).filter(users::id.eq(id));
    let name = changes.name.clone().unwrap_or(current.name.clone());
    let role = changes.role.unwrap_or(current.role).as_str();
    let status = changes.status.unwrap_or(current.status).as_str();
    with_conn!(tx, |c| diesel::update(target)
        .set((
            users::name.eq(&name),
            users::role.eq(role),
            users::status.eq(status),
            users::updated_at.eq(now),
            users::version.eq(users::version + 1),
        ))
        .execute(c))?;
    if let Some(email) = &changes.email {
        with_conn!(tx, |c| diesel::update(target)
            .set((users::email.eq(email), users::email_lower.eq(email.to_lowercase())))
            .execute(c))
        .map_err(|e| taken(e, email))?;
    }
    if let Some(x) = &changes.external_id {
        with_conn!(tx, |c| diesel::update(target).set(users::external_id.eq(x)).execute(c))
            .map_err(|e| taken(e, ""))?;
    }
    if let Some(n) = &changes.user_name {
        let lower = n.as_deref().map(str::to_lowercase);
        with_conn!(tx, |c| diesel::update(target)
            .set((users::user_name.eq(n), users::user_name_lower.eq(lower)))
            .execute(c))
        .map_err(|e| taken(e, ""))?;
    }
    if let Some(h) = &changes.password_hash {
        with_conn!(tx, |c| diesel::update(target).set(users::password_hash.eq(Some(h))).execute(c))?;
    }
    get(tx, id)
}

/// Deletes a user (their sessions and tokens go with them).
pub fn delete(tx: &mut TenantTx<'_>, id: UserId) -> Result<()> {
    let tenant = tx.tenant();
    let n = with_conn!(tx, |c| diesel::delete(tenant.scoped(users::table).filter(users::id.eq(id))).execute(c))?;
    if n == 0 {
        return Err(Error::NotFound { resource: "user" });
    }
    Ok(())
}

/// Notes a successful login.
pub fn record_login(tx: &mut TenantTx<'_>, id: UserId) -> Result<()> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| diesel::update(tenant.scoped(users::table).filter(users::id.eq(id)))
        .set(users::last_login_at.eq(Timestamp::now()))
        .execute(c))?;
    Ok(())
}

/// Cross-tenant read for support staff: every user with this email, with their institution's slug.
/// Support staff's `user find`: every account with this (lower-cased) email, with its tenant's slug.
pub async fn find_in_every_tenant(db: &crate::db::Db, email_lower: &str) -> Result<Vec<(String, User)>> {
    let email = email_lower.to_string();
    db.system_read(move |tx| find_everywhere(tx, &email)).await
}

pub(crate) fn find_everywhere(tx: &mut crate::db::SystemTx<'_>, email_lower: &str) -> Result<Vec<(String, User)>> {
    use crate::db::{schema::tenants, types::sql, AnyConn, HasConn};
    let all = tx.all_tenants();
    let rows: Vec<(String, UserRow)> = match tx.conn() {
        // The owner's narrow function says which institutions have the email; each account is then read
        // under that tenant's row-level security (the setting is local to this read-only transaction).
        AnyConn::Pg(c) => {
            #[derive(QueryableByName)]
            struct Found {
                #[diesel(sql_type = sql::Uuid)]
                tenant_id: TenantId,
                #[diesel(sql_type = diesel::sql_types::Text)]
                slug: String,
            }
            let found: Vec<Found> = diesel::sql_query("SELECT tenant_id, slug FROM lyceum_user_tenants_by_email($1)")
                .bind::<diesel::sql_types::Text, _>(email_lower)
                .load(c)?;
            let mut rows = Vec::with_capacity(found.len());
            for f in found {
                // SET LOCAL (a formatted UUID: nothing to escape) reaches Citus' workers too.
                diesel::sql_query(format!("SET LOCAL lyceum.tenant_id = '{}'", f.tenant_id)).execute(c)?;
                let user: UserRow = all
                    .tenant(f.tenant_id)
                    .scoped(users::table)
                    .filter(users::email_lower.eq(email_lower))
                    .select(UserRow::as_select())
                    .first(c)?;
                rows.push((f.slug, user));
            }
            diesel::sql_query("SET LOCAL lyceum.tenant_id = ''").execute(c)?;
            rows
        }
        AnyConn::Sqlite(c) => all
            .every_tenant(users::table)
            .inner_join(tenants::table.on(crate::db::scoped::same_tenant(tenants::table, users::table)))
            .filter(users::email_lower.eq(email_lower))
            .select((tenants::slug, UserRow::as_select()))
            .order(tenants::slug.asc())
            .load(c)?,
    };
    rows.into_iter().map(|(slug, r)| Ok((slug, User::try_from(r)?))).collect()
}

crate::tenant_rows!(UserRow);
