//! SCIM Groups: Lyceum's groups as `urn:ietf:params:scim:schemas:core:2.0:Group`. Members are users
//! (by id); joining a group enrols the member in the group's courses, as through `/v1/groups`.

use std::collections::HashMap;

use diesel::prelude::*;
use serde_json::{json, Value};

use super::{filter, meta, patch, string_attr, Paging, Projection, ScimError, ScimResult, GROUP_SCHEMA};
use crate::{
    core::Core,
    db::{
        schema::groups as groups_table,
        types::{GroupId, UserId},
        TenantTx,
    },
    error::{check_external_id, Error, Validator},
    identity::{
        groups::{self, Group, GroupChanges},
        permissions::Permission,
    },
    scope::TenantScope,
    with_conn,
};

const MULTI_VALUED: &[&str] = &["members"];

fn render(g: &Group, members: Option<&[UserId]>, base: &str) -> Value {
    let mut v = json!({
        "schemas": [GROUP_SCHEMA],
        "id": g.id.to_string(),
        "displayName": g.name,
        "meta": meta("Group", format!("{base}/Groups/{}", g.id), g.created_at, g.updated_at, g.version),
    });
    if let Some(members) = members {
        v["members"] = members
            .iter()
            .map(|id| json!({"value": id.to_string(), "$ref": format!("{base}/Users/{id}"), "type": "User"}))
            .collect();
    }
    if let Some(x) = &g.external_id {
        v["externalId"] = json!(x);
    }
    v
}

/// Renders groups with their members (one query for all of them) when the projection wants members.
fn render_all(tx: &mut TenantTx<'_>, gs: &[Group], base: &str, with_members: bool) -> Result<Vec<Value>, Error> {
    let mut by_group: HashMap<GroupId, Vec<UserId>> = HashMap::new();
    if with_members && !gs.is_empty() {
        let ids: Vec<GroupId> = gs.iter().map(|g| g.id).collect();
        for chunk in ids.chunks(500) {
            for (g, u, _) in groups::members_of(tx, chunk)? {
                by_group.entry(g).or_default().push(u);
            }
        }
    }
    Ok(gs
        .iter()
        .map(|g| render(g, with_members.then(|| by_group.get(&g.id).map(Vec::as_slice).unwrap_or(&[])), base))
        .collect())
}

struct Wanted {
    name: String,
    external_id: Option<String>,
    members: Vec<UserId>,
}

fn read(doc: &Value) -> ScimResult<Wanted> {
    let name = string_attr(doc, "displayName")?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| ScimError::bad_request("invalidValue", "displayName is required"))?;
    let mut v = Validator::new();
    let name = groups::check_name(&mut v, "displayName", &name);
    let external_id = string_attr(doc, "externalId")?.map(|x| check_external_id(&mut v, &x));
    v.finish().map_err(ScimError::from)?;
    let members = match filter::get_ci(doc, "members") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for m in items {
                if let Some(t) = filter::get_ci(m, "type").and_then(Value::as_str) {
                    if !t.eq_ignore_ascii_case("User") {
                        return Err(ScimError::bad_request(
                            "invalidValue",
                            "members must be users (groups do not nest)",
                        ));
                    }
                }
                let id = filter::get_ci(m, "value")
                    .and_then(Value::as_str)
                    .ok_or_else(|| ScimError::bad_request("invalidValue", "each member needs a value (a user's id)"))?;
                out.push(id.parse::<UserId>().map_err(|_| {
                    ScimError::bad_request("invalidValue", format!("member {id:?} is not the id of a user"))
                })?);
            }
            out
        }
        Some(_) => return Err(ScimError::bad_request("invalidValue", "members must be a list")),
    };
    Ok(Wanted { name, external_id, members })
}

fn store(tx: &mut TenantTx<'_>, id: GroupId, w: Wanted) -> Result<Group, Error> {
    groups::apply_changes(tx, id, &GroupChanges { name: Some(w.name), external_id: Some(w.external_id) }, None)?;
    groups::set_members(tx, id, &w.members)?;
    groups::get(tx, id)
}

fn members(tx: &mut TenantTx<'_>, id: GroupId) -> Result<Vec<UserId>, Error> {
    groups::member_ids(tx, id)
}

/// `POST /Groups`.
pub async fn create(core: &Core, scope: &TenantScope, base: &str, body: Value) -> ScimResult<Value> {
    let w = read(&body)?;
    let base = base.to_string();
    Ok(core
        .db
        .write(scope, Permission::Scim, move |tx| {
            let g = groups::insert(tx, w.name, w.external_id, &w.members)?;
            let m = members(tx, g.id)?;
            Ok(render(&g, Some(&m), &base))
        })
        .await?)
}

/// `GET /Groups/{id}` (members unless excluded).
pub async fn get(
    core: &Core,
    scope: &TenantScope,
    base: &str,
    id: GroupId,
    projection: &Projection,
) -> ScimResult<Value> {
    let base = base.to_string();
    let with_members = projection.wants("members");
    Ok(core
        .db
        .read(scope, Permission::Scim, move |tx| {
            let g = groups::get(tx, id)?;
            Ok(render_all(tx, &[g], &base, with_members)?.remove(0))
        })
        .await?)
}

/// `PUT /Groups/{id}`.
pub async fn replace(core: &Core, scope: &TenantScope, base: &str, id: GroupId, body: Value) -> ScimResult<Value> {
    let w = read(&body)?;
    let base = base.to_string();
    Ok(core
        .db
        .write(scope, Permission::Scim, move |tx| {
            let g = store(tx, id, w)?;
            let m = members(tx, id)?;
            Ok(render(&g, Some(&m), &base))
        })
        .await?)
}

/// `PATCH /Groups/{id}`: applied to the group as SCIM shows it (members included), stored like a PUT.
pub async fn patch(core: &Core, scope: &TenantScope, base: &str, id: GroupId, body: Value) -> ScimResult<Value> {
    let base = base.to_string();
    core.db
        .write(scope, Permission::Scim, move |tx| {
            let g = groups::get(tx, id)?;
            let m = members(tx, id)?;
            let mut doc = render(&g, Some(&m), &base);
            if let Err(e) = patch::apply(&mut doc, &body, MULTI_VALUED) {
                return Ok(Err(e));
            }
            let w = match read(&doc) {
                Ok(w) => w,
                Err(e) => return Ok(Err(e)),
            };
            let g = store(tx, id, w)?;
            let m = members(tx, id)?;
            Ok(Ok(render(&g, Some(&m), &base)))
        })
        .await?
}

/// `DELETE /Groups/{id}`: enrollments made through the group stay.
pub async fn delete(core: &Core, scope: &TenantScope, id: GroupId) -> ScimResult<()> {
    Ok(core.db.write(scope, Permission::Scim, move |tx| groups::delete(tx, id)).await?)
}

/// `GET /Groups`, in creation order; `displayName`, `externalId` and `id` equalities use an index.
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
            let with_members = projection.wants("members");
            let offset = paging.start_index - 1;
            let ids: Vec<GroupId> = with_conn!(tx, |c| {
                let mut q =
                    t.scoped(groups_table::table).order(groups_table::id.asc()).select(groups_table::id).into_boxed();
                if let Some(f) = &filter {
                    if let Some(n) = filter::required_eq(f, "displayname", None) {
                        q = q.filter(crate::identity::users::lower_text(groups_table::name).eq(n.to_lowercase()));
                    } else if let Some(x) = filter::required_eq(f, "externalid", None) {
                        q = q.filter(groups_table::external_id.eq(x));
                    } else if let Some(id) = filter::required_eq(f, "id", None) {
                        match id.parse::<GroupId>() {
                            Ok(id) => q = q.filter(groups_table::id.eq(id)),
                            Err(_) => q = q.filter(groups_table::id.ne(groups_table::id)),
                        }
                    }
                }
                if filter.is_none() {
                    q = q.offset(offset).limit(paging.count);
                }
                q.load(c)
            })?;
            let (total, page_ids) = match &filter {
                None => (with_conn!(tx, |c| t.scoped(groups_table::table).count().get_result::<i64>(c))?, ids),
                Some(_) => (0, ids),
            };
            let gs = groups::get_many(tx, &page_ids)?;
            let Some(f) = filter else {
                let items =
                    render_all(tx, &gs, &base, with_members)?.into_iter().map(|d| projection.apply(d)).collect();
                return Ok(super::list_response(items, total, paging));
            };
            // Members are rendered when the filter or the answer needs them.
            let docs = render_all(tx, &gs, &base, true)?;
            let matching: Vec<Value> = docs.into_iter().filter(|d| filter::matches(&f, d)).collect();
            let total = matching.len() as i64;
            let items = matching
                .into_iter()
                .skip(offset as usize)
                .take(paging.count as usize)
                .map(|mut d| {
                    if !with_members {
                        d.as_object_mut().map(|o| o.remove("members"));
                    }
                    projection.apply(d)
                })
                .collect();
            Ok(super::list_response(items, total, paging))
        })
        .await?)
}
