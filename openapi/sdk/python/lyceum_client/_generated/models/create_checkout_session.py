from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateCheckoutSession")


@_attrs_define
class CreateCheckoutSession:
    """What to buy.

    Example:
        {'cancel_url': 'https://lms.example.org/billing', 'plan': 'growth', 'seats': 150, 'success_url':
            'https://lms.example.org/billing/done?session={CHECKOUT_SESSION_ID}'}

    Attributes:
        plan (str): A purchasable plan's code (see `GET /v1/plans`).
        seats (int): Seats (learners with an active enrollment) to pay for: 1 to the plan's `seat_limit`.
        cancel_url (None | str | Unset): Where Stripe sends the buyer who leaves checkout.
        success_url (None | str | Unset): Where Stripe sends the buyer after paying (`{CHECKOUT_SESSION_ID}` is replaced
            by Stripe).
    """

    plan: str
    seats: int
    cancel_url: None | str | Unset = UNSET
    success_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan

        seats = self.seats

        cancel_url: None | str | Unset
        if isinstance(self.cancel_url, Unset):
            cancel_url = UNSET
        else:
            cancel_url = self.cancel_url

        success_url: None | str | Unset
        if isinstance(self.success_url, Unset):
            success_url = UNSET
        else:
            success_url = self.success_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan": plan,
                "seats": seats,
            }
        )
        if cancel_url is not UNSET:
            field_dict["cancel_url"] = cancel_url
        if success_url is not UNSET:
            field_dict["success_url"] = success_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        plan = d.pop("plan")

        seats = d.pop("seats")

        def _parse_cancel_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cancel_url = _parse_cancel_url(d.pop("cancel_url", UNSET))

        def _parse_success_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        success_url = _parse_success_url(d.pop("success_url", UNSET))

        create_checkout_session = cls(
            plan=plan,
            seats=seats,
            cancel_url=cancel_url,
            success_url=success_url,
        )

        create_checkout_session.additional_properties = d
        return create_checkout_session

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
