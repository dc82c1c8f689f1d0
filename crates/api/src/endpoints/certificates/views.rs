//! Certificates, their verification and the issuer's keys as integrators and the public see them.

use chrono::{DateTime, Utc};
use lyceum_core::certificates::{Certificate, Issuer, PublicKey, Verification};
use poem_openapi::{types::Example, Object};

use super::super::views::{example_ids as ids, example_time, list_type};

/// The example certificate's public verification code.
const EXAMPLE_CODE: &str = "jzocXnudL0psjgsdP1p8ngGTpMJbHnw6nxArTW6PChE";

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
