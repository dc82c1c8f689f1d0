//! Importing many users at once (support staff: `lyceum users import`): every row is validated and
//! reported on by line; valid new users are inserted in batches, each batch one transaction with its
//! invitation jobs.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::{
    audit,
    db::{
        schema::users,
        types::{TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Result, Validator},
    identity::emails::InvitationEmail,
    identity::{
        normalize_email,
        permissions::Permission,
        users::{Role, UserRow, UserStatus},
    },
    jobs,
    scope::TenantScope,
    tenants::signup::MAX_NAME_CHARS,
    with_conn, Core,
};

pub const BATCH: usize = 1000;

/// One row of the input; `line` is where it came from (for the report).
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub line: usize,
    pub email: String,
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RowOutcome {
    pub line: usize,
    pub email: String,
    /// `created`, `exists` or `invalid`.
    pub result: &'static str,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub existing: usize,
    pub invalid: usize,
    /// Every row that was not created, and why.
    pub rows: Vec<RowOutcome>,
}

/// A checked row: email as given, email lower-cased, name, role.
pub(crate) type Person = (String, String, String, Role);

/// Inserts `people` (new to the tenant) as `invited` users in the caller's transaction, with their
/// `user.created` events and, when `send_invites`, their invitation jobs. Returns how many were inserted.
pub(crate) fn insert_invited(tx: &mut TenantTx<'_>, people: Vec<Person>, send_invites: bool) -> Result<usize> {
    let tenant: TenantId = tx.tenant_id();
    let now = Timestamp::now();
    let mut rows: Vec<UserRow> = people
        .into_iter()
        .map(|(email, lower, name, role)| UserRow {
            tenant_id: tenant,
            id: UserId::new(),
            email,
            email_lower: lower,
            name,
            role,
            status: UserStatus::Invited,
            password_hash: None,
            created_at: now,
            updated_at: now,
            version: 1,
            last_login_at: None,
            external_id: None,
            user_name: None,
            user_name_lower: None,
            erased_at: None,
        })
        .collect();
    let mut created = 0;
    let ours = tx.tenant();
    for part in rows.chunks_mut(250) {
        created += with_conn!(tx, |c| diesel::insert_into(users::table).values(ours.stamp_all(part)).execute(c))?;
    }
    let events: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "user_id": r.id, "email": r.email, "name": r.name, "role": r.role,
                "status": r.status, "created_at": r.created_at,
            })
        })
        .collect();
    crate::events::emit_many(tx, "user.created", &events)?;
    if send_invites {
        for r in &rows {
            jobs::enqueue(tx, &InvitationEmail { tenant_id: tenant, user_id: r.id })?;
        }
    }
    Ok(created)
}

/// A row's email (as given and lower-cased), name and role (default learner), or why it is invalid.
pub(crate) fn check_row(row: &ImportRow) -> std::result::Result<(String, String, String, Role), String> {
    let mut v = Validator::new();
    let email = match normalize_email(&row.email) {
        Ok(pair) => Some(pair),
        Err(m) => {
            v.push("email", m);
            None
        }
    };
    let name = row.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || crate::error::has_unsafe_chars(name) {
        v.push("name", format!("must be 1-{MAX_NAME_CHARS} characters"));
    }
    let role = match row.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        None => Some(Role::Learner),
        Some(r) => match Role::parse(r) {
            Some(Role::Owner) => {
                v.push("role", "owners cannot be imported; promote a user afterwards");
                None
            }
            Some(r) => Some(r),
            None => {
                v.push("role", "must be admin, instructor or learner");
                None
            }
        },
    };
    match v.finish() {
        Err(crate::Error::Invalid { errors }) => {
            Err(errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))
        }
        _ => {
            let (email, lower) = email.unwrap_or_default();
            Ok((email, lower, name.to_string(), role.unwrap_or(Role::Learner)))
        }
    }
}

/// Imports `rows` into the scope's tenant as `invited` users (with an invitation email when
/// `send_invites`). `progress` is told how many rows are done.
pub async fn import_users(
    core: &Core,
    scope: &TenantScope,
    rows: Vec<ImportRow>,
    send_invites: bool,
    mut progress: impl FnMut(usize),
) -> Result<ImportReport> {
    scope.require(Permission::UsersWrite)?;
    let mut report = ImportReport::default();
    let existing: HashSet<String> = core
        .db
        .read(scope, Permission::UsersWrite, |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t.scoped(users::table).select(users::email_lower).load::<String>(c))?)
        })
        .await?
        .into_iter()
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut valid = Vec::new();
    let total = rows.len();
    for row in rows {
        let (email, lower, name, role) = match check_row(&row) {
            Ok(checked) => checked,
            Err(message) => {
                report.invalid += 1;
                report.rows.push(RowOutcome {
                    line: row.line,
                    email: row.email,
                    result: "invalid",
                    message: Some(message),
                });
                continue;
            }
        };
        if existing.contains(&lower) {
            report.existing += 1;
            report.rows.push(RowOutcome { line: row.line, email, result: "exists", message: None });
            continue;
        }
        if let Some(first) = seen.insert(lower.clone(), row.line) {
            report.invalid += 1;
            report.rows.push(RowOutcome {
                line: row.line,
                email,
                result: "invalid",
                message: Some(format!("duplicate of line {first}")),
            });
            continue;
        }
        valid.push((email, lower, name, role));
    }
    progress(total - valid.len());
    let mut done = total - valid.len();
    for chunk in valid.chunks(BATCH) {
        let chunk = chunk.to_vec();
        let n = chunk.len();
        let created =
            core.db.write(scope, Permission::UsersWrite, move |tx| insert_invited(tx, chunk, send_invites)).await?;
        report.created += created;
        done += n;
        progress(done);
    }
    let summary =
        serde_json::json!({ "created": report.created, "existing": report.existing, "invalid": report.invalid });
    core.db.write(scope, Permission::UsersWrite, move |tx| audit::record(tx, "users.imported", None, summary)).await?;
    Ok(report)
}
