from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lesson_progress_view import LessonProgressView
    from ..models.progress_summary_view import ProgressSummaryView


T = TypeVar("T", bound="ProgressView")


@_attrs_define
class ProgressView:
    """An enrollment's progress over every lesson of its course, in outline order.

    Attributes:
        enrollment_id (UUID):
        enrollment_status (str): `active`, `completed` or `dropped`.
        lessons (list[LessonProgressView]):
        summary (ProgressSummaryView): Where a learner stands: the lessons that count (the required ones, or all when
            none is required).
    """

    enrollment_id: UUID
    enrollment_status: str
    lessons: list[LessonProgressView]
    summary: ProgressSummaryView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enrollment_id = str(self.enrollment_id)

        enrollment_status = self.enrollment_status

        lessons = []
        for lessons_item_data in self.lessons:
            lessons_item = lessons_item_data.to_dict()
            lessons.append(lessons_item)

        summary = self.summary.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enrollment_id": enrollment_id,
                "enrollment_status": enrollment_status,
                "lessons": lessons,
                "summary": summary,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.lesson_progress_view import LessonProgressView
        from ..models.progress_summary_view import ProgressSummaryView

        d = dict(src_dict)
        enrollment_id = UUID(d.pop("enrollment_id"))

        enrollment_status = d.pop("enrollment_status")

        lessons = []
        _lessons = d.pop("lessons")
        for lessons_item_data in _lessons:
            lessons_item = LessonProgressView.from_dict(lessons_item_data)

            lessons.append(lessons_item)

        summary = ProgressSummaryView.from_dict(d.pop("summary"))

        progress_view = cls(
            enrollment_id=enrollment_id,
            enrollment_status=enrollment_status,
            lessons=lessons,
            summary=summary,
        )

        progress_view.additional_properties = d
        return progress_view

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
