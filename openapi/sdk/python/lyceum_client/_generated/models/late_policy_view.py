from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LatePolicyView")


@_attrs_define
class LatePolicyView:
    """What happens to work handed in after an assignment's due date.

    Attributes:
        accept_late (bool | None | Unset): Late work is taken at all (default true); otherwise a submission after the
            due date is 409
            `past_due`. Default: True.
        deduct_percent_per_day (float | None | Unset): Points taken off per started day late, as a percentage of the
            points possible (0-100, default 0). Default: 0.0.
        max_late_days (int | None | Unset): Late work is taken for at most this many days (0-365); absent or null: no
            limit.
    """

    accept_late: bool | None | Unset = True
    deduct_percent_per_day: float | None | Unset = 0.0
    max_late_days: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accept_late: bool | None | Unset
        if isinstance(self.accept_late, Unset):
            accept_late = UNSET
        else:
            accept_late = self.accept_late

        deduct_percent_per_day: float | None | Unset
        if isinstance(self.deduct_percent_per_day, Unset):
            deduct_percent_per_day = UNSET
        else:
            deduct_percent_per_day = self.deduct_percent_per_day

        max_late_days: int | None | Unset
        if isinstance(self.max_late_days, Unset):
            max_late_days = UNSET
        else:
            max_late_days = self.max_late_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if accept_late is not UNSET:
            field_dict["accept_late"] = accept_late
        if deduct_percent_per_day is not UNSET:
            field_dict["deduct_percent_per_day"] = deduct_percent_per_day
        if max_late_days is not UNSET:
            field_dict["max_late_days"] = max_late_days

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_accept_late(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        accept_late = _parse_accept_late(d.pop("accept_late", UNSET))

        def _parse_deduct_percent_per_day(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        deduct_percent_per_day = _parse_deduct_percent_per_day(
            d.pop("deduct_percent_per_day", UNSET)
        )

        def _parse_max_late_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_late_days = _parse_max_late_days(d.pop("max_late_days", UNSET))

        late_policy_view = cls(
            accept_late=accept_late,
            deduct_percent_per_day=deduct_percent_per_day,
            max_late_days=max_late_days,
        )

        late_policy_view.additional_properties = d
        return late_policy_view

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
