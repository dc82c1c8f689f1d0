from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LessonProgressView")


@_attrs_define
class LessonProgressView:
    """Progress on one lesson.

    Example:
        {'completed_at': '2026-11-28T07:52:40+00:00', 'kind': 'text', 'lesson_id':
            '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'passed': None, 'required': True, 'score': None, 'started_at':
            '2026-11-27T19:30:00+00:00', 'status': 'completed', 'time_spent_seconds': 1260, 'title': 'What is an atom?'}

    Attributes:
        kind (str): `text`, `video`, `file` or `quiz`.
        lesson_id (UUID):
        required (bool): Counts towards completion.
        status (str): `not_started`, `started` or `completed`.
        time_spent_seconds (int):
        title (str):
        completed_at (datetime.datetime | None | Unset):
        passed (bool | None | Unset): Quizzes: whether an attempt passed.
        score (int | None | Unset):
        started_at (datetime.datetime | None | Unset):
    """

    kind: str
    lesson_id: UUID
    required: bool
    status: str
    time_spent_seconds: int
    title: str
    completed_at: datetime.datetime | None | Unset = UNSET
    passed: bool | None | Unset = UNSET
    score: int | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        lesson_id = str(self.lesson_id)

        required = self.required

        status = self.status

        time_spent_seconds = self.time_spent_seconds

        title = self.title

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        passed: bool | None | Unset
        if isinstance(self.passed, Unset):
            passed = UNSET
        else:
            passed = self.passed

        score: int | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "lesson_id": lesson_id,
                "required": required,
                "status": status,
                "time_spent_seconds": time_spent_seconds,
                "title": title,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if passed is not UNSET:
            field_dict["passed"] = passed
        if score is not UNSET:
            field_dict["score"] = score
        if started_at is not UNSET:
            field_dict["started_at"] = started_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = d.pop("kind")

        lesson_id = UUID(d.pop("lesson_id"))

        required = d.pop("required")

        status = d.pop("status")

        time_spent_seconds = d.pop("time_spent_seconds")

        title = d.pop("title")

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

        def _parse_passed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        passed = _parse_passed(d.pop("passed", UNSET))

        def _parse_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        score = _parse_score(d.pop("score", UNSET))

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        lesson_progress_view = cls(
            kind=kind,
            lesson_id=lesson_id,
            required=required,
            status=status,
            time_spent_seconds=time_spent_seconds,
            title=title,
            completed_at=completed_at,
            passed=passed,
            score=score,
            started_at=started_at,
        )

        lesson_progress_view.additional_properties = d
        return lesson_progress_view

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
