from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AssignmentGroupView")


@_attrs_define
class AssignmentGroupView:
    """A weighted category of a course's graded lessons.

    Example:
        {'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at': '2026-12-01T09:00:00+00:00', 'id':
            '0193c2b1-2b3c-7d4e-9f5a-6b7c8d9e0f1a', 'name': 'Essays', 'position': 1, 'updated_at':
            '2026-12-01T09:00:00+00:00', 'weight': 60.0}

    Attributes:
        course_id (UUID):
        created_at (datetime.datetime):
        id (UUID):
        name (str):
        position (int):
        updated_at (datetime.datetime):
        weight (float): Relative weight in the course score (40 and 60 are 40 % and 60 %).
    """

    course_id: UUID
    created_at: datetime.datetime
    id: UUID
    name: str
    position: int
    updated_at: datetime.datetime
    weight: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        course_id = str(self.course_id)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        position = self.position

        updated_at = self.updated_at.isoformat()

        weight = self.weight

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "course_id": course_id,
                "created_at": created_at,
                "id": id,
                "name": name,
                "position": position,
                "updated_at": updated_at,
                "weight": weight,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        course_id = UUID(d.pop("course_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        position = d.pop("position")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        weight = d.pop("weight")

        assignment_group_view = cls(
            course_id=course_id,
            created_at=created_at,
            id=id,
            name=name,
            position=position,
            updated_at=updated_at,
            weight=weight,
        )

        assignment_group_view.additional_properties = d
        return assignment_group_view

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
