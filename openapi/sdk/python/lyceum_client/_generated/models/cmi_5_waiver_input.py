from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Cmi5WaiverInput")


@_attrs_define
class Cmi5WaiverInput:
    """An AU to waive for the enrollment's learner.

    Example:
        {'lesson_id': '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'reason': 'Tested Out'}

    Attributes:
        lesson_id (UUID): A `cmi5` lesson of the enrollment's course.
        reason (str): Why (cmi5 §9.5.5.2): `Tested Out`, `Equivalent AU`, `Equivalent Outside Activity` or
            `Administrative` (any text of 1-200 characters is taken).
    """

    lesson_id: UUID
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lesson_id = str(self.lesson_id)

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lesson_id": lesson_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        lesson_id = UUID(d.pop("lesson_id"))

        reason = d.pop("reason")

        cmi_5_waiver_input = cls(
            lesson_id=lesson_id,
            reason=reason,
        )

        cmi_5_waiver_input.additional_properties = d
        return cmi_5_waiver_input

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
