from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cmi_5_package_view_course import Cmi5PackageViewCourse


T = TypeVar("T", bound="Cmi5PackageView")


@_attrs_define
class Cmi5PackageView:
    """An imported package and the draft course it became.

    Example:
        {'course': {'archived_at': None, 'created_at': '2026-09-05T09:00:00+00:00', 'description': 'Atoms, bonds and
            reactions.', 'external_id': 'CHEM-101', 'id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'published_at':
            '2026-10-01T16:30:00+00:00', 'slug': 'chemistry-101', 'status': 'published', 'title': 'Chemistry 101',
            'updated_at': '2026-10-01T16:30:00+00:00', 'version': 12}, 'files': 12, 'lesson_ids':
            ['0193a4c3-2b16-7dae-83e4-6f8091b2c3d5'], 'package_id': '0193c0de-7a8b-7c9d-8e0f-1a2b3c4d5e6f', 'size_bytes':
            483201}

    Attributes:
        course (Cmi5PackageViewCourse): The draft course: each run of AUs under one top-level block is a module, each AU
            a `cmi5` lesson.
        files (int): How many files the package holds, and their size unpacked.
        lesson_ids (list[UUID]): The lessons made, one per AU, in the package's order.
        package_id (UUID):
        size_bytes (int):
    """

    course: Cmi5PackageViewCourse
    files: int
    lesson_ids: list[UUID]
    package_id: UUID
    size_bytes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        course = self.course.to_dict()

        files = self.files

        lesson_ids = []
        for lesson_ids_item_data in self.lesson_ids:
            lesson_ids_item = str(lesson_ids_item_data)
            lesson_ids.append(lesson_ids_item)

        package_id = str(self.package_id)

        size_bytes = self.size_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "course": course,
                "files": files,
                "lesson_ids": lesson_ids,
                "package_id": package_id,
                "size_bytes": size_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cmi_5_package_view_course import Cmi5PackageViewCourse

        d = dict(src_dict)
        course = Cmi5PackageViewCourse.from_dict(d.pop("course"))

        files = d.pop("files")

        lesson_ids = []
        _lesson_ids = d.pop("lesson_ids")
        for lesson_ids_item_data in _lesson_ids:
            lesson_ids_item = UUID(lesson_ids_item_data)

            lesson_ids.append(lesson_ids_item)

        package_id = UUID(d.pop("package_id"))

        size_bytes = d.pop("size_bytes")

        cmi_5_package_view = cls(
            course=course,
            files=files,
            lesson_ids=lesson_ids,
            package_id=package_id,
            size_bytes=size_bytes,
        )

        cmi_5_package_view.additional_properties = d
        return cmi_5_package_view

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
