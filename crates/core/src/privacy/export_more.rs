//! The rest of a subject access export: the person's submissions (with their files), the emails sent
//! to them, and the email that tells them their archive is ready.

use std::collections::HashSet;

use diesel::prelude::*;

use crate::{
    config::Config,
    db::{
        schema::{certificates, files, jobs, submissions},
        types::{AttachedId, CertificateId, EnrollmentId, FileId, SubmissionId, TenantId, Timestamp, UserId},
        Db, TenantTx,
    },
    email::{templates::compose, RenderedEmail},
    error::{Error, Result},
    jobs::Job,
    scope::{Need, TenantScope},
    tenants, with_conn,
};

type SubmissionRow = (
    SubmissionId,
    EnrollmentId,
    crate::db::types::LessonId,
    crate::db::types::CourseId,
    i32,
    Option<String>,
    Option<String>,
    Timestamp,
    i64,
    Option<f64>,
    Option<f64>,
    Option<String>,
    Option<Timestamp>,
    Option<Timestamp>,
);

/// The person's submissions (grades and feedback only once posted to them) and the files to include:
/// what they handed in, and feedback files of posted grades.
pub(super) fn submissions(tx: &mut TenantTx<'_>, user: UserId) -> Result<(serde_json::Value, Vec<(FileId, String)>)> {
    let t = tx.tenant();
    let rows: Vec<SubmissionRow> = with_conn!(tx, |c| t
        .scoped(submissions::table)
        .filter(submissions::user_id.eq(user))
        .order(submissions::id.asc())
        .select((
            submissions::id,
            submissions::enrollment_id,
            submissions::lesson_id,
            submissions::course_id,
            submissions::attempt_number,
            submissions::body,
            submissions::url,
            submissions::submitted_at,
            submissions::seconds_late,
            submissions::points,
            submissions::late_penalty,
            submissions::feedback,
            submissions::graded_at,
            submissions::posted_at,
        ))
        .load(c))?;
    let posted: HashSet<SubmissionId> = rows.iter().filter(|r| r.13.is_some()).map(|r| r.0).collect();
    let mut uploads = Vec::new();
    let ids: Vec<AttachedId> = rows.iter().map(|r| AttachedId(r.0 .0)).collect();
    for chunk in ids.chunks(500) {
        let found: Vec<(FileId, String, Option<String>, Option<AttachedId>)> = with_conn!(tx, |c| t
            .scoped(files::table)
            .filter(files::attached_kind.eq_any(["submission", "feedback"]))
            .filter(files::attached_id.eq_any(chunk))
            .filter(files::status.eq("stored"))
            .select((files::id, files::filename, files::attached_kind, files::attached_id))
            .load(c))?;
        for (id, name, kind, on) in found {
            let visible =
                kind.as_deref() == Some("submission") || on.is_some_and(|a| posted.contains(&SubmissionId(a.0)));
            if visible {
                uploads.push((id, name));
            }
        }
    }
    let doc = rows
        .iter()
        .map(|(id, e, lesson, course, n, body, url, at, late, points, penalty, feedback, graded, posted)| {
            let shown = posted.is_some();
            serde_json::json!({
                "id": id, "enrollment_id": e, "lesson_id": lesson, "course_id": course, "attempt_number": n,
                "body": body, "url": url, "submitted_at": at, "seconds_late": late,
                "points": if shown { *points } else { None },
                "late_penalty": if shown { *penalty } else { None },
                "feedback": if shown { feedback.clone() } else { None },
                "graded_at": if shown { *graded } else { None },
                "posted_at": posted,
            })
        })
        .collect::<Vec<_>>();
    Ok((serde_json::Value::Array(doc), uploads))
}

/// The emails sent (or queued) to the person that are still in the job history: about their account,
/// their enrollments or their certificates.
pub(super) fn emails(tx: &mut TenantTx<'_>, user: UserId, enrollments: &[EnrollmentId]) -> Result<serde_json::Value> {
    let t = tx.tenant();
    let certs: Vec<CertificateId> = with_conn!(tx, |c| t
        .scoped(certificates::table)
        .filter(certificates::user_id.eq(user))
        .select(certificates::id)
        .load(c))?;
    let mine: HashSet<String> = std::iter::once(user.to_string())
        .chain(enrollments.iter().map(|e| e.to_string()))
        .chain(certs.iter().map(|c| c.to_string()))
        .collect();
    type Row = (String, String, String, Timestamp, Option<Timestamp>);
    let rows: Vec<Row> = with_conn!(tx, |c| t
        .scoped(jobs::table)
        .filter(jobs::kind.like("email.%"))
        .order(jobs::created_at.asc())
        .select((jobs::kind, jobs::payload, jobs::status, jobs::created_at, jobs::finished_at))
        .load(c))?;
    let doc = rows
        .into_iter()
        .filter(|(_, payload, ..)| {
            let v: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
            ["user_id", "enrollment_id", "certificate_id"]
                .iter()
                .any(|k| v.get(k).and_then(|x| x.as_str()).is_some_and(|x| mine.contains(x)))
        })
        .map(|(kind, _, status, queued, finished)| {
            serde_json::json!({
                "email": kind.trim_start_matches("email."), "status": status, "queued_at": queued,
                "sent_at": if status == "done" { finished } else { None },
            })
        })
        .collect();
    Ok(serde_json::Value::Array(doc))
}

/// Job payload: tell the person their archive is ready, with a link that works [`super::LINK_HOURS`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExportReadyEmail {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub file_id: FileId,
}

impl Job for ExportReadyEmail {
    const KIND: &'static str = "email.data_export_ready";
    const QUEUE: &'static str = "email";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.file_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        if let Some(mail) = self.render(ctx.db(), meta.scope()?, &ctx.config).await? {
            mail.send(&ctx, &meta).await?;
        }
        Ok(())
    }
}

impl ExportReadyEmail {
    /// `None` when there is nothing to send: the person is no longer active or the archive is gone.
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let (user, file) = (self.user_id, self.file_id);
        let actor = format!("user:{user}");
        let found = db
            .read(scope, Need::Identified, move |tx| {
                let person = crate::identity::users::get(tx, user)?;
                let link = match crate::files::download_for(tx, file, &actor, super::LINK_HOURS * 3600) {
                    Ok(link) => link,
                    Err(Error::NotFound { .. }) => return Ok(None),
                    Err(e) => return Err(e),
                };
                Ok(Some((tenants::current(tx)?, person, link)))
            })
            .await?;
        let Some((tenant, person, link)) = found else { return Ok(None) };
        if !matches!(
            person.status,
            crate::identity::users::UserStatus::Active | crate::identity::users::UserStatus::Invited
        ) {
            return Ok(None);
        }
        let url = format!("{}{}", config.server.public_url.trim_end_matches('/'), link);
        let context = serde_json::json!({
            "name": person.name, "hours": super::LINK_HOURS, "days": super::ARCHIVE_DAYS,
        });
        compose(
            &tenant.brand(),
            (&person.name, &person.email),
            "Your data export is ready".into(),
            "data_export",
            context,
            Some(("Download your data", &url)),
        )
        .map(Some)
    }
}
