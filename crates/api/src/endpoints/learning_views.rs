//! Shapes of enrollments, progress, attempts, certificates, reports and operations as integrators see
//! them.

use chrono::{DateTime, Utc};
use lyceum_core::{
    assessments::Attempt,
    certificates::{Certificate, Issuer, PublicKey, Verification},
    enrollments::{
        progress::{LessonProgress, ProgressReport},
        Enrollment, ProgressSummary,
    },
    operations::{Operation, RowFailure},
    reports::{CourseReport, LearnerLine},
};
use poem_openapi::Object;

use super::views::list_type;

/// Where a learner stands: the lessons that count (the required ones, or all when none is required).
#[derive(Debug, Clone, Object)]
pub struct ProgressSummaryView {
    pub completed_lessons: i32,
    pub total_lessons: i32,
    /// 0-100, rounded down.
    pub percent: i32,
    /// The first counted lesson not completed yet, in outline order; absent when all are done.
    pub next_lesson_id: Option<uuid::Uuid>,
    pub next_lesson_title: Option<String>,
}

impl From<&ProgressSummary> for ProgressSummaryView {
    fn from(s: &ProgressSummary) -> Self {
        ProgressSummaryView {
            completed_lessons: s.completed_lessons,
            total_lessons: s.total_lessons,
            percent: s.percent,
            next_lesson_id: s.next_lesson_id.map(|l| l.as_uuid()),
            next_lesson_title: s.next_lesson_title.clone(),
        }
    }
}

/// A user's enrollment in a course.
#[derive(Debug, Clone, Object)]
pub struct EnrollmentView {
    pub id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub course_title: String,
    pub user_id: uuid::Uuid,
    /// `active`, `completed` or `dropped`.
    pub status: String,
    pub due_at: Option<DateTime<Utc>>,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub dropped_at: Option<DateTime<Utc>>,
    pub last_activity_at: Option<DateTime<Utc>>,
    /// Sum of the time recorded on its lessons.
    pub time_spent_seconds: i64,
    /// Average of its scored lessons (quizzes count with their best attempt).
    pub score: Option<i32>,
    pub progress: ProgressSummaryView,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Enrollment> for EnrollmentView {
    fn from(e: &Enrollment) -> Self {
        EnrollmentView {
            id: e.id.as_uuid(),
            course_id: e.course_id.as_uuid(),
            course_title: e.course_title.clone(),
            user_id: e.user_id.as_uuid(),
            status: e.status.as_str().into(),
            due_at: e.due_at.map(Into::into),
            enrolled_at: e.enrolled_at.into(),
            completed_at: e.completed_at.map(Into::into),
            dropped_at: e.dropped_at.map(Into::into),
            last_activity_at: e.last_activity_at.map(Into::into),
            time_spent_seconds: e.time_spent_seconds,
            score: e.score,
            progress: (&e.progress).into(),
            version: e.version,
            created_at: e.created_at.into(),
            updated_at: e.updated_at.into(),
        }
    }
}

list_type!(
    /// A page of enrollments.
    EnrollmentList,
    EnrollmentView
);

/// Progress on one lesson.
#[derive(Debug, Clone, Object)]
pub struct LessonProgressView {
    pub lesson_id: uuid::Uuid,
    pub title: String,
    /// `text`, `video`, `file` or `quiz`.
    pub kind: String,
    /// Counts towards completion.
    pub required: bool,
    /// `not_started`, `started` or `completed`.
    pub status: String,
    pub score: Option<i32>,
    /// Quizzes: whether an attempt passed.
    pub passed: Option<bool>,
    pub time_spent_seconds: i32,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<&LessonProgress> for LessonProgressView {
    fn from(p: &LessonProgress) -> Self {
        LessonProgressView {
            lesson_id: p.lesson_id.as_uuid(),
            title: p.title.clone(),
            kind: p.kind.clone(),
            required: p.required,
            status: p.status.clone(),
            score: p.score,
            passed: p.passed,
            time_spent_seconds: p.time_spent_seconds,
            started_at: p.started_at.map(Into::into),
            completed_at: p.completed_at.map(Into::into),
        }
    }
}

/// An enrollment's progress over every lesson of its course, in outline order.
#[derive(Debug, Clone, Object)]
pub struct ProgressView {
    pub enrollment_id: uuid::Uuid,
    /// `active`, `completed` or `dropped`.
    pub enrollment_status: String,
    pub summary: ProgressSummaryView,
    pub lessons: Vec<LessonProgressView>,
}

impl From<&ProgressReport> for ProgressView {
    fn from(r: &ProgressReport) -> Self {
        ProgressView {
            enrollment_id: r.enrollment_id.as_uuid(),
            enrollment_status: r.enrollment_status.as_str().into(),
            summary: (&r.summary).into(),
            lessons: r.lessons.iter().map(Into::into).collect(),
        }
    }
}

/// The lesson's progress after the write, and the enrollment (which may have just completed).
#[derive(Debug, Clone, Object)]
pub struct ProgressRecorded {
    pub lesson: LessonProgressView,
    pub enrollment: EnrollmentView,
}

/// One row of a bulk request that failed.
#[derive(Debug, Clone, Object)]
pub struct RowFailureView {
    /// 0-based index in the request's list.
    pub row: i32,
    pub value: String,
    /// `invalid`, `user_not_found`, `user_disabled`, `seat_limit_reached`, `course_not_published`, ...
    pub code: String,
    pub message: String,
}

impl From<&RowFailure> for RowFailureView {
    fn from(f: &RowFailure) -> Self {
        RowFailureView { row: f.row, value: f.value.clone(), code: f.code.clone(), message: f.message.clone() }
    }
}

/// Work accepted by a request and carried out in the background. Poll until `status` is `succeeded`
/// or `failed`.
#[derive(Debug, Clone, Object)]
pub struct OperationView {
    pub id: uuid::Uuid,
    /// e.g. `enrollment.bulk`.
    pub kind: String,
    /// `queued`, `running`, `succeeded` (every row handled; see `failed` and `errors`) or `failed`.
    pub status: String,
    /// The object worked on (the course of a bulk enrollment).
    pub target_id: Option<uuid::Uuid>,
    pub total: i32,
    pub processed: i32,
    pub succeeded: i32,
    pub failed: i32,
    /// Rows that needed no change (already enrolled).
    pub skipped: i32,
    /// The failed rows, in row order.
    pub errors: Vec<RowFailureView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<&Operation> for OperationView {
    fn from(o: &Operation) -> Self {
        OperationView {
            id: o.id.as_uuid(),
            kind: o.kind.clone(),
            status: o.status.clone(),
            target_id: o.target_id,
            total: o.total,
            processed: o.processed,
            succeeded: o.succeeded,
            failed: o.failed,
            skipped: o.skipped,
            errors: o.errors.iter().map(Into::into).collect(),
            created_at: o.created_at.into(),
            updated_at: o.updated_at.into(),
            finished_at: o.finished_at.map(Into::into),
        }
    }
}

/// Whether one question was answered right (the right answer itself is never shown).
#[derive(Debug, Clone, Object)]
pub struct QuestionResultView {
    /// 0-based question index.
    pub question: i32,
    pub answered: bool,
    pub correct: bool,
}

/// A graded quiz attempt.
#[derive(Debug, Clone, Object)]
pub struct AttemptView {
    pub id: uuid::Uuid,
    pub enrollment_id: uuid::Uuid,
    pub lesson_id: uuid::Uuid,
    /// 1 for the first attempt.
    pub attempt_number: i32,
    /// 0-100: the share of questions answered right.
    pub score: i32,
    pub passed: bool,
    pub passing_score: i32,
    pub correct_count: i32,
    pub question_count: i32,
    pub results: Vec<QuestionResultView>,
    /// Absent when the quiz has no attempt limit.
    pub attempts_remaining: Option<i32>,
    pub created_at: DateTime<Utc>,
}

impl From<&Attempt> for AttemptView {
    fn from(a: &Attempt) -> Self {
        AttemptView {
            id: a.id.as_uuid(),
            enrollment_id: a.enrollment_id.as_uuid(),
            lesson_id: a.lesson_id.as_uuid(),
            attempt_number: a.attempt_number,
            score: a.score,
            passed: a.passed,
            passing_score: a.passing_score,
            correct_count: a.correct_count,
            question_count: a.question_count,
            results: a
                .results
                .iter()
                .map(|r| QuestionResultView { question: r.question, answered: r.answered, correct: r.correct })
                .collect(),
            attempts_remaining: a.attempts_remaining,
            created_at: a.created_at.into(),
        }
    }
}

list_type!(
    /// A page of quiz attempts.
    AttemptList,
    AttemptView
);

/// An issued certificate.
#[derive(Debug, Clone, Object)]
pub struct CertificateView {
    pub id: uuid::Uuid,
    /// Public verification code: anyone can check it at `GET /v1/certificates/{code}`.
    pub code: String,
    pub enrollment_id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    pub issued_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    /// The signing key (see `GET /v1/issuers/{id}`).
    pub key_id: uuid::Uuid,
    /// The Open Badges 3.0 `OpenBadgeCredential`.
    pub credential: serde_json::Value,
    /// Compact JWS (`alg` EdDSA) whose payload is the credential.
    pub signature: String,
}

impl From<&Certificate> for CertificateView {
    fn from(c: &Certificate) -> Self {
        CertificateView {
            id: c.id.as_uuid(),
            code: c.code.clone(),
            enrollment_id: c.enrollment_id.as_uuid(),
            course_id: c.course_id.as_uuid(),
            user_id: c.user_id.as_uuid(),
            issued_at: c.issued_at.into(),
            revoked_at: c.revoked_at.map(Into::into),
            revoked_reason: c.revoked_reason.clone(),
            key_id: c.key_id.as_uuid(),
            credential: c.credential.clone(),
            signature: c.signature.clone(),
        }
    }
}

list_type!(
    /// A page of certificates.
    CertificateList,
    CertificateView
);

/// A public verification key.
#[derive(Debug, Clone, Object)]
pub struct PublicKeyView {
    pub id: uuid::Uuid,
    pub created_at: DateTime<Utc>,
    /// Retired keys no longer sign, but still verify what they signed.
    pub retired_at: Option<DateTime<Utc>>,
    /// The key as a JWK (`kty` OKP, `crv` Ed25519).
    pub jwk: serde_json::Value,
}

impl From<&PublicKey> for PublicKeyView {
    fn from(k: &PublicKey) -> Self {
        PublicKeyView {
            id: k.id.as_uuid(),
            created_at: k.created_at.into(),
            retired_at: k.retired_at.map(Into::into),
            jwk: k.jwk.clone(),
        }
    }
}

/// The result of checking a certificate code.
#[derive(Debug, Clone, Object)]
pub struct VerificationView {
    /// The signature verifies and the certificate is not revoked.
    pub valid: bool,
    pub signature_valid: bool,
    pub revoked: bool,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub code: String,
    pub issued_at: DateTime<Utc>,
    pub recipient_name: String,
    pub course_title: String,
    /// The issuing institution (its profile and keys: `GET /v1/issuers/{id}`).
    pub issuer_id: uuid::Uuid,
    pub issuer: String,
    pub credential: serde_json::Value,
    /// Compact JWS over the credential; verify it offline with `public_key`.
    pub signature: String,
    pub public_key: PublicKeyView,
}

impl From<&Verification> for VerificationView {
    fn from(v: &Verification) -> Self {
        VerificationView {
            valid: v.valid,
            signature_valid: v.signature_valid,
            revoked: v.revoked,
            revoked_at: v.revoked_at.map(Into::into),
            revoked_reason: v.revoked_reason.clone(),
            code: v.code.clone(),
            issued_at: v.issued_at.into(),
            recipient_name: v.recipient_name.clone(),
            course_title: v.course_title.clone(),
            issuer_id: v.issuer_id.as_uuid(),
            issuer: v.issuer_name.clone(),
            credential: v.credential.clone(),
            signature: v.signature.clone(),
            public_key: (&v.public_key).into(),
        }
    }
}

/// An institution as the issuer of certificates.
#[derive(Debug, Clone, Object)]
pub struct IssuerView {
    pub id: uuid::Uuid,
    pub name: String,
    /// Every key the institution has signed certificates with.
    pub keys: Vec<PublicKeyView>,
}

impl From<&Issuer> for IssuerView {
    fn from(i: &Issuer) -> Self {
        IssuerView { id: i.id.as_uuid(), name: i.name.clone(), keys: i.keys.iter().map(Into::into).collect() }
    }
}

/// A course's totals.
#[derive(Debug, Clone, Object)]
pub struct CourseReportView {
    pub course_id: uuid::Uuid,
    pub course_title: String,
    /// Every enrollment, dropped ones included.
    pub enrolled: i64,
    pub active: i64,
    pub completed: i64,
    pub dropped: i64,
    /// completed / (active + completed), from 0 to 1.
    pub completion_rate: f64,
    /// Average score of the enrollments that have one (dropped excluded).
    pub average_score: Option<f64>,
    /// Average time spent per enrollment (dropped excluded).
    pub average_time_spent_seconds: f64,
    /// Active enrollments past their due date.
    pub overdue: i64,
    pub generated_at: DateTime<Utc>,
}

impl From<&CourseReport> for CourseReportView {
    fn from(r: &CourseReport) -> Self {
        CourseReportView {
            course_id: r.course_id.as_uuid(),
            course_title: r.course_title.clone(),
            enrolled: r.enrolled,
            active: r.active,
            completed: r.completed,
            dropped: r.dropped,
            completion_rate: r.completion_rate,
            average_score: r.average_score,
            average_time_spent_seconds: r.average_time_spent_seconds,
            overdue: r.overdue,
            generated_at: r.generated_at.into(),
        }
    }
}

/// One learner of a course with their enrollment and progress.
#[derive(Debug, Clone, Object)]
pub struct LearnerLineView {
    pub user_id: uuid::Uuid,
    pub name: String,
    pub email: String,
    pub enrollment: EnrollmentView,
}

impl From<&LearnerLine> for LearnerLineView {
    fn from(l: &LearnerLine) -> Self {
        LearnerLineView {
            user_id: l.user_id.as_uuid(),
            name: l.name.clone(),
            email: l.email.clone(),
            enrollment: (&l.enrollment).into(),
        }
    }
}

list_type!(
    /// A page of a course's learners.
    LearnerList,
    LearnerLineView
);
