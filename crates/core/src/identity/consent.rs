//! Consent to the institution's terms and privacy notice (issue 23, item 6). An institution names the
//! current version of each (`PATCH /v1/tenant`: `terms_version`, `privacy_notice_version`, with their
//! URLs). From then on a person signs in only once they have accepted those versions: every sign-in
//! flow (password, the hosted sign-in page, the single sign-on code exchange, accepting an invitation)
//! takes `accepted_terms_version` and `accepted_privacy_notice_version`, and one that lacks a version
//! the person has not accepted before is refused with 403 `consent_required`, whose problem names the
//! documents (version and URL) to show. Each acceptance is a row in `consents`: which versions, when,
//! through which flow, from which address; `GET /v1/me/consents` and `GET /v1/users/{id}/consents`
//! read them. A person already signed in accepts through `POST /v1/me/consents`.

use diesel::prelude::*;

use crate::{
    audit,
    db::{
        schema::consents,
        types::{ConsentId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, PolicyDocument, Result, Validator},
    scope::{permissions::Permission, Need, TenantScope},
    tenants::{self, Policies},
    with_conn, Core,
};

/// The versions a request says the person accepts (either may be absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acceptance {
    pub terms_version: Option<String>,
    pub privacy_notice_version: Option<String>,
}

impl Acceptance {
    pub fn is_empty(&self) -> bool {
        self.terms_version.is_none() && self.privacy_notice_version.is_none()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consents)]
struct ConsentRow {
    tenant_id: TenantId,
    id: ConsentId,
    user_id: UserId,
    terms_version: Option<String>,
    privacy_notice_version: Option<String>,
    accepted_via: String,
    ip: Option<String>,
    accepted_at: Timestamp,
}

crate::tenant_rows!(ConsentRow);

/// One acceptance.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Consent {
    pub id: ConsentId,
    pub user_id: UserId,
    pub terms_version: Option<String>,
    pub privacy_notice_version: Option<String>,
    /// `login`, `hosted_sign_in`, `sign_in_code`, `invitation` or `api`.
    pub accepted_via: String,
    pub accepted_at: Timestamp,
}

/// A person's acceptances (newest first) and whether they cover the institution's current versions.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConsentStatus {
    pub policies: Policies,
    /// The current documents this person has not accepted yet (nothing when all are accepted).
    pub outstanding: Vec<PolicyDocument>,
    pub consents: Vec<Consent>,
}

fn stale(v: &mut Validator, field: &str, given: &Option<String>, current: &Option<String>, what: &str) {
    if let Some(g) = given {
        match current {
            Some(c) if c == g.trim() => {}
            Some(c) => v.push(field, format!("the institution's current {what} are version `{c}`, not `{}`", g.trim())),
            None => v.push(field, format!("the institution has no {what} to accept")),
        }
    }
}

fn accepted(tx: &mut TenantTx<'_>, user: UserId) -> Result<Vec<ConsentRow>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(consents::table)
        .filter(consents::user_id.eq(user))
        .order(consents::accepted_at.desc())
        .select(ConsentRow::as_select())
        .load(c))?)
}

fn outstanding(policies: &Policies, rows: &[ConsentRow], given: &Acceptance) -> Vec<PolicyDocument> {
    let mut out = Vec::new();
    if let Some(v) = &policies.terms_version {
        let done = given.terms_version.is_some() || rows.iter().any(|r| r.terms_version.as_ref() == Some(v));
        if !done {
            out.push(PolicyDocument { document: "terms", version: v.clone(), url: policies.terms_url.clone() });
        }
    }
    if let Some(v) = &policies.privacy_notice_version {
        let done =
            given.privacy_notice_version.is_some() || rows.iter().any(|r| r.privacy_notice_version.as_ref() == Some(v));
        if !done {
            out.push(PolicyDocument {
                document: "privacy_notice",
                version: v.clone(),
                url: policies.privacy_notice_url.clone(),
            });
        }
    }
    out
}

/// In a sign-in's transaction: refuses (`consent_required`) unless the person has accepted, before or
/// now, every current document; records what `given` accepts (versions that are not current are a
/// 400 on their field).
pub(crate) fn settle(tx: &mut TenantTx<'_>, user: UserId, given: &Acceptance, via: &'static str) -> Result<()> {
    let policies = tenants::current(tx)?.policies;
    if !policies.any() && given.is_empty() {
        return Ok(());
    }
    let mut v = Validator::new();
    stale(&mut v, "accepted_terms_version", &given.terms_version, &policies.terms_version, "terms");
    stale(
        &mut v,
        "accepted_privacy_notice_version",
        &given.privacy_notice_version,
        &policies.privacy_notice_version,
        "privacy notice",
    );
    v.finish()?;
    let rows = accepted(tx, user)?;
    let missing = outstanding(&policies, &rows, given);
    if !missing.is_empty() {
        return Err(Error::ConsentRequired { documents: missing });
    }
    if given.is_empty() {
        return Ok(());
    }
    let mut row = ConsentRow {
        tenant_id: tx.tenant_id(),
        id: ConsentId::new(),
        user_id: user,
        terms_version: given.terms_version.as_ref().map(|s| s.trim().to_string()),
        privacy_notice_version: given.privacy_notice_version.as_ref().map(|s| s.trim().to_string()),
        accepted_via: via.to_string(),
        ip: tx.scope().meta().ip.clone(),
        accepted_at: Timestamp::now(),
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(consents::table).values(ours.stamp(&mut row)).execute(c))?;
    audit::record(
        tx,
        "consent.accepted",
        Some(("user", user.to_string())),
        serde_json::json!({
            "terms_version": row.terms_version, "privacy_notice_version": row.privacy_notice_version, "via": via,
        }),
    )
}

/// A person's consents, in the caller's transaction.
pub(crate) fn status_in(tx: &mut TenantTx<'_>, user: UserId) -> Result<ConsentStatus> {
    crate::identity::users::get(tx, user)?;
    let policies = tenants::current(tx)?.policies;
    let rows = accepted(tx, user)?;
    let outstanding = outstanding(&policies, &rows, &Acceptance::default());
    let consents = rows
        .into_iter()
        .map(|r| Consent {
            id: r.id,
            user_id: r.user_id,
            terms_version: r.terms_version,
            privacy_notice_version: r.privacy_notice_version,
            accepted_via: r.accepted_via,
            accepted_at: r.accepted_at,
        })
        .collect();
    Ok(ConsentStatus { policies, outstanding, consents })
}

/// A person's consents: their own (any signed-in person), anyone's with `users:read`.
pub async fn view(core: &Core, scope: &TenantScope, user: UserId) -> Result<ConsentStatus> {
    if scope.user_id() != Some(user) {
        scope.require(Permission::UsersRead)?;
    }
    core.db.read(scope, Need::Identified, move |tx| status_in(tx, user)).await
}

/// The signed-in person accepts the current versions (`POST /v1/me/consents`).
pub async fn accept(core: &Core, scope: &TenantScope, given: Acceptance) -> Result<ConsentStatus> {
    let Some(user) = scope.user_id() else {
        return Err(Error::Forbidden {
            code: "person_required",
            message: "only a signed-in person accepts terms; an API key cannot".into(),
        });
    };
    if given.is_empty() {
        return Err(Error::invalid(
            "accepted_terms_version",
            "name the version of the terms or of the privacy notice you accept",
        ));
    }
    core.db
        .write_even_if_read_only(scope, Need::Identified, move |tx| {
            settle(tx, user, &given, "api")?;
            status_in(tx, user)
        })
        .await
}
