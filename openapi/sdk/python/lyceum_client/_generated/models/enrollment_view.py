from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.progress_summary_view import ProgressSummaryView


T = TypeVar("T", bound="EnrollmentView")


@_attrs_define
class EnrollmentView:
    """A user's enrollment in a course.

    Example:
        {'completed_at': None, 'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title': 'Chemistry 101',
            'created_at': '2026-10-02T08:00:00+00:00', 'dropped_at': None, 'due_at': '2026-12-31T23:59:59+00:00',
            'enrolled_at': '2026-10-02T08:00:00+00:00', 'external_id': 'CHEM-101-S-2026-0042', 'id':
            '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'last_activity_at': '2026-11-28T07:52:40+00:00', 'progress':
            {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'next_lesson_title': 'Check
            your understanding', 'percent': 50, 'total_lessons': 2}, 'score': None, 'status': 'active',
            'time_spent_seconds': 1260, 'updated_at': '2026-11-28T07:52:40+00:00', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'version': 4}

    Attributes:
        course_id (UUID):
        course_title (str):
        created_at (datetime.datetime):
        enrolled_at (datetime.datetime):
        id (UUID):
        progress (ProgressSummaryView): Where a learner stands: the lessons that count (the required ones, or all when
            none is required). Example: {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6',
            'next_lesson_title': 'Check your understanding', 'percent': 50, 'total_lessons': 2}.
        status (str): `active`, `completed` or `dropped`.
        time_spent_seconds (int): Sum of the time recorded on its lessons.
        updated_at (datetime.datetime):
        user_id (UUID):
        version (int):
        completed_at (datetime.datetime | None | Unset):
        dropped_at (datetime.datetime | None | Unset):
        due_at (datetime.datetime | None | Unset):
        external_id (None | str | Unset): The institution's own key for the enrollment, if set.
        last_activity_at (datetime.datetime | None | Unset):
        score (int | None | Unset): Average of its scored lessons (quizzes count with their best attempt).
    """

    course_id: UUID
    course_title: str
    created_at: datetime.datetime
    enrolled_at: datetime.datetime
    id: UUID
    progress: ProgressSummaryView
    status: str
    time_spent_seconds: int
    updated_at: datetime.datetime
    user_id: UUID
    version: int
    completed_at: datetime.datetime | None | Unset = UNSET
    dropped_at: datetime.datetime | None | Unset = UNSET
    due_at: datetime.datetime | None | Unset = UNSET
    external_id: None | str | Unset = UNSET
    last_activity_at: datetime.datetime | None | Unset = UNSET
    score: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        course_id = str(self.course_id)

        course_title = self.course_title

        created_at = self.created_at.isoformat()

        enrolled_at = self.enrolled_at.isoformat()

        id = str(self.id)

        progress = self.progress.to_dict()

        status = self.status

        time_spent_seconds = self.time_spent_seconds

        updated_at = self.updated_at.isoformat()

        user_id = str(self.user_id)

        version = self.version

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        dropped_at: None | str | Unset
        if isinstance(self.dropped_at, Unset):
            dropped_at = UNSET
        elif isinstance(self.dropped_at, datetime.datetime):
            dropped_at = self.dropped_at.isoformat()
        else:
            dropped_at = self.dropped_at

        due_at: None | str | Unset
        if isinstance(self.due_at, Unset):
            due_at = UNSET
        elif isinstance(self.due_at, datetime.datetime):
            due_at = self.due_at.isoformat()
        else:
            due_at = self.due_at

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        last_activity_at: None | str | Unset
        if isinstance(self.last_activity_at, Unset):
            last_activity_at = UNSET
        elif isinstance(self.last_activity_at, datetime.datetime):
            last_activity_at = self.last_activity_at.isoformat()
        else:
            last_activity_at = self.last_activity_at

        score: int | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "course_id": course_id,
                "course_title": course_title,
                "created_at": created_at,
                "enrolled_at": enrolled_at,
                "id": id,
                "progress": progress,
                "status": status,
                "time_spent_seconds": time_spent_seconds,
                "updated_at": updated_at,
                "user_id": user_id,
                "version": version,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if dropped_at is not UNSET:
            field_dict["dropped_at"] = dropped_at
        if due_at is not UNSET:
            field_dict["due_at"] = due_at
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if last_activity_at is not UNSET:
            field_dict["last_activity_at"] = last_activity_at
        if score is not UNSET:
            field_dict["score"] = score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.progress_summary_view import ProgressSummaryView

        d = dict(src_dict)
        course_id = UUID(d.pop("course_id"))

        course_title = d.pop("course_title")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        enrolled_at = datetime.datetime.fromisoformat(d.pop("enrolled_at"))

        id = UUID(d.pop("id"))

        progress = ProgressSummaryView.from_dict(d.pop("progress"))

        status = d.pop("status")

        time_spent_seconds = d.pop("time_spent_seconds")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        user_id = UUID(d.pop("user_id"))

        version = d.pop("version")

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        def _parse_dropped_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                dropped_at_type_0 = datetime.datetime.fromisoformat(data)

                return dropped_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        dropped_at = _parse_dropped_at(d.pop("dropped_at", UNSET))

        def _parse_due_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_at_type_0 = datetime.datetime.fromisoformat(data)

                return due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        due_at = _parse_due_at(d.pop("due_at", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_last_activity_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_activity_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_activity_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_activity_at = _parse_last_activity_at(d.pop("last_activity_at", UNSET))

        def _parse_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        score = _parse_score(d.pop("score", UNSET))

        enrollment_view = cls(
            course_id=course_id,
            course_title=course_title,
            created_at=created_at,
            enrolled_at=enrolled_at,
            id=id,
            progress=progress,
            status=status,
            time_spent_seconds=time_spent_seconds,
            updated_at=updated_at,
            user_id=user_id,
            version=version,
            completed_at=completed_at,
            dropped_at=dropped_at,
            due_at=due_at,
            external_id=external_id,
            last_activity_at=last_activity_at,
            score=score,
        )

        enrollment_view.additional_properties = d
        return enrollment_view

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
