from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QuizView")


@_attrs_define
class QuizView:
    """A quiz. Learners see the questions without their answers.

    Attributes:
        passing_score (int): Percentage needed to pass.
        questions (list[Any]): Questions: `{prompt, type, choices?, correct?, answer?, tolerance?, accepted?}`.
        max_attempts (int | None | Unset):
    """

    passing_score: int
    questions: list[Any]
    max_attempts: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        passing_score = self.passing_score

        questions = self.questions

        max_attempts: int | None | Unset
        if isinstance(self.max_attempts, Unset):
            max_attempts = UNSET
        else:
            max_attempts = self.max_attempts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "passing_score": passing_score,
                "questions": questions,
            }
        )
        if max_attempts is not UNSET:
            field_dict["max_attempts"] = max_attempts

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        passing_score = d.pop("passing_score")

        questions = cast(list[Any], d.pop("questions"))

        def _parse_max_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_attempts = _parse_max_attempts(d.pop("max_attempts", UNSET))

        quiz_view = cls(
            passing_score=passing_score,
            questions=questions,
            max_attempts=max_attempts,
        )

        quiz_view.additional_properties = d
        return quiz_view

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
