from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CertificateView")


@_attrs_define
class CertificateView:
    """An issued certificate.

    Example:
        {'code': 'jzocXnudL0psjgsdP1p8ngGTpMJbHnw6nxArTW6PChE', 'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3',
            'credential': {'@context': ['https://www.w3.org/ns/credentials/v2',
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
            'OpenBadgeCredential'], 'validFrom': '2026-11-29T10:15:00Z'}, 'enrollment_id':
            '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'id': '0193b0aa-4d38-7fc0-a506-8192a3d4e5f7', 'issued_at':
            '2026-11-29T10:15:00+00:00', 'key_id': '0193a4c2-5b21-7b12-9d4e-2f3a4b5c6d7e', 'revoked_at': None,
            'revoked_reason': None, 'signature': 'eyJhbGciOiJFZERTQSIsImtpZCI6IjAxOTNhNGMyLTViMjEtN2IxMi05ZDRlLTJmM2E0YjVjNm
            Q3ZSJ9.eyJAY29udGV4dCI6Wy4uLl19.3q2-
            7w0Ytq9pJm8sWZQmC1b9aVQW3cVh2mJt5X0xk7nR4yTq1eBf6uLw8oZd2sHc9pVa0gKj3rNm5tXy7zAqBw', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}

    Attributes:
        code (str): Public verification code: anyone can check it at `GET /v1/certificates/{code}`.
        course_id (UUID):
        credential (Any): The Open Badges 3.0 `OpenBadgeCredential`.
        enrollment_id (UUID):
        id (UUID):
        issued_at (datetime.datetime):
        key_id (UUID): The signing key (see `GET /v1/issuers/{id}`).
        signature (str): Compact JWS (`alg` EdDSA) whose payload is the credential.
        user_id (UUID):
        revoked_at (datetime.datetime | None | Unset):
        revoked_reason (None | str | Unset):
    """

    code: str
    course_id: UUID
    credential: Any
    enrollment_id: UUID
    id: UUID
    issued_at: datetime.datetime
    key_id: UUID
    signature: str
    user_id: UUID
    revoked_at: datetime.datetime | None | Unset = UNSET
    revoked_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        course_id = str(self.course_id)

        credential = self.credential

        enrollment_id = str(self.enrollment_id)

        id = str(self.id)

        issued_at = self.issued_at.isoformat()

        key_id = str(self.key_id)

        signature = self.signature

        user_id = str(self.user_id)

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
                "code": code,
                "course_id": course_id,
                "credential": credential,
                "enrollment_id": enrollment_id,
                "id": id,
                "issued_at": issued_at,
                "key_id": key_id,
                "signature": signature,
                "user_id": user_id,
            }
        )
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if revoked_reason is not UNSET:
            field_dict["revoked_reason"] = revoked_reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        course_id = UUID(d.pop("course_id"))

        credential = d.pop("credential")

        enrollment_id = UUID(d.pop("enrollment_id"))

        id = UUID(d.pop("id"))

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))

        key_id = UUID(d.pop("key_id"))

        signature = d.pop("signature")

        user_id = UUID(d.pop("user_id"))

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

        certificate_view = cls(
            code=code,
            course_id=course_id,
            credential=credential,
            enrollment_id=enrollment_id,
            id=id,
            issued_at=issued_at,
            key_id=key_id,
            signature=signature,
            user_id=user_id,
            revoked_at=revoked_at,
            revoked_reason=revoked_reason,
        )

        certificate_view.additional_properties = d
        return certificate_view

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
