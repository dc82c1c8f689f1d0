//! SCIM Users: Lyceum's users as `urn:ietf:params:scim:schemas:core:2.0:User`.
//!
//! `userName` is the email unless the client sets another (kept in `users.user_name`); the primary email
//! (else the first, else a `userName` that is an email) is the user's email; `displayName` is the name
//! (else `name.formatted`, else given and family names, else the user name); `active: false` disables.
//! People created here are learners, active at once (they sign in with single sign-on or by resetting a
//! password), and take a seat of the plan only once enrolled; creating one when every seat is taken is
//! refused as single sign-on refuses it.

use diesel::prelude::*;
use serde_json::{json, Value};

use super::{filter, meta, patch, string_attr, Paging, Projection, ScimError, ScimResult, USER_SCHEMA};
use crate::{
    audit,
    core::Core,
    db::{schema::users, types::UserId, TenantTx},
    entitlements,
    error::{check_external_id, has_unsafe_chars, Error, Validator},
    events,
    identity::{
        manage::user_event,
        normalize_email,
        permissions::Permission,
        users::{self as users_db, NewUser, Role, User, UserChanges, UserRow, UserStatus},
    },
    invalidation::{self, Invalidation},
    scope::TenantScope,
    tenants, with_conn,
};

const MULTI_VALUED: &[&str] = &["emails"];
const MAX_USER_NAME: usize = 254;

/// A user as SCIM shows them.
pub fn render(u: &User, base: &str) -> Value {
    let mut v = typed(u, base);
    v["emails"] = json!([{"value": u.email}]);
    v
}

/// The user with their email's type (`work`), for patches and filters that select it by type.
fn typed(u: &User, base: &str) -> Value {
    let mut v = json!({
        "schemas": [USER_SCHEMA],
        "id": u.id.to_string(),
        "userName": u.scim_user_name(),
        "displayName": u.name,
        "emails": [{"value": u.email, "type": "work", "primary": true}],
        "active": u.status != UserStatus::Disabled,
        "meta": meta("User", format!("{base}/Users/{}", u.id), u.created_at, u.updated_at, u.version),
    });
    if let Some(x) = &u.external_id {
        v["externalId"] = json!(x);
    }
    v
}

/// What a SCIM User body says, checked.
struct Wanted {
    email: String,
    user_name: String,
    name: String,
    active: bool,
    external_id: Option<String>,
}

fn read(doc: &Value) -> ScimResult<Wanted> {
    let user_name = string_attr(doc, "userName")?
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ScimError::bad_request("invalidValue", "userName is required"))?;
    if user_name.chars().count() > MAX_USER_NAME || has_unsafe_chars(&user_name) {
        return Err(ScimError::bad_request(
            "invalidValue",
            format!("userName must be at most {MAX_USER_NAME} characters without control characters"),
        ));
    }
    let emails: Vec<&Value> = match filter::get_ci(doc, "emails") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a.iter().collect(),
        Some(_) => return Err(ScimError::bad_request("invalidValue", "emails must be a list")),
    };
    let value_of = |e: &Value| filter::get_ci(e, "value").and_then(Value::as_str).map(str::to_string);
    let chosen = emails
        .iter()
        .find(|e| filter::get_ci(e, "primary").and_then(super::as_bool) == Some(true))
        .or_else(|| emails.iter().find(|e| filter::get_ci(e, "type").and_then(Value::as_str) == Some("work")))
        .or_else(|| emails.first())
        .and_then(|e| value_of(e));
    let email = match chosen.or_else(|| normalize_email(&user_name).ok().map(|_| user_name.clone())) {
        Some(e) => normalize_email(&e).map_err(|m| ScimError::bad_request("invalidValue", format!("emails: {m}")))?.0,
        None => {
            return Err(ScimError::bad_request(
                "invalidValue",
                "a user needs an email: send emails, or a userName that is one",
            ))
        }
    };
    let name_obj = filter::get_ci(doc, "name");
    let given = name_obj.and_then(|n| filter::get_ci(n, "givenName")).and_then(Value::as_str).unwrap_or_default();
    let family = name_obj.and_then(|n| filter::get_ci(n, "familyName")).and_then(Value::as_str).unwrap_or_default();
    let formatted = name_obj.and_then(|n| filter::get_ci(n, "formatted")).and_then(Value::as_str);
    let name = string_attr(doc, "displayName")?
        .filter(|s| !s.trim().is_empty())
        .or_else(|| formatted.map(str::to_string).filter(|s| !s.trim().is_empty()))
        .or_else(|| Some(format!("{given} {family}").trim().to_string()).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| user_name.clone());
    let mut v = Validator::new();
    crate::tenants::signup::check_name(&mut v, "displayName", &name);
    let external_id = string_attr(doc, "externalId")?.map(|x| check_external_id(&mut v, &x));
    v.finish().map_err(ScimError::from)?;
    let active = match filter::get_ci(doc, "active") {
        None | Some(Value::Null) => true,
        Some(a) => {
            super::as_bool(a).ok_or_else(|| ScimError::bad_request("invalidValue", "active must be true or false"))?
        }
    };
    Ok(Wanted { email, user_name, name: name.trim().to_string(), active, external_id })
}

fn stored_user_name(w: &Wanted) -> Option<String> {
    (!w.user_name.eq_ignore_ascii_case(&w.email)).then(|| w.user_name.clone())
}

/// SCIM manages learners and instructors. Owners and admins are out of its reach: a `scim` key would
/// otherwise take over an admin by changing their email and resetting the password, gaining rights the
/// key does not hold.
fn owner_guard(u: &User) -> Result<(), Error> {
    if matches!(u.role, Role::Owner | Role::Admin) {
        return Err(Error::Forbidden {
            code: "forbidden",
            message: format!("{}s are managed in Lyceum, not through SCIM", u.role.as_str()),
        });
    }
    Ok(())
}

/// Creates a learner (`POST /Users`).
pub async fn create(core: &Core, scope: &TenantScope, base: &str, body: Value) -> ScimResult<Value> {
    let w = read(&body)?;
    let base = base.to_string();
    Ok(core
        .db
        .write(scope, Permission::Scim, move |tx| {
            let tenant = tenants::current(tx)?;
            if entitlements::seats_used(tx)? >= i64::from(tenant.seat_limit) {
                return Err(Error::LimitReached {
                    code: "seat_limit_reached",
                    message: format!(
                        "the institution uses all {} seats of its plan: no learner can be added",
                        tenant.seat_limit
                    ),
                });
            }
            let user = users_db::insert(
                tx,
                NewUser {
                    user_name: stored_user_name(&w),
                    email: w.email,
                    name: w.name,
                    role: Role::Learner,
                    status: if w.active { UserStatus::Active } else { UserStatus::Disabled },
                    password_hash: None,
                    external_id: w.external_id,
                },
            )?;
            audit::record(
                tx,
                "user.created",
                Some(("user", user.id.to_string())),
                json!({ "role": "learner", "via": "scim", "external_id": user.external_id }),
            )?;
            events::emit(tx, "user.created", user_event(&user))?;
            Ok(render(&user, &base))
        })
        .await?)
}

/// `GET /Users/{id}`.
pub async fn get(core: &Core, scope: &TenantScope, base: &str, id: UserId) -> ScimResult<Value> {
    let base = base.to_string();
    Ok(core.db.read(scope, Permission::Scim, move |tx| Ok(render(&users_db::get(tx, id)?, &base))).await?)
}

/// Makes the user what `w` says, in the caller's transaction.
fn store(tx: &mut TenantTx<'_>, current: &User, w: Wanted, via: &str) -> Result<User, Error> {
    owner_guard(current)?;
    let status = match (w.active, current.status) {
        (false, _) => UserStatus::Disabled,
        // An invited person stays invited until they accept; re-activating a disabled one enables them.
        (true, UserStatus::Invited) => UserStatus::Invited,
        (true, _) => UserStatus::Active,
    };
    let user_name = stored_user_name(&w);
    let changes = UserChanges {
        name: Some(w.name),
        status: Some(status),
        email: (!w.email.eq_ignore_ascii_case(&current.email) || w.email != current.email).then_some(w.email),
        external_id: (w.external_id != current.external_id).then_some(w.external_id),
        user_name: (user_name != current.user_name).then_some(user_name),
        ..Default::default()
    };
    let user = users_db::apply_changes(tx, current.id, &changes, None)?;
    let mut diff = serde_json::Map::new();
    for (k, a, b) in [
        ("name", json!(current.name), json!(user.name)),
        ("email", json!(current.email), json!(user.email)),
        ("status", json!(current.status.as_str()), json!(user.status.as_str())),
        ("external_id", json!(current.external_id), json!(user.external_id)),
        ("user_name", json!(current.user_name), json!(user.user_name)),
    ] {
        if a != b {
            diff.insert(k.into(), json!([a, b]));
        }
    }
    if !diff.is_empty() {
        diff.insert("via".into(), json!(via));
        audit::record(tx, "user.updated", Some(("user", user.id.to_string())), Value::Object(diff))?;
    }
    if user.status != current.status || user.email != current.email {
        invalidation::publish(tx, &Invalidation::User(user.id))?;
    }
    Ok(user)
}

/// `PUT /Users/{id}`: the user becomes what the body says.
pub async fn replace(core: &Core, scope: &TenantScope, base: &str, id: UserId, body: Value) -> ScimResult<Value> {
    let w = read(&body)?;
    let base = base.to_string();
    Ok(core
        .db
        .write(scope, Permission::Scim, move |tx| {
            let current = users_db::get(tx, id)?;
            Ok(render(&store(tx, &current, w, "scim")?, &base))
        })
        .await?)
}

/// `PATCH /Users/{id}`: the operations apply to the user as SCIM shows them; the result is stored like
/// a PUT.
pub async fn patch(core: &Core, scope: &TenantScope, base: &str, id: UserId, body: Value) -> ScimResult<Value> {
    let base = base.to_string();
    core.db
        .write(scope, Permission::Scim, move |tx| {
            let current = users_db::get(tx, id)?;
            let mut doc = typed(&current, &base);
            if let Err(e) = patch::apply(&mut doc, &body, MULTI_VALUED) {
                return Ok(Err(e));
            }
            let w = match read(&doc) {
                Ok(w) => w,
                Err(e) => return Ok(Err(e)),
            };
            Ok(Ok(render(&store(tx, &current, w, "scim")?, &base)))
        })
        .await?
}

/// `DELETE /Users/{id}`: the person is deleted (their sessions end at once).
pub async fn delete(core: &Core, scope: &TenantScope, id: UserId) -> ScimResult<()> {
    Ok(core
        .db
        .write(scope, Permission::Scim, move |tx| {
            let current = users_db::get(tx, id)?;
            owner_guard(&current)?;
            users_db::delete(tx, id)?;
            invalidation::publish(tx, &Invalidation::User(id))?;
            audit::record(
                tx,
                "user.deleted",
                Some(("user", id.to_string())),
                json!({ "email": current.email, "role": current.role.as_str(), "via": "scim" }),
            )
        })
        .await?)
}

/// `GET /Users` with an optional filter, in creation order. An equality on `userName`, `externalId`,
/// `emails.value` or `id` narrows the rows through an index; the filter then decides on each.
pub async fn list(
    core: &Core,
    scope: &TenantScope,
    base: &str,
    filter: Option<filter::Filter>,
    paging: Paging,
    projection: &Projection,
) -> ScimResult<Value> {
    let base = base.to_string();
    let projection = projection.clone();
    Ok(core
        .db
        .read(scope, Permission::Scim, move |tx| {
            let t = tx.tenant();
            let offset = paging.start_index - 1;
            let Some(f) = filter else {
                let total: i64 = with_conn!(tx, |c| t.scoped(users::table).count().get_result(c))?;
                let rows: Vec<UserRow> = with_conn!(tx, |c| t
                    .scoped(users::table)
                    .order(users::id.asc())
                    .offset(offset)
                    .limit(paging.count)
                    .select(UserRow::as_select())
                    .load(c))?;
                let items = rows
                    .into_iter()
                    .map(|r| Ok(projection.apply(render(&User::try_from(r)?, &base))))
                    .collect::<Result<Vec<_>, Error>>()?;
                return Ok(super::list_response(items, total, paging));
            };
            let rows: Vec<UserRow> = with_conn!(tx, |c| {
                let mut q = t.scoped(users::table).order(users::id.asc()).select(UserRow::as_select()).into_boxed();
                if let Some(n) = filter::required_eq(&f, "username", None) {
                    let n = n.to_lowercase();
                    q = q.filter(
                        users::user_name_lower
                            .eq(n.clone())
                            .or(users::user_name_lower.is_null().and(users::email_lower.eq(n))),
                    );
                } else if let Some(x) = filter::required_eq(&f, "externalid", None) {
                    q = q.filter(users::external_id.eq(x));
                } else if let Some(e) = filter::required_eq(&f, "emails", Some("value")) {
                    q = q.filter(users::email_lower.eq(e.to_lowercase()));
                } else if let Some(id) = filter::required_eq(&f, "id", None) {
                    match id.parse::<UserId>() {
                        Ok(id) => q = q.filter(users::id.eq(id)),
                        // No user has an id that is not one.
                        Err(_) => q = q.filter(users::id.ne(users::id)),
                    }
                }
                q.load(c)
            })?;
            let mut matching = Vec::new();
            for r in rows {
                let user = User::try_from(r)?;
                if filter::matches(&f, &typed(&user, &base)) {
                    matching.push(render(&user, &base));
                }
            }
            let total = matching.len() as i64;
            let items = matching
                .into_iter()
                .skip(offset as usize)
                .take(paging.count as usize)
                .map(|d| projection.apply(d))
                .collect();
            Ok(super::list_response(items, total, paging))
        })
        .await?)
}
