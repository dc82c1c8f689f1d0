//! Enrollment emails: "you are enrolled" and "your course is due soon". Both render from the database
//! when the job runs; an enrollment deleted meanwhile means there is nothing to send (`Ok(None)`).

use crate::scope::Need;
use crate::{
    config::Config,
    db::{
        types::{EnrollmentId, TenantId},
        Db,
    },
    email::{templates::compose, RenderedEmail},
    error::{Error, Result},
    identity::users,
    jobs::Job,
    scope::TenantScope,
    tenants,
};

/// Job payload: tell a learner they were enrolled.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EnrollmentEmail {
    pub tenant_id: TenantId,
    pub enrollment_id: EnrollmentId,
}

impl Job for EnrollmentEmail {
    const KIND: &'static str = "email.enrollment";
    const QUEUE: &'static str = "email";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        if let Some(mail) = self.render(ctx.db(), meta.scope()?, &ctx.config).await? {
            mail.send(&ctx, &meta).await?;
        }
        Ok(())
    }
}

/// Job payload: remind a learner that a course is due soon.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DueReminderEmail {
    pub tenant_id: TenantId,
    pub enrollment_id: EnrollmentId,
}

impl Job for DueReminderEmail {
    const KIND: &'static str = "email.due_reminder";
    const QUEUE: &'static str = "email";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        if let Some(mail) = self.render(ctx.db(), meta.scope()?, &ctx.config).await? {
            mail.send(&ctx, &meta).await?;
        }
        Ok(())
    }
}

impl DueReminderEmail {
    /// `None` when there is nothing to remind of any more (completed, dropped, deleted, no due date).
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let id = self.enrollment_id;
        let Some((tenant, user, e)) = enrollment_with_people(db, scope, id).await? else { return Ok(None) };
        let (Some(due), crate::enrollments::EnrollmentStatus::Active) = (e.due_at, e.status) else { return Ok(None) };
        let context = serde_json::json!({
            "user": {"name": user.name, "email": user.email},
            "course": e.course_title,
            "due_at": due.to_string(),
            "completed": e.progress.completed_lessons,
            "total": e.progress.total_lessons,
            "percent": e.progress.percent,
            "next_lesson": e.progress.next_lesson_title,
        });
        let subject = format!("Reminder: {} is due soon", e.course_title);
        let link = crate::tenants::links::url(&config.server.public_url, &tenant, crate::tenants::links::Link::Courses);
        compose(
            &tenant.brand(),
            (&user.name, &user.email),
            subject,
            "due_reminder",
            context,
            Some(("Your courses", &link)),
        )
        .map(Some)
    }
}

/// The enrollment with its tenant and learner; `None` when the enrollment no longer exists.
async fn enrollment_with_people(
    db: &Db,
    scope: &TenantScope,
    id: EnrollmentId,
) -> Result<Option<(crate::tenants::Tenant, crate::identity::User, crate::enrollments::Enrollment)>> {
    db.read(scope, Need::Identified, move |tx| {
        let e = match crate::enrollments::view_one(tx, id) {
            Ok(e) => e,
            Err(Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some((tenants::current(tx)?, users::get(tx, e.user_id)?, e)))
    })
    .await
}

impl EnrollmentEmail {
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let id = self.enrollment_id;
        let Some((tenant, user, e)) = enrollment_with_people(db, scope, id).await? else { return Ok(None) };
        let context = serde_json::json!({
            "user": {"name": user.name, "email": user.email},
            "course": e.course_title,
            "due_at": e.due_at.map(|d| d.to_string()),
        });
        let subject = format!("You are enrolled in {}", e.course_title);
        let link = crate::tenants::links::url(&config.server.public_url, &tenant, crate::tenants::links::Link::Courses);
        compose(
            &tenant.brand(),
            (&user.name, &user.email),
            subject,
            "enrollment",
            context,
            Some(("Your courses", &link)),
        )
        .map(Some)
    }
}
