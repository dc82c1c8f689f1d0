from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.public_key_view import PublicKeyView


T = TypeVar("T", bound="VerificationView")


@_attrs_define
class VerificationView:
    """The result of checking a certificate code.

    Example:
        {'changed_since_issuance': [], 'code': 'jzocXnudL0psjgsdP1p8ngGTpMJbHnw6nxArTW6PChE', 'course_title': 'Chemistry
            101', 'credential': {'@context': ['https://www.w3.org/ns/credentials/v2',
            'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], 'awardedDate': '2026-11-29T10:15:00Z',
            'credentialSubject': {'achievement': {'achievementType': 'Certificate', 'criteria': {'narrative': 'Completed
            every required lesson of the course and passed its required quizzes.'}, 'description': 'Atoms, bonds and
            reactions.', 'id': 'https://lyceum.example/v1/courses/0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3#achievement', 'name':
            'Chemistry 101', 'type': ['Achievement']}, 'identifier': [{'hashed': True, 'identityHash':
            'sha256$5d8f0b1c3e2a4f6d8b0c1e3a5f7d9b2c4e6a8f0d1b3c5e7a9f2d4b6c8e0a1f3d', 'identityType': 'emailAddress',
            'salt': 'q3Jt0vYx', 'type': 'IdentityObject'}], 'name': 'Lee Learner', 'type': ['AchievementSubject']}, 'id':
            'https://lyceum.example/v1/certificates/jzocXnudL0psjgsdP1p8ngGTpMJbHnw6nxArTW6PChE', 'issuer': {'id':
            'https://lyceum.example/v1/issuers/0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11', 'name': 'Acme University', 'type':
            ['Profile']}, 'name': 'Chemistry 101: certificate of completion', 'type': ['VerifiableCredential',
            'OpenBadgeCredential'], 'validFrom': '2026-11-29T10:15:00Z'}, 'issued_at': '2026-11-29T10:15:00+00:00',
            'issuer': 'Acme University', 'issuer_id': '0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11', 'issuer_status': 'active',
            'public_key': {'created_at': '2026-09-01T08:00:00+00:00', 'id': '0193a4c2-5b21-7b12-9d4e-2f3a4b5c6d7e', 'jwk':
            {'crv': 'Ed25519', 'kid': '0193a4c2-5b21-7b12-9d4e-2f3a4b5c6d7e', 'kty': 'OKP', 'x':
            '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo'}, 'retired_at': None}, 'recipient_name': 'Lee Learner', 'revoked':
            False, 'revoked_at': None, 'revoked_reason': None, 'signature': 'eyJhbGciOiJFZERTQSIsImtpZCI6IjAxOTNhNGMyLTViMjE
            tN2IxMi05ZDRlLTJmM2E0YjVjNmQ3ZSJ9.eyJAY29udGV4dCI6Wy4uLl19.3q2-
            7w0Ytq9pJm8sWZQmC1b9aVQW3cVh2mJt5X0xk7nR4yTq1eBf6uLw8oZd2sHc9pVa0gKj3rNm5tXy7zAqBw', 'signature_valid': True,
            'valid': True}

    Attributes:
        changed_since_issuance (list[str]): Which of `recipient_name`, `course_title` and `issuer` differ from the
            institution's records now
            (renamed since issuance). The values above are always those that were signed.
        code (str):
        course_title (str): As signed in the credential (`credentialSubject.achievement.name`).
        credential (Any):
        issued_at (datetime.datetime):
        issuer (str): As signed in the credential (`issuer.name`).
        issuer_id (UUID): The issuing institution (its profile and keys: `GET /v1/issuers/{id}`).
        issuer_status (str): The issuing institution's standing now: `active`, `suspended` or `deleted` (then `valid` is
            false).
        public_key (PublicKeyView): A public verification key. Example: {'created_at': '2026-09-01T08:00:00+00:00',
            'id': '0193a4c2-5b21-7b12-9d4e-2f3a4b5c6d7e', 'jwk': {'crv': 'Ed25519', 'kid':
            '0193a4c2-5b21-7b12-9d4e-2f3a4b5c6d7e', 'kty': 'OKP', 'x': '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo'},
            'retired_at': None}.
        recipient_name (str): As signed in the credential (`credentialSubject.name`).
        revoked (bool):
        signature (str): Compact JWS over the credential; verify it offline with `public_key`.
        signature_valid (bool):
        valid (bool): The signature verifies, the certificate is not revoked and its issuer is in good standing.
        revoked_at (datetime.datetime | None | Unset):
        revoked_reason (None | str | Unset):
    """

    changed_since_issuance: list[str]
    code: str
    course_title: str
    credential: Any
    issued_at: datetime.datetime
    issuer: str
    issuer_id: UUID
    issuer_status: str
    public_key: PublicKeyView
    recipient_name: str
    revoked: bool
    signature: str
    signature_valid: bool
    valid: bool
    revoked_at: datetime.datetime | None | Unset = UNSET
    revoked_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        changed_since_issuance = self.changed_since_issuance

        code = self.code

        course_title = self.course_title

        credential = self.credential

        issued_at = self.issued_at.isoformat()

        issuer = self.issuer

        issuer_id = str(self.issuer_id)

        issuer_status = self.issuer_status

        public_key = self.public_key.to_dict()

        recipient_name = self.recipient_name

        revoked = self.revoked

        signature = self.signature

        signature_valid = self.signature_valid

        valid = self.valid

        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        elif isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        revoked_reason: None | str | Unset
        if isinstance(self.revoked_reason, Unset):
            revoked_reason = UNSET
        else:
            revoked_reason = self.revoked_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "changed_since_issuance": changed_since_issuance,
                "code": code,
                "course_title": course_title,
                "credential": credential,
                "issued_at": issued_at,
                "issuer": issuer,
                "issuer_id": issuer_id,
                "issuer_status": issuer_status,
                "public_key": public_key,
                "recipient_name": recipient_name,
                "revoked": revoked,
                "signature": signature,
                "signature_valid": signature_valid,
                "valid": valid,
            }
        )
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if revoked_reason is not UNSET:
            field_dict["revoked_reason"] = revoked_reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.public_key_view import PublicKeyView

        d = dict(src_dict)
        changed_since_issuance = cast(list[str], d.pop("changed_since_issuance"))

        code = d.pop("code")

        course_title = d.pop("course_title")

        credential = d.pop("credential")

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))

        issuer = d.pop("issuer")

        issuer_id = UUID(d.pop("issuer_id"))

        issuer_status = d.pop("issuer_status")

        public_key = PublicKeyView.from_dict(d.pop("public_key"))

        recipient_name = d.pop("recipient_name")

        revoked = d.pop("revoked")

        signature = d.pop("signature")

        signature_valid = d.pop("signature_valid")

        valid = d.pop("valid")

        def _parse_revoked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at", UNSET))

        def _parse_revoked_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        revoked_reason = _parse_revoked_reason(d.pop("revoked_reason", UNSET))

        verification_view = cls(
            changed_since_issuance=changed_since_issuance,
            code=code,
            course_title=course_title,
            credential=credential,
            issued_at=issued_at,
            issuer=issuer,
            issuer_id=issuer_id,
            issuer_status=issuer_status,
            public_key=public_key,
            recipient_name=recipient_name,
            revoked=revoked,
            signature=signature,
            signature_valid=signature_valid,
            valid=valid,
            revoked_at=revoked_at,
            revoked_reason=revoked_reason,
        )

        verification_view.additional_properties = d
        return verification_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
