//! The platform-level trail of support staff's actions: every CLI command is recorded, attributed to its
//! operator, before it runs (so a crash leaves `started`), and finished with its outcome. Rows carry the
//! tenant's slug as text, not a reference, so they outlive a purged tenant.

use diesel::prelude::*;

use crate::{
    db::{
        schema::operator_actions as oa,
        types::{OperatorActionId, Timestamp},
        Db,
    },
    error::Result,
    with_conn,
};

/// The longest command line or error kept (longer ones are cut).
const MAX_TEXT: usize = 4000;

/// One recorded action.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Queryable, Selectable)]
#[diesel(table_name = oa)]
pub struct OperatorAction {
    pub id: OperatorActionId,
    pub operator: String,
    /// The command, e.g. `tenant purge`.
    pub action: String,
    /// The arguments as given.
    pub command_line: String,
    pub tenant_slug: Option<String>,
    pub reason: Option<String>,
    /// `started`, `ok` or `error`.
    pub outcome: String,
    pub error: Option<String>,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

fn cut(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}

/// Records that `operator` starts `action`; returns the record's id for [`finish`].
pub async fn start(
    db: &Db,
    operator: &str,
    action: &str,
    command_line: &str,
    tenant_slug: Option<&str>,
    reason: Option<&str>,
) -> Result<OperatorActionId> {
    let id = OperatorActionId::new();
    let values = (
        oa::id.eq(id),
        oa::operator.eq(cut(operator)),
        oa::action.eq(cut(action)),
        oa::command_line.eq(cut(command_line)),
        oa::tenant_slug.eq(tenant_slug.map(cut)),
        oa::reason.eq(reason.map(cut)),
        oa::outcome.eq("started"),
        oa::started_at.eq(Timestamp::now()),
    );
    db.platform(move |tx| {
        with_conn!(tx, |c| diesel::insert_into(oa::table).values(values.clone()).execute(c))?;
        Ok(())
    })
    .await?;
    Ok(id)
}

/// One support-staff command, recorded in the trail from its start: the only way to get an operator's
/// scope on a tenant (every change an operator makes is then both in the tenant's audit trail, as the
/// operator, and in this platform trail).
#[derive(Debug)]
pub struct OperatorSession {
    db: Db,
    id: OperatorActionId,
    operator: String,
    meta: crate::scope::RequestMeta,
}

impl OperatorSession {
    /// Records that `operator` starts `action` (see [`start`]) and opens the session.
    pub async fn start(
        db: &Db,
        operator: &str,
        action: &str,
        command_line: &str,
        tenant_slug: Option<&str>,
        meta: crate::scope::RequestMeta,
    ) -> Result<Self> {
        let id = start(db, operator, action, command_line, tenant_slug, meta.reason.as_deref()).await?;
        Ok(OperatorSession { db: db.clone(), id, operator: operator.to_string(), meta })
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// The operator's scope on `tenant` (every permission), carrying the session's request metadata.
    pub fn scope(&self, tenant: crate::db::types::TenantId) -> crate::TenantScope {
        crate::TenantScope::for_operator(tenant, self.operator.clone()).with_meta(self.meta.clone())
    }

    /// Records how the command ended.
    pub async fn finish(self, error: Option<&str>) -> Result<()> {
        finish(&self.db, self.id, error).await
    }
}

/// Records how the action ended.
pub async fn finish(db: &Db, id: OperatorActionId, error: Option<&str>) -> Result<()> {
    let outcome = if error.is_some() { "error" } else { "ok" };
    let error = error.map(cut);
    db.platform(move |tx| {
        with_conn!(tx, |c| diesel::update(oa::table.filter(oa::id.eq(id)))
            .set((oa::outcome.eq(outcome), oa::error.eq(&error), oa::finished_at.eq(Some(Timestamp::now()))))
            .execute(c))?;
        Ok(())
    })
    .await
}

/// The most recent actions, newest first, optionally of one tenant (by slug).
pub async fn list(db: &Db, tenant_slug: Option<String>, limit: i64) -> Result<Vec<OperatorAction>> {
    db.platform(move |tx| {
        Ok(with_conn!(tx, |c| {
            let mut q =
                oa::table.select(OperatorAction::as_select()).order(oa::started_at.desc()).limit(limit).into_boxed();
            if let Some(slug) = &tenant_slug {
                q = q.filter(oa::tenant_slug.eq(slug.clone()));
            }
            q.load(c)
        })?)
    })
    .await
}
