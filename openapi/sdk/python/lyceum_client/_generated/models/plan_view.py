from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanView")


@_attrs_define
class PlanView:
    """A subscription plan.

    Attributes:
        code (str): `trial`, `starter`, `growth` or `enterprise`.
        currency (str):
        description (str):
        features (list[str]): `api_keys`, `bulk_enrollment`, `certificates`, `reports`, `webhooks`.
        max_upload_bytes (int): The largest file one upload may be, in bytes (`POST /v1/files`).
        name (str):
        purchasable (bool): Can be bought through `POST /v1/billing/checkout-session` on this server.
        seat_limit (int): Trial: the learners it includes. Paid plans: the most seats one checkout may buy.
        unit_amount (int): Price per seat and month in the currency's minor unit (cents).
        max_courses (int | None | Unset): Courses (not archived) the plan allows; absent: unlimited.
    """

    code: str
    currency: str
    description: str
    features: list[str]
    max_upload_bytes: int
    name: str
    purchasable: bool
    seat_limit: int
    unit_amount: int
    max_courses: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        currency = self.currency

        description = self.description

        features = self.features

        max_upload_bytes = self.max_upload_bytes

        name = self.name

        purchasable = self.purchasable

        seat_limit = self.seat_limit

        unit_amount = self.unit_amount

        max_courses: int | None | Unset
        if isinstance(self.max_courses, Unset):
            max_courses = UNSET
        else:
            max_courses = self.max_courses

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "currency": currency,
                "description": description,
                "features": features,
                "max_upload_bytes": max_upload_bytes,
                "name": name,
                "purchasable": purchasable,
                "seat_limit": seat_limit,
                "unit_amount": unit_amount,
            }
        )
        if max_courses is not UNSET:
            field_dict["max_courses"] = max_courses

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        currency = d.pop("currency")

        description = d.pop("description")

        features = cast(list[str], d.pop("features"))

        max_upload_bytes = d.pop("max_upload_bytes")

        name = d.pop("name")

        purchasable = d.pop("purchasable")

        seat_limit = d.pop("seat_limit")

        unit_amount = d.pop("unit_amount")

        def _parse_max_courses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_courses = _parse_max_courses(d.pop("max_courses", UNSET))

        plan_view = cls(
            code=code,
            currency=currency,
            description=description,
            features=features,
            max_upload_bytes=max_upload_bytes,
            name=name,
            purchasable=purchasable,
            seat_limit=seat_limit,
            unit_amount=unit_amount,
            max_courses=max_courses,
        )

        plan_view.additional_properties = d
        return plan_view

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
