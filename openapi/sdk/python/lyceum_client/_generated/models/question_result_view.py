from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QuestionResultView")


@_attrs_define
class QuestionResultView:
    """Whether one question was answered right (the right answer itself is never shown).

    Attributes:
        answered (bool):
        correct (bool):
        question (int): 0-based question index.
    """

    answered: bool
    correct: bool
    question: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        answered = self.answered

        correct = self.correct

        question = self.question

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "answered": answered,
                "correct": correct,
                "question": question,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        answered = d.pop("answered")

        correct = d.pop("correct")

        question = d.pop("question")

        question_result_view = cls(
            answered=answered,
            correct=correct,
            question=question,
        )

        question_result_view.additional_properties = d
        return question_result_view

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
