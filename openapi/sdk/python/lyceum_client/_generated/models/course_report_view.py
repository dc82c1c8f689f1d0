from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CourseReportView")


@_attrs_define
class CourseReportView:
    """A course's totals.

    Example:
        {'active': 64, 'average_score': 81.5, 'average_time_spent_seconds': 5420.0, 'completed': 48, 'completion_rate':
            0.4286, 'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title': 'Chemistry 101', 'dropped': 8,
            'enrolled': 120, 'generated_at': '2026-11-29T12:00:00+00:00', 'overdue': 6}

    Attributes:
        active (int):
        average_time_spent_seconds (float): Average time spent per enrollment (dropped excluded).
        completed (int):
        completion_rate (float): completed / (active + completed), from 0 to 1.
        course_id (UUID):
        course_title (str):
        dropped (int):
        enrolled (int): Every enrollment, dropped ones included.
        generated_at (datetime.datetime):
        overdue (int): Active enrollments past their due date.
        average_score (float | None | Unset): Average score of the enrollments that have one (dropped excluded).
    """

    active: int
    average_time_spent_seconds: float
    completed: int
    completion_rate: float
    course_id: UUID
    course_title: str
    dropped: int
    enrolled: int
    generated_at: datetime.datetime
    overdue: int
    average_score: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        average_time_spent_seconds = self.average_time_spent_seconds

        completed = self.completed

        completion_rate = self.completion_rate

        course_id = str(self.course_id)

        course_title = self.course_title

        dropped = self.dropped

        enrolled = self.enrolled

        generated_at = self.generated_at.isoformat()

        overdue = self.overdue

        average_score: float | None | Unset
        if isinstance(self.average_score, Unset):
            average_score = UNSET
        else:
            average_score = self.average_score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "average_time_spent_seconds": average_time_spent_seconds,
                "completed": completed,
                "completion_rate": completion_rate,
                "course_id": course_id,
                "course_title": course_title,
                "dropped": dropped,
                "enrolled": enrolled,
                "generated_at": generated_at,
                "overdue": overdue,
            }
        )
        if average_score is not UNSET:
            field_dict["average_score"] = average_score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        active = d.pop("active")

        average_time_spent_seconds = d.pop("average_time_spent_seconds")

        completed = d.pop("completed")

        completion_rate = d.pop("completion_rate")

        course_id = UUID(d.pop("course_id"))

        course_title = d.pop("course_title")

        dropped = d.pop("dropped")

        enrolled = d.pop("enrolled")

        generated_at = datetime.datetime.fromisoformat(d.pop("generated_at"))

        overdue = d.pop("overdue")

        def _parse_average_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        average_score = _parse_average_score(d.pop("average_score", UNSET))

        course_report_view = cls(
            active=active,
            average_time_spent_seconds=average_time_spent_seconds,
            completed=completed,
            completion_rate=completion_rate,
            course_id=course_id,
            course_title=course_title,
            dropped=dropped,
            enrolled=enrolled,
            generated_at=generated_at,
            overdue=overdue,
            average_score=average_score,
        )

        course_report_view.additional_properties = d
        return course_report_view

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
