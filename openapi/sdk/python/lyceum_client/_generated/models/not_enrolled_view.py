from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NotEnrolledView")


@_attrs_define
class NotEnrolledView:
    """A member a group's course could not take.

    Example:
        {'code': 'seat_limit_reached', 'failed_at': '2026-12-02T10:30:00+00:00', 'message': 'all 25 seats of the plan
            are taken; drop a learner or add seats', 'user_id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}

    Attributes:
        code (str): `seat_limit_reached`, `user_disabled` or `course_not_published`.
        failed_at (datetime.datetime):
        message (str):
        user_id (UUID):
    """

    code: str
    failed_at: datetime.datetime
    message: str
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        failed_at = self.failed_at.isoformat()

        message = self.message

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "failed_at": failed_at,
                "message": message,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        failed_at = datetime.datetime.fromisoformat(d.pop("failed_at"))

        message = d.pop("message")

        user_id = UUID(d.pop("user_id"))

        not_enrolled_view = cls(
            code=code,
            failed_at=failed_at,
            message=message,
            user_id=user_id,
        )

        not_enrolled_view.additional_properties = d
        return not_enrolled_view

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
