from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StaffMemberView")


@_attrs_define
class StaffMemberView:
    """A member of a course's staff.

    Example:
        {'added_at': '2026-12-01T09:00:00+00:00', 'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'email':
            'ines@acme.test', 'name': 'Ines Instructor', 'role': 'instructor', 'user_id':
            '0193a4c2-6a03-7d11-8e21-3c5e7f9a1b23'}

    Attributes:
        added_at (datetime.datetime):
        course_id (UUID):
        email (str):
        name (str):
        role (str): `instructor` (teaches and grades) or `teaching_assistant` (grades).
        user_id (UUID):
    """

    added_at: datetime.datetime
    course_id: UUID
    email: str
    name: str
    role: str
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        added_at = self.added_at.isoformat()

        course_id = str(self.course_id)

        email = self.email

        name = self.name

        role = self.role

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "added_at": added_at,
                "course_id": course_id,
                "email": email,
                "name": name,
                "role": role,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        added_at = datetime.datetime.fromisoformat(d.pop("added_at"))

        course_id = UUID(d.pop("course_id"))

        email = d.pop("email")

        name = d.pop("name")

        role = d.pop("role")

        user_id = UUID(d.pop("user_id"))

        staff_member_view = cls(
            added_at=added_at,
            course_id=course_id,
            email=email,
            name=name,
            role=role,
            user_id=user_id,
        )

        staff_member_view.additional_properties = d
        return staff_member_view

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
