//! A tenant's data as JSON lines, for support staff (`lyceum tenant export` / `tenant import`): one
//! record per line, `{"type": "user", "row": {...}}`, in an order that imports cleanly (tenant, users,
//! API keys, courses, modules, lessons, enrollments, lesson progress, quiz attempts, signing keys,
//! certificates, audit events), with the tenant's subscription mirror, Stripe customers, webhook
//! endpoints, data keys, LTI tools and platform keys and the head of its audit chain after the tenant
//! record. Secrets travel only
//! encrypted: as stored, sealed under the tenant's data keys, which travel wrapped by the key encryption
//! key (an import needs the same `LYCEUM_MASTER_KEY`, and says so when it lacks it). The audit chain
//! travels whole, so `lyceum audit verify` holds after a move. Sessions, single-use tokens, idempotency keys, jobs, operations,
//! webhook deliveries and the event outbox are transient and are not exported. Signing keys travel with their certificates, so
//! certificates stay verifiable after a move. An export imports into a database without that tenant with
//! nothing lost (password and key hashes included: treat the file as a secret).

use crate::scope::Need;
use diesel::prelude::*;

use crate::tenants::TenantRow;
use crate::{
    assessments::AttemptRow,
    audit::AuditEvent,
    billing::{CustomerRow, MirrorRow},
    certificates::{signing::KeyRow, CertificateRow},
    courses::queries::{CourseRow, LessonRow, ModuleRow},
    db::{
        schema::{
            api_keys, audit_chains, audit_events, billing_customers, certificates, course_modules, courses, data_keys,
            enrollments, lesson_progress, lessons, lti_keys, lti_tools, quiz_attempts, signing_keys, subscriptions,
            tenants, users, webhook_endpoints,
        },
        types::{
            ApiKeyId, AttemptId, AuditEventId, CertificateId, CourseId, EnrollmentId, LessonId, ModuleId, SigningKeyId,
            TenantId, UserId,
        },
        Db,
    },
    enrollments::{progress::ProgressRow, EnrollmentRow},
    error::{Error, Result},
    identity::{api_keys::ApiKeyRow, users::UserRow},
    scope::TenantScope,
    webhooks::EndpointRow,
    with_conn,
};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", content = "row", rename_all = "snake_case")]
pub(crate) enum Record {
    Tenant(TenantRow),
    User(UserRow),
    ApiKey(ApiKeyRow),
    Course(CourseRow),
    Module(ModuleRow),
    Lesson(LessonRow),
    Enrollment(EnrollmentRow),
    Progress(ProgressRow),
    Attempt(AttemptRow),
    SigningKey(KeyRow),
    Certificate(CertificateRow),
    AuditEvent(AuditEvent),
    Subscription(MirrorRow),
    BillingCustomer(CustomerRow),
    WebhookEndpoint(EndpointRow),
    DataKey(crate::vault::DataKeyRow),
    AuditChain(crate::audit::chain::Head),
    LtiTool(crate::lti::tools::ToolRow),
    LtiKey(crate::lti::keys::KeyRow),
}

const PAGE: i64 = 2000;

/// One page of one table after `after`, as JSON lines; `None` when the table is done.
macro_rules! page_of {
    ($tx:expr, $table:ident, $row:ty, $id:ty, $variant:ident, $tenant:expr, $after:expr) => {{
        let tenant = $tenant;
        let rows: Vec<$row> = with_conn!($tx, |c| {
            let mut q = tenant
                .scoped($table::table)
                .select(<$row>::as_select())
                .order($table::id.asc())
                .limit(PAGE)
                .into_boxed();
            if let Some(after) = $after {
                q = q.filter($table::id.gt(<$id>::from(after)));
            }
            q.load(c)
        })?;
        let last = rows.last().map(|r| r.id.0);
        let lines = rows
            .into_iter()
            .map(|r| serde_json::to_string(&Record::$variant(r)).map_err(Error::internal))
            .collect::<Result<Vec<String>>>()?;
        (lines, last)
    }};
}

/// Streams the scope's tenant as JSON lines into `sink`, a page at a time; returns the number of lines.
pub async fn export(
    db: &Db,
    scope: &TenantScope,
    mut sink: impl FnMut(&[String]) -> std::io::Result<()>,
) -> Result<u64> {
    let head: Vec<String> = db
        .read(scope, Need::Identified, move |tx| {
            let tenant = tx.tenant();
            let row: TenantRow =
                with_conn!(tx, |c| tenant.scoped(tenants::table).select(TenantRow::as_select()).first(c))?;
            let mut records = vec![Record::Tenant(row)];
            let mirror: Vec<MirrorRow> =
                with_conn!(tx, |c| tenant.scoped(subscriptions::table).select(MirrorRow::as_select()).load(c))?;
            records.extend(mirror.into_iter().map(Record::Subscription));
            let customers: Vec<CustomerRow> =
                with_conn!(tx, |c| tenant.scoped(billing_customers::table).select(CustomerRow::as_select()).load(c))?;
            records.extend(customers.into_iter().map(Record::BillingCustomer));
            // At most a few dozen per tenant (webhooks::MAX_ENDPOINTS_PER_TENANT).
            let endpoints: Vec<EndpointRow> =
                with_conn!(tx, |c| tenant.scoped(webhook_endpoints::table).select(EndpointRow::as_select()).load(c))?;
            records.extend(endpoints.into_iter().map(Record::WebhookEndpoint));
            let keys: Vec<crate::vault::DataKeyRow> = with_conn!(tx, |c| tenant
                .scoped(data_keys::table)
                .select(crate::vault::DataKeyRow::as_select())
                .load(c))?;
            records.extend(keys.into_iter().map(Record::DataKey));
            // A few per tenant: the institution's LTI platform keys and tools (lessons name the tools).
            let lti_keys: Vec<crate::lti::keys::KeyRow> = with_conn!(tx, |c| tenant
                .scoped(lti_keys::table)
                .select(crate::lti::keys::KeyRow::as_select())
                .load(c))?;
            records.extend(lti_keys.into_iter().map(Record::LtiKey));
            let tools: Vec<crate::lti::tools::ToolRow> = with_conn!(tx, |c| tenant
                .scoped(lti_tools::table)
                .select(crate::lti::tools::ToolRow::as_select())
                .load(c))?;
            records.extend(tools.into_iter().map(Record::LtiTool));
            let head: Option<crate::audit::chain::Head> = with_conn!(tx, |c| tenant
                .scoped(audit_chains::table)
                .select(crate::audit::chain::Head::as_select())
                .first(c)
                .optional())?;
            records.extend(head.map(Record::AuditChain));
            records.iter().map(|r| serde_json::to_string(r).map_err(Error::internal)).collect()
        })
        .await?;
    sink(&head).map_err(Error::internal)?;
    let mut total = head.len() as u64;
    for table in [
        "users",
        "api_keys",
        "courses",
        "modules",
        "lessons",
        "enrollments",
        "lesson_progress",
        "quiz_attempts",
        "signing_keys",
        "certificates",
        "audit_events",
    ] {
        let mut after: Option<uuid::Uuid> = None;
        loop {
            let (lines, last) = db
                .read(scope, Need::Identified, move |tx| {
                    let tenant = tx.tenant();
                    Ok(match table {
                        "users" => page_of!(tx, users, UserRow, UserId, User, tenant, after),
                        "api_keys" => page_of!(tx, api_keys, ApiKeyRow, ApiKeyId, ApiKey, tenant, after),
                        "courses" => page_of!(tx, courses, CourseRow, CourseId, Course, tenant, after),
                        "modules" => page_of!(tx, course_modules, ModuleRow, ModuleId, Module, tenant, after),
                        "lessons" => page_of!(tx, lessons, LessonRow, LessonId, Lesson, tenant, after),
                        "enrollments" => {
                            page_of!(tx, enrollments, EnrollmentRow, EnrollmentId, Enrollment, tenant, after)
                        }
                        // Progress rows have no id of their own: page by enrollment, all of each one's rows.
                        "lesson_progress" => {
                            let ids: Vec<EnrollmentId> = with_conn!(tx, |c| {
                                let mut q = tenant
                                    .scoped(enrollments::table)
                                    .select(enrollments::id)
                                    .order(enrollments::id.asc())
                                    .limit(PAGE / 10)
                                    .into_boxed();
                                if let Some(after) = after {
                                    q = q.filter(enrollments::id.gt(EnrollmentId::from(after)));
                                }
                                q.load(c)
                            })?;
                            let rows: Vec<ProgressRow> = with_conn!(tx, |c| tenant
                                .scoped(lesson_progress::table)
                                .filter(lesson_progress::enrollment_id.eq_any(&ids))
                                .select(ProgressRow::as_select())
                                .load(c))?;
                            let lines = rows
                                .into_iter()
                                .map(|r| serde_json::to_string(&Record::Progress(r)).map_err(Error::internal))
                                .collect::<Result<Vec<String>>>()?;
                            // A full page of enrollments means there may be more.
                            let last = (ids.len() as i64 == PAGE / 10).then(|| ids.last().map(|i| i.0)).flatten();
                            (lines, last)
                        }
                        "quiz_attempts" => page_of!(tx, quiz_attempts, AttemptRow, AttemptId, Attempt, tenant, after),
                        "signing_keys" => page_of!(tx, signing_keys, KeyRow, SigningKeyId, SigningKey, tenant, after),
                        "certificates" => {
                            page_of!(tx, certificates, CertificateRow, CertificateId, Certificate, tenant, after)
                        }
                        _ => page_of!(tx, audit_events, AuditEvent, AuditEventId, AuditEvent, tenant, after),
                    })
                })
                .await?;
            total += lines.len() as u64;
            sink(&lines).map_err(Error::internal)?;
            match last {
                Some(l) if table == "lesson_progress" || lines.len() as i64 == PAGE => after = Some(l),
                _ => break,
            }
        }
    }
    Ok(total)
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportSummary {
    pub tenant_id: Option<TenantId>,
    pub slug: String,
    pub users: usize,
    pub api_keys: usize,
    pub courses: usize,
    pub modules: usize,
    pub lessons: usize,
    pub enrollments: usize,
    pub lesson_progress: usize,
    pub quiz_attempts: usize,
    pub signing_keys: usize,
    pub certificates: usize,
    pub audit_events: usize,
    pub billing_records: usize,
    pub webhook_endpoints: usize,
    pub data_keys: usize,
    pub lti_tools: usize,
    pub lti_keys: usize,
}

/// Imports an export (the lines of one tenant) in one transaction: all of it or nothing. The tenant's
/// id and slug must be free. `progress` is told how many rows are in.
pub async fn import(
    db: &Db,
    session: &crate::audit::operators::OperatorSession,
    lines: Vec<String>,
    mut progress: impl FnMut(usize) + Send + 'static,
) -> Result<ImportSummary> {
    let mut records = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let r: Record =
            serde_json::from_str(line).map_err(|e| Error::invalid(format!("line {}", i + 1), e.to_string()))?;
        records.push(r);
    }
    let Some(Record::Tenant(tenant)) = records.first().cloned() else {
        return Err(Error::invalid("line 1", "an export starts with its tenant record"));
    };
    let scope = session.scope(tenant.id);
    db.write(&scope, Need::Identified, move |tx| {
        let id = tx.tenant_id();
        let tenant_token = tx.tenant();
        let mut s = ImportSummary { tenant_id: Some(id), slug: tenant.slug.clone(), ..Default::default() };
        let mut tenant = tenant;
        with_conn!(tx, |c| diesel::insert_into(tenants::table).values(tenant_token.stamp(&mut tenant)).execute(c))
            .map_err(|e| match e {
                diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                    Error::Conflict {
                        code: "tenant_exists",
                        field: None,
                        message: format!("a tenant with the id or slug of `{}` already exists here", tenant.slug),
                    }
                }
                other => other.into(),
            })?;
        let (mut u, mut k, mut c_, mut m, mut l, mut a) = (vec![], vec![], vec![], vec![], vec![], vec![]);
        let (mut en, mut pr, mut at, mut sk, mut ce) = (vec![], vec![], vec![], vec![], vec![]);
        let (mut sub, mut cus, mut wh, mut dk) = (vec![], vec![], vec![], vec![]);
        let (mut lt, mut lk) = (vec![], vec![]);
        let mut head: Option<crate::audit::chain::Head> = None;
        for r in records.into_iter().skip(1) {
            match r {
                Record::Tenant(_) => return Err(Error::invalid("records", "an export holds exactly one tenant")),
                Record::User(x) if x.tenant_id == id => u.push(x),
                Record::ApiKey(x) if x.tenant_id == id => k.push(x),
                Record::Course(x) if x.tenant_id == id => c_.push(x),
                Record::Module(x) if x.tenant_id == id => m.push(x),
                Record::Lesson(x) if x.tenant_id == id => l.push(x),
                Record::Enrollment(x) if x.tenant_id == id => en.push(x),
                Record::Progress(x) if x.tenant_id == id => pr.push(x),
                Record::Attempt(x) if x.tenant_id == id => at.push(x),
                Record::SigningKey(x) if x.tenant_id == id => sk.push(x),
                Record::Certificate(x) if x.tenant_id == id => ce.push(x),
                Record::Subscription(x) if x.tenant_id == id => sub.push(x),
                Record::BillingCustomer(x) if x.tenant_id == id => cus.push(x),
                Record::WebhookEndpoint(x) if x.tenant_id == id => wh.push(x),
                Record::DataKey(x) if x.tenant_id == id => dk.push(x),
                Record::LtiTool(x) if x.tenant_id == id => lt.push(x),
                Record::LtiKey(x) if x.tenant_id == id => lk.push(x),
                Record::AuditChain(x) if x.tenant_id == id => head = Some(x),
                Record::AuditEvent(mut x) => {
                    x.tenant_id = id;
                    a.push(x)
                }
                _ => return Err(Error::invalid("records", "a record belongs to another tenant")),
            }
        }
        let mut done = 1;
        macro_rules! insert_all {
            ($table:ident, $rows:expr, $field:ident) => {
                for chunk in $rows.chunks_mut(500) {
                    with_conn!(tx, |c| diesel::insert_into($table::table)
                        .values(tenant_token.stamp_all(chunk))
                        .execute(c))?;
                    done += chunk.len();
                    progress(done);
                }
                s.$field = $rows.len();
            };
        }
        crate::vault::check_importable(tx, &dk)?;
        insert_all!(data_keys, dk, data_keys);
        insert_all!(users, u, users);
        insert_all!(api_keys, k, api_keys);
        insert_all!(courses, c_, courses);
        insert_all!(course_modules, m, modules);
        insert_all!(lti_keys, lk, lti_keys);
        insert_all!(lti_tools, lt, lti_tools);
        insert_all!(lessons, l, lessons);
        insert_all!(enrollments, en, enrollments);
        insert_all!(lesson_progress, pr, lesson_progress);
        insert_all!(quiz_attempts, at, quiz_attempts);
        insert_all!(signing_keys, sk, signing_keys);
        insert_all!(certificates, ce, certificates);
        insert_all!(audit_events, a, audit_events);
        insert_all!(subscriptions, sub, billing_records);
        let subs = s.billing_records;
        insert_all!(billing_customers, cus, billing_records);
        s.billing_records += subs;
        insert_all!(webhook_endpoints, wh, webhook_endpoints);
        // The head as exported, moved on to the last event the export caught (events appended while it
        // ran link on from it); then any events exported before the chain existed are chained.
        if let Some(mut head) = head {
            if let Some(last) = a.iter().filter(|e| e.seq.is_some_and(|s| s > head.last_seq)).max_by_key(|e| e.seq) {
                head.last_seq = last.seq.unwrap_or(head.last_seq);
                head.last_hash = last.chain_hash.clone().unwrap_or(head.last_hash);
            }
            with_conn!(tx, |c| diesel::insert_into(audit_chains::table)
                .values(tenant_token.stamp(&mut head))
                .execute(c))?;
        }
        crate::audit::chain::chain_unchained(tx)?;
        crate::audit::record(
            tx,
            "tenant.imported",
            Some(("tenant", id.to_string())),
            serde_json::to_value(&s).unwrap_or_default(),
        )?;
        Ok(s)
    })
    .await
}
