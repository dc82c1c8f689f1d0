from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GroupMemberView")


@_attrs_define
class GroupMemberView:
    """A member of a group.

    Example:
        {'added_at': '2026-12-02T10:30:00+00:00', 'email': 'lee@acme.test', 'name': 'Lee Learner', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}

    Attributes:
        added_at (datetime.datetime):
        email (str):
        name (str):
        user_id (UUID):
    """

    added_at: datetime.datetime
    email: str
    name: str
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        added_at = self.added_at.isoformat()

        email = self.email

        name = self.name

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "added_at": added_at,
                "email": email,
                "name": name,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        added_at = datetime.datetime.fromisoformat(d.pop("added_at"))

        email = d.pop("email")

        name = d.pop("name")

        user_id = UUID(d.pop("user_id"))

        group_member_view = cls(
            added_at=added_at,
            email=email,
            name=name,
            user_id=user_id,
        )

        group_member_view.additional_properties = d
        return group_member_view

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
