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

    Attributes:
        enrollment (EnrollmentView): A user's enrollment in a course.
        lesson (LessonProgressView): Progress on one lesson.
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
