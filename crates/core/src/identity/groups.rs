//! Groups (cohorts, classes, SCIM groups): named sets of an institution's users. Reading them needs
//! `users:read`, changing them `users:write` (or `scim` through SCIM). Adding members emits
//! `group.members_added`, on which the learning layer enrols them in the group's courses in the same
//! transaction (see `enrollments::groups`).

use std::collections::HashSet;

use diesel::prelude::*;

use crate::{
    audit,
    core::Core,
    db::{
        schema::{group_members, groups, users},
        scoped::same_tenant,
        types::{GroupId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{check_external_id, has_unsafe_chars, Error, Result, Validator},
    events,
    identity::permissions::Permission,
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn,
};

pub const MAX_GROUP_NAME_CHARS: usize = 200;
/// Members added or removed by one request.
pub const MAX_MEMBERS_PER_REQUEST: usize = 1000;

/// A group as shown.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub external_id: Option<String>,
    pub member_count: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = groups)]
struct GroupRow {
    tenant_id: TenantId,
    id: GroupId,
    name: String,
    external_id: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
    version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = group_members)]
struct MemberRow {
    tenant_id: TenantId,
    group_id: GroupId,
    user_id: UserId,
    added_at: Timestamp,
}

crate::tenant_rows!(GroupRow, MemberRow);

/// A member of a group, with what a roster shows of them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Member {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub added_at: Timestamp,
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    pub external_id: Option<String>,
    /// This name, case-insensitively.
    pub name: Option<String>,
}

/// Changes to a group; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct GroupChanges {
    pub name: Option<String>,
    /// `Some(None)` clears it.
    pub external_id: Option<Option<String>>,
}

/// What adding members did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct MembersAdded {
    pub added: Vec<UserId>,
    /// Already members: nothing changed.
    pub unchanged: Vec<UserId>,
}

/// Checks a group's name: 1-200 characters, no control characters; answers it trimmed.
pub fn check_name(v: &mut Validator, field: &str, name: &str) -> String {
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > MAX_GROUP_NAME_CHARS || has_unsafe_chars(&name) {
        v.push(field, format!("must be 1-{MAX_GROUP_NAME_CHARS} characters without control characters"));
    }
    name
}

fn taken(e: diesel::result::Error) -> Error {
    match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            Error::Conflict {
                code: "external_id_taken",
                field: Some("external_id"),
                message: "another group of the institution has this external id".into(),
            }
        }
        other => other.into(),
    }
}

fn counts(tx: &mut TenantTx<'_>, ids: &[GroupId]) -> Result<std::collections::HashMap<GroupId, i64>> {
    let t = tx.tenant();
    let rows: Vec<(GroupId, i64)> = with_conn!(tx, |c| t
        .scoped(group_members::table)
        .filter(group_members::group_id.eq_any(ids))
        .group_by(group_members::group_id)
        .select((group_members::group_id, diesel::dsl::count_star()))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

fn shown(rows: Vec<GroupRow>, tx: &mut TenantTx<'_>) -> Result<Vec<Group>> {
    let ids: Vec<GroupId> = rows.iter().map(|r| r.id).collect();
    let counts = counts(tx, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| Group {
            member_count: counts.get(&r.id).copied().unwrap_or(0),
            id: r.id,
            name: r.name,
            external_id: r.external_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        })
        .collect())
}

/// One group of the transaction's institution (404 when there is none).
pub fn get(tx: &mut TenantTx<'_>, id: GroupId) -> Result<Group> {
    let t = tx.tenant();
    let row: GroupRow = with_conn!(tx, |c| t
        .scoped(groups::table)
        .filter(groups::id.eq(id))
        .select(GroupRow::as_select())
        .first(c)
        .optional())?
    .ok_or(Error::NotFound { resource: "group" })?;
    Ok(shown(vec![row], tx)?.remove(0))
}

/// These groups, in id order (ids of no group of the institution are left out), in two queries.
pub fn get_many(tx: &mut TenantTx<'_>, ids: &[GroupId]) -> Result<Vec<Group>> {
    let t = tx.tenant();
    let mut rows: Vec<GroupRow> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        rows.extend(with_conn!(tx, |c| t
            .scoped(groups::table)
            .filter(groups::id.eq_any(chunk))
            .select(GroupRow::as_select())
            .load(c))?);
    }
    rows.sort_by_key(|r| r.id);
    shown(rows, tx)
}

/// The institution's groups in id (creation) order.
pub fn list(tx: &mut TenantTx<'_>, filter: &GroupFilter, page: PageRequest) -> Result<Page<Group>> {
    let t = tx.tenant();
    let rows: Vec<GroupRow> = with_conn!(tx, |c| {
        let mut q = t
            .scoped(groups::table)
            .select(GroupRow::as_select())
            .order(groups::id.asc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(after) = page.after {
            q = q.filter(groups::id.gt(GroupId(after)));
        }
        if let Some(x) = &filter.external_id {
            q = q.filter(groups::external_id.eq(x));
        }
        if let Some(n) = &filter.name {
            q = q.filter(crate::identity::users::lower_text(groups::name).eq(n.to_lowercase()));
        }
        q.load(c)
    })?;
    let groups = shown(rows, tx)?;
    Ok(Page::from_rows(groups, page, |g| g.id.0))
}

/// How many groups a page of [`list`] would find (SCIM's `totalResults`).
pub fn count(tx: &mut TenantTx<'_>, filter: &GroupFilter) -> Result<i64> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| {
        let mut q = t.scoped(groups::table).count().into_boxed();
        if let Some(x) = &filter.external_id {
            q = q.filter(groups::external_id.eq(x));
        }
        if let Some(n) = &filter.name {
            q = q.filter(crate::identity::users::lower_text(groups::name).eq(n.to_lowercase()));
        }
        q.get_result(c)
    })?)
}

/// Creates a group (its name already checked) with `members`.
pub fn insert(tx: &mut TenantTx<'_>, name: String, external_id: Option<String>, members: &[UserId]) -> Result<Group> {
    let now = Timestamp::now();
    let mut row = GroupRow {
        tenant_id: tx.tenant_id(),
        id: GroupId::new(),
        name,
        external_id,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(groups::table).values(ours.stamp(&mut row)).execute(c)).map_err(taken)?;
    audit::record(
        tx,
        "group.created",
        Some(("group", row.id.to_string())),
        serde_json::json!({ "name": row.name, "external_id": row.external_id }),
    )?;
    events::emit(tx, "group.created", serde_json::json!({ "group_id": row.id, "name": row.name }))?;
    let id = row.id;
    add_members(tx, id, members)?;
    get(tx, id)
}

/// Applies `changes` (already checked), bumping the version; `expected_version` gives optimistic
/// concurrency (412 when stale).
pub fn apply_changes(
    tx: &mut TenantTx<'_>,
    id: GroupId,
    changes: &GroupChanges,
    expected_version: Option<i64>,
) -> Result<Group> {
    let current = get(tx, id)?;
    if let Some(v) = expected_version {
        if v != current.version {
            return Err(Error::PreconditionFailed {
                message: format!("the group changed since version {v} (now {}); fetch it again", current.version),
            });
        }
    }
    let name = changes.name.clone().unwrap_or(current.name.clone());
    let external_id = changes.external_id.clone().unwrap_or(current.external_id.clone());
    if name == current.name && external_id == current.external_id {
        return Ok(current);
    }
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::update(t.scoped(groups::table).filter(groups::id.eq(id)))
        .set((
            groups::name.eq(&name),
            groups::external_id.eq(&external_id),
            groups::updated_at.eq(Timestamp::now()),
            groups::version.eq(groups::version + 1),
        ))
        .execute(c))
    .map_err(taken)?;
    audit::record(
        tx,
        "group.updated",
        Some(("group", id.to_string())),
        serde_json::json!({ "name": [current.name, name], "external_id": [current.external_id, external_id] }),
    )?;
    get(tx, id)
}

/// Deletes a group; its members' enrollments stay.
pub fn delete(tx: &mut TenantTx<'_>, id: GroupId) -> Result<()> {
    let group = get(tx, id)?;
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::delete(t.scoped(groups::table).filter(groups::id.eq(id))).execute(c))?;
    audit::record(tx, "group.deleted", Some(("group", id.to_string())), serde_json::json!({ "name": group.name }))?;
    events::emit(tx, "group.deleted", serde_json::json!({ "group_id": id }))?;
    Ok(())
}

fn touch(tx: &mut TenantTx<'_>, id: GroupId) -> Result<()> {
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::update(t.scoped(groups::table).filter(groups::id.eq(id)))
        .set((groups::updated_at.eq(Timestamp::now()), groups::version.eq(groups::version + 1)))
        .execute(c))?;
    Ok(())
}

/// Adds `users` to the group (which must exist); unknown users are a 400 naming them. Members already
/// in the group are left as they are. Emits `group.members_added` for the new ones.
pub fn add_members(tx: &mut TenantTx<'_>, id: GroupId, users: &[UserId]) -> Result<MembersAdded> {
    if users.len() > MAX_MEMBERS_PER_REQUEST {
        return Err(Error::invalid("members", format!("at most {MAX_MEMBERS_PER_REQUEST} members per request")));
    }
    if users.is_empty() {
        return Ok(MembersAdded::default());
    }
    let t = tx.tenant();
    let mut wanted: Vec<UserId> = users.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let known: HashSet<UserId> = with_conn!(tx, |c| t
        .scoped(users::table)
        .filter(users::id.eq_any(&wanted))
        .select(users::id)
        .load::<UserId>(c))?
    .into_iter()
    .collect();
    let unknown: Vec<String> = wanted.iter().filter(|u| !known.contains(u)).map(|u| u.to_string()).collect();
    if !unknown.is_empty() {
        return Err(Error::invalid("members", format!("no user with id {}", unknown.join(", "))));
    }
    let present: HashSet<UserId> = with_conn!(tx, |c| t
        .scoped(group_members::table)
        .filter(group_members::group_id.eq(id))
        .filter(group_members::user_id.eq_any(&wanted))
        .select(group_members::user_id)
        .load::<UserId>(c))?
    .into_iter()
    .collect();
    let now = Timestamp::now();
    let mut rows: Vec<MemberRow> = wanted
        .iter()
        .filter(|u| !present.contains(u))
        .map(|u| MemberRow { tenant_id: t.id(), group_id: id, user_id: *u, added_at: now })
        .collect();
    let added: Vec<UserId> = rows.iter().map(|r| r.user_id).collect();
    let ours = tx.tenant();
    for chunk in rows.chunks_mut(500) {
        with_conn!(tx, |c| diesel::insert_into(group_members::table).values(ours.stamp_all(chunk)).execute(c))?;
    }
    if !added.is_empty() {
        touch(tx, id)?;
        audit::record(
            tx,
            "group.members_added",
            Some(("group", id.to_string())),
            serde_json::json!({ "user_ids": added }),
        )?;
        events::emit(tx, "group.members_added", serde_json::json!({ "group_id": id, "user_ids": added }))?;
    }
    Ok(MembersAdded { added, unchanged: wanted.into_iter().filter(|u| present.contains(u)).collect() })
}

/// Removes `users` from the group; answers how many were members. Their enrollments stay.
pub fn remove_members(tx: &mut TenantTx<'_>, id: GroupId, users: &[UserId]) -> Result<usize> {
    if users.len() > MAX_MEMBERS_PER_REQUEST {
        return Err(Error::invalid("members", format!("at most {MAX_MEMBERS_PER_REQUEST} members per request")));
    }
    let t = tx.tenant();
    let mut removed = 0;
    for chunk in users.chunks(500) {
        removed += with_conn!(tx, |c| diesel::delete(
            t.scoped(group_members::table)
                .filter(group_members::group_id.eq(id))
                .filter(group_members::user_id.eq_any(chunk))
        )
        .execute(c))?;
    }
    if removed > 0 {
        touch(tx, id)?;
        audit::record(
            tx,
            "group.members_removed",
            Some(("group", id.to_string())),
            serde_json::json!({ "user_ids": users }),
        )?;
        events::emit(tx, "group.members_removed", serde_json::json!({ "group_id": id, "user_ids": users }))?;
    }
    Ok(removed)
}

/// Every member's id (SCIM answers a group with all its members).
pub fn member_ids(tx: &mut TenantTx<'_>, id: GroupId) -> Result<Vec<UserId>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(group_members::table)
        .filter(group_members::group_id.eq(id))
        .order(group_members::user_id.asc())
        .select(group_members::user_id)
        .load(c))?)
}

/// Members with their names (by user id), for many groups at once: `(group, user, name)`.
pub fn members_of(tx: &mut TenantTx<'_>, ids: &[GroupId]) -> Result<Vec<(GroupId, UserId, String)>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(group_members::table)
        .inner_join(
            users::table.on(same_tenant(users::table, group_members::table).and(users::id.eq(group_members::user_id)))
        )
        .filter(group_members::group_id.eq_any(ids))
        .order((group_members::group_id.asc(), group_members::user_id.asc()))
        .select((group_members::group_id, group_members::user_id, users::name))
        .load(c))?)
}

/// Makes the group's members exactly `users` (SCIM's replace of `members`).
pub fn set_members(tx: &mut TenantTx<'_>, id: GroupId, users: &[UserId]) -> Result<()> {
    let current: HashSet<UserId> = member_ids(tx, id)?.into_iter().collect();
    let wanted: HashSet<UserId> = users.iter().copied().collect();
    let gone: Vec<UserId> = current.difference(&wanted).copied().collect();
    let new: Vec<UserId> = wanted.difference(&current).copied().collect();
    for chunk in gone.chunks(MAX_MEMBERS_PER_REQUEST) {
        remove_members(tx, id, chunk)?;
    }
    for chunk in new.chunks(MAX_MEMBERS_PER_REQUEST) {
        add_members(tx, id, chunk)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// The API's entry points

/// Creates a group (`users:write`).
pub async fn create(
    core: &Core,
    scope: &TenantScope,
    name: &str,
    external_id: Option<String>,
    members: Vec<UserId>,
) -> Result<Group> {
    let mut v = Validator::new();
    let name = check_name(&mut v, "name", name);
    let external_id = external_id.map(|x| check_external_id(&mut v, &x));
    v.finish()?;
    core.db.write(scope, Permission::UsersWrite, move |tx| insert(tx, name, external_id, &members)).await
}

/// The institution's groups (`users:read`).
pub async fn list_groups(
    core: &Core,
    scope: &TenantScope,
    filter: GroupFilter,
    page: PageRequest,
) -> Result<Page<Group>> {
    core.db.read(scope, Permission::UsersRead, move |tx| list(tx, &filter, page)).await
}

/// One group (`users:read`).
pub async fn view(core: &Core, scope: &TenantScope, id: GroupId) -> Result<Group> {
    core.db.read(scope, Permission::UsersRead, move |tx| get(tx, id)).await
}

/// Renames a group or changes its external id (`users:write`).
pub async fn update(
    core: &Core,
    scope: &TenantScope,
    id: GroupId,
    name: Option<String>,
    external_id: Option<Option<String>>,
    expected_version: Option<i64>,
) -> Result<Group> {
    let mut v = Validator::new();
    let changes = GroupChanges {
        name: name.map(|n| check_name(&mut v, "name", &n)),
        external_id: external_id.map(|x| x.map(|x| check_external_id(&mut v, &x))),
    };
    v.finish()?;
    core.db.write(scope, Permission::UsersWrite, move |tx| apply_changes(tx, id, &changes, expected_version)).await
}

/// Deletes a group (`users:write`); enrollments made through it stay.
pub async fn remove(core: &Core, scope: &TenantScope, id: GroupId) -> Result<()> {
    core.db.write(scope, Permission::UsersWrite, move |tx| delete(tx, id)).await
}

/// A page of the group's members, in user id order (`users:read`).
pub async fn list_members(core: &Core, scope: &TenantScope, id: GroupId, page: PageRequest) -> Result<Page<Member>> {
    core.db
        .read(scope, Permission::UsersRead, move |tx| {
            get(tx, id)?;
            let t = tx.tenant();
            let rows: Vec<(UserId, String, String, Timestamp)> = with_conn!(tx, |c| {
                let mut q =
                    t.scoped(group_members::table)
                        .inner_join(users::table.on(
                            same_tenant(users::table, group_members::table).and(users::id.eq(group_members::user_id)),
                        ))
                        .filter(group_members::group_id.eq(id))
                        .order(group_members::user_id.asc())
                        .limit(page.limit + 1)
                        .select((group_members::user_id, users::email, users::name, group_members::added_at))
                        .into_boxed();
                if let Some(after) = page.after {
                    q = q.filter(group_members::user_id.gt(UserId(after)));
                }
                q.load(c)
            })?;
            let members = rows
                .into_iter()
                .map(|(user_id, email, name, added_at)| Member { user_id, email, name, added_at })
                .collect();
            Ok(Page::from_rows(members, page, |m| m.user_id.0))
        })
        .await
}

/// Adds members (`users:write`); they are enrolled in the group's courses in the same transaction.
pub async fn add(core: &Core, scope: &TenantScope, id: GroupId, users: Vec<UserId>) -> Result<MembersAdded> {
    if users.is_empty() {
        return Err(Error::invalid("user_ids", "name at least one user"));
    }
    core.db
        .write(scope, Permission::UsersWrite, move |tx| {
            get(tx, id)?;
            add_members(tx, id, &users)
        })
        .await
}

/// Removes one member (`users:write`); 404 when they are not one. Their enrollments stay.
pub async fn remove_member(core: &Core, scope: &TenantScope, id: GroupId, user: UserId) -> Result<()> {
    core.db
        .write(scope, Permission::UsersWrite, move |tx| {
            get(tx, id)?;
            match remove_members(tx, id, &[user])? {
                0 => Err(Error::NotFound { resource: "group member" }),
                _ => Ok(()),
            }
        })
        .await
}
