from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.update_enrollment_status_type_1 import (
    UpdateEnrollmentStatusType1,
    check_update_enrollment_status_type_1,
)
from ..models.update_enrollment_status_type_2_type_1 import (
    UpdateEnrollmentStatusType2Type1,
    check_update_enrollment_status_type_2_type_1,
)
from ..models.update_enrollment_status_type_3_type_1 import (
    UpdateEnrollmentStatusType3Type1,
    check_update_enrollment_status_type_3_type_1,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateEnrollment")


@_attrs_define
class UpdateEnrollment:
    """Changes to an enrollment; absent fields stay as they are.

    Example:
        {'due_at': '2027-01-31T17:00:00+00:00', 'status': None}

    Attributes:
        due_at (datetime.datetime | None | Unset): A new due date, or `null` to clear it.
        status (None | Unset | UpdateEnrollmentStatusType1 | UpdateEnrollmentStatusType2Type1 |
            UpdateEnrollmentStatusType3Type1): `dropped` to drop, `active` to reactivate a dropped enrollment (needs a free
            seat).
    """

    due_at: datetime.datetime | None | Unset = UNSET
    status: (
        None
        | Unset
        | UpdateEnrollmentStatusType1
        | UpdateEnrollmentStatusType2Type1
        | UpdateEnrollmentStatusType3Type1
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        due_at: None | str | Unset
        if isinstance(self.due_at, Unset):
            due_at = UNSET
        elif isinstance(self.due_at, datetime.datetime):
            due_at = self.due_at.isoformat()
        else:
            due_at = self.due_at

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif (
            isinstance(self.status, str)
            or isinstance(self.status, str)
            or isinstance(self.status, str)
        ):
            status = self.status
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if due_at is not UNSET:
            field_dict["due_at"] = due_at
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

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

        def _parse_status(
            data: object,
        ) -> (
            None
            | Unset
            | UpdateEnrollmentStatusType1
            | UpdateEnrollmentStatusType2Type1
            | UpdateEnrollmentStatusType3Type1
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = check_update_enrollment_status_type_1(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_2_type_1 = check_update_enrollment_status_type_2_type_1(
                    data
                )

                return status_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_3_type_1 = check_update_enrollment_status_type_3_type_1(
                    data
                )

                return status_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | Unset
                | UpdateEnrollmentStatusType1
                | UpdateEnrollmentStatusType2Type1
                | UpdateEnrollmentStatusType3Type1,
                data,
            )

        status = _parse_status(d.pop("status", UNSET))

        update_enrollment = cls(
            due_at=due_at,
            status=status,
        )

        update_enrollment.additional_properties = d
        return update_enrollment

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
