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

    Example:
        {'enrollment_id': '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'enrollment_status': 'active', 'lessons':
            [{'completed_at': '2026-11-28T07:52:40+00:00', 'kind': 'text', 'lesson_id':
            '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'passed': None, 'required': True, 'score': None, 'started_at':
            '2026-11-27T19:30:00+00:00', 'status': 'completed', 'time_spent_seconds': 1260, 'title': 'What is an atom?'},
            {'completed_at': None, 'kind': 'quiz', 'lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'passed': None,
            'required': True, 'score': None, 'started_at': None, 'status': 'not_started', 'time_spent_seconds': 0, 'title':
            'Check your understanding'}], 'summary': {'completed_lessons': 1, 'next_lesson_id':
            '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'next_lesson_title': 'Check your understanding', 'percent': 50,
            'total_lessons': 2}}

    Attributes:
        enrollment_id (UUID):
        enrollment_status (str): `active`, `completed` or `dropped`.
        lessons (list[LessonProgressView]):
        summary (ProgressSummaryView): Where a learner stands: the lessons that count (the required ones, or all when
            none is required). Example: {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6',
            'next_lesson_title': 'Check your understanding', 'percent': 50, 'total_lessons': 2}.
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
