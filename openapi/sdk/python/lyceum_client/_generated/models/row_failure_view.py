from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RowFailureView")


@_attrs_define
class RowFailureView:
    """One row of a bulk request that failed.

    Attributes:
        code (str): `invalid`, `user_not_found`, `user_disabled`, `seat_limit_reached`, `course_not_published`, ...
        message (str):
        row (int): 0-based index in the request's list.
        value (str):
    """

    code: str
    message: str
    row: int
    value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        row = self.row

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "row": row,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        row = d.pop("row")

        value = d.pop("value")

        row_failure_view = cls(
            code=code,
            message=message,
            row=row,
            value=value,
        )

        row_failure_view.additional_properties = d
        return row_failure_view

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
