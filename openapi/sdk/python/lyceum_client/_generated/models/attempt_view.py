from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.question_result_view import QuestionResultView


T = TypeVar("T", bound="AttemptView")


@_attrs_define
class AttemptView:
    """A graded quiz attempt.

    Example:
        {'attempt_number': 1, 'attempts_remaining': 2, 'correct_count': 1, 'created_at': '2026-11-28T08:05:00+00:00',
            'enrollment_id': '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'id': '0193b0a9-928d-7415-8a5b-d6e7f8293c4d',
            'lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'passed': False, 'passing_score': 70, 'question_count': 2,
            'results': [{'answered': True, 'correct': True, 'question': 0}, {'answered': True, 'correct': False, 'question':
            1}], 'score': 50}

    Attributes:
        attempt_number (int): 1 for the first attempt.
        correct_count (int):
        created_at (datetime.datetime):
        enrollment_id (UUID):
        id (UUID):
        lesson_id (UUID):
        passed (bool):
        passing_score (int):
        question_count (int):
        results (list[QuestionResultView]):
        score (int): 0-100: the share of questions answered right.
        attempts_remaining (int | None | Unset): Absent when the quiz has no attempt limit.
    """

    attempt_number: int
    correct_count: int
    created_at: datetime.datetime
    enrollment_id: UUID
    id: UUID
    lesson_id: UUID
    passed: bool
    passing_score: int
    question_count: int
    results: list[QuestionResultView]
    score: int
    attempts_remaining: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempt_number = self.attempt_number

        correct_count = self.correct_count

        created_at = self.created_at.isoformat()

        enrollment_id = str(self.enrollment_id)

        id = str(self.id)

        lesson_id = str(self.lesson_id)

        passed = self.passed

        passing_score = self.passing_score

        question_count = self.question_count

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        score = self.score

        attempts_remaining: int | None | Unset
        if isinstance(self.attempts_remaining, Unset):
            attempts_remaining = UNSET
        else:
            attempts_remaining = self.attempts_remaining

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt_number": attempt_number,
                "correct_count": correct_count,
                "created_at": created_at,
                "enrollment_id": enrollment_id,
                "id": id,
                "lesson_id": lesson_id,
                "passed": passed,
                "passing_score": passing_score,
                "question_count": question_count,
                "results": results,
                "score": score,
            }
        )
        if attempts_remaining is not UNSET:
            field_dict["attempts_remaining"] = attempts_remaining

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.question_result_view import QuestionResultView

        d = dict(src_dict)
        attempt_number = d.pop("attempt_number")

        correct_count = d.pop("correct_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        enrollment_id = UUID(d.pop("enrollment_id"))

        id = UUID(d.pop("id"))

        lesson_id = UUID(d.pop("lesson_id"))

        passed = d.pop("passed")

        passing_score = d.pop("passing_score")

        question_count = d.pop("question_count")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = QuestionResultView.from_dict(results_item_data)

            results.append(results_item)

        score = d.pop("score")

        def _parse_attempts_remaining(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        attempts_remaining = _parse_attempts_remaining(
            d.pop("attempts_remaining", UNSET)
        )

        attempt_view = cls(
            attempt_number=attempt_number,
            correct_count=correct_count,
            created_at=created_at,
            enrollment_id=enrollment_id,
            id=id,
            lesson_id=lesson_id,
            passed=passed,
            passing_score=passing_score,
            question_count=question_count,
            results=results,
            score=score,
            attempts_remaining=attempts_remaining,
        )

        attempt_view.additional_properties = d
        return attempt_view

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
