from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ModuleView")


@_attrs_define
class ModuleView:
    """A module of a course.

    Example:
        {'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at': '2026-09-05T09:10:00+00:00', 'id':
            '0193a4c3-1a05-7c9f-b2d3-5e7f90a1b2c4', 'position': 1, 'title': 'Atoms', 'updated_at':
            '2026-09-06T11:00:00+00:00', 'version': 2}

    Attributes:
        course_id (UUID):
        created_at (datetime.datetime):
        id (UUID):
        position (int): 1-based position within the course.
        title (str):
        updated_at (datetime.datetime):
        version (int):
    """

    course_id: UUID
    created_at: datetime.datetime
    id: UUID
    position: int
    title: str
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        course_id = str(self.course_id)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        position = self.position

        title = self.title

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "course_id": course_id,
                "created_at": created_at,
                "id": id,
                "position": position,
                "title": title,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        course_id = UUID(d.pop("course_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        position = d.pop("position")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        module_view = cls(
            course_id=course_id,
            created_at=created_at,
            id=id,
            position=position,
            title=title,
            updated_at=updated_at,
            version=version,
        )

        module_view.additional_properties = d
        return module_view

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
