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
