from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubmitAttempt")


@_attrs_define
class SubmitAttempt:
    """Answers to a quiz, one object per answered question (unanswered questions count as wrong):
    `{"question": 0, "choices": [1]}` for single/multiple choice, `{"question": 1, "value": ...}` for
    true/false (boolean), numeric (number) and short text (string).

        Example:
            {'answers': [{'choices': [1], 'question': 0}, {'question': 1, 'value': 2.5}], 'enrollment_id': None}

        Attributes:
            answers (list[Any]):
            enrollment_id (None | Unset | UUID): The enrollment to record the attempt on: learners leave it out (their own
                enrollment in the
                lesson's course is used); staff with `enrollments:write` name one.
    """

    answers: list[Any]
    enrollment_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        answers = self.answers

        enrollment_id: None | str | Unset
        if isinstance(self.enrollment_id, Unset):
            enrollment_id = UNSET
        elif isinstance(self.enrollment_id, UUID):
            enrollment_id = str(self.enrollment_id)
        else:
            enrollment_id = self.enrollment_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "answers": answers,
            }
        )
        if enrollment_id is not UNSET:
            field_dict["enrollment_id"] = enrollment_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        answers = cast(list[Any], d.pop("answers"))

        def _parse_enrollment_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                enrollment_id_type_0 = UUID(data)

                return enrollment_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        enrollment_id = _parse_enrollment_id(d.pop("enrollment_id", UNSET))

        submit_attempt = cls(
            answers=answers,
            enrollment_id=enrollment_id,
        )

        submit_attempt.additional_properties = d
        return submit_attempt

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
