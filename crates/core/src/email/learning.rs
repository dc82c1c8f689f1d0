//! Learning emails: "you are enrolled" and "you completed the course" (with the certificate link).
//! Both render from the database when the job runs; an enrollment or certificate deleted meanwhile
//! means there is nothing to send (`Ok(None)`).

use crate::{
    config::Config,
    db::{
        types::{CertificateId, EnrollmentId, TenantId},
        Db,
    },
    email::{html_escape, RenderedEmail},
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
}

impl DueReminderEmail {
    /// `None` when there is nothing to remind of any more (completed, dropped, deleted, no due date).
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let id = self.enrollment_id;
        let Some((tenant, user, e)) = enrollment_with_people(db, scope, id).await? else { return Ok(None) };
        let (Some(due), crate::enrollments::EnrollmentStatus::Active) = (e.due_at, e.status) else { return Ok(None) };
        let base = config.public_url.trim_end_matches('/');
        let mut paragraphs = vec![format!("\"{}\" at {} is due by {due}.", e.course_title, tenant.name)];
        paragraphs.push(format!(
            "You have completed {} of {} lessons ({}%).",
            e.progress.completed_lessons, e.progress.total_lessons, e.progress.percent
        ));
        if let Some(next) = &e.progress.next_lesson_title {
            paragraphs.push(format!("Next: {next}."));
        }
        let (text, html) =
            page(&format!("Hello {},", user.name), &paragraphs, ("Your courses", &format!("{base}/v1/me/enrollments")));
        Ok(Some(RenderedEmail {
            to_name: user.name,
            to_email: user.email,
            subject: format!("Reminder: {} is due soon", e.course_title),
            text,
            html,
        }))
    }
}

/// Job payload: congratulate a learner and link their certificate.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompletionEmail {
    pub tenant_id: TenantId,
    pub certificate_id: CertificateId,
}

impl Job for CompletionEmail {
    const KIND: &'static str = "email.completion";
    const QUEUE: &'static str = "email";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("email.completion:{}", self.certificate_id))
    }
}

/// The enrollment with its tenant and learner; `None` when the enrollment no longer exists.
async fn enrollment_with_people(
    db: &Db,
    scope: &TenantScope,
    id: EnrollmentId,
) -> Result<Option<(crate::tenants::Tenant, crate::identity::User, crate::enrollments::Enrollment)>> {
    db.read(scope, move |tx| {
        let e = match crate::enrollments::view_one(tx, id) {
            Ok(e) => e,
            Err(Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some((tenants::current(tx)?, users::get(tx, e.user_id)?, e)))
    })
    .await
}

pub(super) fn page(greeting: &str, paragraphs: &[String], link: (&str, &str)) -> (String, String) {
    let text = format!("{greeting}\n\n{}\n\n{}: {}\n\n-- Lyceum\n", paragraphs.join("\n\n"), link.0, link.1);
    let html = format!(
        "<!doctype html><html><body style=\"font-family:sans-serif\"><p>{}</p>{}<p><a href=\"{}\">{}</a></p>\
         <p>&mdash; Lyceum</p></body></html>",
        html_escape(greeting),
        paragraphs.iter().map(|p| format!("<p>{}</p>", html_escape(p))).collect::<String>(),
        html_escape(link.1),
        html_escape(link.0),
    );
    (text, html)
}

impl EnrollmentEmail {
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let id = self.enrollment_id;
        let Some((tenant, user, e)) = enrollment_with_people(db, scope, id).await? else { return Ok(None) };
        let base = config.public_url.trim_end_matches('/');
        let mut paragraphs = vec![format!("{} enrolled you in \"{}\".", tenant.name, e.course_title)];
        if let Some(due) = e.due_at {
            paragraphs.push(format!("Please complete it by {due}."));
        }
        let (text, html) =
            page(&format!("Hello {},", user.name), &paragraphs, ("Your courses", &format!("{base}/v1/me/enrollments")));
        Ok(Some(RenderedEmail {
            to_name: user.name,
            to_email: user.email,
            subject: format!("You are enrolled in {}", e.course_title),
            text,
            html,
        }))
    }
}

impl CompletionEmail {
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let id = self.certificate_id;
        let found = db
            .read(scope, move |tx| match crate::certificates::for_email(tx, id) {
                Ok(found) => Ok(Some((tenants::current(tx)?, found))),
                Err(Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            })
            .await?;
        let Some((tenant, (cert, email, name, title))) = found else { return Ok(None) };
        let base = config.public_url.trim_end_matches('/');
        let (text, html) = page(
            &format!("Congratulations {name},"),
            &[
                format!("You completed \"{title}\" at {}.", tenant.name),
                format!(
                    "Your certificate's verification code is {}. Anyone can check it at the link below.",
                    cert.code
                ),
            ],
            ("Verify your certificate", &format!("{base}/v1/certificates/{}", cert.code)),
        );
        Ok(Some(RenderedEmail {
            to_name: name,
            to_email: email,
            subject: format!("You completed {title}"),
            text,
            html,
        }))
    }
}
