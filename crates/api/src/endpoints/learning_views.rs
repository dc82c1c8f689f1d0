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
use poem_openapi::{types::Example, Object};

use super::views::{example_ids as ids, example_time, list_type};

/// The example certificate's public verification code.
const EXAMPLE_CODE: &str = "jzocXnudL0psjgsdP1p8ngGTpMJbHnw6nxArTW6PChE";

/// Where a learner stands: the lessons that count (the required ones, or all when none is required).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ProgressSummaryView {
    pub completed_lessons: i32,
    pub total_lessons: i32,
    /// 0-100, rounded down.
    pub percent: i32,
    /// The first counted lesson not completed yet, in outline order; absent when all are done.
    pub next_lesson_id: Option<uuid::Uuid>,
    pub next_lesson_title: Option<String>,
}

impl Example for ProgressSummaryView {
    fn example() -> Self {
        ProgressSummaryView {
            completed_lessons: 1,
            total_lessons: 2,
            percent: 50,
            next_lesson_id: Some(ids::QUIZ),
            next_lesson_title: Some("Check your understanding".into()),
        }
    }
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
#[oai(example)]
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

impl Example for EnrollmentView {
    fn example() -> Self {
        EnrollmentView {
            id: ids::ENROLLMENT,
            course_id: ids::COURSE,
            course_title: "Chemistry 101".into(),
            user_id: ids::LEARNER,
            status: "active".into(),
            due_at: Some(example_time("2026-12-31T23:59:59Z")),
            enrolled_at: example_time("2026-10-02T08:00:00Z"),
            completed_at: None,
            dropped_at: None,
            last_activity_at: Some(example_time("2026-11-28T07:52:40Z")),
            time_spent_seconds: 1260,
            score: None,
            progress: ProgressSummaryView::example(),
            version: 4,
            created_at: example_time("2026-10-02T08:00:00Z"),
            updated_at: example_time("2026-11-28T07:52:40Z"),
        }
    }
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
#[oai(example)]
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

impl Example for LessonProgressView {
    fn example() -> Self {
        LessonProgressView {
            lesson_id: ids::LESSON,
            title: "What is an atom?".into(),
            kind: "text".into(),
            required: true,
            status: "completed".into(),
            score: None,
            passed: None,
            time_spent_seconds: 1260,
            started_at: Some(example_time("2026-11-27T19:30:00Z")),
            completed_at: Some(example_time("2026-11-28T07:52:40Z")),
        }
    }
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
#[oai(example)]
pub struct ProgressView {
    pub enrollment_id: uuid::Uuid,
    /// `active`, `completed` or `dropped`.
    pub enrollment_status: String,
    pub summary: ProgressSummaryView,
    pub lessons: Vec<LessonProgressView>,
}

impl Example for ProgressView {
    fn example() -> Self {
        let quiz = LessonProgressView {
            lesson_id: ids::QUIZ,
            title: "Check your understanding".into(),
            kind: "quiz".into(),
            status: "not_started".into(),
            time_spent_seconds: 0,
            started_at: None,
            completed_at: None,
            ..LessonProgressView::example()
        };
        ProgressView {
            enrollment_id: ids::ENROLLMENT,
            enrollment_status: "active".into(),
            summary: ProgressSummaryView::example(),
            lessons: vec![LessonProgressView::example(), quiz],
        }
    }
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
#[oai(example)]
pub struct ProgressRecorded {
    pub lesson: LessonProgressView,
    pub enrollment: EnrollmentView,
}

impl Example for ProgressRecorded {
    fn example() -> Self {
        ProgressRecorded { lesson: LessonProgressView::example(), enrollment: EnrollmentView::example() }
    }
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
#[oai(example)]
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

impl Example for OperationView {
    fn example() -> Self {
        OperationView {
            id: ids::OPERATION,
            kind: "enrollment.bulk".into(),
            status: "succeeded".into(),
            target_id: Some(ids::COURSE),
            total: 3,
            processed: 3,
            succeeded: 1,
            failed: 1,
            skipped: 1,
            errors: vec![RowFailureView {
                row: 2,
                value: "nobody@acme.test".into(),
                code: "user_not_found".into(),
                message: "no user with this email in the institution".into(),
            }],
            created_at: example_time("2026-11-20T09:00:00Z"),
            updated_at: example_time("2026-11-20T09:00:01Z"),
            finished_at: Some(example_time("2026-11-20T09:00:01Z")),
        }
    }
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
#[oai(example)]
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

impl Example for AttemptView {
    fn example() -> Self {
        AttemptView {
            id: ids::ATTEMPT,
            enrollment_id: ids::ENROLLMENT,
            lesson_id: ids::QUIZ,
            attempt_number: 1,
            score: 50,
            passed: false,
            passing_score: 70,
            correct_count: 1,
            question_count: 2,
            results: vec![
                QuestionResultView { question: 0, answered: true, correct: true },
                QuestionResultView { question: 1, answered: true, correct: false },
            ],
            attempts_remaining: Some(2),
            created_at: example_time("2026-11-28T08:05:00Z"),
        }
    }
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
#[oai(example)]
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

impl Example for CertificateView {
    fn example() -> Self {
        CertificateView {
            id: ids::CERTIFICATE,
            code: EXAMPLE_CODE.into(),
            enrollment_id: ids::ENROLLMENT,
            course_id: ids::COURSE,
            user_id: ids::LEARNER,
            issued_at: example_time("2026-11-29T10:15:00Z"),
            revoked_at: None,
            revoked_reason: None,
            key_id: ids::SIGNING_KEY,
            credential: example_credential(),
            signature: example_signature(),
        }
    }
}

/// The Open Badges 3.0 credential of the example certificate (its email hash and salt are made up).
fn example_credential() -> serde_json::Value {
    serde_json::json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("https://lyceum.example/v1/certificates/{EXAMPLE_CODE}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Chemistry 101: certificate of completion",
        "issuer": {
            "id": format!("https://lyceum.example/v1/issuers/{}", ids::TENANT),
            "type": ["Profile"],
            "name": "Acme University"
        },
        "validFrom": "2026-11-29T10:15:00Z",
        "awardedDate": "2026-11-29T10:15:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": "Lee Learner",
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": true,
                "identityHash": "sha256$5d8f0b1c3e2a4f6d8b0c1e3a5f7d9b2c4e6a8f0d1b3c5e7a9f2d4b6c8e0a1f3d",
                "salt": "q3Jt0vYx"
            }],
            "achievement": {
                "id": format!("https://lyceum.example/v1/courses/{}#achievement", ids::COURSE),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": "Chemistry 101",
                "description": "Atoms, bonds and reactions.",
                "criteria": {
                    "narrative": "Completed every required lesson of the course and passed its required quizzes."
                }
            }
        }
    })
}

/// A compact JWS in the example's shape (header.payload.signature; the payload is abbreviated).
fn example_signature() -> String {
    "eyJhbGciOiJFZERTQSIsImtpZCI6IjAxOTNhNGMyLTViMjEtN2IxMi05ZDRlLTJmM2E0YjVjNmQ3ZSJ9.eyJAY29udGV4dCI6Wy4uLl19.\
     3q2-7w0Ytq9pJm8sWZQmC1b9aVQW3cVh2mJt5X0xk7nR4yTq1eBf6uLw8oZd2sHc9pVa0gKj3rNm5tXy7zAqBw"
        .into()
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
#[oai(example)]
pub struct PublicKeyView {
    pub id: uuid::Uuid,
    pub created_at: DateTime<Utc>,
    /// Retired keys no longer sign, but still verify what they signed.
    pub retired_at: Option<DateTime<Utc>>,
    /// The key as a JWK (`kty` OKP, `crv` Ed25519).
    pub jwk: serde_json::Value,
}

impl Example for PublicKeyView {
    fn example() -> Self {
        PublicKeyView {
            id: ids::SIGNING_KEY,
            created_at: example_time("2026-09-01T08:00:00Z"),
            retired_at: None,
            jwk: serde_json::json!({
                "kty": "OKP", "crv": "Ed25519", "kid": ids::SIGNING_KEY.to_string(),
                "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
            }),
        }
    }
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
#[oai(example)]
pub struct VerificationView {
    /// The signature verifies, the certificate is not revoked and its issuer is in good standing.
    pub valid: bool,
    /// The issuing institution's standing now: `active`, `suspended` or `deleted` (then `valid` is false).
    pub issuer_status: String,
    /// Which of `recipient_name`, `course_title` and `issuer` differ from the institution's records now
    /// (renamed since issuance). The values above are always those that were signed.
    pub changed_since_issuance: Vec<String>,
    pub signature_valid: bool,
    pub revoked: bool,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub code: String,
    pub issued_at: DateTime<Utc>,
    /// As signed in the credential (`credentialSubject.name`).
    pub recipient_name: String,
    /// As signed in the credential (`credentialSubject.achievement.name`).
    pub course_title: String,
    /// The issuing institution (its profile and keys: `GET /v1/issuers/{id}`).
    pub issuer_id: uuid::Uuid,
    /// As signed in the credential (`issuer.name`).
    pub issuer: String,
    pub credential: serde_json::Value,
    /// Compact JWS over the credential; verify it offline with `public_key`.
    pub signature: String,
    pub public_key: PublicKeyView,
}

impl Example for VerificationView {
    fn example() -> Self {
        VerificationView {
            valid: true,
            issuer_status: "active".into(),
            changed_since_issuance: Vec::new(),
            signature_valid: true,
            revoked: false,
            revoked_at: None,
            revoked_reason: None,
            code: EXAMPLE_CODE.into(),
            issued_at: example_time("2026-11-29T10:15:00Z"),
            recipient_name: "Lee Learner".into(),
            course_title: "Chemistry 101".into(),
            issuer_id: ids::TENANT,
            issuer: "Acme University".into(),
            credential: example_credential(),
            signature: example_signature(),
            public_key: PublicKeyView::example(),
        }
    }
}

impl From<&Verification> for VerificationView {
    fn from(v: &Verification) -> Self {
        VerificationView {
            valid: v.valid,
            issuer_status: v.issuer_status.into(),
            changed_since_issuance: v.changed_since_issuance.iter().map(|s| s.to_string()).collect(),
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
#[oai(example)]
pub struct IssuerView {
    pub id: uuid::Uuid,
    pub name: String,
    /// Every key the institution has signed certificates with.
    pub keys: Vec<PublicKeyView>,
}

impl Example for IssuerView {
    fn example() -> Self {
        IssuerView { id: ids::TENANT, name: "Acme University".into(), keys: vec![PublicKeyView::example()] }
    }
}

impl From<&Issuer> for IssuerView {
    fn from(i: &Issuer) -> Self {
        IssuerView { id: i.id.as_uuid(), name: i.name.clone(), keys: i.keys.iter().map(Into::into).collect() }
    }
}

/// A course's totals.
#[derive(Debug, Clone, Object)]
#[oai(example)]
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

impl Example for CourseReportView {
    fn example() -> Self {
        CourseReportView {
            course_id: ids::COURSE,
            course_title: "Chemistry 101".into(),
            enrolled: 120,
            active: 64,
            completed: 48,
            dropped: 8,
            completion_rate: 0.4286,
            average_score: Some(81.5),
            average_time_spent_seconds: 5420.0,
            overdue: 6,
            generated_at: example_time("2026-11-29T12:00:00Z"),
        }
    }
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
#[oai(example)]
pub struct LearnerLineView {
    pub user_id: uuid::Uuid,
    pub name: String,
    pub email: String,
    pub enrollment: EnrollmentView,
}

impl Example for LearnerLineView {
    fn example() -> Self {
        LearnerLineView {
            user_id: ids::LEARNER,
            name: "Lee Learner".into(),
            email: "lee@acme.test".into(),
            enrollment: EnrollmentView::example(),
        }
    }
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
