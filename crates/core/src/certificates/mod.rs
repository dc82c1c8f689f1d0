//! Certificates: one per completed enrollment, issued by a job ([`IssueCertificate`]) enqueued in the
//! transaction that completed the enrollment. The credential is an Open Badges 3.0
//! `OpenBadgeCredential` (issuer = the tenant, achievement = the course, recipient = a salted hash of
//! the learner's email), signed as a compact JWS with the tenant's Ed25519 key.
//!
//! The public code is base64url(16 random bytes ++ tenant id): unguessable, and it names its tenant, so
//! public verification runs inside that tenant's scope like every other lookup.

mod anonymise;
pub mod emails;
pub mod signing;

use crate::scope::Need;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub(crate) use self::anonymise::anonymise;
pub use self::signing::PublicKey;
use crate::{
    audit,
    certificates::emails::CompletionEmail,
    db::{
        schema::{certificates, courses, enrollments, signing_keys, users},
        types::{CertificateId, CourseId, EnrollmentId, SigningKeyId, TenantId, Timestamp, UserId},
        Db, TenantTx,
    },
    error::{Error, Result},
    events,
    identity::permissions::Permission,
    jobs::{self, Job},
    pagination::{Page, PageRequest},
    scope::{RequestMeta, TenantScope},
    tenants, with_conn, Core,
};

/// Job payload: issue the certificate of a completed enrollment (once, however often it runs).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IssueCertificate {
    pub tenant_id: TenantId,
    pub enrollment_id: EnrollmentId,
}

impl Job for IssueCertificate {
    const KIND: &'static str = "certificate.issue";
    const PRIORITY: i32 = 5;

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("certificate.issue:{}", self.enrollment_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        issue(ctx.db(), meta.scope()?, &ctx.config.server.public_url, self.enrollment_id).await?;
        Ok(())
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = certificates, treat_none_as_default_value = false)]
pub(crate) struct CertificateRow {
    pub tenant_id: TenantId,
    pub id: CertificateId,
    pub enrollment_id: EnrollmentId,
    pub course_id: CourseId,
    pub user_id: UserId,
    pub code: String,
    pub key_id: SigningKeyId,
    pub credential: String,
    pub signature: String,
    pub issued_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub revoked_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Certificate {
    pub id: CertificateId,
    pub code: String,
    pub enrollment_id: EnrollmentId,
    pub course_id: CourseId,
    pub user_id: UserId,
    pub issued_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub revoked_reason: Option<String>,
    pub key_id: SigningKeyId,
    /// The Open Badges 3.0 credential (JSON).
    pub credential: serde_json::Value,
    /// Compact JWS (EdDSA) whose payload is the credential.
    pub signature: String,
}

impl TryFrom<CertificateRow> for Certificate {
    type Error = Error;
    fn try_from(r: CertificateRow) -> Result<Self> {
        Ok(Certificate {
            id: r.id,
            code: r.code,
            enrollment_id: r.enrollment_id,
            course_id: r.course_id,
            user_id: r.user_id,
            issued_at: r.issued_at,
            revoked_at: r.revoked_at,
            revoked_reason: r.revoked_reason,
            key_id: r.key_id,
            credential: serde_json::from_str(&r.credential).map_err(Error::internal)?,
            signature: r.signature,
        })
    }
}

/// Longest revocation reason.
pub const MAX_REASON_CHARS: usize = 500;

fn mint_code(tenant: TenantId) -> String {
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw[..16]);
    raw[16..].copy_from_slice(tenant.0.as_bytes());
    B64.encode(raw)
}

/// The tenant a well-formed code names.
pub fn tenant_of_code(code: &str) -> Option<TenantId> {
    if code.len() != 43 {
        return None;
    }
    let raw = B64.decode(code).ok()?;
    uuid::Uuid::from_slice(raw.get(16..32)?).ok().map(TenantId)
}

pub fn issuer_url(public_url: &str, tenant: TenantId) -> String {
    format!("{}/v1/issuers/{tenant}", public_url.trim_end_matches('/'))
}

/// Issues the certificate of a completed enrollment in one transaction with its event and completion
/// email; does nothing if it exists (the job may run twice) or the enrollment is not completed.
pub async fn issue(
    db: &Db,
    scope: &TenantScope,
    public_url: &str,
    enrollment_id: EnrollmentId,
) -> Result<Option<Certificate>> {
    let base = public_url.trim_end_matches('/').to_string();
    db.write(scope, Need::Identified, move |tx| {
        let tenant_id = tx.tenant();
        let existing: Option<CertificateId> = with_conn!(tx, |c| tenant_id
            .scoped(certificates::table)
            .filter(certificates::enrollment_id.eq(enrollment_id))
            .select(certificates::id)
            .first(c)
            .optional())?;
        if existing.is_some() {
            return Ok(None);
        }
        let e = crate::enrollments::get_row(tx, enrollment_id)?;
        if e.status != crate::enrollments::EnrollmentStatus::Completed {
            return Ok(None);
        }
        let tenant = tenants::current(tx)?;
        let (title, description): (String, String) = with_conn!(tx, |c| tenant_id
            .scoped(courses::table)
            .filter(courses::id.eq(e.course_id))
            .select((courses::title, courses::description))
            .first(c))?;
        let (email, name): (String, String) = with_conn!(tx, |c| tenant_id
            .scoped(users::table)
            .filter(users::id.eq(e.user_id))
            .select((users::email_lower, users::name))
            .first(c))?;
        let (key_id, key) = signing::current_key(tx)?;
        let id = CertificateId::new();
        let code = mint_code(tenant_id.id());
        let issued_at = Timestamp::now();
        let mut salt = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut salt);
        let salt = hex::encode(salt);
        let identity_hash = format!("sha256${}", hex::encode(Sha256::digest(format!("{email}{salt}"))));
        let credential = serde_json::json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": format!("{base}/v1/certificates/{code}"),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": format!("{title}: certificate of completion"),
            "issuer": {
                "id": issuer_url(&base, tenant_id.id()),
                "type": ["Profile"],
                "name": tenant.name,
            },
            "validFrom": issued_at.to_string(),
            "awardedDate": issued_at.to_string(),
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "name": name,
                "identifier": [{
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": true,
                    "identityHash": identity_hash,
                    "salt": salt,
                }],
                "achievement": {
                    "id": format!("{base}/v1/courses/{}#achievement", e.course_id),
                    "type": ["Achievement"],
                    "achievementType": "Certificate",
                    "name": title,
                    "description": if description.is_empty() { title.clone() } else { description },
                    "criteria": {
                        "narrative": "Completed every required lesson of the course and passed its required quizzes."
                    },
                },
            },
        });
        let payload = serde_json::to_vec(&credential).map_err(Error::internal)?;
        let signature = signing::sign_jws(&key, key_id, &payload);
        let mut row = CertificateRow {
            tenant_id: tenant_id.id(),
            id,
            enrollment_id,
            course_id: e.course_id,
            user_id: e.user_id,
            code: code.clone(),
            key_id,
            credential: String::from_utf8(payload).map_err(Error::internal)?,
            signature,
            issued_at,
            revoked_at: None,
            revoked_reason: None,
        };
        let ours = tx.tenant();
        with_conn!(tx, |c| diesel::insert_into(certificates::table).values(ours.stamp(&mut row)).execute(c))?;
        audit::record(
            tx,
            "certificate.issued",
            Some(("certificate", id.to_string())),
            serde_json::json!({ "enrollment_id": enrollment_id }),
        )?;
        events::emit(
            tx,
            "certificate.issued",
            serde_json::json!({
                "certificate_id": id, "code": code, "enrollment_id": enrollment_id,
                "course_id": e.course_id, "user_id": e.user_id, "issued_at": issued_at,
            }),
        )?;
        jobs::enqueue(tx, &CompletionEmail { tenant_id: tenant_id.id(), certificate_id: id })?;
        Ok(Some(row.try_into()?))
    })
    .await
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct CertificateFilter {
    pub course_id: Option<CourseId>,
    pub user_id: Option<UserId>,
}

/// The tenant's certificates (`enrollments:read`; instructors: of the courses they teach); a user
/// without it sees their own.
pub async fn list(
    core: &Core,
    scope: &TenantScope,
    mut filter: CertificateFilter,
    page: PageRequest,
) -> Result<Page<Certificate>> {
    if !scope.permissions().contains(Permission::EnrollmentsRead) {
        match scope.user_id() {
            Some(me) if filter.user_id.is_none_or(|u| u == me) => filter.user_id = Some(me),
            _ => scope.require(Permission::EnrollmentsRead)?,
        }
    }
    let own = filter.user_id.is_some() && filter.user_id == scope.user_id();
    core.db
        .read(scope, Need::Identified, move |tx| {
            // Instructors see the certificates of the courses they teach (and their own).
            let within = if own {
                None
            } else {
                crate::identity::staff::bounded_courses(tx, crate::identity::staff::CourseRight::ViewEnrollments)?
            };
            let tenant = tx.tenant();
            let rows: Vec<CertificateRow> = with_conn!(tx, |c| {
                let mut q = tenant
                    .scoped(certificates::table)
                    .order(certificates::id.asc())
                    .limit(page.limit + 1)
                    .select(CertificateRow::as_select())
                    .into_boxed();
                if let Some(after) = page.after {
                    q = q.filter(certificates::id.gt(CertificateId(after)));
                }
                if let Some(course) = filter.course_id {
                    q = q.filter(certificates::course_id.eq(course));
                }
                if let Some(user) = filter.user_id {
                    q = q.filter(certificates::user_id.eq(user));
                }
                if let Some(courses) = &within {
                    q = q.filter(certificates::course_id.eq_any(courses));
                }
                q.load(c)
            })?;
            let page = Page::from_rows(rows, page, |r| r.id.0);
            let items = page.items.into_iter().map(Certificate::try_from).collect::<Result<Vec<_>>>()?;
            Ok(Page { items, next_cursor: page.next_cursor })
        })
        .await
}

/// Revokes a certificate (`certificates:write`: owners and admins). Revoking twice keeps the first.
pub async fn revoke(
    core: &Core,
    scope: &TenantScope,
    id: CertificateId,
    reason: Option<String>,
) -> Result<Certificate> {
    scope.require(Permission::CertificatesWrite)?;
    if reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(Error::invalid("reason", format!("must be at most {MAX_REASON_CHARS} characters")));
    }
    core.db
        .write(scope, Permission::CertificatesWrite, move |tx| {
            let tenant = tx.tenant();
            let target = tenant.scoped(certificates::table).filter(certificates::id.eq(id));
            let row: CertificateRow = with_conn!(tx, |c| target.select(CertificateRow::as_select()).first(c))
                .map_err(crate::error::not_found("certificate"))?;
            if row.revoked_at.is_some() {
                return row.try_into();
            }
            with_conn!(tx, |c| diesel::update(target.filter(certificates::revoked_at.is_null()))
                .set((certificates::revoked_at.eq(Some(Timestamp::now())), certificates::revoked_reason.eq(&reason)))
                .execute(c))?;
            audit::record(
                tx,
                "certificate.revoked",
                Some(("certificate", id.to_string())),
                serde_json::json!({ "reason": reason }),
            )?;
            events::emit(tx, "certificate.revoked", serde_json::json!({ "certificate_id": id, "reason": reason }))?;
            let row: CertificateRow = with_conn!(tx, |c| target.select(CertificateRow::as_select()).first(c))?;
            row.try_into()
        })
        .await
}

/// What anyone holding a code learns about it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verification {
    /// The signature verifies with the issuer's key, the certificate is not revoked and its issuer is
    /// in good standing (not suspended or deleted).
    pub valid: bool,
    /// `active` (good standing), `suspended` or `deleted`: the issuing institution's standing now.
    pub issuer_status: &'static str,
    /// Which of `recipient_name`, `course_title` and `issuer_name` (all read from the signed credential)
    /// differ from the institution's records now: renamed since issuance. Never part of what is verified.
    pub changed_since_issuance: Vec<&'static str>,
    pub signature_valid: bool,
    pub revoked: bool,
    pub revoked_at: Option<Timestamp>,
    pub revoked_reason: Option<String>,
    pub code: String,
    pub issued_at: Timestamp,
    pub recipient_name: String,
    pub course_title: String,
    pub issuer_id: TenantId,
    pub issuer_name: String,
    pub credential: serde_json::Value,
    pub signature: String,
    pub public_key: PublicKey,
}

/// Public verification of a code (no credential). An unknown or malformed code is 404.
pub async fn verify(core: &Core, code: &str, meta: RequestMeta) -> Result<Verification> {
    let tenant = tenant_of_code(code).ok_or(Error::NotFound { resource: "certificate" })?;
    let scope = TenantScope::anonymous(tenant, meta);
    let code = code.to_string();
    core.db
        .read_replica(&scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            let row: CertificateRow = with_conn!(tx, |c| t
                .scoped(certificates::table)
                .filter(certificates::code.eq(&code))
                .select(CertificateRow::as_select())
                .first(c))
            .map_err(crate::error::not_found("certificate"))?;
            // What is shown as verified comes from the signed credential only; the live records are read
            // just to say what was renamed since.
            let (name_now, title_now): (String, String) = with_conn!(tx, |c| t
                .scoped(enrollments::table)
                .inner_join(
                    users::table.on(crate::db::scoped::same_tenant(users::table, enrollments::table)
                        .and(users::id.eq(enrollments::user_id))),
                )
                .inner_join(
                    courses::table.on(crate::db::scoped::same_tenant(courses::table, enrollments::table)
                        .and(courses::id.eq(enrollments::course_id))),
                )
                .filter(enrollments::id.eq(row.enrollment_id))
                .select((users::name, courses::title))
                .first(c)
                .optional())?
            .unwrap_or_default();
            let issuer = tenants::current(tx)?;
            let (public_b64, created_at, retired_at): (String, Timestamp, Option<Timestamp>) = with_conn!(tx, |c| t
                .scoped(signing_keys::table)
                .filter(signing_keys::id.eq(row.key_id))
                .select((signing_keys::public_key, signing_keys::created_at, signing_keys::retired_at))
                .first(c))?;
            let signature_valid = signing::verify_jws(&row.signature, &public_b64)
                .is_some_and(|payload| payload == row.credential.as_bytes());
            let credential: serde_json::Value = serde_json::from_str(&row.credential).map_err(|e| {
                Error::internal(anyhow::anyhow!("certificate {} has a corrupt credential: {e}", row.id))
            })?;
            let signed = |pointer: &str| credential.pointer(pointer).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let recipient_name = signed("/credentialSubject/name");
            let course_title = signed("/credentialSubject/achievement/name");
            let issuer_name = signed("/issuer/name");
            let mut changed_since_issuance = Vec::new();
            for (field, signed, now) in [
                ("recipient_name", &recipient_name, &name_now),
                ("course_title", &course_title, &title_now),
                ("issuer_name", &issuer_name, &issuer.name),
            ] {
                if signed != now {
                    changed_since_issuance.push(field);
                }
            }
            let issuer_status = match issuer.status {
                tenants::TenantStatus::Suspended => "suspended",
                tenants::TenantStatus::Deleted => "deleted",
                _ => "active",
            };
            let revoked = row.revoked_at.is_some();
            Ok(Verification {
                valid: signature_valid && !revoked && issuer_status == "active",
                issuer_status,
                changed_since_issuance,
                signature_valid,
                revoked,
                revoked_at: row.revoked_at,
                revoked_reason: row.revoked_reason.clone(),
                code: row.code.clone(),
                issued_at: row.issued_at,
                recipient_name,
                course_title,
                issuer_id: t.id(),
                issuer_name,
                public_key: PublicKey {
                    id: row.key_id,
                    created_at,
                    retired_at,
                    jwk: signing::jwk(row.key_id, &public_b64),
                },
                signature: row.signature.clone(),
                credential,
            })
        })
        .await
}

/// A tenant as a certificate issuer: its name and every public key it signed with.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Issuer {
    pub id: TenantId,
    pub name: String,
    pub keys: Vec<PublicKey>,
}

/// Public: the issuer profile with its keys (404 for an unknown or deleted tenant).
pub async fn issuer(core: &Core, tenant: TenantId, meta: RequestMeta) -> Result<Issuer> {
    let scope = TenantScope::anonymous(tenant, meta);
    core.db
        .read_replica(&scope, Need::Nobody, move |tx| {
            let t = tenants::current(tx).map_err(|_| Error::NotFound { resource: "issuer" })?;
            if t.status == tenants::TenantStatus::Deleted {
                return Err(Error::NotFound { resource: "issuer" });
            }
            Ok(Issuer { id: t.id, name: t.name, keys: signing::public_keys(tx)? })
        })
        .await
}

/// For the completion email: the certificate with its learner and course.
pub(crate) fn for_email(tx: &mut TenantTx<'_>, id: CertificateId) -> Result<(Certificate, String, String, String)> {
    let tenant = tx.tenant();
    let row: CertificateRow = with_conn!(tx, |c| tenant
        .scoped(certificates::table)
        .filter(certificates::id.eq(id))
        .select(CertificateRow::as_select())
        .first(c))
    .map_err(crate::error::not_found("certificate"))?;
    let (email, name): (String, String) = with_conn!(tx, |c| tenant
        .scoped(users::table)
        .filter(users::id.eq(row.user_id))
        .select((users::email, users::name))
        .first(c))?;
    let title: String = with_conn!(tx, |c| tenant
        .scoped(courses::table)
        .filter(courses::id.eq(row.course_id))
        .select(courses::title)
        .first(c))?;
    Ok((row.try_into()?, email, name, title))
}

crate::tenant_rows!(CertificateRow);
