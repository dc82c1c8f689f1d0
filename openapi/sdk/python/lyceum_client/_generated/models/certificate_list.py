from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.certificate_view import CertificateView


T = TypeVar("T", bound="CertificateList")


@_attrs_define
class CertificateList:
    """A page of certificates.

    Example:
        {'items': [{'code': 'jzocXnudL0psjgsdP1p8ngGTpMJbHnw6nxArTW6PChE', 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'credential': {'@context': ['https://www.w3.org/ns/credentials/v2',
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
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}], 'next_cursor':
            'eyJrIjoiMjAyNi0xMS0yMFQxNDowNTowMFoiLCJpZCI6IjAxOTNhNGMzIn0'}

    Attributes:
        items (list[CertificateView]):
        next_cursor (None | str | Unset): Pass as `cursor` to get the next page; `null` on the last page.
    """

    items: list[CertificateView]
    next_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.certificate_view import CertificateView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CertificateView.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        certificate_list = cls(
            items=items,
            next_cursor=next_cursor,
        )

        certificate_list.additional_properties = d
        return certificate_list

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
