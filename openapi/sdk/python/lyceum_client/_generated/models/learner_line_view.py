from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.enrollment_view import EnrollmentView


T = TypeVar("T", bound="LearnerLineView")


@_attrs_define
class LearnerLineView:
    """One learner of a course with their enrollment and progress.

    Example:
        {'email': 'lee@acme.test', 'enrollment': {'completed_at': None, 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title': 'Chemistry 101', 'created_at':
            '2026-10-02T08:00:00+00:00', 'dropped_at': None, 'due_at': '2026-12-31T23:59:59+00:00', 'enrolled_at':
            '2026-10-02T08:00:00+00:00', 'external_id': 'CHEM-101-S-2026-0042', 'id':
            '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'last_activity_at': '2026-11-28T07:52:40+00:00', 'progress':
            {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'next_lesson_title': 'Check
            your understanding', 'percent': 50, 'total_lessons': 2}, 'score': None, 'status': 'active',
            'time_spent_seconds': 1260, 'updated_at': '2026-11-28T07:52:40+00:00', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'version': 4}, 'name': 'Lee Learner', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}

    Attributes:
        email (str):
        enrollment (EnrollmentView): A user's enrollment in a course. Example: {'completed_at': None, 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title': 'Chemistry 101', 'created_at':
            '2026-10-02T08:00:00+00:00', 'dropped_at': None, 'due_at': '2026-12-31T23:59:59+00:00', 'enrolled_at':
            '2026-10-02T08:00:00+00:00', 'external_id': 'CHEM-101-S-2026-0042', 'id':
            '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'last_activity_at': '2026-11-28T07:52:40+00:00', 'progress':
            {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'next_lesson_title': 'Check
            your understanding', 'percent': 50, 'total_lessons': 2}, 'score': None, 'status': 'active',
            'time_spent_seconds': 1260, 'updated_at': '2026-11-28T07:52:40+00:00', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'version': 4}.
        name (str):
        user_id (UUID):
    """

    email: str
    enrollment: EnrollmentView
    name: str
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        enrollment = self.enrollment.to_dict()

        name = self.name

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "enrollment": enrollment,
                "name": name,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.enrollment_view import EnrollmentView

        d = dict(src_dict)
        email = d.pop("email")

        enrollment = EnrollmentView.from_dict(d.pop("enrollment"))

        name = d.pop("name")

        user_id = UUID(d.pop("user_id"))

        learner_line_view = cls(
            email=email,
            enrollment=enrollment,
            name=name,
            user_id=user_id,
        )

        learner_line_view.additional_properties = d
        return learner_line_view

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
