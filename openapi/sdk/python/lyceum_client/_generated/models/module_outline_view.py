from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lesson_view import LessonView


T = TypeVar("T", bound="ModuleOutlineView")


@_attrs_define
class ModuleOutlineView:
    """A module with its lessons in order.

    Attributes:
        course_id (UUID):
        created_at (datetime.datetime):
        id (UUID):
        lessons (list[LessonView]):
        position (int): 1-based position within the course.
        title (str):
        updated_at (datetime.datetime):
        version (int):
    """

    course_id: UUID
    created_at: datetime.datetime
    id: UUID
    lessons: list[LessonView]
    position: int
    title: str
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        course_id = str(self.course_id)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        lessons = []
        for lessons_item_data in self.lessons:
            lessons_item = lessons_item_data.to_dict()
            lessons.append(lessons_item)

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
                "lessons": lessons,
                "position": position,
                "title": title,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.lesson_view import LessonView

        d = dict(src_dict)
        course_id = UUID(d.pop("course_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        lessons = []
        _lessons = d.pop("lessons")
        for lessons_item_data in _lessons:
            lessons_item = LessonView.from_dict(lessons_item_data)

            lessons.append(lessons_item)

        position = d.pop("position")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        module_outline_view = cls(
            course_id=course_id,
            created_at=created_at,
            id=id,
            lessons=lessons,
            position=position,
            title=title,
            updated_at=updated_at,
            version=version,
        )

        module_outline_view.additional_properties = d
        return module_outline_view

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
