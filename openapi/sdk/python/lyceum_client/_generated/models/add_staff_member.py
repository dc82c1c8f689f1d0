from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AddStaffMember")


@_attrs_define
class AddStaffMember:
    """Someone to add to a course's staff (or whose part to change).

    Example:
        {'role': 'instructor', 'user_id': '0193a4c2-6a03-7d11-8e21-3c5e7f9a1b23'}

    Attributes:
        role (str): `instructor` (someone with the institution's instructor, admin or owner role) or
            `teaching_assistant` (anyone).
        user_id (UUID):
    """

    role: str
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        role = d.pop("role")

        user_id = UUID(d.pop("user_id"))

        add_staff_member = cls(
            role=role,
            user_id=user_id,
        )

        add_staff_member.additional_properties = d
        return add_staff_member

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
