//! Users of a tenant: the model, roles and statuses, and the tenant-scoped queries.

use diesel::prelude::*;

use crate::{
    db::{
        schema::users,
        types::{TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    with_conn,
};

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)* _ => None }
            }
        }
    };
}

string_enum!(
    /// What a user may do inside its tenant (see docs/permissions.md).
    Role { Owner = "owner", Admin = "admin", Instructor = "instructor", Learner = "learner" }
);
string_enum!(
    /// `invited` users have not set a password yet; `disabled` users cannot sign in.
    UserStatus { Invited = "invited", Active = "active", Disabled = "disabled" }
);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
struct UserRow {
    tenant_id: TenantId,
    id: UserId,
    email: String,
    email_lower: String,
    name: String,
    role: String,
    status: String,
    password_hash: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
    version: i64,
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
}

impl TryFrom<UserRow> for User {
    type Error = Error;
    fn try_from(r: UserRow) -> Result<Self> {
        let bad = |what: &str, v: &str| Error::internal(anyhow::anyhow!("unknown user {what} {v:?} in database"));
        Ok(User {
            id: r.id,
            tenant_id: r.tenant_id,
            role: Role::parse(&r.role).ok_or_else(|| bad("role", &r.role))?,
            status: UserStatus::parse(&r.status).ok_or_else(|| bad("status", &r.status))?,
            email: r.email,
            name: r.name,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
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
}

/// Inserts a user into the scope's tenant; a taken email (case-insensitively) is a 409 on `email`.
pub fn insert(tx: &mut TenantTx<'_>, new: NewUser) -> Result<User> {
    let now = Timestamp::now();
    let row = UserRow {
        tenant_id: tx.tenant_id(),
        id: UserId::new(),
        email_lower: new.email.to_lowercase(),
        email: new.email,
        name: new.name,
        role: new.role.as_str().into(),
        status: new.status.as_str().into(),
        password_hash: new.password_hash,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let result = with_conn!(tx, |c| diesel::insert_into(users::table).values(&row).execute(c));
    match result {
        Ok(_) => row.try_into(),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Err(Error::Conflict {
                code: "email_taken",
                field: Some("email"),
                message: format!("a user with the email `{}` already exists", row.email),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// One user of the scope's tenant.
pub fn get(tx: &mut TenantTx<'_>, id: UserId) -> Result<User> {
    let tenant = tx.tenant_id();
    let row: UserRow = with_conn!(tx, |c| users::table
        .filter(users::tenant_id.eq(tenant))
        .filter(users::id.eq(id))
        .select(UserRow::as_select())
        .first(c))
    .map_err(|e| match e {
        diesel::result::Error::NotFound => Error::NotFound { resource: "user" },
        other => other.into(),
    })?;
    row.try_into()
}

/// Number of users in the scope's tenant.
pub fn count(tx: &mut TenantTx<'_>) -> Result<i64> {
    let tenant = tx.tenant_id();
    Ok(with_conn!(tx, |c| users::table.filter(users::tenant_id.eq(tenant)).count().get_result(c))?)
}
