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

    Attributes:
        code (str):
        course_title (str):
        credential (Any):
        issued_at (datetime.datetime):
        issuer (str):
        issuer_id (UUID): The issuing institution (its profile and keys: `GET /v1/issuers/{id}`).
        public_key (PublicKeyView): A public verification key.
        recipient_name (str):
        revoked (bool):
        signature (str): Compact JWS over the credential; verify it offline with `public_key`.
        signature_valid (bool):
        valid (bool): The signature verifies and the certificate is not revoked.
        revoked_at (datetime.datetime | None | Unset):
        revoked_reason (None | str | Unset):
    """

    code: str
    course_title: str
    credential: Any
    issued_at: datetime.datetime
    issuer: str
    issuer_id: UUID
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
        code = self.code

        course_title = self.course_title

        credential = self.credential

        issued_at = self.issued_at.isoformat()

        issuer = self.issuer

        issuer_id = str(self.issuer_id)

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
                "code": code,
                "course_title": course_title,
                "credential": credential,
                "issued_at": issued_at,
                "issuer": issuer,
                "issuer_id": issuer_id,
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
        code = d.pop("code")

        course_title = d.pop("course_title")

        credential = d.pop("credential")

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))

        issuer = d.pop("issuer")

        issuer_id = UUID(d.pop("issuer_id"))

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
            code=code,
            course_title=course_title,
            credential=credential,
            issued_at=issued_at,
            issuer=issuer,
            issuer_id=issuer_id,
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
