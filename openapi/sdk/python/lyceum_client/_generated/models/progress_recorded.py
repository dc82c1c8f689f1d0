from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.enrollment_view import EnrollmentView
    from ..models.lesson_progress_view import LessonProgressView


T = TypeVar("T", bound="ProgressRecorded")


@_attrs_define
class ProgressRecorded:
    """The lesson's progress after the write, and the enrollment (which may have just completed).

    Example:
        {'enrollment': {'completed_at': None, 'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title':
            'Chemistry 101', 'created_at': '2026-10-02T08:00:00+00:00', 'dropped_at': None, 'due_at':
            '2026-12-31T23:59:59+00:00', 'enrolled_at': '2026-10-02T08:00:00+00:00', 'external_id': 'CHEM-101-S-2026-0042',
            'id': '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'last_activity_at': '2026-11-28T07:52:40+00:00', 'progress':
            {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'next_lesson_title': 'Check
            your understanding', 'percent': 50, 'total_lessons': 2}, 'score': None, 'status': 'active',
            'time_spent_seconds': 1260, 'updated_at': '2026-11-28T07:52:40+00:00', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'version': 4}, 'lesson': {'completed_at': '2026-11-28T07:52:40+00:00',
            'kind': 'text', 'lesson_id': '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'passed': None, 'required': True, 'score':
            None, 'started_at': '2026-11-27T19:30:00+00:00', 'status': 'completed', 'time_spent_seconds': 1260, 'title':
            'What is an atom?'}}

    Attributes:
        enrollment (EnrollmentView): A user's enrollment in a course. Example: {'completed_at': None, 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title': 'Chemistry 101', 'created_at':
            '2026-10-02T08:00:00+00:00', 'dropped_at': None, 'due_at': '2026-12-31T23:59:59+00:00', 'enrolled_at':
            '2026-10-02T08:00:00+00:00', 'external_id': 'CHEM-101-S-2026-0042', 'id':
            '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'last_activity_at': '2026-11-28T07:52:40+00:00', 'progress':
            {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'next_lesson_title': 'Check
            your understanding', 'percent': 50, 'total_lessons': 2}, 'score': None, 'status': 'active',
            'time_spent_seconds': 1260, 'updated_at': '2026-11-28T07:52:40+00:00', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'version': 4}.
        lesson (LessonProgressView): Progress on one lesson. Example: {'completed_at': '2026-11-28T07:52:40+00:00',
            'kind': 'text', 'lesson_id': '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'passed': None, 'required': True, 'score':
            None, 'started_at': '2026-11-27T19:30:00+00:00', 'status': 'completed', 'time_spent_seconds': 1260, 'title':
            'What is an atom?'}.
    """

    enrollment: EnrollmentView
    lesson: LessonProgressView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enrollment = self.enrollment.to_dict()

        lesson = self.lesson.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enrollment": enrollment,
                "lesson": lesson,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.enrollment_view import EnrollmentView
        from ..models.lesson_progress_view import LessonProgressView

        d = dict(src_dict)
        enrollment = EnrollmentView.from_dict(d.pop("enrollment"))

        lesson = LessonProgressView.from_dict(d.pop("lesson"))

        progress_recorded = cls(
            enrollment=enrollment,
            lesson=lesson,
        )

        progress_recorded.additional_properties = d
        return progress_recorded

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
